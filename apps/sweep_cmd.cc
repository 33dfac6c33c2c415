// ftz sweep [SCENARIO_FILE] --param PATH=v1,v2,... [--param ...] [--seeds N] [-j J]
//           [--out DIR] [--shard i/N]
// ftz sweep merge --out DIR [--allow_missing] SHARD_FILES...
//
// A grid of scenario overrides times seeds, each cell a paired run (policy and no-floor
// baseline), run on J threads with a progress bar; then means and 95% confidence
// intervals per parameter combination and instrument, as a table and as files.
#include <algorithm>
#include <cstring>
#include <iostream>
#include <thread>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "apps/sim_flags.h"
#include "apps/subcommand.h"
#include "sim/runner.h"
#include "sim/sweep/aggregate.h"
#include "sim/sweep/merge.h"
#include "sim/sweep/run_sweep.h"
#include "sim/sweep/shard_file.h"
#include "sim/sweep/sweep_outputs.h"
#include "sim/sweep/sweep_table.h"

ABSL_FLAG(uint64_t, seeds, 5, "seeds per parameter combination (seeds seed_base .. seed_base+N-1)");
ABSL_FLAG(uint64_t, seed_base, 1, "first seed of the sweep");
ABSL_FLAG(int, j, 0, "worker threads (0: one per core)");
ABSL_FLAG(std::string, shard, "",
          "i/N: run only the cells whose index % N == i and write a shard file for `merge`");
ABSL_FLAG(bool, allow_missing, false,
          "merge: proceed when cells are missing (the report names them) instead of failing");

namespace ftz::cli {

namespace {
constexpr char kUsage[] =
    "ftz sweep [SCENARIO_FILE] --param PATH=v1,v2,... [--param ...] [--seeds N] [-j J]\n"
    "          [--out DIR] [--shard i/N]\n"
    "ftz sweep merge --out DIR [--allow_missing] SHARD_FILES...\n"
    "\n"
    "Runs every combination of the --param values times N seeds as paired runs (policy and\n"
    "no-floor baseline) on J threads, then prints per instrument and combination every\n"
    "summary outcome's policy mean and the mean paired difference policy - baseline (same\n"
    "seed), each with its 95% confidence interval (Student's t), and writes under DIR\n"
    "(default out/sweep):\n"
    "  sweep.html          self-contained report: each outcome against the first swept\n"
    "                      parameter with 95% confidence bands, tables of means and of\n"
    "                      paired differences (opens offline)\n"
    "  sweep.csv           one row per cell and instrument: parameters, seed, every outcome\n"
    "                      of the policy run and the baseline\n"
    "  sweep_summary.csv   per combination, instrument, variant (policy, baseline,\n"
    "                      difference) and outcome: unit, n, mean, sd, ci_lo, ci_hi\n"
    "\n"
    "  --param PATH=v1,v2  a scenario field and its values (repeat for a grid). PATH:\n"
    "                        NDPR-OX.floor.hard.price        an instrument's field (by symbol)\n"
    "                        NDPR-OX.floor.stockpile.budget\n"
    "                        NDPR-OX.non_member_origin.tariff_rate\n"
    "                        periods, steps_per_period       scenario fields\n"
    "                        market.stockpile_total_budget   nested fields\n"
    "                        sellers[cn-miner].capacity      groups by name (or [index])\n"
    "  --seeds N           seeds per combination (default 5), starting at --seed_base (1)\n"
    "  -j J                worker threads (default: one per core)\n"
    "  --out DIR           output directory (created if missing)\n"
    "  --shard i/N         run slice i of N (cells with index % N == i) and write\n"
    "                      DIR/shard-i-of-N.binpb; combine the N files with `ftz sweep merge`\n"
    "  --allow_missing     merge: write the outputs from the cells present when shards are\n"
    "                      missing (otherwise an error names the missing shards and cells)\n"
    "  --quiet             no progress bar\n"
    "\n"
    "Example: three floor levels, 10 seeds each, on 2 threads:\n"
    "  ftz sweep --param NDPR-OX.floor.hard.price=90,110,130 --seeds 10 -j 2 --out out/floors\n"
    "On a cluster (a Slurm job array of 8 tasks: scripts/slurm/sweep_array.sbatch), then merge:\n"
    "  ftz sweep my.txtpb --param ... --shard $SLURM_ARRAY_TASK_ID/8 --out shards\n"
    "  ftz sweep merge --out out/floors shards/shard-*-of-8.binpb";

// Takes the --param flags out of argv (absl flags would split their values at commas).
std::vector<std::string> ExtractParams(int* argc, char** argv, std::string* error) {
  std::vector<std::string> params;
  int w = 1;
  for (int r = 1; r < *argc; ++r) {
    const char* a = argv[r];
    if (!std::strcmp(a, "--")) {
      while (r < *argc) argv[w++] = argv[r++];
      break;
    }
    if (!std::strcmp(a, "--param") || !std::strcmp(a, "-param")) {
      if (r + 1 >= *argc) {
        *error = "--param needs a value: PATH=v1,v2,...";
        return {};
      }
      params.push_back(argv[++r]);
    } else if (!std::strncmp(a, "--param=", 8)) {
      params.push_back(a + 8);
    } else if (!std::strncmp(a, "-param=", 7)) {
      params.push_back(a + 7);
    } else {
      argv[w++] = argv[r];
    }
  }
  *argc = w;
  argv[w] = nullptr;
  return params;
}

void PrintWritten(const std::vector<std::string>& paths) {
  std::cout << "Wrote:\n";
  for (const std::string& p : paths) std::cout << "  " << p << "\n";
}

int Merge(const std::vector<std::string>& files, const std::string& out) {
  if (files.empty()) {
    std::cerr << "ftz sweep merge: name the shard files, e.g. shards/shard-*-of-8.binpb\n";
    return 1;
  }
  std::vector<sim::ShardInput> shards;
  for (const std::string& f : files) {
    absl::StatusOr<sim::SweepRows> rows = sim::ReadShardFile(f);
    if (!rows.ok()) {
      std::cerr << "ftz sweep merge: " << rows.status().message() << "\n";
      return 1;
    }
    shards.push_back({f, *std::move(rows)});
  }
  absl::StatusOr<sim::SweepRows> merged =
      sim::MergeShards(shards, {.allow_missing = absl::GetFlag(FLAGS_allow_missing)});
  if (!merged.ok()) {
    std::cerr << "ftz sweep merge: " << merged.status().message() << "\n";
    return 1;
  }
  const sim::SweepAggregate agg = sim::Aggregate(*merged);
  std::cout << sim::FormatSweepTable(agg) << "\n";
  if (!agg.missing_cells.empty()) {
    std::cerr << "ftz sweep merge: warning: " << agg.missing_cells.size() << " of "
              << agg.cells_expected << " cells missing (--allow_missing); the outputs say which\n";
  }
  absl::StatusOr<std::vector<std::string>> written = sim::WriteSweepOutputs(*merged, out);
  if (!written.ok()) {
    std::cerr << "ftz sweep merge: " << written.status().message() << "\n";
    return 1;
  }
  PrintWritten(*written);
  return 0;
}

}  // namespace

int SweepMain(int argc, char** argv) {
  std::string error;
  const std::vector<std::string> param_texts = ExtractParams(&argc, argv, &error);
  if (!error.empty()) {
    std::cerr << "ftz sweep: " << error << "\n";
    return 1;
  }
  std::vector<std::string> args =
      ParseSubcommandFlags(argc, argv, kUsage, __FILE__, false, {"sim_flags.cc"});
  std::string out = absl::GetFlag(FLAGS_out);
  if (out.empty()) out = "out/sweep";

  if (!args.empty() && args[0] == "merge") {
    if (!param_texts.empty()) {
      std::cerr << "ftz sweep merge: --param is not used by merge (the grid is in the files)\n";
      return 1;
    }
    return Merge(std::vector<std::string>(args.begin() + 1, args.end()), out);
  }
  if (args.size() > 1) {
    std::cerr << "ftz sweep: at most one scenario file (got " << absl::StrJoin(args, " ") << ")\n";
    return 1;
  }
  absl::StatusOr<scenario::Scenario> scenario = LoadScenario(args.empty() ? "" : args[0]);
  if (!scenario.ok()) {
    std::cerr << "ftz sweep: " << scenario.status().message() << "\n";
    return 1;
  }
  sim::SweepSpec spec;
  for (const std::string& t : param_texts) {
    absl::StatusOr<sim::SweepParam> p = sim::ParseSweepParam(t);
    if (!p.ok()) {
      std::cerr << "ftz sweep: " << p.status().message() << "\n";
      return 1;
    }
    spec.params.push_back(std::move(*p));
  }
  if (absl::GetFlag(FLAGS_seeds) == 0) {
    std::cerr << "ftz sweep: --seeds must be at least 1\n";
    return 1;
  }
  spec.seeds = sim::SeedRange(absl::GetFlag(FLAGS_seeds), absl::GetFlag(FLAGS_seed_base));
  sim::SweepOptions options;
  options.jobs = absl::GetFlag(FLAGS_j);
  if (options.jobs <= 0)
    options.jobs = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  options.progress = !absl::GetFlag(FLAGS_quiet);
  if (const std::string shard = absl::GetFlag(FLAGS_shard); !shard.empty()) {
    if (absl::Status s = sim::ParseShard(shard, &options.shard, &options.shards); !s.ok()) {
      std::cerr << "ftz sweep: " << s.message() << "\n";
      return 1;
    }
  }
  const size_t cells = sim::GridSize(spec);
  const size_t mine = sim::ShardCells(spec, options.shard, options.shards).size();
  std::vector<std::string> dims;
  for (const sim::SweepParam& p : spec.params)
    dims.push_back(absl::StrCat(p.values.size(), " ", p.path));
  dims.push_back(absl::StrCat(spec.seeds.size(), " seeds"));
  std::cerr << "ftz sweep: " << (scenario->name().empty() ? "scenario" : scenario->name()) << ": "
            << absl::StrJoin(dims, " x ") << " = " << cells << " cells";
  if (options.shards > 1)
    std::cerr << "; shard " << options.shard << "/" << options.shards << ": " << mine << " cells";
  std::cerr << " (" << 2 * mine << " runs) on "
            << std::min<size_t>(options.jobs, std::max<size_t>(1, mine)) << " threads\n";

  absl::StatusOr<sim::SweepRows> rows = sim::RunSweep(
      *scenario, spec,
      [](const scenario::Scenario& s, uint64_t seed, const sim::CellProgressFn& progress) {
        return sim::RunPaired(s, seed, progress);
      },
      options);
  if (!rows.ok()) {
    std::cerr << "ftz sweep: " << rows.status().message() << "\n";
    return 1;
  }
  if (options.shards > 1) {
    const std::string path =
        absl::StrCat(out, "/", sim::ShardFileName(options.shard, options.shards));
    if (absl::Status s = sim::WriteShardFile(path, *rows); !s.ok()) {
      std::cerr << "ftz sweep: " << s.message() << "\n";
      return 1;
    }
    PrintWritten({path});
    std::cout << "When all " << options.shards
              << " shards are done:\n  ftz sweep merge --out out/sweep " << out << "/shard-*-of-"
              << options.shards << ".binpb\n";
    return 0;
  }
  std::cout << sim::FormatSweepTable(sim::Aggregate(*rows)) << "\n";
  absl::StatusOr<std::vector<std::string>> written = sim::WriteSweepOutputs(*rows, out);
  if (!written.ok()) {
    std::cerr << "ftz sweep: " << written.status().message() << "\n";
    return 1;
  }
  PrintWritten(*written);
  return 0;
}

}  // namespace ftz::cli
