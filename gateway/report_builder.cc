#include "gateway/report_builder.h"

#include <algorithm>

#include "absl/strings/str_format.h"

namespace ftz::gw {

ReportBuilder::ReportBuilder(const Exchange& exchange)
    : exchange_(exchange),
      md_seq_(exchange.instrument_count(), 0),
      last_trade_(exchange.instrument_count(), {0, 0}) {}

void ReportBuilder::Open(const EventBuffer& opening) {
  ReportBatch nobody;
  Request r;
  r.kind = Request::kSessionEnd;  // answered by nobody: no ack
  Build(
      r, opening, false, [](InstrumentId) { return false; }, nobody);
}

void ReportBuilder::AddOrder(OrderId id, Price price, ParticipantId p) {
  orders_[id] = OrderState{0, price, p};
  if (p >= open_.size()) open_.resize(p + 1, 0);
  ++open_[p];
}

void ReportBuilder::EraseOrder(absl::flat_hash_map<OrderId, OrderState>::iterator it) {
  --open_[it->second.participant];
  orders_.erase(it);
}

Report& ReportBuilder::RejectOverOpenLimit(const Request& r, uint32_t limit, ReportBatch& out) {
  ++stats_.commands;
  ++stats_.rejects;
  Event e{};
  e.kind = EventKind::kRejected;
  e.instrument = r.cmd.instrument;
  RejectedEvent& j = e.rejected;
  j.order = {0, r.cmd.client_id, r.cmd.participant};
  j.command = CommandKind::kNewOrder;
  j.reason = RejectReason::kRiskLimit;
  j.side = r.cmd.side;
  j.price = r.cmd.price;
  j.qty = r.cmd.qty;
  j.limit = limit;
  Report& x = Execution(e, r.cmd.participant, out);
  x.text = out.AddText(absl::StrFormat(
      "the server's limit of live orders per participant is reached (max_open_orders %d); "
      "cancel some first",
      limit));
  return x;
}

void ReportBuilder::OnEvents(const Request& r, const EventBuffer& events, Publishing publishing,
                             ReportBatch& out) {
  ++stats_.commands;
  Build(r, events, r.kind == Request::kSessionEnd, publishing, out);
}

Report& ReportBuilder::Execution(const Event& e, ParticipantId participant,
                                 ReportBatch& out) const {
  Report& x = out.Add(Report::kExecution);
  x.participant = participant;
  x.instrument = e.instrument;
  x.event = e;
  return x;
}

Report* ReportBuilder::MarketData(const Event& e, Publishing publishing, ReportBatch& out) {
  const uint64_t seq = ++md_seq_[e.instrument];
  // Floor changes always go out: the I/O thread keeps the floors for logon acks.
  if (e.kind != EventKind::kFloorChanged && !publishing(e.instrument)) return nullptr;
  Report& m = out.Add(Report::kMarketData);
  m.instrument = e.instrument;
  m.event = e;
  m.md_seq = seq;
  return &m;
}

void ReportBuilder::Build(const Request& r, const EventBuffer& events, bool disconnect,
                          Publishing publishing, ReportBatch& out) {
  const bool admin = r.kind == Request::kAdmin;
  uint32_t cancelled = 0;
  RejectReason rejected = RejectReason::kNone;
  std::string reject_text;
  for (const Event& e : events) {
    switch (e.kind) {
      case EventKind::kAccepted: {
        const AcceptedEvent& a = e.accepted;
        ++stats_.accepted;
        AddOrder(a.order.order_id, a.price, a.order.participant);
        Report& x = Execution(e, a.order.participant, out);
        x.order_price = a.price;
        break;
      }
      case EventKind::kRejected: {
        const RejectedEvent& j = e.rejected;
        ++stats_.rejects;
        rejected = j.reason;
        reject_text = exchange_.DescribeReject(e);
        if (admin || j.command == CommandKind::kMassCancel) break;  // answered by an ack
        Report& x = Execution(e, j.order.participant, out);
        x.text = out.AddText(reject_text);
        if (j.command != CommandKind::kNewOrder) {
          // The order itself lives on: its state goes with the reject.
          auto it = orders_.find(j.order.order_id);
          if (it != orders_.end()) x.cum = it->second.cum;
        }
        break;
      }
      case EventKind::kTrade: {
        const TradeEvent& t = e.trade;
        ++stats_.trades;
        stats_.volume += t.qty;
        last_trade_[e.instrument] = {t.trade_id, t.price};
        for (const bool taker : {false, true}) {
          const OrderRef& ref = taker ? t.taker : t.maker;
          const Qty leaves = taker ? t.taker_leaves : t.maker_leaves;
          Qty cum = t.qty;
          Price price = t.price;
          auto it = orders_.find(ref.order_id);
          if (it != orders_.end()) {
            cum = (it->second.cum += t.qty);
            price = it->second.price;
            if (leaves == 0) EraseOrder(it);
          }
          Report& x = Execution(e, ref.participant, out);
          x.taker = taker;
          x.cum = cum;
          x.order_price = price;
        }
        MarketData(e, publishing, out);
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
          EraseOrder(it);
        }
        Report& x = Execution(e, c.order.participant, out);
        x.cum = cum;
        if (disconnect && c.reason == CancelReason::kMassCancel) {
          x.event.cancelled.reason = CancelReason::kDisconnect;
        }
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
        Execution(e, p.order.participant, out).cum = cum;
        break;
      }
      case EventKind::kLevelChanged:
      case EventKind::kFloorChanged:
      case EventKind::kStockpileState:
      case EventKind::kStatusChanged:
        MarketData(e, publishing, out);
        break;
      default:
        break;  // ledger entries: the fills carry their duty and top-up
    }
  }
  if (admin) {
    Report& a = out.Add(Report::kAdminAck);
    a.session = r.session;
    a.request_id = r.request_id;
    a.reason = rejected;
    if (!reject_text.empty()) a.text = out.AddText(std::move(reject_text));
  } else if (r.kind == Request::kCommand && r.cmd.kind == CommandKind::kMassCancel) {
    Report& a = out.Add(Report::kMassCancelAck);
    a.session = r.session;
    a.request_id = r.request_id;
    a.cancelled = cancelled;
    a.reason = rejected;
  }
}

void ReportBuilder::Snapshot(const Request& r, ReportBatch& out) const {
  const InstrumentId id = r.cmd.instrument;
  auto snap = std::make_unique<SnapshotData>();
  // Counted before anything is built: a snapshot that cannot fit in the session's
  // budget (r.aux bytes, at least kMinSnapshotLevelBytes a level) is refused whole.
  uint64_t levels = 0;
  const auto count = [&](Price, Qty, uint32_t) { ++levels; };
  exchange_.ForEachLevel(id, Side::kBuy, count);
  exchange_.ForEachLevel(id, Side::kSell, count);
  const bool too_large = levels > r.aux / kMinSnapshotLevelBytes;
  if (!too_large) {
    exchange_.ForEachLevel(id, Side::kBuy, [&](Price p, Qty q, uint32_t n) {
      snap->bids.push_back({p, q, n});
    });
    exchange_.ForEachLevel(id, Side::kSell, [&](Price p, Qty q, uint32_t n) {
      snap->asks.push_back({p, q, n});
    });
  }
  snap->floor = exchange_.Describe(id).floor;
  snap->halted = exchange_.halted(id);
  snap->last_trade_id = last_trade_[id].first;
  snap->last_trade_price = last_trade_[id].second;
  out.snapshots.push_back(std::move(snap));
  Report& s = out.Add(Report::kSnapshot);
  s.subscribe = r.kind == Request::kSubscribe;
  s.too_large = too_large;
  s.cancelled = static_cast<uint32_t>(std::min<uint64_t>(levels, UINT32_MAX));
  s.session = r.session;
  s.instrument = id;
  s.md_seq = md_seq_[id];
  s.snapshot = static_cast<uint32_t>(out.snapshots.size());
}

void ReportBuilder::Stats(const Request& r, ReportBatch& out) const {
  EngineStats st = stats_;
  st.resting = exchange_.resting_orders();
  st.state_hash = exchange_.StateHash();
  out.stats.push_back(st);
  Report& a = out.Add(Report::kAdminAck);
  a.session = r.session;
  a.request_id = r.request_id;
  a.stats = static_cast<uint32_t>(out.stats.size());
}

void ReportBuilder::Save(journal::ReportsImage* out) const {
  for (size_t i = 0; i < md_seq_.size(); ++i) {
    out->add_md_seq(md_seq_[i]);
    out->add_last_trade_id(last_trade_[i].first);
    out->add_last_trade_price(last_trade_[i].second);
  }
  // By order id: the same state gives the same snapshot bytes.
  std::vector<std::pair<OrderId, OrderState>> orders(orders_.begin(), orders_.end());
  std::sort(orders.begin(), orders.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  for (const auto& [id, st] : orders) {
    out->add_order_id(id);
    out->add_order_cum(st.cum);
    out->add_order_price(st.price);
    out->add_order_participant(st.participant);
  }
  out->set_commands(stats_.commands);
  out->set_accepted(stats_.accepted);
  out->set_rejects(stats_.rejects);
  out->set_trades(stats_.trades);
  out->set_volume(stats_.volume);
}

absl::Status ReportBuilder::Restore(const journal::ReportsImage& in) {
  if (static_cast<size_t>(in.md_seq_size()) != md_seq_.size() ||
      in.last_trade_id_size() != in.md_seq_size() ||
      in.last_trade_price_size() != in.md_seq_size()) {
    return absl::DataLossError(absl::StrFormat("report state for %d instruments, the market has %d",
                                               in.md_seq_size(), md_seq_.size()));
  }
  if (in.order_participant_size() == 0 && in.order_id_size() > 0) {
    return absl::DataLossError(
        "report state without the live orders' participants: a snapshot written before "
        "the live-order limit (max_open_orders); move this snapshot file away to recover "
        "from the journal's segments");
  }
  if (in.order_cum_size() != in.order_id_size() || in.order_price_size() != in.order_id_size() ||
      in.order_participant_size() != in.order_id_size()) {
    return absl::DataLossError("report state: order columns of different lengths");
  }
  for (int i = 0; i < in.md_seq_size(); ++i) {
    md_seq_[i] = in.md_seq(i);
    last_trade_[i] = {in.last_trade_id(i), in.last_trade_price(i)};
  }
  orders_.clear();
  open_.clear();
  orders_.reserve(in.order_id_size());
  for (int i = 0; i < in.order_id_size(); ++i) {
    AddOrder(in.order_id(i), in.order_price(i), in.order_participant(i));
    orders_[in.order_id(i)].cum = in.order_cum(i);
  }
  stats_.commands = in.commands();
  stats_.accepted = in.accepted();
  stats_.rejects = in.rejects();
  stats_.trades = in.trades();
  stats_.volume = in.volume();
  return absl::OkStatus();
}

}  // namespace ftz::gw
