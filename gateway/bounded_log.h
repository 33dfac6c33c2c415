// The last `capacity` values appended, oldest first, in one contiguous buffer reserved
// for the capacity that overwrites its oldest value in place once full: no allocation
// per value (a deque allocates and frees a node every few values, which dominated
// recovery's time when every execution report is kept).
#pragma once

#include <cstddef>
#include <iterator>
#include <utility>
#include <vector>

namespace ftz::gw {

template <typename T>
class BoundedLog {
 public:
  // Appends `v`, dropping the oldest value when `capacity` values are held already.
  void Append(T v, size_t capacity) {
    // Reserved whole at once: growing by doubling copied every kept value again and
    // again (a quarter of recovery's time). Pages are touched only as values arrive.
    if (values_.capacity() < capacity) values_.reserve(capacity);
    if (values_.size() < capacity) {
      values_.push_back(std::move(v));
      return;
    }
    if (capacity == 0) return;
    values_[oldest_] = std::move(v);
    oldest_ = oldest_ + 1 == values_.size() ? 0 : oldest_ + 1;
  }
  void clear() {
    values_.clear();
    oldest_ = 0;
  }
  size_t size() const { return values_.size(); }
  bool empty() const { return values_.empty(); }

  class const_iterator {
   public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = T;
    using difference_type = std::ptrdiff_t;
    using pointer = const T*;
    using reference = const T&;
    const_iterator(const BoundedLog* log, size_t i) : log_(log), i_(i) {}
    const T& operator*() const { return log_->at(i_); }
    const T* operator->() const { return &log_->at(i_); }
    const_iterator& operator++() {
      ++i_;
      return *this;
    }
    bool operator==(const const_iterator& o) const { return i_ == o.i_; }

   private:
    const BoundedLog* log_;
    size_t i_;
  };
  const_iterator begin() const { return {this, 0}; }
  const_iterator end() const { return {this, values_.size()}; }
  // The i-th oldest value.
  const T& at(size_t i) const {
    const size_t k = oldest_ + i;
    return values_[k < values_.size() ? k : k - values_.size()];
  }

 private:
  std::vector<T> values_;
  size_t oldest_ = 0;  // index of the oldest value once the buffer wrapped
};

}  // namespace ftz::gw
