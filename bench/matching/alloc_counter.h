// Counts heap allocations made through the global operator new (every form), for the
// benchmarks' allocations-per-operation figures. alloc_counter.cc replaces the global
// operators; link it into the executable itself.
#pragma once

#include <cstdint>

namespace ftz::bench {

// Allocations (calls of any global operator new) since the program started.
uint64_t AllocationCount();

}  // namespace ftz::bench
