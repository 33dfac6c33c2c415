// What a matching engine holds: every instrument's book, the pool of orders and the
// indexes that find them, and the id counters. Read access for tools, tests and the
// layers above; the pipeline that changes it is BasicEngine (engine.h).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "matching/client_id_index.h"
#include "matching/order_book.h"
#include "matching/order_id_index.h"
#include "matching/order_pool.h"
#include "vocabulary/instrument.h"
#include "vocabulary/order.h"

namespace ftz {

struct EngineOptions {
  // Orders to make room for up front (order pool and order-id index), so that even the
  // first commands allocate nothing. The client-id index starts at room for at most
  // 1,024 and grows with the peak of resting orders that carry client ids: sized for
  // all of expected_orders it would spread a small book over many cache lines.
  size_t expected_orders = size_t{1} << 16;
};

class EngineState {
 public:
  explicit EngineState(EngineOptions options);

  // Adds a book. Ids are assigned 0, 1, 2 ... in call order. Fails on an empty or
  // duplicate symbol, or a price band that is empty, not positive, too wide or above
  // kMaxPrice.
  absl::StatusOr<InstrumentId> AddInstrument(InstrumentSpec spec);

  // A halted instrument rejects new orders and replaces with kHalted; cancels still
  // work. (The HALT and RESUME commands do the same and report it.)
  absl::Status SetHalted(InstrumentId instrument, bool halted);

  size_t instrument_count() const { return books_.size(); }
  const OrderBook& book(InstrumentId id) const { return books_[id]; }
  // The resting order with this id, or nullptr.
  const Order* FindOrder(OrderId id) const;
  const OrderPool& pool() const { return pool_; }
  size_t resting_orders() const { return by_id_.size(); }
  // The id the next accepted order will get.
  OrderId next_order_id() const { return next_order_id_; }

  // The id counters: the id the next trade will get.
  TradeId next_trade_id() const { return next_trade_id_; }
  // Restoring a snapshot: the id counters. Fails if an id would go backwards past a
  // resting order (every resting order's id must be below next_order).
  absl::Status RestoreCounters(OrderId next_order, TradeId next_trade);

  // Hash of every book's resting orders (in priority order) and the id counters.
  uint64_t StateHash() const;
  // Walks every book and index and checks every invariant (see OrderBook::Validate,
  // plus: each resting order is reachable by its id and client id, no order leaked).
  absl::Status Validate() const;

 protected:
  // Whether `order` may be restored into the books (see BasicEngine::RestoreOrder).
  absl::Status CheckRestorable(const Order& order) const;

  std::vector<OrderBook> books_;
  OrderPool pool_;
  OrderIdIndex by_id_;       // resting orders by order id
  ClientIdIndex by_client_;  // resting orders with a client id
  OrderId next_order_id_ = 1;
  TradeId next_trade_id_ = 1;
  std::vector<OrderHandle> scratch_;  // handles collected by the bulk cancels
};

}  // namespace ftz
