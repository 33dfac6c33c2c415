// Order types: limit, market, IOC, FOK and post-only (docs/matching.md "New order",
// "Matching").
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/matching/test_util.h"

namespace ftz::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

class OrderTypesTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(engine_.AddInstrument(TestSpec()).ok()); }
  // Two asks: 5 @ 100 (order 1, p1) and 5 @ 102 (order 2, p2).
  void TwoAsks() {
    Exec(engine_, "NEW p=1 SELL px=100 qty=5");
    Exec(engine_, "NEW p=2 SELL px=102 qty=5");
  }
  Engine engine_;
};

TEST_F(OrderTypesTest, LimitRestsWhenItDoesNotCross) {
  EXPECT_THAT(Exec(engine_, "NEW p=1 BUY px=99 qty=7 cid=3"),
              ElementsAre("ACCEPTED i=0 id=1 cid=3 p=1 BUY LIMIT GTC px=99 qty=7",
                          "LEVEL i=0 BUY px=99 qty=7 orders=1"));
  const Order* o = engine_.FindOrder(1);
  ASSERT_NE(o, nullptr);
  EXPECT_EQ(o->price, 99);
  EXPECT_EQ(o->leaves, 7);
  EXPECT_EQ(engine_.book(0).bids().best_price(), 99);
  EXPECT_TRUE(engine_.book(0).asks().empty());
}

TEST_F(OrderTypesTest, LimitTradesAtMakerPricesThenRestsItsRemainder) {
  TwoAsks();
  EXPECT_THAT(
      Exec(engine_, "NEW p=3 BUY px=102 qty=12"),
      ElementsAre("ACCEPTED i=0 id=3 p=3 BUY LIMIT GTC px=102 qty=12",
                  "TRADE i=0 id=1 px=100 qty=5 aggr=BUY maker=1/p1 taker=3/p3 mleaves=0 tleaves=7",
                  "LEVEL i=0 SELL px=100 qty=0 orders=0",
                  "TRADE i=0 id=2 px=102 qty=5 aggr=BUY maker=2/p2 taker=3/p3 mleaves=0 tleaves=2",
                  "LEVEL i=0 SELL px=102 qty=0 orders=0", "LEVEL i=0 BUY px=102 qty=2 orders=1"));
  const Order* o = engine_.FindOrder(3);
  ASSERT_NE(o, nullptr);
  EXPECT_EQ(o->leaves, 2);
  EXPECT_EQ(engine_.FindOrder(1), nullptr);
  EXPECT_EQ(engine_.FindOrder(2), nullptr);
}

TEST_F(OrderTypesTest, LimitStopsAtItsLimit) {
  TwoAsks();
  EXPECT_THAT(
      Exec(engine_, "NEW p=3 BUY px=101 qty=8"),
      ElementsAre("ACCEPTED i=0 id=3 p=3 BUY LIMIT GTC px=101 qty=8",
                  "TRADE i=0 id=1 px=100 qty=5 aggr=BUY maker=1/p1 taker=3/p3 mleaves=0 tleaves=3",
                  "LEVEL i=0 SELL px=100 qty=0 orders=0", "LEVEL i=0 BUY px=101 qty=3 orders=1"));
  EXPECT_EQ(engine_.book(0).asks().best_price(), 102);
}

TEST_F(OrderTypesTest, MarketSweepsEveryLevelAndNeverRests) {
  TwoAsks();
  EXPECT_THAT(
      Exec(engine_, "NEW p=3 BUY MARKET qty=20 tif=GTC"),
      ElementsAre("ACCEPTED i=0 id=3 p=3 BUY MARKET IOC px=0 qty=20",
                  "TRADE i=0 id=1 px=100 qty=5 aggr=BUY maker=1/p1 taker=3/p3 mleaves=0 tleaves=15",
                  "LEVEL i=0 SELL px=100 qty=0 orders=0",
                  "TRADE i=0 id=2 px=102 qty=5 aggr=BUY maker=2/p2 taker=3/p3 mleaves=0 tleaves=10",
                  "LEVEL i=0 SELL px=102 qty=0 orders=0",
                  "CANCELLED i=0 id=3 p=3 BUY px=0 leaves=10 reason=UNFILLED"));
  EXPECT_EQ(engine_.resting_orders(), 0u);
  EXPECT_EQ(engine_.FindOrder(3), nullptr);
}

TEST_F(OrderTypesTest, MarketSellHasNoLimitEither) {
  Exec(engine_, "NEW p=1 BUY px=1 qty=5");  // the lowest price of the band
  EXPECT_THAT(Exec(engine_, "NEW p=2 SELL MARKET qty=5"),
              ElementsAre("ACCEPTED i=0 id=2 p=2 SELL MARKET IOC px=0 qty=5",
                          "TRADE i=0 id=1 px=1 qty=5 aggr=SELL maker=1/p1 taker=2/p2 mleaves=0 "
                          "tleaves=0",
                          "LEVEL i=0 BUY px=1 qty=0 orders=0"));
}

TEST_F(OrderTypesTest, IocTradesWhatItCanAndCancelsTheRest) {
  TwoAsks();
  EXPECT_THAT(
      Exec(engine_, "NEW p=3 BUY px=101 qty=9 tif=IOC"),
      ElementsAre("ACCEPTED i=0 id=3 p=3 BUY LIMIT IOC px=101 qty=9",
                  "TRADE i=0 id=1 px=100 qty=5 aggr=BUY maker=1/p1 taker=3/p3 mleaves=0 tleaves=4",
                  "LEVEL i=0 SELL px=100 qty=0 orders=0",
                  "CANCELLED i=0 id=3 p=3 BUY px=101 leaves=4 reason=UNFILLED"));
  EXPECT_TRUE(engine_.book(0).bids().empty());
}

TEST_F(OrderTypesTest, FokFillsCompletelyOrIsRejectedWithoutAnId) {
  TwoAsks();
  EXPECT_THAT(Exec(engine_, "NEW p=3 BUY px=102 qty=11 tif=FOK"),
              ElementsAre("REJECTED i=0 id=0 p=3 cmd=NEW reason=FOK_NOT_FILLABLE BUY px=102 "
                          "qty=11 limit=0"));
  EXPECT_THAT(Exec(engine_, "NEW p=3 BUY px=101 qty=6 tif=FOK"),
              ElementsAre("REJECTED i=0 id=0 p=3 cmd=NEW reason=FOK_NOT_FILLABLE BUY px=101 "
                          "qty=6 limit=0"));
  EXPECT_EQ(engine_.book(0).asks().best_level().qty, 5);  // nothing changed
  const std::vector<std::string> filled = Exec(engine_, "NEW p=3 BUY px=102 qty=10 tif=FOK");
  ASSERT_EQ(filled.size(), 5u);
  EXPECT_EQ(filled[0], "ACCEPTED i=0 id=3 p=3 BUY LIMIT FOK px=102 qty=10");
  EXPECT_EQ(filled[3],
            "TRADE i=0 id=2 px=102 qty=5 aggr=BUY maker=2/p2 taker=3/p3 mleaves=0 tleaves=0");
  EXPECT_TRUE(engine_.book(0).asks().empty());
}

TEST_F(OrderTypesTest, MarketFokKeepsFok) {
  TwoAsks();
  EXPECT_THAT(Exec(engine_, "NEW p=3 BUY MARKET qty=11 tif=FOK"),
              ElementsAre("REJECTED i=0 id=0 p=3 cmd=NEW reason=FOK_NOT_FILLABLE BUY px=0 "
                          "qty=11 limit=0"));
  EXPECT_EQ(Exec(engine_, "NEW p=3 BUY MARKET qty=10 tif=FOK")[0],
            "ACCEPTED i=0 id=3 p=3 BUY MARKET FOK px=0 qty=10");
  EXPECT_TRUE(engine_.book(0).asks().empty());
}

TEST_F(OrderTypesTest, PostOnlyRestsOrIsRejected) {
  TwoAsks();
  EXPECT_THAT(Exec(engine_, "NEW p=3 BUY px=100 qty=1 post_only"),
              ElementsAre("REJECTED i=0 id=0 p=3 cmd=NEW reason=POST_ONLY_WOULD_CROSS BUY px=100 "
                          "qty=1 limit=100"));
  EXPECT_THAT(Exec(engine_, "NEW p=3 BUY px=99 qty=1 post_only tif=DAY"),
              ElementsAre("ACCEPTED i=0 id=3 p=3 BUY LIMIT DAY px=99 qty=1",
                          "LEVEL i=0 BUY px=99 qty=1 orders=1"));
  // A post-only sell at or below the best bid would take it.
  EXPECT_THAT(Exec(engine_, "NEW p=3 SELL px=1 qty=1 post_only"),
              ElementsAre("REJECTED i=0 id=0 p=3 cmd=NEW reason=POST_ONLY_WOULD_CROSS SELL px=1 "
                          "qty=1 limit=99"));
  for (const char* bad :
       {"NEW p=3 BUY px=90 qty=1 post_only tif=IOC", "NEW p=3 BUY px=90 qty=1 post_only tif=FOK",
        "NEW p=3 BUY MARKET qty=1 post_only"}) {
    const std::vector<std::string> got = Exec(engine_, bad);
    ASSERT_EQ(got.size(), 1u) << bad;
    EXPECT_THAT(got[0], ::testing::HasSubstr("reason=BAD_COMMAND")) << bad;
  }
}

TEST_F(OrderTypesTest, PostOnlyOnEmptyBookRests) {
  EXPECT_THAT(Exec(engine_, "NEW p=1 SELL px=5 qty=1 post_only"),
              ElementsAre("ACCEPTED i=0 id=1 p=1 SELL LIMIT GTC px=5 qty=1",
                          "LEVEL i=0 SELL px=5 qty=1 orders=1"));
  EXPECT_THAT(Exec(engine_, "NEW p=1 BUY px=4 qty=1 post_only"),
              ElementsAre("ACCEPTED i=0 id=2 p=1 BUY LIMIT GTC px=4 qty=1",
                          "LEVEL i=0 BUY px=4 qty=1 orders=1"));
  EXPECT_THAT(Exec(engine_, "NEW p=1 SELL MARKET qty=1 tif=DAY"),
              ElementsAre("ACCEPTED i=0 id=3 p=1 SELL MARKET IOC px=0 qty=1",
                          "TRADE i=0 id=1 px=4 qty=1 aggr=SELL maker=2/p1 taker=3/p1 mleaves=0 "
                          "tleaves=0",
                          "LEVEL i=0 BUY px=4 qty=0 orders=0"));
}

}  // namespace
}  // namespace ftz::testing
