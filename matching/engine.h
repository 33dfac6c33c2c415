// The matching engine: owns every instrument's book and runs each command through the
// pipeline of DESIGN.md (validate -> authorize -> origin and tariff -> floor -> risk ->
// self-trade prevention -> match -> post-trade -> events).
//
// Contract: single-threaded and pure. No I/O, no clock, no randomness: the same
// sequence of commands always gives the same events, ids and StateHash().
#pragma once

#include <cstdint>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "matching/client_id_index.h"
#include "matching/command.h"
#include "matching/event.h"
#include "matching/instrument.h"
#include "matching/order.h"
#include "matching/order_book.h"
#include "matching/order_id_index.h"

namespace ftz {

class FloorPolicy;

struct EngineOptions {
  // Orders to make room for up front (order pool and order-id index), so that even the
  // first commands allocate nothing. The client-id index starts at room for at most
  // 1,024 and grows with the peak of resting orders that carry client ids: sized for
  // all of expected_orders it would spread a small book over many cache lines.
  size_t expected_orders = size_t{1} << 16;
};

class Engine {
 public:
  explicit Engine(EngineOptions options = {});

  // Adds a book. Ids are assigned 0, 1, 2 ... in call order. Fails on an empty or
  // duplicate symbol, or a price band that is empty, not positive, too wide or above
  // kMaxPrice.
  absl::StatusOr<InstrumentId> AddInstrument(InstrumentSpec spec);

  // Plugs the floor policy into the pipeline (nullptr: a bare exchange). The policy
  // must describe the same instruments, in the same order, and outlive the engine.
  // Places the stockpile's initial standing orders, reporting them in `out`.
  void AttachPolicy(FloorPolicy* policy, EventBuffer& out);
  const FloorPolicy* policy() const { return policy_; }

  // Runs one command; appends its events to `out` (which is not cleared).
  void Submit(const Command& cmd, EventBuffer& out);

  // Admin: a halted instrument rejects new orders and replaces with kHalted; cancels
  // still work.
  absl::Status SetHalted(InstrumentId instrument, bool halted);

  size_t instrument_count() const { return books_.size(); }
  const OrderBook& book(InstrumentId id) const { return books_[id]; }
  // The resting order with this id, or nullptr.
  const Order* FindOrder(OrderId id) const;
  const OrderPool& pool() const { return pool_; }
  size_t resting_orders() const { return by_id_.size(); }

  // Hash of every book's resting orders (in priority order) and the id counters.
  uint64_t StateHash() const;
  // Walks every book and index and checks every invariant (see OrderBook::Validate,
  // plus: each resting order is reachable by its id and client id, no order leaked).
  absl::Status Validate() const;

 private:
  void NewOrder(const Command& cmd, EventBuffer& out);
  void Cancel(const Command& cmd, EventBuffer& out);
  void Replace(const Command& cmd, EventBuffer& out);
  void MassCancelOrders(const Command& cmd, EventBuffer& out);
  void EndPeriodNow(EventBuffer& out);
  void Admin(const Command& cmd, EventBuffer& out);
  // Cancels resting orders priced below the policy's floor (FLOOR_RAISED).
  void CancelBelowFloor(OrderBook& book, EventBuffer& out);
  // Replaces the stockpile's standing orders on the book with the policy's current ones.
  void RefreshStockpile(OrderBook& book, EventBuffer& out);
  // Tells the policy (risk limits) that an order's resting quantity changed.
  void OpenChanged(const Order& o, Qty delta);

  [[gnu::cold, gnu::noinline]] void Reject(const Command& cmd, InstrumentId instrument,
                                           RejectReason reason, int64_t limit, EventBuffer& out);
  // Checks a limit price against the instrument's band; kNone when it is fine.
  RejectReason CheckPrice(const OrderBook& book, Price price, int64_t* limit) const;
  // The resting order a cancel or replace names, by order id or else client id.
  OrderHandle FindTarget(const Command& cmd) const;
  bool FokFillable(const OrderBook& book, const Command& taker, Price limit) const;

  // Trades the taker against the opposite side while its limit reaches the best level.
  // Returns true when self-trade prevention stopped the taker (its remainder must be
  // cancelled with kSelfTrade).
  bool Match(OrderBook& book, OrderHandle taker, Price limit, EventBuffer& out);
  // After a taker stops matching: rests it, or cancels its remainder, or retires it.
  void Finish(OrderBook& book, OrderHandle h, bool stp_stopped, EventBuffer& out);
  void Rest(OrderBook& book, OrderHandle h, EventBuffer& out);
  // Removes a resting order and emits kCancelled or kExpired (and its level change when
  // `emit_level`).
  void RemoveResting(OrderBook& book, OrderHandle h, EventKind kind, CancelReason reason,
                     bool emit_level, EventBuffer& out);
  void EmitCancelled(const Order& o, EventKind kind, CancelReason reason, EventBuffer& out);
  void EmitLevel(const OrderBook& book, Side side, Price price, const PriceLevel& level,
                 EventBuffer& out);
  // Forgets a resting order that left the book (indexes) and frees its storage.
  void Retire(OrderHandle h);

  FloorPolicy* policy_ = nullptr;
  std::vector<OrderBook> books_;
  OrderPool pool_;
  OrderIdIndex by_id_;       // resting orders by order id
  ClientIdIndex by_client_;  // resting orders with a client id
  OrderId next_order_id_ = 1;
  TradeId next_trade_id_ = 1;
  std::vector<OrderHandle> scratch_;  // handles collected by mass cancel and expiry
};

}  // namespace ftz
