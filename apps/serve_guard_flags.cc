#include "apps/serve_guard_flags.h"

#include <cstdint>

#include "absl/flags/flag.h"

ABSL_FLAG(uint32_t, md_rate, 100,
          "per-session throttle of market-data requests (subscribe, snapshot, unsubscribe) "
          "per second");
ABSL_FLAG(uint32_t, md_burst, 100, "per-session market-data throttle: bucket size");
ABSL_FLAG(uint64_t, max_total_outbound_bytes, uint64_t{256} << 20,
          "bytes queued for all sessions together before the largest queues are cut "
          "(slow consumers)");

namespace ftz::cli {

void ApplyGuardFlags(gw::ServerOptions* o) {
  o->md_rate_per_sec = absl::GetFlag(FLAGS_md_rate);
  o->md_burst = absl::GetFlag(FLAGS_md_burst);
  o->max_total_outbound_bytes = absl::GetFlag(FLAGS_max_total_outbound_bytes);
}

}  // namespace ftz::cli
