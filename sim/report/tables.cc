#include "sim/report/tables.h"

#include <cmath>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "sim/report/findings.h"
#include "sim/report/format.h"
#include "sim/report/page.h"
#include "sim/report/period_series.h"
#include "sim/report/svg_plot.h"

namespace ftz::sim::report {
namespace {

std::string Esc(const std::string& s) { return XmlEscape(s); }

// A table cell for a change in someone's surplus: colored by sign (gains green, losses
// red). Other changes (prices, quantities) are not good or bad in themselves: PlainCell.
std::string ChangeCell(const std::string& text, double change) {
  const char* cls = !std::isfinite(change) || change == 0 ? ""
                    : change > 0                          ? " class=\"pos\""
                                                          : " class=\"neg\"";
  return absl::StrCat("<td", cls, ">", Esc(text), "</td>");
}

std::string PlainCell(const std::string& text) { return absl::StrCat("<td>", Esc(text), "</td>"); }

// A leading '-' as a minus sign, like the changes next to it.
std::string MinusSign(const std::string& s) {
  return absl::StartsWith(s, "-") ? absl::StrCat("\u2212", s.substr(1)) : s;
}

// A signed compact number ("+466M", "\u2212396M", "0").
std::string SignedCompact(double v) {
  if (!std::isfinite(v)) return "n/a";
  const std::string c = FormatCompact(std::fabs(v));
  if (c == "0" || c == "0.00") return "0";
  return absl::StrCat(v < 0 ? "\u2212" : "+", c);
}

std::string ChainTitleOf(const RunSummary& row) {
  if (row.scope & kAllScope) return "All chains";
  return ChainTitle(row.symbol);
}

std::string HeaderCell(const Outcome& o, const std::string& unit, const char* short_label) {
  return absl::StrCat("<th title=\"", Esc(o.label), "\">", Esc(short_label),
                      "<span class=\"unit\">", Esc(unit), "</span></th>");
}

// The three lines of a chain in the welfare table.
enum class WelfareLine { kPolicy, kBaseline, kChange };
constexpr const char* kWelfareLineNames[] = {"Policy", "Baseline", "Change"};

// A cell of the welfare table: the policy's value, the baseline's (a dash for policy-only
// outcomes), or the change, colored by sign for the accounts and efficiency.
std::string WelfareCell(const Outcome& oc, WelfareLine line, double pv, double bv) {
  switch (line) {
    case WelfareLine::kPolicy:
    case WelfareLine::kBaseline: {
      if (line == WelfareLine::kBaseline && oc.policy_only) {
        return "<td class=\"muted\">\u2014</td>";
      }
      const double v = line == WelfareLine::kPolicy ? pv : bv;
      return PlainCell(
          MinusSign(oc.kind == OutcomeKind::kShare ? FormatPercent(v) : FormatCompact(v)));
    }
    case WelfareLine::kChange:
      if (oc.policy_only) return "<td></td>";
      if (oc.kind == OutcomeKind::kShare) {
        return ChangeCell(MinusSign(FormatComparison(oc, pv, &bv).change), pv - bv);
      }
      if (oc.member == &RunSummary::max_gains) return PlainCell(SignedCompact(pv - bv));
      return ChangeCell(SignedCompact(pv - bv), pv - bv);
  }
  return "<td></td>";
}

}  // namespace

std::string OutcomeTable(const RunSummary& p, const RunSummary* b, const InstrumentInfo* info) {
  std::string o =
      "<div class=\"tablewrap\"><table class=\"data\"><thead><tr><th class=\"l\">Outcome</th>"
      "<th class=\"l\">Unit</th><th>Policy</th><th>Baseline</th><th>Change</th><th>Change %</th>"
      "</tr></thead><tbody>\n";
  int zero_rows = 0;
  for (const Outcome& oc : SummaryOutcomes()) {
    const double pv = p.*oc.member;
    if (!Applies(oc, p) || std::isnan(pv)) continue;
    const double bv = b ? b->*oc.member : std::nan("");
    const bool compare = !oc.policy_only && b && !std::isnan(bv);
    if (pv == 0 && (!compare || bv == 0)) {
      ++zero_rows;
      continue;
    }
    const ComparisonCells c = FormatComparison(oc, pv, compare ? &bv : nullptr);
    absl::StrAppend(&o, "<tr><td class=\"l wrap\">", Esc(oc.label), "</td><td class=\"l muted\">",
                    Esc(OutcomeUnit(oc.kind, info)), "</td><td>", Esc(c.policy), "</td><td",
                    compare ? "" : " class=\"muted\"", ">", Esc(c.baseline), "</td>",
                    PlainCell(c.change), PlainCell(c.change_pct), "</tr>\n");
  }
  o += "</tbody></table></div>\n";
  if (zero_rows > 0) {
    absl::StrAppend(&o, "<p class=\"note\">", zero_rows, zero_rows == 1 ? " outcome" : " outcomes",
                    " zero in both runs left out.</p>\n");
  }
  return o;
}

std::string WelfareTable(const PairedResult& paired, const std::string& currency) {
  struct Column {
    const char* key;
    const char* short_label;
  };
  static constexpr Column kColumns[] = {
      {"buyers", "Final buyers"},
      {"producers", "Primary producers"},
      {"intermediaries", "Refiners"},
      {"market_makers", "Market makers"},
      {"government", "Government"},
      {"total_surplus", "Total surplus"},
      {"max_gains", "Maximum gains"},
      {"efficiency", "Efficiency"},
      {"deadweight_loss", "Deadweight loss"},
  };
  std::string o =
      "<div class=\"tablewrap\"><table class=\"data compact\"><thead><tr><th class=\"l\">Chain</th>"
      "<th class=\"l\">Run</th>";
  for (const Column& c : kColumns) {
    const Outcome* oc = FindOutcome(c.key);
    o += HeaderCell(*oc, oc->kind == OutcomeKind::kShare ? "%" : currency, c.short_label);
  }
  o += "</tr></thead><tbody>\n";
  std::vector<const RunSummary*> rows;
  for (const ChainInfo& c : paired.policy.chain_infos) {
    const RunSummary* row =
        FindSummary(paired.policy, c.symbols.size() == 1 ? c.symbols[0] : c.name);
    if (row && (row->scope & kChainScope)) rows.push_back(row);
  }
  if (const RunSummary* all = FindSummary(paired.policy, "ALL")) rows.push_back(all);
  for (const RunSummary* row : rows) {
    const RunSummary& p = *row;
    const RunSummary* b = FindSummary(paired.baseline, p.symbol);
    const std::string title = ChainTitleOf(p);
    for (int line = 0; line < (b ? 3 : 1); ++line) {
      const auto what = static_cast<WelfareLine>(line);
      absl::StrAppend(&o, line == 0 ? "<tr class=\"group\">" : "<tr>", "<td class=\"l\">",
                      line == 0 ? Esc(title) : "", "</td><td class=\"l muted\">",
                      kWelfareLineNames[line], "</td>");
      for (const Column& c : kColumns) {
        const Outcome& oc = *FindOutcome(c.key);
        o += WelfareCell(oc, what, p.*oc.member, b ? b->*oc.member : std::nan(""));
      }
      o += "</tr>\n";
    }
  }
  o += "</tbody></table></div>\n";
  return o;
}

std::string MarketsTable(const PairedResult& paired, const InstrumentInfos& infos) {
  std::string o =
      "<div class=\"tablewrap\"><table class=\"data compact\"><thead><tr>"
      "<th class=\"l\">Instrument</th><th>VWAP, policy<span class=\"unit\">per unit</span></th>"
      "<th>VWAP, baseline<span class=\"unit\">per unit</span></th><th>VWAP change</th>"
      "<th>Volume, policy<span class=\"unit\">total</span></th><th>Volume change</th>"
      "<th>Floor bound<span class=\"unit\">periods</span></th>"
      "<th>Volume at floor<span class=\"unit\">share</span></th>"
      "<th>Unsold<span class=\"unit\">mean, end of period</span></th>"
      "<th>Stockpile bought<span class=\"unit\">total</span></th>"
      "<th>Duties<span class=\"unit\">total</span></th>"
      "<th>Top-ups<span class=\"unit\">total</span></th></tr></thead><tbody>\n";
  for (const std::string& s : InstrumentOrder(paired.policy)) {
    const RunSummary* p = FindSummary(paired.policy, s);
    const RunSummary* b = FindSummary(paired.baseline, s);
    if (!p) continue;
    InstrumentInfo info;
    info.unit = "units";
    if (const InstrumentInfo* known = FindInfo(infos, s)) info = *known;
    const FloorBinding floor = FloorBindingOf(PeriodsOf(paired.policy, s));
    const Outcome& vwap = *FindOutcome("vwap");
    const Outcome& volume = *FindOutcome("volume_total");
    const ComparisonCells pc = FormatComparison(vwap, p->vwap, b ? &b->vwap : nullptr);
    const ComparisonCells vc =
        FormatComparison(volume, p->volume_total, b ? &b->volume_total : nullptr);
    absl::StrAppend(
        &o, "<tr><td class=\"l\"><a href=\"#", Anchor(s), "\">", Esc(s), "</a></td><td>",
        Esc(PriceText(info.currency, info.unit, p->vwap)), "</td><td>",
        b ? Esc(PriceText(info.currency, info.unit, b->vwap)) : "", "</td>",
        PlainCell(pc.change_pct), "<td>", Esc(QuantityText(info.unit, p->volume_total)), "</td>",
        PlainCell(vc.change_pct), "<td>",
        floor.in_force == 0 ? "no floor" : absl::StrCat(floor.bound, " of ", floor.in_force),
        "</td><td>", Esc(FormatPercent(p->share_at_floor)), "</td><td>",
        Esc(QuantityText(info.unit, p->unsold_mean_end)), "</td><td>",
        Esc(QuantityText(info.unit, p->stockpile_bought_total)), "</td><td>",
        Esc(MoneyText(info.currency, p->duties_total)), "</td><td>",
        Esc(MoneyText(info.currency, p->top_ups_total)), "</td></tr>\n");
  }
  o += "</tbody></table></div>\n";
  return o;
}

}  // namespace ftz::sim::report
