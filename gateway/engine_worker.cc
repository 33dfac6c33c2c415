#include "gateway/engine_worker.h"

#include <utility>

namespace ftz::gw {

EngineWorker::EngineWorker(Exchange& exchange, size_t capacity, std::function<void()> notify,
                           int spin, bool threaded)
    : exchange_(exchange),
      capacity_(capacity),
      spin_(spin),
      threaded_(threaded),
      notify_(std::move(notify)),
      builder_(exchange) {
  const size_t n = exchange_.instrument_count();
  subscribers_ = std::make_unique<std::atomic<uint32_t>[]>(n);
  for (size_t i = 0; i < n; ++i) subscribers_[i].store(0);
  in_.reserve(capacity_);
  produced_.reports.reserve(4096);
}

EngineWorker::~EngineWorker() { Stop(); }

void EngineWorker::Start() {
  // Track the market's opening orders like any other (their owners may log on later).
  if (const EventBuffer* opening = exchange_.opening_events()) builder_.Open(*opening);
  if (threaded_) thread_ = std::thread([this] { Run(); });
}

void EngineWorker::Stop() {
  {
    std::lock_guard lock(in_mu_);
    stop_ = true;
  }
  in_cv_.notify_one();
  if (thread_.joinable()) thread_.join();
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

void EngineWorker::RunBatch(std::vector<Request>& batch) {
  for (const Request& r : batch) Process(r);
  batch.clear();
  if (produced_.empty()) return;
  bool notify = false;
  {
    std::lock_guard lock(out_mu_);
    if (out_.empty()) {
      std::swap(out_, produced_);
    } else {
      out_.Append(produced_);
    }
    notify = !notified_;
    notified_ = true;
    has_reports_.store(true, std::memory_order_release);
  }
  produced_.clear();
  if (notify) notify_();
}

void EngineWorker::Process(const Request& r) {
  switch (r.kind) {
    case Request::kCommand:
    case Request::kAdmin:
    case Request::kSessionEnd:
      events_.Clear();
      exchange_.Submit(r.cmd, events_);
      builder_.OnEvents(
          r, events_,
          [this](InstrumentId id) { return subscribers_[id].load(std::memory_order_relaxed) != 0; },
          produced_);
      return;
    case Request::kSubscribe:
    case Request::kSnapshot:
      return builder_.Snapshot(r, produced_);
    case Request::kStats:
      return builder_.Stats(r, produced_);
  }
}

}  // namespace ftz::gw
