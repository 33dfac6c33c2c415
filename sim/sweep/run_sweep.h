// Running a sweep (or one shard of it): every cell a paired run, on a pool of threads,
// with a progress bar.
#pragma once

#include <cstdint>
#include <functional>

#include "absl/status/statusor.h"
#include "proto/scenario.pb.h"
#include "sim/results/run_result.h"
#include "sim/sweep/sweep_rows.h"

namespace ftz::sim {

// Progress of one cell's run: (periods done, periods in all), as sim::RunPaired reports.
using CellProgressFn = std::function<void(uint32_t done, uint32_t total)>;
// Runs one cell (e.g. sim::RunPaired); may report progress, which the bar shows as a
// fraction of a cell. Called from several threads at once.
using PairedRunFn = std::function<absl::StatusOr<PairedResult>(
    const scenario::Scenario& scenario, uint64_t seed, const CellProgressFn& progress)>;

struct SweepOptions {
  int jobs = 1;  // threads
  size_t shard = 0;
  size_t shards = 1;
  bool progress = true;  // progress bar on stderr
};

// Applies the overrides of every parameter combination to `base` (so bad paths or
// values fail before anything runs), then runs this shard's cells on `jobs` threads.
// Stops at the first failing run and returns its error, naming the cell. The rows are in
// cell order whatever the number of threads; the params get their units (ParamUnit).
absl::StatusOr<SweepRows> RunSweep(const scenario::Scenario& base, const SweepSpec& spec,
                                   const PairedRunFn& run, const SweepOptions& options);

}  // namespace ftz::sim
