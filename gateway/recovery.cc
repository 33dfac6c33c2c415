// EngineWorker's recovery and snapshots: the engine thread's state from and to a journal
// directory (docs/journal.md, "Recovery").
#include <unistd.h>

#include <chrono>
#include <cstdio>

#include "absl/cleanup/cleanup.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "gateway/engine_worker.h"
#include "gateway/input_codec.h"
#include "gateway/snapshot_codec.h"
#include "journal/directory.h"
#include "journal/record_io.h"

namespace ftz::gw {
namespace {

absl::Status CheckHeader(const journal::FileHeader& h, const std::string& path,
                         journal::FileHeader::Kind kind, uint64_t seq, const Exchange& exchange) {
  if (h.format_version() != 1) {
    return absl::FailedPreconditionError(absl::StrFormat(
        "%s: journal format version %d, this build reads 1", path, h.format_version()));
  }
  if (h.kind() != kind || h.seq() != seq) {
    return absl::DataLossError(absl::StrFormat(
        "%s: offset 0: the header says kind %d, input %d, which the file name contradicts", path,
        static_cast<int>(h.kind()), h.seq()));
  }
  if (h.market_fingerprint() != exchange.market_fingerprint()) {
    return absl::FailedPreconditionError(absl::StrFormat(
        "%s: written under another market config (%s, fingerprint %016x); this server runs %s "
        "(fingerprint %016x): use that config, or another --journal_dir",
        path, h.market(), h.market_fingerprint(), exchange.market_name(),
        exchange.market_fingerprint()));
  }
  return absl::OkStatus();
}

}  // namespace

void EngineWorker::FillSnapshot(journal::Snapshot* snap) const {
  EncodeEngineImage(exchange_.SaveEngine(), snap->mutable_engine());
  if (std::optional<FloorPolicyState> p = exchange_.SavePolicy()) {
    EncodePolicy(*p, snap->mutable_policy());
  }
  builder_.Save(snap->mutable_reports());
  EncodeStore(store_, snap->mutable_participants());
  snap->set_max_session_id(max_session_);
}

absl::Status EngineWorker::RestoreSnapshot(const journal::Snapshot& snap) {
  EngineImage image;
  if (absl::Status s = DecodeEngineImage(snap.engine(), &image); !s.ok()) return s;
  FloorPolicyState policy;
  const bool has_policy = snap.has_policy();
  if (has_policy) policy = DecodePolicy(snap.policy());
  if (absl::Status s = exchange_.Restore(image, has_policy ? &policy : nullptr); !s.ok()) return s;
  if (absl::Status s = builder_.Restore(snap.reports()); !s.ok()) return s;
  if (absl::Status s = DecodeStore(snap.participants(), &store_); !s.ok()) return s;
  max_session_ = snap.max_session_id();
  if (exchange_.StateHash() != snap.state_hash()) {
    return absl::DataLossError(
        absl::StrFormat("restored state hash %016x differs from the snapshot's %016x",
                        exchange_.StateHash(), snap.state_hash()));
  }
  return absl::OkStatus();
}

absl::StatusOr<RecoveryReport> EngineWorker::Recover(const std::string& dir,
                                                     const RecoveryOptions& options) {
  const auto t0 = std::chrono::steady_clock::now();
  replaying_ = true;
  absl::Cleanup done = [this] { replaying_ = false; };
  RecoveryReport rep;
  absl::StatusOr<journal::DirectoryListing> listing = journal::ListDirectory(dir);
  if (!listing.ok()) return listing.status();

  uint64_t start = 1;  // the first input to apply
  if (options.use_snapshot && !listing->snapshots.empty()) {
    const journal::JournalFile& f = listing->snapshots.back();
    journal::FileHeader header;
    journal::Snapshot snap;
    if (absl::Status s = journal::ReadSnapshotFile(f.path, &header, &snap); !s.ok()) return s;
    if (absl::Status s =
            CheckHeader(header, f.path, journal::FileHeader::SNAPSHOT, f.seq, exchange_);
        !s.ok()) {
      return s;
    }
    if (snap.last_seq() != f.seq) {
      return absl::DataLossError(
          absl::StrFormat("%s: holds input %d, its name says %d", f.path, snap.last_seq(), f.seq));
    }
    if (absl::Status s = RestoreSnapshot(snap); !s.ok()) {
      return absl::DataLossError(absl::StrCat(f.path, ": cannot restore: ", s.message()));
    }
    rep.snapshot = f.path;
    rep.snapshot_seq = f.seq;
    start = f.seq + 1;
    opened_ = true;
  } else if (const EventBuffer* opening = exchange_.opening_events()) {
    builder_.Open(*opening);  // as Start would: replay begins from the opened market
    opened_ = true;
  }

  // The segments that hold `start` and after: the last one starting at or before it,
  // then the rest.
  std::vector<journal::JournalFile> segments;
  for (const journal::JournalFile& f : listing->segments) {
    if (f.seq <= start) segments.clear();
    segments.push_back(f);
  }
  if (!segments.empty() && segments.front().seq > start) {
    return absl::DataLossError(absl::StrFormat(
        "%s: the journal starts at input %d; inputs %d to %d are missing%s", segments.front().path,
        segments.front().seq, start, segments.front().seq - 1,
        rep.snapshot.empty() ? " (and there is no snapshot)" : ""));
  }

  uint64_t next = start;  // the next input expected
  journal::Record record;
  Request r;
  for (size_t si = 0; si < segments.size(); ++si) {
    const journal::JournalFile& f = segments[si];
    const bool last_file = si + 1 == segments.size();
    rep.segments.push_back(f.path);
    absl::StatusOr<journal::RecordReader> reader = journal::RecordReader::Open(f.path);
    if (!reader.ok()) return reader.status();
    bool header_seen = false;
    uint64_t inputs_in_file = 0;
    for (;;) {
      absl::StatusOr<journal::RecordReader::Step> step = reader->Next(&record);
      if (!step.ok()) return step.status();
      if (*step == journal::RecordReader::Step::kEnd) break;
      if (*step == journal::RecordReader::Step::kTorn) {
        const std::string what = absl::StrFormat("%s: torn last record at offset %d (%s)", f.path,
                                                 reader->record_offset(), reader->torn_reason());
        if (!last_file)
          return absl::DataLossError(absl::StrCat(what, ", and later segments follow"));
        rep.torn = what;
        if (options.repair &&
            ::truncate(f.path.c_str(), static_cast<off_t>(reader->good_end())) != 0) {
          return absl::UnavailableError(absl::StrCat(what, ": cannot cut it off"));
        }
        break;
      }
      const uint64_t offset = reader->record_offset();
      auto bad = [&](const std::string& why) {
        return absl::DataLossError(absl::StrFormat("%s: offset %d: %s", f.path, offset, why));
      };
      if (!header_seen) {
        if (!record.has_header()) return bad("the first record is not a header");
        if (absl::Status s = CheckHeader(record.header(), f.path, journal::FileHeader::SEGMENT,
                                         f.seq, exchange_);
            !s.ok()) {
          return s;
        }
        if (f.seq > next) {
          return bad(
              absl::StrFormat("the segment starts at input %d; %d was expected", f.seq, next));
        }
        header_seen = true;
        continue;
      }
      switch (record.body_case()) {
        case journal::Record::kInputs: {
          const journal::InputBatch& b = record.inputs();
          if (absl::Status s = CheckInputBatch(b); !s.ok()) return bad(std::string(s.message()));
          const int n = InputCount(b);
          if (b.first_seq() + n <= next) break;  // before the snapshot
          if (b.first_seq() > next) {
            return bad(absl::StrFormat("inputs %d to %d are missing", next, b.first_seq() - 1));
          }
          for (int i = static_cast<int>(next - b.first_seq()); i < n; ++i) {
            if (absl::Status s = InputAt(b, i, &r); !s.ok()) return bad(std::string(s.message()));
            Process(r);
            produced_.clear();
            if (options.on_input) options.on_input(next, r, events_);
            ++next;
            ++rep.replayed;
            ++inputs_in_file;
          }
          break;
        }
        case journal::Record::kCheckpoint: {
          const journal::Checkpoint& c = record.checkpoint();
          if (c.seq() < start) break;  // before the snapshot
          if (c.seq() + 1 != next) {
            return bad(absl::StrFormat("checkpoint of input %d after input %d", c.seq(), next - 1));
          }
          const uint64_t hash = exchange_.StateHash();
          if (hash != c.state_hash()) {
            return bad(absl::StrFormat(
                "state hash after input %d is %016x, the journal recorded %016x (a different "
                "build or a corrupt journal)",
                c.seq(), hash, c.state_hash()));
          }
          ++rep.checkpoints;
          rep.last_checkpoint = c.seq();
          break;
        }
        default:
          return bad("a record that does not belong in a segment");
      }
    }
    if (!header_seen && last_file) {
      // A segment cut before its header was synced (a crash right after a roll): empty.
      if (options.repair) ::unlink(f.path.c_str());
      rep.torn = absl::StrCat(f.path, ": an empty segment without a header (removed)");
    } else if (!header_seen) {
      return absl::DataLossError(absl::StrCat(f.path, ": offset 0: no header"));
    } else if (last_file && inputs_in_file == 0 && options.repair && f.seq == next) {
      // The new segment will have this name: an empty one is removed.
      ::unlink(f.path.c_str());
    }
  }
  // Nobody is logged on after a restart.
  for (const auto& [id, p] : store_.participants()) {
    if (p.online) store_.SetOnline(id, false, 0);
  }
  rep.last_seq = next - 1;
  rep.state_hash = exchange_.StateHash();
  rep.max_session = max_session_;
  rep.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return rep;
}

}  // namespace ftz::gw
