#include "sim/summary_table.h"

#include <cmath>
#include <limits>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "sim/format.h"
#include "sim/text_table.h"

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
  static const auto* list = new std::vector<Outcome>{
      {"vwap", "VWAP", &S::vwap, K::kPrice, true, false},
      {"volume", "Volume", &S::volume, K::kQuantity, true, false},
      {"share_at_floor", "Volume share at floor", &S::share_at_floor, K::kShare, false, false},
      {"unsold", "Unsold at or below floor", &S::unsold, K::kQuantity, true, false},
      {"stockpile_spend", "Stockpile spend", &S::stockpile_spend, K::kMoney, false, false},
      {"stockpile_inventory", "Stockpile inventory", &S::stockpile_inventory, K::kQuantity, true,
       false},
      {"top_ups", "Price-support top-ups", &S::top_ups, K::kMoney, false, false},
      {"duties", "Duties (tariff revenue)", &S::duties, K::kMoney, false, false},
      {"producer_surplus", "Producer surplus", &S::producer_surplus, K::kMoney, false, false},
      {"consumer_surplus", "Consumer surplus", &S::consumer_surplus, K::kMoney, false, false},
      {"total_surplus", "Total surplus", &S::total_surplus, K::kMoney, false, false},
      {"efficiency", "Allocative efficiency", &S::efficiency, K::kShare, false, false},
      {"deadweight_loss", "Deadweight loss vs baseline", &S::deadweight_loss, K::kMoney, false,
       true},
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

std::string FormatOutcome(OutcomeKind kind, double value) {
  return kind == OutcomeKind::kShare ? FormatPercent(value) : FormatValue(value);
}

namespace {

const RunSummary* FindSummary(const RunResult& run, const std::string& symbol) {
  for (const RunSummary& s : run.summary) {
    if (s.symbol == symbol) return &s;
  }
  return nullptr;
}

}  // namespace

std::string FormatSummaryTable(const PairedResult& paired, const InstrumentInfos& infos) {
  using A = TextTable::Align;
  TextTable table({"", "unit", "policy", "baseline", "change", "change %"},
                  {A::kLeft, A::kLeft, A::kRight, A::kRight, A::kRight, A::kRight});
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  for (const RunSummary& p : paired.policy.summary) {
    const RunSummary* b = FindSummary(paired.baseline, p.symbol);
    const bool all = p.symbol == "ALL";
    auto it = infos.find(p.symbol);
    const InstrumentInfo* info = it == infos.end() ? nullptr : &it->second;
    std::string title = all ? "ALL instruments" : p.symbol;
    if (info && !info->product.empty()) title += absl::StrCat("  (", info->product, ")");
    table.AddSection(title);
    for (const Outcome& o : SummaryOutcomes()) {
      if (all && o.per_instrument_only) continue;
      const double pv = p.*o.member;
      const double bv = b && !o.policy_only ? b->*o.member : kNaN;
      std::vector<std::string> row = {absl::StrCat("  ", o.label),
                                      OutcomeUnit(o.kind, all ? nullptr : info),
                                      FormatOutcome(o.kind, pv)};
      if (o.policy_only || !b) {
        row.push_back("\u2014");
        row.push_back("");
        row.push_back("");
      } else if (o.kind == OutcomeKind::kShare) {
        row.push_back(FormatOutcome(o.kind, bv));
        const double pp = (pv - bv) * 100;
        row.push_back(std::fabs(pp) < 0.05 ? "0.0 pp" : absl::StrFormat("%+.1f pp", pp));
        row.push_back("");
      } else {
        row.push_back(FormatOutcome(o.kind, bv));
        row.push_back(FormatSigned(pv - bv));
        row.push_back(bv != 0 ? FormatSignedPercent((pv - bv) / std::fabs(bv)) : "");
      }
      if (all && o.kind == OutcomeKind::kMoney && !info) row[1] = "USD";
      table.AddRow(std::move(row));
    }
  }
  std::string head = absl::StrFormat(
      "Scenario %s, seed %d: policy vs no-floor baseline (%d periods, %d orders, %.1f s)\n\n",
      paired.policy.scenario.empty() ? "(unnamed)" : paired.policy.scenario, paired.policy.seed,
      paired.policy.periods.empty() ? 0 : paired.policy.periods.back().period + 1,
      paired.policy.orders + paired.baseline.orders,
      paired.policy.wall_seconds + paired.baseline.wall_seconds);
  return head + table.Render(0);
}

}  // namespace ftz::sim
