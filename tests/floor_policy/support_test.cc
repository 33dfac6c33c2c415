// Price support (contract for difference): member sellers of member-origin material are
// topped up to the support floor and pay back a share of the upside above the strike.
#include "fp_test_util.h"
#include "gtest/gtest.h"

namespace ftz {
namespace {

using namespace fp_test;  // NOLINT

// Support floor 100, strike 150, share 50%; non-member material pays a 25% tariff.
const std::string kRules = Instrument("SUP", R"pb(
  floor { support { floor: 100 upside_strike: 150 upside_share: 0.5 } }
  non_member_origin { kind: TARIFF tariff_rate: 0.25 }
  transshipment: TREAT_AS_NON_MEMBER)pb");

// Rests a sell, lifts it with a buy at the same price, returns the trade and its events.
Events Cross(Market& m, const std::string& sell, Price buy_price, Qty qty) {
  Exec(m, sell);
  return Exec(m, NewLimit(kUsBuyer, 0, Side::kBuy, buy_price, qty));
}

TEST(Support, TopsUpFillsBelowTheSupportFloor) {
  FTZ_MARKET(m, kRules);
  const Events ev = Cross(*m, "NEW p=2 SELL px=90 qty=3", 90, 3);
  const std::vector<TradeEvent> t = Trades(ev);
  ASSERT_EQ(t.size(), 1u) << Lines(ev);
  EXPECT_EQ(t[0].price, 90);
  EXPECT_EQ(t[0].top_up, 30);  // (100 - 90) x 3
  EXPECT_EQ(t[0].duty, 0);
  const std::vector<SellerPaymentEvent> top = Payloads(ev, EventKind::kTopUp, &Event::payment);
  ASSERT_EQ(top.size(), 1u);
  EXPECT_EQ(top[0].seller, kUsMiner);
  EXPECT_EQ(top[0].trade_id, t[0].trade_id);
  EXPECT_EQ(top[0].qty, 3);
  EXPECT_EQ(top[0].amount, 30);
  // The seller as taker is topped up the same way: (100 - 80) x 2.
  Exec(*m, "NEW p=4 BUY px=80 qty=2");
  const std::vector<TradeEvent> taker = Trades(Exec(*m, "NEW p=2 SELL px=80 qty=2"));
  ASSERT_EQ(taker.size(), 1u);
  EXPECT_EQ(taker[0].top_up, 40);
}

TEST(Support, NothingBetweenTheFloorAndTheStrike) {
  FTZ_MARKET(m, kRules);
  for (Price px : {100, 120, 150}) {
    const Events ev = Cross(*m, absl::StrCat("NEW p=2 SELL qty=1 px=", px), px, 1);
    ASSERT_EQ(Trades(ev).size(), 1u) << Lines(ev);
    EXPECT_EQ(Trades(ev)[0].top_up, 0) << px;
    EXPECT_TRUE(OfKind(ev, EventKind::kTopUp).empty()) << px;
  }
}

TEST(Support, ClawsBackAShareOfTheUpside) {
  FTZ_MARKET(m, kRules);
  // 50% x (161 - 150) x 3 = 16.5: the seller pays back 16 (rounded toward the seller).
  const Events ev = Cross(*m, "NEW p=2 SELL px=161 qty=3", 161, 3);
  ASSERT_EQ(Trades(ev).size(), 1u) << Lines(ev);
  EXPECT_EQ(Trades(ev)[0].top_up, -16);
  const std::vector<SellerPaymentEvent> top = Payloads(ev, EventKind::kTopUp, &Event::payment);
  ASSERT_EQ(top.size(), 1u);
  EXPECT_EQ(top[0].amount, -16);
  // 50% x (170 - 150) x 2 = 20.
  EXPECT_EQ(Trades(Cross(*m, "NEW p=2 SELL px=170 qty=2", 170, 2))[0].top_up, -20);
}

TEST(Support, NonMemberSellersAndNonMemberOriginGetNone) {
  FTZ_MARKET(m, kRules);
  // A non-member seller: N = 72 lands at 90; it pays duty floor(90 x 0.2) = 18 a lot and
  // is not topped up although 90 < 100.
  const Events cn = Cross(*m, "NEW p=7 SELL px=72 qty=1", 90, 1);
  ASSERT_EQ(Trades(cn).size(), 1u) << Lines(cn);
  EXPECT_EQ(Trades(cn)[0].price, 90);
  EXPECT_EQ(Trades(cn)[0].duty, 18);
  EXPECT_EQ(Trades(cn)[0].top_up, 0);
  EXPECT_TRUE(OfKind(cn, EventKind::kTopUp).empty());
  // A member selling certified non-member (CN) material: none either.
  const Events cert = Cross(*m, "NEW p=6 SELL px=72 qty=1 origin=CN", 90, 1);
  ASSERT_EQ(Trades(cert).size(), 1u) << Lines(cert);
  EXPECT_EQ(Trades(cert)[0].top_up, 0);
  EXPECT_EQ(Trades(cert)[0].duty, 18);
  // Transshipped material re-treated as non-member origin: none.
  const Events tr = Cross(*m, "NEW p=2 SELL px=72 qty=1 origin=AU", 90, 1);
  ASSERT_EQ(Trades(tr).size(), 1u) << Lines(tr);
  EXPECT_EQ(Trades(tr)[0].top_up, 0);
  // A member selling certified member material of another jurisdiction: topped up.
  const Events sg = Cross(*m, "NEW p=5 SELL px=90 qty=1 origin=AU", 90, 1);
  ASSERT_EQ(Trades(sg).size(), 1u) << Lines(sg);
  EXPECT_EQ(Trades(sg)[0].top_up, 10);
  EXPECT_EQ(Trades(sg)[0].duty, 0);
}

TEST(Support, RejectsNothingAndBooksThePeriod) {
  FTZ_MARKET(m, kRules);
  EXPECT_EQ(Trades(Cross(*m, "NEW p=2 SELL px=1 qty=1", 1, 1))[0].top_up, 99);
  Cross(*m, "NEW p=2 SELL px=90 qty=3", 90, 3);    // +30
  Cross(*m, "NEW p=2 SELL px=161 qty=3", 161, 3);  // -16
  const Ledger& l = m->policy().period_ledger(0);
  EXPECT_EQ(l.top_ups, 99 + 30 - 16);
  EXPECT_EQ(l.seller_net, l.buyer_paid);  // top-ups are not part of the trade's money
  const Events end = Exec(*m, EndPeriod());
  const std::vector<PeriodClosedEvent> closed =
      Payloads(end, EventKind::kPeriodClosed, &Event::period_closed);
  ASSERT_EQ(closed.size(), 1u) << Lines(end);
  EXPECT_EQ(closed[0].top_ups, 113);
  EXPECT_EQ(m->policy().period_ledger(0).top_ups, 0);
  EXPECT_EQ(m->policy().total_ledger(0).top_ups, 113);
}

TEST(Support, AboveTheHardFloorTopsUpSalesIntoTheStockpile) {
  // Hard floor 100 with a stockpile bid there, support at 120: a member selling at the
  // floor is topped up by 20 a lot.
  FTZ_MARKET(m, Instrument("SF", R"pb(
               floor {
                 hard { price: 100 }
                 stockpile { budget: 1000 }
                 support { floor: 120 }
               })pb"));
  const Events ev = Exec(*m, "NEW p=2 SELL px=100 qty=2");
  ASSERT_EQ(Trades(ev).size(), 1u) << Lines(ev);
  EXPECT_EQ(Trades(ev)[0].maker.participant, kVault);
  EXPECT_EQ(Trades(ev)[0].top_up, 40);
  ASSERT_EQ(OfKind(ev, EventKind::kStockpileBuy).size(), 1u);
  ASSERT_EQ(OfKind(ev, EventKind::kTopUp).size(), 1u);
}

}  // namespace
}  // namespace ftz
