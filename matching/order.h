// A resting or in-flight order and the pool that owns every order's storage.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "matching/types.h"

namespace ftz {

// Index of an order in its OrderPool. Handles stay valid while the order lives, even
// when the pool grows (the pool's storage may move; handles do not).
using OrderHandle = uint32_t;
constexpr OrderHandle kNoOrder = UINT32_MAX;

struct Order {
  OrderId id;
  ClientOrderId client_id;
  Price price;  // the price it rests at (a tariffed ask: its landed price)
  Qty leaves;   // open quantity
  Qty filled;   // cumulative filled quantity
  Price duty_per_lot;  // tariff withheld from the seller per lot filled (0: none)
  ParticipantId participant;
  InstrumentId instrument;
  OrderHandle prev;  // FIFO links within the price level
  OrderHandle next;
  Side side;
  OrderType type;
  TimeInForce tif;
  StpMode stp;
  bool post_only;
  Jurisdiction origin;
};

// Slab of orders with a free list. Allocation is O(1) and allocates memory only when
// the number of live orders exceeds every earlier peak, so steady state is allocation
// free. Reserve() up front to avoid even that.
class OrderPool {
 public:
  void Reserve(size_t n) { orders_.reserve(n); }

  OrderHandle Allocate() {
    if (free_head_ != kNoOrder) {
      OrderHandle h = free_head_;
      free_head_ = orders_[h].next;
      ++live_;
      return h;
    }
    orders_.emplace_back();
    ++live_;
    return static_cast<OrderHandle>(orders_.size() - 1);
  }

  void Free(OrderHandle h) {
    orders_[h].next = free_head_;
    orders_[h].leaves = 0;
    free_head_ = h;
    --live_;
  }

  Order& operator[](OrderHandle h) { return orders_[h]; }
  const Order& operator[](OrderHandle h) const { return orders_[h]; }
  size_t live() const { return live_; }

 private:
  std::vector<Order> orders_;
  OrderHandle free_head_ = kNoOrder;
  size_t live_ = 0;
};

}  // namespace ftz
