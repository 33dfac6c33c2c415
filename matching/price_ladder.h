// One side of an order book: a dense array of price levels over a window of prices,
// each level a FIFO of orders linked through the OrderPool. Level lookup by price is
// an index; the best level is cached and, when it empties, found again with a bitset.
//
// The window grows (and reallocates) only when an order arrives outside it, so a
// book that trades within its range allocates nothing in steady state. The engine
// bounds prices by the instrument's price band, which bounds the window.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "matching/level_bitset.h"
#include "matching/order.h"
#include "matching/types.h"

namespace ftz {

struct PriceLevel {
  OrderHandle head = kNoOrder;
  OrderHandle tail = kNoOrder;
  uint32_t count = 0;
  Qty qty = 0;
};

// Cache-line aligned, which makes it 128 bytes: OrderBook indexes its two ladders by
// side, and a power-of-two size makes that index a shift.
class alignas(64) PriceLadder {
 public:
  explicit PriceLadder(Side side) : side_(side), dir_(side == Side::kBuy ? 1 : -1) {}

  Side side() const { return side_; }
  bool empty() const { return best_ == LevelBitset::kNone; }
  // The best price: highest bid or lowest ask. Only when !empty().
  Price best_price() const { return base_ + best_; }
  const PriceLevel& best_level() const { return levels_[best_]; }
  // The first order in time priority at the best price. Only when !empty().
  OrderHandle best_order() const { return levels_[best_].head; }

  // The level at `price`, or nullptr when no order rests there.
  const PriceLevel* Find(Price price) const {
    if (!InWindow(price) || levels_[price - base_].count == 0) return nullptr;
    return &levels_[price - base_];
  }

  // True when an incoming order of the other side with this limit price would trade
  // against this side's best level.
  bool Reaches(Price limit) const {
    if (empty()) return false;
    return !Better(limit, best_price());
  }

  // The three updates return the level as they leave it (count and qty 0 when it
  // emptied), which is what a level-changed event reports; valid until the next Append.
  //
  // Appends the order to the tail of its price level (it loses time priority).
  const PriceLevel& Append(OrderPool& pool, OrderHandle h);
  // Removes the order from its level; the order's storage is untouched.
  const PriceLevel& Unlink(OrderPool& pool, OrderHandle h);
  // The order's open quantity fell by `qty` in place (fill or reduction).
  const PriceLevel& Reduce(Price price, Qty qty) {
    PriceLevel& level = levels_[price - base_];
    level.qty -= qty;
    return level;
  }

  // Visits levels from best to worst: fn(price, level). Stops when fn returns false.
  template <typename Fn>
  void ForEachLevel(Fn&& fn) const {
    int64_t i = best_;
    while (i != LevelBitset::kNone) {
      if (!fn(base_ + i, levels_[i])) return;
      i = side_ == Side::kBuy ? occupied_.FindAtOrBelow(i - 1) : occupied_.FindAtOrAbove(i + 1);
    }
  }

  size_t level_count() const { return level_count_; }
  size_t window_size() const { return levels_.size(); }
  // Checks the ladder's own bookkeeping (bitset, best, counts); the book checks orders.
  bool CheckBookkeeping() const;

 private:
  // Whether price (or index) a is better than b on this side: higher for bids, lower
  // for asks. Branch-free: the side of an order is a coin toss to the branch predictor.
  bool Better(int64_t a, int64_t b) const { return (a - b) * dir_ > 0; }
  // One unsigned compare: a price below base_ wraps around to a huge offset.
  bool InWindow(Price price) const {
    return static_cast<uint64_t>(price - base_) < static_cast<uint64_t>(window_);
  }
  void Cover(Price price);
  void UpdateBestAfterEmpty(int64_t emptied);

  Side side_;
  int64_t dir_;     // +1 for bids, -1 for asks (see Better)
  Price base_ = 0;  // price of levels_[0]
  std::vector<PriceLevel> levels_;
  int64_t window_ = 0;  // levels_.size(), kept so that the window check needs no division
  LevelBitset occupied_;
  int64_t best_ = LevelBitset::kNone;
  size_t level_count_ = 0;
};

static_assert(std::has_single_bit(sizeof(PriceLadder)));

// Append and Unlink run for nearly every command: inline, so the engine's calls cost
// no call and can share the order and level loads.
inline const PriceLevel& PriceLadder::Append(OrderPool& pool, OrderHandle h) {
  Order& o = pool[h];
  if (!InWindow(o.price)) {
    Cover(o.price);  // out of line: only when the price is outside the window
  }
  const int64_t i = o.price - base_;
  PriceLevel& level = levels_[i];
  o.next = kNoOrder;
  o.prev = level.tail;
  if (level.tail == kNoOrder) {
    level.head = h;
    occupied_.Set(i);
    ++level_count_;
    if (best_ == LevelBitset::kNone || Better(i, best_)) best_ = i;
  } else {
    pool[level.tail].next = h;
  }
  level.tail = h;
  ++level.count;
  level.qty += o.leaves;
  return level;
}

inline const PriceLevel& PriceLadder::Unlink(OrderPool& pool, OrderHandle h) {
  Order& o = pool[h];
  const int64_t i = o.price - base_;
  PriceLevel& level = levels_[i];
  if (o.prev != kNoOrder) {
    pool[o.prev].next = o.next;
  } else {
    level.head = o.next;
  }
  if (o.next != kNoOrder) {
    pool[o.next].prev = o.prev;
  } else {
    level.tail = o.prev;
  }
  --level.count;
  level.qty -= o.leaves;
  if (level.count == 0) {
    level.qty = 0;
    occupied_.Clear(i);
    --level_count_;
    if (i == best_) UpdateBestAfterEmpty(i);
  }
  return level;
}

}  // namespace ftz
