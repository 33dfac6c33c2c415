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
//
// With a journal (OpenJournal), the batch goes through the Sequencer first: its inputs
// are journaled before they run and the batch's reports are published only once the
// journal is synced (with --fsync=batch in threaded mode, by GroupSync's thread while
// the engine runs the next batch). Recover (recovery.cc) rebuilds the engine thread's state from a
// journal directory before Start. Every execution report gets the participant's
// report_seq and is kept (ReportStore) for resend at logon.
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
#include "gateway/group_sync.h"
#include "gateway/report.h"
#include "gateway/report_builder.h"
#include "gateway/report_store.h"
#include "gateway/request.h"
#include "gateway/sequencer.h"
#include "vocabulary/event_buffer.h"

namespace ftz::gw {

// What Recover found and did.
struct RecoveryReport {
  std::string snapshot;  // the snapshot it started from ("" : from input 1)
  uint64_t snapshot_seq = 0;
  uint64_t last_seq = 0;     // the last input applied
  uint64_t replayed = 0;     // inputs replayed after the snapshot
  uint64_t checkpoints = 0;  // checkpoints whose state hash was verified
  uint64_t last_checkpoint = 0;
  uint64_t state_hash = 0;            // the engine's, at the end
  uint64_t max_session = 0;           // the largest session id the journal names
  std::string torn;                   // a torn last record that was dropped ("": none)
  std::vector<std::string> segments;  // the segment files read
  double seconds = 0;
};

struct RecoveryOptions {
  bool use_snapshot = true;  // false: replay from input 1 (ftz replay)
  bool repair = true;        // cut a torn last record off the file (ftz serve)
  // Called after each input runs (ftz replay --events).
  std::function<void(uint64_t seq, const Request&, const EventBuffer&)> on_input;
};

class EngineWorker {
 public:
  // `spin`: how many pause loops the idle engine thread polls before it sleeps.
  EngineWorker(Exchange& exchange, size_t capacity, std::function<void()> notify, int spin = 1000,
               bool threaded = true, size_t resend_window = 100'000);
  ~EngineWorker();

  // Before Start: rebuilds the state from the journal in `dir` (latest valid snapshot,
  // then the journal after it, checking every checkpoint's state hash). Errors name the
  // file, the offset and the reason; nothing is changed by a failed recovery that
  // the caller then abandons.
  absl::StatusOr<RecoveryReport> Recover(const std::string& dir, const RecoveryOptions& options);
  // Before Start: journals every input from now on (after Recover).
  absl::Status OpenJournal(const JournalOptions& options, uint64_t next_seq);
  const ReportStore& store() const { return store_; }
  uint64_t max_session() const { return max_session_; }

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
  // Hands reports to the I/O thread (any thread; empties `reports`).
  void Publish(ReportBatch& reports);
  void Process(const Request& r);
  void Logon(const Request& r);
  // The LogonAck with the resend and order status it asked for.
  void AnswerLogon(const Request& r);
  // The answer to a request the journal could not take (it did not run).
  void Refuse(const Request& r, const absl::Status& why);
  void FillSnapshot(journal::Snapshot* snap) const;
  absl::Status RestoreSnapshot(const journal::Snapshot& snap);

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
  ReportStore store_;
  std::unique_ptr<Sequencer> sequencer_;
  std::unique_ptr<GroupSync> group_sync_;  // --fsync=batch, threaded
  uint64_t max_session_ = 0;
  bool replaying_ = false;  // in Recover: nobody is listening for reports
  bool opened_ = false;     // the market's opening events are followed (Start or Recover)
  std::vector<Request> snapshot_requests_;  // admin requests waiting for the batch's end
  std::unique_ptr<std::atomic<uint32_t>[]> subscribers_;
};

}  // namespace ftz::gw
