// Simulator throughput: agent orders per second, in-process (engine + floor policy +
// agents + metrics), on the default scenario and on a ZI-constrained market of many
// agents. Run: build/release/bench/sim/ftz-bench-sim
#include <benchmark/benchmark.h>

#include "bench/report/compact_reporter.h"
#include "sim/runner.h"

namespace ftz::sim {
namespace {

scenario::Scenario DefaultScenario(uint32_t periods) {
  absl::StatusOr<scenario::Scenario> s = ParseScenario(DefaultScenarioText(), "<default>");
  if (!s.ok()) std::abort();
  s->set_periods(periods);
  return *s;
}

// One policy run of the default scenario (NdPr chain, lithium, cobalt; 52 agents).
void BM_SimDefaultScenario(benchmark::State& state) {
  const scenario::Scenario s = DefaultScenario(static_cast<uint32_t>(state.range(0)));
  int64_t orders = 0;
  for (auto _ : state) {
    absl::StatusOr<RunResult> r = RunScenario(s, 0);
    if (!r.ok()) state.SkipWithError(r.status().ToString().c_str());
    orders += r->orders;
    benchmark::DoNotOptimize(r->state_hash);
  }
  state.SetItemsProcessed(orders);
  state.counters["orders_per_run"] =
      benchmark::Counter(static_cast<double>(orders) / state.iterations());
}
BENCHMARK(BM_SimDefaultScenario)->Arg(25)->Arg(250)->Unit(benchmark::kMillisecond);

// The paired run (policy + baseline), as `ftz sim` does it.
void BM_SimDefaultPaired(benchmark::State& state) {
  const scenario::Scenario s = DefaultScenario(250);
  int64_t orders = 0;
  for (auto _ : state) {
    absl::StatusOr<PairedResult> r = RunPaired(s, 0);
    if (!r.ok()) state.SkipWithError(r.status().ToString().c_str());
    orders += r->policy.orders + r->baseline.orders;
  }
  state.SetItemsProcessed(orders);
}
BENCHMARK(BM_SimDefaultPaired)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace ftz::sim

int main(int argc, char** argv) { return ftz::bench::BenchmarkMain(argc, argv); }
