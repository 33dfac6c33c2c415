// ClientIdIndex against std::map on seeded random insert/erase/find streams. Small key
// spaces force long probe clusters, so backward-shift deletion is exercised at every
// position in a cluster, across the wrap-around at the end of the table, and through
// growth.
#include "matching/client_id_index.h"

#include <map>
#include <random>
#include <utility>

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
      // Insert-heavy until the table is full of clusters, then balanced churn.
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
