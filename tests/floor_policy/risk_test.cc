// Stage 4, risk: max_open_lots bounds a participant's resting quantity on an instrument
// (both sides) plus the new order; the stockpile is exempt.
#include "fp_test_util.h"
#include "gtest/gtest.h"

namespace ftz {
namespace {

using namespace fp_test;  // NOLINT

const std::string kRules = Instrument("R", R"pb(
                             floor {
                               hard { price: 100 }
                               stockpile { budget: 100000 }
                             }
                             max_open_lots: 10)pb") +
                           Instrument("FREE", "");

TEST(Risk, BothSidesCountAgainstTheLimit) {
  FTZ_MARKET(m, kRules);
  // au-mm buys and sells: 6 + 5 = 11 > 10.
  ASSERT_NE(FindAccepted(Exec(*m, "NEW p=9 BUY px=100 qty=6")), nullptr);
  const Events over = Exec(*m, "NEW p=9 SELL px=120 qty=5");
  ASSERT_NE(FindReject(over), nullptr) << Lines(over);
  EXPECT_EQ(FindReject(over)->reason, RejectReason::kRiskLimit);
  EXPECT_EQ(FindReject(over)->limit, 10);
  ASSERT_NE(FindAccepted(Exec(*m, "NEW p=9 SELL px=120 qty=4")), nullptr);  // exactly 10
  EXPECT_EQ(m->policy().open_lots(kAuMm, 0), 10);
  // Even an order that would trade at once counts in full.
  EXPECT_EQ(RejectOf(Exec(*m, "NEW p=9 BUY MARKET qty=1")), RejectReason::kRiskLimit);
  // Other participants and other instruments have their own count.
  EXPECT_NE(FindAccepted(Exec(*m, "NEW p=4 BUY px=100 qty=10")), nullptr);
  EXPECT_NE(FindAccepted(Exec(*m, "NEW p=9 i=1 BUY px=100 qty=50")), nullptr);
}

TEST(Risk, FillsAndCancelsFreeRoom) {
  FTZ_MARKET(m, kRules);
  Exec(*m, "NEW p=9 SELL px=120 qty=10");
  Exec(*m, "NEW p=4 BUY px=120 qty=3");  // fills 3 of the ask
  EXPECT_EQ(m->policy().open_lots(kAuMm, 0), 7);
  EXPECT_EQ(RejectOf(Exec(*m, "NEW p=9 BUY px=100 qty=4")), RejectReason::kRiskLimit);
  const OrderId id = FindAccepted(Exec(*m, "NEW p=9 BUY px=100 qty=3"))->order.order_id;
  Exec(*m, CancelOrder(kAuMm, 0, id));
  EXPECT_EQ(m->policy().open_lots(kAuMm, 0), 7);
  Exec(*m, MassCancel(kAuMm));
  EXPECT_EQ(m->policy().open_lots(kAuMm, 0), 0);
  EXPECT_NE(FindAccepted(Exec(*m, "NEW p=9 BUY px=100 qty=10")), nullptr);
}

TEST(Risk, ReplaceCountsTheChange) {
  FTZ_MARKET(m, kRules);
  const OrderId a = FindAccepted(Exec(*m, "NEW p=9 BUY px=100 qty=4"))->order.order_id;
  Exec(*m, "NEW p=9 SELL px=150 qty=4");
  // 4 -> 7 makes 11.
  const Events up = Exec(*m, ReplaceOrder(kAuMm, 0, a, 100, 7));
  ASSERT_NE(FindReject(up), nullptr) << Lines(up);
  EXPECT_EQ(FindReject(up)->reason, RejectReason::kRiskLimit);
  EXPECT_EQ(FindReject(up)->command, CommandKind::kReplace);
  // 4 -> 6 makes 10; a new price too.
  EXPECT_EQ(OfKind(Exec(*m, ReplaceOrder(kAuMm, 0, a, 101, 6)), EventKind::kReplaced).size(), 1u);
  EXPECT_EQ(m->policy().open_lots(kAuMm, 0), 10);
  EXPECT_EQ(OfKind(Exec(*m, ReplaceOrder(kAuMm, 0, a, 101, 1)), EventKind::kReplaced).size(), 1u);
  EXPECT_EQ(m->policy().open_lots(kAuMm, 0), 5);
}

TEST(Risk, TheStockpileIsExempt) {
  FTZ_MARKET(m, kRules);
  // Its bid: min(100000 / 100, max order 1000) = 1000 lots, far above 10.
  const Events open(m->opening_events().begin(), m->opening_events().end());
  ASSERT_NE(FindAccepted(open), nullptr) << Lines(open);
  EXPECT_EQ(FindAccepted(open)->qty, 1000);
  EXPECT_EQ(m->policy().open_lots(kVault, 0), 1000);
}

TEST(Risk, NoLimitWhenZero) {
  FTZ_MARKET(m, kRules);
  for (int k = 0; k < 5; ++k) {
    EXPECT_NE(FindAccepted(Exec(*m, "NEW p=4 i=1 BUY px=100 qty=1000")), nullptr);
  }
  EXPECT_EQ(m->policy().open_lots(kUsBuyer, 1), 5000);
}

}  // namespace
}  // namespace ftz
