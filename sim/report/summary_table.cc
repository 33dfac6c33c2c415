#include "sim/report/summary_table.h"

#include <cmath>
#include <limits>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "sim/report/format.h"
#include "sim/report/text_table.h"

namespace ftz::sim {

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
