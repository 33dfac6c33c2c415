// The engine thread: runs the Exchange behind a bounded request queue and hands the
// reports of what it ran (report_builder.h) back to the I/O thread.
//
// The I/O thread pushes Requests in batches (one lock per batch); the engine thread
// takes everything queued at once, runs it, and hands the resulting reports back in one
// batch, calling `notify` once per batch when the I/O thread has not been told yet.
//
// Inline mode (`threaded` false) has no engine thread: Push() runs the batch on the
// caller's thread and the reports are ready when it returns (`notify` is still called,
// so a pusher that does not drain at once is told like in threaded mode). It saves the
// two thread hand-overs of a round trip, at the price of engine time on the I/O thread.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "gateway/exchange.h"
#include "gateway/report.h"
#include "gateway/report_builder.h"
#include "gateway/request.h"
#include "vocabulary/event_buffer.h"

namespace ftz::gw {

class EngineWorker {
 public:
  // `spin`: how many pause loops the idle engine thread polls before it sleeps.
  EngineWorker(Exchange& exchange, size_t capacity, std::function<void()> notify, int spin = 1000,
               bool threaded = true);
  ~EngineWorker();

  void Start();
  // Runs what is queued, then stops the thread.
  void Stop();

  // Moves the whole batch into the queue, or returns false (taking nothing) when the
  // queue already holds `capacity` requests. A batch may overshoot the capacity.
  bool Push(std::vector<Request>& batch);
  // Takes every report produced so far; `out` must be empty.
  void TakeReports(ReportBatch& out);
  // Whether reports are waiting for TakeReports (any thread; a hint).
  bool has_reports() const { return has_reports_.load(std::memory_order_acquire); }

  // Subscriber counts, kept by the I/O thread: the engine skips market data of an
  // instrument nobody follows (its sequence numbers still advance).
  std::atomic<uint32_t>& subscribers(InstrumentId id) { return subscribers_[id]; }
  size_t queued() const;

 private:
  void Run();
  // Runs the batch (and empties it), then publishes what it produced.
  void RunBatch(std::vector<Request>& batch);
  void Process(const Request& r);

  Exchange& exchange_;
  const size_t capacity_;
  const int spin_;
  const bool threaded_;
  std::function<void()> notify_;

  mutable std::mutex in_mu_;
  std::condition_variable in_cv_;
  std::vector<Request> in_;
  std::atomic<size_t> in_size_{0};  // in_.size(), for spinning without the lock
  bool engine_waiting_ = false;
  bool stop_ = false;

  std::mutex out_mu_;
  ReportBatch out_;
  bool notified_ = false;
  std::atomic<bool> has_reports_{false};

  std::thread thread_;
  // Engine thread state.
  EventBuffer events_;
  ReportBatch produced_;
  ReportBuilder builder_;
  std::unique_ptr<std::atomic<uint32_t>[]> subscribers_;
};

}  // namespace ftz::gw
