// Parameter sweeps: a grid of scenario overrides times seeds, run as paired runs on a
// pool of threads, summarised per parameter combination with means and 95% confidence
// intervals. Shardable: shard i of N runs the cells whose index % N == i and writes a
// shard file; MergeShards combines shard files into the same result as one unsharded
// run.
//
// Override paths (a small dotted syntax over the Scenario message, proto/scenario.proto):
//
//   periods                              a Scenario field
//   market.stockpile_total_budget        a nested field
//   sellers[outside].capacity            a repeated message element by its `name`
//                                        (or `symbol`) ...
//   sellers[0].capacity                  ... or by index
//   NDPR-OX.floor.hard.price             shorthand: a leading instrument symbol means
//                                        market.instruments[NDPR-OX]
//   NDPR-OX.floor.stockpile.budget
//   NDPR-OX.non_member_origin.tariff_rate
//   NDPR-OX.floor.hard.sell_below        enums by name (REPRICE) or number
//
// An instrument path on a scenario whose market is empty (the runner then uses the
// embedded default market) first copies the default market into the scenario.
//
// Grid order: the first --param varies slowest and the seed fastest; cell i of the grid
// is the same in every process, which is what makes sharding work.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "proto/scenario.pb.h"
#include "sim/run_result.h"
#include "sim/stats.h"
#include "sim/summary_table.h"

namespace ftz::sim {

// ---------------------------------------------------------------------------------
// Overrides

// Sets the field at `path` to `value` (parsed per the field's type). Errors name the
// path and say what is wrong (unknown field, not a message, index out of range, ...).
absl::Status ApplyOverride(scenario::Scenario* scenario, const std::string& path,
                           const std::string& value);
// Reads the field at `path` as text (for tests and messages).
absl::StatusOr<std::string> GetOverride(const scenario::Scenario& scenario,
                                        const std::string& path);

// ---------------------------------------------------------------------------------
// The grid

struct SweepParam {
  std::string path;
  std::vector<std::string> values;  // as given, e.g. {"100", "110", "120"}
};

struct SweepSpec {
  std::vector<SweepParam> params;
  std::vector<uint64_t> seeds;
};

// Parses "PATH=v1,v2,v3" (values may not be empty).
absl::StatusOr<SweepParam> ParseSweepParam(const std::string& text);
// Seeds base, base + 1, ..., base + n - 1.
std::vector<uint64_t> SeedRange(uint64_t n, uint64_t base = 1);

struct SweepCell {
  size_t index = 0;
  std::vector<std::string> values;  // one per param
  size_t combo = 0;                 // index of the parameter combination
  uint64_t seed = 0;
};

// Number of cells: product of the params' value counts times the number of seeds.
size_t GridSize(const SweepSpec& spec);
// All cells, in grid order.
std::vector<SweepCell> ExpandGrid(const SweepSpec& spec);
// The cells of shard `shard` of `shards` (index % shards == shard), in grid order.
std::vector<SweepCell> ShardCells(const SweepSpec& spec, size_t shard, size_t shards);
// Parses "i/N" (0 <= i < N).
absl::Status ParseShard(const std::string& text, size_t* shard, size_t* shards);

// ---------------------------------------------------------------------------------
// Results

// One row per cell and instrument (and "ALL").
struct SweepRow {
  size_t cell = 0;
  std::vector<std::string> values;
  uint64_t seed = 0;
  std::string symbol;
  RunSummary policy;
  RunSummary baseline;
};

// The rows of a sweep (or a shard of one) with what is needed to read and merge them.
struct SweepRows {
  SweepSpec spec;
  std::string scenario;   // name, for reports
  InstrumentInfos infos;  // units, for reports
  size_t shard = 0;
  size_t shards = 1;
  std::vector<SweepRow> rows;  // by cell, then in the run's summary order
};

// Mean and CI of every outcome (SummaryOutcomes() order) over seeds, per parameter
// combination and instrument.
struct SweepGroup {
  std::vector<std::string> values;
  std::string symbol;
  std::vector<MeanCi> policy;
  std::vector<MeanCi> baseline;
};

struct SweepAggregate {
  SweepSpec spec;
  std::string scenario;
  InstrumentInfos infos;
  size_t cells_expected = 0;
  size_t cells_present = 0;
  std::vector<std::string> symbols;  // in first-seen order ("ALL" last)
  std::vector<SweepGroup> groups;    // by parameter combination (grid order), then symbol
};

SweepAggregate Aggregate(const SweepRows& rows);

// The CSV of per-cell rows: a header comment block (lines starting with '#': format,
// shard, parameters with their values, seeds, scenario, instruments and units), then
//   cell, <param paths...>, seed, symbol, policy_<outcome>..., baseline_<outcome>...
// `with_meta` false leaves the comment block out (sweep.csv, for spreadsheets).
std::string SweepRowsCsv(const SweepRows& rows, bool with_meta);
// Parses a file written by SweepRowsCsv with the comment block.
absl::StatusOr<SweepRows> ParseSweepRowsCsv(const std::string& text, const std::string& origin);

// Combines shard files of one sweep: same grid (parameters, values and seeds) required;
// a cell present twice must have identical rows. Missing cells are allowed (the
// aggregate reports them); the result is what an unsharded run gives when complete.
absl::StatusOr<SweepRows> MergeShards(const std::vector<SweepRows>& shards);

// Tidy per-group statistics: params..., symbol, variant, outcome, n, mean, sd, ci_lo,
// ci_hi.
std::string SweepSummaryCsv(const SweepAggregate& agg);
// "mean ± half-width" with the same precision for both, compact from a million
// ("104.7M ± 8.4M"); shares as percentages; the mean alone when n < 2.
std::string FormatMeanCi(OutcomeKind kind, const MeanCi& m);

// The terminal table: per instrument, one row per parameter combination, key outcomes
// as "mean ± half-width".
std::string FormatSweepTable(const SweepAggregate& agg);

// ---------------------------------------------------------------------------------
// Running

// Progress of one cell's run: (periods done, periods in all), as sim::RunPaired reports.
using CellProgressFn = std::function<void(uint32_t done, uint32_t total)>;
// Runs one cell (e.g. sim::RunPaired); may report progress, which the bar shows as a
// fraction of a cell.
using PairedRunFn = std::function<absl::StatusOr<PairedResult>(
    const scenario::Scenario& scenario, uint64_t seed, const CellProgressFn& progress)>;

struct SweepOptions {
  int jobs = 1;
  size_t shard = 0;
  size_t shards = 1;
  bool progress = true;  // progress bar on stderr
};

// Applies the overrides of every parameter combination to `base` (so bad paths or
// values fail before anything runs), then runs this shard's cells on `jobs` threads.
// Stops at the first failing run and returns its error, naming the cell.
absl::StatusOr<SweepRows> RunSweep(const scenario::Scenario& base, const SweepSpec& spec,
                                   const PairedRunFn& run, const SweepOptions& options);

// Writes sweep.csv, sweep_summary.csv and sweep.html under `dir`; returns their paths.
// `command` (the command line) is shown in the report's footer.
absl::StatusOr<std::vector<std::string>> WriteSweepOutputs(const SweepRows& rows,
                                                           const std::string& dir,
                                                           const std::string& command = "");

}  // namespace ftz::sim
