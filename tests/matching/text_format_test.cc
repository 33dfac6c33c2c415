// The text format: command parsing (and its errors), FormatCommand round trips, and the
// scenario parser used by the golden tests.
#include "vocabulary/text_format.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "matching/scenario.h"

namespace ftz {
namespace {

using ::testing::HasSubstr;

TEST(ParseCommandTest, NewOrderWithEveryField) {
  absl::StatusOr<Command> c = ParseCommand(
      "NEW p=1 i=2 SELL LIMIT px=100 qty=10 cid=7 tif=DAY stp=CANCEL_OLDEST post_only origin=AU");
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->kind, CommandKind::kNewOrder);
  EXPECT_EQ(c->participant, 1u);
  EXPECT_EQ(c->instrument, 2u);
  EXPECT_EQ(c->side, Side::kSell);
  EXPECT_EQ(c->type, OrderType::kLimit);
  EXPECT_EQ(c->price, 100);
  EXPECT_EQ(c->qty, 10);
  EXPECT_EQ(c->client_id, 7u);
  EXPECT_EQ(c->tif, TimeInForce::kDay);
  EXPECT_EQ(c->stp, StpMode::kCancelOldest);
  EXPECT_TRUE(c->post_only);
  EXPECT_EQ(c->origin, MakeJurisdiction('A', 'U'));
  EXPECT_FALSE(c->filter_instrument);
  EXPECT_FALSE(c->filter_side);
}

TEST(ParseCommandTest, DefaultsAndMarket) {
  absl::StatusOr<Command> c = ParseCommand("NEW qty=3");
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->participant, 0u);
  EXPECT_EQ(c->side, Side::kBuy);
  EXPECT_EQ(c->tif, TimeInForce::kGtc);
  EXPECT_EQ(c->stp, StpMode::kNone);
  absl::StatusOr<Command> m = ParseCommand("NEW p=1 SELL MARKET qty=3");
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->type, OrderType::kMarket);
  EXPECT_EQ(m->tif, TimeInForce::kIoc);
  EXPECT_EQ(ParseCommand("NEW p=1 MARKET qty=3 tif=FOK")->tif, TimeInForce::kFok);
}

TEST(ParseCommandTest, CancelReplaceMassCancelAdmin) {
  EXPECT_EQ(ParseCommand("CANCEL p=1 id=3")->order_id, 3u);
  EXPECT_EQ(ParseCommand("CANCEL p=1 cid=7")->client_id, 7u);
  absl::StatusOr<Command> r = ParseCommand("REPLACE p=1 id=3 px=101 qty=5");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->kind, CommandKind::kReplace);
  EXPECT_EQ(r->price, 101);
  EXPECT_EQ(r->qty, 5);
  absl::StatusOr<Command> m = ParseCommand("MASS_CANCEL p=4");
  ASSERT_TRUE(m.ok());
  EXPECT_FALSE(m->filter_instrument);
  EXPECT_FALSE(m->filter_side);
  m = ParseCommand("MASS_CANCEL p=4 i=1 side=SELL");
  ASSERT_TRUE(m.ok());
  EXPECT_TRUE(m->filter_instrument);
  EXPECT_EQ(m->instrument, 1u);
  EXPECT_TRUE(m->filter_side);
  EXPECT_EQ(m->side, Side::kSell);
  EXPECT_EQ(ParseCommand("END_PERIOD")->kind, CommandKind::kEndPeriod);
  EXPECT_EQ(ParseCommand("HALT i=1")->kind, CommandKind::kHalt);
  EXPECT_EQ(ParseCommand("RESUME i=1")->instrument, 1u);
}

TEST(ParseCommandTest, ErrorsNameTheBadToken) {
  struct Case {
    const char* line;
    const char* token;
  };
  for (const Case& c : {Case{"BUY p=1", "'BUY'"}, Case{"NEW p=x", "'p=x'"},
                        Case{"NEW px=1.5", "'px=1.5'"}, Case{"NEW qty=", "'qty='"},
                        Case{"NEW tif=GTD", "'tif=GTD'"}, Case{"NEW stp=OLDEST", "'stp=OLDEST'"},
                        Case{"NEW side=UP", "'side=UP'"}, Case{"NEW colour=red", "'colour=red'"},
                        Case{"NEW fast", "'fast'"}, Case{"NEW p=-1", "'p=-1'"},
                        Case{"NEW qty=99999999999999999999", "'qty=99999999999999999999'"},
                        Case{"NEW origin=USA", "'origin=USA'"}}) {
    absl::StatusOr<Command> got = ParseCommand(c.line);
    ASSERT_FALSE(got.ok()) << c.line;
    EXPECT_THAT(got.status().message(), HasSubstr(c.token)) << c.line;
  }
  EXPECT_FALSE(ParseCommand("").ok());
  EXPECT_FALSE(ParseCommand("   ").ok());
}

TEST(FormatCommandTest, RoundTrips) {
  for (const char* line :
       {"NEW p=1 i=0 BUY LIMIT px=100 qty=10 cid=7 tif=GTC stp=CANCEL_OLDEST post_only",
        "NEW p=2 i=1 SELL MARKET qty=5 tif=IOC",
        "NEW p=2 i=1 SELL LIMIT px=-3 qty=0 tif=FOK origin=AU", "CANCEL p=1 i=0 id=3",
        "CANCEL p=1 i=0 cid=7", "REPLACE p=1 i=2 id=3 px=101 qty=5", "MASS_CANCEL p=1",
        "MASS_CANCEL p=1 i=0 side=SELL", "END_PERIOD", "HALT i=1", "RESUME i=0",
        "SET_FLOOR i=0 px=100", "SET_TARIFF i=0 qty=250"}) {
    absl::StatusOr<Command> c = ParseCommand(line);
    ASSERT_TRUE(c.ok()) << line << ": " << c.status();
    EXPECT_EQ(FormatCommand(*c), line);
  }
}

TEST(ScenarioTest, ParsesInstrumentsStepsAndExpectations) {
  absl::StatusOr<Scenario> s = ParseScenario(
      "# comment\n"
      "INSTRUMENT sym=CU min=5 max=500 max_qty=7\n"
      "\n"
      "> NEW p=1 BUY px=100 qty=1\n"
      "ACCEPTED i=0 id=1 p=1 BUY LIMIT GTC px=100 qty=1\n"
      "  LEVEL i=0 BUY px=100 qty=1 orders=1\n"
      "> END_PERIOD\n");
  ASSERT_TRUE(s.ok()) << s.status();
  ASSERT_EQ(s->instruments.size(), 1u);
  EXPECT_EQ(s->instruments[0].symbol, "CU");
  EXPECT_EQ(s->instruments[0].min_price, 5);
  EXPECT_EQ(s->instruments[0].max_price, 500);
  EXPECT_EQ(s->instruments[0].max_qty, 7);
  ASSERT_EQ(s->steps.size(), 2u);
  EXPECT_EQ(s->steps[0].line, 4);
  EXPECT_EQ(s->steps[0].expected.size(), 2u);
  EXPECT_EQ(s->steps[0].expected[1], "LEVEL i=0 BUY px=100 qty=1 orders=1");
  EXPECT_TRUE(s->steps[1].expected.empty());
}

TEST(ScenarioTest, ErrorsNameTheLine) {
  EXPECT_THAT(ParseScenario("INSTRUMENT sym=A\n> NEW px=x\n").status().message(),
              HasSubstr("line 2"));
  EXPECT_THAT(ParseScenario("INSTRUMENT sym=A\nwhat is this\n").status().message(),
              HasSubstr("line 2"));
  EXPECT_THAT(ParseScenario("TRADE i=0\n").status().message(), HasSubstr("line 1"));
  EXPECT_THAT(ParseScenario("INSTRUMENT min=3\n").status().message(), HasSubstr("sym="));
  EXPECT_THAT(
      ParseScenario("INSTRUMENT sym=A\n> END_PERIOD\nINSTRUMENT sym=B\n").status().message(),
      HasSubstr("line 3"));
}

TEST(FormatEventTest, OneLinePerKind) {
  Event e{};
  e.kind = EventKind::kTrade;
  e.instrument = 1;
  e.trade = TradeEvent{.trade_id = 3,
                       .aggressor = Side::kBuy,
                       .price = 1884,
                       .qty = 100,
                       .maker = {5, 0, 2},
                       .taker = {7, 9, 1},
                       .maker_leaves = 0,
                       .taker_leaves = 50,
                       .duty = 0,
                       .top_up = 0};
  EXPECT_EQ(
      FormatEvent(e),
      "TRADE i=1 id=3 px=1884 qty=100 aggr=BUY maker=5/p2 taker=7/c9/p1 mleaves=0 tleaves=50");
  e.trade.duty = 4;
  EXPECT_THAT(FormatEvent(e), HasSubstr(" duty=4 topup=0"));
  e.kind = EventKind::kLevelChanged;
  e.level = LevelChangedEvent{.side = Side::kSell, .price = 10, .qty = 0, .orders = 0};
  EXPECT_EQ(FormatEvent(e), "LEVEL i=1 SELL px=10 qty=0 orders=0");
  EXPECT_TRUE(IsEventLine(FormatEvent(e)));
  EXPECT_FALSE(IsEventLine("> NEW p=1"));
}

TEST(FormatBookTest, ListsAsksHighToLowThenBids) {
  Engine engine;
  InstrumentSpec spec;
  spec.symbol = "CU";
  ASSERT_TRUE(engine.AddInstrument(spec).ok());
  EventBuffer out;
  for (const char* c :
       {"NEW p=1 BUY px=99 qty=2", "NEW p=2 BUY px=99 qty=3", "NEW p=1 SELL px=101 qty=1",
        "NEW p=1 SELL px=105 qty=4", "NEW p=3 BUY px=90 qty=1"}) {
    engine.Submit(*ParseCommand(c), out);
  }
  EXPECT_EQ(FormatBook(engine, 0),
            "BOOK i=0 CU\n"
            "  ASK px=105 qty=4 orders=1 : 4/p1:4\n"
            "  ASK px=101 qty=1 orders=1 : 3/p1:1\n"
            "  BID px=99 qty=5 orders=2 : 1/p1:2 2/p2:3\n"
            "  BID px=90 qty=1 orders=1 : 5/p3:1\n");
  EXPECT_THAT(FormatBook(engine, 4), HasSubstr("unknown instrument"));
}

}  // namespace
}  // namespace ftz
