// The frame of the self-contained HTML reports (the run report, sim/report_html.h, and
// the sweep report, sim/sweep/sweep_report.h): inline CSS, a header with title and
// meta line, a table of contents, cards, and a footer. No scripts, no external
// references, so a report opens offline and can be mailed.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "sim/svg_plot.h"

namespace ftz::sim::html {

// Text escaped for HTML (XmlEscape).
std::string Esc(const std::string& s);
// The id of an instrument's section: "i-" and the symbol with non-alphanumerics as '-'.
std::string Anchor(const std::string& symbol);
// From <!DOCTYPE> to the opening <main>: the title, a description (optional), meta items
// and table-of-contents links (href without '#', text).
std::string PageStart(const std::string& title, const std::string& description,
                      const std::vector<std::string>& meta,
                      const std::vector<std::pair<std::string, std::string>>& toc);
// From </main> to </html>: a footer saying `what`, and `command` (if not empty) as code.
std::string PageEnd(const std::string& command, const std::string& what);
// A plot's SVG in its box; `wide` spans both columns of the plot grid.
std::string PlotBox(const Plot& plot, bool wide);

}  // namespace ftz::sim::html
