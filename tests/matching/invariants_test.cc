// Invariants after seeded random streams, derived only from the engine's events and its
// public state: the book is never crossed, quantity is conserved per order and in
// aggregate, every resting order is reachable by id, and every trade is at the maker's
// price and within both orders' limits.
#include <map>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "matching/engine.h"
#include "matching/scenario.h"
#include "tests/matching/random_stream.h"
#include "vocabulary/text_format.h"

namespace ftz::testing {
namespace {

struct Tracked {
  InstrumentId instrument;
  Side side;
  bool market;
  Price limit;   // current limit (replaces move it); unused for market orders
  Qty accepted;  // accepted qty, plus increases and minus decreases by replaces
  Qty filled = 0;
  Qty removed = 0;  // cancelled or expired leaves
  Qty leaves;       // open quantity according to the events
  bool done = false;
};

class InvariantsTest : public ::testing::TestWithParam<uint64_t> {};

TEST_P(InvariantsTest, HoldAfterEveryCommand) {
  const uint64_t seed = GetParam();
  const int64_t commands = CommandsPerSeed(50000);
  Engine engine;
  for (const InstrumentSpec& spec : RandomStream::Instruments()) {
    ASSERT_TRUE(engine.AddInstrument(spec).ok());
  }
  RandomStream stream(seed);
  absl::flat_hash_map<OrderId, Tracked> orders;
  Qty total_accepted = 0, total_filled = 0, total_removed = 0;
  int64_t trades = 0;
  EventBuffer out;
  for (int64_t n = 0; n < commands; ++n) {
    InstrumentId admin_instrument;
    bool halted;
    if (stream.NextAdmin(&admin_instrument, &halted)) {
      ASSERT_TRUE(engine.SetHalted(admin_instrument, halted).ok());
    }
    const Command cmd = stream.Next();
    out.Clear();
    engine.Submit(cmd, out);
    const std::string where =
        absl::StrCat("seed ", seed, " command #", n, ": ", FormatCommand(cmd));
    for (const Event& e : out) {
      stream.Observe(e);
      const std::string line = absl::StrCat(where, "\n  event: ", FormatEvent(e));
      switch (e.kind) {
        case EventKind::kAccepted: {
          const AcceptedEvent& a = e.accepted;
          ASSERT_FALSE(orders.contains(a.order.order_id)) << line;
          orders[a.order.order_id] = Tracked{.instrument = e.instrument,
                                             .side = a.side,
                                             .market = a.type == OrderType::kMarket,
                                             .limit = a.price,
                                             .accepted = a.qty,
                                             .leaves = a.qty};
          total_accepted += a.qty;
          break;
        }
        case EventKind::kTrade: {
          const TradeEvent& t = e.trade;
          ++trades;
          ASSERT_TRUE(orders.contains(t.maker.order_id)) << line;
          ASSERT_TRUE(orders.contains(t.taker.order_id)) << line;
          Tracked& maker = orders[t.maker.order_id];
          Tracked& taker = orders[t.taker.order_id];
          ASSERT_GT(t.qty, 0) << line;
          ASSERT_NE(maker.side, taker.side) << line;
          ASSERT_EQ(t.aggressor, taker.side) << line;
          ASSERT_FALSE(maker.market) << line;
          ASSERT_EQ(t.price, maker.limit) << "trade not at the maker's price\n" << line;
          if (!taker.market) {
            ASSERT_TRUE(taker.side == Side::kBuy ? t.price <= taker.limit : t.price >= taker.limit)
                << "trade outside the taker's limit\n"
                << line;
          }
          maker.leaves -= t.qty;
          taker.leaves -= t.qty;
          maker.filled += t.qty;
          taker.filled += t.qty;
          total_filled += 2 * t.qty;
          ASSERT_EQ(t.maker_leaves, maker.leaves) << line;
          ASSERT_EQ(t.taker_leaves, taker.leaves) << line;
          ASSERT_GE(maker.leaves, 0) << line;
          ASSERT_GE(taker.leaves, 0) << line;
          break;
        }
        case EventKind::kCancelled:
        case EventKind::kExpired: {
          ASSERT_TRUE(orders.contains(e.cancelled.order.order_id)) << line;
          Tracked& o = orders[e.cancelled.order.order_id];
          ASSERT_FALSE(o.done) << line;
          ASSERT_EQ(e.cancelled.leaves, o.leaves) << line;
          ASSERT_GT(o.leaves, 0) << line;
          o.removed += o.leaves;
          total_removed += o.leaves;
          o.leaves = 0;
          o.done = true;
          break;
        }
        case EventKind::kReplaced: {
          const ReplacedEvent& r = e.replaced;
          ASSERT_TRUE(orders.contains(r.order.order_id)) << line;
          Tracked& o = orders[r.order.order_id];
          ASSERT_EQ(r.old_leaves, o.leaves) << line;
          ASSERT_EQ(r.old_price, o.limit) << line;
          o.accepted += r.new_leaves - r.old_leaves;
          total_accepted += r.new_leaves - r.old_leaves;
          o.leaves = r.new_leaves;
          o.limit = r.new_price;
          break;
        }
        default:
          break;
      }
    }
    // Per-order conservation for the orders this command touched, and reachability.
    for (const Event& e : out) {
      OrderId id = 0;
      if (e.kind == EventKind::kAccepted) id = e.accepted.order.order_id;
      if (e.kind == EventKind::kTrade) id = e.trade.maker.order_id;
      if (e.kind == EventKind::kReplaced) id = e.replaced.order.order_id;
      if (id == 0) continue;
      const Tracked& o = orders[id];
      ASSERT_EQ(o.accepted, o.filled + o.removed + o.leaves) << where << " order " << id;
      const Order* resting = engine.FindOrder(id);
      if (o.leaves > 0 && !o.done) {
        // Still open after the command: it must rest, with exactly these leaves.
        ASSERT_NE(resting, nullptr) << where << " order " << id << " not reachable by id";
        ASSERT_EQ(resting->leaves, o.leaves) << where << " order " << id;
        ASSERT_EQ(resting->price, o.limit) << where << " order " << id;
      } else {
        ASSERT_EQ(resting, nullptr) << where << " order " << id << " finished but still indexed";
      }
    }
    // Never crossed.
    for (InstrumentId i = 0; i < engine.instrument_count(); ++i) {
      const OrderBook& book = engine.book(i);
      if (!book.bids().empty() && !book.asks().empty()) {
        ASSERT_LT(book.bids().best_price(), book.asks().best_price()) << where << "\n"
                                                                      << FormatBook(engine, i);
      }
    }
    if (n % 5000 == 0 || n + 1 == commands) {
      // Aggregate conservation and full reachability.
      Qty resting_leaves = 0;
      size_t resting_count = 0;
      for (InstrumentId i = 0; i < engine.instrument_count(); ++i) {
        engine.book(i).ForEachOrder(engine.pool(), [&](OrderHandle h) {
          const Order& o = engine.pool()[h];
          resting_leaves += o.leaves;
          ++resting_count;
          const Order* found = engine.FindOrder(o.id);
          EXPECT_EQ(found, &o) << "order " << o.id << " not reachable by id";
          auto it = orders.find(o.id);
          EXPECT_TRUE(it != orders.end() && it->second.leaves == o.leaves && !it->second.done)
              << "order " << o.id << " rests with leaves the events do not explain";
        });
      }
      ASSERT_EQ(resting_count, engine.resting_orders());
      // Summed over orders: accepted = filled (each trade fills two orders) + cancelled or
      // expired + resting.
      ASSERT_EQ(total_accepted, total_filled + total_removed + resting_leaves) << where;
      Qty open = 0;
      for (const auto& [id, o] : orders) open += o.leaves;
      ASSERT_EQ(open, resting_leaves) << where;
      const absl::Status s = engine.Validate();
      ASSERT_TRUE(s.ok()) << s << " at " << where;
    }
  }
  EXPECT_GT(trades, commands / 20);
}

INSTANTIATE_TEST_SUITE_P(Seeds, InvariantsTest, ::testing::Range<uint64_t>(101, 105));

}  // namespace
}  // namespace ftz::testing
