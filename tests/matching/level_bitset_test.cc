// LevelBitset against a std::set model: Set/Clear/ClearIf/Test/Count and both searches,
// at word and summary boundaries and with random operations.
#include <random>
#include <set>

#include "gtest/gtest.h"
#include "matching/level_bitset.h"

namespace ftz {
namespace {

int64_t ModelAtOrBelow(const std::set<int64_t>& s, int64_t i) {
  auto it = s.upper_bound(i);
  if (it == s.begin()) return LevelBitset::kNone;
  return *std::prev(it);
}
int64_t ModelAtOrAbove(const std::set<int64_t>& s, int64_t i) {
  auto it = s.lower_bound(i);
  return it == s.end() ? LevelBitset::kNone : *it;
}

void CheckAll(const LevelBitset& b, const std::set<int64_t>& s, size_t bits) {
  for (int64_t i = 0; i < static_cast<int64_t>(bits); ++i) {
    ASSERT_EQ(b.Test(i), s.contains(i)) << i;
    ASSERT_EQ(b.FindAtOrBelow(i), ModelAtOrBelow(s, i)) << "below " << i;
    ASSERT_EQ(b.FindAtOrAbove(i), ModelAtOrAbove(s, i)) << "above " << i;
  }
  ASSERT_EQ(b.FindAtOrBelow(-1), LevelBitset::kNone);
  ASSERT_EQ(b.FindAtOrAbove(-5), ModelAtOrAbove(s, 0));
  ASSERT_EQ(b.FindAtOrAbove(static_cast<int64_t>(b.size()) + 10), LevelBitset::kNone);
}

TEST(LevelBitsetTest, EmptyFindsNothing) {
  LevelBitset b;
  b.Resize(10000);
  EXPECT_GE(b.size(), 10000u);
  CheckAll(b, {}, 10000);
  EXPECT_EQ(b.Count(), 0u);
}

TEST(LevelBitsetTest, BoundaryBits) {
  const size_t bits = 3 * 4096 + 100;  // not a whole number of summary words
  LevelBitset b;
  b.Resize(bits);
  std::set<int64_t> s;
  for (int64_t i : {0, 1, 62, 63, 64, 65, 127, 128, 4095, 4096, 4097, 8191, 8192, 12287, 12288,
                    static_cast<int>(bits) - 1}) {
    b.Set(i);
    s.insert(i);
  }
  CheckAll(b, s, bits);
  for (int64_t i : {63, 64, 4096, 0, static_cast<int>(bits) - 1}) {
    b.Clear(i);
    s.erase(i);
  }
  CheckAll(b, s, bits);
}

TEST(LevelBitsetTest, SingleBitsFarApart) {
  const size_t bits = 1 << 20;
  LevelBitset b;
  b.Resize(bits);
  b.Set(5);
  b.Set(bits - 3);
  EXPECT_EQ(b.FindAtOrAbove(6), static_cast<int64_t>(bits - 3));
  EXPECT_EQ(b.FindAtOrBelow(bits - 4), 5);
  EXPECT_EQ(b.FindAtOrBelow(4), LevelBitset::kNone);
  EXPECT_EQ(b.FindAtOrAbove(bits - 2), LevelBitset::kNone);
  b.Clear(5);
  EXPECT_EQ(b.FindAtOrBelow(bits - 4), LevelBitset::kNone);
}

TEST(LevelBitsetTest, ClearingOneBitOfAWordKeepsTheOthers) {
  LevelBitset b;
  b.Resize(8192);
  b.Set(4100);
  b.Set(4101);
  b.Clear(4100);
  EXPECT_EQ(b.FindAtOrAbove(0), 4101);
  EXPECT_EQ(b.FindAtOrBelow(8191), 4101);
  b.Clear(4101);
  EXPECT_EQ(b.FindAtOrAbove(0), LevelBitset::kNone);
  // Clearing an unset bit is harmless.
  b.Clear(7);
  EXPECT_EQ(b.FindAtOrBelow(8191), LevelBitset::kNone);
}

TEST(LevelBitsetTest, RandomAgainstStdSet) {
  for (size_t bits : {size_t{64}, size_t{100}, size_t{4096}, size_t{5000}, size_t{70000}}) {
    std::mt19937_64 rng(bits);
    LevelBitset b;
    b.Resize(bits);
    std::set<int64_t> s;
    for (int n = 0; n < 4000; ++n) {
      // Clustered around a few centres so that words fill and empty.
      const int64_t centre = static_cast<int64_t>((rng() % 4) * bits / 4);
      const int64_t i =
          std::clamp<int64_t>(centre + static_cast<int64_t>(rng() % 200) - 100, 0, bits - 1);
      switch (rng() % 4) {
        case 0:
        case 1:
          b.Set(i);
          s.insert(i);
          break;
        case 2:
          b.ClearIf(i, true);
          s.erase(i);
          break;
        case 3:
          b.ClearIf(i, false);  // a no-op, even when it is the word's only bit
          break;
      }
      ASSERT_EQ(b.Count(), s.size());
      const int64_t q = static_cast<int64_t>(rng() % bits);
      ASSERT_EQ(b.FindAtOrBelow(q), ModelAtOrBelow(s, q)) << bits << " " << q;
      ASSERT_EQ(b.FindAtOrAbove(q), ModelAtOrAbove(s, q)) << bits << " " << q;
    }
    CheckAll(b, s, bits);
  }
}

}  // namespace
}  // namespace ftz
