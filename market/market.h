// A market: the matching engine with the floor policy plugged in, built from a market
// config; the composition root that the gateway, the simulator and the tools share.
//
// Submit() is the market's one way in. Order entry (new, cancel, replace, mass cancel,
// halt) goes straight to the engine, whose pipeline consults the policy at fixed points
// (matching/policy_hook.h). What spans both is orchestrated here, from engine
// primitives and policy calls:
//   - END_PERIOD: the engine expires DAY orders; the policy closes its period (ledgers,
//     indexed and scheduled floors); orders below a floor that rose are cancelled
//     (FLOOR_RAISED); every stockpile refreshes its standing orders.
//   - SET_FLOOR: the policy moves the floor; orders below it are cancelled; the
//     stockpile refreshes. SET_TARIFF: the policy's tariff. RESUME: the stockpile
//     refreshes what it skipped while halted.
//   - opening: each stockpile places its first standing orders (opening_events()).
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "floor_policy/floor_policy.h"
#include "floor_policy/rules.h"
#include "matching/engine.h"
#include "matching/engine_image.h"
#include "vocabulary/command.h"
#include "vocabulary/event_buffer.h"

namespace ftz {

// The engine with the floor policy inside (compiled once, in market.cc).
using PolicyEngine = BasicEngine<FloorPolicy>;
extern template class BasicEngine<FloorPolicy>;

class Market {
 public:
  // Builds a market from config text; `origin` names the source in errors.
  static absl::StatusOr<std::unique_ptr<Market>> FromText(const std::string& text,
                                                          const std::string& origin,
                                                          EngineOptions options = {});
  // Reads a config file (protobuf text format); an empty path means the default market.
  static absl::StatusOr<std::unique_ptr<Market>> Load(const std::string& path,
                                                      EngineOptions options = {});
  // The embedded default market (market_config/default_market.txtpb).
  static std::unique_ptr<Market> Default(EngineOptions options = {});
  // A market from rules built in code (tests, generated scenarios).
  static absl::StatusOr<std::unique_ptr<Market>> FromRules(MarketRules rules,
                                                           EngineOptions options = {});

  // Runs one command; appends its events to `out` (which is not cleared).
  void Submit(const Command& cmd, EventBuffer& out) {
    // Order entry is nearly every command: one compare keeps it on the fast path.
    if (cmd.kind <= CommandKind::kMassCancel) [[likely]] {
      return engine_.Submit(cmd, out);
    }
    Orchestrate(cmd, out);
  }

  // Read access; every change goes through Submit().
  const PolicyEngine& engine() const { return engine_; }
  const FloorPolicy& policy() const { return engine_.policy(); }
  const MarketRules& rules() const { return policy().rules(); }

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

  // Snapshots (journal/ recovery, above the core): the engine's image and the policy's
  // state; Restore puts them into this market, which must come from the same rules
  // (its opening orders are dropped first: the image has the orders that rested).
  EngineImage SaveEngine() const { return SaveImage(engine_); }
  FloorPolicyState SavePolicy() const { return policy().SaveState(); }
  absl::Status Restore(const EngineImage& image, const FloorPolicyState& policy);

  // Events of opening the market: the stockpile's initial standing orders.
  const EventBuffer& opening_events() const { return opening_; }

 private:
  Market(MarketRules rules, EngineOptions options);

  // The commands that are not plain order entry.
  void Orchestrate(const Command& cmd, EventBuffer& out);
  void EndPeriod(const Command& cmd, EventBuffer& out);
  void Resume(const Command& cmd, EventBuffer& out);
  void SetFloor(const Command& cmd, EventBuffer& out);
  void SetTariff(const Command& cmd, EventBuffer& out);
  // Cancels the instrument's resting orders priced below its floor (FLOOR_RAISED).
  void CancelBelowFloor(InstrumentId id, EventBuffer& out);
  // Replaces the stockpile's standing orders on the instrument with the policy's
  // current ones, and reports them (STOCKPILE_STATE).
  void RefreshStockpile(InstrumentId id, EventBuffer& out);

  PolicyEngine engine_;
  EventBuffer opening_;
};

}  // namespace ftz
