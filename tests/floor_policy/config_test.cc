// Market configs: the embedded default loads with the figures its comments state, and
// every check of floor_policy/market_config.cc refuses a bad config with a message that
// names the file, the field and the problem.
#include <algorithm>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "fp_test_util.h"
#include "gtest/gtest.h"
#include "market/market.h"
#include "market_config/market_config.h"

namespace ftz {
namespace {

using fp_test::Events;

// ---------------------------------------------------------------------------------------
// The embedded default market.

const InstrumentRules& Find(const MarketRules& rules, const std::string& symbol) {
  std::optional<InstrumentId> id = rules.FindInstrument(symbol);
  EXPECT_TRUE(id.has_value()) << symbol;
  return rules.instruments[id.value_or(0)];
}

TEST(DefaultConfig, LoadsAndCompilesToTicksAndLots) {
  absl::StatusOr<MarketRules> rules = MarketRulesFromText(DefaultMarketText(), "<default>");
  ASSERT_TRUE(rules.ok()) << rules.status();
  ASSERT_EQ(rules->instruments.size(), 5u);
  EXPECT_EQ(rules->instruments[0].spec.symbol, "NDPR-CONC");
  EXPECT_EQ(rules->participants.size(), 16u);
  ASSERT_TRUE(rules->stockpile.has_value());
  EXPECT_EQ(rules->participants[*rules->stockpile].name, "project-vault");

  // NDPR-OX: tick USD 0.01/kg, lot 1000 kg; floor USD 110/kg = 11000 ticks; a tick-lot is
  // USD 10, so the USD 6e9 budget is 6e8 tick-lots; 1,000,000 kg a period is 1000 lots;
  // 15,600,000 kg of storage is 15600 lots; release at USD 180 = 18000 ticks.
  const InstrumentRules& ox = Find(*rules, "NDPR-OX");
  EXPECT_EQ(ox.hard_floor, 11000);
  EXPECT_EQ(ox.sell_below, BelowFloorAction::kReject);
  EXPECT_EQ(ox.spec.max_price, 500000);
  EXPECT_EQ(ox.spec.min_price, 1);
  EXPECT_EQ(ox.spec.max_qty, 100000);
  ASSERT_TRUE(ox.stockpile.has_value());
  EXPECT_EQ(ox.stockpile->budget, 600000000);
  EXPECT_EQ(ox.stockpile->period_cap, 1000);
  EXPECT_EQ(ox.stockpile->capacity, 15600);
  EXPECT_EQ(ox.stockpile->release_price, 18000);
  EXPECT_EQ(ox.origin_rule, OriginRuleKind::kDeny);
  EXPECT_EQ(ox.transshipment, TransshipmentAction::kReject);
  EXPECT_EQ(ox.max_open_lots, 20000);
  // The stockpile may trade what it backs although the config does not list its role.
  EXPECT_NE(ox.buy_roles & RoleBit(Role::kStockpile), 0u);
  EXPECT_NE(ox.sell_roles & RoleBit(Role::kStockpile), 0u);
  EXPECT_NE(ox.buy_roles & RoleBit(Role::kBuyer), 0u);
  EXPECT_EQ(ox.buy_roles & RoleBit(Role::kRefiner), 0u);

  const InstrumentRules& conc = Find(*rules, "NDPR-CONC");
  EXPECT_EQ(conc.hard_floor, 0);
  ASSERT_TRUE(conc.support.has_value());
  EXPECT_EQ(conc.support->floor, 4500);
  EXPECT_EQ(conc.support->upside_strike, 0);
  EXPECT_EQ(conc.origin_rule, OriginRuleKind::kTariff);
  EXPECT_EQ(conc.tariff_bps, 2500);
  EXPECT_EQ(conc.transshipment, TransshipmentAction::kTreatAsNonMember);
  EXPECT_FALSE(conc.stockpile.has_value());
  EXPECT_EQ(conc.buy_roles & RoleBit(Role::kStockpile), 0u);

  // LI2CO3: tick USD 1/t, lot 10 t: indexed 80% of 20 periods, clamp 6000..20000.
  const InstrumentRules& li = Find(*rules, "LI2CO3");
  EXPECT_EQ(li.hard_floor, 7000);
  ASSERT_TRUE(li.indexed.has_value());
  EXPECT_EQ(li.indexed->ratio_bps, 8000);
  EXPECT_EQ(li.indexed->periods, 20u);
  EXPECT_EQ(li.indexed->min, 6000);
  EXPECT_EQ(li.indexed->max, 20000);
  ASSERT_TRUE(li.stockpile.has_value());
  EXPECT_EQ(li.stockpile->budget, 300000000);  // USD 3e9 / USD 10 a tick-lot
  EXPECT_EQ(li.stockpile->period_cap, 500);    // 5000 t / 10 t
  EXPECT_EQ(li.stockpile->capacity, 17000);    // 170000 t / 10 t
  EXPECT_EQ(li.stockpile->release_price, 0);

  const InstrumentRules& co = Find(*rules, "COBALT");
  EXPECT_EQ(co.origin_rule, OriginRuleKind::kVariableLevy);
  EXPECT_EQ(co.reference_price, 22000);
  EXPECT_EQ(co.hard_floor, 18000);

  const InstrumentRules& gr = Find(*rules, "GRAPHITE");
  EXPECT_EQ(gr.sell_below, BelowFloorAction::kReprice);
  EXPECT_EQ(gr.tariff_bps, 9350);
  ASSERT_EQ(gr.schedule.size(), 2u);
  EXPECT_EQ(gr.schedule[0].period, 90u);
  EXPECT_EQ(gr.schedule[0].price, 475);
  EXPECT_EQ(gr.schedule[1].period, 180u);
  EXPECT_EQ(gr.schedule[1].price, 500);

  std::optional<ParticipantId> sg = rules->FindParticipant("sg-trader");
  ASSERT_TRUE(sg.has_value());
  EXPECT_EQ(rules->participants[*sg].certified_origins,
            (std::vector<Jurisdiction>{fp_test::kSG, fp_test::kAU}));
  EXPECT_TRUE(rules->IsMember(fp_test::kUS));
  EXPECT_FALSE(rules->IsMember(fp_test::kCN));
}

TEST(DefaultConfig, MarketOpensWithTheStockpileBids) {
  std::unique_ptr<Market> m = Market::Default();
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->engine().instrument_count(), 5u);
  const Events opening(m->opening_events().begin(), m->opening_events().end());
  // One STOCKPILE_STATE per backed instrument, in instrument order; each bid is
  // min(budget / floor, period cap, capacity, max order) lots:
  //   NDPR-OX  min(6e8/11000=54545, 1000, 15600, 100000)    = 1000
  //   LI2CO3   min(3e8/7000=42857, 500, 17000, 100000)      = 500
  //   COBALT   min(2e9/18000=111111, 2000, 36000, 100000)   = 2000
  //   GRAPHITE min(1e8/450=222222, 2000, 26000, 100000)     = 2000
  const std::vector<StockpileStateEvent> states =
      fp_test::Payloads(opening, EventKind::kStockpileState, &Event::stockpile_state);
  ASSERT_EQ(states.size(), 4u) << fp_test::Lines(opening);
  EXPECT_EQ(states[0].bid_qty, 1000);
  EXPECT_EQ(states[1].bid_qty, 500);
  EXPECT_EQ(states[2].bid_qty, 2000);
  EXPECT_EQ(states[3].bid_qty, 2000);
  for (const StockpileStateEvent& s : states) {
    EXPECT_EQ(s.ask_qty, 0);  // nothing to release yet
    EXPECT_EQ(s.inventory, 0);
  }
  EXPECT_EQ(states[0].budget_left, 600000000);
  const std::vector<Event> accepted = fp_test::OfKind(opening, EventKind::kAccepted);
  ASSERT_EQ(accepted.size(), 4u);
  EXPECT_EQ(accepted[0].instrument, 1u);  // NDPR-OX
  EXPECT_EQ(accepted[0].accepted.price, 11000);
  EXPECT_EQ(accepted[0].accepted.side, Side::kBuy);
  EXPECT_EQ(accepted[0].accepted.order.participant, 0u);
  EXPECT_EQ(accepted[3].accepted.price, 450);  // GRAPHITE floor
  EXPECT_EQ(m->policy().floor(1), 11000);
  EXPECT_TRUE(m->engine().Validate().ok());
}

TEST(DefaultConfig, LoadWithAnEmptyPathIsTheDefault) {
  absl::StatusOr<std::unique_ptr<Market>> m = Market::Load("");
  ASSERT_TRUE(m.ok()) << m.status();
  EXPECT_EQ((*m)->rules().name, "FTZ critical minerals 2026 (default)");
}

TEST(Config, LoadOfAMissingFileNamesIt) {
  absl::StatusOr<std::unique_ptr<Market>> m = Market::Load("/nonexistent/market.txtpb");
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.status().message(), "/nonexistent/market.txtpb: cannot open the file");
}

// ---------------------------------------------------------------------------------------
// Bad configs. A valid base config; each case replaces one snippet (which must occur in
// the base exactly once) and expects the exact message.

constexpr char kBase[] = R"cfg(
name: "cfg"
jurisdictions { code: "US" name: "United States" ftz_member: true }
jurisdictions { code: "CN" name: "China" ftz_member: false }
stockpile_participant: "vault"
stockpile_total_budget: 1000000
instruments {
  symbol: "AAA"
  tick_size: 0.01
  lot_size: 10
  min_price: 1
  max_price: 500
  max_order_lots: 1000
  buy_roles: [BUYER, REFINER]
  sell_roles: [MINER, TRADER]
  floor {
    hard { price: 110 }
    stockpile { budget: 100000 period_cap: 500 capacity: 2000 release_price: 180 }
    support { floor: 120 upside_strike: 200 upside_share: 0.5 }
    indexed { ratio: 0.8 periods: 5 min: 100 max: 300 }
    schedule { period: 2 price: 115 }
    schedule { period: 4 price: 125 }
  }
  non_member_origin { kind: TARIFF tariff_rate: 0.25 }
  max_open_lots: 100
}
instruments {
  symbol: "BBB"
  tick_size: 1
  lot_size: 1
  max_price: 100000
  buy_roles: [BUYER]
  sell_roles: [MINER]
  non_member_origin { kind: VARIABLE_LEVY reference_price: 22000 }
}
participants { name: "vault" jurisdiction: "US" roles: [STOCKPILE] token: "v" }
participants { name: "miner" jurisdiction: "US" roles: [MINER] certified_origins: ["CN"] token: "m" }
participants { name: "buyer" jurisdiction: "US" roles: [BUYER] token: "b" }
)cfg";

struct BadCase {
  const char* name;
  const char* from;
  const char* to;
  const char* message;  // the whole message
};

size_t Count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

TEST(Config, TheBaseOfTheBadCasesIsValid) {
  absl::StatusOr<MarketRules> rules = MarketRulesFromText(kBase, "bad.txtpb");
  ASSERT_TRUE(rules.ok()) << rules.status();
  const InstrumentRules& a = rules->instruments[0];
  EXPECT_EQ(a.hard_floor, 11000);
  EXPECT_EQ(a.stockpile->budget, 1000000);  // USD 100000 / (0.01 x 10) a tick-lot
  EXPECT_EQ(a.stockpile->period_cap, 50);
  EXPECT_EQ(a.stockpile->capacity, 200);
  EXPECT_EQ(a.support->upside_share_bps, 5000);
  EXPECT_EQ(a.schedule.size(), 2u);
  EXPECT_EQ(rules->instruments[1].spec.max_qty, InstrumentSpec{}.max_qty);  // default
  absl::StatusOr<std::unique_ptr<Market>> m = Market::FromText(kBase, "bad.txtpb");
  ASSERT_TRUE(m.ok()) << m.status();
}

class BadConfig : public ::testing::TestWithParam<BadCase> {};

TEST_P(BadConfig, IsRefusedNamingFileAndField) {
  const BadCase& c = GetParam();
  const std::string base = kBase;
  ASSERT_EQ(Count(base, c.from), 1u) << "'" << c.from << "' must occur once in the base";
  const std::string text = absl::StrReplaceAll(base, {{c.from, c.to}});
  absl::StatusOr<MarketRules> rules = MarketRulesFromText(text, "bad.txtpb");
  ASSERT_FALSE(rules.ok()) << "accepted: " << c.name;
  EXPECT_EQ(rules.status().code(), absl::StatusCode::kInvalidArgument);
  // The message names the line of the field: where the replacement went in; for a field
  // left out, the line of the element it was left out of (none at the top level).
  size_t at = base.find(c.from);
  const std::string path = std::string(c.message).substr(std::string("bad.txtpb: ").size());
  const bool top_level = path.find_first_of(".[") > path.find(':');
  std::string expected = c.message;
  if (*c.to || !top_level) {
    if (!*c.to) {
      const size_t i = base.rfind("instruments {", at), p = base.rfind("participants {", at);
      at = i == std::string::npos ? p : p == std::string::npos ? i : std::max(i, p);
    }
    const int line = 1 + static_cast<int>(std::count(base.begin(), base.begin() + at, '\n'));
    expected = absl::StrReplaceAll(c.message,
                                   {{"bad.txtpb: ", absl::StrCat("bad.txtpb: line ", line, ": ")}});
  }
  EXPECT_EQ(rules.status().message(), expected);
  // The composition root passes the same message on.
  absl::StatusOr<std::unique_ptr<Market>> m = Market::FromText(text, "bad.txtpb");
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.status().message(), expected);
}

#define A "bad.txtpb: instruments[0] (AAA)"
const BadCase kBadCases[] = {
    // Jurisdictions.
    {"JurisdictionCodeNotIso", "code: \"US\"", "code: \"USA\"",
     "bad.txtpb: jurisdictions[0].code: \"USA\" is not an ISO 3166 alpha-2 code"},
    {"JurisdictionCodeLowerCase", "code: \"CN\"", "code: \"cn\"",
     "bad.txtpb: jurisdictions[1].code: \"cn\" is not an ISO 3166 alpha-2 code"},
    {"DuplicateJurisdiction", "code: \"CN\"", "code: \"US\"",
     "bad.txtpb: jurisdictions[1].code: duplicate jurisdiction US"},
    // Instruments.
    {"DuplicateSymbol", "symbol: \"BBB\"", "symbol: \"AAA\"",
     "bad.txtpb: instruments[1] (AAA).symbol: duplicate symbol AAA"},
    {"EmptySymbol", "symbol: \"BBB\"", "symbol: \"\"",
     "bad.txtpb: instruments[1].symbol: is empty"},
    {"TickSizeZero", "tick_size: 0.01", "tick_size: 0", A ".tick_size: must be above zero"},
    {"TickSizeNegative", "tick_size: 0.01", "tick_size: -0.01", A ".tick_size: must be above zero"},
    {"LotSizeNegative", "lot_size: 10", "lot_size: -1", A ".lot_size: must be above zero"},
    {"MaxPriceMissing", "max_price: 500", "", A ".max_price: is required and must be above zero"},
    {"MaxPriceOffTick", "max_price: 500", "max_price: 500.001",
     A ".max_price: 500.001 is not a whole number of ticks (tick size 0.01)"},
    {"MinPriceOffTick", "min_price: 1", "min_price: 1.005",
     A ".min_price: 1.005 is not a whole number of ticks (tick size 0.01)"},
    {"MinPriceBelowZero", "min_price: 1", "min_price: -1", A ".min_price: -1 is below zero"},
    {"MinAboveMax", "min_price: 1", "min_price: 600", A ".min_price: is above max_price"},
    {"BandTooWide", "max_price: 500", "max_price: 200000",
     A ".max_price: the price band is wider than 16777216 ticks"},
    {"MaxOrderLotsNegative", "max_order_lots: 1000", "max_order_lots: -1",
     A ".max_order_lots: is below zero"},
    {"NoBuyRole", "buy_roles: [BUYER, REFINER]", "", A ".buy_roles: lists no role"},
    {"UnspecifiedSellRole", "sell_roles: [MINER, TRADER]", "sell_roles: [MINER, ROLE_UNSPECIFIED]",
     A ".sell_roles: ROLE_UNSPECIFIED is not a role"},
    // Floors.
    {"FloorBelowZero", "hard { price: 110 }", "hard { price: -5 }",
     A ".floor.hard.price: -5 is below zero"},
    {"TickDoesNotDivideFloor", "hard { price: 110 }", "hard { price: 110.005 }",
     A ".floor.hard.price: 110.005 is not a whole number of ticks (tick size 0.01)"},
    {"FloorNotANumber", "hard { price: 110 }", "hard { price: nan }",
     A ".floor.hard.price: is not a number"},
    {"FloorTooLarge", "hard { price: 110 }", "hard { price: 1e30 }",
     A ".floor.hard.price: is too large"},
    {"FloorAboveMaxPrice", "hard { price: 110 }", "hard { price: 500.01 }",
     A ".floor.hard.price: is above the instrument's max_price"},
    {"SupportFloorZero", "support { floor: 120", "support { floor: 0",
     A ".floor.support.floor: must be above zero"},
    {"SupportFloorOffTick", "support { floor: 120", "support { floor: 120.001",
     A ".floor.support.floor: 120.001 is not a whole number of ticks (tick size 0.01)"},
    {"UpsideStrikeBelowZero", "upside_strike: 200", "upside_strike: -200",
     A ".floor.support.upside_strike: -200 is below zero"},
    {"UpsideShareAboveOne", "upside_share: 0.5", "upside_share: 1.5",
     A ".floor.support.upside_share: must be between 0 and 1"},
    {"UpsideShareBelowZero", "upside_share: 0.5", "upside_share: -0.1",
     A ".floor.support.upside_share: must be between 0 and 1"},
    {"IndexedRatioZero", "ratio: 0.8", "ratio: 0", A ".floor.indexed.ratio: must be above zero"},
    {"IndexedPeriodsZero", "periods: 5", "periods: 0",
     A ".floor.indexed.periods: must be at least 1"},
    {"IndexedMinOffTick", "min: 100 ", "min: 100.001 ",
     A ".floor.indexed.min: 100.001 is not a whole number of ticks (tick size 0.01)"},
    {"IndexedMaxBelowZero", "max: 300", "max: -300", A ".floor.indexed.max: -300 is below zero"},
    {"IndexedMinAboveMax", "min: 100 ", "min: 400 ", A ".floor.indexed: min is above max"},
    {"SchedulePriceBelowZero", "period: 4 price: 125", "period: 4 price: -1",
     A ".floor.schedule[1].price: -1 is below zero"},
    {"SchedulePriceAboveMaxPrice", "period: 4 price: 125", "period: 4 price: 500.01",
     A ".floor.schedule[1].price: is above the instrument's max_price"},
    {"SchedulePeriodsMustIncrease", "period: 4 price: 125", "period: 2 price: 125",
     A ".floor.schedule[1].period: periods must increase"},
    {"StockpileBudgetZero", "{ budget: 100000", "{ budget: 0",
     A ".floor.stockpile.budget: must be above zero"},
    {"StockpilePeriodCapBelowZero", "period_cap: 500", "period_cap: -5",
     A ".floor.stockpile.period_cap: -5 is below zero"},
    {"StockpileCapacityBelowZero", "capacity: 2000", "capacity: -1",
     A ".floor.stockpile.capacity: -1 is below zero"},
    {"ReleasePriceOffTick", "release_price: 180", "release_price: 180.001",
     A ".floor.stockpile.release_price: 180.001 is not a whole number of ticks (tick size 0.01)"},
    {"ReleasePriceAtTheFloor", "release_price: 180", "release_price: 110",
     A ".floor.stockpile.release_price: must be above the hard floor"},
    {"StockpileWithoutAFloor", "non_member_origin { kind: VARIABLE_LEVY reference_price: 22000 }",
     "floor { stockpile { budget: 10 } }\n"
     "  non_member_origin { kind: VARIABLE_LEVY reference_price: 22000 }",
     "bad.txtpb: instruments[1] (BBB).floor.stockpile: a stockpile backstop needs a hard, "
     "indexed or scheduled floor"},
    // Origin rules and risk.
    {"TariffBelowZero", "tariff_rate: 0.25", "tariff_rate: -0.25",
     A ".non_member_origin.tariff_rate: is below zero"},
    {"LevyWithoutReference", "kind: VARIABLE_LEVY reference_price: 22000", "kind: VARIABLE_LEVY",
     "bad.txtpb: instruments[1] (BBB).non_member_origin.reference_price: is required for "
     "VARIABLE_LEVY"},
    {"LevyReferenceOffTick", "reference_price: 22000", "reference_price: 22000.5",
     "bad.txtpb: instruments[1] (BBB).non_member_origin.reference_price: 22000.5 is not a whole "
     "number of ticks (tick size 1)"},
    {"MaxOpenLotsBelowZero", "max_open_lots: 100", "max_open_lots: -1",
     A ".max_open_lots: is below zero"},
    // Participants.
    {"UnknownJurisdiction", "name: \"buyer\" jurisdiction: \"US\"",
     "name: \"buyer\" jurisdiction: \"DE\"",
     "bad.txtpb: participants[2] (buyer).jurisdiction: unknown jurisdiction DE"},
    {"ParticipantJurisdictionNotIso", "name: \"buyer\" jurisdiction: \"US\"",
     "name: \"buyer\" jurisdiction: \"U1\"",
     "bad.txtpb: participants[2] (buyer).jurisdiction: \"U1\" is not an ISO 3166 alpha-2 code"},
    {"UnknownCertifiedOrigin", "certified_origins: [\"CN\"]", "certified_origins: [\"RU\"]",
     "bad.txtpb: participants[1] (miner).certified_origins[0]: unknown jurisdiction RU"},
    {"CertifiedOriginNotIso", "certified_origins: [\"CN\"]", "certified_origins: [\"CHN\"]",
     "bad.txtpb: participants[1] (miner).certified_origins[0]: \"CHN\" is not an ISO 3166 "
     "alpha-2 code"},
    {"EmptyParticipantName", "name: \"miner\"", "name: \"\"",
     "bad.txtpb: participants[1].name: is empty"},
    {"DuplicateParticipant", "name: \"buyer\"", "name: \"miner\"",
     "bad.txtpb: participants[2] (miner).name: duplicate participant miner"},
    {"ParticipantWithoutRole", "roles: [BUYER] token", "token",
     "bad.txtpb: participants[2] (buyer).roles: lists no role"},
    {"EmptyToken", "token: \"b\"", "token: \"\"",
     "bad.txtpb: participants[2] (buyer).token: is empty"},
    // The stockpile.
    {"UnknownStockpileParticipant", "stockpile_participant: \"vault\"",
     "stockpile_participant: \"nobody\"",
     "bad.txtpb: stockpile_participant: unknown participant nobody"},
    {"StockpileParticipantLacksRole", "stockpile_participant: \"vault\"",
     "stockpile_participant: \"buyer\"",
     "bad.txtpb: stockpile_participant: buyer lacks the STOCKPILE role"},
    {"StockpileParticipantMissing", "stockpile_participant: \"vault\"", "",
     "bad.txtpb: stockpile_participant: required by the stockpile backstops"},
    {"BudgetsAboveTheTotal", "stockpile_total_budget: 1000000", "stockpile_total_budget: 50000",
     "bad.txtpb: stockpile_total_budget: the instruments' budgets add up to 100000, above 50000"},
};
#undef A

INSTANTIATE_TEST_SUITE_P(Checks, BadConfig, ::testing::ValuesIn(kBadCases),
                         [](const ::testing::TestParamInfo<BadCase>& info) {
                           return std::string(info.param.name);
                         });

TEST(Config, NoInstruments) {
  absl::StatusOr<MarketRules> rules = MarketRulesFromText(
      "name: \"empty\" jurisdictions { code: \"US\" ftz_member: true }", "empty.txtpb");
  ASSERT_FALSE(rules.ok());
  EXPECT_EQ(rules.status().message(), "empty.txtpb: instruments: the market lists none");
}

TEST(Config, ParseErrorsNameTheFileAndLine) {
  // An unknown field on line 13 of the base (the first line is empty).
  const std::string text =
      absl::StrReplaceAll(std::string(kBase), {{"max_order_lots: 1000", "max_order_lotz: 1000"}});
  absl::StatusOr<MarketRules> rules = MarketRulesFromText(text, "bad.txtpb");
  ASSERT_FALSE(rules.ok());
  const std::string msg(rules.status().message());
  EXPECT_EQ(msg.rfind("bad.txtpb: line 13:", 0), 0u) << msg;
  EXPECT_NE(msg.find("max_order_lotz"), std::string::npos) << msg;

  // An unknown enum value (a role that does not exist).
  const std::string role = absl::StrReplaceAll(
      std::string(kBase), {{"sell_roles: [MINER, TRADER]", "sell_roles: [MINER, SMELTER]"}});
  rules = MarketRulesFromText(role, "bad.txtpb");
  ASSERT_FALSE(rules.ok());
  EXPECT_EQ(std::string(rules.status().message()).rfind("bad.txtpb: line 15:", 0), 0u)
      << rules.status();
  EXPECT_NE(rules.status().message().find("SMELTER"), std::string::npos) << rules.status();
}

TEST(Config, TheFirstProblemIsReported) {
  // Two problems: the earlier field wins.
  const std::string text = absl::StrReplaceAll(
      std::string(kBase), {{"tick_size: 0.01", "tick_size: 0"}, {"token: \"b\"", "token: \"\""}});
  absl::StatusOr<MarketRules> rules = MarketRulesFromText(text, "two.txtpb");
  ASSERT_FALSE(rules.ok());
  EXPECT_EQ(rules.status().message(),
            "two.txtpb: line 9: instruments[0] (AAA).tick_size: must be above zero");
}

TEST(Config, CapsAndCapacitiesRoundDownToWholeLots) {
  // Lots of 10 units: a cap of 59 units is 5 lots, a capacity of 2009 units 200 lots.
  const std::string text = absl::StrReplaceAll(
      std::string(kBase),
      {{"period_cap: 500", "period_cap: 59"}, {"capacity: 2000", "capacity: 2009"}});
  absl::StatusOr<MarketRules> rules = MarketRulesFromText(text, "x.txtpb");
  ASSERT_TRUE(rules.ok()) << rules.status();
  EXPECT_EQ(rules->instruments[0].stockpile->period_cap, 5);
  EXPECT_EQ(rules->instruments[0].stockpile->capacity, 200);
}

TEST(Config, BudgetIsWholeTickLotsDespiteBinaryFractions) {
  // tick 0.1 x lot 3 = 0.30000000000000004 in binary: a budget of 0.9 is 3 tick-lots, and
  // 6e9 is 2e10 tick-lots, not one fewer.
  for (const auto& [budget, lots] :
       std::vector<std::pair<std::string, Money>>{{"0.9", 3}, {"6e9", 20000000000}}) {
    const std::string text =
        fp_test::MarketText(fp_test::Instrument("X", "") +
                            R"pb(
                              instruments { symbol: "Y" tick_size: 0.1 lot_size: 3 max_price: 1000
                                            buy_roles: [ BUYER ]
                                            sell_roles: [ MINER ]
                                            floor { hard { price: 0.1 }
                                                    stockpile { budget:)pb" +
                            budget + R"pb(}
                                          }
      })pb");
    absl::StatusOr<MarketRules> rules = MarketRulesFromText(text, "b.txtpb");
    ASSERT_TRUE(rules.ok()) << rules.status();
    EXPECT_EQ(rules->instruments[1].stockpile->budget, lots) << "budget " << budget;
  }
}

}  // namespace
}  // namespace ftz
