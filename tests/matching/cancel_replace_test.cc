// Cancel and replace (docs/matching.md "Cancel", "Replace").
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/matching/test_util.h"

namespace ftz::testing {
namespace {

using ::testing::ElementsAre;

class CancelReplaceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(engine_.AddInstrument(TestSpec()).ok());
    ASSERT_TRUE(engine_.AddInstrument(TestSpec("NI")).ok());
  }
  // The order ids at a level, in time priority.
  std::vector<OrderId> Queue(InstrumentId i, Side side, Price price) {
    std::vector<OrderId> ids;
    const PriceLevel* level = engine_.book(i).ladder(side).Find(price);
    if (level == nullptr) return ids;
    for (OrderHandle h = level->head; h != kNoOrder; h = engine_.pool()[h].next) {
      ids.push_back(engine_.pool()[h].id);
    }
    return ids;
  }
  Engine engine_;
};

TEST_F(CancelReplaceTest, CancelByIdAndByClientId) {
  Exec(engine_, "NEW p=1 BUY px=100 qty=5 cid=9");
  Exec(engine_, "NEW p=1 i=1 BUY px=100 qty=6 cid=10");
  EXPECT_THAT(Exec(engine_, "CANCEL p=1 id=1"),
              ElementsAre("CANCELLED i=0 id=1 cid=9 p=1 BUY px=100 leaves=5 reason=USER",
                          "LEVEL i=0 BUY px=100 qty=0 orders=0"));
  // By client id: the instrument of the command does not matter, the order's does.
  EXPECT_THAT(Exec(engine_, "CANCEL p=1 i=0 cid=10"),
              ElementsAre("CANCELLED i=1 id=2 cid=10 p=1 BUY px=100 leaves=6 reason=USER",
                          "LEVEL i=1 BUY px=100 qty=0 orders=0"));
  EXPECT_EQ(engine_.resting_orders(), 0u);
  EXPECT_TRUE(engine_.Validate().ok());
}

TEST_F(CancelReplaceTest, CancelRejects) {
  Exec(engine_, "NEW p=1 BUY px=100 qty=5 cid=9");
  EXPECT_THAT(Exec(engine_, "CANCEL p=2 id=1"),
              ElementsAre("REJECTED i=0 id=1 p=2 cmd=CANCEL reason=NOT_YOUR_ORDER BUY px=0 qty=0 "
                          "limit=0"));
  // Client ids are per participant: p2's cid 9 does not exist.
  EXPECT_THAT(Exec(engine_, "CANCEL p=2 cid=9"),
              ElementsAre("REJECTED i=0 id=0 cid=9 p=2 cmd=CANCEL reason=UNKNOWN_ORDER BUY px=0 "
                          "qty=0 limit=0"));
  EXPECT_THAT(Exec(engine_, "CANCEL p=1 id=2"),
              ElementsAre("REJECTED i=0 id=2 p=1 cmd=CANCEL reason=UNKNOWN_ORDER BUY px=0 qty=0 "
                          "limit=0"));
  // A non-zero order id wins over the client id, even when only the latter would match.
  EXPECT_THAT(Exec(engine_, "CANCEL p=1 id=7 cid=9"),
              ElementsAre("REJECTED i=0 id=7 cid=9 p=1 cmd=CANCEL reason=UNKNOWN_ORDER BUY px=0 "
                          "qty=0 limit=0"));
  EXPECT_NE(engine_.FindOrder(1), nullptr);
}

TEST_F(CancelReplaceTest, CancelWorksWhileHalted) {
  Exec(engine_, "NEW p=1 BUY px=100 qty=5");
  ASSERT_TRUE(engine_.SetHalted(0, true).ok());
  EXPECT_EQ(Exec(engine_, "CANCEL p=1 id=1").size(), 2u);
  EXPECT_EQ(engine_.resting_orders(), 0u);
}

TEST_F(CancelReplaceTest, ReduceKeepsPriority) {
  Exec(engine_, "NEW p=1 BUY px=100 qty=10");
  Exec(engine_, "NEW p=2 BUY px=100 qty=10");
  EXPECT_THAT(Exec(engine_, "REPLACE p=1 id=1 px=100 qty=3"),
              ElementsAre("REPLACED i=0 id=1 p=1 BUY old=100x10 new=100x3 priority=KEPT",
                          "LEVEL i=0 BUY px=100 qty=13 orders=2"));
  EXPECT_THAT(Queue(0, Side::kBuy, 100), ElementsAre(1, 2));
  EXPECT_EQ(engine_.FindOrder(1)->leaves, 3);
}

TEST_F(CancelReplaceTest, IncreaseOrMoveLosesPriority) {
  Exec(engine_, "NEW p=1 BUY px=100 qty=10");
  Exec(engine_, "NEW p=2 BUY px=100 qty=10");
  EXPECT_THAT(
      Exec(engine_, "REPLACE p=1 id=1 px=100 qty=11"),
      ElementsAre("REPLACED i=0 id=1 p=1 BUY old=100x10 new=100x11 priority=LOST",
                  "LEVEL i=0 BUY px=100 qty=10 orders=1", "LEVEL i=0 BUY px=100 qty=21 orders=2"));
  EXPECT_THAT(Queue(0, Side::kBuy, 100), ElementsAre(2, 1));
  // Moving away and back puts it at the tail too.
  Exec(engine_, "REPLACE p=2 id=2 px=99 qty=10");
  Exec(engine_, "REPLACE p=2 id=2 px=100 qty=10");
  EXPECT_THAT(Queue(0, Side::kBuy, 100), ElementsAre(1, 2));
  EXPECT_TRUE(engine_.Validate().ok());
}

TEST_F(CancelReplaceTest, ReplaceKeepsClientIdAndTimeInForce) {
  Exec(engine_, "NEW p=1 BUY px=100 qty=10 cid=4 tif=DAY");
  Exec(engine_, "NEW p=2 SELL px=100 qty=4");
  Exec(engine_, "REPLACE p=1 cid=4 px=101 qty=8");
  const Order* o = engine_.FindOrder(1);
  ASSERT_NE(o, nullptr);
  EXPECT_EQ(o->leaves, 8);
  EXPECT_EQ(o->price, 101);
  EXPECT_EQ(o->client_id, 4u);
  EXPECT_EQ(o->tif, TimeInForce::kDay);  // replace keeps the time in force
  // Still reachable by client id.
  EXPECT_EQ(Exec(engine_, "CANCEL p=1 cid=4")[0],
            "CANCELLED i=0 id=1 cid=4 p=1 BUY px=101 leaves=8 reason=USER");
}

TEST_F(CancelReplaceTest, CrossingReplaceTradesAsTaker) {
  Exec(engine_, "NEW p=1 BUY px=100 qty=10");
  Exec(engine_, "NEW p=2 SELL px=103 qty=4");
  EXPECT_THAT(
      Exec(engine_, "REPLACE p=1 id=1 px=104 qty=4"),
      ElementsAre("REPLACED i=0 id=1 p=1 BUY old=100x10 new=104x4 priority=LOST",
                  "LEVEL i=0 BUY px=100 qty=0 orders=0",
                  "TRADE i=0 id=1 px=103 qty=4 aggr=BUY maker=2/p2 taker=1/p1 mleaves=0 tleaves=0",
                  "LEVEL i=0 SELL px=103 qty=0 orders=0"));
  EXPECT_EQ(engine_.FindOrder(1), nullptr);
  EXPECT_EQ(engine_.resting_orders(), 0u);
  EXPECT_TRUE(engine_.Validate().ok());
}

TEST_F(CancelReplaceTest, ReplaceRejectsInOrder) {
  Exec(engine_, "NEW p=1 BUY px=100 qty=10 post_only");
  Exec(engine_, "NEW p=2 SELL px=105 qty=1");
  EXPECT_THAT(Exec(engine_, "REPLACE p=1 id=9 px=100 qty=0"),
              ElementsAre(::testing::HasSubstr("reason=UNKNOWN_ORDER")));
  EXPECT_THAT(Exec(engine_, "REPLACE p=2 id=1 px=100 qty=0"),
              ElementsAre(::testing::HasSubstr("reason=NOT_YOUR_ORDER")));
  ASSERT_TRUE(engine_.SetHalted(0, true).ok());
  EXPECT_THAT(Exec(engine_, "REPLACE p=1 id=1 px=0 qty=0"),
              ElementsAre(::testing::HasSubstr("reason=HALTED")));
  ASSERT_TRUE(engine_.SetHalted(0, false).ok());
  EXPECT_THAT(Exec(engine_, "REPLACE p=1 id=1 px=0 qty=0"),
              ElementsAre(::testing::HasSubstr("reason=BAD_QUANTITY")));
  EXPECT_THAT(Exec(engine_, "REPLACE p=1 id=1 px=0 qty=1"),
              ElementsAre(::testing::HasSubstr("reason=BAD_PRICE BUY px=0 qty=1 limit=1")));
  EXPECT_THAT(Exec(engine_, "REPLACE p=1 id=1 px=105 qty=1"),
              ElementsAre(::testing::HasSubstr("reason=POST_ONLY_WOULD_CROSS BUY px=105 qty=1 "
                                               "limit=105")));
  // Nothing changed.
  EXPECT_EQ(engine_.FindOrder(1)->leaves, 10);
  EXPECT_EQ(engine_.FindOrder(1)->price, 100);
}

}  // namespace
}  // namespace ftz::testing
