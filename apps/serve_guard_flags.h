// The flags of `ftz serve` that guard the exchange against hostile or careless clients
// (docs/protocol.md, "Memory bounds" and "Credentials"): market-data throttle, the global
// outbound cap, the credentials file, demo tokens and the logon backoff.
#pragma once

#include "absl/status/status.h"
#include "gateway/server_options.h"

namespace ftz::cli {

// Sets the guard options of `o` from the flags and loads the credentials file. An
// error: the file does not load, or there are no credentials and no --demo_tokens.
// Prints a warning when the demo tokens are on.
absl::Status ApplyGuardFlags(gw::ServerOptions* o);

}  // namespace ftz::cli
