// Commands: the only way to change an engine's state. A command is a plain value;
// the engine answers each one with events (see event.h).
#pragma once

#include "vocabulary/types.h"

namespace ftz {

enum class CommandKind : uint8_t {
  kNewOrder = 0,
  kCancel = 1,
  kReplace = 2,
  kMassCancel = 3,
  kEndPeriod = 4,  // expires every DAY order, then runs the policy's period end
  // Admin commands: the gateway forwards them from admin sessions only.
  kSetFloor = 5,   // instrument's hard floor := price (ticks); 0 removes it
  kSetTariff = 6,  // instrument's non-member ad valorem tariff := qty (basis points)
  kHalt = 7,       // instrument halted: new orders and replaces rejected HALTED
  kResume = 8,
};

// One flat struct for every kind keeps commands trivially copyable, easy to log and
// replay. Fields a kind does not use are ignored.
struct Command {
  CommandKind kind = CommandKind::kNewOrder;
  ParticipantId participant = 0;
  InstrumentId instrument = 0;

  // kNewOrder. For kCancel and kReplace, client_id names the target when order_id is 0.
  ClientOrderId client_id = 0;
  Side side = Side::kBuy;
  OrderType type = OrderType::kLimit;
  TimeInForce tif = TimeInForce::kGtc;
  StpMode stp = StpMode::kNone;
  bool post_only = false;
  // kMassCancel: the participant's orders, optionally only one instrument or side.
  bool filter_instrument = false;
  bool filter_side = false;
  Price price = 0;          // kNewOrder (ignored for market orders) and kReplace: the new price
  Qty qty = 0;              // kNewOrder: the quantity; kReplace: the new open (leaves) quantity
  Jurisdiction origin = 0;  // sells: declared origin of the material

  // kCancel and kReplace: the target order.
  OrderId order_id = 0;
};
// One cache line per command in a stream (the flags share the padding after post_only).
static_assert(sizeof(Command) == 64);

inline Command NewLimit(ParticipantId participant, InstrumentId instrument, Side side, Price price,
                        Qty qty, ClientOrderId client_id = 0) {
  Command c;
  c.kind = CommandKind::kNewOrder;
  c.participant = participant;
  c.instrument = instrument;
  c.side = side;
  c.price = price;
  c.qty = qty;
  c.client_id = client_id;
  return c;
}

inline Command NewMarket(ParticipantId participant, InstrumentId instrument, Side side, Qty qty,
                         ClientOrderId client_id = 0) {
  Command c = NewLimit(participant, instrument, side, 0, qty, client_id);
  c.type = OrderType::kMarket;
  c.tif = TimeInForce::kIoc;
  return c;
}

inline Command CancelOrder(ParticipantId participant, InstrumentId instrument, OrderId order_id) {
  Command c;
  c.kind = CommandKind::kCancel;
  c.participant = participant;
  c.instrument = instrument;
  c.order_id = order_id;
  return c;
}

inline Command ReplaceOrder(ParticipantId participant, InstrumentId instrument, OrderId order_id,
                            Price new_price, Qty new_qty) {
  Command c;
  c.kind = CommandKind::kReplace;
  c.participant = participant;
  c.instrument = instrument;
  c.order_id = order_id;
  c.price = new_price;
  c.qty = new_qty;
  return c;
}

inline Command MassCancel(ParticipantId participant) {
  Command c;
  c.kind = CommandKind::kMassCancel;
  c.participant = participant;
  return c;
}

inline Command AdminCommand(CommandKind kind, InstrumentId instrument, int64_t value = 0) {
  Command c;
  c.kind = kind;
  c.instrument = instrument;
  c.price = kind == CommandKind::kSetFloor ? value : 0;
  c.qty = kind == CommandKind::kSetTariff ? value : 0;
  return c;
}

inline Command EndPeriod() {
  Command c;
  c.kind = CommandKind::kEndPeriod;
  return c;
}

const char* ToString(CommandKind kind);

}  // namespace ftz
