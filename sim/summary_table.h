// The terminal summary of a paired run: per instrument, policy vs baseline and the
// change, with units. Also the list of summary outcomes (RunSummary fields) with their
// labels and units, shared by the HTML report and sweeps.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "proto/market_config.pb.h"
#include "sim/run_result.h"

namespace ftz::sim {

// What an instrument's numbers are measured in (from the market config).
struct InstrumentInfo {
  std::string symbol;
  std::string product;        // e.g. "NdPr oxide"
  std::string unit = "unit";  // e.g. "kg"
  std::string currency = "USD";
};
using InstrumentInfos = std::map<std::string, InstrumentInfo>;  // by symbol

InstrumentInfos InstrumentInfosFromMarket(const config::Market& market);

// The kind of quantity an outcome is, for units and formatting.
enum class OutcomeKind {
  kPrice,     // currency per unit
  kQuantity,  // units
  kMoney,     // currency
  kShare,     // 0..1, shown as a percentage
};

struct Outcome {
  const char* key;    // RunSummary field name, used in CSV columns
  const char* label;  // for people: says whether it is a total, an end stock or a mean
  double RunSummary::*member;
  OutcomeKind kind;
  bool per_instrument_only;  // physical quantities and prices: never summed over instruments
  bool policy_only;          // deadweight loss: defined for the policy run only
  uint32_t scopes;           // the SummaryScope rows it is defined for
};

// Whether an outcome applies to a summary row.
inline bool Applies(const Outcome& o, const RunSummary& row) { return (o.scopes & row.scope) != 0; }

// Every RunSummary number, in struct order.
const std::vector<Outcome>& SummaryOutcomes();
// The outcome with the given key, or nullptr.
const Outcome* FindOutcome(const std::string& key);

// "USD/kg", "kg", "USD" or "%" for an instrument (or generic units for "ALL").
std::string OutcomeUnit(OutcomeKind kind, const InstrumentInfo* info);
// A value of the kind, formatted for a table.
std::string FormatOutcome(OutcomeKind kind, double value);

// One outcome of a paired run as table cells: policy, baseline and change with the same
// number of decimals (chosen by the larger magnitude), and the change in percent; shares
// as percentages changing in percentage points ("pp"). Without a baseline (or for
// policy-only outcomes) baseline is an em dash and the changes are empty.
struct ComparisonCells {
  std::string policy;
  std::string baseline;
  std::string change;
  std::string change_pct;
};
ComparisonCells FormatComparison(const Outcome& outcome, double policy, const double* baseline);

// The title of a summary row: the instrument and its product, the chain, or ALL.
std::string SummaryRowTitle(const RunSummary& row, const InstrumentInfos& infos);

// The table: one block per instrument in the policy run's summary order ("ALL" last,
// prices and quantities left out there), rows = outcomes, columns = unit, policy,
// baseline, change, change %. Shares change in percentage points ("pp").
std::string FormatSummaryTable(const PairedResult& paired, const InstrumentInfos& infos = {});

}  // namespace ftz::sim
