#include "sim/sweep/sweep_report.h"

#include <string>

#include "gtest/gtest.h"
#include "sim/report/svg_plot.h"
#include "tests/sim/html_checks.h"
#include "tests/sim/sweep/fake_run.h"

namespace ftz::sim {
namespace {

std::string Esc(const std::string& s) { return XmlEscape(s); }
using testing::Count;
using testing::ExpectSelfContained;
using testing::MaybeDump;

// One plot per outcome an instrument reports, for NDPR-OX and ALL.
size_t PlotCount(const SweepAggregate& agg) {
  size_t n = 0;
  for (const Outcome& o : SummaryOutcomes()) {
    n += ReportsOutcome(agg, o, "NDPR-OX");
    n += ReportsOutcome(agg, o, kAllInstruments);
  }
  return n;
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
  spec.params.push_back({"NDPR-OX.floor.hard.price", {"100", "110", "120"}, "USD/kg"});
  if (nparams > 1)
    spec.params.push_back({"NDPR-OX.non_member_origin.tariff_rate", {"0", "0.25"}, ""});
  spec.seeds = SeedRange(4);
  return AggregateOf(spec);
}

TEST(SweepReport, OutcomePlotsPerInstrument) {
  for (size_t nparams : {1u, 2u}) {
    const SweepAggregate agg = SyntheticAggregate(nparams);
    const std::string html = RenderSweepReportHtml(agg);
    MaybeDump("sweep_report_" + std::to_string(nparams) + ".html", html);
    ExpectSelfContained(html);
    EXPECT_EQ(Count(html, "<svg"), PlotCount(agg)) << nparams;
    EXPECT_NE(html.find("95% CI"), std::string::npos);
    for (const Outcome& o : SummaryOutcomes()) {
      EXPECT_NE(html.find(absl::StrCat("<title>", Esc(o.label))), std::string::npos) << o.key;
    }
    // Axes and headers with units: the parameter's and each outcome's.
    EXPECT_NE(html.find("NDPR-OX.floor.hard.price (USD/kg)"), std::string::npos);
    EXPECT_NE(html.find("USD/kg"), std::string::npos);
    // Two tables per section: policy means, paired differences.
    EXPECT_EQ(Count(html, "<table"), 2u * agg.symbols.size());
    EXPECT_NE(html.find("Policy \u2212 baseline: mean of the per-seed differences"),
              std::string::npos);
    EXPECT_NE(html.find("policy \u2212 baseline +"), std::string::npos);  // in tooltips
    if (nparams == 2) {
      EXPECT_NE(html.find("tariff_rate=0.25"), std::string::npos);
    }
  }
}

TEST(SweepReport, CategoricalSingleValueAndSeedsOnly) {
  SweepSpec categorical;
  categorical.params.push_back({"NDPR-OX.floor.hard.sell_below", {"REJECT", "REPRICE"}, ""});
  categorical.seeds = SeedRange(3);
  SweepSpec single;
  single.params.push_back({"NDPR-OX.floor.hard.price", {"110"}, ""});
  single.seeds = SeedRange(1);  // n = 1: means without intervals
  SweepSpec seeds_only;
  seeds_only.seeds = SeedRange(5);
  for (const SweepSpec* spec : {&categorical, &single, &seeds_only}) {
    const SweepAggregate agg = AggregateOf(*spec);
    const std::string html = RenderSweepReportHtml(agg);
    ExpectSelfContained(html);
    EXPECT_EQ(Count(html, "<svg"), PlotCount(agg));
    if (spec == &categorical) {
      EXPECT_NE(html.find(">REPRICE</text>"), std::string::npos);  // category tick labels
    }
  }
}

}  // namespace
}  // namespace ftz::sim
