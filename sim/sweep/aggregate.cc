#include "sim/sweep/aggregate.h"

#include <algorithm>
#include <map>

#include "sim/sweep/merge.h"

namespace ftz::sim {

bool ReportsOutcome(const SweepAggregate& agg, const Outcome& o, const std::string& symbol) {
  const auto it = agg.scopes.find(symbol);
  return it != agg.scopes.end() && (o.scopes & it->second) != 0;
}

bool HasBaseline(const Outcome& o) { return !o.policy_only; }

const InstrumentInfo* InfoOf(const SweepAggregate& agg, const std::string& symbol) {
  const auto it = agg.infos.find(symbol);
  return symbol == kAllInstruments || it == agg.infos.end() ? nullptr : &it->second;
}

SweepAggregate Aggregate(const SweepRows& rows) {
  SweepAggregate agg;
  agg.spec = rows.spec;
  agg.scenario = rows.scenario;
  agg.infos = rows.infos;
  agg.cells_expected = GridSize(rows.spec);
  agg.missing_cells = MissingCells(rows);
  agg.cells_present = agg.cells_expected - agg.missing_cells.size();
  bool has_all = false;
  for (const SweepRow& r : rows.rows) {
    agg.scopes[r.symbol] = r.policy.scope;
    if (r.symbol == kAllInstruments) {
      has_all = true;
    } else if (std::find(agg.symbols.begin(), agg.symbols.end(), r.symbol) == agg.symbols.end()) {
      agg.symbols.push_back(r.symbol);
    }
  }
  if (has_all) agg.symbols.push_back(kAllInstruments);

  // Per (combination, symbol) and outcome, the samples in cell order: policy[k][i] and
  // baseline[k][i] come from the same seed, which pairs them for the difference.
  const std::vector<Outcome>& outcomes = SummaryOutcomes();
  struct Samples {
    std::vector<std::string> values;
    std::vector<std::vector<double>> policy, baseline;
  };
  std::map<std::pair<int64_t, size_t>, Samples> samples;
  for (const SweepRow& r : rows.rows) {
    const size_t si =
        std::find(agg.symbols.begin(), agg.symbols.end(), r.symbol) - agg.symbols.begin();
    Samples& s = samples[{ComboOf(rows.spec, r.values), si}];
    s.values = r.values;
    s.policy.resize(outcomes.size());
    s.baseline.resize(outcomes.size());
    for (size_t k = 0; k < outcomes.size(); ++k) {
      s.policy[k].push_back(r.policy.*outcomes[k].member);
      s.baseline[k].push_back(r.baseline.*outcomes[k].member);
    }
  }
  for (const auto& [key, s] : samples) {
    SweepGroup g;
    g.values = s.values;
    g.symbol = agg.symbols[key.second];
    for (size_t k = 0; k < outcomes.size(); ++k) {
      g.policy.push_back(MeanAndCi95(s.policy[k]));
      g.baseline.push_back(MeanAndCi95(s.baseline[k]));
      g.difference.push_back(PairedDifferenceCi95(s.policy[k], s.baseline[k]));
    }
    agg.groups.push_back(std::move(g));
  }
  return agg;
}

}  // namespace ftz::sim
