// Shard files: the rows of one shard of a sweep as a ftz.sweep.ShardFile message
// (proto/sweep.proto) in protobuf's binary format, written by `ftz sweep --shard i/N`
// and read by `ftz sweep merge`.
#pragma once

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "proto/sweep.pb.h"
#include "sim/sweep/sweep_rows.h"

namespace ftz::sim {

// "shard-3-of-8.binpb".
std::string ShardFileName(size_t shard, size_t shards);

// The message for `rows`: outcomes keyed by SummaryOutcomes()' keys.
sweep::ShardFile ToShardFile(const SweepRows& rows);
// The rows of a shard file. Errors (prefixed with `origin`) for another format version,
// a bad shard index, cells outside the grid or the shard, and outcome keys other than
// this build's SummaryOutcomes() (naming the keys missing and unknown).
absl::StatusOr<SweepRows> FromShardFile(const sweep::ShardFile& file, const std::string& origin);

// Writes `rows` to `path` (deterministic serialization; parent directories created). The
// file appears under its name only when complete (written aside, then renamed), so a
// killed job leaves no partial shard to merge.
absl::Status WriteShardFile(const std::string& path, const SweepRows& rows);
absl::StatusOr<SweepRows> ReadShardFile(const std::string& path);

}  // namespace ftz::sim
