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

// What a subcommand logs on for: reading market data (an observer that cannot trade), or
// trading.
enum class Access { kReadOnly, kTrading, kAdmin };

// Connects to --host:--port and logs on as --participant/--token (cancel-on-disconnect
// off unless the options say otherwise: a CLI's orders outlive its session). Without
// --participant: the default market's read-only "observer", its market maker "gb-mm", or
// its "admin"; without --token, the participant's name (the default market's demo
// tokens). A refused logon says whom it tried and which flags choose another. `options`
// carries the logon's reconciliation requests (resend, order status).
absl::StatusOr<std::unique_ptr<gw::Client>> ConnectAndLogon(Access access,
                                                            gw::LogonOptions options);
// The same with default options and cancel-on-disconnect off.
absl::StatusOr<std::unique_ptr<gw::Client>> ConnectAndLogon(Access access);

// The instrument id of `symbol` from the logon ack, or NotFound listing the known ones.
absl::StatusOr<uint32_t> InstrumentId(const gw::Client& c, const std::string& symbol);
// The instrument's tick and lot size, units and band from the logon ack, or nullptr.
const wire::InstrumentInfo* FindInstrument(const gw::Client& c, uint32_t instrument_id);

// One line per report or market-data message, prices and quantities in ticks and lots
// and, with the instrument's info, in currency per unit and physical units.
std::string FormatExec(const wire::ExecutionReport& e, const wire::InstrumentInfo* info);
std::string FormatMarketData(const wire::ServerMessage& m, const gw::Client& c);

// Milliseconds of the --timeout_ms flag.
int TimeoutMs();

}  // namespace ftz::cli
