#include "sim/report_html.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "sim/format.h"
#include "sim/html_page.h"
#include "sim/svg_plot.h"

namespace ftz::sim {
namespace {

using html::Anchor;
using html::Esc;
using html::PageEnd;
using html::PageStart;
using html::PlotBox;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

constexpr char kPolicyColor[] = "#2f6db5";
constexpr char kBaselineColor[] = "#e8871e";
constexpr char kFloorColor[] = "#c8463d";
constexpr char kCeColor[] = "#6b7280";
constexpr char kProducerColor[] = "#2a9d5c";
constexpr char kConsumerColor[] = "#8064a2";

std::string Kpi(const std::string& label, const std::string& value, const std::string& sub) {
  return absl::StrCat("<div class=\"kpi\"><div class=\"label\">", Esc(label),
                      "</div><div class=\"value\">", Esc(value), "</div><div class=\"sub\">",
                      Esc(sub), "</div></div>\n");
}

// A price for a key figure: cents below 1,000, whole units above.
std::string KpiPrice(double v) { return FormatGrouped(v, std::fabs(v) < 1000 ? 2 : 0); }

const RunSummary* FindSummary(const RunResult& run, const std::string& symbol) {
  for (const RunSummary& s : run.summary) {
    if (s.symbol == symbol) return &s;
  }
  return nullptr;
}

const InstrumentInfo* FindInfo(const InstrumentInfos& infos, const std::string& symbol) {
  auto it = infos.find(symbol);
  return it == infos.end() ? nullptr : &it->second;
}

// Per-period values of one instrument.
struct PeriodCols {
  std::vector<double> x;
  std::vector<const PeriodMetrics*> rows;
  std::vector<double> Get(double PeriodMetrics::*m, bool only_traded = false,
                          bool zero_is_none = false) const {
    std::vector<double> v;
    v.reserve(rows.size());
    for (const PeriodMetrics* r : rows) {
      double val = r->*m;
      if (only_traded && r->volume <= 0) val = kNaN;
      if (zero_is_none && val == 0) val = kNaN;
      v.push_back(val);
    }
    return v;
  }
};

PeriodCols ColsOf(const RunResult& run, const std::string& symbol) {
  PeriodCols c;
  for (const PeriodMetrics& p : run.periods) {
    if (p.symbol != symbol) continue;
    c.x.push_back(p.period);
    c.rows.push_back(&p);
  }
  return c;
}

// Values of `b` aligned to the periods of `a` (NaN where b has no such period).
std::vector<double> Align(const PeriodCols& a, const PeriodCols& b, const std::vector<double>& bv) {
  std::map<double, double> by;
  for (size_t i = 0; i < b.x.size(); ++i) by[b.x[i]] = bv[i];
  std::vector<double> out;
  for (double x : a.x) {
    auto it = by.find(x);
    out.push_back(it == by.end() ? kNaN : it->second);
  }
  return out;
}

// A plot over the periods of a run, its y axis in `y_label` starting at zero.
Plot PeriodPlot(std::string title, std::string subtitle, std::string y_label) {
  Plot plot;
  plot.title = std::move(title);
  plot.subtitle = std::move(subtitle);
  plot.x_label = "Period";
  plot.y_label = std::move(y_label);
  plot.y_include_zero = true;
  return plot;
}

// The two runs of one quantity: baseline (thin) under policy.
void AddBaselineAndPolicy(Plot& plot, const PeriodCols& pc, const std::vector<double>& pv,
                          const PeriodCols& bc, const std::vector<double>& bv) {
  plot.series.push_back(MakeLine("Baseline", kBaselineColor, bc.x, bv, PlotSeries::kSolid, 1.5));
  plot.series.push_back(MakeLine("Policy", kPolicyColor, pc.x, pv, PlotSeries::kSolid, 1.75));
}

std::string SummaryTableHtml(const RunSummary& p, const RunSummary* b, const InstrumentInfo* info,
                             bool all) {
  std::string o =
      "<div class=\"tablewrap\"><table class=\"data\"><thead><tr><th class=\"l\">Outcome</th>"
      "<th class=\"l\">Unit</th><th>Policy</th><th>Baseline</th><th>Change</th><th>Change %</th>"
      "</tr></thead><tbody>\n";
  for (const Outcome& oc : SummaryOutcomes()) {
    const double pv = p.*oc.member;
    if (!Applies(oc, p) || std::isnan(pv)) continue;
    const double bv = b ? b->*oc.member : 0;
    const ComparisonCells c = FormatComparison(oc, pv, oc.policy_only || !b ? nullptr : &bv);
    absl::StrAppend(&o, "<tr><td class=\"l\">", Esc(oc.label), "</td><td class=\"l muted\">",
                    Esc(OutcomeUnit(oc.kind, all ? nullptr : info)), "</td><td>", Esc(c.policy),
                    "</td><td", c.baseline == "\u2014" ? " class=\"muted\"" : "", ">",
                    Esc(c.baseline), "</td><td>", Esc(c.change), "</td><td>", Esc(c.change_pct),
                    "</td>");
    o += "</tr>\n";
  }
  o += "</tbody></table></div>\n";
  return o;
}

std::string UnitOf(const InstrumentInfo* info) { return info ? info->unit : "units"; }
std::string CurrencyOf(const InstrumentInfo* info) { return info ? info->currency : "USD"; }

std::string InstrumentSection(const PairedResult& paired, const std::string& symbol,
                              const InstrumentInfo* info) {
  const PeriodCols pc = ColsOf(paired.policy, symbol);
  const PeriodCols bc = ColsOf(paired.baseline, symbol);
  const std::string unit = UnitOf(info);
  const std::string cur = CurrencyOf(info);
  const std::string price_unit = cur + "/" + unit;

  std::string o =
      absl::StrCat("<section class=\"card\" id=\"", Anchor(symbol), "\">\n<h2>", Esc(symbol));
  if (info && !info->product.empty())
    absl::StrAppend(&o, "<span class=\"sub\">", Esc(info->product), "</span>");
  o += "</h2>\n";

  // Key figures.
  const RunSummary* ps = FindSummary(paired.policy, symbol);
  const RunSummary* bs = FindSummary(paired.baseline, symbol);
  std::vector<double> floors = pc.Get(&PeriodMetrics::floor, false, true);
  double fmin = kNaN, fmax = kNaN;
  for (double f : floors) {
    if (!std::isfinite(f)) continue;
    fmin = std::isfinite(fmin) ? std::min(fmin, f) : f;
    fmax = std::isfinite(fmax) ? std::max(fmax, f) : f;
  }
  o += "<div class=\"kpis\">\n";
  o += Kpi("Floor",
           !std::isfinite(fmin) ? "none"
           : fmin == fmax       ? KpiPrice(fmin)
                                : absl::StrCat(KpiPrice(fmin), "\u2013", KpiPrice(fmax)),
           price_unit);
  if (ps) {
    o += Kpi("VWAP (policy)", KpiPrice(ps->vwap),
             bs ? absl::StrCat("baseline ", KpiPrice(bs->vwap), " ", price_unit) : price_unit);
    o += Kpi("Volume (policy)", FormatCompact(ps->volume_total),
             bs ? absl::StrCat("baseline ", FormatCompact(bs->volume_total), " ", unit) : unit);
    o += Kpi("Share traded at floor", FormatPercent(ps->share_at_floor),
             absl::StrCat("unsold ", FormatCompact(ps->unsold_mean_end), " ", unit));
    o += Kpi("Stockpile spend", FormatCompact(ps->stockpile_spend_total),
             absl::StrCat(cur, ", holds ", FormatCompact(ps->stockpile_inventory_end), " ", unit));
    o += Kpi("Deadweight loss", FormatCompact(ps->deadweight_loss),
             absl::StrCat(cur, ", efficiency ", FormatPercent(ps->efficiency),
                          bs ? absl::StrCat(" vs ", FormatPercent(bs->efficiency)) : ""));
  }
  o += "</div>\n<div class=\"plots\">\n";
  bool has_stockpile = false;
  for (const PeriodMetrics* r : pc.rows) {
    has_stockpile |= r->stockpile_inventory_end != 0 || r->stockpile_bought != 0 ||
                     r->stockpile_budget_left_end != 0 || r->stockpile_spend != 0;
  }
  auto no_stockpile = [](Plot& plot) {
    plot.series.clear();
    plot.hover.clear();
    plot.empty_note = "No stockpile backstop for this instrument";
  };

  // Price against the floor.
  {
    Plot plot;
    plot.title = "Price against the floor";
    plot.subtitle = absl::StrCat("VWAP per period with the high\u2013low range, ", price_unit);
    plot.x_label = "Period";
    plot.y_label = price_unit;
    plot.width = 1200;
    plot.height = 400;
    const std::vector<double> plo = pc.Get(&PeriodMetrics::low, true);
    const std::vector<double> phi = pc.Get(&PeriodMetrics::high, true);
    const std::vector<double> pv = pc.Get(&PeriodMetrics::vwap, true);
    const std::vector<double> blo = bc.Get(&PeriodMetrics::low, true);
    const std::vector<double> bhi = bc.Get(&PeriodMetrics::high, true);
    const std::vector<double> bv = bc.Get(&PeriodMetrics::vwap, true);
    plot.series.push_back(MakeBand("Baseline range", kBaselineColor, bc.x, blo, bhi, 0.12));
    plot.series.push_back(MakeBand("Policy range", kPolicyColor, pc.x, plo, phi, 0.14));
    plot.series.push_back(
        MakeLine("Baseline VWAP (no floor)", kBaselineColor, bc.x, bv, PlotSeries::kSolid, 1.75));
    plot.series.push_back(
        MakeLine("Policy VWAP", kPolicyColor, pc.x, pv, PlotSeries::kSolid, 2.25));
    std::vector<double> ce = pc.Get(&PeriodMetrics::ce_price, false, true);
    plot.series.push_back(
        MakeLine("Competitive equilibrium", kCeColor, pc.x, ce, PlotSeries::kDotted, 1.5));
    plot.series.push_back(MakeStep("Floor", kFloorColor, pc.x, floors, PlotSeries::kDashed, 2));
    const std::vector<double> bva = Align(pc, bc, bv);
    for (size_t i = 0; i < pc.x.size(); ++i) {
      std::string t = absl::StrCat("Period ", pc.x[i], "\npolicy VWAP ", FormatValue(pv[i]), "  (",
                                   FormatValue(plo[i]), "\u2013", FormatValue(phi[i]), ")",
                                   "\nbaseline VWAP ", FormatValue(bva[i]));
      if (std::isfinite(floors[i])) absl::StrAppend(&t, "\nfloor ", FormatValue(floors[i]));
      plot.hover.emplace_back(pc.x[i], t);
    }
    o += PlotBox(plot, true);
  }
  // Volume.
  {
    Plot plot = PeriodPlot("Volume", absl::StrCat("Units traded per period, ", unit), unit);
    const std::vector<double> pv = pc.Get(&PeriodMetrics::volume);
    const std::vector<double> bv = bc.Get(&PeriodMetrics::volume);
    const std::vector<double> pf = pc.Get(&PeriodMetrics::volume_at_floor);
    AddBaselineAndPolicy(plot, pc, pv, bc, bv);
    plot.series.push_back(
        MakeLine("Policy, at the floor", kFloorColor, pc.x, pf, PlotSeries::kDotted, 1.5));
    const std::vector<double> bva = Align(pc, bc, bv);
    for (size_t i = 0; i < pc.x.size(); ++i) {
      plot.hover.emplace_back(
          pc.x[i], absl::StrCat("Period ", pc.x[i], "\npolicy ", FormatValue(pv[i]), " ", unit,
                                " (", FormatValue(pf[i]), " at floor)", "\nbaseline ",
                                FormatValue(bva[i]), " ", unit));
    }
    o += PlotBox(plot, false);
  }
  // Unsold.
  {
    Plot plot =
        PeriodPlot("Unsold supply",
                   absl::StrCat("Units offered at or below the floor but not sold, ", unit), unit);
    const std::vector<double> pv = pc.Get(&PeriodMetrics::unsold_end);
    const std::vector<double> bv = bc.Get(&PeriodMetrics::unsold_end);
    AddBaselineAndPolicy(plot, pc, pv, bc, bv);
    const std::vector<double> bva = Align(pc, bc, bv);
    for (size_t i = 0; i < pc.x.size(); ++i) {
      plot.hover.emplace_back(
          pc.x[i], absl::StrCat("Period ", pc.x[i], "\npolicy ", FormatValue(pv[i]), " ", unit,
                                "\nbaseline ", FormatValue(bva[i]), " ", unit));
    }
    o += PlotBox(plot, false);
  }
  // Stockpile inventory and budget.
  {
    Plot plot = PeriodPlot("Stockpile inventory",
                           absl::StrCat("Held at period end (policy run), ", unit), unit);
    const std::vector<double> inv = pc.Get(&PeriodMetrics::stockpile_inventory_end);
    const std::vector<double> bought = pc.Get(&PeriodMetrics::stockpile_bought);
    plot.series.push_back(MakeLine("Inventory", kPolicyColor, pc.x, inv, PlotSeries::kSolid, 2));
    plot.series.push_back(
        MakeLine("Bought in period", kProducerColor, pc.x, bought, PlotSeries::kSolid, 1.25));
    for (size_t i = 0; i < pc.x.size(); ++i) {
      plot.hover.emplace_back(
          pc.x[i], absl::StrCat("Period ", pc.x[i], "\ninventory ", FormatValue(inv[i]), " ", unit,
                                "\nbought ", FormatValue(bought[i]), " ", unit));
    }
    if (!has_stockpile) no_stockpile(plot);
    o += PlotBox(plot, false);
  }
  {
    Plot plot =
        PeriodPlot("Stockpile budget left",
                   absl::StrCat("At period end, and spent so far (policy run), ", cur), cur);
    const std::vector<double> left = pc.Get(&PeriodMetrics::stockpile_budget_left_end);
    const std::vector<double> spend = pc.Get(&PeriodMetrics::stockpile_spend);
    std::vector<double> cumulative;
    double total = 0;
    for (double v : spend) cumulative.push_back(total += v);
    plot.series.push_back(MakeLine("Budget left", kPolicyColor, pc.x, left, PlotSeries::kSolid, 2));
    plot.series.push_back(
        MakeLine("Spent so far", kFloorColor, pc.x, cumulative, PlotSeries::kSolid, 1.75));
    for (size_t i = 0; i < pc.x.size(); ++i) {
      plot.hover.emplace_back(
          pc.x[i], absl::StrCat("Period ", pc.x[i], "\nbudget left ", FormatValue(left[i]), " ",
                                cur, "\nspent this period ", FormatValue(spend[i]), " ", cur,
                                "\nspent so far ", FormatValue(cumulative[i]), " ", cur));
    }
    if (!left.empty() && std::isfinite(total + left.back()) && total + left.back() > 0) {
      plot.subtitle = absl::StrCat("Policy run, ", cur, ": spent ", FormatCompact(total), " of ",
                                   FormatCompact(total + left.back()), " (",
                                   FormatPercent(total / (total + left.back())), ")");
    }
    if (!has_stockpile) no_stockpile(plot);
    o += PlotBox(plot, false);
  }
  // Surplus.
  {
    Plot plot = PeriodPlot(
        "Surplus per period",
        absl::StrCat("Producer and consumer surplus of private agents, ", cur, "; baseline dashed"),
        cur);
    const std::vector<double> pp = pc.Get(&PeriodMetrics::producers);
    const std::vector<double> pcs = pc.Get(&PeriodMetrics::buyers);
    const std::vector<double> bp = bc.Get(&PeriodMetrics::producers);
    const std::vector<double> bcs = bc.Get(&PeriodMetrics::buyers);
    plot.series.push_back(
        MakeLine("Producer, policy", kProducerColor, pc.x, pp, PlotSeries::kSolid, 1.75));
    plot.series.push_back(
        MakeLine("Consumer, policy", kConsumerColor, pc.x, pcs, PlotSeries::kSolid, 1.75));
    plot.series.push_back(
        MakeLine("Producer, baseline", kProducerColor, bc.x, bp, PlotSeries::kDashed, 1.25));
    plot.series.push_back(
        MakeLine("Consumer, baseline", kConsumerColor, bc.x, bcs, PlotSeries::kDashed, 1.25));
    const std::vector<double> bpa = Align(pc, bc, bp), bca = Align(pc, bc, bcs);
    for (size_t i = 0; i < pc.x.size(); ++i) {
      plot.hover.emplace_back(
          pc.x[i], absl::StrCat("Period ", pc.x[i], "\nproducer: policy ", FormatValue(pp[i]),
                                ", baseline ", FormatValue(bpa[i]), "\nconsumer: policy ",
                                FormatValue(pcs[i]), ", baseline ", FormatValue(bca[i])));
    }
    o += PlotBox(plot, false);
  }
  o += "</div>\n";
  if (ps) {
    o += "<h3>Summary</h3>\n";
    o += SummaryTableHtml(*ps, bs, info, false);
  }
  o += "</section>\n";
  return o;
}

std::vector<std::string> InstrumentOrder(const RunResult& run) {
  std::vector<std::string> out;
  std::set<std::string> seen;
  for (const PeriodMetrics& p : run.periods) {
    if (seen.insert(p.symbol).second) out.push_back(p.symbol);
  }
  for (const RunSummary& s : run.summary) {
    if (s.symbol != "ALL" && seen.insert(s.symbol).second) out.push_back(s.symbol);
  }
  return out;
}

std::string ChangePct(double p, double b) {
  return b != 0 && std::isfinite(b) ? FormatSignedPercent((p - b) / std::fabs(b)) : "";
}

}  // namespace

std::string RenderRunReportHtml(const PairedResult& paired, const RunReportOptions& options) {
  const RunResult& pol = paired.policy;
  const RunResult& base = paired.baseline;
  const std::string name = pol.scenario.empty() ? "(unnamed scenario)" : pol.scenario;
  const std::string title =
      options.title.empty() ? absl::StrCat("Simulation report: ", name) : options.title;
  const std::vector<std::string> symbols = InstrumentOrder(pol);
  uint32_t periods = 0;
  for (const PeriodMetrics& p : pol.periods) periods = std::max(periods, p.period + 1);

  std::vector<std::string> meta = {
      absl::StrCat("Seed ", pol.seed),
      absl::StrCat(periods, " periods"),
      absl::StrCat(symbols.size(), " instruments"),
      absl::StrCat(FormatGrouped(static_cast<double>(pol.orders), 0), " orders (policy), ",
                   FormatGrouped(static_cast<double>(base.orders), 0), " (baseline)"),
      absl::StrCat(FormatGrouped(static_cast<double>(pol.trades.size()), 0),
                   " trades on tape (policy)"),
      absl::StrFormat("State hash %016x / %016x", pol.state_hash, base.state_hash),
      absl::StrFormat("Run time %.1f s", pol.wall_seconds + base.wall_seconds),
  };
  std::vector<std::pair<std::string, std::string>> toc = {{"overview", "Overview"}};
  for (const std::string& s : symbols) toc.emplace_back(Anchor(s), s);
  std::string o = PageStart(title, options.description, meta, toc);

  // Overview.
  o += "<section class=\"card\" id=\"overview\">\n<h2>Overview</h2>\n";
  o += "<p class=\"note\">The policy run (floors, stockpile backstops, price support) against its "
       "no-floor baseline: the same agents, seed and tariffs. Differences are the policy's "
       "effect.</p>\n";
  const RunSummary* all = FindSummary(pol, "ALL");
  const RunSummary* ball = FindSummary(base, "ALL");
  if (all) {
    o += "<div class=\"kpis\">\n";
    o += Kpi("Deadweight loss", FormatCompact(all->deadweight_loss),
             "USD, baseline surplus minus policy surplus");
    o += Kpi("Total surplus", FormatCompact(all->total_surplus),
             ball ? absl::StrCat("baseline ", FormatCompact(ball->total_surplus)) : "");
    o += Kpi("Allocative efficiency", FormatPercent(all->efficiency),
             ball ? absl::StrCat("baseline ", FormatPercent(ball->efficiency)) : "");
    o += Kpi("Stockpile spend", FormatCompact(all->stockpile_spend_total), "USD, all instruments");
    o += Kpi("Price-support top-ups", FormatCompact(all->top_ups_total),
             "USD paid to member sellers");
    o += Kpi("Duties", FormatCompact(all->duties_total),
             ball ? absl::StrCat("baseline ", FormatCompact(ball->duties_total)) : "");
    o += "</div>\n";
  }
  o += "<div class=\"tablewrap\"><table class=\"data compact\"><thead><tr><th "
       "class=\"l\">Instrument</th>"
       "<th>VWAP policy</th><th>VWAP baseline</th><th>\u0394 VWAP</th><th>Volume policy</th>"
       "<th>\u0394 volume</th><th>At floor</th><th>Unsold</th><th>Stockpile spend</th>"
       "<th>Efficiency</th><th>Deadweight loss</th></tr></thead><tbody>\n";
  for (const std::string& s : symbols) {
    const RunSummary* p = FindSummary(pol, s);
    const RunSummary* b = FindSummary(base, s);
    if (!p) continue;
    const InstrumentInfo* info = FindInfo(options.infos, s);
    const std::string unit = UnitOf(info);
    absl::StrAppend(
        &o, "<tr><td class=\"l\"><a href=\"#", Anchor(s), "\">", Esc(s), "</a></td><td>",
        Esc(FormatValue(p->vwap)), "</td><td>", b ? Esc(FormatValue(b->vwap)) : "", "</td><td>",
        b ? Esc(ChangePct(p->vwap, b->vwap)) : "", "</td><td>", Esc(FormatCompact(p->volume_total)),
        " ", Esc(unit), "</td><td>", b ? Esc(ChangePct(p->volume_total, b->volume_total)) : "",
        "</td><td>", Esc(FormatPercent(p->share_at_floor)), "</td><td>",
        Esc(FormatCompact(p->unsold_mean_end)), " ", Esc(unit), "</td><td>",
        Esc(FormatCompact(p->stockpile_spend_total)), "</td><td>",
        Esc(FormatPercent(p->efficiency)),
        b ? absl::StrCat(" <span style=\"color:#6b7280\">(", Esc(FormatPercent(b->efficiency)),
                         ")</span>")
          : "",
        "</td><td>", Esc(FormatCompact(p->deadweight_loss)), "</td></tr>\n");
  }
  o += "</tbody></table></div>\n";
  o += "<p class=\"note\" style=\"margin-top:10px\">VWAP in currency per unit of each instrument; "
       "efficiency in parentheses is the baseline's; money in USD. Hover over a plot for a "
       "period's values.</p>\n";
  if (all) {
    o += "<h3>All instruments</h3>\n";
    o += SummaryTableHtml(*all, ball, nullptr, true);
  }
  o += "</section>\n";

  for (const std::string& s : symbols)
    o += InstrumentSection(paired, s, FindInfo(options.infos, s));
  o += PageEnd(options.command, "Generated by ftz sim");
  return o;
}

}  // namespace ftz::sim
