// The grid of a parameter sweep: every combination of the swept parameters' values times
// the seeds. Cell i is the same in every process (the first parameter varies slowest,
// the seed fastest), which is what makes sharding work: shard i of N runs the cells
// whose index % N == i.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace ftz::sim {

struct SweepParam {
  std::string path;                 // an override path (sim/sweep/override_path.h)
  std::vector<std::string> values;  // as given, e.g. {"100", "110", "120"}
  std::string unit;  // for reports, e.g. "USD/kg" (sim/sweep/param_unit.h); "" if unknown
};

struct SweepSpec {
  std::vector<SweepParam> params;
  std::vector<uint64_t> seeds;
};

// "NDPR-OX.floor.hard.price (USD/kg)", or the path alone without a unit: axis labels and
// table headers.
std::string ParamLabel(const SweepParam& param);

// Parses "PATH=v1,v2,v3" (values may not be empty or repeat).
absl::StatusOr<SweepParam> ParseSweepParam(const std::string& text);
// Seeds base, base + 1, ..., base + n - 1.
std::vector<uint64_t> SeedRange(uint64_t n, uint64_t base = 1);

struct SweepCell {
  size_t index = 0;
  std::vector<std::string> values;  // one per param
  size_t combo = 0;                 // index of the parameter combination
  uint64_t seed = 0;
};

// Number of parameter combinations (1 without params).
size_t ComboCount(const SweepSpec& spec);
// Number of cells: combinations times seeds.
size_t GridSize(const SweepSpec& spec);
// Cell `index` (< GridSize(spec)).
SweepCell CellAt(const SweepSpec& spec, size_t index);
// All cells, in grid order.
std::vector<SweepCell> ExpandGrid(const SweepSpec& spec);
// The cells of shard `shard` of `shards` (index % shards == shard), in grid order.
std::vector<SweepCell> ShardCells(const SweepSpec& spec, size_t shard, size_t shards);
// Parses "i/N" (0 <= i < N).
absl::Status ParseShard(const std::string& text, size_t* shard, size_t* shards);

// The combination index of one value per param, or -1 if a value is not in the grid.
int64_t ComboOf(const SweepSpec& spec, const std::vector<std::string>& values);
// Same paths, values (in order) and seeds. Units are derived, not compared.
bool SameGrid(const SweepSpec& a, const SweepSpec& b);
// "NDPR-OX.floor.hard.price=100,110 periods=20 4 seeds", for messages.
std::string GridText(const SweepSpec& spec);
// "cell 5 (NDPR-OX.floor.hard.price=110, seed 2)", for messages.
std::string CellText(const SweepSpec& spec, size_t index);
// The cells of `cells` (sorted) as text, at most `max_listed` of them spelled out:
// "cell 1 (price=100, seed 2), cell 5 (...) and 7 more".
std::string CellListText(const SweepSpec& spec, const std::vector<size_t>& cells,
                         size_t max_listed);

}  // namespace ftz::sim
