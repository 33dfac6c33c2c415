#include "sim/agent_set.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "sim/liquidity_provider.h"
#include "sim/refiner.h"
#include "sim/zip_trader.h"

namespace ftz::sim {

namespace {

Price ToTicks(const InstrumentRules& ins, double price) {
  return static_cast<Price>(std::llround(price / ins.tick_size));
}
Qty ToLots(const InstrumentRules& ins, double units) {
  return static_cast<Qty>(std::floor(units / ins.lot_size + 1e-9));
}

// The quote range on each instrument when the scenario states none: from the lowest cost
// or value to the highest, over every group that trades it.
struct Bounds {
  Price low = 0;
  Price high = 0;
  void Add(Price p) {
    if (p <= 0) return;
    low = low == 0 ? p : std::min(low, p);
    high = std::max(high, p);
  }
};

// A group's unit schedule in ticks per lot: the explicit list, or `lots` lots spread
// linearly from first to last.
std::vector<Price> ScheduleTicks(const scenario::Schedule& s, const InstrumentRules& ins,
                                 Qty lots) {
  std::vector<Price> out;
  if (s.units_size() > 0) {
    for (double u : s.units()) out.push_back(ToTicks(ins, u));
    return out;
  }
  return LinearSchedule(lots, ToTicks(ins, s.first()), ToTicks(ins, s.last()));
}

Quoting QuotingOf(scenario::Strategy s) {
  switch (s) {
    case scenario::TRUTHFUL:
      return Quoting::kTruthful;
    case scenario::ZI_URGENT:
      return Quoting::kZiUrgent;
    case scenario::ZI_UNCONSTRAINED:
      return Quoting::kZiUnconstrained;
    default:
      return Quoting::kZiConstrained;
  }
}

std::unique_ptr<UnitTrader> MakeTrader(scenario::Strategy strategy, std::string name,
                                       ParticipantId p, UnitTraderParams params) {
  if (strategy == scenario::ZIP) {
    return std::make_unique<ZipTrader>(std::move(name), p, std::move(params));
  }
  return std::make_unique<UnitTrader>(std::move(name), p, std::move(params));
}

}  // namespace

absl::StatusOr<AgentSet> BuildAgents(const scenario::Scenario& s, const MarketRules& rules) {
  const size_t n = rules.instruments.size();
  AgentSet set;
  set.member_origin.assign(rules.participants.size(), true);
  std::vector<Bounds> bounds(n);
  auto id_of = [&](const std::string& symbol) { return *rules.FindInstrument(symbol); };
  auto add_schedule = [&](InstrumentId id, const scenario::Schedule& sc) {
    const InstrumentRules& ins = rules.instruments[id];
    if (sc.units_size() > 0) {
      for (double u : sc.units()) bounds[id].Add(ToTicks(ins, u));
    } else {
      bounds[id].Add(ToTicks(ins, sc.first()));
      bounds[id].Add(ToTicks(ins, sc.last()));
    }
  };
  for (const scenario::SellerGroup& g : s.sellers()) {
    if (g.input().empty()) add_schedule(id_of(g.instrument()), g.cost());
  }
  for (const scenario::BuyerGroup& g : s.buyers()) add_schedule(id_of(g.instrument()), g.value());
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
  set.derived_quote_range.assign(n, true);
  for (size_t i = 0; i < n; ++i) {
    MarketView v;
    const InstrumentRules& ins = rules.instruments[i];
    v.min_price = ins.spec.min_price;
    v.max_price = ins.spec.max_price;
    v.floor = ins.hard_floor;
    v.last_price = bounds[i].high > 0 ? (bounds[i].low + bounds[i].high) / 2 : ins.hard_floor;
    v.quote_low = std::max<Price>(1, bounds[i].low);
    v.quote_high = std::max(v.quote_low, bounds[i].high);
    set.initial_views.push_back(v);
  }
  for (const scenario::QuoteRange& r : s.quote_ranges()) {
    const InstrumentId id = id_of(r.instrument());
    MarketView& v = set.initial_views[id];
    v.quote_low = ToTicks(rules.instruments[id], r.low());
    v.quote_high = ToTicks(rules.instruments[id], r.high());
    set.derived_quote_range[id] = false;
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
    const std::string& origin_code = g.origin().empty() ? g.jurisdiction() : g.origin();
    const Jurisdiction origin = jurisdiction(origin_code);
    const bool member = rules.IsMember(origin);
    set.by_group.emplace_back();
    for (uint32_t k = 1; k <= g.count(); ++k) {
      const std::string name = absl::StrCat(g.name(), "-", k);
      absl::StatusOr<ParticipantId> p = participant(name);
      if (!p.ok()) return p.status();
      set.member_origin[*p] = member;
      if (!g.input().empty()) {
        const InstrumentId in = id_of(g.input());
        const InstrumentRules& in_rules = rules.instruments[in];
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
        rp.origin = origin;
        rp.urgent = g.strategy() == scenario::ZI_URGENT;
        rp.max_inventory_periods = g.max_inventory_periods();
        set.agents.push_back(std::make_unique<Refiner>(name, *p, rp));
        continue;
      }
      UnitTraderParams up;
      up.instrument = id;
      up.side = Side::kSell;
      up.quoting = QuotingOf(g.strategy());
      up.schedule = ScheduleTicks(g.cost(), ins, ToLots(ins, g.capacity()));
      up.linear = g.cost().units_size() == 0;
      up.account = Account::kProducers;
      up.origin = g.origin().empty() ? 0 : origin;
      up.storage_cost = ToTicks(ins, g.storage_cost());
      if (!member && ins.origin_rule == OriginRuleKind::kTariff) up.tariff_bps = ins.tariff_bps;
      if (!member && ins.origin_rule == OriginRuleKind::kVariableLevy) {
        up.levy_reference = ins.reference_price;
      }
      auto trader = MakeTrader(g.strategy(), name, *p, std::move(up));
      set.by_group.back().push_back(trader.get());
      set.agents.push_back(std::move(trader));
    }
  }
  for (const scenario::BuyerGroup& g : s.buyers()) {
    const InstrumentId id = id_of(g.instrument());
    const InstrumentRules& ins = rules.instruments[id];
    for (uint32_t k = 1; k <= g.count(); ++k) {
      const std::string name = absl::StrCat(g.name(), "-", k);
      absl::StatusOr<ParticipantId> p = participant(name);
      if (!p.ok()) return p.status();
      UnitTraderParams up;
      up.instrument = id;
      up.side = Side::kBuy;
      up.quoting = QuotingOf(g.strategy());
      up.schedule = ScheduleTicks(g.value(), ins, ToLots(ins, g.demand()));
      up.linear = g.value().units_size() == 0;
      up.account = Account::kBuyers;
      if (g.world_price() > 0) {
        up.ceiling = ToTicks(ins, g.world_price() * (1 + g.outside_tariff()));
      }
      set.agents.push_back(MakeTrader(g.strategy(), name, *p, std::move(up)));
    }
  }
  for (const scenario::LiquidityGroup& g : s.liquidity()) {
    const InstrumentId id = id_of(g.instrument());
    const InstrumentRules& ins = rules.instruments[id];
    if (g.start_price() > 0) set.initial_views[id].last_price = ToTicks(ins, g.start_price());
    for (uint32_t k = 1; k <= g.count(); ++k) {
      const std::string name = absl::StrCat(g.name(), "-", k);
      absl::StatusOr<ParticipantId> p = participant(name);
      if (!p.ok()) return p.status();
      LiquidityParams lp;
      lp.instrument = id;
      lp.half_spread_bps = static_cast<int64_t>(std::llround(g.half_spread() * 10000));
      lp.size = std::max<Qty>(1, ToLots(ins, g.size()));
      lp.inventory = ToLots(ins, g.inventory());
      lp.max_position = g.max_position() > 0 ? ToLots(ins, g.max_position()) : 10 * lp.size;
      lp.max_position = std::max(lp.max_position, lp.inventory);
      set.agents.push_back(std::make_unique<LiquidityProvider>(name, *p, lp));
    }
  }
  return set;
}

}  // namespace ftz::sim
