// A market: the engine with the floor policy plugged in, built from a market config.
// The composition root that the gateway, the simulator and the tools share.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "floor_policy/floor_policy.h"
#include "floor_policy/rules.h"
#include "matching/engine.h"

namespace ftz {

class Market {
 public:
  // Builds a market from config text; `origin` names the source in errors.
  static absl::StatusOr<std::unique_ptr<Market>> FromText(const std::string& text,
                                                          const std::string& origin,
                                                          EngineOptions options = {});
  // Reads a config file (protobuf text format); an empty path means the default market.
  static absl::StatusOr<std::unique_ptr<Market>> Load(const std::string& path,
                                                      EngineOptions options = {});
  // The embedded default market (floor_policy/default_market.txtpb).
  static std::unique_ptr<Market> Default(EngineOptions options = {});
  // A market from rules built in code (tests, generated scenarios).
  static absl::StatusOr<std::unique_ptr<Market>> FromRules(MarketRules rules,
                                                           EngineOptions options = {});

  Engine& engine() { return engine_; }
  const Engine& engine() const { return engine_; }
  FloorPolicy& policy() { return policy_; }
  const FloorPolicy& policy() const { return policy_; }
  const MarketRules& rules() const { return policy_.rules(); }

  // The participant with this name and token, or PermissionDenied.
  absl::StatusOr<ParticipantId> Authenticate(const std::string& name,
                                             const std::string& token) const;
  bool IsAdmin(ParticipantId p) const;
  std::optional<InstrumentId> FindInstrument(const std::string& symbol) const {
    return rules().FindInstrument(symbol);
  }
  std::optional<ParticipantId> FindParticipant(const std::string& name) const {
    return rules().FindParticipant(name);
  }
  // A short human text for a kRejected event, naming the rule and the numbers.
  std::string DescribeReject(const Event& rejected) const;

  // Events of opening the market: the stockpile's initial standing orders.
  const EventBuffer& opening_events() const { return opening_; }

 private:
  Market(MarketRules rules, EngineOptions options);

  FloorPolicy policy_;
  Engine engine_;
  EventBuffer opening_;
};

}  // namespace ftz
