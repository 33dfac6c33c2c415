// What one simulation run produces: per-period, per-instrument metrics and the trade
// tape. Plain data, so reports, sweeps and tests read it without the simulator.
//
// Prices are in currency per unit (doubles: reports only; the engine stays in ticks),
// quantities in units (lots x lot size), money in currency.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace ftz::sim {

struct PeriodMetrics {
  uint32_t period = 0;
  std::string symbol;
  double floor = 0;  // hard floor in force during the period (0: none)
  double vwap = 0;   // 0 when nothing traded
  double open = 0;
  double close = 0;
  double high = 0;
  double low = 0;
  double volume = 0;           // units traded
  double volume_at_floor = 0;  // units traded at exactly the floor
  double share_at_floor = 0;   // volume_at_floor / volume
  double unsold = 0;           // units sellers were willing to sell at or below the floor
                               // (their cost) but did not sell: excess supply
  double stockpile_bought = 0;
  double stockpile_inventory = 0;
  double stockpile_spend = 0;  // this period
  double stockpile_budget_left = 0;
  double top_ups = 0;            // price-support payments this period (currency)
  double duties = 0;             // tariff revenue this period (currency)
  double member_supply = 0;      // units sold of member origin
  double non_member_supply = 0;  // units sold of non-member origin
  double producer_surplus = 0;   // sum of (net price - cost) over private sellers' units
  double consumer_surplus = 0;   // sum of (value - price) over private buyers' units
  // Value of units private buyers bought - cost of units private sellers sold, whoever
  // the counterparty: a unit sold to the stockpile (or a market maker) counts at its cost
  // with no value, one bought from them at its value with no cost.
  double realized_gains = 0;
  double max_gains = 0;    // gains at the competitive equilibrium of these agents
  double efficiency = 0;   // realized_gains / max_gains (1 when max_gains is 0)
  double ce_price = 0;     // competitive equilibrium price (midpoint of the range)
  double ce_quantity = 0;  // units
  int64_t orders = 0;      // agent commands submitted
  int64_t rejects = 0;
};

struct TradeRecord {
  uint32_t period = 0;
  uint64_t trade_id = 0;
  std::string symbol;
  double price = 0;
  double qty = 0;  // units
  std::string buyer;
  std::string seller;
  double duty = 0;
  double top_up = 0;
};

// Totals over the run, per instrument and all instruments ("ALL").
struct RunSummary {
  std::string symbol;
  double vwap = 0;
  double volume = 0;
  double share_at_floor = 0;
  double unsold = 0;  // mean per period (excess supply is a stock, not a flow)
  double stockpile_spend = 0;
  double stockpile_inventory = 0;  // at the end
  double top_ups = 0;
  double duties = 0;
  double producer_surplus = 0;
  double consumer_surplus = 0;
  double total_surplus = 0;    // producer + consumer + duties - top-ups - stockpile spend
  double efficiency = 0;       // realized gains / max gains over the run
  double deadweight_loss = 0;  // baseline total surplus - this run's (paired runs only)
};

struct RunResult {
  std::string scenario;
  std::string variant;  // "policy" or "baseline"
  uint64_t seed = 0;
  std::vector<PeriodMetrics> periods;  // period-major, instruments in config order
  std::vector<TradeRecord> trades;
  std::vector<RunSummary> summary;
  int64_t orders = 0;
  double wall_seconds = 0;
  uint64_t state_hash = 0;  // the engine's final state hash
};

// A policy run and its no-floor baseline on the same seed and agents.
struct PairedResult {
  RunResult policy;
  RunResult baseline;
};

}  // namespace ftz::sim
