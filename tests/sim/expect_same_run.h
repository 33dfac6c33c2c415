// Field-by-field equality of run results, for tests that expect two runs (or a run and
// its CSV round trip) to be identical. wall_seconds is left out: it is the one field
// allowed to differ between identical runs; compare it separately where it must match.
#pragma once

#include <gtest/gtest.h>

#include <cmath>

#include "sim/results/run_result.h"
#include "sim/report/summary_table.h"

namespace ftz::sim::testing {

// Equal, or both NaN (a figure that does not apply).
inline void ExpectSameNumber(double a, double b, const char* what) {
  if (std::isnan(a) && std::isnan(b)) return;
  EXPECT_EQ(a, b) << what;
}

inline void ExpectSamePeriod(const PeriodMetrics& a, const PeriodMetrics& b) {
  EXPECT_EQ(a.period, b.period);
  EXPECT_EQ(a.symbol, b.symbol);
  EXPECT_EQ(a.orders, b.orders);
  EXPECT_EQ(a.rejects, b.rejects);
  using P = PeriodMetrics;
  for (double P::*f : {&P::floor,
                       &P::support_strike,
                       &P::tariff_rate,
                       &P::vwap,
                       &P::open,
                       &P::close,
                       &P::high,
                       &P::low,
                       &P::ce_price,
                       &P::volume,
                       &P::volume_at_floor,
                       &P::share_at_floor,
                       &P::member_supply,
                       &P::non_member_supply,
                       &P::ce_quantity,
                       &P::stockpile_bought,
                       &P::stockpile_sold,
                       &P::unsold_end,
                       &P::stockpile_inventory_end,
                       &P::stockpile_spend,
                       &P::stockpile_proceeds,
                       &P::top_ups,
                       &P::duties,
                       &P::stockpile_budget_left_end,
                       &P::buyers,
                       &P::producers,
                       &P::market_makers,
                       &P::government}) {
    ExpectSameNumber(a.*f, b.*f, "period metric");
  }
}

inline void ExpectSameChain(const ChainPeriod& a, const ChainPeriod& b) {
  EXPECT_EQ(a.period, b.period);
  EXPECT_EQ(a.chain, b.chain);
  using C = ChainPeriod;
  for (double C::*f : {&C::buyers, &C::producers, &C::intermediaries, &C::market_makers,
                       &C::government, &C::total_surplus, &C::max_gains, &C::efficiency}) {
    ExpectSameNumber(a.*f, b.*f, "chain metric");
  }
}

inline void ExpectSameRun(const RunResult& a, const RunResult& b) {
  EXPECT_EQ(a.scenario, b.scenario);
  EXPECT_EQ(a.variant, b.variant);
  EXPECT_EQ(a.seed, b.seed);
  EXPECT_EQ(a.orders, b.orders);
  EXPECT_EQ(a.state_hash, b.state_hash);
  ASSERT_EQ(a.periods.size(), b.periods.size());
  for (size_t i = 0; i < a.periods.size(); ++i) ExpectSamePeriod(a.periods[i], b.periods[i]);
  ASSERT_EQ(a.chains.size(), b.chains.size());
  for (size_t i = 0; i < a.chains.size(); ++i) ExpectSameChain(a.chains[i], b.chains[i]);
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
  ASSERT_EQ(a.events.size(), b.events.size());
  for (size_t i = 0; i < a.events.size(); ++i) {
    EXPECT_EQ(a.events[i].period, b.events[i].period);
    EXPECT_EQ(a.events[i].symbol, b.events[i].symbol);
    EXPECT_EQ(a.events[i].kind, b.events[i].kind);
    EXPECT_EQ(a.events[i].text, b.events[i].text);
  }
  ASSERT_EQ(a.summary.size(), b.summary.size());
  for (size_t i = 0; i < a.summary.size(); ++i) {
    const RunSummary &x = a.summary[i], &y = b.summary[i];
    EXPECT_EQ(x.symbol, y.symbol);
    EXPECT_EQ(x.scope, y.scope);
    for (const Outcome& o : SummaryOutcomes()) ExpectSameNumber(x.*o.member, y.*o.member, o.key);
  }
}

}  // namespace ftz::sim::testing
