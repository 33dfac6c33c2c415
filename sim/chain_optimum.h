// The integrated-chain optimum: the largest total surplus a set of agents could make in
// one period, whoever trades with whom, along a chain of at most two instruments joined
// by refining (e.g. concentrate -> oxide), or on one instrument alone.
//
// Primary sellers offer units at their costs, final buyers want units at their values,
// goods held from earlier periods come at no further cost, and refining turns input lots
// into output lots at a fixed ratio and a processing cost per output lot. The optimum is
// the continuous relaxation (fractional lots allowed): an upper bound on what any
// allocation of whole lots achieves, which is what makes efficiency = realized / maximum
// at most 1 (docs/methodology.md, "Maximum gains").
//
// Prices and gains are in currency per lot; quantities in lots.
#pragma once

#include <optional>
#include <vector>

namespace ftz::sim {

// `qty` lots at `price` each.
struct Step {
  double price = 0;
  double qty = 0;
};

struct MarketCurves {
  std::vector<Step> supply;  // costs, any order (held goods at price 0)
  std::vector<Step> demand;  // values, any order
};

struct Refining {
  double output_per_input = 1;   // output lots per input lot (> 0)
  std::vector<Step> processing;  // cost per output lot, capacity in output lots
};

struct ChainProblem {
  MarketCurves input;  // the only market when there is no refining
  std::optional<Refining> refining;
  MarketCurves output;  // used only with refining
};

// One market at the optimum: the quantity traded (refining included) and the price range
// that supports it (the competitive equilibrium's; any price in it clears the market).
struct MarketOptimum {
  double quantity = 0;
  double price_low = 0;
  double price_high = 0;
  double price() const { return 0.5 * (price_low + price_high); }
};

struct ChainOptimum {
  double max_gains = 0;
  double refined = 0;  // output lots refined at the optimum
  MarketOptimum input;
  MarketOptimum output;
};

ChainOptimum SolveChain(ChainProblem problem);

// One market cleared alone: supply ascending, demand descending.
struct Clearing {
  double gains = 0;
  MarketOptimum market;
};
Clearing ClearMarket(const std::vector<Step>& supply_ascending,
                     const std::vector<Step>& demand_descending);

}  // namespace ftz::sim
