// The dense price ladder: orders far outside the initial 1024-tick window in both
// directions, and its bookkeeping after growth (checked against a std::map model).
#include <map>
#include <random>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "matching/price_ladder.h"
#include "tests/matching/test_util.h"

namespace ftz::testing {
namespace {

// A ladder and a pool, with a std::map model of what each level should hold.
class LadderHarness {
 public:
  explicit LadderHarness(Side side) : ladder_(side) {}

  OrderHandle Add(Price price, Qty qty) {
    const OrderHandle h = pool_.Allocate();
    pool_[h] = Order{};
    pool_[h].id = ++next_id_;
    pool_[h].price = price;
    pool_[h].leaves = qty;
    pool_[h].side = ladder_.side();
    ladder_.Append(pool_, h);
    model_[price] += qty;
    return h;
  }
  void Remove(OrderHandle h) {
    const Order& o = pool_[h];
    model_[o.price] -= o.leaves;
    if (model_[o.price] == 0) model_.erase(o.price);
    ladder_.Unlink(pool_, h);
    pool_.Free(h);
  }
  // Levels best to worst as (price, qty), from the ladder and from the model.
  std::vector<std::pair<Price, Qty>> Levels() const {
    std::vector<std::pair<Price, Qty>> out;
    ladder_.ForEachLevel([&](Price p, const PriceLevel& l) {
      out.push_back({p, l.qty});
      return true;
    });
    return out;
  }
  std::vector<std::pair<Price, Qty>> Model() const {
    std::vector<std::pair<Price, Qty>> out(model_.begin(), model_.end());
    if (ladder_.side() == Side::kBuy) std::reverse(out.begin(), out.end());
    return out;
  }
  const PriceLadder& ladder() const { return ladder_; }

 private:
  PriceLadder ladder_;
  OrderPool pool_;
  std::map<Price, Qty> model_;
  OrderId next_id_ = 0;
};

TEST(PriceLadderTest, GrowsUpwardAndDownwardFarOutsideTheWindow) {
  for (Side side : {Side::kBuy, Side::kSell}) {
    LadderHarness h(side);
    h.Add(1'000'000, 1);
    const size_t first = h.ladder().window_size();
    EXPECT_GE(first, 1024u);
    h.Add(1'000'000 + 1'000'000, 2);  // far above
    h.Add(1'000'000 - 900'000, 3);    // far below
    h.Add(1'000'000 + 513, 4);        // just outside the first window
    h.Add(1'000'000 - 513, 5);
    EXPECT_GT(h.ladder().window_size(), 1'900'000u);
    EXPECT_TRUE(h.ladder().CheckBookkeeping());
    EXPECT_EQ(h.Levels(), h.Model());
    EXPECT_EQ(h.ladder().best_price(), side == Side::kBuy ? 2'000'000 : 100'000);
    EXPECT_EQ(h.ladder().level_count(), 5u);
    ASSERT_NE(h.ladder().Find(1'000'000 - 513), nullptr);
    EXPECT_EQ(h.ladder().Find(1'000'000 - 513)->qty, 5);
    EXPECT_EQ(h.ladder().Find(1'000'000 - 514), nullptr);
    EXPECT_EQ(h.ladder().Find(-5), nullptr);
    EXPECT_EQ(h.ladder().Find(99'000'000), nullptr);
  }
}

TEST(PriceLadderTest, BestIsKeptAcrossGrowth) {
  LadderHarness bids(Side::kBuy);
  bids.Add(5000, 1);
  bids.Add(4000, 1);  // below the first window: grows downward, best stays 5000
  EXPECT_EQ(bids.ladder().best_price(), 5000);
  bids.Add(9000, 1);  // grows upward, new best
  EXPECT_EQ(bids.ladder().best_price(), 9000);
  LadderHarness asks(Side::kSell);
  asks.Add(5000, 1);
  asks.Add(9000, 1);
  EXPECT_EQ(asks.ladder().best_price(), 5000);
  asks.Add(10, 1);
  EXPECT_EQ(asks.ladder().best_price(), 10);
  EXPECT_TRUE(bids.ladder().CheckBookkeeping());
  EXPECT_TRUE(asks.ladder().CheckBookkeeping());
}

TEST(PriceLadderTest, RandomAddsAndRemovesMatchAMapModel) {
  for (Side side : {Side::kBuy, Side::kSell}) {
    LadderHarness h(side);
    std::mt19937_64 rng(side == Side::kBuy ? 1 : 2);
    std::vector<OrderHandle> live;
    for (int n = 0; n < 20000; ++n) {
      if (live.empty() || rng() % 3 != 0) {
        // Mostly near 50000, sometimes very far in either direction.
        Price p = 50000 + static_cast<Price>(rng() % 200) - 100;
        if (rng() % 50 == 0) p = 1 + static_cast<Price>(rng() % 150000);
        live.push_back(h.Add(p, 1 + static_cast<Qty>(rng() % 10)));
      } else {
        const size_t i = rng() % live.size();
        h.Remove(live[i]);
        live[i] = live.back();
        live.pop_back();
      }
      if (n % 197 == 0) {
        ASSERT_TRUE(h.ladder().CheckBookkeeping()) << n;
        ASSERT_EQ(h.Levels(), h.Model()) << n;
        if (!live.empty()) {
          ASSERT_EQ(h.ladder().best_price(), h.Model().front().first) << n;
        }
      }
    }
    while (!live.empty()) {
      h.Remove(live.back());
      live.pop_back();
    }
    EXPECT_TRUE(h.ladder().empty());
    EXPECT_TRUE(h.ladder().CheckBookkeeping());
  }
}

// Through the engine: trading across a grown window in both directions.
TEST(PriceLadderTest, EngineMatchesAcrossGrownWindow) {
  Engine engine;
  ASSERT_TRUE(engine.AddInstrument(TestSpec("CU", 1, 3'000'000, 1000)).ok());
  Exec(engine, "NEW p=1 SELL px=1500000 qty=1");
  Exec(engine, "NEW p=1 SELL px=2900000 qty=1");
  Exec(engine, "NEW p=1 SELL px=10 qty=1");
  Exec(engine, "NEW p=2 BUY px=4 qty=1");
  Exec(engine, "NEW p=2 BUY px=9 qty=1");
  EXPECT_TRUE(engine.Validate().ok());
  const std::vector<std::string> got = Exec(engine, "NEW p=3 BUY px=2900000 qty=3");
  ASSERT_EQ(got.size(), 7u);
  EXPECT_THAT(got[1], ::testing::HasSubstr("px=10 qty=1"));
  EXPECT_THAT(got[3], ::testing::HasSubstr("px=1500000 qty=1"));
  EXPECT_THAT(got[5], ::testing::HasSubstr("px=2900000 qty=1"));
  EXPECT_EQ(engine.book(0).bids().best_price(), 9);
  EXPECT_TRUE(engine.Validate().ok());
}

}  // namespace
}  // namespace ftz::testing
