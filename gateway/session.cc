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
  AppendFrame(m, &out_);
  const size_t limit = host_.options().max_outbound_bytes;
  if (out_.size() + writing_.size() > limit) {
    ++host_.counters().slow_disconnects;
    Close(wire::LOGOUT_SLOW_CONSUMER,
          absl::StrCat("more than ", limit, " bytes queued: the client does not read fast enough"));
    return;
  }
  WakeWriter();
}

void Session::Close(wire::LogoutReason reason, const std::string& text) {
  if (closing_) return;
  if (reason == wire::LOGOUT_SLOW_CONSUMER) out_.clear();  // it would never be read
  wire::ServerMessage m;
  m.set_seq(++seq_);
  m.mutable_logout()->set_reason(reason);
  m.mutable_logout()->set_text(text);
  AppendFrame(m, &out_);
  closing_ = true;
  closing_since_ = Clock::now();
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
    if (ec) {
      // The peer is gone; the reader notices too and finishes the session.
      if (!closing_) {
        closing_ = true;
        closing_since_ = Clock::now();
        host_.SessionEnded(this);
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
        AnswerThrottled(m, &reply);
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
  const std::string& symbol = m.has_subscribe()          ? m.subscribe().symbol()
                              : m.has_snapshot_request() ? m.snapshot_request().symbol()
                                                         : m.unsubscribe().symbol();
  auto inst = host_.exchange().FindInstrument(symbol);
  if (!inst) {
    wire::ServerMessage reject;
    EncodeSubscribeReject(symbol, wire::UNKNOWN_INSTRUMENT, absl::StrCat("unknown symbol ", symbol),
                          &reject);
    return Send(reject);
  }
  if (m.has_unsubscribe()) {
    if (subscribed_.erase(*inst)) {
      host_.Unfollow(*inst, this);
      host_.CountFollower(*inst, -1);
    }
    return;
  }
  Request r;
  r.session = id_;
  r.cmd.instrument = *inst;
  r.kind = Request::kSnapshot;
  if (m.has_subscribe() && subscribed_.insert(*inst).second) {
    r.kind = Request::kSubscribe;
    host_.CountFollower(*inst, +1);
  }
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
  auto who = host_.exchange().Authenticate(logon.participant(), logon.token());
  if (!who.ok()) {
    return Close(wire::LOGOUT_BAD_CREDENTIALS, "unknown participant or wrong token");
  }
  if (!host_.Claim(*who, this)) {
    return Close(wire::LOGOUT_ALREADY_LOGGED_ON,
                 absl::StrCat(logon.participant(), " already has a session"));
  }
  participant_ = *who;
  logged_on_ = true;
  is_admin_ = host_.exchange().IsAdmin(participant_);
  cancel_on_disconnect_ = !logon.disable_cancel_on_disconnect();
  uint32_t hb = logon.heartbeat_interval_ms() ? logon.heartbeat_interval_ms() : opt.heartbeat_ms;
  hb = std::clamp(hb, opt.min_heartbeat_ms, opt.max_heartbeat_ms);
  heartbeat_ = milliseconds(hb);
  tokens_ = opt.order_burst;
  refilled_ = Clock::now();
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
  const ServerOptions& opt = host_.options();
  const double elapsed = std::chrono::duration<double>(now_ - refilled_).count();
  if (elapsed > 0) {
    tokens_ = std::min<double>(opt.order_burst, tokens_ + elapsed * opt.order_rate_per_sec);
    refilled_ = now_;
  }
  if (tokens_ >= 1) {
    tokens_ -= 1;
    return true;
  }
  ++host_.counters().throttled;
  return false;
}

}  // namespace ftz::gw
