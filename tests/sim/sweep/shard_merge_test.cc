#include <cstdio>
#include <filesystem>

#include "google/protobuf/util/field_comparator.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "sim/report/csv.h"
#include "sim/sweep/aggregate.h"
#include "sim/sweep/merge.h"
#include "sim/sweep/shard_file.h"
#include "sim/sweep/sweep_csv.h"
#include "sim/sweep/sweep_report.h"
#include "sim/sweep/sweep_table.h"
#include "tests/sim/sweep/fake_run.h"

namespace ftz::sim {
namespace {

using testing::RunFake;
using testing::Spec3x2x4;

std::string TempDir() {
  const std::string dir = ::testing::TempDir() + "/shard_merge_test";
  std::filesystem::create_directories(dir);
  return dir;
}

// Shard i of n through a shard file on disk.
ShardInput ShardThroughFile(const SweepSpec& spec, size_t i, size_t n) {
  const std::string path = absl::StrCat(TempDir(), "/", ShardFileName(i, n));
  EXPECT_TRUE(WriteShardFile(path, RunFake(spec, 2, i, n)).ok());
  absl::StatusOr<SweepRows> rows = ReadShardFile(path);
  EXPECT_TRUE(rows.ok()) << rows.status();
  return {path, rows.ok() ? *std::move(rows) : SweepRows()};
}

// Everything a sweep writes for people, as one string.
std::string Outputs(const SweepRows& rows) {
  const SweepAggregate agg = Aggregate(rows);
  return absl::StrCat(SweepRowsCsv(rows), "\n--\n", SweepSummaryCsv(agg), "\n--\n",
                      FormatSweepTable(agg), "\n--\n", RenderSweepReportHtml(agg));
}

TEST(ShardFile, RoundTripsExactly) {
  const SweepRows rows = RunFake(Spec3x2x4(), 2, 1, 3);
  absl::StatusOr<SweepRows> back = FromShardFile(ToShardFile(rows), "x");
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(back->shard, 1u);
  EXPECT_EQ(back->shards, 3u);
  EXPECT_EQ(back->spec.params[0].unit, "USD/kg");
  EXPECT_EQ(back->infos.size(), rows.infos.size());
  // Equal field by field (NaN, an outcome that does not apply, equals NaN).
  google::protobuf::util::DefaultFieldComparator nan_equal;
  nan_equal.set_treat_nan_as_equal(true);
  google::protobuf::util::MessageDifferencer differ;
  differ.set_field_comparator(&nan_equal);
  EXPECT_TRUE(differ.Compare(ToShardFile(*back), ToShardFile(rows)));
  EXPECT_EQ(SweepRowsCsv(*back), SweepRowsCsv(rows));
}

TEST(ShardFile, RefusesWhatIsNotAShardOfThisBuild) {
  const SweepRows rows = RunFake(Spec3x2x4(), 2, 1, 3);
  // An outcome renamed since the file was written.
  const std::string key = SummaryOutcomes()[0].key;
  sweep::ShardFile other_outcomes = ToShardFile(rows);
  other_outcomes.mutable_rows(0)->mutable_policy()->erase(key);
  (*other_outcomes.mutable_rows(0)->mutable_policy())[key + "_renamed"] = 1;
  absl::StatusOr<SweepRows> r = FromShardFile(other_outcomes, "old.binpb");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find(absl::StrCat(
                "old.binpb: cell 1 NDPR-OX: outcomes differ from this build's (written by "
                "another version of ftz?): missing ",
                key, "; unknown ", key, "_renamed")),
            std::string::npos)
      << r.status();
  sweep::ShardFile wrong_shard = ToShardFile(rows);
  wrong_shard.set_shard_index(0);
  r = FromShardFile(wrong_shard, "w");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("cell 1 is not in shard 0/3"), std::string::npos);
  sweep::ShardFile version = ToShardFile(rows);
  version.set_format_version(2);
  EXPECT_FALSE(FromShardFile(version, "v").ok());
  const std::string junk = TempDir() + "/junk.binpb";
  ASSERT_TRUE(WriteTextFile(junk, "cell,seed\n1,2\n").ok());
  EXPECT_FALSE(ReadShardFile(junk).ok());
}

TEST(Merge, ShardFilesEqualTheUnshardedRunByteForByte) {
  const SweepSpec spec = Spec3x2x4();
  const std::string full = Outputs(RunFake(spec, 2));
  for (size_t n : {2u, 3u, 7u, 30u}) {
    std::vector<ShardInput> shards;
    for (size_t i = n; i-- > 0;) shards.push_back(ShardThroughFile(spec, i, n));  // any order
    absl::StatusOr<SweepRows> merged = MergeShards(shards);
    ASSERT_TRUE(merged.ok()) << merged.status();
    EXPECT_EQ(Outputs(*merged), full) << n << " shards";
  }
}

TEST(Merge, MissingShardFailsNamingShardsAndCells) {
  const SweepSpec spec = Spec3x2x4();
  absl::StatusOr<SweepRows> r =
      MergeShards({ShardThroughFile(spec, 0, 4), ShardThroughFile(spec, 2, 4)});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(),
            "missing 12 of 24 cells: no file for shard 1/4 (6 cells); no file for shard 3/4 (6 "
            "cells). Give every shard file, or --allow_missing to merge the cells present");
  // A shard file that lacks some of its cells (e.g. written by hand or by another tool).
  std::vector<ShardInput> all;
  for (size_t i = 0; i < 4; ++i) all.push_back(ShardThroughFile(spec, i, 4));
  auto& rows = all[1].rows.rows;
  rows.erase(std::remove_if(rows.begin(), rows.end(),
                            [](const SweepRow& row) { return row.cell == 5 || row.cell == 9; }),
             rows.end());
  r = MergeShards(all);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("missing 2 of 24 cells: absent from the files given: cell 5 "
                                      "(NDPR-OX.floor.hard.price=100, periods=30, seed 2), cell 9 "
                                      "(NDPR-OX.floor.hard.price=110, periods=20, seed 2)."),
            std::string::npos)
      << r.status();
}

TEST(Merge, AllowMissingProceedsAndTheOutputsSayWhichCells) {
  const SweepSpec spec = Spec3x2x4();
  absl::StatusOr<SweepRows> r = MergeShards(
      {ShardThroughFile(spec, 0, 3), ShardThroughFile(spec, 1, 3)}, {.allow_missing = true});
  ASSERT_TRUE(r.ok()) << r.status();
  const SweepAggregate agg = Aggregate(*r);
  EXPECT_EQ(agg.cells_expected, 24u);
  EXPECT_EQ(agg.cells_present, 16u);
  ASSERT_EQ(agg.missing_cells.size(), 8u);
  EXPECT_EQ(agg.missing_cells[0], 2u);
  EXPECT_EQ(agg.missing_cells[7], 23u);
  const std::string missing_first = "cell 2 (NDPR-OX.floor.hard.price=100, periods=20, seed 3)";
  EXPECT_NE(FormatSweepTable(agg).find("Missing 8 cells: " + missing_first), std::string::npos);
  EXPECT_NE(RenderSweepReportHtml(agg).find("8 of 24 cells are missing"), std::string::npos);
  // n counts the seeds present.
  EXPECT_EQ(agg.groups[0].policy[0].n, 3);
}

TEST(Merge, DuplicateCellsMustBeIdentical) {
  const SweepSpec spec = Spec3x2x4();
  const ShardInput s0 = ShardThroughFile(spec, 0, 2);
  const ShardInput s1 = ShardThroughFile(spec, 1, 2);
  absl::StatusOr<SweepRows> once = MergeShards({s0, s1});
  absl::StatusOr<SweepRows> twice = MergeShards({s0, s1, s0});
  ASSERT_TRUE(once.ok() && twice.ok());
  EXPECT_EQ(SweepRowsCsv(*twice), SweepRowsCsv(*once));
  ShardInput changed = s0;
  changed.name = "changed.binpb";
  changed.rows.rows[4].baseline.*FindOutcome("total_surplus")->member += 1;  // cell 2, LI2CO3
  absl::StatusOr<SweepRows> bad = MergeShards({s0, s1, changed});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(),
            absl::StrCat("cell 2 (NDPR-OX.floor.hard.price=100, periods=20, seed 3) is in ",
                         s0.name, " and in changed.binpb with different results"));
}

TEST(Merge, RefusesShardsOfAnotherGridOrScenario) {
  const SweepSpec spec = Spec3x2x4();
  SweepSpec more_seeds = spec;
  more_seeds.seeds = SeedRange(5);
  const ShardInput s0 = ShardThroughFile(spec, 0, 2);
  absl::StatusOr<SweepRows> mixed = MergeShards({s0, {"other", RunFake(more_seeds, 1, 1, 2)}});
  ASSERT_FALSE(mixed.ok());
  EXPECT_NE(mixed.status().message().find("other is from a different grid"), std::string::npos);
  ShardInput renamed = ShardThroughFile(spec, 1, 2);
  renamed.rows.base_scenario.set_periods(99);
  absl::StatusOr<SweepRows> r = MergeShards({s0, renamed});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("ran on a different scenario"), std::string::npos);
}

}  // namespace
}  // namespace ftz::sim
