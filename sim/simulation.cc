#include "sim/simulation.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace ftz::sim {

namespace {

std::string FormatEventQty(double x) { return absl::StrFormat("%.0f", x); }

// Each participant's account: its agent's, and the government's for the stockpile.
std::vector<std::optional<Account>> AccountsOf(const MarketRules& rules, const AgentSet& set) {
  std::vector<std::optional<Account>> accounts(rules.participants.size());
  for (const auto& agent : set.agents) accounts[agent->participant()] = agent->account();
  if (rules.stockpile) accounts[*rules.stockpile] = Account::kGovernment;
  return accounts;
}

}  // namespace

Simulation::Simulation(const scenario::Scenario& s, std::unique_ptr<Market> market, AgentSet agents,
                       std::vector<Chain> chains, uint64_t seed)
    : scenario_(s),
      market_(std::move(market)),
      set_(std::move(agents)),
      views_(set_.initial_views),
      tape_(views_.size()),
      driver_(s, set_, seed),
      welfare_(market_->rules(), std::move(chains), AccountsOf(market_->rules(), set_)),
      holdings_(views_.size()),
      trader_value_(views_.size(), 0),
      stockpile_value_(views_.size(), 0),
      budget_gone_(views_.size(), false) {
  by_participant_.assign(market_->rules().participants.size(), nullptr);
  listeners_.resize(views_.size());
  for (const auto& agent : set_.agents) {
    by_participant_[agent->participant()] = agent.get();
    if (agent->wants_shouts()) {
      for (InstrumentId id : agent->instruments()) listeners_[id].push_back(agent.get());
      any_listeners_ = true;
    }
  }
  traded_.assign(views_.size(), false);
  for (const Chain& c : welfare_.chains()) {
    for (InstrumentId id : c.instruments) traded_[id] = true;
  }
  for (InstrumentId id = 0; id < views_.size(); ++id) {
    views_[id].floor = market_->policy().floor(id);
  }
  if (s.protocol() == scenario::SYNCHRONIZED) synchronized_.emplace(views_.size());
}

void Simulation::Submit(const Command& cmd) {
  ++orders_;
  ++period_orders_;
  if (synchronized_ || any_listeners_) {
    SubmitShout(cmd);
  } else {  // the continuous protocol, nobody learning from shouts: straight to the engine
    Execute(cmd);
  }
}

void Simulation::SubmitShout(const Command& cmd) {
  const bool shout = cmd.kind == CommandKind::kNewOrder || cmd.kind == CommandKind::kReplace;
  if (synchronized_ && shout) {
    const SynchronizedProtocol::Admission a = synchronized_->Admit(cmd);
    if (!a.admitted) {
      // Void: nobody sees it. A new shout never existed; a re-quote leaves the order.
      if (Agent* agent = AgentOf(cmd.participant)) {
        if (cmd.kind == CommandKind::kNewOrder) {
          agent->OnOrderGone(cmd.client_id, true);
        } else {
          agent->OnRequoteRefused(cmd.client_id, a.standing_price);
        }
      }
      return;
    }
    if (a.cancel_first) {
      Command cancel;
      cancel.kind = CommandKind::kCancel;
      cancel.participant = a.cancel_first->participant;
      cancel.instrument = cmd.instrument;
      cancel.client_id = a.cancel_first->client_id;
      Execute(cancel);
    }
  }
  Execute(cmd);
  if (!shout) return;
  // What the shout did, read off its events before anything else runs.
  OrderId order = 0;
  Shout heard;
  heard.side = cmd.side;
  heard.price = cmd.price;
  for (const Event& e : events_) {
    if (e.kind == EventKind::kAccepted) order = e.accepted.order.order_id;
    if (e.kind == EventKind::kReplaced) order = e.replaced.order.order_id;
    if (e.kind == EventKind::kTrade) {
      heard.traded = true;
      heard.trade_price = e.trade.price;
    }
  }
  if (synchronized_) {
    if (order != 0 && market_->engine().FindOrder(order) != nullptr) synchronized_->Rested(cmd);
    if (heard.traded) {
      for (const StandingShout& s : synchronized_->Traded(cmd.instrument)) {
        Command cancel;
        cancel.kind = CommandKind::kCancel;
        cancel.participant = s.participant;
        cancel.instrument = cmd.instrument;
        cancel.client_id = s.client_id;
        Execute(cancel);
      }
    }
  }
  for (Agent* a : listeners_[cmd.instrument]) a->OnShout(cmd.instrument, heard);
}

void Simulation::Dispatch(const EventBuffer& events) {
  for (const Event& e : events) {
    switch (e.kind) {
      case EventKind::kRejected: {
        ++period_rejects_;
        const RejectedEvent& r = e.rejected;
        Agent* agent = AgentOf(r.order.participant);
        if (!agent) break;
        if (r.command == CommandKind::kNewOrder) {
          agent->OnOrderGone(r.order.client_id, true);
        } else if (r.command == CommandKind::kReplace) {
          agent->OnRequoteRefused(r.order.client_id, 0);  // the standing price is unknown
        }
        break;
      }
      case EventKind::kCancelled:
      case EventKind::kExpired: {
        const OrderRef& o = e.cancelled.order;
        if (synchronized_) synchronized_->Gone(e.instrument, o.participant, o.client_id);
        if (Agent* agent = AgentOf(o.participant)) agent->OnOrderGone(o.client_id, false);
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
  const Qty seller_leaves = taker_sells ? t.taker_leaves : t.maker_leaves;
  const Qty buyer_leaves = taker_sells ? t.maker_leaves : t.taker_leaves;
  (set_.member_origin[seller.participant] ? tape.member : tape.non_member) += t.qty;
  welfare_.OnTrade(id, buyer.participant, seller.participant, t.price, t.qty, t.duty, t.top_up);
  if (synchronized_) {
    if (seller_leaves == 0) synchronized_->Gone(id, seller.participant, seller.client_id);
    if (buyer_leaves == 0) synchronized_->Gone(id, buyer.participant, buyer.client_id);
  }

  const InstrumentRules& ins = market_->rules().instruments[id];
  if (trade_tape_ && (scenario_.trace_periods() == 0 || period_ < scenario_.trace_periods())) {
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
    result_.trades.push_back(std::move(r));
  }
  if (Agent* a = AgentOf(seller.participant)) {
    a->OnFill(
        Fill{id, seller.client_id, Side::kSell, t.price, t.qty, t.duty, t.top_up, seller_leaves});
  }
  if (Agent* a = AgentOf(buyer.participant)) {
    a->OnFill(Fill{id, buyer.client_id, Side::kBuy, t.price, t.qty, 0, 0, buyer_leaves});
  }
}

void Simulation::StartPeriod() {
  const uint32_t period = period_;
  driver_.StartPeriod(period, *this, views_);
  for (const scenario::Shock& shock : scenario_.shocks()) {
    if (shock.period() != period) continue;
    for (const scenario::SellerGroup& g : scenario_.sellers()) {
      if (g.name() != shock.group()) continue;
      std::string text = shock.note().empty() ? "shock" : shock.note();
      absl::StrAppend(&text, ": ", g.name());
      if (shock.capacity_scale() > 0 || shock.cost_scale() > 0) {
        if (shock.capacity_scale() != 1) {
          absl::StrAppend(&text, " capacity x ", shock.capacity_scale());
        }
        if (shock.cost_scale() > 0 && shock.cost_scale() != 1) {
          absl::StrAppend(&text, " costs x ", shock.cost_scale());
        }
      } else {
        absl::StrAppend(&text, " capacity x 0");
      }
      result_.events.push_back({period, g.instrument(), "shock", text});
    }
  }
  const size_t n = views_.size();
  economy_ = PeriodEconomy{};
  economy_.instruments.resize(n);
  holdings_.assign(n, Holdings{});
  held_.resize(set_.agents.size());
  for (size_t k = 0; k < set_.agents.size(); ++k) {
    const Agent& a = *set_.agents[k];
    a.Describe(economy_);
    held_[k].clear();
    for (InstrumentId id : a.instruments()) {
      held_[k].push_back(a.Held(id));
      holdings_[id].traders_held += a.Held(id);
      holdings_[id].traders_room += a.Room(id);
      if (a.account() == Account::kMarketMakers) economy_.instruments[id].takers_room += a.Room(id);
    }
  }
  for (const RefinerEconomy& r : economy_.refiners) {
    economy_.instruments[r.input].takers_room += r.input_capacity;
  }
  const FloorPolicy& policy = market_->policy();
  for (InstrumentId id = 0; id < n; ++id) {
    Holdings& h = holdings_[id];
    economy_.instruments[id].held.push_back({trader_value_[id], h.traders_held});
    if (!policy.instrument(id).stockpile) continue;
    h.stockpile_held = static_cast<double>(policy.stockpile(id).inventory);
    h.stockpile_offers = policy.StockpileAsk(id).has_value();
    if (const std::optional<Command> bid = policy.StockpileBid(id)) {
      h.stockpile_room = static_cast<double>(bid->qty);
    }
  }
}

Price Simulation::TraderValue(uint32_t period, InstrumentId id,
                              const std::vector<double>& ce_price) const {
  const scenario::InventoryValue rule = period + 1 == scenario_.periods()
                                            ? scenario_.welfare().trader_inventory()
                                            : scenario::COMPETITIVE_PRICE;
  switch (rule) {
    case scenario::ZERO:
      return 0;
    case scenario::LAST_PRICE:
      return views_[id].last_price;
    default:
      return static_cast<Price>(
          std::llround(ce_price[id] / market_->rules().instruments[id].tick_size));
  }
}

Price Simulation::StockpileValue(InstrumentId id, const std::vector<double>& ce_price) const {
  switch (scenario_.welfare().stockpile_inventory()) {
    case scenario::LAST_PRICE:
      return views_[id].last_price;
    case scenario::COMPETITIVE_PRICE:
      return static_cast<Price>(
          std::llround(ce_price[id] / market_->rules().instruments[id].tick_size));
    default:
      return 0;
  }
}

void Simulation::ValueHoldings(const std::vector<Price>& trader_value,
                               const std::vector<Price>& stockpile_value) {
  const FloorPolicy& policy = market_->policy();
  for (InstrumentId id = 0; id < views_.size(); ++id) {
    const Holdings& h = holdings_[id];
    InstrumentEconomy& e = economy_.instruments[id];
    e.keep.push_back({trader_value[id], h.traders_held + h.traders_room});
    // The stockpile's holdings: all of them are revalued from the start value to the end
    // value; what it releases (only to takers paying its release price) forgoes the end
    // value; what it buys is worth the end value.
    const double sp_value = static_cast<double>(stockpile_value[id]);
    const double sp_start = static_cast<double>(stockpile_value_[id]);
    e.fixed += h.stockpile_held * (sp_value - sp_start);
    e.keep.push_back({stockpile_value[id], h.stockpile_room});
    if (h.stockpile_offers) {
      e.held.push_back(
          {stockpile_value[id], h.stockpile_held, policy.instrument(id).stockpile->release_price});
    }
    if (policy.instrument(id).stockpile) {
      const double end = static_cast<double>(policy.stockpile(id).inventory);
      welfare_.AddHoldingValue(id, Account::kGovernment,
                               end * sp_value - h.stockpile_held * sp_start);
    }
  }
  for (size_t k = 0; k < set_.agents.size(); ++k) {
    const Agent& a = *set_.agents[k];
    const std::vector<InstrumentId> ids = a.instruments();
    for (size_t j = 0; j < ids.size(); ++j) {
      const InstrumentId id = ids[j];
      const double change = a.Held(id) * static_cast<double>(trader_value[id]) -
                            held_[k][j] * static_cast<double>(trader_value_[id]);
      if (change != 0) welfare_.AddHoldingValue(id, a.account(), change);
    }
  }
}

void Simulation::NoteStockpileEvents(uint32_t period, InstrumentId id, RunResult* result) {
  const FloorPolicy& policy = market_->policy();
  const InstrumentRules& ins = policy.instrument(id);
  const StockpileState& sp = policy.stockpile(id);
  const Holdings& start = holdings_[id];
  const double lot = ins.lot_size;
  if (ins.stockpile->capacity > 0 && sp.inventory >= ins.stockpile->capacity &&
      start.stockpile_held < static_cast<double>(ins.stockpile->capacity)) {
    result->events.push_back(
        {period, ins.spec.symbol, "stockpile_full",
         absl::StrCat("stockpile full: ", FormatEventQty(sp.inventory * lot), " ", ins.unit)});
  }
  const Price floor = views_[id].floor;
  const bool cannot_buy = floor > 0 && sp.budget_left < floor;
  if (cannot_buy && !budget_gone_[id]) {
    result->events.push_back({period, ins.spec.symbol, "budget_exhausted",
                              absl::StrCat("stockpile budget spent: ",
                                           FormatEventQty(ins.MoneyToCurrency(sp.budget_left)), " ",
                                           ins.currency, " left")});
  }
  budget_gone_[id] = cannot_buy;
}

void Simulation::ClosePeriod(uint32_t period, RunResult* result) {
  const size_t n = views_.size();
  // The competitive prices first (with holding at the period end worth nothing), then
  // what holdings count for at those prices, then the maximum gains with them.
  const WelfareBook::Optimum first = welfare_.Optimize(economy_);
  std::vector<Price> trader_value(n), stockpile_value(n);
  for (InstrumentId id = 0; id < n; ++id) {
    trader_value[id] = TraderValue(period, id, first.ce_price);
    stockpile_value[id] = StockpileValue(id, first.ce_price);
  }
  ValueHoldings(trader_value, stockpile_value);
  const WelfareBook::Optimum optimum = welfare_.Optimize(economy_);
  trader_value_ = std::move(trader_value);
  stockpile_value_ = std::move(stockpile_value);

  const FloorPolicy& policy = market_->policy();
  // Excess supply: units left with a cost at or below the floor (or, without one, the
  // competitive price): sellers would have sold them at the going price.
  std::vector<Price> threshold(n);
  for (InstrumentId id = 0; id < n; ++id) {
    const double ce_ticks = first.ce_price[id] / policy.instrument(id).tick_size;
    threshold[id] =
        views_[id].floor > 0 ? views_[id].floor : static_cast<Price>(std::floor(ce_ticks + 1e-9));
  }
  std::vector<Qty> unsold(n, 0);
  for (const auto& a : set_.agents) {
    for (InstrumentId id : a->instruments()) {
      const AgentPeriodStats st = a->TakeStats(id, threshold[id]);
      welfare_.AddRealFlows(id, a->account(), st);
      unsold[id] += st.unsold_willing;
    }
  }
  for (InstrumentId id = 0; id < n; ++id) {
    if (!traded_[id]) continue;
    const InstrumentRules& ins = policy.instrument(id);
    const Ledger& ledger = policy.period_ledger(id);
    const StockpileState& sp = policy.stockpile(id);
    const PeriodTape& tape = tape_[id];
    const double lot = ins.lot_size;
    PeriodMetrics m;
    m.period = period;
    m.symbol = ins.spec.symbol;
    m.floor = ins.ToCurrency(views_[id].floor);
    if (ins.support) m.support_strike = ins.ToCurrency(ins.support->floor);
    if (ins.origin_rule == OriginRuleKind::kTariff) {
      m.tariff_rate = static_cast<double>(policy.tariff_bps(id)) / 10000;
    }
    m.volume = static_cast<double>(tape.volume) * lot;
    if (tape.volume > 0) {
      m.vwap =
          ins.tick_size * static_cast<double>(tape.notional) / static_cast<double>(tape.volume);
      m.open = ins.ToCurrency(tape.open);
      m.close = ins.ToCurrency(tape.close);
      m.high = ins.ToCurrency(tape.high);
      m.low = ins.ToCurrency(tape.low);
    }
    m.ce_price = first.ce_price[id];
    m.ce_quantity = first.ce_quantity[id];
    m.volume_at_floor = static_cast<double>(tape.at_floor) * lot;
    m.share_at_floor = tape.volume > 0 ? static_cast<double>(tape.at_floor) / tape.volume : 0;
    m.member_supply = static_cast<double>(tape.member) * lot;
    m.non_member_supply = static_cast<double>(tape.non_member) * lot;
    m.stockpile_bought = static_cast<double>(ledger.stockpile_bought) * lot;
    m.stockpile_sold = static_cast<double>(ledger.stockpile_sold) * lot;
    m.unsold_end = static_cast<double>(unsold[id]) * lot;
    m.stockpile_inventory_end = static_cast<double>(sp.inventory) * lot;
    m.stockpile_spend = ins.MoneyToCurrency(ledger.stockpile_spend);
    m.stockpile_proceeds = ins.MoneyToCurrency(ledger.stockpile_proceeds);
    m.top_ups = ins.MoneyToCurrency(ledger.top_ups);
    m.duties = ins.MoneyToCurrency(ledger.duties);
    m.stockpile_budget_left_end = ins.stockpile ? ins.MoneyToCurrency(sp.budget_left) : 0;
    if (ins.stockpile) NoteStockpileEvents(period, id, result);
    const WelfareBook::InstrumentAccounts a = welfare_.AccountsOf(id);
    m.buyers = a.buyers;
    m.producers = a.producers;
    m.market_makers = a.market_makers;
    m.government = a.government;
    m.orders = period_orders_;
    m.rejects = period_rejects_;
    result->periods.push_back(std::move(m));
    tape_[id] = PeriodTape{};
  }
  for (ChainPeriod& c : welfare_.ClosePeriod(period, optimum.max_gains)) {
    result->chains.push_back(std::move(c));
  }
  period_orders_ = 0;
  period_rejects_ = 0;
}

RunResult Simulation::Run(const ProgressFn& progress) {
  while (!finished()) {
    StartPeriod();
    driver_.RunSteps(period_, *this, views_);
    FinishPeriod();
    if (progress) progress(period_, scenario_.periods());
  }
  return TakeResult();
}

void Simulation::FinishPeriod() {
  ClosePeriod(period_, &result_);
  Execute(EndPeriod());  // the driver's, not an agent's order
  ++period_;
}

RunResult Simulation::TakeResult() {
  result_.orders = orders_;
  result_.state_hash = market_->engine().StateHash();
  return std::exchange(result_, RunResult{});
}

double Simulation::elapsed() const {
  const uint64_t n = driver_.activations_per_period();
  return n == 0 ? 1.0 : static_cast<double>(driver_.activations_done()) / static_cast<double>(n);
}

}  // namespace ftz::sim
