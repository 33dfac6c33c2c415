// Plain-text forms of the matching core's values: one stable line per event, a small
// command language, a book listing and the golden scenario format (tests/matching/golden).
// Pure string functions: no I/O.
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "matching/command.h"
#include "matching/engine.h"
#include "matching/event.h"
#include "matching/instrument.h"

namespace ftz {

// One line per event, e.g.
//   TRADE i=0 id=3 px=1884 qty=100 aggr=BUY maker=5/p2 taker=7/c9/p1 mleaves=0 tleaves=50
// Order references are id[/c<client id> when non-zero]/p<participant>.
std::string FormatEvent(const Event& e);

// The command language (tokens separated by blanks; keys in any order):
//   NEW p=1 i=0 BUY LIMIT px=100 qty=10 cid=7 tif=GTC stp=CANCEL_OLDEST post_only
//   NEW p=1 SELL MARKET qty=5             (market: tif defaults to IOC)
//   CANCEL p=1 id=3 | CANCEL p=1 cid=7    (optional i=)
//   REPLACE p=1 id=3 px=101 qty=5         (or cid=7 instead of id=)
//   MASS_CANCEL p=1 [i=0] [side=BUY]      (i= and side= are filters)
//   END_PERIOD
//   HALT i=0 | RESUME i=0 | SET_FLOOR i=0 px=1500 | SET_TARIFF i=0 qty=250   (admin)
// Defaults: p=0 i=0 BUY LIMIT tif=GTC stp=NONE. Side may be written BUY/SELL or side=,
// the type LIMIT/MARKET or type=, origin as two letters (origin=AU). Errors name the
// offending token.
absl::StatusOr<Command> ParseCommand(absl::string_view line);
// The inverse of ParseCommand: ParseCommand(FormatCommand(c)) gives back c's used fields.
std::string FormatCommand(const Command& c);

// The book of one instrument, asks from worst (highest) to best, then bids from best to
// worst; each level with its total, order count and orders (id/p<participant>:leaves)
// in time priority.
std::string FormatBook(const Engine& engine, InstrumentId instrument);

// Golden scenario files. Line-based:
//   # comment                   (kept by --update)
//   INSTRUMENT sym=CU min=1 max=100000 max_qty=1000000   (before the first step)
//   > <command>                 a command (see ParseCommand) ...
//   <event line>                ... followed by exactly the FormatEvent lines it emits
// Blank lines are ignored. An event line is one whose first word is an event kind
// (ACCEPTED, REJECTED, TRADE, CANCELLED, REPLACED, EXPIRED, LEVEL, POLICY).
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
// Adds the scenario's instruments to `engine` (which should be fresh) and runs every
// step; returns the FormatEvent lines of each step, in step order.
absl::StatusOr<std::vector<std::vector<std::string>>> RunScenario(const Scenario& scenario,
                                                                  Engine& engine);
absl::StatusOr<InstrumentSpec> ParseInstrument(absl::string_view line);
// True when the line's first word is an event kind name.
bool IsEventLine(absl::string_view line);

}  // namespace ftz
