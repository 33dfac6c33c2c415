#include "matching/engine.h"

#include <algorithm>

#include "absl/strings/str_format.h"
#include "floor_policy/floor_policy.h"

namespace ftz {

Engine::Engine(EngineOptions options) {
  pool_.Reserve(options.expected_orders);
  by_id_.reserve(options.expected_orders);
  // Not the whole expected_orders: the table grows with the live set, and a table much
  // larger than it spreads a few entries over many cache lines (every lookup a miss).
  by_client_.reserve(std::min<size_t>(options.expected_orders, 1024));
  scratch_.reserve(1024);
}

absl::StatusOr<InstrumentId> Engine::AddInstrument(InstrumentSpec spec) {
  if (spec.symbol.empty()) return absl::InvalidArgumentError("instrument symbol is empty");
  for (const OrderBook& b : books_) {
    if (b.spec().symbol == spec.symbol) {
      return absl::InvalidArgumentError(absl::StrFormat("duplicate symbol %s", spec.symbol));
    }
  }
  if (spec.min_price <= 0 || spec.max_price < spec.min_price) {
    return absl::InvalidArgumentError(
        absl::StrFormat("%s: price band [%d, %d] must be positive and non-empty", spec.symbol,
                        spec.min_price, spec.max_price));
  }
  if (spec.max_price > kMaxPrice) {
    // A market buy's limit is kMaxPrice: asks above it could never be reached.
    return absl::InvalidArgumentError(
        absl::StrFormat("%s: price band [%d, %d] goes above the largest price %d", spec.symbol,
                        spec.min_price, spec.max_price, kMaxPrice));
  }
  if (spec.max_price - spec.min_price >= kMaxBandWidth) {
    return absl::InvalidArgumentError(
        absl::StrFormat("%s: price band [%d, %d] is wider than %d ticks", spec.symbol,
                        spec.min_price, spec.max_price, kMaxBandWidth));
  }
  if (spec.max_qty <= 0) {
    return absl::InvalidArgumentError(absl::StrFormat("%s: max_qty must be positive", spec.symbol));
  }
  const auto id = static_cast<InstrumentId>(books_.size());
  books_.emplace_back(id, std::move(spec));
  return id;
}

absl::Status Engine::SetHalted(InstrumentId instrument, bool halted) {
  if (instrument >= books_.size()) return absl::NotFoundError("unknown instrument");
  books_[instrument].set_halted(halted);
  return absl::OkStatus();
}

const Order* Engine::FindOrder(OrderId id) const {
  const OrderHandle h = by_id_.Find(id);
  return h == kNoOrder ? nullptr : &pool_[h];
}

void Engine::Submit(const Command& cmd, EventBuffer& out) {
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
      return EndPeriodNow(out);
    case CommandKind::kHalt:
    case CommandKind::kResume:
    case CommandKind::kSetFloor:
    case CommandKind::kSetTariff:
      if (cmd.instrument >= books_.size()) break;
      return Admin(cmd, out);
  }
  Reject(cmd, cmd.instrument,
         cmd.instrument >= books_.size() ? RejectReason::kUnknownInstrument
                                         : RejectReason::kBadCommand,
         0, out);
}

void Engine::Reject(const Command& cmd, InstrumentId instrument, RejectReason reason, int64_t limit,
                    EventBuffer& out) {
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

RejectReason Engine::CheckPrice(const OrderBook& book, Price price, int64_t* limit) const {
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

void Engine::NewOrder(const Command& cmd, EventBuffer& out) {
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
  Price limit;
  if (market) {
    limit = cmd.side == Side::kBuy ? kMaxPrice : kMinPrice;
  } else {
    int64_t bound = 0;
    if (RejectReason r = CheckPrice(book, cmd.price, &bound); r != RejectReason::kNone) {
      return Reject(cmd, cmd.instrument, r, bound, out);
    }
    limit = cmd.price;
  }
  if (cmd.client_id != 0 && by_client_.contains(cmd.participant, cmd.client_id)) {
    return Reject(cmd, cmd.instrument, RejectReason::kDuplicateClientId, 0, out);
  }
  Price price = market ? 0 : cmd.price;
  Price duty_per_lot = 0;
  Jurisdiction origin = cmd.origin;
  if (policy_) {
    // authorize -> origin and tariff -> floor -> risk
    const Admission a = policy_->AdmitNew(cmd, out);
    if (a.reject != RejectReason::kNone) {
      return Reject(cmd, cmd.instrument, a.reject, a.reject_limit, out);
    }
    if (!market) price = a.price;
    limit = a.match_limit;
    duty_per_lot = a.duty_per_lot;
    origin = a.origin;
  }
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
            .duty_per_lot = duty_per_lot,
            .participant = cmd.participant,
            .instrument = cmd.instrument,
            .prev = kNoOrder,
            .next = kNoOrder,
            .side = cmd.side,
            .type = cmd.type,
            .tif = tif,
            .stp = cmd.stp,
            .post_only = cmd.post_only,
            .origin = origin};
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

bool Engine::FokFillable(const OrderBook& book, const Command& taker, Price limit) const {
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

bool Engine::Match(OrderBook& book, OrderHandle th, Price limit, EventBuffer& out) {
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
      if (policy_) {
        const Order& seller = taker.side == Side::kSell ? taker : maker;
        policy_->PriceTrade(book.id(), seller, trade);
        const TradeEvent priced = trade;  // BookTrade appends to `out`, which may move `trade`
        policy_->BookTrade(book.id(), taker.side == Side::kBuy ? taker : maker, seller, priced,
                           out);
      }
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

void Engine::Finish(OrderBook& book, OrderHandle h, bool stp_stopped, EventBuffer& out) {
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

void Engine::Rest(OrderBook& book, OrderHandle h, EventBuffer& out) {
  const Order& o = pool_[h];
  const PriceLevel& level = book.ladder(o.side).Append(pool_, h);
  OpenChanged(o, o.leaves);
  by_id_.emplace(o.id, h);
  if (o.client_id != 0) by_client_.Insert(o.participant, o.client_id, h);
  EmitLevel(book, o.side, o.price, level, out);
}

void Engine::EmitLevel(const OrderBook& book, Side side, Price price, const PriceLevel& level,
                       EventBuffer& out) {
  Event& e = out.Append(EventKind::kLevelChanged, book.id());
  e.level =
      LevelChangedEvent{.side = side, .price = price, .qty = level.qty, .orders = level.count};
}

void Engine::EmitCancelled(const Order& o, EventKind kind, CancelReason reason, EventBuffer& out) {
  Event& e = out.Append(kind, o.instrument);
  e.cancelled = CancelledEvent{.order = {o.id, o.client_id, o.participant},
                               .side = o.side,
                               .reason = reason,
                               .price = o.price,
                               .leaves = o.leaves};
}

void Engine::RemoveResting(OrderBook& book, OrderHandle h, EventKind kind, CancelReason reason,
                           bool emit_level, EventBuffer& out) {
  const Order& o = pool_[h];
  const Side side = o.side;
  const Price price = o.price;
  EmitCancelled(o, kind, reason, out);
  OpenChanged(o, -o.leaves);
  const PriceLevel& level = book.ladder(side).Unlink(pool_, h);
  Retire(h);
  if (emit_level) EmitLevel(book, side, price, level, out);
}

void Engine::OpenChanged(const Order& o, Qty delta) {
  if (policy_) policy_->OnOpenChange(o.participant, o.instrument, delta);
}

void Engine::Retire(OrderHandle h) {
  const Order& o = pool_[h];
  by_id_.erase(o.id);
  if (o.client_id != 0) by_client_.Erase(o.participant, o.client_id);
  pool_.Free(h);
}

OrderHandle Engine::FindTarget(const Command& cmd) const {
  if (cmd.order_id != 0) {
    return by_id_.Find(cmd.order_id);
  }
  if (cmd.client_id != 0) {
    return by_client_.Find(cmd.participant, cmd.client_id);
  }
  return kNoOrder;
}

void Engine::Cancel(const Command& cmd, EventBuffer& out) {
  const OrderHandle h = FindTarget(cmd);
  if (h == kNoOrder) return Reject(cmd, cmd.instrument, RejectReason::kUnknownOrder, 0, out);
  const Order& o = pool_[h];
  if (o.participant != cmd.participant) {
    return Reject(cmd, o.instrument, RejectReason::kNotYourOrder, 0, out);
  }
  RemoveResting(books_[o.instrument], h, EventKind::kCancelled, CancelReason::kUser, true, out);
}

void Engine::Replace(const Command& cmd, EventBuffer& out) {
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
  Price new_price = cmd.price;
  Price duty_per_lot = o.duty_per_lot;
  if (policy_) {
    const Admission a = policy_->AdmitReplace(o, cmd.price, cmd.qty);
    if (a.reject != RejectReason::kNone) {
      // A replace carries no side: the reject (and its text) names the order's.
      Command named = cmd;
      named.side = o.side;
      return Reject(named, o.instrument, a.reject, a.reject_limit, out);
    }
    new_price = a.price;
    duty_per_lot = a.duty_per_lot;
  }
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
    OpenChanged(o, o.leaves - old_leaves);
    EmitLevel(book, o.side, o.price, level, out);
  }
}

void Engine::MassCancelOrders(const Command& cmd, EventBuffer& out) {
  if (cmd.filter_instrument && cmd.instrument >= books_.size()) {
    return Reject(cmd, cmd.instrument, RejectReason::kUnknownInstrument, 0, out);
  }
  for (OrderBook& book : books_) {
    if (cmd.filter_instrument && book.id() != cmd.instrument) continue;
    scratch_.clear();
    book.ForEachOrder(pool_, [&](OrderHandle h) {
      const Order& o = pool_[h];
      if (o.participant == cmd.participant && (!cmd.filter_side || o.side == cmd.side)) {
        scratch_.push_back(h);
      }
    });
    for (OrderHandle h : scratch_) {
      RemoveResting(book, h, EventKind::kCancelled, CancelReason::kMassCancel, true, out);
    }
  }
}

void Engine::EndPeriodNow(EventBuffer& out) {
  for (OrderBook& book : books_) {
    scratch_.clear();
    book.ForEachOrder(pool_, [&](OrderHandle h) {
      if (pool_[h].tif == TimeInForce::kDay) scratch_.push_back(h);
    });
    for (OrderHandle h : scratch_) {
      RemoveResting(book, h, EventKind::kExpired, CancelReason::kExpired, true, out);
    }
  }
  if (!policy_) return;
  for (InstrumentId id : policy_->ClosePeriod(out)) CancelBelowFloor(books_[id], out);
  for (OrderBook& book : books_) RefreshStockpile(book, out);
}

void Engine::Admin(const Command& cmd, EventBuffer& out) {
  OrderBook& book = books_[cmd.instrument];
  switch (cmd.kind) {
    case CommandKind::kHalt:
    case CommandKind::kResume: {
      const bool halted = cmd.kind == CommandKind::kHalt;
      const bool resumed = book.halted() && !halted;
      book.set_halted(halted);
      Event& e = out.Append(EventKind::kPolicy, book.id());
      e.policy = PolicyEvent{
          static_cast<uint8_t>(PolicyEventType::kInstrumentStatus), 0, halted ? 1 : 0, 0, 0, 0};
      // Refreshes skipped while halted happen now.
      if (resumed && policy_) RefreshStockpile(book, out);
      return;
    }
    case CommandKind::kSetFloor:
    case CommandKind::kSetTariff:
      if (!policy_ || (cmd.kind == CommandKind::kSetFloor ? cmd.price : cmd.qty) < 0) break;
      if (cmd.kind == CommandKind::kSetTariff) return policy_->SetTariff(book.id(), cmd.qty, out);
      if (policy_->floor(book.id()) == cmd.price) return;  // unchanged: nothing to do
      policy_->SetFloor(book.id(), cmd.price, FloorChangeCause::kAdmin, out);
      CancelBelowFloor(book, out);
      return RefreshStockpile(book, out);
    default:
      break;
  }
  Reject(cmd, cmd.instrument, RejectReason::kBadCommand, 0, out);
}

void Engine::CancelBelowFloor(OrderBook& book, EventBuffer& out) {
  const Price floor = policy_->floor(book.id());
  scratch_.clear();
  book.ForEachOrder(pool_, [&](OrderHandle h) {
    if (pool_[h].price < floor) scratch_.push_back(h);
  });
  for (OrderHandle h : scratch_) {
    RemoveResting(book, h, EventKind::kCancelled, CancelReason::kFloorRaised, true, out);
  }
}

void Engine::RefreshStockpile(OrderBook& book, EventBuffer& out) {
  const std::optional<ParticipantId> stockpile = policy_->rules().stockpile;
  if (!stockpile || !policy_->instrument(book.id()).stockpile) return;
  if (book.halted()) return;  // it could place nothing: refreshed when it resumes
  scratch_.clear();
  book.ForEachOrder(pool_, [&](OrderHandle h) {
    if (pool_[h].participant == *stockpile) scratch_.push_back(h);
  });
  for (OrderHandle h : scratch_) {
    RemoveResting(book, h, EventKind::kCancelled, CancelReason::kPolicy, true, out);
  }
  Qty placed[2] = {0, 0};
  for (const Side side : {Side::kBuy, Side::kSell}) {
    // The ask is sized once the bid is placed: the bid may have bought on arrival.
    const std::optional<Command> order =
        side == Side::kBuy ? policy_->StockpileBid(book.id()) : policy_->StockpileAsk(book.id());
    if (!order) continue;
    const OrderId id = next_order_id_;
    NewOrder(*order, out);
    // Report what stands now: the order may have been refused or have traded on arrival.
    const Order* rests = next_order_id_ != id ? FindOrder(id) : nullptr;
    placed[static_cast<int>(order->side)] = rests ? rests->leaves : 0;
  }
  policy_->ReportStockpile(book.id(), placed[0], placed[1], out);
}

void Engine::AttachPolicy(FloorPolicy* policy, EventBuffer& out) {
  policy_ = policy;
  for (OrderBook& book : books_) RefreshStockpile(book, out);
}

uint64_t Engine::StateHash() const {
  StateHasher hasher;
  hasher.Add(next_order_id_);
  hasher.Add(next_trade_id_);
  for (const OrderBook& book : books_) book.HashInto(pool_, hasher);
  return hasher.value();
}

absl::Status Engine::Validate() const {
  size_t total = 0;
  size_t with_client_id = 0;
  for (const OrderBook& book : books_) {
    size_t orders = 0;
    if (absl::Status s = book.Validate(pool_, &orders); !s.ok()) return s;
    total += orders;
    absl::Status status;
    book.ForEachOrder(pool_, [&](OrderHandle h) {
      const Order& o = pool_[h];
      if (by_id_.Find(o.id) != h) {
        status = absl::InternalError(absl::StrFormat("order %d not reachable by id", o.id));
      }
      if (o.client_id != 0) {
        ++with_client_id;
        if (by_client_.Find(o.participant, o.client_id) != h) {
          status = absl::InternalError(
              absl::StrFormat("order %d not reachable by client id %d", o.id, o.client_id));
        }
      }
    });
    if (!status.ok()) return status;
  }
  if (total != by_id_.size() || with_client_id != by_client_.size()) {
    return absl::InternalError(absl::StrFormat(
        "index holds %d ids and %d client ids for %d resting orders (%d with client ids)",
        by_id_.size(), by_client_.size(), total, with_client_id));
  }
  if (pool_.live() != total) {
    return absl::InternalError(
        absl::StrFormat("pool holds %d live orders for %d resting orders", pool_.live(), total));
  }
  return absl::OkStatus();
}

}  // namespace ftz
