// A liquidity provider: a dealer in physical material that keeps a bid and an ask of
// fixed size around the last trade price (never below the floor) and re-centres them on
// every activation, leaning against its stock. It sells only what it holds (no short
// sales) and holds at most `max_position` lots. It has no costs or values of its own:
// its surplus is its cash, plus what it holds at the end (docs/methodology.md).
#pragma once

#include "sim/agent.h"

namespace ftz::sim {

struct LiquidityParams {
  InstrumentId instrument = 0;
  int64_t half_spread_bps = 100;
  Qty size = 1;          // lots per quote
  Qty inventory = 0;     // lots held at the start
  Qty max_position = 0;  // lots it may hold (> 0)
};

class LiquidityProvider : public Agent {
 public:
  LiquidityProvider(std::string name, ParticipantId participant, LiquidityParams params)
      : Agent(std::move(name), participant), p_(params), position_(params.inventory) {}

  Account account() const override { return Account::kMarketMakers; }
  std::vector<InstrumentId> instruments() const override { return {p_.instrument}; }
  void OnPeriodStart(const AgentContext&, Rng&) override { bid_ = ask_ = {}; }
  void Act(const AgentContext& ctx, Rng& rng) override;
  void OnFill(const Fill& fill) override;
  void OnOrderGone(ClientOrderId client_id, bool rejected) override;
  void OnRequoteRefused(ClientOrderId client_id, Price standing_price) override {
    Refused(bid_, client_id, standing_price);
    Refused(ask_, client_id, standing_price);
  }
  void Describe(PeriodEconomy&) const override {}  // its stock: Held()
  double Held(InstrumentId instrument) const override {
    return instrument == p_.instrument ? static_cast<double>(position_) : 0;
  }
  double Room(InstrumentId instrument) const override {
    return instrument == p_.instrument ? static_cast<double>(p_.max_position - position_) : 0;
  }
  AgentPeriodStats TakeStats(InstrumentId, Price) override { return {}; }

  Qty position() const { return position_; }

 private:
  // Quotes `qty` lots on one side, or withdraws that side's quote when qty is 0.
  void Place(const AgentContext& ctx, Side side, Price price, Qty qty, WorkingOrder& q);

  LiquidityParams p_;
  WorkingOrder bid_;
  WorkingOrder ask_;
  Qty position_ = 0;
};

}  // namespace ftz::sim
