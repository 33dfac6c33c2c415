#include "sim/summary_table.h"

#include <cmath>
#include <limits>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
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

std::string SummaryRowTitle(const RunSummary& row, const InstrumentInfos& infos) {
  if (row.scope & kAllScope) return "All chains (money only)";
  if (row.scope == kChainScope) {
    return absl::StrCat("Chain ", absl::StrReplaceAll(row.symbol, {{">", " \u2192 "}}));
  }
  std::string title = row.symbol;
  auto it = infos.find(row.symbol);
  if (it != infos.end() && !it->second.product.empty()) {
    title += absl::StrCat("  \u2014 ", it->second.product);
  }
  return title;
}

std::string FormatSummaryTable(const PairedResult& paired, const InstrumentInfos& infos) {
  using A = TextTable::Align;
  TextTable table({"", "unit", "policy", "baseline", "change", "change %"},
                  {A::kLeft, A::kLeft, A::kRight, A::kRight, A::kRight, A::kRight});
  for (const RunSummary& p : paired.policy.summary) {
    const RunSummary* b = FindSummary(paired.baseline, p.symbol);
    auto it = infos.find(p.symbol);
    const InstrumentInfo* info =
        it == infos.end() || !(p.scope & kInstrumentScope) ? nullptr : &it->second;
    table.AddSection(SummaryRowTitle(p, infos));
    for (const Outcome& o : SummaryOutcomes()) {
      const double pv = p.*o.member;
      if (!Applies(o, p) || std::isnan(pv)) continue;
      const double bv = b && !o.policy_only ? b->*o.member : std::nan("");
      const bool compare = !o.policy_only && b && !std::isnan(bv);
      const ComparisonCells c = FormatComparison(o, pv, compare ? &bv : nullptr);
      table.AddRow({absl::StrCat("  ", o.label), OutcomeUnit(o.kind, info), c.policy, c.baseline,
                    c.change, c.change_pct});
    }
  }
  std::string head = absl::StrFormat(
      "Scenario %s, seed %d: policy vs baseline (%d periods, %s orders, %.1f s)\n",
      paired.policy.scenario.empty() ? "(unnamed)" : paired.policy.scenario, paired.policy.seed,
      paired.policy.periods.empty() ? 0 : paired.policy.periods.back().period + 1,
      FormatGrouped(static_cast<double>(paired.policy.orders + paired.baseline.orders), 0),
      paired.policy.wall_seconds + paired.baseline.wall_seconds);
  head += absl::StrCat(
      "The baseline removes: ",
      paired.baseline_removed.empty() ? "nothing" : absl::StrJoin(paired.baseline_removed, "; "),
      paired.baseline_kept.empty()
          ? ""
          : absl::StrCat(". It keeps: ", absl::StrJoin(paired.baseline_kept, "; ")),
      ".\nFlows are totals over the run; stocks are at its end (docs/methodology.md).\n\n");
  return head + table.Render(0);
}

}  // namespace ftz::sim
