// Every reject reason the bare matching core (no floor policy) can produce, each in the
// documented check order (docs/matching.md "New order", "Cancel", "Replace", "Mass
// cancel", "Admin").
#include <limits>
#include <set>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/matching/test_util.h"

namespace ftz::testing {
namespace {

class ValidationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(engine_.AddInstrument(TestSpec("CU", 10, 1000, 100)).ok());
    ASSERT_TRUE(engine_.AddInstrument(TestSpec("NI", 10, 1000, 100)).ok());
  }
  // The single REJECTED event of a command: its reason and limit.
  std::pair<RejectReason, int64_t> RejectOf(const Command& c) {
    const std::vector<Event> ev = RunEvents(engine_, c);
    EXPECT_EQ(ev.size(), 1u) << FormatCommand(c);
    if (ev.empty() || ev[0].kind != EventKind::kRejected) return {RejectReason::kNone, 0};
    seen_.insert(ev[0].rejected.reason);
    return {ev[0].rejected.reason, ev[0].rejected.limit};
  }
  std::pair<RejectReason, int64_t> RejectOf(absl::string_view text) {
    absl::StatusOr<Command> c = ParseCommand(text);
    EXPECT_TRUE(c.ok()) << c.status();
    return RejectOf(*c);
  }
  using R = RejectReason;
  using P = std::pair<RejectReason, int64_t>;
  Engine engine_;
  std::set<RejectReason> seen_;
};

TEST_F(ValidationTest, NewOrderChecksInOrder) {
  EXPECT_EQ(RejectOf("NEW p=1 i=2 BUY px=0 qty=0 post_only tif=IOC"), P(R::kUnknownInstrument, 0));
  ASSERT_TRUE(engine_.SetHalted(1, true).ok());
  EXPECT_EQ(RejectOf("NEW p=1 i=1 BUY px=0 qty=0"), P(R::kHalted, 0));
  ASSERT_TRUE(engine_.SetHalted(1, false).ok());
  EXPECT_EQ(RejectOf("NEW p=1 BUY px=0 qty=0 post_only tif=IOC"), P(R::kBadQuantity, 100));
  EXPECT_EQ(RejectOf("NEW p=1 BUY px=100 qty=101"), P(R::kBadQuantity, 100));
  EXPECT_EQ(RejectOf("NEW p=1 BUY px=100 qty=-1"), P(R::kBadQuantity, 100));
  EXPECT_EQ(RejectOf("NEW p=1 BUY px=0 qty=1 post_only tif=IOC"), P(R::kBadCommand, 0));
  EXPECT_EQ(RejectOf("NEW p=1 BUY MARKET qty=1 post_only"), P(R::kBadCommand, 0));
  EXPECT_EQ(RejectOf("NEW p=1 BUY px=9 qty=1"), P(R::kBadPrice, 10));
  EXPECT_EQ(RejectOf("NEW p=1 BUY px=-9 qty=1"), P(R::kBadPrice, 10));
  EXPECT_EQ(RejectOf("NEW p=1 BUY px=1001 qty=1"), P(R::kBadPrice, 1000));
  ASSERT_EQ(Exec(engine_, "NEW p=1 SELL px=500 qty=100 cid=1").size(), 2u);
  EXPECT_EQ(RejectOf("NEW p=1 BUY px=1001 qty=1 cid=1"), P(R::kBadPrice, 1000));
  EXPECT_EQ(RejectOf("NEW p=1 BUY px=600 qty=1 cid=1 post_only"), P(R::kDuplicateClientId, 0));
  EXPECT_EQ(RejectOf("NEW p=1 BUY px=600 qty=1 post_only"), P(R::kPostOnlyWouldCross, 500));
  EXPECT_EQ(RejectOf("NEW p=1 BUY px=600 qty=101 tif=FOK"), P(R::kBadQuantity, 100));
  ASSERT_EQ(Exec(engine_, "NEW p=2 SELL px=600 qty=1").size(), 2u);
  EXPECT_EQ(RejectOf("NEW p=1 BUY px=599 qty=100 tif=FOK stp=CANCEL_NEWEST"),
            P(R::kFokNotFillable, 0));
  // A market order's price is never checked.
  EXPECT_EQ(RunEvents(engine_, NewMarket(3, 0, Side::kBuy, 1))[0].kind, EventKind::kAccepted);
}

TEST_F(ValidationTest, CancelReplaceMassCancelAndAdminRejects) {
  ASSERT_EQ(Exec(engine_, "NEW p=1 SELL px=500 qty=10 cid=1 post_only").size(), 2u);
  ASSERT_EQ(Exec(engine_, "NEW p=2 BUY px=400 qty=10").size(), 2u);
  EXPECT_EQ(RejectOf("CANCEL p=1 id=3"), P(R::kUnknownOrder, 0));
  EXPECT_EQ(RejectOf("CANCEL p=2 id=1"), P(R::kNotYourOrder, 0));
  EXPECT_EQ(RejectOf("REPLACE p=1 id=3 px=1 qty=0"), P(R::kUnknownOrder, 0));
  EXPECT_EQ(RejectOf("REPLACE p=2 cid=1 px=1 qty=0"), P(R::kUnknownOrder, 0));
  EXPECT_EQ(RejectOf("REPLACE p=2 id=1 px=1 qty=0"), P(R::kNotYourOrder, 0));
  ASSERT_TRUE(engine_.SetHalted(0, true).ok());
  EXPECT_EQ(RejectOf("REPLACE p=1 id=1 px=1 qty=0"), P(R::kHalted, 0));
  ASSERT_TRUE(engine_.SetHalted(0, false).ok());
  EXPECT_EQ(RejectOf("REPLACE p=1 id=1 px=1 qty=0"), P(R::kBadQuantity, 100));
  EXPECT_EQ(RejectOf("REPLACE p=1 id=1 px=1 qty=101"), P(R::kBadQuantity, 100));
  EXPECT_EQ(RejectOf("REPLACE p=1 id=1 px=1 qty=5"), P(R::kBadPrice, 10));
  EXPECT_EQ(RejectOf("REPLACE p=1 id=1 px=2000 qty=5"), P(R::kBadPrice, 1000));
  EXPECT_EQ(RejectOf("REPLACE p=1 cid=1 px=400 qty=5"), P(R::kPostOnlyWouldCross, 400));
  EXPECT_EQ(RejectOf("MASS_CANCEL p=1 i=2"), P(R::kUnknownInstrument, 0));
  EXPECT_EQ(RejectOf("HALT i=2"), P(R::kUnknownInstrument, 0));
  EXPECT_EQ(RejectOf("RESUME i=9"), P(R::kUnknownInstrument, 0));
  // Floor and tariff commands need a floor policy.
  EXPECT_EQ(RejectOf("SET_FLOOR i=0 px=100"), P(R::kBadCommand, 0));
  EXPECT_EQ(RejectOf("SET_TARIFF i=0 qty=100"), P(R::kBadCommand, 0));
  // Nothing changed.
  EXPECT_EQ(engine_.FindOrder(1)->leaves, 10);
  EXPECT_EQ(engine_.FindOrder(1)->price, 500);
  EXPECT_TRUE(engine_.Validate().ok());
}

TEST_F(ValidationTest, RejectedCommandsChangeNothing) {
  ASSERT_EQ(Exec(engine_, "NEW p=1 SELL px=500 qty=10 cid=1").size(), 2u);
  const uint64_t before = engine_.StateHash();
  for (const char* c : {"NEW p=1 i=5 BUY px=500 qty=1", "NEW p=1 BUY px=500 qty=0",
                        "NEW p=1 BUY px=5 qty=1", "NEW p=1 BUY px=400 qty=1 cid=1",
                        "NEW p=2 BUY px=500 qty=1 post_only", "NEW p=2 BUY px=500 qty=11 tif=FOK",
                        "CANCEL p=2 id=1", "REPLACE p=1 id=1 px=5 qty=1", "MASS_CANCEL p=1 i=9"}) {
    EXPECT_EQ(RunEvents(engine_, *ParseCommand(c))[0].kind, EventKind::kRejected) << c;
    EXPECT_EQ(engine_.StateHash(), before) << c;
  }
}

// Regression (golden/market_reaches_band_top.txt): a band above kMaxPrice, where a market
// buy (limit kMaxPrice) could not reach the asks, is refused; one ending at it is fine.
TEST(InstrumentValidationTest, BandsMustEndAtOrBelowMaxPrice) {
  Engine engine;
  EXPECT_FALSE(engine.AddInstrument(TestSpec("A", kMaxPrice - 10, kMaxPrice + 1)).ok());
  EXPECT_FALSE(engine.AddInstrument(TestSpec("B", kMaxPrice + 1, kMaxPrice + 2)).ok());
  EXPECT_FALSE(engine
                   .AddInstrument(TestSpec("C", std::numeric_limits<Price>::max() - 5,
                                           std::numeric_limits<Price>::max()))
                   .ok());
  ASSERT_TRUE(engine.AddInstrument(TestSpec("D", kMaxPrice - 10, kMaxPrice)).ok());
  Exec(engine, "NEW p=1 SELL px=2305843009213693951 qty=1");
  const std::vector<Event> ev = RunEvents(engine, NewMarket(2, 0, Side::kBuy, 1));
  ASSERT_EQ(ev.size(), 3u);
  EXPECT_EQ(ev[1].kind, EventKind::kTrade);
  EXPECT_EQ(ev[1].trade.price, kMaxPrice);
  // The other AddInstrument refusals.
  EXPECT_FALSE(engine.AddInstrument(TestSpec("", 1, 10)).ok());
  EXPECT_FALSE(engine.AddInstrument(TestSpec("D", 1, 10)).ok());
  EXPECT_FALSE(engine.AddInstrument(TestSpec("E", 0, 10)).ok());
  EXPECT_FALSE(engine.AddInstrument(TestSpec("F", 10, 9)).ok());
  EXPECT_FALSE(engine.AddInstrument(TestSpec("G", 1, 1 + kMaxBandWidth)).ok());
  EXPECT_TRUE(engine.AddInstrument(TestSpec("G", 1, kMaxBandWidth)).ok());
  EXPECT_FALSE(engine.AddInstrument(TestSpec("H", 1, 10, 0)).ok());
}

}  // namespace
}  // namespace ftz::testing
