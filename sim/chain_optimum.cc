#include "sim/chain_optimum.h"

#include <algorithm>
#include <cmath>

namespace ftz::sim {

namespace {

// Steps at the same price as one (agents of a group share their schedules, so this makes
// the curves several times shorter).
void Compact(std::vector<Step>& s) {
  size_t out = 0;
  for (size_t k = 0; k < s.size(); ++k) {
    if (s[k].qty <= 0) continue;
    if (out > 0 && s[out - 1].price == s[k].price) {
      s[out - 1].qty += s[k].qty;
    } else {
      s[out++] = s[k];
    }
  }
  s.resize(out);
}
void SortAscending(std::vector<Step>& s) {
  std::sort(s.begin(), s.end(), [](const Step& a, const Step& b) { return a.price < b.price; });
  Compact(s);
}
void SortDescending(std::vector<Step>& s) {
  std::sort(s.begin(), s.end(), [](const Step& a, const Step& b) { return a.price > b.price; });
  Compact(s);
}

double TotalQty(const std::vector<Step>& s) {
  double q = 0;
  for (const Step& x : s) q += x.qty;
  return q;
}

// The cost of the cheapest `qty` lots of an ascending curve.
double CostOfCheapest(const std::vector<Step>& ascending, double qty) {
  double cost = 0;
  for (const Step& s : ascending) {
    if (qty <= 0) break;
    const double take = std::min(qty, s.qty);
    cost += take * s.price;
    qty -= take;
  }
  return cost;
}

// The price of the last of the first `qty` lots of an ascending curve (0 when qty is 0).
double PriceOfLot(const std::vector<Step>& ascending, double qty) {
  double price = 0;
  for (const Step& s : ascending) {
    if (qty <= 0) break;
    price = s.price;
    qty -= s.qty;
  }
  return price;
}

// One ascending supply curve made of two, walked as one without copying: the first
// without its `skip` cheapest lots, the second cut at `limit` lots.
class Supply {
 public:
  Supply(const std::vector<Step>& a, double skip, const std::vector<Step>* b = nullptr,
         double limit = 0)
      : a_(a), b_(b) {
    left_a_ = a_.empty() ? 0 : a_[0].qty;
    while (skip > 0 && i_ < a_.size()) {
      const double t = std::min(skip, left_a_);
      skip -= t;
      left_a_ -= t;
      if (left_a_ <= 0 && ++i_ < a_.size()) left_a_ = a_[i_].qty;
    }
    limit_b_ = b_ ? limit : 0;
    left_b_ = b_ && !b_->empty() ? std::min((*b_)[0].qty, limit_b_) : 0;
    Settle();
  }
  bool done() const { return !from_a_ && !from_b_; }
  double price() const { return from_a_ ? a_[i_].price : (*b_)[j_].price; }
  double left() const { return from_a_ ? left_a_ : left_b_; }
  void Take(double t) {
    if (from_a_) {
      left_a_ -= t;
    } else {
      left_b_ -= t;
      limit_b_ -= t;
    }
    Settle();
  }

 private:
  // Skips exhausted steps and picks the cheaper curve.
  void Settle() {
    while (i_ < a_.size() && left_a_ <= 0) {
      if (++i_ < a_.size()) left_a_ = a_[i_].qty;
    }
    while (b_ && j_ < b_->size() && (left_b_ <= 0 && limit_b_ > 0)) {
      if (++j_ < b_->size()) left_b_ = std::min((*b_)[j_].qty, limit_b_);
    }
    const bool has_a = i_ < a_.size() && left_a_ > 0;
    const bool has_b = b_ && j_ < b_->size() && left_b_ > 0 && limit_b_ > 0;
    from_a_ = has_a && (!has_b || a_[i_].price <= (*b_)[j_].price);
    from_b_ = !from_a_ && has_b;
  }

  const std::vector<Step>& a_;
  const std::vector<Step>* b_;
  size_t i_ = 0, j_ = 0;
  double left_a_ = 0, left_b_ = 0, limit_b_ = 0;
  bool from_a_ = false, from_b_ = false;
};

Clearing Clear(Supply supply, const std::vector<Step>& demand) {
  Clearing c;
  size_t j = 0;
  double left_d = demand.empty() ? 0 : demand[0].qty;
  auto advance_demand = [&] {
    while (j < demand.size() && left_d <= 0) {
      if (++j < demand.size()) left_d = demand[j].qty;
    }
  };
  advance_demand();
  double last_cost = 0, last_value = 0;
  while (!supply.done() && j < demand.size() && demand[j].price >= supply.price()) {
    const double t = std::min(supply.left(), left_d);
    c.gains += t * (demand[j].price - supply.price());
    c.market.quantity += t;
    last_cost = supply.price();
    last_value = demand[j].price;
    supply.Take(t);
    left_d -= t;
    advance_demand();
  }
  MarketOptimum& m = c.market;
  if (m.quantity > 0) {
    // The marginal traded unit's cost and value bound the price; the first excluded buyer
    // and seller tighten the range.
    m.price_low = last_cost;
    m.price_high = last_value;
    if (j < demand.size()) m.price_low = std::max(m.price_low, demand[j].price);
    if (!supply.done()) m.price_high = std::min(m.price_high, supply.price());
  } else {
    // No trade: any price between the highest value and the lowest cost clears.
    const bool has_s = !supply.done(), has_d = j < demand.size();
    m.price_low = has_d ? demand[j].price : (has_s ? supply.price() : 0);
    m.price_high = has_s ? supply.price() : m.price_low;
  }
  if (m.price_low > m.price_high) std::swap(m.price_low, m.price_high);
  return c;
}

}  // namespace

Clearing ClearMarket(const std::vector<Step>& supply, const std::vector<Step>& demand) {
  return Clear(Supply(supply, 0), demand);
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
  auto evaluate = [&](double q, Clearing* in, Clearing* outm) {
    const double x = q / ratio;
    *in = Clear(Supply(p.input.supply, x), p.input.demand);
    *outm = Clear(Supply(p.output.supply, 0, &r.processing, q), p.output.demand);
    return in->gains - CostOfCheapest(p.input.supply, x) + outm->gains;
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
    const double used = out.input.quantity;
    const double last_cost = PriceOfLot(p.input.supply, used);
    const bool more = TotalQty(p.input.supply) > used;
    const double next_cost = more ? PriceOfLot(p.input.supply, used + 1e-9) : last_cost;
    const double refining_pays = ratio * (outm.market.price() - PriceOfLot(r.processing, q));
    out.input.price_low = last_cost;
    out.input.price_high = more ? std::max(last_cost, std::min(next_cost, refining_pays))
                                : std::max(last_cost, refining_pays);
  }
  return out;
}

}  // namespace ftz::sim
