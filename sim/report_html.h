// Self-contained HTML reports: inline CSS and inline SVG plots (sim/svg_plot.h), no
// scripts and no external references, so a report opens offline and can be mailed.
//
// Run report (one paired run): key figures, then per instrument the price (VWAP with
// its high-low range) against the floor for the policy run and the no-floor baseline,
// volume, unsold supply, stockpile inventory and budget left, producer and consumer
// surplus and allocative efficiency per period, and the instrument's summary table.
//
// Sweep report: per instrument, each outcome (VWAP, volume, unsold, stockpile spend,
// efficiency, deadweight loss) against the first swept parameter: the mean over seeds
// with its 95% confidence band, one line per combination of the other parameters, the
// baseline's mean dashed; then a table of means and intervals.
#pragma once

#include <string>

#include "sim/run_result.h"
#include "sim/summary_table.h"
#include "sim/sweep.h"

namespace ftz::sim {

struct RunReportOptions {
  std::string title;        // default: "Simulation report: <scenario>"
  std::string description;  // the scenario's description, shown under the title
  std::string command;      // the command line that produced it, shown in the footer
  InstrumentInfos infos;    // units and product names
};

std::string RenderRunReportHtml(const PairedResult& paired, const RunReportOptions& options = {});

struct SweepReportOptions {
  std::string title;    // default: "Sweep report: <scenario>"
  std::string command;  // shown in the footer
};

std::string RenderSweepReportHtml(const SweepAggregate& agg,
                                  const SweepReportOptions& options = {});

}  // namespace ftz::sim
