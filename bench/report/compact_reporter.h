// The benchmarks' console output, made to be read: one context line (CPU, load, how this
// code was built, and why Google Benchmark's "Library was built as DEBUG" warning does not
// apply: it is about Debian's libbenchmark itself, not the code measured), then one line
// per run within 120 columns: name, time per iteration, items per second, and the user
// counters that fit, without NaN or infinite cells.
#pragma once

#include <vector>

#include "benchmark/benchmark.h"

namespace ftz::bench {

class CompactReporter : public benchmark::ConsoleReporter {
 public:
  CompactReporter() : benchmark::ConsoleReporter(OO_None) {}
  bool ReportContext(const Context& context) override;
  void ReportRuns(const std::vector<Run>& runs) override;
};

// Google Benchmark's main with the compact reporter on the console (--benchmark_format
// and --benchmark_out still work as usual).
int BenchmarkMain(int argc, char** argv);

}  // namespace ftz::bench
