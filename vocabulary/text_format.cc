#include "vocabulary/text_format.h"

#include <algorithm>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace ftz {
namespace {

std::string Ref(const OrderRef& r) {
  if (r.client_id != 0)
    return absl::StrFormat("%d/c%d/p%d", r.order_id, r.client_id, r.participant);
  return absl::StrFormat("%d/p%d", r.order_id, r.participant);
}

// "id=3 cid=7 p=1" (cid only when non-zero).
std::string OrderFields(const OrderRef& r) {
  if (r.client_id != 0) {
    return absl::StrFormat("id=%d cid=%d p=%d", r.order_id, r.client_id, r.participant);
  }
  return absl::StrFormat("id=%d p=%d", r.order_id, r.participant);
}

std::string OriginText(Jurisdiction j) {
  std::string s(2, ' ');
  s[0] = static_cast<char>(j >> 8);
  s[1] = static_cast<char>(j & 0xff);
  return s;
}

template <typename T, size_t N>
bool ParseEnum(absl::string_view text, const T (&values)[N], T* out) {
  for (T v : values) {
    if (text == ToString(v)) {
      *out = v;
      return true;
    }
  }
  return false;
}

constexpr Side kSides[] = {Side::kBuy, Side::kSell};
constexpr OrderType kTypes[] = {OrderType::kLimit, OrderType::kMarket};
constexpr TimeInForce kTifs[] = {TimeInForce::kGtc, TimeInForce::kDay, TimeInForce::kIoc,
                                 TimeInForce::kFok};
constexpr StpMode kStps[] = {StpMode::kNone, StpMode::kCancelNewest, StpMode::kCancelOldest,
                             StpMode::kCancelBoth};
constexpr CommandKind kKinds[] = {
    CommandKind::kNewOrder,   CommandKind::kCancel,    CommandKind::kReplace,
    CommandKind::kMassCancel, CommandKind::kEndPeriod, CommandKind::kSetFloor,
    CommandKind::kSetTariff,  CommandKind::kHalt,      CommandKind::kResume};

std::vector<absl::string_view> Words(absl::string_view line) {
  return absl::StrSplit(line, absl::ByAnyChar(" \t\r"), absl::SkipEmpty());
}

absl::Status BadToken(absl::string_view token, absl::string_view why, absl::string_view line) {
  return absl::InvalidArgumentError(
      absl::StrFormat("bad token '%s' (%s) in '%s'", token, why, absl::StripAsciiWhitespace(line)));
}

}  // namespace

std::string FormatEvent(const Event& e) {
  const char* kind = ToString(e.kind);
  switch (e.kind) {
    case EventKind::kAccepted: {
      const AcceptedEvent& a = e.accepted;
      return absl::StrFormat("%s i=%d %s %s %s %s px=%d qty=%d", kind, e.instrument,
                             OrderFields(a.order), ToString(a.side), ToString(a.type),
                             ToString(a.tif), a.price, a.qty);
    }
    case EventKind::kRejected: {
      const RejectedEvent& r = e.rejected;
      return absl::StrFormat("%s i=%d %s cmd=%s reason=%s %s px=%d qty=%d limit=%d", kind,
                             e.instrument, OrderFields(r.order), ToString(r.command),
                             ToString(r.reason), ToString(r.side), r.price, r.qty, r.limit);
    }
    case EventKind::kTrade: {
      const TradeEvent& t = e.trade;
      std::string s = absl::StrFormat(
          "%s i=%d id=%d px=%d qty=%d aggr=%s maker=%s taker=%s mleaves=%d tleaves=%d", kind,
          e.instrument, t.trade_id, t.price, t.qty, ToString(t.aggressor), Ref(t.maker),
          Ref(t.taker), t.maker_leaves, t.taker_leaves);
      if (t.duty != 0 || t.top_up != 0)
        absl::StrAppendFormat(&s, " duty=%d topup=%d", t.duty, t.top_up);
      return s;
    }
    case EventKind::kCancelled:
    case EventKind::kExpired: {
      const CancelledEvent& c = e.cancelled;
      return absl::StrFormat("%s i=%d %s %s px=%d leaves=%d reason=%s", kind, e.instrument,
                             OrderFields(c.order), ToString(c.side), c.price, c.leaves,
                             ToString(c.reason));
    }
    case EventKind::kReplaced: {
      const ReplacedEvent& r = e.replaced;
      return absl::StrFormat("%s i=%d %s %s old=%dx%d new=%dx%d priority=%s", kind, e.instrument,
                             OrderFields(r.order), ToString(r.side), r.old_price, r.old_leaves,
                             r.new_price, r.new_leaves, r.priority_kept ? "KEPT" : "LOST");
    }
    case EventKind::kLevelChanged: {
      const LevelChangedEvent& l = e.level;
      return absl::StrFormat("%s i=%d %s px=%d qty=%d orders=%d", kind, e.instrument,
                             ToString(l.side), l.price, l.qty, l.orders);
    }
    case EventKind::kStatusChanged:
      return absl::StrFormat("%s i=%d halted=%d", kind, e.instrument, e.status.halted ? 1 : 0);
    case EventKind::kFloorChanged: {
      const FloorChangedEvent& f = e.floor_changed;
      return absl::StrFormat("%s i=%d old=%d new=%d cause=%s", kind, e.instrument, f.old_floor,
                             f.new_floor, ToString(f.cause));
    }
    case EventKind::kTariffChanged:
      return absl::StrFormat("%s i=%d old=%d new=%d", kind, e.instrument, e.tariff_changed.old_bps,
                             e.tariff_changed.new_bps);
    case EventKind::kPeriodClosed: {
      const PeriodClosedEvent& p = e.period_closed;
      return absl::StrFormat("%s i=%d period=%d duties=%d topups=%d stockpile_net=%d", kind,
                             e.instrument, p.period, p.duties, p.top_ups, p.stockpile_net_spend);
    }
    case EventKind::kStockpileState: {
      const StockpileStateEvent& s = e.stockpile_state;
      return absl::StrFormat("%s i=%d p=%d bid=%d ask=%d inventory=%d budget=%d", kind,
                             e.instrument, s.stockpile, s.bid_qty, s.ask_qty, s.inventory,
                             s.budget_left);
    }
    case EventKind::kDuty:
    case EventKind::kTopUp: {
      const SellerPaymentEvent& p = e.payment;
      return absl::StrFormat("%s i=%d p=%d trade=%d qty=%d amount=%d", kind, e.instrument, p.seller,
                             p.trade_id, p.qty, p.amount);
    }
    case EventKind::kStockpileBuy:
    case EventKind::kStockpileRelease: {
      const StockpileTradeEvent& t = e.stockpile_trade;
      return absl::StrFormat("%s i=%d p=%d trade=%d qty=%d amount=%d budget=%d", kind, e.instrument,
                             t.counterparty, t.trade_id, t.qty, t.amount, t.budget_left);
    }
    case EventKind::kBudgetExhausted:
      return absl::StrFormat("%s i=%d p=%d budget=%d", kind, e.instrument,
                             e.budget_exhausted.stockpile, e.budget_exhausted.budget_left);
    case EventKind::kTransshipment: {
      const TransshipmentEvent& t = e.transshipment;
      return absl::StrFormat("%s i=%d p=%d origin=%s attempts=%d rejected=%d", kind, e.instrument,
                             t.seller, OriginText(t.origin), t.attempts, t.rejected ? 1 : 0);
    }
  }
  return absl::StrFormat("EVENT kind=%d i=%d", static_cast<int>(e.kind), e.instrument);
}

absl::StatusOr<Command> ParseCommand(absl::string_view line) {
  std::vector<absl::string_view> words = Words(line);
  if (words.empty()) return absl::InvalidArgumentError("empty command");
  Command c;
  if (!ParseEnum(words[0], kKinds, &c.kind)) {
    return BadToken(words[0],
                    "unknown command; want NEW, CANCEL, REPLACE, MASS_CANCEL, END_PERIOD, HALT, "
                    "RESUME, SET_FLOOR or SET_TARIFF",
                    line);
  }
  bool tif_given = false;
  for (size_t i = 1; i < words.size(); ++i) {
    absl::string_view w = words[i];
    const size_t eq = w.find('=');
    if (eq == absl::string_view::npos) {
      if (ParseEnum(w, kSides, &c.side)) {
        c.filter_side = true;
      } else if (ParseEnum(w, kTypes, &c.type)) {
      } else if (ParseEnum(w, kTifs, &c.tif)) {
        tif_given = true;
      } else if (w == "post_only") {
        c.post_only = true;
      } else {
        return BadToken(w, "unknown word", line);
      }
      continue;
    }
    absl::string_view key = w.substr(0, eq);
    absl::string_view value = w.substr(eq + 1);
    auto number = [&](auto* out) -> absl::Status {
      if (!absl::SimpleAtoi(value, out)) return BadToken(w, "not a number in range", line);
      return absl::OkStatus();
    };
    absl::Status s;
    if (key == "p") {
      s = number(&c.participant);
    } else if (key == "i") {
      s = number(&c.instrument);
      c.filter_instrument = true;
    } else if (key == "px") {
      s = number(&c.price);
    } else if (key == "qty") {
      s = number(&c.qty);
    } else if (key == "cid") {
      s = number(&c.client_id);
    } else if (key == "id") {
      s = number(&c.order_id);
    } else if (key == "side") {
      if (!ParseEnum(value, kSides, &c.side)) return BadToken(w, "want BUY or SELL", line);
      c.filter_side = true;
    } else if (key == "type") {
      if (!ParseEnum(value, kTypes, &c.type)) return BadToken(w, "want LIMIT or MARKET", line);
    } else if (key == "tif") {
      if (!ParseEnum(value, kTifs, &c.tif)) return BadToken(w, "want GTC, DAY, IOC or FOK", line);
      tif_given = true;
    } else if (key == "stp") {
      if (!ParseEnum(value, kStps, &c.stp)) {
        return BadToken(w, "want NONE, CANCEL_NEWEST, CANCEL_OLDEST or CANCEL_BOTH", line);
      }
    } else if (key == "origin") {
      if (value.size() != 2) return BadToken(w, "want two letters", line);
      c.origin = MakeJurisdiction(value[0], value[1]);
    } else {
      return BadToken(w, "unknown key", line);
    }
    if (!s.ok()) return s;
  }
  if (c.kind == CommandKind::kNewOrder && c.type == OrderType::kMarket && !tif_given) {
    c.tif = TimeInForce::kIoc;
  }
  // Filters only mean something to mass cancel.
  if (c.kind != CommandKind::kMassCancel) {
    c.filter_instrument = false;
    c.filter_side = false;
  }
  return c;
}

std::string FormatCommand(const Command& c) {
  std::string s = ToString(c.kind);
  switch (c.kind) {
    case CommandKind::kNewOrder:
      absl::StrAppendFormat(&s, " p=%d i=%d %s %s", c.participant, c.instrument, ToString(c.side),
                            ToString(c.type));
      if (c.type == OrderType::kLimit) absl::StrAppendFormat(&s, " px=%d", c.price);
      absl::StrAppendFormat(&s, " qty=%d", c.qty);
      if (c.client_id != 0) absl::StrAppendFormat(&s, " cid=%d", c.client_id);
      if (c.order_id != 0) absl::StrAppendFormat(&s, " id=%d", c.order_id);  // ignored field
      absl::StrAppendFormat(&s, " tif=%s", ToString(c.tif));
      if (c.stp != StpMode::kNone) absl::StrAppendFormat(&s, " stp=%s", ToString(c.stp));
      if (c.post_only) absl::StrAppend(&s, " post_only");
      if (c.origin != 0) absl::StrAppendFormat(&s, " origin=%s", OriginText(c.origin));
      break;
    case CommandKind::kCancel:
    case CommandKind::kReplace:
      absl::StrAppendFormat(&s, " p=%d i=%d", c.participant, c.instrument);
      if (c.order_id != 0 || c.client_id == 0) absl::StrAppendFormat(&s, " id=%d", c.order_id);
      if (c.client_id != 0) absl::StrAppendFormat(&s, " cid=%d", c.client_id);
      if (c.kind == CommandKind::kReplace) {
        absl::StrAppendFormat(&s, " px=%d qty=%d", c.price, c.qty);
      }
      break;
    case CommandKind::kMassCancel:
      absl::StrAppendFormat(&s, " p=%d", c.participant);
      if (c.filter_instrument) absl::StrAppendFormat(&s, " i=%d", c.instrument);
      if (c.filter_side) absl::StrAppendFormat(&s, " side=%s", ToString(c.side));
      break;
    case CommandKind::kEndPeriod:
      break;
    case CommandKind::kHalt:
    case CommandKind::kResume:
      absl::StrAppendFormat(&s, " i=%d", c.instrument);
      break;
    case CommandKind::kSetFloor:
      absl::StrAppendFormat(&s, " i=%d px=%d", c.instrument, c.price);
      break;
    case CommandKind::kSetTariff:
      absl::StrAppendFormat(&s, " i=%d qty=%d", c.instrument, c.qty);
      break;
  }
  return s;
}

bool IsEventLine(absl::string_view line) {
  std::vector<absl::string_view> words = Words(line);
  if (words.empty()) return false;
  for (int k = 0; k < kEventKindCount; ++k) {
    if (words[0] == ToString(static_cast<EventKind>(k))) return true;
  }
  return false;
}

absl::StatusOr<InstrumentSpec> ParseInstrument(absl::string_view line) {
  std::vector<absl::string_view> words = Words(line);
  if (words.empty() || words[0] != "INSTRUMENT") {
    return absl::InvalidArgumentError(absl::StrFormat("not an INSTRUMENT line: '%s'", line));
  }
  InstrumentSpec spec;
  for (size_t i = 1; i < words.size(); ++i) {
    absl::string_view w = words[i];
    const size_t eq = w.find('=');
    if (eq == absl::string_view::npos) return BadToken(w, "want key=value", line);
    absl::string_view key = w.substr(0, eq);
    absl::string_view value = w.substr(eq + 1);
    bool ok = true;
    if (key == "sym") {
      spec.symbol = std::string(value);
    } else if (key == "min") {
      ok = absl::SimpleAtoi(value, &spec.min_price);
    } else if (key == "max") {
      ok = absl::SimpleAtoi(value, &spec.max_price);
    } else if (key == "max_qty") {
      ok = absl::SimpleAtoi(value, &spec.max_qty);
    } else {
      return BadToken(w, "unknown key; want sym, min, max or max_qty", line);
    }
    if (!ok) return BadToken(w, "not a number in range", line);
  }
  if (spec.symbol.empty())
    return absl::InvalidArgumentError(absl::StrFormat("no sym= in '%s'", line));
  return spec;
}

}  // namespace ftz
