// A two-level bitset over price-level indexes: which levels of a ladder hold orders.
// Finding the next non-empty level above or below an index costs a few word scans
// even across thousands of empty levels.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace ftz {

class LevelBitset {
 public:
  static constexpr int64_t kNone = -1;

  void Resize(size_t bits) {
    words_.assign((bits + 63) / 64, 0);
    summary_.assign((words_.size() + 63) / 64, 0);
  }
  size_t size() const { return words_.size() * 64; }

  size_t Count() const {
    size_t n = 0;
    for (uint64_t w : words_) n += static_cast<size_t>(std::popcount(w));
    return n;
  }

  bool Test(size_t i) const { return (words_[i >> 6] >> (i & 63)) & 1; }

  void Set(size_t i) {
    words_[i >> 6] |= uint64_t{1} << (i & 63);
    summary_[i >> 12] |= uint64_t{1} << ((i >> 6) & 63);
  }

  void Clear(size_t i) { ClearIf(i, true); }

  // Clears bit i when `clear`, without a branch on either `clear` or the word emptying.
  void ClearIf(size_t i, bool clear) {
    uint64_t& w = words_[i >> 6];
    w &= ~(uint64_t{clear} << (i & 63));
    summary_[i >> 12] &= ~(uint64_t{w == 0} << ((i >> 6) & 63));
  }

  // Highest set index <= i, or kNone.
  int64_t FindAtOrBelow(int64_t i) const {
    if (i < 0) return kNone;
    size_t wi = static_cast<size_t>(i) >> 6;
    uint64_t w = words_[wi] & (~uint64_t{0} >> (63 - (i & 63)));
    if (w) return static_cast<int64_t>(wi * 64 + 63 - std::countl_zero(w));
    if (wi == 0) return kNone;
    // Search the summary for the highest non-empty word below wi.
    size_t below = wi - 1;
    size_t si = below >> 6;
    uint64_t s = summary_[si] & (~uint64_t{0} >> (63 - (below & 63)));
    while (true) {
      if (s) {
        size_t word = si * 64 + 63 - std::countl_zero(s);
        return static_cast<int64_t>(word * 64 + 63 - std::countl_zero(words_[word]));
      }
      if (si == 0) return kNone;
      s = summary_[--si];
    }
  }

  // Lowest set index >= i, or kNone.
  int64_t FindAtOrAbove(int64_t i) const {
    if (i < 0) i = 0;
    size_t wi = static_cast<size_t>(i) >> 6;
    if (wi >= words_.size()) return kNone;
    uint64_t w = words_[wi] & (~uint64_t{0} << (i & 63));
    if (w) return static_cast<int64_t>(wi * 64 + std::countr_zero(w));
    size_t above = wi + 1;
    size_t si = above >> 6;
    if (si >= summary_.size()) return kNone;
    uint64_t s = summary_[si] & (~uint64_t{0} << (above & 63));
    while (true) {
      if (s) {
        size_t word = si * 64 + std::countr_zero(s);
        return static_cast<int64_t>(word * 64 + std::countr_zero(words_[word]));
      }
      if (++si >= summary_.size()) return kNone;
      s = summary_[si];
    }
  }

 private:
  std::vector<uint64_t> words_;
  std::vector<uint64_t> summary_;  // bit j of summary_[k]: words_[k * 64 + j] != 0
};

}  // namespace ftz
