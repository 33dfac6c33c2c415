// Index from (participant, client order id) to OrderHandle for resting orders that
// carry a client id: the duplicate-id check of every new order and the lookup of a
// cancel or replace that names its target by client id.
//
// Semantically a map. An open-addressing table with linear probing and backward-shift
// deletion (no tombstones, so probe sequences never degrade under insert/erase churn),
// kept at most 3/8 full (short clusters: about 1.2 probes to find a key). One 16-byte
// slot per entry: a lookup usually reads one cache line. A general hash map
// (absl::flat_hash_map, which this replaced) spent about 300 instructions on the
// insert, lookups and erase of one order's life; this needs a multiply to hash and a
// few compares.
//
// The table doubles when it would pass 3/8 full and never shrinks, so it allocates
// only when the number of resting orders with client ids exceeds every earlier peak.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "matching/order.h"
#include "matching/types.h"

namespace ftz {

class ClientIdIndex {
 public:
  explicit ClientIdIndex(size_t expected = 64) { reserve(expected); }

  // Room for `n` entries without growing (allocates now).
  void reserve(size_t n) {
    const size_t want = std::bit_ceil(8 * (n < 32 ? size_t{32} : n) / 3 + 1);
    if (want > slots_.size()) Rehash(want);
  }

  // The handle stored for the key, or kNoOrder.
  OrderHandle Find(ParticipantId participant, ClientOrderId client_id) const {
    for (size_t i = Home(participant, client_id);; i = (i + 1) & mask_) {
      const Slot& s = slots_[i];
      if (s.handle == kNoOrder) return kNoOrder;
      if (s.client_id == client_id && s.participant == participant) return s.handle;
    }
  }
  bool contains(ParticipantId participant, ClientOrderId client_id) const {
    return Find(participant, client_id) != kNoOrder;
  }

  // Adds a key that is not in the index. `client_id` must not be 0 (the engine keeps
  // only orders with client ids) and `h` must not be kNoOrder.
  void Insert(ParticipantId participant, ClientOrderId client_id, OrderHandle h) {
    if (8 * (size_ + 1) > 3 * slots_.size()) Rehash(2 * slots_.size());
    size_t i = Home(participant, client_id);
    while (slots_[i].handle != kNoOrder) i = (i + 1) & mask_;
    slots_[i] = Slot{client_id, participant, h};
    ++size_;
  }

  // Removes the key if present.
  void Erase(ParticipantId participant, ClientOrderId client_id) {
    size_t i = Home(participant, client_id);
    for (;; i = (i + 1) & mask_) {
      const Slot& s = slots_[i];
      if (s.handle == kNoOrder) return;
      if (s.client_id == client_id && s.participant == participant) break;
    }
    --size_;
    // Backward shift: pull later entries of the cluster into the hole when the hole
    // lies on their probe path (between their home slot and where they sit).
    size_t hole = i;
    for (size_t j = (hole + 1) & mask_;; j = (j + 1) & mask_) {
      Slot& s = slots_[j];
      if (s.handle == kNoOrder) break;
      const size_t home = Home(s.participant, s.client_id);
      if (((j - home) & mask_) >= ((j - hole) & mask_)) {
        slots_[hole] = s;
        hole = j;
      }
    }
    slots_[hole].handle = kNoOrder;
  }

  size_t size() const { return size_; }

 private:
  struct Slot {
    ClientOrderId client_id = 0;
    ParticipantId participant = 0;
    OrderHandle handle = kNoOrder;  // kNoOrder: the slot is free
  };

  size_t Home(ParticipantId participant, ClientOrderId client_id) const {
    // Fibonacci hashing of both parts; the top log2(capacity) bits of the product are the
    // best mixed, and already an index below the capacity.
    const uint64_t x =
        (client_id ^ (uint64_t{participant} << 40 | participant)) * 0x9E3779B97F4A7C15ull;
    return static_cast<size_t>(x >> shift_);
  }

  void Rehash(size_t capacity) {
    std::vector<Slot> old;
    old.swap(slots_);
    slots_.assign(capacity, Slot{});
    mask_ = capacity - 1;
    shift_ = 64 - std::countr_zero(capacity);
    size_ = 0;
    for (const Slot& s : old) {
      if (s.handle != kNoOrder) Insert(s.participant, s.client_id, s.handle);
    }
  }

  std::vector<Slot> slots_;
  size_t mask_ = 0;
  int shift_ = 64;
  size_t size_ = 0;
};

}  // namespace ftz
