#include "bench/report/compact_reporter.h"

#include <cmath>
#include <cstdio>
#include <string>

namespace ftz::bench {

namespace {

constexpr size_t kWidth = 120;

// 12.3M, 456k, 7.89: three significant digits with an SI suffix.
std::string Compact(double v) {
  if (!std::isfinite(v)) return "-";
  if (v == 0) return "0";
  const char* suffix = "";
  double a = std::fabs(v);
  if (a >= 1e9) {
    v /= 1e9, suffix = "G";
  } else if (a >= 1e6) {
    v /= 1e6, suffix = "M";
  } else if (a >= 1e3) {
    v /= 1e3, suffix = "k";
  }
  a = std::fabs(v);
  char buf[32];
  std::snprintf(buf, sizeof buf, a >= 100 ? "%.0f%s" : a >= 10 ? "%.1f%s" : "%.2f%s", v, suffix);
  return buf;
}

const char* Unit(benchmark::TimeUnit u) {
  switch (u) {
    case benchmark::kNanosecond:
      return "ns";
    case benchmark::kMicrosecond:
      return "us";
    case benchmark::kMillisecond:
      return "ms";
    default:
      return "s";
  }
}

}  // namespace

bool CompactReporter::ReportContext(const Context& context) {
  const benchmark::CPUInfo& cpu = context.cpu_info;
  std::string load;
  for (double l : cpu.load_avg) {
    if (!load.empty()) load.push_back(' ');
    load.append(Compact(l));
  }
  std::fprintf(stdout, "%d CPUs at %.0f MHz; load average %s. Code built %s.\n", cpu.num_cpus,
               cpu.cycles_per_second / 1e6, load.empty() ? "-" : load.c_str(),
#ifdef NDEBUG
               "optimised (NDEBUG)"
#else
               "WITH ASSERTIONS (not for figures)"
#endif
  );
  std::fprintf(stdout,
               "(Debian's libbenchmark is a debug build of the harness; it does not slow the "
               "code measured.)\n");
  return true;
}

void CompactReporter::ReportRuns(const std::vector<Run>& runs) {
  for (const Run& r : runs) {
    std::string line = r.benchmark_name();
    if (r.error_occurred) {
      line += "  ERROR: " + r.error_message;
      std::fprintf(stdout, "%s\n", line.c_str());
      continue;
    }
    char buf[64];
    std::snprintf(buf, sizeof buf, "  %s %s/iter", Compact(r.GetAdjustedRealTime()).c_str(),
                  Unit(r.time_unit));
    line += buf;
    // Throughput first, then the other counters by name, as many as fit.
    if (const auto it = r.counters.find("items_per_second"); it != r.counters.end()) {
      line += "  " + Compact(it->second) + " items/s";
    }
    for (const auto& [name, counter] : r.counters) {
      if (name == "items_per_second" || !std::isfinite(static_cast<double>(counter))) continue;
      std::string cell = "  " + name + "=" + Compact(counter);
      if (counter.flags & benchmark::Counter::kIsRate) cell += "/s";
      if (line.size() + cell.size() > kWidth) break;
      line += cell;
    }
    std::fprintf(stdout, "%s\n", line.c_str());
  }
  std::fflush(stdout);
}

int BenchmarkMain(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  CompactReporter console;
  benchmark::RunSpecifiedBenchmarks(&console);
  benchmark::Shutdown();
  return 0;
}

}  // namespace ftz::bench
