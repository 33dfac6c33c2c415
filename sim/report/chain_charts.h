// The welfare charts of one chain in a paired run: allocative efficiency per period
// (0-100%), the surplus of each account over the run (policy against baseline), and the
// cumulative change by account against the baseline. The events of the chain's
// instruments are marked.
#pragma once

#include <string>

#include "sim/report/instrument_charts.h"
#include "sim/run_result.h"

namespace ftz::sim::report {

// `currency`: the chain's money unit.
ChartSet ChainCharts(const PairedResult& paired, const ChainInfo& chain,
                     const std::string& currency);

// A welfare account of ChainPeriod and RunSummary, with its name and chart color.
struct WelfareAccount {
  const char* key;    // the RunSummary / ChainPeriod field name
  const char* label;  // for people, short: "Final buyers"
  double ChainPeriod::*period_field;
  double RunSummary::*summary_field;
  const char* color;
};
// The five accounts, then the total surplus.
const std::vector<WelfareAccount>& WelfareAccounts();

}  // namespace ftz::sim::report
