// The terminal summary of a paired run: per instrument and chain, policy vs baseline and
// the change, with units (the outcomes: sim/results/outcomes.h).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "sim/results/outcomes.h"
#include "sim/results/run_result.h"

namespace ftz::sim {

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
