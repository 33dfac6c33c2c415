// An engine's state as plain values, for snapshots (the journal, above the core): every
// resting order in book priority, the halted flags and the id counters. SaveImage and
// RestoreImage are pure; the serialization lives in the layer that writes snapshots.
#pragma once

#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_format.h"
#include "matching/engine.h"
#include "vocabulary/order.h"

namespace ftz {

struct EngineImage {
  // Book by book (InstrumentId order), each book's orders as OrderBook::ForEachOrder
  // visits them: bids best first, then asks best first, FIFO within a level.
  std::vector<Order> orders;
  std::vector<bool> halted;  // by InstrumentId
  OrderId next_order_id = 1;
  TradeId next_trade_id = 1;
};

inline EngineImage SaveImage(const EngineState& engine) {
  EngineImage image;
  image.orders.reserve(engine.resting_orders());
  for (InstrumentId id = 0; id < engine.instrument_count(); ++id) {
    const OrderBook& book = engine.book(id);
    book.ForEachOrder(engine.pool(),
                      [&](OrderHandle h) { image.orders.push_back(engine.pool()[h]); });
    image.halted.push_back(book.halted());
  }
  image.next_order_id = engine.next_order_id();
  image.next_trade_id = engine.next_trade_id();
  return image;
}

// Restores `image` into an engine with the same instruments and no resting order, then
// checks every invariant (Validate): a snapshot that does not restore exactly is refused.
template <PolicyHook Policy>
absl::Status RestoreImage(const EngineImage& image, BasicEngine<Policy>& engine) {
  if (engine.resting_orders() != 0) {
    return absl::FailedPreconditionError("restoring into an engine that has resting orders");
  }
  if (image.halted.size() != engine.instrument_count()) {
    return absl::InvalidArgumentError(absl::StrFormat("the image has %d instruments, the engine %d",
                                                      image.halted.size(),
                                                      engine.instrument_count()));
  }
  for (const Order& o : image.orders) {
    if (absl::Status s = engine.RestoreOrder(o); !s.ok()) return s;
  }
  for (InstrumentId id = 0; id < image.halted.size(); ++id) {
    if (absl::Status s = engine.SetHalted(id, image.halted[id]); !s.ok()) return s;
  }
  if (absl::Status s = engine.RestoreCounters(image.next_order_id, image.next_trade_id); !s.ok()) {
    return s;
  }
  return engine.Validate();
}

}  // namespace ftz
