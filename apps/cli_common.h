// Shared pieces of the client subcommands: connection flags, logon, printing.
#pragma once

#include <memory>
#include <string>

#include "absl/flags/declare.h"
#include "absl/status/statusor.h"
#include "client/client.h"

// The exchange port: where clients connect and `ftz serve` listens (port_flag.cc).
ABSL_DECLARE_FLAG(int, port);

namespace ftz::cli {

// Connects to --host:--port and logs on as --participant/--token (cancel-on-disconnect
// off unless `cancel_on_disconnect`: a CLI's orders outlive its session).
absl::StatusOr<std::unique_ptr<gw::Client>> ConnectAndLogon(bool cancel_on_disconnect = false);
// The same with the logon's reconciliation options (resend, order status).
absl::StatusOr<std::unique_ptr<gw::Client>> ConnectAndLogon(gw::LogonOptions options);

// The instrument id of `symbol` from the logon ack, or NotFound.
absl::StatusOr<uint32_t> InstrumentId(const gw::Client& c, const std::string& symbol);

std::string FormatExec(const wire::ExecutionReport& e);
std::string FormatMarketData(const wire::ServerMessage& m);

// Milliseconds of the --timeout_ms flag.
int TimeoutMs();

}  // namespace ftz::cli
