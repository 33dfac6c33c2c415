// One client session on the I/O thread: three coroutines over its socket (read, write,
// timers), the logon, heartbeats, the throttle, the session's subscriptions and its
// outbound queue. What a message asks of the engine is order entry's to decide
// (order_entry.h); what the session needs of the server, it asks its SessionHost.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "gateway/asio.h"
#include "gateway/conflator.h"
#include "gateway/exchange.h"
#include "gateway/id_set.h"
#include "gateway/order_entry.h"
#include "gateway/report.h"
#include "gateway/request.h"
#include "gateway/server_options.h"
#include "gateway/token_bucket.h"
#include "proto/ftz_wire.pb.h"

namespace ftz::gw {

class Session;

// Counters the sessions keep for the stats request.
struct GatewayCounters {
  uint64_t throttled = 0;
  uint64_t slow_disconnects = 0;
  uint64_t protocol_errors = 0;
  uint64_t oversized_frames = 0;  // answers dropped for exceeding the frame limit (a bug)
};

// What a session needs of the server that owns it (server.cc implements it). Called on
// the I/O thread only.
class SessionHost {
 public:
  virtual ~SessionHost() = default;

  virtual const ServerOptions& options() const = 0;
  virtual const Exchange& exchange() const = 0;
  virtual const OrderEntry& order_entry() const = 0;
  // The instruments as the logon ack lists them (floors kept current).
  virtual const std::vector<InstrumentDesc>& instruments() const = 0;
  virtual GatewayCounters& counters() = 0;
  // The logon check (logon_guard.h): the participant, or PermissionDenied, or
  // ResourceExhausted while `address` backs off after failed logons.
  virtual absl::StatusOr<ParticipantId> CheckLogon(const std::string& participant,
                                                   const std::string& token,
                                                   const std::string& address) = 0;
  // The message every frame is parsed into (reused: steady state allocates nothing),
  // and the one local answers are built in.
  virtual wire::ClientMessage& ParseBuffer() = 0;
  virtual void RecycleParseBuffer() = 0;
  virtual wire::ServerMessage& ReplyBuffer() = 0;

  // Requests for the engine: queued, handed over by Flush (true when it handed something
  // over), answered by AwaitAnswers if that is quick. Overloaded: the queue is full.
  virtual void Enqueue(const Request& r) = 0;
  virtual bool Flush() = 0;
  virtual void AwaitAnswers() = 0;
  virtual bool Overloaded() const = 0;

  // The registry: false when the participant already has a session.
  virtual bool Claim(ParticipantId p, Session* s) = 0;
  // The session stopped trading (logout queued, or the peer is gone).
  virtual void SessionEnded(Session* s) = 0;
  // The session's socket is closed and its coroutines are done.
  virtual void Finished(uint64_t id) = 0;
  // Market data: the number of sessions following an instrument moves by `delta`;
  // Unfollow stops the fan-out to `s` (Follow is the snapshot's, in the server).
  virtual void CountFollower(InstrumentId id, int delta) = 0;
  virtual void Unfollow(InstrumentId id, Session* s) = 0;
  // The bytes queued for live sessions (not closing) moved by `delta` (Session::Account);
  // the host cuts the largest queues when the total passes its cap.
  virtual void OutboundChanged(int64_t delta) = 0;
};

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(SessionHost& host, tcp::socket socket, uint64_t id);

  // Starts the coroutines.
  void Start();

  uint64_t id() const { return id_; }
  ParticipantId participant() const { return participant_; }
  bool logged_on() const { return logged_on_; }
  bool cancel_on_disconnect() const { return cancel_on_disconnect_; }
  bool follows(InstrumentId id) const { return subscribed_.contains(id); }
  const absl::flat_hash_set<InstrumentId>& subscriptions() const { return subscribed_; }
  void ClearSubscriptions() { subscribed_.clear(); }
  bool closing() const { return closing_; }

  // Queues one message (sets its sequence number). Nothing is sent after the Logout.
  void Send(wire::ServerMessage& m);
  // Queues market data of book `instrument`; for a book subscribed with conflation, while
  // more than conflate_after_bytes are queued (or states are held already), holds it
  // as the book's latest state instead (conflator.h).
  void SendMarketData(InstrumentId instrument, wire::ServerMessage& m);
  // Bytes queued and being written.
  size_t queued() const { return out_.size() + writing_.size(); }
  // Bytes that may still be queued before the session is a slow consumer.
  size_t outbound_room() const {
    const size_t limit = host_.options().max_outbound_bytes;
    return queued() >= limit ? 0 : limit - queued();
  }
  // The engine answered a snapshot or subscribe request of this session for `id`: a
  // new SnapshotRequest for it is no longer coalesced into the pending one.
  void SnapshotAnswered(InstrumentId id) { snapshot_pending_.erase(id); }

  // Reconciliation (docs/protocol.md): the engine thread has answered the logon (a
  // kLogonAck report): the LogonAck goes out, and live execution reports from then on.
  // Until then live reports are not sent: the logon's resend has them.
  void CompleteLogon(const Report& ack);
  bool ack_sent() const { return ack_sent_; }
  // An execution report with this report_seq was sent (live or resent).
  void NoteReportSent(uint64_t report_seq) {
    if (report_seq > last_report_sent_) last_report_sent_ = report_seq;
  }
  uint64_t last_report_sent() const { return last_report_sent_; }
  // Sends Logout(reason) as the last message, then closes the session.
  void Close(wire::LogoutReason reason, const std::string& text);

 private:
  using Clock = std::chrono::steady_clock;

  awaitable<void> ReadLoop();
  awaitable<void> WriteLoop();
  awaitable<void> TimerLoop();
  void Finish();
  void WakeWriter();
  void ProtocolError(const std::string& text);
  void HandleFrame(const uint8_t* data, size_t size);
  void HandleLogon(const wire::Logon& logon);
  // Subscribe, unsubscribe and snapshot requests.
  void HandleMarketData(const wire::ClientMessage& m);
  bool Admit();  // the throttle: false (and counted) when the bucket is empty
  // Tells the host how the bytes queued for this live session changed since the last
  // call (a closing session counts 0: its queue is dropped or flushed within the linger).
  void Account();
  // Sends what conflation holds once the queue is down to half of conflate_after_bytes.
  void ReleaseConflated();

  SessionHost& host_;
  tcp::socket socket_;
  const uint64_t id_;
  asio::steady_timer signal_;       // wakes the writer
  asio::steady_timer timer_;        // heartbeats, logon and linger timeouts
  asio::steady_timer space_timer_;  // waits for room in the engine queue
  std::vector<uint8_t> in_;
  std::string out_;      // queued frames
  std::string writing_;  // frames being written
  bool writer_waiting_ = false;
  bool read_paused_ = false;  // backpressure: not reading while the client does not
  Clock::time_point paused_since_;
  bool closing_ = false;  // Logout queued; nothing more is sent or handled
  bool closed_ = false;   // socket closed; loops end
  uint64_t seq_ = 0;

  bool logged_on_ = false;
  bool ack_sent_ = false;
  uint64_t last_report_sent_ = 0;
  wire::ServerMessage logon_ack_;  // built at logon, sent by CompleteLogon
  bool is_admin_ = false;
  bool cancel_on_disconnect_ = true;
  ParticipantId participant_ = 0;
  std::chrono::milliseconds heartbeat_{0};
  std::string address_;  // the peer's IP address (logon backoff)
  // last_recv_: the last complete frame (a partial frame is not activity).
  Clock::time_point created_, last_recv_, last_send_, closing_since_, now_;
  TokenBucket order_bucket_;  // order entry
  TokenBucket md_bucket_;     // market-data requests
  size_t accounted_ = 0;      // what the host was last told this session queues
  // Instruments with a snapshot requested and not answered yet: at most one snapshot
  // request per instrument is with the engine at a time (more are coalesced).
  absl::flat_hash_set<InstrumentId> snapshot_pending_;
  IdSet client_ids_;  // every client order id the session used
  absl::flat_hash_set<InstrumentId> subscribed_;
  absl::flat_hash_set<InstrumentId> conflated_;  // subscribed with conflation
  Conflator conflator_;
};

}  // namespace ftz::gw
