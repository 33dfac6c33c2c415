// A refiner: buys an input (e.g. NdPr concentrate) and sells the refined output (e.g.
// NdPr oxide). Each input lot it buys becomes `output lots per input lot` of output at
// once; each whole output lot made in a period costs the next step of a processing
// schedule that rises with the period's throughput. It prices its output at no less
// than its book cost (input price paid per output lot plus processing) and bids for
// input up to what the output is expected to fetch (the output's last price, or its
// floor if higher) per input lot, less processing. Quotes like a ZI-constrained trader
// on both instruments. Its surplus is an intermediary's: output revenue - input cost -
// processing cost (docs/methodology.md).
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
  Jurisdiction origin = 0;
  bool urgent = false;
  double max_inventory_periods = 0;  // 0: no limit
};

class Refiner : public Agent {
 public:
  Refiner(std::string name, ParticipantId participant, RefinerParams params);

  Account account() const override { return Account::kIntermediaries; }
  std::vector<InstrumentId> instruments() const override { return {p_.input, p_.output}; }
  void OnPeriodStart(const AgentContext& ctx, Rng& rng) override;
  void Act(const AgentContext& ctx, Rng& rng) override;
  void OnFill(const Fill& fill) override;
  void OnOrderGone(ClientOrderId client_id, bool rejected) override;
  void OnRequoteRefused(ClientOrderId client_id, Price standing_price) override {
    Refused(buy_, client_id, standing_price);
    Refused(sell_, client_id, standing_price);
  }
  void Describe(PeriodEconomy& economy) const override;
  double Held(InstrumentId instrument) const override;
  double Room(InstrumentId instrument) const override {
    return instrument == p_.output ? p_.input_capacity * p_.output_per_input : 0;
  }
  AgentPeriodStats TakeStats(InstrumentId instrument, Price threshold) override;

 private:
  void QuoteOn(const AgentContext& ctx, InstrumentId instrument, Side side, Price price,
               WorkingOrder& w);
  // The processing cost of making output lots `from` to `to` of the period (fractions
  // of lots at their steps' costs; beyond the schedule, at its last step).
  double ProcessingCost(double from, double to) const;

  RefinerParams p_;
  std::vector<Price> input_values_;  // this period, descending; next_input_ is the next
  size_t next_input_ = 0;
  std::vector<Price> processing_;    // per output lot this period, ascending
  double made_ = 0;                  // output lots made this period (fractions included)
  double output_fraction_ = 0;       // output made but not yet a whole lot
  Price fraction_input_cost_ = 0;    // input cost per output lot of that fraction
  std::vector<Price> output_costs_;  // inventory of output lots, ascending book costs
  WorkingOrder buy_;
  WorkingOrder sell_;
  AgentPeriodStats output_stats_;
};

}  // namespace ftz::sim
