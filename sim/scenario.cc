#include "sim/scenario.h"

#include <algorithm>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "market_config/field_line.h"
#include "market_config/market_config.h"
#include "sim/runner.h"

namespace ftz::sim {

namespace {

absl::Status Bad(const std::string& origin, const std::string& field, const std::string& what) {
  return absl::InvalidArgumentError(absl::StrCat(origin, ": ", field, ": ", what));
}

bool HasInstrument(const config::Market& m, const std::string& symbol) {
  for (const config::Instrument& i : m.instruments()) {
    if (i.symbol() == symbol) return true;
  }
  return false;
}

bool HasJurisdiction(const config::Market& m, const std::string& code) {
  for (const config::Jurisdiction& j : m.jurisdictions()) {
    if (j.code() == code) return true;
  }
  return false;
}

void AddParticipants(config::Market& m, const std::string& name, uint32_t count,
                     const std::string& jurisdiction, const std::string& origin,
                     const google::protobuf::RepeatedField<int>& roles, config::Role fallback) {
  for (uint32_t i = 1; i <= count; ++i) {
    config::Participant* p = m.add_participants();
    p->set_name(absl::StrCat(name, "-", i));
    p->set_jurisdiction(jurisdiction);
    p->set_token(p->name());
    if (roles.empty()) {
      p->add_roles(fallback);
    } else {
      for (int r : roles) p->add_roles(static_cast<config::Role>(r));
    }
    if (!origin.empty() && origin != jurisdiction) p->add_certified_origins(origin);
  }
}

// An explicit unit list: positive prices; it sets the group's capacity or demand (one lot
// per entry), which must be left out.
absl::Status CheckUnits(const std::string& origin, const std::string& field,
                        const scenario::Schedule& s, double quantity) {
  for (int k = 0; k < s.units_size(); ++k) {
    if (s.units(k) <= 0) {
      return Bad(origin, absl::StrFormat("%s[%d]", field, k), "must be above zero");
    }
  }
  if (s.first() != 0 || s.last() != 0) {
    return Bad(origin, field, "give either units or first and last, not both");
  }
  if (quantity != 0) {
    return Bad(origin, field,
               "the unit list sets the capacity or demand (one lot per entry): leave that out");
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<scenario::Scenario> ParseScenario(const std::string& text,
                                                 const std::string& origin) {
  scenario::Scenario s;
  if (absl::Status st = ParseTextProto(text, origin, &s); !st.ok()) return st;
  const bool own_market = s.market().instruments_size() > 0;
  if (absl::Status st = NormalizeScenario(s, origin); !st.ok()) {
    return WithFieldLine(st, origin, text, scenario::Scenario());
  }
  // The market with the agents' participants, checked now so that a bad floor or budget
  // is reported, with its line, before anything runs.
  if (absl::StatusOr<MarketRules> rules = CompileMarketRules(MarketWithAgents(s), origin);
      !rules.ok()) {
    return own_market ? WithFieldLine(rules.status(), origin, text, scenario::Scenario(), "market.")
                      : rules.status();
  }
  return s;
}

absl::Status NormalizeScenario(scenario::Scenario& s, const std::string& origin) {
  if (s.market().instruments_size() == 0) {
    absl::StatusOr<config::Market> m = ParseMarketConfig(DefaultMarketText(), "<default market>");
    if (!m.ok()) return m.status();
    *s.mutable_market() = *m;
  }
  if (s.periods() == 0) return Bad(origin, "periods", "must be at least 1");
  if ((s.steps_per_period() == 0) == (s.activations_per_period() == 0)) {
    return Bad(origin, "steps_per_period",
               "set exactly one of steps_per_period and activations_per_period");
  }
  for (int i = 0; i < s.quote_ranges_size(); ++i) {
    const scenario::QuoteRange& r = s.quote_ranges(i);
    const std::string field = absl::StrFormat("quote_ranges[%d]", i);
    if (!HasInstrument(s.market(), r.instrument())) {
      return Bad(origin, field + ".instrument",
                 absl::StrCat("unknown symbol \"", r.instrument(), "\""));
    }
    if (r.low() <= 0 || r.high() < r.low()) return Bad(origin, field, "needs 0 < low <= high");
  }
  for (int i = 0; i < s.baseline().keep_size(); ++i) {
    if (s.baseline().keep(i) == scenario::POLICY_INSTRUMENT_UNSPECIFIED) {
      return Bad(origin, absl::StrFormat("baseline.keep[%d]", i), "names no policy instrument");
    }
  }
  const auto& keep = s.baseline().keep();
  if (std::find(keep.begin(), keep.end(), scenario::STOCKPILE) != keep.end() &&
      std::find(keep.begin(), keep.end(), scenario::HARD_FLOOR) == keep.end()) {
    return Bad(origin, "baseline.keep",
               "STOCKPILE needs HARD_FLOOR too (the stockpile bids at the hard floor)");
  }
  absl::flat_hash_set<std::string> groups;
  const config::Market& m = s.market();
  auto check_group = [&](const std::string& field, const std::string& name,
                         const std::string& instrument, const std::string& jurisdiction,
                         uint32_t count) -> absl::Status {
    if (name.empty()) return Bad(origin, field + ".name", "is empty");
    if (!groups.insert(name).second) {
      return Bad(origin, field + ".name", absl::StrCat("duplicate group ", name));
    }
    if (!HasInstrument(m, instrument)) {
      return Bad(origin, field + ".instrument",
                 absl::StrCat("unknown symbol \"", instrument, "\""));
    }
    if (!HasJurisdiction(m, jurisdiction)) {
      return Bad(origin, field + ".jurisdiction",
                 absl::StrCat("unknown jurisdiction \"", jurisdiction, "\""));
    }
    if (count == 0) return Bad(origin, field + ".count", "must be at least 1");
    return absl::OkStatus();
  };
  for (int i = 0; i < s.sellers_size(); ++i) {
    const scenario::SellerGroup& g = s.sellers(i);
    const std::string field = absl::StrFormat("sellers[%d] (%s)", i, g.name());
    if (absl::Status st = check_group(field, g.name(), g.instrument(), g.jurisdiction(), g.count());
        !st.ok()) {
      return st;
    }
    if (!g.input().empty() && g.cost().units_size() > 0) {
      return Bad(origin, field + ".cost.units",
                 "refiners take a linear processing cost (first, last), not a unit list");
    }
    if (g.cost().units_size() > 0) {
      if (absl::Status st = CheckUnits(origin, field + ".cost.units", g.cost(), g.capacity());
          !st.ok()) {
        return st;
      }
    } else if (g.capacity() <= 0) {
      return Bad(origin, field + ".capacity", "must be above zero");
    }
    if (!g.origin().empty() && !HasJurisdiction(m, g.origin())) {
      return Bad(origin, field + ".origin",
                 absl::StrCat("unknown jurisdiction \"", g.origin(), "\""));
    }
    if (!g.input().empty()) {
      if (!HasInstrument(m, g.input())) {
        return Bad(origin, field + ".input", absl::StrCat("unknown symbol \"", g.input(), "\""));
      }
      if (g.yield() <= 0) return Bad(origin, field + ".yield", "must be above zero");
    } else if (g.cost().units_size() == 0 &&
               (g.cost().first() <= 0 || g.cost().last() < g.cost().first())) {
      return Bad(origin, field + ".cost", "needs 0 < first <= last");
    }
  }
  for (int i = 0; i < s.buyers_size(); ++i) {
    const scenario::BuyerGroup& g = s.buyers(i);
    const std::string field = absl::StrFormat("buyers[%d] (%s)", i, g.name());
    if (absl::Status st = check_group(field, g.name(), g.instrument(), g.jurisdiction(), g.count());
        !st.ok()) {
      return st;
    }
    if (g.value().units_size() > 0) {
      if (absl::Status st = CheckUnits(origin, field + ".value.units", g.value(), g.demand());
          !st.ok()) {
        return st;
      }
    } else {
      if (g.demand() <= 0) return Bad(origin, field + ".demand", "must be above zero");
      if (g.value().last() <= 0 || g.value().first() < g.value().last()) {
        return Bad(origin, field + ".value", "needs first >= last > 0");
      }
    }
  }
  for (int i = 0; i < s.liquidity_size(); ++i) {
    const scenario::LiquidityGroup& g = s.liquidity(i);
    const std::string field = absl::StrFormat("liquidity[%d] (%s)", i, g.name());
    if (absl::Status st = check_group(field, g.name(), g.instrument(), g.jurisdiction(), g.count());
        !st.ok()) {
      return st;
    }
    if (g.size() <= 0) return Bad(origin, field + ".size", "must be above zero");
    if (g.inventory() < 0 || g.max_position() < 0) {
      return Bad(origin, field + ".inventory", "inventory and max_position may not be negative");
    }
  }
  for (int i = 0; i < s.shocks_size(); ++i) {
    const std::string field = absl::StrFormat("shocks[%d]", i);
    bool found = false;
    for (const scenario::SellerGroup& g : s.sellers())
      found = found || g.name() == s.shocks(i).group();
    if (!found) {
      return Bad(origin, field + ".group",
                 absl::StrCat("no seller group \"", s.shocks(i).group(), "\""));
    }
  }
  return absl::OkStatus();
}

config::Market MarketWithAgents(const scenario::Scenario& s) {
  config::Market m = s.market();
  for (const scenario::SellerGroup& g : s.sellers()) {
    AddParticipants(m, g.name(), g.count(), g.jurisdiction(), g.origin(), g.roles(),
                    g.input().empty() ? config::MINER : config::REFINER);
  }
  for (const scenario::BuyerGroup& g : s.buyers()) {
    AddParticipants(m, g.name(), g.count(), g.jurisdiction(), "", g.roles(), config::BUYER);
  }
  for (const scenario::LiquidityGroup& g : s.liquidity()) {
    AddParticipants(m, g.name(), g.count(), g.jurisdiction(), "",
                    google::protobuf::RepeatedField<int>(), config::MARKET_MAKER);
  }
  return m;
}

BaselineChanges StripPolicy(config::Market& market, const scenario::Baseline& baseline) {
  const auto keeps = [&](scenario::PolicyInstrument p) {
    return std::find(baseline.keep().begin(), baseline.keep().end(), p) != baseline.keep().end();
  };
  bool has[5] = {false, false, false, false, false};
  for (const config::Instrument& i : market.instruments()) {
    const config::FloorPolicy& f = i.floor();
    has[scenario::HARD_FLOOR] |= f.has_hard() || f.has_indexed() || f.schedule_size() > 0;
    has[scenario::STOCKPILE] |= f.has_stockpile();
    has[scenario::PRICE_SUPPORT] |= f.has_support();
    has[scenario::ORIGIN_RULES] |= i.non_member_origin().kind() != config::OriginRule::ADMIT;
  }
  for (config::Instrument& i : *market.mutable_instruments()) {
    config::FloorPolicy& f = *i.mutable_floor();
    if (!keeps(scenario::HARD_FLOOR)) {
      f.clear_hard();
      f.clear_indexed();
      f.clear_schedule();
    }
    if (!keeps(scenario::STOCKPILE)) f.clear_stockpile();
    if (!keeps(scenario::PRICE_SUPPORT)) f.clear_support();
    if (!keeps(scenario::ORIGIN_RULES)) {
      i.mutable_non_member_origin()->Clear();
      i.mutable_non_member_origin()->set_kind(config::OriginRule::ADMIT);
    }
  }
  BaselineChanges changes;
  const std::pair<scenario::PolicyInstrument, const char*> names[] = {
      {scenario::HARD_FLOOR, "hard floors (with indexed and scheduled levels)"},
      {scenario::STOCKPILE, "stockpile backstops"},
      {scenario::PRICE_SUPPORT, "price support (CfD)"},
      {scenario::ORIGIN_RULES, "non-member origin rules (tariffs, levies, denial)"},
  };
  for (const auto& [p, name] : names) {
    if (has[p]) (keeps(p) ? changes.kept : changes.removed).push_back(name);
  }
  return changes;
}

}  // namespace ftz::sim
