#include "sim/welfare.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "absl/strings/str_cat.h"
#include "sim/chain_optimum.h"

namespace ftz::sim {

absl::StatusOr<std::vector<Chain>> FindChains(const scenario::Scenario& s,
                                              const MarketRules& rules) {
  const size_t n = rules.instruments.size();
  std::vector<bool> traded(n, false);
  auto id_of = [&](const std::string& symbol) { return *rules.FindInstrument(symbol); };
  for (const auto& g : s.sellers()) traded[id_of(g.instrument())] = true;
  for (const auto& g : s.buyers()) traded[id_of(g.instrument())] = true;
  for (const auto& g : s.liquidity()) traded[id_of(g.instrument())] = true;

  // Refining links: (input, output) -> the yield and the first group with it.
  struct Link {
    double output_per_input;
    std::string group;
  };
  std::map<std::pair<InstrumentId, InstrumentId>, Link> links;
  std::vector<int> link_of(n, -1);  // how many links touch an instrument, as a marker
  for (const auto& g : s.sellers()) {
    if (g.input().empty()) continue;
    const InstrumentId in = id_of(g.input()), out = id_of(g.instrument());
    traded[in] = true;
    const double ratio =
        g.yield() * rules.instruments[in].lot_size / rules.instruments[out].lot_size;
    auto [it, added] = links.try_emplace({in, out}, Link{ratio, g.name()});
    if (!added && std::fabs(it->second.output_per_input - ratio) > 1e-12 * ratio) {
      return absl::InvalidArgumentError(absl::StrCat(
          "sellers ", it->second.group, " and ", g.name(), " both refine ", g.input(), " into ",
          g.instrument(), " at different yields: the welfare optimum needs one yield per link"));
    }
  }
  for (const auto& [pair, link] : links) {
    for (const InstrumentId id : {pair.first, pair.second}) {
      if (link_of[id] >= 0) {
        return absl::InvalidArgumentError(
            absl::StrCat("refiner group ", link.group, ": ", rules.instruments[id].spec.symbol,
                         " is in two refining steps; the welfare optimum covers chains of one step "
                         "(an input and its output)"));
      }
      link_of[id] = 1;
    }
  }
  std::vector<Chain> chains;
  std::vector<bool> done(n, false);
  for (InstrumentId id = 0; id < n; ++id) {
    if (!traded[id] || done[id]) continue;
    Chain c;
    for (const auto& [pair, link] : links) {
      if (pair.first != id && pair.second != id) continue;
      c.instruments = {pair.first, pair.second};
      c.refined = true;
      c.name = absl::StrCat(rules.instruments[pair.first].spec.symbol, ">",
                            rules.instruments[pair.second].spec.symbol);
    }
    if (!c.refined) {
      c.instruments = {id};
      c.name = rules.instruments[id].spec.symbol;
    }
    for (InstrumentId x : c.instruments) done[x] = true;
    chains.push_back(std::move(c));
  }
  return chains;
}

WelfareBook::WelfareBook(const MarketRules& rules, std::vector<Chain> chains,
                         std::vector<std::optional<Account>> accounts)
    : rules_(rules),
      chains_(std::move(chains)),
      account_of_(std::move(accounts)),
      cash_(rules.instruments.size()),
      real_(rules.instruments.size()) {
  for (auto& a : cash_) a.fill(0);
  for (auto& a : real_) a.fill(0);
}

void WelfareBook::OnTrade(InstrumentId instrument, ParticipantId buyer, ParticipantId seller,
                          Price price, Qty qty, Money duty, Money top_up) {
  auto& cash = cash_[instrument];
  const Money notional = price * qty;
  if (account_of_[buyer]) cash[static_cast<int>(*account_of_[buyer])] -= notional;
  if (account_of_[seller]) cash[static_cast<int>(*account_of_[seller])] += notional - duty + top_up;
  cash[static_cast<int>(Account::kGovernment)] += duty - top_up;
}

void WelfareBook::AddRealFlows(InstrumentId instrument, Account account,
                               const AgentPeriodStats& stats) {
  real_[instrument][static_cast<int>(account)] += stats.value_consumed - stats.cost_incurred;
}

void WelfareBook::AddHoldingValue(InstrumentId instrument, Account account, double tick_lots) {
  real_[instrument][static_cast<int>(account)] += tick_lots;
}

double WelfareBook::ToCurrency(InstrumentId instrument, double tick_lots) const {
  const InstrumentRules& ins = rules_.instruments[instrument];
  return tick_lots * ins.tick_size * ins.lot_size;
}

WelfareBook::InstrumentAccounts WelfareBook::AccountsOf(InstrumentId instrument) const {
  double a[kAccountCount];
  for (int k = 0; k < kAccountCount; ++k) {
    a[k] = ToCurrency(instrument, static_cast<double>(cash_[instrument][k]) + real_[instrument][k]);
  }
  return {a[static_cast<int>(Account::kBuyers)], a[static_cast<int>(Account::kProducers)],
          a[static_cast<int>(Account::kIntermediaries)],
          a[static_cast<int>(Account::kMarketMakers)], a[static_cast<int>(Account::kGovernment)]};
}

Money WelfareBook::CashImbalance(InstrumentId instrument) const {
  Money sum = 0;
  for (Money m : cash_[instrument]) sum += m;
  return sum;
}

namespace {

// One instrument's supply and demand per lot, in currency.
MarketCurves CurvesOf(const InstrumentEconomy& e, double per_lot) {
  MarketCurves m;
  for (Price v : e.values) m.demand.push_back({static_cast<double>(v) * per_lot, 1});
  for (Price v : e.values_of_reckless) m.demand.push_back({static_cast<double>(v) * per_lot, 1});
  for (const Holding& k : e.keep) {
    if (k.lots > 0) m.demand.push_back({static_cast<double>(k.value) * per_lot, k.lots});
  }
  for (Price c : e.costs) m.supply.push_back({static_cast<double>(c) * per_lot, 1});
  for (const Holding& h : e.held) {
    double lots = h.lots;
    if (h.offered_at > 0) {
      // Goods offered at a price can go no further than the demand at that price: buyers
      // who value them that much, buyers who pay without regard to value, and traders
      // (dealers, refiners buying input). The clearing gives its cheapest supply to the
      // highest values, so the optimum is at least what any such allocation makes.
      double eligible = static_cast<double>(e.values_of_reckless.size()) + e.takers_room;
      for (Price v : e.values) eligible += v >= h.offered_at ? 1 : 0;
      lots = std::min(lots, eligible);
    }
    if (lots > 0) m.supply.push_back({static_cast<double>(h.value) * per_lot, lots});
  }
  return m;
}

}  // namespace

WelfareBook::Optimum WelfareBook::Optimize(const PeriodEconomy& economy) const {
  const size_t n = rules_.instruments.size();
  Optimum result;
  result.ce_price.assign(n, 0);
  result.ce_quantity.assign(n, 0);
  result.max_gains.assign(chains_.size(), 0);
  auto per_lot = [&](InstrumentId id) {
    return rules_.instruments[id].tick_size * rules_.instruments[id].lot_size;
  };
  for (size_t c = 0; c < chains_.size(); ++c) {
    const Chain& chain = chains_[c];
    double fixed = 0;
    for (InstrumentId id : chain.instruments) {
      fixed += economy.instruments[id].fixed * per_lot(id);
    }
    ChainProblem problem;
    const InstrumentId first = chain.instruments[0];
    problem.input = CurvesOf(economy.instruments[first], per_lot(first));
    if (chain.refined) {
      const InstrumentId second = chain.instruments[1];
      problem.output = CurvesOf(economy.instruments[second], per_lot(second));
      Refining refining;
      for (const RefinerEconomy& r : economy.refiners) {
        if (r.input != first || r.output != second) continue;
        refining.output_per_input = r.output_per_input;
        double room = r.input_capacity * r.output_per_input;  // output lots
        for (Price p : r.processing) {
          if (room <= 0) break;
          refining.processing.push_back(
              {static_cast<double>(p) * per_lot(second), std::min(1.0, room)});
          room -= 1;
        }
      }
      problem.refining = std::move(refining);
    }
    const ChainOptimum opt = SolveChain(std::move(problem));
    result.max_gains[c] = opt.max_gains + fixed;
    const auto set_ce = [&](InstrumentId id, const MarketOptimum& m) {
      const double lot = rules_.instruments[id].lot_size;
      result.ce_price[id] = m.price() / lot;
      result.ce_quantity[id] = m.quantity * lot;
    };
    set_ce(first, opt.input);
    if (chain.refined) set_ce(chain.instruments[1], opt.output);
  }
  return result;
}

std::vector<ChainPeriod> WelfareBook::ClosePeriod(uint32_t period,
                                                  const std::vector<double>& max_gains) {
  std::vector<ChainPeriod> out;
  for (size_t c = 0; c < chains_.size(); ++c) {
    ChainPeriod row;
    row.period = period;
    row.chain = chains_[c].name;
    for (InstrumentId id : chains_[c].instruments) {
      const InstrumentAccounts a = AccountsOf(id);
      row.buyers += a.buyers;
      row.producers += a.producers;
      row.intermediaries += a.intermediaries;
      row.market_makers += a.market_makers;
      row.government += a.government;
    }
    row.total_surplus =
        row.buyers + row.producers + row.intermediaries + row.market_makers + row.government;
    row.max_gains = max_gains[c];
    if (row.max_gains > 0) row.efficiency = row.total_surplus / row.max_gains;
    out.push_back(std::move(row));
  }
  for (auto& a : cash_) a.fill(0);
  for (auto& a : real_) a.fill(0);
  return out;
}

}  // namespace ftz::sim
