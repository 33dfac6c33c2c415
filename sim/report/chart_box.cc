#include "sim/report/chart_box.h"

#include <cctype>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"

namespace ftz::sim::report {

std::string FileStem(const std::string& text) {
  std::string stem;
  for (char c : text) {
    const bool keep =
        std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
    stem += keep ? c : '-';
  }
  return stem;
}

std::string ChartFigure(const Chart& chart) {
  const std::string stem = FileStem(chart.file_stem);
  return absl::StrCat(
      "<figure class=\"chart\">\n", RenderPlotSvg(chart.plot),
      "<figcaption>Download <a download=\"", stem,
      ".svg\" title=\"The chart as an SVG file\" href=\"data:image/svg+xml;base64,",
      absl::Base64Escape(RenderPlotSvgFile(chart.plot)), "\">SVG</a><a download=\"", stem,
      ".csv\" title=\"The chart's data as CSV\" href=\"data:text/csv;charset=utf-8;base64,",
      absl::Base64Escape(PlotDataCsv(chart.plot)), "\">CSV</a></figcaption>\n</figure>\n");
}

}  // namespace ftz::sim::report
