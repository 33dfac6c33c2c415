// The shell of the HTML reports (run and sweep): the page head with its embedded style
// sheet, the header, the table of contents and the footer, and small pieces shared by
// the pages (anchors, key-figure cards, plot boxes, look-ups in a run's summary).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "sim/report/summary_table.h"
#include "sim/report/svg_plot.h"
#include "sim/results/run_result.h"

namespace ftz::sim::report {

// The style sheet (sim/report/report.css, embedded at build time).
const std::string& ReportCss();

// An id for a section about `symbol`: "i-" and the symbol with every character other
// than a letter or digit replaced by '-'.
std::string Anchor(const std::string& symbol);

// "<!DOCTYPE html>" up to the opening <main>: the title, the description under it, a
// line of facts (`meta`), and a table of contents of (anchor, text) links. Everything
// is escaped here.
std::string PageStart(const std::string& title, const std::string& description,
                      const std::vector<std::string>& meta,
                      const std::vector<std::pair<std::string, std::string>>& toc);
// From </main> to </html>: a footer with `what` and the command line.
std::string PageEnd(const std::string& command, const std::string& what);

// The currency all the instruments share ("USD" when there are none), or "money units"
// when they differ.
std::string CommonCurrency(const InstrumentInfos& infos);

// A chain's name for people: "NDPR-CONC > NDPR-OX" with an arrow for each '>'.
std::string ChainTitle(const std::string& chain_name);

// A key-figure card: a label, a large value and a line under it (all escaped).
std::string Kpi(const std::string& label, const std::string& value, const std::string& sub);

// A plot in a bordered box, full width in the grid when `wide`.
std::string PlotBox(const Plot& plot, bool wide);

// The summary row of `symbol` (an instrument, a chain or "ALL"), or nullptr.
const RunSummary* FindSummary(const RunResult& run, const std::string& symbol);
// The instrument's units and product, or nullptr.
const InstrumentInfo* FindInfo(const InstrumentInfos& infos, const std::string& symbol);

}  // namespace ftz::sim::report
