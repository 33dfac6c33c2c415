#include "matching/price_ladder.h"

#include <algorithm>

namespace ftz {

namespace {
constexpr int64_t kInitialWindow = 1024;
}

void PriceLadder::Cover(Price price) {
  const int64_t size = static_cast<int64_t>(levels_.size());
  if (size > 0 && price >= base_ && price < base_ + size) return;

  Price lo, hi;  // inclusive range the new window must cover
  if (size == 0) {
    lo = price - kInitialWindow / 2;
    hi = price + kInitialWindow / 2 - 1;
  } else {
    lo = std::min(base_, price);
    hi = std::max(base_ + size - 1, price);
    // At least double, growing towards the side that overflowed.
    int64_t want = std::max<int64_t>(2 * size, hi - lo + 1 + size / 2);
    if (price < base_) {
      lo = hi - want + 1;
    } else {
      hi = lo + want - 1;
    }
  }
  std::vector<PriceLevel> grown(static_cast<size_t>(hi - lo + 1));
  const int64_t shift = base_ - lo;
  for (int64_t i = 0; i < size; ++i) grown[i + shift] = levels_[i];
  LevelBitset occupied;
  occupied.Resize(grown.size());
  for (size_t i = 0; i < grown.size(); ++i) {
    if (grown[i].count != 0) occupied.Set(i);
  }
  if (best_ != LevelBitset::kNone) best_ += shift;
  levels_.swap(grown);
  window_ = static_cast<int64_t>(levels_.size());
  occupied_ = std::move(occupied);
  base_ = lo;
}

void PriceLadder::UpdateBestAfterEmpty(int64_t emptied) {
  best_ = side_ == Side::kBuy ? occupied_.FindAtOrBelow(emptied - 1)
                              : occupied_.FindAtOrAbove(emptied + 1);
}

bool PriceLadder::CheckBookkeeping() const {
  size_t nonempty = 0;
  int64_t expect_best = LevelBitset::kNone;
  for (size_t i = 0; i < levels_.size(); ++i) {
    const PriceLevel& level = levels_[i];
    const bool occupied = level.count != 0;
    if (occupied != occupied_.Test(i)) return false;
    if (occupied != (level.head != kNoOrder) || occupied != (level.tail != kNoOrder)) return false;
    if (!occupied && level.qty != 0) return false;
    if (occupied) {
      ++nonempty;
      // Bids: the last occupied index; asks: the first.
      if (side_ == Side::kBuy || expect_best == LevelBitset::kNone) {
        expect_best = static_cast<int64_t>(i);
      }
    }
  }
  // level_count() is the bitset's popcount: equal only if no bit is set past the window.
  return nonempty == level_count() && expect_best == best_;
}

}  // namespace ftz
