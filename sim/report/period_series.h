// Per-period series of a paired run for the report's charts: one instrument's or one
// chain's rows in period order, fields as vectors, runs aligned by period, running
// totals, and the run's events as chart markers.
#pragma once

#include <cmath>
#include <string>
#include <vector>

#include "sim/report/svg_plot.h"
#include "sim/results/run_result.h"

namespace ftz::sim::report {

// The rows of one instrument (Row = PeriodMetrics) or one chain (Row = ChainPeriod) in a
// run, in the run's (period) order.
template <typename Row>
struct PeriodRows {
  std::vector<double> x;  // the period numbers
  std::vector<const Row*> rows;

  std::vector<double> Get(double Row::*field) const {
    std::vector<double> v;
    v.reserve(rows.size());
    for (const Row* r : rows) v.push_back(r->*field);
    return v;
  }
  // Whether the field is finite and not zero in some period.
  bool AnyNonZero(double Row::*field) const {
    for (const Row* r : rows) {
      if (std::isfinite(r->*field) && r->*field != 0) return true;
    }
    return false;
  }
};
using InstrumentPeriods = PeriodRows<PeriodMetrics>;
using ChainPeriods = PeriodRows<ChainPeriod>;

// The rows whose `key` is `value`, in order.
template <typename Row>
PeriodRows<Row> SelectRows(const std::vector<Row>& all, std::string Row::*key,
                           const std::string& value) {
  PeriodRows<Row> p;
  for (const Row& r : all) {
    if (r.*key != value) continue;
    p.x.push_back(r.period);
    p.rows.push_back(&r);
  }
  return p;
}
inline InstrumentPeriods PeriodsOf(const RunResult& run, const std::string& symbol) {
  return SelectRows(run.periods, &PeriodMetrics::symbol, symbol);
}
inline ChainPeriods ChainPeriodsOf(const RunResult& run, const std::string& chain) {
  return SelectRows(run.chains, &ChainPeriod::chain, chain);
}

// The report's chart size, and a plot over the periods with its y axis from zero and
// the events marked.
inline constexpr int kChartWidth = 640;
inline constexpr int kChartHeight = 360;
Plot PeriodPlot(std::string title, std::string subtitle, std::string y_label,
                std::vector<PlotMarker> events);

// `values` (one per period of `from`) at the periods `to` (NaN where `from` has none).
std::vector<double> AlignTo(const std::vector<double>& to, const std::vector<double>& from,
                            const std::vector<double>& values);
// Prices only where something traded: NaN where volume is 0.
std::vector<double> WhereTraded(const InstrumentPeriods& p, double PeriodMetrics::*price);
// NaN for zeros (a policy not in force).
std::vector<double> ZeroAsNone(std::vector<double> v);
// The running sum.
std::vector<double> Cumulative(const std::vector<double>& v);
// Whether some value is finite and not zero.
bool AnyNonZero(const std::vector<double>& v);
// The smallest and largest finite non-zero values (NaN, NaN when there are none).
std::pair<double, double> NonZeroRange(const std::vector<double>& v);

// A value in a hover text, "\u2013" where there is none (nothing traded, no such period):
// FormatValue, or FormatPercent for shares.
std::string HoverValue(double v);
std::string HoverPercent(double share);

// How often a hard floor was in force, and in how many of those periods something
// traded at it (it bound).
struct FloorBinding {
  size_t in_force = 0;
  size_t bound = 0;
};
FloorBinding FloorBindingOf(const InstrumentPeriods& periods);

// The instruments of a run in its order.
std::vector<std::string> InstrumentOrder(const RunResult& run);

// A short label for an event: the shock's note ("dumping"), "stockpile full" or
// "budget spent".
std::string EventLabel(const RunEvent& event);
// The events on `symbols` as chart markers: the policy run's, then the baseline's that
// the policy run does not have (labelled as the baseline's). With `name_symbol` the
// labels start with the instrument (charts of chains of several instruments).
std::vector<PlotMarker> EventMarkers(const PairedResult& paired,
                                     const std::vector<std::string>& symbols, bool name_symbol);

}  // namespace ftz::sim::report
