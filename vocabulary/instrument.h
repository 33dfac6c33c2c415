// What the matching core needs to know about an instrument. The floor policy's richer
// description (floors, roles, origin rules) lives in floor_policy/.
#pragma once

#include <string>

#include "vocabulary/types.h"

namespace ftz {

struct InstrumentSpec {
  std::string symbol;
  // Price band in ticks: limit prices outside [min_price, max_price] are rejected with
  // kBadPrice. It also bounds the memory of the book's dense price ladder.
  Price min_price = 1;
  Price max_price = Price{1} << 20;
  Qty max_qty = Qty{1} << 40;  // per order, in lots
};

// Largest allowed band width: keeps each side's dense ladder under ~400 MB at worst.
constexpr Price kMaxBandWidth = Price{1} << 24;

}  // namespace ftz
