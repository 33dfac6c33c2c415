// Golden scenario files (tests/matching/golden) and the book listing of a tool's
// output: the matching core's plain-text forms beyond single values
// (vocabulary/text_format.h). Pure string functions: no I/O.
#pragma once

#include <string>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "matching/engine.h"
#include "matching/engine_state.h"
#include "vocabulary/command.h"
#include "vocabulary/event_buffer.h"
#include "vocabulary/instrument.h"

namespace ftz {

// The book of one instrument, asks from worst (highest) to best, then bids from best to
// worst; each level with its total, order count and orders (id/p<participant>:leaves)
// in time priority.
std::string FormatBook(const EngineState& engine, InstrumentId instrument);

// Golden scenario files. Line-based:
//   # comment                   (kept by --update)
//   INSTRUMENT sym=CU min=1 max=100000 max_qty=1000000   (before the first step)
//   > <command>                 a command (see ParseCommand) ...
//   <event line>                ... followed by exactly the FormatEvent lines it emits
// Blank lines are ignored. An event line is one whose first word is an event kind
// (ACCEPTED, REJECTED, TRADE, CANCELLED, REPLACED, EXPIRED, LEVEL, STATUS,
// and the floor policy's kinds).
struct ScenarioStep {
  Command command;
  std::string text;                   // the step line without "> "
  int line = 0;                       // 1-based line number in the file
  std::vector<std::string> expected;  // expected event lines, in order
};

struct Scenario {
  std::vector<InstrumentSpec> instruments;
  std::vector<ScenarioStep> steps;
};

absl::StatusOr<Scenario> ParseScenario(absl::string_view text);

// Runs every step through `submit` (an engine, or any other venue that has the
// scenario's instruments, in order) and returns the FormatEvent lines of each step, in
// step order.
using SubmitFn = absl::FunctionRef<void(const Command&, EventBuffer&)>;
std::vector<std::vector<std::string>> RunSteps(const Scenario& scenario, SubmitFn submit);
// Adds the scenario's instruments to `engine` (which should be fresh) and runs every
// step (RunSteps).
absl::StatusOr<std::vector<std::vector<std::string>>> RunScenario(const Scenario& scenario,
                                                                  Engine& engine);

}  // namespace ftz
