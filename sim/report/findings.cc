#include "sim/report/findings.h"

#include <cmath>
#include <functional>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/strip.h"
#include "sim/report/format.h"
#include "sim/report/page.h"
#include "sim/report/period_series.h"
#include "sim/report/welfare_accounts.h"

namespace ftz::sim::report {
namespace {

constexpr char kMinus[] = "\u2212";

// "+19.2%" against the baseline, or "" when the baseline is 0.
std::string ChangeText(double policy, double baseline) {
  if (!std::isfinite(policy) || !std::isfinite(baseline) || baseline == 0) return "";
  return absl::StrReplaceAll(FormatSignedPercent((policy - baseline) / std::fabs(baseline)),
                             {{"-", kMinus}});
}

// "-39.4 pp".
std::string PointsText(double policy, double baseline) {
  const double pp = (policy - baseline) * 100;
  if (std::fabs(pp) < 0.05) return "0.0 pp";
  return absl::StrCat(pp > 0 ? "+" : kMinus, FormatGrouped(std::fabs(pp), 1), " pp");
}

uint32_t PeriodCount(const RunResult& run) {
  uint32_t n = 0;
  for (const PeriodMetrics& p : run.periods) n = std::max(n, p.period + 1);
  return n;
}

// A price without its unit: cents below 1,000 unless whole.
std::string PriceNumber(double v) {
  const bool cents = std::fabs(v) < 1000 && v != std::round(v);
  return FormatGrouped(v, cents ? 2 : 0);
}

std::string RangeText(const std::vector<double>& values,
                      const std::function<std::string(double)>& format) {
  const auto [lo, hi] = NonZeroRange(values);
  return lo == hi ? format(lo) : absl::StrCat(format(lo), "\u2013", format(hi));
}

std::string OverallText(const PairedResult& paired, const InstrumentInfos& infos) {
  const RunSummary* p = FindSummary(paired.policy, "ALL");
  const RunSummary* b = FindSummary(paired.baseline, "ALL");
  if (!p || !b) return "";
  const std::string cur = CommonCurrency(infos);
  std::string t = absl::StrCat("Over ", PeriodCount(paired.policy),
                               " periods, total surplus across all chains was ",
                               MoneyText(cur, p->total_surplus), " under the policy against ",
                               MoneyText(cur, b->total_surplus), " in the baseline");
  const double d = p->total_surplus - b->total_surplus;
  if (d == 0) {
    t += ": no change.";
  } else {
    absl::StrAppend(&t, ", ", MoneyText(cur, std::fabs(d)), d < 0 ? " lower" : " higher");
    const std::string pct = ChangeText(p->total_surplus, b->total_surplus);
    absl::StrAppend(&t, pct.empty() ? "" : absl::StrCat(" (", pct, ")"), ".");
  }
  std::vector<std::string> accounts;
  for (const WelfareAccount& a : WelfareAccounts()) {
    if (a.summary_field == &RunSummary::total_surplus) continue;
    const double pv = p->*a.summary_field, bv = b->*a.summary_field;
    if ((pv == 0 && bv == 0) || !std::isfinite(pv) || !std::isfinite(bv)) continue;
    accounts.push_back(
        absl::StrCat(absl::AsciiStrToLower(a.label), " ", SignedMoneyText(cur, pv - bv)));
  }
  if (!accounts.empty()) {
    absl::StrAppend(&t, " By account, policy minus baseline: ", absl::StrJoin(accounts, ", "), ".");
  }
  if (std::isfinite(p->efficiency) && std::isfinite(b->efficiency)) {
    absl::StrAppend(&t, " Allocative efficiency was ", FormatPercent(p->efficiency), " against ",
                    FormatPercent(b->efficiency), " (", PointsText(p->efficiency, b->efficiency),
                    ")");
    if (std::isfinite(p->deadweight_loss)) {
      absl::StrAppend(&t, p->deadweight_loss >= 0 ? ", a deadweight loss of " : ", a gain of ",
                      MoneyText(cur, std::fabs(p->deadweight_loss)),
                      p->deadweight_loss >= 0 ? "" : " over the baseline");
    }
    t += ".";
  }
  std::vector<std::string> chains;
  for (const ChainInfo& c : paired.policy.chain_infos) {
    const std::string row = c.symbols.size() == 1 ? c.symbols[0] : c.name;
    const RunSummary* pc = FindSummary(paired.policy, row);
    const RunSummary* bc = FindSummary(paired.baseline, row);
    if (!pc || !bc || !std::isfinite(pc->efficiency)) continue;
    chains.push_back(absl::StrCat(ChainTitle(c.name), " ", FormatPercent(pc->efficiency),
                                  " (baseline ", FormatPercent(bc->efficiency), ")"));
  }
  if (chains.size() > 1) absl::StrAppend(&t, " By chain: ", absl::StrJoin(chains, "; "), ".");
  return t;
}

// How often the floor bound and how much traded at it.
std::string FloorText(const InstrumentPeriods& periods, const RunSummary& summary,
                      const InstrumentInfo& info) {
  const std::vector<double> floors = periods.Get(&PeriodMetrics::floor);
  const auto [in_force, bound] = FloorBindingOf(periods);
  if (in_force == 0) return "";
  const auto [lo, hi] = NonZeroRange(floors);
  std::string t =
      lo == hi ? absl::StrCat("The floor of ", PriceText(info.currency, info.unit, lo))
               : absl::StrCat("The floor (", info.currency, " ", RangeText(floors, PriceNumber),
                              "/", info.unit, " over the run)");
  if (bound == 0) return t + " never bound: nothing traded at it.";
  absl::StrAppend(&t, " bound in ", bound, " of ", in_force, " periods",
                  in_force < periods.rows.size() ? " it was in force" : "", " (",
                  FormatPercent(static_cast<double>(bound) / static_cast<double>(in_force)),
                  "), and ", FormatPercent(summary.share_at_floor),
                  " of the volume traded at the floor.");
  return t;
}

// Price support and tariffs.
std::string SupportAndTariffText(const InstrumentPeriods& periods, const RunSummary& summary,
                                 const InstrumentInfo& info) {
  std::string t;
  const std::vector<double> strikes = periods.Get(&PeriodMetrics::support_strike);
  if (AnyNonZero(strikes)) {
    absl::StrAppend(
        &t, " Price support (CfD strike ",
        RangeText(strikes, [&](double v) { return PriceText(info.currency, info.unit, v); }),
        ") paid ", MoneyText(info.currency, summary.top_ups_total), " in top-ups.");
  }
  const std::vector<double> tariffs = periods.Get(&PeriodMetrics::tariff_rate);
  if (AnyNonZero(tariffs)) {
    absl::StrAppend(&t, " Non-member material paid a ",
                    RangeText(tariffs, [](double v) { return FormatPercent(v, 0); }), " tariff (",
                    MoneyText(info.currency, summary.duties_total), " in duties).");
  } else if (std::isfinite(summary.duties_total) && summary.duties_total > 0) {
    absl::StrAppend(&t, " Levies on non-member material raised ",
                    MoneyText(info.currency, summary.duties_total), ".");
  }
  return t;
}

std::string PriceAndVolumeText(const RunSummary& p, const RunSummary& b,
                               const InstrumentInfo& info) {
  auto change = [](double pv, double bv) {
    const std::string c = ChangeText(pv, bv);
    return c.empty() ? std::string() : absl::StrCat(" (", c, ")");
  };
  return absl::StrCat(" VWAP ", PriceText(info.currency, info.unit, p.vwap), " against ",
                      PriceText(info.currency, info.unit, b.vwap), " in the baseline",
                      change(p.vwap, b.vwap), "; volume ", QuantityText(info.unit, p.volume_total),
                      " against ", QuantityText(info.unit, b.volume_total),
                      change(p.volume_total, b.volume_total), ".");
}

std::string UnsoldText(const RunSummary& p, const RunSummary& b, const InstrumentInfo& info) {
  if (!(p.unsold_mean_end > 0) && !(b.unsold_mean_end > 0)) return "";
  return absl::StrCat(" Unsold supply averaged ", QuantityText(info.unit, p.unsold_mean_end),
                      " at period end (", QuantityText(info.unit, b.unsold_mean_end),
                      " in the baseline).");
}

std::string StockpileText(const PairedResult& paired, const InstrumentPeriods& periods,
                          const RunSummary& p, const InstrumentInfo& info) {
  if (!(p.stockpile_bought_total > 0)) return "";
  std::string t =
      absl::StrCat(" The stockpile bought ", QuantityText(info.unit, p.stockpile_bought_total),
                   " for ", MoneyText(info.currency, p.stockpile_spend_total), " net of releases");
  if (!periods.rows.empty()) {
    absl::StrAppend(&t, ", holding ", QuantityText(info.unit, p.stockpile_inventory_end),
                    " at the end with ",
                    MoneyText(info.currency, periods.rows.back()->stockpile_budget_left_end),
                    " of its budget left");
  }
  t += ".";
  std::vector<std::string> happened;
  for (const RunEvent& e : paired.policy.events) {
    if (e.symbol != p.symbol) continue;
    if (e.kind == "stockpile_full") {
      happened.push_back(absl::StrCat("it filled up in period ", e.period));
    }
    if (e.kind == "budget_exhausted") {
      happened.push_back(absl::StrCat("its budget ran out in period ", e.period));
    }
  }
  if (happened.empty()) happened.push_back("it never filled up and never ran out of budget");
  happened.front()[0] = 'I';
  absl::StrAppend(&t, " ", absl::StrJoin(happened, "; "), ".");
  return t;
}

std::string ShockText(const PairedResult& paired, const std::string& symbol) {
  std::vector<std::string> shocks;
  for (const RunEvent& e : paired.policy.events) {
    if (e.symbol == symbol && e.kind == "shock") {
      shocks.push_back(absl::StrCat("period ", e.period, " (", e.text, ")"));
    }
  }
  if (shocks.empty()) return "";
  return absl::StrCat(shocks.size() == 1 ? " A shock hit in " : " Shocks hit in ",
                      absl::StrJoin(shocks, ", "), ".");
}

std::string BaselineText(const PairedResult& paired) {
  return absl::StrCat(
      "The baseline runs the same agents on the same seed without ",
      paired.baseline_removed.empty() ? "removing anything"
                                      : absl::StrJoin(paired.baseline_removed, "; "),
      paired.baseline_kept.empty()
          ? "; it keeps no policy instrument."
          : absl::StrCat("; it keeps ", absl::StrJoin(paired.baseline_kept, "; "), "."),
      " Differences are the policy's effect.");
}

}  // namespace

std::string MoneyText(const std::string& currency, double v) {
  if (!std::isfinite(v)) return "n/a";
  return absl::StrCat(v < 0 ? kMinus : "", currency, " ", FormatCompact(std::fabs(v)));
}

std::string SignedMoneyText(const std::string& currency, double v) {
  if (!std::isfinite(v)) return "n/a";
  return absl::StrCat(v < 0 ? kMinus : "+", currency, " ", FormatCompact(std::fabs(v)));
}

std::string PriceText(const std::string& currency, const std::string& unit, double v) {
  if (!std::isfinite(v)) return "n/a";
  return absl::StrCat(currency, " ", PriceNumber(v), "/", unit);
}

std::string QuantityText(const std::string& unit, double v) {
  if (!std::isfinite(v)) return "n/a";
  return absl::StrCat(FormatCompact(v), " ", unit);
}

Findings FindingsOf(const PairedResult& paired, const InstrumentInfos& infos) {
  Findings f;
  f.overall = OverallText(paired, infos);
  for (const std::string& symbol : InstrumentOrder(paired.policy)) {
    const RunSummary* p = FindSummary(paired.policy, symbol);
    const RunSummary* b = FindSummary(paired.baseline, symbol);
    if (!p || !b) continue;
    InstrumentInfo info;
    info.symbol = symbol;
    info.unit = "units";
    if (const InstrumentInfo* known = FindInfo(infos, symbol)) info = *known;
    const InstrumentPeriods periods = PeriodsOf(paired.policy, symbol);
    Findings::Item item;
    item.symbol = symbol;
    item.title = info.product.empty() ? symbol : absl::StrCat(symbol, " (", info.product, ")");
    std::string text = FloorText(periods, *p, info);
    absl::StrAppend(&text, SupportAndTariffText(periods, *p, info),
                    PriceAndVolumeText(*p, *b, info), UnsoldText(*p, *b, info),
                    StockpileText(paired, periods, *p, info), ShockText(paired, symbol));
    item.text = std::string(absl::StripLeadingAsciiWhitespace(text));
    f.instruments.push_back(std::move(item));
  }
  f.baseline = BaselineText(paired);
  return f;
}

}  // namespace ftz::sim::report
