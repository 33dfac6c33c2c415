// ftz replay: replays golden scenario files (tests/matching/golden/*.txt format, see
// matching/scenario.h) through a fresh matching engine each, and prints every command,
// its trades (or all its events with --events), whether each command's events match the
// file's expectations, and the final books.
//
//   ftz replay [--events] [--quiet] [file.txt ...]   (default: every bundled scenario)
//
// Exit status: 0 when every scenario ran and matched its expectations, 1 on a mismatch,
// 2 on an unreadable or malformed file.
//
// Its two switches are read here rather than as Abseil flags: flag names are global to
// the `ftz` binary, and `quiet` is the simulator's (apps/sim_flags.cc).
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_join.h"
#include "apps/journal_replay.h"
#include "matching/engine.h"
#include "matching/scenario.h"

#ifndef FTZ_GOLDEN_DIR
#define FTZ_GOLDEN_DIR "tests/matching/golden"
#endif

namespace ftz::cli {
namespace {

int ReplayFile(const std::string& path, bool all_events, bool quiet) {
  std::ifstream in(path);
  if (!in) {
    std::fprintf(stderr, "%s: cannot open\n", path.c_str());
    return 2;
  }
  std::stringstream ss;
  ss << in.rdbuf();
  absl::StatusOr<Scenario> scenario = ParseScenario(ss.str());
  if (!scenario.ok()) {
    std::fprintf(stderr, "%s: %s\n", path.c_str(),
                 std::string(scenario.status().message()).c_str());
    return 2;
  }
  Engine engine;
  absl::StatusOr<std::vector<std::vector<std::string>>> actual = RunScenario(*scenario, engine);
  if (!actual.ok()) {
    std::fprintf(stderr, "%s: %s\n", path.c_str(), std::string(actual.status().message()).c_str());
    return 2;
  }
  std::printf("=== %s (%zu commands)\n", path.c_str(), scenario->steps.size());
  int mismatches = 0;
  size_t trades = 0;
  for (size_t i = 0; i < scenario->steps.size(); ++i) {
    const ScenarioStep& step = scenario->steps[i];
    const std::vector<std::string>& got = (*actual)[i];
    const bool match = got == step.expected;
    mismatches += !match;
    if (!quiet || !match)
      std::printf("> %s%s\n", step.text.c_str(), match ? "" : "   <-- MISMATCH");
    for (const std::string& line : got) {
      const bool trade = absl::StartsWith(line, "TRADE");
      trades += trade;
      if ((!quiet && (all_events || trade)) || !match) std::printf("    %s\n", line.c_str());
    }
    if (!match) {
      std::printf("  expected (%s:%d):\n", path.c_str(), step.line);
      for (const std::string& line : step.expected) std::printf("    %s\n", line.c_str());
    }
  }
  for (InstrumentId id = 0; id < engine.instrument_count(); ++id) {
    std::printf("%s", FormatBook(engine, id).c_str());
  }
  const absl::Status valid = engine.Validate();
  std::printf("%zu trades, state hash %016llx, %s, %s\n", trades,
              static_cast<unsigned long long>(engine.StateHash()),
              mismatches == 0 ? "all events as expected"
                              : (std::to_string(mismatches) + " commands differ").c_str(),
              valid.ok() ? "books valid" : std::string(valid.message()).c_str());
  return mismatches == 0 && valid.ok() ? 0 : 1;
}

}  // namespace

int ReplayMain(int argc, char** argv) {
  // A directory is an exchange journal (apps/journal_replay.cc).
  for (int i = 1; i < argc; ++i) {
    std::error_code ec;
    if (argv[i][0] != '-' && std::filesystem::is_directory(argv[i], ec)) {
      return ReplayJournalMain(argc, argv);
    }
  }
  bool all_events = false;
  bool quiet = false;
  std::vector<std::string> files;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--events") == 0) {
      all_events = true;
    } else if (std::strcmp(argv[i], "--quiet") == 0) {
      quiet = true;
    } else if (std::strcmp(argv[i], "--help") == 0 || std::strcmp(argv[i], "-h") == 0) {
      std::printf(
          "usage: %s [--events] [--quiet] [scenario.txt ...]\n"
          "       %s JOURNAL_DIR [--events] [--from_snapshot] [--market=FILE | "
          "--builtin_market]\n"
          "default: every scenario in %s\n",
          argv[0], argv[0], FTZ_GOLDEN_DIR);
      return 0;
    } else {
      files.push_back(argv[i]);
    }
  }
  if (files.empty()) {
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(FTZ_GOLDEN_DIR, ec)) {
      if (entry.path().extension() == ".txt") files.push_back(entry.path().string());
    }
    if (ec || files.empty()) {
      std::fprintf(stderr, "no scenarios found in %s\n", FTZ_GOLDEN_DIR);
      return 2;
    }
    std::sort(files.begin(), files.end());
  }
  int worst = 0;
  for (const std::string& f : files) worst = std::max(worst, ReplayFile(f, all_events, quiet));
  std::printf("%zu scenario files, %s\n", files.size(), worst == 0 ? "all OK" : "FAILURES");
  return worst;
}

}  // namespace ftz::cli
