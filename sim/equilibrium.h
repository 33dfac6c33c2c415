// The competitive equilibrium of a set of unit costs and values: the quantity and price
// range where supply meets demand, and the largest possible gains from trade.
#pragma once

#include <vector>

#include "vocabulary/types.h"

namespace ftz::sim {

struct Equilibrium {
  Qty quantity = 0;
  Price price_low = 0;  // any price in [low, high] clears the market
  Price price_high = 0;
  Money max_gains = 0;  // sum of (value - cost) over the units that trade
  double price() const { return 0.5 * static_cast<double>(price_low + price_high); }
};

// `costs` and `values` are unit schedules in any order (they are sorted here).
Equilibrium CompetitiveEquilibrium(std::vector<Price> costs, std::vector<Price> values);

}  // namespace ftz::sim
