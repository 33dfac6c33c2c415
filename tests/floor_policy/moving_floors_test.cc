// Floors that move: indexed (ratio x trailing VWAP, clamped, rounded down), scheduled,
// admin SET_FLOOR; FLOOR_CHANGED then FLOOR_RAISED cancels; SET_TARIFF.
#include "fp_test_util.h"
#include "gtest/gtest.h"

namespace ftz {
namespace {

using namespace fp_test;  // NOLINT

// Trades qty at px between us-miner (resting sell) and us-buyer.
void Trade(Market& m, InstrumentId i, Price px, Qty qty) {
  Exec(m, NewLimit(kUsMiner, i, Side::kSell, px, qty));
  const std::vector<TradeEvent> t = Trades(Exec(m, NewLimit(kUsBuyer, i, Side::kBuy, px, qty)));
  ASSERT_EQ(t.size(), 1u) << "no trade at " << px;
  ASSERT_EQ(t[0].qty, qty);
}

std::vector<FloorChangedEvent> FloorChanges(const Events& ev) {
  return Payloads(ev, EventKind::kFloorChanged, &Event::floor_changed);
}

void ExpectChange(const Events& ev, Price from, Price to, FloorChangeCause cause) {
  const std::vector<FloorChangedEvent> f = FloorChanges(ev);
  ASSERT_EQ(f.size(), 1u) << Lines(ev);
  EXPECT_EQ(f[0].old_floor, from);
  EXPECT_EQ(f[0].new_floor, to);
  EXPECT_EQ(f[0].cause, cause);
}

TEST(IndexedFloor, FollowsTheTrailingVwap) {
  // 80% of the VWAP of the last 2 closed periods, clamped to [90, 200].
  FTZ_MARKET(m, Instrument("IDX", R"pb(
               floor {
                 hard { price: 100 }
                 indexed { ratio: 0.8 periods: 2 min: 90 max: 200 }
               })pb"));
  // Period 0: 10 lots at 150.
  Trade(*m, 0, 150, 10);
  const OrderId bid110 = FindAccepted(Exec(*m, "NEW p=4 BUY px=110 qty=1"))->order.order_id;
  const OrderId ask115 = FindAccepted(Exec(*m, "NEW p=2 SELL px=115 qty=1"))->order.order_id;
  const OrderId ask125 = FindAccepted(Exec(*m, "NEW p=2 SELL px=125 qty=1"))->order.order_id;
  // 0.8 x 150 = 120: PERIOD_CLOSED, FLOOR_CHANGED, then both orders below 120 go.
  const Events e0 = Exec(*m, EndPeriod());
  ExpectChange(e0, 100, 120, FloorChangeCause::kIndexed);
  ASSERT_GE(e0.size(), 6u) << Lines(e0);
  EXPECT_EQ(e0[0].kind, EventKind::kPeriodClosed);
  EXPECT_EQ(e0[1].kind, EventKind::kFloorChanged);
  const std::vector<CancelledEvent> raised = Cancels(e0, CancelReason::kFloorRaised);
  ASSERT_EQ(raised.size(), 2u) << Lines(e0);
  EXPECT_EQ(raised[0].order.order_id, bid110);  // bids first, then asks
  EXPECT_EQ(raised[1].order.order_id, ask115);
  EXPECT_NE(m->engine().FindOrder(ask125), nullptr);
  EXPECT_EQ(m->policy().floor(0), 120);

  // Period 1: 1 at 125 (the ask left from period 0), 5 at 130, 14 at 210: 3715 for 20 lots. Window
  // {0, 1}: 0.8 x (1500 + 3715) / 30 = 139.07 -> 139.
  ASSERT_EQ(Trades(Exec(*m, "NEW p=4 BUY px=125 qty=1")).size(), 1u);  // the resting ask
  Trade(*m, 0, 130, 5);
  Trade(*m, 0, 210, 14);
  ExpectChange(Exec(*m, EndPeriod()), 120, 139, FloorChangeCause::kIndexed);
  // Period 2 without trades: window {1, 2}: 0.8 x 3715 / 20 = 148.6 -> 148.
  ExpectChange(Exec(*m, EndPeriod()), 139, 148, FloorChangeCause::kIndexed);
  // Period 3 without trades: the window {2, 3} has none: unchanged.
  EXPECT_TRUE(FloorChanges(Exec(*m, EndPeriod())).empty());
  EXPECT_EQ(m->policy().floor(0), 148);
  // Period 4: 10 at 300: 240, clamped to 200.
  Trade(*m, 0, 300, 10);
  ExpectChange(Exec(*m, EndPeriod()), 148, 200, FloorChangeCause::kIndexed);
  EXPECT_EQ(m->policy().period(), 5u);
}

TEST(IndexedFloor, RoundsDownAndClampsFromBelow) {
  FTZ_MARKET(m, Instrument("A", R"pb(
                  floor {
                    hard { price: 100 }
                    indexed { ratio: 0.8 periods: 1 min: 90 max: 1000 }
                  })pb") +
                    Instrument("B", R"pb(
                      floor {
                        hard { price: 100 }
                        indexed { ratio: 0.5 periods: 1 min: 95 }
                      })pb"));
  // 1 at 151 and 1 at 152: 0.8 x 151.5 = 121.2 -> 121. At 0.5: 75.75 -> clamped to 95
  // (the floor falls; nothing is cancelled).
  for (InstrumentId i : {0u, 1u}) {
    Trade(*m, i, 151, 1);
    Trade(*m, i, 152, 1);
  }
  Exec(*m, "NEW p=4 i=1 BUY px=100 qty=1");
  const Events ev = Exec(*m, EndPeriod());
  const std::vector<Event> changes = OfKind(ev, EventKind::kFloorChanged);
  ASSERT_EQ(changes.size(), 2u) << Lines(ev);
  EXPECT_EQ(changes[0].instrument, 0u);
  EXPECT_EQ(changes[0].floor_changed.new_floor, 121);
  EXPECT_EQ(changes[1].instrument, 1u);
  EXPECT_EQ(changes[1].floor_changed.new_floor, 95);
  EXPECT_TRUE(Cancels(ev, CancelReason::kFloorRaised).empty());
}

TEST(ScheduledFloor, SetsTheFloorWhenItsPeriodStarts) {
  FTZ_MARKET(m, Instrument("SCH", R"pb(
               floor {
                 hard { price: 40 }
                 schedule { period: 0 price: 50 }
                 schedule { period: 2 price: 60 }
                 schedule { period: 3 price: 55 }
               })pb"));
  // The period-0 entry applies at the opening, silently.
  EXPECT_EQ(m->policy().floor(0), 50);
  EXPECT_EQ(RejectOf(Exec(*m, "NEW p=4 BUY px=45 qty=1")), RejectReason::kBelowFloor);
  const OrderId bid = FindAccepted(Exec(*m, "NEW p=4 BUY px=55 qty=1"))->order.order_id;
  EXPECT_TRUE(FloorChanges(Exec(*m, EndPeriod())).empty());  // period 1 starts
  const Events p2 = Exec(*m, EndPeriod());                   // period 2 starts
  ExpectChange(p2, 50, 60, FloorChangeCause::kScheduled);
  ASSERT_EQ(Cancels(p2, CancelReason::kFloorRaised).size(), 1u);
  EXPECT_EQ(Cancels(p2, CancelReason::kFloorRaised)[0].order.order_id, bid);
  const Events p3 = Exec(*m, EndPeriod());
  ExpectChange(p3, 60, 55, FloorChangeCause::kScheduled);
  EXPECT_TRUE(Cancels(p3, CancelReason::kFloorRaised).empty());
  EXPECT_TRUE(FloorChanges(Exec(*m, EndPeriod())).empty());
  EXPECT_EQ(m->policy().floor(0), 55);
}

TEST(ScheduledFloor, WinsOverTheIndexedFloorInItsPeriod) {
  FTZ_MARKET(m, Instrument("BOTH", R"pb(
               floor {
                 hard { price: 100 }
                 indexed { ratio: 1 periods: 1 min: 1 max: 1000 }
                 schedule { period: 1 price: 300 }
               })pb"));
  Trade(*m, 0, 150, 1);
  ExpectChange(Exec(*m, EndPeriod()), 100, 300, FloorChangeCause::kScheduled);
  Trade(*m, 0, 310, 1);
  ExpectChange(Exec(*m, EndPeriod()), 300, 310, FloorChangeCause::kIndexed);
}

TEST(AdminFloor, SetFloorCancelsWhatIsBelowAndTakesEffectAtOnce) {
  FTZ_MARKET(m, Instrument("ADM", "floor { hard { price: 100 } }") + Instrument("OTHER", ""));
  const OrderId b105 = FindAccepted(Exec(*m, "NEW p=4 BUY px=105 qty=1"))->order.order_id;
  const OrderId a110 = FindAccepted(Exec(*m, "NEW p=2 SELL px=110 qty=1"))->order.order_id;
  const OrderId a130 = FindAccepted(Exec(*m, "NEW p=2 SELL px=130 qty=1"))->order.order_id;
  const OrderId other = FindAccepted(Exec(*m, "NEW p=4 i=1 BUY px=50 qty=1"))->order.order_id;
  const Events ev = Exec(*m, "SET_FLOOR i=0 px=120");
  ASSERT_EQ(ev.size(), 5u) << Lines(ev);
  EXPECT_EQ(ev[0].kind, EventKind::kFloorChanged);
  EXPECT_EQ(ev[0].floor_changed.old_floor, 100);
  EXPECT_EQ(ev[0].floor_changed.new_floor, 120);
  EXPECT_EQ(ev[0].floor_changed.cause, FloorChangeCause::kAdmin);
  EXPECT_EQ(ev[1].cancelled.order.order_id, b105);
  EXPECT_EQ(ev[1].cancelled.reason, CancelReason::kFloorRaised);
  EXPECT_EQ(ev[2].kind, EventKind::kLevelChanged);
  EXPECT_EQ(ev[3].cancelled.order.order_id, a110);
  EXPECT_EQ(ev[3].cancelled.reason, CancelReason::kFloorRaised);
  EXPECT_NE(m->engine().FindOrder(a130), nullptr);
  EXPECT_NE(m->engine().FindOrder(other), nullptr);  // another instrument
  const Events below = Exec(*m, "NEW p=4 BUY px=119 qty=1");
  ASSERT_NE(FindReject(below), nullptr);
  EXPECT_EQ(FindReject(below)->limit, 120);
  // The same floor again: nothing happens.
  EXPECT_TRUE(Exec(*m, "SET_FLOOR i=0 px=120").empty());
  // 0 removes the floor.
  ExpectChange(Exec(*m, "SET_FLOOR i=0 px=0"), 120, 0, FloorChangeCause::kAdmin);
  EXPECT_NE(FindAccepted(Exec(*m, "NEW p=4 BUY px=1 qty=1")), nullptr);
  EXPECT_EQ(m->policy().floor(0), 0);
  // Negative: refused; unknown instrument: refused.
  EXPECT_EQ(RejectOf(Exec(*m, "SET_FLOOR i=0 px=-5")), RejectReason::kBadCommand);
  EXPECT_EQ(RejectOf(Exec(*m, "SET_FLOOR i=7 px=5")), RejectReason::kUnknownInstrument);
  EXPECT_TRUE(m->engine().Validate().ok());
}

TEST(AdminTariff, ChangesNewLandedPricesAndLaterDuties) {
  FTZ_MARKET(m, Instrument("TAR", "non_member_origin { kind: TARIFF tariff_rate: 0.25 }"));
  ASSERT_EQ(FindAccepted(Exec(*m, "NEW p=7 SELL px=100 qty=1"))->price, 125);
  const Events ev = Exec(*m, "SET_TARIFF i=0 qty=5000");
  ASSERT_EQ(ev.size(), 1u) << Lines(ev);
  EXPECT_EQ(ev[0].kind, EventKind::kTariffChanged);
  EXPECT_EQ(ev[0].tariff_changed.old_bps, 2500);
  EXPECT_EQ(ev[0].tariff_changed.new_bps, 5000);
  EXPECT_EQ(m->policy().tariff_bps(0), 5000);
  // New orders land at the new rate: 100 + ceil(50) = 150.
  ASSERT_EQ(FindAccepted(Exec(*m, "NEW p=7 SELL px=100 qty=1"))->price, 150);
  // The order resting at 125 fills at the new rate: floor(125 x 0.5 / 1.5) = 41.
  const std::vector<TradeEvent> t = Trades(Exec(*m, "NEW p=4 BUY px=125 qty=1"));
  ASSERT_EQ(t.size(), 1u);
  EXPECT_EQ(t[0].duty, 41);
  EXPECT_TRUE(Exec(*m, "SET_TARIFF i=0 qty=5000").empty());
  EXPECT_EQ(RejectOf(Exec(*m, "SET_TARIFF i=0 qty=-1")), RejectReason::kBadCommand);
  // Zero: duty free from now on.
  Exec(*m, "SET_TARIFF i=0 qty=0");
  ASSERT_EQ(FindAccepted(Exec(*m, "NEW p=7 SELL px=200 qty=1"))->price, 200);
  const std::vector<TradeEvent> free = Trades(Exec(*m, "NEW p=4 BUY px=200 qty=1"));
  ASSERT_EQ(free.size(), 1u);
  EXPECT_EQ(free[0].duty, 0);
}

}  // namespace
}  // namespace ftz
