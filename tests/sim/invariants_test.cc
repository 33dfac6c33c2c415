// Invariants of every run (ctest label: sim), on every scenario shipped in the
// repository (scenarios/ and the embedded default) and on randomly generated ones:
// - efficiency <= 1: total surplus never exceeds the period's maximum gains;
// - the accounts sum to total surplus, and a chain's accounts are its instruments';
// - the ledger balances: the government's account is duties - top-ups - stockpile
//   purchases + release proceeds (+ the change in value of its holdings), and the
//   trade tape adds up to the duties and top-ups reported;
// - no trade below a hard floor in force;
// - stockpile spend never exceeds its budget.
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"
#include "sim/rng.h"
#include "sim/runner.h"

namespace ftz::sim {
namespace {

constexpr double kTol = 1e-6;

double Near(double scale) { return kTol * (1 + std::fabs(scale)); }

void CheckRun(const RunResult& r, const scenario::Scenario& s, const std::string& name) {
  SCOPED_TRACE(absl::StrCat(name, " (", r.variant, ")"));
  // Accounts per instrument and period, to compare with the chains.
  std::map<std::pair<uint32_t, std::string>, const PeriodMetrics*> metrics;
  std::map<std::string, double> spent;
  const bool zero_stockpile_value = s.welfare().stockpile_inventory() == scenario::DEFAULT_VALUE ||
                                    s.welfare().stockpile_inventory() == scenario::ZERO;
  for (const PeriodMetrics& m : r.periods) {
    metrics[{m.period, m.symbol}] = &m;
    if (m.floor > 0 && m.volume > 0) {
      EXPECT_GE(m.low, m.floor - 1e-9) << m.symbol << " period " << m.period;
    }
    if (zero_stockpile_value) {
      EXPECT_NEAR(m.government, m.duties - m.top_ups - m.stockpile_spend + m.stockpile_proceeds,
                  Near(m.stockpile_spend + m.duties))
          << m.symbol << " period " << m.period;
    }
    spent[m.symbol] += m.stockpile_spend - m.stockpile_proceeds;
    EXPECT_GE(m.stockpile_budget_left_end, -1e-6) << m.symbol << " period " << m.period;
  }
  // Stockpile budgets: what was spent never exceeds what was allotted.
  for (const auto& ins : s.market().instruments()) {
    if (!ins.floor().has_stockpile()) continue;
    EXPECT_LE(spent[ins.symbol()], ins.floor().stockpile().budget() * (1 + 1e-12)) << ins.symbol();
  }
  for (const ChainPeriod& c : r.chains) {
    const double sum = c.buyers + c.producers + c.intermediaries + c.market_makers + c.government;
    EXPECT_NEAR(c.total_surplus, sum, Near(c.max_gains)) << c.chain << " period " << c.period;
    EXPECT_LE(c.total_surplus, c.max_gains + Near(c.max_gains))
        << c.chain << " period " << c.period;
    if (!std::isnan(c.efficiency)) {
      EXPECT_LE(c.efficiency, 1 + 1e-9);
    }
    // The chain's accounts are its instruments' (intermediaries are the chain's alone).
    double buyers = 0, producers = 0, makers = 0, government = 0;
    for (const ChainInfo& info : r.chain_infos) {
      if (info.name != c.chain) continue;
      for (const std::string& symbol : info.symbols) {
        const PeriodMetrics* m = metrics[{c.period, symbol}];
        ASSERT_NE(m, nullptr) << symbol;
        buyers += m->buyers;
        producers += m->producers;
        makers += m->market_makers;
        government += m->government;
      }
    }
    EXPECT_NEAR(c.buyers, buyers, Near(buyers));
    EXPECT_NEAR(c.producers, producers, Near(producers));
    EXPECT_NEAR(c.market_makers, makers, Near(makers));
    EXPECT_NEAR(c.government, government, Near(government));
  }
  // The tape (when it covers the run) adds up to the reported duties and top-ups.
  if (s.trace_periods() == 0) {
    std::map<std::pair<uint32_t, std::string>, std::pair<double, double>> tape;
    for (const TradeRecord& t : r.trades) {
      auto& [duty, top_up] = tape[{t.period, t.symbol}];
      duty += t.duty;
      top_up += t.top_up;
    }
    for (const PeriodMetrics& m : r.periods) {
      const auto& [duty, top_up] = tape[{m.period, m.symbol}];
      EXPECT_NEAR(m.duties, duty, Near(duty)) << m.symbol << " period " << m.period;
      EXPECT_NEAR(m.top_ups, top_up, Near(top_up)) << m.symbol << " period " << m.period;
    }
  }
  for (const RunSummary& row : r.summary) {
    if (!std::isnan(row.efficiency)) {
      EXPECT_LE(row.efficiency, 1 + 1e-9) << row.symbol;
    }
  }
}

// Checks both runs of a paired run; returns the policy run's number of trades.
size_t CheckScenario(const scenario::Scenario& s, const std::string& name, uint64_t seed) {
  absl::StatusOr<PairedResult> paired = RunPaired(s, seed);
  EXPECT_TRUE(paired.ok()) << name << ": " << paired.status();
  if (!paired.ok()) return 0;
  CheckRun(paired->policy, s, name);
  CheckRun(paired->baseline, s, name);
  return paired->policy.trades.size();
}

TEST(Invariants, EveryShippedScenario) {
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::recursive_directory_iterator(FTZ_SCENARIO_DIR)) {
    if (e.path().extension() == ".txtpb") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  ASSERT_GE(files.size(), 6u);
  for (const auto& path : files) {
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    absl::StatusOr<scenario::Scenario> s = ParseScenario(ss.str(), path.string());
    ASSERT_TRUE(s.ok()) << s.status();
    CheckScenario(*s, path.filename().string(), 1);
  }
  absl::StatusOr<scenario::Scenario> d = ParseScenario(DefaultScenarioText(), "default");
  ASSERT_TRUE(d.ok()) << d.status();
  CheckScenario(*d, "default scenario", 7);
}

// A random scenario: one or two instruments (refined one into the other, or not), random
// schedules and strategies, random policy instruments, protocols and holding values.
scenario::Scenario RandomScenario(Rng& rng, int index) {
  scenario::Scenario s;
  s.set_name(absl::StrCat("random-", index));
  s.set_periods(3 + rng.Below(5));
  if (rng.Below(2)) {
    s.set_steps_per_period(20 + rng.Below(60));
  } else {
    s.set_activations_per_period(200 + rng.Below(800));
  }
  const bool chain = rng.Below(2);
  const bool synchronized = !chain && rng.Below(3) == 0;
  if (synchronized) s.set_protocol(scenario::SYNCHRONIZED);
  auto* w = s.mutable_welfare();
  w->set_stockpile_inventory(static_cast<scenario::InventoryValue>(rng.Below(4)));
  w->set_trader_inventory(static_cast<scenario::InventoryValue>(rng.Below(4)));
  config::Market* m = s.mutable_market();
  m->set_name("random market");
  for (const auto& [code, member] : {std::pair{"US", true}, {"AU", true}, {"CN", false}}) {
    auto* j = m->add_jurisdictions();
    j->set_code(code);
    j->set_ftz_member(member);
  }
  const int n = chain ? 2 : 1;
  const char* symbols[] = {"IN", "OUT"};
  for (int k = 0; k < n; ++k) {
    config::Instrument* i = m->add_instruments();
    i->set_symbol(symbols[k]);
    i->set_tick_size(rng.Below(2) ? 1 : 0.5);
    i->set_lot_size(rng.Below(2) ? 1 : 10);
    i->set_max_price(1000);
    i->set_max_order_lots(1000);
    i->add_buy_roles(k == 0 && chain ? config::REFINER : config::BUYER);
    i->add_buy_roles(config::MARKET_MAKER);
    i->add_sell_roles(k == 1 ? config::REFINER : config::MINER);
    i->add_sell_roles(config::MARKET_MAKER);
    const double floor = 60 + rng.Below(60);  // around or above the competitive price
    config::FloorPolicy* f = i->mutable_floor();
    if (rng.Below(2)) f->mutable_hard()->set_price(floor);
    if (f->has_hard() && rng.Below(2)) {
      auto* sp = f->mutable_stockpile();
      sp->set_budget(1000 + rng.Below(20000));
      if (rng.Below(2)) sp->set_period_cap(5 * i->lot_size());
      if (rng.Below(2)) sp->set_release_price(floor + 20 + rng.Below(60));
    }
    if (rng.Below(3) == 0) f->mutable_support()->set_floor(floor);
    const uint64_t rule = rng.Below(3);
    auto* o = i->mutable_non_member_origin();
    if (rule == 0) {
      o->set_kind(config::OriginRule::ADMIT);
    } else if (rule == 1) {
      o->set_kind(config::OriginRule::TARIFF);
      o->set_tariff_rate(0.25);
    } else {
      o->set_kind(config::OriginRule::VARIABLE_LEVY);
      o->set_reference_price(90);
    }
  }
  if (m->instruments(0).floor().has_stockpile() ||
      (n > 1 && m->instruments(1).floor().has_stockpile())) {
    auto* vault = m->add_participants();
    vault->set_name("vault");
    vault->set_jurisdiction("US");
    vault->add_roles(config::STOCKPILE);
    vault->set_token("vault");
    m->set_stockpile_participant("vault");
    m->set_stockpile_total_budget(1e9);
  }
  const scenario::Strategy strategies[] = {scenario::ZI_CONSTRAINED, scenario::ZI_URGENT,
                                           scenario::ZI_UNCONSTRAINED, scenario::TRUTHFUL,
                                           scenario::ZIP};
  auto strategy = [&] { return strategies[rng.Below(synchronized ? 5 : 4)]; };
  const double lot0 = m->instruments(0).lot_size();
  for (const char* j : {"AU", "CN"}) {
    auto* g = s.add_sellers();
    g->set_name(absl::StrCat("miner-", j));
    g->set_instrument("IN");
    g->set_jurisdiction(j);
    g->set_count(1 + rng.Below(3));
    if (rng.Below(2)) {
      g->set_capacity(lot0 * (3 + rng.Below(8)));
      g->mutable_cost()->set_first(20 + rng.Below(30));
      g->mutable_cost()->set_last(g->cost().first() + rng.Below(80));
    } else {
      for (int u = 0, k = 2 + rng.Below(5); u < k; ++u) {
        g->mutable_cost()->add_units(20 + rng.Below(100));
      }
    }
    if (rng.Below(3) == 0) g->set_storage_cost(1);
    g->set_strategy(strategy());
  }
  if (chain) {
    auto* r = s.add_sellers();
    r->set_name("refiner");
    r->set_instrument("OUT");
    r->set_jurisdiction("US");
    r->set_input("IN");
    r->set_count(1 + rng.Below(2));
    r->set_capacity(lot0 * (4 + rng.Below(8)));
    r->set_yield(0.5 + 0.1 * rng.Below(5));
    r->set_processing_cost(5 + rng.Below(20));
    r->mutable_cost()->set_first(5);
    r->mutable_cost()->set_last(25);
    r->set_max_inventory_periods(rng.Below(3));
    r->set_strategy(scenario::ZI_URGENT);
  }
  auto* b = s.add_buyers();
  b->set_name("buyer");
  b->set_instrument(chain ? "OUT" : "IN");
  b->set_jurisdiction("US");
  b->set_count(2 + rng.Below(4));
  const double lot_b = m->instruments(chain ? 1 : 0).lot_size();
  b->set_demand(lot_b * (3 + rng.Below(8)));
  b->mutable_value()->set_first(150 + rng.Below(100));
  b->mutable_value()->set_last(30 + rng.Below(60));
  if (rng.Below(3) == 0) b->set_world_price(100);
  b->set_strategy(strategy());
  if (!synchronized && rng.Below(2)) {
    auto* l = s.add_liquidity();
    l->set_name("dealer");
    l->set_instrument(chain ? "OUT" : "IN");
    l->set_jurisdiction("US");
    l->set_count(1);
    l->set_start_price(100);
    l->set_half_spread(0.02);
    l->set_size(lot_b);
    l->set_inventory(lot_b * rng.Below(4));
  }
  if (rng.Below(3) == 0) {
    auto* q = s.add_quote_ranges();
    q->set_instrument("IN");
    q->set_low(1);
    q->set_high(300);
  }
  if (rng.Below(3) == 0) {
    s.mutable_baseline()->add_keep(scenario::ORIGIN_RULES);
  }
  return s;
}

// FTZ_RANDOM_SCENARIOS=N (default 200) and FTZ_RANDOM_SEED=S run other or more of them.
TEST(Invariants, RandomScenarios) {
  const char* count = std::getenv("FTZ_RANDOM_SCENARIOS");
  const char* seed = std::getenv("FTZ_RANDOM_SEED");
  Rng rng(seed ? std::strtoull(seed, nullptr, 10) : 20261207);
  const int n = count ? std::atoi(count) : 200;
  int traded = 0;
  for (int k = 0; k < n; ++k) {
    scenario::Scenario s = RandomScenario(rng, k);
    std::string text;
    google::protobuf::TextFormat::PrintToString(s, &text);
    absl::StatusOr<scenario::Scenario> parsed = ParseScenario(text, s.name());
    ASSERT_TRUE(parsed.ok()) << parsed.status() << "\n" << text;
    SCOPED_TRACE(text);
    traded += CheckScenario(*parsed, s.name(), 1 + rng.Below(1000)) > 0;
    if (HasFailure()) break;  // one scenario's text is enough to debug
  }
  // The scenarios are worth checking: most of them trade.
  std::printf("%d of %d random scenarios traded\n", traded, n);
  EXPECT_GT(traded, n * 3 / 4);
}

}  // namespace
}  // namespace ftz::sim
