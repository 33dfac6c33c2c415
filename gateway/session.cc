#include "gateway/session.h"

#include <algorithm>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "client/framing.h"
#include "gateway/wire_codec.h"

namespace ftz::gw {
namespace {

using std::chrono::milliseconds;

constexpr size_t kReadBufferBytes = 2 * kMaxFrameBytes + 2 * kMaxHeaderBytes;
// Frames of one session handled before the I/O thread turns to the other sessions.
constexpr int kFramesPerTurn = 256;
// A write buffer keeps its capacity for the next burst up to this size; a bigger one
// (a burst of reports or a deep snapshot) goes back to the allocator once written.
constexpr size_t kKeptBufferBytes = 256 * 1024;

}  // namespace

Session::Session(SessionHost& host, tcp::socket socket, uint64_t id)
    : host_(host),
      socket_(std::move(socket)),
      id_(id),
      signal_(socket_.get_executor()),
      timer_(socket_.get_executor()),
      space_timer_(socket_.get_executor()) {
  in_.resize(kReadBufferBytes);
  created_ = last_recv_ = last_send_ = Clock::now();
  boost::system::error_code ec;
  const tcp::endpoint peer = socket_.remote_endpoint(ec);
  address_ = ec ? "?" : peer.address().to_string();
}

void Session::Start() {
  auto self = shared_from_this();
  asio::co_spawn(socket_.get_executor(), self->ReadLoop(), asio::detached);
  asio::co_spawn(socket_.get_executor(), self->WriteLoop(), asio::detached);
  asio::co_spawn(socket_.get_executor(), self->TimerLoop(), asio::detached);
}

void Session::Send(wire::ServerMessage& m) {
  if (closing_) return;
  m.set_seq(++seq_);
  const size_t before = out_.size();
  AppendFrame(m, &out_);
  if (out_.size() - before > kMaxFrameBytes + kMaxHeaderBytes) {
    // Every echoed string is truncated (EchoText), so this is a server bug: the client
    // would refuse the frame and the session with it. It is dropped and counted.
    out_.resize(before);
    ++host_.counters().oversized_frames;
    return;
  }
  const size_t limit = host_.options().max_outbound_bytes;
  if (queued() > limit) {
    ++host_.counters().slow_disconnects;
    Close(wire::LOGOUT_SLOW_CONSUMER,
          absl::StrCat("more than ", limit, " bytes queued: the client does not read fast enough"));
    return;
  }
  Account();
  WakeWriter();
}

void Session::SendMarketData(InstrumentId instrument, wire::ServerMessage& m) {
  if (closing_) return;
  if (conflated_.contains(instrument) &&
      (!conflator_.empty() || queued() > host_.options().conflate_after_bytes)) {
    return conflator_.Hold(instrument, m);
  }
  Send(m);
}

void Session::ReleaseConflated() {
  if (conflator_.empty() || closing_ || queued() > host_.options().conflate_after_bytes / 2) {
    return;
  }
  conflator_.Release([this](wire::ServerMessage& m) { Send(m); });
}

void Session::Account() {
  const size_t now = closing_ ? 0 : queued();
  if (now == accounted_) return;
  const int64_t delta = static_cast<int64_t>(now) - static_cast<int64_t>(accounted_);
  accounted_ = now;
  host_.OutboundChanged(delta);
}

void Session::Close(wire::LogoutReason reason, const std::string& text) {
  if (closing_) return;
  if (reason == wire::LOGOUT_SLOW_CONSUMER) {
    std::string().swap(out_);  // it would never be read: the memory goes back now
  }
  wire::ServerMessage m;
  m.set_seq(++seq_);
  m.mutable_logout()->set_reason(reason);
  m.mutable_logout()->set_text(EchoText(text, kMaxLogoutText));
  AppendFrame(m, &out_);
  closing_ = true;
  closing_since_ = Clock::now();
  Account();
  host_.SessionEnded(this);
  WakeWriter();
}

void Session::ProtocolError(const std::string& text) {
  ++host_.counters().protocol_errors;
  Close(wire::LOGOUT_PROTOCOL_ERROR, text);
}

void Session::WakeWriter() {
  if (writer_waiting_) {
    writer_waiting_ = false;
    signal_.cancel();
  }
}

awaitable<void> Session::ReadLoop() {
  auto self = shared_from_this();
  size_t have = 0;
  boost::system::error_code ec;
  for (;;) {
    // Backpressure: while the client leaves more than read_pause_bytes of its answers
    // unread, its requests are not read either (TCP pushes back on it), so a client that
    // sends without reading cannot make the server hold more for it; TimerLoop ends a
    // session paused for as long as a heartbeat timeout.
    while (!closing_ && !closed_ && queued() > host_.options().read_pause_bytes) {
      if (!read_paused_) paused_since_ = Clock::now();
      read_paused_ = true;
      space_timer_.expires_after(milliseconds(1));
      co_await space_timer_.async_wait(asio::redirect_error(use_awaitable, ec));
    }
    read_paused_ = false;
    if (closed_) break;
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
             Clock::now() - since < milliseconds(host_.options().close_linger_ms)) {
        space_timer_.expires_after(milliseconds(1));
        co_await space_timer_.async_wait(asio::redirect_error(use_awaitable, ec));
      }
      break;
    }
    if (closing_) continue;  // drain until the peer closes or the linger ends
    have += n;
    now_ = Clock::now();
    size_t pos = 0;
    int this_turn = 0;
    while (!closing_) {
      if (++this_turn > kFramesPerTurn) {
        // Fairness: a client that writes many frames at once (a flood of requests) gets
        // no more than kFramesPerTurn handled before every other ready session has had
        // its turn; what it asked so far goes to the engine first.
        this_turn = 0;
        host_.Flush();
        co_await asio::post(socket_.get_executor(), use_awaitable);
        now_ = Clock::now();
        continue;
      }
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
      last_recv_ = now_;
    }
    if (closing_) {
      have = 0;
    } else if (pos > 0) {
      std::memmove(in_.data(), in_.data() + pos, have - pos);
      have -= pos;
    }
    host_.RecycleParseBuffer();
    const bool handed = host_.Flush();
    if (handed) host_.AwaitAnswers();
    while (host_.Overloaded() && !closed_) {
      space_timer_.expires_after(milliseconds(1));
      co_await space_timer_.async_wait(asio::redirect_error(use_awaitable, ec));
      host_.Flush();
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
    if (writing_.capacity() > kKeptBufferBytes) writing_.shrink_to_fit();
    Account();
    if (!ec) ReleaseConflated();
    if (ec) {
      // The peer is gone; the reader notices too and finishes the session.
      if (!closing_) {
        closing_ = true;
        closing_since_ = Clock::now();
        host_.SessionEnded(this);
      }
      std::string().swap(out_);
      Account();
      socket_.close(ec);
      co_return;
    }
  }
}

awaitable<void> Session::TimerLoop() {
  auto self = shared_from_this();
  boost::system::error_code ec;
  const ServerOptions& opt = host_.options();
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
    // Until the LogonAck is out (it waits for the logon's journal sync) the client has
    // no heartbeat interval to keep; the logon timeout does not apply either (it sent
    // its logon).
    if (!ack_sent_) continue;
    if (read_paused_) {  // not reading it: its silence is ours, not a heartbeat timeout
      if (now - paused_since_ >= heartbeat_ * opt.heartbeat_misses) {
        ++host_.counters().slow_disconnects;
        Close(wire::LOGOUT_SLOW_CONSUMER,
              absl::StrCat("more than ", opt.read_pause_bytes, " bytes unread for ",
                           opt.heartbeat_misses, " heartbeat intervals: the client does not read"));
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
    host_.SessionEnded(this);
  }
  closed_ = true;
  Account();
  boost::system::error_code ec;
  socket_.close(ec);
  signal_.cancel();
  timer_.cancel();
  space_timer_.cancel();
  host_.Finished(id_);
}

void Session::HandleFrame(const uint8_t* data, size_t size) {
  wire::ClientMessage& m = host_.ParseBuffer();
  if (!m.ParseFromArray(data, static_cast<int>(size))) {
    return ProtocolError("message does not parse as a ClientMessage");
  }
  if (m.body_case() == wire::ClientMessage::BODY_NOT_SET) {
    return ProtocolError("empty ClientMessage (no body set)");
  }
  if (!logged_on_) {
    if (m.body_case() == wire::ClientMessage::kLogon) return HandleLogon(m.logon());
    return Close(wire::LOGOUT_NOT_LOGGED_ON, "the first message must be a Logon");
  }
  switch (m.body_case()) {
    case wire::ClientMessage::kLogon:
      return ProtocolError("already logged on");
    case wire::ClientMessage::kHeartbeat:
    case wire::ClientMessage::BODY_NOT_SET:
      return;
    case wire::ClientMessage::kLogout:
      return Close(wire::LOGOUT_USER_REQUEST, "logout requested");
    case wire::ClientMessage::kSubscribe:
    case wire::ClientMessage::kSnapshotRequest:
    case wire::ClientMessage::kUnsubscribe:
      return HandleMarketData(m);
    case wire::ClientMessage::kNewOrder:
    case wire::ClientMessage::kCancel:
    case wire::ClientMessage::kReplace:
    case wire::ClientMessage::kMassCancel:
    case wire::ClientMessage::kAdmin: {
      wire::ServerMessage& reply = host_.ReplyBuffer();
      if (IsOrderEntry(m) && !Admit()) {
        AnswerThrottled(m, host_.options().order_rate_per_sec, host_.options().order_burst, &reply);
        return Send(reply);
      }
      Request request;
      const EntrySession who{.id = id_, .participant = participant_, .is_admin = is_admin_};
      if (host_.order_entry().Translate(m, who, client_ids_, &request, &reply)) {
        return host_.Enqueue(request);
      }
      return Send(reply);
    }
  }
}

void Session::HandleMarketData(const wire::ClientMessage& m) {
  const ServerOptions& opt = host_.options();
  const std::string& symbol = m.has_subscribe()          ? m.subscribe().symbol()
                              : m.has_snapshot_request() ? m.snapshot_request().symbol()
                                                         : m.unsubscribe().symbol();
  if (!md_bucket_.Take(now_)) {
    ++host_.counters().throttled;
    wire::ServerMessage reject;
    EncodeSubscribeReject(symbol, wire::THROTTLED,
                          absl::StrCat("market-data requests throttled: md_rate_per_sec ",
                                       opt.md_rate_per_sec, ", md_burst ", opt.md_burst),
                          &reject);
    return Send(reject);
  }
  auto inst = host_.exchange().FindInstrument(symbol);
  if (!inst) {
    wire::ServerMessage reject;
    EncodeSubscribeReject(symbol, wire::UNKNOWN_INSTRUMENT,
                          absl::StrCat("unknown symbol ", EchoText(symbol)), &reject);
    return Send(reject);
  }
  if (m.has_unsubscribe()) {
    if (subscribed_.erase(*inst)) {
      host_.Unfollow(*inst, this);
      host_.CountFollower(*inst, -1);
    }
    conflated_.erase(*inst);
    conflator_.Forget(*inst);
    return;
  }
  if (m.has_subscribe()) {
    if (m.subscribe().conflate()) {
      conflated_.insert(*inst);
    } else if (conflated_.erase(*inst)) {
      conflator_.Forget(*inst);  // the snapshot this request brings replaces them
    }
  }
  Request r;
  r.session = id_;
  r.cmd.instrument = *inst;
  r.kind = Request::kSnapshot;
  if (m.has_subscribe() && subscribed_.insert(*inst).second) {
    r.kind = Request::kSubscribe;
    host_.CountFollower(*inst, +1);
  } else if (snapshot_pending_.contains(*inst)) {
    return;  // the snapshot on its way answers this request too
  }
  // The engine builds the snapshot only if it fits in what the session may still queue.
  r.aux = outbound_room();
  snapshot_pending_.insert(*inst);
  host_.Enqueue(r);
}

void Session::HandleLogon(const wire::Logon& logon) {
  const ServerOptions& opt = host_.options();
  if (logon.protocol_version() != wire::PROTOCOL_VERSION_CURRENT &&
      logon.protocol_version() != wire::PROTOCOL_VERSION_1) {
    return Close(wire::LOGOUT_UNSUPPORTED_VERSION,
                 absl::StrCat("protocol version ", logon.protocol_version(), " unsupported; use ",
                              static_cast<int>(wire::PROTOCOL_VERSION_CURRENT)));
  }
  absl::StatusOr<ParticipantId> who =
      host_.CheckLogon(logon.participant(), logon.token(), address_);
  if (!who.ok()) {
    return Close(absl::IsResourceExhausted(who.status()) ? wire::LOGOUT_LOGON_THROTTLED
                                                         : wire::LOGOUT_BAD_CREDENTIALS,
                 std::string(who.status().message()));
  }
  if (!host_.Claim(*who, this)) {
    return Close(wire::LOGOUT_ALREADY_LOGGED_ON,
                 absl::StrCat(EchoText(logon.participant()), " already has a session"));
  }
  participant_ = *who;
  logged_on_ = true;
  is_admin_ = host_.exchange().IsAdmin(participant_);
  cancel_on_disconnect_ = !logon.disable_cancel_on_disconnect();
  uint32_t hb = logon.heartbeat_interval_ms() ? logon.heartbeat_interval_ms() : opt.heartbeat_ms;
  hb = std::clamp(hb, opt.min_heartbeat_ms, opt.max_heartbeat_ms);
  heartbeat_ = milliseconds(hb);
  const Clock::time_point now = Clock::now();
  order_bucket_.Reset(opt.order_rate_per_sec, opt.order_burst, now);
  md_bucket_.Reset(opt.md_rate_per_sec, opt.md_burst, now);
  timer_.cancel();  // re-arm with the heartbeat tick

  wire::LogonAck* ack = logon_ack_.mutable_logon_ack();
  ack->set_protocol_version(logon.protocol_version());
  ack->set_participant_id(participant_);
  ack->set_session_id(id_);
  ack->set_heartbeat_interval_ms(hb);
  ack->set_order_rate_per_sec(opt.order_rate_per_sec);
  ack->set_order_burst(opt.order_burst);
  ack->set_max_frame_bytes(kMaxFrameBytes);
  ack->set_max_outbound_bytes(opt.max_outbound_bytes);
  ack->set_md_rate_per_sec(opt.md_rate_per_sec);
  ack->set_md_burst(opt.md_burst);
  ack->set_cancel_on_disconnect(cancel_on_disconnect_);
  ack->set_is_admin(is_admin_);
  const auto& instruments = host_.instruments();
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
  // The ack goes out when the engine thread has taken the logon in turn with everything
  // else (CompleteLogon): what it resends is then exactly what this session missed.
  Request r;
  r.kind = Request::kLogon;
  r.session = id_;
  r.cmd.participant = participant_;
  r.aux = logon.has_last_report_seq() ? logon.last_report_seq() + 1 : 0;
  r.order_status = logon.order_status();
  host_.Enqueue(r);
}

void Session::CompleteLogon(const Report& r) {
  if (ack_sent_ || closing_) return;
  wire::LogonAck* ack = logon_ack_.mutable_logon_ack();
  ack->set_last_report_seq(r.report_seq);
  ack->set_resend_from(r.md_seq);
  ack->set_resent(r.cancelled);
  ack->set_open_orders(static_cast<uint32_t>(r.request_id));
  ack->set_first_kept_seq(static_cast<uint64_t>(r.order_price));
  ack_sent_ = true;
  last_recv_ = Clock::now();  // the client's heartbeat interval starts now
  Send(logon_ack_);
  logon_ack_.Clear();
}

bool Session::Admit() {
  if (order_bucket_.Take(now_)) return true;
  ++host_.counters().throttled;
  return false;
}

}  // namespace ftz::gw
