#include "sim/tcp/tcp_run.h"

#include <chrono>

#include "absl/strings/str_cat.h"
#include "market_config/market_config.h"
#include "sim/agent_set.h"
#include "sim/driver.h"
#include "sim/scenario.h"
#include "sim/simulation.h"
#include "sim/tcp/tcp_venue.h"

namespace ftz::sim {

absl::StatusOr<TcpRunResult> RunOverTcp(const scenario::Scenario& scenario_in, uint64_t seed,
                                        const TcpRunOptions& options) {
  scenario::Scenario scenario = scenario_in;
  if (absl::Status st = NormalizeScenario(scenario, scenario.name()); !st.ok()) return st;
  if (seed == 0) seed = scenario.seed();
  if (options.periods > 0) scenario.set_periods(options.periods);
  // Over TCP the agents see only their own reports: no shouts for adaptive traders, and
  // no gate in front of the gateway for the synchronized protocol.
  if (scenario.protocol() != scenario::CONTINUOUS) {
    return absl::InvalidArgumentError(
        "ftz agents runs the continuous protocol only; run SYNCHRONIZED scenarios with ftz sim");
  }
  for (const auto& g : scenario.sellers()) {
    if (g.strategy() == scenario::ZIP) {
      return absl::InvalidArgumentError(absl::StrCat(
          "sellers ", g.name(), ": ZIP traders learn from every shout, which only ftz sim shows"));
    }
  }
  for (const auto& g : scenario.buyers()) {
    if (g.strategy() == scenario::ZIP) {
      return absl::InvalidArgumentError(absl::StrCat(
          "buyers ", g.name(), ": ZIP traders learn from every shout, which only ftz sim shows"));
    }
  }
  absl::StatusOr<MarketRules> rules =
      CompileMarketRules(MarketWithAgents(scenario), scenario.name());
  if (!rules.ok()) return rules.status();
  absl::StatusOr<AgentSet> agents = BuildAgents(scenario, *rules);
  if (!agents.ok()) return agents.status();

  const auto start = std::chrono::steady_clock::now();
  absl::StatusOr<std::unique_ptr<TcpVenue>> venue = TcpVenue::Connect(
      options.host, options.port, *rules, agents->agents, options.admin_name, options.admin_token);
  if (!venue.ok()) return venue.status();
  TcpVenue& v = **venue;
  v.views() = agents->initial_views;
  Driver driver(scenario, *agents, seed);
  for (uint32_t period = 0; period < scenario.periods(); ++period) {
    driver.StartPeriod(period, v, v.views());
    driver.RunSteps(period, v, v.views());
    if (!v.status().ok()) return v.status();
    if (absl::Status st = v.EndPeriod(); !st.ok()) return st;
    if (options.progress) options.progress(period + 1, scenario.periods());
  }
  TcpRunResult result;
  for (const auto& [id, trade] : v.trades()) result.trades.push_back(trade);
  result.orders = v.orders();
  result.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

}  // namespace ftz::sim
