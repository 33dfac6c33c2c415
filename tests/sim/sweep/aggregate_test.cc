#include "sim/sweep/aggregate.h"

#include <cmath>

#include "gtest/gtest.h"
#include "sim/report/csv.h"
#include "sim/sweep/sweep_csv.h"
#include "sim/sweep/sweep_table.h"
#include "tests/sim/sweep/fake_run.h"

namespace ftz::sim {
namespace {

using testing::RunFake;
using testing::Spec3x2x4;

// Rows of a 2-combination x 3-seed sweep of one instrument, with every outcome of the
// policy run set to policy[seed] (+ 100 for the second combination) and of the baseline
// to baseline[seed]: hand-computable statistics whatever the outcomes are called.
SweepRows HandRows(const std::vector<double>& policy, const std::vector<double>& baseline) {
  SweepRows rows;
  rows.spec.params.push_back({"NDPR-OX.floor.hard.price", {"100", "120"}, "USD/kg"});
  rows.spec.seeds = SeedRange(3);
  rows.infos["NDPR-OX"] = {"NDPR-OX", "NdPr oxide", "kg", "USD"};
  for (const SweepCell& c : ExpandGrid(rows.spec)) {
    SweepRow r;
    r.cell = c.index;
    r.values = c.values;
    r.seed = c.seed;
    r.symbol = "NDPR-OX";
    // An instrument that is a chain by itself: every outcome applies.
    r.policy.scope = r.baseline.scope = kInstrumentScope | kChainScope;
    for (const Outcome& o : SummaryOutcomes()) {
      r.policy.*o.member = policy[c.seed - 1] + 100.0 * c.combo;
      r.baseline.*o.member = baseline[c.seed - 1];
    }
    rows.rows.push_back(r);
  }
  return rows;
}

TEST(Aggregate, PairedDifferenceAgainstAHandComputedExample) {
  // Per-seed differences policy - baseline: 10-9, 12-10, 14-10 = 1, 2, 4.
  // mean = 7/3; sd = sqrt(((1-7/3)^2 + (2-7/3)^2 + (4-7/3)^2) / 2) = sqrt(7/3) = 1.527525;
  // half-width = t(0.975, 2) * sd / sqrt(3) = 4.302653 * 0.881917 = 3.794583.
  const SweepAggregate agg = Aggregate(HandRows({10, 12, 14}, {9, 10, 10}));
  ASSERT_EQ(agg.groups.size(), 2u);
  for (size_t k = 0; k < SummaryOutcomes().size(); ++k) {
    const MeanCi& d = agg.groups[0].difference[k];
    EXPECT_EQ(d.n, 3);
    EXPECT_NEAR(d.mean, 7.0 / 3, 1e-12);
    EXPECT_NEAR(d.sd, 1.527525, 1e-6);
    EXPECT_NEAR(d.half, 3.794583, 1e-6);
    EXPECT_NEAR(d.lo(), -1.461250, 1e-6);
    EXPECT_NEAR(d.hi(), 6.127917, 1e-6);
    // Not the difference of the two means' intervals: the policy alone has sd 2.
    EXPECT_NEAR(agg.groups[0].policy[k].sd, 2, 1e-12);
    EXPECT_NEAR(agg.groups[1].difference[k].mean, 100 + 7.0 / 3, 1e-12);
  }
}

TEST(Aggregate, SummaryCsvHasTheDifferenceVariantWithUnits) {
  const SweepAggregate agg = Aggregate(HandRows({10, 12, 14}, {9, 10, 10}));
  const std::string csv = SweepSummaryCsv(agg);
  EXPECT_EQ(
      csv.rfind("NDPR-OX.floor.hard.price,symbol,variant,outcome,unit,n,mean,sd,ci_lo,ci_hi\n", 0),
      0u);
  for (const Outcome& o : SummaryOutcomes()) {
    const std::string unit =
        o.kind == OutcomeKind::kShare ? "fraction" : OutcomeUnit(o.kind, &agg.infos.at("NDPR-OX"));
    const std::string difference =
        absl::StrCat("\n100,NDPR-OX,difference,", o.key, ",", unit, ",3,",
                     CsvNumber(agg.groups[0].difference[0].mean), ",",
                     CsvNumber(agg.groups[0].difference[0].sd), ",");
    EXPECT_EQ(csv.find(difference) != std::string::npos, HasBaseline(o)) << o.key << "\n" << csv;
    EXPECT_NE(csv.find(absl::StrCat("\n120,NDPR-OX,policy,", o.key, ",", unit, ",3,")),
              std::string::npos);
  }
}

TEST(Aggregate, MeansAndIntervalsPerCombinationOfARun) {
  const SweepRows rows = RunFake(Spec3x2x4(), 2);
  const SweepAggregate agg = Aggregate(rows);
  EXPECT_EQ(agg.symbols, (std::vector<std::string>{"NDPR-OX", "LI2CO3", "ALL"}));
  ASSERT_EQ(agg.groups.size(), 6u * 3u);
  EXPECT_EQ(agg.groups[0].values, (std::vector<std::string>{"100", "20"}));
  EXPECT_EQ(agg.groups[3].values, (std::vector<std::string>{"100", "30"}));
  EXPECT_TRUE(agg.missing_cells.empty());
  for (size_t k = 0; k < SummaryOutcomes().size(); ++k) {
    const Outcome& o = SummaryOutcomes()[k];
    if (!ReportsOutcome(agg, o, "NDPR-OX") || !HasBaseline(o)) continue;
    std::vector<double> policy, baseline;
    for (const SweepRow& r : rows.rows) {
      if (r.symbol == "NDPR-OX" && r.values == agg.groups[0].values) {
        policy.push_back(r.policy.*o.member);
        baseline.push_back(r.baseline.*o.member);
      }
    }
    ASSERT_EQ(policy.size(), 4u);
    const MeanCi want = MeanAndCi95(policy);
    const MeanCi want_difference = PairedDifferenceCi95(policy, baseline);
    EXPECT_EQ(agg.groups[0].policy[k].n, 4);
    EXPECT_DOUBLE_EQ(agg.groups[0].policy[k].mean, want.mean) << o.key;
    EXPECT_EQ(std::isnan(agg.groups[0].policy[k].half), std::isnan(want.half)) << o.key;
    EXPECT_DOUBLE_EQ(agg.groups[0].difference[k].mean, want_difference.mean) << o.key;
  }
}

TEST(SweepTable, EveryReportedOutcomeWithUnitsAndDifferences) {
  const SweepAggregate agg = Aggregate(RunFake(Spec3x2x4(), 2));
  const std::string table = FormatSweepTable(agg);
  EXPECT_NE(table.find("NDPR-OX.floor.hard.price (USD/kg) / periods"), std::string::npos) << table;
  EXPECT_NE(table.find("100 / 20"), std::string::npos);
  for (const Outcome& o : SummaryOutcomes()) {
    EXPECT_NE(
        table.find(absl::StrCat(o.label, " (", OutcomeUnit(o.kind, &agg.infos.at("NDPR-OX")), ")")),
        std::string::npos)
        << o.key;
  }
  EXPECT_NE(table.find("\u0394 vs baseline"), std::string::npos);
  // Six combinations: four side by side, then two.
  size_t headers = 0;
  for (size_t at = table.find("(USD/kg) / periods"); at != std::string::npos;
       at = table.find("(USD/kg) / periods", at + 1)) {
    ++headers;
  }
  EXPECT_EQ(headers, 2u * agg.symbols.size());
}

TEST(Format, MeanCiAndDifferences) {
  MeanCi m;
  m.n = 4;
  m.mean = 104712222;
  m.half = 8371805;
  EXPECT_EQ(FormatMeanCi(OutcomeKind::kMoney, m), "104.7M \u00b1 8.4M");
  EXPECT_EQ(FormatDifferenceCi(OutcomeKind::kMoney, m), "+104.7M \u00b1 8.4M");
  m.mean = 129.634;
  m.half = 0.0191;
  EXPECT_EQ(FormatMeanCi(OutcomeKind::kPrice, m), "129.63 \u00b1 0.02");
  m.mean = -12.3;
  EXPECT_EQ(FormatDifferenceCi(OutcomeKind::kPrice, m), "-12.30 \u00b1 0.02");
  m.mean = 0.618;
  m.half = 0.018;
  EXPECT_EQ(FormatMeanCi(OutcomeKind::kShare, m), "61.8% \u00b1 1.8%");
  m.mean = -0.018;
  m.half = 0.004;
  EXPECT_EQ(FormatDifferenceCi(OutcomeKind::kShare, m), "-1.8 pp \u00b1 0.4 pp");
  m.n = 1;
  m.mean = 7300.25;
  m.half = std::nan("");
  EXPECT_EQ(FormatMeanCi(OutcomeKind::kQuantity, m), "7,300.2");
  m.n = 0;
  EXPECT_EQ(FormatMeanCi(OutcomeKind::kQuantity, m), "n/a");
}

}  // namespace
}  // namespace ftz::sim
