// SelectIf: both implementations (the x86-64 `cmov` at run time, mask arithmetic in
// constant evaluation and on other targets) pick the right operand for every width
// and for values whose bits overlap.
#include "matching/branch_free.h"

#include <cstdint>
#include <limits>

#include "gtest/gtest.h"

namespace ftz {
namespace {

static_assert(SelectIf(true, int32_t{-7}, int32_t{9}) == -7);
static_assert(SelectIf(false, int32_t{-7}, int32_t{9}) == 9);
static_assert(SelectIf(true, uint32_t{0xFFFFFFFF}, uint32_t{1}) == 0xFFFFFFFF);
static_assert(SelectIf(false, int64_t{1} << 40, int64_t{-1}) == -1);

// Values laundered through volatile, so that the run-time path is what runs.
template <typename T>
void ExpectBothWays(T a, T b) {
  volatile bool yes = true, no = false;
  volatile T va = a, vb = b;
  EXPECT_EQ(SelectIf(yes, va, vb), a);
  EXPECT_EQ(SelectIf(no, va, vb), b);
  EXPECT_EQ(SelectIf(yes, vb, va), b);
  EXPECT_EQ(SelectIf(no, vb, va), a);
}

TEST(SelectIfTest, PicksTheOperandTheConditionNames) {
  ExpectBothWays<int32_t>(-1, 0);
  ExpectBothWays<int32_t>(std::numeric_limits<int32_t>::min(), 12345);
  ExpectBothWays<uint32_t>(0xFFFFFFFFu, 0x80000001u);
  ExpectBothWays<int64_t>(-5, int64_t{1} << 62);
  ExpectBothWays<uint64_t>(~uint64_t{0}, 0x0123456789ABCDEFull);
}

TEST(SelectIfTest, ConditionFromAComparison) {
  for (int64_t x = -3; x <= 3; ++x) {
    volatile int64_t vx = x;
    EXPECT_EQ(SelectIf(vx > 0, int64_t{1}, int64_t{-1}), x > 0 ? 1 : -1);
  }
}

}  // namespace
}  // namespace ftz
