// Golden scenarios: replays every tests/matching/golden/*.txt through a fresh engine, and
// again through the naive twin (reference_engine.h), and compares each command's events
// with the expected lines in the file.
//
// File format (parsed by ftz::ParseScenario, matching/scenario.h):
//   # comment lines and blank lines are ignored
//   INSTRUMENT sym=CU min=1 max=100000 max_qty=1000   books, ids 0, 1, ... in order
//   > NEW p=1 i=0 BUY LIMIT px=100 qty=10 cid=7       a command (ftz::ParseCommand)
//   ACCEPTED i=0 id=1 cid=7 p=1 BUY LIMIT GTC px=100 qty=10
//   LEVEL i=0 BUY px=100 qty=10 orders=1             its events, exactly, in order
//   > CANCEL p=1 id=1                                 the next command, ...
// A command with no event lines after it must emit no events.
//
// Each scenario's expectations were written by hand from docs/matching.md. To rewrite
// them from the engine's output (e.g. after a deliberate format change), run
//   golden_test --update      (or FTZ_GOLDEN_UPDATE=1 ctest -R golden)
// and then READ the diff against the doc before committing it.
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "gtest/gtest.h"
#include "matching/engine.h"
#include "matching/scenario.h"
#include "tests/matching/reference_engine.h"
#include "vocabulary/text_format.h"

#ifndef FTZ_GOLDEN_DIR
#error "FTZ_GOLDEN_DIR must name the folder of golden scenarios"
#endif

namespace ftz::testing {
namespace {

bool g_update = false;

// The folder: FTZ_GOLDEN_DIR from the environment, else the one compiled in.
std::string GoldenDir() {
  const char* env = std::getenv("FTZ_GOLDEN_DIR");
  return env != nullptr && env[0] != '\0' ? env : FTZ_GOLDEN_DIR;
}

std::vector<std::string> GoldenFiles() {
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(GoldenDir())) {
    if (entry.path().extension() == ".txt") files.push_back(entry.path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The file with every step's event lines replaced by `actual`; other lines kept.
std::string Rewrite(const std::string& text, const std::vector<std::vector<std::string>>& actual) {
  std::string out;
  size_t step = 0;
  std::vector<std::string> lines = absl::StrSplit(text, '\n');
  if (!lines.empty() && lines.back().empty()) lines.pop_back();
  for (const std::string& line : lines) {
    if (IsEventLine(line)) continue;
    absl::StrAppend(&out, line, "\n");
    if (absl::StartsWith(absl::StripLeadingAsciiWhitespace(line), ">")) {
      for (const std::string& e : actual[step]) absl::StrAppend(&out, e, "\n");
      ++step;
    }
  }
  return out;
}

class GoldenTest : public ::testing::TestWithParam<std::string> {
 protected:
  void ExpectSteps(const Scenario& scenario,
                   const std::vector<std::vector<std::string>>& actual) const {
    for (size_t i = 0; i < scenario.steps.size(); ++i) {
      const ScenarioStep& step = scenario.steps[i];
      EXPECT_EQ(absl::StrJoin(actual[i], "\n"), absl::StrJoin(step.expected, "\n"))
          << GetParam() << ":" << step.line << ": > " << step.text;
    }
  }
};

TEST_P(GoldenTest, Replays) {
  const std::string path = GetParam();
  const std::string text = ReadFile(path);
  absl::StatusOr<Scenario> scenario = ParseScenario(text);
  ASSERT_TRUE(scenario.ok()) << path << ": " << scenario.status();
  ASSERT_FALSE(scenario->instruments.empty()) << path << ": no INSTRUMENT";
  ASSERT_FALSE(scenario->steps.empty()) << path << ": no steps";
  Engine engine;
  absl::StatusOr<std::vector<std::vector<std::string>>> actual = RunScenario(*scenario, engine);
  ASSERT_TRUE(actual.ok()) << path << ": " << actual.status();
  if (g_update) {
    std::ofstream(path) << Rewrite(text, *actual);
    GTEST_SKIP() << "rewrote " << path;
  }
  ExpectSteps(*scenario, *actual);
  EXPECT_TRUE(engine.Validate().ok()) << path;
}

// The naive twin, written from docs/matching.md alone, must tell the same story.
TEST_P(GoldenTest, NaiveTwinReplays) {
  absl::StatusOr<Scenario> scenario = ParseScenario(ReadFile(GetParam()));
  ASSERT_TRUE(scenario.ok()) << scenario.status();
  ReferenceEngine twin;
  for (const InstrumentSpec& spec : scenario->instruments) twin.AddInstrument(spec);
  std::vector<Event> events;
  const std::vector<std::vector<std::string>> actual =
      RunSteps(*scenario, [&](const Command& cmd, EventBuffer& out) {
        events.clear();
        twin.Submit(cmd, events);
        for (const Event& e : events) out.Append(e.kind, e.instrument) = e;
      });
  ExpectSteps(*scenario, actual);
  EXPECT_EQ(twin.CheckIndex(), "") << GetParam();
}

INSTANTIATE_TEST_SUITE_P(Files, GoldenTest, ::testing::ValuesIn(GoldenFiles()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           std::string name = std::filesystem::path(info.param).stem().string();
                           for (char& c : name) {
                             if (!isalnum(static_cast<unsigned char>(c))) c = '_';
                           }
                           return name;
                         });

// The replay comparison must notice a wrong, missing or extra expected line.
TEST(GoldenSelfTest, DetectsWrongExpectations) {
  const std::string good =
      "INSTRUMENT sym=CU min=1 max=1000 max_qty=10\n"
      "> NEW p=1 BUY px=100 qty=5\n"
      "ACCEPTED i=0 id=1 p=1 BUY LIMIT GTC px=100 qty=5\n"
      "LEVEL i=0 BUY px=100 qty=5 orders=1\n";
  auto matches = [](const std::string& text) {
    absl::StatusOr<Scenario> s = ParseScenario(text);
    EXPECT_TRUE(s.ok()) << s.status();
    Engine engine;
    absl::StatusOr<std::vector<std::vector<std::string>>> actual = RunScenario(*s, engine);
    EXPECT_TRUE(actual.ok());
    return (*actual)[0] == s->steps[0].expected;
  };
  EXPECT_TRUE(matches(good));
  std::string wrong = good;
  wrong.replace(wrong.find("qty=5 orders"), 5, "qty=6");
  EXPECT_FALSE(matches(wrong));
  EXPECT_FALSE(matches(good.substr(0, good.find("LEVEL"))));
  EXPECT_FALSE(matches(good + "LEVEL i=0 BUY px=100 qty=5 orders=1\n"));
  // --update's rewrite keeps comments and commands and replaces only event lines.
  EXPECT_EQ(Rewrite("# c\nINSTRUMENT sym=A\n> END_PERIOD\nLEVEL stale\n# d\n", {{"X 1"}}),
            "# c\nINSTRUMENT sym=A\n> END_PERIOD\nX 1\n# d\n");
}

// The folder must hold the hand-written scenarios (a missing folder would pass vacuously).
TEST(GoldenFiles, AtLeastTen) { EXPECT_GE(GoldenFiles().size(), 10u); }

}  // namespace
}  // namespace ftz::testing

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--update") == 0) ftz::testing::g_update = true;
  }
  if (const char* v = std::getenv("FTZ_GOLDEN_UPDATE"); v != nullptr && v[0] == '1') {
    ftz::testing::g_update = true;
  }
  return RUN_ALL_TESTS();
}
