// The sweep's self-contained HTML report (sweep.html), in the frame of sim/report/page.h.
//
// Per instrument (and all instruments), for every outcome it reports (SummaryOutcomes(),
// ReportsOutcome): a plot against the first swept parameter (the first with more than one
// value) with the policy mean over seeds and its 95% confidence band, one line per
// combination of the other parameters, the baseline's mean dashed; then two tables per
// combination: policy means with their 95% intervals, and the paired differences policy
// - baseline (mean of the per-seed differences and its 95% interval). Axes and headers
// carry units: the outcome's for the instrument, the swept parameter's (ParamLabel).
// Missing cells (a merge with --allow_missing) are named at the top.
//
// The page depends on the rows alone (no date, no command line), so a merge of shards
// writes the same bytes as the unsharded run.
#pragma once

#include <string>

#include "sim/sweep/aggregate.h"

namespace ftz::sim {

struct SweepReportOptions {
  std::string title;  // default: "Sweep report: <scenario>"
};

std::string RenderSweepReportHtml(const SweepAggregate& agg,
                                  const SweepReportOptions& options = {});

}  // namespace ftz::sim
