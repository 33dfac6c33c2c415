// Rendering of sim/svg_plot.h plots: the layout (ranges, ticks, margins, legend rows),
// then the frame, the series, the event markers and the hover layer, as SVG text.
#include <algorithm>
#include <cmath>
#include <limits>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "sim/report/format.h"
#include "sim/report/svg_plot.h"

namespace ftz::sim {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr char kFont[] =
    "font-family=\"system-ui,-apple-system,'Segoe UI',Roboto,'Helvetica Neue',Arial,sans-serif\"";
constexpr char kTextColor[] = "#1f2937";
constexpr char kMutedColor[] = "#6b7280";
constexpr char kGridColor[] = "#e5e7eb";
constexpr char kAxisColor[] = "#9ca3af";
// The share of a category's width that its bars take.
constexpr double kBarGroupWidth = 0.72;

// Approximate rendered width of text at a font size (average glyph ~0.56 em).
double TextWidth(const std::string& s, double font_size) {
  return static_cast<double>(s.size()) * font_size * 0.56;
}

std::string Num(double v) {
  // Coordinates with 0.1 px resolution, no trailing zeros.
  std::string s = absl::StrFormat("%.1f", v);
  if (s.size() > 2 && s.substr(s.size() - 2) == ".0") s.resize(s.size() - 2);
  if (s == "-0") s = "0";
  return s;
}

bool Finite(double v) { return std::isfinite(v); }

struct Range {
  double lo = std::numeric_limits<double>::infinity();
  double hi = -std::numeric_limits<double>::infinity();
  void Add(double v) {
    if (!std::isfinite(v)) return;
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  bool Empty() const { return !(lo <= hi); }
};

const char* DashAttr(PlotSeries::Dash d) {
  switch (d) {
    case PlotSeries::kSolid:
      return "";
    case PlotSeries::kDashed:
      return " stroke-dasharray=\"6 4\"";
    case PlotSeries::kDotted:
      return " stroke-dasharray=\"1.5 3\" stroke-linecap=\"round\"";
  }
  return "";
}

// Where everything goes, and the mapping from data to pixels.
struct Layout {
  double width = 0, height = 0;
  bool categorical = false;
  bool empty = false;                        // no series has a finite point
  bool clipped = false;                      // y_max or y_min cut the data
  double x0 = 0, x1 = 1, y0 = 0, y1 = 1;     // the data domain
  double left = 0, top = 0, pw = 0, ph = 0;  // the plot area
  std::vector<double> xticks, yticks;
  double xstep = 1, ystep = 1;
  std::vector<std::string> ylabels;
  struct LegendItem {
    const PlotSeries* series;
    double x, y;
  };
  std::vector<LegendItem> legend;
  int bar_series = 0;

  double Px(double x) const { return left + (x - x0) / (x1 - x0) * pw; }
  double Py(double y) const { return top + ph - (y - y0) / (y1 - y0) * ph; }
  double Bottom() const { return top + ph; }
};

// The y domain, extended to whole tick steps; sets empty, clipped, yticks and ystep.
void LayOutY(const Plot& plot, Layout& l) {
  Range yr;
  for (const PlotSeries& s : plot.series) {
    for (size_t i = 0; i < s.x.size(); ++i) {
      yr.Add(i < s.y.size() ? s.y[i] : kNaN);
      yr.Add(i < s.y_hi.size() ? s.y_hi[i] : kNaN);
    }
  }
  l.empty = yr.Empty();
  if (l.empty) {
    yr.lo = 0;
    yr.hi = 1;
  }
  if (plot.y_include_zero || l.bar_series > 0) {
    yr.lo = std::min(yr.lo, 0.0);
    yr.hi = std::max(yr.hi, 0.0);
  }
  for (double y : plot.y_include) {
    if (!Finite(y)) continue;
    yr.lo = std::min(yr.lo, y);
    yr.hi = std::max(yr.hi, y);
  }
  if (Finite(plot.y_max) && yr.hi > plot.y_max && yr.lo < plot.y_max) {
    yr.hi = plot.y_max;
    l.clipped = true;
  }
  if (Finite(plot.y_min) && yr.lo < plot.y_min && yr.hi > plot.y_min) {
    yr.lo = plot.y_min;
    l.clipped = true;
  }
  if (yr.hi == yr.lo) {
    const double d = yr.lo == 0 ? 1 : std::fabs(yr.lo) * 0.1;
    yr.lo -= d;
    yr.hi += d;
    if (plot.y_include_zero && yr.lo < 0 && yr.hi - d >= 0) yr.lo = 0;
  }
  std::vector<double> ticks = NiceTicks(yr.lo, yr.hi, 5);
  l.ystep = ticks.size() >= 2 ? ticks[1] - ticks[0] : 1;
  l.y0 = std::floor(yr.lo / l.ystep + 1e-9) * l.ystep;
  l.y1 = std::ceil(yr.hi / l.ystep - 1e-9) * l.ystep;
  if (l.y1 <= l.y0) l.y1 = l.y0 + l.ystep;
  for (double k = std::round(l.y0 / l.ystep); k * l.ystep <= l.y1 + l.ystep * 1e-9; k += 1) {
    l.yticks.push_back(std::fabs(k * l.ystep) < l.ystep * 1e-9 ? 0 : k * l.ystep);
  }
}

// The x domain and ticks: categories, the data's distinct values, or nice steps.
void LayOutX(const Plot& plot, Layout& l) {
  if (l.categorical) {
    l.x0 = -0.5;
    l.x1 = static_cast<double>(plot.x_categories.size()) - 0.5;
    for (size_t i = 0; i < plot.x_categories.size(); ++i) {
      l.xticks.push_back(static_cast<double>(i));
    }
    return;
  }
  Range xr;
  for (const PlotSeries& s : plot.series) {
    for (size_t i = 0; i < s.x.size(); ++i) {
      const double y = i < s.y.size() ? s.y[i] : kNaN;
      const double yh = i < s.y_hi.size() ? s.y_hi[i] : kNaN;
      if (Finite(y) || Finite(yh)) xr.Add(s.x[i]);
    }
  }
  if (xr.Empty()) {
    xr.lo = 0;
    xr.hi = 1;
  }
  l.x0 = xr.lo;
  l.x1 = xr.hi;
  if (l.x1 == l.x0) {
    const double d = l.x0 == 0 ? 1 : std::fabs(l.x0) * 0.1;
    l.x0 -= d;
    l.x1 += d;
  }
  std::set<double> distinct;
  if (plot.x_ticks_at_data) {
    for (const PlotSeries& s : plot.series) {
      for (double v : s.x) {
        if (Finite(v)) distinct.insert(v);
      }
    }
  }
  if (plot.x_ticks_at_data && !distinct.empty() && distinct.size() <= 12) {
    l.xticks.assign(distinct.begin(), distinct.end());
    // The label precision: the finest one the values need.
    int decimals = 0;
    for (double v : l.xticks) decimals = std::max(decimals, TickDecimals(v));
    l.xstep = std::pow(10.0, -decimals);
  } else {
    l.xticks = NiceTicks(l.x0, l.x1, std::max(2, static_cast<int>(l.width / 90)));
    if (plot.x_format == TickFormat::kInteger) {
      // Whole-number steps for integer axes.
      l.xticks.erase(std::remove_if(l.xticks.begin(), l.xticks.end(),
                                    [](double v) { return v != std::round(v); }),
                     l.xticks.end());
    }
    l.xstep = l.xticks.size() >= 2 ? l.xticks[1] - l.xticks[0] : 1;
  }
  const double pad = (l.x1 - l.x0) * plot.x_pad;
  l.x0 -= pad;
  l.x1 += pad;
}

Layout LayOut(const Plot& plot) {
  Layout l;
  l.width = plot.width;
  l.height = plot.height;
  l.categorical = !plot.x_categories.empty();
  for (const PlotSeries& s : plot.series) l.bar_series += s.kind == PlotSeries::kBars;
  LayOutY(plot, l);
  LayOutX(plot, l);

  // Tick labels and margins.
  double ylabel_w = 0;
  for (double t : l.yticks) {
    l.ylabels.push_back(TickLabel(t, l.ystep, plot.y_format));
    ylabel_w = std::max(ylabel_w, TextWidth(l.ylabels.back(), 11));
  }
  l.left = 14 + (plot.y_label.empty() ? 0 : 16) + ylabel_w + 8;
  const double right = 18;

  // Legend (wrapping rows).
  double header = 14;
  if (!plot.title.empty()) header += 16;
  if (!plot.subtitle.empty()) header += 16;
  double lx = 14, ly = header + 10;
  for (const PlotSeries& s : plot.series) {
    if (s.label.empty()) continue;
    const double w = 26 + TextWidth(s.label, 11.5) + 16;
    if (lx + w > l.width - right && lx > 14) {
      lx = 14;
      ly += 18;
    }
    l.legend.push_back({&s, lx, ly});
    lx += w;
  }
  l.top = !l.legend.empty() ? ly + 16 : header + 8;
  const double bottom = 26 + (plot.x_label.empty() ? 0 : 18);
  l.pw = l.width - l.left - right;
  l.ph = l.height - l.top - bottom;
  return l;
}

void AppendTitles(const Plot& plot, std::string& o) {
  double ty = 14;
  if (!plot.title.empty()) {
    ty += 12;
    absl::StrAppend(&o, "<text x=\"14\" y=\"", Num(ty),
                    "\" font-size=\"14.5\" font-weight=\"600\" fill=\"", kTextColor, "\">",
                    XmlEscape(plot.title), "</text>\n");
    ty += 4;
  }
  if (!plot.subtitle.empty()) {
    ty += 14;
    absl::StrAppend(&o, "<text x=\"14\" y=\"", Num(ty), "\" font-size=\"11.5\" fill=\"",
                    kMutedColor, "\">", XmlEscape(plot.subtitle), "</text>\n");
  }
}

void AppendLegend(const Layout& l, std::string& o) {
  for (const Layout::LegendItem& li : l.legend) {
    const PlotSeries& s = *li.series;
    const double cy = li.y;
    switch (s.kind) {
      case PlotSeries::kBand:
      case PlotSeries::kBars:
        absl::StrAppend(&o, "<rect x=\"", Num(li.x), "\" y=\"", Num(cy - 6),
                        "\" width=\"20\" height=\"12\" fill=\"", s.color, "\" fill-opacity=\"",
                        Num(std::max(s.opacity, 0.25)), "\"/>\n");
        break;
      case PlotSeries::kMarkers:
        absl::StrAppend(&o, "<circle cx=\"", Num(li.x + 10), "\" cy=\"", Num(cy),
                        "\" r=\"4\" fill=\"", s.color, "\"/>\n");
        break;
      default:
        absl::StrAppend(&o, "<line x1=\"", Num(li.x), "\" y1=\"", Num(cy), "\" x2=\"",
                        Num(li.x + 20), "\" y2=\"", Num(cy), "\" stroke=\"", s.color,
                        "\" stroke-width=\"", Num(std::max(2.0, s.width)), "\"", DashAttr(s.dash),
                        "/>\n");
    }
    absl::StrAppend(&o, "<text x=\"", Num(li.x + 26), "\" y=\"", Num(cy + 4),
                    "\" font-size=\"11.5\" fill=\"", kTextColor, "\">", XmlEscape(s.label),
                    "</text>\n");
  }
}

// Gridlines with the y tick labels, the x axis with its ticks, and the axis titles.
void AppendAxes(const Plot& plot, const Layout& l, std::string& o) {
  o += "<g class=\"grid\">\n";
  for (size_t i = 0; i < l.yticks.size(); ++i) {
    const double y = l.Py(l.yticks[i]);
    absl::StrAppend(&o, "<line x1=\"", Num(l.left), "\" y1=\"", Num(y), "\" x2=\"",
                    Num(l.left + l.pw), "\" y2=\"", Num(y), "\" stroke=\"",
                    l.yticks[i] == 0 ? kAxisColor : kGridColor, "\" stroke-width=\"1\"/>\n");
    absl::StrAppend(&o, "<text x=\"", Num(l.left - 7), "\" y=\"", Num(y + 4),
                    "\" font-size=\"11\" text-anchor=\"end\" fill=\"", kMutedColor, "\">",
                    XmlEscape(l.ylabels[i]), "</text>\n");
  }
  o += "</g>\n";
  absl::StrAppend(&o, "<line x1=\"", Num(l.left), "\" y1=\"", Num(l.Bottom()), "\" x2=\"",
                  Num(l.left + l.pw), "\" y2=\"", Num(l.Bottom()), "\" stroke=\"", kAxisColor,
                  "\" stroke-width=\"1\"/>\n");
  for (size_t i = 0; i < l.xticks.size(); ++i) {
    const double x = l.Px(l.xticks[i]);
    if (x < l.left - 0.5 || x > l.left + l.pw + 0.5) continue;
    const std::string label =
        l.categorical ? plot.x_categories[i] : TickLabel(l.xticks[i], l.xstep, plot.x_format);
    absl::StrAppend(&o, "<line x1=\"", Num(x), "\" y1=\"", Num(l.Bottom()), "\" x2=\"", Num(x),
                    "\" y2=\"", Num(l.Bottom() + 5), "\" stroke=\"", kAxisColor, "\"/>\n");
    absl::StrAppend(&o, "<text x=\"", Num(x), "\" y=\"", Num(l.Bottom() + 18),
                    "\" font-size=\"11\" text-anchor=\"middle\" fill=\"", kMutedColor, "\">",
                    XmlEscape(label), "</text>\n");
  }
  if (!plot.x_label.empty()) {
    absl::StrAppend(&o, "<text x=\"", Num(l.left + l.pw / 2), "\" y=\"", Num(l.height - 8),
                    "\" font-size=\"11.5\" text-anchor=\"middle\" fill=\"", kTextColor, "\">",
                    XmlEscape(plot.x_label), "</text>\n");
  }
  if (!plot.y_label.empty()) {
    absl::StrAppend(&o, "<text transform=\"translate(16 ", Num(l.top + l.ph / 2),
                    ") rotate(-90)\" font-size=\"11.5\" text-anchor=\"middle\" fill=\"", kTextColor,
                    "\">", XmlEscape(plot.y_label), "</text>\n");
  }
}

double YAt(const PlotSeries& s, size_t i) { return i < s.y.size() ? s.y[i] : kNaN; }
double YHiAt(const PlotSeries& s, size_t i) { return i < s.y_hi.size() ? s.y_hi[i] : kNaN; }

void AppendBand(const PlotSeries& s, const Layout& l, std::string& o) {
  const size_t n = s.x.size();
  auto both = [&](size_t k) { return Finite(YAt(s, k)) && Finite(YHiAt(s, k)); };
  size_t i = 0;
  while (i < n) {
    while (i < n && !both(i)) ++i;
    size_t j = i;
    while (j < n && both(j)) ++j;
    if (j > i) {
      std::string d;
      for (size_t k = i; k < j; ++k) {
        absl::StrAppend(&d, k == i ? "M" : "L", Num(l.Px(s.x[k])), " ", Num(l.Py(YHiAt(s, k))));
      }
      for (size_t k = j; k-- > i;) {
        absl::StrAppend(&d, "L", Num(l.Px(s.x[k])), " ", Num(l.Py(YAt(s, k))));
      }
      if (j - i == 1) {
        // A single point: a short vertical bar so it stays visible.
        const double x = l.Px(s.x[i]);
        d = absl::StrCat("M", Num(x - 2), " ", Num(l.Py(YHiAt(s, i))), "H", Num(x + 2), "V",
                         Num(l.Py(YAt(s, i))), "H", Num(x - 2));
      }
      absl::StrAppend(&o, "<path d=\"", d, "Z\" fill=\"", s.color, "\" fill-opacity=\"",
                      absl::StrFormat("%.2f", s.opacity), "\" stroke=\"none\"/>\n");
    }
    i = j;
  }
}

void AppendLine(const PlotSeries& s, const Layout& l, std::string& o) {
  const size_t n = s.x.size();
  std::string d;
  bool pen = false;
  for (size_t k = 0; k < n; ++k) {
    if (!Finite(YAt(s, k)) || !Finite(s.x[k])) {
      pen = false;
      continue;
    }
    const double x = l.Px(s.x[k]), y = l.Py(YAt(s, k));
    if (!pen) {
      absl::StrAppend(&d, "M", Num(x), " ", Num(y));
    } else if (s.kind == PlotSeries::kStep) {
      absl::StrAppend(&d, "H", Num(x), "V", Num(y));
    } else {
      absl::StrAppend(&d, "L", Num(x), " ", Num(y));
    }
    pen = true;
  }
  // A step line holds its last value to the end of the last interval.
  if (s.kind == PlotSeries::kStep && pen && n >= 2) {
    absl::StrAppend(&d, "H", Num(l.Px(s.x[n - 1] + (s.x[n - 1] - s.x[n - 2]) * 0.999)));
  }
  if (!d.empty()) {
    absl::StrAppend(&o, "<path d=\"", d, "\" fill=\"none\" stroke=\"", s.color,
                    "\" stroke-width=\"", Num(s.width), "\" stroke-linejoin=\"round\"",
                    s.opacity < 1 ? absl::StrFormat(" stroke-opacity=\"%.2f\"", s.opacity) : "",
                    DashAttr(s.dash), "/>\n");
  }
  // Isolated points (no neighbour) would be invisible as a path: mark them.
  for (size_t k = 0; k < n && s.kind == PlotSeries::kLine; ++k) {
    if (!Finite(YAt(s, k))) continue;
    const bool prev = k > 0 && Finite(YAt(s, k - 1));
    const bool next = k + 1 < n && Finite(YAt(s, k + 1));
    if (!prev && !next) {
      absl::StrAppend(&o, "<circle cx=\"", Num(l.Px(s.x[k])), "\" cy=\"", Num(l.Py(YAt(s, k))),
                      "\" r=\"", Num(std::max(1.5, s.width)), "\" fill=\"", s.color, "\"/>\n");
    }
  }
}

void AppendErrorBars(const PlotSeries& s, const Layout& l, std::string& o) {
  for (size_t k = 0; k < s.x.size(); ++k) {
    if (!Finite(YAt(s, k)) || !Finite(YHiAt(s, k))) continue;
    const double x = l.Px(s.x[k]);
    const double a = l.Py(YAt(s, k)), b = l.Py(YHiAt(s, k));
    absl::StrAppend(&o, "<path d=\"M", Num(x), " ", Num(a), "V", Num(b), "M", Num(x - 4), " ",
                    Num(a), "H", Num(x + 4), "M", Num(x - 4), " ", Num(b), "H", Num(x + 4),
                    "\" stroke=\"", s.color, "\" stroke-width=\"1.25\" fill=\"none\"/>\n");
  }
}

void AppendMarkers(const PlotSeries& s, const Layout& l, std::string& o) {
  for (size_t k = 0; k < s.x.size(); ++k) {
    if (!Finite(YAt(s, k))) continue;
    absl::StrAppend(&o, "<circle cx=\"", Num(l.Px(s.x[k])), "\" cy=\"", Num(l.Py(YAt(s, k))),
                    "\" r=\"3.5\" fill=\"", s.color, "\" stroke=\"#ffffff\" stroke-width=\"1\">");
    if (k < s.tooltips.size() && !s.tooltips[k].empty()) {
      absl::StrAppend(&o, "<title>", XmlEscape(s.tooltips[k]), "</title>");
    }
    o += "</circle>\n";
  }
}

// Bars of the `slot`-th of `slots` bar series: side by side within each category.
void AppendBars(const PlotSeries& s, int slot, int slots, const Layout& l, std::string& o) {
  const double bar = kBarGroupWidth / std::max(1, slots);
  const double gap = std::min(2.0, (l.Px(bar) - l.Px(0)) * 0.15);
  for (size_t k = 0; k < s.x.size(); ++k) {
    const double v = YAt(s, k);
    if (!Finite(v) || !Finite(s.x[k])) continue;
    const double from = s.x[k] - kBarGroupWidth / 2 + bar * slot;
    const double x = l.Px(from) + gap / 2;
    const double w = l.Px(from + bar) - l.Px(from) - gap;
    const double zero = l.Py(std::clamp(0.0, l.y0, l.y1));
    const double end = l.Py(std::clamp(v, l.y0, l.y1));
    absl::StrAppend(&o, "<rect x=\"", Num(x), "\" y=\"", Num(std::min(zero, end)), "\" width=\"",
                    Num(w), "\" height=\"", Num(std::fabs(end - zero)), "\" fill=\"", s.color,
                    "\"");
    if (s.opacity < 1) absl::StrAppend(&o, " fill-opacity=\"", Num(s.opacity), "\"");
    o += ">";
    if (k < s.tooltips.size() && !s.tooltips[k].empty()) {
      absl::StrAppend(&o, "<title>", XmlEscape(s.tooltips[k]), "</title>");
    }
    o += "</rect>\n";
    if (s.value_labels) {
      absl::StrAppend(&o, "<text x=\"", Num(x + w / 2), "\" y=\"", Num(v >= 0 ? end - 4 : end + 12),
                      "\" font-size=\"10.5\" text-anchor=\"middle\" fill=\"", kTextColor, "\">",
                      XmlEscape(FormatCompact(v)), "</text>\n");
    }
  }
}

// The event lines, labels staggered in rows so neighbours do not overlap.
void AppendEventMarkers(const Plot& plot, const Layout& l, std::string& o) {
  std::vector<const PlotMarker*> markers;
  for (const PlotMarker& m : plot.x_markers) {
    if (Finite(m.x) && m.x >= l.x0 && m.x <= l.x1) markers.push_back(&m);
  }
  std::stable_sort(markers.begin(), markers.end(),
                   [](const PlotMarker* a, const PlotMarker* b) { return a->x < b->x; });
  constexpr double kFontSize = 10.5;
  std::vector<double> row_end;  // the right end of the last label in each row
  for (const PlotMarker* m : markers) {
    const double x = l.Px(m->x);
    const double w = TextWidth(m->label, kFontSize);
    const bool flip = x + 4 + w > l.left + l.pw;  // no room on the right: label on the left
    const double a = flip ? x - 4 - w : x + 4;
    size_t row = 0;
    while (row < row_end.size() && row_end[row] > a - 6 && row < 3) ++row;
    if (row == row_end.size()) row_end.push_back(0);
    row_end[row] = a + w;
    absl::StrAppend(&o, "<g class=\"event\" data-x=\"", absl::StrFormat("%g", m->x), "\">");
    if (!m->tooltip.empty()) absl::StrAppend(&o, "<title>", XmlEscape(m->tooltip), "</title>");
    absl::StrAppend(&o, "<line x1=\"", Num(x), "\" y1=\"", Num(l.top), "\" x2=\"", Num(x),
                    "\" y2=\"", Num(l.Bottom()), "\" stroke=\"", m->color,
                    "\" stroke-width=\"1.25\" stroke-dasharray=\"4 3\"/>");
    if (!m->label.empty()) {
      absl::StrAppend(&o, "<text x=\"", Num(flip ? x - 4 : x + 4), "\" y=\"",
                      Num(l.top + 11 + 13 * static_cast<double>(row)), "\" font-size=\"",
                      Num(kFontSize), "\"", flip ? " text-anchor=\"end\"" : "", " fill=\"",
                      m->color, "\" stroke=\"#ffffff\" stroke-width=\"3\" paint-order=\"stroke\">",
                      XmlEscape(m->label), "</text>");
    }
    o += "</g>\n";
  }
}

// Invisible columns around each hover x that show their text on hover.
void AppendHover(const Plot& plot, const Layout& l, std::string& o) {
  if (plot.hover.empty()) return;
  std::vector<std::pair<double, std::string>> h = plot.hover;
  std::sort(h.begin(), h.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  o += "<g class=\"hover\">\n";
  for (size_t i = 0; i < h.size(); ++i) {
    const double x = l.Px(h[i].first);
    const double left = i == 0 ? l.left : (x + l.Px(h[i - 1].first)) / 2;
    const double right = i + 1 == h.size() ? l.left + l.pw : (x + l.Px(h[i + 1].first)) / 2;
    if (right <= left) continue;
    absl::StrAppend(&o, "<rect x=\"", Num(left), "\" y=\"", Num(l.top), "\" width=\"",
                    Num(right - left), "\" height=\"", Num(l.ph), "\"><title>",
                    XmlEscape(h[i].second), "</title></rect>\n");
  }
  o += "</g>\n";
}

// Bands first, then bars, lines, markers and error bars; clipped to the plot area when
// the axis cuts the data.
void AppendSeries(const Plot& plot, const Layout& l, std::string& o) {
  const bool clip = l.clipped && !plot.clip_id.empty();
  if (clip) {
    absl::StrAppend(&o, "<clipPath id=\"", XmlEscape(plot.clip_id), "\"><rect x=\"", Num(l.left),
                    "\" y=\"", Num(l.top), "\" width=\"", Num(l.pw), "\" height=\"", Num(l.ph),
                    "\"/></clipPath>\n<g clip-path=\"url(#", XmlEscape(plot.clip_id), ")\">\n");
  }
  for (const PlotSeries& s : plot.series) {
    if (s.kind == PlotSeries::kBand) AppendBand(s, l, o);
  }
  int slot = 0;
  for (const PlotSeries& s : plot.series) {
    if (s.kind == PlotSeries::kBars) AppendBars(s, slot++, l.bar_series, l, o);
  }
  for (const PlotSeries& s : plot.series) {
    if (s.kind == PlotSeries::kLine || s.kind == PlotSeries::kStep) AppendLine(s, l, o);
  }
  for (const PlotSeries& s : plot.series) {
    if (s.kind == PlotSeries::kErrorBars) AppendErrorBars(s, l, o);
    if (s.kind == PlotSeries::kMarkers) AppendMarkers(s, l, o);
  }
  if (clip) o += "</g>\n";
}

std::string Render(const Plot& plot, bool file) {
  const Layout l = LayOut(plot);
  std::string o;
  if (file) {
    absl::StrAppend(&o,
                    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg "
                    "xmlns=\"http://www.w3.org/2000/svg\" width=\"",
                    Num(l.width), "\" height=\"", Num(l.height), "\" viewBox=\"0 0 ", Num(l.width),
                    " ", Num(l.height), "\" ", kFont, ">\n");
  } else {
    absl::StrAppend(&o, "<svg viewBox=\"0 0 ", Num(l.width), " ", Num(l.height),
                    "\" class=\"plot\" role=\"img\" ", kFont, ">\n");
  }
  if (!plot.title.empty()) absl::StrAppend(&o, "<title>", XmlEscape(plot.title), "</title>\n");
  absl::StrAppend(&o, "<rect x=\"0\" y=\"0\" width=\"", Num(l.width), "\" height=\"", Num(l.height),
                  "\" fill=\"#ffffff\"/>\n");
  AppendTitles(plot, o);
  AppendLegend(l, o);
  AppendAxes(plot, l, o);
  AppendSeries(plot, l, o);
  if (l.empty) {
    absl::StrAppend(&o, "<text x=\"", Num(l.left + l.pw / 2), "\" y=\"", Num(l.top + l.ph / 2),
                    "\" font-size=\"13\" text-anchor=\"middle\" fill=\"", kMutedColor, "\">",
                    XmlEscape(plot.empty_note), "</text>\n");
  }
  AppendEventMarkers(plot, l, o);
  if (!file) AppendHover(plot, l, o);
  o += "</svg>\n";
  return o;
}

}  // namespace

std::string RenderPlotSvg(const Plot& plot) { return Render(plot, false); }

std::string RenderPlotSvgFile(const Plot& plot) { return Render(plot, true); }

}  // namespace ftz::sim
