// The summary outcomes: every RunSummary number with its key (the CSV column), its label
// for people, its kind (for units and formatting) and the rows it applies to; and what
// each instrument's numbers are measured in. Shared by the terminal table, the HTML
// reports and sweeps (docs/methodology.md defines each).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "proto/market_config.pb.h"
#include "sim/results/run_result.h"

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
}  // namespace ftz::sim
