// The welfare charts of one chain in a paired run: allocative efficiency per period
// (0-100%), the surplus of each account over the run (policy against baseline), and the
// cumulative change by account against the baseline. The events of the chain's
// instruments are marked.
#pragma once

#include <string>

#include "sim/report/chart_box.h"
#include "sim/results/run_result.h"

namespace ftz::sim::report {

// `currency`: the chain's money unit.
ChartSet ChainCharts(const PairedResult& paired, const ChainInfo& chain,
                     const std::string& currency);

}  // namespace ftz::sim::report
