// ftz sim [SCENARIO_FILE] [--out DIR] [--seed N]: one paired run (the policy and its
// no-floor baseline on the same seed), a progress bar while it runs, the summary table
// on stdout, and CSV files and an HTML report under DIR.
#include <cstdio>
#include <iostream>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "apps/sim_flags.h"
#include "apps/subcommand.h"
#include "sim/report/csv.h"
#include "sim/report/progress.h"
#include "sim/report/report_csv.h"
#include "sim/report/report_html.h"
#include "sim/report/summary_table.h"
#include "sim/runner.h"

ABSL_FLAG(bool, print_scenario, false,
          "print the scenario (the default one when no file is given) with its market written "
          "out, and exit: a starting point for your own scenario file");

namespace ftz::cli {

namespace {
constexpr char kUsage[] =
    "ftz sim [SCENARIO_FILE] [--out DIR] [--seed N] [--quiet] [--print_scenario]\n"
    "\n"
    "Runs a scenario (proto/scenario.proto, text format; default: the embedded one) twice on\n"
    "the same seed: with its floor policy, and as the no-floor baseline. Prints a summary\n"
    "table (policy, baseline, change per instrument) and writes under DIR (default out/sim):\n"
    "  report.html   self-contained report with plots (opens offline)\n"
    "  periods.csv   per period and instrument metrics, both variants (`variant` column)\n"
    "  trades.csv    the trade tape\n"
    "  summary.csv   totals per instrument\n"
    "  run.csv       seed, orders, run time, state hash per variant\n"
    "\n"
    "  --out DIR          output directory (created if missing)\n"
    "  --seed N           random seed (default: the scenario's)\n"
    "  --quiet            no progress bar\n"
    "  --print_scenario   print the scenario with its market, to copy and edit\n"
    "\n"
    "Example:\n"
    "  ftz sim --print_scenario > my.txtpb     # then edit floors, budgets, tariffs\n"
    "  ftz sim my.txtpb --seed 7 --out out/my-run";
}  // namespace

int SimMain(int argc, char** argv) {
  std::vector<std::string> args =
      ParseSubcommandFlags(argc, argv, kUsage, __FILE__, false, {"sim_flags.cc"});
  if (args.size() > 1) {
    std::cerr << "ftz sim: at most one scenario file\n";
    return 1;
  }
  std::string text;
  std::string origin;
  absl::StatusOr<scenario::Scenario> scenario =
      LoadScenario(args.empty() ? "" : args[0], &text, &origin);
  if (!scenario.ok()) {
    std::cerr << "ftz sim: " << scenario.status().message() << "\n";
    return 1;
  }
  if (absl::GetFlag(FLAGS_print_scenario)) {
    std::cout << ScenarioTextWithMarket(text);
    return 0;
  }
  const uint64_t seed = absl::GetFlag(FLAGS_seed) ? absl::GetFlag(FLAGS_seed) : scenario->seed();
  std::string out = absl::GetFlag(FLAGS_out);
  if (out.empty()) out = "out/sim";

  std::cerr << "ftz sim: " << (scenario->name().empty() ? origin : scenario->name()) << ", seed "
            << seed << ", " << scenario->periods() << " periods, policy and baseline\n";
  absl::StatusOr<sim::PairedResult> paired;
  {
    sim::ProgressBar bar("simulating", 0, "periods", !absl::GetFlag(FLAGS_quiet));
    paired = sim::RunPaired(*scenario, seed,
                            [&bar](uint32_t done, uint32_t total) { bar.Set(done, total); });
    bar.Finish();
  }
  if (!paired.ok()) {
    std::cerr << "ftz sim: " << paired.status().message() << "\n";
    return 1;
  }
  const sim::InstrumentInfos infos = ScenarioInstrumentInfos(*scenario);
  std::cout << sim::FormatSummaryTable(*paired, infos) << "\n";

  if (absl::Status s = sim::WritePairedCsvFiles(*paired, out); !s.ok()) {
    std::cerr << "ftz sim: " << s.message() << "\n";
    return 1;
  }
  sim::RunReportOptions options;
  options.description = scenario->description();
  options.command = CommandLine(argc, argv);
  options.infos = infos;
  options.scenario_source = args.empty() ? "embedded default" : origin;
  const std::string report = out + "/report.html";
  if (absl::Status s = sim::WriteTextFile(report, sim::RenderRunReportHtml(*paired, options));
      !s.ok()) {
    std::cerr << "ftz sim: " << s.message() << "\n";
    return 1;
  }
  std::cout << "Wrote:\n  " << report << "\n";
  for (const std::string& f : sim::RunCsvFileNames()) std::cout << "  " << out << "/" << f << "\n";
  return 0;
}

}  // namespace ftz::cli
