// Zero intelligence plus (Cliff 1997): a unit trader that quotes its limit (the cost or
// value of its next unit) times (1 + margin) and adapts the margin to every shout it
// sees on its instrument, by the Widrow-Hoff rule with momentum:
//   target   tau   = R q + A  (raise) or R q - A (lower), q the shout's price (the trade
//                    price when it traded), R ~ U[1, 1.05] or U[0.95, 1], A ~ U[0, a]
//   step           = beta (tau - p),   momentum  G = gamma G + (1 - gamma) step
//   new margin     = (p + G) / limit - 1   (sellers >= 0; buyers in [-1, 0])
// Sellers raise their margin when a trade happens at or above their price, and, while
// they have units left, lower it when a bid trades at or below it or an offer at or
// below it goes untaken; buyers mirror that. beta ~ U[0.1, 0.5], gamma ~ U[0, 0.1], initial margin
// ~ U[0.05, 0.35] (buyers negative), each drawn once per trader. Cliff's absolute A (up to 0.05 on
// prices of about 1 to 3) is taken here relative to the limit: a = 0.02 limit.
#pragma once

#include "sim/unit_trader.h"

namespace ftz::sim {

class ZipTrader : public UnitTrader {
 public:
  ZipTrader(std::string name, ParticipantId participant, UnitTraderParams params)
      : UnitTrader(std::move(name), participant, std::move(params)) {}

  void OnPeriodStart(const AgentContext& ctx, Rng& rng) override;
  void Act(const AgentContext& ctx, Rng& rng) override;
  bool wants_shouts() const override { return true; }
  void OnShout(InstrumentId instrument, const Shout& shout) override;

  double margin() const { return margin_; }

 private:
  // Its current quote for the next unit, before the floor and band.
  double QuotePrice(Price limit) const { return static_cast<double>(limit) * (1 + margin_); }
  void MoveTowards(double target, double price, Price limit);

  bool initialized_ = false;
  Rng learn_{0};  // its own draws for R and A, forked from its agent stream
  double margin_ = 0;
  double beta_ = 0;
  double gamma_ = 0;
  double momentum_ = 0;
};

}  // namespace ftz::sim
