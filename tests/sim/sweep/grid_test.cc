#include "sim/sweep/grid.h"

#include <set>

#include "gtest/gtest.h"
#include "tests/sim/sweep/fake_run.h"

namespace ftz::sim {
namespace {

using testing::Spec3x2x4;

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
    EXPECT_EQ(ComboOf(spec, cells[i].values), static_cast<int64_t>(i / 4));
    distinct.insert({cells[i].values, cells[i].seed});
  }
  EXPECT_EQ(distinct.size(), 24u);
  EXPECT_EQ(ComboOf(spec, {"100", "25"}), -1);
}

TEST(Grid, NoParamsIsSeedsOnly) {
  SweepSpec spec;
  spec.seeds = SeedRange(3, 10);
  const std::vector<SweepCell> cells = ExpandGrid(spec);
  ASSERT_EQ(cells.size(), 3u);
  EXPECT_EQ(cells[2].seed, 12u);
}

TEST(Grid, TextForMessages) {
  const SweepSpec spec = Spec3x2x4();
  EXPECT_EQ(CellText(spec, 13), "cell 13 (NDPR-OX.floor.hard.price=110, periods=30, seed 2)");
  EXPECT_EQ(CellListText(spec, {0, 1, 2}, 1),
            "cell 0 (NDPR-OX.floor.hard.price=100, periods=20, seed 1) and 2 more");
  EXPECT_EQ(GridText(spec), "NDPR-OX.floor.hard.price=100,110,120 periods=20,30 4 seeds");
  SweepSpec other = spec;
  other.params[0].unit = "USD/kg";  // units are derived: not part of the grid
  EXPECT_TRUE(SameGrid(spec, other));
  EXPECT_EQ(ParamLabel(other.params[0]), "NDPR-OX.floor.hard.price (USD/kg)");
  EXPECT_EQ(ParamLabel(other.params[1]), "periods");
  other.params[1].values = {"30", "20"};
  EXPECT_FALSE(SameGrid(spec, other));
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

}  // namespace
}  // namespace ftz::sim
