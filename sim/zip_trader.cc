#include "sim/zip_trader.h"

#include <algorithm>
#include <cmath>

namespace ftz::sim {

namespace {
double Between(Rng& rng, double lo, double hi) { return lo + (hi - lo) * rng.Unit(); }
}  // namespace

void ZipTrader::OnPeriodStart(const AgentContext& ctx, Rng& rng) {
  UnitTrader::OnPeriodStart(ctx, rng);
  if (initialized_) return;
  initialized_ = true;
  learn_ = rng.Fork(0x5a1b);
  beta_ = Between(rng, 0.1, 0.5);
  gamma_ = Between(rng, 0, 0.1);
  const double m = Between(rng, 0.05, 0.35);
  margin_ = p_.side == Side::kSell ? m : -m;
}

void ZipTrader::Act(const AgentContext& ctx, Rng&) {
  const Price* unit = NextUnit();
  if (!unit) return;
  const MarketView& view = ctx.views[p_.instrument];
  Price price = static_cast<Price>(std::llround(QuotePrice(*unit)));
  if (p_.side == Side::kSell) {
    price = std::max({price, *unit, FloorBound(view.floor)});
  } else {
    price = std::min(price, *unit);
    if (price < std::max(view.floor, view.min_price)) return;  // nothing it may bid
  }
  QuoteNext(ctx, price);
}

void ZipTrader::MoveTowards(double target, double price, Price limit) {
  const double step = beta_ * (target - price);
  momentum_ = gamma_ * momentum_ + (1 - gamma_) * step;
  const double l = static_cast<double>(limit);
  const double m = (price + momentum_) / l - 1;
  margin_ = p_.side == Side::kSell ? std::max(0.0, m) : std::clamp(m, -1.0, 0.0);
}

void ZipTrader::OnShout(InstrumentId instrument, const Shout& shout) {
  if (instrument != p_.instrument) return;
  // A trader with nothing left to trade this period still raises its margin when trades
  // happen beyond its price (for the next period), but never lowers it (Cliff 1997: only
  // active traders do).
  const bool active = NextUnit() != nullptr;
  const Price* unit = CurrentOrLastUnit();
  if (!unit) return;
  const double p = QuotePrice(*unit);
  const double q = static_cast<double>(shout.traded ? shout.trade_price : shout.price);
  const double a = 0.02 * static_cast<double>(*unit);
  const auto raise_price = [&] {
    MoveTowards(Between(learn_, 1, 1.05) * q + Between(learn_, 0, a), p, *unit);
  };
  const auto lower_price = [&] {
    MoveTowards(Between(learn_, 0.95, 1) * q - Between(learn_, 0, a), p, *unit);
  };
  if (p_.side == Side::kSell) {
    if (shout.traded && p <= q) {
      raise_price();
    } else if (active && shout.traded && shout.side == Side::kBuy && p >= q) {
      lower_price();
    } else if (active && !shout.traded && shout.side == Side::kSell && p >= q) {
      lower_price();
    }
  } else {
    if (shout.traded && p >= q) {
      lower_price();
    } else if (active && shout.traded && shout.side == Side::kSell && p <= q) {
      raise_price();
    } else if (active && !shout.traded && shout.side == Side::kBuy && p <= q) {
      raise_price();
    }
  }
}

}  // namespace ftz::sim
