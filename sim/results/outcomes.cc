#include "sim/results/outcomes.h"

namespace ftz::sim {

InstrumentInfos InstrumentInfosFromMarket(const config::Market& market) {
  InstrumentInfos out;
  for (const config::Instrument& i : market.instruments()) {
    InstrumentInfo info;
    info.symbol = i.symbol();
    info.product = i.product();
    if (!i.unit().empty()) info.unit = i.unit();
    if (!i.currency().empty()) info.currency = i.currency();
    out[i.symbol()] = info;
  }
  return out;
}

const std::vector<Outcome>& SummaryOutcomes() {
  using K = OutcomeKind;
  using S = RunSummary;
  constexpr uint32_t I = kInstrumentScope, C = kChainScope, A = kAllScope;
  constexpr uint32_t kMoneyRows = I | C | A, kWelfareRows = C | A;
  static const auto* list = new std::vector<Outcome>{
      {"vwap", "VWAP", &S::vwap, K::kPrice, true, false, I},
      {"volume_total", "Volume, total", &S::volume_total, K::kQuantity, true, false, I},
      {"share_at_floor", "Share of volume at the floor", &S::share_at_floor, K::kShare, true, false,
       I},
      {"unsold_mean_end", "Unsold at or below floor, mean end-of-period stock", &S::unsold_mean_end,
       K::kQuantity, true, false, I},
      {"stockpile_bought_total", "Stockpile purchases, total", &S::stockpile_bought_total,
       K::kQuantity, true, false, I},
      {"stockpile_inventory_end", "Stockpile inventory, end", &S::stockpile_inventory_end,
       K::kQuantity, true, false, I},
      {"stockpile_spend_total", "Stockpile spend net of releases, total", &S::stockpile_spend_total,
       K::kMoney, false, false, kMoneyRows},
      {"top_ups_total", "Price-support top-ups, total", &S::top_ups_total, K::kMoney, false, false,
       kMoneyRows},
      {"duties_total", "Duties collected, total", &S::duties_total, K::kMoney, false, false,
       kMoneyRows},
      {"buyers", "Final buyers' surplus, total", &S::buyers, K::kMoney, false, false, kMoneyRows},
      {"producers", "Primary producers' surplus, total", &S::producers, K::kMoney, false, false,
       kMoneyRows},
      {"intermediaries", "Refiners' surplus, total", &S::intermediaries, K::kMoney, false, false,
       kWelfareRows},
      {"market_makers", "Market makers' surplus, total", &S::market_makers, K::kMoney, false, false,
       kMoneyRows},
      {"government", "Government account, total", &S::government, K::kMoney, false, false,
       kMoneyRows},
      {"total_surplus", "Total surplus (sum of the accounts)", &S::total_surplus, K::kMoney, false,
       false, kWelfareRows},
      {"max_gains", "Maximum gains (ex-post optimum)", &S::max_gains, K::kMoney, false, false,
       kWelfareRows},
      {"efficiency", "Allocative efficiency", &S::efficiency, K::kShare, false, false,
       kWelfareRows},
      {"deadweight_loss", "Deadweight loss vs baseline", &S::deadweight_loss, K::kMoney, false,
       true, kWelfareRows},
  };
  return *list;
}

const Outcome* FindOutcome(const std::string& key) {
  for (const Outcome& o : SummaryOutcomes()) {
    if (key == o.key) return &o;
  }
  return nullptr;
}

std::string OutcomeUnit(OutcomeKind kind, const InstrumentInfo* info) {
  const std::string currency = info ? info->currency : "USD";
  const std::string unit = info ? info->unit : "unit";
  switch (kind) {
    case OutcomeKind::kPrice:
      return currency + "/" + unit;
    case OutcomeKind::kQuantity:
      return unit;
    case OutcomeKind::kMoney:
      return currency;
    case OutcomeKind::kShare:
      return "%";
  }
  return "";
}

}  // namespace ftz::sim
