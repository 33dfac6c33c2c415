#include "apps/serve_guard_flags.h"

#include <cstdint>
#include <iostream>
#include <memory>
#include <string>

#include "absl/flags/flag.h"

ABSL_FLAG(uint32_t, md_rate, 100,
          "per-session throttle of market-data requests (subscribe, snapshot, unsubscribe) "
          "per second");
ABSL_FLAG(uint32_t, md_burst, 100, "per-session market-data throttle: bucket size");
ABSL_FLAG(uint64_t, max_total_outbound_bytes, uint64_t{256} << 20,
          "bytes queued for all sessions together before the largest queues are cut "
          "(slow consumers)");
ABSL_FLAG(uint32_t, max_open_orders, 10'000,
          "live orders one participant may have; the next new order is rejected with "
          "RISK_LIMIT (0: no limit)");
ABSL_FLAG(uint32_t, socket_send_buffer, 0,
          "SO_SNDBUF of session sockets in bytes; 0: the system's default (autotuned up to "
          "net.ipv4.tcp_wmem's maximum: kernel memory a client that stops reading also holds, "
          "beyond the server's own caps)");
ABSL_FLAG(std::string, credentials, "",
          "logon credentials: a file of `participant token` lines (# comments), separate "
          "from the market config; tokens are compared in constant time");
ABSL_FLAG(bool, demo_tokens, false,
          "INSECURE, for demos and tests: log participants on with the market's demo "
          "tokens (the built-in market's \"secret\" and admin/admin, the default market's "
          "participant names) when there is no --credentials file");
ABSL_FLAG(uint32_t, logon_free_failures, 5,
          "failed logons in a row from one address before it backs off");
ABSL_FLAG(uint32_t, logon_backoff_ms, 100,
          "first backoff of an address after failed logons; doubles per further failure");
ABSL_FLAG(uint32_t, logon_max_backoff_ms, 5000, "longest backoff of an address");

namespace ftz::cli {

absl::Status ApplyGuardFlags(gw::ServerOptions* o) {
  o->md_rate_per_sec = absl::GetFlag(FLAGS_md_rate);
  o->md_burst = absl::GetFlag(FLAGS_md_burst);
  o->max_total_outbound_bytes = absl::GetFlag(FLAGS_max_total_outbound_bytes);
  o->max_open_orders = absl::GetFlag(FLAGS_max_open_orders);
  o->socket_send_buffer = static_cast<int>(absl::GetFlag(FLAGS_socket_send_buffer));
  o->logon_backoff.free_failures = absl::GetFlag(FLAGS_logon_free_failures);
  o->logon_backoff.backoff_ms = absl::GetFlag(FLAGS_logon_backoff_ms);
  o->logon_backoff.max_backoff_ms = absl::GetFlag(FLAGS_logon_max_backoff_ms);
  o->demo_tokens = absl::GetFlag(FLAGS_demo_tokens);
  const std::string path = absl::GetFlag(FLAGS_credentials);
  if (!path.empty()) {
    absl::StatusOr<gw::Credentials> c = gw::Credentials::Load(path);
    if (!c.ok()) return c.status();
    o->credentials = std::make_shared<const gw::Credentials>(*std::move(c));
    o->demo_tokens = false;  // the file decides
    return absl::OkStatus();
  }
  if (!o->demo_tokens) {
    return absl::FailedPreconditionError(
        "no credentials: pass --credentials=FILE (lines `participant token`), or "
        "--demo_tokens to log on with the market's demo tokens (insecure)");
  }
  std::cerr << "ftz serve: warning: --demo_tokens: participants log on with the market's "
               "demo tokens, which anyone can guess; use --credentials=FILE beyond a demo\n";
  return absl::OkStatus();
}

}  // namespace ftz::cli
