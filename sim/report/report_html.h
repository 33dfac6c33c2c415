// The self-contained HTML run report: inline CSS (sim/report/report.css) and inline SVG
// plots (sim/svg_plot.h), no scripts and no external references, so a report opens
// offline and can be mailed. (The sweep report is sim/sweep/sweep_report.h.)
//
// Run report (one paired run; sim/report/): what happened, in sentences written from the
// numbers; key figures, welfare by chain and the markets at a glance; then per chain, for
// each instrument its charts (price with the floor, CfD strike and tariff where they
// apply; volume; supply by origin; unsold supply; the stockpile's flows, inventory and
// budget; events marked; flows and stocks on separate axes; charts without data left
// out) and outcomes, and the chain's welfare: efficiency per period, surplus by account,
// the cumulative change against the baseline, and its table. Each chart downloads as
// SVG and its data as CSV from the page.
#pragma once

#include <string>

#include "sim/report/summary_table.h"
#include "sim/results/run_result.h"

namespace ftz::sim {

struct RunReportOptions {
  std::string title;            // default: "Simulation report: <scenario>"
  std::string description;      // the scenario's description, shown under the title
  std::string command;          // the command line that produced it, shown in the footer
  InstrumentInfos infos;        // units and product names
  std::string scenario_source;  // where the scenario came from (a file), shown in the header
};

std::string RenderRunReportHtml(const PairedResult& paired, const RunReportOptions& options = {});

}  // namespace ftz::sim
