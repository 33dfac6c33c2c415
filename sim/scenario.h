// Scenario checks and the transformations a run needs: the market with the agents'
// participants added, and the no-floor baseline market.
#pragma once

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "proto/scenario.pb.h"

namespace ftz::sim {

// Fills in defaults (the default market when none is given) and checks references:
// every group names a known instrument, counts and capacities are positive, shocks name
// known groups. Errors name the origin, the field and the problem.
absl::Status NormalizeScenario(scenario::Scenario& s, const std::string& origin);

// The market config of a run: the scenario's market plus one participant per agent
// (named GROUP-1, GROUP-2 ...).
config::Market MarketWithAgents(const scenario::Scenario& s);

// The paired baseline's market: every policy instrument removed (hard, indexed and
// scheduled floors; stockpile backstops; price support; non-member origin rules, so
// that non-member material trades duty free) except those in `keep`. Membership,
// roles and concentration limits stay. Returns the names of the instruments removed
// and kept that the market actually had (e.g. "hard floor", "origin rules").
struct BaselineChanges {
  std::vector<std::string> removed;
  std::vector<std::string> kept;
};
BaselineChanges StripPolicy(config::Market& market, const scenario::Baseline& baseline);

}  // namespace ftz::sim
