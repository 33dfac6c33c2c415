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

  // Applies the period's shocks and starts the period for every agent.
  void StartPeriod(uint32_t period, OrderEntry& entry, const std::vector<MarketView>& views);
  // Runs the period's activation rounds (every agent once a round, in a random order),
  // or its activations (one agent drawn at random for each).
  void RunSteps(uint32_t period, OrderEntry& entry, const std::vector<MarketView>& views);

 private:
  const scenario::Scenario& scenario_;
  AgentSet& set_;
  Rng rng_;
  std::vector<Rng> agent_rngs_;
  std::vector<size_t> order_;
};

}  // namespace ftz::sim
