#include "sim/unit_trader.h"

#include <algorithm>
#include <cmath>

namespace ftz::sim {

std::vector<Price> LinearSchedule(Qty n, Price first, Price last) {
  std::vector<Price> out(static_cast<size_t>(std::max<Qty>(n, 0)));
  for (Qty k = 0; k < n; ++k) {
    out[k] = n == 1 ? first : first + (last - first) * k / (n - 1);
  }
  return out;
}

UnitTrader::UnitTrader(std::string name, ParticipantId participant, UnitTraderParams params)
    : Agent(std::move(name), participant), p_(params) {}

void UnitTrader::OnPeriodStart(const AgentContext&, Rng&) {
  const Qty n = static_cast<Qty>(std::floor(p_.units_per_period * capacity_scale_ + 1e-9));
  const auto scaled = [&](Price x) { return static_cast<Price>(std::llround(x * cost_scale_)); };
  std::vector<Price> fresh = LinearSchedule(n, scaled(p_.first), scaled(p_.last));
  if (p_.side == Side::kBuy) {
    // Unmet demand is met outside; values above the outside option are worth only that.
    if (p_.ceiling > 0) {
      for (Price& v : fresh) v = std::min(v, p_.ceiling);
    }
    units_ = std::move(fresh);
  } else {
    // Unsold units carry over (up to one period's capacity) at their cost plus storage.
    std::vector<Price> carried;
    if (p_.storage_cost > 0) {
      for (size_t k = next_; k < units_.size() && carried.size() < fresh.size(); ++k) {
        carried.push_back(units_[k] + p_.storage_cost);
      }
    }
    units_ = std::move(fresh);
    units_.insert(units_.end(), carried.begin(), carried.end());
    std::sort(units_.begin(), units_.end());
  }
  next_ = 0;
  working_ = {};  // DAY orders expired with the last period
}

Price UnitTrader::FloorBound(Price floor) const {
  if (p_.side == Side::kBuy || floor <= 0) return floor;
  if (p_.levy_reference >= floor) return 0;
  if (p_.tariff_bps > 0)
    return (floor * 10000 + 10000 + p_.tariff_bps - 1) / (10000 + p_.tariff_bps);
  return floor;
}

void UnitTrader::Act(const AgentContext& ctx, Rng& rng) {
  if (next_ >= units_.size()) return;
  const MarketView& view = ctx.views[p_.instrument];
  const Price unit = units_[next_];
  Price price;
  if (p_.side == Side::kSell) {
    const Price lo = std::max({unit, FloorBound(view.floor), view.min_price});
    const Price hi = RangeEnd(lo, std::max(p_.zi_high, lo), p_.urgent, ctx.elapsed);
    price = p_.truthful ? lo : rng.Uniform(lo, hi);
  } else {
    const Price lo = std::max({p_.zi_low, view.floor, view.min_price});
    if (unit < lo) return;  // cannot bid at a price it would accept
    price = p_.truthful ? unit : rng.Uniform(RangeEnd(unit, lo, p_.urgent, ctx.elapsed), unit);
  }
  Quote(ctx.entry, working_, p_.instrument, p_.side, std::min(price, view.max_price), 1, p_.origin);
}

void UnitTrader::OnFill(const Fill& fill) {
  for (Qty k = 0; k < fill.qty && next_ < units_.size(); ++k, ++next_) {
    const Price unit = units_[next_];
    if (fill.side == Side::kBuy) {
      ++stats_.bought;
      stats_.value_of_bought += unit;
      stats_.paid += fill.price;
    } else {
      ++stats_.sold;
      stats_.cost_of_sold += unit;
    }
  }
  if (fill.side == Side::kSell)
    stats_.received_net += fill.price * fill.qty - fill.duty + fill.top_up;
  if (fill.client_id == working_.id && fill.leaves == 0) working_ = {};
}

void UnitTrader::OnOrderGone(ClientOrderId client_id, bool) {
  if (client_id == working_.id) working_ = {};
}

void UnitTrader::Schedules(InstrumentId instrument, std::vector<Price>* costs,
                           std::vector<Price>* values) const {
  if (instrument != p_.instrument) return;
  std::vector<Price>* out = p_.side == Side::kSell ? costs : values;
  out->insert(out->end(), units_.begin() + static_cast<std::ptrdiff_t>(next_), units_.end());
}

AgentPeriodStats UnitTrader::TakeStats(InstrumentId instrument, Price threshold) {
  if (instrument != p_.instrument) return {};
  AgentPeriodStats s = stats_;
  if (p_.side == Side::kSell) {
    // Excess supply is judged at what a buyer would pay for the unit: its landed price,
    // duty or levy included (a unit the tariff prices out is not excess supply).
    const auto landed = [&](Price net) {
      if (p_.tariff_bps > 0) return net + (net * p_.tariff_bps + 9999) / 10000;
      return std::max(net, p_.levy_reference);
    };
    for (size_t k = next_; k < units_.size(); ++k) {
      if (landed(units_[k]) <= threshold) ++s.unsold_willing;
    }
  }
  stats_ = AgentPeriodStats{};
  return s;
}

}  // namespace ftz::sim
