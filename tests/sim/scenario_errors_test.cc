// A scenario file's mistakes are reported before anything runs, naming the file, the line
// and the field (ctest label: sim).
#include <string>

#include "absl/strings/str_replace.h"
#include "gtest/gtest.h"
#include "sim/runner.h"

namespace ftz::sim {
namespace {

constexpr char kScenario[] = R"(name: "errors"
periods: 2
steps_per_period: 10
market {
  jurisdictions { code: "US" ftz_member: true }
  instruments {
    symbol: "ORE" tick_size: 1 lot_size: 1 max_price: 1000
    buy_roles: [BUYER] sell_roles: [MINER]
    floor { hard { price: 50 } }
  }
}
sellers {
  name: "seller" instrument: "ORE" jurisdiction: "US" count: 2
  capacity: 10 cost { first: 40 last: 80 }
}
buyers {
  name: "buyer" instrument: "ORE" jurisdiction: "US" count: 2
  demand: 10 value { first: 120 last: 60 }
}
)";

std::string ErrorOf(const std::string& from, const std::string& to) {
  const std::string text = absl::StrReplaceAll(kScenario, {{from, to}});
  absl::StatusOr<scenario::Scenario> s = ParseScenario(text, "x.txtpb");
  EXPECT_FALSE(s.ok()) << to;
  return s.ok() ? "" : std::string(s.status().message());
}

TEST(ScenarioErrors, TheValidOneParses) { EXPECT_TRUE(ParseScenario(kScenario, "x.txtpb").ok()); }

TEST(ScenarioErrors, MarketFieldsWithTheirLines) {
  EXPECT_EQ(ErrorOf("hard { price: 50 }", "hard { price: -5 }"),
            "x.txtpb: line 9: market.instruments[0] (ORE).floor.hard.price: -5 is below zero");
  EXPECT_EQ(ErrorOf("tick_size: 1 ", "tick_size: 0 "),
            "x.txtpb: line 7: market.instruments[0] (ORE).tick_size: must be above zero");
}

TEST(ScenarioErrors, ScenarioFieldsWithTheirLines) {
  EXPECT_EQ(ErrorOf("capacity: 10 ", "capacity: -1 "),
            "x.txtpb: line 14: sellers[0] (seller).capacity: must be above zero");
  EXPECT_EQ(ErrorOf("demand: 10 value { first: 120", "demand: 10 value { first: 20"),
            "x.txtpb: line 18: buyers[0] (buyer).value: needs first >= last > 0");
  // A parse error has its line and column from the parser.
  EXPECT_EQ(ErrorOf("periods: 2", "periods: two").rfind("x.txtpb: line 2:", 0), 0u);
}

}  // namespace
}  // namespace ftz::sim
