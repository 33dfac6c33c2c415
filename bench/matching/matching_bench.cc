// Matching-engine throughput benchmarks (Google Benchmark). See bench/README.md.
//
// Every case pre-generates its seeded command stream outside the timed region, reuses
// one EventBuffer (Clear() per command) and times only Engine::Submit loops with manual
// timing (steady_clock around each chunk); untimed work between chunks (emptying or
// rebuilding the book) is excluded. Counters:
//   items_per_second  commands (or, for DeepSweep, fills) per second of timed region
//   allocs_per_op     global operator new calls per command inside the timed region
//   faults_per_kop    minor page faults per 1,000 commands inside the timed region
//   best_items_per_second  the rate of the fastest single timed region
// Timed regions use steady_clock (wall time). With FTZ_BENCH_CLOCK=thread they use the
// thread's CPU time instead: steadier on a loaded machine (time spent descheduled is not
// counted), for A/B comparisons; report wall-time figures from a quiet machine.
#include <sys/resource.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "bench/matching/alloc_counter.h"
#include "bench/matching/exchange_mix.h"
#include "bench/matching/virtual_policy.h"
#include "bench/report/compact_reporter.h"
#include "benchmark/benchmark.h"
#include "market/market.h"
#include "market_config/market_config.h"
#include "matching/engine.h"
#include "vocabulary/command.h"
#include "vocabulary/event_buffer.h"

namespace ftz::bench {
namespace {

using Clock = std::chrono::steady_clock;

uint64_t MinorFaults() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return static_cast<uint64_t>(ru.ru_minflt);
}

bool UseThreadClock() {
  static const bool thread = [] {
    const char* v = std::getenv("FTZ_BENCH_CLOCK");
    return v != nullptr && std::string_view(v) == "thread";
  }();
  return thread;
}

// Seconds on the benchmark's clock (see the top of the file).
double Now() {
  if (UseThreadClock()) {
    timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
  }
  return std::chrono::duration<double>(Clock::now().time_since_epoch()).count();
}

// Accumulates what happened inside the timed regions of one benchmark run.
class TimedRegion {
 public:
  void Begin() {
    allocs_ = AllocationCount();
    faults_ = MinorFaults();
    start_ = Now();
  }
  // Ends a timed region of `ops` operations and reports its time to the benchmark.
  void End(benchmark::State& state, uint64_t ops) {
    const double stop = Now();
    timed_allocs_ += AllocationCount() - allocs_;
    timed_faults_ += MinorFaults() - faults_;
    ops_ += ops;
    state.SetIterationTime(stop - start_);
    if (stop > start_)
      best_rate_ = std::max(best_rate_, static_cast<double>(ops) / (stop - start_));
  }
  void Report(benchmark::State& state, uint64_t items) {
    state.SetItemsProcessed(static_cast<int64_t>(items));
    const double ops = ops_ == 0 ? 1.0 : static_cast<double>(ops_);
    state.counters["allocs_per_op"] = static_cast<double>(timed_allocs_) / ops;
    state.counters["faults_per_kop"] = 1000.0 * static_cast<double>(timed_faults_) / ops;
    // The fastest single timed region (chunk, batch or sweep), in items per second: the
    // least disturbed figure when other processes compete for the CPU.
    state.counters["best_items_per_second"] = best_rate_ * static_cast<double>(items) / ops;
  }
  uint64_t ops() const { return ops_; }

 private:
  double start_ = 0;
  double best_rate_ = 0;
  uint64_t allocs_ = 0, faults_ = 0;
  uint64_t timed_allocs_ = 0, timed_faults_ = 0, ops_ = 0;
};

template <typename Venue>
void SubmitAll(Venue& engine, const Command* first, const Command* last, EventBuffer& out) {
  for (const Command* c = first; c != last; ++c) {
    out.Clear();
    engine.Submit(*c, out);
  }
  benchmark::DoNotOptimize(out.size());
}

// For instruction counts (callgrind): FTZ_BENCH_CHUNKS=N runs the replayed streams for
// exactly N chunks, so that two runs (two builds) execute the same commands; otherwise
// the number of chunks follows the timing, which under valgrind follows the machine's
// load.
void FixedChunksFromEnv(benchmark::internal::Benchmark* b) {
  if (const char* n = std::getenv("FTZ_BENCH_CHUNKS"); n != nullptr && std::atoi(n) > 0) {
    b->Iterations(std::atoi(n));
  }
}

// ---------------------------------------------------------------------------------------
// Replayed streams (ExchangeMix, CancelHeavy): one iteration is a chunk of commands.
// At the end of the stream the engine is rebuilt from `setup` (untimed) and the stream
// starts over; before timing starts, one whole untimed pass grows every buffer to its
// working size.

constexpr size_t kChunk = 8192;

template <typename Venue>
void RunReplay(benchmark::State& state, const ReplayStream<Venue>& s) {
  const size_t n = s.commands.size() / kChunk * kChunk;
  std::shared_ptr<Venue> engine;
  EventBuffer out;
  auto rebuild = [&] {
    engine.reset();
    engine = s.make_engine();
    SubmitAll(*engine, s.setup.data(), s.setup.data() + s.setup.size(), out);
  };
  rebuild();
  // Warm-up pass, untimed; also checks that the replay is the stream the generator saw
  // (no more rejects than it recorded, i.e. every cancel and replace found its order).
  uint64_t rejects = 0;
  for (size_t i = 0; i < n; ++i) {
    out.Clear();
    engine->Submit(s.commands[i], out);
    for (const Event& e : out) rejects += e.kind == EventKind::kRejected;
  }
  if (rejects > s.stats.rejects) {
    state.SkipWithError("replay diverged from the generated stream (unexpected rejects)");
    return;
  }
  rebuild();

  TimedRegion timed;
  size_t pos = 0;
  for (auto _ : state) {
    if (pos == n) {
      rebuild();
      pos = 0;
    }
    const Command* first = s.commands.data() + pos;
    timed.Begin();
    SubmitAll(*engine, first, first + kChunk, out);
    timed.End(state, kChunk);
    pos += kChunk;
  }
  timed.Report(state, timed.ops());
  const double cmds = static_cast<double>(s.commands.size());
  state.counters["trades_per_op"] = static_cast<double>(s.stats.trades) / cmds;
  state.counters["events_per_op"] = static_cast<double>(s.stats.events) / cmds;
  state.counters["resting"] = s.stats.mean_resting;
  state.counters["levels"] = s.stats.mean_levels;
}

const ReplayStream<>& ExchangeMixStream() {
  static const ReplayStream<> stream = [] {
    ReplayStream<> s = MakeExchangeMix(ExchangeMixConfig{});
    PrintStreamStats("ExchangeMix", s);
    return s;
  }();
  return stream;
}

void BM_ExchangeMix(benchmark::State& state) { RunReplay(state, ExchangeMixStream()); }
BENCHMARK(BM_ExchangeMix)
    ->Name("ExchangeMix")
    ->UseManualTime()
    ->Unit(benchmark::kMicrosecond)
    ->Apply(FixedChunksFromEnv);

// ExchangeMixPolicy: the ExchangeMix stream (same generator, seed and op shares) through
// an engine built by ftz::Market from the config below, so every command runs the
// whole policy pipeline: authorize (roles, membership), origin and tariff, hard floor,
// risk limit (max_open_lots), and on every fill duty and price-support top-up.
// - Hard floor 90,000 ticks, below anything the mix prices (100,000 +- ~1,000): checked
//   on every new order and replace, never binds (the warm-up pass checks 0 rejects).
// - Price support to 100,000 (the mix's mid): member sellers' fills below it accrue a
//   top-up (TOP_UP event), roughly half the member fills.
// - Participants 1..54 are members (US, CA, AU, JP, DE, GB, FR, KR; roles that let each
//   of them buy and sell), 55..64 non-members (CN, CD; sellers only). Outsiders may
//   not buy, so a bid the generator gives to one of them goes to participant p - 10.
//   Their sells (10/64 = 15.6% of new sells) declare their own, non-member origin and
//   pay a 15% TARIFF: the ask rests at the landed price L = N + ceil(0.15 N). The
//   generator picks prices in the book's (landed) terms, so `adjust` turns the price of
//   an outsider's new sell or replace into the smallest net price N whose L is at or
//   above it (at most one tick above: passive, never crossing more than intended).
//   Each of their fills withholds a duty (DUTY event).
// - max_open_lots 1,000,000,000: checked on every order and replace, never binds.
// Participant 0 is an admin observer (the generator never uses it).
constexpr ParticipantId kPolicyMembers = 54;
constexpr ParticipantId kPolicyOutsiders = 10;
constexpr int64_t kPolicyTariffBps = 1500;

std::string PolicyMixConfig() {
  std::string text = R"pb(
    name: "ExchangeMixPolicy bench market"
    jurisdictions { code: "US" name: "United States" ftz_member: true }
    jurisdictions { code: "CA" name: "Canada" ftz_member: true }
    jurisdictions { code: "AU" name: "Australia" ftz_member: true }
    jurisdictions { code: "JP" name: "Japan" ftz_member: true }
    jurisdictions { code: "DE" name: "Germany" ftz_member: true }
    jurisdictions { code: "GB" name: "United Kingdom" ftz_member: true }
    jurisdictions { code: "FR" name: "France" ftz_member: true }
    jurisdictions { code: "KR" name: "Korea" ftz_member: true }
    jurisdictions { code: "CN" name: "China" ftz_member: false }
    jurisdictions { code: "CD" name: "DR Congo" ftz_member: false }
    instruments {
      symbol: "MIX"
      product: "benchmark mineral"
      stage: "oxide"
      unit: "kg"
      tick_size: 1
      lot_size: 1
      max_price: 1048576
      max_order_lots: 1073741824
      buy_roles: [ BUYER, REFINER, MARKET_MAKER ]
      sell_roles: [ MINER, REFINER, TRADER, MARKET_MAKER ]
      floor {
        hard { price: 90000 sell_below: REJECT }
        support { floor: 100000 }
      }
      non_member_origin { kind: TARIFF tariff_rate: 0.15 }
      transshipment: TREAT_AS_NON_MEMBER
      max_open_lots: 1000000000
    }
    participants {
      name: "admin"
      jurisdiction: "US"
      roles: [ OBSERVER ]
      token: "admin"
      admin: true
    }
  )pb";
  static constexpr const char* kMembers[] = {"US", "CA", "AU", "JP", "DE", "GB", "FR", "KR"};
  static constexpr const char* kMemberRoles[] = {"MARKET_MAKER", "REFINER", "MINER, BUYER",
                                                 "TRADER, BUYER"};
  static constexpr const char* kOutsiders[] = {"CN", "CD"};
  static constexpr const char* kOutsiderRoles[] = {"MINER", "TRADER", "MINER, REFINER, TRADER"};
  for (ParticipantId p = 1; p <= kPolicyMembers + kPolicyOutsiders; ++p) {
    const bool member = p <= kPolicyMembers;
    const char* j = member ? kMembers[p % 8] : kOutsiders[p % 2];
    const char* roles = member ? kMemberRoles[p % 4] : kOutsiderRoles[p % 3];
    text += "participants { name: \"p" + std::to_string(p) + "\" jurisdiction: \"" + j +
            "\" roles: [" + roles + "] token: \"t" + std::to_string(p) + "\" }\n";
  }
  return text;
}

Jurisdiction PolicyOutsiderOrigin(ParticipantId p) {
  const char* code = p % 2 == 0 ? "CN" : "CD";
  return static_cast<Jurisdiction>((code[0] << 8) | code[1]);
}

// The smallest net price whose landed price under the tariff is at or above `landed`.
Price PolicyNetPrice(Price landed) {
  auto land = [](Price n) { return n + (n * kPolicyTariffBps + 9999) / 10000; };
  Price n = landed * 10000 / (10000 + kPolicyTariffBps);
  while (land(n) < landed) ++n;
  while (n > 1 && land(n - 1) >= landed) --n;
  return n;
}

void PolicyMixAdjust(Command& c) {
  if (c.participant <= kPolicyMembers) return;
  if (c.kind == CommandKind::kNewOrder) {
    if (c.side == Side::kBuy) {
      c.participant -= kPolicyOutsiders;  // outsiders may not buy: a member's bid
      return;
    }
    c.origin = PolicyOutsiderOrigin(c.participant);
    c.price = PolicyNetPrice(c.price);
  } else if (c.kind == CommandKind::kReplace) {
    c.price = PolicyNetPrice(c.price);  // outsiders' orders are all sells
  }
}

VenueFactory<Market> PolicyMarketFactory() {
  return [] {
    auto made = Market::FromText(PolicyMixConfig(), "ExchangeMixPolicy config");
    if (!made.ok()) {
      std::fprintf(stderr, "bench: %s\n", made.status().ToString().c_str());
      std::abort();
    }
    return std::shared_ptr<Market>(std::move(*made));
  };
}

struct PolicyMixCheck {
  uint64_t rejects[256] = {};  // by RejectReason, over setup + commands
  uint64_t events[256] = {};   // events by EventKind, over commands
  uint64_t total_rejects = 0;
  uint64_t new_sells = 0, outsider_sells = 0, outsider_replaces = 0;
  std::string unexpected;  // reject reasons seen, for the error
};

struct PolicyMixStream {
  ReplayStream<Market> stream;
  PolicyMixCheck check;
};

const PolicyMixStream& ExchangeMixPolicyStream() {
  static const PolicyMixStream stream = [] {
    PolicyMixStream s;
    ExchangeMixConfig cfg;
    cfg.adjust = PolicyMixAdjust;
    s.stream = MakeExchangeMix(cfg, PolicyMarketFactory());
    PrintStreamStats("ExchangeMixPolicy", s.stream);
    // Untimed check pass on a fresh engine: count reject reasons and policy events.
    PolicyMixCheck& k = s.check;
    auto engine = s.stream.make_engine();
    EventBuffer out;
    auto run = [&](const std::vector<Command>& cmds, bool count_policy) {
      for (const Command& c : cmds) {
        out.Clear();
        engine->Submit(c, out);
        for (const Event& e : out) {
          if (e.kind == EventKind::kRejected) {
            ++k.rejects[static_cast<uint8_t>(e.rejected.reason)];
            ++k.total_rejects;
          } else if (count_policy) {
            ++k.events[static_cast<uint8_t>(e.kind)];
          }
        }
        if (count_policy && c.kind == CommandKind::kNewOrder && c.side == Side::kSell) {
          ++k.new_sells;
          k.outsider_sells += c.origin != 0;
        }
        if (count_policy && c.kind == CommandKind::kReplace && c.participant > kPolicyMembers) {
          ++k.outsider_replaces;
        }
      }
    };
    run(s.stream.setup, false);
    run(s.stream.commands, true);
    for (int r = 0; r < 256; ++r) {
      if (k.rejects[r] == 0) continue;
      k.unexpected += std::string(ToString(static_cast<RejectReason>(r))) + " x" +
                      std::to_string(k.rejects[r]) + " ";
    }
    const double n = static_cast<double>(s.stream.commands.size());
    std::fprintf(
        stderr,
        "ExchangeMixPolicy check: %llu rejects %s; non-member sells %.1f%% of %llu new sells\n"
        "  per command: duty %.4f top-up %.4f transshipment %.4f events\n",
        static_cast<unsigned long long>(k.total_rejects), k.unexpected.c_str(),
        100.0 * static_cast<double>(k.outsider_sells) / static_cast<double>(k.new_sells),
        static_cast<unsigned long long>(k.new_sells),
        static_cast<double>(k.events[static_cast<uint8_t>(EventKind::kDuty)]) / n,
        static_cast<double>(k.events[static_cast<uint8_t>(EventKind::kTopUp)]) / n,
        static_cast<double>(k.events[static_cast<uint8_t>(EventKind::kTransshipment)]) / n);
    return s;
  }();
  return stream;
}

void BM_ExchangeMixPolicy(benchmark::State& state) {
  const PolicyMixStream& s = ExchangeMixPolicyStream();
  // The policy is expected to reject nothing in this stream (see above).
  if (s.check.total_rejects != 0) {
    state.SkipWithError(("policy rejects in the stream: " + s.check.unexpected).c_str());
    return;
  }
  RunReplay(state, s.stream);
  const double n = static_cast<double>(s.stream.commands.size());
  state.counters["duty_per_op"] =
      static_cast<double>(s.check.events[static_cast<uint8_t>(EventKind::kDuty)]) / n;
  state.counters["topup_per_op"] =
      static_cast<double>(s.check.events[static_cast<uint8_t>(EventKind::kTopUp)]) / n;
  state.counters["nonmember_sell_share"] =
      static_cast<double>(s.check.outsider_sells) / static_cast<double>(s.check.new_sells);
}
BENCHMARK(BM_ExchangeMixPolicy)
    ->Name("ExchangeMixPolicy")
    ->UseManualTime()
    ->Unit(benchmark::kMicrosecond)
    ->Apply(FixedChunksFromEnv);

// ExchangeMixPolicyVirtual: ExchangeMixPolicy's stream and rules, with the floor policy
// behind a virtual interface (virtual_policy.h) instead of the engine's template
// parameter: what an interface seam would cost, same run.
void BM_ExchangeMixPolicyVirtual(benchmark::State& state) {
  const PolicyMixStream& s = ExchangeMixPolicyStream();
  if (s.check.total_rejects != 0) {
    state.SkipWithError(("policy rejects in the stream: " + s.check.unexpected).c_str());
    return;
  }
  static const ReplayStream<VirtualPolicyVenue> stream = [&] {
    ReplayStream<VirtualPolicyVenue> v;
    v.make_engine = [] {
      absl::StatusOr<MarketRules> rules =
          MarketRulesFromText(PolicyMixConfig(), "ExchangeMixPolicy config");
      if (!rules.ok()) std::abort();
      return std::make_shared<VirtualPolicyVenue>(*std::move(rules));
    };
    v.setup = s.stream.setup;
    v.commands = s.stream.commands;
    v.stats = s.stream.stats;
    return v;
  }();
  RunReplay(state, stream);
}
BENCHMARK(BM_ExchangeMixPolicyVirtual)
    ->Name("ExchangeMixPolicyVirtual")
    ->UseManualTime()
    ->Unit(benchmark::kMicrosecond)
    ->Apply(FixedChunksFromEnv);

// CancelHeavy: a book of ~10,000 resting orders over 2 x 50 price levels (~100 orders per
// level); half the commands add a passive GTC order, half cancel a uniformly chosen live
// order by id (so most cancels unlink from the middle of a deep FIFO). Nothing crosses.
const ReplayStream<>& CancelHeavyStream() {
  static const ReplayStream<> stream = [] {
    constexpr size_t kTarget = 10'000;
    constexpr Price kMid = 100'000, kRange = 50;
    ReplayStream<> s;
    s.make_engine = PlainEngineFactory(ExchangeMixSpec());
    internal::StreamBuilder<Engine> b(s.make_engine, 64, true);
    Rng rng(7);
    ClientOrderId client_id = 1;
    auto add = [&](std::vector<Command>& into, StreamStats* stats) {
      const Side side = rng.Chance(0.5) ? Side::kBuy : Side::kSell;
      const Price off = rng.Between(0, kRange - 1);
      const Price price = side == Side::kBuy ? kMid - 1 - off : kMid + 1 + off;
      if (stats) ++stats->new_gtc;
      b.Submit(NewLimit(static_cast<ParticipantId>(1 + rng.Below(64)), 0, side, price,
                        rng.Between(1, 1000), client_id++),
               into, stats);
    };
    auto step = [&](std::vector<Command>& into, StreamStats* stats) {
      const double excess = (static_cast<double>(b.live().size()) - kTarget) / kTarget;
      if (b.live().empty() || !rng.Chance(std::clamp(0.5 + 5.0 * excess, 0.0, 1.0))) {
        return add(into, stats);
      }
      const LiveOrders::Live& o = b.live()[rng.Below(b.live().size())];
      if (stats) ++stats->cancels;
      b.Submit(CancelOrder(o.participant, 0, o.id), into, stats);
    };
    for (size_t i = 0; i < kTarget; ++i) add(s.setup, nullptr);
    for (size_t i = 0; i < 100'000; ++i) step(s.setup, nullptr);
    constexpr size_t kCommands = size_t{1} << 20;
    s.commands.reserve(kCommands);
    double resting = 0, levels = 0;
    size_t samples = 0;
    for (size_t i = 0; i < kCommands; ++i) {
      step(s.commands, &s.stats);
      if ((i & 255) == 0) {
        resting += static_cast<double>(b.live().size());
        levels +=
            static_cast<double>(b.book().bids().level_count() + b.book().asks().level_count());
        ++samples;
        s.stats.min_resting = std::min(s.stats.min_resting, b.live().size());
        s.stats.max_resting = std::max(s.stats.max_resting, b.live().size());
      }
    }
    b.CheckLive();
    s.stats.mean_resting = resting / static_cast<double>(samples);
    s.stats.mean_levels = levels / static_cast<double>(samples);
    PrintStreamStats("CancelHeavy", s);
    return s;
  }();
  return stream;
}

void BM_CancelHeavy(benchmark::State& state) { RunReplay(state, CancelHeavyStream()); }
BENCHMARK(BM_CancelHeavy)
    ->Name("CancelHeavy")
    ->UseManualTime()
    ->Unit(benchmark::kMicrosecond)
    ->Apply(FixedChunksFromEnv);

// ---------------------------------------------------------------------------------------
// InsertStream: liquibook's perf test stream (test/perf/pt_order_book.cpp): alternating
// buy and sell limit orders, buys at 1880-1889, sells at 1884-1893, quantity 100-1000 in
// steps of 100, no cancels. liquibook times inserting a pre-built array into a fresh
// book. Here one iteration inserts a batch of `batch` orders into an empty book (timed);
// then, untimed, the book is emptied (mass cancel) so the next batch starts empty again.
// The engine (pool, indexes, ladders) is reused, so memory is warm. Bids at 1880-1883 and
// asks at 1890-1893 can never trade, so the book grows through the batch: the batch size
// sets how deep the book gets (`resting` is the book size at the end of a batch).

std::vector<Command> LiquibookStream(size_t n, uint64_t seed) {
  Rng rng(seed);
  std::vector<Command> v;
  v.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    const bool buy = i % 2 == 0;
    const Price price = static_cast<Price>(rng.Below(10)) + (buy ? 1880 : 1884);
    const Qty qty = (static_cast<Qty>(rng.Below(10)) + 1) * 100;
    v.push_back(NewLimit(1, 0, buy ? Side::kBuy : Side::kSell, price, qty));
  }
  return v;
}

void BM_InsertStream(benchmark::State& state) {
  const auto batch = static_cast<size_t>(state.range(0));
  // Distinct pre-generated batches, used in turn.
  const size_t kBatches = std::clamp<size_t>(size_t{2'000'000} / batch, 2, 8);
  const std::vector<Command> stream = LiquibookStream(batch * kBatches, 1);
  InstrumentSpec spec;
  spec.symbol = "LQB";
  spec.min_price = 1;
  spec.max_price = 10'000;
  EngineOptions options;
  options.expected_orders = batch;
  Engine engine(options);
  if (!engine.AddInstrument(spec).ok()) std::abort();
  EventBuffer out;
  EventBuffer reset_out;
  uint64_t resting_sum = 0;
  auto empty_book = [&] {
    resting_sum += engine.resting_orders();
    reset_out.Clear();
    engine.Submit(MassCancel(1), reset_out);
  };
  // Warm-up, untimed: grows the pool, indexes and buffers to a batch's working size.
  SubmitAll(engine, stream.data(), stream.data() + batch, out);
  empty_book();
  resting_sum = 0;

  TimedRegion timed;
  size_t b = 0;
  uint64_t batches = 0;
  for (auto _ : state) {
    const Command* first = stream.data() + b * batch;
    timed.Begin();
    SubmitAll(engine, first, first + batch, out);
    timed.End(state, batch);
    empty_book();
    ++batches;
    b = (b + 1) % kBatches;
  }
  timed.Report(state, timed.ops());
  state.counters["resting"] =
      batches == 0 ? 0.0 : static_cast<double>(resting_sum) / static_cast<double>(batches);
}
BENCHMARK(BM_InsertStream)
    ->Name("InsertStream")
    ->ArgName("batch")
    ->Arg(10'000)
    ->Arg(100'000)
    ->Arg(1'000'000)
    ->UseManualTime()
    ->Unit(benchmark::kMicrosecond);

// ---------------------------------------------------------------------------------------
// DeepSweep: `levels` ask levels `gap` ticks apart, `per_level` orders of 100 lots each;
// one buy limit order for all of it sweeps the side (fills every maker, emits a LEVEL per
// level). Timed: the sweep only; the asks are re-inserted untimed after each sweep.
// Items are fills (makers consumed).

void BM_DeepSweep(benchmark::State& state) {
  const auto levels = static_cast<Price>(state.range(0));
  const auto per_level = static_cast<int64_t>(state.range(1));
  const auto gap = static_cast<Price>(state.range(2));
  constexpr Price kBase = 100'000;
  auto engine = PlainEngineFactory(ExchangeMixSpec())();
  std::vector<Command> refill;
  ClientOrderId client_id = 1;
  for (Price l = 0; l < levels; ++l) {
    for (int64_t k = 0; k < per_level; ++k) {
      refill.push_back(NewLimit(2 + static_cast<ParticipantId>(k % 8), 0, Side::kSell,
                                kBase + l * gap, 100, client_id++));
    }
  }
  // Some resting bids, so the book is two-sided.
  for (Price l = 1; l <= 50; ++l) {
    EventBuffer tmp;
    engine->Submit(NewLimit(20, 0, Side::kBuy, kBase - l, 100), tmp);
  }
  const Command sweep =
      NewLimit(1, 0, Side::kBuy, kBase + (levels - 1) * gap, 100 * levels * per_level);
  EventBuffer out;
  auto refill_book = [&] { SubmitAll(*engine, refill.data(), refill.data() + refill.size(), out); };
  refill_book();
  out.Clear();
  engine->Submit(sweep, out);  // warm-up: grows the buffer to a sweep's events
  const size_t fills = static_cast<size_t>(levels * per_level);

  TimedRegion timed;
  for (auto _ : state) {
    refill_book();
    timed.Begin();
    out.Clear();
    engine->Submit(sweep, out);
    benchmark::DoNotOptimize(out.size());
    timed.End(state, 1);
    if (out.size() != fills + static_cast<size_t>(levels) + 1) {
      state.SkipWithError("sweep did not fill every maker");
      break;
    }
  }
  // allocs/faults per op here are per sweep.
  timed.Report(state, timed.ops() * fills);
}
BENCHMARK(BM_DeepSweep)
    ->Name("DeepSweep")
    ->ArgNames({"levels", "per_level", "gap"})
    ->Args({100, 10, 1})
    ->Args({1000, 1, 1})
    ->Args({100, 1, 64})
    ->UseManualTime()
    ->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace ftz::bench

int main(int argc, char** argv) { return ftz::bench::BenchmarkMain(argc, argv); }
