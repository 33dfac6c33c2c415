#include "sim/runner.h"

#include <chrono>

#include "absl/strings/str_cat.h"
#include "market/market.h"
#include "market_config/market_config.h"
#include "sim/scenario.h"
#include "sim/simulation.h"

namespace ftz::sim {

namespace {

// Totals per instrument and over all instruments ("ALL").
std::vector<RunSummary> Summarize(const std::vector<PeriodMetrics>& periods) {
  std::vector<RunSummary> out;
  std::vector<double> realized, max_gains, notional;
  auto row = [&](const std::string& symbol) -> size_t {
    for (size_t i = 0; i < out.size(); ++i) {
      if (out[i].symbol == symbol) return i;
    }
    out.push_back(RunSummary{.symbol = symbol});
    realized.push_back(0);
    max_gains.push_back(0);
    notional.push_back(0);
    return out.size() - 1;
  };
  for (const PeriodMetrics& m : periods) {
    for (const std::string& symbol : {m.symbol, std::string("ALL")}) {
      const size_t i = row(symbol);
      RunSummary& s = out[i];
      s.volume += m.volume;
      notional[i] += m.vwap * m.volume;
      s.share_at_floor += m.volume_at_floor;
      s.unsold += m.unsold;
      s.stockpile_spend += m.stockpile_spend;
      s.top_ups += m.top_ups;
      s.duties += m.duties;
      s.producer_surplus += m.producer_surplus;
      s.consumer_surplus += m.consumer_surplus;
      realized[i] += m.realized_gains;
      max_gains[i] += m.max_gains;
    }
    out[row(m.symbol)].stockpile_inventory = m.stockpile_inventory;
  }
  double inventory = 0;
  const double periods_per_row =
      out.empty() ? 1 : static_cast<double>(periods.size()) / std::max<size_t>(1, out.size() - 1);
  for (size_t i = 0; i < out.size(); ++i) {
    RunSummary& s = out[i];
    s.unsold /= std::max(1.0, periods_per_row);  // a stock: the mean per period
    // Volumes of different products do not add up to a price.
    s.vwap = s.symbol != "ALL" && s.volume > 0 ? notional[i] / s.volume : 0;
    s.share_at_floor = s.volume > 0 ? s.share_at_floor / s.volume : 0;
    s.total_surplus =
        s.producer_surplus + s.consumer_surplus + s.duties - s.top_ups - s.stockpile_spend;
    s.efficiency = max_gains[i] > 0 ? realized[i] / max_gains[i] : 1;
    if (s.symbol != "ALL") inventory += s.stockpile_inventory;
  }
  if (!out.empty()) out[row("ALL")].stockpile_inventory = inventory;
  // "ALL" last.
  std::stable_partition(out.begin(), out.end(),
                        [](const RunSummary& s) { return s.symbol != "ALL"; });
  return out;
}

}  // namespace

absl::StatusOr<RunResult> RunScenario(const scenario::Scenario& scenario_in, uint64_t seed,
                                      const RunOptions& options) {
  scenario::Scenario scenario = scenario_in;
  if (absl::Status st = NormalizeScenario(scenario, scenario.name()); !st.ok()) return st;
  if (seed == 0) seed = scenario.seed();
  config::Market market_config = MarketWithAgents(scenario);
  if (options.baseline) StripFloors(market_config);
  absl::StatusOr<MarketRules> rules = CompileMarketRules(
      market_config, absl::StrCat(scenario.name(), options.baseline ? " (baseline)" : ""));
  if (!rules.ok()) return rules.status();
  absl::StatusOr<AgentSet> agents = BuildAgents(scenario, *rules);
  if (!agents.ok()) return agents.status();
  EngineOptions engine_options;
  engine_options.expected_orders = 4096;
  absl::StatusOr<std::unique_ptr<Market>> market =
      Market::FromRules(*std::move(rules), engine_options);
  if (!market.ok()) return market.status();

  const auto start = std::chrono::steady_clock::now();
  Simulation sim(scenario, *std::move(market), *std::move(agents), seed);
  RunResult result = sim.Run(options.progress);
  result.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  result.scenario = scenario.name();
  result.variant = options.baseline ? "baseline" : "policy";
  result.seed = seed;
  result.summary = Summarize(result.periods);
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
  for (RunSummary& s : paired.policy.summary) {
    for (const RunSummary& b : paired.baseline.summary) {
      if (b.symbol == s.symbol) s.deadweight_loss = b.total_surplus - s.total_surplus;
    }
  }
  return paired;
}

}  // namespace ftz::sim
