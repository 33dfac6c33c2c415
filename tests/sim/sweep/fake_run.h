// A fake paired run for sweep tests (no simulator): synthetic results, deterministic in
// the scenario's NDPR-OX hard floor and periods and the seed.
#pragma once

#include "sim/sweep/run_sweep.h"
#include "tests/sim/synthetic.h"

namespace ftz::sim::testing {

inline absl::StatusOr<PairedResult> FakeRun(const scenario::Scenario& s, uint64_t seed,
                                            const CellProgressFn& progress = {}) {
  if (progress) {
    for (uint32_t p = 1; p <= 4; ++p) progress(p, 4);
  }
  double floor = 0;
  for (const auto& i : s.market().instruments()) {
    if (i.symbol() == "NDPR-OX") floor = i.floor().hard().price();
  }
  return SyntheticPaired(seed, s.periods() ? s.periods() : 10, {"NDPR-OX", "LI2CO3"}, floor);
}

inline SweepOptions Quiet(int jobs, size_t shard = 0, size_t shards = 1) {
  return SweepOptions{.jobs = jobs, .shard = shard, .shards = shards, .progress = false};
}

// 3 floors x 2 period counts x 4 seeds = 24 cells.
inline SweepSpec Spec3x2x4() {
  SweepSpec spec;
  spec.params.push_back({"NDPR-OX.floor.hard.price", {"100", "110", "120"}, ""});
  spec.params.push_back({"periods", {"20", "30"}, ""});
  spec.seeds = SeedRange(4);
  return spec;
}

// The sweep of Spec3x2x4() (or its shard) on the default scenario.
inline SweepRows RunFake(const SweepSpec& spec, int jobs, size_t shard = 0, size_t shards = 1) {
  absl::StatusOr<SweepRows> rows =
      RunSweep(scenario::Scenario(), spec, FakeRun, Quiet(jobs, shard, shards));
  EXPECT_TRUE(rows.ok()) << rows.status();
  return rows.ok() ? *std::move(rows) : SweepRows();
}

}  // namespace ftz::sim::testing
