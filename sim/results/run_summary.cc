#include "sim/results/run_summary.h"

#include <cmath>
#include <map>
#include <string>

namespace ftz::sim {

namespace {

void AddMoney(RunSummary& s, double spend, double top_ups, double duties) {
  const auto add = [](double& to, double x) { to = std::isnan(to) ? x : to + x; };
  add(s.stockpile_spend_total, spend);
  add(s.top_ups_total, top_ups);
  add(s.duties_total, duties);
}

void AddAccounts(RunSummary& s, const ChainPeriod& c) {
  const auto add = [](double& to, double x) { to = std::isnan(to) ? x : to + x; };
  add(s.buyers, c.buyers);
  add(s.producers, c.producers);
  add(s.intermediaries, c.intermediaries);
  add(s.market_makers, c.market_makers);
  add(s.government, c.government);
  add(s.total_surplus, c.total_surplus);
  add(s.max_gains, c.max_gains);
}

}  // namespace

std::vector<RunSummary> Summarize(const RunResult& run) {
  std::vector<RunSummary> out;
  std::map<std::string, size_t> row_of;
  auto row = [&](const std::string& symbol, uint8_t scope) -> RunSummary& {
    auto [it, added] = row_of.try_emplace(symbol, out.size());
    if (added) {
      out.push_back(RunSummary{});
      out.back().symbol = symbol;
      out.back().scope = scope;
    }
    return out[it->second];
  };
  // Instrument rows: market outcomes and the instrument's accounts.
  std::map<std::string, double> notional, at_floor, unsold;
  std::map<std::string, int> periods;
  for (const PeriodMetrics& m : run.periods) {
    RunSummary& s = row(m.symbol, kInstrumentScope);
    const auto add = [](double& to, double x) { to = std::isnan(to) ? x : to + x; };
    add(s.volume_total, m.volume);
    add(s.stockpile_bought_total, m.stockpile_bought);
    add(s.buyers, m.buyers);
    add(s.producers, m.producers);
    add(s.market_makers, m.market_makers);
    add(s.government, m.government);
    AddMoney(s, m.stockpile_spend - m.stockpile_proceeds, m.top_ups, m.duties);
    s.stockpile_inventory_end = m.stockpile_inventory_end;
    notional[m.symbol] += m.vwap * m.volume;
    at_floor[m.symbol] += m.volume_at_floor;
    unsold[m.symbol] += m.unsold_end;
    ++periods[m.symbol];
  }
  for (RunSummary& s : out) {
    s.vwap = s.volume_total > 0 ? notional[s.symbol] / s.volume_total : 0;
    s.share_at_floor = s.volume_total > 0 ? at_floor[s.symbol] / s.volume_total : 0;
    s.unsold_mean_end = unsold[s.symbol] / std::max(1, periods[s.symbol]);
  }
  // Chains: a one-instrument chain shares its instrument's row; longer chains get their
  // own, with the money of their instruments.
  for (const ChainInfo& info : run.chain_infos) {
    if (info.symbols.size() == 1) {
      RunSummary& s = row(info.symbols[0], kInstrumentScope);
      s.scope |= kChainScope;
      // Its accounts come from the chain rows below: clear the instrument's to avoid
      // counting them twice.
      s.buyers = s.producers = s.market_makers = s.government = RunSummary::kNone;
      continue;
    }
    RunSummary& c = row(info.name, kChainScope);
    for (const std::string& symbol : info.symbols) {
      const RunSummary& i = out[row_of.at(symbol)];
      AddMoney(c, i.stockpile_spend_total, i.top_ups_total, i.duties_total);
    }
  }
  RunSummary& all = row("ALL", kAllScope);
  for (const RunSummary& s : out) {
    if (&s == &all || !(s.scope & kChainScope)) continue;
    AddMoney(all, s.stockpile_spend_total, s.top_ups_total, s.duties_total);
  }
  for (const ChainPeriod& c : run.chains) {
    const ChainInfo* info = nullptr;
    for (const ChainInfo& i : run.chain_infos) {
      if (i.name == c.chain) info = &i;
    }
    if (!info) continue;
    AddAccounts(out[row_of.at(info->symbols.size() == 1 ? info->symbols[0] : info->name)], c);
    AddAccounts(out[row_of.at("ALL")], c);
  }
  for (RunSummary& s : out) {
    if (!(s.scope & (kChainScope | kAllScope))) continue;
    if (std::isnan(s.total_surplus)) s.total_surplus = s.max_gains = 0;
    s.efficiency = s.max_gains > 0 ? s.total_surplus / s.max_gains : RunSummary::kNone;
  }
  return out;
}

void SetDeadweightLoss(std::vector<RunSummary>& policy, const std::vector<RunSummary>& baseline) {
  for (RunSummary& s : policy) {
    if (!(s.scope & (kChainScope | kAllScope))) continue;
    for (const RunSummary& b : baseline) {
      if (b.symbol == s.symbol) s.deadweight_loss = b.total_surplus - s.total_surplus;
    }
  }
}

}  // namespace ftz::sim
