// Small statistics for sweeps: mean, sample standard deviation and a two-sided 95%
// confidence interval for the mean using Student's t distribution, of samples and of
// paired differences.
#pragma once

#include <cstdint>
#include <vector>

namespace ftz::sim {

// The 0.975 quantile of Student's t with `df` degrees of freedom (the multiplier of a
// two-sided 95% interval). Exact table values for df 1..30; beyond, linear interpolation
// in 1/df through the textbook values at 40, 60 and 120, and 1.96 (the normal
// quantile) from df > 120. df 0 returns NaN (no interval from one sample).
double TQuantile975(int64_t df);

struct MeanCi {
  int64_t n = 0;
  double mean = 0;  // NaN when n == 0
  double sd = 0;    // sample standard deviation (n - 1); NaN when n < 2
  double half = 0;  // CI half width t * sd / sqrt(n); NaN when n < 2
  double lo() const { return mean - half; }
  double hi() const { return mean + half; }
};

// Mean and 95% CI of `xs`. Non-finite samples are ignored (and not counted in n).
MeanCi MeanAndCi95(const std::vector<double>& xs);

// Mean and 95% CI of the paired differences a[i] - b[i] (e.g. a policy run minus its
// baseline on the same seed): the t interval of the differences, which is narrower than
// comparing two independent means when the pairs share their noise. Pairs with a
// non-finite member are left out. `a` and `b` have the same length.
MeanCi PairedDifferenceCi95(const std::vector<double>& a, const std::vector<double>& b);

}  // namespace ftz::sim
