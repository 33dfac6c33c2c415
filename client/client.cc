#include "client/client.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "client/framing.h"

namespace ftz::gw {
namespace {

using Clock = std::chrono::steady_clock;

// Server frames are at most kMaxFrameBytes; the buffer holds two of them.
constexpr size_t kInBuffer = 4 * kMaxFrameBytes;

}  // namespace

bool IsMarketData(const wire::ServerMessage& m) {
  switch (m.body_case()) {
    case wire::ServerMessage::kSnapshot:
    case wire::ServerMessage::kLevel:
    case wire::ServerMessage::kTrade:
    case wire::ServerMessage::kFloor:
    case wire::ServerMessage::kStockpile:
    case wire::ServerMessage::kInstrumentStatus:
      return true;
    default:
      return false;
  }
}

wire::NewOrder Limit(uint64_t client_order_id, const std::string& symbol, wire::Side side,
                     int64_t price, int64_t qty, wire::TimeInForce tif) {
  wire::NewOrder o;
  o.set_client_order_id(client_order_id);
  o.set_symbol(symbol);
  o.set_side(side);
  o.set_type(wire::LIMIT);
  o.set_tif(tif);
  o.set_price(price);
  o.set_qty(qty);
  return o;
}

Client::~Client() {
  Stop();
  Close();
}

void Client::Close() {
  if (fd_ >= 0) {
    ::close(fd_);
    fd_ = -1;
  }
}

absl::Status Client::Connect(const std::string& host, uint16_t port, int receive_buffer) {
  Close();
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* res = nullptr;
  const std::string service = std::to_string(port);
  if (int rc = ::getaddrinfo(host.c_str(), service.c_str(), &hints, &res); rc != 0) {
    return absl::InvalidArgumentError(absl::StrCat(host, ": ", gai_strerror(rc)));
  }
  int err = 0;
  for (addrinfo* a = res; a; a = a->ai_next) {
    int fd = ::socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
    if (fd < 0) {
      err = errno;
      continue;
    }
    if (receive_buffer > 0) {
      ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &receive_buffer, sizeof(receive_buffer));
    }
    if (::connect(fd, a->ai_addr, a->ai_addrlen) == 0) {
      int one = 1;
      ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
      fd_ = fd;
      break;
    }
    err = errno;
    ::close(fd);
  }
  ::freeaddrinfo(res);
  if (fd_ < 0) {
    return absl::UnavailableError(
        absl::StrCat("cannot connect to ", host, ":", port, ": ", std::strerror(err)));
  }
  in_.resize(kInBuffer);
  in_begin_ = in_end_ = 0;
  last_seq_ = 0;
  last_send_ = Clock::now();
  return absl::OkStatus();
}

absl::StatusOr<wire::LogonAck> Client::Logon(const std::string& participant,
                                             const std::string& token, const LogonOptions& options,
                                             Millis timeout) {
  wire::ClientMessage m;
  wire::Logon* l = m.mutable_logon();
  l->set_protocol_version(options.protocol_version);
  l->set_participant(participant);
  l->set_token(token);
  l->set_heartbeat_interval_ms(options.heartbeat_ms);
  l->set_disable_cancel_on_disconnect(!options.cancel_on_disconnect);
  if (options.last_report_seq) l->set_last_report_seq(*options.last_report_seq);
  l->set_order_status(options.order_status);
  if (absl::Status s = Send(m); !s.ok()) return s;
  wire::ServerMessage reply;
  if (absl::Status s = Receive(&reply, timeout); !s.ok()) return s;
  if (reply.has_logout()) {
    return absl::PermissionDeniedError(absl::StrCat(
        wire::LogoutReason_Name(reply.logout().reason()), ": ", reply.logout().text()));
  }
  if (!reply.has_logon_ack()) {
    return absl::InternalError("expected a LogonAck, got " + reply.ShortDebugString());
  }
  logon_ack_ = reply.logon_ack();
  heartbeat_ = Millis(logon_ack_.heartbeat_interval_ms());
  return logon_ack_;
}

absl::Status Client::WriteAll(const char* data, size_t size) {
  if (fd_ < 0) return absl::FailedPreconditionError("not connected");
  while (size > 0) {
    const ssize_t n = ::send(fd_, data, size, MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) {
        pollfd p{fd_, POLLOUT, 0};
        ::poll(&p, 1, 100);
        continue;
      }
      return absl::UnavailableError(absl::StrCat("send: ", std::strerror(errno)));
    }
    data += n;
    size -= static_cast<size_t>(n);
  }
  last_send_ = Clock::now();
  return absl::OkStatus();
}

absl::Status Client::Send(const wire::ClientMessage& m) {
  std::lock_guard lock(send_mu_);
  scratch_.clear();
  AppendFrame(m, &scratch_);
  return WriteAll(scratch_.data(), scratch_.size());
}

void Client::Queue(const wire::ClientMessage& m) {
  std::lock_guard lock(send_mu_);
  AppendFrame(m, &queued_);
}

absl::Status Client::Flush() {
  std::lock_guard lock(send_mu_);
  absl::Status s = WriteAll(queued_.data(), queued_.size());
  queued_.clear();
  return s;
}

absl::Status Client::SendRaw(const std::string& bytes) {
  std::lock_guard lock(send_mu_);
  return WriteAll(bytes.data(), bytes.size());
}

absl::Status Client::SendNewOrder(const wire::NewOrder& order) {
  wire::ClientMessage m;
  *m.mutable_new_order() = order;
  return Send(m);
}

absl::Status Client::SendCancel(uint64_t client_order_id, uint64_t order_id) {
  wire::ClientMessage m;
  m.mutable_cancel()->set_client_order_id(client_order_id);
  m.mutable_cancel()->set_order_id(order_id);
  return Send(m);
}

absl::Status Client::SendReplace(uint64_t client_order_id, int64_t price, int64_t qty,
                                 uint64_t order_id) {
  wire::ClientMessage m;
  wire::ReplaceOrder* r = m.mutable_replace();
  r->set_client_order_id(client_order_id);
  r->set_order_id(order_id);
  r->set_price(price);
  r->set_qty(qty);
  return Send(m);
}

absl::Status Client::SendMassCancel(uint64_t request_id, const std::string& symbol) {
  wire::ClientMessage m;
  m.mutable_mass_cancel()->set_request_id(request_id);
  m.mutable_mass_cancel()->set_symbol(symbol);
  return Send(m);
}

absl::Status Client::Subscribe(const std::string& symbol, bool conflate) {
  wire::ClientMessage m;
  m.mutable_subscribe()->set_symbol(symbol);
  m.mutable_subscribe()->set_conflate(conflate);
  return Send(m);
}

absl::Status Client::Unsubscribe(const std::string& symbol) {
  wire::ClientMessage m;
  m.mutable_unsubscribe()->set_symbol(symbol);
  return Send(m);
}

absl::Status Client::RequestSnapshot(const std::string& symbol) {
  wire::ClientMessage m;
  m.mutable_snapshot_request()->set_symbol(symbol);
  return Send(m);
}

absl::Status Client::SendAdmin(const wire::AdminRequest& request) {
  wire::ClientMessage m;
  *m.mutable_admin() = request;
  return Send(m);
}

absl::Status Client::Logout() {
  wire::ClientMessage m;
  m.mutable_logout()->set_reason(wire::LOGOUT_USER_REQUEST);
  return Send(m);
}

void Client::MaybeHeartbeat() {
  if (heartbeat_.count() == 0 || fd_ < 0) return;
  {
    // Sends on other threads write last_send_ (under send_mu_) while this one receives.
    std::lock_guard lock(send_mu_);
    if (Clock::now() - last_send_ < heartbeat_) return;
  }
  wire::ClientMessage m;
  m.mutable_heartbeat()->set_timestamp_ns(
      std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now().time_since_epoch())
          .count());
  (void)Send(m);
}

absl::StatusOr<bool> Client::NextBuffered(wire::ServerMessage* m) {
  size_t header = 0, body = 0;
  const FrameStatus st = PeekFrame(in_.data() + in_begin_, in_end_ - in_begin_, &header, &body);
  if (st == FrameStatus::kNeedMore) return false;
  if (st != FrameStatus::kOk) return absl::DataLossError("bad frame from the server");
  if (!m->ParseFromArray(in_.data() + in_begin_ + header, static_cast<int>(body))) {
    return absl::DataLossError("unparsable ServerMessage");
  }
  in_begin_ += header + body;
  // A Logout(SLOW_CONSUMER) may follow a gap: what was queued and unsent was dropped.
  if (m->seq() != last_seq_ + 1 && !m->has_logout()) {
    const uint64_t expected = last_seq_ + 1;
    last_seq_ = m->seq();
    return absl::DataLossError(
        absl::StrCat("sequence gap: expected ", expected, ", got ", m->seq()));
  }
  last_seq_ = m->seq();
  if (m->has_execution() && m->execution().report_seq() > last_report_seq_) {
    last_report_seq_ = m->execution().report_seq();
  }
  return true;
}

absl::Status Client::ReadSome(bool block, Millis timeout) {
  if (fd_ < 0) return absl::FailedPreconditionError("not connected");
  if (in_begin_ == in_end_) {
    in_begin_ = in_end_ = 0;
  } else if (in_end_ == in_.size()) {
    std::memmove(in_.data(), in_.data() + in_begin_, in_end_ - in_begin_);
    in_end_ -= in_begin_;
    in_begin_ = 0;
  }
  if (block) {
    pollfd p{fd_, POLLIN, 0};
    const int rc = ::poll(&p, 1, static_cast<int>(timeout.count()));
    if (rc == 0) return absl::DeadlineExceededError("no message in time");
    if (rc < 0 && errno != EINTR) return absl::InternalError(std::strerror(errno));
  }
  const ssize_t n = ::recv(fd_, in_.data() + in_end_, in_.size() - in_end_, MSG_DONTWAIT);
  if (n == 0) return absl::UnavailableError("connection closed by the server");
  if (n < 0) {
    if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) {
      return block ? absl::OkStatus() : absl::DeadlineExceededError("nothing to read");
    }
    return absl::UnavailableError(absl::StrCat("recv: ", std::strerror(errno)));
  }
  in_end_ += static_cast<size_t>(n);
  return absl::OkStatus();
}

absl::Status Client::Receive(wire::ServerMessage* m, Millis timeout) {
  const auto deadline = Clock::now() + timeout;
  for (;;) {
    absl::StatusOr<bool> got = NextBuffered(m);
    if (!got.ok()) return got.status();
    if (*got) return absl::OkStatus();
    MaybeHeartbeat();
    const auto now = Clock::now();
    if (now >= deadline) return absl::DeadlineExceededError("no message in time");
    Millis wait = std::chrono::duration_cast<Millis>(deadline - now) + Millis(1);
    if (heartbeat_.count() > 0) wait = std::min(wait, heartbeat_);
    absl::Status s = ReadSome(true, wait);
    if (!s.ok() && !absl::IsDeadlineExceeded(s)) return s;
  }
}

absl::StatusOr<wire::ServerMessage> Client::WaitFor(
    const std::function<bool(const wire::ServerMessage&)>& pred, Millis timeout,
    const std::function<void(const wire::ServerMessage&)>& others) {
  const auto deadline = Clock::now() + timeout;
  wire::ServerMessage m;
  for (;;) {
    const auto now = Clock::now();
    if (now >= deadline) return absl::DeadlineExceededError("awaited message did not come");
    absl::Status s = Receive(&m, std::chrono::duration_cast<Millis>(deadline - now));
    if (!s.ok()) return s;
    if (pred(m)) return m;
    if (others) others(m);
  }
}

void Client::Dispatch(const Handlers& h, const wire::ServerMessage& m) {
  if (m.has_execution()) {
    if (h.on_execution) h.on_execution(m.execution());
  } else if (IsMarketData(m)) {
    if (h.on_market_data) h.on_market_data(m);
  } else if (m.has_logout()) {
    if (h.on_logout) h.on_logout(m.logout());
  } else if (h.on_other) {
    h.on_other(m);
  }
}

absl::Status Client::Poll(const Handlers& h, Millis timeout) {
  const auto deadline = Clock::now() + timeout;
  wire::ServerMessage m;
  for (;;) {
    const auto now = Clock::now();
    if (now >= deadline) return absl::OkStatus();
    absl::Status s = Receive(&m, std::chrono::duration_cast<Millis>(deadline - now));
    if (absl::IsDeadlineExceeded(s)) return absl::OkStatus();
    if (!s.ok()) return s;
    Dispatch(h, m);
  }
}

void Client::Start(Handlers h) {
  stop_ = false;
  thread_ = std::thread([this, h = std::move(h)] {
    while (!stop_) {
      absl::Status s = Poll(h, Millis(20));
      if (!s.ok()) {
        if (h.on_error) h.on_error(s);
        return;
      }
    }
  });
}

void Client::Stop() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
}

absl::Status Client::ReadAvailable(const std::function<void(const wire::ServerMessage&)>& fn) {
  absl::Status s = ReadSome(false, Millis(0));
  if (!s.ok() && !absl::IsDeadlineExceeded(s)) return s;
  // Parsed on an arena: no allocation and free per message.
  if (arena_.SpaceUsed() > (size_t{1} << 20)) {
    arena_.Reset();
    arena_msg_ = nullptr;
  }
  if (!arena_msg_)
    arena_msg_ = google::protobuf::Arena::CreateMessage<wire::ServerMessage>(&arena_);
  for (;;) {
    absl::StatusOr<bool> got = NextBuffered(arena_msg_);
    if (!got.ok()) return got.status();
    if (!*got) return absl::OkStatus();
    fn(*arena_msg_);
  }
}

}  // namespace ftz::gw
