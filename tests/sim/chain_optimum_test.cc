// The integrated-chain optimum (sim/chain_optimum.h) against hand computations and an
// exhaustive search over small markets (ctest label: sim).
#include "sim/chain_optimum.h"

#include <algorithm>
#include <functional>
#include <numeric>
#include <vector>

#include "gtest/gtest.h"
#include "sim/rng.h"

namespace ftz::sim {
namespace {

std::vector<Step> Units(const std::vector<double>& prices) {
  std::vector<Step> out;
  for (double p : prices) out.push_back({p, 1});
  return out;
}

TEST(ChainOptimum, OneMarketIsTheCompetitiveEquilibrium) {
  // Gode and Sunder's market 1, one trader of each side: 68 + 51 + 34 + 17 + 0.
  ChainProblem p;
  p.input.supply = Units({34, 46, 58, 70, 82, 94});
  p.input.demand = Units({102, 97, 92, 87, 82, 77});
  const ChainOptimum o = SolveChain(p);
  EXPECT_EQ(o.max_gains, 170);
  EXPECT_EQ(o.input.quantity, 5);
  EXPECT_EQ(o.input.price_low, 82);
  EXPECT_EQ(o.input.price_high, 82);
}

TEST(ChainOptimum, RefiningByHand) {
  // Input lots cost 10, 20, 30; refining one into one output lot costs 5, 5, then 50;
  // output is worth 100, 60, 40, 20. Two lots: (100 - 10 - 5) + (60 - 20 - 5) = 120; a
  // third would cost 30 + 50 for a value of 40.
  ChainProblem p;
  p.input.supply = Units({30, 10, 20});
  p.refining = Refining{1, Units({5, 50, 5})};
  p.output.demand = Units({20, 100, 40, 60});
  const ChainOptimum o = SolveChain(p);
  EXPECT_EQ(o.max_gains, 120);
  EXPECT_EQ(o.refined, 2);
  EXPECT_EQ(o.output.quantity, 2);
  EXPECT_EQ(o.input.quantity, 2);
  // Goods already held compete with refining: one held lot at no cost takes the 100.
  p.output.supply = Units({0});
  EXPECT_EQ(SolveChain(p).max_gains, 100 + (60 - 10 - 5) + (40 - 20 - 5));
}

TEST(ChainOptimum, HalfYieldNeedsTwoInputLotsPerOutputLot) {
  ChainProblem p;
  p.input.supply = Units({1, 1, 1, 1, 100});
  p.refining = Refining{0.5, Units({10, 10, 10})};
  p.output.demand = Units({50, 50, 50});
  // Two output lots from four input lots at 1: 2 x (50 - 2 - 10); the third would need
  // two more input lots at 100 each... of which only one exists: half a lot, at
  // 50 x 0.5 - 100 - 5 < 0.
  EXPECT_DOUBLE_EQ(SolveChain(p).max_gains, 76);
}

// Exhaustive search with a one-to-one yield and whole lots: every number of lots
// refined, sold directly on each market, all counted, the best ones picked by sorting
// (an independent formulation of the same optimum).
double BruteForce(std::vector<double> in_cost, std::vector<double> in_value,
                  std::vector<double> processing, std::vector<double> out_cost,
                  std::vector<double> out_value) {
  std::sort(in_cost.begin(), in_cost.end());
  std::sort(processing.begin(), processing.end());
  std::sort(out_cost.begin(), out_cost.end());
  std::sort(in_value.begin(), in_value.end(), std::greater<>());
  std::sort(out_value.begin(), out_value.end(), std::greater<>());
  const auto sum = [](const std::vector<double>& v, size_t n) {
    return std::accumulate(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(n), 0.0);
  };
  double best = 0;
  for (size_t q = 0; q <= std::min(processing.size(), in_cost.size()); ++q) {
    for (size_t a = 0; a + q <= in_cost.size() && a <= in_value.size(); ++a) {
      for (size_t b = 0; b <= out_cost.size() && b + q <= out_value.size(); ++b) {
        // a input lots to direct buyers, q refined; b direct output lots; q + b served.
        const double gains = sum(in_value, a) - sum(in_cost, a + q) - sum(processing, q) +
                             sum(out_value, q + b) - sum(out_cost, b);
        best = std::max(best, gains);
      }
    }
  }
  return best;
}

TEST(ChainOptimum, MatchesExhaustiveSearchOnSmallChains) {
  Rng rng(42);
  auto draw = [&](size_t max_n) {
    std::vector<double> v(rng.Below(max_n + 1));
    for (double& x : v) x = static_cast<double>(1 + rng.Below(100));
    return v;
  };
  for (int k = 0; k < 2000; ++k) {
    const std::vector<double> ic = draw(6), iv = draw(4), pc = draw(5), oc = draw(4), ov = draw(6);
    ChainProblem p;
    p.input.supply = Units(ic);
    p.input.demand = Units(iv);
    p.refining = Refining{1, Units(pc)};
    p.output.supply = Units(oc);
    p.output.demand = Units(ov);
    const double expected = BruteForce(ic, iv, pc, oc, ov);
    ASSERT_NEAR(SolveChain(p).max_gains, expected, 1e-9) << "case " << k;
  }
}

// With any yield, no allocation of whole input lots does better than the optimum.
TEST(ChainOptimum, BoundsRandomAllocations) {
  Rng rng(7);
  for (int k = 0; k < 500; ++k) {
    const double ratio = 0.1 * static_cast<double>(1 + rng.Below(20));
    std::vector<double> ic(2 + rng.Below(8)), pc(1 + rng.Below(6)), ov(1 + rng.Below(8));
    for (double& x : ic) x = static_cast<double>(1 + rng.Below(50));
    for (double& x : pc) x = static_cast<double>(1 + rng.Below(30));
    for (double& x : ov) x = static_cast<double>(1 + rng.Below(200));
    ChainProblem p;
    p.input.supply = Units(ic);
    p.refining = Refining{ratio, Units(pc)};
    p.output.demand = Units(ov);
    const double max = SolveChain(p).max_gains;
    // A random allocation: refine some input lots (within capacity), sell the whole
    // output lots to the best buyers, at the cheapest slots.
    std::sort(pc.begin(), pc.end());
    std::sort(ov.begin(), ov.end(), std::greater<>());
    for (int t = 0; t < 20; ++t) {
      const size_t used = rng.Below(ic.size() + 1);
      const double made =
          std::min(ratio * static_cast<double>(used), static_cast<double>(pc.size()));
      double gains = 0;
      for (size_t u = 0; u < used; ++u) gains -= ic[u];
      for (size_t s = 0; s < static_cast<size_t>(made); ++s) gains -= pc[s];
      for (size_t s = 0; s < static_cast<size_t>(made) && s < ov.size(); ++s) gains += ov[s];
      EXPECT_LE(gains, max + 1e-9) << "case " << k;
    }
  }
}

}  // namespace
}  // namespace ftz::sim
