#include "apps/sim_flags.h"

#include <fstream>
#include <sstream>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "google/protobuf/text_format.h"
#include "market_config/market_config.h"
#include "sim/runner.h"

ABSL_FLAG(std::string, out, "", "directory for the output files (default: out/sim or out/sweep)");
ABSL_FLAG(uint64_t, seed, 0, "random seed (0: the scenario's own seed)");
ABSL_FLAG(bool, quiet, false, "no progress bar");

namespace ftz::cli {

absl::StatusOr<scenario::Scenario> LoadScenario(const std::string& path, std::string* text,
                                                std::string* origin) {
  std::string t;
  std::string o;
  if (path.empty()) {
    t = sim::DefaultScenarioText();
    o = "<default scenario>";
  } else {
    std::ifstream in(path);
    if (!in) return absl::NotFoundError(absl::StrCat(path, ": cannot open"));
    std::stringstream ss;
    ss << in.rdbuf();
    t = ss.str();
    o = path;
  }
  absl::StatusOr<scenario::Scenario> s = sim::ParseScenario(t, o);
  if (text) *text = t;
  if (origin) *origin = o;
  return s;
}

std::string ScenarioTextWithMarket(const std::string& text) {
  // The text as written (ParseScenario fills in the default market, so look at the raw
  // parse): a market with instruments is left alone.
  scenario::Scenario raw;
  if (!google::protobuf::TextFormat::ParseFromString(text, &raw) ||
      raw.market().instruments_size() > 0) {
    return text;
  }
  std::string market = "  " + absl::StrReplaceAll(DefaultMarketText(), {{"\n", "\n  "}});
  while (!market.empty() && (market.back() == ' ' || market.back() == '\n')) market.pop_back();
  return absl::StrCat(
      text, text.empty() || text.back() == '\n' ? "" : "\n",
      "\n# The market: the embedded default market (market_config/default_market.txtpb),\n"
      "# written out here so its floors, tariffs and budgets can be edited.\n"
      "market {\n",
      market, "\n}\n");
}

sim::InstrumentInfos ScenarioInstrumentInfos(const scenario::Scenario& scenario) {
  if (scenario.market().instruments_size() > 0) {
    return sim::InstrumentInfosFromMarket(scenario.market());
  }
  absl::StatusOr<config::Market> m = ParseMarketConfig(DefaultMarketText(), "<default market>");
  return m.ok() ? sim::InstrumentInfosFromMarket(*m) : sim::InstrumentInfos{};
}

std::string CommandLine(int argc, char** argv) {
  std::string out;
  for (int i = 0; i < argc; ++i) {
    std::string a = argv[i];
    if (i) out += ' ';
    if (i > 0 && (a.empty() || a.find_first_of(" \t\"'$;&|<>*?") != std::string::npos)) {
      absl::StrAppend(&out, "'", absl::StrReplaceAll(a, {{"'", "'\\''"}}), "'");
    } else {
      out += a;
    }
  }
  return out;
}

}  // namespace ftz::cli
