#include "sim/report/run_report.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "sim/report/chain_charts.h"
#include "sim/report/chart_box.h"
#include "sim/report/findings.h"
#include "sim/report/format.h"
#include "sim/report/instrument_charts.h"
#include "sim/report/page.h"
#include "sim/report/period_series.h"
#include "sim/report/tables.h"

namespace ftz::sim::report {
namespace {

std::string Esc(const std::string& s) { return XmlEscape(s); }

std::string CurrencyOf(const ChainInfo& chain, const InstrumentInfos& infos) {
  const InstrumentInfo* info = chain.symbols.empty() ? nullptr : FindInfo(infos, chain.symbols[0]);
  return info ? info->currency : "USD";
}

std::string Charts(const ChartSet& set) {
  std::string o = "<div class=\"plots\">\n";
  for (const Chart& c : set.charts) o += ChartFigure(c);
  o += "</div>\n";
  if (!set.notes.empty()) {
    o += "<ul class=\"notes\">";
    for (const std::string& n : set.notes) absl::StrAppend(&o, "<li>", Esc(n), "</li>");
    o += "</ul>\n";
  }
  return o;
}

// A heading: the symbol and its product.
std::string InstrumentHeading(const char* tag, const std::string& symbol,
                              const InstrumentInfo* info) {
  std::string o = absl::StrCat("<", tag, ">", Esc(symbol));
  if (info && !info->product.empty()) {
    absl::StrAppend(&o, "<span class=\"sub\">", Esc(info->product), "</span>");
  }
  absl::StrAppend(&o, "</", tag, ">\n");
  return o;
}

std::string InstrumentBlock(const PairedResult& paired, const std::string& symbol,
                            const InstrumentInfos& infos, bool with_table) {
  const InstrumentInfo* info = FindInfo(infos, symbol);
  std::string o = Charts(InstrumentCharts(paired, symbol, info));
  const RunSummary* p = FindSummary(paired.policy, symbol);
  if (with_table && p) {
    o += "<h3>Market outcomes</h3>\n";
    o += OutcomeTable(*p, FindSummary(paired.baseline, symbol), info);
  }
  return o;
}

}  // namespace

std::vector<ChainInfo> ReportChains(const RunResult& run) {
  std::vector<ChainInfo> chains = run.chain_infos;
  std::set<std::string> covered;
  for (const ChainInfo& c : chains) covered.insert(c.symbols.begin(), c.symbols.end());
  for (const std::string& s : InstrumentOrder(run)) {
    if (!covered.count(s)) chains.push_back({s, {s}});
  }
  return chains;
}

std::string ChainAnchor(const ChainInfo& chain) {
  if (chain.symbols.size() == 1) return Anchor(chain.symbols[0]);
  std::string a = Anchor(chain.name);
  return "chain-" + a.substr(2);
}

std::string RunReportStart(const PairedResult& paired, const RunReportOptions& options) {
  const RunResult& pol = paired.policy;
  const RunResult& base = paired.baseline;
  const std::string name = pol.scenario.empty() ? "(unnamed scenario)" : pol.scenario;
  const std::string title =
      options.title.empty() ? absl::StrCat("Simulation report: ", name) : options.title;
  uint32_t periods = 0;
  for (const PeriodMetrics& p : pol.periods) periods = std::max(periods, p.period + 1);
  std::vector<std::string> meta;
  if (!options.scenario_source.empty()) meta.push_back("Scenario " + options.scenario_source);
  meta.push_back(absl::StrCat("Seed ", pol.seed));
  meta.push_back(absl::StrCat(periods, " periods"));
  meta.push_back(absl::StrCat(InstrumentOrder(pol).size(), " instruments"));
  meta.push_back(absl::StrCat(FormatGrouped(static_cast<double>(pol.orders), 0),
                              " orders (policy), ",
                              FormatGrouped(static_cast<double>(base.orders), 0), " (baseline)"));
  meta.push_back(absl::StrCat(FormatGrouped(static_cast<double>(pol.trades.size()), 0),
                              " trades on tape (policy)"));
  meta.push_back(absl::StrFormat("State hash %016x / %016x", pol.state_hash, base.state_hash));
  meta.push_back(absl::StrFormat("Run time %.1f s", pol.wall_seconds + base.wall_seconds));
  std::vector<std::pair<std::string, std::string>> toc = {{"findings", "What happened"},
                                                          {"overview", "Overview"}};
  for (const ChainInfo& c : ReportChains(pol)) toc.emplace_back(ChainAnchor(c), ChainTitle(c.name));
  return PageStart(title, options.description, meta, toc);
}

std::string FindingsSection(const PairedResult& paired, const InstrumentInfos& infos) {
  const Findings f = FindingsOf(paired, infos);
  std::string o = "<section class=\"card findings\" id=\"findings\">\n<h2>What happened</h2>\n";
  if (!f.overall.empty()) absl::StrAppend(&o, "<p class=\"lead\">", Esc(f.overall), "</p>\n");
  if (!f.instruments.empty()) {
    o += "<ul>\n";
    for (const Findings::Item& item : f.instruments) {
      absl::StrAppend(&o, "<li><strong><a href=\"#", Anchor(item.symbol), "\">", Esc(item.title),
                      "</a>.</strong> ", Esc(item.text), "</li>\n");
    }
    o += "</ul>\n";
  }
  absl::StrAppend(&o, "<p class=\"baseline\">", Esc(f.baseline), "</p>\n");
  o += "<p class=\"note\">Definitions of every figure: <code>docs/methodology.md</code> in the "
       "ftz-market sources. Flows are per period (totals over the run in the tables); stocks "
       "are at the end of a period. Hover over a chart for a period's values; each chart "
       "downloads as SVG and its data as CSV.</p>\n</section>\n";
  return o;
}

std::string OverviewSection(const PairedResult& paired, const InstrumentInfos& infos) {
  const std::string currency = CommonCurrency(infos);
  std::string o = "<section class=\"card\" id=\"overview\">\n<h2>Overview</h2>\n";
  const RunSummary* all = FindSummary(paired.policy, "ALL");
  const RunSummary* ball = FindSummary(paired.baseline, "ALL");
  if (all && ball) {
    o += "<div class=\"kpis\">\n";
    o += Kpi("Total surplus", MoneyText(currency, all->total_surplus),
             absl::StrCat("baseline ", MoneyText(currency, ball->total_surplus)));
    o += Kpi("Allocative efficiency", FormatPercent(all->efficiency),
             absl::StrCat("baseline ", FormatPercent(ball->efficiency)));
    o += Kpi("Deadweight loss", MoneyText(currency, all->deadweight_loss),
             "baseline surplus minus policy surplus");
    o += Kpi("Stockpile spend", MoneyText(currency, all->stockpile_spend_total),
             "net of releases, all instruments");
    o += Kpi("Duties collected", MoneyText(currency, all->duties_total),
             "tariffs and levies on non-member material");
    o += Kpi("CfD top-ups paid", MoneyText(currency, all->top_ups_total),
             "price support, net of upside paid back");
    o += "</div>\n<h3>Welfare by chain</h3>\n";
    o += WelfareTable(paired, currency);
  }
  o += "<h3>Markets</h3>\n";
  o += MarketsTable(paired, infos);
  o += "</section>\n";
  return o;
}

std::string ChainSection(const PairedResult& paired, const ChainInfo& chain,
                         const InstrumentInfos& infos) {
  const bool single = chain.symbols.size() == 1;
  std::string o = absl::StrCat("<section class=\"card\" id=\"", ChainAnchor(chain), "\">\n");
  if (single) {
    o += InstrumentHeading("h2", chain.symbols[0], FindInfo(infos, chain.symbols[0]));
    o += InstrumentBlock(paired, chain.symbols[0], infos, false);
  } else {
    absl::StrAppend(&o, "<h2>Chain ", Esc(ChainTitle(chain.name)),
                    "<span class=\"sub\">input first, refined into the next</span></h2>\n");
    for (const std::string& symbol : chain.symbols) {
      absl::StrAppend(&o, "<div class=\"block\" id=\"", Anchor(symbol), "\">\n");
      o += InstrumentHeading("h3", symbol, FindInfo(infos, symbol));
      o += InstrumentBlock(paired, symbol, infos, true);
      o += "</div>\n";
    }
  }
  o += "<div class=\"block\">\n<h3>Welfare";
  if (!single) absl::StrAppend(&o, "<span class=\"sub\">the whole chain</span>");
  o += "</h3>\n";
  o += Charts(ChainCharts(paired, chain, CurrencyOf(chain, infos)));
  const std::string row = single ? chain.symbols[0] : chain.name;
  if (const RunSummary* p = FindSummary(paired.policy, row)) {
    InstrumentInfo money;
    money.currency = CurrencyOf(chain, infos);
    const InstrumentInfo* info = single ? FindInfo(infos, row) : &money;
    o += single ? "<h3>Outcomes</h3>\n" : "<h3>Welfare outcomes</h3>\n";
    o += OutcomeTable(*p, FindSummary(paired.baseline, row), info);
  }
  o += "</div>\n</section>\n";
  return o;
}

}  // namespace ftz::sim::report
