// Steps a scenario's agents through periods: shocks, period starts, and activation
// rounds in a seeded random order. Shared by the in-process simulation and the TCP run,
// so both make the same calls in the same order.
#pragma once

#include <cstdint>
#include <vector>

#include "proto/scenario.pb.h"
#include "sim/agent.h"
#include "sim/rng.h"

namespace ftz::sim {

struct AgentSet;

class Driver {
 public:
  Driver(const scenario::Scenario& scenario, AgentSet& agents, uint64_t seed);

  // Applies the period's shocks and starts the period for every agent; rewinds the
  // period's schedule of activations.
  void StartPeriod(uint32_t period, OrderEntry& entry, const std::vector<MarketView>& views);
  // Runs the period's activation rounds (every agent once a round, in a random order),
  // or its activations (one agent drawn at random for each): Activate() until it is done.
  void RunSteps(uint32_t period, OrderEntry& entry, const std::vector<MarketView>& views);
  // The period's next activation: one agent acts. Returns false, doing nothing, once the
  // period's activations are done. RunSteps in pieces, for callers that act in between.
  bool Activate(uint32_t period, OrderEntry& entry, const std::vector<MarketView>& views);
  // Activations in a period: rounds x agents, or activations_per_period.
  uint64_t activations_per_period() const;
  // Activations of the current period done so far.
  uint64_t activations_done() const { return next_; }

 private:
  const scenario::Scenario& scenario_;
  AgentSet& set_;
  Rng rng_;
  std::vector<Rng> agent_rngs_;
  std::vector<size_t> order_;  // this round's order of the agents
  uint64_t next_ = 0;          // the period's next activation
};

}  // namespace ftz::sim
