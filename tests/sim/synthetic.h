// Synthetic run results for report and sweep tests (no simulator needed): smooth,
// seed-dependent series with a floor that binds in the policy run. Each instrument is
// a chain by itself.
#pragma once

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "sim/results/run_result.h"
#include "sim/results/run_summary.h"

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
  for (const std::string& sym : symbols) r.chain_infos.push_back({sym, {sym}});
  for (uint32_t p = 0; p < periods; ++p) {
    for (size_t k = 0; k < symbols.size(); ++k) {
      const std::string& sym = symbols[k];
      const double scale = k == 0 ? 1.0 : 100.0;
      PeriodMetrics m;
      m.period = p;
      m.symbol = sym;
      m.floor = policy ? floor_level * scale : 0;
      m.tariff_rate = 0.25;
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
      m.unsold_end = policy && base < m.floor ? 1500 + 10.0 * p : 200;
      m.stockpile_bought = policy && base < m.floor ? 800 : 0;
      const double before =
          r.periods.size() >= symbols.size()
              ? r.periods[r.periods.size() - symbols.size()].stockpile_inventory_end
              : 0;
      m.stockpile_inventory_end = before + m.stockpile_bought;
      m.stockpile_spend = m.stockpile_bought * m.floor;
      m.stockpile_budget_left_end = policy ? 6e9 - m.stockpile_inventory_end * m.floor : 0;
      m.top_ups = policy ? 12.5 * p : 0;
      m.duties = 1000.25 + p;
      m.member_supply = m.volume * 0.4;
      m.non_member_supply = m.volume * 0.6;
      m.producers = 1e5 + 1e3 * std::sin(p * 0.2) + (policy ? 5e3 : 0) + m.top_ups;
      m.buyers = 2e5 + 1e3 * std::cos(p * 0.2) - (policy ? 8e3 : 0);
      m.government = m.duties - m.top_ups - m.stockpile_spend;
      m.ce_price = 105 * scale;
      m.ce_quantity = 11000;
      m.orders = 40 + p;
      m.rejects = p % 3;
      r.periods.push_back(m);
      ChainPeriod c;
      c.period = p;
      c.chain = sym;
      c.buyers = m.buyers;
      c.producers = m.producers;
      c.government = m.government;
      c.total_surplus = c.buyers + c.producers + c.government;
      c.max_gains = 3.2e5;
      c.efficiency = c.total_surplus / c.max_gains;
      r.chains.push_back(c);
    }
  }
  r.summary = Summarize(r);
  if (policy && !symbols.empty()) {
    r.events.push_back({periods / 2, symbols[0], "shock", "dumping: cn-miner costs x 0.7"});
    r.events.push_back({periods - 1, symbols[0], "budget_exhausted", "stockpile budget spent"});
  }
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
  SetDeadweightLoss(p.policy.summary, p.baseline.summary);
  p.baseline_removed = {"hard floors (with indexed and scheduled levels)"};
  return p;
}

}  // namespace ftz::sim::testing
