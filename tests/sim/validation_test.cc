// Validation of the simulator against what economics says (ctest label: sim).
//
// Every test runs a tiny one-instrument market whose competitive equilibrium is known by
// hand, and checks the simulator's answers against it:
// - zero-intelligence constrained traders (Gode and Sunder 1993) reach high allocative
//   efficiency and trade near the competitive price (and so do ZI_URGENT traders);
// - a hard floor above the equilibrium cuts volume to what buyers demand at the floor
//   and leaves the rest of the supply unsold;
// - a stockpile backstop at the floor absorbs that excess until its budget runs out (and
//   its period cap and release ask do what they say);
// - price support (a contract for difference) leaves the price near equilibrium and pays
//   member sellers the gap to the floor;
// - a tariff on non-member supply moves the equilibrium where the landed costs put it;
// - the metrics do not depend on the currency and quantity units;
// - determinism: the same seed gives the same run and the same CSV files byte for byte.
// Each test prints the per-period metrics its tolerances were set against.
//
// The market: tick 1 and lot 1 unless a test says otherwise, so prices are ticks and
// quantities lots.
//   5 miners x 10 units, unit costs 45, 55, ..., 135  (LinearSchedule(10, 45, 135))
//   5 buyers x 10 units, unit values 150, 140, ..., 60 (LinearSchedule(10, 150, 60))
// Step j (j = 0..9) of the supply has 5 units at cost 45 + 10j, of the demand 5 units at
// value 150 - 10j. Units trade while 150 - 10j >= 45 + 10j, i.e. j <= 5 (j = 5: value 100,
// cost 95; j = 6: value 90, cost 105), so:
//   CE quantity 30 units; CE price range [max(95, 90), min(100, 105)] = [95, 100], midpoint
//   97.5; max gains 5 x sum_{j=0..5} (105 - 20j) = 5 x 330 = 1650.
// At a floor F = 118 (above the CE): buyers' demand = units with value >= 118 = values
// 150, 140, 130, 120 = 4 x 5 = 20; supply = units with cost <= 118 = costs 45 .. 115 =
// 8 x 5 = 40; excess supply 40 - 20 = 20 units per period.
// Quotes: ZI traders quote uniformly between their limit and the market's bounds, which
// the simulator takes from the schedules: [45, 150]. The schedules are symmetric about
// 97.5 inside those bounds, so ZI prices centre on the CE price (no bias to correct for).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_replace.h"
#include "gtest/gtest.h"
#include "sim/chain_optimum.h"
#include "sim/report/report_csv.h"
#include "sim/runner.h"
#include "sim/unit_trader.h"
#include "tests/sim/expect_same_run.h"

namespace ftz::sim {
namespace {

// The hand-computed figures above.
constexpr double kCePrice = 97.5;
constexpr double kCePriceLow = 95;
constexpr double kCePriceHigh = 100;
constexpr double kCeQuantity = 30;
constexpr double kMaxGains = 1650;
constexpr double kPriceRange = 150 - 45;  // the ZI quote bounds
constexpr double kFloor = 118;
constexpr double kDemandAtFloor = 20;
constexpr double kSupplyAtFloor = 40;
constexpr double kMaxGainsAtFloor = 1500;  // see HandComputedEquilibriumMatchesLibrary

// A scenario on the market above. Policy prices and budgets are in base units (scale 1).
struct Spec {
  double hard_floor = 0;                    // a hard floor (REJECT below it); 0: none
  double stockpile_budget = 0;              // a stockpile backstop at the hard floor; 0: none
  double stockpile_period_cap = 0;          // units a period; 0: no cap
  double stockpile_release = 0;             // release price; 0: never releases
  double support = 0;                       // a price-support (CFD) floor; 0: none
  std::string strategy = "ZI_CONSTRAINED";  // every agent's
  uint32_t periods = 4;
  uint32_t steps = 200;  // activation rounds per period: ~20 quotes per unit traded
  // Two of the five miners are from a non-member jurisdiction (CN) whose material the
  // instrument admits duty free: the same schedules, but no price support for them.
  bool non_member_sellers = false;
  double tariff = 0;  // ad valorem tariff on non-member material (0: admitted duty free)
  // Units: the instrument's tick is `price_scale` currency and its lot `unit_scale`
  // units; every price in the scenario is scaled by price_scale, every quantity by
  // unit_scale and every budget by both, so each tick and lot stays what it is at scale 1.
  double price_scale = 1;
  double unit_scale = 1;
  double tick = 0;  // tick size in currency; 0: price_scale (one tick per base-unit price)
};

// The scenario template; {NAME} fields are filled in by ScenarioText.
constexpr char kScenarioTemplate[] = R"(
name: "validation"
seed: 7
periods: {PERIODS}
steps_per_period: {STEPS}
market {
  name: "validation market"
  jurisdictions { code: "US" name: "United States" ftz_member: true }
  jurisdictions { code: "JP" name: "Japan" ftz_member: true }
  jurisdictions { code: "CN" name: "China" ftz_member: false }
  instruments {
    symbol: "ORE" product: "test ore" stage: "oxide" unit: "t"
    tick_size: {TICK} lot_size: {LOT} min_price: {MIN_PRICE} max_price: {MAX_PRICE}
    max_order_lots: 1000
    buy_roles: [BUYER] sell_roles: [MINER]
    non_member_origin { {ORIGIN_RULE} }
    floor { {FLOOR} }
  }
  {STOCKPILE}
}
sellers {
  name: "miner" instrument: "ORE" jurisdiction: "US" count: {MEMBER_MINERS}
  capacity: {UNITS} cost { first: {COST_FIRST} last: {COST_LAST} } strategy: {STRATEGY}
}
{NON_MEMBER_SELLERS}
buyers {
  name: "buyer" instrument: "ORE" jurisdiction: "JP" count: 5
  demand: {UNITS} value { first: {VALUE_FIRST} last: {VALUE_LAST} } strategy: {STRATEGY}
}
)";

constexpr char kNonMemberSellers[] = R"(
sellers {
  name: "cn-miner" instrument: "ORE" jurisdiction: "CN" count: 2
  capacity: {UNITS} cost { first: {COST_FIRST} last: {COST_LAST} } strategy: {STRATEGY}
}
)";

std::string ScenarioText(const Spec& s) {
  const auto num = [](double x) { return absl::StrFormat("%.12g", x); };
  const auto price = [&](double p) { return num(p * s.price_scale); };
  std::string floor;
  if (s.hard_floor > 0) absl::StrAppend(&floor, "hard { price: ", price(s.hard_floor), " } ");
  if (s.stockpile_budget > 0) {
    absl::StrAppend(&floor,
                    "stockpile { budget: ", num(s.stockpile_budget * s.price_scale * s.unit_scale),
                    " period_cap: ", num(s.stockpile_period_cap * s.unit_scale),
                    " release_price: ", price(s.stockpile_release), " } ");
  }
  if (s.support > 0) absl::StrAppend(&floor, "support { floor: ", price(s.support), " } ");
  const std::string text = absl::StrReplaceAll(
      kScenarioTemplate,
      {{"{FLOOR}", floor},
       {"{STOCKPILE}", s.stockpile_budget > 0
                           ? "participants { name: \"vault\" jurisdiction: \"US\" "
                             "roles: [STOCKPILE] token: \"vault\" }\n"
                             "  stockpile_participant: \"vault\""
                           : ""},
       {"{NON_MEMBER_SELLERS}", s.non_member_sellers ? kNonMemberSellers : ""},
       {"{ORIGIN_RULE}",
        s.tariff > 0 ? absl::StrCat("kind: TARIFF tariff_rate: ", num(s.tariff)) : "kind: ADMIT"}});
  return absl::StrReplaceAll(text, {{"{PERIODS}", absl::StrCat(s.periods)},
                                    {"{STEPS}", absl::StrCat(s.steps)},
                                    {"{TICK}", s.tick > 0 ? num(s.tick) : price(1)},
                                    {"{LOT}", num(s.unit_scale)},
                                    {"{MIN_PRICE}", price(1)},
                                    {"{MAX_PRICE}", price(1000)},
                                    {"{MEMBER_MINERS}", s.non_member_sellers ? "3" : "5"},
                                    {"{UNITS}", num(10 * s.unit_scale)},
                                    {"{COST_FIRST}", price(45)},
                                    {"{COST_LAST}", price(135)},
                                    {"{VALUE_FIRST}", price(150)},
                                    {"{VALUE_LAST}", price(60)},
                                    {"{STRATEGY}", s.strategy}});
}

scenario::Scenario MakeScenario(const Spec& s) {
  absl::StatusOr<scenario::Scenario> sc = ParseScenario(ScenarioText(s), "validation");
  EXPECT_TRUE(sc.ok()) << sc.status();
  return sc.ok() ? *sc : scenario::Scenario();
}

RunResult RunSpec(const Spec& spec, uint64_t seed) {
  absl::StatusOr<RunResult> r = RunScenario(MakeScenario(spec), seed);
  EXPECT_TRUE(r.ok()) << r.status();
  return r.ok() ? *std::move(r) : RunResult();
}

// The market's unit schedules, as the agents build them.
std::vector<Price> AllCosts() {
  std::vector<Price> out;
  for (int k = 0; k < 5; ++k) {
    std::vector<Price> one = LinearSchedule(10, 45, 135);
    out.insert(out.end(), one.begin(), one.end());
  }
  return out;
}
std::vector<Price> AllValues() {
  std::vector<Price> out;
  for (int k = 0; k < 5; ++k) {
    std::vector<Price> one = LinearSchedule(10, 150, 60);
    out.insert(out.end(), one.begin(), one.end());
  }
  return out;
}

// The welfare row of a period (the validation market is one chain: ORE).
const ChainPeriod& ChainOf(const RunResult& r, uint32_t period) {
  for (const ChainPeriod& c : r.chains) {
    if (c.period == period) return c;
  }
  static const ChainPeriod none;
  ADD_FAILURE() << "no welfare row for period " << period;
  return none;
}

// Per-period metrics for the test log (the measured values the tolerances are set against).
void Print(const RunResult& r) {
  for (const PeriodMetrics& m : r.periods) {
    std::printf(
        "  seed %llu period %u: vwap %.2f volume %g efficiency %.3f unsold %g stockpile bought %g "
        "spend %g budget left %g top-ups %g\n",
        static_cast<unsigned long long>(r.seed), m.period, m.vwap, m.volume,
        ChainOf(r, m.period).efficiency, m.unsold_end, m.stockpile_bought, m.stockpile_spend,
        m.stockpile_budget_left_end, m.top_ups);
  }
}

// The trade tape agrees with the period metrics (volume, VWAP, low, high) and, with a hard
// floor, nothing printed below it.
void CheckTape(const RunResult& r, double floor) {
  for (const PeriodMetrics& m : r.periods) {
    double volume = 0, notional = 0, low = 0, high = 0;
    for (const TradeRecord& t : r.trades) {
      if (t.period != m.period) continue;
      EXPECT_GE(t.price, floor) << "trade " << t.trade_id << " in period " << t.period;
      if (volume == 0 || t.price < low) low = t.price;
      high = std::max(high, t.price);
      volume += t.qty;
      notional += t.price * t.qty;
    }
    EXPECT_EQ(volume, m.volume) << "period " << m.period;
    if (volume > 0) {
      EXPECT_NEAR(notional / volume, m.vwap, 1e-9) << "period " << m.period;
      EXPECT_EQ(low, m.low) << "period " << m.period;
      EXPECT_EQ(high, m.high) << "period " << m.period;
      if (floor > 0) {
        EXPECT_GE(m.low, floor);
      }
    }
  }
}

// The market of unit costs and values cleared alone (sim/chain_optimum.h).
Clearing Clear(const std::vector<Price>& costs, const std::vector<Price>& values) {
  ChainProblem p;
  for (Price c : costs) p.input.supply.push_back({static_cast<double>(c), 1});
  for (Price v : values) p.input.demand.push_back({static_cast<double>(v), 1});
  const ChainOptimum o = SolveChain(std::move(p));
  return {o.max_gains, o.input};
}

TEST(ValidationTest, HandComputedEquilibriumMatchesLibrary) {
  const Clearing eq = Clear(AllCosts(), AllValues());
  EXPECT_EQ(eq.market.quantity, kCeQuantity);
  EXPECT_EQ(eq.market.price_low, kCePriceLow);
  EXPECT_EQ(eq.market.price_high, kCePriceHigh);
  EXPECT_EQ(eq.market.price(), kCePrice);
  EXPECT_EQ(eq.gains, kMaxGains);
  const std::vector<Price> costs = AllCosts(), values = AllValues();
  EXPECT_EQ(std::count_if(values.begin(), values.end(), [](Price v) { return v >= kFloor; }),
            kDemandAtFloor);
  EXPECT_EQ(std::count_if(costs.begin(), costs.end(), [](Price c) { return c <= kFloor; }),
            kSupplyAtFloor);
  // The best the floor allows: the 20 units valued 150..120 bought from the 20 units
  // costing 45..75: 5 x ((150 + 140 + 130 + 120) - (45 + 55 + 65 + 75)) = 5 x 300 = 1500.
  std::vector<Price> top_values(values), cheap_costs(costs);
  std::sort(top_values.begin(), top_values.end(), std::greater<>());
  std::sort(cheap_costs.begin(), cheap_costs.end());
  top_values.resize(static_cast<size_t>(kDemandAtFloor));
  cheap_costs.resize(static_cast<size_t>(kDemandAtFloor));
  EXPECT_EQ(Clear(cheap_costs, top_values).gains, kMaxGainsAtFloor);
}

// Gode and Sunder (1993): budget-constrained zero-intelligence traders extract almost all
// the gains from trade in a double auction (97-99% in their markets); the market
// institution, not the traders' intelligence, does the work. ZI_CONSTRAINED is their
// trader; ZI_URGENT (the default scenario's) narrows its random range towards its limit
// as the period runs out and must do as well (measured 0.996-0.999, VWAP 95.6-99.6).
class ZeroIntelligenceTest : public ::testing::TestWithParam<std::string> {};

TEST_P(ZeroIntelligenceTest, EfficientAndPricesNearEquilibrium) {
  double all_notional = 0, all_volume = 0;
  for (uint64_t seed : {1, 2, 3, 4, 5}) {
    const RunResult r = RunSpec(Spec{.strategy = GetParam(), .periods = 6}, seed);
    Print(r);
    CheckTape(r, 0);
    double efficiency = 0, notional = 0, volume = 0;
    for (const PeriodMetrics& m : r.periods) {
      // The simulator's own CE per period agrees with the hand computation.
      EXPECT_EQ(m.ce_price, kCePrice);
      EXPECT_EQ(m.ce_quantity, kCeQuantity);
      const ChainPeriod& c = ChainOf(r, m.period);
      EXPECT_EQ(c.max_gains, kMaxGains);
      EXPECT_EQ(m.floor, 0);
      efficiency += c.efficiency;
      notional += m.vwap * m.volume;
      volume += m.volume;
      // Budget constraint: no trader trades at a loss, so total surplus is the sum of
      // non-negative surpluses, and never above the CE's maximum.
      EXPECT_GE(m.producers, 0);
      EXPECT_GE(m.buyers, 0);
      EXPECT_LE(c.total_surplus, kMaxGains);
      EXPECT_NEAR(c.total_surplus, m.producers + m.buyers, 1e-9);
      // Volume near the CE quantity: ZI traders leave at most a few units untraded in
      // 200 rounds (measured 29-31 of 30); extra-marginal units may trade too, but only
      // up to the 50 units a side has, and then efficiency falls (checked above).
      EXPECT_GE(m.volume, 0.9 * kCeQuantity);
    }
    efficiency /= static_cast<double>(r.periods.size());
    const double vwap = notional / volume;
    std::printf("seed %llu: mean efficiency %.4f, VWAP %.3f (CE %.1f), volume/period %.2f\n",
                static_cast<unsigned long long>(seed), efficiency, vwap, kCePrice,
                volume / static_cast<double>(r.periods.size()));
    // Measured 0.996-0.999 per seed; 0.9 is the issue's bar and leaves room for noise.
    EXPECT_GT(efficiency, 0.9);
    // A single ZI period's VWAP wanders (measured 90-102), the run's VWAP much less
    // (measured within 2.3 of 97.5): within 5% of the 105-wide quote range (5.25).
    EXPECT_LT(std::abs(vwap - kCePrice), 0.05 * kPriceRange);
    all_notional += notional;
    all_volume += volume;
  }
  // Over all seeds (30 periods, ~900 units; measured 97.29 and 97.49), within 3% of the
  // range (3.15).
  const double vwap = all_notional / all_volume;
  std::printf("all seeds: VWAP %.3f\n", vwap);
  EXPECT_LT(std::abs(vwap - kCePrice), 0.03 * kPriceRange);
}

INSTANTIATE_TEST_SUITE_P(Strategies, ZeroIntelligenceTest,
                         ::testing::Values("ZI_CONSTRAINED", "ZI_URGENT"),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           return info.param;
                         });

// A hard floor above the CE price: only buyers valuing a unit at the floor or more can
// trade, so volume is capped at their demand (20 units), and sellers are left with the
// rest of what they would sell at the floor (40 - 20 = 20 units) unsold.
TEST(ValidationTest, HardFloorCutsVolumeToDemandAtFloor) {
  const Spec spec{.hard_floor = kFloor, .periods = 5};
  for (uint64_t seed : {1, 2, 3}) {
    absl::StatusOr<PairedResult> paired = RunPaired(MakeScenario(spec), seed);
    ASSERT_TRUE(paired.ok()) << paired.status();
    const RunResult& r = paired->policy;
    Print(r);
    CheckTape(r, kFloor);
    for (const PeriodMetrics& m : r.periods) {
      EXPECT_EQ(m.floor, kFloor);
      // A hard cap: no buyer bids below the floor, and only 20 units are worth 118+.
      EXPECT_LE(m.volume, kDemandAtFloor);
      // ZI buyers find sellers for (nearly) all of them: measured 20 of 20 every period.
      EXPECT_GE(m.volume, 0.9 * kDemandAtFloor);
      // Unsold: the units costing <= 118 not sold; every sale is one at most, so unsold
      // >= 40 - volume; exactly that when all sales are of such units (measured: 20).
      EXPECT_GE(m.unsold_end, kSupplyAtFloor - m.volume);
      EXPECT_NEAR(m.unsold_end, kSupplyAtFloor - kDemandAtFloor, 0.1 * kDemandAtFloor);
      // ZI sellers never quote below the floor, so nothing is refused.
      EXPECT_EQ(m.rejects, 0);
      // The floor destroys at least the gains of the units it prices out: efficiency
      // <= 1500 / 1650 = 0.909 (measured 0.82-0.90).
      const ChainPeriod& c = ChainOf(r, m.period);
      EXPECT_LE(c.total_surplus, kMaxGainsAtFloor);
      EXPECT_EQ(c.max_gains, kMaxGains);  // the optimum of the agents, without the floor
      EXPECT_LE(c.efficiency, kMaxGainsAtFloor / kMaxGains + 1e-12);
    }
    // The no-floor baseline (same agents and seed) trades the CE quantity efficiently,
    // so the floor's deadweight loss is positive: at least 1650 x baseline efficiency -
    // 1500 per period.
    const RunSummary& policy = paired->policy.summary.front();
    const RunSummary& baseline = paired->baseline.summary.front();
    std::printf("seed %llu: policy efficiency %.3f, baseline %.3f, deadweight loss %.1f\n",
                static_cast<unsigned long long>(seed), policy.efficiency, baseline.efficiency,
                policy.deadweight_loss);
    EXPECT_GT(baseline.efficiency, 0.9);
    EXPECT_GE(policy.deadweight_loss,
              spec.periods * (kMaxGains * baseline.efficiency - kMaxGainsAtFloor) - 1e-6);
  }
}

// The stockpile backstop bids at the floor for as much as its budget buys: while the
// budget lasts it takes the excess supply (40 - 20 = 20 units a period at 118, 2360), and
// with a budget of 6000 it buys 20, 20, then floor(1280 / 118) = 10 units, after which
// the excess is unsold again.
TEST(ValidationTest, StockpileAbsorbsExcessUntilBudgetRunsOut) {
  constexpr double kBudget = 6000;
  constexpr double kExcess = kSupplyAtFloor - kDemandAtFloor;
  // 400 rounds: a ZI seller hits the stockpile's bid only when its random ask lands on
  // exactly 118 (1 in 33 quotes), so it needs more rounds than the 200 above to sell its
  // 8 units: with 200, measured 13-20 units a period went to the stockpile (the rest
  // unsold); with 400 or more, all 20 every period. ZI_URGENT sellers (whose asks narrow
  // to their limit as the day ends) also clear with 200. On finer ticks they do not: see
  // StockpileAbsorbsExcessOnFineTicks.
  const Spec spec{.hard_floor = kFloor, .stockpile_budget = kBudget, .periods = 5, .steps = 400};
  for (uint64_t seed : {1, 2, 3}) {
    const RunResult r = RunSpec(spec, seed);
    Print(r);
    CheckTape(r, kFloor);
    double budget_left = kBudget, spent = 0, bought = 0;
    for (const PeriodMetrics& m : r.periods) {
      // What the stockpile's bid can buy this period: min(budget left / floor, excess).
      const double can_buy = std::floor(budget_left / kFloor);
      const double expected = std::min(can_buy, kExcess);
      // Within 2 units: measured exact in every period.
      EXPECT_NEAR(m.stockpile_bought, expected, 2) << "period " << m.period;
      EXPECT_LE(m.stockpile_bought, can_buy) << "period " << m.period;
      // The rest of the excess stays unsold; buyers still buy their 20.
      EXPECT_NEAR(m.unsold_end, kExcess - m.stockpile_bought, 2) << "period " << m.period;
      EXPECT_LE(m.volume - m.stockpile_bought, kDemandAtFloor);
      EXPECT_GE(m.volume - m.stockpile_bought, 0.9 * kDemandAtFloor);
      // Accounting: every stockpile unit is bought at the floor; the budget falls by the
      // spend, never below zero; inventory is what it bought.
      EXPECT_EQ(m.stockpile_spend, m.stockpile_bought * kFloor);
      spent += m.stockpile_spend;
      bought += m.stockpile_bought;
      budget_left -= m.stockpile_spend;
      EXPECT_EQ(m.stockpile_budget_left_end, budget_left);
      EXPECT_GE(m.stockpile_budget_left_end, 0);
      EXPECT_LE(spent, kBudget);
      EXPECT_EQ(m.stockpile_inventory_end, bought);
      // The government's account: it pays for what it buys, and its holdings count for
      // nothing (the default rule), so total surplus = producers' + buyers' surplus -
      // stockpile spend.
      EXPECT_EQ(m.government, -m.stockpile_spend);
      EXPECT_NEAR(ChainOf(r, m.period).total_surplus, m.producers + m.buyers - m.stockpile_spend,
                  1e-9);
    }
    // The budget ran out: it cannot buy another lot, and the last periods have the
    // floor's full excess unsold again.
    EXPECT_LT(r.periods.back().stockpile_budget_left_end, kFloor);
    EXPECT_EQ(r.periods.back().stockpile_bought, 0);
    EXPECT_NEAR(r.periods.back().unsold_end, kExcess, 2);
    double vault_qty = 0;
    for (const TradeRecord& t : r.trades) {
      if (t.buyer != "vault") continue;
      EXPECT_EQ(t.price, kFloor);
      vault_qty += t.qty;
    }
    EXPECT_EQ(vault_qty, bought);
  }
}

// Price support (a contract for difference at 120, above the CE): the book trades freely
// and the agents do not react to the top-up, so prices stay at the no-policy level near
// the CE, and member sellers are paid (120 - P) per unit on every fill below 120. Two of
// the five miners are non-members (material admitted duty free) and get nothing.
TEST(ValidationTest, PriceSupportPaysTheGap) {
  constexpr double kSupport = 120;
  const Spec spec{.support = kSupport, .periods = 5, .non_member_sellers = true};
  double all_notional = 0, all_volume = 0;
  for (uint64_t seed : {1, 2, 3}) {
    absl::StatusOr<PairedResult> paired = RunPaired(MakeScenario(spec), seed);
    ASSERT_TRUE(paired.ok()) << paired.status();
    const RunResult& r = paired->policy;
    const RunResult& b = paired->baseline;
    Print(r);
    CheckTape(r, 0);
    // The same trades as without support (the payment is outside the book).
    ASSERT_EQ(r.trades.size(), b.trades.size());
    for (size_t i = 0; i < r.trades.size(); ++i) {
      const TradeRecord& t = r.trades[i];
      EXPECT_EQ(t.price, b.trades[i].price);
      EXPECT_EQ(t.qty, b.trades[i].qty);
      EXPECT_EQ(t.seller, b.trades[i].seller);
      EXPECT_EQ(b.trades[i].top_up, 0);
      // Each member fill's top-up is (S - P) x qty below S, nothing above (no upside
      // strike); non-member fills get nothing.
      const bool member = t.seller.rfind("miner-", 0) == 0;
      EXPECT_EQ(t.top_up, member ? std::max(0.0, kSupport - t.price) * t.qty : 0)
          << "trade " << t.trade_id << " seller " << t.seller;
    }
    for (size_t p = 0; p < r.periods.size(); ++p) {
      const PeriodMetrics& m = r.periods[p];
      EXPECT_EQ(m.vwap, b.periods[p].vwap);
      EXPECT_EQ(m.floor, 0);  // support is not a hard floor
      double member = 0, non_member = 0, member_notional = 0, above = 0;
      for (const TradeRecord& t : r.trades) {
        if (t.period != m.period) continue;
        if (t.seller.rfind("miner-", 0) != 0) {
          non_member += t.qty;
          continue;
        }
        member += t.qty;
        member_notional += t.price * t.qty;
        if (t.price > kSupport) above += (t.price - kSupport) * t.qty;
      }
      EXPECT_EQ(m.member_supply, member);
      EXPECT_EQ(m.non_member_supply, non_member);
      EXPECT_GT(non_member, 0);
      // Exactly: sum over member fills of (S - P)+ q = (S - member VWAP) x member volume
      // + sum (P - S)+ q over member fills above S.
      EXPECT_NEAR(m.top_ups, kSupport * member - member_notional + above, 1e-6)
          << "period " << m.period;
      // Approximately: (S - VWAP) x member volume. Member and non-member sellers are
      // alike, and few fills print above 120 (quotes reach 150): measured 0.88-1.24 x;
      // allowed 0.75-1.33 x (the member/non-member split of a 30-unit period is noisy).
      const double gap = (kSupport - m.vwap) * m.member_supply;
      std::printf("    period %u: top-ups %g, (S - VWAP) x member volume %g\n", m.period, m.top_ups,
                  gap);
      EXPECT_GE(m.top_ups, 0.75 * gap) << "period " << m.period;
      EXPECT_LE(m.top_ups, 1.33 * gap) << "period " << m.period;
      // Top-ups are paid to producers: their surplus rises by exactly the payout.
      EXPECT_NEAR(m.producers - b.periods[p].producers, m.top_ups, 1e-6);
      EXPECT_EQ(m.government, -m.top_ups);
      all_notional += m.vwap * m.volume;
      all_volume += m.volume;
    }
    // A transfer, not a distortion: no deadweight loss.
    EXPECT_NEAR(r.summary.front().deadweight_loss, 0, 1e-6);
  }
  // The price stays near the CE: the run's VWAP over seeds within 5% of the quote range.
  const double vwap = all_notional / all_volume;
  std::printf("all seeds: VWAP %.3f (CE %.1f)\n", vwap, kCePrice);
  EXPECT_LT(std::abs(vwap - kCePrice), 0.05 * kPriceRange);
}

// Units: the same market in cents per kg with lots of 1000 kg (tick 0.01, lot 1000,
// prices x 0.01, quantities x 1000) is, tick for tick and lot for lot, the same market,
// so the same seed gives the same run with prices x 0.01, quantities x 1000 and money
// x 10. Checks every conversion between ticks, lots and currency in the metrics.
TEST(ValidationTest, UnitsScaleOut) {
  constexpr double kP = 0.01, kQ = 1000, kM = kP * kQ;
  for (Spec spec : {Spec{.hard_floor = kFloor, .stockpile_budget = 6000, .periods = 4},
                    Spec{.support = 120, .periods = 3, .non_member_sellers = true}}) {
    const RunResult a = RunSpec(spec, 5);
    spec.price_scale = kP;
    spec.unit_scale = kQ;
    const RunResult b = RunSpec(spec, 5);
    ASSERT_EQ(a.trades.size(), b.trades.size());
    ASSERT_FALSE(a.trades.empty());
    const auto near = [](double x, double y) {
      return std::abs(x - y) <= 1e-9 * (1 + std::abs(x));
    };
    for (size_t i = 0; i < a.trades.size(); ++i) {
      EXPECT_PRED2(near, a.trades[i].price * kP, b.trades[i].price);
      EXPECT_PRED2(near, a.trades[i].qty * kQ, b.trades[i].qty);
      EXPECT_PRED2(near, a.trades[i].top_up * kM, b.trades[i].top_up);
      EXPECT_EQ(a.trades[i].seller, b.trades[i].seller);
    }
    ASSERT_EQ(a.periods.size(), b.periods.size());
    for (size_t p = 0; p < a.periods.size(); ++p) {
      const PeriodMetrics &x = a.periods[p], &y = b.periods[p];
      for (auto [u, v] : {std::pair{x.floor, y.floor},
                          {x.vwap, y.vwap},
                          {x.open, y.open},
                          {x.close, y.close},
                          {x.high, y.high},
                          {x.low, y.low},
                          {x.ce_price, y.ce_price}}) {
        EXPECT_PRED2(near, u * kP, v) << "price, period " << p;
      }
      for (auto [u, v] : {std::pair{x.volume, y.volume},
                          {x.volume_at_floor, y.volume_at_floor},
                          {x.unsold_end, y.unsold_end},
                          {x.stockpile_bought, y.stockpile_bought},
                          {x.stockpile_inventory_end, y.stockpile_inventory_end},
                          {x.member_supply, y.member_supply},
                          {x.non_member_supply, y.non_member_supply},
                          {x.ce_quantity, y.ce_quantity}}) {
        EXPECT_PRED2(near, u * kQ, v) << "quantity, period " << p;
      }
      for (auto [u, v] : {std::pair{x.stockpile_spend, y.stockpile_spend},
                          {x.stockpile_budget_left_end, y.stockpile_budget_left_end},
                          {x.top_ups, y.top_ups},
                          {x.duties, y.duties},
                          {x.producers, y.producers},
                          {x.buyers, y.buyers},
                          {x.government, y.government},
                          {a.chains[p].total_surplus, b.chains[p].total_surplus},
                          {a.chains[p].max_gains, b.chains[p].max_gains}}) {
        EXPECT_PRED2(near, u * kM, v) << "money, period " << p;
      }
      EXPECT_PRED2(near, a.chains[p].efficiency, b.chains[p].efficiency);
      EXPECT_PRED2(near, x.share_at_floor, y.share_at_floor);
      EXPECT_EQ(x.orders, y.orders);
      EXPECT_EQ(x.rejects, y.rejects);
    }
  }
}

// Same scenario and seed: the same RunResult (all but wall time) and the same CSV files
// byte for byte; another seed: another run.
std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Writes the run's CSV files under a fresh directory and returns their contents.
std::vector<std::string> CsvFiles(RunResult run, const std::string& name) {
  run.wall_seconds = 0;  // the one field allowed to differ between identical runs
  const std::string dir = ::testing::TempDir() + "/ftz_validation_" + name;
  std::filesystem::remove_all(dir);
  const absl::Status st = WriteRunCsvFiles(run, dir);
  EXPECT_TRUE(st.ok()) << st;
  std::vector<std::string> out;
  for (const std::string& file : RunCsvFileNames()) {
    out.push_back(ReadFile(dir + "/" + file));
    EXPECT_FALSE(out.back().empty()) << file;
  }
  std::filesystem::remove_all(dir);
  return out;
}

void CheckDeterminism(const scenario::Scenario& s, const std::string& name) {
  absl::StatusOr<RunResult> a = RunScenario(s, 11);
  absl::StatusOr<RunResult> b = RunScenario(s, 11);
  absl::StatusOr<RunResult> c = RunScenario(s, 12);
  ASSERT_TRUE(a.ok()) << a.status();
  ASSERT_TRUE(b.ok()) << b.status();
  ASSERT_TRUE(c.ok()) << c.status();
  ASSERT_FALSE(a->trades.empty());
  testing::ExpectSameRun(*a, *b);
  const std::vector<std::string> csv_a = CsvFiles(*a, name + "_a");
  const std::vector<std::string> csv_b = CsvFiles(*b, name + "_b");
  const std::vector<std::string> csv_c = CsvFiles(*c, name + "_c");
  ASSERT_EQ(csv_a.size(), csv_b.size());
  for (size_t i = 0; i < csv_a.size(); ++i) {
    EXPECT_TRUE(csv_a[i] == csv_b[i]) << RunCsvFileNames()[i] << " differs between runs";
  }
  // Another seed: other random quotes, so another tape. (The final engine state hash
  // may coincide: it covers the book and the id counters, not the history, and two
  // seeds can end with the same number of orders and trades and an empty book.)
  bool trades_differ = a->trades.size() != c->trades.size();
  for (size_t i = 0; !trades_differ && i < a->trades.size(); ++i) {
    trades_differ = a->trades[i].price != c->trades[i].price ||
                    a->trades[i].buyer != c->trades[i].buyer ||
                    a->trades[i].seller != c->trades[i].seller;
  }
  EXPECT_TRUE(trades_differ);
  EXPECT_NE(csv_a, csv_c);
}

TEST(ValidationTest, SameSeedSameRunAndFiles) {
  // The stockpile scenario: floor, stockpile orders and their refreshes, budget running
  // out.
  CheckDeterminism(MakeScenario(Spec{.hard_floor = kFloor, .stockpile_budget = 6000, .periods = 5}),
                   "stockpile");
}

TEST(ValidationTest, SameSeedSameRunAndFilesDefaultScenario) {
  // The default scenario, cut short: refiners, liquidity providers, tariffs, a variable
  // levy, indexed and scheduled floors, several instruments.
  absl::StatusOr<scenario::Scenario> s = ParseScenario(DefaultScenarioText(), "default");
  ASSERT_TRUE(s.ok()) << s.status();
  s->set_periods(3);
  s->set_steps_per_period(20);
  CheckDeterminism(*s, "default");
}

// The stockpile's per-period cap and its release ask: with a cap of 12 units it buys 12 of
// the 20 excess units a period and the other 8 stay unsold; with a release price of 140
// it sells inventory to buyers valuing a unit at 140 or more, and the proceeds return to
// its budget. Its metrics agree with its trades on the tape.
TEST(ValidationTest, StockpileCapAndRelease) {
  constexpr double kBudget = 6000, kCap = 12, kRelease = 140;
  constexpr double kExcess = kSupplyAtFloor - kDemandAtFloor;
  for (const Spec& spec : {Spec{.hard_floor = kFloor,
                          .stockpile_budget = kBudget,
                          .stockpile_period_cap = kCap,
                          .periods = 4,
                          .steps = 400},
                           Spec{.hard_floor = kFloor,
                           .stockpile_budget = kBudget,
                           .stockpile_release = kRelease,
                           .periods = 6,
                           .steps = 400}}) {
    for (uint64_t seed : {1, 2}) {
      const RunResult r = RunSpec(spec, seed);
      Print(r);
      CheckTape(r, kFloor);
      double budget_left = kBudget, inventory = 0, released = 0;
      for (const PeriodMetrics& m : r.periods) {
        double bought = 0, sold = 0;
        for (const TradeRecord& t : r.trades) {
          if (t.period != m.period) continue;
          if (t.buyer == "vault") {
            EXPECT_EQ(t.price, kFloor);
            bought += t.qty;
          }
          if (t.seller == "vault") {
            EXPECT_EQ(t.price, kRelease);
            EXPECT_EQ(t.top_up, 0);
            sold += t.qty;
          }
        }
        released += sold;
        EXPECT_EQ(m.stockpile_bought, bought) << "period " << m.period;
        // Purchases at the floor, proceeds at the release price.
        EXPECT_EQ(m.stockpile_spend, bought * kFloor) << "period " << m.period;
        EXPECT_EQ(m.stockpile_proceeds, sold * kRelease) << "period " << m.period;
        EXPECT_EQ(m.stockpile_sold, sold) << "period " << m.period;
        budget_left -= m.stockpile_spend - m.stockpile_proceeds;
        inventory += bought - sold;
        EXPECT_EQ(m.stockpile_budget_left_end, budget_left) << "period " << m.period;
        EXPECT_GE(m.stockpile_budget_left_end, 0);
        EXPECT_LE(m.stockpile_budget_left_end, kBudget);
        EXPECT_EQ(m.stockpile_inventory_end, inventory) << "period " << m.period;
        EXPECT_GE(m.stockpile_inventory_end, 0);
        // Released units cost the government nothing more (they counted for nothing
        // while held): its account is proceeds - spend.
        EXPECT_EQ(m.government, m.stockpile_proceeds - m.stockpile_spend);
        if (spec.stockpile_period_cap > 0) {
          // The cap binds below the excess: 12 bought, 8 unsold (measured exactly).
          EXPECT_LE(m.stockpile_bought, kCap);
          EXPECT_NEAR(m.stockpile_bought, kCap, 1) << "period " << m.period;
          EXPECT_NEAR(m.unsold_end, kExcess - m.stockpile_bought, 2) << "period " << m.period;
        }
      }
      // The release ask sold some inventory (measured 1-6 units a run).
      if (spec.stockpile_release > 0) {
        EXPECT_GT(released, 0);
      }
    }
  }
}

// A 25% ad valorem tariff on the two non-member miners: their asks land at
// N + ceil(0.25 N), so their unit costs 45, 55, ..., 135 land at 57, 69, 82, 94, 107, 119,
// 132, 144, 157, 169. Against the same demand, supply (3 member miners at 45 + 10j, and
// those) crosses demand at 26 units: the 26th unit costs 95 (member) and is worth 100,
// the 27th costs 105 and is worth 100, so the tariff CE is 26 units at 100 (the range
// [max(95, 100), min(100, 105)]), with 8 of them (landed 57-94) from non-members
// (31%, against 12 of 30 = 40% duty free). Gains at the tariff CE: values 5 x (150 + 140
// + 130 + 120 + 110) + 100 = 3350, less costs 3 x (45 + ... + 95) + 2 x (45 + ... + 75)
// = 1260 + 480, = 1610: efficiency 1610 / 1650 = 0.976 (the tariff's deadweight loss).
TEST(ValidationTest, TariffShiftsNonMemberSupply) {
  constexpr double kTariffCePrice = 100, kTariffCeQuantity = 26, kTariffNonMember = 8;
  constexpr double kTariffEfficiency = 1610.0 / 1650.0;
  {
    std::vector<Price> costs;
    for (int k = 0; k < 3; ++k) {
      for (Price c : LinearSchedule(10, 45, 135)) costs.push_back(c);
    }
    for (int k = 0; k < 2; ++k) {
      for (Price c : LinearSchedule(10, 45, 135)) costs.push_back(c + (c * 2500 + 9999) / 10000);
    }
    const Clearing eq = Clear(costs, AllValues());
    EXPECT_EQ(eq.market.quantity, kTariffCeQuantity);
    EXPECT_EQ(eq.market.price(), kTariffCePrice);
    // Its gains at landed costs leave out the duty on the 8 non-member units,
    // 2 x (12 + 14 + 17 + 19) = 124, which is a transfer: 1610 - 124.
    EXPECT_EQ(eq.gains, 1610 - 124);
  }
  double notional = 0, volume = 0, non_member = 0, efficiency = 0, periods = 0;
  double free_non_member = 0, free_volume = 0;
  for (uint64_t seed : {1, 2, 3}) {
    const RunResult r =
        RunSpec(Spec{.periods = 5, .non_member_sellers = true, .tariff = 0.25}, seed);
    const RunResult free = RunSpec(Spec{.periods = 5, .non_member_sellers = true}, seed);
    Print(r);
    CheckTape(r, 0);
    for (const PeriodMetrics& m : r.periods) {
      double duties = 0;
      for (const TradeRecord& t : r.trades) {
        if (t.period != m.period) continue;
        // The duty withheld from the seller: floor(P x r / (1 + r)) per lot.
        const bool member = t.seller.rfind("miner-", 0) == 0;
        EXPECT_EQ(t.duty, member ? 0 : std::floor(t.price * 2500 / 12500) * t.qty)
            << "trade " << t.trade_id;
        duties += t.duty;
      }
      EXPECT_EQ(m.duties, duties) << "period " << m.period;
      EXPECT_GT(m.duties, 0);
      // Tariff revenue is surplus too: producers are paid net of it, the government
      // collects it.
      EXPECT_EQ(m.government, m.duties);
      EXPECT_NEAR(ChainOf(r, m.period).total_surplus, m.producers + m.buyers + m.duties, 1e-9);
      // The market clears at the tariff CE: no seller is left with a unit it could have
      // sold at the CE price once duty is paid (the non-member units costing 85 and 95
      // land at 107 and 119, above it).
      EXPECT_LE(m.unsold_end, 1) << "period " << m.period;
      notional += m.vwap * m.volume;
      volume += m.volume;
      non_member += m.non_member_supply;
      efficiency += ChainOf(r, m.period).efficiency;
      ++periods;
    }
    for (const PeriodMetrics& m : free.periods) {
      free_non_member += m.non_member_supply;
      free_volume += m.volume;
    }
  }
  const double vwap = notional / volume;
  efficiency /= periods;
  std::printf(
      "tariff: VWAP %.3f, volume/period %.2f, non-member share %.3f (duty free %.3f), "
      "efficiency %.4f\n",
      vwap, volume / periods, non_member / volume, free_non_member / free_volume, efficiency);
  // Measured: VWAP 100.87, 26.9 units a period, non-member share 0.300 (duty free 0.400),
  // efficiency 0.976. Tolerances: VWAP within 3% of the quote range as above; volume
  // within 2 units; share within 0.05 of 8/26; efficiency within 0.02 of 0.976.
  EXPECT_LT(std::abs(vwap - kTariffCePrice), 0.03 * kPriceRange);
  EXPECT_NEAR(volume / periods, kTariffCeQuantity, 2);
  EXPECT_NEAR(non_member / volume, kTariffNonMember / kTariffCeQuantity, 0.05);
  EXPECT_LT(non_member / volume, free_non_member / free_volume);
  EXPECT_NEAR(efficiency, kTariffEfficiency, 0.02);
}

// KNOWN LIMITATION (disabled: fails): the stockpile's bid sits exactly at the floor, the
// lower bound of every seller's random ask, so a ZI seller reaches it only by drawing
// exactly the floor tick. How much of the excess the backstop takes then depends on the
// tick size, not on the economics. Measured (stockpile units bought per period, of an
// excess of 20; budget not binding; 3 periods, seed 1):
//   tick 1    (33 ticks from floor to top):   ZI_CONSTRAINED 17.7 at 200 rounds, 20 at 400;
//                                             ZI_URGENT 20 at 200
//   tick 0.1  (330 ticks):   ZI_CONSTRAINED 3.7 / 7.7 / 13.3 at 200 / 400 / 1000 rounds;
//                            ZI_URGENT 13.7 / 19.7 / 20
//   tick 0.01 (3300 ticks):  ZI_CONSTRAINED 0.3 / 0.7 / 1.7; ZI_URGENT 1.3 / 4.0 / 11.3
// The default scenario's NDPR-OX (tick 0.01, floor 110, ZI_URGENT, 200 rounds) is the
// last case: its stockpile bought 4 t in the first 6 periods while unsold oxide grew to
// 386 t, because ZI_URGENT's range then narrowed to (top - limit) / steps_per_period at
// the last round, never to the limit itself. The modelling fix: ZI_URGENT traders quote
// at their limit over the last fifth of a period (sim/agent.h, RangeEnd), so sellers with
// stock left reach the stockpile's bid at the floor whatever the tick size.
TEST(ValidationTest, StockpileAbsorbsExcessOnFineTicks) {
  constexpr double kExcess = kSupplyAtFloor - kDemandAtFloor;
  const RunResult r = RunSpec(Spec{.hard_floor = kFloor,
                                   .stockpile_budget = 60000,
                                   .strategy = "ZI_URGENT",
                                   .periods = 3,
                                   .steps = 200,
                                   .tick = 0.01},
                              1);
  Print(r);
  for (const PeriodMetrics& m : r.periods) {
    EXPECT_GE(m.stockpile_bought, 0.9 * kExcess) << "period " << m.period;
    EXPECT_LE(m.unsold_end, 0.1 * kExcess) << "period " << m.period;
  }
}

}  // namespace
}  // namespace ftz::sim
