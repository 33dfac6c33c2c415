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

#include "matching/branch_free.h"
#include "matching/level_bitset.h"
#include "matching/order_pool.h"
#include "vocabulary/types.h"

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
  explicit PriceLadder(Side side) : side_(side), flip_(side == Side::kBuy ? 0 : -1) {}

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

  // Occupied levels. O(window / 64): for checks and statistics, not the hot path.
  size_t level_count() const { return occupied_.Count(); }
  size_t window_size() const { return levels_.size(); }
  // Checks the ladder's own bookkeeping (bitset, best, counts); the book checks orders.
  bool CheckBookkeeping() const;

 private:
  // Whether price (or index) a is better than b on this side: higher for bids, lower
  // for asks. Branch-free: the side of an order is a coin toss to the branch predictor.
  // For asks both sides are complemented (~x = -x - 1 reverses the order).
  bool Better(int64_t a, int64_t b) const { return (a ^ flip_) > (b ^ flip_); }
  // One unsigned compare: a price below base_ wraps around to a huge offset.
  bool InWindow(Price price) const {
    return static_cast<uint64_t>(price - base_) < static_cast<uint64_t>(window_);
  }
  void Cover(Price price);
  void UpdateBestAfterEmpty(int64_t emptied);

  Side side_;
  int64_t flip_;    // 0 for bids, all ones for asks (see Better)
  Price base_ = 0;  // price of levels_[0]
  std::vector<PriceLevel> levels_;
  int64_t window_ = 0;  // levels_.size(), kept so that the window check needs no division
  LevelBitset occupied_;
  int64_t best_ = LevelBitset::kNone;
};

static_assert(std::has_single_bit(sizeof(PriceLadder)));

// Append and Unlink run for nearly every command: inline, so the engine's calls cost
// no call and can share the order and level loads.
//
// Both are branch-free where the branch would be a coin toss. In a thin book (about
// 1.3 orders per level in the exchange mix) whether a level opens or empties, and
// whether an order has FIFO neighbours, are each near 50/50: as branches they cost a
// mispredict on most replaces. Instead the order itself serves as the target of a
// link update that has no neighbour to go to (rewriting a field with the value it
// already holds, or one that is overwritten next), and the bitset update is
// idempotent or masked.
inline const PriceLevel& PriceLadder::Append(OrderPool& pool, OrderHandle h) {
  Order& o = pool[h];
  if (!InWindow(o.price)) {
    Cover(o.price);  // out of line: only when the price is outside the window
  }
  const int64_t i = o.price - base_;
  PriceLevel& level = levels_[i];
  const OrderHandle tail = level.tail;
  const bool opens = tail == kNoOrder;
  pool[SelectIf(opens, h, tail)].next = h;  // when it opens: o.next, overwritten below
  o.next = kNoOrder;
  o.prev = tail;
  level.head = SelectIf(opens, h, level.head);
  level.tail = h;
  ++level.count;
  level.qty += o.leaves;
  occupied_.Set(i);  // idempotent: no need to know whether the level opens
  best_ = SelectIf((best_ == LevelBitset::kNone) | Better(i, best_), i, best_);
  return level;
}

inline const PriceLevel& PriceLadder::Unlink(OrderPool& pool, OrderHandle h) {
  Order& o = pool[h];
  const int64_t i = o.price - base_;
  PriceLevel& level = levels_[i];
  const OrderHandle prev = o.prev;
  const OrderHandle next = o.next;
  // Without a neighbour, the write goes to the order itself and changes nothing. (A
  // branch on "has both neighbours", taken in deep FIFOs, measured slower on the mix.)
  pool[SelectIf(prev == kNoOrder, h, prev)].next = next;
  pool[SelectIf(next == kNoOrder, h, next)].prev = prev;
  level.head = SelectIf(prev == kNoOrder, next, level.head);
  level.tail = SelectIf(next == kNoOrder, prev, level.tail);
  --level.count;
  level.qty -= o.leaves;  // 0 once the last order leaves: qty is the sum of their leaves
  const bool emptied = level.count == 0;
  occupied_.ClearIf(i, emptied);
  // Rare (the best level's last order), so a well-predicted branch.
  if (emptied & (i == best_)) UpdateBestAfterEmpty(i);
  return level;
}

}  // namespace ftz
