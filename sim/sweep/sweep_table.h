// The terminal table of a sweep: per instrument (and "ALL"), one column per parameter
// combination and two rows per outcome: the policy mean and the paired difference
// policy - baseline, each "mean ± 95% CI half-width", with units.
#pragma once

#include <string>

#include "sim/report/stats.h"
#include "sim/report/summary_table.h"
#include "sim/sweep/aggregate.h"

namespace ftz::sim {

// "mean ± half-width" with the same precision for both, compact from a million
// ("104.7M ± 8.4M"); shares as percentages; the mean alone when n < 2; "n/a" when n = 0.
std::string FormatMeanCi(OutcomeKind kind, const MeanCi& m);
// The same for a difference: the mean signed ("+12.30 ± 0.41"), shares in percentage
// points ("-1.8 pp ± 0.4 pp").
std::string FormatDifferenceCi(OutcomeKind kind, const MeanCi& m);

// Every outcome of SummaryOutcomes() that the instrument reports (ReportsOutcome), the
// difference row for those with a baseline; at most four combinations side by side
// (more continue in further tables). Headers: the varying parameters' paths with their
// units, each outcome's label with its unit for the instrument. Parameters with one value
// are listed once as fixed; missing cells are named.
std::string FormatSweepTable(const SweepAggregate& agg);

}  // namespace ftz::sim
