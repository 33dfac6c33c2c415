#include "sim/sweep/sweep_report.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "sim/report/csv.h"
#include "sim/report/page.h"
#include "sim/report/svg_plot.h"
#include "sim/sweep/sweep_table.h"

namespace ftz::sim {
namespace {

using report::Anchor;
std::string Esc(const std::string& s) { return XmlEscape(s); }

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// "NDPR-OX…price" for legends: the first and last segment of a long path.
std::string ShortPath(const std::string& path) {
  const std::vector<std::string> parts = absl::StrSplit(path, '.');
  if (parts.size() <= 2) return path;
  return absl::StrCat(parts.front(), "\u2026", parts.back());
}

// The varying parameters' values but the one at `skip`: "tariff_rate=0.25".
std::string ComboLabel(const SweepSpec& spec, const std::vector<std::string>& values, size_t skip) {
  std::vector<std::string> parts;
  for (size_t i = 0; i < spec.params.size() && i < values.size(); ++i) {
    if (i == skip || spec.params[i].values.size() < 2) continue;
    parts.push_back(absl::StrCat(ShortPath(spec.params[i].path), "=", values[i]));
  }
  return absl::StrJoin(parts, ", ");
}

// The x axis of the plots: the first parameter with more than one value (else the first,
// or none without parameters); numeric when all its values are numbers, else categories.
// The other parameters' combinations are the plots' series.
struct Layout {
  const SweepSpec& spec;
  size_t x = spec.params.size();
  bool numeric = false;
  std::vector<double> x_values;
  std::vector<std::vector<std::string>> series;  // values with the x entry blanked
  std::map<std::vector<std::string>, size_t> series_index;

  Layout(const SweepAggregate& agg) : spec(agg.spec) {
    for (size_t i = 0; i < spec.params.size() && x == spec.params.size(); ++i) {
      if (spec.params[i].values.size() > 1) x = i;
    }
    if (x == spec.params.size() && !spec.params.empty()) x = 0;
    numeric = has_x();
    if (has_x()) {
      for (const std::string& v : spec.params[x].values) {
        const absl::StatusOr<double> d = ParseCsvDouble(v);
        numeric = numeric && d.ok() && std::isfinite(*d);
        x_values.push_back(d.ok() ? *d : kNaN);
      }
    }
    for (const SweepGroup& g : agg.groups) {
      if (series_index.emplace(SeriesKey(g.values), series.size()).second)
        series.push_back(SeriesKey(g.values));
    }
  }
  bool has_x() const { return x < spec.params.size(); }
  std::vector<std::string> SeriesKey(std::vector<std::string> values) const {
    if (has_x()) values[x] = "";
    return values;
  }
  double XOf(const std::vector<std::string>& values) const {
    if (!has_x()) return 0;
    const std::vector<std::string>& vs = spec.params[x].values;
    const size_t k = std::find(vs.begin(), vs.end(), values[x]) - vs.begin();
    return numeric ? x_values[k] : static_cast<double>(k);
  }
};

std::string Tooltip(const SweepSpec& spec, const Outcome& o, const SweepGroup& g, size_t k) {
  const MeanCi& m = g.policy[k];
  std::string tip = absl::StrCat(o.label, "\n", ComboLabel(spec, g.values, spec.params.size()),
                                 "\npolicy mean ", FormatOutcome(o.kind, m.mean));
  if (std::isfinite(m.half)) {
    absl::StrAppend(&tip, "\n95% CI ", FormatOutcome(o.kind, m.lo()), " \u2013 ",
                    FormatOutcome(o.kind, m.hi()));
  }
  absl::StrAppend(&tip, "\nn = ", m.n);
  if (HasBaseline(o)) {
    absl::StrAppend(&tip, "\nbaseline mean ", FormatMeanCi(o.kind, g.baseline[k]),
                    "\npolicy \u2212 baseline ", FormatDifferenceCi(o.kind, g.difference[k]));
  }
  return tip;
}

// Outcome `k` of `symbol` against the x parameter: per series the 95% band (error bars
// for a single point), the mean line with hover markers, the baseline's mean dashed.
Plot OutcomePlot(const SweepAggregate& agg, const Layout& layout, const std::string& symbol,
                 size_t k) {
  const Outcome& o = SummaryOutcomes()[k];
  const bool share = o.kind == OutcomeKind::kShare;
  const std::string unit = OutcomeUnit(o.kind, InfoOf(agg, symbol));
  const std::string x_label = layout.has_x() ? ParamLabel(agg.spec.params[layout.x]) : "";
  const bool many = layout.series.size() > 1;
  Plot plot;
  plot.title = o.label;
  plot.subtitle =
      absl::StrCat(share ? "percent" : unit, x_label.empty() ? "" : " against ", x_label);
  plot.x_label = x_label;
  plot.y_label = share ? "" : unit;
  plot.y_format = share ? TickFormat::kPercent : TickFormat::kNumber;
  plot.x_format = TickFormat::kNumber;
  plot.x_pad = 0.06;
  plot.x_ticks_at_data = true;
  plot.y_include_zero = o.kind != OutcomeKind::kPrice && !share;
  if (layout.has_x() && !layout.numeric) plot.x_categories = agg.spec.params[layout.x].values;
  if (!layout.has_x()) plot.x_categories = {"all cells"};
  bool any_baseline = false;
  std::vector<PlotSeries> bands, lines, baselines, marks;
  for (size_t c = 0; c < layout.series.size(); ++c) {
    const std::string color = Palette()[c % Palette().size()];
    std::vector<std::pair<double, const SweepGroup*>> points;
    for (const SweepGroup& g : agg.groups) {
      if (g.symbol == symbol && layout.series_index.at(layout.SeriesKey(g.values)) == c)
        points.emplace_back(layout.XOf(g.values), &g);
    }
    std::sort(points.begin(), points.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<double> x, mean, lo, hi, baseline_mean;
    std::vector<std::string> tips;
    for (const auto& [xv, g] : points) {
      x.push_back(xv);
      mean.push_back(g->policy[k].mean);
      lo.push_back(g->policy[k].lo());
      hi.push_back(g->policy[k].hi());
      baseline_mean.push_back(HasBaseline(o) ? g->baseline[k].mean : kNaN);
      any_baseline =
          any_baseline || (HasBaseline(o) && g->baseline[k].n > 0 && g->baseline[k].mean != 0);
      tips.push_back(Tooltip(agg.spec, o, *g, k));
    }
    if (x.size() > 1) {
      bands.push_back(MakeBand(many ? "" : "95% CI", color, x, lo, hi, 0.16));
    } else {
      PlotSeries bars;
      bars.kind = PlotSeries::kErrorBars;
      bars.label = many ? "" : "95% CI";
      bars.color = color;
      bars.x = x;
      bars.y = lo;
      bars.y_hi = hi;
      bands.push_back(bars);
    }
    lines.push_back(
        MakeLine(many ? ComboLabel(agg.spec, layout.series[c], layout.x) : "Policy mean", color, x,
                 mean, PlotSeries::kSolid, 2.25));
    baselines.push_back(MakeLine("", color, x, baseline_mean, PlotSeries::kDashed, 1.5));
    PlotSeries markers;
    markers.kind = PlotSeries::kMarkers;
    markers.color = color;
    markers.x = x;
    markers.y = mean;
    markers.tooltips = tips;
    marks.push_back(markers);
  }
  if (!any_baseline) baselines.clear();
  for (auto* group : {&bands, &baselines, &lines, &marks}) {
    for (PlotSeries& s : *group) plot.series.push_back(std::move(s));
  }
  if (any_baseline) {
    plot.series.push_back(MakeLine(many ? "Baseline (dashed)" : "Baseline mean",
                                   many ? "#6b7280" : Palette()[0], {}, {}, PlotSeries::kDashed,
                                   1.5));
  }
  return plot;
}

// A table of one statistic per combination (rows) and outcome (columns, with units):
// the policy means, or the paired differences (outcomes with a baseline only).
std::string StatsTable(const SweepAggregate& agg, const std::string& symbol, bool differences) {
  const std::vector<Outcome>& outcomes = SummaryOutcomes();
  std::string o = "<div class=\"tablewrap\"><table class=\"data compact\"><thead><tr>";
  for (const SweepParam& p : agg.spec.params) {
    if (p.values.size() > 1) absl::StrAppend(&o, "<th class=\"l\">", Esc(ParamLabel(p)), "</th>");
  }
  o += "<th>n</th>";
  std::vector<size_t> columns;
  for (size_t k = 0; k < outcomes.size(); ++k) {
    if (!ReportsOutcome(agg, outcomes[k], symbol) || (differences && !HasBaseline(outcomes[k])))
      continue;
    columns.push_back(k);
    absl::StrAppend(&o, "<th>", Esc(outcomes[k].label),
                    "<br><span style=\"font-weight:400;color:#6b7280\">",
                    Esc(OutcomeUnit(outcomes[k].kind, InfoOf(agg, symbol))), "</span></th>");
  }
  o += "</tr></thead><tbody>\n";
  for (const SweepGroup& g : agg.groups) {
    if (g.symbol != symbol) continue;
    o += "<tr>";
    for (size_t p = 0; p < agg.spec.params.size(); ++p) {
      if (agg.spec.params[p].values.size() > 1)
        absl::StrAppend(&o, "<td class=\"l\">", Esc(g.values[p]), "</td>");
    }
    absl::StrAppend(&o, "<td>", g.policy.empty() ? 0 : g.policy[0].n, "</td>");
    for (size_t k : columns) {
      const std::string cell = differences ? FormatDifferenceCi(outcomes[k].kind, g.difference[k])
                                           : FormatMeanCi(outcomes[k].kind, g.policy[k]);
      absl::StrAppend(&o, "<td>", Esc(cell), "</td>");
    }
    o += "</tr>\n";
  }
  return o + "</tbody></table></div>\n";
}

std::string InstrumentSection(const SweepAggregate& agg, const Layout& layout,
                              const std::string& symbol) {
  const InstrumentInfo* info = InfoOf(agg, symbol);
  std::string o = absl::StrCat("<section class=\"card\" id=\"", Anchor(symbol), "\">\n<h2>",
                               symbol == kAllInstruments ? "All instruments" : Esc(symbol));
  if (info && !info->product.empty())
    absl::StrAppend(&o, "<span class=\"sub\">", Esc(info->product), "</span>");
  absl::StrAppend(
      &o, "</h2>\n<p class=\"note\">Each point is the policy run's mean over ",
      agg.spec.seeds.size(), " seeds with its 95% confidence interval (Student's t)",
      layout.series.size() > 1 ? "; one color per combination of the other parameters" : "",
      "; the no-floor baseline's mean is dashed. Hover over a point for its values.</p>\n",
      "<div class=\"plots\">\n");
  for (size_t k = 0; k < SummaryOutcomes().size(); ++k) {
    if (ReportsOutcome(agg, SummaryOutcomes()[k], symbol))
      o += report::PlotBox(OutcomePlot(agg, layout, symbol, k), false);
  }
  o += "</div>\n<h3>Policy: means and 95% confidence intervals</h3>\n";
  o += StatsTable(agg, symbol, false);
  o += "<h3>Policy \u2212 baseline: mean of the per-seed differences and 95% confidence "
       "intervals</h3>\n<p class=\"note\">Each seed's policy run minus its baseline run (same "
       "agents, same random draws); the interval is Student's t over these differences.</p>\n";
  o += StatsTable(agg, symbol, true);
  return o + "</section>\n";
}

}  // namespace

std::string RenderSweepReportHtml(const SweepAggregate& agg, const SweepReportOptions& options) {
  const std::string name = agg.scenario.empty() ? "(unnamed scenario)" : agg.scenario;
  std::vector<std::string> meta;
  for (const SweepParam& p : agg.spec.params) {
    meta.push_back(absl::StrCat(ParamLabel(p), " = ", absl::StrJoin(p.values, ", ")));
  }
  meta.push_back(absl::StrCat(agg.spec.seeds.size(), " seeds"));
  meta.push_back(
      absl::StrCat(agg.cells_present, " of ", agg.cells_expected, " cells (paired runs)"));
  std::vector<std::pair<std::string, std::string>> toc;
  for (const std::string& s : agg.symbols) toc.emplace_back(Anchor(s), s);
  std::string o = report::PageStart(
      options.title.empty() ? absl::StrCat("Sweep report: ", name) : options.title, "", meta, toc);
  if (!agg.missing_cells.empty()) {
    absl::StrAppend(&o, "<section class=\"card\"><h2>Incomplete</h2><p class=\"note\">",
                    agg.missing_cells.size(), " of ", agg.cells_expected,
                    " cells are missing (merged with --allow_missing); the statistics use the "
                    "cells present. Missing: ",
                    Esc(CellListText(agg.spec, agg.missing_cells, 50)), ".</p></section>\n");
  }
  const Layout layout(agg);
  for (const std::string& symbol : agg.symbols) o += InstrumentSection(agg, layout, symbol);
  return o + report::PageEnd("", "Generated by ftz sweep");
}

}  // namespace ftz::sim
