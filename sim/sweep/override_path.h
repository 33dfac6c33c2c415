// Override paths: a small dotted syntax naming one scalar field of a Scenario message
// (proto/scenario.proto), for sweeps (`ftz sweep --param PATH=v1,v2,...`).
//
//   periods                              a Scenario field
//   market.stockpile_total_budget        a nested field
//   sellers[cn-miner].capacity           a repeated message element by its `name`
//                                        (or `symbol`) ...
//   sellers[0].capacity                  ... or by index
//   NDPR-OX.floor.hard.price             shorthand: a leading instrument symbol means
//                                        market.instruments[NDPR-OX]
//   NDPR-OX.floor.hard.sell_below        enums by name (REPRICE) or number
//
// The path is walked with protobuf reflection; values are parsed by protobuf's TextFormat
// as the field's type requires (strings are taken as is). An instrument path on a
// scenario whose market is empty (the runner then uses the embedded default market)
// first copies the default market into the scenario.
#pragma once

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "google/protobuf/descriptor.h"
#include "proto/scenario.pb.h"

namespace ftz::sim {

// Sets the field at `path` to `value`. Errors name the path and say what is wrong
// (unknown field with the fields that would fit, not a message, index out of range, a
// value the field's type does not take, ...); on error the scenario is left unchanged.
absl::Status ApplyOverride(scenario::Scenario* scenario, const std::string& path,
                           const std::string& value);

// The field at `path` as protobuf text format prints it (strings quoted), for tests and
// messages.
absl::StatusOr<std::string> GetOverride(const scenario::Scenario& scenario,
                                        const std::string& path);

// The market a scenario runs on: its own, or the embedded default market when it has no
// instruments (as the runner does).
const config::Market& EffectiveMarket(const scenario::Scenario& scenario);

// What a path names: the scalar field, and the instrument it belongs to ("" if none):
// the symbol of the market instrument it is under, or the `instrument` of the agent
// group it is under.
struct OverrideField {
  const google::protobuf::FieldDescriptor* field = nullptr;
  std::string instrument;
};
absl::StatusOr<OverrideField> DescribeOverride(const scenario::Scenario& scenario,
                                               const std::string& path);

}  // namespace ftz::sim
