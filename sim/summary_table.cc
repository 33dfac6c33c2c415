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

ComparisonCells FormatComparison(const Outcome& o, double pv, const double* baseline) {
  ComparisonCells c;
  if (o.kind == OutcomeKind::kShare) {
    c.policy = FormatPercent(pv);
    if (!baseline) {
      c.baseline = "\u2014";
      return c;
    }
    c.baseline = FormatPercent(*baseline);
    const double pp = (pv - *baseline) * 100;
    c.change = std::fabs(pp) < 0.05 ? "0.0 pp" : absl::StrFormat("%+.1f pp", pp);
    return c;
  }
  const double m = std::max(std::fabs(pv), baseline ? std::fabs(*baseline) : 0.0);
  const int decimals = !std::isfinite(m) ? 0 : m < 1e3 ? 2 : m < 1e5 ? 1 : 0;
  c.policy = FormatGrouped(pv, decimals);
  if (!baseline) {
    c.baseline = "\u2014";
    return c;
  }
  const double bv = *baseline;
  c.baseline = FormatGrouped(bv, decimals);
  const double d = pv - bv;
  c.change = FormatGrouped(d, decimals);
  if (c.change.find_first_not_of("0.,") != std::string::npos && d > 0) c.change = "+" + c.change;
  if (bv != 0 && std::isfinite(bv)) c.change_pct = FormatSignedPercent(d / std::fabs(bv));
  return c;
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
    if (info && !info->product.empty()) title += absl::StrCat("  \u2014 ", info->product);
    table.AddSection(title);
    for (const Outcome& o : SummaryOutcomes()) {
      if (all && o.per_instrument_only) continue;
      const double pv = p.*o.member;
      const double bv = b && !o.policy_only ? b->*o.member : kNaN;
      const ComparisonCells c = FormatComparison(o, pv, o.policy_only || !b ? nullptr : &bv);
      std::vector<std::string> row = {absl::StrCat("  ", o.label),
                                      OutcomeUnit(o.kind, all ? nullptr : info),
                                      c.policy,
                                      c.baseline,
                                      c.change,
                                      c.change_pct};
      table.AddRow(std::move(row));
    }
  }
  std::string head = absl::StrFormat(
      "Scenario %s, seed %d: policy vs no-floor baseline (%d periods, %s orders, %.1f s)\n\n",
      paired.policy.scenario.empty() ? "(unnamed)" : paired.policy.scenario, paired.policy.seed,
      paired.policy.periods.empty() ? 0 : paired.policy.periods.back().period + 1,
      FormatGrouped(static_cast<double>(paired.policy.orders + paired.baseline.orders), 0),
      paired.policy.wall_seconds + paired.baseline.wall_seconds);
  return head + table.Render(0);
}

}  // namespace ftz::sim
