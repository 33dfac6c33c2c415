#include "gateway/server.h"

#include <malloc.h>
#include <algorithm>
#include <chrono>
#include <csignal>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "gateway/asio.h"
#include "gateway/engine_worker.h"
#include "gateway/order_entry.h"
#include "gateway/session.h"
#include "gateway/wire_codec.h"
#include "google/protobuf/arena.h"
#include "journal/directory.h"
#include "proto/ftz_wire.pb.h"

namespace ftz::gw {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// Snapshot parts of at most this many levels keep every frame under the frame limit.
constexpr size_t kLevelsPerSnapshotPart = 1500;
// After a session ends, the allocator is trimmed this much later: by then the engine
// thread has cancelled its orders (cancel on disconnect) and freed what they held.
constexpr auto kTrimDelay = std::chrono::milliseconds(300);

}  // namespace

// The server: the accept loop, the registry of sessions (by id, by participant, by
// followed instrument), the fan-out of the engine's reports, and the shutdown.
class Server::Impl final : public SessionHost {
 public:
  Impl(std::unique_ptr<Exchange> exchange, ServerOptions options)
      : exchange_(std::move(exchange)),
        options_(std::move(options)),
        order_entry_(*exchange_),
        logon_guard_(*exchange_, options_.credentials, options_.demo_tokens,
                     options_.logon_backoff),
        acceptor_(io_),
        signals_(io_),
        flush_timer_(io_),
        trim_timer_(io_),
        worker_(
            *exchange_, options_.engine_queue_capacity,
            [this] { asio::post(io_, [this] { DrainReports(); }); }, options_.engine_spin,
            options_.engine_thread, options_.resend_window) {
    worker_.set_max_open_orders(options_.max_open_orders);
    const size_t n = exchange_->instrument_count();
    followers_.resize(n);
    for (InstrumentId i = 0; i < n; ++i) instruments_.push_back(exchange_->Describe(i));
  }

  absl::Status Start();
  // Recovers from the journal directory and opens the journal (when it is on).
  absl::Status OpenJournal();
  void BeginShutdown();
  void Join();

  // SessionHost.
  const ServerOptions& options() const override { return options_; }
  const Exchange& exchange() const override { return *exchange_; }
  const OrderEntry& order_entry() const override { return order_entry_; }
  const std::vector<InstrumentDesc>& instruments() const override { return instruments_; }
  GatewayCounters& counters() override { return counters_; }
  absl::StatusOr<ParticipantId> CheckLogon(const std::string& participant, const std::string& token,
                                           const std::string& address) override {
    return logon_guard_.Check(address, participant, token, Clock::now());
  }
  wire::ClientMessage& ParseBuffer() override { return *in_msg_; }
  // The parse buffer lives on an arena so that parsing does not free and allocate its
  // body each time; the arena is reset now and then.
  void RecycleParseBuffer() override {
    if (arena_.SpaceUsed() < (size_t{1} << 20)) return;
    arena_.Reset();
    in_msg_ = google::protobuf::Arena::CreateMessage<wire::ClientMessage>(&arena_);
  }
  wire::ServerMessage& ReplyBuffer() override { return reply_msg_; }
  void Enqueue(const Request& r) override { pending_.push_back(r); }
  // Pushes queued requests to the engine; schedules a retry when its queue is full.
  bool Flush() override;
  // Sends the engine's answers at once if they are there, or become so within
  // options().io_spin pause loops.
  void AwaitAnswers() override {
    for (int i = 0;; ++i) {
      if (worker_.has_reports()) return DrainReports();
      if (i >= options_.io_spin) return;
      __builtin_ia32_pause();
    }
  }
  bool Overloaded() const override { return pending_.size() >= options_.engine_queue_capacity; }
  bool Claim(ParticipantId p, Session* s) override;
  void SessionEnded(Session* s) override;
  void Finished(uint64_t id) override;
  void OutboundChanged(int64_t delta) override;
  void CountFollower(InstrumentId id, int delta) override {
    worker_.subscribers(id).fetch_add(static_cast<uint32_t>(delta));
  }
  void Unfollow(InstrumentId id, Session* s) override {
    auto& v = followers_[id];
    v.erase(std::remove(v.begin(), v.end(), s), v.end());
  }

 private:
  friend class Server;
  awaitable<void> AcceptLoop();
  awaitable<void> ShutdownLoop();
  // Disconnects the live sessions with the most queued, largest first, until the total
  // is under three quarters of max_total_outbound_bytes.
  void CutLargest();
  // Takes the engine's reports and sends each where it goes.
  void DrainReports();
  void FanOut(const Report& r);
  Session* SessionById(uint64_t id) const {
    auto it = sessions_.find(id);
    return it == sessions_.end() ? nullptr : it->second.get();
  }

  std::unique_ptr<Exchange> exchange_;
  ServerOptions options_;
  OrderEntry order_entry_;
  LogonGuard logon_guard_;
  asio::io_context io_{1};
  tcp::acceptor acceptor_;
  asio::signal_set signals_;
  asio::steady_timer flush_timer_;
  asio::steady_timer trim_timer_;
  bool trim_scheduled_ = false;
  bool flush_scheduled_ = false;
  EngineWorker worker_;
  std::thread io_thread_;
  std::once_flag stop_once_;
  std::once_flag join_once_;
  bool stopping_ = false;
  uint16_t port_ = 0;
  std::optional<RecoveryReport> recovery_;

  uint64_t next_session_ = 0;
  absl::flat_hash_map<uint64_t, std::shared_ptr<Session>> sessions_;
  absl::flat_hash_map<ParticipantId, Session*> by_participant_;
  std::vector<std::vector<Session*>> followers_;  // by instrument: market-data fan-out
  std::vector<InstrumentDesc> instruments_;       // floors kept current from FloorUpdates
  std::vector<Request> pending_;
  ReportBatch reports_;
  GatewayCounters counters_;
  size_t total_outbound_ = 0;  // bytes queued for live sessions
  bool cutting_ = false;
  // Bytes freed by queues that shrank since the allocator was last trimmed.
  google::protobuf::Arena arena_;
  wire::ClientMessage* in_msg_ =
      google::protobuf::Arena::CreateMessage<wire::ClientMessage>(&arena_);
  // Reused messages, one per hot body kind, so that steady state allocates nothing.
  wire::ServerMessage exec_msg_, level_msg_, trade_msg_, reply_msg_;
};

absl::Status Server::Impl::OpenJournal() {
  const JournalOptions& j = options_.journal;
  if (j.dir.empty()) return absl::OkStatus();
  if (absl::Status s = journal::PrepareDirectory(j.dir); !s.ok()) return s;
  absl::StatusOr<RecoveryReport> rep = worker_.Recover(j.dir, RecoveryOptions{});
  if (!rep.ok()) return rep.status();
  recovery_ = *rep;
  next_session_ = std::max(next_session_, rep->max_session);
  return worker_.OpenJournal(j, rep->last_seq + 1);
}

absl::Status Server::Impl::Start() {
  if (absl::Status s = OpenJournal(); !s.ok()) return s;
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

void Server::Impl::OutboundChanged(int64_t delta) {
  total_outbound_ += delta;
  if (total_outbound_ > options_.max_total_outbound_bytes && !cutting_) CutLargest();
}

void Server::Impl::CutLargest() {
  cutting_ = true;
  std::vector<std::pair<size_t, Session*>> live;
  for (auto& [id, s] : sessions_) {
    if (!s->closing() && s->queued() > 0) live.emplace_back(s->queued(), s.get());
  }
  std::sort(live.begin(), live.end(),
            [](const auto& a, const auto& b) { return a.first > b.first; });
  const size_t target = options_.max_total_outbound_bytes / 4 * 3;
  for (const auto& [bytes, s] : live) {
    if (total_outbound_ <= target) break;
    ++counters_.slow_disconnects;
    s->Close(wire::LOGOUT_SLOW_CONSUMER,
             absl::StrCat("the server's outbound queues hold more than max_total_outbound_bytes (",
                          options_.max_total_outbound_bytes, "); this session's ", bytes,
                          " bytes are among the largest"));
  }
  cutting_ = false;
}

void Server::Impl::Finished(uint64_t id) {
  sessions_.erase(id);
  // glibc keeps freed memory for reuse; after a session and what it held (its queue,
  // its orders) are gone, give it back so that the server's footprint returns to its
  // baseline (tests/hostile/hostile_test.cc measures it). One trim for a burst of ends.
  if (trim_scheduled_) return;
  trim_scheduled_ = true;
  trim_timer_.expires_after(kTrimDelay);
  trim_timer_.async_wait([this](const boost::system::error_code& ec) {
    trim_scheduled_ = false;
    if (!ec) malloc_trim(0);
  });
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
        CountFollower(id, -1);
      }
    });
  }
  if (!s->logged_on()) return;
  auto it = by_participant_.find(s->participant());
  if (it == by_participant_.end() || it->second != s) return;
  by_participant_.erase(it);
  // What the session was sent is final now: reports from here on wait for the next logon.
  Request out;
  out.kind = Request::kLogout;
  out.session = s->id();
  out.cmd.participant = s->participant();
  out.aux = s->last_report_sent();
  Enqueue(out);
  if (s->cancel_on_disconnect()) {
    Request r;
    r.kind = Request::kSessionEnd;
    r.session = s->id();
    r.cmd = MassCancel(s->participant());
    Enqueue(r);
  }
  Flush();
}

void Server::Impl::DrainReports() {
  worker_.TakeReports(reports_);
  for (const Report& r : reports_.reports) FanOut(r);
  reports_.clear();
}

void Server::Impl::FanOut(const Report& r) {
  switch (r.kind) {
    case Report::kExecution: {
      Session* s = nullptr;
      if (r.session != 0) {  // a resend at logon
        s = SessionById(r.session);
      } else if (auto it = by_participant_.find(r.participant); it != by_participant_.end()) {
        s = it->second;
      }
      // Not logged on, or its logon not answered yet: the next logon's resend has it.
      if (s == nullptr || !s->ack_sent()) return;
      wire::ExecutionReport* e = exec_msg_.mutable_execution();
      EncodeExecution(r, reports_.text(r), e);
      e->set_report_seq(r.report_seq);
      if (r.session != 0) e->set_possible_resend(true);
      s->NoteReportSent(r.report_seq);
      return s->Send(exec_msg_);
    }
    case Report::kResentWire: {
      Session* s = SessionById(r.session);
      if (s == nullptr || !s->ack_sent()) return;
      wire::ExecutionReport* e = exec_msg_.mutable_execution();
      if (!e->ParseFromString(reports_.text(r))) return;
      e->set_possible_resend(true);
      s->NoteReportSent(r.report_seq);
      return s->Send(exec_msg_);
    }
    case Report::kOrderStatus: {
      Session* s = SessionById(r.session);
      if (s == nullptr || !s->ack_sent()) return;
      EncodeOrderStatus(r, exec_msg_.mutable_execution());
      return s->Send(exec_msg_);
    }
    case Report::kLogonAck: {
      if (Session* s = SessionById(r.session)) s->CompleteLogon(r);
      return;
    }
    case Report::kJournalReject: {
      Session* s = SessionById(r.session);
      if (s == nullptr) return;
      if (r.taker) {  // the logon
        return s->Close(wire::LOGOUT_JOURNAL_UNAVAILABLE,
                        absl::StrCat("the logon cannot be journaled: ", reports_.text(r)));
      }
      wire::ServerMessage m;
      EncodeJournalReject(r, reports_.text(r), &m);
      return s->Send(m);
    }
    case Report::kMarketData: {
      if (r.event.kind == EventKind::kFloorChanged) {
        instruments_[r.instrument].floor = r.event.floor_changed.new_floor;
      }
      wire::ServerMessage fresh;
      wire::ServerMessage& m = r.event.kind == EventKind::kLevelChanged ? level_msg_
                               : r.event.kind == EventKind::kTrade      ? trade_msg_
                                                                        : fresh;
      EncodeMarketData(r, &m);
      for (Session* s : followers_[r.instrument]) s->SendMarketData(r.instrument, m);
      return;
    }
    case Report::kSnapshot: {
      Session* s = SessionById(r.session);
      if (s == nullptr) return;
      s->SnapshotAnswered(r.instrument);
      if (s->closing()) return;
      const SnapshotData& d = *reports_.snapshots[r.snapshot - 1];
      // Counted before it is encoded: at least kMinSnapshotLevelBytes a level.
      const uint64_t need = uint64_t{r.cancelled} * kMinSnapshotLevelBytes;
      if (r.too_large || need > s->outbound_room()) {
        ++counters_.slow_disconnects;
        return s->Close(
            wire::LOGOUT_SLOW_CONSUMER,
            absl::StrCat("the snapshot of ", instruments_[r.instrument].symbol, " (", r.cancelled,
                         " levels, at least ", need, " bytes) does not fit in max_outbound_bytes (",
                         options_.max_outbound_bytes, ") with ", s->queued(), " bytes queued"));
      }
      if (r.subscribe) {
        if (!s->follows(r.instrument)) return;  // unsubscribed meanwhile
        followers_[r.instrument].push_back(s);
      }
      EncodeSnapshot(r, d, instruments_[r.instrument].symbol, kLevelsPerSnapshotPart,
                     [&](wire::ServerMessage& part) { s->Send(part); });
      return;
    }
    case Report::kMassCancelAck:
    case Report::kAdminAck: {
      Session* s = SessionById(r.session);
      if (s == nullptr) return;
      wire::ServerMessage m;
      if (r.kind == Report::kMassCancelAck) {
        EncodeMassCancelAck(r, &m);
      } else {
        EncodeAdminAck(r, reports_.text(r), &m);
        if (r.stats) {
          wire::Stats* st = m.mutable_admin_ack()->mutable_stats();
          EncodeStats(reports_.stats[r.stats - 1], st);
          st->set_sessions(by_participant_.size());
          st->set_throttled(counters_.throttled);
          st->set_disconnects_slow(counters_.slow_disconnects);
          st->set_protocol_errors(counters_.protocol_errors);
          st->set_outbound_bytes(total_outbound_);
          st->set_logon_failures(logon_guard_.failures());
        }
      }
      return s->Send(m);
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
  trim_timer_.cancel();
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

const RecoveryReport* Server::recovery() const {
  return impl_->recovery_ ? &*impl_->recovery_ : nullptr;
}

void Server::Stop() {
  std::call_once(impl_->stop_once_,
                 [this] { asio::post(impl_->io_, [this] { impl_->BeginShutdown(); }); });
  Wait();
}

void Server::Wait() { impl_->Join(); }

}  // namespace ftz::gw
