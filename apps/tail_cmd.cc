// ftz tail SYMBOL: follows an instrument's market data.
#include <csignal>
#include <iostream>

#include "absl/flags/flag.h"
#include "apps/cli_common.h"
#include "apps/subcommand.h"
#include "client/book_builder.h"

ABSL_FLAG(int, duration_ms, 0, "stop after this long (0: until interrupted)");
ABSL_FLAG(int, count, 0, "stop after this many updates (0: no limit)");
ABSL_FLAG(int64_t, reports_after, -1,
          "reconciliation (protocol version 2): print the participant's execution reports "
          "after this report_seq (resent at logon), then its live ones; -1: none");
ABSL_FLAG(bool, order_status, false, "print the participant's open orders at logon");

namespace ftz::cli {
namespace {
volatile std::sig_atomic_t g_stop = 0;
}

int TailMain(int argc, char** argv) {
  auto args = ParseSubcommandFlags(
      argc, argv,
      "ftz tail SYMBOL [--duration_ms=N] [--count=N] [--reports_after=N] [--order_status]: "
      "subscribes to the instrument and "
      "prints the snapshot, then every update; on a sequence gap it asks for a new "
      "snapshot.",
      __FILE__);
  if (args.size() != 1) {
    std::cerr << "ftz tail: name one instrument, e.g. ftz tail NDPR\n";
    return 1;
  }
  gw::LogonOptions logon;
  logon.cancel_on_disconnect = false;
  const int64_t after = absl::GetFlag(FLAGS_reports_after);
  const bool reports = after >= 0 || absl::GetFlag(FLAGS_order_status);
  if (after >= 0) logon.last_report_seq = static_cast<uint64_t>(after);
  logon.order_status = absl::GetFlag(FLAGS_order_status);
  auto client = ConnectAndLogon(Access::kReadOnly, logon);
  if (!client.ok()) {
    std::cerr << "ftz tail: " << client.status().message() << "\n";
    return 1;
  }
  gw::Client& c = **client;
  auto id = InstrumentId(c, args[0]);
  if (!id.ok()) {
    std::cerr << "ftz tail: " << id.status() << "\n";
    return 1;
  }
  std::signal(SIGINT, [](int) { g_stop = 1; });
  std::signal(SIGTERM, [](int) { g_stop = 1; });
  gw::BookBuilder book(*id);
  if (absl::Status s = c.Subscribe(args[0]); !s.ok()) {
    std::cerr << "ftz tail: " << s << "\n";
    return 1;
  }
  const int duration = absl::GetFlag(FLAGS_duration_ms);
  const int limit = absl::GetFlag(FLAGS_count);
  const auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(duration);
  int seen = 0;
  wire::ServerMessage m;
  while (!g_stop && (limit == 0 || seen < limit) &&
         (duration == 0 || std::chrono::steady_clock::now() < end)) {
    absl::Status s = c.Receive(&m, gw::Millis(100));
    if (absl::IsDeadlineExceeded(s)) continue;
    if (!s.ok()) {
      std::cerr << "ftz tail: " << s << "\n";
      return 1;
    }
    if (m.has_logout()) {
      std::cerr << "ftz tail: logged out: " << m.logout().text() << "\n";
      return 1;
    }
    if (reports && m.has_execution()) {
      std::cout << "report " << m.execution().report_seq()
                << (m.execution().possible_resend() ? " (resent) " : " ")
                << FormatExec(m.execution(), FindInstrument(c, m.execution().instrument_id()))
                << std::endl;
      continue;
    }
    if (!gw::IsMarketData(m)) continue;
    const auto r = book.Apply(m);
    std::cout << FormatMarketData(m, c) << "\n";
    if (m.has_snapshot() && book.ready()) {
      const wire::InstrumentInfo* info = FindInstrument(c, *id);
      std::cout << book.Format(5, info ? info->tick_size() : 0);
    }
    if (r == gw::BookBuilder::Result::kGap) {
      std::cout << "gap: requesting a snapshot\n";
      (void)c.RequestSnapshot(args[0]);
    }
    std::cout.flush();
    ++seen;
  }
  (void)c.Logout();
  return 0;
}

}  // namespace ftz::cli
