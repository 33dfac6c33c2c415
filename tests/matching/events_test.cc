// Events: their order per command and every field's content (docs/matching.md), checked
// on raw Event structs rather than their text.
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/matching/test_util.h"

namespace ftz::testing {
namespace {

std::vector<EventKind> Kinds(const std::vector<Event>& events) {
  std::vector<EventKind> kinds;
  for (const Event& e : events) kinds.push_back(e.kind);
  return kinds;
}

using ::testing::ElementsAre;
using K = EventKind;

TEST(EventsTest, AcceptedFields) {
  Engine engine;
  ASSERT_TRUE(engine.AddInstrument(TestSpec()).ok());
  Command c = NewLimit(7, 0, Side::kSell, 123, 45, 99);
  c.tif = TimeInForce::kDay;
  const std::vector<Event> ev = RunEvents(engine, c);
  ASSERT_THAT(Kinds(ev), ElementsAre(K::kAccepted, K::kLevelChanged));
  const AcceptedEvent& a = ev[0].accepted;
  EXPECT_EQ(ev[0].instrument, 0u);
  EXPECT_EQ(a.order.order_id, 1u);
  EXPECT_EQ(a.order.client_id, 99u);
  EXPECT_EQ(a.order.participant, 7u);
  EXPECT_EQ(a.side, Side::kSell);
  EXPECT_EQ(a.type, OrderType::kLimit);
  EXPECT_EQ(a.tif, TimeInForce::kDay);
  EXPECT_EQ(a.price, 123);
  EXPECT_EQ(a.qty, 45);
  const LevelChangedEvent& l = ev[1].level;
  EXPECT_EQ(l.side, Side::kSell);
  EXPECT_EQ(l.price, 123);
  EXPECT_EQ(l.qty, 45);
  EXPECT_EQ(l.orders, 1u);
}

TEST(EventsTest, TradeFields) {
  Engine engine;
  ASSERT_TRUE(engine.AddInstrument(TestSpec()).ok());
  RunEvents(engine, NewLimit(1, 0, Side::kBuy, 100, 10, 11));
  const std::vector<Event> ev = RunEvents(engine, NewLimit(2, 0, Side::kSell, 95, 4, 22));
  ASSERT_THAT(Kinds(ev), ElementsAre(K::kAccepted, K::kTrade, K::kLevelChanged));
  const TradeEvent& t = ev[1].trade;
  EXPECT_EQ(t.trade_id, 1u);
  EXPECT_EQ(t.aggressor, Side::kSell);
  EXPECT_EQ(t.price, 100);  // the maker's
  EXPECT_EQ(t.qty, 4);
  EXPECT_EQ(t.maker.order_id, 1u);
  EXPECT_EQ(t.maker.client_id, 11u);
  EXPECT_EQ(t.maker.participant, 1u);
  EXPECT_EQ(t.taker.order_id, 2u);
  EXPECT_EQ(t.taker.client_id, 22u);
  EXPECT_EQ(t.taker.participant, 2u);
  EXPECT_EQ(t.maker_leaves, 6);
  EXPECT_EQ(t.taker_leaves, 0);
  EXPECT_EQ(t.duty, 0);
  EXPECT_EQ(t.top_up, 0);
  EXPECT_EQ(ev[2].level.side, Side::kBuy);
  EXPECT_EQ(ev[2].level.qty, 6);
}

TEST(EventsTest, RejectedFields) {
  Engine engine;
  ASSERT_TRUE(engine.AddInstrument(TestSpec("CU", 10, 1000, 50)).ok());
  Command c = NewLimit(3, 0, Side::kSell, 5000, 7, 8);
  const std::vector<Event> ev = RunEvents(engine, c);
  ASSERT_THAT(Kinds(ev), ElementsAre(K::kRejected));
  const RejectedEvent& r = ev[0].rejected;
  EXPECT_EQ(r.order.order_id, 0u);
  EXPECT_EQ(r.order.client_id, 8u);
  EXPECT_EQ(r.order.participant, 3u);
  EXPECT_EQ(r.command, CommandKind::kNewOrder);
  EXPECT_EQ(r.reason, RejectReason::kBadPrice);
  EXPECT_EQ(r.side, Side::kSell);
  EXPECT_EQ(r.price, 5000);
  EXPECT_EQ(r.qty, 7);
  EXPECT_EQ(r.limit, 1000);
  // A cancel's reject names its target.
  const std::vector<Event> ev2 = RunEvents(engine, CancelOrder(3, 0, 42));
  ASSERT_THAT(Kinds(ev2), ElementsAre(K::kRejected));
  EXPECT_EQ(ev2[0].rejected.order.order_id, 42u);
  EXPECT_EQ(ev2[0].rejected.command, CommandKind::kCancel);
  EXPECT_EQ(ev2[0].rejected.reason, RejectReason::kUnknownOrder);
  EXPECT_EQ(ev2[0].rejected.order_leaves, 0);
  EXPECT_EQ(ev2[0].rejected.order_price, 0);
}

TEST(EventsTest, RejectedReplaceNamesTheOrderAsItIs) {
  Engine engine;
  ASSERT_TRUE(engine.AddInstrument(TestSpec("CU", 10, 1000, 50)).ok());
  RunEvents(engine, NewLimit(3, 0, Side::kSell, 500, 7, 8));  // order 1, a SELL
  // Named by client id only, with a price outside the band.
  Command bad = ReplaceOrder(3, 0, 0, 5000, 7);
  bad.client_id = 8;
  const std::vector<Event> ev = RunEvents(engine, bad);
  ASSERT_THAT(Kinds(ev), ElementsAre(K::kRejected));
  const RejectedEvent& r = ev[0].rejected;
  EXPECT_EQ(r.reason, RejectReason::kBadPrice);
  EXPECT_EQ(r.order.order_id, 1u);  // resolved from the client id
  EXPECT_EQ(r.side, Side::kSell);   // the order's, not the command's default
  EXPECT_EQ(r.order_price, 500);
  EXPECT_EQ(r.order_leaves, 7);
  EXPECT_EQ(r.price, 5000);  // the offending price, for the text
  // Another participant's order: nothing of it is told.
  const std::vector<Event> ev2 = RunEvents(engine, ReplaceOrder(4, 0, 1, 600, 7));
  ASSERT_THAT(Kinds(ev2), ElementsAre(K::kRejected));
  EXPECT_EQ(ev2[0].rejected.reason, RejectReason::kNotYourOrder);
  EXPECT_EQ(ev2[0].rejected.side, Side::kBuy);
  EXPECT_EQ(ev2[0].rejected.order_leaves, 0);
}

TEST(EventsTest, ReplacedAndCancelledFields) {
  Engine engine;
  ASSERT_TRUE(engine.AddInstrument(TestSpec()).ok());
  RunEvents(engine, NewLimit(1, 0, Side::kBuy, 100, 10, 5));
  const std::vector<Event> ev = RunEvents(engine, ReplaceOrder(1, 0, 1, 98, 12));
  ASSERT_THAT(Kinds(ev), ElementsAre(K::kReplaced, K::kLevelChanged, K::kLevelChanged));
  const ReplacedEvent& r = ev[0].replaced;
  EXPECT_EQ(r.order.order_id, 1u);
  EXPECT_EQ(r.order.client_id, 5u);
  EXPECT_EQ(r.side, Side::kBuy);
  EXPECT_FALSE(r.priority_kept);
  EXPECT_EQ(r.old_price, 100);
  EXPECT_EQ(r.old_leaves, 10);
  EXPECT_EQ(r.new_price, 98);
  EXPECT_EQ(r.new_leaves, 12);
  EXPECT_EQ(ev[1].level.price, 100);
  EXPECT_EQ(ev[1].level.qty, 0);
  EXPECT_EQ(ev[1].level.orders, 0u);
  EXPECT_EQ(ev[2].level.price, 98);
  EXPECT_EQ(ev[2].level.qty, 12);
  const std::vector<Event> ev2 = RunEvents(engine, CancelOrder(1, 0, 1));
  ASSERT_THAT(Kinds(ev2), ElementsAre(K::kCancelled, K::kLevelChanged));
  const CancelledEvent& c = ev2[0].cancelled;
  EXPECT_EQ(c.order.order_id, 1u);
  EXPECT_EQ(c.order.client_id, 5u);
  EXPECT_EQ(c.order.participant, 1u);
  EXPECT_EQ(c.side, Side::kBuy);
  EXPECT_EQ(c.reason, CancelReason::kUser);
  EXPECT_EQ(c.price, 98);
  EXPECT_EQ(c.leaves, 12);
}

TEST(EventsTest, OrderOfASweepWithStpAndRest) {
  Engine engine;
  ASSERT_TRUE(engine.AddInstrument(TestSpec()).ok());
  RunEvents(engine, NewLimit(2, 0, Side::kSell, 100, 1));
  RunEvents(engine, NewLimit(1, 0, Side::kSell, 100, 1));
  RunEvents(engine, NewLimit(2, 0, Side::kSell, 101, 1));
  Command c = NewLimit(1, 0, Side::kBuy, 102, 5);
  c.stp = StpMode::kCancelOldest;
  // ACCEPTED, trade, STP cancel, LEVEL(100), trade, LEVEL(101), then LEVEL for the rest.
  EXPECT_THAT(Kinds(RunEvents(engine, c)),
              ElementsAre(K::kAccepted, K::kTrade, K::kCancelled, K::kLevelChanged, K::kTrade,
                          K::kLevelChanged, K::kLevelChanged));
}

TEST(EventsTest, EventsAreAppendedNotCleared) {
  Engine engine;
  ASSERT_TRUE(engine.AddInstrument(TestSpec()).ok());
  EventBuffer out;
  engine.Submit(NewLimit(1, 0, Side::kBuy, 100, 1), out);
  engine.Submit(NewLimit(1, 0, Side::kBuy, 100, 1), out);
  EXPECT_EQ(out.size(), 4u);
}

}  // namespace
}  // namespace ftz::testing
