#include "sim/sweep/run_sweep.h"

#include <algorithm>
#include <mutex>

#include "absl/strings/str_cat.h"
#include "sim/report/progress.h"
#include "sim/sweep/override_path.h"
#include "sim/sweep/parallel_for.h"
#include "sim/sweep/param_unit.h"

namespace ftz::sim {
namespace {

// The rows of one finished cell: per instrument of the policy run, with the baseline's
// summary of the same instrument.
std::vector<SweepRow> RowsOf(const SweepCell& cell, const PairedResult& result) {
  std::vector<SweepRow> rows;
  for (const RunSummary& p : result.policy.summary) {
    SweepRow row;
    row.cell = cell.index;
    row.values = cell.values;
    row.seed = cell.seed;
    row.symbol = p.symbol;
    row.policy = p;
    row.baseline.symbol = p.symbol;
    for (const RunSummary& b : result.baseline.summary) {
      if (b.symbol == p.symbol) row.baseline = b;
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace

absl::StatusOr<SweepRows> RunSweep(const scenario::Scenario& base, const SweepSpec& spec,
                                   const PairedRunFn& run, const SweepOptions& options) {
  if (spec.seeds.empty()) return absl::InvalidArgumentError("no seeds (--seeds N)");
  if (options.shards == 0 || options.shard >= options.shards) {
    return absl::InvalidArgumentError(
        absl::StrCat("bad shard ", options.shard, "/", options.shards));
  }
  // Every combination's scenario first: a bad path or value fails before any run.
  std::vector<scenario::Scenario> scenarios;
  for (size_t c = 0; c < ComboCount(spec); ++c) {
    const SweepCell cell = CellAt(spec, c * spec.seeds.size());
    scenario::Scenario s = base;
    for (size_t k = 0; k < spec.params.size(); ++k) {
      if (absl::Status st = ApplyOverride(&s, spec.params[k].path, cell.values[k]); !st.ok())
        return st;
    }
    scenarios.push_back(std::move(s));
  }

  SweepRows out;
  out.spec = spec;
  out.scenario = base.name();
  out.base_scenario = base;
  out.infos = InstrumentInfosFromMarket(EffectiveMarket(base));
  for (SweepParam& p : out.spec.params) p.unit = ParamUnit(base, p.path, out.infos);
  out.shard = options.shard;
  out.shards = options.shards;

  const std::vector<SweepCell> cells = ShardCells(spec, options.shard, options.shards);
  const size_t threads = std::clamp<size_t>(options.jobs, 1, std::max<size_t>(cells.size(), 1));
  ProgressBar bar(options.shards > 1
                      ? absl::StrCat("sweep shard ", options.shard, "/", options.shards)
                      : "sweep",
                  cells.size(), "cells", options.progress);
  // The fraction done of the cell each thread runs, for a smoothly moving bar.
  std::mutex partial_mu;
  std::vector<double> partial(threads, 0);
  auto set_partial = [&](size_t worker, double fraction) {
    std::lock_guard<std::mutex> lock(partial_mu);
    partial[worker] = fraction;
    double sum = 0;
    for (double x : partial) sum += x;
    bar.SetPartial(sum);
  };
  std::vector<std::vector<SweepRow>> results(cells.size());
  const absl::Status status = ParallelFor(cells.size(), threads, [&](size_t i, size_t worker) {
    const SweepCell& cell = cells[i];
    absl::StatusOr<PairedResult> r =
        run(scenarios[cell.combo], cell.seed, [&, worker](uint32_t done, uint32_t total) {
          if (total > 0) set_partial(worker, std::min(1.0, static_cast<double>(done) / total));
        });
    set_partial(worker, 0);
    if (!r.ok()) {
      return absl::Status(r.status().code(),
                          absl::StrCat(CellText(spec, cell.index), ": ", r.status().message()));
    }
    results[i] = RowsOf(cell, *r);
    bar.Add(1);
    return absl::OkStatus();
  });
  bar.Finish();
  if (!status.ok()) return status;
  for (std::vector<SweepRow>& rows : results) {
    for (SweepRow& r : rows) out.rows.push_back(std::move(r));
  }
  return out;
}

}  // namespace ftz::sim
