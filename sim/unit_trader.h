// A trader of single units (lots) on one instrument and side with a schedule of unit
// costs (a seller: miner, outside supplier) or reservation values (a buyer). It keeps one
// working DAY order for its next unit and re-quotes it on every activation:
// - ZI_CONSTRAINED (Gode and Sunder 1993): a uniformly random price between its cost and
//   the market's upper bound (sellers) or the lower bound and its value (buyers), never
//   at a loss, and never where the floor rules would refuse it;
// - TRUTHFUL: at its cost or value.
#pragma once

#include <vector>

#include "sim/agent.h"

namespace ftz::sim {

struct UnitTraderParams {
  InstrumentId instrument = 0;
  Side side = Side::kSell;
  bool truthful = false;
  bool urgent = false;       // ZI_URGENT
  Qty units_per_period = 0;  // capacity or demand, lots
  Price first = 0;           // cost or value of the first unit, ticks
  Price last = 0;            // of the last unit
  Price zi_low = 1;          // the market's bounds for random quotes
  Price zi_high = 1;
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

  std::vector<InstrumentId> instruments() const override { return {p_.instrument}; }
  void OnPeriodStart(const AgentContext& ctx, Rng& rng) override;
  void Act(const AgentContext& ctx, Rng& rng) override;
  void OnFill(const Fill& fill) override;
  void OnOrderGone(ClientOrderId client_id, bool rejected) override;
  void Schedules(InstrumentId instrument, std::vector<Price>* costs,
                 std::vector<Price>* values) const override;
  AgentPeriodStats TakeStats(InstrumentId instrument, Price threshold) override;

 private:
  // The lowest price a seller may ask (before duty) so that its landed price meets the
  // floor, or the lowest a buyer may bid.
  Price FloorBound(Price floor) const;

  UnitTraderParams p_;
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
