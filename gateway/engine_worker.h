// The engine thread: runs the Exchange behind a bounded request queue and turns its
// events into per-participant execution reports and per-instrument market data.
//
// The I/O thread pushes Requests in batches (one lock per batch); the engine thread
// takes everything queued at once, runs it, and hands the resulting Outputs back in one
// batch, calling `notify` once per batch when the I/O thread has not been told yet.
//
// Inline mode (`threaded` false) has no engine thread: Push() runs the batch on the
// caller's thread and the outputs are ready when it returns (`notify` is still called,
// so a pusher that does not drain at once is told like in threaded mode). It saves the
// two thread hand-overs of a round trip, at the price of engine time on the I/O thread.
#pragma once

#include <array>
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <type_traits>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "gateway/exchange.h"
#include "vocabulary/command.h"
#include "vocabulary/event_buffer.h"

namespace ftz::gw {

struct Request {
  enum Kind : uint8_t {
    kCommand,     // an order-entry command of a session
    kSubscribe,   // snapshot for the session, which then follows the incrementals
    kSnapshot,    // snapshot only (gap recovery)
    kSessionEnd,  // cancel-on-disconnect: mass cancel of cmd.participant
    kAdmin,       // admin command (cmd.kind is kSetFloor ... kEndPeriod)
    kStats,       // engine statistics
  };
  Kind kind = kCommand;
  uint64_t session = 0;     // the asking session (snapshots, acks)
  uint64_t request_id = 0;  // admin and mass-cancel correlation
  Command cmd;
};

struct SnapshotData {
  std::vector<std::array<int64_t, 3>> bids;  // price, qty, orders; best first
  std::vector<std::array<int64_t, 3>> asks;
  Price floor = 0;
  bool halted = false;
  TradeId last_trade_id = 0;
  Price last_trade_price = 0;
};

struct EngineStats {
  uint64_t commands = 0;
  uint64_t accepted = 0;
  uint64_t rejects = 0;
  uint64_t trades = 0;
  int64_t volume = 0;
  uint64_t resting = 0;
  uint64_t state_hash = 0;
};

// One thing the I/O thread must send. Execution reports go to the session of
// `participant`; snapshots and acks to `session`; market data to the instrument's
// subscribers.
struct Output {
  enum Kind : uint8_t {
    kExec,
    kLevel,
    kTrade,
    kFloor,
    kStockpile,
    kStatus,
    kSnapshot,
    kMassCancelAck,
    kAdminAck,
  };
  Kind kind = kExec;
  bool subscribe = false;  // kSnapshot: the session now follows the instrument
  ParticipantId participant = 0;
  InstrumentId instrument = 0;
  uint64_t session = 0;
  uint64_t md_seq = 0;
  // kExec (wire enum values), kLevel, kTrade, kFloor (a old, b new, c cause),
  // kStockpile (a..d), kStatus (a halted), kMassCancelAck (a count), kAdminAck.
  uint8_t exec_type = 0;
  uint8_t status = 0;
  uint8_t side = 0;
  uint8_t reject_reason = 0;
  uint8_t cancel_reason = 0;
  uint8_t request = 0;
  bool aggressor = false;
  bool priority_kept = false;
  ClientOrderId client_id = 0;
  OrderId order_id = 0;
  uint64_t request_id = 0;
  Price price = 0;
  Qty qty = 0;
  Qty leaves = 0;
  Qty cum = 0;
  Qty last_qty = 0;
  Price last_price = 0;
  TradeId trade_id = 0;
  Money duty = 0;
  Money top_up = 0;
  int64_t a = 0, b = 0, c = 0, d = 0;
  uint32_t orders = 0;
  // Indexes (1-based; 0: none) into the batch's side tables, which keeps Output
  // trivially copyable.
  uint32_t text = 0;
  uint32_t snapshot = 0;
  uint32_t stats = 0;
};

static_assert(std::is_trivially_copyable_v<Output>);

// What the engine thread hands the I/O thread in one go.
struct OutputBatch {
  std::vector<Output> outputs;
  std::vector<std::string> texts;
  std::vector<std::unique_ptr<SnapshotData>> snapshots;
  std::vector<EngineStats> stats;

  bool empty() const { return outputs.empty(); }
  void clear() {
    outputs.clear();
    texts.clear();
    snapshots.clear();
    stats.clear();
  }
  const std::string& text(const Output& o) const {
    static const std::string kEmpty;
    return o.text ? texts[o.text - 1] : kEmpty;
  }
  uint32_t AddText(std::string t) {
    texts.push_back(std::move(t));
    return static_cast<uint32_t>(texts.size());
  }
  // Moves everything of `other` to the end of this batch.
  void Append(OutputBatch& other);
};

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
  // Takes every output produced so far (appended to `out`).
  // Takes every output produced so far; `out` must be empty.
  void TakeOutputs(OutputBatch& out);
  // Whether outputs are waiting for TakeOutputs (any thread; a hint).
  bool has_outputs() const { return has_outputs_.load(std::memory_order_acquire); }

  // Subscriber counts, kept by the I/O thread: the engine skips market data of an
  // instrument nobody follows (its sequence numbers still advance).
  std::atomic<uint32_t>& subscribers(InstrumentId id) { return subscribers_[id]; }
  size_t queued() const;

 private:
  struct OrderState {
    ClientOrderId client_id;
    Qty cum;
    Price price;
  };

  void Run();
  // Runs the batch (and empties it), then publishes what it produced.
  void RunBatch(std::vector<Request>& batch);
  void Process(const Request& r);
  void Translate(const Request& r, bool disconnect);
  Output& NewOutput(Output::Kind kind) {
    Output& o = produced_.outputs.emplace_back();
    o.kind = kind;
    return o;
  }
  Output& ExecFor(const OrderRef& ref, InstrumentId instrument, uint8_t exec_type, Side side);
  bool Publishing(InstrumentId id) { return subscribers_[id].load(std::memory_order_relaxed) != 0; }
  void Snapshot(const Request& r);

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
  OutputBatch out_;
  bool notified_ = false;
  std::atomic<bool> has_outputs_{false};

  std::thread thread_;
  // Engine thread state.
  EventBuffer events_;
  OutputBatch produced_;
  std::vector<uint64_t> md_seq_;
  std::unique_ptr<std::atomic<uint32_t>[]> subscribers_;
  std::vector<std::pair<TradeId, Price>> last_trade_;
  absl::flat_hash_map<OrderId, OrderState> orders_;
  EngineStats stats_;
};

}  // namespace ftz::gw
