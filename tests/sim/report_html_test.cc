#include "sim/report_html.h"

#include <string>

#include "gtest/gtest.h"
#include "sim/svg_plot.h"
#include "tests/sim/html_checks.h"
#include "tests/sim/synthetic.h"

namespace ftz::sim {
namespace {

using testing::Count;
using testing::ExpectSelfContained;
using testing::MaybeDump;

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
