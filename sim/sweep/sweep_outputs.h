// The files of a finished (or merged) sweep, for people: sweep.csv, sweep_summary.csv
// and sweep.html. Each depends on the rows alone, so a merge of complete shards writes
// the same bytes as the unsharded run.
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "sim/sweep/sweep_rows.h"

namespace ftz::sim {

// Writes the three files under `dir` (created if missing); returns their paths.
absl::StatusOr<std::vector<std::string>> WriteSweepOutputs(const SweepRows& rows,
                                                           const std::string& dir);

}  // namespace ftz::sim
