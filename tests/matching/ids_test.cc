// Ids: exchange order ids count accepted orders from 1, trade ids count fills from 1,
// rejected commands take none, and the same commands always give the same ids, events
// and state hash.
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/matching/random_stream.h"
#include "tests/matching/test_util.h"

namespace ftz::testing {
namespace {

TEST(IdsTest, OrderIdsCountAcceptedOrdersOnly) {
  Engine engine;
  ASSERT_TRUE(engine.AddInstrument(TestSpec()).ok());
  EXPECT_EQ(RunEvents(engine, NewLimit(1, 0, Side::kBuy, 100, 1))[0].accepted.order.order_id, 1u);
  RunEvents(engine, NewLimit(1, 0, Side::kBuy, 0, 1));    // BAD_PRICE
  RunEvents(engine, NewLimit(1, 5, Side::kBuy, 100, 1));  // UNKNOWN_INSTRUMENT
  RunEvents(engine, NewLimit(1, 0, Side::kBuy, 100, 0));  // BAD_QUANTITY
  RunEvents(engine, CancelOrder(1, 0, 77));               // UNKNOWN_ORDER
  // An IOC that does not trade still takes an id (it was accepted).
  Command ioc = NewLimit(2, 0, Side::kSell, 101, 1);
  ioc.tif = TimeInForce::kIoc;
  EXPECT_EQ(RunEvents(engine, ioc)[0].accepted.order.order_id, 2u);
  EXPECT_EQ(RunEvents(engine, NewLimit(1, 0, Side::kBuy, 100, 1))[0].accepted.order.order_id, 3u);
}

TEST(IdsTest, TradeIdsCountFills) {
  Engine engine;
  ASSERT_TRUE(engine.AddInstrument(TestSpec()).ok());
  for (int i = 0; i < 3; ++i) RunEvents(engine, NewLimit(1, 0, Side::kSell, 100 + i, 1));
  const std::vector<Event> ev = RunEvents(engine, NewMarket(2, 0, Side::kBuy, 3));
  std::vector<TradeId> ids;
  for (const Event& e : ev) {
    if (e.kind == EventKind::kTrade) ids.push_back(e.trade.trade_id);
  }
  EXPECT_THAT(ids, ::testing::ElementsAre(1, 2, 3));
  RunEvents(engine, NewLimit(1, 0, Side::kSell, 100, 1));
  const std::vector<Event> ev2 = RunEvents(engine, NewMarket(2, 0, Side::kBuy, 1));
  EXPECT_EQ(ev2[1].trade.trade_id, 4u);
}

TEST(IdsTest, IdCountersAreSharedAcrossInstruments) {
  Engine engine;
  ASSERT_TRUE(engine.AddInstrument(TestSpec("A")).ok());
  ASSERT_TRUE(engine.AddInstrument(TestSpec("B")).ok());
  EXPECT_EQ(RunEvents(engine, NewLimit(1, 1, Side::kSell, 100, 1))[0].accepted.order.order_id, 1u);
  EXPECT_EQ(RunEvents(engine, NewLimit(1, 0, Side::kSell, 100, 1))[0].accepted.order.order_id, 2u);
  EXPECT_EQ(RunEvents(engine, NewMarket(2, 1, Side::kBuy, 1))[1].trade.trade_id, 1u);
  EXPECT_EQ(RunEvents(engine, NewMarket(2, 0, Side::kBuy, 1))[1].trade.trade_id, 2u);
}

TEST(IdsTest, InstrumentIdsInAddOrder) {
  Engine engine;
  EXPECT_EQ(*engine.AddInstrument(TestSpec("A")), 0u);
  EXPECT_EQ(*engine.AddInstrument(TestSpec("B")), 1u);
  EXPECT_FALSE(engine.AddInstrument(TestSpec("A")).ok());  // duplicate symbol
  EXPECT_EQ(*engine.AddInstrument(TestSpec("C")), 2u);
}

// Two engines fed the same random stream agree on every event and hash; a third fed a
// different stream does not (the hash is not trivially constant).
TEST(IdsTest, DeterministicEventsIdsAndHash) {
  Engine a, b, c;
  for (const InstrumentSpec& spec : RandomStream::Instruments()) {
    ASSERT_TRUE(a.AddInstrument(spec).ok());
    ASSERT_TRUE(b.AddInstrument(spec).ok());
    ASSERT_TRUE(c.AddInstrument(spec).ok());
  }
  RandomStream s1(7), s2(7), s3(8);
  EventBuffer ea, eb, ec;
  for (int n = 0; n < 20000; ++n) {
    const Command ca = s1.Next();
    const Command cb = s2.Next();
    ea.Clear();
    eb.Clear();
    ec.Clear();
    a.Submit(ca, ea);
    b.Submit(cb, eb);
    c.Submit(s3.Next(), ec);
    ASSERT_EQ(ea.size(), eb.size()) << n;
    for (size_t i = 0; i < ea.size(); ++i) ASSERT_EQ(EventDiff(ea[i], eb[i]), "") << n;
    for (const Event& e : ea) s1.Observe(e);
    for (const Event& e : eb) s2.Observe(e);
    for (const Event& e : ec) s3.Observe(e);
  }
  EXPECT_EQ(a.StateHash(), b.StateHash());
  EXPECT_NE(a.StateHash(), c.StateHash());
}

TEST(IdsTest, StateHashCoversIdCountersAndOrders) {
  Engine a, b;
  ASSERT_TRUE(a.AddInstrument(TestSpec()).ok());
  ASSERT_TRUE(b.AddInstrument(TestSpec()).ok());
  EXPECT_EQ(a.StateHash(), b.StateHash());
  // Same book (empty) but a different next order id.
  RunEvents(a, NewMarket(1, 0, Side::kBuy, 1));
  EXPECT_NE(a.StateHash(), b.StateHash());
  RunEvents(b, NewMarket(1, 0, Side::kBuy, 1));
  EXPECT_EQ(a.StateHash(), b.StateHash());
  // Same ids, different leaves.
  RunEvents(a, NewLimit(1, 0, Side::kBuy, 100, 5));
  RunEvents(b, NewLimit(1, 0, Side::kBuy, 100, 6));
  EXPECT_NE(a.StateHash(), b.StateHash());
  RunEvents(b, ReplaceOrder(1, 0, 2, 100, 5));
  EXPECT_EQ(a.StateHash(), b.StateHash());
  // The halted flag counts.
  ASSERT_TRUE(a.SetHalted(0, true).ok());
  EXPECT_NE(a.StateHash(), b.StateHash());
}

}  // namespace
}  // namespace ftz::testing
