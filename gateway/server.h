// The exchange's TCP server: sessions on one Asio I/O thread (C++20 coroutines), the
// engine on its own thread behind a bounded queue (EngineWorker), or for the lowest
// round trip on the I/O thread itself (ServerOptions::engine_thread, busy_poll). See
// docs/protocol.md for the rules a session follows.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "gateway/engine_worker.h"
#include "gateway/exchange.h"
#include "gateway/server_options.h"

namespace ftz::gw {

class Server {
 public:
  Server(std::unique_ptr<Exchange> exchange, ServerOptions options);
  ~Server();  // Stop()s

  // Binds, listens and starts the I/O and engine threads.
  absl::Status Start();
  // The port it listens on (after Start()).
  uint16_t port() const;
  // What recovery from the journal found (after Start(), when the journal is on).
  const RecoveryReport* recovery() const;
  // Graceful: stops accepting, logs every session out (SERVER_SHUTDOWN), flushes,
  // stops both threads. Idempotent; any thread but the I/O thread.
  void Stop();
  // Blocks until the server has stopped (by Stop() or a signal).
  void Wait();

  class Impl;  // opaque; public so that the implementation's session class can name it

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace ftz::gw
