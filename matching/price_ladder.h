// One side of an order book: a dense array of price levels over a window of prices,
// each level a FIFO of orders linked through the OrderPool. Level lookup by price is
// an index; the best level is cached and, when it empties, found again with a bitset.
//
// The window grows (and reallocates) only when an order arrives outside it, so a
// book that trades within its range allocates nothing in steady state. The engine
// bounds prices by the instrument's price band, which bounds the window.
#pragma once

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

class PriceLadder {
 public:
  explicit PriceLadder(Side side) : side_(side) {}

  Side side() const { return side_; }
  bool empty() const { return best_ == LevelBitset::kNone; }
  // The best price: highest bid or lowest ask. Only when !empty().
  Price best_price() const { return base_ + best_; }
  const PriceLevel& best_level() const { return levels_[best_]; }
  // The first order in time priority at the best price. Only when !empty().
  OrderHandle best_order() const { return levels_[best_].head; }

  // The level at `price`, or nullptr when no order rests there.
  const PriceLevel* Find(Price price) const {
    int64_t i = price - base_;
    if (i < 0 || i >= static_cast<int64_t>(levels_.size()) || levels_[i].count == 0) return nullptr;
    return &levels_[i];
  }

  // True when an incoming order of the other side with this limit price would trade
  // against this side's best level.
  bool Reaches(Price limit) const {
    if (empty()) return false;
    return side_ == Side::kSell ? limit >= best_price() : limit <= best_price();
  }

  // Appends the order to the tail of its price level (it loses time priority).
  void Append(OrderPool& pool, OrderHandle h);
  // Removes the order from its level; the order's storage is untouched.
  void Unlink(OrderPool& pool, OrderHandle h);
  // The order's open quantity fell by `qty` in place (fill or reduction).
  void Reduce(Price price, Qty qty) { levels_[price - base_].qty -= qty; }

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
  void Cover(Price price);
  void UpdateBestAfterEmpty(int64_t emptied);

  Side side_;
  Price base_ = 0;  // price of levels_[0]
  std::vector<PriceLevel> levels_;
  LevelBitset occupied_;
  int64_t best_ = LevelBitset::kNone;
  size_t level_count_ = 0;
};

// Append and Unlink run for nearly every command: inline, so the engine's calls cost
// no call and can share the order and level loads.
inline void PriceLadder::Append(OrderPool& pool, OrderHandle h) {
  Order& o = pool[h];
  if (o.price < base_ || o.price - base_ >= static_cast<int64_t>(levels_.size())) {
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
    if (best_ == LevelBitset::kNone || (side_ == Side::kBuy ? i > best_ : i < best_)) best_ = i;
  } else {
    pool[level.tail].next = h;
  }
  level.tail = h;
  ++level.count;
  level.qty += o.leaves;
}

inline void PriceLadder::Unlink(OrderPool& pool, OrderHandle h) {
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
}

}  // namespace ftz
