#include "sim/liquidity_provider.h"

#include <algorithm>

namespace ftz::sim {

void LiquidityProvider::Place(const AgentContext& ctx, Side side, Price price, Qty qty,
                              WorkingOrder& q) {
  const MarketView& v = ctx.views[p_.instrument];
  if (qty <= 0) {
    if (q.id != 0) {
      Command c;
      c.kind = CommandKind::kCancel;
      c.participant = participant();
      c.instrument = p_.instrument;
      c.client_id = q.id;
      ctx.entry.Submit(c);
      q = {};
    }
    return;
  }
  price = std::clamp(price, std::max(v.min_price, v.floor), v.max_price);
  Quote(ctx.entry, q, p_.instrument, side, price, qty, 0);
}

void LiquidityProvider::Act(const AgentContext& ctx, Rng& rng) {
  const MarketView& v = ctx.views[p_.instrument];
  if (v.last_price <= 0) return;
  // Lean against the position so that inventory mean-reverts; jitter one tick.
  const Price half = std::max<Price>(1, v.last_price * p_.half_spread_bps / 10000);
  const Qty target = p_.max_position / 2;
  const Price skew =
      std::clamp<Price>((target - position_) / std::max<Qty>(p_.size, 1), -2, 2) * half / 2;
  const Price mid = v.last_price + skew + rng.Uniform(-1, 1);
  // A resting quote may fill completely, so each side is sized to what stays within
  // [0, max_position] even if both fill.
  Place(ctx, Side::kBuy, mid - half, std::min(p_.size, p_.max_position - position_), bid_);
  Place(ctx, Side::kSell, mid + half, std::min(p_.size, position_), ask_);
}

void LiquidityProvider::OnFill(const Fill& fill) {
  position_ += fill.side == Side::kBuy ? fill.qty : -fill.qty;
  if (fill.leaves == 0) OnOrderGone(fill.client_id, false);
}

void LiquidityProvider::OnOrderGone(ClientOrderId client_id, bool) {
  if (client_id == bid_.id) bid_ = {};
  if (client_id == ask_.id) ask_ = {};
}

}  // namespace ftz::sim
