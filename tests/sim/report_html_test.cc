#include "sim/report_html.h"

#include <cstdlib>
#include <string>

#include "gtest/gtest.h"
#include "sim/csv.h"
#include "sim/svg_plot.h"
#include "sim/sweep.h"
#include "tests/sim/synthetic.h"

namespace ftz::sim {
namespace {

// With FTZ_REPORT_DUMP_DIR set, the reports are also written there (to look at them).
void MaybeDump(const std::string& name, const std::string& html) {
  const char* dir = std::getenv("FTZ_REPORT_DUMP_DIR");
  if (dir && *dir) {
    ASSERT_TRUE(WriteTextFile(std::string(dir) + "/" + name, html).ok());
  }
}

size_t Count(const std::string& s, const std::string& what) {
  size_t n = 0;
  for (size_t at = s.find(what); at != std::string::npos; at = s.find(what, at + 1)) ++n;
  return n;
}

void ExpectSelfContained(const std::string& html) {
  EXPECT_EQ(html.find("http://"), std::string::npos);
  EXPECT_EQ(html.find("https://"), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("<link"), std::string::npos);
  EXPECT_EQ(html.find("src="), std::string::npos);
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_NE(html.find("</html>"), std::string::npos);
  EXPECT_EQ(Count(html, "<svg"), Count(html, "</svg>"));
  EXPECT_EQ(Count(html, "<table"), Count(html, "</table>"));
  EXPECT_EQ(Count(html, "<section"), Count(html, "</section>"));
  EXPECT_EQ(Count(html, "<div"), Count(html, "</div>"));
  EXPECT_EQ(html.find("nan"), std::string::npos);  // no NaN leaks into coordinates or text
}

TEST(RunReport, OneSvgPerPlotAndSelfContained) {
  PairedResult paired = testing::SyntheticPaired(3, 80);
  paired.policy.scenario = paired.baseline.scenario = "<b>tricky & \"name\"</b>";
  RunReportOptions opt;
  opt.infos["NDPR-OX"] = {"NDPR-OX", "NdPr oxide", "kg", "USD"};
  const std::string html = RenderRunReportHtml(paired, opt);
  MaybeDump("run_report.html", html);
  ExpectSelfContained(html);
  // Per instrument: price, volume, unsold, stockpile inventory, budget, surplus, efficiency.
  EXPECT_EQ(Count(html, "<svg"), 2u * 6u);
  EXPECT_NE(html.find("Price against the floor"), std::string::npos);
  EXPECT_NE(html.find("Floor"), std::string::npos);
  EXPECT_NE(html.find("USD/kg"), std::string::npos);
  EXPECT_NE(html.find("id=\"i-NDPR-OX\""), std::string::npos);
  EXPECT_NE(html.find("id=\"i-LI2CO3\""), std::string::npos);
  // The scenario name is escaped.
  EXPECT_EQ(html.find("<b>tricky"), std::string::npos);
  EXPECT_NE(html.find("&lt;b&gt;tricky &amp; &quot;name&quot;"), std::string::npos);
}

SweepAggregate AggregateOf(const SweepSpec& spec) {
  SweepRows rows;
  rows.spec = spec;
  rows.scenario = "synthetic";
  for (const SweepCell& c : ExpandGrid(spec)) {
    const double floor = c.values.empty() || c.values[0][0] > '9' ? 110 : std::stod(c.values[0]);
    const PairedResult p = testing::SyntheticPaired(c.seed, 20, {"NDPR-OX"}, floor);
    for (size_t k = 0; k < p.policy.summary.size(); ++k) {
      SweepRow r;
      r.cell = c.index;
      r.values = c.values;
      r.seed = c.seed;
      r.symbol = p.policy.summary[k].symbol;
      r.policy = p.policy.summary[k];
      r.baseline = p.baseline.summary[k];
      rows.rows.push_back(r);
    }
  }
  return Aggregate(rows);
}

SweepAggregate SyntheticAggregate(size_t nparams) {
  SweepSpec spec;
  spec.params.push_back({"NDPR-OX.floor.hard.price", {"100", "110", "120"}});
  if (nparams > 1) spec.params.push_back({"NDPR-OX.non_member_origin.tariff_rate", {"0", "0.25"}});
  spec.seeds = SeedRange(4);
  return AggregateOf(spec);
}

TEST(SweepReport, OutcomePlotsPerInstrument) {
  for (size_t nparams : {1u, 2u}) {
    const SweepAggregate agg = SyntheticAggregate(nparams);
    const std::string html = RenderSweepReportHtml(agg);
    MaybeDump("sweep_report_" + std::to_string(nparams) + ".html", html);
    ExpectSelfContained(html);
    // NDPR-OX: VWAP, volume, unsold, stockpile spend, efficiency, DWL; ALL: the last three.
    EXPECT_EQ(Count(html, "<svg"), 6u + 3u) << nparams;
    EXPECT_NE(html.find("95% CI"), std::string::npos);
    EXPECT_NE(html.find("Deadweight loss"), std::string::npos);
    if (nparams == 2) {
      EXPECT_NE(html.find("tariff_rate=0.25"), std::string::npos);
    }
  }
}

TEST(SweepReport, CategoricalSingleValueAndSeedsOnly) {
  SweepSpec categorical;
  categorical.params.push_back({"NDPR-OX.floor.hard.sell_below", {"REJECT", "REPRICE"}});
  categorical.seeds = SeedRange(3);
  SweepSpec single;
  single.params.push_back({"NDPR-OX.floor.hard.price", {"110"}});
  single.seeds = SeedRange(1);  // n = 1: means without intervals
  SweepSpec seeds_only;
  seeds_only.seeds = SeedRange(5);
  for (const SweepSpec* spec : {&categorical, &single, &seeds_only}) {
    const std::string html = RenderSweepReportHtml(AggregateOf(*spec));
    ExpectSelfContained(html);
    EXPECT_EQ(Count(html, "<svg"), 6u + 3u);
    if (spec == &categorical) {
      EXPECT_NE(html.find(">REPRICE</text>"), std::string::npos);  // category tick labels
    }
  }
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

}  // namespace
}  // namespace ftz::sim
