// A refiner: buys an input (e.g. NdPr concentrate) and sells the refined output (e.g.
// NdPr oxide). Each input lot it buys becomes `output lots per input lot` of output at
// the same time; its cost per output lot is the input price paid divided by that yield
// plus a processing cost that rises with the period's throughput. It values input at
// what the output is expected to fetch (the output's last price, or its floor if
// higher) times the yield, less processing. Quotes like a ZI-constrained trader on both
// instruments.
#pragma once

#include <vector>

#include "sim/agent.h"

namespace ftz::sim {

struct RefinerParams {
  InstrumentId input = 0;
  InstrumentId output = 0;
  Qty input_capacity = 0;       // input lots per period
  double output_per_input = 1;  // output lots per input lot
  // Converts an input price in input ticks per input lot into output ticks per output
  // lot of cost: output_cost = input_price * input_to_output_price + processing.
  double input_to_output_price = 1;
  Price processing_first = 0;  // processing cost per output lot (output ticks), first lot
  Price processing_last = 0;   // ... at full capacity
  Price zi_high_output = 1;    // bounds for random quotes
  Price zi_low_input = 1;
  Jurisdiction origin = 0;
  bool urgent = false;
  double max_inventory_periods = 0;  // 0: no limit
};

class Refiner : public Agent {
 public:
  Refiner(std::string name, ParticipantId participant, RefinerParams params);

  std::vector<InstrumentId> instruments() const override { return {p_.input, p_.output}; }
  void OnPeriodStart(const AgentContext& ctx, Rng& rng) override;
  void Act(const AgentContext& ctx, Rng& rng) override;
  void OnFill(const Fill& fill) override;
  void OnOrderGone(ClientOrderId client_id, bool rejected) override;
  void Schedules(InstrumentId instrument, std::vector<Price>* costs,
                 std::vector<Price>* values) const override;
  AgentPeriodStats TakeStats(InstrumentId instrument, Price threshold) override;

 private:
  void QuoteOn(const AgentContext& ctx, InstrumentId instrument, Side side, Price price,
               WorkingOrder& w);

  RefinerParams p_;
  std::vector<Price> input_values_;  // this period, descending; next_input_ is the next
  size_t next_input_ = 0;
  std::vector<Price> processing_;  // per output lot this period
  double output_fraction_ = 0;     // output made but not yet a whole lot
  Price fraction_cost_ = 0;
  std::vector<Price> output_costs_;  // inventory of output lots, ascending costs
  // Output it expects to make this period, at the input's last price: for the
  // competitive equilibrium, which counts what the chain can supply within the period.
  std::vector<Price> planned_output_costs_;
  WorkingOrder buy_;
  WorkingOrder sell_;
  AgentPeriodStats input_stats_;
  AgentPeriodStats output_stats_;
};

}  // namespace ftz::sim
