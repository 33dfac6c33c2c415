#include "sim/sweep/sweep_table.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "sim/report/format.h"
#include "sim/report/text_table.h"

namespace ftz::sim {
namespace {

constexpr size_t kCombosPerTable = 4;

std::string FormatCi(OutcomeKind kind, const MeanCi& m, bool difference) {
  if (m.n == 0 || !std::isfinite(m.mean)) return "n/a";
  const bool ci = std::isfinite(m.half);
  const char* sign = difference && m.mean >= 0 ? "+" : "";
  if (kind == OutcomeKind::kShare) {
    const char* unit = difference ? " pp" : "%";
    std::string s = absl::StrFormat("%s%.1f%s", sign, m.mean * 100, unit);
    if (ci) absl::StrAppend(&s, absl::StrFormat(" \u00b1 %.1f%s", m.half * 100, unit));
    return s;
  }
  const double a = std::max(std::fabs(m.mean), ci ? m.half : 0.0);
  if (a >= 1e6) {
    const double scale = a >= 1e12 ? 1e12 : a >= 1e9 ? 1e9 : 1e6;
    const char* suffix = a >= 1e12 ? "T" : a >= 1e9 ? "B" : "M";
    const int d = a / scale >= 100 ? 1 : 2;
    std::string s = absl::StrFormat("%s%.*f%s", sign, d, m.mean / scale, suffix);
    if (ci) absl::StrAppend(&s, " \u00b1 ", absl::StrFormat("%.*f%s", d, m.half / scale, suffix));
    return s;
  }
  const int d = a < 1e3 ? 2 : a < 1e5 ? 1 : 0;
  std::string s = absl::StrCat(sign, FormatGrouped(m.mean, d));
  if (ci) absl::StrAppend(&s, " \u00b1 ", FormatGrouped(m.half, d));
  return s;
}

}  // namespace

std::string FormatMeanCi(OutcomeKind kind, const MeanCi& m) { return FormatCi(kind, m, false); }

std::string FormatDifferenceCi(OutcomeKind kind, const MeanCi& m) {
  return FormatCi(kind, m, true);
}

std::string FormatSweepTable(const SweepAggregate& agg) {
  std::string out = absl::StrCat(
      "Sweep of ", agg.scenario.empty() ? "(unnamed scenario)" : agg.scenario, ": ",
      agg.cells_present, " of ", agg.cells_expected, " cells, ", agg.spec.seeds.size(),
      " seeds per combination\nPolicy: mean \u00b1 95% CI half-width (Student's t) over seeds; "
      "\u0394: policy \u2212 no-floor baseline, mean of the per-seed differences \u00b1 95% CI\n");
  // Parameters with one value are fixed overrides: said once, not repeated in columns.
  std::vector<size_t> varying;
  std::vector<std::string> fixed;
  for (size_t k = 0; k < agg.spec.params.size(); ++k) {
    const SweepParam& p = agg.spec.params[k];
    if (p.values.size() > 1) {
      varying.push_back(k);
    } else {
      fixed.push_back(absl::StrCat(ParamLabel(p), " = ", p.values.empty() ? "" : p.values[0]));
    }
  }
  if (!fixed.empty()) absl::StrAppend(&out, "Fixed: ", absl::StrJoin(fixed, ", "), "\n");
  if (!agg.missing_cells.empty()) {
    absl::StrAppend(&out, "Missing ", agg.missing_cells.size(),
                    " cells: ", CellListText(agg.spec, agg.missing_cells, 5), "\n");
  }
  std::vector<std::string> corner;
  for (size_t k : varying) corner.push_back(ParamLabel(agg.spec.params[k]));

  const std::vector<Outcome>& outcomes = SummaryOutcomes();
  for (const std::string& sym : agg.symbols) {
    const InstrumentInfo* info = InfoOf(agg, sym);
    std::vector<const SweepGroup*> groups;
    for (const SweepGroup& g : agg.groups) {
      if (g.symbol == sym) groups.push_back(&g);
    }
    std::string title = sym == kAllInstruments ? "ALL instruments" : sym;
    if (info && !info->product.empty()) absl::StrAppend(&title, "  \u2014 ", info->product);
    absl::StrAppend(&out, "\n", title, "\n");
    for (size_t first = 0; first < groups.size(); first += kCombosPerTable) {
      const size_t last = std::min(groups.size(), first + kCombosPerTable);
      std::vector<std::string> headers = {absl::StrJoin(corner, " / ")};
      std::vector<TextTable::Align> align = {TextTable::kLeft};
      std::vector<std::string> seeds = {"n (seeds)"};
      for (size_t c = first; c < last; ++c) {
        std::vector<std::string> values;
        for (size_t k : varying) values.push_back(groups[c]->values[k]);
        headers.push_back(varying.empty() ? "all cells" : absl::StrJoin(values, " / "));
        align.push_back(TextTable::kRight);
        seeds.push_back(groups[c]->policy.empty() ? "0" : absl::StrCat(groups[c]->policy[0].n));
      }
      TextTable table(headers, align);
      table.AddRow(seeds);
      for (size_t k = 0; k < outcomes.size(); ++k) {
        const Outcome& o = outcomes[k];
        if (!ReportsOutcome(agg, o, sym)) continue;
        std::vector<std::string> policy = {
            absl::StrCat(o.label, " (", OutcomeUnit(o.kind, info), ")")};
        std::vector<std::string> difference = {"  \u0394 vs baseline"};
        for (size_t c = first; c < last; ++c) {
          policy.push_back(FormatMeanCi(o.kind, groups[c]->policy[k]));
          difference.push_back(FormatDifferenceCi(o.kind, groups[c]->difference[k]));
        }
        table.AddRow(std::move(policy));
        if (HasBaseline(o)) table.AddRow(std::move(difference));
      }
      absl::StrAppend(&out, table.Render(2));
    }
  }
  return out;
}

}  // namespace ftz::sim
