// C++ client library for the FTZ exchange (docs/protocol.md).
//
// Two styles over one connection:
//  - blocking: Send* / Receive / WaitFor, e.g.
//        Client c;  c.Connect("127.0.0.1", port);  c.Logon("p1", "secret");
//        c.SendNewOrder(Limit(1, "NDPR", wire::BUY, 11000, 5));
//        auto ack = c.WaitFor(IsExecFor(1), 1s);
//  - callback: Poll(handlers, timeout) on the caller's thread, or Start(handlers) for a
//    background reader thread that calls them.
// While it waits for messages the client sends heartbeats when it has been idle for one
// interval, so a session stays up as long as someone is receiving.
//
// Thread-safety: sends are serialised by a mutex and may come from any thread; receive
// calls (Receive, WaitFor, Poll, ReadAvailable) from one thread at a time, and not at
// all while Start() is running.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "google/protobuf/arena.h"
#include "proto/ftz_wire.pb.h"

namespace ftz::gw {

using Millis = std::chrono::milliseconds;

struct LogonOptions {
  uint32_t heartbeat_ms = 0;  // 0: the server's default
  bool cancel_on_disconnect = true;
  uint32_t protocol_version = wire::PROTOCOL_VERSION_CURRENT;
  // Reconciliation (protocol version 2, docs/protocol.md): resend the execution reports
  // after this report_seq (e.g. last_report_seq() of the previous connection); unset:
  // the server resends what no session of the participant was sent.
  std::optional<uint64_t> last_report_seq;
  // Then one EXEC_ORDER_STATUS report per open order.
  bool order_status = false;
};

struct Handlers {
  std::function<void(const wire::ExecutionReport&)> on_execution;
  // Snapshots, level updates, trades, floor, stockpile and instrument status.
  std::function<void(const wire::ServerMessage&)> on_market_data;
  std::function<void(const wire::Logout&)> on_logout;
  // Everything else (acks, heartbeats, subscribe rejects).
  std::function<void(const wire::ServerMessage&)> on_other;
  // The connection failed or closed (background mode).
  std::function<void(const absl::Status&)> on_error;
};

bool IsMarketData(const wire::ServerMessage& m);

// A NewOrder for a limit order.
wire::NewOrder Limit(uint64_t client_order_id, const std::string& symbol, wire::Side side,
                     int64_t price, int64_t qty, wire::TimeInForce tif = wire::GTC);

class Client {
 public:
  Client() = default;
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  // `receive_buffer`: SO_RCVBUF before connecting (0: system default).
  absl::Status Connect(const std::string& host, uint16_t port, int receive_buffer = 0);
  // Sends Logon and waits for the LogonAck. A Logout answer becomes an error whose
  // message names the LogoutReason.
  absl::StatusOr<wire::LogonAck> Logon(const std::string& participant, const std::string& token,
                                       const LogonOptions& options = {},
                                       Millis timeout = Millis(5000));

  // --- sending (any thread) ---
  absl::Status Send(const wire::ClientMessage& m);
  // Queue() frames a message into the send buffer; Flush() writes it all in one go.
  void Queue(const wire::ClientMessage& m);
  absl::Status Flush();
  // Raw bytes, for tests of the server's framing checks.
  absl::Status SendRaw(const std::string& bytes);
  absl::Status SendNewOrder(const wire::NewOrder& order);
  absl::Status SendCancel(uint64_t client_order_id, uint64_t order_id = 0);
  absl::Status SendReplace(uint64_t client_order_id, int64_t price, int64_t qty,
                           uint64_t order_id = 0);
  absl::Status SendMassCancel(uint64_t request_id, const std::string& symbol = "");
  // `conflate`: while this session is behind, the server sends the book's latest states
  // instead of every update (md_seq may skip; BookBuilder(id, /*conflated=*/true)).
  absl::Status Subscribe(const std::string& symbol, bool conflate = false);
  absl::Status Unsubscribe(const std::string& symbol);
  absl::Status RequestSnapshot(const std::string& symbol);
  absl::Status SendAdmin(const wire::AdminRequest& request);
  absl::Status Logout();

  // --- blocking receive ---
  // The next message; DeadlineExceeded after `timeout`, Unavailable when the server
  // closed the connection, DataLoss on a bad frame or a sequence gap.
  absl::Status Receive(wire::ServerMessage* m, Millis timeout);
  // Receives until `pred` holds and returns that message; `others` (if set) sees the
  // messages skipped on the way.
  absl::StatusOr<wire::ServerMessage> WaitFor(
      const std::function<bool(const wire::ServerMessage&)>& pred, Millis timeout,
      const std::function<void(const wire::ServerMessage&)>& others = nullptr);

  // --- callback style ---
  // Dispatches messages to `h` until `timeout` passes (or the connection ends).
  absl::Status Poll(const Handlers& h, Millis timeout);
  // A background thread dispatching to `h` until Stop() or the connection ends.
  void Start(Handlers h);
  void Stop();

  // --- multiplexing (load generators) ---
  int fd() const { return fd_; }
  // Reads what the socket has now (never blocks) and calls fn per complete message.
  // Unavailable on EOF.
  absl::Status ReadAvailable(const std::function<void(const wire::ServerMessage&)>& fn);

  void Close();
  uint64_t last_seq() const { return last_seq_; }
  // The highest report_seq of an execution report received so far (over the client's
  // life, across connections): what to pass as LogonOptions::last_report_seq.
  uint64_t last_report_seq() const { return last_report_seq_; }
  const wire::LogonAck& logon_ack() const { return logon_ack_; }

 private:
  // Parses the next buffered frame into m: true when there was one.
  absl::StatusOr<bool> NextBuffered(wire::ServerMessage* m);
  absl::Status ReadSome(bool block, Millis timeout);
  absl::Status WriteAll(const char* data, size_t size);
  void MaybeHeartbeat();
  void Dispatch(const Handlers& h, const wire::ServerMessage& m);

  int fd_ = -1;
  std::vector<uint8_t> in_;
  size_t in_begin_ = 0;
  size_t in_end_ = 0;
  std::mutex send_mu_;
  std::string queued_;
  std::string scratch_;
  uint64_t last_seq_ = 0;
  uint64_t last_report_seq_ = 0;
  wire::LogonAck logon_ack_;
  Millis heartbeat_{0};
  std::chrono::steady_clock::time_point last_send_{};  // guarded by send_mu_ once connected
  std::thread thread_;
  std::atomic<bool> stop_{false};
  google::protobuf::Arena arena_;
  wire::ServerMessage* arena_msg_ = nullptr;
};

}  // namespace ftz::gw
