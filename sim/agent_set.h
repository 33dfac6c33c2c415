// The agents of a scenario, built against a market's rules (participant ids come from
// the market, which must have been built from MarketWithAgents(scenario)), and the
// market views they start from.
#pragma once

#include <memory>
#include <vector>

#include "absl/status/statusor.h"
#include "floor_policy/rules.h"
#include "proto/scenario.pb.h"
#include "sim/agent.h"
#include "sim/unit_trader.h"

namespace ftz::sim {

struct AgentSet {
  std::vector<std::unique_ptr<Agent>> agents;
  std::vector<std::vector<UnitTrader*>> by_group;  // seller groups, for shocks
  std::vector<MarketView> initial_views;           // by InstrumentId
  std::vector<bool> member_origin;                 // by ParticipantId: sells member material
  // Whether each instrument's quote range was derived from the schedules (no QuoteRange
  // in the scenario), for reports.
  std::vector<bool> derived_quote_range;
};

absl::StatusOr<AgentSet> BuildAgents(const scenario::Scenario& s, const MarketRules& rules);

}  // namespace ftz::sim
