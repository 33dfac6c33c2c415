// Scenario checks and the transformations a run needs: the market with the agents'
// participants added, and the no-floor baseline market.
#pragma once

#include <string>

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

// The same market without floors: no hard, indexed or scheduled floor, no stockpile
// backstop and no price support. Tariffs, origin rules and membership stay.
void StripFloors(config::Market& market);

}  // namespace ftz::sim
