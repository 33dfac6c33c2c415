#include "sim/report/instrument_charts.h"

#include <cmath>
#include <functional>

#include "absl/strings/str_cat.h"
#include "sim/report/colors.h"
#include "sim/report/format.h"
#include "sim/report/period_series.h"

namespace ftz::sim::report {
namespace {

struct Units {
  std::string unit = "units";
  std::string currency = "USD";
  std::string price() const { return currency + "/" + unit; }
};

// The policy and baseline rows of one instrument, with what the charts share.
struct Context {
  std::string symbol;
  Units units;
  InstrumentPeriods policy;
  InstrumentPeriods baseline;
  std::vector<PlotMarker> events;
};

Plot InstrumentPlot(const Context& c, std::string title, std::string subtitle,
                    std::string y_label) {
  return PeriodPlot(std::move(title), std::move(subtitle), std::move(y_label), c.events);
}

// A hover text per policy period.
void AddHover(Plot& plot, const Context& c, const std::function<std::string(size_t)>& text) {
  for (size_t i = 0; i < c.policy.x.size(); ++i) {
    plot.hover.emplace_back(c.policy.x[i], absl::StrCat("Period ", c.policy.x[i], "\n", text(i)));
  }
}

// The baseline's values of a field at the policy run's periods.
std::vector<double> BaselineAligned(const Context& c, const std::vector<double>& baseline_values) {
  return AlignTo(c.policy.x, c.baseline.x, baseline_values);
}

Chart PriceChart(const Context& c) {
  const Units& u = c.units;
  const std::vector<double> floors = ZeroAsNone(c.policy.Get(&PeriodMetrics::floor));
  const std::vector<double> strikes = ZeroAsNone(c.policy.Get(&PeriodMetrics::support_strike));
  const std::vector<double> tariffs = c.policy.Get(&PeriodMetrics::tariff_rate);
  std::string subtitle = absl::StrCat("VWAP per period and its high\u2013low range, ", u.price());
  if (AnyNonZero(tariffs)) {
    const auto [lo, hi] = NonZeroRange(tariffs);
    absl::StrAppend(&subtitle, "; non-member material pays a ",
                    lo == hi ? FormatPercent(lo, 0)
                             : absl::StrCat(FormatPercent(lo, 0), "\u2013", FormatPercent(hi, 0)),
                    " tariff");
  }
  Plot plot = InstrumentPlot(c, "Price", subtitle, absl::StrCat(u.price(), " (price)"));
  plot.y_include_zero = false;
  plot.height = kChartHeight + 20;
  const std::vector<double> pv = WhereTraded(c.policy, &PeriodMetrics::vwap);
  const std::vector<double> bv = WhereTraded(c.baseline, &PeriodMetrics::vwap);
  plot.series.push_back(MakeBand("Baseline range", colors::kBaseline, c.baseline.x,
                                 WhereTraded(c.baseline, &PeriodMetrics::low),
                                 WhereTraded(c.baseline, &PeriodMetrics::high), 0.12));
  plot.series.push_back(MakeBand("Policy range", colors::kPolicy, c.policy.x,
                                 WhereTraded(c.policy, &PeriodMetrics::low),
                                 WhereTraded(c.policy, &PeriodMetrics::high), 0.14));
  plot.series.push_back(
      MakeLine("Baseline VWAP", colors::kBaseline, c.baseline.x, bv, PlotSeries::kSolid, 1.5));
  plot.series.push_back(
      MakeLine("Policy VWAP", colors::kPolicy, c.policy.x, pv, PlotSeries::kSolid, 2));
  const std::vector<double> ce = ZeroAsNone(c.policy.Get(&PeriodMetrics::ce_price));
  if (AnyNonZero(ce)) {
    plot.series.push_back(MakeLine("Competitive price", colors::kCompetitive, c.policy.x, ce,
                                   PlotSeries::kDotted, 1.5));
  }
  if (AnyNonZero(floors)) {
    plot.series.push_back(
        MakeStep("Floor", colors::kFloor, c.policy.x, floors, PlotSeries::kDashed, 2));
  }
  const std::vector<double> base_floors = ZeroAsNone(c.baseline.Get(&PeriodMetrics::floor));
  if (AnyNonZero(base_floors)) {
    plot.series.push_back(MakeStep("Floor (baseline)", colors::kBaseline, c.baseline.x, base_floors,
                                   PlotSeries::kDashed, 1.5));
  }
  if (AnyNonZero(strikes)) {
    plot.series.push_back(
        MakeStep("CfD strike", colors::kStrike, c.policy.x, strikes, PlotSeries::kDashed, 2));
  }
  const std::vector<double> bva = BaselineAligned(c, bv);
  AddHover(plot, c, [&](size_t i) {
    std::string t =
        absl::StrCat("policy VWAP ", HoverValue(pv[i]), "\nbaseline VWAP ", HoverValue(bva[i]));
    if (std::isfinite(floors[i])) absl::StrAppend(&t, "\nfloor ", HoverValue(floors[i]));
    if (std::isfinite(strikes[i])) absl::StrAppend(&t, "\nCfD strike ", HoverValue(strikes[i]));
    return t;
  });
  return {std::move(plot), "price-" + c.symbol};
}

Chart VolumeChart(const Context& c) {
  const Units& u = c.units;
  Plot plot = InstrumentPlot(c, "Volume", absl::StrCat("Traded per period, ", u.unit),
                             absl::StrCat(u.unit, " per period (flow)"));
  const std::vector<double> pv = c.policy.Get(&PeriodMetrics::volume);
  const std::vector<double> bv = c.baseline.Get(&PeriodMetrics::volume);
  const std::vector<double> at_floor = c.policy.Get(&PeriodMetrics::volume_at_floor);
  plot.series.push_back(
      MakeLine("Baseline", colors::kBaseline, c.baseline.x, bv, PlotSeries::kSolid, 1.5));
  plot.series.push_back(
      MakeLine("Policy", colors::kPolicy, c.policy.x, pv, PlotSeries::kSolid, 1.75));
  if (AnyNonZero(at_floor)) {
    plot.series.push_back(MakeLine("Policy, at the floor", colors::kFloor, c.policy.x, at_floor,
                                   PlotSeries::kSolid, 1.25));
  }
  const std::vector<double> bva = BaselineAligned(c, bv);
  AddHover(plot, c, [&](size_t i) {
    return absl::StrCat("policy ", HoverValue(pv[i]), " (", HoverValue(at_floor[i]),
                        " at the floor)\nbaseline ", HoverValue(bva[i]), " ", u.unit);
  });
  return {std::move(plot), "volume-" + c.symbol};
}

Chart OriginChart(const Context& c) {
  const Units& u = c.units;
  Plot plot = InstrumentPlot(c, "Supply by origin",
                             absl::StrCat("Sold per period by member and non-member sellers, ",
                                          u.unit, "; baseline dashed"),
                             absl::StrCat(u.unit, " per period (flow)"));
  const std::vector<double> pm = c.policy.Get(&PeriodMetrics::member_supply);
  const std::vector<double> pn = c.policy.Get(&PeriodMetrics::non_member_supply);
  const std::vector<double> bm = c.baseline.Get(&PeriodMetrics::member_supply);
  const std::vector<double> bn = c.baseline.Get(&PeriodMetrics::non_member_supply);
  plot.series.push_back(
      MakeLine("Member", colors::kSecondary, c.policy.x, pm, PlotSeries::kSolid, 1.75));
  plot.series.push_back(
      MakeLine("Non-member", colors::kBuyers, c.policy.x, pn, PlotSeries::kSolid, 1.75));
  plot.series.push_back(MakeLine("Member, baseline", colors::kSecondary, c.baseline.x, bm,
                                 PlotSeries::kDashed, 1.25));
  plot.series.push_back(MakeLine("Non-member, baseline", colors::kBuyers, c.baseline.x, bn,
                                 PlotSeries::kDashed, 1.25));
  const std::vector<double> bma = BaselineAligned(c, bm), bna = BaselineAligned(c, bn);
  AddHover(plot, c, [&](size_t i) {
    return absl::StrCat("member: policy ", HoverValue(pm[i]), ", baseline ", HoverValue(bma[i]),
                        "\nnon-member: policy ", HoverValue(pn[i]), ", baseline ",
                        HoverValue(bna[i]), " ", u.unit);
  });
  return {std::move(plot), "supply-by-origin-" + c.symbol};
}

Chart UnsoldChart(const Context& c) {
  const Units& u = c.units;
  Plot plot = InstrumentPlot(
      c, "Unsold supply",
      absl::StrCat("Held by sellers at a cost at or below the floor (or competitive price), ",
                   u.unit),
      absl::StrCat(u.unit, " at period end (stock)"));
  const std::vector<double> pv = c.policy.Get(&PeriodMetrics::unsold_end);
  const std::vector<double> bv = c.baseline.Get(&PeriodMetrics::unsold_end);
  plot.series.push_back(
      MakeLine("Baseline", colors::kBaseline, c.baseline.x, bv, PlotSeries::kSolid, 1.5));
  plot.series.push_back(
      MakeLine("Policy", colors::kPolicy, c.policy.x, pv, PlotSeries::kSolid, 1.75));
  const std::vector<double> bva = BaselineAligned(c, bv);
  AddHover(plot, c, [&](size_t i) {
    return absl::StrCat("policy ", HoverValue(pv[i]), "\nbaseline ", HoverValue(bva[i]), " ",
                        u.unit);
  });
  return {std::move(plot), "unsold-" + c.symbol};
}

Chart StockpileFlowChart(const Context& c) {
  const Units& u = c.units;
  Plot plot = InstrumentPlot(c, "Stockpile purchases and releases",
                             absl::StrCat("Policy run, per period, ", u.unit),
                             absl::StrCat(u.unit, " per period (flow)"));
  const std::vector<double> bought = c.policy.Get(&PeriodMetrics::stockpile_bought);
  const std::vector<double> sold = c.policy.Get(&PeriodMetrics::stockpile_sold);
  plot.series.push_back(MakeLine("Bought at the floor", colors::kPolicy, c.policy.x, bought,
                                 PlotSeries::kSolid, 1.5));
  if (AnyNonZero(sold)) {
    plot.series.push_back(
        MakeLine("Released", colors::kSecondary, c.policy.x, sold, PlotSeries::kSolid, 1.5));
  }
  AddHover(plot, c, [&](size_t i) {
    return absl::StrCat("bought ", HoverValue(bought[i]), "\nreleased ", HoverValue(sold[i]), " ",
                        u.unit);
  });
  return {std::move(plot), "stockpile-flows-" + c.symbol};
}

Chart StockpileInventoryChart(const Context& c) {
  const Units& u = c.units;
  Plot plot = InstrumentPlot(c, "Stockpile inventory", absl::StrCat("Policy run, held, ", u.unit),
                             absl::StrCat(u.unit, " at period end (stock)"));
  const std::vector<double> inv = c.policy.Get(&PeriodMetrics::stockpile_inventory_end);
  plot.series.push_back(
      MakeLine("Inventory", colors::kPolicy, c.policy.x, inv, PlotSeries::kSolid, 2));
  AddHover(plot, c, [&](size_t i) { return absl::StrCat(HoverValue(inv[i]), " ", u.unit); });
  return {std::move(plot), "stockpile-inventory-" + c.symbol};
}

Chart StockpileBudgetChart(const Context& c) {
  const Units& u = c.units;
  const std::vector<double> left = c.policy.Get(&PeriodMetrics::stockpile_budget_left_end);
  std::vector<double> net;
  for (const PeriodMetrics* r : c.policy.rows) {
    net.push_back(r->stockpile_spend - r->stockpile_proceeds);
  }
  const std::vector<double> spent = Cumulative(net);
  std::string subtitle = absl::StrCat("Policy run, ", u.currency);
  if (!left.empty() && std::isfinite(spent.back() + left.back()) &&
      spent.back() + left.back() > 0) {
    const double budget = spent.back() + left.back();
    subtitle =
        absl::StrCat("Policy run, ", u.currency, ": spent ", FormatCompact(spent.back()), " of ",
                     FormatCompact(budget), " (", FormatPercent(spent.back() / budget), ")");
  }
  Plot plot = InstrumentPlot(c, "Stockpile budget", subtitle,
                             absl::StrCat(u.currency, " at period end (stock)"));
  plot.series.push_back(
      MakeLine("Budget left", colors::kPolicy, c.policy.x, left, PlotSeries::kSolid, 2));
  plot.series.push_back(MakeLine("Spent so far, net of releases", colors::kFloor, c.policy.x, spent,
                                 PlotSeries::kSolid, 1.75));
  AddHover(plot, c, [&](size_t i) {
    return absl::StrCat("budget left ", HoverValue(left[i]), "\nspent so far ",
                        HoverValue(spent[i]), " ", u.currency);
  });
  return {std::move(plot), "stockpile-budget-" + c.symbol};
}

}  // namespace

ChartSet InstrumentCharts(const PairedResult& paired, const std::string& symbol,
                          const InstrumentInfo* info) {
  Context c{symbol,
            {},
            PeriodsOf(paired.policy, symbol),
            PeriodsOf(paired.baseline, symbol),
            EventMarkers(paired, {symbol}, false)};
  if (info) c.units = {info->unit, info->currency};
  ChartSet set;
  set.charts.push_back(PriceChart(c));
  set.charts.push_back(VolumeChart(c));
  auto any = [&](double PeriodMetrics::*field) {
    return c.policy.AnyNonZero(field) || c.baseline.AnyNonZero(field);
  };
  if (any(&PeriodMetrics::non_member_supply)) {
    set.charts.push_back(OriginChart(c));
  } else {
    set.notes.push_back("No supply by origin chart: no non-member material was sold.");
  }
  if (any(&PeriodMetrics::unsold_end)) {
    set.charts.push_back(UnsoldChart(c));
  } else {
    set.notes.push_back(
        "No unsold supply chart: no seller held units it would have sold at the going price.");
  }
  const bool traded = c.policy.AnyNonZero(&PeriodMetrics::stockpile_bought) ||
                      c.policy.AnyNonZero(&PeriodMetrics::stockpile_sold) ||
                      c.policy.AnyNonZero(&PeriodMetrics::stockpile_inventory_end);
  const bool funded = c.policy.AnyNonZero(&PeriodMetrics::stockpile_budget_left_end);
  if (traded) {
    set.charts.push_back(StockpileFlowChart(c));
    set.charts.push_back(StockpileInventoryChart(c));
    if (funded || c.policy.AnyNonZero(&PeriodMetrics::stockpile_spend)) {
      set.charts.push_back(StockpileBudgetChart(c));
    }
  } else if (funded) {
    const double budget = c.policy.rows.back()->stockpile_budget_left_end;
    set.notes.push_back(absl::StrCat("No stockpile charts: the stockpile (budget ",
                                     c.units.currency, " ", FormatCompact(budget),
                                     ") bought nothing."));
  } else {
    set.notes.push_back("No stockpile charts: no stockpile backs this instrument.");
  }
  return set;
}

}  // namespace ftz::sim::report
