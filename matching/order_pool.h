// The pool that owns every order's storage (the engine's; the policy never sees it).
#pragma once

#include <cstddef>
#include <vector>

#include "vocabulary/order.h"

namespace ftz {

// Slab of orders with a free list. Allocation is O(1) and allocates memory only when
// the number of live orders exceeds every earlier peak, so steady state is allocation
// free. Reserve() up front to avoid even that.
//
// The free list is a stack of handles (LIFO, as an intrusive list would be) rather
// than links through the freed orders: popping it reads contiguous memory instead of
// chasing a link into a cold, scattered slot, and the next slot to hand out is
// prefetched.
class OrderPool {
 public:
  void Reserve(size_t n) {
    orders_.reserve(n);
    free_.reserve(n);
  }

  OrderHandle Allocate() {
    ++live_;
    if (!free_.empty()) {
      const OrderHandle h = free_.back();
      free_.pop_back();
      if (!free_.empty()) __builtin_prefetch(&orders_[free_.back()], 1);
      return h;
    }
    orders_.emplace_back();
    // Room for every slot on the free stack, so that Free() never allocates.
    if (free_.capacity() < orders_.capacity()) free_.reserve(orders_.capacity());
    return static_cast<OrderHandle>(orders_.size() - 1);
  }

  void Free(OrderHandle h) {
    orders_[h].leaves = 0;
    free_.push_back(h);
    --live_;
  }

  Order& operator[](OrderHandle h) { return orders_[h]; }
  const Order& operator[](OrderHandle h) const { return orders_[h]; }
  size_t live() const { return live_; }

 private:
  std::vector<Order> orders_;
  std::vector<OrderHandle> free_;  // handles of free slots; the back is handed out next
  size_t live_ = 0;
};

}  // namespace ftz
