// EventBuffer: the caller-owned, growable list of events a command appends to. Nothing
// is allocated per event once the buffer has grown to its working size.
#pragma once

#include <algorithm>
#include <cstddef>
#include <memory>
#include <new>
#include <utility>
#include <vector>

#include "vocabulary/event.h"

namespace ftz {

// std::allocator, except that construct() without arguments default-initializes
// instead of value-initializing: EventBuffer::Append does not zero an Event (120
// bytes, a `rep stos` per event) only for the engine to overwrite it right away.
template <typename T>
struct DefaultInitAllocator : std::allocator<T> {
  using std::allocator<T>::allocator;
  template <typename U>
  struct rebind {
    using other = DefaultInitAllocator<U>;
  };
  template <typename U>
  void construct(U* p) {
    ::new (static_cast<void*>(p)) U;
  }
  template <typename U, typename... Args>
  void construct(U* p, Args&&... args) {
    ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
  }
};

// A growable buffer of events owned by the caller. Clear() keeps the capacity, so a
// buffer reused across commands stops allocating once it has seen its largest command.
// Append() leaves the payload uninitialized: the caller assigns the whole member of its
// kind (e.g. `e.trade = TradeEvent{...}`).
class EventBuffer {
 public:
  EventBuffer() { Resize(1024); }
  EventBuffer(const EventBuffer& o) : events_(o.events_), size_(o.size_) { Sync(); }
  EventBuffer& operator=(const EventBuffer& o) {
    events_ = o.events_;
    size_ = o.size_;
    Sync();
    return *this;
  }
  EventBuffer(EventBuffer&& o) noexcept
      : events_(std::move(o.events_)), size_(std::exchange(o.size_, 0)) {
    Sync();
    o.Sync();
  }
  EventBuffer& operator=(EventBuffer&& o) noexcept {
    events_ = std::move(o.events_);
    size_ = std::exchange(o.size_, 0);
    Sync();
    o.Sync();
    return *this;
  }

  Event& Append(EventKind kind, InstrumentId instrument) {
    if (size_ == capacity_) [[unlikely]] {
      Resize(std::max<size_t>(64, 2 * capacity_));
    }
    Event& e = data_[size_++];
    e.kind = kind;
    e.instrument = instrument;
    return e;
  }
  void Clear() { size_ = 0; }

  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  const Event& operator[](size_t i) const { return data_[i]; }
  const Event& back() const { return data_[size_ - 1]; }
  auto begin() const { return events_.cbegin(); }
  auto end() const { return events_.cbegin() + static_cast<std::ptrdiff_t>(size_); }

 private:
  // Out of line, so that Append's fast path is a compare, an increment and two stores
  // (no register spills for a reallocation path). New slots are default-initialized.
  [[gnu::noinline]] void Resize(size_t n) {
    events_.resize(n);
    Sync();
  }
  void Sync() {
    data_ = events_.data();
    capacity_ = events_.size();
  }

  // Slots; the first size_ hold this buffer's events.
  std::vector<Event, DefaultInitAllocator<Event>> events_;
  Event* data_ = nullptr;  // events_.data()
  size_t size_ = 0;
  size_t capacity_ = 0;  // events_.size()
};

}  // namespace ftz
