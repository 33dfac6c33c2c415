// ftz-soak-client: the load and the checks of scripts/crash_soak.sh.
//
//   ftz-soak-client load PORT LOG CYCLE [SESSIONS]
//     SESSIONS participants (p1..) send crossing limit orders as fast as acks come back
//     (at most 20,000 each)
//     (cancel-on-disconnect off) until the server goes away (it is killed), appending
//     what each saw to LOG as it saw it, one line each, flushed:
//       ACK <participant> <order_id> <client_order_id> <qty>
//       FILL <participant> <order_id> <trade_id> <last_qty>
//   ftz-soak-client check PORT LOG [SESSIONS]
//     Logs each participant on again asking for every report from report_seq 1 (resend)
//     and the open orders (order status), and checks against LOG (every cycle's):
//     every acknowledged order is known to the server (its EXEC_NEW was resent, and it
//     rests with the quantities adding up, or it left the book by fills or a cancel);
//     every fill the client saw is there; no order id is given twice; no fill (order,
//     trade) appears twice. Prints "check: N acked orders, M fills, L lost" and the
//     state hash ("state hash %016x"); exits 1 on any loss.
#include <poll.h>

#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "client/client.h"

namespace {

using ftz::gw::Client;
using ftz::gw::LogonOptions;
using ftz::gw::Millis;
namespace wire = ftz::wire;

std::unique_ptr<Client> LogOn(int port, const std::string& who, const LogonOptions& o) {
  auto c = std::make_unique<Client>();
  if (!c->Connect("127.0.0.1", static_cast<uint16_t>(port)).ok()) return nullptr;
  auto ack = c->Logon(who, who == "admin" ? "admin" : "secret", o, Millis(10000));
  if (!ack.ok()) {
    std::fprintf(stderr, "soak: logon %s: %s\n", who.c_str(),
                 std::string(ack.status().message()).c_str());
    return nullptr;
  }
  return c;
}

// Per session and cycle: the server keeps every report of the cycle for the check.
constexpr uint64_t kMaxOrdersPerSession = 20'000;

int Load(int port, const char* log_path, uint64_t cycle, int sessions) {
  FILE* log = std::fopen(log_path, "a");
  if (!log) return 2;
  LogonOptions o;
  o.cancel_on_disconnect = false;
  std::vector<std::unique_ptr<Client>> cs;
  for (int i = 1; i <= sessions; ++i) {
    auto c = LogOn(port, absl::StrCat("p", i), o);
    if (!c) return 2;
    cs.push_back(std::move(c));
  }
  std::vector<uint64_t> next(sessions, 0);
  std::vector<int> in_flight(sessions, 0);
  uint64_t rng = 0x9e3779b97f4a7c15ULL * (cycle + 1);
  auto rand = [&] {
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
  };
  const char* symbols[] = {"NDPR", "LI2CO3", "COBALT"};
  for (;;) {
    for (int i = 0; i < sessions; ++i) {
      while (in_flight[i] < 32 && next[i] < kMaxOrdersPerSession) {
        const uint64_t cid = cycle * 10'000'000 + ++next[i];
        const bool buy = rand() % 2;
        const int64_t price = 1000 + static_cast<int64_t>(rand() % 40) - (buy ? 10 : -10);
        cs[i]->Queue([&] {
          wire::ClientMessage m;
          *m.mutable_new_order() =
              ftz::gw::Limit(cid, symbols[rand() % 3], buy ? wire::BUY : wire::SELL, price,
                             1 + static_cast<int64_t>(rand() % 9));
          return m;
        }());
        ++in_flight[i];
      }
      if (!cs[i]->Flush().ok()) return 0;
    }
    std::vector<pollfd> fds;
    for (auto& c : cs) fds.push_back({c->fd(), POLLIN, 0});
    ::poll(fds.data(), fds.size(), 100);
    for (int i = 0; i < sessions; ++i) {
      const std::string who = absl::StrCat("p", i + 1);
      absl::Status s = cs[i]->ReadAvailable([&](const wire::ServerMessage& m) {
        if (!m.has_execution()) return;
        const wire::ExecutionReport& e = m.execution();
        if (e.exec_type() == wire::EXEC_NEW) {
          std::fprintf(log, "ACK %s %" PRIu64 " %" PRIu64 " %" PRId64 "\n", who.c_str(),
                       e.order_id(), e.client_order_id(), e.qty());
        } else if (e.exec_type() == wire::EXEC_PARTIAL_FILL || e.exec_type() == wire::EXEC_FILL) {
          std::fprintf(log, "FILL %s %" PRIu64 " %" PRIu64 " %" PRId64 "\n", who.c_str(),
                       e.order_id(), e.trade_id(), e.last_qty());
        }
        // The order is done with (acked and resting, or rejected): send another.
        if (e.exec_type() == wire::EXEC_NEW || e.exec_type() == wire::EXEC_REJECTED) --in_flight[i];
        std::fflush(log);
      });
      if (!s.ok()) return 0;  // the server is gone: the cycle's kill
    }
  }
}

int Check(int port, const char* log_path, int sessions) {
  struct Seen {
    std::string who;
    int64_t qty = 0;
  };
  std::map<uint64_t, Seen> acked;
  std::set<std::pair<uint64_t, uint64_t>> fills;  // order, trade
  uint64_t dup_acks = 0;
  if (FILE* log = std::fopen(log_path, "r")) {
    char kind[8], who[16];
    uint64_t a = 0, b = 0;
    int64_t q = 0;
    while (std::fscanf(log, "%7s %15s %" SCNu64 " %" SCNu64 " %" SCNd64, kind, who, &a, &b, &q) ==
           5) {
      if (std::string(kind) == "ACK") {
        if (acked.count(a) && acked[a].who != who) ++dup_acks;  // an id given twice
        acked[a] = Seen{who, q};
      } else {
        fills.insert({a, b});
      }
    }
    std::fclose(log);
  }
  // The server's truth: every report from 1 on, and the open orders.
  std::set<uint64_t> news;
  std::map<uint64_t, int64_t> open_total;  // id -> leaves + cum of a resting order
  std::map<uint64_t, int64_t> done;        // id -> 1 when it left the book
  std::set<std::pair<uint64_t, uint64_t>> server_fills;
  uint64_t dup_news = 0, dup_fills = 0;
  for (int i = 1; i <= sessions; ++i) {
    LogonOptions o;
    o.cancel_on_disconnect = false;
    o.last_report_seq = 0;
    o.order_status = true;
    auto c = LogOn(port, absl::StrCat("p", i), o);
    if (!c) return 2;
    const wire::LogonAck ack = c->logon_ack();
    if (ack.first_kept_seq() > 1) {
      std::fprintf(stderr, "check: p%d: reports before %" PRIu64 " no longer kept\n", i,
                   ack.first_kept_seq());
    }
    uint64_t expect = ack.resent() + ack.open_orders();
    while (expect > 0) {
      wire::ServerMessage m;
      if (!c->Receive(&m, Millis(10000)).ok()) return 2;
      if (!m.has_execution()) continue;
      --expect;
      const wire::ExecutionReport& e = m.execution();
      switch (e.exec_type()) {
        case wire::EXEC_NEW:
          if (!news.insert(e.order_id()).second) ++dup_news;
          break;
        case wire::EXEC_PARTIAL_FILL:
        case wire::EXEC_FILL:
          if (!server_fills.insert({e.order_id(), e.trade_id()}).second) ++dup_fills;
          if (e.leaves_qty() == 0) done[e.order_id()] = 1;
          break;
        case wire::EXEC_CANCELLED:
        case wire::EXEC_EXPIRED:
          done[e.order_id()] = 1;
          break;
        case wire::EXEC_ORDER_STATUS:
          open_total[e.order_id()] = e.leaves_qty() + e.cum_qty();
          break;
        default:
          break;
      }
    }
    if (!c->Logout().ok()) return 2;
  }
  uint64_t lost = 0;
  for (const auto& [id, s] : acked) {
    const bool known = news.count(id) != 0;
    const bool rests = open_total.count(id) != 0;
    const bool left = done.count(id) != 0;
    if (!known || (!rests && !left) || (rests && open_total[id] != s.qty)) {
      if (lost < 10)
        std::fprintf(stderr, "check: acked order %" PRIu64 " of %s lost\n", id, s.who.c_str());
      ++lost;
    }
  }
  uint64_t lost_fills = 0;
  for (const auto& f : fills) lost_fills += server_fills.count(f) == 0;
  auto admin = LogOn(port, "admin", LogonOptions{});
  if (!admin) return 2;
  wire::AdminRequest r;
  r.set_request_id(1);
  r.mutable_stats();
  if (!admin->SendAdmin(r).ok()) return 2;
  auto a =
      admin->WaitFor([](const wire::ServerMessage& m) { return m.has_admin_ack(); }, Millis(10000));
  if (!a.ok()) return 2;
  std::printf("check: %zu acked orders, %zu fills seen, %" PRIu64 " lost, %" PRIu64
              " fills lost, %" PRIu64 " ids reused, %" PRIu64 " fills duplicated\n",
              acked.size(), fills.size(), lost, lost_fills, dup_acks + dup_news, dup_fills);
  std::printf("state hash %016" PRIx64 "\n", a->admin_ack().stats().state_hash());
  return lost + lost_fills + dup_acks + dup_news + dup_fills == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc >= 5 && std::string(argv[1]) == "load") {
    return Load(std::atoi(argv[2]), argv[3], std::strtoull(argv[4], nullptr, 10),
                argc > 5 ? std::atoi(argv[5]) : 4);
  }
  if (argc >= 4 && std::string(argv[1]) == "check") {
    return Check(std::atoi(argv[2]), argv[3], argc > 4 ? std::atoi(argv[4]) : 4);
  }
  std::fprintf(
      stderr,
      "usage: ftz-soak-client load PORT LOG CYCLE [SESSIONS] | check PORT LOG [SESSIONS]\n");
  return 2;
}
