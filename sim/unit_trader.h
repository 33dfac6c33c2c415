// A trader of single units (lots) on one instrument and side with a schedule of unit
// costs (a seller: miner, outside supplier) or reservation values (a buyer). It keeps one
// working DAY order for its next unit and re-quotes it on every activation:
// - ZI_CONSTRAINED (Gode and Sunder 1993, ZI-C): a uniformly random price between its
//   cost and the top of the quote range (sellers) or the bottom of the range and its
//   value (buyers): never at a loss, and never where the floor rules would refuse it;
// - ZI_UNCONSTRAINED (ZI-U): uniformly anywhere in the quote range (within the floor
//   rules), whatever its cost or value: it may trade at a loss;
// - ZI_URGENT: ZI-C whose range narrows towards its limit as the period runs out;
// - TRUTHFUL: at its cost or value.
#pragma once

#include <algorithm>
#include <vector>

#include "sim/agent.h"

namespace ftz::sim {

enum class Quoting : uint8_t { kZiConstrained, kZiUnconstrained, kZiUrgent, kTruthful };

struct UnitTraderParams {
  InstrumentId instrument = 0;
  Side side = Side::kSell;
  Quoting quoting = Quoting::kZiConstrained;
  // Its lots' costs or values in a period, ticks per lot (any order: a seller trades its
  // cheapest lot first, a buyer its most valuable). Shocks scale how many and their level.
  std::vector<Price> schedule;
  // Linear schedules are re-spread over a shocked capacity (first and last kept);
  // explicit ones keep their cheapest (or most valuable) lots.
  bool linear = false;
  Account account = Account::kProducers;
  // Sellers.
  Jurisdiction origin = 0;
  Price storage_cost = 0;    // per lot carried over; 0: unsold units perish
  int64_t tariff_bps = 0;    // the ad valorem tariff its material pays (0: none)
  Price levy_reference = 0;  // the variable levy's reference price (0: none)
  // Buyers: never pays more than the outside option (0: none).
  Price ceiling = 0;
};

class UnitTrader : public Agent {
 public:
  UnitTrader(std::string name, ParticipantId participant, UnitTraderParams params);

  // Shocks: scale capacity and costs from the next period on.
  void SetScales(double capacity_scale, double cost_scale) {
    capacity_scale_ = capacity_scale;
    cost_scale_ = cost_scale;
  }
  const UnitTraderParams& params() const { return p_; }

  Account account() const override { return p_.account; }
  std::vector<InstrumentId> instruments() const override { return {p_.instrument}; }
  void OnPeriodStart(const AgentContext& ctx, Rng& rng) override;
  void Act(const AgentContext& ctx, Rng& rng) override;
  void OnFill(const Fill& fill) override;
  void OnOrderGone(ClientOrderId client_id, bool rejected) override;
  void OnRequoteRefused(ClientOrderId client_id, Price standing_price) override {
    Refused(working_, client_id, standing_price);
  }
  void Describe(PeriodEconomy& economy) const override;
  AgentPeriodStats TakeStats(InstrumentId instrument, Price threshold) override;

 protected:
  // The unit it trades next (its cost or value), or nullptr when it has none left.
  const Price* NextUnit() const { return next_ < units_.size() ? &units_[next_] : nullptr; }
  // The unit it trades next, or else the last one it traded this period (nullptr when it
  // has had none).
  const Price* CurrentOrLastUnit() const {
    if (NextUnit()) return NextUnit();
    return next_ > 0 && next_ <= units_.size() ? &units_[next_ - 1] : nullptr;
  }
  // The lowest price a seller may ask (before duty) so that its landed price meets the
  // floor, or the lowest a buyer may bid.
  Price FloorBound(Price floor) const;
  void QuoteNext(const AgentContext& ctx, Price price) {
    const MarketView& view = ctx.views[p_.instrument];
    Quote(ctx.entry, working_, p_.instrument, p_.side,
          std::clamp(price, view.min_price, view.max_price), 1, p_.origin);
  }

  UnitTraderParams p_;

 private:
  double capacity_scale_ = 1;
  double cost_scale_ = 1;
  std::vector<Price> units_;  // sellers: costs ascending; buyers: values descending
  size_t next_ = 0;           // the next unit to trade
  WorkingOrder working_;
  AgentPeriodStats stats_;
};

// Costs (or values) of n units spread evenly from first to last, in ticks.
std::vector<Price> LinearSchedule(Qty n, Price first, Price last);

}  // namespace ftz::sim
