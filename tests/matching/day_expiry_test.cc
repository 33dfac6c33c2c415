// DAY orders and END_PERIOD (docs/matching.md "End of period").
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/matching/test_util.h"

namespace ftz::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(DayExpiryTest, ExpiresOnlyDayOrdersInBookThenPriorityOrder) {
  Engine engine;
  ASSERT_TRUE(engine.AddInstrument(TestSpec("CU")).ok());
  ASSERT_TRUE(engine.AddInstrument(TestSpec("NI")).ok());
  Exec(engine, "NEW p=1 i=1 BUY px=10 qty=1 tif=DAY");         // 1
  Exec(engine, "NEW p=1 BUY px=100 qty=2 tif=DAY");            // 2
  Exec(engine, "NEW p=2 BUY px=100 qty=3");                    // 3 GTC
  Exec(engine, "NEW p=3 BUY px=100 qty=4 tif=DAY");            // 4
  Exec(engine, "NEW p=1 SELL px=120 qty=5 tif=DAY");           // 5
  Exec(engine, "NEW p=1 SELL px=110 qty=6 tif=DAY cid=3");     // 6
  Exec(engine, "NEW p=2 BUY px=105 qty=7 tif=DAY post_only");  // 7
  EXPECT_THAT(Exec(engine, EndPeriod()),
              ElementsAre("EXPIRED i=0 id=7 p=2 BUY px=105 leaves=7 reason=EXPIRED",
                          "LEVEL i=0 BUY px=105 qty=0 orders=0",
                          "EXPIRED i=0 id=2 p=1 BUY px=100 leaves=2 reason=EXPIRED",
                          "LEVEL i=0 BUY px=100 qty=7 orders=2",
                          "EXPIRED i=0 id=4 p=3 BUY px=100 leaves=4 reason=EXPIRED",
                          "LEVEL i=0 BUY px=100 qty=3 orders=1",
                          "EXPIRED i=0 id=6 cid=3 p=1 SELL px=110 leaves=6 reason=EXPIRED",
                          "LEVEL i=0 SELL px=110 qty=0 orders=0",
                          "EXPIRED i=0 id=5 p=1 SELL px=120 leaves=5 reason=EXPIRED",
                          "LEVEL i=0 SELL px=120 qty=0 orders=0",
                          "EXPIRED i=1 id=1 p=1 BUY px=10 leaves=1 reason=EXPIRED",
                          "LEVEL i=1 BUY px=10 qty=0 orders=0"));
  EXPECT_EQ(engine.resting_orders(), 1u);
  EXPECT_NE(engine.FindOrder(3), nullptr);
  EXPECT_THAT(Exec(engine, EndPeriod()), IsEmpty());
  // The expired order's client id is free again.
  EXPECT_EQ(Exec(engine, "NEW p=1 SELL px=110 qty=1 cid=3").size(), 2u);
  EXPECT_TRUE(engine.Validate().ok());
}

TEST(DayExpiryTest, PartlyFilledDayOrderExpiresWithItsLeaves) {
  Engine engine;
  ASSERT_TRUE(engine.AddInstrument(TestSpec()).ok());
  Exec(engine, "NEW p=1 SELL px=100 qty=10 tif=DAY");
  Exec(engine, "NEW p=2 BUY px=100 qty=4");
  EXPECT_THAT(Exec(engine, EndPeriod()),
              ElementsAre("EXPIRED i=0 id=1 p=1 SELL px=100 leaves=6 reason=EXPIRED",
                          "LEVEL i=0 SELL px=100 qty=0 orders=0"));
}

TEST(DayExpiryTest, ReplacedDayOrderStaysDay) {
  Engine engine;
  ASSERT_TRUE(engine.AddInstrument(TestSpec()).ok());
  Exec(engine, "NEW p=1 SELL px=100 qty=10 tif=DAY");
  Exec(engine, "REPLACE p=1 id=1 px=101 qty=12");
  EXPECT_THAT(Exec(engine, EndPeriod()),
              ElementsAre("EXPIRED i=0 id=1 p=1 SELL px=101 leaves=12 reason=EXPIRED",
                          "LEVEL i=0 SELL px=101 qty=0 orders=0"));
}

TEST(DayExpiryTest, HaltedBooksExpireToo) {
  Engine engine;
  ASSERT_TRUE(engine.AddInstrument(TestSpec()).ok());
  Exec(engine, "NEW p=1 SELL px=100 qty=10 tif=DAY");
  ASSERT_TRUE(engine.SetHalted(0, true).ok());
  EXPECT_EQ(Exec(engine, EndPeriod()).size(), 2u);
  EXPECT_EQ(engine.resting_orders(), 0u);
}

TEST(DayExpiryTest, EmptyEngine) {
  Engine engine;
  EXPECT_THAT(Exec(engine, EndPeriod()), IsEmpty());
}

}  // namespace
}  // namespace ftz::testing
