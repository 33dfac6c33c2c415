#include "sim/sweep/override_path.h"

#include "gtest/gtest.h"
#include "market_config/market_config.h"
#include "sim/sweep/param_unit.h"

namespace ftz::sim {
namespace {

TEST(Override, ScenarioFields) {
  scenario::Scenario s;
  ASSERT_TRUE(ApplyOverride(&s, "periods", "30").ok());
  EXPECT_EQ(s.periods(), 30u);
  EXPECT_EQ(s.market().instruments_size(), 0);  // not touched: still the default market
  ASSERT_TRUE(ApplyOverride(&s, "name", "my \"run\"").ok());  // strings as they are
  EXPECT_EQ(s.name(), "my \"run\"");
  EXPECT_EQ(*GetOverride(s, "periods"), "30");
  EXPECT_EQ(*GetOverride(s, "name"), "\"my \\\"run\\\"\"");  // text format quotes strings
}

TEST(Override, InstrumentShorthandOnDefaultMarket) {
  scenario::Scenario s;  // empty market: the runner's default
  ASSERT_TRUE(ApplyOverride(&s, "NDPR-OX.floor.hard.price", "125").ok());
  absl::StatusOr<config::Market> def = ParseMarketConfig(DefaultMarketText(), "<default market>");
  ASSERT_TRUE(def.ok());
  ASSERT_EQ(s.market().instruments_size(), def->instruments_size());
  bool found = false;
  for (const auto& i : s.market().instruments()) {
    if (i.symbol() == "NDPR-OX") {
      found = true;
      EXPECT_EQ(i.floor().hard().price(), 125);
      EXPECT_GT(i.floor().stockpile().budget(), 0);  // the rest of the default is kept
    }
  }
  EXPECT_TRUE(found);
  ASSERT_TRUE(ApplyOverride(&s, "NDPR-OX.floor.stockpile.budget", "1e9").ok());
  EXPECT_EQ(*GetOverride(s, "NDPR-OX.floor.stockpile.budget"), "1000000000");
  ASSERT_TRUE(ApplyOverride(&s, "NDPR-OX.non_member_origin.tariff_rate", "0.4").ok());
  EXPECT_EQ(*GetOverride(s, "market.instruments[NDPR-OX].non_member_origin.tariff_rate"), "0.4");
  ASSERT_TRUE(ApplyOverride(&s, "NDPR-OX.floor.hard.sell_below", "REPRICE").ok());
  EXPECT_EQ(*GetOverride(s, "NDPR-OX.floor.hard.sell_below"), "REPRICE");
  ASSERT_TRUE(ApplyOverride(&s, "NDPR-OX.non_member_origin.kind", "0").ok());
  EXPECT_EQ(*GetOverride(s, "NDPR-OX.non_member_origin.kind"), "DENY");
  ASSERT_TRUE(ApplyOverride(&s, "market.stockpile_total_budget", "2e10").ok());
  EXPECT_EQ(s.market().stockpile_total_budget(), 2e10);
  // By index too.
  ASSERT_TRUE(ApplyOverride(&s, "market.instruments[0].tick_size", "0.5").ok());
  EXPECT_EQ(s.market().instruments(0).tick_size(), 0.5);
}

TEST(Override, RepeatedGroupsByNameAndRepeatedScalarsByIndex) {
  scenario::Scenario s;
  auto* g = s.add_sellers();
  g->set_name("outside");
  g->set_capacity(10);
  g->add_roles(config::Role(1));
  g->add_roles(config::Role(2));
  s.add_sellers()->set_name("member");
  ASSERT_TRUE(ApplyOverride(&s, "sellers[outside].capacity", "250").ok());
  EXPECT_EQ(s.sellers(0).capacity(), 250);
  ASSERT_TRUE(ApplyOverride(&s, "sellers[1].cost.first", "12.5").ok());
  EXPECT_EQ(s.sellers(1).cost().first(), 12.5);
  // A repeated scalar element is replaced in place; the others stay.
  const std::string first_role = config::Role_Name(config::Role(1));
  ASSERT_TRUE(ApplyOverride(&s, "sellers[outside].roles[1]", first_role).ok());
  ASSERT_EQ(s.sellers(0).roles_size(), 2);
  EXPECT_EQ(s.sellers(0).roles(0), config::Role(1));
  EXPECT_EQ(s.sellers(0).roles(1), config::Role(1));
}

TEST(Override, ClearErrors) {
  scenario::Scenario s;
  s.add_sellers()->set_name("outside");
  struct Case {
    const char* path;
    const char* value;
    const char* says;
  };
  const Case cases[] = {
      {"perods", "3", "unknown field \"perods\" in Scenario (scenario fields: name,"},
      {"NOPE.floor.hard.price", "1", "or an instrument symbol: "},
      {"NDPR-OX.floor.hard.prize", "1",
       "unknown field \"prize\" in HardFloor (fields: price, sell_below)"},
      {"NDPR-OX.floor.hard", "1", "hard is a message (HardFloor); name one of its fields: price"},
      {"NDPR-OX.floor.hard.price.x", "1", "price is a value, not a message"},
      {"sellers.capacity", "1", "sellers is repeated: pick an element"},
      {"sellers[inside].capacity", "1", "no element \"inside\" in sellers (outside)"},
      {"sellers[5].capacity", "1", "index 5 out of range (sellers has 1 elements)"},
      {"sellers[outside].roles[0]", "MINER", "no element 0 in roles (it has 0)"},
      {"periods[0]", "1", "periods is not repeated"},
      {"periods", "-3", "\"-3\" is not a uint32"},
      {"periods", "ten", "\"ten\" is not a uint32 (Expected integer, got: ten)"},
      {"periods", "3 4", "\"3 4\" is not a uint32"},
      {"NDPR-OX.floor.hard.price", "cheap", "\"cheap\" is not a double"},
      {"NDPR-OX.floor.hard.price", "inf", "\"inf\" is not a finite number"},
      {"NDPR-OX.floor.hard.sell_below", "MAYBE", "is not one of REJECT, REPRICE"},
      {"NDPR-OX.floor.hard.sell_below", "7", "\"7\" is not one of REJECT, REPRICE"},
      {"", "1", "empty path"},
      {"NDPR-OX.floor..price", "1", "empty path segment"},
      {"sellers[outside.capacity", "1", "missing ']'"},
  };
  for (const Case& c : cases) {
    scenario::Scenario copy = s;
    absl::Status st = ApplyOverride(&copy, c.path, c.value);
    ASSERT_FALSE(st.ok()) << c.path;
    EXPECT_NE(st.message().find(c.says), std::string::npos) << c.path << ": " << st.message();
    EXPECT_NE(st.message().find(c.path), std::string::npos) << "path not named: " << st.message();
    EXPECT_EQ(copy.SerializeAsString(), s.SerializeAsString()) << "changed on error: " << c.path;
  }
}

TEST(ParamUnit, FromTheInstrumentAndTheFieldName) {
  scenario::Scenario s;
  auto* g = s.add_sellers();
  g->set_name("cn-miner");
  g->set_instrument("NDPR-OX");
  const InstrumentInfos infos = {{"NDPR-OX", {"NDPR-OX", "NdPr oxide", "kg", "USD"}},
                                 {"LI2CO3", {"LI2CO3", "Lithium carbonate", "t", "EUR"}}};
  EXPECT_EQ(ParamUnit(s, "NDPR-OX.floor.hard.price", infos), "USD/kg");
  EXPECT_EQ(ParamUnit(s, "market.instruments[NDPR-OX].floor.support.floor", infos), "USD/kg");
  EXPECT_EQ(ParamUnit(s, "NDPR-OX.floor.stockpile.budget", infos), "USD");
  EXPECT_EQ(ParamUnit(s, "sellers[cn-miner].capacity", infos), "kg");
  EXPECT_EQ(ParamUnit(s, "sellers[cn-miner].cost.first", infos), "USD/kg");
  EXPECT_EQ(ParamUnit(s, "NDPR-OX.non_member_origin.tariff_rate", infos), "");  // a rate
  EXPECT_EQ(ParamUnit(s, "periods", infos), "");
  EXPECT_EQ(ParamUnit(s, "no.such.path", infos), "");
}

}  // namespace
}  // namespace ftz::sim
