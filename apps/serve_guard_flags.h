// The flags of `ftz serve` that guard the exchange against hostile or careless clients
// (docs/protocol.md, "Memory bounds"): market-data throttle and the global outbound cap.
#pragma once

#include "gateway/server_options.h"

namespace ftz::cli {

// Sets the guard options of `o` from the flags.
void ApplyGuardFlags(gw::ServerOptions* o);

}  // namespace ftz::cli
