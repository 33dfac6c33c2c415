// The gateway's memory bounds (docs/protocol.md, "Memory bounds"): market-data requests
// are throttled and coalesced, a snapshot that cannot fit in a session's outbound cap
// is refused before it is built, and the global cap on queued output cuts the largest
// queues first.
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gateway/report.h"
#include "tests/gateway/test_util.h"

namespace ftz::gw::testing {
namespace {

wire::AdminRequest StatsReq() {
  wire::AdminRequest r;
  r.mutable_stats();
  return r;
}

// `n` resting bids on `symbol` at distinct prices from `c` (client ids from `*cid`).
void FillBook(Client& c, const std::string& symbol, int n, uint64_t* cid, int64_t first_price) {
  for (int i = 0; i < n; ++i) {
    wire::ClientMessage m;
    *m.mutable_new_order() = Limit((*cid)++, symbol, wire::BUY, first_price + i, 1);
    c.Queue(m);
    if (i % 500 == 499 || i == n - 1) {
      ASSERT_TRUE(c.Flush().ok());
      ExpectExec(c, *cid - 1, wire::EXEC_NEW);
    }
  }
}

TEST(SnapshotBytes, EveryLevelTakesAtLeastTheBuildersLowerBound) {
  wire::BookSnapshot s;
  wire::Level* l = s.add_bids();
  l->set_price(1);
  l->set_qty(1);
  l->set_orders(1);
  EXPECT_EQ(s.ByteSizeLong(), kMinSnapshotLevelBytes);
  l->set_price(1'000'000);
  EXPECT_GT(s.ByteSizeLong(), kMinSnapshotLevelBytes);
}

TEST_F(GatewayTest, SnapshotRequestFloodIsThrottledAndCoalesced) {
  ServerOptions o;
  o.md_rate_per_sec = 10;
  o.md_burst = 50;
  StartServer(o);
  auto maker = Connect("p2");
  uint64_t cid = 1;
  FillBook(*maker, "NDPR", 400, &cid, 1000);
  auto flooder = Connect("p1");
  ASSERT_EQ(flooder->logon_ack().md_burst(), 50u);
  ASSERT_EQ(flooder->logon_ack().md_rate_per_sec(), 10u);
  constexpr int kRequests = 10'000;
  for (int i = 0; i < kRequests; ++i) {
    wire::ClientMessage m;
    m.mutable_snapshot_request()->set_symbol("NDPR");
    flooder->Queue(m);
  }
  ASSERT_TRUE(flooder->Flush().ok());
  // An order after the flood: its report comes after every answer to the flood.
  ASSERT_TRUE(flooder->SendNewOrder(Limit(1, "NDPR", wire::BUY, 900, 1)).ok());
  int snapshots = 0, throttled = 0;
  std::string text;
  auto done = flooder->WaitFor(
      [&](const wire::ServerMessage& m) {
        if (m.has_snapshot() && !m.snapshot().more()) ++snapshots;
        if (m.has_subscribe_reject() && m.subscribe_reject().reason() == wire::THROTTLED) {
          ++throttled;
          text = m.subscribe_reject().text();
        }
        return m.has_execution() && m.execution().client_order_id() == 1;
      },
      kWait);
  ASSERT_TRUE(done.ok()) << done.status();
  EXPECT_EQ(done->execution().exec_type(), wire::EXEC_NEW);
  // At most the burst (and what the bucket refilled) gets through, and requests for a
  // snapshot still pending share it: the engine built a handful, not thousands.
  EXPECT_GE(throttled, kRequests - 60);
  EXPECT_GE(snapshots, 1);
  EXPECT_LE(snapshots, 10);
  EXPECT_TRUE(absl::StrContains(text, "md_burst 50")) << text;
  auto admin = Connect("admin", "admin");
  EXPECT_GE(Admin(*admin, StatsReq()).stats().throttled(), static_cast<uint64_t>(throttled));
}

TEST_F(GatewayTest, SnapshotThatCannotFitIsRefusedBeforeItIsBuilt) {
  ServerOptions o;
  o.max_outbound_bytes = 32 * 1024;
  StartServer(o);
  auto maker = Connect("p2");
  uint64_t cid = 1;
  FillBook(*maker, "NDPR", 5000, &cid, 1000);  // at least 40,000 bytes as a snapshot
  auto asker = Connect("p1");
  ASSERT_TRUE(asker->RequestSnapshot("COBALT").ok());  // empty: fits
  auto small = asker->WaitFor([](const wire::ServerMessage& m) { return m.has_snapshot(); }, kWait);
  ASSERT_TRUE(small.ok()) << small.status();
  ASSERT_TRUE(asker->RequestSnapshot("NDPR").ok());
  auto logout = asker->WaitFor(IsLogout(), kWait);
  ASSERT_TRUE(logout.ok()) << logout.status();
  EXPECT_EQ(logout->logout().reason(), wire::LOGOUT_SLOW_CONSUMER);
  EXPECT_TRUE(absl::StrContains(logout->logout().text(), "5000 levels")) << logout->logout().text();
  EXPECT_TRUE(absl::StrContains(logout->logout().text(), "max_outbound_bytes (32768)"));
  // The maker trades on.
  ASSERT_TRUE(maker->SendNewOrder(Limit(cid, "NDPR", wire::SELL, 1000, 1)).ok());
  ExpectExec(*maker, cid, wire::EXEC_FILL);
}

TEST_F(GatewayTest, GlobalOutboundCapCutsTheLargestQueueFirst) {
  ServerOptions o;
  o.max_outbound_bytes = 8 << 20;
  o.max_total_outbound_bytes = 256 * 1024;
  o.socket_send_buffer = 8 * 1024;
  o.close_linger_ms = 2000;
  o.max_open_orders = 0;  // `fast` rests up to 20,000 orders to make market data
  StartServer(o);
  // Neither reads: `big` follows two books, `small` one.
  auto big = Connect("p1", "secret", {}, 4096);
  ASSERT_TRUE(big->Subscribe("NDPR").ok());
  ASSERT_TRUE(big->Subscribe("LI2CO3").ok());
  auto small = Connect("p3", "secret", {}, 4096);
  ASSERT_TRUE(small->Subscribe("NDPR").ok());
  auto fast = Connect("p2");
  auto admin = Connect("admin", "admin");
  uint64_t cid = 1;
  for (int round = 0; round < 100; ++round) {
    for (int i = 0; i < 200; ++i, ++cid) {
      wire::ClientMessage m;
      *m.mutable_new_order() = Limit(cid, i % 2 ? "NDPR" : "LI2CO3", wire::BUY, 1000 + cid, 1);
      fast->Queue(m);
    }
    ASSERT_TRUE(fast->Flush().ok());
    ExpectExec(*fast, cid - 1, wire::EXEC_NEW);
    if (Admin(*admin, StatsReq()).stats().disconnects_slow() >= 1) break;
  }
  const wire::Stats st = Admin(*admin, StatsReq()).stats();
  EXPECT_EQ(st.disconnects_slow(), 1u);
  EXPECT_LE(st.outbound_bytes(), o.max_total_outbound_bytes);
  auto logout = big->WaitFor(IsLogout(), kWait);
  ASSERT_TRUE(logout.ok()) << logout.status();
  EXPECT_EQ(logout->logout().reason(), wire::LOGOUT_SLOW_CONSUMER);
  EXPECT_TRUE(absl::StrContains(logout->logout().text(), "max_total_outbound_bytes (262144)"))
      << logout->logout().text();
  // The smaller queue was not cut: reading at last, it gets everything and trades.
  ASSERT_TRUE(small->SendNewOrder(Limit(1, "COBALT", wire::BUY, 1000, 1)).ok());
  auto ack = small->WaitFor(IsExec(1, wire::EXEC_NEW), kWait);
  ASSERT_TRUE(ack.ok()) << ack.status();
  // With the cut session gone, nothing is left counted.
  EXPECT_LT(Admin(*admin, StatsReq()).stats().outbound_bytes(), 64u * 1024);
}

// The live-order limit per participant: at the limit the next new order (of any kind)
// is rejected RISK_LIMIT naming the limit, without an order id; an order that leaves
// (cancel, fill) frees its slot; other participants are not limited by it.
TEST_F(GatewayTest, OpenOrderLimitRejectsTheNextNewOrder) {
  ServerOptions o;
  o.max_open_orders = 3;
  StartServer(o);
  auto p1 = Connect("p1");
  for (uint64_t cid = 1; cid <= 3; ++cid) {
    ASSERT_TRUE(p1->SendNewOrder(Limit(cid, "NDPR", wire::BUY, 1000 + cid, 1)).ok());
    ExpectExec(*p1, cid, wire::EXEC_NEW);
  }
  ASSERT_TRUE(p1->SendNewOrder(Limit(4, "LI2CO3", wire::SELL, 9000, 1)).ok());
  const wire::ExecutionReport over = ExpectExec(*p1, 4, wire::EXEC_REJECTED);
  EXPECT_EQ(over.reject_reason(), wire::RISK_LIMIT);
  EXPECT_EQ(over.order_id(), 0u);
  EXPECT_EQ(over.side(), wire::SELL);
  EXPECT_TRUE(absl::StrContains(over.text(), "max_open_orders 3")) << over.text();
  // Another participant is not limited by p1's orders; its IOC takes one of them.
  auto p2 = Connect("p2");
  wire::NewOrder ioc = Limit(1, "NDPR", wire::SELL, 1003, 1);
  ioc.set_tif(wire::IOC);
  ASSERT_TRUE(p2->SendNewOrder(ioc).ok());
  ExpectExec(*p2, 1, wire::EXEC_FILL);
  ExpectExec(*p1, 3, wire::EXEC_FILL);
  // The fill freed a slot, and a cancel another: two more orders rest, the third is over.
  wire::ClientMessage cancel;
  cancel.mutable_cancel()->set_client_order_id(2);
  ASSERT_TRUE(p1->Send(cancel).ok());
  ExpectExec(*p1, 2, wire::EXEC_CANCELLED);
  for (uint64_t cid = 5; cid <= 6; ++cid) {
    ASSERT_TRUE(p1->SendNewOrder(Limit(cid, "NDPR", wire::BUY, 900, 1)).ok());
    ExpectExec(*p1, cid, wire::EXEC_NEW);
  }
  ASSERT_TRUE(p1->SendNewOrder(Limit(7, "NDPR", wire::BUY, 900, 1)).ok());
  EXPECT_EQ(ExpectExec(*p1, 7, wire::EXEC_REJECTED).reject_reason(), wire::RISK_LIMIT);
}

}  // namespace
}  // namespace ftz::gw::testing
