// Self-trade prevention: the taker's mode decides (docs/matching.md "Matching"), and FOK
// fillability follows the same rules.
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/matching/test_util.h"

namespace ftz::testing {
namespace {

using ::testing::ElementsAre;

class StpTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(engine_.AddInstrument(TestSpec()).ok());
    // Asks at 100: order 1 (p2, 5), order 2 (p1, 5), order 3 (p2, 5); at 101: order 4 (p2, 5).
    Exec(engine_, "NEW p=2 SELL px=100 qty=5");
    Exec(engine_, "NEW p=1 SELL px=100 qty=5");
    Exec(engine_, "NEW p=2 SELL px=100 qty=5");
    Exec(engine_, "NEW p=2 SELL px=101 qty=5");
  }
  Engine engine_;
};

TEST_F(StpTest, NoneAllowsSelfTrade) {
  const std::vector<std::string> got = Exec(engine_, "NEW p=1 BUY px=100 qty=10");
  EXPECT_THAT(got, ElementsAre("ACCEPTED i=0 id=5 p=1 BUY LIMIT GTC px=100 qty=10",
                               "TRADE i=0 id=1 px=100 qty=5 aggr=BUY maker=1/p2 taker=5/p1 "
                               "mleaves=0 tleaves=5",
                               "TRADE i=0 id=2 px=100 qty=5 aggr=BUY maker=2/p1 taker=5/p1 "
                               "mleaves=0 tleaves=0",
                               "LEVEL i=0 SELL px=100 qty=5 orders=1"));
}

TEST_F(StpTest, CancelNewestStopsTheTaker) {
  EXPECT_THAT(Exec(engine_, "NEW p=1 BUY px=101 qty=20 stp=CANCEL_NEWEST"),
              ElementsAre("ACCEPTED i=0 id=5 p=1 BUY LIMIT GTC px=101 qty=20",
                          "TRADE i=0 id=1 px=100 qty=5 aggr=BUY maker=1/p2 taker=5/p1 mleaves=0 "
                          "tleaves=15",
                          "LEVEL i=0 SELL px=100 qty=10 orders=2",
                          "CANCELLED i=0 id=5 p=1 BUY px=101 leaves=15 reason=SELF_TRADE"));
  EXPECT_NE(engine_.FindOrder(2), nullptr);  // the resting own order stays
  EXPECT_EQ(engine_.FindOrder(5), nullptr);
}

TEST_F(StpTest, CancelOldestCancelsOwnMakersAndContinues) {
  EXPECT_THAT(
      Exec(engine_, "NEW p=1 BUY px=101 qty=20 stp=CANCEL_OLDEST"),
      ElementsAre("ACCEPTED i=0 id=5 p=1 BUY LIMIT GTC px=101 qty=20",
                  "TRADE i=0 id=1 px=100 qty=5 aggr=BUY maker=1/p2 taker=5/p1 mleaves=0 "
                  "tleaves=15",
                  "CANCELLED i=0 id=2 p=1 SELL px=100 leaves=5 reason=SELF_TRADE",
                  "TRADE i=0 id=2 px=100 qty=5 aggr=BUY maker=3/p2 taker=5/p1 mleaves=0 "
                  "tleaves=10",
                  "LEVEL i=0 SELL px=100 qty=0 orders=0",
                  "TRADE i=0 id=3 px=101 qty=5 aggr=BUY maker=4/p2 taker=5/p1 mleaves=0 "
                  "tleaves=5",
                  "LEVEL i=0 SELL px=101 qty=0 orders=0", "LEVEL i=0 BUY px=101 qty=5 orders=1"));
  EXPECT_EQ(engine_.FindOrder(2), nullptr);
  EXPECT_TRUE(engine_.Validate().ok());
}

TEST_F(StpTest, CancelBothCancelsMakerAndTaker) {
  EXPECT_THAT(Exec(engine_, "NEW p=1 BUY px=101 qty=20 stp=CANCEL_BOTH"),
              ElementsAre("ACCEPTED i=0 id=5 p=1 BUY LIMIT GTC px=101 qty=20",
                          "TRADE i=0 id=1 px=100 qty=5 aggr=BUY maker=1/p2 taker=5/p1 mleaves=0 "
                          "tleaves=15",
                          "CANCELLED i=0 id=2 p=1 SELL px=100 leaves=5 reason=SELF_TRADE",
                          "LEVEL i=0 SELL px=100 qty=5 orders=1",
                          "CANCELLED i=0 id=5 p=1 BUY px=101 leaves=15 reason=SELF_TRADE"));
  EXPECT_EQ(engine_.resting_orders(), 2u);  // orders 3 and 4
}

TEST_F(StpTest, OnlyTheSameParticipantCounts) {
  // p3 has no orders: STP modes change nothing.
  for (const char* mode : {"CANCEL_NEWEST", "CANCEL_OLDEST", "CANCEL_BOTH"}) {
    Engine engine;
    ASSERT_TRUE(engine.AddInstrument(TestSpec()).ok());
    Exec(engine, "NEW p=2 SELL px=100 qty=5");
    const std::vector<std::string> got =
        Exec(engine, std::string("NEW p=3 BUY px=100 qty=5 stp=") + mode);
    ASSERT_EQ(got.size(), 3u) << mode;
    EXPECT_THAT(got[1], ::testing::StartsWith("TRADE")) << mode;
  }
}

TEST_F(StpTest, FokCancelOldestSkipsOwnMakersWhenCounting) {
  // Others' quantity within 101: 5 + 5 + 5 = 15 (order 2 is p1's own).
  EXPECT_THAT(Exec(engine_, "NEW p=1 BUY px=101 qty=16 tif=FOK stp=CANCEL_OLDEST"),
              ElementsAre(::testing::HasSubstr("reason=FOK_NOT_FILLABLE")));
  const std::vector<std::string> got =
      Exec(engine_, "NEW p=1 BUY px=101 qty=15 tif=FOK stp=CANCEL_OLDEST");
  ASSERT_FALSE(got.empty());
  EXPECT_EQ(got[0], "ACCEPTED i=0 id=5 p=1 BUY LIMIT FOK px=101 qty=15");
  EXPECT_EQ(engine_.resting_orders(), 0u);
}

TEST_F(StpTest, FokCancelNewestAndBothStopCountingAtOwnMaker) {
  for (const char* mode : {"CANCEL_NEWEST", "CANCEL_BOTH"}) {
    // Only order 1 (5 lots) is before p1's own order 2.
    EXPECT_THAT(Exec(engine_, std::string("NEW p=1 BUY px=101 qty=6 tif=FOK stp=") + mode),
                ElementsAre(::testing::HasSubstr("reason=FOK_NOT_FILLABLE")))
        << mode;
  }
  // Without STP everything counts (20 lots).
  EXPECT_THAT(Exec(engine_, "NEW p=1 BUY px=101 qty=21 tif=FOK"),
              ElementsAre(::testing::HasSubstr("reason=FOK_NOT_FILLABLE")));
  // 5 lots are fillable before the own order: CANCEL_NEWEST fills without meeting it.
  const std::vector<std::string> got =
      Exec(engine_, "NEW p=1 BUY px=101 qty=5 tif=FOK stp=CANCEL_NEWEST");
  EXPECT_THAT(got, ElementsAre("ACCEPTED i=0 id=5 p=1 BUY LIMIT FOK px=101 qty=5",
                               "TRADE i=0 id=1 px=100 qty=5 aggr=BUY maker=1/p2 taker=5/p1 "
                               "mleaves=0 tleaves=0",
                               "LEVEL i=0 SELL px=100 qty=10 orders=2"));
  EXPECT_NE(engine_.FindOrder(2), nullptr);
}

TEST_F(StpTest, SellSideToo) {
  Engine engine;
  ASSERT_TRUE(engine.AddInstrument(TestSpec()).ok());
  Exec(engine, "NEW p=1 BUY px=100 qty=5");
  Exec(engine, "NEW p=2 BUY px=99 qty=5");
  EXPECT_THAT(
      Exec(engine, "NEW p=1 SELL px=99 qty=8 stp=CANCEL_OLDEST"),
      ElementsAre("ACCEPTED i=0 id=3 p=1 SELL LIMIT GTC px=99 qty=8",
                  "CANCELLED i=0 id=1 p=1 BUY px=100 leaves=5 reason=SELF_TRADE",
                  "LEVEL i=0 BUY px=100 qty=0 orders=0",
                  "TRADE i=0 id=1 px=99 qty=5 aggr=SELL maker=2/p2 taker=3/p1 mleaves=0 "
                  "tleaves=3",
                  "LEVEL i=0 BUY px=99 qty=0 orders=0", "LEVEL i=0 SELL px=99 qty=3 orders=1"));
}

}  // namespace
}  // namespace ftz::testing
