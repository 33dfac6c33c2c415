// What a session asks of the engine thread: a command to run, a snapshot, or the
// engine's statistics, with who asked (for answers and acknowledgements).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "vocabulary/command.h"

namespace ftz::gw {

struct Request {
  enum Kind : uint8_t {
    kCommand,       // an order-entry command of a session
    kSubscribe,     // snapshot for the session, which then follows the incrementals
    kSnapshot,      // snapshot only (gap recovery)
    kSessionEnd,    // cancel-on-disconnect: mass cancel of cmd.participant
    kAdmin,         // admin command (cmd.kind is kSetFloor ... kEndPeriod)
    kStats,         // engine statistics
    kLogon,         // a participant logged on: resend and order status (docs/protocol.md)
    kLogout,        // a participant's session ended; `aux`: the last report_seq it was sent
    kTakeSnapshot,  // admin: write a snapshot now (journal on)
  };
  Kind kind = kCommand;
  uint64_t session = 0;     // the asking session (snapshots, acks)
  uint64_t request_id = 0;  // admin and mass-cancel correlation
  Command cmd;              // kSubscribe, kSnapshot: cmd.instrument names the book
  // kLogon: the client's last report_seq + 1 (0: not given); kLogout: see above;
  // kSubscribe, kSnapshot: the bytes the session may still queue (its budget): a book
  // whose snapshot certainly needs more is not built (Report::too_large).
  uint64_t aux = 0;
  bool order_status = false;  // kLogon: send the open orders' status
};

// Whether the request changes state (the sequencer journals it) or only reads it.
inline bool ChangesState(const Request& r) {
  switch (r.kind) {
    case Request::kCommand:
    case Request::kAdmin:
    case Request::kSessionEnd:
    case Request::kLogon:
    case Request::kLogout:
      return true;
    default:
      return false;
  }
}

// Empties a queue of requests. One that grew past kKeptRequests (a client's flood, a
// stalled engine) gives its memory back rather than keep it for every later batch; the
// steady state (a few sessions' windows) stays under it and reallocates nothing.
inline constexpr size_t kKeptRequests = 4096;
inline void ClearRequests(std::vector<Request>& queue) {
  if (queue.capacity() > kKeptRequests) {
    std::vector<Request>().swap(queue);
  } else {
    queue.clear();
  }
}

}  // namespace ftz::gw
