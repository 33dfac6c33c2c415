#include "sim/sweep/parallel_for.h"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <thread>
#include <vector>

namespace ftz::sim {

absl::Status ParallelFor(size_t count, size_t threads,
                         const std::function<absl::Status(size_t index, size_t worker)>& task) {
  std::atomic<size_t> next{0};
  std::atomic<bool> failed{false};
  std::mutex error_mu;
  absl::Status error;
  size_t error_index = count;
  auto work = [&](size_t worker) {
    // A task handed out always runs, so the lowest failing index is found whatever the
    // timing: it is handed out before any higher one.
    while (!failed.load()) {
      const size_t i = next.fetch_add(1);
      if (i >= count) return;
      absl::Status s = task(i, worker);
      if (s.ok()) continue;
      std::lock_guard<std::mutex> lock(error_mu);
      failed = true;
      if (i < error_index) {
        error = std::move(s);
        error_index = i;
      }
      return;
    }
  };
  threads = std::clamp<size_t>(threads, 1, std::max<size_t>(count, 1));
  std::vector<std::jthread> pool;
  for (size_t w = 1; w < threads; ++w) pool.emplace_back(work, w);
  work(0);
  pool.clear();  // joins
  return error;
}

}  // namespace ftz::sim
