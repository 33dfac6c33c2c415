#include "sim/simulation.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "sim/equilibrium.h"
#include "sim/liquidity_provider.h"
#include "sim/refiner.h"

namespace ftz::sim {

namespace {

Price ToTicks(const InstrumentRules& ins, double price) {
  return static_cast<Price>(std::llround(price / ins.tick_size));
}
Qty ToLots(const InstrumentRules& ins, double units) {
  return static_cast<Qty>(std::floor(units / ins.lot_size + 1e-9));
}

// Bounds for zero-intelligence quotes on each instrument: from the lowest cost or value
// to the highest, over every group that trades it.
struct Bounds {
  Price low = 0;
  Price high = 0;
  void Add(Price p) {
    if (p <= 0) return;
    low = low == 0 ? p : std::min(low, p);
    high = std::max(high, p);
  }
};

}  // namespace

absl::StatusOr<AgentSet> BuildAgents(const scenario::Scenario& s, const MarketRules& rules) {
  const size_t n = rules.instruments.size();
  AgentSet set;
  set.traded.assign(n, false);
  set.member_origin.assign(rules.participants.size(), true);
  std::vector<Bounds> bounds(n);
  auto id_of = [&](const std::string& symbol) { return *rules.FindInstrument(symbol); };
  for (const scenario::SellerGroup& g : s.sellers()) {
    const InstrumentId id = id_of(g.instrument());
    bounds[id].Add(ToTicks(rules.instruments[id], g.cost().first()));
    bounds[id].Add(ToTicks(rules.instruments[id], g.cost().last()));
  }
  for (const scenario::BuyerGroup& g : s.buyers()) {
    const InstrumentId id = id_of(g.instrument());
    bounds[id].Add(ToTicks(rules.instruments[id], g.value().first()));
    bounds[id].Add(ToTicks(rules.instruments[id], g.value().last()));
  }
  // A refiner's input is worth at most its output's best value; its output costs at
  // least its input.
  for (const scenario::SellerGroup& g : s.sellers()) {
    if (g.input().empty()) continue;
    const InstrumentId in = id_of(g.input()), out = id_of(g.instrument());
    const double out_hi = bounds[out].high * rules.instruments[out].tick_size;
    const double in_lo = bounds[in].low * rules.instruments[in].tick_size;
    bounds[in].Add(ToTicks(rules.instruments[in], out_hi * g.yield()));
    bounds[out].Add(ToTicks(rules.instruments[out], in_lo / g.yield()));
  }
  for (size_t i = 0; i < n; ++i) {
    MarketView v;
    const InstrumentRules& ins = rules.instruments[i];
    v.min_price = ins.spec.min_price;
    v.max_price = ins.spec.max_price;
    v.floor = ins.hard_floor;
    v.last_price = bounds[i].high > 0 ? (bounds[i].low + bounds[i].high) / 2 : ins.hard_floor;
    set.initial_views.push_back(v);
  }

  auto participant = [&](const std::string& name) -> absl::StatusOr<ParticipantId> {
    std::optional<ParticipantId> p = rules.FindParticipant(name);
    if (!p) return absl::NotFoundError(absl::StrCat("no participant ", name, " in the market"));
    return *p;
  };
  auto jurisdiction = [](const std::string& code) { return MakeJurisdiction(code[0], code[1]); };

  for (const scenario::SellerGroup& g : s.sellers()) {
    const InstrumentId id = id_of(g.instrument());
    const InstrumentRules& ins = rules.instruments[id];
    set.traded[id] = true;
    const std::string& origin_code = g.origin().empty() ? g.jurisdiction() : g.origin();
    const Jurisdiction origin = jurisdiction(origin_code);
    const bool member = rules.IsMember(origin);
    set.by_group.emplace_back();
    for (uint32_t k = 1; k <= g.count(); ++k) {
      absl::StatusOr<ParticipantId> p = participant(absl::StrCat(g.name(), "-", k));
      if (!p.ok()) return p.status();
      set.member_origin[*p] = member;
      if (!g.input().empty()) {
        const InstrumentId in = id_of(g.input());
        const InstrumentRules& in_rules = rules.instruments[in];
        set.traded[in] = true;
        RefinerParams rp;
        rp.input = in;
        rp.output = id;
        rp.input_capacity = ToLots(in_rules, g.capacity());
        rp.output_per_input = g.yield() * in_rules.lot_size / ins.lot_size;
        // input ticks per input lot -> output ticks per output lot
        rp.input_to_output_price = (in_rules.tick_size / ins.tick_size) / g.yield();
        rp.processing_first =
            ToTicks(ins, g.processing_cost() > 0 ? g.processing_cost() : g.cost().first());
        rp.processing_last = std::max(rp.processing_first, ToTicks(ins, g.cost().last()));
        rp.zi_high_output = bounds[id].high;
        rp.zi_low_input = bounds[in].low;
        rp.origin = origin;
        rp.urgent = g.strategy() == scenario::ZI_URGENT;
        rp.max_inventory_periods = g.max_inventory_periods();
        set.agents.push_back(std::make_unique<Refiner>(absl::StrCat(g.name(), "-", k), *p, rp));
        continue;
      }
      UnitTraderParams up;
      up.instrument = id;
      up.side = Side::kSell;
      up.truthful = g.strategy() == scenario::TRUTHFUL;
      up.urgent = g.strategy() == scenario::ZI_URGENT;
      up.units_per_period = ToLots(ins, g.capacity());
      up.first = ToTicks(ins, g.cost().first());
      up.last = ToTicks(ins, g.cost().last());
      up.zi_low = bounds[id].low;
      up.zi_high = bounds[id].high;
      up.origin = g.origin().empty() ? 0 : origin;
      up.storage_cost = ToTicks(ins, g.storage_cost());
      if (!member && ins.origin_rule == OriginRuleKind::kTariff) up.tariff_bps = ins.tariff_bps;
      if (!member && ins.origin_rule == OriginRuleKind::kVariableLevy) {
        up.levy_reference = ins.reference_price;
      }
      auto trader = std::make_unique<UnitTrader>(absl::StrCat(g.name(), "-", k), *p, up);
      set.by_group.back().push_back(trader.get());
      set.agents.push_back(std::move(trader));
    }
  }
  for (const scenario::BuyerGroup& g : s.buyers()) {
    const InstrumentId id = id_of(g.instrument());
    const InstrumentRules& ins = rules.instruments[id];
    set.traded[id] = true;
    for (uint32_t k = 1; k <= g.count(); ++k) {
      absl::StatusOr<ParticipantId> p = participant(absl::StrCat(g.name(), "-", k));
      if (!p.ok()) return p.status();
      UnitTraderParams up;
      up.instrument = id;
      up.side = Side::kBuy;
      up.truthful = g.strategy() == scenario::TRUTHFUL;
      up.urgent = g.strategy() == scenario::ZI_URGENT;
      up.units_per_period = ToLots(ins, g.demand());
      up.first = ToTicks(ins, g.value().first());
      up.last = ToTicks(ins, g.value().last());
      up.zi_low = bounds[id].low;
      up.zi_high = bounds[id].high;
      if (g.world_price() > 0) {
        up.ceiling = ToTicks(ins, g.world_price() * (1 + g.outside_tariff()));
      }
      set.agents.push_back(std::make_unique<UnitTrader>(absl::StrCat(g.name(), "-", k), *p, up));
    }
  }
  for (const scenario::LiquidityGroup& g : s.liquidity()) {
    const InstrumentId id = id_of(g.instrument());
    const InstrumentRules& ins = rules.instruments[id];
    if (g.start_price() > 0) set.initial_views[id].last_price = ToTicks(ins, g.start_price());
    for (uint32_t k = 1; k <= g.count(); ++k) {
      absl::StatusOr<ParticipantId> p = participant(absl::StrCat(g.name(), "-", k));
      if (!p.ok()) return p.status();
      LiquidityParams lp;
      lp.instrument = id;
      lp.half_spread_bps = static_cast<int64_t>(std::llround(g.half_spread() * 10000));
      lp.size = std::max<Qty>(1, ToLots(ins, g.size()));
      set.agents.push_back(
          std::make_unique<LiquidityProvider>(absl::StrCat(g.name(), "-", k), *p, lp));
    }
  }
  return set;
}

Simulation::Simulation(const scenario::Scenario& s, std::unique_ptr<Market> market, AgentSet agents,
                       uint64_t seed)
    : scenario_(s),
      market_(std::move(market)),
      set_(std::move(agents)),
      views_(set_.initial_views),
      tape_(views_.size()),
      driver_(s, set_, seed) {
  by_participant_.assign(market_->rules().participants.size(), nullptr);
  for (const auto& agent : set_.agents) by_participant_[agent->participant()] = agent.get();
  for (InstrumentId id = 0; id < views_.size(); ++id)
    views_[id].floor = market_->policy().floor(id);
}

void Simulation::Submit(const Command& cmd) {
  ++orders_;
  ++period_orders_;
  events_.Clear();
  market_->Submit(cmd, events_);
  Dispatch(events_);
}

void Simulation::Dispatch(const EventBuffer& events) {
  for (const Event& e : events) {
    switch (e.kind) {
      case EventKind::kRejected: {
        ++period_rejects_;
        const RejectedEvent& r = e.rejected;
        if (r.command != CommandKind::kNewOrder) break;  // a refused replace leaves the order
        if (r.order.participant < by_participant_.size() && by_participant_[r.order.participant]) {
          by_participant_[r.order.participant]->OnOrderGone(r.order.client_id, true);
        }
        break;
      }
      case EventKind::kCancelled:
      case EventKind::kExpired: {
        const OrderRef& o = e.cancelled.order;
        if (o.participant < by_participant_.size() && by_participant_[o.participant]) {
          by_participant_[o.participant]->OnOrderGone(o.client_id, false);
        }
        break;
      }
      case EventKind::kTrade:
        OnTrade(e.instrument, e.trade);
        break;
      case EventKind::kFloorChanged:
        views_[e.instrument].floor = e.floor_changed.new_floor;
        break;
      default:
        break;
    }
  }
}

void Simulation::OnTrade(InstrumentId id, const TradeEvent& t) {
  views_[id].last_price = t.price;
  PeriodTape& tape = tape_[id];
  if (tape.volume == 0) tape.open = tape.high = tape.low = t.price;
  tape.close = t.price;
  tape.high = std::max(tape.high, t.price);
  tape.low = std::min(tape.low, t.price);
  tape.notional += t.price * t.qty;
  tape.volume += t.qty;
  if (views_[id].floor > 0 && t.price == views_[id].floor) tape.at_floor += t.qty;
  const bool taker_sells = t.aggressor == Side::kSell;
  const OrderRef& seller = taker_sells ? t.taker : t.maker;
  const OrderRef& buyer = taker_sells ? t.maker : t.taker;
  (set_.member_origin[seller.participant] ? tape.member : tape.non_member) += t.qty;

  const InstrumentRules& ins = market_->rules().instruments[id];
  if (result_ && (scenario_.trace_periods() == 0 || period_ < scenario_.trace_periods())) {
    TradeRecord r;
    r.period = period_;
    r.trade_id = t.trade_id;
    r.symbol = ins.spec.symbol;
    r.price = ins.ToCurrency(t.price);
    r.qty = static_cast<double>(t.qty) * ins.lot_size;
    r.buyer = market_->rules().participants[buyer.participant].name;
    r.seller = market_->rules().participants[seller.participant].name;
    r.duty = ins.MoneyToCurrency(t.duty);
    r.top_up = ins.MoneyToCurrency(t.top_up);
    result_->trades.push_back(std::move(r));
  }
  if (Agent* a = by_participant_[seller.participant]) {
    a->OnFill(Fill{id, seller.client_id, Side::kSell, t.price, t.qty, t.duty, t.top_up,
                   taker_sells ? t.taker_leaves : t.maker_leaves});
  }
  if (Agent* a = by_participant_[buyer.participant]) {
    a->OnFill(Fill{id, buyer.client_id, Side::kBuy, t.price, t.qty, 0, 0,
                   taker_sells ? t.maker_leaves : t.taker_leaves});
  }
}

void Simulation::StartPeriod(uint32_t period, std::vector<double>* ce_price,
                             std::vector<Qty>* ce_qty, std::vector<Money>* max_gains) {
  driver_.StartPeriod(period, *this, views_);
  const size_t n = views_.size();
  ce_price->assign(n, 0);
  ce_qty->assign(n, 0);
  max_gains->assign(n, 0);
  for (InstrumentId id = 0; id < n; ++id) {
    if (!set_.traded[id]) continue;
    std::vector<Price> costs, values;
    for (const auto& a : set_.agents) {
      if (a->is_private()) a->Schedules(id, &costs, &values);
    }
    const Equilibrium eq = CompetitiveEquilibrium(std::move(costs), std::move(values));
    (*ce_price)[id] = eq.price();
    (*ce_qty)[id] = eq.quantity;
    (*max_gains)[id] = eq.max_gains;
  }
}

void Simulation::ClosePeriod(uint32_t period, const std::vector<double>& ce_price,
                             const std::vector<Qty>& ce_qty, const std::vector<Money>& max_gains,
                             RunResult* result) {
  const FloorPolicy& policy = market_->policy();
  for (InstrumentId id = 0; id < views_.size(); ++id) {
    if (!set_.traded[id]) continue;
    const InstrumentRules& ins = policy.instrument(id);
    const Ledger& ledger = policy.period_ledger(id);
    const StockpileState& sp = policy.stockpile(id);
    const PeriodTape& tape = tape_[id];
    const double lot = ins.lot_size;
    PeriodMetrics m;
    m.period = period;
    m.symbol = ins.spec.symbol;
    m.floor = ins.ToCurrency(views_[id].floor);
    m.volume = static_cast<double>(tape.volume) * lot;
    if (tape.volume > 0) {
      m.vwap =
          ins.tick_size * static_cast<double>(tape.notional) / static_cast<double>(tape.volume);
      m.open = ins.ToCurrency(tape.open);
      m.close = ins.ToCurrency(tape.close);
      m.high = ins.ToCurrency(tape.high);
      m.low = ins.ToCurrency(tape.low);
    }
    m.volume_at_floor = static_cast<double>(tape.at_floor) * lot;
    m.share_at_floor = tape.volume > 0 ? static_cast<double>(tape.at_floor) / tape.volume : 0;
    m.stockpile_bought = static_cast<double>(ledger.stockpile_bought) * lot;
    m.stockpile_inventory = static_cast<double>(sp.inventory) * lot;
    m.stockpile_spend = ins.MoneyToCurrency(ledger.stockpile_spend - ledger.stockpile_proceeds);
    m.stockpile_budget_left = ins.stockpile ? ins.MoneyToCurrency(sp.budget_left) : 0;
    m.top_ups = ins.MoneyToCurrency(ledger.top_ups);
    m.duties = ins.MoneyToCurrency(ledger.duties);
    m.member_supply = static_cast<double>(tape.member) * lot;
    m.non_member_supply = static_cast<double>(tape.non_member) * lot;

    // Excess supply: units left with a cost at or below the floor (or, without one, the
    // competitive price): sellers would have sold them at the going price.
    const Price threshold =
        views_[id].floor > 0 ? views_[id].floor : static_cast<Price>(std::floor(ce_price[id]));
    Money value = 0, cost = 0, paid = 0, received = 0;
    Qty unsold = 0;
    for (const auto& a : set_.agents) {
      if (!a->is_private()) continue;
      const AgentPeriodStats st = a->TakeStats(id, threshold);
      value += st.value_of_bought;
      cost += st.cost_of_sold;
      paid += st.paid;
      received += st.received_net;
      unsold += st.unsold_willing;
    }
    m.unsold = static_cast<double>(unsold) * lot;
    m.consumer_surplus = ins.MoneyToCurrency(value - paid);
    m.producer_surplus = ins.MoneyToCurrency(received - cost);
    m.realized_gains = ins.MoneyToCurrency(value - cost);
    m.max_gains = ins.MoneyToCurrency(max_gains[id]);
    m.efficiency = max_gains[id] > 0 ? static_cast<double>(value - cost) / max_gains[id] : 1;
    m.ce_price = ce_price[id] * ins.tick_size;
    m.ce_quantity = static_cast<double>(ce_qty[id]) * lot;
    m.orders = period_orders_;
    m.rejects = period_rejects_;
    result->periods.push_back(std::move(m));
    tape_[id] = PeriodTape{};
  }
  period_orders_ = 0;
  period_rejects_ = 0;
}

RunResult Simulation::Run(const ProgressFn& progress) {
  RunResult result;
  result_ = &result;
  std::vector<double> ce_price;
  std::vector<Qty> ce_qty;
  std::vector<Money> max_gains;
  for (period_ = 0; period_ < scenario_.periods(); ++period_) {
    StartPeriod(period_, &ce_price, &ce_qty, &max_gains);
    driver_.RunSteps(period_, *this, views_);
    ClosePeriod(period_, ce_price, ce_qty, max_gains, &result);
    events_.Clear();  // the period end is the driver's, not an agent's order
    market_->Submit(EndPeriod(), events_);
    Dispatch(events_);
    if (progress) progress(period_ + 1, scenario_.periods());
  }
  result.orders = orders_;
  result.state_hash = market_->engine().StateHash();
  result_ = nullptr;
  return result;
}

}  // namespace ftz::sim
