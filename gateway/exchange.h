// The gateway's one view of the market: engine construction, authentication,
// instrument lookup and reject texts. Everything the gateway needs from the market
// configuration and floor policy goes through this adapter, so the server does not
// care whether it runs a built-in test market or a configured floor_policy Market.
//
// Threading: Submit, Describe, DescribeReject and StateHash belong to the engine
// thread. Authenticate, IsAdmin, FindInstrument, instrument_count and the static parts
// of Describe (everything but `floor`) read data that never changes after
// construction and may be called from any thread.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "floor_policy/floor_policy.h"
#include "matching/engine_image.h"
#include "vocabulary/command.h"
#include "vocabulary/event_buffer.h"
#include "vocabulary/types.h"

namespace ftz::gw {

struct InstrumentDesc {
  std::string symbol;
  double tick_size = 0.01;  // currency per unit per tick
  double lot_size = 1;      // units per lot
  Price min_price = 1;
  Price max_price = 1;
  Qty max_qty = 1;
  Price floor = 0;  // ticks; 0: none
  std::string currency = "USD";
  std::string unit = "kg";
};

class Exchange {
 public:
  virtual ~Exchange() = default;

  // The market of the config file at `config_path` (floor policy and all); an empty path
  // is the embedded default FTZ market (market_config/default_market.txtpb).
  static absl::StatusOr<std::unique_ptr<Exchange>> Load(const std::string& config_path);
  // A small built-in test market without floor rules: instruments NDPR, LI2CO3, COBALT,
  // GALLIUM; participants
  // p1 .. p300 (token "secret"), admin "admin" (token "admin").
  static std::unique_ptr<Exchange> Default();

  // Runs one command (engine thread only).
  virtual void Submit(const Command& cmd, EventBuffer& out) = 0;
  virtual absl::StatusOr<ParticipantId> Authenticate(const std::string& name,
                                                     const std::string& token) const = 0;
  virtual bool IsAdmin(ParticipantId participant) const = 0;
  virtual std::optional<InstrumentId> FindInstrument(const std::string& symbol) const = 0;
  virtual size_t instrument_count() const = 0;
  // Who may log on (admins included), in config order.
  virtual std::vector<std::string> participant_names() const = 0;
  virtual InstrumentDesc Describe(InstrumentId id) const = 0;
  // A short human-readable text for a kRejected event (engine thread).
  virtual std::string DescribeReject(const Event& e) const = 0;
  // The resting book (engine thread): bids or asks best first, fn(price, qty, orders).
  virtual void ForEachLevel(InstrumentId id, Side side,
                            const std::function<void(Price, Qty, uint32_t)>& fn) const = 0;
  virtual bool halted(InstrumentId id) const = 0;
  virtual size_t resting_orders() const = 0;
  virtual uint64_t StateHash() const = 0;
  // Every resting order (engine thread), book by book in priority order.
  virtual void ForEachRestingOrder(absl::FunctionRef<void(const Order&)> fn) const = 0;

  // Snapshots (engine thread): the engine's image, the floor policy's state (none for a
  // market without one), and their restoration into a fresh exchange of the same market
  // (`policy` null when there is none). Restore checks every invariant.
  virtual EngineImage SaveEngine() const = 0;
  virtual std::optional<FloorPolicyState> SavePolicy() const { return std::nullopt; }
  virtual absl::Status Restore(const EngineImage& image, const FloorPolicyState* policy) = 0;

  // Which market this is, for journal headers: a name (the config's path) and the
  // fingerprint of its config text (journal::Fingerprint). A journal written under
  // another fingerprint is refused.
  const std::string& market_name() const { return market_name_; }
  uint64_t market_fingerprint() const { return market_fingerprint_; }
  void set_market(std::string name, uint64_t fingerprint) {
    market_name_ = std::move(name);
    market_fingerprint_ = fingerprint;
  }

  // Events the market produced while opening (e.g. the stockpile's first standing
  // orders), which the engine thread accounts for before the first command; or null.
  virtual const EventBuffer* opening_events() const { return nullptr; }

 private:
  std::string market_name_;
  uint64_t market_fingerprint_ = 0;
};

}  // namespace ftz::gw
