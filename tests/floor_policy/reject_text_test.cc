// DescribeReject: the short human text of each reject, naming the rule and its numbers in
// the instrument's currency.
#include "fp_test_util.h"
#include "gtest/gtest.h"

namespace ftz {
namespace {

using namespace fp_test;  // NOLINT

// Ticks of USD 0.01 so texts show cents; floor 110.00, band up to 500.00, 1000 lots.
const std::string kRules = R"pb(
  instruments {
    symbol: "NDPR-OX"
    tick_size: 0.01
    lot_size: 1000
    max_price: 500
    max_order_lots: 1000
    buy_roles: [ BUYER ]
    sell_roles: [ MINER, TRADER ]
    floor { hard { price: 110 } }
    non_member_origin { kind: DENY }
    transshipment: REJECT_TRANSSHIPMENT
    max_open_lots: 10
  }
  instruments {
    symbol: "TREAT"
    tick_size: 0.01
    lot_size: 1
    max_price: 500
    buy_roles: [ BUYER ]
    sell_roles: [ MINER ]
    non_member_origin { kind: DENY }
  })pb";

std::string Text(Market& m, const std::string& cmd) {
  const Events ev = Exec(m, cmd);
  for (const Event& e : ev) {
    if (e.kind == EventKind::kRejected) return m.DescribeReject(e);
  }
  return "not rejected: " + Lines(ev);
}

TEST(RejectText, NamesTheRuleAndTheNumbers) {
  FTZ_MARKET(m, kRules);
  EXPECT_EQ(Text(*m, "NEW p=2 SELL px=9500 qty=1"), "ask 95.00 below NDPR-OX floor 110.00");
  EXPECT_EQ(Text(*m, "NEW p=4 BUY px=10999 qty=1"), "bid 109.99 below NDPR-OX floor 110.00");
  EXPECT_EQ(Text(*m, "NEW p=2 BUY px=12000 qty=1"), "us-miner's roles may not buy NDPR-OX");
  EXPECT_EQ(Text(*m, "NEW p=4 SELL px=12000 qty=1"), "us-buyer's roles may not sell NDPR-OX");
  EXPECT_EQ(Text(*m, "NEW p=8 BUY px=12000 qty=1"),
            "cn-buyer is not in an FTZ member jurisdiction and may not buy NDPR-OX");
  EXPECT_EQ(Text(*m, "NEW p=7 SELL px=12000 qty=1"),
            "cn-exporter is not in an FTZ member jurisdiction and may not sell NDPR-OX");
  EXPECT_EQ(Text(*m, "NEW p=6 SELL px=12000 qty=1 origin=CN"),
            "NDPR-OX admits no non-member origin material");
  EXPECT_EQ(Text(*m, "NEW p=2 SELL px=12000 qty=1 origin=CN"),
            "us-miner is not certified for that origin on NDPR-OX");
  EXPECT_EQ(Text(*m, "NEW p=4 BUY px=12000 qty=11"),
            "us-buyer open quantity would exceed 10 lots on NDPR-OX");
  EXPECT_EQ(Text(*m, "NEW p=4 BUY px=50001 qty=1"),
            "price 500.01 outside NDPR-OX band (limit 500.00)");
  EXPECT_EQ(Text(*m, "NEW p=4 BUY px=12000 qty=0"), "quantity 0 lots not in 1..1000 on NDPR-OX");
  EXPECT_EQ(Text(*m, "NEW p=4 BUY px=12000 qty=1001"),
            "quantity 1001 lots not in 1..1000 on NDPR-OX");
  Exec(*m, "NEW p=2 SELL px=12500 qty=1");
  EXPECT_EQ(Text(*m, "NEW p=4 BUY px=13000 qty=1 post_only"),
            "post-only bid 130.00 would cross 125.00 on NDPR-OX");
  EXPECT_EQ(Text(*m, "NEW p=99 BUY px=12000 qty=1"), "UNKNOWN_PARTICIPANT on NDPR-OX");
  Exec(*m, "HALT i=0");
  EXPECT_EQ(Text(*m, "NEW p=4 BUY px=12000 qty=1"), "HALTED on NDPR-OX");
  EXPECT_EQ(Text(*m, "NEW p=4 i=9 BUY px=12000 qty=1"), "UNKNOWN_INSTRUMENT: unknown instrument 9");
}

TEST(RejectText, ReplaceBelowTheFloorNamesTheNewPrice) {
  FTZ_MARKET(m, kRules);
  const OrderId id = FindAccepted(Exec(*m, "NEW p=2 SELL px=12000 qty=1"))->order.order_id;
  const Events ev = Exec(*m, ReplaceOrder(kUsMiner, 0, id, 10000, 1));
  ASSERT_EQ(ev.size(), 1u) << Lines(ev);
  EXPECT_EQ(m->DescribeReject(ev[0]), "ask 100.00 below NDPR-OX floor 110.00");
}

TEST(RejectText, OriginOnASecondInstrument) {
  FTZ_MARKET(m, kRules);
  // DENY with re-treated transshipment: the origin rule refuses.
  EXPECT_EQ(Text(*m, "NEW p=2 i=1 SELL px=12000 qty=1 origin=CD"),
            "TREAT admits no non-member origin material");
}

}  // namespace
}  // namespace ftz
