#include "gateway/server.h"

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstring>
#include <mutex>
#include <thread>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "gateway/asio.h"
#include "gateway/engine_worker.h"
#include "gateway/framing.h"
#include "gateway/id_set.h"
#include "google/protobuf/arena.h"
#include "proto/ftz_wire.pb.h"

namespace ftz::gw {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr size_t kReadBufferBytes = 2 * kMaxFrameBytes + 2 * kMaxHeaderBytes;

}  // namespace

class Session;

class Server::Impl {
 public:
  Impl(std::unique_ptr<Exchange> exchange, ServerOptions options)
      : exchange_(std::move(exchange)),
        options_(std::move(options)),
        acceptor_(io_),
        signals_(io_),
        flush_timer_(io_),
        worker_(
            *exchange_, options_.engine_queue_capacity,
            [this] { asio::post(io_, [this] { DrainOutputs(); }); }, options_.engine_spin,
            options_.engine_thread) {
    const size_t n = exchange_->instrument_count();
    subscribers_.resize(n);
    for (InstrumentId i = 0; i < n; ++i) instruments_.push_back(exchange_->Describe(i));
  }

  absl::Status Start();
  void BeginShutdown();
  void Join();

  // Session services (I/O thread).
  const ServerOptions& options() const { return options_; }
  Exchange& exchange() { return *exchange_; }
  EngineWorker& worker() { return worker_; }
  const std::vector<InstrumentDesc>& instruments() const { return instruments_; }
  void Enqueue(const Request& r) { pending_.push_back(r); }
  // Pushes queued requests to the engine; schedules a retry when its queue is full.
  // True when it handed something over.
  bool Flush();
  // Sends the engine's answers at once if they are there, or become so within
  // options().io_spin pause loops.
  void AwaitAnswers() {
    for (int i = 0;; ++i) {
      if (worker_.has_outputs()) return DrainOutputs();
      if (i >= options_.io_spin) return;
      __builtin_ia32_pause();
    }
  }
  bool Overloaded() const { return pending_.size() >= options_.engine_queue_capacity; }
  // Logon bookkeeping: false when the participant already has a session.
  bool Claim(ParticipantId p, Session* s);
  void SessionEnded(Session* s);
  void Finished(uint64_t id) { sessions_.erase(id); }
  void Follow(InstrumentId id, Session* s) { subscribers_[id].push_back(s); }
  void Unfollow(InstrumentId id, Session* s) {
    auto& v = subscribers_[id];
    v.erase(std::remove(v.begin(), v.end(), s), v.end());
  }
  size_t logged_on() const { return by_participant_.size(); }

  uint64_t throttled = 0;
  uint64_t slow_disconnects = 0;
  uint64_t protocol_errors = 0;
  // Reused messages, one per hot body kind, so that steady state allocates nothing.
  // The message every frame is parsed into. It lives on an arena so that parsing does
  // not free and allocate its body each time; the arena is reset now and then.
  wire::ClientMessage& in_msg() { return *in_msg_; }
  void RecycleArena() {
    if (arena_.SpaceUsed() < (size_t{1} << 20)) return;
    arena_.Reset();
    in_msg_ = google::protobuf::Arena::CreateMessage<wire::ClientMessage>(&arena_);
  }
  wire::ServerMessage exec_msg, level_msg, trade_msg;

 private:
  friend class Server;
  awaitable<void> AcceptLoop();
  awaitable<void> ShutdownLoop();
  void DrainOutputs();
  void Dispatch(const Output& o);

  std::unique_ptr<Exchange> exchange_;
  ServerOptions options_;
  asio::io_context io_{1};
  tcp::acceptor acceptor_;
  asio::signal_set signals_;
  asio::steady_timer flush_timer_;
  bool flush_scheduled_ = false;
  EngineWorker worker_;
  std::thread io_thread_;
  std::once_flag stop_once_;
  std::once_flag join_once_;
  bool stopping_ = false;
  uint16_t port_ = 0;

  uint64_t next_session_ = 0;
  absl::flat_hash_map<uint64_t, std::shared_ptr<Session>> sessions_;
  absl::flat_hash_map<ParticipantId, Session*> by_participant_;
  std::vector<std::vector<Session*>> subscribers_;
  std::vector<InstrumentDesc> instruments_;  // floors kept current from FloorUpdates
  std::vector<Request> pending_;
  OutputBatch outputs_;
  google::protobuf::Arena arena_;
  wire::ClientMessage* in_msg_ =
      google::protobuf::Arena::CreateMessage<wire::ClientMessage>(&arena_);
};

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(Server::Impl& server, tcp::socket socket, uint64_t id)
      : server_(server),
        socket_(std::move(socket)),
        id_(id),
        signal_(socket_.get_executor()),
        timer_(socket_.get_executor()),
        space_timer_(socket_.get_executor()) {
    in_.resize(kReadBufferBytes);
    created_ = last_recv_ = last_send_ = Clock::now();
  }

  void Start() {
    auto self = shared_from_this();
    asio::co_spawn(socket_.get_executor(), self->ReadLoop(), asio::detached);
    asio::co_spawn(socket_.get_executor(), self->WriteLoop(), asio::detached);
    asio::co_spawn(socket_.get_executor(), self->TimerLoop(), asio::detached);
  }

  uint64_t id() const { return id_; }
  ParticipantId participant() const { return participant_; }
  bool logged_on() const { return logged_on_; }
  bool cancel_on_disconnect() const { return cancel_on_disconnect_; }
  bool follows(InstrumentId id) const { return subscribed_.contains(id); }
  const absl::flat_hash_set<InstrumentId>& subscriptions() const { return subscribed_; }
  void ClearSubscriptions() { subscribed_.clear(); }
  bool closing() const { return closing_; }

  // Queues one message (sets its sequence number). Nothing is sent after the Logout.
  void Send(wire::ServerMessage& m) {
    if (closing_) return;
    m.set_seq(++seq_);
    AppendFrame(m, &out_);
    if (out_.size() + writing_.size() > server_.options().max_outbound_bytes) {
      ++server_.slow_disconnects;
      Close(wire::LOGOUT_SLOW_CONSUMER,
            absl::StrCat("more than ", server_.options().max_outbound_bytes,
                         " bytes queued: the client does not read fast enough"));
      return;
    }
    WakeWriter();
  }

  // Sends Logout(reason) as the last message, then closes the session.
  void Close(wire::LogoutReason reason, const std::string& text) {
    if (closing_) return;
    if (reason == wire::LOGOUT_SLOW_CONSUMER) out_.clear();  // it would never be read
    wire::ServerMessage m;
    m.set_seq(++seq_);
    m.mutable_logout()->set_reason(reason);
    m.mutable_logout()->set_text(text);
    AppendFrame(m, &out_);
    closing_ = true;
    closing_since_ = Clock::now();
    server_.SessionEnded(this);
    WakeWriter();
  }

  void ProtocolError(const std::string& text) {
    ++server_.protocol_errors;
    Close(wire::LOGOUT_PROTOCOL_ERROR, text);
  }

  void WakeSpaceWaiter() { space_timer_.cancel(); }

 private:
  void WakeWriter() {
    if (writer_waiting_) {
      writer_waiting_ = false;
      signal_.cancel();
    }
  }

  awaitable<void> ReadLoop();
  awaitable<void> WriteLoop();
  awaitable<void> TimerLoop();
  void Finish();
  void HandleFrame(const uint8_t* data, size_t size);
  void HandleLogon(const wire::Logon& logon);
  bool Admit();  // the throttle: false (and counted) when the bucket is empty
  void RejectLocally(ClientOrderId client_id, uint8_t request, wire::RejectReason reason,
                     const std::string& text);
  bool ResolveSymbol(const std::string& symbol, uint32_t id, InstrumentId* out) const;
  void HandleNewOrder(const wire::NewOrder& m);
  void HandleAdmin(const wire::AdminRequest& m);
  void SendAdminAck(uint64_t request_id, wire::RejectReason reason, const std::string& text);

  Server::Impl& server_;
  tcp::socket socket_;
  const uint64_t id_;
  asio::steady_timer signal_;       // wakes the writer
  asio::steady_timer timer_;        // heartbeats, logon and linger timeouts
  asio::steady_timer space_timer_;  // waits for room in the engine queue
  std::vector<uint8_t> in_;
  std::string out_;      // queued frames
  std::string writing_;  // frames being written
  bool writer_waiting_ = false;
  bool closing_ = false;  // Logout queued; nothing more is sent or handled
  bool closed_ = false;   // socket closed; loops end
  uint64_t seq_ = 0;

  bool logged_on_ = false;
  bool is_admin_ = false;
  bool cancel_on_disconnect_ = true;
  ParticipantId participant_ = 0;
  milliseconds heartbeat_{0};
  Clock::time_point created_, last_recv_, last_send_, closing_since_, now_;
  double tokens_ = 0;
  Clock::time_point refilled_;
  IdSet client_ids_;  // every client order id the session used
  absl::flat_hash_set<InstrumentId> subscribed_;
};

// ------------------------------------------------------------------------------------
// Session

awaitable<void> Session::ReadLoop() {
  auto self = shared_from_this();
  size_t have = 0;
  boost::system::error_code ec;
  for (;;) {
    const size_t n =
        co_await socket_.async_read_some(asio::buffer(in_.data() + have, in_.size() - have),
                                         asio::redirect_error(use_awaitable, ec));
    if (ec || n == 0) {
      if (!closing_ && have > 0 && ec == asio::error::eof) {
        ProtocolError("connection closed in the middle of a frame");
      }
      // The peer may only have shut down its sending side: let the writer flush the
      // Logout before the socket closes.
      const auto since = Clock::now();
      while (closing_ && !closed_ && (!out_.empty() || !writing_.empty()) &&
             Clock::now() - since < milliseconds(server_.options().close_linger_ms)) {
        space_timer_.expires_after(milliseconds(1));
        co_await space_timer_.async_wait(asio::redirect_error(use_awaitable, ec));
      }
      break;
    }
    if (closing_) continue;  // drain until the peer closes or the linger ends
    have += n;
    now_ = last_recv_ = Clock::now();
    size_t pos = 0;
    while (!closing_) {
      size_t header = 0, body = 0;
      const FrameStatus st = PeekFrame(in_.data() + pos, have - pos, &header, &body);
      if (st == FrameStatus::kNeedMore) break;
      if (st == FrameStatus::kTooLarge) {
        ProtocolError(absl::StrCat("frame larger than ", kMaxFrameBytes, " bytes"));
        break;
      }
      if (st == FrameStatus::kBadHeader) {
        ProtocolError("bad frame length prefix");
        break;
      }
      HandleFrame(in_.data() + pos + header, body);
      pos += header + body;
    }
    if (closing_) {
      have = 0;
    } else if (pos > 0) {
      std::memmove(in_.data(), in_.data() + pos, have - pos);
      have -= pos;
    }
    server_.RecycleArena();
    const bool handed = server_.Flush();
    if (handed) server_.AwaitAnswers();
    while (server_.Overloaded() && !closed_) {
      space_timer_.expires_after(milliseconds(1));
      co_await space_timer_.async_wait(asio::redirect_error(use_awaitable, ec));
      server_.Flush();
    }
    if (closed_) break;
  }
  Finish();
}

awaitable<void> Session::WriteLoop() {
  auto self = shared_from_this();
  boost::system::error_code ec;
  while (!closed_) {
    if (out_.empty()) {
      if (closing_) {
        socket_.shutdown(tcp::socket::shutdown_send, ec);
        co_return;
      }
      writer_waiting_ = true;
      signal_.expires_at(asio::steady_timer::time_point::max());
      co_await signal_.async_wait(asio::redirect_error(use_awaitable, ec));
      writer_waiting_ = false;
      continue;
    }
    writing_.swap(out_);
    last_send_ = Clock::now();
    co_await asio::async_write(socket_, asio::buffer(writing_),
                               asio::redirect_error(use_awaitable, ec));
    writing_.clear();
    if (ec) {
      // The peer is gone; the reader notices too and finishes the session.
      if (!closing_) {
        closing_ = true;
        closing_since_ = Clock::now();
        server_.SessionEnded(this);
      }
      out_.clear();
      socket_.close(ec);
      co_return;
    }
  }
}

awaitable<void> Session::TimerLoop() {
  auto self = shared_from_this();
  boost::system::error_code ec;
  const ServerOptions& opt = server_.options();
  while (!closed_) {
    milliseconds tick = logged_on_ ? std::max(heartbeat_ / 4, milliseconds(1)) : milliseconds(50);
    if (closing_) tick = milliseconds(std::max<uint32_t>(opt.close_linger_ms / 4, 1));
    timer_.expires_after(tick);
    co_await timer_.async_wait(asio::redirect_error(use_awaitable, ec));
    if (closed_) break;
    const Clock::time_point now = Clock::now();
    if (closing_) {
      if (now - closing_since_ >= milliseconds(opt.close_linger_ms)) socket_.close(ec);
      continue;
    }
    if (!logged_on_) {
      if (now - created_ >= milliseconds(opt.logon_timeout_ms)) {
        Close(wire::LOGOUT_NOT_LOGGED_ON, "no logon in time");
      }
      continue;
    }
    if (now - last_recv_ >= heartbeat_ * opt.heartbeat_misses) {
      Close(wire::LOGOUT_HEARTBEAT_TIMEOUT,
            absl::StrCat("nothing received for ", opt.heartbeat_misses, " heartbeat intervals"));
      continue;
    }
    if (now - last_send_ >= heartbeat_) {
      wire::ServerMessage m;
      m.mutable_heartbeat()->set_timestamp_ns(
          std::chrono::duration_cast<std::chrono::nanoseconds>(now.time_since_epoch()).count());
      last_send_ = now;
      Send(m);
    }
  }
}

void Session::Finish() {
  if (!closing_) {
    closing_ = true;
    server_.SessionEnded(this);
  }
  closed_ = true;
  boost::system::error_code ec;
  socket_.close(ec);
  signal_.cancel();
  timer_.cancel();
  space_timer_.cancel();
  server_.Finished(id_);
}

void Session::HandleFrame(const uint8_t* data, size_t size) {
  wire::ClientMessage& m = server_.in_msg();
  if (!m.ParseFromArray(data, static_cast<int>(size))) {
    ProtocolError("message does not parse as a ClientMessage");
    return;
  }
  if (m.body_case() == wire::ClientMessage::BODY_NOT_SET) {
    ProtocolError("empty ClientMessage (no body set)");
    return;
  }
  if (!logged_on_) {
    if (m.body_case() == wire::ClientMessage::kLogon) return HandleLogon(m.logon());
    return Close(wire::LOGOUT_NOT_LOGGED_ON, "the first message must be a Logon");
  }
  switch (m.body_case()) {
    case wire::ClientMessage::kLogon:
      return ProtocolError("already logged on");
    case wire::ClientMessage::kHeartbeat:
      return;
    case wire::ClientMessage::kLogout:
      return Close(wire::LOGOUT_USER_REQUEST, "logout requested");
    case wire::ClientMessage::kNewOrder:
      return HandleNewOrder(m.new_order());
    case wire::ClientMessage::kCancel: {
      const wire::CancelOrder& c = m.cancel();
      if (!Admit()) {
        return RejectLocally(c.client_order_id(), wire::REQUEST_CANCEL, wire::THROTTLED,
                             "throttled");
      }
      Request r;
      r.session = id_;
      r.cmd.kind = CommandKind::kCancel;
      r.cmd.participant = participant_;
      r.cmd.client_id = c.client_order_id();
      r.cmd.order_id = c.order_id();
      server_.Enqueue(r);
      return;
    }
    case wire::ClientMessage::kReplace: {
      const wire::ReplaceOrder& c = m.replace();
      if (!Admit()) {
        return RejectLocally(c.client_order_id(), wire::REQUEST_REPLACE, wire::THROTTLED,
                             "throttled");
      }
      Request r;
      r.session = id_;
      r.cmd.kind = CommandKind::kReplace;
      r.cmd.participant = participant_;
      r.cmd.client_id = c.client_order_id();
      r.cmd.order_id = c.order_id();
      r.cmd.price = c.price();
      r.cmd.qty = c.qty();
      server_.Enqueue(r);
      return;
    }
    case wire::ClientMessage::kMassCancel: {
      const wire::MassCancel& c = m.mass_cancel();
      wire::ServerMessage ack;
      ack.mutable_mass_cancel_ack()->set_request_id(c.request_id());
      if (!Admit()) {
        ack.mutable_mass_cancel_ack()->set_reason(wire::THROTTLED);
        return Send(ack);
      }
      Request r;
      r.session = id_;
      r.request_id = c.request_id();
      r.cmd.kind = CommandKind::kMassCancel;
      r.cmd.participant = participant_;
      if (!c.symbol().empty()) {
        auto inst = server_.exchange().FindInstrument(c.symbol());
        if (!inst) {
          ack.mutable_mass_cancel_ack()->set_reason(wire::UNKNOWN_INSTRUMENT);
          return Send(ack);
        }
        r.cmd.filter_instrument = true;
        r.cmd.instrument = *inst;
      }
      r.cmd.filter_side = c.filter_side();
      r.cmd.side = c.side() == wire::SELL ? Side::kSell : Side::kBuy;
      server_.Enqueue(r);
      return;
    }
    case wire::ClientMessage::kSubscribe:
    case wire::ClientMessage::kSnapshotRequest:
    case wire::ClientMessage::kUnsubscribe: {
      const std::string& symbol = m.has_subscribe()          ? m.subscribe().symbol()
                                  : m.has_snapshot_request() ? m.snapshot_request().symbol()
                                                             : m.unsubscribe().symbol();
      auto inst = server_.exchange().FindInstrument(symbol);
      if (!inst) {
        wire::ServerMessage rej;
        rej.mutable_subscribe_reject()->set_symbol(symbol);
        rej.mutable_subscribe_reject()->set_reason(wire::UNKNOWN_INSTRUMENT);
        rej.mutable_subscribe_reject()->set_text(absl::StrCat("unknown symbol ", symbol));
        return Send(rej);
      }
      if (m.has_unsubscribe()) {
        if (subscribed_.erase(*inst)) {
          server_.Unfollow(*inst, this);
          server_.worker().subscribers(*inst).fetch_sub(1);
        }
        return;
      }
      Request r;
      r.session = id_;
      r.cmd.instrument = *inst;
      r.kind = Request::kSnapshot;
      if (m.has_subscribe() && subscribed_.insert(*inst).second) {
        r.kind = Request::kSubscribe;
        server_.worker().subscribers(*inst).fetch_add(1);
      }
      server_.Enqueue(r);
      return;
    }
    case wire::ClientMessage::kAdmin:
      return HandleAdmin(m.admin());
    case wire::ClientMessage::BODY_NOT_SET:
      return;
  }
}

void Session::HandleLogon(const wire::Logon& logon) {
  const ServerOptions& opt = server_.options();
  if (logon.protocol_version() != wire::PROTOCOL_VERSION_CURRENT) {
    return Close(wire::LOGOUT_UNSUPPORTED_VERSION,
                 absl::StrCat("protocol version ", logon.protocol_version(), " unsupported; use ",
                              static_cast<int>(wire::PROTOCOL_VERSION_CURRENT)));
  }
  auto who = server_.exchange().Authenticate(logon.participant(), logon.token());
  if (!who.ok()) {
    return Close(wire::LOGOUT_BAD_CREDENTIALS, "unknown participant or wrong token");
  }
  if (!server_.Claim(*who, this)) {
    return Close(wire::LOGOUT_ALREADY_LOGGED_ON,
                 absl::StrCat(logon.participant(), " already has a session"));
  }
  participant_ = *who;
  logged_on_ = true;
  is_admin_ = server_.exchange().IsAdmin(participant_);
  cancel_on_disconnect_ = !logon.disable_cancel_on_disconnect();
  uint32_t hb = logon.heartbeat_interval_ms() ? logon.heartbeat_interval_ms() : opt.heartbeat_ms;
  hb = std::clamp(hb, opt.min_heartbeat_ms, opt.max_heartbeat_ms);
  heartbeat_ = milliseconds(hb);
  tokens_ = opt.order_burst;
  refilled_ = Clock::now();
  timer_.cancel();  // re-arm with the heartbeat tick

  wire::ServerMessage m;
  wire::LogonAck* ack = m.mutable_logon_ack();
  ack->set_protocol_version(wire::PROTOCOL_VERSION_CURRENT);
  ack->set_participant_id(participant_);
  ack->set_session_id(id_);
  ack->set_heartbeat_interval_ms(hb);
  ack->set_order_rate_per_sec(opt.order_rate_per_sec);
  ack->set_order_burst(opt.order_burst);
  ack->set_max_frame_bytes(kMaxFrameBytes);
  ack->set_max_outbound_bytes(opt.max_outbound_bytes);
  ack->set_cancel_on_disconnect(cancel_on_disconnect_);
  ack->set_is_admin(is_admin_);
  const auto& instruments = server_.instruments();
  for (InstrumentId i = 0; i < instruments.size(); ++i) {
    const InstrumentDesc& d = instruments[i];
    wire::InstrumentInfo* info = ack->add_instruments();
    info->set_instrument_id(i);
    info->set_symbol(d.symbol);
    info->set_tick_size(d.tick_size);
    info->set_lot_size(d.lot_size);
    info->set_min_price(d.min_price);
    info->set_max_price(d.max_price);
    info->set_max_qty(d.max_qty);
    info->set_floor(d.floor);
    info->set_currency(d.currency);
    info->set_unit(d.unit);
  }
  Send(m);
}

bool Session::Admit() {
  const ServerOptions& opt = server_.options();
  const double elapsed = std::chrono::duration<double>(now_ - refilled_).count();
  if (elapsed > 0) {
    tokens_ = std::min<double>(opt.order_burst, tokens_ + elapsed * opt.order_rate_per_sec);
    refilled_ = now_;
  }
  if (tokens_ >= 1) {
    tokens_ -= 1;
    return true;
  }
  ++server_.throttled;
  return false;
}

void Session::RejectLocally(ClientOrderId client_id, uint8_t request, wire::RejectReason reason,
                            const std::string& text) {
  wire::ServerMessage& m = server_.exec_msg;
  wire::ExecutionReport* e = m.mutable_execution();
  e->Clear();
  e->set_client_order_id(client_id);
  e->set_exec_type(wire::EXEC_REJECTED);
  e->set_status(wire::STATUS_REJECTED);
  e->set_reject_reason(reason);
  e->set_request(static_cast<wire::RequestKind>(request));
  e->set_text(text);
  Send(m);
}

bool Session::ResolveSymbol(const std::string& symbol, uint32_t id, InstrumentId* out) const {
  if (symbol.empty()) {
    *out = id;
    return true;
  }
  auto inst = server_.exchange().FindInstrument(symbol);
  if (!inst) return false;
  *out = *inst;
  return true;
}

void Session::HandleNewOrder(const wire::NewOrder& m) {
  const ClientOrderId cid = m.client_order_id();
  if (!Admit()) return RejectLocally(cid, wire::REQUEST_NEW_ORDER, wire::THROTTLED, "throttled");
  if (cid == 0) {
    return RejectLocally(cid, wire::REQUEST_NEW_ORDER, wire::MISSING_CLIENT_ID,
                         "client_order_id must be non-zero");
  }
  if (!client_ids_.Insert(cid)) {
    return RejectLocally(cid, wire::REQUEST_NEW_ORDER, wire::DUPLICATE_CLIENT_ID,
                         absl::StrCat("client order id ", cid, " already used in this session"));
  }
  Request r;
  r.session = id_;
  Command& c = r.cmd;
  c.kind = CommandKind::kNewOrder;
  c.participant = participant_;
  c.client_id = cid;
  if (!ResolveSymbol(m.symbol(), m.instrument_id(), &c.instrument)) {
    return RejectLocally(cid, wire::REQUEST_NEW_ORDER, wire::UNKNOWN_INSTRUMENT,
                         absl::StrCat("unknown symbol ", m.symbol()));
  }
  if (m.side() > wire::SELL || m.type() > wire::MARKET || m.tif() > wire::FOK ||
      m.stp() > wire::STP_CANCEL_BOTH || (!m.origin().empty() && m.origin().size() != 2)) {
    return RejectLocally(cid, wire::REQUEST_NEW_ORDER, wire::BAD_COMMAND,
                         "unknown enum value or origin not a 2-letter code");
  }
  c.side = static_cast<Side>(m.side());
  c.type = static_cast<OrderType>(m.type());
  c.tif = static_cast<TimeInForce>(m.tif());
  c.stp = static_cast<StpMode>(m.stp());
  c.post_only = m.post_only();
  c.price = m.price();
  c.qty = m.qty();
  if (m.origin().size() == 2) c.origin = MakeJurisdiction(m.origin()[0], m.origin()[1]);
  server_.Enqueue(r);
}

void Session::SendAdminAck(uint64_t request_id, wire::RejectReason reason,
                           const std::string& text) {
  wire::ServerMessage m;
  wire::AdminAck* ack = m.mutable_admin_ack();
  ack->set_request_id(request_id);
  ack->set_ok(reason == wire::REJECT_NONE);
  ack->set_reason(reason);
  ack->set_text(text);
  Send(m);
}

void Session::HandleAdmin(const wire::AdminRequest& m) {
  if (!is_admin_) {
    return SendAdminAck(m.request_id(), wire::NOT_ADMIN, "admin requests need an admin session");
  }
  Request r;
  r.kind = Request::kAdmin;
  r.session = id_;
  r.request_id = m.request_id();
  std::string symbol;
  int64_t value = 0;
  CommandKind kind = CommandKind::kEndPeriod;
  switch (m.body_case()) {
    case wire::AdminRequest::kSetFloor:
      kind = CommandKind::kSetFloor;
      symbol = m.set_floor().symbol();
      value = m.set_floor().price();
      break;
    case wire::AdminRequest::kSetTariff:
      kind = CommandKind::kSetTariff;
      symbol = m.set_tariff().symbol();
      value = m.set_tariff().basis_points();
      break;
    case wire::AdminRequest::kHalt:
      kind = CommandKind::kHalt;
      symbol = m.halt().symbol();
      break;
    case wire::AdminRequest::kResume:
      kind = CommandKind::kResume;
      symbol = m.resume().symbol();
      break;
    case wire::AdminRequest::kEndPeriod:
      r.cmd = EndPeriod();
      server_.Enqueue(r);
      return;
    case wire::AdminRequest::kStats:
      r.kind = Request::kStats;
      server_.Enqueue(r);
      return;
    case wire::AdminRequest::BODY_NOT_SET:
      return SendAdminAck(m.request_id(), wire::BAD_COMMAND, "empty admin request");
  }
  auto inst = server_.exchange().FindInstrument(symbol);
  if (!inst) {
    return SendAdminAck(m.request_id(), wire::UNKNOWN_INSTRUMENT,
                        absl::StrCat("unknown symbol ", symbol));
  }
  r.cmd = AdminCommand(kind, *inst, value);
  r.cmd.participant = participant_;
  server_.Enqueue(r);
}

// ------------------------------------------------------------------------------------
// Server::Impl

absl::Status Server::Impl::Start() {
  boost::system::error_code ec;
  const auto address = asio::ip::make_address(options_.bind_address, ec);
  if (ec) return absl::InvalidArgumentError(absl::StrCat("bad address ", options_.bind_address));
  const tcp::endpoint endpoint(address, options_.port);
  acceptor_.open(endpoint.protocol(), ec);
  if (!ec) acceptor_.set_option(tcp::acceptor::reuse_address(true), ec);
  if (!ec) acceptor_.bind(endpoint, ec);
  if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    return absl::UnavailableError(absl::StrCat("cannot listen on ", options_.bind_address, ":",
                                               options_.port, ": ", ec.message()));
  }
  port_ = acceptor_.local_endpoint().port();
  if (options_.handle_signals) {
    signals_.add(SIGINT);
    signals_.add(SIGTERM);
    signals_.async_wait([this](const boost::system::error_code& e, int) {
      if (!e) BeginShutdown();
    });
  }
  asio::co_spawn(io_, AcceptLoop(), asio::detached);
  worker_.Start();
  io_thread_ = std::thread([this] {
    if (!options_.busy_poll) {
      io_.run();
      return;
    }
    while (!io_.stopped()) io_.poll();
  });
  return absl::OkStatus();
}

awaitable<void> Server::Impl::AcceptLoop() {
  boost::system::error_code ec;
  asio::steady_timer backoff(io_);
  for (;;) {
    tcp::socket socket = co_await acceptor_.async_accept(asio::redirect_error(use_awaitable, ec));
    if (stopping_) co_return;
    if (ec) {
      // E.g. out of file descriptors: wait a little rather than spin.
      backoff.expires_after(milliseconds(10));
      co_await backoff.async_wait(asio::redirect_error(use_awaitable, ec));
      continue;
    }
    socket.set_option(tcp::no_delay(true), ec);
    if (options_.socket_send_buffer > 0) {
      socket.set_option(asio::socket_base::send_buffer_size(options_.socket_send_buffer), ec);
    }
    const uint64_t id = ++next_session_;
    auto session = std::make_shared<Session>(*this, std::move(socket), id);
    sessions_[id] = session;
    session->Start();
  }
}

bool Server::Impl::Flush() {
  if (pending_.empty()) return false;
  if (worker_.Push(pending_)) return true;
  if (flush_scheduled_) return false;
  flush_scheduled_ = true;
  flush_timer_.expires_after(std::chrono::microseconds(200));
  flush_timer_.async_wait([this](const boost::system::error_code&) {
    flush_scheduled_ = false;
    Flush();
  });
  return false;
}

bool Server::Impl::Claim(ParticipantId p, Session* s) {
  return by_participant_.emplace(p, s).second;
}

void Server::Impl::SessionEnded(Session* s) {
  // The session may be ending in the middle of a market-data fan-out over the very
  // subscriber list it is in (a slow consumer): leave the lists alone until the
  // current handler is done. Send() to a closing session does nothing meanwhile.
  std::vector<InstrumentId> followed(s->subscriptions().begin(), s->subscriptions().end());
  s->ClearSubscriptions();
  if (!followed.empty()) {
    asio::post(io_, [this, self = s->shared_from_this(), followed = std::move(followed)] {
      for (InstrumentId id : followed) {
        Unfollow(id, self.get());
        worker_.subscribers(id).fetch_sub(1);
      }
    });
  }
  if (!s->logged_on()) return;
  auto it = by_participant_.find(s->participant());
  if (it == by_participant_.end() || it->second != s) return;
  by_participant_.erase(it);
  if (s->cancel_on_disconnect()) {
    Request r;
    r.kind = Request::kSessionEnd;
    r.session = s->id();
    r.cmd = MassCancel(s->participant());
    Enqueue(r);
    Flush();
  }
}

void Server::Impl::DrainOutputs() {
  worker_.TakeOutputs(outputs_);
  for (const Output& o : outputs_.outputs) Dispatch(o);
  outputs_.clear();
}

void Server::Impl::Dispatch(const Output& o) {
  switch (o.kind) {
    case Output::kExec: {
      auto it = by_participant_.find(o.participant);
      if (it == by_participant_.end()) return;
      wire::ExecutionReport* e = exec_msg.mutable_execution();
      e->Clear();
      e->set_client_order_id(o.client_id);
      e->set_order_id(o.order_id);
      e->set_instrument_id(o.instrument);
      e->set_exec_type(static_cast<wire::ExecType>(o.exec_type));
      e->set_status(static_cast<wire::OrderStatus>(o.status));
      e->set_side(static_cast<wire::Side>(o.side));
      e->set_price(o.price);
      e->set_qty(o.qty);
      e->set_leaves_qty(o.leaves);
      e->set_cum_qty(o.cum);
      e->set_last_qty(o.last_qty);
      e->set_last_price(o.last_price);
      e->set_trade_id(o.trade_id);
      e->set_reject_reason(static_cast<wire::RejectReason>(o.reject_reason));
      e->set_cancel_reason(static_cast<wire::CancelReason>(o.cancel_reason));
      if (o.text) e->set_text(outputs_.text(o));
      e->set_request(static_cast<wire::RequestKind>(o.request));
      e->set_aggressor(o.aggressor);
      if (o.exec_type == wire::EXEC_FILL || o.exec_type == wire::EXEC_PARTIAL_FILL) {
        e->set_duty(o.duty);
        e->set_top_up(o.top_up);
        if (o.side == static_cast<uint8_t>(Side::kSell)) {
          e->set_net_proceeds(o.last_price * o.last_qty - o.duty);
        }
      }
      e->set_priority_kept(o.priority_kept);
      it->second->Send(exec_msg);
      return;
    }
    case Output::kLevel: {
      wire::LevelUpdate* l = level_msg.mutable_level();
      l->set_instrument_id(o.instrument);
      l->set_md_seq(o.md_seq);
      l->set_side(static_cast<wire::Side>(o.side));
      l->set_price(o.price);
      l->set_qty(o.qty);
      l->set_orders(o.orders);
      for (Session* s : subscribers_[o.instrument]) s->Send(level_msg);
      return;
    }
    case Output::kTrade: {
      wire::Trade* t = trade_msg.mutable_trade();
      t->set_instrument_id(o.instrument);
      t->set_md_seq(o.md_seq);
      t->set_trade_id(o.trade_id);
      t->set_price(o.price);
      t->set_qty(o.qty);
      t->set_aggressor(static_cast<wire::Side>(o.side));
      for (Session* s : subscribers_[o.instrument]) s->Send(trade_msg);
      return;
    }
    case Output::kFloor:
    case Output::kStockpile:
    case Output::kStatus: {
      wire::ServerMessage m;
      if (o.kind == Output::kFloor) {
        instruments_[o.instrument].floor = o.b;
        wire::FloorUpdate* f = m.mutable_floor();
        f->set_instrument_id(o.instrument);
        f->set_md_seq(o.md_seq);
        f->set_old_floor(o.a);
        f->set_new_floor(o.b);
        f->set_cause(static_cast<uint32_t>(o.c));
      } else if (o.kind == Output::kStockpile) {
        wire::StockpileState* s = m.mutable_stockpile();
        s->set_instrument_id(o.instrument);
        s->set_md_seq(o.md_seq);
        s->set_bid_qty(o.a);
        s->set_ask_qty(o.b);
        s->set_inventory(o.c);
        s->set_budget_left(o.d);
      } else {
        wire::InstrumentStatus* s = m.mutable_instrument_status();
        s->set_instrument_id(o.instrument);
        s->set_md_seq(o.md_seq);
        s->set_halted(o.a != 0);
      }
      for (Session* s : subscribers_[o.instrument]) s->Send(m);
      return;
    }
    case Output::kSnapshot: {
      auto it = sessions_.find(o.session);
      if (it == sessions_.end()) return;
      Session* s = it->second.get();
      if (s->closing()) return;
      if (o.subscribe) {
        if (!s->follows(o.instrument)) return;  // unsubscribed meanwhile
        Follow(o.instrument, s);
      }
      // Parts of at most kLevelsPerPart levels keep every frame under the limit.
      constexpr size_t kLevelsPerPart = 1500;
      const SnapshotData& d = *outputs_.snapshots[o.snapshot - 1];
      size_t bid = 0, ask = 0;
      do {
        wire::ServerMessage m;
        wire::BookSnapshot* b = m.mutable_snapshot();
        b->set_instrument_id(o.instrument);
        b->set_symbol(instruments_[o.instrument].symbol);
        b->set_md_seq(o.md_seq);
        b->set_floor(d.floor);
        b->set_halted(d.halted);
        b->set_last_trade_id(d.last_trade_id);
        b->set_last_trade_price(d.last_trade_price);
        size_t room = kLevelsPerPart;
        for (; bid < d.bids.size() && room > 0; ++bid, --room) {
          wire::Level* w = b->add_bids();
          w->set_price(d.bids[bid][0]);
          w->set_qty(d.bids[bid][1]);
          w->set_orders(static_cast<uint32_t>(d.bids[bid][2]));
        }
        for (; ask < d.asks.size() && room > 0; ++ask, --room) {
          wire::Level* w = b->add_asks();
          w->set_price(d.asks[ask][0]);
          w->set_qty(d.asks[ask][1]);
          w->set_orders(static_cast<uint32_t>(d.asks[ask][2]));
        }
        b->set_more(bid < d.bids.size() || ask < d.asks.size());
        s->Send(m);
      } while (bid < d.bids.size() || ask < d.asks.size());
      return;
    }
    case Output::kMassCancelAck:
    case Output::kAdminAck: {
      auto it = sessions_.find(o.session);
      if (it == sessions_.end()) return;
      wire::ServerMessage m;
      if (o.kind == Output::kMassCancelAck) {
        wire::MassCancelAck* a = m.mutable_mass_cancel_ack();
        a->set_request_id(o.request_id);
        a->set_cancelled(static_cast<uint32_t>(o.a));
        a->set_reason(static_cast<wire::RejectReason>(o.reject_reason));
      } else {
        wire::AdminAck* a = m.mutable_admin_ack();
        a->set_request_id(o.request_id);
        a->set_ok(o.a != 0);
        a->set_reason(static_cast<wire::RejectReason>(o.reject_reason));
        a->set_text(outputs_.text(o));
        if (o.stats) {
          const EngineStats& st = outputs_.stats[o.stats - 1];
          wire::Stats* s = a->mutable_stats();
          s->set_sessions(logged_on());
          s->set_commands(st.commands);
          s->set_orders_accepted(st.accepted);
          s->set_rejects(st.rejects);
          s->set_trades(st.trades);
          s->set_volume(st.volume);
          s->set_resting_orders(st.resting);
          s->set_throttled(throttled);
          s->set_disconnects_slow(slow_disconnects);
          s->set_protocol_errors(protocol_errors);
          s->set_state_hash(st.state_hash);
        }
      }
      it->second->Send(m);
      return;
    }
  }
}

void Server::Impl::BeginShutdown() {
  if (stopping_) return;
  stopping_ = true;
  boost::system::error_code ec;
  acceptor_.close(ec);
  signals_.cancel(ec);
  asio::co_spawn(io_, ShutdownLoop(), asio::detached);
}

awaitable<void> Server::Impl::ShutdownLoop() {
  std::vector<std::shared_ptr<Session>> all;
  for (auto& [id, s] : sessions_) all.push_back(s);
  for (auto& s : all) s->Close(wire::LOGOUT_SERVER_SHUTDOWN, "the server is shutting down");
  asio::steady_timer t(io_);
  boost::system::error_code ec;
  const auto deadline = Clock::now() + milliseconds(options_.close_linger_ms + 500);
  while (!sessions_.empty() && Clock::now() < deadline) {
    t.expires_after(milliseconds(2));
    co_await t.async_wait(asio::redirect_error(use_awaitable, ec));
  }
  flush_timer_.cancel();
  io_.stop();
}

void Server::Impl::Join() {
  std::call_once(join_once_, [this] {
    if (io_thread_.joinable()) io_thread_.join();
    worker_.Stop();
  });
}

// ------------------------------------------------------------------------------------
// Server

Server::Server(std::unique_ptr<Exchange> exchange, ServerOptions options)
    : impl_(std::make_unique<Impl>(std::move(exchange), std::move(options))) {}

Server::~Server() { Stop(); }

absl::Status Server::Start() { return impl_->Start(); }

uint16_t Server::port() const { return impl_->port_; }

void Server::Stop() {
  std::call_once(impl_->stop_once_,
                 [this] { asio::post(impl_->io_, [this] { impl_->BeginShutdown(); }); });
  Wait();
}

void Server::Wait() { impl_->Join(); }

}  // namespace ftz::gw
