// Index from (participant, client order id) to OrderHandle for resting orders that
// carry a client id: the duplicate-id check of every new order and the lookup of a
// cancel or replace that names its target by client id.
//
// Semantically a map; client id 0 is never a key (it means "none"). A bucketed
// open-addressing table: a key hashes to a bucket, one cache line of three 16-byte
// slots, and is stored in the first free slot there; only when that bucket is full does
// it go on to the next one. Each bucket counts the keys stored past it (`passed`, in
// the same line), so a lookup stops at its home bucket unless a key went past: the
// counts are exact, so there are no tombstones and no degradation under insert/erase
// churn, and an erase moves nothing. A lookup also stops after as many buckets as the
// longest walk any insert made (`max_walk_`): keys that spilled over long ago can leave
// every bucket passed once the buckets they passed have emptied, and a lookup for an
// absent key must still end.
//
// Kept at most one key per bucket on average (a bucket is full for a few per cent of
// keys), so nearly every operation reads one line and the branches it takes are the
// same every time: a new order's duplicate check finds no match in its home bucket, an
// erase finds its key there. Linear probing over single slots, which this replaced,
// ended each probe on whether the next slot was free, a coin toss that mispredicted on
// about half of the inserts, lookups and erases.
//
// The table doubles when it would pass one key per bucket and never shrinks, so it allocates
// only when the number of resting orders with client ids exceeds every earlier peak.
#pragma once

#include <algorithm>
#include <bit>
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "vocabulary/order.h"
#include "vocabulary/types.h"

namespace ftz {

class ClientIdIndex {
 public:
  explicit ClientIdIndex(size_t expected = 64) { reserve(expected); }

  // Room for `n` entries without growing (allocates now).
  void reserve(size_t n) {
    const size_t want = std::bit_ceil(n < 16 ? size_t{16} : n);
    if (want > buckets_.size()) Rehash(want);
  }

  // The handle stored for the key, or kNoOrder.
  OrderHandle Find(ParticipantId participant, ClientOrderId client_id) const {
    const Place at = Locate(participant, client_id);
    return at.bucket == kAbsent ? kNoOrder : buckets_[at.bucket].slots[at.slot].handle;
  }
  bool contains(ParticipantId participant, ClientOrderId client_id) const {
    return Find(participant, client_id) != kNoOrder;
  }

  // Adds a key that is not in the index; its client id is not 0 (0 marks a free slot).
  void Insert(ParticipantId participant, ClientOrderId client_id, OrderHandle h) {
    assert(client_id != 0);
    if (size_ + 1 > buckets_.size()) Rehash(2 * buckets_.size());
    size_t b = BucketOf(participant, client_id);
    for (size_t walked = 0;; ++walked, b = (b + 1) & mask_) {
      Bucket& bucket = buckets_[b];
      if (const unsigned free = bucket.Free()) {
        bucket.slots[std::countr_zero(free)] = Slot{client_id, participant, h};
        ++size_;
        max_walk_ = std::max(max_walk_, walked);
        return;
      }
      ++bucket.passed;
    }
  }

  // Removes the key if present.
  void Erase(ParticipantId participant, ClientOrderId client_id) {
    assert(client_id != 0);  // would match a free slot
    const Place at = Locate(participant, client_id);
    if (at.bucket == kAbsent) return;
    buckets_[at.bucket].slots[at.slot] = Slot{};
    --size_;
    for (size_t b = BucketOf(participant, client_id); b != at.bucket; b = (b + 1) & mask_) {
      --buckets_[b].passed;
    }
  }

  size_t size() const { return size_; }

  // The bucket a key hashes to, and how many buckets there are. For tests and
  // diagnostics (keys with the same home bucket share one line, then spill over).
  size_t BucketOf(ParticipantId participant, ClientOrderId client_id) const {
    // Fibonacci hashing of both parts; the top log2(buckets) bits of the product are the
    // best mixed, and already an index below the bucket count.
    const uint64_t x =
        (client_id ^ (uint64_t{participant} << 40 | participant)) * 0x9E3779B97F4A7C15ull;
    return static_cast<size_t>(x >> shift_);
  }
  size_t bucket_count() const { return buckets_.size(); }
  // Keys stored beyond bucket b on their way from their home bucket.
  uint32_t passed(size_t b) const { return buckets_[b].passed; }

 private:
  static constexpr size_t kSlots = 3;  // per bucket, with its count: one cache line

  struct Slot {
    ClientOrderId client_id = 0;  // 0: the slot is free
    ParticipantId participant = 0;
    OrderHandle handle = kNoOrder;
  };
  struct alignas(64) Bucket {
    Slot slots[kSlots];
    uint32_t passed = 0;  // keys stored beyond this bucket on their way from their home

    // Bit i set when slot i holds the key. Computed for every slot, without branches.
    unsigned Match(ParticipantId participant, ClientOrderId client_id) const {
      unsigned m = 0;
      for (size_t i = 0; i < kSlots; ++i) {
        const bool hit = (slots[i].client_id == client_id) & (slots[i].participant == participant);
        m |= unsigned{hit} << i;
      }
      return m;
    }
    // Bit i set when slot i is free.
    unsigned Free() const {
      unsigned m = 0;
      for (size_t i = 0; i < kSlots; ++i) m |= unsigned{slots[i].client_id == 0} << i;
      return m;
    }
  };
  static_assert(sizeof(Bucket) == 64);

  // Where the key is stored, or bucket kAbsent. The walk starts at the key's home bucket
  // and goes on only past buckets that some key went past, and never further than the
  // longest walk an insert made.
  struct Place {
    size_t bucket;
    int slot;
  };
  static constexpr size_t kAbsent = SIZE_MAX;
  Place Locate(ParticipantId participant, ClientOrderId client_id) const {
    size_t b = BucketOf(participant, client_id);
    for (size_t walked = 0;; ++walked, b = (b + 1) & mask_) {
      const Bucket& bucket = buckets_[b];
      if (const unsigned match = bucket.Match(participant, client_id)) {
        return {b, std::countr_zero(match)};
      }
      if ((bucket.passed == 0) | (walked == max_walk_)) return {kAbsent, 0};
    }
  }

  void Rehash(size_t bucket_count) {
    std::vector<Bucket> old;
    old.swap(buckets_);
    buckets_.assign(bucket_count, Bucket{});
    mask_ = bucket_count - 1;
    shift_ = 64 - std::countr_zero(bucket_count);
    size_ = 0;
    max_walk_ = 0;
    for (const Bucket& bucket : old) {
      for (const Slot& s : bucket.slots) {
        if (s.client_id != 0) Insert(s.participant, s.client_id, s.handle);
      }
    }
  }

  std::vector<Bucket> buckets_;
  size_t mask_ = 0;
  int shift_ = 64;
  size_t size_ = 0;
  size_t max_walk_ = 0;  // the most buckets any insert walked past its home (never falls)
};

}  // namespace ftz
