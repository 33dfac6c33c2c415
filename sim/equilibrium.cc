#include "sim/equilibrium.h"

#include <algorithm>
#include <functional>

namespace ftz::sim {

Equilibrium CompetitiveEquilibrium(std::vector<Price> costs, std::vector<Price> values) {
  std::sort(costs.begin(), costs.end());
  std::sort(values.begin(), values.end(), std::greater<>());
  Equilibrium eq;
  size_t k = 0;
  while (k < costs.size() && k < values.size() && values[k] >= costs[k]) {
    eq.max_gains += values[k] - costs[k];
    ++k;
  }
  eq.quantity = static_cast<Qty>(k);
  if (k == 0) {
    // No trade: any price between the cheapest cost and the highest value "clears".
    eq.price_low = values.empty() ? (costs.empty() ? 0 : costs.front()) : values.front();
    eq.price_high = costs.empty() ? eq.price_low : costs.front();
    if (eq.price_low > eq.price_high) std::swap(eq.price_low, eq.price_high);
    return eq;
  }
  // The marginal traded unit's cost and value bound the price from below and above;
  // the first excluded buyer and seller tighten the range.
  eq.price_low = costs[k - 1];
  eq.price_high = values[k - 1];
  if (k < values.size()) eq.price_low = std::max(eq.price_low, values[k]);
  if (k < costs.size()) eq.price_high = std::min(eq.price_high, costs[k]);
  if (eq.price_low > eq.price_high) std::swap(eq.price_low, eq.price_high);
  return eq;
}

}  // namespace ftz::sim
