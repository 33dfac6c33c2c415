#include "sim/report/period_series.h"

#include <algorithm>
#include <limits>
#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "sim/report/colors.h"
#include "sim/report/format.h"

namespace ftz::sim::report {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

bool SameEvent(const RunEvent& a, const RunEvent& b) {
  return a.period == b.period && a.symbol == b.symbol && a.kind == b.kind && a.text == b.text;
}

const char* EventColor(const RunEvent& e) {
  if (e.kind == "stockpile_full") return colors::kStockpileFull;
  if (e.kind == "budget_exhausted") return colors::kBudgetExhausted;
  return colors::kShock;
}

}  // namespace

Plot PeriodPlot(std::string title, std::string subtitle, std::string y_label,
                std::vector<PlotMarker> events) {
  Plot plot;
  plot.title = std::move(title);
  plot.subtitle = std::move(subtitle);
  plot.x_label = "Period";
  plot.y_label = std::move(y_label);
  plot.y_include_zero = true;
  plot.width = kChartWidth;
  plot.height = kChartHeight;
  plot.x_markers = std::move(events);
  return plot;
}

std::vector<double> AlignTo(const std::vector<double>& to, const std::vector<double>& from,
                            const std::vector<double>& values) {
  std::map<double, double> by;
  for (size_t i = 0; i < from.size() && i < values.size(); ++i) by[from[i]] = values[i];
  std::vector<double> out;
  out.reserve(to.size());
  for (double x : to) {
    auto it = by.find(x);
    out.push_back(it == by.end() ? kNaN : it->second);
  }
  return out;
}

std::vector<double> WhereTraded(const InstrumentPeriods& p, double PeriodMetrics::*price) {
  std::vector<double> v;
  v.reserve(p.rows.size());
  for (const PeriodMetrics* r : p.rows) v.push_back(r->volume > 0 ? r->*price : kNaN);
  return v;
}

std::vector<double> ZeroAsNone(std::vector<double> v) {
  for (double& x : v) {
    if (x == 0) x = kNaN;
  }
  return v;
}

std::vector<double> Cumulative(const std::vector<double>& v) {
  std::vector<double> out;
  out.reserve(v.size());
  double sum = 0;
  for (double x : v) {
    if (std::isfinite(x)) sum += x;
    out.push_back(sum);
  }
  return out;
}

bool AnyNonZero(const std::vector<double>& v) {
  return std::any_of(v.begin(), v.end(), [](double x) { return std::isfinite(x) && x != 0; });
}

std::pair<double, double> NonZeroRange(const std::vector<double>& v) {
  double lo = kNaN, hi = kNaN;
  for (double x : v) {
    if (!std::isfinite(x) || x == 0) continue;
    lo = std::isfinite(lo) ? std::min(lo, x) : x;
    hi = std::isfinite(hi) ? std::max(hi, x) : x;
  }
  return {lo, hi};
}

std::string HoverValue(double v) { return std::isfinite(v) ? FormatValue(v) : "\u2013"; }

std::string HoverPercent(double share) {
  return std::isfinite(share) ? FormatPercent(share) : "\u2013";
}

FloorBinding FloorBindingOf(const InstrumentPeriods& periods) {
  FloorBinding f;
  for (const PeriodMetrics* r : periods.rows) {
    if (r->floor <= 0) continue;
    ++f.in_force;
    if (r->volume_at_floor > 0) ++f.bound;
  }
  return f;
}

std::vector<std::string> InstrumentOrder(const RunResult& run) {
  std::vector<std::string> out;
  std::set<std::string> seen;
  for (const PeriodMetrics& p : run.periods) {
    if (seen.insert(p.symbol).second) out.push_back(p.symbol);
  }
  for (const RunSummary& s : run.summary) {
    if ((s.scope & kInstrumentScope) && seen.insert(s.symbol).second) out.push_back(s.symbol);
  }
  return out;
}

std::string EventLabel(const RunEvent& event) {
  if (event.kind == "stockpile_full") return "stockpile full";
  if (event.kind == "budget_exhausted") return "budget spent";
  const size_t colon = event.text.find(':');
  return colon == std::string::npos ? event.text : event.text.substr(0, colon);
}

std::vector<PlotMarker> EventMarkers(const PairedResult& paired,
                                     const std::vector<std::string>& symbols, bool name_symbol) {
  const std::set<std::string> wanted(symbols.begin(), symbols.end());
  std::vector<PlotMarker> out;
  auto add = [&](const RunEvent& e, const char* run) {
    PlotMarker m;
    m.x = e.period;
    m.label = absl::StrCat(name_symbol ? e.symbol + ": " : "", EventLabel(e), run);
    m.tooltip = absl::StrCat("Period ", e.period, ", ", e.symbol, run, ": ", e.text);
    m.color = EventColor(e);
    out.push_back(std::move(m));
  };
  for (const RunEvent& e : paired.policy.events) {
    if (wanted.count(e.symbol)) add(e, "");
  }
  for (const RunEvent& e : paired.baseline.events) {
    if (!wanted.count(e.symbol)) continue;
    const bool shared = std::any_of(paired.policy.events.begin(), paired.policy.events.end(),
                                    [&](const RunEvent& p) { return SameEvent(p, e); });
    if (!shared) add(e, " (baseline)");
  }
  return out;
}

}  // namespace ftz::sim::report
