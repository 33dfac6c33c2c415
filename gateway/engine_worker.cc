#include "gateway/engine_worker.h"

#include <utility>

#include "proto/ftz_wire.pb.h"

namespace ftz::gw {

EngineWorker::EngineWorker(Exchange& exchange, size_t capacity, std::function<void()> notify,
                           int spin, bool threaded)
    : exchange_(exchange),
      capacity_(capacity),
      spin_(spin),
      threaded_(threaded),
      notify_(std::move(notify)) {
  const size_t n = exchange_.instrument_count();
  md_seq_.assign(n, 0);
  last_trade_.assign(n, {0, 0});
  subscribers_ = std::make_unique<std::atomic<uint32_t>[]>(n);
  for (size_t i = 0; i < n; ++i) subscribers_[i].store(0);
  in_.reserve(capacity_);
  produced_.outputs.reserve(4096);
}

EngineWorker::~EngineWorker() { Stop(); }

void EngineWorker::Start() {
  if (const EventBuffer* opening = exchange_.opening_events(); opening && !opening->empty()) {
    // Track the market's opening orders like any other (their owners may log on later).
    events_ = *opening;
    Request r;
    r.kind = Request::kSessionEnd;  // answered by nobody: no ack, no reject routing
    Translate(r, false);
    produced_.clear();  // nobody is logged on or subscribed yet
  }
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

void OutputBatch::Append(OutputBatch& other) {
  const auto texts_base = static_cast<uint32_t>(texts.size());
  const auto snaps_base = static_cast<uint32_t>(snapshots.size());
  const auto stats_base = static_cast<uint32_t>(stats.size());
  for (const Output& o : other.outputs) {
    Output& c = outputs.emplace_back(o);
    if (c.text) c.text += texts_base;
    if (c.snapshot) c.snapshot += snaps_base;
    if (c.stats) c.stats += stats_base;
  }
  for (auto& t : other.texts) texts.push_back(std::move(t));
  for (auto& p : other.snapshots) snapshots.push_back(std::move(p));
  for (auto& st : other.stats) stats.push_back(st);
  other.clear();
}

void EngineWorker::TakeOutputs(OutputBatch& out) {
  std::lock_guard lock(out_mu_);
  notified_ = false;
  has_outputs_.store(false, std::memory_order_relaxed);
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
    has_outputs_.store(true, std::memory_order_release);
  }
  produced_.clear();
  if (notify) notify_();
}

void EngineWorker::Process(const Request& r) {
  switch (r.kind) {
    case Request::kCommand:
    case Request::kAdmin:
    case Request::kSessionEnd: {
      events_.Clear();
      exchange_.Submit(r.cmd, events_);
      ++stats_.commands;
      Translate(r, r.kind == Request::kSessionEnd);
      return;
    }
    case Request::kSubscribe:
    case Request::kSnapshot:
      Snapshot(r);
      return;
    case Request::kStats: {
      EngineStats st = stats_;
      st.resting = exchange_.resting_orders();
      st.state_hash = exchange_.StateHash();
      produced_.stats.push_back(st);
      Output& o = NewOutput(Output::kAdminAck);
      o.session = r.session;
      o.request_id = r.request_id;
      o.a = 1;  // ok
      o.stats = static_cast<uint32_t>(produced_.stats.size());
      return;
    }
  }
}

void EngineWorker::Snapshot(const Request& r) {
  const InstrumentId id = r.cmd.instrument;
  Output& o = NewOutput(Output::kSnapshot);
  o.subscribe = r.kind == Request::kSubscribe;
  o.session = r.session;
  o.instrument = id;
  o.md_seq = md_seq_[id];
  auto snap = std::make_unique<SnapshotData>();
  exchange_.ForEachLevel(id, Side::kBuy, [&](Price p, Qty q, uint32_t n) {
    snap->bids.push_back({p, q, n});
  });
  exchange_.ForEachLevel(id, Side::kSell, [&](Price p, Qty q, uint32_t n) {
    snap->asks.push_back({p, q, n});
  });
  snap->floor = exchange_.Describe(id).floor;
  snap->halted = exchange_.halted(id);
  snap->last_trade_id = last_trade_[id].first;
  snap->last_trade_price = last_trade_[id].second;
  produced_.snapshots.push_back(std::move(snap));
  o.snapshot = static_cast<uint32_t>(produced_.snapshots.size());
}

Output& EngineWorker::ExecFor(const OrderRef& ref, InstrumentId instrument, uint8_t exec_type,
                              Side side) {
  Output& o = NewOutput(Output::kExec);
  o.participant = ref.participant;
  o.instrument = instrument;
  o.client_id = ref.client_id;
  o.order_id = ref.order_id;
  o.exec_type = exec_type;
  o.side = static_cast<uint8_t>(side);
  return o;
}

namespace {

uint8_t StatusFor(Qty cum, Qty leaves) {
  if (leaves == 0 && cum > 0) return wire::STATUS_FILLED;
  return cum > 0 ? wire::STATUS_PARTIALLY_FILLED : wire::STATUS_NEW;
}

uint8_t RequestFor(CommandKind k) {
  switch (k) {
    case CommandKind::kCancel:
      return wire::REQUEST_CANCEL;
    case CommandKind::kReplace:
      return wire::REQUEST_REPLACE;
    case CommandKind::kMassCancel:
      return wire::REQUEST_MASS_CANCEL;
    default:
      return wire::REQUEST_NEW_ORDER;
  }
}

}  // namespace

void EngineWorker::Translate(const Request& r, bool disconnect) {
  const bool admin = r.kind == Request::kAdmin;
  uint32_t cancelled = 0;
  uint8_t rejected = 0;
  std::string reject_text;
  bool status_event = false;
  for (const Event& e : events_) {
    const InstrumentId inst = e.instrument;
    switch (e.kind) {
      case EventKind::kAccepted: {
        const AcceptedEvent& a = e.accepted;
        ++stats_.accepted;
        orders_[a.order.order_id] = OrderState{a.order.client_id, 0, a.price};
        Output& o = ExecFor(a.order, inst, wire::EXEC_NEW, a.side);
        o.status = wire::STATUS_NEW;
        o.price = a.price;
        o.qty = a.qty;
        o.leaves = a.qty;
        break;
      }
      case EventKind::kRejected: {
        const RejectedEvent& j = e.rejected;
        ++stats_.rejects;
        rejected = static_cast<uint8_t>(j.reason);
        reject_text = exchange_.DescribeReject(e);
        if (admin || j.command == CommandKind::kMassCancel) break;  // answered by an ack
        Output& o = ExecFor(j.order, inst, wire::EXEC_REJECTED, j.side);
        o.status = wire::STATUS_REJECTED;
        o.reject_reason = rejected;
        o.request = RequestFor(j.command);
        o.price = j.price;
        o.qty = j.qty;
        o.text = produced_.AddText(reject_text);
        if (j.command != CommandKind::kNewOrder) {
          // The order itself lives on: report its state.
          o.status = wire::STATUS_NEW;
          auto it = orders_.find(j.order.order_id);
          if (it != orders_.end()) o.cum = it->second.cum;
        }
        break;
      }
      case EventKind::kTrade: {
        const TradeEvent& t = e.trade;
        ++stats_.trades;
        stats_.volume += t.qty;
        last_trade_[inst] = {t.trade_id, t.price};
        const Side maker_side = Opposite(t.aggressor);
        for (int k = 0; k < 2; ++k) {
          const bool taker = k == 1;
          const OrderRef& ref = taker ? t.taker : t.maker;
          const Qty leaves = taker ? t.taker_leaves : t.maker_leaves;
          const Side side = taker ? t.aggressor : maker_side;
          Qty cum = t.qty;
          Price price = t.price;
          auto it = orders_.find(ref.order_id);
          if (it != orders_.end()) {
            cum = (it->second.cum += t.qty);
            price = it->second.price;
            if (leaves == 0) orders_.erase(it);
          }
          Output& o =
              ExecFor(ref, inst, leaves == 0 ? wire::EXEC_FILL : wire::EXEC_PARTIAL_FILL, side);
          o.status = StatusFor(cum, leaves);
          o.price = price;
          o.qty = cum + leaves;
          o.leaves = leaves;
          o.cum = cum;
          o.last_qty = t.qty;
          o.last_price = t.price;
          o.trade_id = t.trade_id;
          o.aggressor = taker;
          if (side == Side::kSell) {
            o.duty = t.duty;
            o.top_up = t.top_up;
          }
        }
        if (Publishing(inst)) {
          Output& m = NewOutput(Output::kTrade);
          m.instrument = inst;
          m.md_seq = ++md_seq_[inst];
          m.trade_id = t.trade_id;
          m.price = t.price;
          m.qty = t.qty;
          m.side = static_cast<uint8_t>(t.aggressor);
        } else {
          ++md_seq_[inst];
        }
        break;
      }
      case EventKind::kCancelled:
      case EventKind::kExpired: {
        const CancelledEvent& c = e.cancelled;
        ++cancelled;
        Qty cum = 0;
        auto it = orders_.find(c.order.order_id);
        if (it != orders_.end()) {
          cum = it->second.cum;
          orders_.erase(it);
        }
        const bool expired = e.kind == EventKind::kExpired;
        Output& o =
            ExecFor(c.order, inst, expired ? wire::EXEC_EXPIRED : wire::EXEC_CANCELLED, c.side);
        o.status = expired ? wire::STATUS_EXPIRED : wire::STATUS_CANCELLED;
        CancelReason reason = c.reason;
        if (disconnect && reason == CancelReason::kMassCancel) reason = CancelReason::kDisconnect;
        o.cancel_reason = static_cast<uint8_t>(reason);
        o.price = c.price;
        o.cum = cum;
        o.qty = cum + c.leaves;
        o.leaves = 0;
        break;
      }
      case EventKind::kReplaced: {
        const ReplacedEvent& p = e.replaced;
        Qty cum = 0;
        auto it = orders_.find(p.order.order_id);
        if (it != orders_.end()) {
          cum = it->second.cum;
          it->second.price = p.new_price;
        }
        Output& o = ExecFor(p.order, inst, wire::EXEC_REPLACED, p.side);
        o.status = StatusFor(cum, p.new_leaves);
        o.price = p.new_price;
        o.leaves = p.new_leaves;
        o.cum = cum;
        o.qty = cum + p.new_leaves;
        o.priority_kept = p.priority_kept;
        break;
      }
      case EventKind::kLevelChanged: {
        if (!Publishing(inst)) {
          ++md_seq_[inst];
          break;
        }
        const LevelChangedEvent& l = e.level;
        Output& m = NewOutput(Output::kLevel);
        m.instrument = inst;
        m.md_seq = ++md_seq_[inst];
        m.side = static_cast<uint8_t>(l.side);
        m.price = l.price;
        m.qty = l.qty;
        m.orders = l.orders;
        break;
      }
      case EventKind::kFloorChanged:
      case EventKind::kStockpileState:
      case EventKind::kStatusChanged: {
        ++md_seq_[inst];
        if (e.kind == EventKind::kStatusChanged) status_event = true;
        // Floor changes always go out: the I/O thread keeps the floors for logon acks.
        if (e.kind != EventKind::kFloorChanged && !Publishing(inst)) break;
        Output::Kind kind = Output::kStatus;
        if (e.kind == EventKind::kFloorChanged) kind = Output::kFloor;
        if (e.kind == EventKind::kStockpileState) kind = Output::kStockpile;
        Output& m = NewOutput(kind);
        m.instrument = inst;
        m.md_seq = md_seq_[inst];
        if (e.kind == EventKind::kFloorChanged) {
          m.a = e.floor_changed.old_floor;
          m.b = e.floor_changed.new_floor;
          m.c = static_cast<int64_t>(e.floor_changed.cause);
        } else if (e.kind == EventKind::kStockpileState) {
          m.a = e.stockpile_state.bid_qty;
          m.b = e.stockpile_state.ask_qty;
          m.c = e.stockpile_state.inventory;
          m.d = e.stockpile_state.budget_left;
        } else {
          m.a = e.status.halted ? 1 : 0;
        }
        break;
      }
      default:
        break;  // ledger entries: carried by the fills' duty and top-up
    }
  }
  if (admin) {
    const CommandKind k = r.cmd.kind;
    if (!rejected && !status_event && (k == CommandKind::kHalt || k == CommandKind::kResume)) {
      ++md_seq_[r.cmd.instrument];
      if (Publishing(r.cmd.instrument)) {
        Output& m = NewOutput(Output::kStatus);
        m.instrument = r.cmd.instrument;
        m.md_seq = md_seq_[r.cmd.instrument];
        m.a = k == CommandKind::kHalt ? 1 : 0;
      }
    }
    Output& o = NewOutput(Output::kAdminAck);
    o.session = r.session;
    o.request_id = r.request_id;
    o.a = rejected ? 0 : 1;
    o.reject_reason = rejected;
    if (!reject_text.empty()) o.text = produced_.AddText(std::move(reject_text));
  } else if (r.kind == Request::kCommand && r.cmd.kind == CommandKind::kMassCancel) {
    Output& o = NewOutput(Output::kMassCancelAck);
    o.session = r.session;
    o.request_id = r.request_id;
    o.a = cancelled;
    o.reject_reason = rejected;
  }
}

}  // namespace ftz::gw
