// The stockpile backstop: a standing bid at the floor sized by budget, period cap,
// capacity and max order; a release ask at the ceiling; refreshes at the opening, at
// period ends and when the floor changes; budget accounting and exhaustion.
#include "fp_test_util.h"
#include "gtest/gtest.h"

namespace ftz {
namespace {

using namespace fp_test;  // NOLINT

// One-unit ticks and lots: money is currency. budget 1050 / floor 100 = 10 lots; period
// cap 6 lots; capacity 8 lots; release at 150.
const std::string kVaultRules = Instrument("V", R"pb(
  floor {
    hard { price: 100 }
    stockpile { budget: 1050 period_cap: 6 capacity: 8 release_price: 150 }
  }
  max_open_lots: 5)pb");

// The stockpile's resting orders: {bid lots, ask lots} from the book itself.
std::pair<Qty, Qty> VaultOrders(const Market& m, InstrumentId i) {
  Qty bid = 0, ask = 0;
  for (OrderId id = 1; id < 1000; ++id) {
    const Order* o = m.engine().FindOrder(id);
    if (o == nullptr || o->participant != kVault || o->instrument != i) continue;
    (o->side == Side::kBuy ? bid : ask) += o->leaves;
  }
  return {bid, ask};
}

void ExpectState(const Event& e, Qty bid, Qty ask, Qty inventory, Money budget) {
  ASSERT_EQ(e.kind, EventKind::kStockpileState);
  const StockpileStateEvent& s = e.stockpile_state;
  EXPECT_EQ(s.stockpile, kVault);
  EXPECT_EQ(s.bid_qty, bid) << "bid lots";
  EXPECT_EQ(s.ask_qty, ask) << "ask lots";
  EXPECT_EQ(s.inventory, inventory) << "inventory";
  EXPECT_EQ(s.budget_left, budget) << "budget left";
}

TEST(Stockpile, OpensWithABidSizedByTheTightestLimit) {
  FTZ_MARKET(m, kVaultRules);
  const Events open(m->opening_events().begin(), m->opening_events().end());
  // min(1050 / 100 = 10, cap 6, capacity 8, max order 1000) = 6; nothing to release yet.
  ASSERT_EQ(open.size(), 3u) << Lines(open);
  EXPECT_EQ(open[0].kind, EventKind::kAccepted);
  EXPECT_EQ(open[0].accepted.order.participant, kVault);
  EXPECT_EQ(open[0].accepted.side, Side::kBuy);
  EXPECT_EQ(open[0].accepted.price, 100);
  EXPECT_EQ(open[0].accepted.qty, 6);
  EXPECT_EQ(open[0].accepted.tif, TimeInForce::kGtc);
  EXPECT_EQ(open[1].kind, EventKind::kLevelChanged);
  ExpectState(open[2], 6, 0, 0, 1050);
  // Exempt from max_open_lots (5).
  EXPECT_EQ(VaultOrders(*m, 0), (std::pair<Qty, Qty>{6, 0}));
}

TEST(Stockpile, EachLimitCanBeTheTightest) {
  struct Case {
    const char* stockpile;
    const char* max_order;
    Qty lots;
  };
  for (const Case& c : {
           Case{"budget: 350", "1000", 3},                            // 350 / 100
           Case{"budget: 100000 period_cap: 4", "1000", 4},           // the period cap
           Case{"budget: 100000 capacity: 5", "1000", 5},             // storage
           Case{"budget: 100000 period_cap: 9 capacity: 9", "7", 7},  // max order
           Case{"budget: 99", "1000", 0},                             // not one lot
       }) {
    FTZ_MARKET(m, absl::StrCat("instruments { symbol: \"S\" tick_size: 1 lot_size: 1 ",
                               "max_price: 1000 max_order_lots: ", c.max_order,
                               " buy_roles: [BUYER] sell_roles: [MINER] floor { hard { price: "
                               "100 } stockpile { ",
                               c.stockpile, " } } }"));
    const Events open(m->opening_events().begin(), m->opening_events().end());
    const std::vector<StockpileStateEvent> s =
        Payloads(open, EventKind::kStockpileState, &Event::stockpile_state);
    ASSERT_EQ(s.size(), 1u) << Lines(open);
    EXPECT_EQ(s[0].bid_qty, c.lots) << c.stockpile;
    EXPECT_EQ(VaultOrders(*m, 0).first, c.lots) << c.stockpile;
    EXPECT_EQ(OfKind(open, EventKind::kAccepted).size(), c.lots > 0 ? 1u : 0u);
  }
}

TEST(Stockpile, BuysReleasesAndRefreshesAtPeriodEnd) {
  FTZ_MARKET(m, kVaultRules);
  // A miner sells 4 at the floor into the stockpile's bid.
  const Events sell = Exec(*m, "NEW p=2 SELL px=100 qty=4");
  const std::vector<TradeEvent> t = Trades(sell);
  ASSERT_EQ(t.size(), 1u) << Lines(sell);
  EXPECT_EQ(t[0].price, 100);
  EXPECT_EQ(t[0].maker.participant, kVault);
  const std::vector<StockpileTradeEvent> buy =
      Payloads(sell, EventKind::kStockpileBuy, &Event::stockpile_trade);
  ASSERT_EQ(buy.size(), 1u);
  EXPECT_EQ(buy[0].counterparty, kUsMiner);
  EXPECT_EQ(buy[0].trade_id, t[0].trade_id);
  EXPECT_EQ(buy[0].qty, 4);
  EXPECT_EQ(buy[0].amount, 400);
  EXPECT_EQ(buy[0].budget_left, 650);
  EXPECT_TRUE(OfKind(sell, EventKind::kBudgetExhausted).empty());
  EXPECT_EQ(m->policy().stockpile(0).inventory, 4);
  EXPECT_EQ(m->policy().stockpile(0).bought_this_period, 4);

  // Period end: PERIOD_CLOSED (net spend 400), the old bid withdrawn (POLICY), a bid of
  // min(650 / 100 = 6, cap 6 - 0, capacity 8 - 4 = 4) = 4 and an ask of the inventory (4)
  // at 150.
  const Events end = Exec(*m, EndPeriod());
  const std::vector<PeriodClosedEvent> closed =
      Payloads(end, EventKind::kPeriodClosed, &Event::period_closed);
  ASSERT_EQ(closed.size(), 1u) << Lines(end);
  EXPECT_EQ(closed[0].period, 0u);
  EXPECT_EQ(closed[0].stockpile_net_spend, 400);
  const std::vector<CancelledEvent> withdrawn = Cancels(end, CancelReason::kPolicy);
  ASSERT_EQ(withdrawn.size(), 1u) << Lines(end);
  EXPECT_EQ(withdrawn[0].leaves, 2);
  const std::vector<Event> placed = OfKind(end, EventKind::kAccepted);
  ASSERT_EQ(placed.size(), 2u);
  EXPECT_EQ(placed[0].accepted.side, Side::kBuy);
  EXPECT_EQ(placed[0].accepted.price, 100);
  EXPECT_EQ(placed[0].accepted.qty, 4);
  EXPECT_EQ(placed[1].accepted.side, Side::kSell);
  EXPECT_EQ(placed[1].accepted.price, 150);
  EXPECT_EQ(placed[1].accepted.qty, 4);
  ASSERT_EQ(end.back().kind, EventKind::kStockpileState);
  ExpectState(end.back(), 4, 4, 4, 650);
  EXPECT_EQ(m->policy().stockpile(0).bought_this_period, 0);

  // A buyer lifts 3 at the ceiling: proceeds go back to the budget.
  const Events lift = Exec(*m, "NEW p=4 BUY px=150 qty=3");
  const std::vector<StockpileTradeEvent> rel =
      Payloads(lift, EventKind::kStockpileRelease, &Event::stockpile_trade);
  ASSERT_EQ(rel.size(), 1u) << Lines(lift);
  EXPECT_EQ(rel[0].counterparty, kUsBuyer);
  EXPECT_EQ(rel[0].qty, 3);
  EXPECT_EQ(rel[0].amount, 450);
  EXPECT_EQ(rel[0].budget_left, 1100);
  const Ledger& l = m->policy().total_ledger(0);
  EXPECT_EQ(l.stockpile_spend, 400);
  EXPECT_EQ(l.stockpile_proceeds, 450);
  EXPECT_EQ(l.stockpile_bought, 4);
  EXPECT_EQ(l.stockpile_sold, 3);

  // Next period end: net spend -450; bid min(11, 6, 8 - 1 = 7) = 6, ask 1.
  const Events end2 = Exec(*m, EndPeriod());
  const std::vector<PeriodClosedEvent> closed2 =
      Payloads(end2, EventKind::kPeriodClosed, &Event::period_closed);
  ASSERT_EQ(closed2.size(), 1u);
  EXPECT_EQ(closed2[0].period, 1u);
  EXPECT_EQ(closed2[0].stockpile_net_spend, -450);
  ExpectState(end2.back(), 6, 1, 1, 1100);
  EXPECT_EQ(VaultOrders(*m, 0), (std::pair<Qty, Qty>{6, 1}));
  EXPECT_TRUE(m->engine().Validate().ok());
}

TEST(Stockpile, NeverSpendsMoreThanItsBudgetAndSaysWhenItIsExhausted) {
  FTZ_MARKET(m, Instrument("V", R"pb(
               floor {
                 hard { price: 100 }
                 stockpile { budget: 250 }
               })pb"));
  // Bid 2 lots (250 / 100). A sell of 3 fills 2 and rests 1.
  const Events sell = Exec(*m, "NEW p=2 SELL px=100 qty=3");
  ASSERT_EQ(Trades(sell).size(), 1u) << Lines(sell);
  EXPECT_EQ(Trades(sell)[0].qty, 2);
  const std::vector<BudgetExhaustedEvent> ex =
      Payloads(sell, EventKind::kBudgetExhausted, &Event::budget_exhausted);
  ASSERT_EQ(ex.size(), 1u) << Lines(sell);
  EXPECT_EQ(ex[0].budget_left, 50);
  EXPECT_EQ(m->policy().stockpile(0).budget_left, 50);
  EXPECT_TRUE(m->policy().stockpile(0).exhausted);
  // Period end: 50 buys nothing: no bid; no release price: no ask.
  const Events end = Exec(*m, EndPeriod());
  EXPECT_TRUE(OfKind(end, EventKind::kAccepted).empty()) << Lines(end);
  ExpectState(end.back(), 0, 0, 2, 50);
  EXPECT_EQ(m->policy().total_ledger(0).stockpile_spend, 200);

  // The floor drops to 40: 50 buys one lot again, and spending it exhausts it again.
  const Events drop = Exec(*m, "SET_FLOOR i=0 px=40");
  const std::vector<Event> bid = OfKind(drop, EventKind::kAccepted);
  ASSERT_EQ(bid.size(), 1u) << Lines(drop);
  EXPECT_EQ(bid[0].accepted.price, 40);
  EXPECT_EQ(bid[0].accepted.qty, 1);
  const Events sell2 = Exec(*m, "NEW p=2 SELL px=40 qty=1");
  ASSERT_EQ(OfKind(sell2, EventKind::kBudgetExhausted).size(), 1u) << Lines(sell2);
  EXPECT_EQ(OfKind(sell2, EventKind::kBudgetExhausted)[0].budget_exhausted.budget_left, 10);
  EXPECT_EQ(m->policy().stockpile(0).budget_left, 10);
}

TEST(Stockpile, ExhaustedAgainAfterReleasesRefilledTheBudget) {
  FTZ_MARKET(m, Instrument("V", R"pb(
               floor {
                 hard { price: 100 }
                 stockpile { budget: 250 release_price: 150 }
               })pb"));
  ASSERT_EQ(OfKind(Exec(*m, "NEW p=2 SELL px=100 qty=2"), EventKind::kBudgetExhausted).size(), 1u);
  Exec(*m, EndPeriod());                 // ask 2 at 150
  Exec(*m, "NEW p=4 BUY px=150 qty=2");  // budget 50 + 300 = 350
  EXPECT_EQ(m->policy().stockpile(0).budget_left, 350);
  const Events end = Exec(*m, EndPeriod());  // bid 3
  ExpectState(end.back(), 3, 0, 0, 350);
  // Spending it down to 50 again: the budget can no longer buy a lot, and says so.
  const Events sell = Exec(*m, "NEW p=2 SELL px=100 qty=3");
  ASSERT_EQ(OfKind(sell, EventKind::kStockpileBuy).size(), 1u) << Lines(sell);
  const std::vector<BudgetExhaustedEvent> ex =
      Payloads(sell, EventKind::kBudgetExhausted, &Event::budget_exhausted);
  ASSERT_EQ(ex.size(), 1u) << Lines(sell);
  EXPECT_EQ(ex[0].budget_left, 50);
}

TEST(Stockpile, PeriodCapAndANewBidThatTradesOnArrival) {
  FTZ_MARKET(m, Instrument("V", R"pb(
               floor {
                 hard { price: 100 }
                 stockpile { budget: 100000 period_cap: 3 }
               })pb"));
  Exec(*m, "NEW p=2 SELL px=100 qty=3");  // fills the whole bid
  EXPECT_EQ(VaultOrders(*m, 0).first, 0);
  Exec(*m, "NEW p=2 SELL px=100 qty=2");  // rests: the cap is used up
  EXPECT_EQ(m->policy().stockpile(0).bought_this_period, 3);
  // Period end: a new 3-lot bid, which takes the 2 resting lots at once and rests 1.
  const Events end = Exec(*m, EndPeriod());
  const std::vector<TradeEvent> t = Trades(end);
  ASSERT_EQ(t.size(), 1u) << Lines(end);
  EXPECT_EQ(t[0].qty, 2);
  EXPECT_EQ(t[0].price, 100);
  EXPECT_EQ(t[0].taker.participant, kVault);
  ASSERT_EQ(OfKind(end, EventKind::kStockpileBuy).size(), 1u);
  // The state reports what stands now: 1 lot.
  ExpectState(end.back(), 1, 0, 5, 100000 - 500);
  EXPECT_EQ(m->policy().stockpile(0).bought_this_period, 2);
}

TEST(Stockpile, CapacityStopsTheBid) {
  FTZ_MARKET(m, Instrument("V", R"pb(
               floor {
                 hard { price: 100 }
                 stockpile { budget: 100000 capacity: 5 }
               })pb"));
  Exec(*m, "NEW p=2 SELL px=100 qty=9");
  EXPECT_EQ(m->policy().stockpile(0).inventory, 5);
  const Events end = Exec(*m, EndPeriod());
  EXPECT_TRUE(OfKind(end, EventKind::kAccepted).empty()) << Lines(end);
  ExpectState(end.back(), 0, 0, 5, 99500);
}

TEST(Stockpile, RefreshedWhenTheFloorMoves) {
  FTZ_MARKET(m, kVaultRules);
  // Up: FLOOR_CHANGED, the bid below the new floor cancelled FLOOR_RAISED, then a new bid
  // of min(1050 / 120 = 8, 6, 8) = 6 at 120.
  const Events up = Exec(*m, "SET_FLOOR i=0 px=120");
  ASSERT_GE(up.size(), 6u) << Lines(up);
  EXPECT_EQ(up[0].kind, EventKind::kFloorChanged);
  EXPECT_EQ(up[0].floor_changed.old_floor, 100);
  EXPECT_EQ(up[0].floor_changed.new_floor, 120);
  EXPECT_EQ(up[0].floor_changed.cause, FloorChangeCause::kAdmin);
  EXPECT_EQ(up[1].kind, EventKind::kCancelled);
  EXPECT_EQ(up[1].cancelled.reason, CancelReason::kFloorRaised);
  EXPECT_EQ(up[1].cancelled.order.participant, kVault);
  EXPECT_TRUE(Cancels(up, CancelReason::kPolicy).empty());
  const std::vector<Event> bid = OfKind(up, EventKind::kAccepted);
  ASSERT_EQ(bid.size(), 1u);
  EXPECT_EQ(bid[0].accepted.price, 120);
  EXPECT_EQ(bid[0].accepted.qty, 6);
  ExpectState(up.back(), 6, 0, 0, 1050);
  // The same floor again: no change, no refresh (the bid keeps its place).
  EXPECT_TRUE(Exec(*m, "SET_FLOOR i=0 px=120").empty());
  // Down: the bid is withdrawn (POLICY), not FLOOR_RAISED, and placed at 80.
  const Events down = Exec(*m, "SET_FLOOR i=0 px=80");
  EXPECT_TRUE(Cancels(down, CancelReason::kFloorRaised).empty()) << Lines(down);
  ASSERT_EQ(Cancels(down, CancelReason::kPolicy).size(), 1u);
  ASSERT_EQ(OfKind(down, EventKind::kAccepted).size(), 1u);
  EXPECT_EQ(OfKind(down, EventKind::kAccepted)[0].accepted.price, 80);
  // Removed: no floor, no bid.
  const Events none = Exec(*m, "SET_FLOOR i=0 px=0");
  EXPECT_TRUE(OfKind(none, EventKind::kAccepted).empty()) << Lines(none);
  ExpectState(none.back(), 0, 0, 0, 1050);
  EXPECT_EQ(VaultOrders(*m, 0), (std::pair<Qty, Qty>{0, 0}));
}

TEST(Stockpile, TheAskOffersWhatTheNewBidBoughtOnArrival) {
  FTZ_MARKET(m, Instrument("V", R"pb(
               floor {
                 hard { price: 100 }
                 stockpile { budget: 100000 period_cap: 3 release_price: 150 }
               })pb"));
  Exec(*m, "NEW p=2 SELL px=100 qty=3");  // the whole bid: inventory 3
  Exec(*m, "NEW p=2 SELL px=100 qty=2");  // rests
  // The new bid buys the 2 resting lots on arrival; the ask then offers all 5.
  const Events end = Exec(*m, EndPeriod());
  ASSERT_EQ(Trades(end).size(), 1u) << Lines(end);
  const std::vector<Event> placed = OfKind(end, EventKind::kAccepted);
  ASSERT_EQ(placed.size(), 2u) << Lines(end);
  EXPECT_EQ(placed[1].accepted.side, Side::kSell);
  EXPECT_EQ(placed[1].accepted.qty, 5);
  ExpectState(end.back(), 1, 5, 5, 99500);
}

TEST(Stockpile, AHaltedInstrumentIsRefreshedWhenItResumes) {
  FTZ_MARKET(m, kVaultRules);
  Exec(*m, "HALT i=0");
  // A period end while halted leaves the stockpile's bid alone (nothing could be placed).
  const Events end = Exec(*m, EndPeriod());
  EXPECT_EQ(RejectOf(end), RejectReason::kNone) << Lines(end);
  EXPECT_TRUE(Cancels(end, CancelReason::kPolicy).empty()) << Lines(end);
  EXPECT_EQ(VaultOrders(*m, 0), (std::pair<Qty, Qty>{6, 0}));
  // A floor raised while halted cancels the bid below it; the new bid waits.
  const Events up = Exec(*m, "SET_FLOOR i=0 px=120");
  EXPECT_EQ(RejectOf(up), RejectReason::kNone) << Lines(up);
  ASSERT_EQ(Cancels(up, CancelReason::kFloorRaised).size(), 1u) << Lines(up);
  EXPECT_EQ(VaultOrders(*m, 0), (std::pair<Qty, Qty>{0, 0}));
  // RESUME: the refresh happens: min(1050 / 120 = 8, 6, 8) = 6 at 120.
  const Events resume = Exec(*m, "RESUME i=0");
  const std::vector<Event> bid = OfKind(resume, EventKind::kAccepted);
  ASSERT_EQ(bid.size(), 1u) << Lines(resume);
  EXPECT_EQ(bid[0].accepted.price, 120);
  EXPECT_EQ(bid[0].accepted.qty, 6);
  ExpectState(resume.back(), 6, 0, 0, 1050);
  // Resuming a running instrument changes nothing.
  EXPECT_EQ(Exec(*m, "RESUME i=0").size(), 1u);
}

// When a floor rises to or above the release price, the price band is empty: the
// stockpile offers nothing (it must not sell below the floor, nor to itself).
TEST(Stockpile, NoReleaseAskWhileTheFloorIsAtOrAboveTheReleasePrice) {
  for (const char* below : {"REJECT", "REPRICE"}) {
    FTZ_MARKET(m, Instrument("V", absl::StrCat(R"pb(
                                                 floor { hard { price: 100 sell_below:)pb",
                                               below, R"pb(}
                                                           stockpile { budget: 100000 capacity: 8 release_price: 150 }
      })pb")));
    Exec(*m, "NEW p=2 SELL px=100 qty=4");
    ASSERT_EQ(m->policy().stockpile(0).inventory, 4) << below;
    Exec(*m, EndPeriod());
    ASSERT_EQ(VaultOrders(*m, 0), (std::pair<Qty, Qty>{4, 4})) << below;
    const Events up = Exec(*m, "SET_FLOOR i=0 px=150");
    EXPECT_EQ(RejectOf(up), RejectReason::kNone) << below << "\n" << Lines(up);
    EXPECT_TRUE(Trades(up).empty()) << below << "\n" << Lines(up);
    // Bid min(99600 / 150 = 664, capacity 8 - 4 = 4) = 4 at 150; no ask.
    ExpectState(up.back(), 4, 0, 4, 99600);
    EXPECT_EQ(VaultOrders(*m, 0), (std::pair<Qty, Qty>{4, 0})) << below;
    EXPECT_EQ(m->policy().stockpile(0).inventory, 4) << below;
    // Back below the release price: the ask returns.
    const Events down = Exec(*m, "SET_FLOOR i=0 px=120");
    ExpectState(down.back(), 4, 4, 4, 99600);
  }
}

}  // namespace
}  // namespace ftz
