#include "sim/report/report_html.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>
#include <string>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "gtest/gtest.h"
#include "sim/report/csv.h"
#include "sim/report/findings.h"
#include "sim/report/format.h"
#include "sim/report/svg_plot.h"
#include "sim/results/run_summary.h"
#include "tests/sim/html_checks.h"
#include "tests/sim/synthetic.h"

namespace ftz::sim {
namespace {

using testing::Count;
using testing::ExpectSelfContained;
using testing::MaybeDump;
using testing::WithoutDataUrls;

bool Has(const std::string& s, const std::string& what) {
  return s.find(what) != std::string::npos;
}

// The charts of a run report by download name ("price-NDPR-OX"): the figure's HTML.
std::map<std::string, std::string> ChartsByName(const std::string& html) {
  std::map<std::string, std::string> out;
  for (size_t at = html.find("<figure class=\"chart\">"); at != std::string::npos;
       at = html.find("<figure class=\"chart\">", at + 1)) {
    const size_t end = html.find("</figure>", at);
    const std::string figure = html.substr(at, end - at);
    const size_t name = figure.find("download=\"") + 10;
    const std::string file = figure.substr(name, figure.find('"', name) - name);
    out[file.substr(0, file.rfind('.'))] = figure;
  }
  return out;
}

// The decoded body of the data: URL of the link whose download name is `file`.
std::string Download(const std::string& figure, const std::string& file) {
  const size_t link = figure.find(absl::StrCat("download=\"", file, "\""));
  if (link == std::string::npos) return "";
  const size_t data = figure.find(";base64,", link) + 8;
  std::string decoded;
  EXPECT_TRUE(absl::Base64Unescape(figure.substr(data, figure.find('"', data) - data), &decoded));
  return decoded;
}

// The inline SVG of a figure (not its downloads).
std::string InlineSvg(const std::string& figure) {
  const size_t at = figure.find("<svg");
  return figure.substr(at, figure.find("</svg>") - at);
}

InstrumentInfos Infos() {
  InstrumentInfos infos;
  infos["NDPR-OX"] = {"NDPR-OX", "NdPr oxide", "kg", "USD"};
  infos["LI2CO3"] = {"LI2CO3", "Lithium carbonate", "t", "USD"};
  return infos;
}

// Takes the stockpile away from `symbol` in both runs (the synthetic runs give every
// instrument one), and summarizes again.
void RemoveStockpile(PairedResult& paired, const std::string& symbol) {
  for (RunResult* run : {&paired.policy, &paired.baseline}) {
    for (PeriodMetrics& m : run->periods) {
      if (m.symbol != symbol) continue;
      m.stockpile_bought = m.stockpile_sold = m.stockpile_inventory_end = 0;
      m.stockpile_spend = m.stockpile_proceeds = m.stockpile_budget_left_end = 0;
    }
    run->summary = Summarize(*run);
  }
  SetDeadweightLoss(paired.policy.summary, paired.baseline.summary);
}

TEST(RunReport, SelfContainedAndEscaped) {
  PairedResult paired = testing::SyntheticPaired(3, 80, {"NDPR-OX", "A<&>\"B"});
  paired.policy.scenario = paired.baseline.scenario = "<b>tricky & \"name\"</b>";
  paired.policy.events.push_back({10, "A<&>\"B", "shock", "a <shock> & \"more\""});
  RunReportOptions opt;
  opt.infos = Infos();
  opt.description = "x < y & z";
  opt.scenario_source = "my<file>.txtpb";
  const std::string html = RenderRunReportHtml(paired, opt);
  MaybeDump("run_report_escaping.html", html);
  ExpectSelfContained(html);
  EXPECT_FALSE(Has(html, "<b>tricky"));
  EXPECT_TRUE(Has(html, "&lt;b&gt;tricky &amp; &quot;name&quot;"));
  EXPECT_FALSE(Has(html, "A<&>"));
  EXPECT_TRUE(Has(html, "A&lt;&amp;&gt;&quot;B"));
  EXPECT_TRUE(Has(html, "a &lt;shock&gt; &amp; &quot;more&quot;"));
  EXPECT_TRUE(Has(html, "x &lt; y &amp; z"));
  EXPECT_TRUE(Has(html, "my&lt;file&gt;.txtpb"));
  EXPECT_TRUE(Has(html, "id=\"i-A----B\""));
  // The download names are plain file names.
  EXPECT_TRUE(Has(html, "download=\"price-A----B.svg\""));
  EXPECT_TRUE(Has(html, "docs/methodology.md"));
}

TEST(RunReport, OneSvgPerChartAndNoEmptyFrames) {
  PairedResult paired = testing::SyntheticPaired(3, 80);
  RemoveStockpile(paired, "LI2CO3");
  RunReportOptions opt;
  opt.infos = Infos();
  const std::string html = RenderRunReportHtml(paired, opt);
  MaybeDump("run_report.html", html);
  ExpectSelfContained(html);
  const std::map<std::string, std::string> charts = ChartsByName(html);
  // Per instrument: price, volume, supply by origin, unsold; the stockpile's flows,
  // inventory and budget where it has one; per chain (each instrument is one here):
  // efficiency, surplus by account, cumulative change.
  const std::vector<std::string> expected = {
      "price-NDPR-OX",
      "volume-NDPR-OX",
      "supply-by-origin-NDPR-OX",
      "unsold-NDPR-OX",
      "stockpile-flows-NDPR-OX",
      "stockpile-inventory-NDPR-OX",
      "stockpile-budget-NDPR-OX",
      "efficiency-NDPR-OX",
      "surplus-by-account-NDPR-OX",
      "surplus-change-NDPR-OX",
      "price-LI2CO3",
      "volume-LI2CO3",
      "supply-by-origin-LI2CO3",
      "unsold-LI2CO3",
      "efficiency-LI2CO3",
      "surplus-by-account-LI2CO3",
      "surplus-change-LI2CO3",
  };
  EXPECT_EQ(charts.size(), expected.size());
  for (const std::string& name : expected) EXPECT_TRUE(charts.count(name)) << name;
  // One inline SVG per chart, nothing else draws one.
  EXPECT_EQ(Count(WithoutDataUrls(html), "<svg"), expected.size());
  // No empty frames: every chart has data, and the missing stockpile is a note instead.
  EXPECT_FALSE(Has(html, "no data"));
  EXPECT_FALSE(charts.count("stockpile-inventory-LI2CO3"));
  EXPECT_TRUE(Has(html, "No stockpile charts: no stockpile backs this instrument."));
  for (const auto& [name, figure] : charts) {
    EXPECT_TRUE(Has(InlineSvg(figure), "<path") || Has(InlineSvg(figure), "<rect x")) << name;
  }
}

TEST(RunReport, StocksAndFlowsOnSeparateAxes) {
  const PairedResult paired = testing::SyntheticPaired(3, 40);
  RunReportOptions opt;
  opt.infos = Infos();
  const std::map<std::string, std::string> charts = ChartsByName(RenderRunReportHtml(paired, opt));
  // Each y axis says whether it is a flow (per period) or a stock (at the period end).
  EXPECT_TRUE(Has(charts.at("volume-NDPR-OX"), ">kg per period (flow)</text>"));
  EXPECT_TRUE(Has(charts.at("stockpile-flows-NDPR-OX"), ">kg per period (flow)</text>"));
  EXPECT_TRUE(Has(charts.at("stockpile-inventory-NDPR-OX"), ">kg at period end (stock)</text>"));
  EXPECT_TRUE(Has(charts.at("unsold-LI2CO3"), ">t at period end (stock)</text>"));
  EXPECT_TRUE(Has(charts.at("stockpile-budget-NDPR-OX"), ">USD at period end (stock)</text>"));
  EXPECT_TRUE(Has(charts.at("price-NDPR-OX"), ">USD/kg (price)</text>"));
  // Purchases (a flow) are not on the inventory (a stock) chart, and the reverse.
  EXPECT_FALSE(Has(charts.at("stockpile-inventory-NDPR-OX"), "Bought"));
  EXPECT_FALSE(Has(charts.at("stockpile-flows-NDPR-OX"), "Inventory"));
}

// The event lines of an SVG: data-x values in order.
std::vector<std::string> EventXs(const std::string& svg) {
  std::vector<std::string> xs;
  const std::string key = "<g class=\"event\" data-x=\"";
  for (size_t at = svg.find(key); at != std::string::npos; at = svg.find(key, at + 1)) {
    const size_t from = at + key.size();
    xs.push_back(svg.substr(from, svg.find('"', from) - from));
  }
  return xs;
}

TEST(RunReport, EventMarkersOnTheirInstrumentsAndChains) {
  PairedResult paired = testing::SyntheticPaired(3, 80);  // events: 40 shock, 79 budget
  paired.policy.events.push_back({20, "NDPR-OX", "stockpile_full", "stockpile full: 15.6M kg"});
  paired.baseline.events.push_back({30, "LI2CO3", "shock", "only in the baseline"});
  RunReportOptions opt;
  opt.infos = Infos();
  const std::map<std::string, std::string> charts = ChartsByName(RenderRunReportHtml(paired, opt));
  const std::vector<std::string> ndpr = {"40", "79", "20"};
  for (const char* name : {"price-NDPR-OX", "volume-NDPR-OX", "stockpile-inventory-NDPR-OX",
                           "efficiency-NDPR-OX", "surplus-change-NDPR-OX"}) {
    std::vector<std::string> xs = EventXs(InlineSvg(charts.at(name)));
    std::sort(xs.begin(), xs.end());
    EXPECT_EQ(xs, (std::vector<std::string>{"20", "40", "79"})) << name;
  }
  const std::string price = InlineSvg(charts.at("price-NDPR-OX"));
  EXPECT_TRUE(Has(price, ">dumping</text>"));
  EXPECT_TRUE(Has(price, ">stockpile full</text>"));
  EXPECT_TRUE(Has(price, ">budget spent</text>"));
  EXPECT_TRUE(Has(price, "<title>Period 40, NDPR-OX: dumping: cn-miner costs x 0.7</title>"));
  // LI2CO3 has only the baseline's shock, labelled as the baseline's.
  const std::string li = InlineSvg(charts.at("price-LI2CO3"));
  EXPECT_EQ(EventXs(li), (std::vector<std::string>{"30"}));
  EXPECT_TRUE(Has(li, "(baseline)"));
  // Bars over accounts have no period axis to mark.
  EXPECT_TRUE(EventXs(InlineSvg(charts.at("surplus-by-account-NDPR-OX"))).empty());
}

TEST(RunReport, ChainChartsMarkTheEventsOfTheirInstruments) {
  PairedResult paired = testing::SyntheticPaired(3, 50, {"NDPR-CONC", "NDPR-OX"});
  for (RunResult* run : {&paired.policy, &paired.baseline}) {
    run->chain_infos = {{"NDPR-CONC>NDPR-OX", {"NDPR-CONC", "NDPR-OX"}}};
    std::vector<ChainPeriod> chain;  // one row per period (the synthetic accounts of one)
    for (ChainPeriod c : run->chains) {
      if (c.chain != "NDPR-CONC") continue;
      c.chain = "NDPR-CONC>NDPR-OX";
      chain.push_back(c);
    }
    run->chains = chain;
    run->summary = Summarize(*run);
  }
  SetDeadweightLoss(paired.policy.summary, paired.baseline.summary);
  paired.policy.events.push_back({12, "NDPR-OX", "stockpile_full", "stockpile full"});
  const std::string html = RenderRunReportHtml(paired);
  ExpectSelfContained(html);
  const std::map<std::string, std::string> charts = ChartsByName(html);
  const std::string eff = InlineSvg(charts.at("efficiency-NDPR-CONC-NDPR-OX"));
  std::vector<std::string> xs = EventXs(eff);
  std::sort(xs.begin(), xs.end());
  EXPECT_EQ(xs, (std::vector<std::string>{"12", "25", "49"}));
  EXPECT_TRUE(Has(eff, ">NDPR-OX: stockpile full</text>"));
  EXPECT_TRUE(Has(eff, ">NDPR-CONC: dumping</text>"));
  // The chain's section holds both instruments and the chain's welfare table.
  EXPECT_TRUE(Has(html, "id=\"chain-NDPR-CONC-NDPR-OX\""));
  EXPECT_TRUE(Has(html, "Chain NDPR-CONC \u2192 NDPR-OX"));
  EXPECT_TRUE(Has(html, "id=\"i-NDPR-CONC\""));
  EXPECT_TRUE(Has(html, "id=\"i-NDPR-OX\""));
}

TEST(RunReport, FloorAndStrikeLinesWhereTheyApply) {
  PairedResult paired = testing::SyntheticPaired(3, 40);
  for (PeriodMetrics& m : paired.policy.periods) {
    if (m.symbol == "NDPR-OX") m.support_strike = 95;
    if (m.symbol == "LI2CO3") m.floor = 0, m.volume_at_floor = 0, m.tariff_rate = 0;
  }
  RunReportOptions opt;
  opt.infos = Infos();
  const std::map<std::string, std::string> charts = ChartsByName(RenderRunReportHtml(paired, opt));
  const std::string ndpr = InlineSvg(charts.at("price-NDPR-OX"));
  EXPECT_TRUE(Has(ndpr, ">Floor</text>"));
  EXPECT_TRUE(Has(ndpr, ">CfD strike</text>"));
  EXPECT_TRUE(Has(ndpr, "non-member material pays a 25% tariff"));
  // The floor as a step line: H and V segments in the floor's color.
  const size_t floor_path = ndpr.find("\" fill=\"none\" stroke=\"#c8463d\" stroke-width=\"2\"");
  ASSERT_NE(floor_path, std::string::npos);
  const size_t d = ndpr.rfind("<path d=\"", floor_path);
  EXPECT_TRUE(Has(ndpr.substr(d, floor_path - d), "V"));
  const std::string li = InlineSvg(charts.at("price-LI2CO3"));
  EXPECT_FALSE(Has(li, ">Floor</text>"));
  EXPECT_FALSE(Has(li, ">CfD strike</text>"));
  EXPECT_FALSE(Has(li, "tariff"));
  // The strike is in the chart's data too.
  EXPECT_TRUE(Has(Download(charts.at("price-NDPR-OX"), "price-NDPR-OX.csv"), ",CfD strike"));
}

TEST(RunReport, DownloadsDecodeToTheChartAndItsData) {
  const PairedResult paired = testing::SyntheticPaired(3, 30);
  RunReportOptions opt;
  opt.infos = Infos();
  const std::map<std::string, std::string> charts = ChartsByName(RenderRunReportHtml(paired, opt));
  ASSERT_FALSE(charts.empty());
  for (const auto& [name, figure] : charts) {
    const std::string svg = Download(figure, name + ".svg");
    EXPECT_EQ(svg.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg ", 0), 0u) << name;
    EXPECT_TRUE(Has(svg, "xmlns=\"http://www.w3.org/2000/svg\"")) << name;
    EXPECT_EQ(Count(svg, "<svg"), 1u) << name;
    EXPECT_EQ(svg.substr(svg.size() - 7), "</svg>\n") << name;
    EXPECT_FALSE(Has(svg, "class=\"hover\"")) << name;
    EXPECT_FALSE(Has(svg, "nan")) << name;
    const std::string csv = Download(figure, name + ".csv");
    absl::StatusOr<std::vector<CsvRow>> rows = ParseCsv(csv);
    ASSERT_TRUE(rows.ok()) << name << ": " << rows.status();
    ASSERT_GE(rows->size(), 2u) << name;
    for (const CsvRow& row : *rows) EXPECT_EQ(row.size(), rows->front().size()) << name;
  }
  // The price data: one row per period, the policy VWAP exactly (where traded).
  absl::StatusOr<std::vector<CsvRow>> price =
      ParseCsv(Download(charts.at("price-NDPR-OX"), "price-NDPR-OX.csv"));
  ASSERT_TRUE(price.ok());
  const CsvRow& header = price->front();
  EXPECT_EQ(header[0], "Period");
  const size_t vwap = std::find(header.begin(), header.end(), "Policy VWAP") - header.begin();
  ASSERT_LT(vwap, header.size());
  EXPECT_NE(std::find(header.begin(), header.end(), "Policy range low"), header.end());
  EXPECT_NE(std::find(header.begin(), header.end(), "Floor"), header.end());
  EXPECT_EQ(price->size(), 1u + 30u);
  for (const PeriodMetrics& m : paired.policy.periods) {
    if (m.symbol != "NDPR-OX") continue;
    const CsvRow& row = (*price)[1 + m.period];
    EXPECT_EQ(row[0], CsvNumber(static_cast<double>(m.period)));
    EXPECT_EQ(row[vwap], m.volume > 0 ? CsvNumber(m.vwap) : "") << m.period;
  }
  // The bars' data: one row per account, named.
  absl::StatusOr<std::vector<CsvRow>> bars =
      ParseCsv(Download(charts.at("surplus-by-account-LI2CO3"), "surplus-by-account-LI2CO3.csv"));
  ASSERT_TRUE(bars.ok());
  EXPECT_EQ(bars->front(), (CsvRow{"Account", "Policy", "Baseline"}));
  EXPECT_EQ(bars->back()[0], "Total surplus");
}

TEST(RunReport, FindingsSayWhatTheNumbersSay) {
  const PairedResult paired = testing::SyntheticPaired(3, 80);
  RunReportOptions opt;
  opt.infos = Infos();
  const std::string html = RenderRunReportHtml(paired, opt);
  const report::Findings f = report::FindingsOf(paired, opt.infos);
  // Computed here from the periods and the summary, the way a reader would.
  size_t in_force = 0, bound = 0;
  for (const PeriodMetrics& m : paired.policy.periods) {
    if (m.symbol != "NDPR-OX" || m.floor <= 0) continue;
    ++in_force;
    bound += m.volume_at_floor > 0;
  }
  ASSERT_GT(bound, 0u);
  const RunSummary* p = nullptr;
  const RunSummary* b = nullptr;
  for (const RunSummary& s : paired.policy.summary) p = s.symbol == "NDPR-OX" ? &s : p;
  for (const RunSummary& s : paired.baseline.summary) b = s.symbol == "NDPR-OX" ? &s : b;
  ASSERT_TRUE(p && b);
  ASSERT_EQ(f.instruments.size(), 2u);
  const std::string& ndpr = f.instruments[0].text;
  EXPECT_EQ(f.instruments[0].symbol, "NDPR-OX");
  EXPECT_TRUE(Has(
      ndpr, absl::StrCat("The floor of USD 110/kg bound in ", bound, " of ", in_force, " periods (",
                         FormatPercent(static_cast<double>(bound) / in_force), ")")))
      << ndpr;
  EXPECT_TRUE(Has(ndpr, FormatPercent(p->share_at_floor) + " of the volume traded at the floor"))
      << ndpr;
  EXPECT_TRUE(Has(ndpr, absl::StrCat("VWAP USD ", FormatGrouped(p->vwap, 2), "/kg against USD ",
                                     FormatGrouped(b->vwap, 2), "/kg")))
      << ndpr;
  EXPECT_TRUE(Has(ndpr, absl::StrCat("volume ", FormatCompact(p->volume_total), " kg against ",
                                     FormatCompact(b->volume_total), " kg")))
      << ndpr;
  EXPECT_TRUE(Has(
      ndpr, absl::StrCat("The stockpile bought ", FormatCompact(p->stockpile_bought_total), " kg")))
      << ndpr;
  EXPECT_TRUE(Has(ndpr, "Its budget ran out in period 79.")) << ndpr;
  EXPECT_TRUE(Has(ndpr, "period 40 (dumping: cn-miner costs x 0.7)")) << ndpr;
  EXPECT_TRUE(Has(ndpr, "25% tariff")) << ndpr;
  // All chains: the change in total surplus and by account, efficiency, in the baseline's
  // comparison.
  const RunSummary* all = nullptr;
  const RunSummary* ball = nullptr;
  for (const RunSummary& s : paired.policy.summary) all = s.symbol == "ALL" ? &s : all;
  for (const RunSummary& s : paired.baseline.summary) ball = s.symbol == "ALL" ? &s : ball;
  ASSERT_TRUE(all && ball);
  const double change = all->total_surplus - ball->total_surplus;
  EXPECT_TRUE(Has(f.overall, absl::StrCat("USD ", FormatCompact(std::fabs(change)),
                                          change < 0 ? " lower" : " higher")))
      << f.overall;
  EXPECT_TRUE(Has(f.overall, absl::StrCat("final buyers ", report::SignedMoneyText(
                                                               "USD", all->buyers - ball->buyers))))
      << f.overall;
  EXPECT_TRUE(Has(f.overall,
                  absl::StrCat("government ",
                               report::SignedMoneyText("USD", all->government - ball->government))))
      << f.overall;
  EXPECT_TRUE(
      Has(f.overall, absl::StrCat("Allocative efficiency was ", FormatPercent(all->efficiency),
                                  " against ", FormatPercent(ball->efficiency))))
      << f.overall;
  EXPECT_TRUE(Has(f.baseline, "hard floors (with indexed and scheduled levels)"));
  EXPECT_TRUE(Has(f.baseline, "it keeps no policy instrument"));
  // The page says the same.
  EXPECT_TRUE(Has(html, XmlEscape(f.overall)));
  EXPECT_TRUE(Has(html, XmlEscape(ndpr)));
  EXPECT_TRUE(Has(html, XmlEscape(f.baseline)));
}

TEST(RunReport, FindingsWithoutAFloorOrStockpile) {
  PairedResult paired = testing::SyntheticPaired(3, 40, {"NDPR-OX"});
  for (PeriodMetrics& m : paired.policy.periods) m.floor = m.volume_at_floor = 0;
  RemoveStockpile(paired, "NDPR-OX");
  paired.baseline_kept = {"tariffs"};
  const report::Findings f = report::FindingsOf(paired, Infos());
  ASSERT_EQ(f.instruments.size(), 1u);
  EXPECT_FALSE(Has(f.instruments[0].text, "floor")) << f.instruments[0].text;
  EXPECT_FALSE(Has(f.instruments[0].text, "stockpile")) << f.instruments[0].text;
  EXPECT_TRUE(Has(f.baseline, "it keeps tariffs.")) << f.baseline;
}

TEST(RunReport, EfficiencyAxisIsAPercentageOfTheOptimum) {
  PairedResult paired = testing::SyntheticPaired(3, 40, {"NDPR-OX"});
  const std::map<std::string, std::string> normal = ChartsByName(RenderRunReportHtml(paired));
  const std::string eff = InlineSvg(normal.at("efficiency-NDPR-OX"));
  EXPECT_TRUE(Has(eff, ">100%</text>"));
  EXPECT_TRUE(Has(eff, ">0%</text>"));
  EXPECT_FALSE(Has(eff, ">-"));  // no negative ticks when the data stays above 0
  // A period far below zero (a tiny optimum) does not stretch the axis past -100%.
  for (ChainPeriod& c : paired.policy.chains) {
    if (c.period == 7) c.efficiency = -9.5;
  }
  const std::string low =
      InlineSvg(ChartsByName(RenderRunReportHtml(paired)).at("efficiency-NDPR-OX"));
  EXPECT_TRUE(Has(low, ">-100%</text>"));
  EXPECT_FALSE(Has(low, ">-150%</text>"));
  EXPECT_FALSE(Has(low, ">-200%</text>"));
  EXPECT_TRUE(Has(low, "<clipPath"));
  EXPECT_TRUE(Has(low, "values below \u2212100% cut off"));
  EXPECT_FALSE(Has(eff, "cut off"));
}

TEST(RunReport, WelfareAndMarketTables) {
  const PairedResult paired = testing::SyntheticPaired(3, 40);
  RunReportOptions opt;
  opt.infos = Infos();
  const std::string html = RenderRunReportHtml(paired, opt);
  EXPECT_TRUE(Has(html, "Welfare by chain"));
  EXPECT_TRUE(Has(html, "All chains"));
  for (const RunSummary& s : paired.policy.summary) {
    if (!(s.scope & (kChainScope | kAllScope))) continue;
    // Negative numbers with a minus sign.
    auto minus = [](const std::string& v) { return absl::StrReplaceAll(v, {{"-", "\u2212"}}); };
    EXPECT_TRUE(Has(html, absl::StrCat("<td>", minus(FormatCompact(s.total_surplus)), "</td>")))
        << s.symbol;
    EXPECT_TRUE(Has(html, absl::StrCat("<td>", minus(FormatPercent(s.efficiency)), "</td>")))
        << s.symbol;
  }
  // The outcome tables use the summary's labels and units.
  for (const char* label : {"VWAP", "Share of volume at the floor", "Allocative efficiency",
                            "Deadweight loss vs baseline", "Refiners"}) {
    EXPECT_TRUE(Has(html, label)) << label;
  }
  EXPECT_TRUE(Has(html, "<td class=\"l muted\">USD/kg</td>"));
  EXPECT_TRUE(Has(html, "<td class=\"l muted\">t</td>"));
}

TEST(SvgPlot, TicksAndLabels) {
  EXPECT_EQ(NiceTicks(0, 100, 5), (std::vector<double>{0, 20, 40, 60, 80, 100}));
  EXPECT_EQ(NiceTicks(0.5, 9.7, 4), (std::vector<double>{2.5, 5, 7.5}));
  EXPECT_EQ(NiceTicks(0.5, 9.7, 5), (std::vector<double>{2, 4, 6, 8}));
  EXPECT_EQ(TickLabel(1500000, 500000, TickFormat::kNumber), "1.5M");
  EXPECT_EQ(TickLabel(2000000, 500000, TickFormat::kNumber), "2M");
  EXPECT_EQ(TickLabel(102.5, 2.5, TickFormat::kNumber), "102.5");
  EXPECT_EQ(TickLabel(0.25, 0.05, TickFormat::kPercent), "25%");
  EXPECT_EQ(TickLabel(1200, 200, TickFormat::kInteger), "1,200");
}

TEST(SvgPlot, EmptyPlotSaysSo) {
  Plot p;
  p.title = "Nothing";
  p.series.push_back(MakeLine("x", "#000", {1, 2}, {std::nan(""), std::nan("")}));
  const std::string svg = RenderPlotSvg(p);
  EXPECT_NE(svg.find("no data"), std::string::npos);
  EXPECT_EQ(svg.find("nan"), std::string::npos);
}

// The pixel x of the `k`-th point of the first path ("M x y L x y ...").
double PathPointX(const std::string& svg, int k) {
  size_t at = svg.find("<path d=\"M") + 10;
  for (int i = 0; i < k; ++i) at = svg.find('L', at) + 1;
  return std::stod(svg.substr(at, svg.find(' ', at) - at));
}

TEST(SvgPlot, EventMarkersSitAtTheirX) {
  Plot p;
  p.series.push_back(MakeLine("line", "#000", {0, 30, 100}, {0, 1, 0}));
  p.x_markers.push_back({30, "shock", "Period 30: a shock", "#900"});
  p.x_markers.push_back({250, "outside", "", "#900"});  // beyond the data: left out
  const std::string svg = RenderPlotSvg(p);
  ASSERT_EQ(EventXs(svg), (std::vector<std::string>{"30"}));
  const size_t g = svg.find("<g class=\"event\"");
  const size_t x1 = svg.find("x1=\"", g) + 4;
  EXPECT_DOUBLE_EQ(std::stod(svg.substr(x1, svg.find('"', x1) - x1)), PathPointX(svg, 1));
  EXPECT_TRUE(Has(svg, "<title>Period 30: a shock</title>"));
  EXPECT_TRUE(Has(svg, ">shock</text>"));
  EXPECT_FALSE(Has(svg, "outside"));
}

TEST(SvgPlot, BarsStandSideBySideFromZero) {
  Plot p;
  p.x_categories = {"Buyers", "Government"};
  p.series.push_back(MakeBars("Policy", "#111", {0, 1}, {5, -3}));
  p.series.push_back(MakeBars("Baseline", "#222", {0, 1}, {4, 2}));
  p.series[0].value_labels = true;
  const std::string svg = RenderPlotSvg(p);
  EXPECT_EQ(Count(svg, "fill=\"#111\">"), 2u);
  EXPECT_EQ(Count(svg, "fill=\"#222\">"), 2u);
  EXPECT_TRUE(Has(svg, ">" + FormatCompact(-3) + "</text>"));  // the negative bar's label
  EXPECT_TRUE(Has(svg, ">Government</text>"));
  EXPECT_TRUE(Has(svg, ">0</text>"));  // the axis includes zero
}

TEST(SvgPlot, DataCsvHasAColumnPerSeries) {
  Plot p;
  p.x_label = "Period";
  p.series.push_back(MakeBand("Range", "#000", {0, 1, 2}, {1, 2, 3}, {4, 5, 6}));
  p.series.push_back(MakeLine("Mean, \"policy\"", "#000", {1, 2, 3}, {2.5, std::nan(""), 7}));
  p.series.push_back(MakeLine("", "#000", {}, {}));  // a legend entry only: no column
  EXPECT_EQ(PlotDataCsv(p),
            "Period,Range low,Range high,\"Mean, \"\"policy\"\"\"\n"
            "0,1,4,\n"
            "1,2,5,2.5\n"
            "2,3,6,\n"
            "3,,,7\n");
  Plot bars;
  bars.x_categories = {"A", "B"};
  bars.series.push_back(MakeBars("Policy", "#000", {0, 1}, {1, 2}));
  EXPECT_EQ(PlotDataCsv(bars), "x,Policy\nA,1\nB,2\n");
}

TEST(SvgPlot, FileHasTheNamespaceAndNoHover) {
  Plot p;
  p.width = 300;
  p.height = 200;
  p.series.push_back(MakeLine("a", "#000", {0, 1}, {0, 1}));
  p.hover.emplace_back(0, "tip");
  const std::string file = RenderPlotSvgFile(p);
  EXPECT_EQ(file.rfind("<?xml", 0), 0u);
  EXPECT_TRUE(Has(file, "xmlns=\"http://www.w3.org/2000/svg\" width=\"300\" height=\"200\""));
  EXPECT_FALSE(Has(file, "tip"));
  EXPECT_TRUE(Has(RenderPlotSvg(p), "<title>tip</title>"));
}

}  // namespace
}  // namespace ftz::sim
