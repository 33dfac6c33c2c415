#include "bindings/records.h"

#include <cstddef>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "vocabulary/command.h"
#include "vocabulary/event.h"
#include "vocabulary/types.h"

namespace py = pybind11;

namespace ftz::bindings {

namespace {

// The NumPy format of a member's type: enums as their underlying integer.
template <typename T>
std::string Format() {
  using U = std::remove_cvref_t<T>;
  if constexpr (std::is_enum_v<U>) {
    return Format<std::underlying_type_t<U>>();
  } else if constexpr (std::is_same_v<U, bool>) {
    return "?";
  } else {
    static_assert(std::is_integral_v<U>);
    return std::string(std::is_signed_v<U> ? "<i" : "<u") + std::to_string(sizeof(U));
  }
}

struct Field {
  const char* name;
  std::string format;
  size_t offset;
};

// A member of Struct (a path such as trade.maker.order_id) under a NumPy field name.
#define FTZ_FIELD(Struct, member, name) \
  Field { name, Format<decltype(std::declval<Struct&>().member)>(), offsetof(Struct, member) }
#define FTZ_EVENT(member, name) FTZ_FIELD(Event, member, name)
// The three fields of an OrderRef, prefixed (or not, for an event's own order).
#define FTZ_ORDER_REF(ref, prefix)                                                          \
  FTZ_EVENT(ref.order_id, prefix "order_id"), FTZ_EVENT(ref.client_id, prefix "client_id"), \
      FTZ_EVENT(ref.participant, prefix "participant")

py::dtype MakeDtype(const std::vector<Field>& fields, size_t itemsize) {
  py::list names, formats, offsets;
  for (const Field& f : fields) {
    names.append(f.name);
    formats.append(f.format);
    offsets.append(f.offset);
  }
  return py::dtype(names, formats, offsets, static_cast<py::ssize_t>(itemsize));
}

std::vector<Field> CommonEventFields() {
  return {FTZ_EVENT(kind, "kind"), FTZ_EVENT(instrument, "instrument")};
}

// Each kind's payload, in the order of its struct in vocabulary/event.h.
std::vector<std::pair<EventKind, std::vector<Field>>> PayloadFields() {
  const std::vector<Field> cancelled = {
      FTZ_ORDER_REF(cancelled.order, ""), FTZ_EVENT(cancelled.side, "side"),
      FTZ_EVENT(cancelled.reason, "reason"), FTZ_EVENT(cancelled.price, "price"),
      FTZ_EVENT(cancelled.leaves, "leaves")};
  const std::vector<Field> payment = {
      FTZ_EVENT(payment.seller, "seller"), FTZ_EVENT(payment.trade_id, "trade_id"),
      FTZ_EVENT(payment.qty, "qty"), FTZ_EVENT(payment.amount, "amount")};
  const std::vector<Field> stockpile_trade = {
      FTZ_EVENT(stockpile_trade.counterparty, "counterparty"),
      FTZ_EVENT(stockpile_trade.trade_id, "trade_id"), FTZ_EVENT(stockpile_trade.qty, "qty"),
      FTZ_EVENT(stockpile_trade.amount, "amount"),
      FTZ_EVENT(stockpile_trade.budget_left, "budget_left")};
  return {
      {EventKind::kAccepted,
       {FTZ_ORDER_REF(accepted.order, ""), FTZ_EVENT(accepted.side, "side"),
        FTZ_EVENT(accepted.type, "type"), FTZ_EVENT(accepted.tif, "tif"),
        FTZ_EVENT(accepted.price, "price"), FTZ_EVENT(accepted.qty, "qty")}},
      {EventKind::kRejected,
       {FTZ_ORDER_REF(rejected.order, ""), FTZ_EVENT(rejected.command, "command"),
        FTZ_EVENT(rejected.reason, "reason"), FTZ_EVENT(rejected.side, "side"),
        FTZ_EVENT(rejected.price, "price"), FTZ_EVENT(rejected.qty, "qty"),
        FTZ_EVENT(rejected.limit, "limit")}},
      {EventKind::kTrade,
       {FTZ_EVENT(trade.trade_id, "trade_id"), FTZ_EVENT(trade.aggressor, "aggressor"),
        FTZ_EVENT(trade.price, "price"), FTZ_EVENT(trade.qty, "qty"),
        FTZ_ORDER_REF(trade.maker, "maker_"), FTZ_ORDER_REF(trade.taker, "taker_"),
        FTZ_EVENT(trade.maker_leaves, "maker_leaves"),
        FTZ_EVENT(trade.taker_leaves, "taker_leaves"), FTZ_EVENT(trade.duty, "duty"),
        FTZ_EVENT(trade.top_up, "top_up")}},
      {EventKind::kCancelled, cancelled},
      {EventKind::kReplaced,
       {FTZ_ORDER_REF(replaced.order, ""), FTZ_EVENT(replaced.side, "side"),
        FTZ_EVENT(replaced.priority_kept, "priority_kept"),
        FTZ_EVENT(replaced.old_price, "old_price"), FTZ_EVENT(replaced.old_leaves, "old_leaves"),
        FTZ_EVENT(replaced.new_price, "new_price"), FTZ_EVENT(replaced.new_leaves, "new_leaves")}},
      {EventKind::kExpired, cancelled},
      {EventKind::kLevelChanged,
       {FTZ_EVENT(level.side, "side"), FTZ_EVENT(level.price, "price"), FTZ_EVENT(level.qty, "qty"),
        FTZ_EVENT(level.orders, "orders")}},
      {EventKind::kStatusChanged, {FTZ_EVENT(status.halted, "halted")}},
      {EventKind::kFloorChanged,
       {FTZ_EVENT(floor_changed.old_floor, "old_floor"),
        FTZ_EVENT(floor_changed.new_floor, "new_floor"), FTZ_EVENT(floor_changed.cause, "cause")}},
      {EventKind::kTariffChanged,
       {FTZ_EVENT(tariff_changed.old_bps, "old_bps"),
        FTZ_EVENT(tariff_changed.new_bps, "new_bps")}},
      {EventKind::kPeriodClosed,
       {FTZ_EVENT(period_closed.period, "period"), FTZ_EVENT(period_closed.duties, "duties"),
        FTZ_EVENT(period_closed.top_ups, "top_ups"),
        FTZ_EVENT(period_closed.stockpile_net_spend, "stockpile_net_spend")}},
      {EventKind::kStockpileState,
       {FTZ_EVENT(stockpile_state.stockpile, "stockpile"),
        FTZ_EVENT(stockpile_state.bid_qty, "bid_qty"),
        FTZ_EVENT(stockpile_state.ask_qty, "ask_qty"),
        FTZ_EVENT(stockpile_state.inventory, "inventory"),
        FTZ_EVENT(stockpile_state.budget_left, "budget_left")}},
      {EventKind::kDuty, payment},
      {EventKind::kTopUp, payment},
      {EventKind::kStockpileBuy, stockpile_trade},
      {EventKind::kStockpileRelease, stockpile_trade},
      {EventKind::kBudgetExhausted,
       {FTZ_EVENT(budget_exhausted.stockpile, "stockpile"),
        FTZ_EVENT(budget_exhausted.budget_left, "budget_left")}},
      {EventKind::kTransshipment,
       {FTZ_EVENT(transshipment.seller, "seller"), FTZ_EVENT(transshipment.origin, "origin"),
        FTZ_EVENT(transshipment.attempts, "attempts"),
        FTZ_EVENT(transshipment.rejected, "rejected")}},
  };
}

// {ToString(value): value} for the values of a one-byte enum that have a name (ToString
// says "?" for the others).
template <typename Enum>
py::dict NamesOf() {
  py::dict names;
  for (int v = 0; v < 256; ++v) {
    if (IsEnumerator(static_cast<Enum>(v))) names[py::str(ToString(static_cast<Enum>(v)))] = v;
  }
  return names;
}

}  // namespace

py::dtype CommandDtype() {
  return MakeDtype(
      {FTZ_FIELD(Command, kind, "kind"), FTZ_FIELD(Command, participant, "participant"),
       FTZ_FIELD(Command, instrument, "instrument"), FTZ_FIELD(Command, client_id, "client_id"),
       FTZ_FIELD(Command, side, "side"), FTZ_FIELD(Command, type, "type"),
       FTZ_FIELD(Command, tif, "tif"), FTZ_FIELD(Command, stp, "stp"),
       FTZ_FIELD(Command, post_only, "post_only"),
       FTZ_FIELD(Command, filter_instrument, "filter_instrument"),
       FTZ_FIELD(Command, filter_side, "filter_side"), FTZ_FIELD(Command, price, "price"),
       FTZ_FIELD(Command, qty, "qty"), FTZ_FIELD(Command, origin, "origin"),
       FTZ_FIELD(Command, order_id, "order_id")},
      sizeof(Command));
}

py::dtype EventDtype() {
  // The payload as opaque bytes, so that copies of an array (which copy fields only)
  // keep every kind's fields.
  std::vector<Field> fields = CommonEventFields();
  const size_t payload = offsetof(Event, accepted);
  fields.push_back({"payload", "|V" + std::to_string(sizeof(Event) - payload), payload});
  return MakeDtype(fields, sizeof(Event));
}

py::dict EventKindDtypes() {
  py::dict out;
  for (auto& [kind, payload] : PayloadFields()) {
    std::vector<Field> fields = CommonEventFields();
    fields.insert(fields.end(), payload.begin(), payload.end());
    out[py::int_(static_cast<int>(kind))] = MakeDtype(fields, sizeof(Event));
  }
  return out;
}

py::dict EnumNames() {
  py::dict out;
  out["CommandKind"] = NamesOf<CommandKind>();
  out["EventKind"] = NamesOf<EventKind>();
  out["Side"] = NamesOf<Side>();
  out["OrderType"] = NamesOf<OrderType>();
  out["TimeInForce"] = NamesOf<TimeInForce>();
  out["StpMode"] = NamesOf<StpMode>();
  out["RejectReason"] = NamesOf<RejectReason>();
  out["CancelReason"] = NamesOf<CancelReason>();
  out["FloorChangeCause"] = NamesOf<FloorChangeCause>();
  return out;
}

}  // namespace ftz::bindings
