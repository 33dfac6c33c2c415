// Stage 1, authorize: unknown participants, roles, FTZ membership; and where it sits in
// the pipeline (after the engine's validation, before origin, floor and risk).
#include "fp_test_util.h"
#include "gtest/gtest.h"

namespace ftz {
namespace {

using namespace fp_test;  // NOLINT

// DENY admits no non-member material; OPEN admits it duty free. Both floor 100.
const std::string kRules = Instrument("DENY", R"pb(
                             floor { hard { price: 100 } }
                             non_member_origin { kind: DENY }
                             max_open_lots: 5)pb") +
                           Instrument("OPEN", R"pb(
                             floor { hard { price: 100 } }
                             non_member_origin { kind: ADMIT })pb");

TEST(Authorize, UnknownParticipant) {
  FTZ_MARKET(m, kRules);
  for (const char* cmd : {"NEW p=10 i=0 BUY px=120 qty=1", "NEW p=99 i=1 SELL px=120 qty=1",
                          "NEW p=4000000000 i=0 SELL MARKET qty=1"}) {
    const Events ev = Exec(*m, cmd);
    ASSERT_EQ(ev.size(), 1u) << cmd << "\n" << Lines(ev);
    EXPECT_EQ(RejectOf(ev), RejectReason::kUnknownParticipant) << cmd;
  }
  EXPECT_EQ(m->engine().resting_orders(), 0u);
}

TEST(Authorize, RolesPerSide) {
  FTZ_MARKET(m, kRules);
  // A buyer may not sell, a miner may not buy; a refiner may do both; an observer neither.
  EXPECT_EQ(RejectOf(Exec(*m, "NEW p=4 i=0 SELL px=120 qty=1")), RejectReason::kRoleNotAllowed);
  EXPECT_EQ(RejectOf(Exec(*m, "NEW p=2 i=0 BUY px=120 qty=1")), RejectReason::kRoleNotAllowed);
  EXPECT_EQ(RejectOf(Exec(*m, "NEW p=1 i=0 BUY px=120 qty=1")), RejectReason::kRoleNotAllowed);
  EXPECT_EQ(RejectOf(Exec(*m, "NEW p=1 i=0 SELL px=120 qty=1")), RejectReason::kRoleNotAllowed);
  EXPECT_EQ(RejectOf(Exec(*m, "NEW p=2 i=0 BUY MARKET qty=1")), RejectReason::kRoleNotAllowed);
  EXPECT_EQ(RejectOf(Exec(*m, "NEW p=3 i=0 BUY px=120 qty=1")), RejectReason::kNone);
  EXPECT_EQ(RejectOf(Exec(*m, "NEW p=3 i=0 SELL px=130 qty=1")), RejectReason::kNone);
  EXPECT_EQ(RejectOf(Exec(*m, "NEW p=2 i=0 SELL px=130 qty=1")), RejectReason::kNone);
  EXPECT_EQ(RejectOf(Exec(*m, "NEW p=4 i=0 BUY px=120 qty=1")), RejectReason::kNone);
  // The stockpile's role is not listed, but there is no backstop here: it may not trade.
  EXPECT_EQ(RejectOf(Exec(*m, "NEW p=0 i=0 BUY px=120 qty=1")), RejectReason::kRoleNotAllowed);
}

TEST(Authorize, NonMembersNeverBuyAndSellOnlyWhereAdmitted) {
  FTZ_MARKET(m, kRules);
  EXPECT_EQ(RejectOf(Exec(*m, "NEW p=8 i=0 BUY px=120 qty=1")), RejectReason::kNotMember);
  EXPECT_EQ(RejectOf(Exec(*m, "NEW p=8 i=1 BUY px=120 qty=1")), RejectReason::kNotMember);
  EXPECT_EQ(RejectOf(Exec(*m, "NEW p=8 i=1 BUY MARKET qty=1")), RejectReason::kNotMember);
  EXPECT_EQ(RejectOf(Exec(*m, "NEW p=7 i=0 SELL px=120 qty=1")), RejectReason::kNotMember);
  // Even declaring member-origin material does not make a non-member a member.
  EXPECT_EQ(RejectOf(Exec(*m, "NEW p=7 i=0 SELL px=120 qty=1 origin=US")),
            RejectReason::kNotMember);
  const Events ok = Exec(*m, "NEW p=7 i=1 SELL px=120 qty=1");
  ASSERT_NE(FindAccepted(ok), nullptr) << Lines(ok);
  EXPECT_EQ(FindAccepted(ok)->price, 120);  // ADMIT: duty free, no landed markup
}

TEST(Authorize, RolesAreCheckedBeforeMembership) {
  // Only BUYERs buy here; cn-exporter (MINER, REFINER, TRADER) is no buyer and no member:
  // the role refusal comes first.
  FTZ_MARKET(m, R"pb(
    instruments {
      symbol: "B"
      tick_size: 1
      lot_size: 1
      max_price: 1000
      buy_roles: [ BUYER ]
      sell_roles: [ MINER ]
      non_member_origin { kind: ADMIT }
    })pb");
  EXPECT_EQ(RejectOf(Exec(*m, "NEW p=7 i=0 BUY px=120 qty=1")), RejectReason::kRoleNotAllowed);
  EXPECT_EQ(RejectOf(Exec(*m, "NEW p=8 i=0 BUY px=120 qty=1")), RejectReason::kNotMember);
}

TEST(Authorize, ComesAfterEngineValidationAndBeforeFloorAndRisk) {
  FTZ_MARKET(m, kRules);
  // The engine's checks run first.
  EXPECT_EQ(RejectOf(Exec(*m, "NEW p=99 i=0 BUY px=120 qty=0")), RejectReason::kBadQuantity);
  EXPECT_EQ(RejectOf(Exec(*m, "NEW p=99 i=0 BUY px=100001 qty=1")), RejectReason::kBadPrice);
  EXPECT_EQ(RejectOf(Exec(*m, "NEW p=8 i=5 BUY px=120 qty=1")), RejectReason::kUnknownInstrument);
  Exec(*m, "HALT i=0");
  EXPECT_EQ(RejectOf(Exec(*m, "NEW p=8 i=0 BUY px=120 qty=1")), RejectReason::kHalted);
  Exec(*m, "RESUME i=0");
  // Then authorize, before the floor (a non-member bid below the floor) and risk.
  EXPECT_EQ(RejectOf(Exec(*m, "NEW p=8 i=0 BUY px=50 qty=1")), RejectReason::kNotMember);
  EXPECT_EQ(RejectOf(Exec(*m, "NEW p=2 i=0 BUY px=50 qty=9")), RejectReason::kRoleNotAllowed);
  EXPECT_EQ(RejectOf(Exec(*m, "NEW p=4 i=0 BUY px=50 qty=9")), RejectReason::kBelowFloor);
}

TEST(Authorize, ARejectTakesNoOrderIdAndChangesNothing) {
  FTZ_MARKET(m, kRules);
  const uint64_t before = m->engine().StateHash();
  const Events rej = Exec(*m, "NEW p=8 i=0 BUY px=120 qty=1 cid=5");
  ASSERT_EQ(rej.size(), 1u) << Lines(rej);
  const RejectedEvent& r = rej[0].rejected;
  EXPECT_EQ(r.order.participant, kCnBuyer);
  EXPECT_EQ(r.order.client_id, 5u);
  EXPECT_EQ(r.command, CommandKind::kNewOrder);
  EXPECT_EQ(r.side, Side::kBuy);
  EXPECT_EQ(r.price, 120);
  EXPECT_EQ(r.qty, 1);
  EXPECT_EQ(m->engine().StateHash(), before);
  const Events ok = Exec(*m, "NEW p=4 i=0 BUY px=120 qty=1");
  ASSERT_NE(FindAccepted(ok), nullptr);
  EXPECT_EQ(FindAccepted(ok)->order.order_id, 1u);
}

TEST(Authorize, ABackedInstrumentLetsTheStockpileTrade) {
  // The config lists no STOCKPILE role, but the backstop adds it on both sides.
  FTZ_MARKET(m, Instrument("BACKED", R"pb(
               floor {
                 hard { price: 100 }
                 stockpile { budget: 1000 }
               })pb"));
  const Events opening(m->opening_events().begin(), m->opening_events().end());
  const AcceptedEvent* bid = FindAccepted(opening);
  ASSERT_NE(bid, nullptr) << Lines(opening);
  EXPECT_EQ(bid->order.participant, kVault);
  EXPECT_EQ(bid->price, 100);
  EXPECT_EQ(bid->qty, 10);  // 1000 / 100
}

}  // namespace
}  // namespace ftz
