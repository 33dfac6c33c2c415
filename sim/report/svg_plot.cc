// Plot data and labels: constructors, ticks, tick labels, escaping, the palette, and the
// data as CSV. Rendering: sim/svg_plot_render.cc.
#include "sim/report/svg_plot.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "sim/report/csv.h"
#include "sim/report/format.h"

namespace ftz::sim {

int TickDecimals(double step) {
  step = std::fabs(step);
  if (step == 0 || !std::isfinite(step)) return 0;
  for (int d = 0; d <= 8; ++d) {
    const double scaled = step * std::pow(10.0, d);
    if (std::fabs(scaled - std::round(scaled)) < 1e-6 * std::max(1.0, scaled)) return d;
  }
  return 8;
}

namespace {

std::string StripZeros(std::string s) {
  if (s.find('.') == std::string::npos) return s;
  while (!s.empty() && s.back() == '0') s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s;
}

}  // namespace

std::string XmlEscape(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

const std::vector<std::string>& Palette() {
  static const auto* p = new std::vector<std::string>{
      "#2f6db5", "#e8871e", "#2a9d5c", "#c8463d", "#8064a2",
      "#1fa3b5", "#b8860b", "#d45d9a", "#6b7b8c", "#7a5230",
  };
  return *p;
}

PlotSeries MakeLine(std::string label, std::string color, std::vector<double> x,
                    std::vector<double> y, PlotSeries::Dash dash, double width) {
  PlotSeries s;
  s.kind = PlotSeries::kLine;
  s.label = std::move(label);
  s.color = std::move(color);
  s.x = std::move(x);
  s.y = std::move(y);
  s.dash = dash;
  s.width = width;
  return s;
}

PlotSeries MakeStep(std::string label, std::string color, std::vector<double> x,
                    std::vector<double> y, PlotSeries::Dash dash, double width) {
  PlotSeries s =
      MakeLine(std::move(label), std::move(color), std::move(x), std::move(y), dash, width);
  s.kind = PlotSeries::kStep;
  return s;
}

PlotSeries MakeBand(std::string label, std::string color, std::vector<double> x,
                    std::vector<double> lo, std::vector<double> hi, double opacity) {
  PlotSeries s;
  s.kind = PlotSeries::kBand;
  s.label = std::move(label);
  s.color = std::move(color);
  s.x = std::move(x);
  s.y = std::move(lo);
  s.y_hi = std::move(hi);
  s.opacity = opacity;
  return s;
}

PlotSeries MakeBars(std::string label, std::string color, std::vector<double> x,
                    std::vector<double> y) {
  PlotSeries s = MakeLine(std::move(label), std::move(color), std::move(x), std::move(y));
  s.kind = PlotSeries::kBars;
  return s;
}

std::vector<double> NiceTicks(double lo, double hi, int target) {
  std::vector<double> ticks;
  if (!std::isfinite(lo) || !std::isfinite(hi)) return ticks;
  if (hi < lo) std::swap(lo, hi);
  if (hi == lo) return {lo};
  target = std::max(1, target);
  const double raw = (hi - lo) / target;
  const double mag = std::pow(10.0, std::floor(std::log10(raw)));
  const double norm = raw / mag;
  const double step = (norm <= 1     ? 1
                       : norm <= 2   ? 2
                       : norm <= 2.5 ? 2.5
                       : norm <= 5   ? 5
                                     : 10) *
                      mag;
  const double first = std::ceil(lo / step - 1e-9);
  const double last = std::floor(hi / step + 1e-9);
  for (double k = first; k <= last && ticks.size() < 100; k += 1) {
    double v = k * step;
    if (std::fabs(v) < step * 1e-9) v = 0;
    ticks.push_back(v);
  }
  return ticks;
}

std::string TickLabel(double v, double step, TickFormat format) {
  if (std::fabs(v) < std::fabs(step) * 1e-9) v = 0;
  switch (format) {
    case TickFormat::kPercent:
      return absl::StrFormat("%.*f%%", TickDecimals(step * 100), v * 100);
    case TickFormat::kInteger:
      if (std::fabs(v) >= 1e6) return TickLabel(v, step, TickFormat::kNumber);
      return FormatGrouped(v, TickDecimals(step));
    case TickFormat::kNumber:
      break;
  }
  const double a = std::fabs(v);
  struct Unit {
    double scale;
    const char* suffix;
  };
  static constexpr Unit kUnits[] = {{1e12, "T"}, {1e9, "B"}, {1e6, "M"}, {1e3, "k"}};
  for (const Unit& u : kUnits) {
    if (a >= u.scale) {
      return StripZeros(absl::StrFormat("%.*f", TickDecimals(step / u.scale), v / u.scale)) +
             u.suffix;
    }
  }
  return absl::StrFormat("%.*f", TickDecimals(step), v);
}

std::string PlotDataCsv(const Plot& plot) {
  // The columns: (series, which of y / y_hi) with their names.
  struct Column {
    const PlotSeries* series;
    bool high;
  };
  std::vector<Column> columns;
  CsvRow header = {plot.x_label.empty() ? "x" : plot.x_label};
  std::set<double> xs;
  for (size_t i = 0; i < plot.series.size(); ++i) {
    const PlotSeries& s = plot.series[i];
    if (s.x.empty()) continue;  // a legend entry only
    const std::string name = !s.data_name.empty() ? s.data_name
                             : !s.label.empty()   ? s.label
                                                  : absl::StrCat("series ", i + 1);
    const bool range = s.kind == PlotSeries::kBand || s.kind == PlotSeries::kErrorBars;
    columns.push_back({&s, false});
    header.push_back(range ? name + " low" : name);
    if (range) {
      columns.push_back({&s, true});
      header.push_back(name + " high");
    }
    for (double x : s.x) {
      if (std::isfinite(x)) xs.insert(x);
    }
  }
  std::string out;
  AppendCsvRow(&out, header);
  for (double x : xs) {
    const auto category = static_cast<size_t>(x);
    CsvRow row = {!plot.x_categories.empty() && x >= 0 && category < plot.x_categories.size() &&
                          static_cast<double>(category) == x
                      ? plot.x_categories[category]
                      : CsvNumber(x)};
    for (const Column& c : columns) {
      const std::vector<double>& ys = c.high ? c.series->y_hi : c.series->y;
      std::string cell;
      for (size_t k = 0; k < c.series->x.size() && k < ys.size(); ++k) {
        if (c.series->x[k] == x && std::isfinite(ys[k])) {
          cell = CsvNumber(ys[k]);
          break;
        }
      }
      row.push_back(cell);
    }
    AppendCsvRow(&out, row);
  }
  return out;
}

}  // namespace ftz::sim
