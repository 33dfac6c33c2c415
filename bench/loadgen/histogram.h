// A log-linear latency histogram (HdrHistogram style): values in nanoseconds, 64
// linear sub-buckets per power of two, so any percentile is within ~1.6% of the truth.
// Recording is a couple of instructions and never allocates.
#pragma once

#include <array>
#include <bit>
#include <cstdint>

namespace ftz::loadgen {

class Histogram {
 public:
  void Record(uint64_t ns) {
    ++counts_[Index(ns)];
    ++total_;
    if (ns > max_) max_ = ns;
  }
  uint64_t count() const { return total_; }
  uint64_t max() const { return max_; }
  // The smallest recorded value v such that a fraction q of the values are <= v (the
  // upper edge of its bucket).
  uint64_t Percentile(double q) const {
    if (total_ == 0) return 0;
    const uint64_t rank = static_cast<uint64_t>(q * static_cast<double>(total_ - 1)) + 1;
    uint64_t seen = 0;
    for (size_t i = 0; i < counts_.size(); ++i) {
      seen += counts_[i];
      if (seen >= rank) {
        const uint64_t edge = UpperEdge(i);
        return edge < max_ ? edge : max_;
      }
    }
    return max_;
  }
  void Merge(const Histogram& other) {
    for (size_t i = 0; i < counts_.size(); ++i) counts_[i] += other.counts_[i];
    total_ += other.total_;
    if (other.max_ > max_) max_ = other.max_;
  }

 private:
  static constexpr int kSubBits = 6;  // 64 sub-buckets
  static constexpr uint64_t kSub = uint64_t{1} << kSubBits;

  static size_t Index(uint64_t v) {
    if (v < kSub) return static_cast<size_t>(v);
    const int msb = 63 - std::countl_zero(v);  // >= kSubBits
    const int shift = msb - kSubBits;
    return static_cast<size_t>((shift + 1) * kSub + ((v >> shift) - kSub));
  }
  static uint64_t UpperEdge(size_t i) {
    if (i < kSub) return i;
    const uint64_t shift = i / kSub - 1;
    const uint64_t sub = i % kSub + kSub;
    return ((sub + 1) << shift) - 1;
  }

  std::array<uint64_t, (64 - kSubBits + 1) * kSub> counts_{};
  uint64_t total_ = 0;
  uint64_t max_ = 0;
};

}  // namespace ftz::loadgen
