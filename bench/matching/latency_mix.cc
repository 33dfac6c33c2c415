// ftz-latency-mix: a load tool that replays the ExchangeMix stream (exchange_mix.h) and
// times every Engine::Submit on its own, printing latency percentiles per command type
// and the throughput. Not a unit test.
//
//   ftz-latency-mix [--ops N] [--seed S] [--commands N] [--timer tsc|clock] [--cpu C]
//
// --timer tsc (default): lfence;rdtsc before and rdtscp;lfence after each Submit, with
// the TSC rate calibrated against steady_clock. --timer clock: clock_gettime(MONOTONIC).
// The reported latencies include the timer's own overhead, printed separately.
// Streams are replayed as in the ExchangeMix benchmark: one untimed warm-up pass, then
// passes over the stream, the engine rebuilt (untimed) from the stream's setup between
// passes.
#include <sched.h>
#include <time.h>
#include <x86intrin.h>

#include <algorithm>
#include <bit>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "bench/matching/alloc_counter.h"
#include "bench/matching/exchange_mix.h"
#include "matching/engine.h"
#include "vocabulary/event_buffer.h"

namespace ftz::bench {
namespace {

// Log-linear histogram of cycle counts: exact below 128, then 64 buckets per power of
// two (under 1.6% relative error). Small enough (30 KB) to stay in cache.
class Histogram {
 public:
  static constexpr int kSub = 6;
  static constexpr size_t kBuckets = 64 * 59;

  void Record(uint64_t v) {
    ++counts_[Index(v)];
    ++total_;
    max_ = std::max(max_, v);
    sum_ += v;
  }
  uint64_t total() const { return total_; }
  uint64_t max() const { return max_; }
  double mean() const { return total_ ? static_cast<double>(sum_) / total_ : 0; }
  // Upper bound of the bucket holding the q-quantile.
  uint64_t Quantile(double q) const {
    if (total_ == 0) return 0;
    const auto want = static_cast<uint64_t>(q * static_cast<double>(total_ - 1)) + 1;
    uint64_t seen = 0;
    for (size_t i = 0; i < kBuckets; ++i) {
      seen += counts_[i];
      if (seen >= want) return std::min(UpperBound(i), max_);
    }
    return max_;
  }

 private:
  static size_t Index(uint64_t v) {
    if (v < (uint64_t{1} << (kSub + 1))) return static_cast<size_t>(v);
    const int e = 63 - std::countl_zero(v) - kSub;
    return static_cast<size_t>(64 * (e + 1)) + static_cast<size_t>((v >> e) - 64);
  }
  static uint64_t UpperBound(size_t i) {
    if (i < 128) return i;
    const size_t e = i / 64 - 1;
    const uint64_t m = i % 64 + 64;
    return ((m + 1) << e) - 1;
  }

  std::vector<uint64_t> counts_ = std::vector<uint64_t>(kBuckets, 0);
  uint64_t total_ = 0, max_ = 0, sum_ = 0;
};

inline uint64_t TscStart() {
  _mm_lfence();
  const uint64_t t = __rdtsc();
  _mm_lfence();
  return t;
}
inline uint64_t TscStop() {
  unsigned aux;
  const uint64_t t = __rdtscp(&aux);
  _mm_lfence();
  return t;
}
inline uint64_t ClockNs() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<uint64_t>(ts.tv_sec) * 1'000'000'000 + static_cast<uint64_t>(ts.tv_nsec);
}

// TSC ticks per nanosecond, against steady_clock over `ms` milliseconds of busy wait.
double CalibrateTsc(int ms) {
  using Clock = std::chrono::steady_clock;
  const auto c0 = Clock::now();
  const uint64_t t0 = __rdtsc();
  while (Clock::now() - c0 < std::chrono::milliseconds(ms)) {
  }
  const auto c1 = Clock::now();
  const uint64_t t1 = __rdtsc();
  return static_cast<double>(t1 - t0) /
         static_cast<double>(std::chrono::duration_cast<std::chrono::nanoseconds>(c1 - c0).count());
}

// By command type, then (a second split of the same commands) by outcome: whether the
// command traded, which is where the tail comes from.
enum Category { kAll = 0, kGtc, kIoc, kCancel, kReplace, kTraded, kNoTrade, kCategories };
const char* kCategoryNames[] = {"all", "gtc", "ioc", "cancel", "replace", "traded", "no trade"};

Category CategoryOf(const Command& c) {
  switch (c.kind) {
    case CommandKind::kNewOrder:
      return c.tif == TimeInForce::kIoc ? kIoc : kGtc;
    case CommandKind::kCancel:
      return kCancel;
    default:
      return kReplace;
  }
}

int Main(int argc, char** argv) {
  uint64_t ops = 20'000'000;
  ExchangeMixConfig cfg;
  bool use_tsc = true;
  int cpu = -1;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&]() -> const char* {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "%s needs a value\n", a.c_str());
        std::exit(2);
      }
      return argv[++i];
    };
    if (a == "--ops") {
      ops = std::strtoull(value(), nullptr, 10);
    } else if (a == "--seed") {
      cfg.seed = std::strtoull(value(), nullptr, 10);
    } else if (a == "--commands") {
      cfg.commands = std::strtoull(value(), nullptr, 10);
    } else if (a == "--timer") {
      use_tsc = std::strcmp(value(), "clock") != 0;
    } else if (a == "--cpu") {
      cpu = std::atoi(value());
    } else {
      std::fprintf(stderr,
                   "usage: %s [--ops N] [--seed S] [--commands N] [--timer tsc|clock] [--cpu C]\n",
                   argv[0]);
      return 2;
    }
  }
  if (cpu >= 0) {
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    if (sched_setaffinity(0, sizeof(set), &set) != 0) std::perror("sched_setaffinity");
  }

  const ReplayStream<> s = MakeExchangeMix(cfg);
  PrintStreamStats("ExchangeMix", s, stdout);
  std::vector<uint8_t> category(s.commands.size());
  for (size_t i = 0; i < s.commands.size(); ++i) category[i] = CategoryOf(s.commands[i]);

  const double tsc_per_ns = use_tsc ? CalibrateTsc(200) : 1.0;

  // Timer overhead: an empty timed region.
  Histogram overhead;
  for (int i = 0; i < 1'000'000; ++i) {
    const uint64_t t0 = use_tsc ? TscStart() : ClockNs();
    const uint64_t t1 = use_tsc ? TscStop() : ClockNs();
    overhead.Record(t1 - t0);
  }

  std::shared_ptr<Engine> engine;
  EventBuffer out;
  auto rebuild = [&] {
    engine.reset();
    engine = s.make_engine();
    for (const Command& c : s.setup) {
      out.Clear();
      engine->Submit(c, out);
    }
  };
  rebuild();
  for (const Command& c : s.commands) {  // warm-up pass
    out.Clear();
    engine->Submit(c, out);
  }
  rebuild();

  std::vector<Histogram> hist(kCategories);
  uint64_t timed_ticks = 0, done = 0, allocs = 0, wall_ns = 0;
  size_t pos = 0;
  while (done < ops) {
    if (pos == s.commands.size()) {
      rebuild();
      pos = 0;
    }
    const size_t n = std::min<uint64_t>(s.commands.size() - pos, ops - done);
    const uint64_t a0 = AllocationCount();
    const uint64_t w0 = ClockNs();
    for (size_t i = pos; i < pos + n; ++i) {
      out.Clear();
      const uint64_t t0 = use_tsc ? TscStart() : ClockNs();
      engine->Submit(s.commands[i], out);
      const uint64_t d = (use_tsc ? TscStop() : ClockNs()) - t0;
      timed_ticks += d;
      hist[kAll].Record(d);
      hist[category[i]].Record(d);
      bool traded = false;
      for (const Event& e : out) traded |= e.kind == EventKind::kTrade;
      hist[traded ? kTraded : kNoTrade].Record(d);
    }
    wall_ns += ClockNs() - w0;
    allocs += AllocationCount() - a0;
    pos += n;
    done += n;
  }

  const double timed_s = static_cast<double>(timed_ticks) / tsc_per_ns * 1e-9;
  std::printf("timer: %s (%.3f ticks/ns); empty timed region p50 %.1f ns, min %.1f ns\n",
              use_tsc ? "rdtsc" : "clock_gettime", tsc_per_ns,
              static_cast<double>(overhead.Quantile(0.5)) / tsc_per_ns,
              static_cast<double>(overhead.Quantile(0.0)) / tsc_per_ns);
  std::printf("ops %llu; allocations in the measured loop: %llu (%.6f per op)\n",
              static_cast<unsigned long long>(done), static_cast<unsigned long long>(allocs),
              static_cast<double>(allocs) / static_cast<double>(done));
  std::printf("throughput: %.2f M ops/s (sum of per-op times), %.2f M ops/s (wall, incl. timer)\n",
              static_cast<double>(done) / timed_s * 1e-6,
              static_cast<double>(done) / (static_cast<double>(wall_ns) * 1e-9) * 1e-6);
  std::printf("%-9s %10s %7s %8s %8s %8s %8s %8s %10s  (ns)\n", "type", "count", "share", "mean",
              "p50", "p90", "p99", "p99.9", "max");
  for (int c = 0; c < kCategories; ++c) {
    const Histogram& h = hist[c];
    auto ns = [&](uint64_t t) { return static_cast<double>(t) / tsc_per_ns; };
    if (h.total() == 0) {  // no such commands in this mix: no figures, rather than NaN
      std::printf("%-9s %10d %7s %8s %8s %8s %8s %8s %10s\n", kCategoryNames[c], 0, "-", "-", "-",
                  "-", "-", "-", "-");
      continue;
    }
    std::printf("%-9s %10llu %6.1f%% %8.1f %8.0f %8.0f %8.0f %8.0f %10.0f\n", kCategoryNames[c],
                static_cast<unsigned long long>(h.total()),
                100.0 * static_cast<double>(h.total()) / static_cast<double>(done),
                h.mean() / tsc_per_ns, ns(h.Quantile(0.5)), ns(h.Quantile(0.9)),
                ns(h.Quantile(0.99)), ns(h.Quantile(0.999)), ns(h.max()));
  }
  return 0;
}

}  // namespace
}  // namespace ftz::bench

int main(int argc, char** argv) { return ftz::bench::Main(argc, argv); }
