#include "sim/sweep.h"

#include <atomic>
#include <cmath>
#include <set>

#include "gtest/gtest.h"
#include "market_config/market_config.h"
#include "sim/progress.h"
#include "tests/sim/synthetic.h"

namespace ftz::sim {
namespace {

SweepSpec Spec3x2x4() {
  SweepSpec spec;
  spec.params.push_back({"NDPR-OX.floor.hard.price", {"100", "110", "120"}});
  spec.params.push_back({"periods", {"20", "30"}});
  spec.seeds = SeedRange(4);
  return spec;
}

// ---------------------------------------------------------------------------------
// Grid and shards

TEST(Grid, ExpandsFirstParamSlowestSeedFastest) {
  const SweepSpec spec = Spec3x2x4();
  const std::vector<SweepCell> cells = ExpandGrid(spec);
  ASSERT_EQ(GridSize(spec), 24u);
  ASSERT_EQ(cells.size(), 24u);
  EXPECT_EQ(cells[0].values, (std::vector<std::string>{"100", "20"}));
  EXPECT_EQ(cells[0].seed, 1u);
  EXPECT_EQ(cells[1].seed, 2u);
  EXPECT_EQ(cells[4].values, (std::vector<std::string>{"100", "30"}));
  EXPECT_EQ(cells[8].values, (std::vector<std::string>{"110", "20"}));
  EXPECT_EQ(cells[23].values, (std::vector<std::string>{"120", "30"}));
  EXPECT_EQ(cells[23].seed, 4u);
  std::set<std::pair<std::vector<std::string>, uint64_t>> distinct;
  for (size_t i = 0; i < cells.size(); ++i) {
    EXPECT_EQ(cells[i].index, i);
    EXPECT_EQ(cells[i].combo, i / 4);
    distinct.insert({cells[i].values, cells[i].seed});
  }
  EXPECT_EQ(distinct.size(), 24u);
}

TEST(Grid, NoParamsIsSeedsOnly) {
  SweepSpec spec;
  spec.seeds = SeedRange(3, 10);
  const std::vector<SweepCell> cells = ExpandGrid(spec);
  ASSERT_EQ(cells.size(), 3u);
  EXPECT_EQ(cells[2].seed, 12u);
}

TEST(Shards, AreDisjointAndCoverTheGrid) {
  const SweepSpec spec = Spec3x2x4();
  for (size_t n : {1u, 2u, 3u, 5u, 24u, 30u}) {
    std::vector<int> seen(GridSize(spec), 0);
    for (size_t i = 0; i < n; ++i) {
      for (const SweepCell& c : ShardCells(spec, i, n)) {
        EXPECT_EQ(c.index % n, i);
        ++seen[c.index];
        const SweepCell full = ExpandGrid(spec)[c.index];
        EXPECT_EQ(c.values, full.values);
        EXPECT_EQ(c.seed, full.seed);
      }
    }
    for (size_t k = 0; k < seen.size(); ++k) EXPECT_EQ(seen[k], 1) << "cell " << k << " of " << n;
  }
}

TEST(Shards, ParseShard) {
  size_t i = 9, n = 9;
  ASSERT_TRUE(ParseShard("2/5", &i, &n).ok());
  EXPECT_EQ(i, 2u);
  EXPECT_EQ(n, 5u);
  EXPECT_FALSE(ParseShard("5/5", &i, &n).ok());
  EXPECT_FALSE(ParseShard("1/0", &i, &n).ok());
  EXPECT_FALSE(ParseShard("1", &i, &n).ok());
  EXPECT_FALSE(ParseShard("a/b", &i, &n).ok());
}

TEST(Params, Parse) {
  absl::StatusOr<SweepParam> p = ParseSweepParam("NDPR-OX.floor.hard.price=100, 110,120");
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(p->path, "NDPR-OX.floor.hard.price");
  EXPECT_EQ(p->values, (std::vector<std::string>{"100", "110", "120"}));
  EXPECT_FALSE(ParseSweepParam("no-equals").ok());
  EXPECT_FALSE(ParseSweepParam("=1,2").ok());
  EXPECT_FALSE(ParseSweepParam("x=1,,2").ok());
  EXPECT_FALSE(ParseSweepParam("x=1,1").ok());
}

// ---------------------------------------------------------------------------------
// Overrides

TEST(Override, ScenarioFields) {
  scenario::Scenario s;
  ASSERT_TRUE(ApplyOverride(&s, "periods", "30").ok());
  EXPECT_EQ(s.periods(), 30u);
  EXPECT_EQ(s.market().instruments_size(), 0);  // not touched: still the default market
  ASSERT_TRUE(ApplyOverride(&s, "name", "my run").ok());
  EXPECT_EQ(s.name(), "my run");
  EXPECT_EQ(*GetOverride(s, "periods"), "30");
}

TEST(Override, InstrumentShorthandOnDefaultMarket) {
  scenario::Scenario s;  // empty market: the runner's default
  ASSERT_TRUE(ApplyOverride(&s, "NDPR-OX.floor.hard.price", "125").ok());
  absl::StatusOr<config::Market> def = ParseMarketConfig(DefaultMarketText(), "<default market>");
  ASSERT_TRUE(def.ok());
  ASSERT_EQ(s.market().instruments_size(), def->instruments_size());
  bool found = false;
  for (const auto& i : s.market().instruments()) {
    if (i.symbol() == "NDPR-OX") {
      found = true;
      EXPECT_EQ(i.floor().hard().price(), 125);
      EXPECT_GT(i.floor().stockpile().budget(), 0);  // the rest of the default is kept
    }
  }
  EXPECT_TRUE(found);
  ASSERT_TRUE(ApplyOverride(&s, "NDPR-OX.floor.stockpile.budget", "1e9").ok());
  EXPECT_EQ(*GetOverride(s, "NDPR-OX.floor.stockpile.budget"), "1000000000");
  ASSERT_TRUE(ApplyOverride(&s, "NDPR-OX.non_member_origin.tariff_rate", "0.4").ok());
  EXPECT_EQ(*GetOverride(s, "market.instruments[NDPR-OX].non_member_origin.tariff_rate"), "0.4");
  ASSERT_TRUE(ApplyOverride(&s, "NDPR-OX.floor.hard.sell_below", "REPRICE").ok());
  EXPECT_EQ(*GetOverride(s, "NDPR-OX.floor.hard.sell_below"), "REPRICE");
  ASSERT_TRUE(ApplyOverride(&s, "NDPR-OX.non_member_origin.kind", "0").ok());
  EXPECT_EQ(*GetOverride(s, "NDPR-OX.non_member_origin.kind"), "DENY");
  ASSERT_TRUE(ApplyOverride(&s, "market.stockpile_total_budget", "2e10").ok());
  EXPECT_EQ(s.market().stockpile_total_budget(), 2e10);
  // By index too.
  ASSERT_TRUE(ApplyOverride(&s, "market.instruments[0].tick_size", "0.5").ok());
  EXPECT_EQ(s.market().instruments(0).tick_size(), 0.5);
}

TEST(Override, RepeatedGroupsByName) {
  scenario::Scenario s;
  auto* g = s.add_sellers();
  g->set_name("outside");
  g->set_capacity(10);
  s.add_sellers()->set_name("member");
  ASSERT_TRUE(ApplyOverride(&s, "sellers[outside].capacity", "250").ok());
  EXPECT_EQ(s.sellers(0).capacity(), 250);
  ASSERT_TRUE(ApplyOverride(&s, "sellers[1].cost.first", "12.5").ok());
  EXPECT_EQ(s.sellers(1).cost().first(), 12.5);
}

TEST(Override, ClearErrors) {
  scenario::Scenario s;
  s.add_sellers()->set_name("outside");
  struct Case {
    const char* path;
    const char* value;
    const char* says;
  };
  const Case cases[] = {
      {"perods", "3", "unknown field \"perods\""},
      {"NOPE.floor.hard.price", "1", "or an instrument symbol"},
      {"NDPR-OX.floor.hard.prize", "1",
       "unknown field \"prize\" in HardFloor (fields: price, sell_below)"},
      {"NDPR-OX.floor.hard", "1", "is a message"},
      {"NDPR-OX.floor.hard.price.x", "1", "is a value"},
      {"sellers.capacity", "1", "is repeated"},
      {"sellers[inside].capacity", "1", "no element \"inside\""},
      {"sellers[5].capacity", "1", "out of range"},
      {"periods[0]", "1", "not repeated"},
      {"periods", "-3", "is not a non-negative"},
      {"periods", "ten", "is not"},
      {"NDPR-OX.floor.hard.price", "cheap", "is not a number"},
      {"NDPR-OX.floor.hard.sell_below", "MAYBE", "REJECT, REPRICE"},
      {"", "1", "empty"},
      {"NDPR-OX.floor..price", "1", "empty path segment"},
  };
  for (const Case& c : cases) {
    scenario::Scenario copy = s;
    absl::Status st = ApplyOverride(&copy, c.path, c.value);
    ASSERT_FALSE(st.ok()) << c.path;
    EXPECT_NE(st.message().find(c.says), std::string::npos) << c.path << ": " << st.message();
    EXPECT_EQ(copy.SerializeAsString(), s.SerializeAsString()) << "changed on error: " << c.path;
  }
}

// ---------------------------------------------------------------------------------
// Running, CSV, merge, aggregation

// A fake paired run: deterministic in the scenario's floor and periods and the seed.
absl::StatusOr<PairedResult> FakeRun(const scenario::Scenario& s, uint64_t seed,
                                     const CellProgressFn& progress = {}) {
  if (progress) {
    for (uint32_t p = 1; p <= 4; ++p) progress(p, 4);
  }
  double floor = 0;
  for (const auto& i : s.market().instruments()) {
    if (i.symbol() == "NDPR-OX") floor = i.floor().hard().price();
  }
  return testing::SyntheticPaired(seed, s.periods() ? s.periods() : 10, {"NDPR-OX", "LI2CO3"},
                                  floor);
}

SweepOptions Quiet(int jobs, size_t shard = 0, size_t shards = 1) {
  SweepOptions o;
  o.jobs = jobs;
  o.shard = shard;
  o.shards = shards;
  o.progress = false;
  return o;
}

TEST(RunSweep, RowsPerCellAndInstrument) {
  const SweepSpec spec = Spec3x2x4();
  absl::StatusOr<SweepRows> rows = RunSweep(scenario::Scenario(), spec, FakeRun, Quiet(1));
  ASSERT_TRUE(rows.ok()) << rows.status();
  ASSERT_EQ(rows->rows.size(), 24u * 3u);  // NDPR-OX, LI2CO3, ALL
  EXPECT_EQ(rows->rows[0].symbol, "NDPR-OX");
  EXPECT_EQ(rows->rows[2].symbol, "ALL");
  EXPECT_EQ(rows->rows[3].cell, 1u);
  // The override reached the run: the floor shows in the policy VWAP.
  const SweepRow& last = rows->rows[rows->rows.size() - 3];
  EXPECT_EQ(last.values[0], "120");
  EXPECT_GE(last.policy.vwap, 110);
  EXPECT_EQ(rows->infos.count("NDPR-OX"), 1u);
  EXPECT_EQ(rows->infos.at("NDPR-OX").unit, "kg");
}

TEST(RunSweep, ParallelEqualsSerial) {
  const SweepSpec spec = Spec3x2x4();
  absl::StatusOr<SweepRows> a = RunSweep(scenario::Scenario(), spec, FakeRun, Quiet(1));
  absl::StatusOr<SweepRows> b = RunSweep(scenario::Scenario(), spec, FakeRun, Quiet(4));
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(SweepRowsCsv(*a, true), SweepRowsCsv(*b, true));
}

TEST(RunSweep, BadPathFailsBeforeRunning) {
  SweepSpec spec = Spec3x2x4();
  spec.params.push_back({"NDPR-OX.floor.hard.prize", {"1"}});
  std::atomic<int> runs{0};
  auto counting = [&](const scenario::Scenario& s, uint64_t seed, const CellProgressFn&) {
    ++runs;
    return FakeRun(s, seed);
  };
  absl::StatusOr<SweepRows> r = RunSweep(scenario::Scenario(), spec, counting, Quiet(2));
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(runs.load(), 0);
}

TEST(RunSweep, RunErrorNamesTheCell) {
  auto failing = [](const scenario::Scenario& s, uint64_t seed,
                    const CellProgressFn&) -> absl::StatusOr<PairedResult> {
    if (seed == 3 && s.periods() == 30) return absl::InvalidArgumentError("boom");
    return FakeRun(s, seed);
  };
  absl::StatusOr<SweepRows> r = RunSweep(scenario::Scenario(), Spec3x2x4(), failing, Quiet(1));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("periods=30, seed 3"), std::string::npos) << r.status();
  EXPECT_NE(r.status().message().find("boom"), std::string::npos);
}

TEST(SweepCsv, RoundTripWithAndWithoutHeaderBlock) {
  absl::StatusOr<SweepRows> rows = RunSweep(scenario::Scenario(), Spec3x2x4(), FakeRun, Quiet(2));
  ASSERT_TRUE(rows.ok());
  const std::string with = SweepRowsCsv(*rows, true);
  absl::StatusOr<SweepRows> back = ParseSweepRowsCsv(with, "x.csv");
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(SweepRowsCsv(*back, true), with);
  EXPECT_EQ(back->infos.size(), rows->infos.size());
  const std::string without = SweepRowsCsv(*rows, false);
  EXPECT_EQ(without.find('#'), std::string::npos);
  absl::StatusOr<SweepRows> back2 = ParseSweepRowsCsv(without, "sweep.csv");
  ASSERT_TRUE(back2.ok()) << back2.status();
  EXPECT_EQ(SweepSummaryCsv(Aggregate(*back2)), SweepSummaryCsv(Aggregate(*rows)));
  EXPECT_FALSE(ParseSweepRowsCsv("a,b\n1,2\n", "junk.csv").ok());
}

TEST(Merge, ShardsEqualUnshardedRun) {
  const SweepSpec spec = Spec3x2x4();
  absl::StatusOr<SweepRows> full = RunSweep(scenario::Scenario(), spec, FakeRun, Quiet(2));
  ASSERT_TRUE(full.ok());
  for (size_t n : {2u, 3u, 7u}) {
    std::vector<SweepRows> shards;
    // Through the shard file format, in scrambled order.
    for (size_t i = n; i-- > 0;) {
      absl::StatusOr<SweepRows> s = RunSweep(scenario::Scenario(), spec, FakeRun, Quiet(2, i, n));
      ASSERT_TRUE(s.ok());
      absl::StatusOr<SweepRows> parsed = ParseSweepRowsCsv(SweepRowsCsv(*s, true), "shard");
      ASSERT_TRUE(parsed.ok()) << parsed.status();
      EXPECT_EQ(parsed->shard, i);
      EXPECT_EQ(parsed->shards, n);
      shards.push_back(*parsed);
    }
    absl::StatusOr<SweepRows> merged = MergeShards(shards);
    ASSERT_TRUE(merged.ok()) << merged.status();
    EXPECT_EQ(SweepRowsCsv(*merged, false), SweepRowsCsv(*full, false)) << n;
    const SweepAggregate a = Aggregate(*merged);
    const SweepAggregate b = Aggregate(*full);
    EXPECT_EQ(a.cells_present, 24u);
    EXPECT_EQ(SweepSummaryCsv(a), SweepSummaryCsv(b));
    EXPECT_EQ(FormatSweepTable(a), FormatSweepTable(b));
  }
}

TEST(Merge, MissingShardIsReportedAndDuplicatesMustAgree) {
  const SweepSpec spec = Spec3x2x4();
  absl::StatusOr<SweepRows> s0 = RunSweep(scenario::Scenario(), spec, FakeRun, Quiet(1, 0, 3));
  absl::StatusOr<SweepRows> s1 = RunSweep(scenario::Scenario(), spec, FakeRun, Quiet(1, 1, 3));
  ASSERT_TRUE(s0.ok() && s1.ok());
  absl::StatusOr<SweepRows> partial = MergeShards({*s0, *s1});
  ASSERT_TRUE(partial.ok());
  const SweepAggregate agg = Aggregate(*partial);
  EXPECT_EQ(agg.cells_expected, 24u);
  EXPECT_EQ(agg.cells_present, 16u);
  // The same shard twice is harmless.
  absl::StatusOr<SweepRows> twice = MergeShards({*s0, *s0, *s1});
  ASSERT_TRUE(twice.ok());
  EXPECT_EQ(SweepRowsCsv(*twice, false), SweepRowsCsv(*partial, false));
  // A conflicting duplicate is an error.
  SweepRows bad = *s0;
  bad.rows[0].policy.vwap += 1;
  EXPECT_FALSE(MergeShards({*s0, bad}).ok());
  // So is a shard of another grid.
  SweepSpec other = spec;
  other.seeds = SeedRange(5);
  absl::StatusOr<SweepRows> o = RunSweep(scenario::Scenario(), other, FakeRun, Quiet(1, 2, 3));
  ASSERT_TRUE(o.ok());
  absl::StatusOr<SweepRows> mixed = MergeShards({*s0, *o});
  ASSERT_FALSE(mixed.ok());
  EXPECT_NE(mixed.status().message().find("different grid"), std::string::npos);
}

TEST(Aggregate, MeansAndIntervalsPerCombination) {
  const SweepSpec spec = Spec3x2x4();
  absl::StatusOr<SweepRows> rows = RunSweep(scenario::Scenario(), spec, FakeRun, Quiet(2));
  ASSERT_TRUE(rows.ok());
  const SweepAggregate agg = Aggregate(*rows);
  EXPECT_EQ(agg.symbols, (std::vector<std::string>{"NDPR-OX", "LI2CO3", "ALL"}));
  ASSERT_EQ(agg.groups.size(), 6u * 3u);
  EXPECT_EQ(agg.groups[0].values, (std::vector<std::string>{"100", "20"}));
  EXPECT_EQ(agg.groups[3].values, (std::vector<std::string>{"100", "30"}));
  // Check one mean and interval by hand.
  const Outcome* vwap = FindOutcome("vwap");
  const size_t k = static_cast<size_t>(vwap - SummaryOutcomes().data());
  std::vector<double> xs;
  for (const SweepRow& r : rows->rows) {
    if (r.symbol == "NDPR-OX" && r.values == agg.groups[0].values) xs.push_back(r.policy.vwap);
  }
  ASSERT_EQ(xs.size(), 4u);
  const MeanCi want = MeanAndCi95(xs);
  EXPECT_EQ(agg.groups[0].policy[k].n, 4);
  EXPECT_DOUBLE_EQ(agg.groups[0].policy[k].mean, want.mean);
  EXPECT_DOUBLE_EQ(agg.groups[0].policy[k].half, want.half);
  EXPECT_GT(want.half, 0);
  const std::string table = FormatSweepTable(agg);
  EXPECT_NE(table.find("\u00b1"), std::string::npos);
  EXPECT_NE(table.find("NDPR-OX.floor.hard.price"), std::string::npos);
  const std::string csv = SweepSummaryCsv(agg);
  EXPECT_EQ(
      csv.rfind("NDPR-OX.floor.hard.price,periods,symbol,variant,outcome,n,mean,sd,ci_lo,ci_hi\n",
                0),
      0u);
}

TEST(Format, MeanCi) {
  MeanCi m;
  m.n = 4;
  m.mean = 104712222;
  m.half = 8371805;
  EXPECT_EQ(FormatMeanCi(OutcomeKind::kMoney, m), "104.7M \u00b1 8.4M");
  m.mean = 129.634;
  m.half = 0.0191;
  EXPECT_EQ(FormatMeanCi(OutcomeKind::kPrice, m), "129.63 \u00b1 0.02");
  m.mean = 0.618;
  m.half = 0.018;
  EXPECT_EQ(FormatMeanCi(OutcomeKind::kShare, m), "61.8% \u00b1 1.8%");
  m.n = 1;
  m.mean = 7300.25;
  m.half = std::nan("");
  EXPECT_EQ(FormatMeanCi(OutcomeKind::kQuantity, m), "7,300.2");
  m.n = 0;
  EXPECT_EQ(FormatMeanCi(OutcomeKind::kQuantity, m), "n/a");
}

TEST(Progress, RendersCountsPercentAndEta) {
  EXPECT_EQ(ProgressBar::FormatDuration(7), "0:07");
  EXPECT_EQ(ProgressBar::FormatDuration(754), "12:34");
  EXPECT_EQ(ProgressBar::FormatDuration(3723), "1:02:03");
  const std::string line = ProgressBar::Render("sweep", 45, 270, "cells", 62, false);
  EXPECT_EQ(line, "sweep  45/270 cells   17%  elapsed 1:02  ETA 5:10");
  EXPECT_EQ(ProgressBar::Render("sweep", 1, 4, "cells", 10, false, 1.5),
            "sweep  1/4 cells   62%  elapsed 0:10  ETA 0:06");
  const std::string bar = ProgressBar::Render("sweep", 135, 270, "cells", 10, true);
  EXPECT_NE(bar.find("[\u2588\u2588"), std::string::npos) << bar;
  EXPECT_NE(bar.find("50%"), std::string::npos);
  EXPECT_EQ(ProgressBar::Render("x", 3, 3, "cells", 1, false).find("ETA"), std::string::npos);
}

}  // namespace
}  // namespace ftz::sim
