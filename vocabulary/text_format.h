// Plain-text forms of the vocabulary: one stable line per event and a small command
// language (the golden scenarios of tests/matching/golden are written in them).
// Pure string functions: no I/O.
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "vocabulary/command.h"
#include "vocabulary/event.h"
#include "vocabulary/instrument.h"

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

// An instrument line of the golden scenarios: INSTRUMENT sym=CU min=1 max=100000 max_qty=1000
absl::StatusOr<InstrumentSpec> ParseInstrument(absl::string_view line);
// True when the line's first word is an event kind name.
bool IsEventLine(absl::string_view line);

}  // namespace ftz
