// The self-contained HTML run report: inline CSS (sim/html_page.h) and inline SVG plots
// (sim/svg_plot.h), no scripts and no external references, so a report opens offline and
// can be mailed. (The sweep report is sim/sweep/sweep_report.h.)
//
// Run report (one paired run): key figures, then per instrument the price (VWAP with
// its high-low range) against the floor for the policy run and the no-floor baseline,
// volume, unsold supply, stockpile inventory and budget left, producer and consumer
// surplus and allocative efficiency per period, and the instrument's summary table.
#pragma once

#include <string>

#include "sim/run_result.h"
#include "sim/summary_table.h"

namespace ftz::sim {

struct RunReportOptions {
  std::string title;        // default: "Simulation report: <scenario>"
  std::string description;  // the scenario's description, shown under the title
  std::string command;      // the command line that produced it, shown in the footer
  InstrumentInfos infos;    // units and product names
};

std::string RenderRunReportHtml(const PairedResult& paired, const RunReportOptions& options = {});

}  // namespace ftz::sim
