#include "matching/scenario.h"

#include <algorithm>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "vocabulary/text_format.h"

namespace ftz {

std::string FormatBook(const EngineState& engine, InstrumentId instrument) {
  if (instrument >= engine.instrument_count()) {
    return absl::StrFormat("BOOK i=%d unknown instrument\n", instrument);
  }
  const OrderBook& book = engine.book(instrument);
  std::string out = absl::StrFormat("BOOK i=%d %s%s\n", instrument, book.spec().symbol,
                                    book.halted() ? " HALTED" : "");
  auto level_line = [&](const char* side, Price price, const PriceLevel& level) {
    std::string s =
        absl::StrFormat("  %s px=%d qty=%d orders=%d :", side, price, level.qty, level.count);
    for (OrderHandle h = level.head; h != kNoOrder; h = engine.pool()[h].next) {
      const Order& o = engine.pool()[h];
      absl::StrAppendFormat(&s, " %d/p%d:%d", o.id, o.participant, o.leaves);
    }
    return s + "\n";
  };
  std::vector<std::string> asks;
  book.asks().ForEachLevel([&](Price price, const PriceLevel& level) {
    asks.push_back(level_line("ASK", price, level));
    return true;
  });
  std::reverse(asks.begin(), asks.end());
  for (const std::string& a : asks) out += a;
  if (book.asks().empty() && book.bids().empty()) out += "  (empty)\n";
  book.bids().ForEachLevel([&](Price price, const PriceLevel& level) {
    out += level_line("BID", price, level);
    return true;
  });
  return out;
}

absl::StatusOr<Scenario> ParseScenario(absl::string_view text) {
  Scenario sc;
  int line_no = 0;
  for (absl::string_view raw : absl::StrSplit(text, '\n')) {
    ++line_no;
    absl::string_view line = absl::StripAsciiWhitespace(raw);
    auto where = [&](const absl::Status& s) {
      return absl::InvalidArgumentError(absl::StrFormat("line %d: %s", line_no, s.message()));
    };
    if (line.empty() || line[0] == '#') continue;
    if (absl::StartsWith(line, "INSTRUMENT")) {
      if (!sc.steps.empty()) {
        return where(absl::InvalidArgumentError("INSTRUMENT after the first step"));
      }
      absl::StatusOr<InstrumentSpec> spec = ParseInstrument(line);
      if (!spec.ok()) return where(spec.status());
      sc.instruments.push_back(*std::move(spec));
      continue;
    }
    if (line[0] == '>') {
      ScenarioStep step;
      step.text = std::string(absl::StripAsciiWhitespace(line.substr(1)));
      step.line = line_no;
      absl::StatusOr<Command> cmd = ParseCommand(step.text);
      if (!cmd.ok()) return where(cmd.status());
      step.command = *cmd;
      sc.steps.push_back(std::move(step));
      continue;
    }
    if (IsEventLine(line)) {
      if (sc.steps.empty()) return where(absl::InvalidArgumentError("event line before any step"));
      sc.steps.back().expected.push_back(std::string(line));
      continue;
    }
    return where(absl::InvalidArgumentError(absl::StrFormat("cannot read '%s'", line)));
  }
  return sc;
}

std::vector<std::vector<std::string>> RunSteps(const Scenario& scenario, SubmitFn submit) {
  std::vector<std::vector<std::string>> actual;
  EventBuffer out;
  for (const ScenarioStep& step : scenario.steps) {
    out.Clear();
    submit(step.command, out);
    std::vector<std::string>& lines = actual.emplace_back();
    for (const Event& e : out) lines.push_back(FormatEvent(e));
  }
  return actual;
}

absl::StatusOr<std::vector<std::vector<std::string>>> RunScenario(const Scenario& scenario,
                                                                  Engine& engine) {
  for (const InstrumentSpec& spec : scenario.instruments) {
    absl::StatusOr<InstrumentId> id = engine.AddInstrument(spec);
    if (!id.ok()) return id.status();
  }
  return RunSteps(scenario, [&](const Command& cmd, EventBuffer& out) { engine.Submit(cmd, out); });
}

}  // namespace ftz
