// Synthetic run results for report and sweep tests (no simulator needed): smooth,
// seed-dependent series with a floor that binds in the policy run.
#pragma once

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "sim/run_result.h"

namespace ftz::sim::testing {

inline RunResult SyntheticRun(const std::string& variant, uint64_t seed, uint32_t periods,
                              const std::vector<std::string>& symbols, double floor_level = 110) {
  const bool policy = variant == "policy";
  RunResult r;
  r.scenario = "synthetic, \"quoted\" scenario";
  r.variant = variant;
  r.seed = seed;
  r.orders = 1000 + static_cast<int64_t>(seed);
  r.wall_seconds = 0.25;
  r.state_hash = 0xfeedfacecafebeefULL ^ seed;
  const double noise = static_cast<double>(seed % 7) * 0.37;
  std::vector<RunSummary> sums;
  RunSummary all;
  all.symbol = "ALL";
  for (size_t k = 0; k < symbols.size(); ++k) {
    const std::string& sym = symbols[k];
    const double scale = k == 0 ? 1.0 : 100.0;
    double budget = 6e9;
    double inventory = 0;
    RunSummary s;
    s.symbol = sym;
    double vsum = 0, pv = 0;
    for (uint32_t p = 0; p < periods; ++p) {
      PeriodMetrics m;
      m.period = p;
      m.symbol = sym;
      m.floor = policy ? floor_level * scale : 0;
      const double base = (100 + 15 * std::sin(p * 0.13 + noise) + 0.1 * p) * scale;
      m.vwap = policy ? std::max(base, m.floor) : base;
      m.open = m.vwap * 0.99;
      m.close = m.vwap * 1.01;
      m.high = m.vwap * 1.04;
      m.low = policy ? std::max(m.vwap * 0.96, m.floor) : m.vwap * 0.96;
      m.volume = (p % 17 == 5) ? 0 : 10000 + 2500 * std::cos(p * 0.07) + 100 * noise;
      if (m.volume == 0) m.vwap = m.open = m.close = m.high = m.low = 0;
      m.volume_at_floor = policy && base < m.floor ? m.volume * 0.6 : 0;
      m.share_at_floor = m.volume > 0 ? m.volume_at_floor / m.volume : 0;
      m.unsold = policy && base < m.floor ? 1500 + 10.0 * p : 200;
      m.stockpile_bought = policy && base < m.floor ? 800 : 0;
      inventory += m.stockpile_bought;
      m.stockpile_inventory = inventory;
      m.stockpile_spend = m.stockpile_bought * m.floor;
      budget -= m.stockpile_spend;
      m.stockpile_budget_left = policy ? budget : 0;
      m.top_ups = policy ? 12.5 * p : 0;
      m.duties = 1000.25 + p;
      m.member_supply = m.volume * 0.4;
      m.non_member_supply = m.volume * 0.6;
      m.producer_surplus = 1e5 + 1e3 * std::sin(p * 0.2) + (policy ? 5e3 : 0);
      m.consumer_surplus = 2e5 + 1e3 * std::cos(p * 0.2) - (policy ? 8e3 : 0);
      m.realized_gains = m.producer_surplus + m.consumer_surplus;
      m.max_gains = 3.2e5;
      m.efficiency = m.realized_gains / m.max_gains;
      m.ce_price = 105 * scale;
      m.ce_quantity = 11000;
      m.orders = 40 + p;
      m.rejects = p % 3;
      r.periods.push_back(m);
      vsum += m.volume;
      pv += m.volume * m.vwap;
      s.unsold += m.unsold;
      s.stockpile_spend += m.stockpile_spend;
      s.top_ups += m.top_ups;
      s.duties += m.duties;
      s.producer_surplus += m.producer_surplus;
      s.consumer_surplus += m.consumer_surplus;
    }
    s.volume = vsum;
    s.vwap = vsum > 0 ? pv / vsum : 0;
    s.share_at_floor = policy ? 0.31 + 0.01 * noise : 0;
    s.stockpile_inventory = inventory;
    s.total_surplus =
        s.producer_surplus + s.consumer_surplus + s.duties - s.top_ups - s.stockpile_spend;
    s.efficiency = 0.9 + (policy ? -0.05 : 0) + 0.001 * noise;
    s.deadweight_loss = policy ? 1234.5 * (1 + noise) : 0;
    sums.push_back(s);
    for (double RunSummary::*f :
         {&RunSummary::unsold, &RunSummary::stockpile_spend, &RunSummary::top_ups,
          &RunSummary::duties, &RunSummary::producer_surplus, &RunSummary::consumer_surplus,
          &RunSummary::total_surplus, &RunSummary::deadweight_loss}) {
      all.*f += s.*f;
    }
    all.volume += s.volume;
  }
  all.efficiency = policy ? 0.86 : 0.9;
  sums.push_back(all);
  r.summary = sums;
  for (uint32_t p = 0; p < std::min<uint32_t>(periods, 3); ++p) {
    TradeRecord t;
    t.period = p;
    t.trade_id = 100 + p;
    t.symbol = symbols.empty() ? "X" : symbols[0];
    t.price = 110.125 + p;
    t.qty = 1000;
    t.buyer = "jp-magnet-1";
    t.seller = p == 1 ? "refiner, \"west\"\nline2" : "member-refiner-2";
    t.duty = 0.1;
    t.top_up = 1.0 / 3.0;
    r.trades.push_back(t);
  }
  return r;
}

inline PairedResult SyntheticPaired(uint64_t seed, uint32_t periods = 60,
                                    const std::vector<std::string>& symbols = {"NDPR-OX", "LI2CO3"},
                                    double floor_level = 110) {
  PairedResult p;
  p.policy = SyntheticRun("policy", seed, periods, symbols, floor_level);
  p.baseline = SyntheticRun("baseline", seed, periods, symbols, floor_level);
  return p;
}

}  // namespace ftz::sim::testing
