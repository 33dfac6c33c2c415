#include "sim/svg_plot.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "sim/format.h"

namespace ftz::sim {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr char kFont[] =
    "font-family=\"system-ui,-apple-system,'Segoe UI',Roboto,'Helvetica Neue',Arial,sans-serif\"";
constexpr char kTextColor[] = "#1f2937";
constexpr char kMutedColor[] = "#6b7280";
constexpr char kGridColor[] = "#e5e7eb";
constexpr char kAxisColor[] = "#9ca3af";

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

// Decimals needed to write multiples of `step` exactly (up to 8).
int DecimalsFor(double step) {
  step = std::fabs(step);
  if (step == 0 || !std::isfinite(step)) return 0;
  for (int d = 0; d <= 8; ++d) {
    const double scaled = step * std::pow(10.0, d);
    if (std::fabs(scaled - std::round(scaled)) < 1e-6 * std::max(1.0, scaled)) return d;
  }
  return 8;
}

std::string StripZeros(std::string s) {
  if (s.find('.') == std::string::npos) return s;
  while (!s.empty() && s.back() == '0') s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s;
}

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
      return absl::StrFormat("%.*f%%", DecimalsFor(step * 100), v * 100);
    case TickFormat::kInteger:
      if (std::fabs(v) >= 1e6) return TickLabel(v, step, TickFormat::kNumber);
      return FormatGrouped(v, DecimalsFor(step));
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
      return StripZeros(absl::StrFormat("%.*f", DecimalsFor(step / u.scale), v / u.scale)) +
             u.suffix;
    }
  }
  return absl::StrFormat("%.*f", DecimalsFor(step), v);
}

std::string RenderPlotSvg(const Plot& plot) {
  const double W = plot.width;
  const double H = plot.height;
  const bool categorical = !plot.x_categories.empty();

  // Data ranges.
  Range xr, yr;
  for (const PlotSeries& s : plot.series) {
    for (size_t i = 0; i < s.x.size(); ++i) {
      const double y = i < s.y.size() ? s.y[i] : kNaN;
      const double yh = i < s.y_hi.size() ? s.y_hi[i] : kNaN;
      if (!std::isfinite(y) && !std::isfinite(yh)) continue;
      xr.Add(s.x[i]);
      yr.Add(y);
      yr.Add(yh);
    }
  }
  const bool empty = yr.Empty();
  if (empty) {
    yr.lo = 0;
    yr.hi = 1;
  }
  if (plot.y_include_zero) {
    yr.lo = std::min(yr.lo, 0.0);
    yr.hi = std::max(yr.hi, 0.0);
  }
  const bool capped = std::isfinite(plot.y_max) && yr.hi > plot.y_max && yr.lo < plot.y_max;
  if (capped) yr.hi = plot.y_max;
  if (yr.hi == yr.lo) {
    const double d = yr.lo == 0 ? 1 : std::fabs(yr.lo) * 0.1;
    yr.lo -= d;
    yr.hi += d;
    if (plot.y_include_zero && yr.lo < 0 && yr.hi - d >= 0) yr.lo = 0;
  }
  std::vector<double> yticks = NiceTicks(yr.lo, yr.hi, 5);
  double ystep = yticks.size() >= 2 ? yticks[1] - yticks[0] : 1;
  // Extend the domain to whole steps.
  double y0 = std::floor(yr.lo / ystep + 1e-9) * ystep;
  double y1 = std::ceil(yr.hi / ystep - 1e-9) * ystep;
  if (y1 <= y0) y1 = y0 + ystep;
  yticks.clear();
  for (double k = std::round(y0 / ystep); k * ystep <= y1 + ystep * 1e-9; k += 1) {
    yticks.push_back(std::fabs(k * ystep) < ystep * 1e-9 ? 0 : k * ystep);
  }

  double x0, x1;
  std::vector<double> xticks;
  double xstep = 1;
  if (categorical) {
    x0 = -0.5;
    x1 = static_cast<double>(plot.x_categories.size()) - 0.5;
    for (size_t i = 0; i < plot.x_categories.size(); ++i) xticks.push_back(static_cast<double>(i));
  } else {
    if (xr.Empty()) {
      xr.lo = 0;
      xr.hi = 1;
    }
    x0 = xr.lo;
    x1 = xr.hi;
    if (x1 == x0) {
      const double d = x0 == 0 ? 1 : std::fabs(x0) * 0.1;
      x0 -= d;
      x1 += d;
    }
    std::set<double> distinct;
    if (plot.x_ticks_at_data) {
      for (const PlotSeries& s : plot.series) {
        for (double v : s.x) {
          if (std::isfinite(v)) distinct.insert(v);
        }
      }
    }
    if (plot.x_ticks_at_data && !distinct.empty() && distinct.size() <= 12) {
      xticks.assign(distinct.begin(), distinct.end());
      // The label precision: the finest one the values need.
      int decimals = 0;
      for (double v : xticks) decimals = std::max(decimals, DecimalsFor(v));
      xstep = std::pow(10.0, -decimals);
    } else {
      xticks = NiceTicks(x0, x1, std::max(2, static_cast<int>(W / 90)));
      if (plot.x_format == TickFormat::kInteger) {
        // Whole-number steps for integer axes.
        xticks.erase(std::remove_if(xticks.begin(), xticks.end(),
                                    [](double v) { return v != std::round(v); }),
                     xticks.end());
      }
      xstep = xticks.size() >= 2 ? xticks[1] - xticks[0] : 1;
    }
    const double pad = (x1 - x0) * plot.x_pad;
    x0 -= pad;
    x1 += pad;
  }

  // Tick labels and margins.
  std::vector<std::string> ylabels;
  double ylabel_w = 0;
  for (double t : yticks) {
    ylabels.push_back(TickLabel(t, ystep, plot.y_format));
    ylabel_w = std::max(ylabel_w, TextWidth(ylabels.back(), 11));
  }
  const double left = 14 + (plot.y_label.empty() ? 0 : 16) + ylabel_w + 8;
  const double right = 18;

  // Legend layout (wrapping rows).
  struct LegendItem {
    const PlotSeries* s;
    double x, y;
  };
  std::vector<LegendItem> legend;
  double header = 14;
  if (!plot.title.empty()) header += 16;
  if (!plot.subtitle.empty()) header += 16;
  double lx = 14, ly = header + 10;
  bool any_legend = false;
  for (const PlotSeries& s : plot.series) {
    if (s.label.empty()) continue;
    const double w = 26 + TextWidth(s.label, 11.5) + 16;
    if (lx + w > W - right && lx > 14) {
      lx = 14;
      ly += 18;
    }
    legend.push_back({&s, lx, ly});
    lx += w;
    any_legend = true;
  }
  const double top = any_legend ? ly + 16 : header + 8;
  const double bottom = 26 + (plot.x_label.empty() ? 0 : 18);
  const double pw = W - left - right;
  const double ph = H - top - bottom;

  auto px = [&](double x) { return left + (x - x0) / (x1 - x0) * pw; };
  auto py = [&](double y) { return top + ph - (y - y0) / (y1 - y0) * ph; };

  std::string o;
  absl::StrAppend(&o, "<svg viewBox=\"0 0 ", Num(W), " ", Num(H), "\" class=\"plot\" role=\"img\" ",
                  kFont, ">\n");
  if (!plot.title.empty()) absl::StrAppend(&o, "<title>", XmlEscape(plot.title), "</title>\n");
  absl::StrAppend(&o, "<rect x=\"0\" y=\"0\" width=\"", Num(W), "\" height=\"", Num(H),
                  "\" fill=\"#ffffff\"/>\n");
  // Title and subtitle.
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
  // Legend.
  for (const LegendItem& li : legend) {
    const PlotSeries& s = *li.s;
    const double cy = li.y;
    switch (s.kind) {
      case PlotSeries::kBand:
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

  // Grid and y axis labels.
  o += "<g class=\"grid\">\n";
  for (size_t i = 0; i < yticks.size(); ++i) {
    const double y = py(yticks[i]);
    absl::StrAppend(&o, "<line x1=\"", Num(left), "\" y1=\"", Num(y), "\" x2=\"", Num(left + pw),
                    "\" y2=\"", Num(y), "\" stroke=\"", yticks[i] == 0 ? kAxisColor : kGridColor,
                    "\" stroke-width=\"1\"/>\n");
    absl::StrAppend(&o, "<text x=\"", Num(left - 7), "\" y=\"", Num(y + 4),
                    "\" font-size=\"11\" text-anchor=\"end\" fill=\"", kMutedColor, "\">",
                    XmlEscape(ylabels[i]), "</text>\n");
  }
  o += "</g>\n";
  // X axis.
  absl::StrAppend(&o, "<line x1=\"", Num(left), "\" y1=\"", Num(top + ph), "\" x2=\"",
                  Num(left + pw), "\" y2=\"", Num(top + ph), "\" stroke=\"", kAxisColor,
                  "\" stroke-width=\"1\"/>\n");
  for (size_t i = 0; i < xticks.size(); ++i) {
    const double x = px(xticks[i]);
    if (x < left - 0.5 || x > left + pw + 0.5) continue;
    const std::string label =
        categorical ? plot.x_categories[i] : TickLabel(xticks[i], xstep, plot.x_format);
    absl::StrAppend(&o, "<line x1=\"", Num(x), "\" y1=\"", Num(top + ph), "\" x2=\"", Num(x),
                    "\" y2=\"", Num(top + ph + 5), "\" stroke=\"", kAxisColor, "\"/>\n");
    absl::StrAppend(&o, "<text x=\"", Num(x), "\" y=\"", Num(top + ph + 18),
                    "\" font-size=\"11\" text-anchor=\"middle\" fill=\"", kMutedColor, "\">",
                    XmlEscape(label), "</text>\n");
  }
  if (!plot.x_label.empty()) {
    absl::StrAppend(&o, "<text x=\"", Num(left + pw / 2), "\" y=\"", Num(H - 8),
                    "\" font-size=\"11.5\" text-anchor=\"middle\" fill=\"", kTextColor, "\">",
                    XmlEscape(plot.x_label), "</text>\n");
  }
  if (!plot.y_label.empty()) {
    const double cx = 16, cy = top + ph / 2;
    absl::StrAppend(&o, "<text transform=\"translate(", Num(cx), " ", Num(cy),
                    ") rotate(-90)\" font-size=\"11.5\" text-anchor=\"middle\" fill=\"", kTextColor,
                    "\">", XmlEscape(plot.y_label), "</text>\n");
  }

  // Series: bands first, then lines, then markers and error bars.
  auto finite = [](double v) { return std::isfinite(v); };
  auto draw = [&](const PlotSeries& s) {
    const size_t n = s.x.size();
    auto yv = [&](size_t i) { return i < s.y.size() ? s.y[i] : kNaN; };
    auto yh = [&](size_t i) { return i < s.y_hi.size() ? s.y_hi[i] : kNaN; };
    switch (s.kind) {
      case PlotSeries::kBand: {
        size_t i = 0;
        while (i < n) {
          while (i < n && !(finite(yv(i)) && finite(yh(i)))) ++i;
          size_t j = i;
          while (j < n && finite(yv(j)) && finite(yh(j))) ++j;
          if (j > i) {
            std::string d;
            for (size_t k = i; k < j; ++k) {
              absl::StrAppend(&d, k == i ? "M" : "L", Num(px(s.x[k])), " ", Num(py(yh(k))));
            }
            for (size_t k = j; k-- > i;)
              absl::StrAppend(&d, "L", Num(px(s.x[k])), " ", Num(py(yv(k))));
            if (j - i == 1) {
              // A single point: a short vertical bar so it stays visible.
              d = absl::StrCat("M", Num(px(s.x[i]) - 2), " ", Num(py(yh(i))), "H",
                               Num(px(s.x[i]) + 2), "V", Num(py(yv(i))), "H", Num(px(s.x[i]) - 2));
            }
            absl::StrAppend(&o, "<path d=\"", d, "Z\" fill=\"", s.color, "\" fill-opacity=\"",
                            absl::StrFormat("%.2f", s.opacity), "\" stroke=\"none\"/>\n");
          }
          i = j;
        }
        break;
      }
      case PlotSeries::kLine:
      case PlotSeries::kStep: {
        std::string d;
        bool pen = false;
        for (size_t k = 0; k < n; ++k) {
          if (!finite(yv(k)) || !finite(s.x[k])) {
            pen = false;
            continue;
          }
          const double x = px(s.x[k]), y = py(yv(k));
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
          absl::StrAppend(&d, "H", Num(px(s.x[n - 1] + (s.x[n - 1] - s.x[n - 2]) * 0.999)));
        }
        if (!d.empty()) {
          absl::StrAppend(
              &o, "<path d=\"", d, "\" fill=\"none\" stroke=\"", s.color, "\" stroke-width=\"",
              Num(s.width), "\" stroke-linejoin=\"round\"",
              s.opacity < 1 ? absl::StrFormat(" stroke-opacity=\"%.2f\"", s.opacity) : "",
              DashAttr(s.dash), "/>\n");
        }
        // Isolated points (no neighbour) would be invisible as a path: mark them.
        for (size_t k = 0; k < n; ++k) {
          if (!finite(yv(k))) continue;
          const bool prev = k > 0 && finite(yv(k - 1));
          const bool next = k + 1 < n && finite(yv(k + 1));
          if (!prev && !next && s.kind == PlotSeries::kLine) {
            absl::StrAppend(&o, "<circle cx=\"", Num(px(s.x[k])), "\" cy=\"", Num(py(yv(k))),
                            "\" r=\"", Num(std::max(1.5, s.width)), "\" fill=\"", s.color,
                            "\"/>\n");
          }
        }
        break;
      }
      case PlotSeries::kErrorBars:
        for (size_t k = 0; k < n; ++k) {
          if (!finite(yv(k)) || !finite(yh(k))) continue;
          const double x = px(s.x[k]);
          const double a = py(yv(k)), b = py(yh(k));
          absl::StrAppend(&o, "<path d=\"M", Num(x), " ", Num(a), "V", Num(b), "M", Num(x - 4), " ",
                          Num(a), "H", Num(x + 4), "M", Num(x - 4), " ", Num(b), "H", Num(x + 4),
                          "\" stroke=\"", s.color, "\" stroke-width=\"1.25\" fill=\"none\"/>\n");
        }
        break;
      case PlotSeries::kMarkers:
        for (size_t k = 0; k < n; ++k) {
          if (!finite(yv(k))) continue;
          absl::StrAppend(&o, "<circle cx=\"", Num(px(s.x[k])), "\" cy=\"", Num(py(yv(k))),
                          "\" r=\"3.5\" fill=\"", s.color,
                          "\" stroke=\"#ffffff\" stroke-width=\"1\">");
          if (k < s.tooltips.size() && !s.tooltips[k].empty()) {
            absl::StrAppend(&o, "<title>", XmlEscape(s.tooltips[k]), "</title>");
          }
          o += "</circle>\n";
        }
        break;
    }
  };
  const bool clip = capped && !plot.clip_id.empty();
  if (clip) {
    absl::StrAppend(&o, "<clipPath id=\"", XmlEscape(plot.clip_id), "\"><rect x=\"", Num(left),
                    "\" y=\"", Num(top), "\" width=\"", Num(pw), "\" height=\"", Num(ph),
                    "\"/></clipPath>\n<g clip-path=\"url(#", XmlEscape(plot.clip_id), ")\">\n");
  }
  for (const PlotSeries& s : plot.series) {
    if (s.kind == PlotSeries::kBand) draw(s);
  }
  for (const PlotSeries& s : plot.series) {
    if (s.kind == PlotSeries::kLine || s.kind == PlotSeries::kStep) draw(s);
  }
  for (const PlotSeries& s : plot.series) {
    if (s.kind == PlotSeries::kErrorBars || s.kind == PlotSeries::kMarkers) draw(s);
  }
  if (clip) o += "</g>\n";
  if (empty) {
    absl::StrAppend(&o, "<text x=\"", Num(left + pw / 2), "\" y=\"", Num(top + ph / 2),
                    "\" font-size=\"13\" text-anchor=\"middle\" fill=\"", kMutedColor, "\">",
                    XmlEscape(plot.empty_note), "</text>\n");
  }

  // Hover columns (on top, transparent until hovered).
  if (!plot.hover.empty()) {
    std::vector<std::pair<double, std::string>> h = plot.hover;
    std::sort(h.begin(), h.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    o += "<g class=\"hover\">\n";
    for (size_t i = 0; i < h.size(); ++i) {
      const double x = px(h[i].first);
      const double l = i == 0 ? left : (x + px(h[i - 1].first)) / 2;
      const double r = i + 1 == h.size() ? left + pw : (x + px(h[i + 1].first)) / 2;
      if (r <= l) continue;
      absl::StrAppend(&o, "<rect x=\"", Num(l), "\" y=\"", Num(top), "\" width=\"", Num(r - l),
                      "\" height=\"", Num(ph), "\"><title>", XmlEscape(h[i].second),
                      "</title></rect>\n");
    }
    o += "</g>\n";
  }
  o += "</svg>\n";
  return o;
}

}  // namespace ftz::sim
