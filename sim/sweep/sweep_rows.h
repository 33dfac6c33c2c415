// The rows of a sweep, or of a shard of one: per cell and instrument (and "ALL"), the
// run summaries of the policy run and its no-floor baseline, with what is needed to read
// and merge them (the grid, the scenario, the instruments' units).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "proto/scenario.pb.h"
#include "sim/report/summary_table.h"
#include "sim/results/run_result.h"
#include "sim/sweep/grid.h"

namespace ftz::sim {

// The summary row name of all instruments together (sim/runner.cc).
inline constexpr char kAllInstruments[] = "ALL";

struct SweepRow {
  size_t cell = 0;
  std::vector<std::string> values;  // the cell's parameter values (CellAt(spec, cell))
  uint64_t seed = 0;
  std::string symbol;
  RunSummary policy;
  RunSummary baseline;
};

struct SweepRows {
  SweepSpec spec;
  std::string scenario;              // its name, for reports
  scenario::Scenario base_scenario;  // before overrides; merge requires the same
  InstrumentInfos infos;             // units, for reports
  size_t shard = 0;                  // which slice of the grid these rows are
  size_t shards = 1;
  std::vector<SweepRow> rows;  // by cell, then in the run's summary order
};

}  // namespace ftz::sim
