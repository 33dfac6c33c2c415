// Helpers shared by the matching tests.
#pragma once

#include <string>
#include <vector>

#include "absl/strings/str_format.h"
#include "matching/engine.h"
#include "matching/scenario.h"
#include "vocabulary/text_format.h"

namespace ftz::testing {

// "" when the two events are equal in every field the kind uses, else the first
// differing field with both values.
inline std::string EventDiff(const Event& a, const Event& b) {
#define FTZ_FIELD(expr)                                                         \
  if (a.expr != b.expr) {                                                       \
    return absl::StrFormat("%s: %d vs %d", #expr, static_cast<int64_t>(a.expr), \
                           static_cast<int64_t>(b.expr));                       \
  }
#define FTZ_REF(expr)       \
  FTZ_FIELD(expr.order_id)  \
  FTZ_FIELD(expr.client_id) \
  FTZ_FIELD(expr.participant)
  FTZ_FIELD(kind)
  FTZ_FIELD(instrument)
  switch (a.kind) {
    case EventKind::kAccepted:
      FTZ_REF(accepted.order)
      FTZ_FIELD(accepted.side)
      FTZ_FIELD(accepted.type)
      FTZ_FIELD(accepted.tif)
      FTZ_FIELD(accepted.price)
      FTZ_FIELD(accepted.qty)
      break;
    case EventKind::kRejected:
      FTZ_REF(rejected.order)
      FTZ_FIELD(rejected.command)
      FTZ_FIELD(rejected.reason)
      FTZ_FIELD(rejected.side)
      FTZ_FIELD(rejected.price)
      FTZ_FIELD(rejected.qty)
      FTZ_FIELD(rejected.limit)
      FTZ_FIELD(rejected.order_price)
      FTZ_FIELD(rejected.order_leaves)
      break;
    case EventKind::kTrade:
      FTZ_FIELD(trade.trade_id)
      FTZ_FIELD(trade.aggressor)
      FTZ_FIELD(trade.price)
      FTZ_FIELD(trade.qty)
      FTZ_REF(trade.maker)
      FTZ_REF(trade.taker)
      FTZ_FIELD(trade.maker_leaves)
      FTZ_FIELD(trade.taker_leaves)
      FTZ_FIELD(trade.duty)
      FTZ_FIELD(trade.top_up)
      break;
    case EventKind::kCancelled:
    case EventKind::kExpired:
      FTZ_REF(cancelled.order)
      FTZ_FIELD(cancelled.side)
      FTZ_FIELD(cancelled.reason)
      FTZ_FIELD(cancelled.price)
      FTZ_FIELD(cancelled.leaves)
      break;
    case EventKind::kReplaced:
      FTZ_REF(replaced.order)
      FTZ_FIELD(replaced.side)
      FTZ_FIELD(replaced.priority_kept)
      FTZ_FIELD(replaced.old_price)
      FTZ_FIELD(replaced.old_leaves)
      FTZ_FIELD(replaced.new_price)
      FTZ_FIELD(replaced.new_leaves)
      break;
    case EventKind::kLevelChanged:
      FTZ_FIELD(level.side)
      FTZ_FIELD(level.price)
      FTZ_FIELD(level.qty)
      FTZ_FIELD(level.orders)
      break;
    case EventKind::kStatusChanged:
      FTZ_FIELD(status.halted)
      break;
    default:  // the floor policy's kinds: the bare engine emits none
      return absl::StrFormat("unexpected %s event", ToString(a.kind));
  }
#undef FTZ_REF
#undef FTZ_FIELD
  return "";
}

// A small instrument for hand-written tests: band [1, 100000], max_qty 1000000.
inline InstrumentSpec TestSpec(std::string symbol = "CU", Price min_price = 1,
                               Price max_price = 100000, Qty max_qty = 1000000) {
  InstrumentSpec spec;
  spec.symbol = std::move(symbol);
  spec.min_price = min_price;
  spec.max_price = max_price;
  spec.max_qty = max_qty;
  return spec;
}

// Runs one command and returns its events as FormatEvent lines.
inline std::vector<std::string> Exec(Engine& engine, const Command& cmd) {
  EventBuffer out;
  engine.Submit(cmd, out);
  std::vector<std::string> lines;
  for (const Event& e : out) lines.push_back(FormatEvent(e));
  return lines;
}

// Runs a command written in the text language (see ParseCommand).
inline std::vector<std::string> Exec(Engine& engine, absl::string_view command) {
  absl::StatusOr<Command> cmd = ParseCommand(command);
  if (!cmd.ok()) return {std::string("PARSE ERROR: ") + std::string(cmd.status().message())};
  return Exec(engine, *cmd);
}

// Runs a command and returns its raw events.
inline std::vector<Event> RunEvents(Engine& engine, const Command& cmd) {
  EventBuffer out;
  engine.Submit(cmd, out);
  return std::vector<Event>(out.begin(), out.end());
}

}  // namespace ftz::testing
