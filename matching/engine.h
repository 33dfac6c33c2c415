// The matching engine: runs each command through the pipeline of docs/matching.md
//
//   validate -> [policy: authorize -> origin and tariff -> floor -> risk]
//            -> self-trade prevention -> match -> [policy: price and book each fill]
//            -> rest or cancel the remainder -> events
//
// The bracketed stages are the policy hook (policy_hook.h), the template parameter;
// `Engine` is the engine of a market without rules. What spans engine and policy
// (period close, floor and tariff changes, the stockpile's standing orders) is not
// here: market/ orchestrates it with the primitives below (Submit, CancelWhere).
//
// Contract: single-threaded and pure. No I/O, no clock, no randomness: the same
// sequence of commands always gives the same events, ids and StateHash().
#pragma once

#include <algorithm>
#include <utility>

#include "matching/engine_state.h"
#include "matching/policy_hook.h"
#include "vocabulary/command.h"
#include "vocabulary/event.h"
#include "vocabulary/event_buffer.h"

namespace ftz {

template <PolicyHook Policy>
class BasicEngine : public EngineState {
 public:
  explicit BasicEngine(EngineOptions options = {}, Policy policy = Policy{})
      : EngineState(options), policy_(std::move(policy)) {}

  // The policy lives inside the engine: its hot state sits next to the books', and the
  // engine reaches it without a pointer.
  Policy& policy() { return policy_; }
  const Policy& policy() const { return policy_; }

  // Runs one command; appends its events to `out` (which is not cleared). kEndPeriod
  // expires DAY orders; kHalt and kResume set the halted flag and report it; kSetFloor
  // and kSetTariff are not the engine's (rejected kBadCommand).
  void Submit(const Command& cmd, EventBuffer& out);

  // Cancels every resting order of `instrument` for which pick(order) holds, with
  // `reason`, in book order (bids best first, then asks best first, FIFO in a level).
  template <typename Pick>
  void CancelWhere(InstrumentId instrument, CancelReason reason, Pick pick, EventBuffer& out) {
    RemoveWhere(books_[instrument], EventKind::kCancelled, reason, pick, out);
  }

  // Restoring a snapshot (journal/ recovery): puts `order` back at the tail of its price
  // level, as Rest would, and tells the policy of its open quantity; emits nothing.
  // Restoring a book's orders in their saved order (OrderBook::ForEachOrder) rebuilds
  // its priority exactly. Refuses an order that is malformed, unknown to the books,
  // already resting, or that would cross the book; Validate() checks the rest.
  absl::Status RestoreOrder(const Order& order) {
    if (absl::Status s = CheckRestorable(order); !s.ok()) return s;
    const OrderHandle h = pool_.Allocate();
    pool_[h] = order;
    pool_[h].prev = pool_[h].next = kNoOrder;
    OrderBook& book = books_[order.instrument];
    book.ladder(order.side).Append(pool_, h);
    OpenChanged(pool_[h], order.leaves);
    by_id_.emplace(order.id, h);
    if (order.client_id != 0) by_client_.Insert(order.participant, order.client_id, h);
    return absl::OkStatus();
  }

 private:
  void NewOrder(const Command& cmd, EventBuffer& out);
  void Cancel(const Command& cmd, EventBuffer& out);
  void Replace(const Command& cmd, EventBuffer& out);
  void MassCancelOrders(const Command& cmd, EventBuffer& out);
  void ExpireDayOrders(EventBuffer& out);
  void SetStatus(const Command& cmd, EventBuffer& out);

  [[gnu::cold, gnu::noinline]] void Reject(const Command& cmd, InstrumentId instrument,
                                           RejectReason reason, int64_t limit, EventBuffer& out);
  // Checks a limit price against the instrument's band; kNone when it is fine.
  RejectReason CheckPrice(const OrderBook& book, Price price, int64_t* limit) const;
  // The resting order a cancel or replace names, by order id or else client id.
  OrderHandle FindTarget(const Command& cmd) const;
  bool FokFillable(const OrderBook& book, const Command& taker, Price limit) const;

  // Trades the taker against the opposite side while its limit reaches the best level.
  // Returns true when self-trade prevention stopped the taker (its remainder must be
  // cancelled with kSelfTrade).
  bool Match(OrderBook& book, OrderHandle taker, Price limit, EventBuffer& out);
  // After a taker stops matching: rests it, or cancels its remainder, or retires it.
  void Finish(OrderBook& book, OrderHandle h, bool stp_stopped, EventBuffer& out);
  void Rest(OrderBook& book, OrderHandle h, EventBuffer& out);
  // Removes a resting order and emits kCancelled or kExpired (and its level change when
  // `emit_level`).
  void RemoveResting(OrderBook& book, OrderHandle h, EventKind kind, CancelReason reason,
                     bool emit_level, EventBuffer& out);
  // Removes every resting order of `book` for which pick(order) holds (see CancelWhere).
  template <typename Pick>
  void RemoveWhere(OrderBook& book, EventKind kind, CancelReason reason, Pick& pick,
                   EventBuffer& out);
  void EmitCancelled(const Order& o, EventKind kind, CancelReason reason, EventBuffer& out);
  void EmitLevel(const OrderBook& book, Side side, Price price, const PriceLevel& level,
                 EventBuffer& out);
  // Tells the policy (risk limits) that an order's resting quantity changed.
  void OpenChanged(const Order& o, Qty delta) {
    policy_.OnOpenChange(o.participant, o.instrument, delta);
  }
  // Forgets a resting order that left the book (indexes) and frees its storage.
  void Retire(OrderHandle h);

  Policy policy_;
};

// The engine of a market without rules.
using Engine = BasicEngine<NoPolicy>;

// ---------------------------------------------------------------------------------------
// The pipeline. Instantiated once per policy: BasicEngine<NoPolicy> in engine.cc, the
// floor policy's in market/.

template <PolicyHook Policy>
void BasicEngine<Policy>::Submit(const Command& cmd, EventBuffer& out) {
  switch (cmd.kind) {
    case CommandKind::kNewOrder:
      return NewOrder(cmd, out);
    case CommandKind::kCancel:
      return Cancel(cmd, out);
    case CommandKind::kReplace:
      return Replace(cmd, out);
    case CommandKind::kMassCancel:
      return MassCancelOrders(cmd, out);
    case CommandKind::kEndPeriod:
      return ExpireDayOrders(out);
    case CommandKind::kHalt:
    case CommandKind::kResume:
      if (cmd.instrument >= books_.size()) break;
      return SetStatus(cmd, out);
    case CommandKind::kSetFloor:
    case CommandKind::kSetTariff:
      break;
  }
  Reject(cmd, cmd.instrument,
         cmd.instrument >= books_.size() ? RejectReason::kUnknownInstrument
                                         : RejectReason::kBadCommand,
         0, out);
}

template <PolicyHook Policy>
void BasicEngine<Policy>::Reject(const Command& cmd, InstrumentId instrument, RejectReason reason,
                                 int64_t limit, EventBuffer& out) {
  Event& e = out.Append(EventKind::kRejected, instrument);
  // The order id names the target of a cancel or replace only (event.h); other kinds
  // ignore the field, so a stray value must not be echoed.
  const bool targets = cmd.kind == CommandKind::kCancel || cmd.kind == CommandKind::kReplace;
  const OrderId target = targets ? cmd.order_id : 0;
  e.rejected = RejectedEvent{.order = {target, cmd.client_id, cmd.participant},
                             .command = cmd.kind,
                             .reason = reason,
                             .side = cmd.side,
                             .price = cmd.price,
                             .qty = cmd.qty,
                             .limit = limit};
}

template <PolicyHook Policy>
RejectReason BasicEngine<Policy>::CheckPrice(const OrderBook& book, Price price,
                                             int64_t* limit) const {
  if (price < book.spec().min_price) {
    *limit = book.spec().min_price;
    return RejectReason::kBadPrice;
  }
  if (price > book.spec().max_price) {
    *limit = book.spec().max_price;
    return RejectReason::kBadPrice;
  }
  return RejectReason::kNone;
}

template <PolicyHook Policy>
void BasicEngine<Policy>::NewOrder(const Command& cmd, EventBuffer& out) {
  // Validate.
  if (cmd.instrument >= books_.size()) {
    return Reject(cmd, cmd.instrument, RejectReason::kUnknownInstrument, 0, out);
  }
  OrderBook& book = books_[cmd.instrument];
  if (book.halted()) return Reject(cmd, cmd.instrument, RejectReason::kHalted, 0, out);
  if (cmd.qty <= 0 || cmd.qty > book.spec().max_qty) {
    return Reject(cmd, cmd.instrument, RejectReason::kBadQuantity, book.spec().max_qty, out);
  }
  const bool market = cmd.type == OrderType::kMarket;
  TimeInForce tif = cmd.tif;
  if (market && tif != TimeInForce::kFok) tif = TimeInForce::kIoc;
  if (cmd.post_only && (market || tif == TimeInForce::kIoc || tif == TimeInForce::kFok)) {
    return Reject(cmd, cmd.instrument, RejectReason::kBadCommand, 0, out);
  }
  if (!market) {
    int64_t bound = 0;
    if (RejectReason r = CheckPrice(book, cmd.price, &bound); r != RejectReason::kNone) {
      return Reject(cmd, cmd.instrument, r, bound, out);
    }
  }
  if (cmd.client_id != 0 && by_client_.contains(cmd.participant, cmd.client_id)) {
    return Reject(cmd, cmd.instrument, RejectReason::kDuplicateClientId, 0, out);
  }
  // Policy: authorize -> origin and tariff -> floor -> risk.
  const Admission a = policy_.AdmitNew(cmd, out);
  if (a.reject != RejectReason::kNone) {
    return Reject(cmd, cmd.instrument, a.reject, a.reject_limit, out);
  }
  const Price price = market ? 0 : a.price;
  const Price limit = a.match_limit;
  const PriceLadder& opposite = book.ladder(Opposite(cmd.side));
  if (cmd.post_only && opposite.Reaches(limit)) {
    return Reject(cmd, cmd.instrument, RejectReason::kPostOnlyWouldCross, opposite.best_price(),
                  out);
  }

  if (tif == TimeInForce::kFok && !FokFillable(book, cmd, limit)) {
    return Reject(cmd, cmd.instrument, RejectReason::kFokNotFillable, 0, out);
  }

  // Accept.
  const OrderHandle h = pool_.Allocate();
  Order& o = pool_[h];
  o = Order{.id = next_order_id_++,
            .client_id = cmd.client_id,
            .price = price,
            .leaves = cmd.qty,
            .duty_per_lot = a.duty_per_lot,
            .participant = cmd.participant,
            .instrument = cmd.instrument,
            .prev = kNoOrder,
            .next = kNoOrder,
            .side = cmd.side,
            .type = cmd.type,
            .tif = tif,
            .stp = cmd.stp,
            .post_only = cmd.post_only,
            .nonmember_material = a.nonmember_material,
            .origin = a.origin};
  Event& e = out.Append(EventKind::kAccepted, cmd.instrument);
  e.accepted = AcceptedEvent{.order = {o.id, o.client_id, o.participant},
                             .side = o.side,
                             .type = o.type,
                             .tif = o.tif,
                             .price = o.price,
                             .qty = o.leaves};
  // Most orders do not reach the opposite best: skip the call, Match would do nothing.
  const bool stp_stopped = opposite.Reaches(limit) && Match(book, h, limit, out);
  Finish(book, h, stp_stopped, out);
}

template <PolicyHook Policy>
bool BasicEngine<Policy>::FokFillable(const OrderBook& book, const Command& taker,
                                      Price limit) const {
  const PriceLadder& makers = book.ladder(Opposite(taker.side));
  Qty available = 0;
  bool stopped = false;
  makers.ForEachLevel([&](Price price, const PriceLevel& level) {
    if (taker.side == Side::kBuy ? price > limit : price < limit) return false;
    if (taker.stp == StpMode::kNone) {
      available += level.qty;
    } else {
      for (OrderHandle h = level.head; h != kNoOrder; h = pool_[h].next) {
        const Order& maker = pool_[h];
        if (maker.participant != taker.participant) {
          available += maker.leaves;
        } else if (taker.stp != StpMode::kCancelOldest) {
          stopped = true;  // matching would stop here
          break;
        }
        if (available >= taker.qty) break;
      }
    }
    return !stopped && available < taker.qty;
  });
  return available >= taker.qty;
}

template <PolicyHook Policy>
bool BasicEngine<Policy>::Match(OrderBook& book, OrderHandle th, Price limit, EventBuffer& out) {
  Order& taker = pool_[th];  // the pool does not grow while matching
  PriceLadder& makers = book.ladder(Opposite(taker.side));
  while (taker.leaves > 0 && makers.Reaches(limit)) {
    const Price price = makers.best_price();
    const PriceLevel& level = makers.best_level();
    bool stopped = false;
    OrderHandle mh = makers.best_order();
    while (mh != kNoOrder && taker.leaves > 0) {
      Order& maker = pool_[mh];
      const OrderHandle next = maker.next;
      if (maker.participant == taker.participant && taker.stp != StpMode::kNone) {
        if (taker.stp == StpMode::kCancelNewest) {
          stopped = true;
          break;
        }
        RemoveResting(book, mh, EventKind::kCancelled, CancelReason::kSelfTrade, false, out);
        if (taker.stp == StpMode::kCancelBoth) {
          stopped = true;
          break;
        }
        mh = next;
        continue;
      }
      const Qty qty = std::min(maker.leaves, taker.leaves);
      maker.leaves -= qty;
      taker.leaves -= qty;
      makers.Reduce(price, qty);
      OpenChanged(maker, -qty);
      // Filled in place, field by field: a TradeEvent temporary costs a zeroing
      // `rep stos` and a 112-byte copy per fill.
      TradeEvent& trade = out.Append(EventKind::kTrade, book.id()).trade;
      trade.trade_id = next_trade_id_++;
      trade.aggressor = taker.side;
      trade.price = price;
      trade.qty = qty;
      trade.maker = {maker.id, maker.client_id, maker.participant};
      trade.taker = {taker.id, taker.client_id, taker.participant};
      trade.maker_leaves = maker.leaves;
      trade.taker_leaves = taker.leaves;
      trade.duty = 0;
      trade.top_up = 0;
      const Order& seller = taker.side == Side::kSell ? taker : maker;
      policy_.PriceTrade(book.id(), seller, trade);
      const TradeEvent priced = trade;  // BookTrade appends to `out`, which may move `trade`
      policy_.BookTrade(book.id(), taker.side == Side::kBuy ? taker : maker, seller, priced, out);
      if (maker.leaves == 0) {
        makers.Unlink(pool_, mh);
        Retire(mh);
      }
      mh = next;
    }
    EmitLevel(book, makers.side(), price, level, out);
    if (stopped) return true;
  }
  return false;
}

template <PolicyHook Policy>
void BasicEngine<Policy>::Finish(OrderBook& book, OrderHandle h, bool stp_stopped,
                                 EventBuffer& out) {
  Order& o = pool_[h];
  if (o.leaves == 0) {
    pool_.Free(h);  // never rested, so never indexed
  } else if (stp_stopped) {
    EmitCancelled(o, EventKind::kCancelled, CancelReason::kSelfTrade, out);
    pool_.Free(h);
  } else if (o.type == OrderType::kMarket || o.tif == TimeInForce::kIoc ||
             o.tif == TimeInForce::kFok) {
    EmitCancelled(o, EventKind::kCancelled, CancelReason::kUnfilled, out);
    pool_.Free(h);
  } else {
    Rest(book, h, out);
  }
}

template <PolicyHook Policy>
void BasicEngine<Policy>::Rest(OrderBook& book, OrderHandle h, EventBuffer& out) {
  const Order& o = pool_[h];
  const PriceLevel& level = book.ladder(o.side).Append(pool_, h);
  OpenChanged(o, o.leaves);
  by_id_.emplace(o.id, h);
  if (o.client_id != 0) by_client_.Insert(o.participant, o.client_id, h);
  EmitLevel(book, o.side, o.price, level, out);
}

template <PolicyHook Policy>
void BasicEngine<Policy>::EmitLevel(const OrderBook& book, Side side, Price price,
                                    const PriceLevel& level, EventBuffer& out) {
  Event& e = out.Append(EventKind::kLevelChanged, book.id());
  e.level =
      LevelChangedEvent{.side = side, .price = price, .qty = level.qty, .orders = level.count};
}

template <PolicyHook Policy>
void BasicEngine<Policy>::EmitCancelled(const Order& o, EventKind kind, CancelReason reason,
                                        EventBuffer& out) {
  Event& e = out.Append(kind, o.instrument);
  e.cancelled = CancelledEvent{.order = {o.id, o.client_id, o.participant},
                               .side = o.side,
                               .reason = reason,
                               .price = o.price,
                               .leaves = o.leaves};
}

template <PolicyHook Policy>
void BasicEngine<Policy>::RemoveResting(OrderBook& book, OrderHandle h, EventKind kind,
                                        CancelReason reason, bool emit_level, EventBuffer& out) {
  const Order& o = pool_[h];
  const Side side = o.side;
  const Price price = o.price;
  EmitCancelled(o, kind, reason, out);
  OpenChanged(o, -o.leaves);
  const PriceLevel& level = book.ladder(side).Unlink(pool_, h);
  Retire(h);
  if (emit_level) EmitLevel(book, side, price, level, out);
}

template <PolicyHook Policy>
template <typename Pick>
void BasicEngine<Policy>::RemoveWhere(OrderBook& book, EventKind kind, CancelReason reason,
                                      Pick& pick, EventBuffer& out) {
  scratch_.clear();
  book.ForEachOrder(pool_, [&](OrderHandle h) {
    if (pick(static_cast<const Order&>(pool_[h]))) scratch_.push_back(h);
  });
  for (OrderHandle h : scratch_) RemoveResting(book, h, kind, reason, true, out);
}

template <PolicyHook Policy>
void BasicEngine<Policy>::Retire(OrderHandle h) {
  const Order& o = pool_[h];
  by_id_.erase(o.id);
  if (o.client_id != 0) by_client_.Erase(o.participant, o.client_id);
  pool_.Free(h);
}

template <PolicyHook Policy>
OrderHandle BasicEngine<Policy>::FindTarget(const Command& cmd) const {
  if (cmd.order_id != 0) {
    return by_id_.Find(cmd.order_id);
  }
  if (cmd.client_id != 0) {
    return by_client_.Find(cmd.participant, cmd.client_id);
  }
  return kNoOrder;
}

template <PolicyHook Policy>
void BasicEngine<Policy>::Cancel(const Command& cmd, EventBuffer& out) {
  const OrderHandle h = FindTarget(cmd);
  if (h == kNoOrder) return Reject(cmd, cmd.instrument, RejectReason::kUnknownOrder, 0, out);
  const Order& o = pool_[h];
  if (o.participant != cmd.participant) {
    return Reject(cmd, o.instrument, RejectReason::kNotYourOrder, 0, out);
  }
  RemoveResting(books_[o.instrument], h, EventKind::kCancelled, CancelReason::kUser, true, out);
}

template <PolicyHook Policy>
void BasicEngine<Policy>::Replace(const Command& cmd, EventBuffer& out) {
  const OrderHandle h = FindTarget(cmd);
  if (h == kNoOrder) return Reject(cmd, cmd.instrument, RejectReason::kUnknownOrder, 0, out);
  Order& o = pool_[h];
  if (o.participant != cmd.participant) {
    return Reject(cmd, o.instrument, RejectReason::kNotYourOrder, 0, out);
  }
  OrderBook& book = books_[o.instrument];
  if (book.halted()) return Reject(cmd, o.instrument, RejectReason::kHalted, 0, out);
  if (cmd.qty <= 0 || cmd.qty > book.spec().max_qty) {
    return Reject(cmd, o.instrument, RejectReason::kBadQuantity, book.spec().max_qty, out);
  }
  int64_t bound = 0;
  if (RejectReason r = CheckPrice(book, cmd.price, &bound); r != RejectReason::kNone) {
    return Reject(cmd, o.instrument, r, bound, out);
  }
  // Policy: origin and tariff -> floor -> risk.
  const Admission a = policy_.AdmitReplace(o, cmd.price, cmd.qty);
  if (a.reject != RejectReason::kNone) {
    // A replace carries no side: the reject (and its text) names the order's.
    Command named = cmd;
    named.side = o.side;
    return Reject(named, o.instrument, a.reject, a.reject_limit, out);
  }
  const Price new_price = a.price;
  const Price duty_per_lot = a.duty_per_lot;
  const PriceLadder& opposite = book.ladder(Opposite(o.side));
  if (o.post_only && opposite.Reaches(new_price)) {
    return Reject(cmd, o.instrument, RejectReason::kPostOnlyWouldCross, opposite.best_price(), out);
  }

  PriceLadder& own = book.ladder(o.side);
  const bool priority_kept = new_price == o.price && cmd.qty <= o.leaves;
  out.Append(EventKind::kReplaced, o.instrument).replaced =
      ReplacedEvent{.order = {o.id, o.client_id, o.participant},
                    .side = o.side,
                    .priority_kept = priority_kept,
                    .old_price = o.price,
                    .old_leaves = o.leaves,
                    .new_price = new_price,
                    .new_leaves = cmd.qty};
  if (priority_kept) {
    const PriceLevel& level = own.Reduce(o.price, o.leaves - cmd.qty);
    OpenChanged(o, cmd.qty - o.leaves);
    o.leaves = cmd.qty;
    o.duty_per_lot = duty_per_lot;  // a new net price under the same landed price
    return EmitLevel(book, o.side, o.price, level, out);
  }
  const Price old_price = o.price;
  // The open quantity changes once, by the net amount, when the replace is done (nothing
  // reads it while the order matches).
  const Qty old_leaves = o.leaves;
  EmitLevel(book, o.side, old_price, own.Unlink(pool_, h), out);
  o.price = new_price;
  o.leaves = cmd.qty;
  o.duty_per_lot = duty_per_lot;
  // While it matches, the order is a taker and is not in its ladder; its id stays indexed.
  // (Most replaces do not reach the opposite best: skip the call, Match would do nothing.)
  const bool stp_stopped = opposite.Reaches(new_price) && Match(book, h, new_price, out);
  if (pool_[h].leaves == 0) {
    OpenChanged(o, -old_leaves);
    Retire(h);
  } else if (stp_stopped) {
    OpenChanged(o, -old_leaves);
    EmitCancelled(pool_[h], EventKind::kCancelled, CancelReason::kSelfTrade, out);
    Retire(h);
  } else {
    const PriceLevel& level = own.Append(pool_, h);
    // Most replaces move the price and keep the quantity: then there is nothing to tell.
    if (o.leaves != old_leaves) OpenChanged(o, o.leaves - old_leaves);
    EmitLevel(book, o.side, o.price, level, out);
  }
}

template <PolicyHook Policy>
void BasicEngine<Policy>::MassCancelOrders(const Command& cmd, EventBuffer& out) {
  if (cmd.filter_instrument && cmd.instrument >= books_.size()) {
    return Reject(cmd, cmd.instrument, RejectReason::kUnknownInstrument, 0, out);
  }
  auto pick = [&](const Order& o) {
    return o.participant == cmd.participant && (!cmd.filter_side || o.side == cmd.side);
  };
  for (OrderBook& book : books_) {
    if (cmd.filter_instrument && book.id() != cmd.instrument) continue;
    RemoveWhere(book, EventKind::kCancelled, CancelReason::kMassCancel, pick, out);
  }
}

template <PolicyHook Policy>
void BasicEngine<Policy>::ExpireDayOrders(EventBuffer& out) {
  auto pick = [](const Order& o) { return o.tif == TimeInForce::kDay; };
  for (OrderBook& book : books_) {
    RemoveWhere(book, EventKind::kExpired, CancelReason::kExpired, pick, out);
  }
}

template <PolicyHook Policy>
void BasicEngine<Policy>::SetStatus(const Command& cmd, EventBuffer& out) {
  OrderBook& book = books_[cmd.instrument];
  const bool halted = cmd.kind == CommandKind::kHalt;
  book.set_halted(halted);
  out.Append(EventKind::kStatusChanged, book.id()).status = StatusChangedEvent{.halted = halted};
}

extern template class BasicEngine<NoPolicy>;

}  // namespace ftz
