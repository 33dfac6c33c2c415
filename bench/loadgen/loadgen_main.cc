// ftz-loadgen: N sessions, each keeping up to --window orders in flight. Every order
// is a limit order on one instrument; a session alternates buy and sell at the same
// price, so every second order trades with the one before (the book stays small and
// both sides get fills). An order's round trip is from its send to its EXEC_NEW ack
// (or its first report when it is rejected). Throughput counts acks per second over
// the measured interval (after --warmup_ms).
//
//   ftz-loadgen --port=9470 --sessions=4 --window=256 --duration_ms=5000
//   ftz-loadgen --port=9470 --sessions=1 --window=1          # ping-pong latency
//   ftz-loadgen --spawn_server ...   # runs the exchange in this process (own threads)
#include <poll.h>

#include <chrono>
#include <cstdio>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/status/status.h"
#include "absl/strings/str_format.h"
#include "bench/loadgen/histogram.h"
#include "client/client.h"
#include "gateway/server.h"

ABSL_FLAG(std::string, host, "127.0.0.1", "exchange host");
ABSL_FLAG(int, port, 9470, "exchange port");
ABSL_FLAG(int, connect_timeout_ms, 5000,
          "keep retrying a refused connection this long (a server started just before)");
ABSL_FLAG(bool, spawn_server, false, "run an exchange in this process on an ephemeral port");
ABSL_FLAG(int, sessions, 4, "sessions (participants p1 .. pN)");
ABSL_FLAG(int, window, 256, "orders in flight per session (1: ping-pong)");
ABSL_FLAG(int, duration_ms, 5000, "measured run time");
ABSL_FLAG(int, warmup_ms, 500, "run time before measuring starts");
ABSL_FLAG(std::string, symbol, "NDPR", "instrument");
ABSL_FLAG(int64_t, price, 10000, "price in ticks");
ABSL_FLAG(int, first_participant, 1, "sessions log on as p<first> .. p<first+N-1>");
ABSL_FLAG(bool, busy_poll, false,
          "poll the sockets without sleeping (one core spins; lowest round trip)");

namespace ftz::loadgen {
namespace {

using Clock = std::chrono::steady_clock;

struct Session {
  std::unique_ptr<gw::Client> client;
  std::vector<Clock::time_point> sent;  // by client order id % size
  uint64_t next_cid = 1;
  uint64_t acked = 0;  // cids 1 .. acked have been answered (answers come in order)
  uint64_t rejects = 0;
  Histogram latency;
  uint64_t measured_acks = 0;
};

// Connects, retrying every 50 ms for --connect_timeout_ms while the server is not yet
// listening (`ftz serve ... &` followed at once by ftz-loadgen).
absl::Status ConnectWithRetry(gw::Client& client, const std::string& host, uint16_t port) {
  const auto deadline =
      Clock::now() + std::chrono::milliseconds(absl::GetFlag(FLAGS_connect_timeout_ms));
  while (true) {
    absl::Status st = client.Connect(host, port);
    if (st.ok() || !absl::IsUnavailable(st) || Clock::now() >= deadline) return st;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

int Run() {
  const int n = absl::GetFlag(FLAGS_sessions);
  const int window = absl::GetFlag(FLAGS_window);
  const std::string symbol = absl::GetFlag(FLAGS_symbol);
  const int64_t price = absl::GetFlag(FLAGS_price);
  std::unique_ptr<gw::Server> server;
  uint16_t port = static_cast<uint16_t>(absl::GetFlag(FLAGS_port));
  std::string host = absl::GetFlag(FLAGS_host);
  if (absl::GetFlag(FLAGS_spawn_server)) {
    gw::ServerOptions o;
    o.demo_tokens = true;  // its own server on loopback: the built-in market's p1..p300
    server = std::make_unique<gw::Server>(gw::Exchange::Default(), o);
    if (absl::Status s = server->Start(); !s.ok()) {
      std::fprintf(stderr, "ftz-loadgen: %s\n", s.ToString().c_str());
      return 1;
    }
    port = server->port();
    host = "127.0.0.1";
  }

  std::vector<Session> sessions(n);
  uint32_t instrument = 0;
  for (int i = 0; i < n; ++i) {
    Session& s = sessions[i];
    s.client = std::make_unique<gw::Client>();
    if (absl::Status st = ConnectWithRetry(*s.client, host, port); !st.ok()) {
      std::fprintf(stderr, "ftz-loadgen: %s\n", st.ToString().c_str());
      return 1;
    }
    auto ack = s.client->Logon(absl::StrFormat("p%d", absl::GetFlag(FLAGS_first_participant) + i),
                               "secret");
    if (!ack.ok()) {
      std::fprintf(stderr, "ftz-loadgen: logon: %s\n", ack.status().ToString().c_str());
      return 1;
    }
    bool found = false;
    for (const auto& inst : ack->instruments()) {
      if (inst.symbol() == symbol) {
        instrument = inst.instrument_id();
        found = true;
      }
    }
    if (!found) {
      std::fprintf(stderr, "ftz-loadgen: unknown symbol %s\n", symbol.c_str());
      return 1;
    }
    s.sent.resize(static_cast<size_t>(window) * 2 + 1);
  }

  wire::ClientMessage order;
  wire::NewOrder* o = order.mutable_new_order();
  o->set_instrument_id(instrument);
  o->set_price(price);
  o->set_qty(1);
  o->set_type(wire::LIMIT);
  o->set_tif(wire::GTC);

  const auto start = Clock::now();
  const auto measure_from = start + std::chrono::milliseconds(absl::GetFlag(FLAGS_warmup_ms));
  const auto end = measure_from + std::chrono::milliseconds(absl::GetFlag(FLAGS_duration_ms));
  std::vector<pollfd> fds(n);
  for (int i = 0; i < n; ++i) fds[i] = {sessions[i].client->fd(), POLLIN, 0};
  const bool busy_poll = absl::GetFlag(FLAGS_busy_poll);
  bool measuring = false;
  bool sending = true;
  Clock::time_point measured_start{}, measured_end{};
  Session* current = nullptr;
  Clock::time_point now = Clock::now();
  auto on_message = [&](const wire::ServerMessage& m) {
    if (!m.has_execution()) {
      if (m.has_logout()) {
        std::fprintf(stderr, "ftz-loadgen: logged out: %s\n", m.logout().text().c_str());
        std::exit(1);
      }
      return;
    }
    const wire::ExecutionReport& e = m.execution();
    const bool first = e.exec_type() == wire::EXEC_NEW || e.exec_type() == wire::EXEC_REJECTED;
    if (!first) return;
    Session& s = *current;
    if (e.exec_type() == wire::EXEC_REJECTED) ++s.rejects;
    const uint64_t cid = e.client_order_id();
    s.acked = cid;
    if (measuring) {
      const auto t0 = s.sent[cid % s.sent.size()];
      s.latency.Record(static_cast<uint64_t>(
          std::chrono::duration_cast<std::chrono::nanoseconds>(now - t0).count()));
      ++s.measured_acks;
    }
  };

  for (;;) {
    now = Clock::now();
    if (!measuring && sending && now >= measure_from) {
      measuring = true;
      measured_start = now;
    }
    if (sending && now >= end) {
      sending = false;
      measuring = false;
      measured_end = now;
    }
    bool all_done = true;
    for (Session& s : sessions) {
      const uint64_t in_flight = s.next_cid - 1 - s.acked;
      if (in_flight) all_done = false;
      if (!sending || in_flight >= static_cast<uint64_t>(window)) continue;
      const uint64_t room = window - in_flight;
      for (uint64_t k = 0; k < room; ++k) {
        const uint64_t cid = s.next_cid++;
        o->set_client_order_id(cid);
        o->set_side(cid % 2 ? wire::BUY : wire::SELL);
        s.sent[cid % s.sent.size()] = now;
        s.client->Queue(order);
      }
      if (absl::Status st = s.client->Flush(); !st.ok()) {
        std::fprintf(stderr, "ftz-loadgen: %s\n", st.ToString().c_str());
        return 1;
      }
    }
    if (!sending && all_done) break;
    if (!sending && now >= end + std::chrono::seconds(5)) {
      std::fprintf(stderr, "ftz-loadgen: answers missing after the run\n");
      return 1;
    }
    const int rc = ::poll(fds.data(), fds.size(), busy_poll ? 0 : 100);
    if (rc < 0) continue;
    now = Clock::now();
    for (int i = 0; i < n; ++i) {
      if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      current = &sessions[i];
      if (absl::Status st = sessions[i].client->ReadAvailable(on_message); !st.ok()) {
        std::fprintf(stderr, "ftz-loadgen: session %d: %s\n", i, st.ToString().c_str());
        return 1;
      }
    }
  }

  Histogram all;
  uint64_t acks = 0, rejects = 0;
  for (Session& s : sessions) {
    all.Merge(s.latency);
    acks += s.measured_acks;
    rejects += s.rejects;
  }
  const double secs = std::chrono::duration<double>(measured_end - measured_start).count();
  auto us = [](uint64_t ns) { return static_cast<double>(ns) / 1000.0; };
  std::printf("sessions %d  window %d  measured %.2f s  orders acked %llu  rejects %llu\n", n,
              window, secs, static_cast<unsigned long long>(acks),
              static_cast<unsigned long long>(rejects));
  std::printf("throughput %.0f orders/s\n", static_cast<double>(acks) / secs);
  std::printf("round trip (send -> ack) us: p50 %.1f  p99 %.1f  p99.9 %.1f  max %.1f\n",
              us(all.Percentile(0.50)), us(all.Percentile(0.99)), us(all.Percentile(0.999)),
              us(all.max()));
  for (Session& s : sessions) (void)s.client->Logout();
  if (server) server->Stop();
  return 0;
}

}  // namespace
}  // namespace ftz::loadgen

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "ftz-loadgen [--port=9470] [--sessions=4] [--window=256] [--duration_ms=5000]: "
      "pipelines orders over N sessions and prints throughput and round-trip percentiles.");
  absl::ParseCommandLine(argc, argv);
  return ftz::loadgen::Run();
}
