// The order book of one instrument: a bid ladder and an ask ladder over a shared
// OrderPool. The book is a data structure only; the matching rules are the engine's.
#pragma once

#include "absl/status/status.h"
#include "matching/instrument.h"
#include "matching/order.h"
#include "matching/price_ladder.h"
#include "matching/state_hash.h"

namespace ftz {

class OrderBook {
 public:
  OrderBook(InstrumentId id, InstrumentSpec spec)
      : id_(id), spec_(std::move(spec)), bids_(Side::kBuy), asks_(Side::kSell) {}

  InstrumentId id() const { return id_; }
  const InstrumentSpec& spec() const { return spec_; }
  PriceLadder& ladder(Side side) { return side == Side::kBuy ? bids_ : asks_; }
  const PriceLadder& ladder(Side side) const { return side == Side::kBuy ? bids_ : asks_; }
  const PriceLadder& bids() const { return bids_; }
  const PriceLadder& asks() const { return asks_; }

  bool halted() const { return halted_; }
  void set_halted(bool halted) { halted_ = halted; }

  // Visits every resting order in a fixed order (bids best to worst, then asks best to
  // worst, FIFO within a level): fn(handle). The callback must not change the book;
  // collect handles first to remove them.
  template <typename Fn>
  void ForEachOrder(const OrderPool& pool, Fn&& fn) const {
    for (const PriceLadder* ladder : {&bids_, &asks_}) {
      ladder->ForEachLevel([&](Price, const PriceLevel& level) {
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
  PriceLadder bids_;
  PriceLadder asks_;
  bool halted_ = false;
};

}  // namespace ftz
