// The charts of one instrument in a paired run, policy against baseline: price (with the
// floor, the CfD strike and the tariff where they apply), volume, supply by origin,
// unsold supply, and the stockpile's flows, inventory and budget. Flows (per period)
// and stocks (at the period end) never share an axis; each y axis names its unit and
// which it is. Charts without data are left out, with a note saying why.
#pragma once

#include <string>
#include <vector>

#include "sim/report/chart_box.h"
#include "sim/report/summary_table.h"
#include "sim/results/run_result.h"

namespace ftz::sim::report {

// `info` may be null (generic units).
ChartSet InstrumentCharts(const PairedResult& paired, const std::string& symbol,
                          const InstrumentInfo* info);

}  // namespace ftz::sim::report
