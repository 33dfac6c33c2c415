// Static SVG charts, generated as text: axes with "nice" ticks and labels, gridlines, a
// legend, a title; lines, step lines, shaded bands, markers with tooltips, error bars,
// grouped bars, and labelled vertical markers (events). No scripts, no external
// references: the SVG is meant to be inlined in a self-contained HTML report, or saved
// as a file of its own (RenderPlotSvgFile) with its data as CSV (PlotDataCsv).
#pragma once

#include <limits>
#include <string>
#include <utility>
#include <vector>

namespace ftz::sim {

struct PlotSeries {
  enum Kind {
    kLine,       // y over x; NaN breaks the line
    kStep,       // a step line: y[i] holds from x[i] to x[i+1]
    kBand,       // a shaded area between y (low) and y_hi (high)
    kErrorBars,  // vertical bars from y (low) to y_hi (high) with caps
    kMarkers,    // circles at (x, y), each with an optional tooltip
    kBars,       // bars from 0 to y at categorical x; several bar series stand side by side
  };
  Kind kind = kLine;
  std::string label;  // legend entry; empty: not in the legend
  std::string color = "#2f6db5";
  std::vector<double> x;
  std::vector<double> y;
  std::vector<double> y_hi;           // kBand and kErrorBars
  std::vector<std::string> tooltips;  // kMarkers and kBars (optional, per point)
  double width = 2;                   // stroke width
  double opacity = 1;                 // bands default to a light fill (see MakeBand)
  enum Dash { kSolid, kDashed, kDotted } dash = kSolid;
  // The series' column name in PlotDataCsv (default: the label; "series N" without one).
  std::string data_name;
  // kBars: the value written on each bar (FormatCompact), above it or below if negative.
  bool value_labels = false;
};

// A vertical line across the plot area at x (an event), its label at the top.
struct PlotMarker {
  double x = 0;
  std::string label;    // short, drawn beside the top of the line
  std::string tooltip;  // longer, shown on hover (an SVG <title>)
  std::string color = "#6b7280";
};

// Value formats for tick labels.
enum class TickFormat {
  kNumber,   // compact with k/M/B suffixes: 1.2M
  kPercent,  // 0..1 shown as 0%..100%
  kInteger,  // whole numbers (periods)
};

struct Plot {
  std::string title;
  std::string subtitle;  // smaller, under the title (e.g. units)
  std::string x_label;
  std::string y_label;
  TickFormat x_format = TickFormat::kInteger;
  TickFormat y_format = TickFormat::kNumber;
  bool y_include_zero = false;
  // Values the y axis covers besides the data (e.g. {0, 1} for a 0-100% axis).
  std::vector<double> y_include;
  // Categorical x axis: series x values are indices into these labels.
  std::vector<std::string> x_categories;
  int width = 600;
  int height = 340;
  std::vector<PlotSeries> series;
  // Shown in the middle of the plot area when no series has a finite point.
  std::string empty_note = "no data";
  // Extra room on both ends of a numeric x axis, as a fraction of its range (sweeps: so
  // markers at the ends are not cut).
  double x_pad = 0;
  // Put the x ticks at the data's distinct x values (when there are at most 12).
  bool x_ticks_at_data = false;
  // Caps the y axis (values above are cut off by a clip path named `clip_id`, which
  // must be unique in the document). NaN: no cap.
  double y_max = std::numeric_limits<double>::quiet_NaN();
  std::string clip_id;
  // Hover tooltips: for each (x, text), an invisible column around x that shows `text`
  // (an SVG <title>, shown by the browser without scripts) and highlights on hover.
  std::vector<std::pair<double, std::string>> hover;
  // Event lines, drawn over the series; those outside the x range are left out. Each is
  // a <g class="event" data-x="X"> (X as %g) holding its line and label.
  std::vector<PlotMarker> x_markers;
  // Bounds the y axis from below (values below are cut off like y_max's, with
  // `clip_id`). NaN: no bound.
  double y_min = std::numeric_limits<double>::quiet_NaN();
};

// Convenience constructors.
PlotSeries MakeLine(std::string label, std::string color, std::vector<double> x,
                    std::vector<double> y, PlotSeries::Dash dash = PlotSeries::kSolid,
                    double width = 2);
PlotSeries MakeStep(std::string label, std::string color, std::vector<double> x,
                    std::vector<double> y, PlotSeries::Dash dash = PlotSeries::kDashed,
                    double width = 1.75);
PlotSeries MakeBand(std::string label, std::string color, std::vector<double> x,
                    std::vector<double> lo, std::vector<double> hi, double opacity = 0.16);
PlotSeries MakeBars(std::string label, std::string color, std::vector<double> x,
                    std::vector<double> y);

// The SVG element (no XML declaration), with a viewBox of width x height that scales to
// its container.
std::string RenderPlotSvg(const Plot& plot);
// The same plot as a file of its own, to download: an XML declaration, the SVG namespace,
// width and height in pixels, and no hover layer.
std::string RenderPlotSvgFile(const Plot& plot);

// The plot's data as CSV: a column for x (named by x_label, or "x"; category labels on a
// categorical axis), then one per series with data (bands and error bars: "<name> low",
// "<name> high"; the name is data_name, the label, or "series N"), one row per distinct
// x in increasing order, empty where a series has no finite value. Numbers in shortest
// round-trip form (sim/csv.h).
std::string PlotDataCsv(const Plot& plot);

// "Nice" tick positions covering [lo, hi] with about `target` intervals (1, 2, 2.5, 5 x
// 10^k steps). Exposed for tests.
std::vector<double> NiceTicks(double lo, double hi, int target);
// Decimals needed to write multiples of `step` exactly (up to 8).
int TickDecimals(double step);
// A tick label for `v` when ticks are `step` apart.
std::string TickLabel(double v, double step, TickFormat format);

// Escapes &, <, >, " and ' for XML/HTML text and attributes.
std::string XmlEscape(const std::string& s);

// A categorical palette of 10 readable colors.
const std::vector<std::string>& Palette();

}  // namespace ftz::sim
