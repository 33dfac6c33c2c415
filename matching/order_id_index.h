// Index from exchange order id to OrderHandle for resting orders.
//
// The engine hands out order ids 1, 2, 3 ... and most resting orders are recent, so the
// index is a direct-mapped window over the most recent ids (slot = id mod window size:
// one array load, and recent orders' slots share cache lines) plus a hash map for the
// few orders still resting when the window has moved past their id. Semantically a
// map; find, insert and erase are O(1) (amortized: moving the window visits each slot
// it leaves once).
#pragma once

#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "vocabulary/order.h"
#include "vocabulary/types.h"

namespace ftz {

class OrderIdIndex {
 public:
  OrderIdIndex() { reserve(1024); }

  // Sizes the window to at least `n` ids (a power of two), so an order moves to the
  // overflow map only after `n - kStep` newer ids were handed out. Allocates; call it
  // up front.
  void reserve(size_t n) {
    const size_t want = std::bit_ceil(n < 64 ? size_t{64} : n);
    if (want <= slots_.size()) return;
    for (OrderId id = lo_; id < lo_ + slots_.size(); ++id) {  // keep what the window holds
      if (OrderHandle h = slots_[id & mask_]; h != kNoOrder) old_.emplace(id, h);
    }
    in_window_ = 0;
    slots_.assign(want, kNoOrder);
    mask_ = want - 1;
    old_.reserve(want / 16);
    // Bring back the entries that fit the new window.
    for (auto it = old_.begin(); it != old_.end();) {
      if (InWindow(it->first)) {
        slots_[it->first & mask_] = it->second;
        ++in_window_;
        old_.erase(it++);
      } else {
        ++it;
      }
    }
  }

  // The handle of the resting order with this id, or kNoOrder.
  OrderHandle Find(OrderId id) const {
    if (InWindow(id)) return slots_[id & mask_];
    auto it = old_.find(id);
    return it == old_.end() ? kNoOrder : it->second;
  }

  // Adds an id that is not in the index.
  void emplace(OrderId id, OrderHandle h) {
    // The window moves a cache line of slots (kStep ids) at a time: one call per kStep
    // new ids, each clearing one line, instead of a call per id with a loop whose trip
    // count (ids since the last resting order) the predictor cannot know.
    if (id >= lo_ + slots_.size()) Advance((id - slots_.size() + kStep) & ~(kStep - 1));
    if (id < lo_) {
      old_.emplace(id, h);
      return;
    }
    slots_[id & mask_] = h;
    ++in_window_;
  }

  void erase(OrderId id) {
    if (!InWindow(id)) {
      old_.erase(id);
      return;
    }
    OrderHandle& slot = slots_[id & mask_];
    if (slot != kNoOrder) {
      slot = kNoOrder;
      --in_window_;
    }
  }

  size_t size() const { return in_window_ + old_.size(); }

 private:
  // One unsigned compare: an id below lo_ wraps around (ids and lo_ are unsigned).
  bool InWindow(OrderId id) const { return id - lo_ <= mask_; }

  // Moves the window to start at `new_lo`; orders it leaves go to the overflow map.
  void Advance(OrderId new_lo) {
    const OrderId end = std::min<OrderId>(new_lo, lo_ + slots_.size());
    for (OrderId id = lo_; id < end && in_window_ > 0; ++id) {
      OrderHandle& slot = slots_[id & mask_];
      if (slot != kNoOrder) {
        old_.emplace(id, slot);
        slot = kNoOrder;
        --in_window_;
      }
    }
    lo_ = new_lo;
  }

  static constexpr OrderId kStep = 64 / sizeof(OrderHandle);

  std::vector<OrderHandle> slots_;  // slots_[id & mask_] for ids in [lo_, lo_ + size)
  uint64_t mask_ = 0;
  OrderId lo_ = 0;
  size_t in_window_ = 0;
  absl::flat_hash_map<OrderId, OrderHandle> old_;  // resting orders with ids below lo_
};

}  // namespace ftz
