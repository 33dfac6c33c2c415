// Events: everything an engine says. Each command produces zero or more events,
// appended in order to a caller-owned EventBuffer; nothing is allocated per event once
// the buffer has grown to its working size.
#pragma once

#include <algorithm>
#include <cstddef>
#include <memory>
#include <new>
#include <utility>
#include <vector>

#include "matching/types.h"

namespace ftz {

enum class EventKind : uint8_t {
  kAccepted = 0,      // a new order passed every check; it trades and/or rests next
  kRejected = 1,      // a command was refused; nothing changed
  kTrade = 2,         // one fill between a resting (maker) and an incoming (taker) order
  kCancelled = 3,     // an order left the book (see CancelReason)
  kReplaced = 4,      // a resting order's price and/or quantity changed; same order id
  kExpired = 5,       // a DAY order reached the end of its period
  kLevelChanged = 6,  // a price level's aggregate changed (qty 0: the level is gone)
  kPolicy = 7,        // a floor_policy ledger or state event (see floor_policy/)
};

struct OrderRef {
  OrderId order_id;
  ClientOrderId client_id;
  ParticipantId participant;
};

struct AcceptedEvent {
  OrderRef order;
  Side side;
  OrderType type;
  TimeInForce tif;
  Price price;  // the price the order rests at (a tariffed ask: its landed price)
  Qty qty;
};

struct RejectedEvent {
  OrderRef order;  // order_id: the target of a cancel or replace, else 0
  CommandKind command;
  RejectReason reason;
  Side side;
  Price price;  // the offending price or quantity, and the rule's limit, for the text
  Qty qty;
  int64_t limit;
};

struct TradeEvent {
  TradeId trade_id;
  Side aggressor;  // the taker's side
  Price price;     // the resting order's price: what the buyer pays per lot
  Qty qty;
  OrderRef maker;
  OrderRef taker;
  Qty maker_leaves;
  Qty taker_leaves;
  Money duty;    // tariff withheld from the seller (0 when none applies)
  Money top_up;  // price-support payment accrued to the seller (0 when none applies)
};

struct CancelledEvent {  // also kExpired
  OrderRef order;
  Side side;
  CancelReason reason;
  Price price;
  Qty leaves;  // the quantity that was still open
};

struct ReplacedEvent {
  OrderRef order;
  Side side;
  bool priority_kept;
  Price old_price;
  Qty old_leaves;
  Price new_price;
  Qty new_leaves;
};

struct LevelChangedEvent {
  Side side;
  Price price;
  Qty qty;  // total open quantity at the level; 0 when it emptied
  uint32_t orders;
};

// Ledger and state events of the floor policy (floor_policy/policy_event.h says what
// each type's fields mean).
struct PolicyEvent {
  uint8_t type;  // ftz::PolicyEventType
  ParticipantId participant;
  int64_t a;
  int64_t b;
  int64_t c;
  int64_t d;
};

struct Event {
  EventKind kind;
  InstrumentId instrument;
  union {
    AcceptedEvent accepted;
    RejectedEvent rejected;
    TradeEvent trade;
    CancelledEvent cancelled;  // kCancelled and kExpired
    ReplacedEvent replaced;
    LevelChangedEvent level;
    PolicyEvent policy;
  };
};

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

const char* ToString(EventKind kind);
const char* ToString(CommandKind kind);

}  // namespace ftz
