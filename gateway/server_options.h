// The exchange server's settings: address, heartbeats, throttle, queues, threading.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "gateway/credentials.h"
#include "gateway/logon_guard.h"

#include "gateway/sequencer.h"

namespace ftz::gw {

struct ServerOptions {
  std::string bind_address = "127.0.0.1";
  uint16_t port = 0;  // 0: an ephemeral port (see Server::port())
  // Heartbeats: a client's wish is clamped into [min, max]; 0 asks for the default.
  uint32_t heartbeat_ms = 1000;
  uint32_t min_heartbeat_ms = 10;
  uint32_t max_heartbeat_ms = 60000;
  uint32_t heartbeat_misses = 3;  // silence for this many intervals ends the session
  uint32_t logon_timeout_ms = 5000;
  // Logon credentials (credentials.h); none: only the market's demo tokens, and those
  // only with demo_tokens (else nobody logs on). Failed logons back off per address.
  std::shared_ptr<const Credentials> credentials;
  bool demo_tokens = false;
  LogonBackoff logon_backoff;
  // Per-session token bucket over order-entry messages.
  uint32_t order_rate_per_sec = 1'000'000;
  uint32_t order_burst = 100'000;
  // Per-session token bucket over market-data requests (Subscribe, SnapshotRequest,
  // Unsubscribe): each can make the server build a snapshot of a whole book.
  uint32_t md_rate_per_sec = 100;
  uint32_t md_burst = 100;
  // Bytes queued for one session beyond this disconnect it (SLOW_CONSUMER). A snapshot
  // is checked against what is left before it is built.
  size_t max_outbound_bytes = size_t{16} << 20;
  // Backpressure: while more than this is queued for a session, its socket is not read
  // (its requests wait in TCP); paused for a heartbeat timeout: SLOW_CONSUMER.
  size_t read_pause_bytes = size_t{1} << 20;
  // Market data of books subscribed with conflation is held as the latest states while
  // more than this is queued for the session, and sent once it is down to half.
  size_t conflate_after_bytes = size_t{64} << 10;
  // Bytes queued for all sessions together beyond this: the sessions with the most
  // queued are disconnected (SLOW_CONSUMER), largest first, until the total is back
  // under three quarters of it.
  size_t max_total_outbound_bytes = size_t{256} << 20;
  // Requests read ahead of the engine before sessions stop being read: with their
  // answers, what a burst holds in memory.
  size_t engine_queue_capacity = 8192;
  // Pause loops the idle engine thread polls its queue before it sleeps (~50 ns each):
  // lower latency on an idle machine, wasted CPU on a crowded one. 0: sleep at once.
  int engine_spin = 1000;
  // After handing requests to the engine, pause loops the I/O thread waits for the
  // answers before it goes back to polling sockets (saves a wake-up per round trip).
  int io_spin = 1000;
  // false: no engine thread; the I/O thread runs the engine itself (see EngineWorker),
  // which takes two thread hand-overs out of every round trip.
  bool engine_thread = true;
  // The I/O thread polls its sockets without ever sleeping: it keeps one core busy, and
  // no message waits for a wake-up of the thread (or, on a VM, of the virtual CPU).
  bool busy_poll = false;
  int socket_send_buffer = 0;      // SO_SNDBUF of session sockets; 0: system default
  uint32_t close_linger_ms = 500;  // a closing session gets this long to flush
  bool handle_signals = false;     // SIGINT/SIGTERM stop the server gracefully
  // The write-ahead journal (journal.dir empty: off) and the execution reports kept per
  // participant for resend at logon.
  JournalOptions journal;
  size_t resend_window = 10'000;
  // Live orders one participant may have: the next new order is rejected (RISK_LIMIT).
  // Bounds what one client can make the server hold (its orders, and the reports of
  // their cancel on disconnect). 0: no limit.
  uint32_t max_open_orders = 10'000;
};

}  // namespace ftz::gw
