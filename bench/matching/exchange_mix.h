// Seeded command streams for the matching benchmarks, built outside any timed region.
//
// A stream is replayed on engines made by a factory: `setup` brings a fresh engine to a
// steady state (untimed), then `commands` are the measured operations. Because the
// engine is deterministic, a fresh engine that has run `setup` is in exactly the state
// the generator saw, so every cancel and replace in `commands` names a live order (the
// generator tracks live order ids from the events of a shadow engine made by the same
// factory).
//
// The ExchangeMix generator follows exchange-core's single-book benchmark: 9% new GTC,
// 3% IOC, 6% cancel, 82% replace ("move"), about 1,000 resting orders over about 750
// occupied price levels. To reuse it with another venue (for example ExchangeMixPolicy:
// a Market, the engine with the floor policy inside), pass a factory that builds that
// venue: the shadow venue then sees the same rules as the measured one. A venue has
// Submit(const Command&, EventBuffer&) and is, or has an engine() that is, an
// EngineState.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <memory>
#include <type_traits>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "matching/engine.h"
#include "vocabulary/command.h"
#include "vocabulary/event_buffer.h"
#include "vocabulary/instrument.h"

namespace ftz::bench {

// splitmix64: small, fast and identical on every platform (unlike <random>'s
// distributions), so a seed names one stream everywhere.
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  // Uniform in [0, n).
  uint64_t Below(uint64_t n) {
    return static_cast<uint64_t>((static_cast<unsigned __int128>(Next()) * n) >> 64);
  }
  // Uniform in [lo, hi].
  int64_t Between(int64_t lo, int64_t hi) {
    return lo + static_cast<int64_t>(Below(static_cast<uint64_t>(hi - lo + 1)));
  }
  bool Chance(double p) { return static_cast<double>(Next() >> 11) * 0x1.0p-53 < p; }

 private:
  uint64_t state_;
};

// Builds a venue ready for a stream: instruments added (the streams use instrument 0),
// options and policies set.
template <typename Venue>
using VenueFactory = std::function<std::shared_ptr<Venue>()>;
using EngineFactory = VenueFactory<Engine>;

// The books and orders of a venue: an engine's own, or those of the venue's engine.
template <typename Venue>
const EngineState& StateOf(const Venue& venue) {
  if constexpr (std::is_base_of_v<EngineState, Venue>) {
    return venue;
  } else {
    return venue.engine();
  }
}

inline EngineFactory PlainEngineFactory(InstrumentSpec spec, EngineOptions options = {}) {
  return [spec = std::move(spec), options]() {
    auto engine = std::make_shared<Engine>(options);
    if (!engine->AddInstrument(spec).ok()) {
      std::fprintf(stderr, "bench: AddInstrument failed\n");
      std::abort();
    }
    return engine;
  };
}

// The resting orders of a shadow engine, kept up to date from its events only. Only
// orders of participants 1..max_participant are tracked (orders placed by a policy
// agent, e.g. a stockpile, are not the stream's to cancel or move).
class LiveOrders {
 public:
  explicit LiveOrders(ParticipantId max_participant = UINT32_MAX)
      : max_participant_(max_participant) {}

  struct Live {
    OrderId id;
    ParticipantId participant;
    Side side;
    Price price;
    Qty leaves;
  };

  void Apply(const EventBuffer& events) {
    for (const Event& e : events) {
      switch (e.kind) {
        case EventKind::kAccepted:
          if (e.accepted.order.participant == 0 ||
              e.accepted.order.participant > max_participant_) {
            break;
          }
          Add(Live{e.accepted.order.order_id, e.accepted.order.participant, e.accepted.side,
                   e.accepted.price, e.accepted.qty});
          break;
        case EventKind::kTrade:
          SetLeaves(e.trade.maker.order_id, e.trade.maker_leaves);
          SetLeaves(e.trade.taker.order_id, e.trade.taker_leaves);
          break;
        case EventKind::kCancelled:
        case EventKind::kExpired:
          Remove(e.cancelled.order.order_id);
          break;
        case EventKind::kReplaced:
          if (auto it = index_.find(e.replaced.order.order_id); it != index_.end()) {
            orders_[it->second].price = e.replaced.new_price;
            orders_[it->second].leaves = e.replaced.new_leaves;
          }
          break;
        case EventKind::kRejected:
          ++rejects_;
          break;
        default:
          break;
      }
    }
  }

  size_t size() const { return orders_.size(); }
  bool empty() const { return orders_.empty(); }
  const Live& operator[](size_t i) const { return orders_[i]; }
  size_t count(Side side) const { return side_count_[static_cast<int>(side)]; }
  uint64_t rejects() const { return rejects_; }

 private:
  void Add(const Live& o) {
    index_[o.id] = orders_.size();
    orders_.push_back(o);
    ++side_count_[static_cast<int>(o.side)];
  }
  void SetLeaves(OrderId id, Qty leaves) {
    if (leaves == 0) return Remove(id);
    if (auto it = index_.find(id); it != index_.end()) orders_[it->second].leaves = leaves;
  }
  void Remove(OrderId id) {
    auto it = index_.find(id);
    if (it == index_.end()) return;
    const size_t i = it->second;
    --side_count_[static_cast<int>(orders_[i].side)];
    index_.erase(it);
    if (i + 1 != orders_.size()) {
      orders_[i] = orders_.back();
      index_[orders_[i].id] = i;
    }
    orders_.pop_back();
  }

  std::vector<Live> orders_;
  absl::flat_hash_map<OrderId, size_t> index_;
  size_t side_count_[2] = {0, 0};
  uint64_t rejects_ = 0;
  ParticipantId max_participant_;
};

// What a stream does on a fresh engine, measured by the generator's shadow engine over
// `commands` (not `setup`).
struct StreamStats {
  uint64_t new_gtc = 0;
  uint64_t new_ioc = 0;
  uint64_t cancels = 0;
  uint64_t replaces = 0;
  uint64_t events = 0;
  uint64_t trades = 0;
  uint64_t rejects = 0;
  size_t max_events_per_command = 0;
  double mean_resting = 0;  // sampled every 256 commands
  size_t min_resting = SIZE_MAX;
  size_t max_resting = 0;
  double mean_levels = 0;  // occupied price levels, both sides
};

template <typename Venue = Engine>
struct ReplayStream {
  VenueFactory<Venue> make_engine;
  std::vector<Command> setup;     // untimed: brings a fresh engine to the steady state
  std::vector<Command> commands;  // timed
  StreamStats stats;
};

struct ExchangeMixConfig {
  uint64_t seed = 42;
  size_t commands = size_t{1} << 20;  // measured commands
  size_t burn_in = 200'000;           // mix commands in `setup`, after the initial fill
  size_t target_orders = 1000;        // resting orders the book hovers around
  Price mid = 100'000;                // prices stay around this tick
  Price price_range = 950;            // passive orders rest within this many ticks of mid
  Price move_ticks = 3;               // a replace moves its order by 1..move_ticks ticks
  Qty max_qty = 1000;                 // new orders: 1..max_qty lots
  uint32_t participants = 64;
  // Mix, in percent of commands; replaces make up the rest (82% by default).
  int gtc_pct = 9;
  int ioc_pct = 3;
  int cancel_pct = 6;
  // Check that the tracked orders are all the book's resting orders. Turn off for
  // engines whose policy places orders of its own.
  bool strict_live_check = true;
  // Optional: rewrites each command just before it is submitted (after
  // the generator has drawn everything for it, so the random sequence is unchanged).
  // For a policy engine, e.g. to declare a sell's origin and turn the price the
  // generator chose (a landed price, like the book's) into the seller's net price.
  // Must be deterministic.
  std::function<void(Command&)> adjust;
};

inline InstrumentSpec ExchangeMixSpec() {
  InstrumentSpec spec;
  spec.symbol = "MIX";
  spec.min_price = 1;
  spec.max_price = Price{1} << 20;
  spec.max_qty = Qty{1} << 30;
  return spec;
}

namespace internal {

// Runs commands on the shadow venue, tracks live orders and collects the stream.
template <typename Venue>
class StreamBuilder {
 public:
  // strict: the tracked live orders must be every resting order (no policy agents).
  StreamBuilder(const VenueFactory<Venue>& factory, ParticipantId max_participant, bool strict,
                std::function<void(Command&)> adjust = {})
      : engine_(factory()), live_(max_participant), strict_(strict), adjust_(std::move(adjust)) {}

  const EngineState& engine() const { return StateOf(*engine_); }
  const OrderBook& book() const { return engine().book(0); }
  LiveOrders& live() { return live_; }

  void Submit(Command c, std::vector<Command>& into, StreamStats* stats) {
    if (adjust_) adjust_(c);
    out_.Clear();
    engine_->Submit(c, out_);
    live_.Apply(out_);
    into.push_back(c);
    if (stats == nullptr) return;
    stats->events += out_.size();
    stats->max_events_per_command = std::max(stats->max_events_per_command, out_.size());
    for (const Event& e : out_) {
      if (e.kind == EventKind::kTrade) ++stats->trades;
      if (e.kind == EventKind::kRejected) ++stats->rejects;
    }
  }

  // Checks that the events told the truth about the book.
  void CheckLive() const {
    if (strict_ && live_.size() != engine().resting_orders()) {
      std::fprintf(stderr, "bench: tracked %zu live orders, engine has %zu\n", live_.size(),
                   engine().resting_orders());
      std::abort();
    }
  }

 private:
  std::shared_ptr<Venue> engine_;
  LiveOrders live_;
  EventBuffer out_;
  bool strict_;
  std::function<void(Command&)> adjust_;
};

}  // namespace internal

// Generates the exchange-core-like mix. Shapes:
// - new GTC (9%): a random participant's limit order, buy or sell (biased towards the
//   thinner side). While the book holds fewer than target_orders it rests passively
//   within price_range ticks of the mid (closer prices more likely); otherwise it is
//   priced through the opposite best and takes one to three makers, the remainder
//   resting.
// - IOC (3%): crosses the spread by 0-2 ticks; below target_orders it takes part of the
//   best maker, otherwise about one to three makers' quantity.
// - cancel (6%): a uniformly chosen live order, by order id, from its owner.
// - replace (82%): a uniformly chosen live order moves 1..move_ticks ticks (towards the
//   mid when beyond price_range, else either way) keeping its leaves. At or above
//   target_orders one moved through the opposite best trades as a taker at its new
//   price; below, it stops one tick short of the opposite best.
// The feedback on target_orders keeps the book within a few orders of it.
template <typename Venue = Engine>
ReplayStream<Venue> MakeExchangeMix(
    const ExchangeMixConfig& cfg,
    VenueFactory<Venue> factory = PlainEngineFactory(ExchangeMixSpec())) {
  ReplayStream<Venue> stream;
  stream.make_engine = factory;
  internal::StreamBuilder<Venue> b(factory, cfg.participants, cfg.strict_live_check, cfg.adjust);
  Rng rng(cfg.seed);
  ClientOrderId next_client_id = 1;

  auto pick_side = [&]() {
    const double bids = static_cast<double>(b.live().count(Side::kBuy));
    const double asks = static_cast<double>(b.live().count(Side::kSell));
    const double p_buy = std::clamp(0.5 + 2.0 * (asks - bids) / (asks + bids + 1.0), 0.2, 0.8);
    return rng.Chance(p_buy) ? Side::kBuy : Side::kSell;
  };
  auto participant = [&]() { return static_cast<ParticipantId>(1 + rng.Below(cfg.participants)); };
  // Ticks away from the mid for a passive order: denser near the top of the book.
  auto passive_offset = [&]() {
    const double u = static_cast<double>(rng.Next() >> 11) * 0x1.0p-53;
    return static_cast<Price>(u * u * static_cast<double>(cfg.price_range));
  };
  auto passive_price = [&](Side side) {
    return side == Side::kBuy ? cfg.mid - 1 - passive_offset() : cfg.mid + 1 + passive_offset();
  };
  // Quantity of the first `makers` orders at the opposite best (0 when it is empty).
  auto makers_qty = [&](Side taker_side, int makers) {
    const PriceLadder& opposite = b.book().ladder(Opposite(taker_side));
    if (opposite.empty()) return Qty{0};
    Qty qty = 0;
    const OrderPool& pool = b.engine().pool();
    OrderHandle h = opposite.best_order();
    for (int i = 0; i < makers && h != kNoOrder; ++i, h = pool[h].next) qty += pool[h].leaves;
    return qty;
  };
  auto crossing_price = [&](Side side) {
    const PriceLadder& opposite = b.book().ladder(Opposite(side));
    if (opposite.empty()) return cfg.mid;
    const Price through = rng.Between(0, 2);
    return side == Side::kBuy ? opposite.best_price() + through : opposite.best_price() - through;
  };

  auto new_gtc = [&](std::vector<Command>& into, StreamStats* stats, bool force_passive) {
    const Side side = pick_side();
    Command c;
    if (force_passive || b.live().size() < cfg.target_orders) {
      c = NewLimit(participant(), 0, side, passive_price(side), rng.Between(1, cfg.max_qty),
                   next_client_id++);
    } else {
      Qty qty = makers_qty(side, static_cast<int>(rng.Between(1, 3)));
      if (qty == 0) qty = rng.Between(1, cfg.max_qty);
      c = NewLimit(participant(), 0, side, crossing_price(side), qty + rng.Between(0, 100),
                   next_client_id++);
    }
    if (stats) ++stats->new_gtc;
    b.Submit(c, into, stats);
  };
  auto new_ioc = [&](std::vector<Command>& into, StreamStats* stats) {
    const Side side = pick_side() == Side::kBuy ? Side::kSell : Side::kBuy;  // hit the thicker side
    Qty qty;
    if (b.live().size() < cfg.target_orders) {
      // Take part of the best maker only, so the book can refill.
      const Qty best = makers_qty(side, 1);
      qty = best > 1 ? rng.Between(1, best - 1) : rng.Between(1, cfg.max_qty);
    } else {
      qty = makers_qty(side, static_cast<int>(rng.Between(1, 3)));
      if (qty == 0) qty = rng.Between(1, cfg.max_qty);
    }
    Command c = NewLimit(participant(), 0, side, crossing_price(side), qty, next_client_id++);
    c.tif = TimeInForce::kIoc;
    if (stats) ++stats->new_ioc;
    b.Submit(c, into, stats);
  };
  auto cancel = [&](std::vector<Command>& into, StreamStats* stats) {
    const LiveOrders::Live& o = b.live()[rng.Below(b.live().size())];
    if (stats) ++stats->cancels;
    b.Submit(CancelOrder(o.participant, 0, o.id), into, stats);
  };
  auto replace = [&](std::vector<Command>& into, StreamStats* stats) {
    const LiveOrders::Live& o = b.live()[rng.Below(b.live().size())];
    const Price distance = o.side == Side::kBuy ? cfg.mid - o.price : o.price - cfg.mid;
    const Price step = rng.Between(1, cfg.move_ticks);
    const bool towards_mid = distance > cfg.price_range || rng.Chance(0.5);
    const Price up = o.side == Side::kBuy ? step : -step;  // towards the mid
    Price price = o.price + (towards_mid ? up : -up);
    const PriceLadder& opposite = b.book().ladder(Opposite(o.side));
    if (b.live().size() < cfg.target_orders && opposite.Reaches(price)) {
      // Below target: stop one tick short of the opposite best instead of trading.
      price = o.side == Side::kBuy ? opposite.best_price() - 1 : opposite.best_price() + 1;
      if (price == o.price) price += o.side == Side::kBuy ? -1 : 1;
    }
    if (stats) ++stats->replaces;
    b.Submit(ReplaceOrder(o.participant, 0, o.id, price, o.leaves), into, stats);
  };
  auto mix_step = [&](std::vector<Command>& into, StreamStats* stats) {
    const int r = static_cast<int>(rng.Below(100));
    if (r < cfg.gtc_pct || b.live().empty()) return new_gtc(into, stats, false);
    if (r < cfg.gtc_pct + cfg.ioc_pct) return new_ioc(into, stats);
    if (r < cfg.gtc_pct + cfg.ioc_pct + cfg.cancel_pct) return cancel(into, stats);
    replace(into, stats);
  };

  // Setup: fill the book, then let the mix reach its steady state.
  for (size_t i = 0; i < cfg.target_orders; ++i) new_gtc(stream.setup, nullptr, true);
  for (size_t i = 0; i < cfg.burn_in; ++i) mix_step(stream.setup, nullptr);
  b.CheckLive();

  StreamStats& st = stream.stats;
  stream.commands.reserve(cfg.commands);
  double resting_sum = 0, levels_sum = 0;
  size_t samples = 0;
  for (size_t i = 0; i < cfg.commands; ++i) {
    mix_step(stream.commands, &st);
    if ((i & 255) == 0) {
      const size_t resting = b.live().size();
      resting_sum += static_cast<double>(resting);
      levels_sum +=
          static_cast<double>(b.book().bids().level_count() + b.book().asks().level_count());
      st.min_resting = std::min(st.min_resting, resting);
      st.max_resting = std::max(st.max_resting, resting);
      ++samples;
    }
  }
  b.CheckLive();
  st.mean_resting = resting_sum / static_cast<double>(samples);
  st.mean_levels = levels_sum / static_cast<double>(samples);
  return stream;
}

template <typename Venue>
void PrintStreamStats(const char* name, const ReplayStream<Venue>& s, std::FILE* f = stderr) {
  const StreamStats& st = s.stats;
  const double n = static_cast<double>(s.commands.size());
  std::fprintf(f,
               "%s: %zu setup + %zu commands: gtc %.1f%% ioc %.1f%% cancel %.1f%% replace %.1f%%\n"
               "  %.2f events/cmd (max %zu), %.3f trades/cmd, %llu rejects; resting mean %.0f "
               "[%zu, %zu], occupied levels mean %.0f\n",
               name, s.setup.size(), s.commands.size(), 100.0 * st.new_gtc / n,
               100.0 * st.new_ioc / n, 100.0 * st.cancels / n, 100.0 * st.replaces / n,
               st.events / n, st.max_events_per_command, st.trades / n,
               static_cast<unsigned long long>(st.rejects), st.mean_resting, st.min_resting,
               st.max_resting, st.mean_levels);
}

}  // namespace ftz::bench
