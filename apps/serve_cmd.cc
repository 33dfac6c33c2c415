// ftz serve: runs the exchange until SIGINT or SIGTERM.
#include <pthread.h>

#include <csignal>
#include <iostream>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "apps/cli_common.h"
#include "apps/serve_guard_flags.h"
#include "apps/subcommand.h"
#include "apps/units.h"
#include "gateway/server.h"
#include "journal/fsync_mode.h"

ABSL_FLAG(std::string, config, "",
          "market config (protobuf text format); empty: the default FTZ market");
ABSL_FLAG(bool, builtin_market, false,
          "serve the small built-in test market instead (participants p1..p300 with token "
          "\"secret\", admin/admin; NDPR, LI2CO3, COBALT, GALLIUM; no floor rules): what "
          "ftz-loadgen and the gateway tests use");
ABSL_FLAG(std::string, bind, "127.0.0.1", "address to listen on");
ABSL_FLAG(uint32_t, heartbeat_ms, 1000, "default heartbeat interval");
ABSL_FLAG(uint32_t, order_rate, 1'000'000, "per-session throttle: order messages per second");
ABSL_FLAG(uint32_t, order_burst, 100'000, "per-session throttle: bucket size");
ABSL_FLAG(uint64_t, max_outbound_bytes, uint64_t{16} << 20,
          "bytes queued for one session before it is disconnected as a slow consumer");
ABSL_FLAG(uint64_t, engine_queue, 8192,
          "requests read ahead of the engine before sessions stop being read (each in flight "
          "holds its request and its answers: this bounds that memory)");
ABSL_FLAG(int, io_spin, 1000,
          "pause loops the I/O thread waits for the engine's answers before polling again");
ABSL_FLAG(int, engine_spin, 1000,
          "pause loops the idle engine thread polls before sleeping (0: sleep at once)");
ABSL_FLAG(bool, engine_thread, true,
          "run the engine on its own thread; false: on the I/O thread (fewer hand-overs, "
          "lower round trip)");
ABSL_FLAG(std::string, journal_dir, "ftz-journal",
          "write-ahead journal and snapshots (docs/journal.md); the exchange recovers from "
          "it at start. Empty: no journal (a warning: acknowledged orders die with the "
          "process)");
ABSL_FLAG(std::string, fsync, "batch",
          "journal durability: batch (one fdatasync per group commit), every (one per "
          "input), none (the kernel writes back: survives a process crash only)");
ABSL_FLAG(uint64_t, snapshot_every, 1'000'000,
          "journaled inputs between snapshots (the journal rolls over at each); 0: only on "
          "an admin request");
ABSL_FLAG(uint64_t, resend_window, 10'000,
          "execution reports kept in memory per participant for resend at logon (older "
          "gaps are closed by order status)");
ABSL_FLAG(bool, busy_poll, false,
          "the I/O thread polls sockets without sleeping: keeps one core busy, lowest "
          "latency (use with --engine_thread=false)");

namespace ftz::cli {
namespace {

// What the server runs: the market with each instrument's units and configured floor
// (admin commands in the journal may have moved it since), how many may log on, the
// threading mode and the journal. Made before the server owns the exchange (its engine
// thread then changes the floors).
std::string Banner(const gw::Exchange& exchange, const gw::ServerOptions& o) {
  const size_t n = exchange.instrument_count();
  const std::vector<std::string> names = exchange.participant_names();
  std::string out = absl::StrCat(
      "ftz serve: market ", exchange.market_name(), ": ", n, " instruments, ", names.size(),
      " participants; engine ", o.engine_thread ? "on its own thread" : "on the I/O thread",
      o.busy_poll ? ", busy-polling" : "", "; journal ",
      o.journal.dir.empty() ? "off" : o.journal.dir,
      o.journal.dir.empty() ? "" : absl::StrCat(" (fsync ", ToString(o.journal.fsync), ")"), "\n");
  for (size_t i = 0; i < n; ++i) {
    const gw::InstrumentDesc d = exchange.Describe(static_cast<ftz::InstrumentId>(i));
    wire::InstrumentInfo info;
    info.set_tick_size(d.tick_size);
    info.set_lot_size(d.lot_size);
    info.set_currency(d.currency);
    info.set_unit(d.unit);
    absl::StrAppendFormat(&out, "  %-10s tick %g %s/%s, lot %g %s, configured floor %s\n", d.symbol,
                          d.tick_size, d.currency, d.unit, d.lot_size, d.unit,
                          d.floor > 0 ? FormatPrice(&info, d.floor) : "none");
  }
  out += "  participants: ";
  if (names.size() <= 24) {
    out += absl::StrJoin(names, ", ");
  } else {
    absl::StrAppend(&out, names[0], ", ", names[1], " ... ", names[names.size() - 2], ", ",
                    names.back());
  }
  out += "\n";
  return out;
}

}  // namespace

int ServeMain(int argc, char** argv) {
  ParseSubcommandFlags(argc, argv,
                       "ftz serve [--port=9470] [--config=market.txtpb]: runs the exchange; "
                       "SIGINT/SIGTERM stop it gracefully (exit 0).",
                       __FILE__, /*client_flags=*/false, {"port_flag.cc", "serve_guard_flags.cc"});
  // A closed stdout (`ftz serve | head -1`, a supervisor gone) must not end the
  // exchange: what it prints later then fails quietly instead of raising SIGPIPE.
  std::signal(SIGPIPE, SIG_IGN);
  absl::StatusOr<std::unique_ptr<gw::Exchange>> exchange =
      absl::GetFlag(FLAGS_builtin_market) ? gw::Exchange::Default()
                                          : gw::Exchange::Load(absl::GetFlag(FLAGS_config));
  if (!exchange.ok()) {
    std::cerr << "ftz serve: " << exchange.status().message() << "\n";
    return 1;
  }
  gw::ServerOptions o;
  o.bind_address = absl::GetFlag(FLAGS_bind);
  o.port = static_cast<uint16_t>(absl::GetFlag(FLAGS_port));
  o.heartbeat_ms = absl::GetFlag(FLAGS_heartbeat_ms);
  o.order_rate_per_sec = absl::GetFlag(FLAGS_order_rate);
  o.order_burst = absl::GetFlag(FLAGS_order_burst);
  o.max_outbound_bytes = absl::GetFlag(FLAGS_max_outbound_bytes);
  if (absl::Status s = ApplyGuardFlags(&o); !s.ok()) {
    std::cerr << "ftz serve: " << s.message() << "\n";
    return 2;
  }
  o.engine_queue_capacity = absl::GetFlag(FLAGS_engine_queue);
  o.engine_spin = absl::GetFlag(FLAGS_engine_spin);
  o.io_spin = absl::GetFlag(FLAGS_io_spin);
  o.engine_thread = absl::GetFlag(FLAGS_engine_thread);
  o.busy_poll = absl::GetFlag(FLAGS_busy_poll);
  o.handle_signals = true;
  o.journal.dir = absl::GetFlag(FLAGS_journal_dir);
  o.journal.snapshot_every = absl::GetFlag(FLAGS_snapshot_every);
  o.resend_window = absl::GetFlag(FLAGS_resend_window);
  const std::optional<journal::FsyncMode> fsync =
      journal::ParseFsyncMode(absl::GetFlag(FLAGS_fsync));
  if (!fsync) {
    std::cerr << "ftz serve: --fsync must be batch, every or none, not \""
              << absl::GetFlag(FLAGS_fsync) << "\"\n";
    return 2;
  }
  o.journal.fsync = *fsync;
  if (o.journal.dir.empty()) {
    std::cerr << "ftz serve: warning: the journal is off (--journal_dir is empty): "
                 "acknowledged orders are lost when the process ends\n";
  }
  const std::string banner = Banner(**exchange, o);
  gw::Server server(std::move(*exchange), o);
  if (absl::Status s = server.Start(); !s.ok()) {
    std::cerr << "ftz serve: cannot start: " << s.message() << "\n";
    return 1;
  }
  std::cout << "ftz serve: listening on " << o.bind_address << ":" << server.port() << std::endl;
  // After the listening line, which scripts wait for first.
  if (const gw::RecoveryReport* r = server.recovery()) {
    std::cout << "ftz serve: journal " << o.journal.dir << " (fsync " << ToString(o.journal.fsync)
              << "): recovered " << r->last_seq << " inputs"
              << (r->snapshot.empty() ? std::string(" from the start")
                                      : " from snapshot " + r->snapshot)
              << ", replayed " << r->replayed << " in " << r->seconds << " s, " << r->checkpoints
              << " checkpoints verified, state hash " << absl::StrFormat("%016x", r->state_hash)
              << std::endl;
    if (!r->torn.empty()) std::cout << "ftz serve: dropped " << r->torn << std::endl;
  }
  std::cout << banner << std::flush;
  server.Wait();
  // Only this thread is left. Destroying the server restores the default action of
  // SIGINT and SIGTERM, so a second signal sent during shutdown would kill the process
  // with an unclean status; blocked, it stays pending until exit and is discarded.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  std::cout << "ftz serve: stopped" << std::endl;
  return 0;
}

}  // namespace ftz::cli
