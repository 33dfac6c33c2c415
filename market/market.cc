#include "market/market.h"

#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "market_config/market_config.h"

namespace ftz {

template class BasicEngine<FloorPolicy>;
static_assert(PolicyHook<FloorPolicy>);

Market::Market(MarketRules rules, EngineOptions options)
    : engine_(options, FloorPolicy(std::move(rules))) {}

absl::StatusOr<std::unique_ptr<Market>> Market::FromRules(MarketRules rules,
                                                          EngineOptions options) {
  std::unique_ptr<Market> market(new Market(std::move(rules), options));
  for (const InstrumentRules& ins : market->rules().instruments) {
    absl::StatusOr<InstrumentId> id = market->engine_.AddInstrument(ins.spec);
    if (!id.ok()) return id.status();
  }
  for (InstrumentId id = 0; id < market->engine_.instrument_count(); ++id) {
    market->RefreshStockpile(id, market->opening_);
  }
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
  return policy().DescribeReject(rejected.instrument, rejected.rejected);
}

absl::Status Market::Restore(const EngineImage& image, const FloorPolicyState& policy) {
  EventBuffer dropped;
  for (InstrumentId id = 0; id < engine_.instrument_count(); ++id) {
    engine_.CancelWhere(
        id, CancelReason::kPolicy, [](const Order&) { return true; }, dropped);
  }
  if (absl::Status s = engine_.policy().RestoreState(policy); !s.ok()) return s;
  return RestoreImage(image, engine_);
}

void Market::Orchestrate(const Command& cmd, EventBuffer& out) {
  switch (cmd.kind) {
    case CommandKind::kEndPeriod:
      return EndPeriod(cmd, out);
    case CommandKind::kResume:
      return Resume(cmd, out);
    case CommandKind::kSetFloor:
      return SetFloor(cmd, out);
    case CommandKind::kSetTariff:
      return SetTariff(cmd, out);
    default:
      return engine_.Submit(cmd, out);
  }
}

void Market::EndPeriod(const Command& cmd, EventBuffer& out) {
  engine_.Submit(cmd, out);  // DAY orders expire
  for (InstrumentId id : engine_.policy().ClosePeriod(out)) CancelBelowFloor(id, out);
  for (InstrumentId id = 0; id < engine_.instrument_count(); ++id) RefreshStockpile(id, out);
}

void Market::Resume(const Command& cmd, EventBuffer& out) {
  const bool was_halted =
      cmd.instrument < engine_.instrument_count() && engine_.book(cmd.instrument).halted();
  engine_.Submit(cmd, out);
  // Refreshes skipped while halted happen now.
  if (was_halted) RefreshStockpile(cmd.instrument, out);
}

void Market::SetFloor(const Command& cmd, EventBuffer& out) {
  // The engine refuses what it cannot run: UNKNOWN_INSTRUMENT, or BAD_COMMAND.
  if (cmd.instrument >= engine_.instrument_count() || cmd.price < 0) {
    return engine_.Submit(cmd, out);
  }
  if (policy().floor(cmd.instrument) == cmd.price) return;  // unchanged: nothing to do
  engine_.policy().SetFloor(cmd.instrument, cmd.price, FloorChangeCause::kAdmin, out);
  CancelBelowFloor(cmd.instrument, out);
  RefreshStockpile(cmd.instrument, out);
}

void Market::SetTariff(const Command& cmd, EventBuffer& out) {
  if (cmd.instrument >= engine_.instrument_count() || cmd.qty < 0) {
    return engine_.Submit(cmd, out);
  }
  engine_.policy().SetTariff(cmd.instrument, cmd.qty, out);
}

void Market::CancelBelowFloor(InstrumentId id, EventBuffer& out) {
  const Price floor = policy().floor(id);
  engine_.CancelWhere(
      id, CancelReason::kFloorRaised, [floor](const Order& o) { return o.price < floor; }, out);
}

void Market::RefreshStockpile(InstrumentId id, EventBuffer& out) {
  const std::optional<ParticipantId> stockpile = rules().stockpile;
  if (!stockpile || !policy().instrument(id).stockpile) return;
  if (engine_.book(id).halted()) return;  // it could place nothing: refreshed when it resumes
  engine_.CancelWhere(
      id, CancelReason::kPolicy, [&](const Order& o) { return o.participant == *stockpile; }, out);
  Qty placed[2] = {0, 0};
  for (const Side side : {Side::kBuy, Side::kSell}) {
    // The ask is sized once the bid is placed: the bid may have bought on arrival.
    const std::optional<Command> order =
        side == Side::kBuy ? policy().StockpileBid(id) : policy().StockpileAsk(id);
    if (!order) continue;
    const OrderId next = engine_.next_order_id();
    engine_.Submit(*order, out);
    // Report what stands now: the order may have been refused or have traded on arrival.
    const Order* rests = engine_.next_order_id() != next ? engine_.FindOrder(next) : nullptr;
    placed[static_cast<int>(order->side)] = rests ? rests->leaves : 0;
  }
  policy().ReportStockpile(id, placed[0], placed[1], out);
}

}  // namespace ftz
