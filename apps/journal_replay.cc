// ftz replay JOURNAL_DIR [--events] [--from_snapshot] [--market=FILE | --builtin_market]
//
// Re-runs the journal of `ftz serve` offline, from input 1 (or from the latest snapshot
// with --from_snapshot), checking every checkpoint's state hash on the way; prints the
// final state hash and, with --events, every input and the events it caused. The market
// is the one the journal's header names (the built-in one, the default one or a config
// path) unless --market or --builtin_market says otherwise.
//
// Exit status: 0 when the journal replayed and every checkpoint matched, 1 on a
// mismatch or corruption (the message names the file, the offset and the reason), 2 on
// bad arguments or an unreadable directory.
#include "apps/journal_replay.h"

#include <cstdio>
#include <cstring>
#include <memory>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_format.h"
#include "gateway/engine_worker.h"
#include "gateway/exchange.h"
#include "journal/directory.h"
#include "journal/record_io.h"
#include "vocabulary/text_format.h"

namespace ftz::cli {
namespace {

const char* KindName(gw::Request::Kind k) {
  switch (k) {
    case gw::Request::kCommand:
      return "command";
    case gw::Request::kAdmin:
      return "admin";
    case gw::Request::kSessionEnd:
      return "cancel-on-disconnect";
    case gw::Request::kLogon:
      return "logon";
    case gw::Request::kLogout:
      return "logout";
    default:
      return "?";
  }
}

// The market name of the first segment's header.
absl::StatusOr<std::string> JournalMarket(const std::string& dir) {
  absl::StatusOr<journal::DirectoryListing> listing = journal::ListDirectory(dir);
  if (!listing.ok()) return listing.status();
  if (listing->segments.empty()) return absl::NotFoundError(dir + ": no journal segment");
  absl::StatusOr<journal::RecordReader> reader =
      journal::RecordReader::Open(listing->segments.front().path);
  if (!reader.ok()) return reader.status();
  journal::Record r;
  absl::StatusOr<journal::RecordReader::Step> step = reader->Next(&r);
  if (!step.ok()) return step.status();
  if (*step != journal::RecordReader::Step::kRecord || !r.has_header()) {
    return absl::DataLossError(listing->segments.front().path + ": offset 0: no header");
  }
  return r.header().market();
}

}  // namespace

int ReplayJournalMain(int argc, char** argv) {
  std::string dir, market;
  bool events = false, from_snapshot = false, builtin = false, market_given = false;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--events") {
      events = true;
    } else if (a == "--from_snapshot") {
      from_snapshot = true;
    } else if (a == "--builtin_market") {
      builtin = true;
    } else if (absl::StartsWith(a, "--market=")) {
      market = a.substr(9);
      market_given = true;
    } else if (absl::StartsWith(a, "--")) {
      std::fprintf(stderr, "ftz replay: unknown flag %s\n", a.c_str());
      return 2;
    } else {
      dir = a;
    }
  }
  if (!builtin && !market_given) {
    absl::StatusOr<std::string> m = JournalMarket(dir);
    if (!m.ok()) {
      std::fprintf(stderr, "ftz replay: %s\n", std::string(m.status().message()).c_str());
      return 2;
    }
    builtin = *m == "<built-in test market>";
    market = *m == "<default market>" ? "" : *m;
  }
  std::unique_ptr<gw::Exchange> exchange;
  if (builtin) {
    exchange = gw::Exchange::Default();
  } else {
    absl::StatusOr<std::unique_ptr<gw::Exchange>> e = gw::Exchange::Load(market);
    if (!e.ok()) {
      std::fprintf(stderr, "ftz replay: %s\n", std::string(e.status().message()).c_str());
      return 2;
    }
    exchange = *std::move(e);
  }
  // No resend window: the state hash does not cover the kept reports and replay sends
  // none.
  gw::EngineWorker worker(
      *exchange, 1, [] {}, 0, /*threaded=*/false, /*resend_window=*/0);
  gw::RecoveryOptions options;
  options.use_snapshot = from_snapshot;
  options.repair = false;
  if (events) {
    options.on_input = [](uint64_t seq, const gw::Request& r, const EventBuffer& out) {
      std::printf("#%llu %s p%u", static_cast<unsigned long long>(seq), KindName(r.kind),
                  r.cmd.participant);
      if (r.kind == gw::Request::kCommand || r.kind == gw::Request::kAdmin) {
        std::printf(": %s", FormatCommand(r.cmd).c_str());
      }
      std::printf("\n");
      for (const Event& e : out) std::printf("    %s\n", FormatEvent(e).c_str());
    };
  }
  absl::StatusOr<gw::RecoveryReport> rep = worker.Recover(dir, options);
  if (!rep.ok()) {
    std::fprintf(stderr, "ftz replay: %s\n", std::string(rep.status().message()).c_str());
    return 1;
  }
  for (const std::string& s : rep->segments) std::printf("segment %s\n", s.c_str());
  if (!rep->torn.empty()) std::printf("dropped %s\n", rep->torn.c_str());
  std::printf(
      "replayed %llu inputs%s in %.3f s (%.0f inputs/s), %llu checkpoints verified, "
      "last input %llu\n",
      static_cast<unsigned long long>(rep->replayed),
      rep->snapshot.empty() ? "" : (" after " + rep->snapshot).c_str(), rep->seconds,
      rep->seconds > 0 ? static_cast<double>(rep->replayed) / rep->seconds : 0.0,
      static_cast<unsigned long long>(rep->checkpoints),
      static_cast<unsigned long long>(rep->last_seq));
  std::printf("state hash %016llx\n", static_cast<unsigned long long>(rep->state_hash));
  return 0;
}

}  // namespace ftz::cli
