#include <cstdio>
#include <cstdlib>

#include "bench/matching/virtual_policy.h"
#include "floor_policy/floor_policy.h"

namespace ftz::bench {
namespace {

class VirtualFloorPolicy final : public PolicyInterface {
 public:
  explicit VirtualFloorPolicy(MarketRules rules) : policy_(std::move(rules)) {}

  Admission AdmitNew(const Command& cmd, EventBuffer& out) override {
    return policy_.AdmitNew(cmd, out);
  }
  Admission AdmitReplace(const Order& order, Price new_price, Qty new_qty) const override {
    return policy_.AdmitReplace(order, new_price, new_qty);
  }
  void PriceTrade(InstrumentId instrument, const Order& seller, TradeEvent& trade) const override {
    policy_.PriceTrade(instrument, seller, trade);
  }
  void BookTrade(InstrumentId instrument, const Order& buyer, const Order& seller,
                 const TradeEvent& trade, EventBuffer& out) override {
    policy_.BookTrade(instrument, buyer, seller, trade, out);
  }
  void OnOpenChange(ParticipantId p, InstrumentId i, Qty delta) override {
    policy_.OnOpenChange(p, i, delta);
  }

 private:
  FloorPolicy policy_;
};

}  // namespace

VirtualPolicyVenue::VirtualPolicyVenue(MarketRules rules)
    : policy_(std::make_unique<VirtualFloorPolicy>(rules)),
      engine_(EngineOptions{}, VirtualPolicy{policy_.get()}) {
  for (const InstrumentRules& ins : rules.instruments) {
    if (!engine_.AddInstrument(ins.spec).ok()) {
      std::fprintf(stderr, "bench: AddInstrument failed\n");
      std::abort();
    }
  }
}

}  // namespace ftz::bench
