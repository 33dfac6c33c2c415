// What a session asks of the engine thread: a command to run, a snapshot, or the
// engine's statistics, with who asked (for answers and acknowledgements).
#pragma once

#include <cstdint>

#include "vocabulary/command.h"

namespace ftz::gw {

struct Request {
  enum Kind : uint8_t {
    kCommand,     // an order-entry command of a session
    kSubscribe,   // snapshot for the session, which then follows the incrementals
    kSnapshot,    // snapshot only (gap recovery)
    kSessionEnd,  // cancel-on-disconnect: mass cancel of cmd.participant
    kAdmin,       // admin command (cmd.kind is kSetFloor ... kEndPeriod)
    kStats,       // engine statistics
  };
  Kind kind = kCommand;
  uint64_t session = 0;     // the asking session (snapshots, acks)
  uint64_t request_id = 0;  // admin and mass-cancel correlation
  Command cmd;              // kSubscribe, kSnapshot: cmd.instrument names the book
};

}  // namespace ftz::gw
