// What one simulation run produces: per-period metrics per instrument, the welfare
// accounts per period and chain, the trade tape, and the run's summary. Plain data, so
// reports, sweeps and tests read it without the simulator. docs/methodology.md defines
// every figure.
//
// Every figure is a price, a flow or a stock, and its name says which: flows are per
// period here ("_total" over the run in summaries), stocks are at the end of the period
// ("_end"; at the end of the run in summaries). Prices are in currency per unit
// (doubles: reports only; the engine stays in ticks), quantities in the instrument's
// units (lots x lot size), money in currency. Quantities never add across instruments;
// money does.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace ftz::sim {

// One period on one instrument.
struct PeriodMetrics {
  uint32_t period = 0;
  std::string symbol;
  // The policy in force during the period (0: none).
  double floor = 0;           // hard floor
  double support_strike = 0;  // price-support (CfD) floor
  double tariff_rate = 0;     // ad valorem tariff on non-member material
  // Prices (0 when nothing traded).
  double vwap = 0;
  double open = 0;
  double close = 0;
  double high = 0;
  double low = 0;
  double ce_price = 0;  // competitive price at the period's integrated-chain optimum
  // Flows in the period, units.
  double volume = 0;
  double volume_at_floor = 0;  // traded at exactly the hard floor
  double share_at_floor = 0;   // volume_at_floor / volume
  double member_supply = 0;    // sold of member origin
  double non_member_supply = 0;
  double ce_quantity = 0;  // traded at the optimum (refined output included)
  double stockpile_bought = 0;
  double stockpile_sold = 0;
  // Stocks at the period end, units.
  // Excess supply: units sellers still held, whose cost (landed, duty included) was at
  // or below the floor (or, without one, the competitive price): they would have sold
  // them at the going price and could not.
  double unsold_end = 0;
  double stockpile_inventory_end = 0;
  // Money flows in the period.
  double stockpile_spend = 0;     // bought at the floor
  double stockpile_proceeds = 0;  // released at the ceiling
  double top_ups = 0;             // price-support payments, net of upside paid back
  double duties = 0;              // tariffs and levies collected
  // Money stock at the period end.
  double stockpile_budget_left_end = 0;
  // The accounts on this instrument in the period (flows; intermediaries are counted per
  // chain, see ChainPeriod).
  double buyers = 0;
  double producers = 0;
  double market_makers = 0;
  double government = 0;
  int64_t orders = 0;  // agent commands submitted in the period (all instruments)
  int64_t rejects = 0;
};

// One period on one chain: the instruments joined by refining (or one instrument). The
// accounts sum to the total surplus; efficiency compares it with the most these agents
// could have made (docs/methodology.md).
struct ChainPeriod {
  uint32_t period = 0;
  std::string chain;  // its instruments, input first: "NDPR-CONC>NDPR-OX", or "LI2CO3"
  double buyers = 0;
  double producers = 0;
  double intermediaries = 0;
  double market_makers = 0;
  double government = 0;
  double total_surplus = 0;  // the sum of the five accounts
  double max_gains = 0;      // the integrated-chain optimum of the period
  double efficiency = std::numeric_limits<double>::quiet_NaN();  // NaN when max_gains is 0
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

// What a summary row covers (a bit set: an instrument that is a chain by itself has one
// row for both).
enum SummaryScope : uint32_t {
  kInstrumentScope = 1,  // one instrument: market outcomes, and its accounts
  kChainScope = 2,       // one chain: the welfare accounts, efficiency, deadweight loss
  kAllScope = 4,         // every chain: money only
};

// Totals over the run. Fields that do not apply to the row's scope are NaN (see
// SummaryOutcomes() in sim/summary_table.h for which apply where).
struct RunSummary {
  static constexpr double kNone = std::numeric_limits<double>::quiet_NaN();
  std::string symbol;  // the instrument's, the chain's ("NDPR-CONC>NDPR-OX"), or "ALL"
  uint32_t scope = kInstrumentScope;  // SummaryScope bits
  // Instrument rows.
  double vwap = kNone;
  double volume_total = kNone;
  double share_at_floor = kNone;   // of the run's volume
  double unsold_mean_end = kNone;  // mean over periods of the end-of-period stock
  double stockpile_bought_total = kNone;
  double stockpile_inventory_end = kNone;
  // Money, every scope.
  double stockpile_spend_total = kNone;  // net of release proceeds
  double top_ups_total = kNone;
  double duties_total = kNone;
  double buyers = kNone;  // the accounts, totals over the run
  double producers = kNone;
  double market_makers = kNone;
  double government = kNone;
  // Chain and ALL rows.
  double intermediaries = kNone;
  double total_surplus = kNone;
  double max_gains = kNone;
  double efficiency = kNone;       // total_surplus / max_gains over the run
  double deadweight_loss = kNone;  // baseline total surplus - this run's (paired policy run)
};

// Something that happened in a run, for reports to mark: a scenario shock, the
// stockpile filling up or running out of budget.
struct RunEvent {
  uint32_t period = 0;
  std::string symbol;  // the instrument it concerns
  std::string kind;    // "shock", "stockpile_full", "budget_exhausted"
  std::string text;    // for people, e.g. "DRC export quota: drc-cobalt capacity x 0.2"
};

// A chain's instruments, input first.
struct ChainInfo {
  std::string name;
  std::vector<std::string> symbols;
};

struct RunResult {
  std::string scenario;
  std::string variant;  // "policy" or "baseline"
  uint64_t seed = 0;
  std::vector<ChainInfo> chain_infos;
  std::vector<PeriodMetrics> periods;  // period-major, instruments in config order
  std::vector<ChainPeriod> chains;     // period-major, chains in first-instrument order
  std::vector<TradeRecord> trades;
  std::vector<RunEvent> events;     // in period order
  std::vector<RunSummary> summary;  // instruments, then chains, then ALL
  int64_t orders = 0;
  double wall_seconds = 0;
  uint64_t state_hash = 0;  // the engine's final state hash
};

// A policy run and its baseline on the same seed and agents.
struct PairedResult {
  RunResult policy;
  RunResult baseline;
  // The policy instruments the baseline removed, and those it kept (scenario.baseline).
  std::vector<std::string> baseline_removed;
  std::vector<std::string> baseline_kept;
};

}  // namespace ftz::sim
