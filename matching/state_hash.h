// A small deterministic hasher for state hashes: the same values in the same order give
// the same hash on every run and machine (unlike absl::Hash, which is seeded per process).
#pragma once

#include <cstdint>

namespace ftz {

class StateHasher {
 public:
  void Add(uint64_t v) {
    // splitmix64 finalizer over a running value.
    h_ ^= v + 0x9e3779b97f4a7c15ULL + (h_ << 6) + (h_ >> 2);
    uint64_t z = h_;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    h_ = z ^ (z >> 31);
  }
  void Add(int64_t v) { Add(static_cast<uint64_t>(v)); }
  uint64_t value() const { return h_; }

 private:
  uint64_t h_ = 0x6a09e667f3bcc908ULL;
};

}  // namespace ftz
