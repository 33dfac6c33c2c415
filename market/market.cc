#include "market/market.h"

#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "floor_policy/market_config.h"

namespace ftz {

Market::Market(MarketRules rules, EngineOptions options)
    : policy_(std::move(rules)), engine_(options) {}

absl::StatusOr<std::unique_ptr<Market>> Market::FromRules(MarketRules rules,
                                                          EngineOptions options) {
  std::unique_ptr<Market> market(new Market(std::move(rules), options));
  for (const InstrumentRules& ins : market->rules().instruments) {
    absl::StatusOr<InstrumentId> id = market->engine_.AddInstrument(ins.spec);
    if (!id.ok()) return id.status();
  }
  market->engine_.AttachPolicy(&market->policy_, market->opening_);
  return market;
}

absl::StatusOr<std::unique_ptr<Market>> Market::FromText(const std::string& text,
                                                         const std::string& origin,
                                                         EngineOptions options) {
  absl::StatusOr<MarketRules> rules = MarketRulesFromText(text, origin);
  if (!rules.ok()) return rules.status();
  return FromRules(*std::move(rules), options);
}

absl::StatusOr<std::unique_ptr<Market>> Market::Load(const std::string& path,
                                                     EngineOptions options) {
  if (path.empty()) return FromText(DefaultMarketText(), "<default market>", options);
  std::ifstream in(path);
  if (!in) return absl::NotFoundError(absl::StrCat(path, ": cannot open the file"));
  std::stringstream text;
  text << in.rdbuf();
  return FromText(text.str(), path, options);
}

std::unique_ptr<Market> Market::Default(EngineOptions options) {
  absl::StatusOr<std::unique_ptr<Market>> market = Load("", options);
  // The default config is checked by the tests; failing here is a build defect.
  if (!market.ok()) std::abort();
  return *std::move(market);
}

absl::StatusOr<ParticipantId> Market::Authenticate(const std::string& name,
                                                   const std::string& token) const {
  std::optional<ParticipantId> p = FindParticipant(name);
  if (!p || rules().participants[*p].token != token) {
    return absl::PermissionDeniedError("unknown participant or wrong token");
  }
  return *p;
}

bool Market::IsAdmin(ParticipantId p) const {
  return p < rules().participants.size() && rules().participants[p].admin;
}

std::string Market::DescribeReject(const Event& rejected) const {
  return policy_.DescribeReject(rejected.instrument, rejected.rejected);
}

}  // namespace ftz
