// Field-by-field equality of run results, for tests that expect two runs (or a run and
// its CSV round trip) to be identical. wall_seconds is left out: it is the one field
// allowed to differ between identical runs; compare it separately where it must match.
#pragma once

#include <gtest/gtest.h>

#include "sim/run_result.h"

namespace ftz::sim::testing {

inline void ExpectSamePeriod(const PeriodMetrics& a, const PeriodMetrics& b) {
  EXPECT_EQ(a.period, b.period);
  EXPECT_EQ(a.symbol, b.symbol);
  EXPECT_EQ(a.floor, b.floor);
  EXPECT_EQ(a.vwap, b.vwap);
  EXPECT_EQ(a.open, b.open);
  EXPECT_EQ(a.close, b.close);
  EXPECT_EQ(a.high, b.high);
  EXPECT_EQ(a.low, b.low);
  EXPECT_EQ(a.volume, b.volume);
  EXPECT_EQ(a.volume_at_floor, b.volume_at_floor);
  EXPECT_EQ(a.share_at_floor, b.share_at_floor);
  EXPECT_EQ(a.unsold, b.unsold);
  EXPECT_EQ(a.stockpile_bought, b.stockpile_bought);
  EXPECT_EQ(a.stockpile_inventory, b.stockpile_inventory);
  EXPECT_EQ(a.stockpile_spend, b.stockpile_spend);
  EXPECT_EQ(a.stockpile_budget_left, b.stockpile_budget_left);
  EXPECT_EQ(a.top_ups, b.top_ups);
  EXPECT_EQ(a.duties, b.duties);
  EXPECT_EQ(a.member_supply, b.member_supply);
  EXPECT_EQ(a.non_member_supply, b.non_member_supply);
  EXPECT_EQ(a.producer_surplus, b.producer_surplus);
  EXPECT_EQ(a.consumer_surplus, b.consumer_surplus);
  EXPECT_EQ(a.realized_gains, b.realized_gains);
  EXPECT_EQ(a.max_gains, b.max_gains);
  EXPECT_EQ(a.efficiency, b.efficiency);
  EXPECT_EQ(a.ce_price, b.ce_price);
  EXPECT_EQ(a.ce_quantity, b.ce_quantity);
  EXPECT_EQ(a.orders, b.orders);
  EXPECT_EQ(a.rejects, b.rejects);
}

inline void ExpectSameRun(const RunResult& a, const RunResult& b) {
  EXPECT_EQ(a.scenario, b.scenario);
  EXPECT_EQ(a.variant, b.variant);
  EXPECT_EQ(a.seed, b.seed);
  EXPECT_EQ(a.orders, b.orders);
  EXPECT_EQ(a.state_hash, b.state_hash);
  ASSERT_EQ(a.periods.size(), b.periods.size());
  for (size_t i = 0; i < a.periods.size(); ++i) ExpectSamePeriod(a.periods[i], b.periods[i]);
  ASSERT_EQ(a.trades.size(), b.trades.size());
  for (size_t i = 0; i < a.trades.size(); ++i) {
    const TradeRecord &x = a.trades[i], &y = b.trades[i];
    EXPECT_EQ(x.period, y.period);
    EXPECT_EQ(x.trade_id, y.trade_id);
    EXPECT_EQ(x.symbol, y.symbol);
    EXPECT_EQ(x.price, y.price);
    EXPECT_EQ(x.qty, y.qty);
    EXPECT_EQ(x.buyer, y.buyer);
    EXPECT_EQ(x.seller, y.seller);
    EXPECT_EQ(x.duty, y.duty);
    EXPECT_EQ(x.top_up, y.top_up);
  }
  ASSERT_EQ(a.summary.size(), b.summary.size());
  for (size_t i = 0; i < a.summary.size(); ++i) {
    const RunSummary &x = a.summary[i], &y = b.summary[i];
    EXPECT_EQ(x.symbol, y.symbol);
    for (double RunSummary::*f :
         {&RunSummary::vwap, &RunSummary::volume, &RunSummary::share_at_floor, &RunSummary::unsold,
          &RunSummary::stockpile_spend, &RunSummary::stockpile_inventory, &RunSummary::top_ups,
          &RunSummary::duties, &RunSummary::producer_surplus, &RunSummary::consumer_surplus,
          &RunSummary::total_surplus, &RunSummary::efficiency, &RunSummary::deadweight_loss}) {
      EXPECT_EQ(x.*f, y.*f);
    }
  }
}

}  // namespace ftz::sim::testing
