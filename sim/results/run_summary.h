// The summary of a run: totals over the periods per instrument, per chain and over all
// chains ("ALL"), with flows summed, stocks taken at the end, and efficiency as total
// surplus over maximum gains for the whole run.
#pragma once

#include <vector>

#include "sim/results/run_result.h"

namespace ftz::sim {

// Instrument rows (in the run's instrument order; a one-instrument chain's row carries
// its welfare too), then rows of chains of several instruments, then "ALL".
std::vector<RunSummary> Summarize(const RunResult& run);

// Deadweight loss of the policy run's chain and ALL rows: the baseline's total surplus
// less the policy's.
void SetDeadweightLoss(std::vector<RunSummary>& policy, const std::vector<RunSummary>& baseline);

}  // namespace ftz::sim
