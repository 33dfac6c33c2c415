// One simulation: a market, its agents and the driver that steps them through periods,
// routes each agent's events back to it and measures every period. Used by the runner
// (in-process); `ftz agents` drives the same agents over TCP.
#pragma once

#include <memory>
#include <vector>

#include "absl/status/statusor.h"
#include "market/market.h"
#include "proto/scenario.pb.h"
#include "sim/agent.h"
#include "sim/driver.h"
#include "sim/run_result.h"
#include "sim/runner.h"
#include "sim/unit_trader.h"

namespace ftz::sim {

// The agents of a scenario, built against a market's rules (participant ids come from
// the market, which must have been built from MarketWithAgents(scenario)).
struct AgentSet {
  std::vector<std::unique_ptr<Agent>> agents;
  std::vector<std::vector<UnitTrader*>> by_group;  // seller groups, for shocks
  std::vector<MarketView> initial_views;           // by InstrumentId
  std::vector<bool> traded;                        // instruments with agents
  std::vector<bool> member_origin;                 // by ParticipantId: sells member material
};
absl::StatusOr<AgentSet> BuildAgents(const scenario::Scenario& s, const MarketRules& rules);

class Simulation : public OrderEntry {
 public:
  Simulation(const scenario::Scenario& s, std::unique_ptr<Market> market, AgentSet agents,
             uint64_t seed);

  // Runs every period; `progress` (may be empty) after each.
  RunResult Run(const ProgressFn& progress);

  void Submit(const Command& cmd) override;

 private:
  struct PeriodTape {
    Money notional = 0;
    Qty volume = 0;
    Qty at_floor = 0;
    Qty member = 0;
    Qty non_member = 0;
    Price open = 0, close = 0, high = 0, low = 0;
  };

  void Dispatch(const EventBuffer& events);
  void OnTrade(InstrumentId id, const TradeEvent& t);
  void StartPeriod(uint32_t period, std::vector<double>* ce_price, std::vector<Qty>* ce_qty,
                   std::vector<Money>* max_gains);
  void ClosePeriod(uint32_t period, const std::vector<double>& ce_price,
                   const std::vector<Qty>& ce_qty, const std::vector<Money>& max_gains,
                   RunResult* result);

  const scenario::Scenario& scenario_;
  std::unique_ptr<Market> market_;
  AgentSet set_;
  std::vector<Agent*> by_participant_;
  std::vector<MarketView> views_;
  std::vector<PeriodTape> tape_;
  Driver driver_;
  EventBuffer events_;
  uint32_t period_ = 0;
  int64_t orders_ = 0;
  int64_t period_orders_ = 0;
  int64_t period_rejects_ = 0;
  RunResult* result_ = nullptr;
};

}  // namespace ftz::sim
