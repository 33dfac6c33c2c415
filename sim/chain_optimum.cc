#include "sim/chain_optimum.h"

#include <algorithm>
#include <cmath>

namespace ftz::sim {

namespace {

void SortAscending(std::vector<Step>& s) {
  std::stable_sort(s.begin(), s.end(),
                   [](const Step& a, const Step& b) { return a.price < b.price; });
}
void SortDescending(std::vector<Step>& s) {
  std::stable_sort(s.begin(), s.end(),
                   [](const Step& a, const Step& b) { return a.price > b.price; });
}

double TotalQty(const std::vector<Step>& s) {
  double q = 0;
  for (const Step& x : s) q += x.qty;
  return q;
}

// The cheapest `qty` lots of an ascending curve: their cost, and what is left.
double TakeCheapest(const std::vector<Step>& ascending, double qty, std::vector<Step>* rest) {
  double cost = 0;
  rest->clear();
  for (const Step& s : ascending) {
    const double take = std::min(qty, s.qty);
    cost += take * s.price;
    qty -= take;
    if (s.qty - take > 0) rest->push_back({s.price, s.qty - take});
  }
  return cost;
}

// The first `qty` lots of an ascending curve.
std::vector<Step> FirstLots(const std::vector<Step>& ascending, double qty) {
  std::vector<Step> out;
  for (const Step& s : ascending) {
    if (qty <= 0) break;
    out.push_back({s.price, std::min(qty, s.qty)});
    qty -= s.qty;
  }
  return out;
}

std::vector<Step> MergeAscending(const std::vector<Step>& a, const std::vector<Step>& b) {
  std::vector<Step> out(a.size() + b.size());
  std::merge(a.begin(), a.end(), b.begin(), b.end(), out.begin(),
             [](const Step& x, const Step& y) { return x.price < y.price; });
  return out;
}

}  // namespace

Clearing ClearMarket(const std::vector<Step>& supply, const std::vector<Step>& demand) {
  Clearing c;
  size_t i = 0, j = 0;
  double left_s = supply.empty() ? 0 : supply[0].qty;
  double left_d = demand.empty() ? 0 : demand[0].qty;
  double last_cost = 0, last_value = 0;
  // Skip empty steps as they come.
  auto advance = [](const std::vector<Step>& v, size_t& k, double& left) {
    while (k < v.size() && left <= 0) {
      if (++k < v.size()) left = v[k].qty;
    }
  };
  advance(supply, i, left_s);
  advance(demand, j, left_d);
  while (i < supply.size() && j < demand.size() && demand[j].price >= supply[i].price) {
    const double t = std::min(left_s, left_d);
    c.gains += t * (demand[j].price - supply[i].price);
    c.market.quantity += t;
    last_cost = supply[i].price;
    last_value = demand[j].price;
    left_s -= t;
    left_d -= t;
    advance(supply, i, left_s);
    advance(demand, j, left_d);
  }
  MarketOptimum& m = c.market;
  if (m.quantity > 0) {
    // The marginal traded unit's cost and value bound the price; the first excluded buyer
    // and seller tighten the range.
    m.price_low = last_cost;
    m.price_high = last_value;
    if (j < demand.size()) m.price_low = std::max(m.price_low, demand[j].price);
    if (i < supply.size()) m.price_high = std::min(m.price_high, supply[i].price);
  } else {
    // No trade: any price between the highest value and the lowest cost clears.
    const bool has_s = i < supply.size(), has_d = j < demand.size();
    m.price_low = has_d ? demand[j].price : (has_s ? supply[i].price : 0);
    m.price_high = has_s ? supply[i].price : m.price_low;
  }
  if (m.price_low > m.price_high) std::swap(m.price_low, m.price_high);
  return c;
}

ChainOptimum SolveChain(ChainProblem p) {
  SortAscending(p.input.supply);
  SortDescending(p.input.demand);
  ChainOptimum out;
  if (!p.refining || p.refining->output_per_input <= 0) {
    const Clearing c = ClearMarket(p.input.supply, p.input.demand);
    out.max_gains = c.gains;
    out.input = c.market;
    return out;
  }
  SortAscending(p.output.supply);
  SortDescending(p.output.demand);
  Refining& r = *p.refining;
  SortAscending(r.processing);
  const double ratio = r.output_per_input;
  const double most = std::min(TotalQty(r.processing), ratio * TotalQty(p.input.supply));

  // Total gains when q output lots are refined: the input market with q / ratio of its
  // cheapest lots withdrawn (and paid for), plus the output market with the q cheapest
  // processing slots added to its supply. Concave in q (a partial maximum of a concave
  // function), piecewise linear with kinks where q or q / ratio is a whole lot.
  std::vector<Step> rest;
  auto evaluate = [&](double q, Clearing* in, Clearing* outm) {
    const double cost = TakeCheapest(p.input.supply, q / ratio, &rest);
    *in = ClearMarket(rest, p.input.demand);
    *outm =
        ClearMarket(MergeAscending(p.output.supply, FirstLots(r.processing, q)), p.output.demand);
    return in->gains - cost + outm->gains;
  };
  std::vector<double> candidates;
  for (double q = 0; q < most; q += 1) candidates.push_back(q);
  for (double k = 0; k * ratio < most; k += 1) candidates.push_back(k * ratio);
  candidates.push_back(most);
  std::sort(candidates.begin(), candidates.end());
  candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());

  // The first candidate after which the gains stop rising is the maximum (concavity).
  Clearing in, outm;
  size_t lo = 0, hi = candidates.size() - 1;
  while (lo < hi) {
    const size_t mid = (lo + hi) / 2;
    const double here = evaluate(candidates[mid], &in, &outm);
    const double next = evaluate(candidates[mid + 1], &in, &outm);
    if (next > here) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  const double q = candidates[lo];
  out.max_gains = evaluate(q, &in, &outm);
  out.refined = q;
  out.output = outm.market;
  // The input: what its direct buyers take plus what is refined. Its price lies between
  // the cost of the last lot used and the lesser of the next lot's cost and what refining
  // pays at the margin (the output price less the marginal processing, per input lot).
  out.input = in.market;
  out.input.quantity += q / ratio;
  if (q > 0) {
    const std::vector<Step> used = FirstLots(p.input.supply, out.input.quantity);
    const double last_cost = used.back().price;
    double next_cost = last_cost;
    double seen = 0;
    for (const Step& s : p.input.supply) {
      seen += s.qty;
      if (seen > out.input.quantity) {
        next_cost = s.price;
        break;
      }
    }
    const double refining_pays =
        ratio * (outm.market.price() - FirstLots(r.processing, q).back().price);
    out.input.price_low = last_cost;
    out.input.price_high = std::max(last_cost, std::min(next_cost, refining_pays));
    if (seen <= out.input.quantity) out.input.price_high = std::max(last_cost, refining_pays);
  }
  return out;
}

}  // namespace ftz::sim
