// A resting or in-flight order, as the engine keeps it and the policy reads it.
#pragma once

#include <cstdint>

#include "vocabulary/types.h"

namespace ftz {

// Index of an order in its OrderPool. Handles stay valid while the order lives, even
// when the pool grows (the pool's storage may move; handles do not).
using OrderHandle = uint32_t;
constexpr OrderHandle kNoOrder = UINT32_MAX;

// One cache line: the matching paths touch nearly every field of the orders they visit
// (the target, its FIFO neighbours, a level's tail), so each visit costs one line.
// Cumulative filled quantity is not kept: the trade events carry every fill.
struct alignas(64) Order {
  OrderId id;
  ClientOrderId client_id;
  Price price;         // the price it rests at (a tariffed ask: its landed price)
  Qty leaves;          // open quantity
  Price duty_per_lot;  // tariff withheld from the seller per lot filled (0: none)
  ParticipantId participant;
  InstrumentId instrument;
  OrderHandle prev;  // FIFO links within the price level
  OrderHandle next;
  Side side;
  OrderType type;
  TimeInForce tif;
  StpMode stp;
  bool post_only;
  // The policy's word at admission (Admission::nonmember_material): a sell of material
  // of non-member origin. Kept so that replaces and fills need not look it up again.
  bool nonmember_material;
  Jurisdiction origin;
};
static_assert(sizeof(Order) == 64);

}  // namespace ftz
