// Runs indexed tasks on a fixed number of threads, for the cells of a sweep.
#pragma once

#include <cstddef>
#include <functional>

#include "absl/status/status.h"

namespace ftz::sim {

// Calls task(index, worker) for every index in [0, count) on `threads` threads (the
// caller's among them; worker in [0, threads) identifies the thread, e.g. for a slot of
// per-thread progress). Indices are handed out in increasing order. Once a task fails no
// further task starts; the tasks already handed out finish. Returns the error of the
// lowest-index task that failed, or OK. `threads` is clamped to [1, count].
absl::Status ParallelFor(size_t count, size_t threads,
                         const std::function<absl::Status(size_t index, size_t worker)>& task);

}  // namespace ftz::sim
