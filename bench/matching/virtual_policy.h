// The policy hook as a virtual interface, for one comparison only: ExchangeMixPolicyVirtual
// runs the floor policy behind it, against ExchangeMixPolicy's template parameter
// (matching/policy_hook.h says why the engine takes the latter).
//
// The engine with this seam is compiled in its own file (virtual_policy_engine.cc),
// which sees the interface and no implementation, as a core library compiled apart
// from its policies would: the compiler cannot devirtualize or inline the hooks.
#pragma once

#include <memory>

#include "floor_policy/rules.h"
#include "matching/engine.h"
#include "matching/policy_hook.h"

namespace ftz::bench {

class PolicyInterface {
 public:
  virtual ~PolicyInterface() = default;
  virtual Admission AdmitNew(const Command& cmd, EventBuffer& out) = 0;
  virtual Admission AdmitReplace(const Order& order, Price new_price, Qty new_qty) const = 0;
  virtual void PriceTrade(InstrumentId instrument, const Order& seller,
                          TradeEvent& trade) const = 0;
  virtual void BookTrade(InstrumentId instrument, const Order& buyer, const Order& seller,
                         const TradeEvent& trade, EventBuffer& out) = 0;
  virtual void OnOpenChange(ParticipantId p, InstrumentId i, Qty delta) = 0;
};

// What an engine with an interface seam holds: a pointer, every hook a virtual call.
struct VirtualPolicy {
  PolicyInterface* impl = nullptr;

  Admission AdmitNew(const Command& cmd, EventBuffer& out) { return impl->AdmitNew(cmd, out); }
  Admission AdmitReplace(const Order& order, Price new_price, Qty new_qty) const {
    return impl->AdmitReplace(order, new_price, new_qty);
  }
  void PriceTrade(InstrumentId instrument, const Order& seller, TradeEvent& trade) const {
    impl->PriceTrade(instrument, seller, trade);
  }
  void BookTrade(InstrumentId instrument, const Order& buyer, const Order& seller,
                 const TradeEvent& trade, EventBuffer& out) {
    impl->BookTrade(instrument, buyer, seller, trade, out);
  }
  void OnOpenChange(ParticipantId p, InstrumentId i, Qty delta) { impl->OnOpenChange(p, i, delta); }
};

// The floor policy under `rules` behind the interface, with an engine holding it (the
// instruments of the rules added). Order entry only: no stockpile, no admin commands.
class VirtualPolicyVenue {
 public:
  explicit VirtualPolicyVenue(MarketRules rules);
  void Submit(const Command& cmd, EventBuffer& out) { engine_.Submit(cmd, out); }
  const EngineState& engine() const { return engine_; }

 private:
  std::unique_ptr<PolicyInterface> policy_;
  BasicEngine<VirtualPolicy> engine_;
};

}  // namespace ftz::bench

namespace ftz {
extern template class BasicEngine<bench::VirtualPolicy>;
}  // namespace ftz
