#include "sim/scenario.h"

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
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

}  // namespace

absl::StatusOr<scenario::Scenario> ParseScenario(const std::string& text,
                                                 const std::string& origin) {
  scenario::Scenario s;
  if (absl::Status st = ParseTextProto(text, origin, &s); !st.ok()) return st;
  if (absl::Status st = NormalizeScenario(s, origin); !st.ok()) return st;
  return s;
}

absl::Status NormalizeScenario(scenario::Scenario& s, const std::string& origin) {
  if (s.market().instruments_size() == 0) {
    absl::StatusOr<config::Market> m = ParseMarketConfig(DefaultMarketText(), "<default market>");
    if (!m.ok()) return m.status();
    *s.mutable_market() = *m;
  }
  if (s.periods() == 0) return Bad(origin, "periods", "must be at least 1");
  if (s.steps_per_period() == 0) return Bad(origin, "steps_per_period", "must be at least 1");
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
    if (g.capacity() <= 0) return Bad(origin, field + ".capacity", "must be above zero");
    if (!g.origin().empty() && !HasJurisdiction(m, g.origin())) {
      return Bad(origin, field + ".origin",
                 absl::StrCat("unknown jurisdiction \"", g.origin(), "\""));
    }
    if (!g.input().empty()) {
      if (!HasInstrument(m, g.input())) {
        return Bad(origin, field + ".input", absl::StrCat("unknown symbol \"", g.input(), "\""));
      }
      if (g.yield() <= 0) return Bad(origin, field + ".yield", "must be above zero");
    } else if (g.cost().first() <= 0 || g.cost().last() < g.cost().first()) {
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
    if (g.demand() <= 0) return Bad(origin, field + ".demand", "must be above zero");
    if (g.value().last() <= 0 || g.value().first() < g.value().last()) {
      return Bad(origin, field + ".value", "needs first >= last > 0");
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

void StripFloors(config::Market& market) {
  for (config::Instrument& i : *market.mutable_instruments()) i.clear_floor();
}

}  // namespace ftz::sim
