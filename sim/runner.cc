#include "sim/runner.h"

#include <chrono>

#include "absl/strings/str_cat.h"
#include "market/market.h"
#include "market_config/market_config.h"
#include "sim/agent_set.h"
#include "sim/results/run_summary.h"
#include "sim/scenario.h"
#include "sim/simulation.h"
#include "sim/welfare.h"

namespace ftz::sim {

absl::StatusOr<std::unique_ptr<Simulation>> MakeSimulation(const scenario::Scenario& scenario,
                                                           uint64_t seed, const RunOptions& options,
                                                           std::vector<ChainInfo>* chain_infos) {
  config::Market market_config = MarketWithAgents(scenario);
  if (options.baseline) StripPolicy(market_config, scenario.baseline());
  absl::StatusOr<MarketRules> rules = CompileMarketRules(
      market_config, absl::StrCat(scenario.name(), options.baseline ? " (baseline)" : ""));
  if (!rules.ok()) return rules.status();
  absl::StatusOr<AgentSet> agents = BuildAgents(scenario, *rules);
  if (!agents.ok()) return agents.status();
  if (options.edit_agents) {
    if (absl::Status st = options.edit_agents(*agents, *rules); !st.ok()) return st;
  }
  absl::StatusOr<std::vector<Chain>> chains = FindChains(scenario, *rules);
  if (!chains.ok()) return chains.status();
  if (chain_infos) {
    for (const Chain& c : *chains) {
      ChainInfo info{c.name, {}};
      for (InstrumentId id : c.instruments)
        info.symbols.push_back(rules->instruments[id].spec.symbol);
      chain_infos->push_back(std::move(info));
    }
  }
  EngineOptions engine_options;
  engine_options.expected_orders = 4096;
  absl::StatusOr<std::unique_ptr<Market>> market =
      Market::FromRules(*std::move(rules), engine_options);
  if (!market.ok()) return market.status();
  return std::make_unique<Simulation>(scenario, *std::move(market), *std::move(agents),
                                      *std::move(chains), seed);
}

absl::StatusOr<RunResult> RunScenario(const scenario::Scenario& scenario_in, uint64_t seed,
                                      const RunOptions& options) {
  scenario::Scenario scenario = scenario_in;
  if (absl::Status st = NormalizeScenario(scenario, scenario.name()); !st.ok()) return st;
  if (seed == 0) seed = scenario.seed();
  std::vector<ChainInfo> chain_infos;
  absl::StatusOr<std::unique_ptr<Simulation>> sim =
      MakeSimulation(scenario, seed, options, &chain_infos);
  if (!sim.ok()) return sim.status();

  const auto start = std::chrono::steady_clock::now();
  RunResult result = (*sim)->Run(options.progress);
  result.chain_infos = std::move(chain_infos);
  result.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  result.scenario = scenario.name();
  result.variant = options.baseline ? "baseline" : "policy";
  result.seed = seed;
  result.summary = Summarize(result);
  return result;
}

absl::StatusOr<PairedResult> RunPaired(const scenario::Scenario& scenario, uint64_t seed,
                                       const ProgressFn& progress) {
  const uint32_t periods = scenario.periods();
  PairedResult paired;
  RunOptions options;
  if (progress) options.progress = [&](uint32_t done, uint32_t) { progress(done, 2 * periods); };
  absl::StatusOr<RunResult> policy = RunScenario(scenario, seed, options);
  if (!policy.ok()) return policy.status();
  options.baseline = true;
  if (progress) {
    options.progress = [&](uint32_t done, uint32_t) { progress(periods + done, 2 * periods); };
  }
  absl::StatusOr<RunResult> baseline = RunScenario(scenario, seed, options);
  if (!baseline.ok()) return baseline.status();
  paired.policy = *std::move(policy);
  paired.baseline = *std::move(baseline);
  SetDeadweightLoss(paired.policy.summary, paired.baseline.summary);
  scenario::Scenario normalized = scenario;
  if (absl::Status st = NormalizeScenario(normalized, scenario.name()); !st.ok()) return st;
  config::Market market = normalized.market();
  BaselineChanges changes = StripPolicy(market, normalized.baseline());
  paired.baseline_removed = std::move(changes.removed);
  paired.baseline_kept = std::move(changes.kept);
  return paired;
}

}  // namespace ftz::sim
