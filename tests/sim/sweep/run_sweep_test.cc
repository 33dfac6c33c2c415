#include "sim/sweep/run_sweep.h"

#include <atomic>
#include <mutex>
#include <set>

#include "gtest/gtest.h"
#include "sim/sweep/parallel_for.h"
#include "sim/sweep/sweep_csv.h"
#include "tests/sim/sweep/fake_run.h"

namespace ftz::sim {
namespace {

using testing::FakeRun;
using testing::Quiet;
using testing::RunFake;
using testing::Spec3x2x4;

TEST(ParallelFor, RunsEveryIndexOnceOnEachWorker) {
  for (size_t threads : {1u, 2u, 5u, 100u}) {
    std::mutex mu;
    std::multiset<size_t> seen;
    std::set<size_t> workers;
    ASSERT_TRUE(ParallelFor(37, threads, [&](size_t i, size_t worker) {
                  std::lock_guard<std::mutex> lock(mu);
                  seen.insert(i);
                  workers.insert(worker);
                  return absl::OkStatus();
                }).ok());
    ASSERT_EQ(seen.size(), 37u);
    for (size_t i = 0; i < 37; ++i) EXPECT_EQ(seen.count(i), 1u) << i;
    EXPECT_LT(*workers.rbegin(), std::min<size_t>(threads, 37));
  }
  EXPECT_TRUE(ParallelFor(0, 4, [](size_t, size_t) { return absl::UnknownError("never"); }).ok());
}

TEST(ParallelFor, StopsAfterAFailureAndReturnsTheLowestFailedIndex) {
  std::atomic<size_t> ran{0};
  const absl::Status s = ParallelFor(1000, 1, [&](size_t i, size_t) {
    ++ran;
    return i == 5 || i == 7 ? absl::InternalError(absl::StrCat("task ", i)) : absl::OkStatus();
  });
  EXPECT_EQ(s.message(), "task 5");
  EXPECT_EQ(ran.load(), 6u);  // one thread: nothing after the failure starts
  const absl::Status two = ParallelFor(1000, 2, [&](size_t i, size_t) {
    return i >= 3 ? absl::InternalError(absl::StrCat("task ", i)) : absl::OkStatus();
  });
  EXPECT_EQ(two.message(), "task 3");
}

TEST(RunSweep, RowsPerCellAndInstrument) {
  const SweepRows rows = RunFake(Spec3x2x4(), 1);
  ASSERT_EQ(rows.rows.size(), 24u * 3u);  // NDPR-OX, LI2CO3, ALL
  EXPECT_EQ(rows.rows[0].symbol, "NDPR-OX");
  EXPECT_EQ(rows.rows[2].symbol, "ALL");
  EXPECT_EQ(rows.rows[3].cell, 1u);
  // The override reached the run: the floor shows in the policy VWAP.
  const SweepRow& last = rows.rows[rows.rows.size() - 3];
  EXPECT_EQ(last.values[0], "120");
  EXPECT_GE(last.policy.vwap, 110);
  EXPECT_EQ(rows.infos.count("NDPR-OX"), 1u);
  EXPECT_EQ(rows.infos.at("NDPR-OX").unit, "kg");
  // The params get their units from the market.
  EXPECT_EQ(rows.spec.params[0].unit, "USD/kg");
  EXPECT_EQ(rows.spec.params[1].unit, "");
}

TEST(RunSweep, ParallelEqualsSerial) {
  EXPECT_EQ(SweepRowsCsv(RunFake(Spec3x2x4(), 1)), SweepRowsCsv(RunFake(Spec3x2x4(), 4)));
}

TEST(RunSweep, BadPathFailsBeforeRunning) {
  SweepSpec spec = Spec3x2x4();
  spec.params.push_back({"NDPR-OX.floor.hard.prize", {"1"}, ""});
  std::atomic<int> runs{0};
  auto counting = [&](const scenario::Scenario& s, uint64_t seed, const CellProgressFn&) {
    ++runs;
    return FakeRun(s, seed);
  };
  absl::StatusOr<SweepRows> r = RunSweep(scenario::Scenario(), spec, counting, Quiet(2));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("unknown field \"prize\""), std::string::npos);
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
  EXPECT_EQ(r.status().message(),
            "cell 6 (NDPR-OX.floor.hard.price=100, periods=30, seed 3): boom");
}

}  // namespace
}  // namespace ftz::sim
