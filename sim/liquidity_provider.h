// A liquidity provider: keeps a bid and an ask of fixed size around the last trade price
// (never below the floor) and re-centres them on every activation. It has no costs or
// values of its own, so it does not count in surplus or efficiency.
#pragma once

#include "sim/agent.h"

namespace ftz::sim {

struct LiquidityParams {
  InstrumentId instrument = 0;
  int64_t half_spread_bps = 100;
  Qty size = 1;  // lots per quote
};

class LiquidityProvider : public Agent {
 public:
  LiquidityProvider(std::string name, ParticipantId participant, LiquidityParams params)
      : Agent(std::move(name), participant), p_(params) {}

  bool is_private() const override { return false; }
  std::vector<InstrumentId> instruments() const override { return {p_.instrument}; }
  void OnPeriodStart(const AgentContext&, Rng&) override { bid_ = ask_ = {}; }
  void Act(const AgentContext& ctx, Rng& rng) override;
  void OnFill(const Fill& fill) override;
  void OnOrderGone(ClientOrderId client_id, bool rejected) override;
  void Schedules(InstrumentId, std::vector<Price>*, std::vector<Price>*) const override {}
  AgentPeriodStats TakeStats(InstrumentId, Price) override { return {}; }

  Qty position() const { return position_; }

 private:
  void Place(const AgentContext& ctx, Side side, Price price, WorkingOrder& q);

  LiquidityParams p_;
  WorkingOrder bid_;
  WorkingOrder ask_;
  Qty position_ = 0;
};

}  // namespace ftz::sim
