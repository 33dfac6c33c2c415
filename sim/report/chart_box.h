// A chart on the page: its inline SVG in a figure with two download links that need no
// script, the chart as an SVG file and its data as CSV, both as base64 data: URLs.
#pragma once

#include <string>
#include <vector>

#include "sim/report/svg_plot.h"

namespace ftz::sim::report {

struct Chart {
  Plot plot;
  // The downloads' file names without extension, e.g. "price-NDPR-OX"; characters other
  // than letters, digits, '-', '_' and '.' become '-'.
  std::string file_stem;
};

// The charts of a section, and notes on those left out.
struct ChartSet {
  std::vector<Chart> charts;
  std::vector<std::string> notes;  // charts left out and why, for people
};

// <figure class="chart"> with the SVG and a caption holding
//   <a download="STEM.svg" href="data:image/svg+xml;base64,...">SVG</a>
//   <a download="STEM.csv" href="data:text/csv;charset=utf-8;base64,...">CSV</a>
// (RenderPlotSvgFile and PlotDataCsv of the plot).
std::string ChartFigure(const Chart& chart);

// A file name stem from free text (symbols, chain names).
std::string FileStem(const std::string& text);

}  // namespace ftz::sim::report
