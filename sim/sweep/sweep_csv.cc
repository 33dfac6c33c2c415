#include "sim/sweep/sweep_csv.h"

#include "absl/strings/str_cat.h"
#include "sim/report/csv.h"

namespace ftz::sim {

std::string SweepRowsCsv(const SweepRows& rows) {
  std::string out;
  CsvRow header = {"cell"};
  for (const SweepParam& p : rows.spec.params) header.push_back(p.path);
  header.push_back("seed");
  header.push_back("symbol");
  for (const char* variant : {"policy", "baseline"}) {
    for (const Outcome& o : SummaryOutcomes()) header.push_back(absl::StrCat(variant, "_", o.key));
  }
  AppendCsvRow(&out, header);
  for (const SweepRow& r : rows.rows) {
    CsvRow f = {absl::StrCat(r.cell)};
    f.insert(f.end(), r.values.begin(), r.values.end());
    f.push_back(absl::StrCat(r.seed));
    f.push_back(r.symbol);
    for (const RunSummary* s : {&r.policy, &r.baseline}) {
      for (const Outcome& o : SummaryOutcomes()) f.push_back(CsvNumber(s->*o.member));
    }
    AppendCsvRow(&out, f);
  }
  return out;
}

std::string SweepSummaryCsv(const SweepAggregate& agg) {
  std::string out;
  CsvRow header;
  for (const SweepParam& p : agg.spec.params) header.push_back(p.path);
  for (const char* c :
       {"symbol", "variant", "outcome", "unit", "n", "mean", "sd", "ci_lo", "ci_hi"}) {
    header.push_back(c);
  }
  AppendCsvRow(&out, header);
  const std::vector<Outcome>& outcomes = SummaryOutcomes();
  for (const SweepGroup& g : agg.groups) {
    const InstrumentInfo* info = InfoOf(agg, g.symbol);
    const std::pair<const char*, const std::vector<MeanCi>*> variants[] = {
        {"policy", &g.policy}, {"baseline", &g.baseline}, {"difference", &g.difference}};
    for (const auto& [variant, stats] : variants) {
      const bool is_policy = stats == &g.policy;
      for (size_t k = 0; k < outcomes.size(); ++k) {
        const Outcome& o = outcomes[k];
        if (!ReportsOutcome(agg, o, g.symbol) || (!is_policy && !HasBaseline(o))) continue;
        const MeanCi& m = (*stats)[k];
        // Shares are written as fractions, not percentages.
        const std::string unit =
            o.kind == OutcomeKind::kShare ? "fraction" : OutcomeUnit(o.kind, info);
        CsvRow r = g.values;
        for (std::string field :
             {g.symbol, std::string(variant), std::string(o.key), unit, absl::StrCat(m.n)}) {
          r.push_back(std::move(field));
        }
        for (double x : {m.mean, m.sd, m.lo(), m.hi()}) r.push_back(CsvNumber(x));
        AppendCsvRow(&out, r);
      }
    }
  }
  return out;
}

}  // namespace ftz::sim
