// A set of uint64 ids stored as disjoint closed intervals. Client order ids are usually
// handed out in increasing order, which keeps this set at one interval however many
// ids a session uses: an insert is then O(1) and touches one cache line, where a hash
// set would grow without bound and miss the cache on every insert.
#pragma once

#include <cstdint>
#include <iterator>

#include "absl/container/btree_map.h"

namespace ftz::gw {

class IdSet {
 public:
  // Adds `id`; false when it was there already.
  bool Insert(uint64_t id) {
    if (hint_ != ranges_.end() && id == hint_->second + 1) {
      auto next = std::next(hint_);
      if (next == ranges_.end() || next->first > id + 1) {
        hint_->second = id;
        return true;
      }
    }
    auto it = ranges_.upper_bound(id);  // first interval starting after id
    if (it != ranges_.begin()) {
      auto prev = std::prev(it);
      if (id <= prev->second) return false;
      if (prev->second + 1 == id) {
        prev->second = id;
        if (it != ranges_.end() && it->first == id + 1) {  // bridge two intervals
          prev->second = it->second;
          ranges_.erase(it);  // invalidates every iterator: find it again
          hint_ = std::prev(ranges_.upper_bound(id));
          return true;
        }
        hint_ = prev;
        return true;
      }
    }
    if (it != ranges_.end() && it->first == id + 1) {
      const uint64_t end = it->second;
      ranges_.erase(it);
      hint_ = ranges_.emplace(id, end).first;
      return true;
    }
    hint_ = ranges_.emplace(id, id).first;
    return true;
  }
  bool Contains(uint64_t id) const {
    auto it = ranges_.upper_bound(id);
    if (it == ranges_.begin()) return false;
    return id <= std::prev(it)->second;
  }
  size_t intervals() const { return ranges_.size(); }

 private:
  absl::btree_map<uint64_t, uint64_t> ranges_;  // start -> end (inclusive)
  absl::btree_map<uint64_t, uint64_t>::iterator hint_ = ranges_.end();
};

}  // namespace ftz::gw
