// Events: everything the exchange says. Each command produces zero or more events,
// appended in order to a caller-owned EventBuffer (event_buffer.h).
//
// An Event is a tagged union: `kind` names the one member of the union that is set.
// The matching engine emits the order and book events (kAccepted ... kStatusChanged);
// the floor policy emits the rest, each with its own typed payload.
#pragma once

#include <cstdint>

#include "vocabulary/command.h"
#include "vocabulary/types.h"

namespace ftz {

enum class EventKind : uint8_t {
  // The engine's.
  kAccepted = 0,       // a new order passed every check; it trades and/or rests next
  kRejected = 1,       // a command was refused; nothing changed
  kTrade = 2,          // one fill between a resting (maker) and an incoming (taker) order
  kCancelled = 3,      // an order left the book (see CancelReason)
  kReplaced = 4,       // a resting order's price and/or quantity changed; same order id
  kExpired = 5,        // a DAY order reached the end of its period
  kLevelChanged = 6,   // a price level's aggregate changed (qty 0: the level is gone)
  kStatusChanged = 7,  // an instrument was halted or resumed
  // The floor policy's state changes.
  kFloorChanged = 8,
  kTariffChanged = 9,
  kPeriodClosed = 10,
  kStockpileState = 11,
  // The floor policy's ledger entries.
  kDuty = 12,
  kTopUp = 13,
  kStockpileBuy = 14,
  kStockpileRelease = 15,
  kBudgetExhausted = 16,
  kTransshipment = 17,
};
constexpr int kEventKindCount = 18;

struct OrderRef {
  OrderId order_id;
  ClientOrderId client_id;
  ParticipantId participant;
};

struct AcceptedEvent {
  OrderRef order;
  Side side;
  OrderType type;
  TimeInForce tif;
  Price price;  // the price the order rests at (a tariffed ask: its landed price)
  Qty qty;
};

// A refused cancel or replace of the participant's own resting order names the order as
// it is (unchanged): order.order_id its id (also when the command named it by client id),
// side its side, order_price and order_leaves its price and open quantity now. For
// every other reject (new orders, unknown orders, another participant's order) those
// are the command's own order id and side, and 0.
struct RejectedEvent {
  OrderRef order;  // order_id: the target of a cancel or replace, else 0
  CommandKind command;
  RejectReason reason;
  Side side;
  Price price;  // the offending price or quantity, and the rule's limit, for the text
  Qty qty;
  int64_t limit;
  Price order_price;
  Qty order_leaves;
};

struct TradeEvent {
  TradeId trade_id;
  Side aggressor;  // the taker's side
  Price price;     // the resting order's price: what the buyer pays per lot
  Qty qty;
  OrderRef maker;
  OrderRef taker;
  Qty maker_leaves;
  Qty taker_leaves;
  Money duty;    // tariff withheld from the seller (0 when none applies)
  Money top_up;  // price-support payment accrued to the seller (0 when none applies)
};

struct CancelledEvent {  // also kExpired
  OrderRef order;
  Side side;
  CancelReason reason;
  Price price;
  Qty leaves;  // the quantity that was still open
};

struct ReplacedEvent {
  OrderRef order;
  Side side;
  bool priority_kept;
  Price old_price;
  Qty old_leaves;
  Price new_price;
  Qty new_leaves;
};

struct LevelChangedEvent {
  Side side;
  Price price;
  Qty qty;  // total open quantity at the level; 0 when it emptied
  uint32_t orders;
};

struct StatusChangedEvent {
  bool halted;  // false: resumed
};

// Why a floor moved.
enum class FloorChangeCause : uint8_t { kAdmin = 1, kIndexed = 2, kScheduled = 3 };

struct FloorChangedEvent {
  Price old_floor;  // ticks; 0 = none
  Price new_floor;
  FloorChangeCause cause;
};

struct TariffChangedEvent {  // the non-member ad valorem tariff
  int64_t old_bps;
  int64_t new_bps;
};

// A period closed for the instrument; money of that period.
struct PeriodClosedEvent {
  uint32_t period;
  Money duties;
  Money top_ups;
  Money stockpile_net_spend;  // buys - releases
};

// The stockpile's standing orders now.
struct StockpileStateEvent {
  ParticipantId stockpile;
  Qty bid_qty;  // at the floor
  Qty ask_qty;  // at the release price
  Qty inventory;
  Money budget_left;
};

// A payment booked on a fill: kDuty (tariff withheld from the seller) or kTopUp
// (price support accrued to the seller; negative: upside paid back).
struct SellerPaymentEvent {
  ParticipantId seller;
  TradeId trade_id;
  Qty qty;
  Money amount;
};

// kStockpileBuy (counterparty: the seller; amount: money spent) or kStockpileRelease
// (counterparty: the buyer; amount: proceeds).
struct StockpileTradeEvent {
  ParticipantId counterparty;
  TradeId trade_id;
  Qty qty;
  Money amount;
  Money budget_left;
};

// The stockpile can no longer buy one lot at the floor.
struct BudgetExhaustedEvent {
  ParticipantId stockpile;
  Money budget_left;
};

// A seller offered material outside its jurisdiction and certified origins.
struct TransshipmentEvent {
  ParticipantId seller;
  Jurisdiction origin;  // as declared
  int64_t attempts;     // so far on this instrument
  bool rejected;        // false: re-treated as non-member origin
};

struct Event {
  EventKind kind;
  InstrumentId instrument;
  union {
    AcceptedEvent accepted;
    RejectedEvent rejected;
    TradeEvent trade;
    CancelledEvent cancelled;  // kCancelled and kExpired
    ReplacedEvent replaced;
    LevelChangedEvent level;
    StatusChangedEvent status;
    FloorChangedEvent floor_changed;
    TariffChangedEvent tariff_changed;
    PeriodClosedEvent period_closed;
    StockpileStateEvent stockpile_state;
    SellerPaymentEvent payment;           // kDuty and kTopUp
    StockpileTradeEvent stockpile_trade;  // kStockpileBuy and kStockpileRelease
    BudgetExhaustedEvent budget_exhausted;
    TransshipmentEvent transshipment;
  };
};

const char* ToString(EventKind kind);
const char* ToString(FloorChangeCause cause);

}  // namespace ftz
