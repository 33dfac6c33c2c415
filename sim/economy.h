// What a period's agents could have traded, ex post: every primary seller's unit costs,
// every final buyer's unit values, the refiners' processing capacity and the goods held
// from earlier periods, and what holding goods at the period end counts for. The input of the
// integrated-chain optimum (sim/chain_optimum.h) that efficiency is measured against
// (docs/methodology.md, "Maximum gains").
//
// Agents describe themselves in their instruments' ticks and lots; the welfare module
// converts to currency.
#pragma once

#include <vector>

#include "vocabulary/types.h"

namespace ftz::sim {

// Goods held by refiners, market makers or the stockpile.
struct Holding {
  Price value = 0;  // ticks per lot: what a lot counts for in the accounts
  double lots = 0;
  // Offered only at this price (a stockpile's release price): only buyers who value a
  // lot at that much or more can have it. 0: offered to anyone.
  Price offered_at = 0;
};

struct InstrumentEconomy {
  std::vector<Price> costs;   // primary sellers' unit costs, ticks per lot, one per lot
  std::vector<Price> values;  // final buyers' reservation values, ticks per lot, one per lot
  // Of those, the values of buyers who bid without regard to them (ZI-U): they may pay
  // any price.
  std::vector<Price> values_of_reckless;
  // Goods held at the period start that their holders offer (refiners' output, dealers'
  // stock, a releasing stockpile's): supply at the value they were carried in at.
  std::vector<Holding> held;
  // Goods held at the period end count at their end-of-period value: holders could keep
  // or take on up to `lots` at `value` (their holdings plus their room).
  std::vector<Holding> keep;
  // The change in value of holdings that cannot move this period (a stockpile that does
  // not release), tick-lots.
  double fixed = 0;
  // Lots traders could still buy this period, whatever they value them at: dealers'
  // room, refiners' input capacity. They may take what is offered at a price (a
  // stockpile's release).
  double takers_room = 0;
};

// One refiner's capacity this period: input lots become output lots at a fixed ratio,
// each output lot at a processing cost that rises with the period's throughput.
struct RefinerEconomy {
  InstrumentId input = 0;
  InstrumentId output = 0;
  double output_per_input = 1;  // output lots per input lot
  double input_capacity = 0;    // input lots it can refine this period
  // Processing cost of its k-th output lot this period, output ticks per lot, ascending.
  std::vector<Price> processing;
};

struct PeriodEconomy {
  std::vector<InstrumentEconomy> instruments;  // by InstrumentId
  std::vector<RefinerEconomy> refiners;
};

}  // namespace ftz::sim
