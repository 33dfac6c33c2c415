// The hostile-client suite (issue 13): each case runs one kind of bad or careless
// client against `ftz serve` in its own process, next to a healthy session, and asserts
//   - the server stays up (and stops gracefully at the end);
//   - only the offending session is closed, with the documented Logout;
//   - the healthy session's p99 order round trip stays within 2x its baseline (plus a
//     fixed allowance for scheduling noise on a shared machine, kRttSlack);
//   - the server's RSS peaks within kRssBound of its baseline, and comes back to within
//     kRssReturn of it once the offenders are gone.
// The server runs with --max_total_outbound_bytes=32 MiB (the RSS bound follows from
// it) and --socket_send_buffer=64 KiB (what a client leaves unread then queues in the
// server, where the caps see it, rather than in the kernel's autotuned buffers);
// everything else is the default (10,000 live orders per participant, 10,000 reports
// kept per participant for resend). Each case prints its figures.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "client/client.h"
#include "client/framing.h"
#include "gtest/gtest.h"
#include "tests/hostile/server_process.h"

namespace ftz::hostile {
namespace {

using gw::Client;
using gw::Limit;
using gw::Millis;
using Clock = std::chrono::steady_clock;
namespace wire = ftz::wire;
using namespace std::chrono_literals;

constexpr uint64_t kMiB = uint64_t{1} << 20;
constexpr uint64_t kRssBound = 64 * kMiB;  // peak over baseline
// After the offenders left. The order flood leaves what the server keeps by design (the
// last 10,000 reports of the flooder, pools sized for its 10,000 orders) and whatever
// the allocator cannot give back between live blocks: +15 to +21 MiB measured.
constexpr uint64_t kRssReturn = 32 * kMiB;
// Scheduling noise on a shared 2-core machine (the probe, the attackers and the server's
// two threads share it): the allowance on top of 2x the baseline p99.
constexpr auto kRttSlack = 2ms;
constexpr Millis kWait = 10'000ms;
// The snapshot floods' allowance: their attackers run in this process and decode ~10,000
// answers and up to ten 4,000-level snapshots each, on the same two cores as the probe
// and the server. A profile of the server during the five-session flood shows it mostly
// idle (no stall: the issue measured 1.65 s round trips before the caps); the probe's
// p99 of 3-11 ms there is this process's scheduling, so the bound is "no stall".
constexpr auto kSnapshotFloodSlack = 20ms;

// The healthy session: order round trips (new order, then its cancel), timed.
class Probe {
 public:
  explicit Probe(uint16_t port) {
    EXPECT_TRUE(c_.Connect("127.0.0.1", port).ok());
    auto ack = c_.Logon("p300", "secret");
    EXPECT_TRUE(ack.ok()) << ack.status();
  }
  // One round trip: NewOrder -> EXEC_NEW (timed), then Cancel -> EXEC_CANCELLED. False
  // when the session broke.
  bool RoundTrip(std::vector<double>* us) {
    const uint64_t id = ++cid_;
    const auto t0 = Clock::now();
    if (!c_.SendNewOrder(Limit(id, "GALLIUM", wire::BUY, 100, 1)).ok()) return false;
    if (!Await(id, wire::EXEC_NEW)) return false;
    us->push_back(std::chrono::duration<double, std::micro>(Clock::now() - t0).count());
    if (!c_.SendCancel(id).ok()) return false;
    return Await(id, wire::EXEC_CANCELLED);
  }
  // Round trips until `stop` (and at least `min` of them), one every 2 ms.
  std::vector<double> Run(const std::atomic<bool>& stop, int min) {
    std::vector<double> us;
    while (!stop.load() || static_cast<int>(us.size()) < min) {
      if (!RoundTrip(&us)) {
        broken_ = true;
        break;
      }
      std::this_thread::sleep_for(2ms);
    }
    return us;
  }
  bool broken() const { return broken_; }
  Client& client() { return c_; }

 private:
  bool Await(uint64_t id, wire::ExecType type) {
    auto m = c_.WaitFor(
        [&](const wire::ServerMessage& m) {
          if (m.has_logout()) return true;
          return m.has_execution() && m.execution().client_order_id() == id &&
                 m.execution().exec_type() == type;
        },
        kWait);
    return m.ok() && !m->has_logout();
  }

  Client c_;
  uint64_t cid_ = 0;
  bool broken_ = false;
};

double P99(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, v.size() * 99 / 100)];
}

std::unique_ptr<Client> LogOn(uint16_t port, const std::string& who, int rcvbuf = 0,
                              gw::LogonOptions o = {}) {
  auto c = std::make_unique<Client>();
  EXPECT_TRUE(c->Connect("127.0.0.1", port, rcvbuf).ok());
  auto ack = c->Logon(who, who == "admin" ? "admin" : "secret", o);
  EXPECT_TRUE(ack.ok()) << who << ": " << ack.status();
  return c;
}

// The Logout at the end of a session's stream (reason -1 when none came).
wire::Logout LogoutOf(Client& c) {
  auto m = c.WaitFor([](const wire::ServerMessage& m) { return m.has_logout(); }, kWait);
  if (!m.ok()) {
    wire::Logout none;
    none.set_reason(static_cast<wire::LogoutReason>(-1));
    return none;
  }
  return m->logout();
}

// `n` resting bids at distinct prices on `symbol` from `c`.
void FillBook(Client& c, const std::string& symbol, int n, int64_t first_price) {
  uint64_t cid = 1'000'000;
  for (int i = 0; i < n; ++i) {
    wire::ClientMessage m;
    *m.mutable_new_order() = Limit(++cid, symbol, wire::BUY, first_price + i, 1);
    c.Queue(m);
    if (i % 500 == 499 || i == n - 1) {
      ASSERT_TRUE(c.Flush().ok());
      auto ack = c.WaitFor(
          [&](const wire::ServerMessage& m) {
            return m.has_execution() && m.execution().client_order_id() == cid;
          },
          kWait);
      ASSERT_TRUE(ack.ok()) << ack.status();
    }
  }
}

class HostileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<ServerProcess>(
        FTZ_BIN, std::vector<std::string>{"--builtin_market", "--journal_dir=", "--demo_tokens",
                                          "--max_total_outbound_bytes=33554432",
                                          "--socket_send_buffer=65536"});
    ASSERT_NE(server_->port(), 0) << server_->error();
    probe_ = std::make_unique<Probe>(server_->port());
    // Warm up (allocations of a first order, the probe's first round trips), then the
    // baselines.
    std::vector<double> warm;
    for (int i = 0; i < 200; ++i) ASSERT_TRUE(probe_->RoundTrip(&warm));
    for (int i = 0; i < 400; ++i) {
      ASSERT_TRUE(probe_->RoundTrip(&baseline_us_));
      std::this_thread::sleep_for(1ms);
    }
    baseline_rss_ = server_->rss();
  }

  // Runs `attack` while the probe measures; then checks the bounds. `slack`: the
  // allowance over 2x the baseline p99 (kRttSlack unless the case says why not).
  void UnderAttack(const char* name, const std::function<void()>& attack,
                   std::chrono::microseconds slack = kRttSlack) {
    std::atomic<bool> stop{false};
    std::vector<double> during;
    std::thread probe([&] { during = probe_->Run(stop, 200); });
    attack();
    stop = true;
    probe.join();
    const uint64_t peak = server_->peak_rss();
    // The offenders are gone (the attack closed them): memory comes back.
    std::this_thread::sleep_for(1500ms);
    std::vector<double> after;
    for (int i = 0; i < 50; ++i) probe_->RoundTrip(&after);
    const uint64_t rss_after = server_->rss();
    const double base = P99(baseline_us_), hot = P99(during);
    std::printf(
        "hostile %-24s probe p99 %8.0f us (baseline %6.0f us, ratio %.2f, %zu round trips); "
        "RSS baseline %5.1f MiB, peak +%5.1f MiB, after +%5.1f MiB\n",
        name, hot, base, base > 0 ? hot / base : 0, during.size(),
        static_cast<double>(baseline_rss_) / kMiB,
        (static_cast<double>(peak) - static_cast<double>(baseline_rss_)) / kMiB,
        (static_cast<double>(rss_after) - static_cast<double>(baseline_rss_)) / kMiB);
    EXPECT_TRUE(server_->alive());
    EXPECT_FALSE(probe_->broken()) << "the healthy session was closed";
    const double slack_us = std::chrono::duration<double, std::micro>(slack).count();
    EXPECT_LE(hot, 2 * base + slack_us);
    EXPECT_LE(peak, baseline_rss_ + kRssBound);
    EXPECT_LE(rss_after, baseline_rss_ + kRssReturn);
  }

  void TearDown() override {
    probe_.reset();
    if (server_) {
      EXPECT_TRUE(server_->alive()) << "the server died";
      EXPECT_EQ(server_->Stop(), 0) << "the server did not stop gracefully";
    }
  }

  uint16_t port() const { return server_->port(); }

  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<Probe> probe_;
  std::vector<double> baseline_us_;
  uint64_t baseline_rss_ = 0;
};

// 10,000 SnapshotRequests in one write (110 KB) against a book of 4,000 levels, from
// one session and then from five at once: throttled and coalesced, nobody is closed.
void SnapshotFlood(uint16_t port, int sessions) {
  auto maker = LogOn(port, "p1");
  FillBook(*maker, "NDPR", 4000, 1000);
  std::string flood;
  for (int i = 0; i < 10'000; ++i) {
    wire::ClientMessage m;
    m.mutable_snapshot_request()->set_symbol("NDPR");
    gw::AppendFrame(m, &flood);
  }
  std::vector<std::unique_ptr<Client>> attackers;
  for (int s = 0; s < sessions; ++s) attackers.push_back(LogOn(port, absl::StrCat("p", 10 + s)));
  for (auto& a : attackers) ASSERT_TRUE(a->SendRaw(flood).ok());
  for (auto& a : attackers) {
    int throttled = 0, snapshots = 0;
    ASSERT_TRUE(a->SendNewOrder(Limit(1, "NDPR", wire::BUY, 900, 1)).ok());
    auto done = a->WaitFor(
        [&](const wire::ServerMessage& m) {
          throttled += m.has_subscribe_reject() && m.subscribe_reject().reason() == wire::THROTTLED;
          snapshots += m.has_snapshot() && !m.snapshot().more();
          return m.has_logout() || (m.has_execution() && m.execution().client_order_id() == 1);
        },
        kWait);
    ASSERT_TRUE(done.ok()) << done.status();
    EXPECT_FALSE(done->has_logout()) << done->logout().text();
    EXPECT_GE(throttled, 9'800);
    EXPECT_GE(snapshots, 1);
    // Coalesced: the requests the throttle admits (100 and more) that arrive while a
    // snapshot is on its way share it. The server handles 256 frames of a session per
    // turn and sends its requests to the engine between turns, so at most one snapshot
    // starts per turn: 10,000 frames are 40 turns.
    EXPECT_LE(snapshots, 40);
  }
}

TEST_F(HostileTest, SnapshotFloodFromOneSession) {
  UnderAttack(
      "snapshot flood x1", [&] { SnapshotFlood(port(), 1); }, kSnapshotFloodSlack);
}

TEST_F(HostileTest, SnapshotFloodFromFiveSessions) {
  UnderAttack(
      "snapshot flood x5", [&] { SnapshotFlood(port(), 5); }, kSnapshotFloodSlack);
}

// 20 subscribers that stop reading (but for the heartbeat interval they asked, 60 s, are
// not silent long enough to be timed out) while a maker's orders make market data: the
// global cap cuts the largest queues (SLOW_CONSUMER); the maker and the probe carry on.
// The server's SO_SNDBUF is 64 KiB here, so what the readers leave unread queues in the
// server, where the caps count it, not in autotuned kernel buffers.
TEST_F(HostileTest, TwentySessionsStopReading) {
  UnderAttack("20 non-readers", [&] {
    std::vector<std::unique_ptr<Client>> readers;
    for (int i = 0; i < 20; ++i) {
      gw::LogonOptions slow;
      slow.heartbeat_ms = 60'000;
      readers.push_back(LogOn(port(), absl::StrCat("p", 20 + i), 4096, slow));
      ASSERT_TRUE(readers.back()->Subscribe("NDPR").ok());
    }
    auto maker = LogOn(port(), "p2");
    uint64_t cid = 0;
    // New orders and their cancels at many prices: two level updates per order for
    // each subscriber, about 60 bytes a pair, until all 20 are cut.
    for (int round = 0; round < 400; ++round) {
      for (int i = 0; i < 250; ++i) {
        wire::ClientMessage m;
        ++cid;
        *m.mutable_new_order() = Limit(cid, "NDPR", wire::BUY, 1000 + (cid % 5000), 1);
        maker->Queue(m);
        wire::ClientMessage c;
        c.mutable_cancel()->set_client_order_id(cid);
        maker->Queue(c);
      }
      ASSERT_TRUE(maker->Flush().ok());
      auto ack = maker->WaitFor(
          [&](const wire::ServerMessage& m) {
            return m.has_execution() && m.execution().client_order_id() == cid &&
                   m.execution().exec_type() == wire::EXEC_CANCELLED;
          },
          kWait);
      ASSERT_TRUE(ack.ok()) << ack.status();
    }
    // The cut sessions' streams end; a Logout, when it got through behind what the kernel
    // held (docs/protocol.md: a client that stopped reading may not see it), says
    // SLOW_CONSUMER. The maker (reading) was never cut.
    auto admin = LogOn(port(), "admin");
    wire::ClientMessage stats;
    stats.mutable_admin()->set_request_id(1);
    stats.mutable_admin()->mutable_stats();
    ASSERT_TRUE(admin->Send(stats).ok());
    auto ack =
        admin->WaitFor([](const wire::ServerMessage& m) { return m.has_admin_ack(); }, kWait);
    ASSERT_TRUE(ack.ok()) << ack.status();
    const uint64_t cut = ack->admin_ack().stats().disconnects_slow();
    std::printf("hostile 20 non-readers: %llu cut by the caps\n",
                static_cast<unsigned long long>(cut));
    EXPECT_GE(cut, 10u);
    EXPECT_LE(cut, 20u);
    for (auto& r : readers) {
      auto end = r->WaitFor([](const wire::ServerMessage& m) { return m.has_logout(); }, 3000ms);
      if (end.ok()) {
        EXPECT_EQ(end->logout().reason(), wire::LOGOUT_SLOW_CONSUMER);
      }
    }
  });
}

// 500,000 new orders written without reading a byte: past 10,000 live orders they are
// rejected (RISK_LIMIT, max_open_orders); once more than 1 MiB of answers is unread the
// session is not read, and it is cut (SLOW_CONSUMER) after 3 heartbeat intervals; its
// orders are cancelled (cancel-on-disconnect).
TEST_F(HostileTest, OrderFloodWithoutReading) {
  UnderAttack("500k orders, no reading", [&] {
    auto flooder = std::make_unique<Client>();
    ASSERT_TRUE(flooder->Connect("127.0.0.1", port(), 4096).ok());
    ASSERT_TRUE(flooder->Logon("p3", "secret").ok());
    std::string chunk;
    uint64_t cid = 0;
    bool cut = false;
    for (int batch = 0; batch < 100 && !cut; ++batch) {
      chunk.clear();
      for (int i = 0; i < 5000; ++i) {
        wire::ClientMessage m;
        ++cid;
        *m.mutable_new_order() =
            Limit(cid, "COBALT", wire::SELL, 500'000 + static_cast<int64_t>(cid % 1000), 1);
        gw::AppendFrame(m, &chunk);
      }
      cut = !flooder->SendRaw(chunk).ok();  // the server closed it
    }
    const wire::Logout l = LogoutOf(*flooder);
    // A client that never reads may not see its Logout (docs/protocol.md): when it is
    // there, it is SLOW_CONSUMER.
    if (l.reason() != static_cast<wire::LogoutReason>(-1)) {
      EXPECT_EQ(l.reason(), wire::LOGOUT_SLOW_CONSUMER) << l.text();
    }
    flooder.reset();
    // Its orders are cancelled: the book is empty again.
    auto admin = LogOn(port(), "admin");
    for (int i = 0; i < 100; ++i) {
      wire::ClientMessage m;
      m.mutable_admin()->set_request_id(static_cast<uint64_t>(i) + 1);
      m.mutable_admin()->mutable_stats();
      ASSERT_TRUE(admin->Send(m).ok());
      auto ack =
          admin->WaitFor([](const wire::ServerMessage& m) { return m.has_admin_ack(); }, kWait);
      ASSERT_TRUE(ack.ok());
      if (ack->admin_ack().stats().resting_orders() == 0) break;
      std::this_thread::sleep_for(50ms);
    }
  });
}

// A Subscribe with a 65,528-byte symbol: the SubscribeReject stays under the frame limit.
TEST_F(HostileTest, LongSymbolIsEchoedCut) {
  UnderAttack("65,528-byte symbol", [&] {
    auto c = LogOn(port(), "p4");
    ASSERT_TRUE(c->Subscribe(std::string(65'520, 'X')).ok());
    auto m =
        c->WaitFor([](const wire::ServerMessage& m) { return m.has_subscribe_reject(); }, kWait);
    ASSERT_TRUE(m.ok()) << m.status();  // a frame over the limit would fail the client
    EXPECT_LE(m->ByteSizeLong(), gw::kMaxFrameBytes);
    EXPECT_LE(m->subscribe_reject().symbol().size(), 64u + 3);
    // A NewOrder with such a symbol too.
    wire::NewOrder o = Limit(1, std::string(65'000, 'Y'), wire::BUY, 100, 1);
    ASSERT_TRUE(c->SendNewOrder(o).ok());
    auto r = c->WaitFor([](const wire::ServerMessage& m) { return m.has_execution(); }, kWait);
    ASSERT_TRUE(r.ok()) << r.status();
    EXPECT_EQ(r->execution().reject_reason(), wire::UNKNOWN_INSTRUMENT);
    EXPECT_LE(r->ByteSizeLong(), 200u);
  });
}

// One byte of a never-finished frame every 50 ms: partial frames are not activity, so
// the heartbeat timeout (3 x 200 ms) ends the session.
TEST_F(HostileTest, ByteDribblerIsTimedOut) {
  UnderAttack("byte dribbler", [&] {
    gw::LogonOptions o;
    o.heartbeat_ms = 200;
    auto c = LogOn(port(), "p5", 0, o);
    const auto t0 = Clock::now();
    // A frame announcing 60,000 bytes, sent one byte at a time, never finished (the
    // client library's own heartbeats while it waits cannot finish it either).
    std::string frame;
    gw::AppendVarint32(60'000, &frame);
    frame.append(100, '\x0a');
    bool closed = false;
    for (size_t i = 0; i < frame.size() && Clock::now() - t0 < 5s; ++i) {
      if (!c->SendRaw(frame.substr(i, 1)).ok()) {
        closed = true;
        break;
      }
      std::this_thread::sleep_for(50ms);
      if (i > 40) break;  // 2 s: well past the timeout
    }
    const wire::Logout l = LogoutOf(*c);
    EXPECT_EQ(l.reason(), wire::LOGOUT_HEARTBEAT_TIMEOUT) << l.text() << " closed " << closed;
    EXPECT_LT(Clock::now() - t0, 4s);
  });
}

// 300 logons with a wrong token, as fast as possible: after five, the address backs
// off and the tokens are not even checked; the probe (logged on) does not notice.
TEST_F(HostileTest, WrongLogonsBackOff) {
  UnderAttack(
      "300 wrong logons",
      [&] {
        int refused = 0, backed_off = 0;
        const auto t0 = Clock::now();
        for (int i = 0; i < 300; ++i) {
          Client c;
          ASSERT_TRUE(c.Connect("127.0.0.1", port()).ok());
          auto ack = c.Logon("p6", "wrong");
          ASSERT_FALSE(ack.ok());
          if (absl::StrContains(ack.status().message(), "LOGOUT_LOGON_THROTTLED")) {
            ++backed_off;
          } else {
            ++refused;
          }
        }
        const double s = std::chrono::duration<double>(Clock::now() - t0).count();
        std::printf("hostile wrong logons: %d checked, %d backed off in %.2f s\n", refused,
                    backed_off, s);
        // Five free tries, then at most one checked try per backoff period.
        EXPECT_LE(refused, 5 + static_cast<int>(s / 0.1) + 1);
        EXPECT_GE(backed_off, 250);
      },
      kSnapshotFloodSlack);  // 300 connects from this process in 0.04 s: its own scheduling
                             // (fresh-ci: 5.4 ms once)
}

}  // namespace
}  // namespace ftz::hostile
