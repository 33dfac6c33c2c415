// Stage 3, the hard floor: bids below it are refused; asks below it are refused or
// repriced; a market sell trades down to it only; the check is on the landed price.
#include "fp_test_util.h"
#include "gtest/gtest.h"

namespace ftz {
namespace {

using namespace fp_test;  // NOLINT

constexpr InstrumentId kRej = 0, kRep = 1, kNone = 2;

const std::string kRules = Instrument("REJ", R"pb(
                             floor { hard { price: 100 sell_below: REJECT } }
                             max_open_lots: 50)pb") +
                           Instrument("REP", R"pb(
                             floor { hard { price: 100 sell_below: REPRICE } })pb") +
                           Instrument("NONE", "");

TEST(HardFloor, BuyBelowTheFloorIsRefused) {
  FTZ_MARKET(m, kRules);
  for (InstrumentId i : {kRej, kRep}) {
    const Events ev = Exec(*m, NewLimit(kUsBuyer, i, Side::kBuy, 99, 1));
    ASSERT_EQ(ev.size(), 1u) << Lines(ev);
    EXPECT_EQ(ev[0].rejected.reason, RejectReason::kBelowFloor);
    EXPECT_EQ(ev[0].rejected.limit, 100);
    EXPECT_EQ(ev[0].rejected.price, 99);
    EXPECT_NE(FindAccepted(Exec(*m, NewLimit(kUsBuyer, i, Side::kBuy, 100, 1))), nullptr);
  }
  // No floor: any price in the band.
  EXPECT_NE(FindAccepted(Exec(*m, NewLimit(kUsBuyer, kNone, Side::kBuy, 1, 1))), nullptr);
}

TEST(HardFloor, SellBelowTheFloorIsRefusedWithReject) {
  FTZ_MARKET(m, kRules);
  const Events ev = Exec(*m, NewLimit(kUsMiner, kRej, Side::kSell, 99, 1));
  ASSERT_EQ(ev.size(), 1u) << Lines(ev);
  EXPECT_EQ(ev[0].rejected.reason, RejectReason::kBelowFloor);
  EXPECT_EQ(ev[0].rejected.limit, 100);
  const Events at = Exec(*m, NewLimit(kUsMiner, kRej, Side::kSell, 100, 1));
  ASSERT_NE(FindAccepted(at), nullptr);
  EXPECT_EQ(FindAccepted(at)->price, 100);
  EXPECT_EQ(m->engine().resting_orders(), 1u);
}

TEST(HardFloor, SellBelowTheFloorIsRepricedWithReprice) {
  FTZ_MARKET(m, kRules);
  const Events ev = Exec(*m, NewLimit(kUsMiner, kRep, Side::kSell, 60, 3));
  ASSERT_NE(FindAccepted(ev), nullptr) << Lines(ev);
  EXPECT_EQ(FindAccepted(ev)->price, 100);
  // It trades at the floor, never at 60.
  const std::vector<TradeEvent> t = Trades(Exec(*m, NewLimit(kUsBuyer, kRep, Side::kBuy, 120, 3)));
  ASSERT_EQ(t.size(), 1u);
  EXPECT_EQ(t[0].price, 100);
  EXPECT_EQ(m->policy().total_ledger(kRep).volume_at_floor, 3);
  // A repriced taker's limit is the floor too: a bid at 105 trades at 105.
  Exec(*m, NewLimit(kUsBuyer, kRep, Side::kBuy, 105, 1));
  const std::vector<TradeEvent> taker =
      Trades(Exec(*m, NewLimit(kUsMiner, kRep, Side::kSell, 1, 1)));
  ASSERT_EQ(taker.size(), 1u);
  EXPECT_EQ(taker[0].price, 105);
}

TEST(HardFloor, RepricedPostOnlyThatWouldCrossIsRefused) {
  FTZ_MARKET(m, kRules);
  Exec(*m, NewLimit(kUsBuyer, kRep, Side::kBuy, 100, 1));
  Command c = NewLimit(kUsMiner, kRep, Side::kSell, 90, 1);
  c.post_only = true;
  const Events ev = Exec(*m, c);
  ASSERT_NE(FindReject(ev), nullptr) << Lines(ev);
  EXPECT_EQ(FindReject(ev)->reason, RejectReason::kPostOnlyWouldCross);
  EXPECT_EQ(FindReject(ev)->limit, 100);
}

TEST(HardFloor, MarketSellIsProtectedAtTheFloor) {
  FTZ_MARKET(m, kRules);
  // The admission gives a market sell the floor as its limit (a market buy: none). Asked
  // of a policy under the same rules, as the market's own is only read from outside.
  FloorPolicy policy(m->rules());
  EventBuffer scratch;
  Admission sell = policy.AdmitNew(NewMarket(kUsMiner, kRej, Side::kSell, 5), scratch);
  EXPECT_EQ(sell.reject, RejectReason::kNone);
  EXPECT_EQ(sell.match_limit, 100);
  Admission buy = policy.AdmitNew(NewMarket(kUsBuyer, kRej, Side::kBuy, 5), scratch);
  EXPECT_EQ(buy.match_limit, kMaxPrice);
  Admission none = policy.AdmitNew(NewMarket(kUsMiner, kNone, Side::kSell, 5), scratch);
  EXPECT_LE(none.match_limit, 1);  // no floor: any bid in the band

  // In the book: bids at 105 and 100 (nothing lower can rest): the market sell takes
  // both levels and its remainder is cancelled, not printed below 100.
  Exec(*m, NewLimit(kUsBuyer, kRej, Side::kBuy, 105, 2));
  Exec(*m, NewLimit(kUsBuyer, kRej, Side::kBuy, 100, 2));
  const Events ev = Exec(*m, NewMarket(kUsMiner, kRej, Side::kSell, 10));
  const std::vector<TradeEvent> t = Trades(ev);
  ASSERT_EQ(t.size(), 2u) << Lines(ev);
  EXPECT_EQ(t[0].price, 105);
  EXPECT_EQ(t[1].price, 100);
  ASSERT_EQ(Cancels(ev, CancelReason::kUnfilled).size(), 1u);
  EXPECT_EQ(Cancels(ev, CancelReason::kUnfilled)[0].leaves, 6);
}

TEST(HardFloor, FloorComesBeforeRisk) {
  FTZ_MARKET(m, kRules);
  // 60 lots would break max_open_lots (50) too; the floor refuses first.
  EXPECT_EQ(RejectOf(Exec(*m, NewLimit(kUsBuyer, kRej, Side::kBuy, 99, 60))),
            RejectReason::kBelowFloor);
  EXPECT_EQ(RejectOf(Exec(*m, NewLimit(kUsBuyer, kRej, Side::kBuy, 100, 60))),
            RejectReason::kRiskLimit);
}

TEST(HardFloor, ReplaceBelowTheFloor) {
  FTZ_MARKET(m, kRules);
  const OrderId rej =
      FindAccepted(Exec(*m, NewLimit(kUsMiner, kRej, Side::kSell, 105, 2)))->order.order_id;
  const Events ev = Exec(*m, ReplaceOrder(kUsMiner, kRej, rej, 95, 2));
  ASSERT_EQ(ev.size(), 1u) << Lines(ev);
  EXPECT_EQ(ev[0].rejected.reason, RejectReason::kBelowFloor);
  EXPECT_EQ(ev[0].rejected.command, CommandKind::kReplace);
  EXPECT_EQ(ev[0].rejected.limit, 100);
  ASSERT_NE(m->engine().FindOrder(rej), nullptr);
  EXPECT_EQ(m->engine().FindOrder(rej)->price, 105);  // untouched

  const OrderId bid =
      FindAccepted(Exec(*m, NewLimit(kUsBuyer, kRej, Side::kBuy, 101, 2)))->order.order_id;
  EXPECT_EQ(RejectOf(Exec(*m, ReplaceOrder(kUsBuyer, kRej, bid, 99, 2))),
            RejectReason::kBelowFloor);

  const OrderId rep =
      FindAccepted(Exec(*m, NewLimit(kUsMiner, kRep, Side::kSell, 105, 2)))->order.order_id;
  const Events rp = Exec(*m, ReplaceOrder(kUsMiner, kRep, rep, 95, 2));
  const std::vector<Event> r = OfKind(rp, EventKind::kReplaced);
  ASSERT_EQ(r.size(), 1u) << Lines(rp);
  EXPECT_EQ(r[0].replaced.new_price, 100);
}

TEST(HardFloor, FokSellCountsOnlyBidsAtOrAboveTheFloor) {
  FTZ_MARKET(m, kRules);
  Exec(*m, NewLimit(kUsBuyer, kRep, Side::kBuy, 100, 2));
  Command fok = NewLimit(kUsMiner, kRep, Side::kSell, 50, 3);  // repriced to 100
  fok.tif = TimeInForce::kFok;
  EXPECT_EQ(RejectOf(Exec(*m, fok)), RejectReason::kFokNotFillable);
  fok.qty = 2;
  const std::vector<TradeEvent> t = Trades(Exec(*m, fok));
  ASSERT_EQ(t.size(), 1u);
  EXPECT_EQ(t[0].price, 100);
}

}  // namespace
}  // namespace ftz
