#include "sim/unit_trader.h"

#include <algorithm>
#include <cmath>
#include <functional>

namespace ftz::sim {

std::vector<Price> LinearSchedule(Qty n, Price first, Price last) {
  std::vector<Price> out(static_cast<size_t>(std::max<Qty>(n, 0)));
  for (Qty k = 0; k < n; ++k) {
    out[k] = n == 1 ? first : first + (last - first) * k / (n - 1);
  }
  return out;
}

UnitTrader::UnitTrader(std::string name, ParticipantId participant, UnitTraderParams params)
    : Agent(std::move(name), participant), p_(std::move(params)) {
  if (p_.side == Side::kSell) {
    std::sort(p_.schedule.begin(), p_.schedule.end());
  } else {
    std::sort(p_.schedule.begin(), p_.schedule.end(), std::greater<>());
  }
}

void UnitTrader::OnPeriodStart(const AgentContext&, Rng&) {
  const Qty n = static_cast<Qty>(
      std::floor(static_cast<double>(p_.schedule.size()) * capacity_scale_ + 1e-9));
  std::vector<Price> fresh;
  if (p_.linear && !p_.schedule.empty()) {
    fresh = LinearSchedule(n, p_.schedule.front(), p_.schedule.back());
  } else {
    fresh.assign(p_.schedule.begin(), p_.schedule.begin() + std::min<size_t>(static_cast<size_t>(n),
                                                                             p_.schedule.size()));
  }
  for (Price& x : fresh) x = static_cast<Price>(std::llround(static_cast<double>(x) * cost_scale_));
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
  const Price* unit = NextUnit();
  if (!unit) return;
  const MarketView& view = ctx.views[p_.instrument];
  const bool urgent = p_.quoting == Quoting::kZiUrgent;
  Price price;
  if (p_.side == Side::kSell) {
    const Price bound = std::max(FloorBound(view.floor), view.min_price);
    if (p_.quoting == Quoting::kZiUnconstrained) {
      price = rng.Uniform(std::max(view.quote_low, bound), std::max(view.quote_high, bound));
    } else {
      const Price lo = std::max(*unit, bound);
      const Price hi = RangeEnd(lo, std::max(view.quote_high, lo), urgent, ctx.elapsed);
      price = p_.quoting == Quoting::kTruthful ? lo : rng.Uniform(lo, hi);
    }
  } else {
    const Price lo = std::max({view.quote_low, view.floor, view.min_price});
    if (p_.quoting == Quoting::kZiUnconstrained) {
      price = rng.Uniform(lo, std::max(lo, view.quote_high));
    } else {
      if (*unit < lo) return;  // cannot bid at a price it would accept
      price = p_.quoting == Quoting::kTruthful
                  ? *unit
                  : rng.Uniform(RangeEnd(*unit, lo, urgent, ctx.elapsed), *unit);
    }
  }
  QuoteNext(ctx, price);
}

void UnitTrader::OnFill(const Fill& fill) {
  for (Qty k = 0; k < fill.qty && next_ < units_.size(); ++k, ++next_) {
    const Price unit = units_[next_];
    if (fill.side == Side::kBuy) {
      stats_.value_consumed += static_cast<double>(unit);
    } else {
      stats_.cost_incurred += static_cast<double>(unit);
    }
  }
  if (fill.client_id == working_.id && fill.leaves == 0) working_ = {};
}

void UnitTrader::OnOrderGone(ClientOrderId client_id, bool) {
  if (client_id == working_.id) working_ = {};
}

void UnitTrader::Describe(PeriodEconomy& economy) const {
  InstrumentEconomy& e = economy.instruments[p_.instrument];
  const bool reckless = p_.side == Side::kBuy && p_.quoting == Quoting::kZiUnconstrained;
  std::vector<Price>& out =
      p_.side == Side::kSell ? e.costs : (reckless ? e.values_of_reckless : e.values);
  out.insert(out.end(), units_.begin() + static_cast<std::ptrdiff_t>(next_), units_.end());
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
