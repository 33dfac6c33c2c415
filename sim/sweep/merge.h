// Merging the shard files of a sweep into the rows an unsharded run gives.
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "sim/sweep/sweep_rows.h"

namespace ftz::sim {

struct ShardInput {
  std::string name;  // e.g. the file's path, for messages
  SweepRows rows;
};

struct MergeOptions {
  // Merge the cells present when some are missing (the report lists the missing ones)
  // instead of failing.
  bool allow_missing = false;
};

// Combines shards of one sweep. Required: the same grid (paths, values and seeds) and
// the same base scenario; a cell present in two inputs must have identical rows (bit for
// bit), else the error names the cell and both inputs. Missing cells are an error that
// says which shards have no input and which cells are absent from the inputs given,
// unless `options.allow_missing`. The result is ordered by cell, so complete shards merge
// into exactly the rows of the unsharded run.
absl::StatusOr<SweepRows> MergeShards(const std::vector<ShardInput>& shards,
                                      const MergeOptions& options = {});

// The cells of the grid that `rows` has no row for, ascending.
std::vector<size_t> MissingCells(const SweepRows& rows);

}  // namespace ftz::sim
