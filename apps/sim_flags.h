// Flags shared by the simulation subcommands (ftz sim, ftz sweep; reuse them in any
// other subcommand that runs scenarios rather than defining flags of the same names:
// absl flag names are global to the binary).
#pragma once

#include <cstdint>
#include <string>

#include "absl/flags/declare.h"
#include "absl/status/statusor.h"
#include "proto/scenario.pb.h"
#include "sim/report/summary_table.h"

ABSL_DECLARE_FLAG(std::string, out);
ABSL_DECLARE_FLAG(uint64_t, seed);
ABSL_DECLARE_FLAG(bool, quiet);

namespace ftz::cli {

// A scenario: the file's, or the embedded default when `path` is empty. Sets *text to
// the scenario's text and *origin to its name for messages.
absl::StatusOr<scenario::Scenario> LoadScenario(const std::string& path,
                                                std::string* text = nullptr,
                                                std::string* origin = nullptr);

// The scenario text with the embedded default market written out as its `market`
// block when it has none (so the floors, tariffs and budgets are there to edit).
std::string ScenarioTextWithMarket(const std::string& text);

// Units and product names of the scenario's instruments (its market, or the default).
sim::InstrumentInfos ScenarioInstrumentInfos(const scenario::Scenario& scenario);

// argv joined with spaces (quoted where needed), for reports.
std::string CommandLine(int argc, char** argv);

}  // namespace ftz::cli
