// Statistics of a sweep per parameter combination and instrument: the mean and 95%
// confidence interval over seeds of every summary outcome for the policy run and the
// baseline, and of the paired difference policy - baseline (same seed).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "sim/report/stats.h"
#include "sim/report/summary_table.h"
#include "sim/sweep/sweep_rows.h"

namespace ftz::sim {

struct SweepGroup {
  std::vector<std::string> values;  // the combination's parameter values
  std::string symbol;
  // Indexed like SummaryOutcomes().
  std::vector<MeanCi> policy;
  std::vector<MeanCi> baseline;
  std::vector<MeanCi> difference;  // of the per-seed differences policy - baseline
};

struct SweepAggregate {
  SweepSpec spec;
  std::string scenario;
  InstrumentInfos infos;
  size_t cells_expected = 0;
  size_t cells_present = 0;
  std::vector<size_t> missing_cells;       // ascending
  std::vector<std::string> symbols;        // in first-seen order, "ALL" last
  std::map<std::string, uint32_t> scopes;  // by symbol: what its rows cover (SummaryScope)
  std::vector<SweepGroup> groups;          // by parameter combination (grid order), then symbol
};

SweepAggregate Aggregate(const SweepRows& rows);

// Whether the groups of `symbol` report outcome `o`: those that apply to what its rows
// cover (an instrument's market outcomes, a chain's welfare, money for "ALL").
bool ReportsOutcome(const SweepAggregate& agg, const Outcome& o, const std::string& symbol);
// Whether `o` has a baseline value, and so a policy - baseline difference.
bool HasBaseline(const Outcome& o);
// The units of `symbol`'s numbers; nullptr for "ALL" (generic units) or an unknown symbol.
const InstrumentInfo* InfoOf(const SweepAggregate& agg, const std::string& symbol);

}  // namespace ftz::sim
