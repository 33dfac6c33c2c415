// The welfare accounts of a chain (docs/methodology.md) as the report shows them: the
// field of ChainPeriod and RunSummary, a short name and a color for each.
#pragma once

#include <vector>

#include "sim/results/run_result.h"

namespace ftz::sim::report {

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
