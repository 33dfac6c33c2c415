#include "sim/report/stats.h"

#include <cmath>
#include <limits>

namespace ftz::sim {
namespace {

// t_{0.975, df} for df = 1..30.
constexpr double kT975[31] = {
    0,        12.706205, 4.302653, 3.182446, 2.776445, 2.570582, 2.446912, 2.364624,
    2.306004, 2.262157,  2.228139, 2.200985, 2.178813, 2.160369, 2.144787, 2.131450,
    2.119905, 2.109816,  2.100922, 2.093024, 2.085963, 2.079614, 2.073873, 2.068658,
    2.063899, 2.059539,  2.055529, 2.051831, 2.048407, 2.045230, 2.042272,
};

struct Knot {
  double df;
  double t;
};
constexpr Knot kTail[] = {{30, 2.042272}, {40, 2.021075}, {60, 2.000298}, {120, 1.979930}};

}  // namespace

double TQuantile975(int64_t df) {
  if (df <= 0) return std::numeric_limits<double>::quiet_NaN();
  if (df <= 30) return kT975[df];
  if (df > 120) return 1.96;
  for (size_t i = 1; i < std::size(kTail); ++i) {
    if (df <= kTail[i].df) {
      const Knot& a = kTail[i - 1];
      const Knot& b = kTail[i];
      const double w = (1.0 / a.df - 1.0 / df) / (1.0 / a.df - 1.0 / b.df);
      return a.t + w * (b.t - a.t);
    }
  }
  return 1.96;
}

MeanCi MeanAndCi95(const std::vector<double>& xs) {
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  MeanCi r;
  double sum = 0;
  for (double x : xs) {
    if (!std::isfinite(x)) continue;
    ++r.n;
    sum += x;
  }
  if (r.n == 0) {
    r.mean = r.sd = r.half = kNaN;
    return r;
  }
  r.mean = sum / static_cast<double>(r.n);
  if (r.n < 2) {
    r.sd = r.half = kNaN;
    return r;
  }
  double ss = 0;
  for (double x : xs) {
    if (!std::isfinite(x)) continue;
    ss += (x - r.mean) * (x - r.mean);
  }
  r.sd = std::sqrt(ss / static_cast<double>(r.n - 1));
  r.half = TQuantile975(r.n - 1) * r.sd / std::sqrt(static_cast<double>(r.n));
  return r;
}

MeanCi PairedDifferenceCi95(const std::vector<double>& a, const std::vector<double>& b) {
  std::vector<double> differences;
  differences.reserve(a.size());
  for (size_t i = 0; i < a.size() && i < b.size(); ++i) differences.push_back(a[i] - b[i]);
  return MeanAndCi95(differences);
}

}  // namespace ftz::sim
