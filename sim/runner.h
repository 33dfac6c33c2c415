// Runs scenarios: builds the market and the agents, steps through the periods, and
// measures. Deterministic: the same scenario and seed give the same RunResult (apart
// from wall_seconds), bit for bit.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "proto/scenario.pb.h"
#include "sim/results/run_result.h"

namespace ftz {
struct MarketRules;
}

namespace ftz::sim {

struct AgentSet;
class Simulation;

// Progress callback: (periods done, periods in all). Called from the running thread.
using ProgressFn = std::function<void(uint32_t done, uint32_t total)>;

struct RunOptions {
  // Run the no-policy baseline: the same market without the policy instruments the
  // scenario's `baseline` does not keep (StripPolicy), the same agents and seed.
  bool baseline = false;
  ProgressFn progress;
  // Changes the agents before the run starts (the Python bindings replace some with
  // their own); an error stops the run. May be empty.
  std::function<absl::Status(AgentSet& agents, const MarketRules& rules)> edit_agents;
};

// The embedded default scenario (sim/default_scenario.txtpb).
const std::string& DefaultScenarioText();
// Parses and checks a scenario; `origin` names the source in errors.
absl::StatusOr<scenario::Scenario> ParseScenario(const std::string& text,
                                                 const std::string& origin);

// A run set up and not started, as RunScenario runs it: the market with the agents'
// participants (stripped for the baseline), the agents (then `options.edit_agents`) and
// the chains (their symbols into `chains` when given). `scenario` must be normalized
// (NormalizeScenario) and outlive the simulation; `seed` is the run's.
absl::StatusOr<std::unique_ptr<Simulation>> MakeSimulation(
    const scenario::Scenario& scenario, uint64_t seed, const RunOptions& options,
    std::vector<ChainInfo>* chains = nullptr);

// One run. `seed` overrides the scenario's seed when non-zero.
absl::StatusOr<RunResult> RunScenario(const scenario::Scenario& scenario, uint64_t seed,
                                      const RunOptions& options = {});

// A policy run and its baseline on the same seed; fills in deadweight loss.
absl::StatusOr<PairedResult> RunPaired(const scenario::Scenario& scenario, uint64_t seed,
                                       const ProgressFn& progress = {});

}  // namespace ftz::sim
