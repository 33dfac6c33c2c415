#include "tests/matching/reference_engine.h"

#include <algorithm>

#include "matching/state_hash.h"

namespace ftz::testing {

InstrumentId ReferenceEngine::AddInstrument(const InstrumentSpec& spec) {
  Book b;
  b.spec = spec;
  books_.push_back(std::move(b));
  return static_cast<InstrumentId>(books_.size() - 1);
}

const ReferenceEngine::Order* ReferenceEngine::Find(OrderId id) const {
  for (const Book& b : books_) {
    for (const auto* side : {&b.bids, &b.asks}) {
      for (const auto& [price, level] : *side) {
        for (const Order& o : level) {
          if (o.id == id) return &o;
        }
      }
    }
  }
  return nullptr;
}

bool ReferenceEngine::Locate(OrderId id, ParticipantId participant, ClientOrderId client_id,
                             Location* loc) {
  if (id == 0) {
    if (client_id == 0) return false;
    auto c = by_client_.find({participant, client_id});
    if (c == by_client_.end()) return false;
    id = c->second;
  }
  auto w = where_.find(id);
  if (w == where_.end()) return false;
  Level& level = SideOf(books_[w->second.instrument], w->second.side).at(w->second.price);
  for (auto it = level.begin(); it != level.end(); ++it) {
    if (it->id == id) {
      *loc = Location{w->second.instrument, w->second.side, w->second.price, it};
      return true;
    }
  }
  return false;  // the index is wrong; CheckIndex() reports it
}

void ReferenceEngine::Forget(const Order& o) {
  where_.erase(o.id);
  if (o.client_id != 0) by_client_.erase({o.participant, o.client_id});
}

std::string ReferenceEngine::CheckIndex() const {
  size_t orders = 0, with_client = 0;
  for (InstrumentId i = 0; i < books_.size(); ++i) {
    for (Side s : {Side::kBuy, Side::kSell}) {
      for (const auto& [price, level] : s == Side::kBuy ? books_[i].bids : books_[i].asks) {
        if (level.empty()) return "empty level kept";
        for (const Order& o : level) {
          ++orders;
          auto w = where_.find(o.id);
          if (w == where_.end() || w->second.instrument != i || w->second.side != s ||
              w->second.price != price) {
            return "order " + std::to_string(o.id) + " not indexed where it rests";
          }
          if (o.client_id != 0) {
            ++with_client;
            auto c = by_client_.find({o.participant, o.client_id});
            if (c == by_client_.end() || c->second != o.id) {
              return "order " + std::to_string(o.id) + " not indexed by client id";
            }
          }
        }
      }
    }
  }
  if (orders != where_.size() || with_client != by_client_.size()) return "stale index entries";
  return "";
}

std::vector<Price> ReferenceEngine::PricesBestFirst(const Book& b, Side s) const {
  std::vector<Price> prices;
  const auto& m = s == Side::kBuy ? b.bids : b.asks;
  for (const auto& [price, level] : m) prices.push_back(price);
  if (s == Side::kBuy) std::reverse(prices.begin(), prices.end());
  return prices;
}

void ReferenceEngine::Submit(const Command& c, std::vector<Event>& out) {
  switch (c.kind) {
    case CommandKind::kNewOrder:
      return New(c, out);
    case CommandKind::kCancel:
      return Cancel(c, out);
    case CommandKind::kReplace:
      return Replace(c, out);
    case CommandKind::kMassCancel:
      return MassCancel(c, out);
    case CommandKind::kEndPeriod:
      return EndPeriod(out);
    case CommandKind::kHalt:
    case CommandKind::kResume:
      // Admin halt and resume (docs/matching.md, "Admin"): a STATUS event.
      if (c.instrument < books_.size()) {
        books_[c.instrument].halted = c.kind == CommandKind::kHalt;
        Event e{};
        e.kind = EventKind::kStatusChanged;
        e.instrument = c.instrument;
        e.status.halted = c.kind == CommandKind::kHalt;
        out.push_back(e);
        return;
      }
      return Reject(c, c.instrument, RejectReason::kUnknownInstrument, 0, out);
    default:  // floor and tariff commands belong to the floor policy, not this reference
      return Reject(c, c.instrument,
                    c.instrument >= books_.size() ? RejectReason::kUnknownInstrument
                                                  : RejectReason::kBadCommand,
                    0, out);
  }
}

void ReferenceEngine::Reject(const Command& c, InstrumentId instrument, RejectReason reason,
                             int64_t limit, std::vector<Event>& out) {
  Event e{};
  e.kind = EventKind::kRejected;
  e.instrument = instrument;
  // order_id: the target of a cancel or replace, else 0 (event.h).
  const bool targets = c.kind == CommandKind::kCancel || c.kind == CommandKind::kReplace;
  e.rejected = RejectedEvent{.order = {targets ? c.order_id : 0, c.client_id, c.participant},
                             .command = c.kind,
                             .reason = reason,
                             .side = c.side,
                             .price = c.price,
                             .qty = c.qty,
                             .limit = limit,
                             .order_price = 0,
                             .order_leaves = 0};
  out.push_back(e);
}

void ReferenceEngine::EmitCancel(InstrumentId instrument, EventKind kind, const Order& o,
                                 CancelReason reason, std::vector<Event>& out) {
  Event e{};
  e.kind = kind;
  e.instrument = instrument;
  e.cancelled = CancelledEvent{.order = {o.id, o.client_id, o.participant},
                               .side = o.side,
                               .reason = reason,
                               .price = o.price,
                               .leaves = o.leaves};
  out.push_back(e);
}

void ReferenceEngine::EmitLevel(InstrumentId instrument, Side side, Price price,
                                std::vector<Event>& out) {
  Qty qty = 0;
  uint32_t orders = 0;
  auto& m = SideOf(books_[instrument], side);
  if (auto it = m.find(price); it != m.end()) {
    for (const Order& o : it->second) {
      qty += o.leaves;
      ++orders;
    }
  }
  Event e{};
  e.kind = EventKind::kLevelChanged;
  e.instrument = instrument;
  e.level = LevelChangedEvent{.side = side, .price = price, .qty = qty, .orders = orders};
  out.push_back(e);
}

// True when a resting price on the other side is at or better than the taker's limit.
static bool Reaches(Side taker_side, bool has_limit, Price limit, Price maker_price) {
  if (!has_limit) return true;
  return taker_side == Side::kBuy ? maker_price <= limit : maker_price >= limit;
}

bool ReferenceEngine::FokFillable(const Book& b, const Command& c, bool has_limit,
                                  Price limit) const {
  Qty count = 0;
  for (Price price : PricesBestFirst(b, Opposite(c.side))) {
    if (!Reaches(c.side, has_limit, limit, price)) break;
    const auto& m = c.side == Side::kBuy ? b.asks : b.bids;
    for (const Order& maker : m.at(price)) {
      if (maker.participant == c.participant && c.stp != StpMode::kNone) {
        if (c.stp == StpMode::kCancelOldest) continue;  // skipped
        return count >= c.qty;                          // matching would stop here
      }
      count += maker.leaves;
      if (count >= c.qty) return true;
    }
  }
  return count >= c.qty;
}

void ReferenceEngine::New(const Command& c, std::vector<Event>& out) {
  // 1. unknown instrument
  if (c.instrument >= books_.size()) {
    return Reject(c, c.instrument, RejectReason::kUnknownInstrument, 0, out);
  }
  Book& b = books_[c.instrument];
  // 2. halted
  if (b.halted) return Reject(c, c.instrument, RejectReason::kHalted, 0, out);
  // 3. quantity
  if (c.qty <= 0 || c.qty > b.spec.max_qty) {
    return Reject(c, c.instrument, RejectReason::kBadQuantity, b.spec.max_qty, out);
  }
  // 4. market orders
  const bool market = c.type == OrderType::kMarket;
  TimeInForce tif = c.tif;
  if (market && tif != TimeInForce::kFok) tif = TimeInForce::kIoc;
  if (c.post_only && (market || tif == TimeInForce::kIoc || tif == TimeInForce::kFok)) {
    return Reject(c, c.instrument, RejectReason::kBadCommand, 0, out);
  }
  // 5. limit price band
  if (!market) {
    if (c.price < b.spec.min_price) {
      return Reject(c, c.instrument, RejectReason::kBadPrice, b.spec.min_price, out);
    }
    if (c.price > b.spec.max_price) {
      return Reject(c, c.instrument, RejectReason::kBadPrice, b.spec.max_price, out);
    }
  }
  // 6. duplicate client id among the participant's resting orders
  if (c.client_id != 0) {
    Location loc;
    if (Locate(0, c.participant, c.client_id, &loc)) {
      return Reject(c, c.instrument, RejectReason::kDuplicateClientId, 0, out);
    }
  }
  // 7. post-only that reaches the opposite best
  const std::vector<Price> opposite = PricesBestFirst(b, Opposite(c.side));
  if (c.post_only && !opposite.empty() && Reaches(c.side, true, c.price, opposite.front())) {
    return Reject(c, c.instrument, RejectReason::kPostOnlyWouldCross, opposite.front(), out);
  }
  // 8. FOK
  if (tif == TimeInForce::kFok && !FokFillable(b, c, !market, c.price)) {
    return Reject(c, c.instrument, RejectReason::kFokNotFillable, 0, out);
  }

  Order o{.id = next_order_id_++,
          .client_id = c.client_id,
          .participant = c.participant,
          .instrument = c.instrument,
          .side = c.side,
          .type = c.type,
          .tif = tif,
          .stp = c.stp,
          .post_only = c.post_only,
          .price = market ? 0 : c.price,
          .leaves = c.qty};
  Event e{};
  e.kind = EventKind::kAccepted;
  e.instrument = c.instrument;
  e.accepted = AcceptedEvent{.order = {o.id, o.client_id, o.participant},
                             .side = o.side,
                             .type = o.type,
                             .tif = o.tif,
                             .price = o.price,
                             .qty = o.leaves};
  out.push_back(e);

  const bool stopped = Match(c.instrument, o, !market, c.price, out);
  if (o.leaves == 0) return;
  if (stopped)
    return EmitCancel(c.instrument, EventKind::kCancelled, o, CancelReason::kSelfTrade, out);
  if (market || tif == TimeInForce::kIoc || tif == TimeInForce::kFok) {
    return EmitCancel(c.instrument, EventKind::kCancelled, o, CancelReason::kUnfilled, out);
  }
  Rest(c.instrument, o, out);
}

bool ReferenceEngine::Match(InstrumentId instrument, Order& taker, bool has_limit, Price limit,
                            std::vector<Event>& out) {
  auto& makers = SideOf(books_[instrument], Opposite(taker.side));
  while (taker.leaves > 0 && !makers.empty()) {
    auto level_it = taker.side == Side::kBuy ? makers.begin() : std::prev(makers.end());
    const Price price = level_it->first;
    if (!Reaches(taker.side, has_limit, limit, price)) break;
    Level& level = level_it->second;
    bool stopped = false;
    for (auto it = level.begin(); it != level.end() && taker.leaves > 0;) {
      Order& maker = *it;
      if (maker.participant == taker.participant && taker.stp != StpMode::kNone) {
        if (taker.stp == StpMode::kCancelNewest) {
          stopped = true;
          break;
        }
        EmitCancel(instrument, EventKind::kCancelled, maker, CancelReason::kSelfTrade, out);
        Forget(maker);
        it = level.erase(it);
        if (taker.stp == StpMode::kCancelBoth) {
          stopped = true;
          break;
        }
        continue;
      }
      const Qty qty = std::min(maker.leaves, taker.leaves);
      maker.leaves -= qty;
      taker.leaves -= qty;
      Event e{};
      e.kind = EventKind::kTrade;
      e.instrument = instrument;
      e.trade = TradeEvent{.trade_id = next_trade_id_++,
                           .aggressor = taker.side,
                           .price = price,
                           .qty = qty,
                           .maker = {maker.id, maker.client_id, maker.participant},
                           .taker = {taker.id, taker.client_id, taker.participant},
                           .maker_leaves = maker.leaves,
                           .taker_leaves = taker.leaves,
                           .duty = 0,
                           .top_up = 0};
      out.push_back(e);
      if (maker.leaves == 0) {
        Forget(maker);
        it = level.erase(it);
      } else {
        ++it;
      }
    }
    if (level.empty()) makers.erase(price);
    EmitLevel(instrument, Opposite(taker.side), price, out);
    if (stopped) return true;
  }
  return false;
}

void ReferenceEngine::Rest(InstrumentId instrument, const Order& o, std::vector<Event>& out) {
  SideOf(books_[instrument], o.side)[o.price].push_back(o);
  where_[o.id] = Where{instrument, o.side, o.price};
  if (o.client_id != 0) by_client_[{o.participant, o.client_id}] = o.id;
  EmitLevel(instrument, o.side, o.price, out);
}

void ReferenceEngine::Cancel(const Command& c, std::vector<Event>& out) {
  Location loc;
  if (!Locate(c.order_id, c.participant, c.client_id, &loc)) {
    return Reject(c, c.instrument, RejectReason::kUnknownOrder, 0, out);
  }
  if (loc.it->participant != c.participant) {
    return Reject(c, loc.instrument, RejectReason::kNotYourOrder, 0, out);
  }
  EmitCancel(loc.instrument, EventKind::kCancelled, *loc.it, CancelReason::kUser, out);
  Forget(*loc.it);
  auto& m = SideOf(books_[loc.instrument], loc.side);
  m[loc.price].erase(loc.it);
  if (m[loc.price].empty()) m.erase(loc.price);
  EmitLevel(loc.instrument, loc.side, loc.price, out);
}

void ReferenceEngine::Replace(const Command& c, std::vector<Event>& out) {
  Location loc;
  if (!Locate(c.order_id, c.participant, c.client_id, &loc)) {
    return Reject(c, c.instrument, RejectReason::kUnknownOrder, 0, out);
  }
  const InstrumentId inst = loc.instrument;
  Book& b = books_[inst];
  if (loc.it->participant != c.participant) {
    return Reject(c, inst, RejectReason::kNotYourOrder, 0, out);
  }
  // From here on the reject names the order as it is (event.h).
  const auto refuse = [&](RejectReason reason, int64_t limit) {
    Command named = c;
    named.order_id = loc.it->id;
    named.side = loc.it->side;
    Reject(named, inst, reason, limit, out);
    out.back().rejected.order_price = loc.it->price;
    out.back().rejected.order_leaves = loc.it->leaves;
  };
  if (b.halted) return refuse(RejectReason::kHalted, 0);
  if (c.qty <= 0 || c.qty > b.spec.max_qty) {
    return refuse(RejectReason::kBadQuantity, b.spec.max_qty);
  }
  if (c.price < b.spec.min_price) return refuse(RejectReason::kBadPrice, b.spec.min_price);
  if (c.price > b.spec.max_price) return refuse(RejectReason::kBadPrice, b.spec.max_price);
  const std::vector<Price> opposite = PricesBestFirst(b, Opposite(loc.side));
  if (loc.it->post_only && !opposite.empty() &&
      Reaches(loc.side, true, c.price, opposite.front())) {
    return refuse(RejectReason::kPostOnlyWouldCross, opposite.front());
  }

  Order& o = *loc.it;
  const bool keep = c.price == o.price && c.qty <= o.leaves;
  Event e{};
  e.kind = EventKind::kReplaced;
  e.instrument = inst;
  e.replaced = ReplacedEvent{.order = {o.id, o.client_id, o.participant},
                             .side = o.side,
                             .priority_kept = keep,
                             .old_price = o.price,
                             .old_leaves = o.leaves,
                             .new_price = c.price,
                             .new_leaves = c.qty};
  out.push_back(e);
  if (keep) {
    o.leaves = c.qty;
    return EmitLevel(inst, loc.side, loc.price, out);
  }
  Order moving = o;
  Forget(o);  // Rest() indexes it again if it rests
  auto& own = SideOf(b, loc.side);
  own[loc.price].erase(loc.it);
  if (own[loc.price].empty()) own.erase(loc.price);
  EmitLevel(inst, loc.side, loc.price, out);
  moving.price = c.price;
  moving.leaves = c.qty;
  const bool stopped = Match(inst, moving, true, c.price, out);
  if (moving.leaves == 0) return;
  if (stopped)
    return EmitCancel(inst, EventKind::kCancelled, moving, CancelReason::kSelfTrade, out);
  Rest(inst, moving, out);
}

template <typename Pick>
void ReferenceEngine::RemoveAll(Pick pick, EventKind kind, CancelReason reason,
                                std::vector<Event>& out) {
  for (InstrumentId i = 0; i < books_.size(); ++i) {
    // Collect first: bids best to worst, then asks best to worst, FIFO in a level.
    std::vector<std::pair<Side, OrderId>> victims;
    for (Side s : {Side::kBuy, Side::kSell}) {
      for (Price price : PricesBestFirst(books_[i], s)) {
        for (const Order& o : SideOf(books_[i], s)[price]) {
          if (pick(i, o)) victims.push_back({s, o.id});
        }
      }
    }
    for (const auto& [side, id] : victims) {
      Location loc;
      Locate(id, 0, 0, &loc);
      EmitCancel(i, kind, *loc.it, reason, out);
      Forget(*loc.it);
      auto& m = SideOf(books_[i], side);
      m[loc.price].erase(loc.it);
      if (m[loc.price].empty()) m.erase(loc.price);
      EmitLevel(i, side, loc.price, out);
    }
  }
}

void ReferenceEngine::MassCancel(const Command& c, std::vector<Event>& out) {
  if (c.filter_instrument && c.instrument >= books_.size()) {
    return Reject(c, c.instrument, RejectReason::kUnknownInstrument, 0, out);
  }
  RemoveAll(
      [&](InstrumentId i, const Order& o) {
        return o.participant == c.participant && (!c.filter_instrument || i == c.instrument) &&
               (!c.filter_side || o.side == c.side);
      },
      EventKind::kCancelled, CancelReason::kMassCancel, out);
}

void ReferenceEngine::EndPeriod(std::vector<Event>& out) {
  RemoveAll([](InstrumentId, const Order& o) { return o.tif == TimeInForce::kDay; },
            EventKind::kExpired, CancelReason::kExpired, out);
}

uint64_t ReferenceEngine::StateHash() const {
  StateHasher h;
  h.Add(uint64_t{next_order_id_});
  h.Add(uint64_t{next_trade_id_});
  for (InstrumentId i = 0; i < books_.size(); ++i) {
    const Book& b = books_[i];
    h.Add(uint64_t{i});
    h.Add(uint64_t{b.halted});
    for (Side s : {Side::kBuy, Side::kSell}) {
      h.Add(uint64_t{0xB00C} + static_cast<uint64_t>(s));
      for (Price price : PricesBestFirst(b, s)) {
        h.Add(price);
        const auto& m = s == Side::kBuy ? b.bids : b.asks;
        for (const Order& o : m.at(price)) {
          h.Add(o.id);
          h.Add(o.client_id);
          h.Add(uint64_t{o.participant});
          h.Add(o.leaves);
        }
      }
    }
  }
  return h.value();
}

}  // namespace ftz::testing
