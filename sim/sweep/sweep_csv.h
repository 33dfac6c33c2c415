// The CSV files of a sweep, for people and spreadsheets (shard files are protobuf:
// sim/sweep/shard_file.h). Numbers are written by CsvNumber (exact round trip).
#pragma once

#include <string>

#include "sim/sweep/aggregate.h"
#include "sim/sweep/sweep_rows.h"

namespace ftz::sim {

// sweep.csv: one row per cell and instrument:
//   cell, <param paths...>, seed, symbol, policy_<outcome>..., baseline_<outcome>...
// with every outcome of SummaryOutcomes().
std::string SweepRowsCsv(const SweepRows& rows);

// sweep_summary.csv, tidy statistics per combination, instrument, variant and outcome:
//   <param paths...>, symbol, variant, outcome, unit, n, mean, sd, ci_lo, ci_hi
// (unit: e.g. "USD/kg", "kg", "USD"; "fraction" for shares, which are written as 0..1).
// Variants: policy, baseline, and difference (the mean of the per-seed differences
// policy - baseline with its t interval); outcomes without a baseline have only the
// policy row; "ALL" only the outcomes meaningful summed over instruments.
std::string SweepSummaryCsv(const SweepAggregate& agg);

}  // namespace ftz::sim
