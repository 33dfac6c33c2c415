#include "sim/report/chain_charts.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "sim/report/colors.h"
#include "sim/report/format.h"
#include "sim/report/page.h"
#include "sim/report/period_series.h"
#include "sim/report/welfare_accounts.h"

namespace ftz::sim::report {
namespace {

Chart EfficiencyChart(const ChainInfo& chain, const ChainPeriods& policy,
                      const ChainPeriods& baseline, std::vector<PlotMarker> events) {
  Plot plot =
      PeriodPlot("Allocative efficiency", "Total surplus as a share of the period's maximum gains",
                 "% of maximum gains, per period", std::move(events));
  plot.y_format = TickFormat::kPercent;
  // Efficiency is at most 100% (docs/methodology.md); below 0 only if the data goes
  // there, and then no lower than -100% (the rest is cut off).
  plot.y_include = {0, 1};
  plot.y_max = 1;
  plot.y_min = -1;
  plot.clip_id = "clip-efficiency-" + FileStem(chain.name);
  const std::vector<double> pv = policy.Get(&ChainPeriod::efficiency);
  const std::vector<double> bv = baseline.Get(&ChainPeriod::efficiency);
  const auto below = [&](const std::vector<double>& v) {
    return std::any_of(v.begin(), v.end(), [&](double e) { return e < plot.y_min; });
  };
  if (below(pv) || below(bv)) plot.subtitle += "; values below \u2212100% cut off";
  plot.series.push_back(
      MakeLine("Baseline", colors::kBaseline, baseline.x, bv, PlotSeries::kSolid, 1.5));
  plot.series.push_back(
      MakeLine("Policy", colors::kPolicy, policy.x, pv, PlotSeries::kSolid, 1.75));
  const std::vector<double> bva = AlignTo(policy.x, baseline.x, bv);
  for (size_t i = 0; i < policy.x.size(); ++i) {
    plot.hover.emplace_back(policy.x[i],
                            absl::StrCat("Period ", policy.x[i], "\npolicy ", HoverPercent(pv[i]),
                                         "\nbaseline ", HoverPercent(bva[i])));
  }
  return {std::move(plot), "efficiency-" + chain.name};
}

// The accounts with a non-zero total in either run, then the total surplus.
std::vector<const WelfareAccount*> AccountsToShow(const RunSummary* policy,
                                                  const RunSummary* baseline) {
  std::vector<const WelfareAccount*> out;
  for (const WelfareAccount& a : WelfareAccounts()) {
    const double p = policy ? policy->*a.summary_field : 0;
    const double b = baseline ? baseline->*a.summary_field : 0;
    const bool is_total = a.summary_field == &RunSummary::total_surplus;
    if (is_total || (std::isfinite(p) && p != 0) || (std::isfinite(b) && b != 0)) {
      out.push_back(&a);
    }
  }
  return out;
}

Chart AccountTotalsChart(const ChainInfo& chain, const std::string& currency,
                         const RunSummary* policy, const RunSummary* baseline) {
  Plot plot;
  plot.title = "Surplus by account";
  plot.subtitle = absl::StrCat("Totals over the run, ", currency);
  plot.y_label = absl::StrCat(currency, ", run total (flow)");
  plot.x_label = "Account";
  plot.width = kChartWidth;
  plot.height = kChartHeight;
  plot.y_include_zero = true;
  std::vector<double> x, pv, bv;
  std::vector<std::string> tips;
  for (const WelfareAccount* a : AccountsToShow(policy, baseline)) {
    const double p = policy ? policy->*a->summary_field : 0;
    const double b = baseline ? baseline->*a->summary_field : 0;
    x.push_back(static_cast<double>(plot.x_categories.size()));
    plot.x_categories.push_back(a->label);
    pv.push_back(p);
    bv.push_back(b);
    tips.push_back(absl::StrCat(a->label, "\npolicy ", FormatValue(p), "\nbaseline ",
                                FormatValue(b), "\nchange ", FormatSigned(p - b), " ", currency));
  }
  PlotSeries ps = MakeBars("Policy", colors::kPolicy, x, pv);
  PlotSeries bs = MakeBars("Baseline", colors::kBaseline, x, bv);
  ps.tooltips = bs.tooltips = tips;
  ps.value_labels = bs.value_labels = true;
  plot.series.push_back(std::move(ps));
  plot.series.push_back(std::move(bs));
  return {std::move(plot), "surplus-by-account-" + chain.name};
}

Chart CumulativeChangeChart(const ChainInfo& chain, const std::string& currency,
                            const ChainPeriods& policy, const ChainPeriods& baseline,
                            const RunSummary* policy_row, const RunSummary* baseline_row,
                            std::vector<PlotMarker> events) {
  Plot plot = PeriodPlot("Change in surplus against the baseline",
                         absl::StrCat("Policy minus baseline by account, summed since period ",
                                      policy.x.empty() ? 0 : policy.x.front(), ", ", currency),
                         absl::StrCat(currency, ", cumulative to period end"), std::move(events));
  std::vector<std::pair<std::string, std::vector<double>>> hover_columns;
  for (const WelfareAccount* a : AccountsToShow(policy_row, baseline_row)) {
    const std::vector<double> p = policy.Get(a->period_field);
    const std::vector<double> b = AlignTo(policy.x, baseline.x, baseline.Get(a->period_field));
    std::vector<double> d;
    for (size_t i = 0; i < p.size(); ++i) d.push_back(p[i] - b[i]);
    const bool is_total = a->summary_field == &RunSummary::total_surplus;
    std::vector<double> cumulative = Cumulative(d);
    plot.series.push_back(MakeLine(a->label, a->color, policy.x, cumulative,
                                   is_total ? PlotSeries::kDashed : PlotSeries::kSolid,
                                   is_total ? 2.25 : 1.5));
    hover_columns.emplace_back(a->label, std::move(cumulative));
  }
  for (size_t i = 0; i < policy.x.size(); ++i) {
    std::string t = absl::StrCat("Period ", policy.x[i], ", change so far (", currency, ")");
    for (const auto& [label, v] : hover_columns) {
      absl::StrAppend(&t, "\n", label, " ", FormatSigned(v[i]));
    }
    plot.hover.emplace_back(policy.x[i], t);
  }
  return {std::move(plot), "surplus-change-" + chain.name};
}

}  // namespace

ChartSet ChainCharts(const PairedResult& paired, const ChainInfo& chain,
                     const std::string& currency) {
  const ChainPeriods policy = ChainPeriodsOf(paired.policy, chain.name);
  const ChainPeriods baseline = ChainPeriodsOf(paired.baseline, chain.name);
  const std::string row = chain.symbols.size() == 1 ? chain.symbols[0] : chain.name;
  const RunSummary* policy_row = FindSummary(paired.policy, row);
  const RunSummary* baseline_row = FindSummary(paired.baseline, row);
  const std::vector<PlotMarker> events =
      EventMarkers(paired, chain.symbols, chain.symbols.size() > 1);
  ChartSet set;
  if (policy.x.empty()) {
    set.notes.push_back(absl::StrCat("No welfare charts: the run has no welfare rows for ",
                                     ChainTitle(chain.name), "."));
    return set;
  }
  set.charts.push_back(EfficiencyChart(chain, policy, baseline, events));
  set.charts.push_back(AccountTotalsChart(chain, currency, policy_row, baseline_row));
  set.charts.push_back(
      CumulativeChangeChart(chain, currency, policy, baseline, policy_row, baseline_row, events));
  return set;
}

}  // namespace ftz::sim::report
