#include "gateway/exchange.h"

#include <functional>
#include <vector>

#include <fstream>
#include <sstream>
#include "absl/container/flat_hash_map.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "gateway/market_exchange.h"
#include "journal/directory.h"
#include "market_config/market_config.h"
#include "matching/engine.h"

namespace ftz::gw {
namespace {

std::string DefaultRejectText(const Event& e) {
  const RejectedEvent& r = e.rejected;
  switch (r.reason) {
    case RejectReason::kBadPrice:
      return absl::StrFormat("price %d outside the band (limit %d)", r.price, r.limit);
    case RejectReason::kBadQuantity:
      return absl::StrFormat("quantity %d must be in [1, %d]", r.qty, r.limit);
    case RejectReason::kPostOnlyWouldCross:
      return absl::StrFormat("post-only price %d reaches the opposite best %d", r.price, r.limit);
    case RejectReason::kUnknownOrder:
      return absl::StrFormat("no resting order %d (client id %d)", r.order.order_id,
                             r.order.client_id);
    case RejectReason::kNotYourOrder:
      return absl::StrFormat("order %d belongs to another participant", r.order.order_id);
    default:
      return ToString(r.reason);
  }
}

// A small built-in market without floor rules, for the gateway's own tests.
class BuiltinExchange final : public Exchange {
 public:
  BuiltinExchange() {
    struct Spec {
      const char* symbol;
      double tick;
      double lot;
      const char* unit;
    };
    for (const Spec& s : {Spec{"NDPR", 0.01, 1000, "kg"}, Spec{"LI2CO3", 0.01, 1000, "kg"},
                          Spec{"COBALT", 0.01, 1000, "kg"}, Spec{"GALLIUM", 0.01, 100, "kg"}}) {
      InstrumentSpec spec;
      spec.symbol = s.symbol;
      spec.min_price = 1;
      spec.max_price = 1'000'000;
      spec.max_qty = 1'000'000;
      const InstrumentId id = *engine_.AddInstrument(spec);
      InstrumentDesc d;
      d.symbol = s.symbol;
      d.tick_size = s.tick;
      d.lot_size = s.lot;
      d.unit = s.unit;
      d.min_price = spec.min_price;
      d.max_price = spec.max_price;
      d.max_qty = spec.max_qty;
      by_symbol_[d.symbol] = id;
      instruments_.push_back(d);
    }
  }

  void Submit(const Command& cmd, EventBuffer& out) override { engine_.Submit(cmd, out); }

  absl::StatusOr<ParticipantId> Authenticate(const std::string& name,
                                             const std::string& token) const override {
    if (name == "admin") {
      if (token != "admin") return absl::PermissionDeniedError("bad token");
      return kAdmin;
    }
    uint32_t n = 0;
    if (name.size() < 2 || name[0] != 'p' || !absl::SimpleAtoi(name.substr(1), &n) || n < 1 ||
        n > 300 || name != absl::StrCat("p", n)) {
      return absl::NotFoundError(absl::StrCat("unknown participant ", name));
    }
    if (token != "secret") return absl::PermissionDeniedError("bad token");
    return n;
  }
  bool IsAdmin(ParticipantId p) const override { return p == kAdmin; }
  std::optional<InstrumentId> FindInstrument(const std::string& symbol) const override {
    auto it = by_symbol_.find(symbol);
    if (it == by_symbol_.end()) return std::nullopt;
    return it->second;
  }
  size_t instrument_count() const override { return instruments_.size(); }
  std::vector<std::string> participant_names() const override {
    std::vector<std::string> names;
    for (int i = 1; i <= 300; ++i) names.push_back(absl::StrCat("p", i));
    names.push_back("admin");
    return names;
  }
  InstrumentDesc Describe(InstrumentId id) const override { return instruments_.at(id); }
  std::string DescribeReject(const Event& e) const override { return DefaultRejectText(e); }
  void ForEachLevel(InstrumentId id, Side side,
                    const std::function<void(Price, Qty, uint32_t)>& fn) const override {
    engine_.book(id).ladder(side).ForEachLevel([&](Price p, const PriceLevel& l) {
      fn(p, l.qty, l.count);
      return true;
    });
  }
  bool halted(InstrumentId id) const override { return engine_.book(id).halted(); }
  size_t resting_orders() const override { return engine_.resting_orders(); }
  uint64_t StateHash() const override { return engine_.StateHash(); }
  void ForEachRestingOrder(absl::FunctionRef<void(const Order&)> fn) const override {
    for (InstrumentId id = 0; id < engine_.instrument_count(); ++id) {
      engine_.book(id).ForEachOrder(engine_.pool(), [&](OrderHandle h) { fn(engine_.pool()[h]); });
    }
  }
  EngineImage SaveEngine() const override { return SaveImage(engine_); }
  absl::Status Restore(const EngineImage& image, const FloorPolicyState* policy) override {
    if (policy != nullptr) {
      return absl::InvalidArgumentError("the built-in market has no floor policy to restore");
    }
    return RestoreImage(image, engine_);
  }

 private:
  static constexpr ParticipantId kAdmin = 1000;
  Engine engine_;
  std::vector<InstrumentDesc> instruments_;
  absl::flat_hash_map<std::string, InstrumentId> by_symbol_;
};

}  // namespace

std::unique_ptr<Exchange> Exchange::Default() {
  auto exchange = std::make_unique<BuiltinExchange>();
  // Changing the built-in market must change this name: old journals are then refused.
  exchange->set_market("<built-in test market>", journal::Fingerprint("builtin-market-v1"));
  return exchange;
}

absl::StatusOr<std::unique_ptr<Exchange>> Exchange::Load(const std::string& config_path) {
  std::string text;
  if (config_path.empty()) {
    text = DefaultMarketText();
  } else {
    std::ifstream in(config_path);
    if (!in) return absl::NotFoundError(absl::StrCat(config_path, ": cannot open the file"));
    std::stringstream ss;
    ss << in.rdbuf();
    text = ss.str();
  }
  const std::string name = config_path.empty() ? "<default market>" : config_path;
  absl::StatusOr<std::unique_ptr<Market>> market = Market::FromText(text, name);
  if (!market.ok()) return market.status();
  std::unique_ptr<Exchange> exchange = ExchangeFromMarket(*std::move(market));
  exchange->set_market(name, journal::Fingerprint(text));
  return exchange;
}

}  // namespace ftz::gw
