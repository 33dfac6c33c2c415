#include "floor_policy/floor_policy.h"

#include <algorithm>
#include <limits>

#include "absl/strings/str_format.h"

namespace ftz {

namespace {
// Effective origin of material sold outside the seller's certified origins when it is
// re-treated: never a member.
constexpr Jurisdiction kUncertifiedOrigin = 0xFFFF;

Price CeilDiv(Price a, Price b) { return (a + b - 1) / b; }
}  // namespace

std::string JurisdictionCode(Jurisdiction j) {
  if (j == 0) return "--";
  if (j == kUncertifiedOrigin) return "??";
  return std::string{static_cast<char>(j >> 8), static_cast<char>(j & 0xFF)};
}

FloorPolicy::FloorPolicy(MarketRules rules)
    : rules_(std::move(rules)),
      instrument_count_(rules_.instruments.size()),
      gates_(rules_.instruments.size()),
      traders_(rules_.participants.size()),
      state_(rules_.instruments.size()),
      open_(rules_.instruments.size() * rules_.participants.size(), 0),
      member_(size_t{1} << 16, 0) {
  for (const JurisdictionRules& j : rules_.jurisdictions) member_[j.code] = j.member ? 1 : 0;
  for (size_t i = 0; i < state_.size(); ++i) {
    const InstrumentRules& ins = rules_.instruments[i];
    Gate& g = gates_[i];
    g.floor = ins.hard_floor;
    for (const ScheduledFloorRules& s : ins.schedule) {
      if (s.period == 0) g.floor = s.price;
    }
    g.max_price = ins.spec.max_price;
    g.max_open_lots = ins.max_open_lots != 0 ? ins.max_open_lots : std::numeric_limits<Qty>::max();
    g.nonmember_by_tariff =
        ins.origin_rule == OriginRuleKind::kTariff || ins.origin_rule == OriginRuleKind::kAdmit;
    g.roles[static_cast<int>(Side::kBuy)] = ins.buy_roles;
    g.roles[static_cast<int>(Side::kSell)] = ins.sell_roles;
    SetTariffBps(g, ins, ins.tariff_bps);
    g.origin_rule = ins.origin_rule;
    if (ins.support) {
      g.support = true;
      g.support_floor = ins.support->floor;
      g.upside_strike = ins.support->upside_strike;
      g.upside_share_bps = ins.support->upside_share_bps;
    }
    if (ins.stockpile) state_[i].stockpile.budget_left = ins.stockpile->budget;
  }
  for (size_t p = 0; p < traders_.size(); ++p) {
    const ParticipantRules& who = rules_.participants[p];
    traders_[p] = Trader{.roles = who.roles,
                         .jurisdiction = who.jurisdiction,
                         .member = member_[who.jurisdiction] != 0};
  }
}

FloorPolicyState FloorPolicy::SaveState() const {
  FloorPolicyState s;
  s.period = period_;
  for (size_t i = 0; i < state_.size(); ++i) {
    s.instruments.push_back(FloorPolicyState::Instrument{.floor = gates_[i].floor,
                                                         .tariff_bps = gates_[i].tariff_bps,
                                                         .stockpile = state_[i].stockpile,
                                                         .period = state_[i].period,
                                                         .closed = state_[i].closed,
                                                         .history = state_[i].history});
  }
  return s;
}

absl::Status FloorPolicy::RestoreState(const FloorPolicyState& s) {
  if (s.instruments.size() != state_.size()) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "policy state has %d instruments, the rules %d", s.instruments.size(), state_.size()));
  }
  period_ = s.period;
  for (size_t i = 0; i < state_.size(); ++i) {
    const FloorPolicyState::Instrument& in = s.instruments[i];
    if (in.floor < 0 || in.tariff_bps < 0) {
      return absl::InvalidArgumentError(
          absl::StrFormat("instrument %d: negative floor or tariff", i));
    }
    gates_[i].floor = in.floor;
    SetTariffBps(gates_[i], rules_.instruments[i], in.tariff_bps);
    state_[i].stockpile = in.stockpile;
    state_[i].period = in.period;
    state_[i].closed = in.closed;
    state_[i].history = in.history;
  }
  return absl::OkStatus();
}

void FloorPolicy::SetTariffBps(Gate& g, const InstrumentRules& ins, int64_t bps) {
  g.tariff_bps = bps;
  g.nonmember_markup_bps = ins.origin_rule == OriginRuleKind::kTariff ? bps : 0;
}

RejectReason FloorPolicy::Authorize(ParticipantId p, const InstrumentRules& ins, Side side) const {
  if (p >= rules_.participants.size()) return RejectReason::kUnknownParticipant;
  const ParticipantRules& who = rules_.participants[p];
  const RoleSet allowed = side == Side::kBuy ? ins.buy_roles : ins.sell_roles;
  if ((who.roles & allowed) == 0) return RejectReason::kRoleNotAllowed;
  if (!member_[who.jurisdiction]) {
    // Outsiders may only sell, and only where non-member material is admitted.
    if (side == Side::kBuy || ins.origin_rule == OriginRuleKind::kDeny) {
      return RejectReason::kNotMember;
    }
  }
  return RejectReason::kNone;
}

void FloorPolicy::ApplyOrigin(InstrumentId id, Jurisdiction origin, Price net, OrderType type,
                              Admission& a) const {
  const InstrumentRules& ins = rules_.instruments[id];
  a.origin = origin;
  a.price = net;
  if (member_[origin]) return;
  switch (ins.origin_rule) {
    case OriginRuleKind::kDeny:
      a.reject = RejectReason::kOriginNotAllowed;
      return;
    case OriginRuleKind::kAdmit:
      return;
    case OriginRuleKind::kTariff:
      if (type == OrderType::kLimit) a.price = net + CeilDiv(net * gates_[id].tariff_bps, 10000);
      return;
    case OriginRuleKind::kVariableLevy:
      if (type == OrderType::kLimit) {
        a.price = std::max(net, ins.reference_price);
        a.duty_per_lot = a.price - net;
      }
      return;
  }
}

void FloorPolicy::CheckFloor(InstrumentId id, Side side, OrderType type, Admission& a) const {
  const InstrumentRules& ins = rules_.instruments[id];
  const Price floor = gates_[id].floor;
  if (type == OrderType::kMarket) {
    a.match_limit = side == Side::kBuy ? kMaxPrice : std::max<Price>(floor, kMinPrice);
    if (side == Side::kSell && !member_[a.origin] &&
        ins.origin_rule == OriginRuleKind::kVariableLevy) {
      a.match_limit = std::max(a.match_limit, ins.reference_price);
    }
    return;
  }
  a.match_limit = a.price;
  if (floor == 0 || a.price >= floor) return;
  if (side == Side::kSell && ins.sell_below == BelowFloorAction::kReprice) {
    a.price = a.match_limit = floor;
    return;
  }
  a.reject = RejectReason::kBelowFloor;
  a.reject_limit = floor;
}

void FloorPolicy::CheckRisk(ParticipantId p, InstrumentId id, Qty added, Admission& a) const {
  const InstrumentRules& ins = rules_.instruments[id];
  if (ins.max_open_lots == 0 || (rules_.stockpile && *rules_.stockpile == p)) return;
  if (open_lots(p, id) + added > ins.max_open_lots) {
    a.reject = RejectReason::kRiskLimit;
    a.reject_limit = ins.max_open_lots;
  }
}

Admission FloorPolicy::AdmitNewFull(const Command& cmd, EventBuffer& out) {
  Admission a;
  a.price = cmd.price;
  const InstrumentRules& ins = rules_.instruments[cmd.instrument];
  if ((a.reject = Authorize(cmd.participant, ins, cmd.side)) != RejectReason::kNone) return a;
  if (cmd.side == Side::kSell) {
    const ParticipantRules& who = rules_.participants[cmd.participant];
    Jurisdiction origin = cmd.origin != 0 ? cmd.origin : who.jurisdiction;
    const bool certified = origin == who.jurisdiction ||
                           std::find(who.certified_origins.begin(), who.certified_origins.end(),
                                     origin) != who.certified_origins.end();
    if (!certified) {
      const bool reject = ins.transshipment == TransshipmentAction::kReject;
      InstrumentState& st = state_[cmd.instrument];
      ++st.period.transshipments;
      out.Append(EventKind::kTransshipment, cmd.instrument).transshipment =
          TransshipmentEvent{.seller = cmd.participant,
                             .origin = origin,
                             .attempts = st.closed.transshipments + st.period.transshipments,
                             .rejected = reject};
      if (reject) {
        a.reject = RejectReason::kTransshipment;
        return a;
      }
      origin = kUncertifiedOrigin;
    }
    if (member_[origin]) {
      a.origin = origin;  // what ApplyOrigin does for member material (price unchanged)
    } else {
      a.nonmember_material = true;
      ApplyOrigin(cmd.instrument, origin, cmd.price, cmd.type, a);
      if (a.reject != RejectReason::kNone) return a;
    }
  }
  CheckFloor(cmd.instrument, cmd.side, cmd.type, a);
  if (a.reject != RejectReason::kNone) return a;
  if (cmd.type == OrderType::kLimit && a.price > ins.spec.max_price) {
    a.reject = RejectReason::kBadPrice;
    a.reject_limit = ins.spec.max_price;
    return a;
  }
  CheckRisk(cmd.participant, cmd.instrument, cmd.qty, a);
  return a;
}

Admission FloorPolicy::AdmitReplaceFull(const Order& order, Price new_price, Qty new_qty) const {
  Admission a;
  a.price = new_price;
  a.origin = order.origin;
  a.nonmember_material = order.nonmember_material;
  // Member material: ApplyOrigin would leave price and origin as they are.
  if (order.nonmember_material) {
    ApplyOrigin(order.instrument, order.origin, new_price, order.type, a);
    if (a.reject != RejectReason::kNone) return a;
  }
  CheckFloor(order.instrument, order.side, order.type, a);
  if (a.reject != RejectReason::kNone) return a;
  const InstrumentRules& ins = rules_.instruments[order.instrument];
  if (a.price > ins.spec.max_price) {
    a.reject = RejectReason::kBadPrice;
    a.reject_limit = ins.spec.max_price;
    return a;
  }
  CheckRisk(order.participant, order.instrument, new_qty - order.leaves, a);
  return a;
}

Ledger FloorPolicy::total_ledger(InstrumentId id) const {
  Ledger total = state_[id].closed;
  total += state_[id].period;
  return total;
}

Price FloorPolicy::DutyPerLot(const Gate& g, const Order& seller, Price price) const {
  if (!seller.nonmember_material) return 0;
  switch (g.origin_rule) {
    case OriginRuleKind::kTariff:
      return price * g.tariff_bps / (10000 + g.tariff_bps);  // the duty inside a landed price
    case OriginRuleKind::kVariableLevy:
      return seller.duty_per_lot;
    default:
      return 0;
  }
}

void FloorPolicy::PriceTrade(InstrumentId id, const Order& seller, TradeEvent& trade) const {
  const Gate& g = gates_[id];
  trade.duty = DutyPerLot(g, seller, trade.price) * trade.qty;
  trade.top_up = 0;
  if (g.support && !seller.nonmember_material && traders_[seller.participant].member) {
    if (trade.price < g.support_floor) {
      trade.top_up = (g.support_floor - trade.price) * trade.qty;
    } else if (g.upside_strike > 0 && trade.price > g.upside_strike) {
      trade.top_up = -((trade.price - g.upside_strike) * trade.qty * g.upside_share_bps / 10000);
    }
  }
}

void FloorPolicy::BookTrade(InstrumentId id, const Order& buyer, const Order& seller,
                            const TradeEvent& trade, EventBuffer& out) {
  const InstrumentRules& ins = rules_.instruments[id];
  InstrumentState& st = state_[id];
  const Price floor = gates_[id].floor;
  const Money notional = trade.price * trade.qty;

  Ledger& l = st.period;
  l.buyer_paid += notional;
  l.seller_net += notional - trade.duty;
  l.duties += trade.duty;
  l.top_ups += trade.top_up;
  l.volume += trade.qty;
  l.non_member_volume += seller.nonmember_material ? trade.qty : 0;
  l.volume_at_floor += floor != 0 && trade.price == floor ? trade.qty : 0;
  ++l.trades;
  if (trade.duty != 0) {
    out.Append(EventKind::kDuty, id).payment = SellerPaymentEvent{.seller = seller.participant,
                                                                  .trade_id = trade.trade_id,
                                                                  .qty = trade.qty,
                                                                  .amount = trade.duty};
  }
  if (trade.top_up != 0) {
    out.Append(EventKind::kTopUp, id).payment = SellerPaymentEvent{.seller = seller.participant,
                                                                   .trade_id = trade.trade_id,
                                                                   .qty = trade.qty,
                                                                   .amount = trade.top_up};
  }

  if (!rules_.stockpile || !ins.stockpile) return;
  StockpileState& sp = st.stockpile;
  if (buyer.participant == *rules_.stockpile) {
    sp.budget_left -= notional;
    sp.inventory += trade.qty;
    sp.bought_this_period += trade.qty;
    l.stockpile_spend += notional;
    l.stockpile_bought += trade.qty;
    out.Append(EventKind::kStockpileBuy, id).stockpile_trade =
        StockpileTradeEvent{.counterparty = seller.participant,
                            .trade_id = trade.trade_id,
                            .qty = trade.qty,
                            .amount = notional,
                            .budget_left = sp.budget_left};
    if (!sp.exhausted && (floor <= 0 || sp.budget_left < floor)) {
      sp.exhausted = true;
      out.Append(EventKind::kBudgetExhausted, id).budget_exhausted =
          BudgetExhaustedEvent{.stockpile = buyer.participant, .budget_left = sp.budget_left};
    }
  } else if (seller.participant == *rules_.stockpile) {
    sp.budget_left += notional;
    sp.inventory -= trade.qty;
    // Proceeds may make the budget buy a lot again: exhaustion is reported anew.
    if (floor > 0 && sp.budget_left >= floor) sp.exhausted = false;
    l.stockpile_proceeds += notional;
    l.stockpile_sold += trade.qty;
    out.Append(EventKind::kStockpileRelease, id).stockpile_trade =
        StockpileTradeEvent{.counterparty = buyer.participant,
                            .trade_id = trade.trade_id,
                            .qty = trade.qty,
                            .amount = notional,
                            .budget_left = sp.budget_left};
  }
}

void FloorPolicy::SetFloor(InstrumentId id, Price floor, FloorChangeCause cause, EventBuffer& out) {
  Gate& g = gates_[id];
  if (g.floor == floor) return;
  out.Append(EventKind::kFloorChanged, id).floor_changed =
      FloorChangedEvent{.old_floor = g.floor, .new_floor = floor, .cause = cause};
  g.floor = floor;
  StockpileState& sp = state_[id].stockpile;
  if (floor > 0 && sp.budget_left >= floor) sp.exhausted = false;
}

void FloorPolicy::SetTariff(InstrumentId id, int64_t bps, EventBuffer& out) {
  Gate& g = gates_[id];
  if (g.tariff_bps == bps) return;
  out.Append(EventKind::kTariffChanged, id).tariff_changed =
      TariffChangedEvent{.old_bps = g.tariff_bps, .new_bps = bps};
  SetTariffBps(g, rules_.instruments[id], bps);
}

std::vector<InstrumentId> FloorPolicy::ClosePeriod(EventBuffer& out) {
  std::vector<InstrumentId> moved;
  const uint32_t next = period_ + 1;
  for (InstrumentId id = 0; id < state_.size(); ++id) {
    InstrumentState& st = state_[id];
    const InstrumentRules& ins = rules_.instruments[id];
    out.Append(EventKind::kPeriodClosed, id).period_closed = PeriodClosedEvent{
        .period = period_,
        .duties = st.period.duties,
        .top_ups = st.period.top_ups,
        .stockpile_net_spend = st.period.stockpile_spend - st.period.stockpile_proceeds};
    st.history.push_back(st.period);
    st.closed += st.period;
    st.period = Ledger{};
    st.stockpile.bought_this_period = 0;

    Price floor = gates_[id].floor;
    FloorChangeCause cause = FloorChangeCause::kIndexed;
    if (ins.indexed) {
      const IndexedFloorRules& ix = *ins.indexed;
      Money notional = 0;
      Qty volume = 0;
      const size_t n = std::min<size_t>(ix.periods, st.history.size());
      for (size_t k = st.history.size() - n; k < st.history.size(); ++k) {
        notional += st.history[k].buyer_paid;
        volume += st.history[k].volume;
      }
      if (volume > 0) {
        // ratio x VWAP, rounded down to a tick, clamped.
        const __int128 scaled = static_cast<__int128>(notional) * ix.ratio_bps / 10000;
        floor = std::clamp(static_cast<Price>(scaled / volume), ix.min, ix.max);
      }
    }
    for (const ScheduledFloorRules& s : ins.schedule) {
      if (s.period == next) {
        floor = s.price;
        cause = FloorChangeCause::kScheduled;
      }
    }
    if (floor != gates_[id].floor) {
      SetFloor(id, floor, cause, out);
      moved.push_back(id);
    }
  }
  period_ = next;
  return moved;
}

std::optional<Command> FloorPolicy::StockpileBid(InstrumentId id) const {
  const InstrumentRules& ins = rules_.instruments[id];
  const InstrumentState& st = state_[id];
  const Price floor = gates_[id].floor;
  if (!rules_.stockpile || !ins.stockpile || floor <= 0) return std::nullopt;
  const StockpileRules& sr = *ins.stockpile;
  Qty lots = st.stockpile.budget_left / floor;
  if (sr.period_cap > 0) lots = std::min(lots, sr.period_cap - st.stockpile.bought_this_period);
  if (sr.capacity > 0) lots = std::min(lots, sr.capacity - st.stockpile.inventory);
  lots = std::min(lots, ins.spec.max_qty);
  if (lots <= 0) return std::nullopt;
  return NewLimit(*rules_.stockpile, id, Side::kBuy, floor, lots);
}

std::optional<Command> FloorPolicy::StockpileAsk(InstrumentId id) const {
  const InstrumentRules& ins = rules_.instruments[id];
  const InstrumentState& st = state_[id];
  if (!rules_.stockpile || !ins.stockpile || ins.stockpile->release_price <= 0) return std::nullopt;
  // A floor at or above the release price leaves no band: offering there would sell
  // below the floor or to the stockpile's own bid.
  if (ins.stockpile->release_price <= gates_[id].floor) return std::nullopt;
  const Qty lots = std::min(st.stockpile.inventory, ins.spec.max_qty);
  if (lots <= 0) return std::nullopt;
  return NewLimit(*rules_.stockpile, id, Side::kSell, ins.stockpile->release_price, lots);
}

void FloorPolicy::ReportStockpile(InstrumentId id, Qty bid, Qty ask, EventBuffer& out) const {
  const StockpileState& sp = state_[id].stockpile;
  out.Append(EventKind::kStockpileState, id).stockpile_state =
      StockpileStateEvent{.stockpile = rules_.stockpile.value_or(0),
                          .bid_qty = bid,
                          .ask_qty = ask,
                          .inventory = sp.inventory,
                          .budget_left = sp.budget_left};
}

std::string FloorPolicy::DescribeReject(InstrumentId instrument, const RejectedEvent& r) const {
  if (instrument >= rules_.instruments.size()) {
    return absl::StrFormat("%s: unknown instrument %d", ToString(r.reason), instrument);
  }
  const InstrumentRules& ins = rules_.instruments[instrument];
  const char* what = r.side == Side::kBuy ? "bid" : "ask";
  const std::string who = r.order.participant < rules_.participants.size()
                              ? rules_.participants[r.order.participant].name
                              : absl::StrFormat("participant %d", r.order.participant);
  switch (r.reason) {
    case RejectReason::kBelowFloor:
      return absl::StrFormat("%s %.2f below %s floor %.2f", what, ins.ToCurrency(r.price),
                             ins.spec.symbol, ins.ToCurrency(r.limit));
    case RejectReason::kRoleNotAllowed:
      return absl::StrFormat("%s's roles may not %s %s", who, r.side == Side::kBuy ? "buy" : "sell",
                             ins.spec.symbol);
    case RejectReason::kNotMember:
      return absl::StrFormat("%s is not in an FTZ member jurisdiction and may not %s %s", who,
                             r.side == Side::kBuy ? "buy" : "sell", ins.spec.symbol);
    case RejectReason::kOriginNotAllowed:
      return absl::StrFormat("%s admits no non-member origin material", ins.spec.symbol);
    case RejectReason::kTransshipment:
      return absl::StrFormat("%s is not certified for that origin on %s", who, ins.spec.symbol);
    case RejectReason::kRiskLimit:
      return absl::StrFormat("%s open quantity would exceed %d lots on %s", who, r.limit,
                             ins.spec.symbol);
    case RejectReason::kBadPrice:
      return absl::StrFormat("price %.2f outside %s band (limit %.2f)", ins.ToCurrency(r.price),
                             ins.spec.symbol, ins.ToCurrency(r.limit));
    case RejectReason::kBadQuantity:
      return absl::StrFormat("quantity %d lots not in 1..%d on %s", r.qty, r.limit,
                             ins.spec.symbol);
    case RejectReason::kPostOnlyWouldCross:
      return absl::StrFormat("post-only %s %.2f would cross %.2f on %s", what,
                             ins.ToCurrency(r.price), ins.ToCurrency(r.limit), ins.spec.symbol);
    default:
      return absl::StrFormat("%s on %s", ToString(r.reason), ins.spec.symbol);
  }
}

}  // namespace ftz
