#include "gateway/market_exchange.h"

#include "absl/strings/str_format.h"

namespace ftz::gw {
namespace {

class MarketExchange final : public Exchange {
 public:
  explicit MarketExchange(std::unique_ptr<Market> market) : market_(std::move(market)) {}

  void Submit(const Command& cmd, EventBuffer& out) override { market_->Submit(cmd, out); }
  absl::StatusOr<ParticipantId> Authenticate(const std::string& name,
                                             const std::string& token) const override {
    return market_->Authenticate(name, token);
  }
  bool IsAdmin(ParticipantId participant) const override { return market_->IsAdmin(participant); }
  std::optional<InstrumentId> FindInstrument(const std::string& symbol) const override {
    return market_->FindInstrument(symbol);
  }
  size_t instrument_count() const override { return market_->rules().instruments.size(); }
  std::vector<std::string> participant_names() const override {
    std::vector<std::string> names;
    for (const ParticipantRules& p : market_->rules().participants) names.push_back(p.name);
    return names;
  }
  InstrumentDesc Describe(InstrumentId id) const override {
    const InstrumentRules& ins = market_->rules().instruments[id];
    InstrumentDesc d;
    d.symbol = ins.spec.symbol;
    d.tick_size = ins.tick_size;
    d.lot_size = ins.lot_size;
    d.min_price = ins.spec.min_price;
    d.max_price = ins.spec.max_price;
    d.max_qty = ins.spec.max_qty;
    d.floor = market_->policy().floor(id);
    d.currency = ins.currency;
    d.unit = ins.unit;
    return d;
  }
  std::string DescribeReject(const Event& e) const override { return market_->DescribeReject(e); }
  void ForEachLevel(InstrumentId id, Side side,
                    const std::function<void(Price, Qty, uint32_t)>& fn) const override {
    market_->engine().book(id).ladder(side).ForEachLevel([&](Price p, const PriceLevel& l) {
      fn(p, l.qty, l.count);
      return true;
    });
  }
  bool halted(InstrumentId id) const override { return market_->engine().book(id).halted(); }
  size_t resting_orders() const override { return market_->engine().resting_orders(); }
  uint64_t StateHash() const override { return market_->engine().StateHash(); }
  const EventBuffer* opening_events() const override { return &market_->opening_events(); }
  void ForEachRestingOrder(absl::FunctionRef<void(const Order&)> fn) const override {
    const PolicyEngine& e = market_->engine();
    for (InstrumentId id = 0; id < e.instrument_count(); ++id) {
      e.book(id).ForEachOrder(e.pool(), [&](OrderHandle h) { fn(e.pool()[h]); });
    }
  }
  EngineImage SaveEngine() const override { return market_->SaveEngine(); }
  std::optional<FloorPolicyState> SavePolicy() const override { return market_->SavePolicy(); }
  absl::Status Restore(const EngineImage& image, const FloorPolicyState* policy) override {
    if (policy == nullptr)
      return absl::InvalidArgumentError("the snapshot has no floor policy state");
    return market_->Restore(image, *policy);
  }

 private:
  std::unique_ptr<Market> market_;
};

}  // namespace

std::unique_ptr<Exchange> ExchangeFromMarket(std::unique_ptr<Market> market) {
  return std::make_unique<MarketExchange>(std::move(market));
}

}  // namespace ftz::gw
