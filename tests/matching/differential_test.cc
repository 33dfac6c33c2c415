// Differential test: the fast engine and the simple reference engine (reference_engine.h,
// written from docs/matching.md) are fed the same seeded random streams of every command
// kind; every event must agree field by field, and the state hashes must agree.
//
// Normal suite: 10 seeds x 100k commands = 1M commands. FTZ_TEST_COMMANDS=<n> sets the
// commands per seed (smaller for sanitizer builds, larger for soak runs).
#include <cstdio>
#include <cstdlib>
#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "matching/engine.h"
#include "tests/matching/random_stream.h"
#include "tests/matching/reference_engine.h"
#include "tests/matching/test_util.h"
#include "vocabulary/text_format.h"

namespace ftz::testing {
namespace {

constexpr int kHashEvery = 8;
constexpr int kValidateEvery = 4096;

std::string Context(const std::vector<Event>& events, size_t mark) {
  std::string s;
  for (size_t i = 0; i < events.size(); ++i) {
    absl::StrAppend(&s, i == mark ? "  >> " : "     ", FormatEvent(events[i]), "\n");
  }
  return s;
}

struct DiffParam {
  uint64_t seed;
  RandomStream::Profile profile;
  int64_t commands;  // default commands for this seed (FTZ_TEST_COMMANDS overrides)
};

void PrintTo(const DiffParam& p, std::ostream* os) {
  *os << (p.profile == RandomStream::Profile::kDeep ? "deep" : "normal") << " seed " << p.seed;
}

class DifferentialTest : public ::testing::TestWithParam<DiffParam> {};

TEST_P(DifferentialTest, EngineMatchesReference) {
  const uint64_t seed = GetParam().seed;
  const int64_t commands = CommandsPerSeed(GetParam().commands);
  // Odd seeds start with a tiny pool so that its growth is exercised too.
  Engine engine(EngineOptions{.expected_orders = seed % 2 ? size_t{4} : size_t{1} << 16});
  ReferenceEngine ref;
  for (const InstrumentSpec& spec : RandomStream::Instruments()) {
    ASSERT_TRUE(engine.AddInstrument(spec).ok());
    ref.AddInstrument(spec);
  }
  RandomStream stream(seed, GetParam().profile);
  EventBuffer fast;
  std::vector<Event> slow;
  std::vector<Command> recent;  // the last few commands, for the failure message
  int64_t events = 0, trades = 0, rejects = 0;
  std::map<std::string, int64_t> tally;  // event kinds and reasons seen
  size_t max_resting = 0;
  const bool trace = std::getenv("FTZ_DIFF_TRACE") != nullptr;  // prints the book depth
  for (int64_t n = 0; n < commands; ++n) {
    InstrumentId admin_instrument;
    bool halted;
    if (stream.NextAdmin(&admin_instrument, &halted)) {
      ASSERT_TRUE(engine.SetHalted(admin_instrument, halted).ok());
      ref.SetHalted(admin_instrument, halted);
    }
    const Command cmd = stream.Next();
    if (recent.size() == 8) recent.erase(recent.begin());
    recent.push_back(cmd);
    fast.Clear();
    slow.clear();
    engine.Submit(cmd, fast);
    ref.Submit(cmd, slow);
    const std::vector<Event> got(fast.begin(), fast.end());
    auto where = [&](size_t mark) {
      std::string s = absl::StrCat("seed ", seed, " command #", n, "\nlast commands:\n");
      for (const Command& c : recent) absl::StrAppend(&s, "  ", FormatCommand(c), "\n");
      absl::StrAppend(&s, "engine events:\n", Context(got, mark), "reference events:\n",
                      Context(slow, mark));
      return s;
    };
    for (size_t i = 0; i < std::min(got.size(), slow.size()); ++i) {
      const std::string diff = EventDiff(got[i], slow[i]);
      ASSERT_EQ(diff, "") << "first divergence at event " << i << "\n" << where(i);
    }
    ASSERT_EQ(got.size(), slow.size()) << "event counts differ\n" << where(got.size());
    for (const Event& e : got) {
      stream.Observe(e);
      trades += e.kind == EventKind::kTrade;
      rejects += e.kind == EventKind::kRejected;
      if (e.kind == EventKind::kRejected) {
        ++tally[absl::StrCat("REJECTED ", ToString(e.rejected.command), " ",
                             ToString(e.rejected.reason))];
      } else if (e.kind == EventKind::kCancelled) {
        ++tally[absl::StrCat("CANCELLED ", ToString(e.cancelled.reason))];
      } else if (e.kind == EventKind::kReplaced) {
        ++tally[e.replaced.priority_kept ? "REPLACED kept" : "REPLACED lost"];
      } else {
        ++tally[ToString(e.kind)];
      }
    }
    events += static_cast<int64_t>(got.size());
    if (trace && n % 2000 == 0) {
      std::printf("seed %llu #%lld: %zu resting\n", static_cast<unsigned long long>(seed),
                  static_cast<long long>(n), engine.resting_orders());
    }
    if (n % kHashEvery == 0 || n + 1 == commands) {
      ASSERT_EQ(engine.StateHash(), ref.StateHash()) << "state hash differs\n" << where(0);
    }
    if (n % kValidateEvery == 0 || n + 1 == commands) {
      const absl::Status s = engine.Validate();
      ASSERT_TRUE(s.ok()) << s << "\n" << where(0);
      ASSERT_EQ(ref.CheckIndex(), "") << where(0);
      ASSERT_EQ(engine.resting_orders(), stream.live()) << where(0);
      max_resting = std::max(max_resting, engine.resting_orders());
    }
  }
  if (seed == 1 || seed == 101) {
    std::string summary = absl::StrCat("seed ", seed, ": ", commands, " commands, ", events,
                                       " events, at most ", max_resting, " resting\n");
    for (const auto& [what, count] : tally)
      absl::StrAppend(&summary, "  ", what, ": ", count, "\n");
    for (InstrumentId i = 0; i < engine.instrument_count(); ++i) {
      absl::StrAppend(&summary, "  book ", i, " ladder windows: bids ",
                      engine.book(i).bids().window_size(), " asks ",
                      engine.book(i).asks().window_size(), "\n");
    }
    absl::StrAppend(&summary, "  resting at end: ", engine.resting_orders(), "\n");
    std::printf("%s", summary.c_str());
  }
  // The stream must actually exercise every path.
  for (const char* must : {"TRADE",
                           "EXPIRED",
                           "REPLACED kept",
                           "REPLACED lost",
                           "CANCELLED USER",
                           "CANCELLED MASS_CANCEL",
                           "CANCELLED SELF_TRADE",
                           "CANCELLED UNFILLED",
                           "REJECTED NEW FOK_NOT_FILLABLE",
                           "REJECTED NEW POST_ONLY_WOULD_CROSS",
                           "REJECTED NEW BAD_PRICE",
                           "REJECTED NEW BAD_QUANTITY",
                           "REJECTED NEW UNKNOWN_INSTRUMENT",
                           "REJECTED NEW HALTED",
                           "REJECTED NEW DUPLICATE_CLIENT_ID",
                           "REJECTED NEW BAD_COMMAND",
                           "REJECTED CANCEL UNKNOWN_ORDER",
                           "REJECTED CANCEL NOT_YOUR_ORDER",
                           "REJECTED REPLACE NOT_YOUR_ORDER",
                           "REJECTED REPLACE HALTED",
                           "REJECTED REPLACE BAD_PRICE",
                           "REJECTED REPLACE BAD_QUANTITY",
                           "REJECTED REPLACE POST_ONLY_WOULD_CROSS",
                           "REJECTED MASS_CANCEL UNKNOWN_INSTRUMENT"}) {
    if (GetParam().profile == RandomStream::Profile::kNormal && commands >= 50000) {
      EXPECT_GT(tally[must], 0) << must << " never happened";
    }
  }
  EXPECT_GT(trades, commands / 20);
  EXPECT_GT(rejects, commands / 50);
  EXPECT_GT(events, commands);
  for (InstrumentId i = 0; i < engine.instrument_count(); ++i) {
    RecordProperty(absl::StrCat("window_", i),
                   static_cast<int>(engine.book(i).bids().window_size()));
  }
}

// 8 x 100k normal + 4 x 50k deep = 1M commands.
std::vector<DiffParam> Params() {
  std::vector<DiffParam> params;
  for (uint64_t seed = 1; seed <= 8; ++seed) {
    params.push_back({seed, RandomStream::Profile::kNormal, 100000});
  }
  for (uint64_t seed = 101; seed <= 104; ++seed) {
    params.push_back({seed, RandomStream::Profile::kDeep, 50000});
  }
  return params;
}

INSTANTIATE_TEST_SUITE_P(Streams, DifferentialTest, ::testing::ValuesIn(Params()),
                         [](const ::testing::TestParamInfo<DiffParam>& info) {
                           return absl::StrCat(info.param.profile == RandomStream::Profile::kDeep
                                                   ? "deep"
                                                   : "normal",
                                               "_seed", info.param.seed);
                         });

// The ladder must have grown well beyond its initial 1024-tick window on some book.
TEST(DifferentialCoverage, StreamsForceLadderGrowth) {
  Engine engine;
  for (const InstrumentSpec& spec : RandomStream::Instruments()) {
    ASSERT_TRUE(engine.AddInstrument(spec).ok());
  }
  RandomStream stream(99);
  EventBuffer out;
  for (int n = 0; n < 20000; ++n) {
    out.Clear();
    engine.Submit(stream.Next(), out);
    for (const Event& e : out) stream.Observe(e);
  }
  size_t widest = 0;
  for (InstrumentId i = 0; i < engine.instrument_count(); ++i) {
    widest = std::max(
        {widest, engine.book(i).bids().window_size(), engine.book(i).asks().window_size()});
  }
  EXPECT_GT(widest, 4096u);
  EXPECT_TRUE(engine.Validate().ok());
}

}  // namespace
}  // namespace ftz::testing
