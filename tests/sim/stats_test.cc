#include "sim/report/stats.h"

#include <cmath>

#include "gtest/gtest.h"

namespace ftz::sim {
namespace {

TEST(TQuantile, KnownValues) {
  EXPECT_NEAR(TQuantile975(1), 12.706, 1e-3);
  EXPECT_NEAR(TQuantile975(2), 4.303, 1e-3);
  EXPECT_NEAR(TQuantile975(4), 2.776, 1e-3);
  EXPECT_NEAR(TQuantile975(9), 2.262, 1e-3);
  EXPECT_NEAR(TQuantile975(10), 2.228, 1e-3);
  EXPECT_NEAR(TQuantile975(20), 2.086, 1e-3);
  EXPECT_NEAR(TQuantile975(30), 2.042, 1e-3);
  EXPECT_NEAR(TQuantile975(40), 2.021, 1e-3);
  EXPECT_NEAR(TQuantile975(60), 2.000, 1e-3);
  EXPECT_NEAR(TQuantile975(120), 1.980, 1e-3);
  EXPECT_DOUBLE_EQ(TQuantile975(121), 1.96);
  EXPECT_DOUBLE_EQ(TQuantile975(100000), 1.96);
  EXPECT_TRUE(std::isnan(TQuantile975(0)));
}

TEST(TQuantile, DecreasesWithDegreesOfFreedom) {
  for (int df = 1; df < 200; ++df) {
    EXPECT_GE(TQuantile975(df), TQuantile975(df + 1)) << df;
  }
  // Between the knots, interpolation stays between them.
  EXPECT_LT(TQuantile975(35), TQuantile975(30));
  EXPECT_GT(TQuantile975(35), TQuantile975(40));
}

TEST(MeanCi, KnownSample) {
  const MeanCi m = MeanAndCi95({1, 2, 3, 4, 5});
  EXPECT_EQ(m.n, 5);
  EXPECT_DOUBLE_EQ(m.mean, 3);
  EXPECT_NEAR(m.sd, std::sqrt(2.5), 1e-12);
  EXPECT_NEAR(m.half, 2.776445 * std::sqrt(2.5) / std::sqrt(5.0), 1e-5);
  EXPECT_NEAR(m.lo(), 3 - 1.963243, 1e-5);
  EXPECT_NEAR(m.hi(), 3 + 1.963243, 1e-5);
}

TEST(MeanCi, TwoSamplesUseTWithOneDegreeOfFreedom) {
  const MeanCi m = MeanAndCi95({10, 12});
  EXPECT_DOUBLE_EQ(m.mean, 11);
  EXPECT_NEAR(m.half, 12.706205 * std::sqrt(2.0) / std::sqrt(2.0), 1e-5);
}

TEST(MeanCi, EdgeCases) {
  const MeanCi one = MeanAndCi95({7});
  EXPECT_EQ(one.n, 1);
  EXPECT_DOUBLE_EQ(one.mean, 7);
  EXPECT_TRUE(std::isnan(one.half));
  const MeanCi none = MeanAndCi95({});
  EXPECT_EQ(none.n, 0);
  EXPECT_TRUE(std::isnan(none.mean));
  const MeanCi same = MeanAndCi95({4, 4, 4});
  EXPECT_DOUBLE_EQ(same.half, 0);
  const MeanCi with_nan = MeanAndCi95({1, std::nan(""), 3});
  EXPECT_EQ(with_nan.n, 2);
  EXPECT_DOUBLE_EQ(with_nan.mean, 2);
}

TEST(PairedDifference, HandComputedExample) {
  // Differences 10-9, 12-10, 14-10 = 1, 2, 4: mean 7/3, sd sqrt(7/3) = 1.527525,
  // half-width t(0.975, 2) * sd / sqrt(3) = 4.302653 * 0.881917 = 3.794583.
  const MeanCi d = PairedDifferenceCi95({10, 12, 14}, {9, 10, 10});
  EXPECT_EQ(d.n, 3);
  EXPECT_NEAR(d.mean, 7.0 / 3, 1e-12);
  EXPECT_NEAR(d.sd, 1.527525, 1e-6);
  EXPECT_NEAR(d.half, 3.794583, 1e-6);
  // A pair with a non-finite member is left out.
  const MeanCi e = PairedDifferenceCi95({10, 12, 14, std::nan("")}, {9, 10, 10, 3});
  EXPECT_EQ(e.n, 3);
  EXPECT_DOUBLE_EQ(e.half, d.half);
  // Shared noise cancels: the difference's interval is narrower than either mean's.
  const MeanCi a = MeanAndCi95({10, 20, 30});
  const MeanCi paired = PairedDifferenceCi95({10, 20, 30}, {9, 18.5, 29.5});
  EXPECT_LT(paired.half, a.half / 5);
}

}  // namespace
}  // namespace ftz::sim
