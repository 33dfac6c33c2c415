// ClientIdIndex against std::map on seeded random insert/erase/find streams, through
// growth; and on keys chosen to share one home bucket, so that they spill over into the
// following buckets (and across the wrap-around at the end of the table) and are erased
// from every position of the spill chain.
#include "matching/client_id_index.h"

#include <algorithm>
#include <map>
#include <random>
#include <utility>
#include <vector>

#include "gtest/gtest.h"

namespace ftz {
namespace {

using Key = std::pair<ParticipantId, ClientOrderId>;

void CheckSame(const ClientIdIndex& index, const std::map<Key, OrderHandle>& model,
               ParticipantId participants, ClientOrderId ids) {
  ASSERT_EQ(index.size(), model.size());
  for (ParticipantId p = 0; p < participants; ++p) {
    for (ClientOrderId c = 1; c <= ids; ++c) {
      auto it = model.find({p, c});
      ASSERT_EQ(index.Find(p, c), it == model.end() ? kNoOrder : it->second)
          << "participant " << p << " client id " << c;
    }
  }
}

struct Shape {
  ParticipantId participants;
  ClientOrderId ids;
  size_t reserve;
  int ops;
};

class ClientIdIndexTest : public ::testing::TestWithParam<Shape> {};

TEST_P(ClientIdIndexTest, MatchesStdMap) {
  const Shape shape = GetParam();
  for (uint64_t seed = 1; seed <= 4; ++seed) {
    std::mt19937_64 rng(seed);
    ClientIdIndex index(shape.reserve);
    std::map<Key, OrderHandle> model;
    OrderHandle next_handle = 0;
    for (int op = 0; op < shape.ops; ++op) {
      const auto p = static_cast<ParticipantId>(rng() % shape.participants);
      const ClientOrderId c = 1 + rng() % shape.ids;
      const bool present = model.contains({p, c});
      // Insert-heavy until the table holds many keys, then balanced churn.
      if (!present && rng() % 3 != 0) {
        index.Insert(p, c, next_handle);
        model[{p, c}] = next_handle++;
      } else {
        index.Erase(p, c);  // also erases absent keys: must be a no-op
        model.erase({p, c});
      }
      if (op % 97 == 0) CheckSame(index, model, shape.participants, shape.ids);
      ASSERT_FALSE(::testing::Test::HasFatalFailure()) << "seed " << seed << " op " << op;
    }
    CheckSame(index, model, shape.participants, shape.ids);
  }
}

INSTANTIATE_TEST_SUITE_P(Shapes, ClientIdIndexTest,
                         ::testing::Values(Shape{1, 200, 8, 20000},      // one participant
                                           Shape{7, 40, 8, 20000},       // grows from small
                                           Shape{64, 30, 1024, 30000},   // engine's default size
                                           Shape{3, 5000, 16, 40000}));  // large, many rehashes

// `count` client ids of `participant` whose home is `bucket` in `index` as sized now.
std::vector<ClientOrderId> IdsHomedAt(const ClientIdIndex& index, ParticipantId participant,
                                      size_t bucket, size_t count) {
  std::vector<ClientOrderId> ids;
  for (ClientOrderId c = 1; ids.size() < count; ++c) {
    if (index.BucketOf(participant, c) == bucket) ids.push_back(c);
  }
  return ids;
}

TEST(ClientIdIndex, KeysSharingAHomeBucketSpillOverAndStayFindable) {
  for (const bool last_bucket : {false, true}) {  // the last: the chain wraps around to 0
    for (uint64_t seed = 1; seed <= 8; ++seed) {
      ClientIdIndex index(1024);  // 1,024 buckets: 40 + 60 keys cause no rehash
      const size_t buckets = index.bucket_count();
      const size_t home = last_bucket ? buckets - 1 : 100;
      std::vector<Key> keys;
      for (ClientOrderId c : IdsHomedAt(index, 5, home, 40)) keys.push_back({5, c});
      // Others homed in the buckets the chain spills into, and next to it.
      for (size_t b = 1; b <= 12; ++b) {
        for (ClientOrderId c : IdsHomedAt(index, 6, (home + b) % buckets, 5))
          keys.push_back({6, c});
      }
      std::mt19937_64 rng(seed);
      std::shuffle(keys.begin(), keys.end(), rng);
      std::map<Key, OrderHandle> model;
      auto check = [&] {
        ASSERT_EQ(index.size(), model.size());
        for (const Key& k : keys) {
          auto it = model.find(k);
          ASSERT_EQ(index.Find(k.first, k.second), it == model.end() ? kNoOrder : it->second)
              << k.first << "/" << k.second;
        }
      };
      OrderHandle next_handle = 0;
      for (const Key& k : keys) {
        index.Insert(k.first, k.second, next_handle);
        model[k] = next_handle++;
      }
      ASSERT_EQ(index.bucket_count(), buckets);  // no rehash: the chain is what is tested
      ASSERT_GT(index.passed(home), 0u);         // 40 keys for 3 slots: it spilled over
      check();
      // Erase and re-insert in random order: from the chain's head, middle and tail.
      for (int op = 0; op < 2000; ++op) {
        const Key& k = keys[rng() % keys.size()];
        if (model.contains(k)) {
          index.Erase(k.first, k.second);
          model.erase(k);
        } else {
          index.Insert(k.first, k.second, next_handle);
          model[k] = next_handle++;
        }
        check();
        ASSERT_FALSE(::testing::Test::HasFatalFailure()) << "seed " << seed << " op " << op;
      }
      // Emptied, nothing passes any bucket: the counts are exact, not sticky.
      for (const Key& k : keys) index.Erase(k.first, k.second);
      EXPECT_EQ(index.size(), 0u);
      for (size_t b = 0; b < buckets; ++b) ASSERT_EQ(index.passed(b), 0u) << b;
      for (const Key& k : keys) index.Insert(k.first, k.second, 1);
      for (const Key& k : keys) ASSERT_EQ(index.Find(k.first, k.second), 1u);
    }
  }
}

// Keys that spilled past long runs of full buckets, which then emptied, can leave every
// bucket passed; a lookup or erase of an absent key must still end (it once looped).
TEST(ClientIdIndex, LookupsEndWhenEveryBucketHasBeenPassed) {
  for (const size_t size : {size_t{16}, size_t{1024}}) {
    ClientIdIndex index(size);
    const size_t buckets = index.bucket_count();
    const ParticipantId p = 7;
    ClientOrderId next = 1;
    auto homed_at = [&](size_t bucket) {
      while (index.BucketOf(p, next) != bucket) ++next;
      return next++;
    };
    std::vector<ClientOrderId> spilled;
    for (size_t quarter = 0; quarter < 4; ++quarter) {
      const size_t lo = quarter * buckets / 4, hi = (quarter + 1) * buckets / 4;
      // Fill buckets [lo, hi) from bucket lo (the previous quarter's spilled key already
      // holds a slot of bucket lo), then one more key: it lands in bucket hi.
      std::vector<ClientOrderId> fillers;
      for (size_t k = 0; k < 3 * (hi - lo) - (quarter > 0 ? 1 : 0); ++k) {
        fillers.push_back(homed_at(lo));
        index.Insert(p, fillers.back(), 1);
      }
      spilled.push_back(homed_at(lo));
      index.Insert(p, spilled.back(), 2);
      for (ClientOrderId c : fillers) index.Erase(p, c);
    }
    ASSERT_EQ(index.bucket_count(), buckets);
    ASSERT_EQ(index.size(), spilled.size());
    for (size_t b = 0; b < buckets; ++b) ASSERT_GT(index.passed(b), 0u) << b;
    EXPECT_EQ(index.Find(p, next + 12345), kNoOrder);
    index.Erase(p, next + 12345);
    EXPECT_EQ(index.size(), spilled.size());
    for (ClientOrderId c : spilled) EXPECT_EQ(index.Find(p, c), 2u);
  }
}

TEST(ClientIdIndex, ReserveMakesRoomWithoutRehash) {
  for (const size_t n : {size_t{1}, size_t{100}, size_t{1000}, size_t{5000}}) {
    ClientIdIndex index;
    index.reserve(n);
    const size_t buckets = index.bucket_count();
    EXPECT_GE(buckets, n);  // at most one key per bucket on average
    for (ClientOrderId c = 1; c <= n; ++c) index.Insert(3, c, static_cast<OrderHandle>(c));
    EXPECT_EQ(index.bucket_count(), buckets) << n;
    for (ClientOrderId c = 1; c <= n; ++c) ASSERT_EQ(index.Find(3, c), c);
  }
}

TEST(ClientIdIndex, SameClientIdOfDifferentParticipantsAreDifferentKeys) {
  ClientIdIndex index;
  index.Insert(1, 42, 7);
  index.Insert(2, 42, 8);
  EXPECT_EQ(index.Find(1, 42), 7u);
  EXPECT_EQ(index.Find(2, 42), 8u);
  index.Erase(1, 42);
  EXPECT_EQ(index.Find(1, 42), kNoOrder);
  EXPECT_EQ(index.Find(2, 42), 8u);
  EXPECT_EQ(index.size(), 1u);
}

}  // namespace
}  // namespace ftz
