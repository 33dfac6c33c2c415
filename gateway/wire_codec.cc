#include "gateway/wire_codec.h"

#include <algorithm>

namespace ftz::gw {
namespace {

// The wire's enums carry the core's numbers (proto/ftz_wire.proto says so); the casts
// below rely on it.
#define FTZ_PIN(wire_value, core_value) \
  static_assert(static_cast<int>(wire::wire_value) == static_cast<int>(core_value))

FTZ_PIN(BUY, Side::kBuy);
FTZ_PIN(SELL, Side::kSell);

FTZ_PIN(LIMIT, OrderType::kLimit);
FTZ_PIN(MARKET, OrderType::kMarket);

FTZ_PIN(GTC, TimeInForce::kGtc);
FTZ_PIN(DAY, TimeInForce::kDay);
FTZ_PIN(IOC, TimeInForce::kIoc);
FTZ_PIN(FOK, TimeInForce::kFok);

FTZ_PIN(STP_NONE, StpMode::kNone);
FTZ_PIN(STP_CANCEL_NEWEST, StpMode::kCancelNewest);
FTZ_PIN(STP_CANCEL_OLDEST, StpMode::kCancelOldest);
FTZ_PIN(STP_CANCEL_BOTH, StpMode::kCancelBoth);

FTZ_PIN(REJECT_NONE, RejectReason::kNone);
FTZ_PIN(BELOW_FLOOR, RejectReason::kBelowFloor);
FTZ_PIN(NOT_MEMBER, RejectReason::kNotMember);
FTZ_PIN(ROLE_NOT_ALLOWED, RejectReason::kRoleNotAllowed);
FTZ_PIN(ORIGIN_NOT_ALLOWED, RejectReason::kOriginNotAllowed);
FTZ_PIN(BAD_PRICE, RejectReason::kBadPrice);
FTZ_PIN(BAD_QUANTITY, RejectReason::kBadQuantity);
FTZ_PIN(UNKNOWN_INSTRUMENT, RejectReason::kUnknownInstrument);
FTZ_PIN(UNKNOWN_ORDER, RejectReason::kUnknownOrder);
FTZ_PIN(NOT_YOUR_ORDER, RejectReason::kNotYourOrder);
FTZ_PIN(DUPLICATE_CLIENT_ID, RejectReason::kDuplicateClientId);
FTZ_PIN(THROTTLED, RejectReason::kThrottled);
FTZ_PIN(HALTED, RejectReason::kHalted);
FTZ_PIN(RISK_LIMIT, RejectReason::kRiskLimit);
FTZ_PIN(POST_ONLY_WOULD_CROSS, RejectReason::kPostOnlyWouldCross);
FTZ_PIN(FOK_NOT_FILLABLE, RejectReason::kFokNotFillable);
FTZ_PIN(BAD_COMMAND, RejectReason::kBadCommand);
FTZ_PIN(TRANSSHIPMENT, RejectReason::kTransshipment);
FTZ_PIN(UNKNOWN_PARTICIPANT, RejectReason::kUnknownParticipant);
// 64 and up are the gateway's own; the core's stay below.
static_assert(static_cast<int>(RejectReason::kUnknownParticipant) < wire::NOT_ADMIN);

FTZ_PIN(CANCEL_USER, CancelReason::kUser);
FTZ_PIN(CANCEL_MASS_CANCEL, CancelReason::kMassCancel);
FTZ_PIN(CANCEL_UNFILLED, CancelReason::kUnfilled);
FTZ_PIN(CANCEL_SELF_TRADE, CancelReason::kSelfTrade);
FTZ_PIN(CANCEL_FLOOR_RAISED, CancelReason::kFloorRaised);
FTZ_PIN(CANCEL_DISCONNECT, CancelReason::kDisconnect);
FTZ_PIN(CANCEL_EXPIRED, CancelReason::kExpired);
FTZ_PIN(CANCEL_HALTED, CancelReason::kHalted);
FTZ_PIN(CANCEL_POLICY, CancelReason::kPolicy);

#undef FTZ_PIN

// FloorUpdate.cause is a number (1 admin, 2 indexed, 3 scheduled): the core's.
static_assert(static_cast<int>(FloorChangeCause::kAdmin) == 1);
static_assert(static_cast<int>(FloorChangeCause::kIndexed) == 2);
static_assert(static_cast<int>(FloorChangeCause::kScheduled) == 3);

template <typename Core, typename Wire>
bool InRange(Wire in, Core last, Core* out) {
  if (static_cast<int>(in) < 0 || static_cast<int>(in) > static_cast<int>(last)) return false;
  *out = static_cast<Core>(in);
  return true;
}

wire::OrderStatus StatusFor(Qty cum, Qty leaves) {
  if (leaves == 0 && cum > 0) return wire::STATUS_FILLED;
  return cum > 0 ? wire::STATUS_PARTIALLY_FILLED : wire::STATUS_NEW;
}

wire::RequestKind RequestFor(CommandKind k) {
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

void SetOrder(const OrderRef& ref, InstrumentId instrument, Side side, wire::ExecutionReport* e) {
  e->set_client_order_id(ref.client_id);
  e->set_order_id(ref.order_id);
  e->set_instrument_id(instrument);
  e->set_side(ToWire(side));
}

void EncodeFill(const Report& r, wire::ExecutionReport* e) {
  const TradeEvent& t = r.event.trade;
  const Qty leaves = r.taker ? t.taker_leaves : t.maker_leaves;
  const Side side = r.taker ? t.aggressor : Opposite(t.aggressor);
  SetOrder(r.taker ? t.taker : t.maker, r.instrument, side, e);
  e->set_exec_type(leaves == 0 ? wire::EXEC_FILL : wire::EXEC_PARTIAL_FILL);
  e->set_status(StatusFor(r.cum, leaves));
  e->set_price(r.order_price);
  e->set_qty(r.cum + leaves);
  e->set_leaves_qty(leaves);
  e->set_cum_qty(r.cum);
  e->set_last_qty(t.qty);
  e->set_last_price(t.price);
  e->set_trade_id(t.trade_id);
  e->set_aggressor(r.taker);
  if (side == Side::kSell) {  // the floor policy's money is the seller's
    e->set_duty(t.duty);
    e->set_top_up(t.top_up);
    e->set_net_proceeds(t.price * t.qty - t.duty);
  }
}

}  // namespace

bool FromWire(wire::Side in, Side* out) { return InRange(in, Side::kSell, out); }
bool FromWire(wire::OrderType in, OrderType* out) { return InRange(in, OrderType::kMarket, out); }
bool FromWire(wire::TimeInForce in, TimeInForce* out) {
  return InRange(in, TimeInForce::kFok, out);
}
bool FromWire(wire::StpMode in, StpMode* out) { return InRange(in, StpMode::kCancelBoth, out); }

wire::Side ToWire(Side side) { return static_cast<wire::Side>(side); }
wire::RejectReason ToWire(RejectReason reason) { return static_cast<wire::RejectReason>(reason); }
wire::CancelReason ToWire(CancelReason reason) { return static_cast<wire::CancelReason>(reason); }

void EncodeExecution(const Report& r, const std::string& text, wire::ExecutionReport* e) {
  e->Clear();
  const Event& ev = r.event;
  switch (ev.kind) {
    case EventKind::kAccepted: {
      const AcceptedEvent& a = ev.accepted;
      SetOrder(a.order, r.instrument, a.side, e);
      e->set_exec_type(wire::EXEC_NEW);
      e->set_status(wire::STATUS_NEW);
      e->set_price(a.price);
      e->set_qty(a.qty);
      e->set_leaves_qty(a.qty);
      return;
    }
    case EventKind::kRejected: {
      const RejectedEvent& j = ev.rejected;
      SetOrder(j.order, r.instrument, j.side, e);
      e->set_exec_type(wire::EXEC_REJECTED);
      // A refused cancel or replace leaves the order as it was.
      e->set_status(j.command == CommandKind::kNewOrder ? wire::STATUS_REJECTED : wire::STATUS_NEW);
      e->set_reject_reason(ToWire(j.reason));
      e->set_request(RequestFor(j.command));
      e->set_price(j.price);
      e->set_qty(j.qty);
      e->set_cum_qty(r.cum);
      e->set_text(text);
      return;
    }
    case EventKind::kTrade:
      return EncodeFill(r, e);
    case EventKind::kCancelled:
    case EventKind::kExpired: {
      const CancelledEvent& c = ev.cancelled;
      const bool expired = ev.kind == EventKind::kExpired;
      SetOrder(c.order, r.instrument, c.side, e);
      e->set_exec_type(expired ? wire::EXEC_EXPIRED : wire::EXEC_CANCELLED);
      e->set_status(expired ? wire::STATUS_EXPIRED : wire::STATUS_CANCELLED);
      e->set_cancel_reason(ToWire(c.reason));
      e->set_price(c.price);
      e->set_cum_qty(r.cum);
      e->set_qty(r.cum + c.leaves);
      return;
    }
    case EventKind::kReplaced: {
      const ReplacedEvent& p = ev.replaced;
      SetOrder(p.order, r.instrument, p.side, e);
      e->set_exec_type(wire::EXEC_REPLACED);
      e->set_status(StatusFor(r.cum, p.new_leaves));
      e->set_price(p.new_price);
      e->set_leaves_qty(p.new_leaves);
      e->set_cum_qty(r.cum);
      e->set_qty(r.cum + p.new_leaves);
      e->set_priority_kept(p.priority_kept);
      return;
    }
    default:
      return;  // not an order's event
  }
}

void EncodeOrderStatus(const Report& r, wire::ExecutionReport* e) {
  e->Clear();
  const AcceptedEvent& a = r.event.accepted;
  SetOrder(a.order, r.instrument, a.side, e);
  e->set_exec_type(wire::EXEC_ORDER_STATUS);
  e->set_status(StatusFor(r.cum, a.qty));
  e->set_price(a.price);
  e->set_leaves_qty(a.qty);
  e->set_cum_qty(r.cum);
  e->set_qty(r.cum + a.qty);
}

void EncodeJournalReject(const Report& r, const std::string& text, wire::ServerMessage* m) {
  const RejectedEvent& j = r.event.rejected;
  if (r.subscribe) return EncodeLocalAdminReject(r.request_id, wire::JOURNAL_UNAVAILABLE, text, m);
  if (j.command == CommandKind::kMassCancel) {
    return EncodeLocalMassCancelReject(r.request_id, wire::JOURNAL_UNAVAILABLE, m);
  }
  EncodeLocalReject(j.order.client_id, RequestFor(j.command), wire::JOURNAL_UNAVAILABLE, text, m);
  if (j.command != CommandKind::kNewOrder) m->mutable_execution()->set_order_id(j.order.order_id);
}

void EncodeMarketData(const Report& r, wire::ServerMessage* m) {
  const Event& ev = r.event;
  switch (ev.kind) {
    case EventKind::kLevelChanged: {
      wire::LevelUpdate* l = m->mutable_level();
      l->set_instrument_id(r.instrument);
      l->set_md_seq(r.md_seq);
      l->set_side(ToWire(ev.level.side));
      l->set_price(ev.level.price);
      l->set_qty(ev.level.qty);
      l->set_orders(ev.level.orders);
      return;
    }
    case EventKind::kTrade: {
      wire::Trade* t = m->mutable_trade();
      t->set_instrument_id(r.instrument);
      t->set_md_seq(r.md_seq);
      t->set_trade_id(ev.trade.trade_id);
      t->set_price(ev.trade.price);
      t->set_qty(ev.trade.qty);
      t->set_aggressor(ToWire(ev.trade.aggressor));
      return;
    }
    case EventKind::kFloorChanged: {
      wire::FloorUpdate* f = m->mutable_floor();
      f->set_instrument_id(r.instrument);
      f->set_md_seq(r.md_seq);
      f->set_old_floor(ev.floor_changed.old_floor);
      f->set_new_floor(ev.floor_changed.new_floor);
      f->set_cause(static_cast<uint32_t>(ev.floor_changed.cause));
      return;
    }
    case EventKind::kStockpileState: {
      wire::StockpileState* s = m->mutable_stockpile();
      s->set_instrument_id(r.instrument);
      s->set_md_seq(r.md_seq);
      s->set_bid_qty(ev.stockpile_state.bid_qty);
      s->set_ask_qty(ev.stockpile_state.ask_qty);
      s->set_inventory(ev.stockpile_state.inventory);
      s->set_budget_left(ev.stockpile_state.budget_left);
      return;
    }
    case EventKind::kStatusChanged: {
      wire::InstrumentStatus* s = m->mutable_instrument_status();
      s->set_instrument_id(r.instrument);
      s->set_md_seq(r.md_seq);
      s->set_halted(ev.status.halted);
      return;
    }
    default:
      return;  // not market data
  }
}

void EncodeSnapshot(const Report& r, const SnapshotData& d, const std::string& symbol,
                    size_t levels_per_part, absl::FunctionRef<void(wire::ServerMessage&)> send) {
  size_t bid = 0, ask = 0;
  do {
    wire::ServerMessage m;
    wire::BookSnapshot* b = m.mutable_snapshot();
    b->set_instrument_id(r.instrument);
    b->set_symbol(symbol);
    b->set_md_seq(r.md_seq);
    b->set_floor(d.floor);
    b->set_halted(d.halted);
    b->set_last_trade_id(d.last_trade_id);
    b->set_last_trade_price(d.last_trade_price);
    size_t room = levels_per_part;
    for (; bid < d.bids.size() && room > 0; ++bid, --room) {
      wire::Level* w = b->add_bids();
      w->set_price(d.bids[bid][0]);
      w->set_qty(d.bids[bid][1]);
      w->set_orders(static_cast<uint32_t>(d.bids[bid][2]));
    }
    for (; ask < d.asks.size() && room > 0; ++ask, --room) {
      wire::Level* w = b->add_asks();
      w->set_price(d.asks[ask][0]);
      w->set_qty(d.asks[ask][1]);
      w->set_orders(static_cast<uint32_t>(d.asks[ask][2]));
    }
    b->set_more(bid < d.bids.size() || ask < d.asks.size());
    send(m);
  } while (bid < d.bids.size() || ask < d.asks.size());
}

void EncodeMassCancelAck(const Report& r, wire::ServerMessage* m) {
  wire::MassCancelAck* a = m->mutable_mass_cancel_ack();
  a->set_request_id(r.request_id);
  a->set_cancelled(r.cancelled);
  a->set_reason(ToWire(r.reason));
}

void EncodeAdminAck(const Report& r, const std::string& text, wire::ServerMessage* m) {
  wire::AdminAck* a = m->mutable_admin_ack();
  a->set_request_id(r.request_id);
  a->set_ok(r.reason == RejectReason::kNone);
  a->set_reason(ToWire(r.reason));
  a->set_text(text);
}

void EncodeStats(const EngineStats& engine, wire::Stats* s) {
  s->set_commands(engine.commands);
  s->set_orders_accepted(engine.accepted);
  s->set_rejects(engine.rejects);
  s->set_trades(engine.trades);
  s->set_volume(engine.volume);
  s->set_resting_orders(engine.resting);
  s->set_state_hash(engine.state_hash);
}

void EncodeLocalReject(ClientOrderId client_id, wire::RequestKind request,
                       wire::RejectReason reason, const std::string& text, wire::ServerMessage* m) {
  wire::ExecutionReport* e = m->mutable_execution();
  e->Clear();
  e->set_client_order_id(client_id);
  e->set_exec_type(wire::EXEC_REJECTED);
  e->set_status(wire::STATUS_REJECTED);
  e->set_reject_reason(reason);
  e->set_request(request);
  e->set_text(text);
}

void EncodeLocalMassCancelReject(uint64_t request_id, wire::RejectReason reason,
                                 wire::ServerMessage* m) {
  wire::MassCancelAck* a = m->mutable_mass_cancel_ack();
  a->Clear();
  a->set_request_id(request_id);
  a->set_reason(reason);
}

void EncodeLocalAdminReject(uint64_t request_id, wire::RejectReason reason, const std::string& text,
                            wire::ServerMessage* m) {
  wire::AdminAck* a = m->mutable_admin_ack();
  a->Clear();
  a->set_request_id(request_id);
  a->set_ok(reason == wire::REJECT_NONE);
  a->set_reason(reason);
  a->set_text(text);
}

void EncodeSubscribeReject(const std::string& symbol, wire::RejectReason reason,
                           const std::string& text, wire::ServerMessage* m) {
  wire::SubscribeReject* s = m->mutable_subscribe_reject();
  s->set_symbol(symbol);
  s->set_reason(reason);
  s->set_text(text);
}

}  // namespace ftz::gw
