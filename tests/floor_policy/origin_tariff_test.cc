// Stage 2, origin and tariff (sells only): DENY, ADMIT, TARIFF (landed price and per-fill
// duty), VARIABLE_LEVY, and transshipment (counted, then rejected or re-treated).
#include "fp_test_util.h"
#include "gtest/gtest.h"

namespace ftz {
namespace {

using namespace fp_test;  // NOLINT

constexpr InstrumentId kTar = 0, kLevy = 1, kDeny = 2, kAdmit = 3, kTarFloor = 4;

const std::string kRules = Instrument("TAR", R"pb(
                             non_member_origin { kind: TARIFF tariff_rate: 0.25 }
                             transshipment: TREAT_AS_NON_MEMBER)pb") +
                           Instrument("LEVY", R"pb(
                             floor { hard { price: 18000 } }
                             non_member_origin { kind: VARIABLE_LEVY reference_price: 22000 }
                             transshipment: REJECT_TRANSSHIPMENT)pb") +
                           Instrument("DENY", R"pb(
                             non_member_origin { kind: DENY }
                             transshipment: TREAT_AS_NON_MEMBER)pb") +
                           Instrument("ADMIT", R"pb(
                             non_member_origin { kind: ADMIT })pb") +
                           Instrument("TARF", R"pb(
                             floor { hard { price: 130 } }
                             non_member_origin { kind: TARIFF tariff_rate: 0.25 })pb");

TEST(Origin, DenyRefusesNonMemberOrigin) {
  FTZ_MARKET(m, kRules);
  // us-trader is a member certified for CN material: no transshipment, but DENY.
  const Events ev = Exec(*m, "NEW p=6 i=2 SELL px=100 qty=1 origin=CN");
  ASSERT_EQ(ev.size(), 1u) << Lines(ev);
  EXPECT_EQ(RejectOf(ev), RejectReason::kOriginNotAllowed);
  // Its own (member) origin is fine.
  EXPECT_NE(FindAccepted(Exec(*m, "NEW p=6 i=2 SELL px=100 qty=1")), nullptr);
  EXPECT_NE(FindAccepted(Exec(*m, "NEW p=6 i=2 SELL px=100 qty=1 origin=US")), nullptr);
}

TEST(Origin, AdmitIsDutyFree) {
  FTZ_MARKET(m, kRules);
  const Events sell = Exec(*m, "NEW p=7 i=3 SELL px=100 qty=2");
  ASSERT_NE(FindAccepted(sell), nullptr) << Lines(sell);
  EXPECT_EQ(FindAccepted(sell)->price, 100);
  const Events buy = Exec(*m, "NEW p=4 i=3 BUY px=100 qty=2");
  const std::vector<TradeEvent> t = Trades(buy);
  ASSERT_EQ(t.size(), 1u) << Lines(buy);
  EXPECT_EQ(t[0].duty, 0);
  EXPECT_TRUE(OfKind(buy, EventKind::kDuty).empty());
  EXPECT_EQ(m->policy().total_ledger(kAdmit).non_member_volume, 2);
}

TEST(Tariff, RestsAtTheLandedPriceAndWithholdsDutyPerFill) {
  FTZ_MARKET(m, kRules);
  // N = 100, r = 25%: L = 100 + ceil(25) = 125.
  const Events sell = Exec(*m, "NEW p=7 i=0 SELL px=100 qty=4");
  ASSERT_NE(FindAccepted(sell), nullptr) << Lines(sell);
  EXPECT_EQ(FindAccepted(sell)->price, 125);
  // Below the landed price nothing trades.
  EXPECT_TRUE(Trades(Exec(*m, "NEW p=4 i=0 BUY px=124 qty=1 tif=IOC")).empty());
  // At 125: duty floor(125 x 0.25 / 1.25) = 25 a lot, 75 for 3 lots.
  const Events buy = Exec(*m, "NEW p=4 i=0 BUY px=125 qty=3");
  const std::vector<TradeEvent> t = Trades(buy);
  ASSERT_EQ(t.size(), 1u) << Lines(buy);
  EXPECT_EQ(t[0].price, 125);
  EXPECT_EQ(t[0].qty, 3);
  EXPECT_EQ(t[0].duty, 75);
  EXPECT_EQ(t[0].top_up, 0);
  const std::vector<SellerPaymentEvent> duty = Payloads(buy, EventKind::kDuty, &Event::payment);
  ASSERT_EQ(duty.size(), 1u);
  EXPECT_EQ(duty[0].seller, kCnExporter);
  EXPECT_EQ(duty[0].trade_id, t[0].trade_id);
  EXPECT_EQ(duty[0].qty, 3);
  EXPECT_EQ(duty[0].amount, 75);
  // The DUTY event follows its trade.
  ASSERT_GE(buy.size(), 3u);
  EXPECT_EQ(buy[1].kind, EventKind::kTrade);
  EXPECT_EQ(buy[2].kind, EventKind::kDuty);

  const Ledger& l = m->policy().total_ledger(kTar);
  EXPECT_EQ(l.buyer_paid, 375);
  EXPECT_EQ(l.seller_net, 300);  // the seller's net price x qty exactly
  EXPECT_EQ(l.duties, 75);
  EXPECT_EQ(l.volume, 3);
  EXPECT_EQ(l.non_member_volume, 3);
  EXPECT_EQ(l.trades, 1);
}

TEST(Tariff, LandedPriceRoundsUpAndTheSellerNetsAtLeastItsPrice) {
  FTZ_MARKET(m, kRules);
  // N = 101: L = 101 + ceil(25.25) = 127; duty at 127 = floor(25.4) = 25; net 102 >= 101.
  const Events sell = Exec(*m, "NEW p=7 i=0 SELL px=101 qty=1");
  ASSERT_NE(FindAccepted(sell), nullptr);
  EXPECT_EQ(FindAccepted(sell)->price, 127);
  const std::vector<TradeEvent> t = Trades(Exec(*m, "NEW p=4 i=0 BUY MARKET qty=1"));
  ASSERT_EQ(t.size(), 1u);
  EXPECT_EQ(t[0].price, 127);
  EXPECT_EQ(t[0].duty, 25);
  for (Price n = 1; n <= 400; ++n) {  // the same bound for every price
    const Price landed = n + (n * 2500 + 9999) / 10000;
    const Price duty = landed * 2500 / 12500;
    EXPECT_GE(landed - duty, n) << n;
  }
}

TEST(Tariff, DutyIsOnTheTradePriceWhenTheSellTakesAHigherBid) {
  FTZ_MARKET(m, kRules);
  Exec(*m, "NEW p=4 i=0 BUY px=130 qty=2");
  // N = 100 lands at 125 and trades at the bid's 130: duty floor(130 x 0.2) = 26 a lot.
  const std::vector<TradeEvent> t = Trades(Exec(*m, "NEW p=7 i=0 SELL px=100 qty=1"));
  ASSERT_EQ(t.size(), 1u);
  EXPECT_EQ(t[0].price, 130);
  EXPECT_EQ(t[0].duty, 26);
  // A market sell of non-member material pays the same.
  const std::vector<TradeEvent> mk = Trades(Exec(*m, "NEW p=7 i=0 SELL MARKET qty=1"));
  ASSERT_EQ(mk.size(), 1u);
  EXPECT_EQ(mk[0].duty, 26);
}

TEST(Tariff, MemberOriginPaysNothing) {
  FTZ_MARKET(m, kRules);
  const Events sell = Exec(*m, "NEW p=2 i=0 SELL px=100 qty=1");
  ASSERT_NE(FindAccepted(sell), nullptr);
  EXPECT_EQ(FindAccepted(sell)->price, 100);
  const std::vector<TradeEvent> t = Trades(Exec(*m, "NEW p=4 i=0 BUY px=100 qty=1"));
  ASSERT_EQ(t.size(), 1u);
  EXPECT_EQ(t[0].duty, 0);
  EXPECT_EQ(m->policy().total_ledger(kTar).non_member_volume, 0);
}

TEST(Tariff, LandedPriceMeetsTheFloorAndTheBand) {
  FTZ_MARKET(m, kRules);
  // Floor 130: N = 100 lands at 125 -> BELOW_FLOOR (limit: the floor); N = 104 at 130.
  const Events low = Exec(*m, "NEW p=7 i=4 SELL px=100 qty=1");
  ASSERT_NE(FindReject(low), nullptr) << Lines(low);
  EXPECT_EQ(FindReject(low)->reason, RejectReason::kBelowFloor);
  EXPECT_EQ(FindReject(low)->limit, 130);
  const Events ok = Exec(*m, "NEW p=7 i=4 SELL px=104 qty=1");
  ASSERT_NE(FindAccepted(ok), nullptr) << Lines(ok);
  EXPECT_EQ(FindAccepted(ok)->price, 130);
  // N = 90000 lands at 112500, above the band's 100000.
  const Events high = Exec(*m, "NEW p=7 i=0 SELL px=90000 qty=1");
  ASSERT_NE(FindReject(high), nullptr);
  EXPECT_EQ(FindReject(high)->reason, RejectReason::kBadPrice);
  EXPECT_EQ(FindReject(high)->limit, 100000);
  (void)kTarFloor;
}

TEST(Tariff, ReplaceLandsTheNewNetPrice) {
  FTZ_MARKET(m, kRules);
  const AcceptedEvent a = *FindAccepted(Exec(*m, "NEW p=7 i=0 SELL px=100 qty=4"));
  const Events rep = Exec(*m, ReplaceOrder(kCnExporter, kTar, a.order.order_id, 200, 4));
  const std::vector<Event> r = OfKind(rep, EventKind::kReplaced);
  ASSERT_EQ(r.size(), 1u) << Lines(rep);
  EXPECT_EQ(r[0].replaced.old_price, 125);
  EXPECT_EQ(r[0].replaced.new_price, 250);
  EXPECT_FALSE(r[0].replaced.priority_kept);
  // The same net price and less quantity keeps priority: 250 is still the landed price.
  const Events keep = Exec(*m, ReplaceOrder(kCnExporter, kTar, a.order.order_id, 200, 2));
  const std::vector<Event> k = OfKind(keep, EventKind::kReplaced);
  ASSERT_EQ(k.size(), 1u) << Lines(keep);
  EXPECT_TRUE(k[0].replaced.priority_kept);
  EXPECT_EQ(k[0].replaced.new_price, 250);
}

TEST(VariableLevy, LiftsTheAskToTheReferenceAndFixesTheLevy) {
  FTZ_MARKET(m, kRules);
  // N = 20000 < R = 22000: rests at 22000, levy 2000 a lot.
  const Events sell = Exec(*m, "NEW p=7 i=1 SELL px=20000 qty=2");
  ASSERT_NE(FindAccepted(sell), nullptr) << Lines(sell);
  EXPECT_EQ(FindAccepted(sell)->price, 22000);
  const std::vector<TradeEvent> t = Trades(Exec(*m, "NEW p=4 i=1 BUY px=22000 qty=2"));
  ASSERT_EQ(t.size(), 1u);
  EXPECT_EQ(t[0].duty, 4000);
  // N = 23000 >= R: no levy.
  ASSERT_EQ(FindAccepted(Exec(*m, "NEW p=7 i=1 SELL px=23000 qty=1"))->price, 23000);
  const Events free = Exec(*m, "NEW p=4 i=1 BUY px=23000 qty=1");
  ASSERT_EQ(Trades(free).size(), 1u);
  EXPECT_EQ(Trades(free)[0].duty, 0);
  EXPECT_TRUE(OfKind(free, EventKind::kDuty).empty());
  // The levy is fixed at acceptance: N = 20000 taking a bid at 22500 still pays 2000.
  Exec(*m, "NEW p=4 i=1 BUY px=22500 qty=1");
  const std::vector<TradeEvent> up = Trades(Exec(*m, "NEW p=7 i=1 SELL px=20000 qty=1"));
  ASSERT_EQ(up.size(), 1u);
  EXPECT_EQ(up[0].price, 22500);
  EXPECT_EQ(up[0].duty, 2000);
  EXPECT_EQ(m->policy().total_ledger(kLevy).duties, 6000);
}

TEST(VariableLevy, ReplaceKeepingPriorityRefixesTheLevy) {
  FTZ_MARKET(m, kRules);
  const AcceptedEvent a = *FindAccepted(Exec(*m, "NEW p=7 i=1 SELL px=20000 qty=2"));
  ASSERT_EQ(a.price, 22000);
  // N 20000 -> 21000: still lands at 22000 (priority kept), the levy is now 1000.
  const Events rep = Exec(*m, ReplaceOrder(kCnExporter, kLevy, a.order.order_id, 21000, 1));
  const std::vector<Event> r = OfKind(rep, EventKind::kReplaced);
  ASSERT_EQ(r.size(), 1u) << Lines(rep);
  EXPECT_TRUE(r[0].replaced.priority_kept);
  EXPECT_EQ(r[0].replaced.new_price, 22000);
  const std::vector<TradeEvent> t = Trades(Exec(*m, "NEW p=4 i=1 BUY px=22000 qty=1"));
  ASSERT_EQ(t.size(), 1u);
  EXPECT_EQ(t[0].duty, 1000);
}

TEST(VariableLevy, AMarketSellMustReachTheReference) {
  FTZ_MARKET(m, kRules);
  Exec(*m, "NEW p=4 i=1 BUY px=21000 qty=3");
  Exec(*m, "NEW p=4 i=1 BUY px=22500 qty=2");
  const Events ev = Exec(*m, "NEW p=7 i=1 SELL MARKET qty=5");
  const std::vector<TradeEvent> t = Trades(ev);
  ASSERT_EQ(t.size(), 1u) << Lines(ev);
  EXPECT_EQ(t[0].price, 22500);
  EXPECT_EQ(t[0].qty, 2);
  EXPECT_EQ(t[0].duty, 0);  // it trades at or above R: nothing to levy
  const std::vector<CancelledEvent> rest = Cancels(ev, CancelReason::kUnfilled);
  ASSERT_EQ(rest.size(), 1u);
  EXPECT_EQ(rest[0].leaves, 3);
  // A member's market sell trades down to the hard floor (18000), so reaches 21000.
  const std::vector<TradeEvent> member = Trades(Exec(*m, "NEW p=2 i=1 SELL MARKET qty=3"));
  ASSERT_EQ(member.size(), 1u);
  EXPECT_EQ(member[0].price, 21000);
}

TEST(Transshipment, RejectedAndCounted) {
  FTZ_MARKET(m, kRules);
  // us-miner is certified for nothing but US: CN material on LEVY is a transshipment.
  const Events ev = Exec(*m, "NEW p=2 i=1 SELL px=23000 qty=1 origin=CN");
  ASSERT_EQ(ev.size(), 2u) << Lines(ev);
  EXPECT_EQ(ev[0].kind, EventKind::kTransshipment);
  EXPECT_EQ(ev[0].transshipment.seller, kUsMiner);
  EXPECT_EQ(ev[0].transshipment.origin, kCN);
  EXPECT_EQ(ev[0].transshipment.attempts, 1);
  EXPECT_TRUE(ev[0].transshipment.rejected);
  EXPECT_EQ(RejectOf(ev), RejectReason::kTransshipment);
  // A member origin it is not certified for is a transshipment too; the count goes on.
  const Events au = Exec(*m, "NEW p=2 i=1 SELL px=23000 qty=1 origin=AU");
  const std::vector<TransshipmentEvent> ts =
      Payloads(au, EventKind::kTransshipment, &Event::transshipment);
  ASSERT_EQ(ts.size(), 1u);
  EXPECT_EQ(ts[0].origin, kAU);
  EXPECT_EQ(ts[0].attempts, 2);
  EXPECT_EQ(RejectOf(au), RejectReason::kTransshipment);
  // Certified origins and the seller's own are not: sg-trader is certified for AU.
  EXPECT_TRUE(
      OfKind(Exec(*m, "NEW p=5 i=1 SELL px=23000 qty=1 origin=AU"), EventKind::kTransshipment)
          .empty());
  EXPECT_TRUE(
      OfKind(Exec(*m, "NEW p=2 i=1 SELL px=23000 qty=1 origin=US"), EventKind::kTransshipment)
          .empty());
  // Buys carry no origin.
  EXPECT_EQ(RejectOf(Exec(*m, "NEW p=4 i=1 BUY px=19000 qty=1 origin=CN")), RejectReason::kNone);
  EXPECT_EQ(m->policy().total_ledger(kLevy).transshipments, 2);
  EXPECT_EQ(m->policy().period_ledger(kLevy).transshipments, 2);
  EXPECT_EQ(m->policy().total_ledger(kTar).transshipments, 0);  // counted per instrument
}

TEST(Transshipment, ReTreatedAsNonMemberOrigin) {
  FTZ_MARKET(m, kRules);
  // AU is a member, but us-miner is not certified for it: the material is handled as
  // non-member origin and pays the tariff: 100 lands at 125.
  const Events ev = Exec(*m, "NEW p=2 i=0 SELL px=100 qty=2 origin=AU");
  const std::vector<TransshipmentEvent> ts =
      Payloads(ev, EventKind::kTransshipment, &Event::transshipment);
  ASSERT_EQ(ts.size(), 1u) << Lines(ev);
  EXPECT_EQ(ts[0].origin, kAU);
  EXPECT_EQ(ts[0].attempts, 1);
  EXPECT_FALSE(ts[0].rejected);
  EXPECT_EQ(ev[0].kind, EventKind::kTransshipment);  // counted before it is accepted
  ASSERT_NE(FindAccepted(ev), nullptr);
  EXPECT_EQ(FindAccepted(ev)->price, 125);
  const std::vector<TradeEvent> t = Trades(Exec(*m, "NEW p=4 i=0 BUY px=125 qty=2"));
  ASSERT_EQ(t.size(), 1u);
  EXPECT_EQ(t[0].duty, 50);
  EXPECT_EQ(m->policy().total_ledger(kTar).non_member_volume, 2);
  // A non-member selling material of a third origin is a transshipment as well.
  const Events cd = Exec(*m, "NEW p=7 i=0 SELL px=100 qty=1 origin=CD");
  ASSERT_EQ(OfKind(cd, EventKind::kTransshipment).size(), 1u);
  EXPECT_EQ(OfKind(cd, EventKind::kTransshipment)[0].transshipment.attempts, 2);
  EXPECT_EQ(FindAccepted(cd)->price, 125);
}

TEST(Transshipment, CountedEvenWhenALaterStageRefuses) {
  FTZ_MARKET(m, kRules);
  // Re-treated as non-member on a DENY instrument: counted, then ORIGIN_NOT_ALLOWED.
  const Events ev = Exec(*m, "NEW p=2 i=2 SELL px=100 qty=1 origin=AU");
  ASSERT_EQ(ev.size(), 2u) << Lines(ev);
  EXPECT_EQ(ev[0].kind, EventKind::kTransshipment);
  EXPECT_FALSE(ev[0].transshipment.rejected);
  EXPECT_EQ(RejectOf(ev), RejectReason::kOriginNotAllowed);
  EXPECT_EQ(m->policy().total_ledger(kDeny).transshipments, 1);
}

}  // namespace
}  // namespace ftz
