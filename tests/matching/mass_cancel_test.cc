// Mass cancel (docs/matching.md "Mass cancel").
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/matching/test_util.h"

namespace ftz::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

class MassCancelTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(engine_.AddInstrument(TestSpec("CU")).ok());
    ASSERT_TRUE(engine_.AddInstrument(TestSpec("NI")).ok());
    // p1: bids 100 (order 1), 101 (2), 100 (4) and asks 110 (5), 109 (6) on CU; a bid on
    // NI (7). p2: a bid at 100 (3) between p1's two there.
    for (const char* c :
         {"NEW p=1 BUY px=100 qty=1", "NEW p=1 BUY px=101 qty=2", "NEW p=2 BUY px=100 qty=9",
          "NEW p=1 BUY px=100 qty=3", "NEW p=1 SELL px=110 qty=4", "NEW p=1 SELL px=109 qty=5",
          "NEW p=1 i=1 BUY px=50 qty=6"}) {
      ASSERT_EQ(Exec(engine_, c).size(), 2u) << c;
    }
  }
  // The ids of the cancelled orders, in event order.
  static std::vector<OrderId> Cancelled(const std::vector<Event>& events) {
    std::vector<OrderId> ids;
    for (const Event& e : events) {
      if (e.kind == EventKind::kCancelled) {
        EXPECT_EQ(e.cancelled.reason, CancelReason::kMassCancel);
        ids.push_back(e.cancelled.order.order_id);
      }
    }
    return ids;
  }
  Engine engine_;
};

TEST_F(MassCancelTest, AllOfAParticipantInBookThenPriorityOrder) {
  const std::vector<Event> events = RunEvents(engine_, MassCancel(1));
  // CU bids best to worst (101, then 100 FIFO), CU asks best to worst, then NI.
  EXPECT_THAT(Cancelled(events), ElementsAre(2, 1, 4, 6, 5, 7));
  ASSERT_EQ(events.size(), 12u);
  for (size_t i = 0; i < events.size(); i += 2) {
    EXPECT_EQ(events[i].kind, EventKind::kCancelled);
    EXPECT_EQ(events[i + 1].kind, EventKind::kLevelChanged);
  }
  EXPECT_EQ(FormatEvent(events[3]), "LEVEL i=0 BUY px=100 qty=12 orders=2");
  EXPECT_EQ(FormatEvent(events[5]), "LEVEL i=0 BUY px=100 qty=9 orders=1");
  EXPECT_EQ(engine_.resting_orders(), 1u);  // p2's order 3
  EXPECT_NE(engine_.FindOrder(3), nullptr);
  EXPECT_TRUE(engine_.Validate().ok());
}

TEST_F(MassCancelTest, InstrumentFilter) {
  Command c = MassCancel(1);
  c.filter_instrument = true;
  c.instrument = 1;
  EXPECT_THAT(Cancelled(RunEvents(engine_, c)), ElementsAre(7));
  EXPECT_EQ(engine_.resting_orders(), 6u);
}

TEST_F(MassCancelTest, SideFilter) {
  Command c = MassCancel(1);
  c.filter_side = true;
  c.side = Side::kSell;
  EXPECT_THAT(Cancelled(RunEvents(engine_, c)), ElementsAre(6, 5));
}

TEST_F(MassCancelTest, BothFilters) {
  EXPECT_THAT(Exec(engine_, "MASS_CANCEL p=1 i=0 side=BUY"),
              ElementsAre("CANCELLED i=0 id=2 p=1 BUY px=101 leaves=2 reason=MASS_CANCEL",
                          "LEVEL i=0 BUY px=101 qty=0 orders=0",
                          "CANCELLED i=0 id=1 p=1 BUY px=100 leaves=1 reason=MASS_CANCEL",
                          "LEVEL i=0 BUY px=100 qty=12 orders=2",
                          "CANCELLED i=0 id=4 p=1 BUY px=100 leaves=3 reason=MASS_CANCEL",
                          "LEVEL i=0 BUY px=100 qty=9 orders=1"));
}

TEST_F(MassCancelTest, NothingToCancelGivesNoEvents) {
  EXPECT_THAT(Exec(engine_, "MASS_CANCEL p=3"), IsEmpty());
  EXPECT_THAT(Exec(engine_, "MASS_CANCEL p=2 i=1"), IsEmpty());
  EXPECT_THAT(Exec(engine_, "MASS_CANCEL p=2 side=SELL"), IsEmpty());
  EXPECT_EQ(engine_.resting_orders(), 7u);
}

TEST_F(MassCancelTest, UnknownInstrumentFilterIsRejected) {
  EXPECT_THAT(Exec(engine_, "MASS_CANCEL p=1 i=2"),
              ElementsAre("REJECTED i=2 id=0 p=1 cmd=MASS_CANCEL reason=UNKNOWN_INSTRUMENT BUY "
                          "px=0 qty=0 limit=0"));
  EXPECT_EQ(engine_.resting_orders(), 7u);
}

TEST_F(MassCancelTest, WorksWhileHalted) {
  ASSERT_TRUE(engine_.SetHalted(0, true).ok());
  EXPECT_EQ(Cancelled(RunEvents(engine_, MassCancel(2))), std::vector<OrderId>{3});
}

}  // namespace
}  // namespace ftz::testing
