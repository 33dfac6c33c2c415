// The order book of one instrument: a bid ladder and an ask ladder over a shared
// OrderPool. The book is a data structure only; the matching rules are the engine's.
#pragma once

#include "absl/status/status.h"
#include "matching/order_pool.h"
#include "matching/price_ladder.h"
#include "matching/state_hash.h"
#include "vocabulary/instrument.h"

namespace ftz {

class OrderBook {
 public:
  OrderBook(InstrumentId id, InstrumentSpec spec)
      : id_(id),
        spec_(std::move(spec)),
        ladders_{PriceLadder(Side::kBuy), PriceLadder(Side::kSell)} {}

  InstrumentId id() const { return id_; }
  const InstrumentSpec& spec() const { return spec_; }
  // Indexed rather than chosen with a branch, which would mispredict half the time.
  PriceLadder& ladder(Side side) { return ladders_[static_cast<int>(side)]; }
  const PriceLadder& ladder(Side side) const { return ladders_[static_cast<int>(side)]; }
  const PriceLadder& bids() const { return ladders_[0]; }
  const PriceLadder& asks() const { return ladders_[1]; }

  bool halted() const { return halted_; }
  void set_halted(bool halted) { halted_ = halted; }

  // Visits every resting order in a fixed order (bids best to worst, then asks best to
  // worst, FIFO within a level): fn(handle). The callback must not change the book;
  // collect handles first to remove them.
  template <typename Fn>
  void ForEachOrder(const OrderPool& pool, Fn&& fn) const {
    for (const PriceLadder& ladder : ladders_) {
      ladder.ForEachLevel([&](Price, const PriceLevel& level) {
        for (OrderHandle h = level.head; h != kNoOrder; h = pool[h].next) fn(h);
        return true;
      });
    }
  }

  // Checks every invariant: levels hold exactly their orders' quantities in linked
  // FIFO order at their price and side, the ladders' bookkeeping is right, and the
  // book is not crossed. Returns the number of resting orders through `orders`.
  absl::Status Validate(const OrderPool& pool, size_t* orders) const;
  void HashInto(const OrderPool& pool, StateHasher& hasher) const;

 private:
  InstrumentId id_;
  InstrumentSpec spec_;
  PriceLadder ladders_[2];  // by Side: bids, asks
  bool halted_ = false;
};

}  // namespace ftz
