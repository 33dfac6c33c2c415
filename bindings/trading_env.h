// The core of the trading environment (python/ftz/sim/env.py gives it gymnasium's
// reset/step API): one learner trading one instrument among a scenario's agents.
//
// The learner is an ExternalAgent in the simulation, in the place of a scenario agent
// or of a market maker of its own that joins them. Each step: its action is applied at
// the mark (quote, re-quote or cancel its bid and its ask), then the simulation runs
// `activations_per_step` activations (by default one round: every agent once, in a
// random order; the learner's own turn in it passes), closing a period and opening the
// next when one ends. The episode starts at the scenario's period `start_period` (the
// ones before run at reset, the learner idle) and ends after `periods` periods. Reward: the change
// in the learner's mark-to-market P&L, cash + position x mark (Mark()), in tick-lots.
// docs/python.md ("The trading environment") has the observation and action tables.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "bindings/external_agent.h"
#include "proto/scenario.pb.h"
#include "sim/simulation.h"

namespace ftz::bindings {

struct EnvConfig {
  std::string instrument = "NDPR-OX";
  // The scenario agent whose place the learner takes (e.g. "gb-liquidity-1"); empty: a
  // market maker of its own, "learner-1" of `jurisdiction`, joins the scenario's agents.
  std::string agent;
  std::string jurisdiction = "GB";
  uint32_t periods = 1;  // simulated periods (days) per episode
  // The scenario's periods that run before the episode starts, the learner idle in them
  // (it joins the market as it stands after them).
  uint32_t start_period = 0;
  uint32_t activations_per_step = 0;  // 0: as many as there are agents (one round)
  uint32_t depth = 5;                 // book levels per side in the observation
  uint32_t trades = 5;                // recent trades in the observation
  // The quote levels, in steps from the mark: a bid at mark - k steps, an ask at
  // mark + k steps.
  std::vector<int64_t> offsets = {0, 1, 2, 4};
  int64_t step_bps = 25;  // one step, in basis points of the mark (at least one tick)
  Qty quote_qty = 1;      // lots per quote
  Qty max_position = 10;  // no quote is placed that could take |position| beyond this
};

class TradingEnv {
 public:
  // Checks the config against the scenario (normalized) and builds one simulation to
  // be sure it runs. Errors name the field and the allowed values.
  static absl::StatusOr<std::unique_ptr<TradingEnv>> Create(const scenario::Scenario& scenario,
                                                            EnvConfig config);

  const EnvConfig& config() const { return config_; }
  // The observation's entries: names, and the lowest and highest value of each.
  const std::vector<std::string>& observation_names() const { return names_; }
  const std::vector<double>& observation_low() const { return low_; }
  const std::vector<double>& observation_high() const { return high_; }
  // Choices per side: 0 keep, 1 cancel, 2 + k quote at offsets[k].
  int choices() const { return 2 + static_cast<int>(config_.offsets.size()); }

  // A new episode: a fresh simulation of the scenario under `seed`, run through its
  // first `start_period` periods, at the start of the next. Writes the observation
  // (observation_names().size() entries).
  void Reset(uint64_t seed, double* observation);
  // One step (after Reset, before done()); `bid` and `ask` in [0, choices()). Writes the
  // observation; returns the reward.
  double Step(int bid, int ask, double* observation);

  bool started() const { return sim_ != nullptr; }
  bool done() const { return done_; }
  uint64_t steps() const { return steps_; }
  double pnl() const { return pnl_; }  // tick-lots, since the reset
  Qty position() const { return learner_->position(instrument_); }
  Money cash() const { return learner_->cash(instrument_); }
  const InstrumentRules& instrument() const { return instrument_rules_; }
  const sim::Simulation& simulation() const { return *sim_; }

 private:
  TradingEnv(const scenario::Scenario& scenario, EnvConfig config);
  absl::Status Build(uint64_t seed);
  void Layout();

  // The learner's action on one side, priced off `mark`.
  void Act(Side side, int choice, double mark);
  // The population's activations of one step; rolls periods over as they end.
  void Advance();
  void RollPeriod();
  // Trades on the instrument, for the observation.
  void Record(const EventBuffer& events);
  // The last trade price (before any, the scenario's start price), held within the best
  // bid and the best ask of the others (the learner's own quotes left out).
  double Mark() const;
  Price BestOfOthers(const PriceLadder& ladder) const;
  Qty StockpileBid() const;
  void Observe(double mark, double* out) const;

  scenario::Scenario scenario_;  // with the learner's group; the simulations refer to it
  EnvConfig config_;
  std::string learner_name_;
  std::vector<std::string> names_;
  std::vector<double> low_, high_;
  InstrumentRules instrument_rules_;  // the learner's instrument

  std::unique_ptr<sim::Simulation> sim_;
  ExternalAgent* learner_ = nullptr;  // owned by sim_
  InstrumentId instrument_ = 0;
  uint64_t per_step_ = 0;
  ClientOrderId working_[2] = {0, 0};          // the learner's quote by Side; 0: none
  std::vector<std::pair<Price, Qty>> trades_;  // ring: price, qty (+ buyer took, - seller took)
  size_t trades_next_ = 0;
  size_t trades_seen_ = 0;
  uint32_t periods_done_ = 0;
  uint64_t steps_ = 0;
  double pnl_ = 0;
  bool done_ = false;
};

}  // namespace ftz::bindings
