#include "gateway/engine_worker.h"

#include <algorithm>
#include <utility>

namespace ftz::gw {

EngineWorker::EngineWorker(Exchange& exchange, size_t capacity, std::function<void()> notify,
                           int spin, bool threaded, size_t resend_window)
    : exchange_(exchange),
      capacity_(capacity),
      spin_(spin),
      threaded_(threaded),
      notify_(std::move(notify)),
      builder_(exchange),
      store_(resend_window) {
  const size_t n = exchange_.instrument_count();
  subscribers_ = std::make_unique<std::atomic<uint32_t>[]>(n);
  for (size_t i = 0; i < n; ++i) subscribers_[i].store(0);
  in_.reserve(capacity_);
  produced_.reports.reserve(4096);
}

EngineWorker::~EngineWorker() { Stop(); }

void EngineWorker::Start() {
  // Track the market's opening orders like any other (their owners may log on later).
  if (!opened_) {
    if (const EventBuffer* opening = exchange_.opening_events()) builder_.Open(*opening);
    opened_ = true;
  }
  if (!threaded_) return;
  if (sequencer_ && sequencer_->fsync() == journal::FsyncMode::kBatch) {
    sequencer_->DeferBatchSync();
    group_sync_ = std::make_unique<GroupSync>([this](ReportBatch& b) { Publish(b); },
                                              [](const absl::Status& s) { Sequencer::Fatal(s); });
  }
  thread_ = std::thread([this] { Run(); });
}

void EngineWorker::Stop() {
  {
    std::lock_guard lock(in_mu_);
    stop_ = true;
  }
  in_cv_.notify_one();
  if (thread_.joinable()) thread_.join();
  group_sync_.reset();  // publishes the last batches once they are durable
  // A clean stop ends the journal with the state's checkpoint.
  if (sequencer_) {
    sequencer_->Checkpoint();
    sequencer_.reset();
  }
}

size_t EngineWorker::queued() const {
  std::lock_guard lock(in_mu_);
  return in_.size();
}

bool EngineWorker::Push(std::vector<Request>& batch) {
  if (batch.empty()) return true;
  if (!threaded_) {
    RunBatch(batch);
    return true;
  }
  bool wake = false;
  {
    std::lock_guard lock(in_mu_);
    if (in_.size() >= capacity_) return false;
    if (in_.empty()) {
      in_.swap(batch);
    } else {
      in_.insert(in_.end(), batch.begin(), batch.end());
    }
    in_size_.store(in_.size(), std::memory_order_release);
    wake = engine_waiting_;
  }
  batch.clear();
  if (wake) in_cv_.notify_one();
  return true;
}

void EngineWorker::TakeReports(ReportBatch& out) {
  std::lock_guard lock(out_mu_);
  notified_ = false;
  has_reports_.store(false, std::memory_order_relaxed);
  std::swap(out, out_);
}

void EngineWorker::Run() {
  std::vector<Request> batch;
  batch.reserve(capacity_);
  for (;;) {
    {
      std::unique_lock lock(in_mu_);
      if (in_.empty() && !stop_) {
        // Spin briefly (without the lock) before sleeping: a futex wake-up costs more
        // than a few microseconds of polling when requests come back to back.
        lock.unlock();
        for (int i = 0; i < spin_ && in_size_.load(std::memory_order_acquire) == 0; ++i) {
          __builtin_ia32_pause();
        }
        lock.lock();
        engine_waiting_ = true;
        in_cv_.wait(lock, [&] { return !in_.empty() || stop_; });
        engine_waiting_ = false;
      }
      if (in_.empty() && stop_) return;
      batch.swap(in_);
      in_size_.store(0, std::memory_order_relaxed);
    }
    RunBatch(batch);
  }
}

absl::Status EngineWorker::OpenJournal(const JournalOptions& options, uint64_t next_seq) {
  Sequencer::Hooks hooks;
  hooks.state_hash = [this] { return exchange_.StateHash(); };
  hooks.snapshot = [this](journal::Snapshot* s) { FillSnapshot(s); };
  absl::StatusOr<std::unique_ptr<Sequencer>> s = Sequencer::Open(
      options, exchange_.market_name(), exchange_.market_fingerprint(), next_seq, std::move(hooks));
  if (!s.ok()) return s.status();
  sequencer_ = *std::move(s);
  return absl::OkStatus();
}

void EngineWorker::RunBatch(std::vector<Request>& batch) {
  std::shared_ptr<const journal::FileSync> unsynced;
  if (sequencer_) {
    sequencer_->Run(
        batch, [this](const Request& r) { Process(r); },
        [this](const Request& r, const absl::Status& why) { Refuse(r, why); });
    unsynced = sequencer_->TakeUnsynced();
    sequencer_->AfterBatch();
  } else {
    for (const Request& r : batch) Process(r);
  }
  batch.clear();
  for (const Request& r : snapshot_requests_) {
    Report& a = produced_.Add(Report::kAdminAck);
    a.session = r.session;
    a.request_id = r.request_id;
    if (!sequencer_) {
      a.reason = RejectReason::kBadCommand;
      a.text = produced_.AddText("the journal is off (ftz serve --journal_dir)");
      continue;
    }
    absl::StatusOr<std::string> path = sequencer_->Snapshot();
    if (!path.ok()) {
      a.reason = RejectReason::kBadCommand;
      a.text = produced_.AddText(std::string(path.status().message()));
    } else {
      a.text = produced_.AddText(*path);
    }
  }
  snapshot_requests_.clear();
  if (produced_.empty()) return;
  if (group_sync_) {
    group_sync_->Hand(produced_, std::move(unsynced));
  } else {
    Publish(produced_);
  }
}

void EngineWorker::Publish(ReportBatch& reports) {
  bool notify = false;
  {
    std::lock_guard lock(out_mu_);
    if (out_.empty()) {
      std::swap(out_, reports);
    } else {
      out_.Append(reports);
    }
    notify = !notified_;
    notified_ = true;
    has_reports_.store(true, std::memory_order_release);
  }
  reports.clear();
  if (notify) notify_();
}

void EngineWorker::Process(const Request& r) {
  switch (r.kind) {
    case Request::kCommand:
    case Request::kAdmin:
    case Request::kSessionEnd: {
      events_.Clear();
      exchange_.Submit(r.cmd, events_);
      const size_t first = produced_.reports.size();
      builder_.OnEvents(
          r, events_,
          [this](InstrumentId id) { return subscribers_[id].load(std::memory_order_relaxed) != 0; },
          produced_);
      for (size_t i = first; i < produced_.reports.size(); ++i) {
        Report& x = produced_.reports[i];
        if (x.kind == Report::kExecution) store_.Keep(x, produced_.text(x));
      }
      return;
    }
    case Request::kLogon:
      return Logon(r);
    case Request::kLogout:
      store_.SetOnline(r.cmd.participant, false, r.aux);
      return;
    case Request::kTakeSnapshot:
      snapshot_requests_.push_back(r);
      return;
    case Request::kSubscribe:
    case Request::kSnapshot:
      return builder_.Snapshot(r, produced_);
    case Request::kStats:
      return builder_.Stats(r, produced_);
  }
}

void EngineWorker::Logon(const Request& r) {
  const ParticipantId p = r.cmd.participant;
  max_session_ = std::max(max_session_, r.session);
  // A replayed logon's session is gone: only its effect on the state matters (building
  // its resend and order status made recovery quadratic in the journal's length).
  if (!replaying_) AnswerLogon(r);
  // Delivered moves only with what a session reports it sent (its logout): this
  // session may end before its ack goes out.
  store_.SetOnline(p, true, 0);
}

void EngineWorker::AnswerLogon(const Request& r) {
  const ParticipantId p = r.cmd.participant;
  const uint64_t from = store_.ResendFrom(p, r.aux);
  const ReportStore::Participant* kept = store_.Find(p);
  const uint64_t last = kept ? kept->last_seq : 0;
  Report& ack = produced_.Add(Report::kLogonAck);
  const size_t ack_index = produced_.reports.size() - 1;
  ack.session = r.session;
  ack.participant = p;
  ack.report_seq = last;
  ack.md_seq = from;
  ack.order_price = static_cast<Price>(kept ? kept->first_kept() : 1);
  uint32_t resent = 0;
  if (kept != nullptr) {
    for (const ReportStore::Kept& k : kept->kept) {
      if (k.report.report_seq < from) continue;
      Report& x = produced_.reports.emplace_back(k.report);
      x.session = r.session;
      x.text = k.text.empty() ? 0 : produced_.AddText(k.text);
      ++resent;
    }
  }
  uint32_t open = 0;
  if (r.order_status) {
    exchange_.ForEachRestingOrder([&](const Order& o) {
      if (o.participant != p) return;
      Report& x = produced_.Add(Report::kOrderStatus);
      x.session = r.session;
      x.participant = p;
      x.instrument = o.instrument;
      x.event.kind = EventKind::kAccepted;
      x.event.instrument = o.instrument;
      x.event.accepted = AcceptedEvent{.order = {o.id, o.client_id, o.participant},
                                       .side = o.side,
                                       .type = o.type,
                                       .tif = o.tif,
                                       .price = o.price,
                                       .qty = o.leaves};
      x.cum = builder_.filled(o.id);
      x.order_price = o.price;
      ++open;
    });
  }
  Report& a = produced_.reports[ack_index];  // the vector may have grown
  a.cancelled = resent;
  a.request_id = open;
}

void EngineWorker::Refuse(const Request& r, const absl::Status& why) {
  // Only requests of a session are answered; a logon, logout or cancel-on-disconnect that
  // could not be journaled did not happen (the logon is answered below).
  if (r.kind == Request::kLogout || r.kind == Request::kSessionEnd) return;
  Report& x = produced_.Add(Report::kJournalReject);
  x.session = r.session;
  x.participant = r.cmd.participant;
  x.request_id = r.request_id;
  x.subscribe = r.kind == Request::kAdmin;
  x.taker = r.kind == Request::kLogon;
  x.event.kind = EventKind::kRejected;
  x.event.rejected.command = r.cmd.kind;
  x.event.rejected.order = {r.cmd.order_id, r.cmd.client_id, r.cmd.participant};
  x.text = produced_.AddText(std::string(why.message()));
}

}  // namespace ftz::gw
