#include "matching/engine_state.h"

#include <algorithm>

#include "absl/strings/str_format.h"
#include "matching/state_hash.h"

namespace ftz {

EngineState::EngineState(EngineOptions options) {
  pool_.Reserve(options.expected_orders);
  by_id_.reserve(options.expected_orders);
  // Not the whole expected_orders: the table grows with the live set, and a table much
  // larger than it spreads a few entries over many cache lines (every lookup a miss).
  by_client_.reserve(std::min<size_t>(options.expected_orders, 1024));
  scratch_.reserve(1024);
}

absl::StatusOr<InstrumentId> EngineState::AddInstrument(InstrumentSpec spec) {
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

absl::Status EngineState::SetHalted(InstrumentId instrument, bool halted) {
  if (instrument >= books_.size()) return absl::NotFoundError("unknown instrument");
  books_[instrument].set_halted(halted);
  return absl::OkStatus();
}

const Order* EngineState::FindOrder(OrderId id) const {
  const OrderHandle h = by_id_.Find(id);
  return h == kNoOrder ? nullptr : &pool_[h];
}

absl::Status EngineState::RestoreCounters(OrderId next_order, TradeId next_trade) {
  if (next_order < 1 || next_trade < 1) {
    return absl::InvalidArgumentError("id counters must be at least 1");
  }
  for (const OrderBook& book : books_) {
    absl::Status status;
    book.ForEachOrder(pool_, [&](OrderHandle h) {
      if (pool_[h].id >= next_order) {
        status = absl::InvalidArgumentError(absl::StrFormat(
            "resting order %d is not below the next order id %d", pool_[h].id, next_order));
      }
    });
    if (!status.ok()) return status;
  }
  next_order_id_ = next_order;
  next_trade_id_ = next_trade;
  return absl::OkStatus();
}

absl::Status EngineState::CheckRestorable(const Order& o) const {
  if (o.instrument >= books_.size()) {
    return absl::InvalidArgumentError(
        absl::StrFormat("order %d: unknown instrument %d", o.id, o.instrument));
  }
  const OrderBook& book = books_[o.instrument];
  if (o.id == 0 || o.leaves <= 0 || o.leaves > book.spec().max_qty ||
      o.price < book.spec().min_price || o.price > book.spec().max_price ||
      (o.side != Side::kBuy && o.side != Side::kSell) || o.type != OrderType::kLimit) {
    return absl::InvalidArgumentError(
        absl::StrFormat("order %d: not a resting limit order of %s (price %d, leaves %d)", o.id,
                        book.spec().symbol, o.price, o.leaves));
  }
  if (by_id_.Find(o.id) != kNoOrder) {
    return absl::InvalidArgumentError(absl::StrFormat("order %d restored twice", o.id));
  }
  if (o.client_id != 0 && by_client_.contains(o.participant, o.client_id)) {
    return absl::InvalidArgumentError(
        absl::StrFormat("order %d: client id %d of participant %d already rests", o.id, o.client_id,
                        o.participant));
  }
  const PriceLadder& opposite = book.ladder(Opposite(o.side));
  if (opposite.Reaches(o.price)) {
    return absl::InvalidArgumentError(absl::StrFormat("order %d at %d would cross the book of %s",
                                                      o.id, o.price, book.spec().symbol));
  }
  return absl::OkStatus();
}

uint64_t EngineState::StateHash() const {
  StateHasher hasher;
  hasher.Add(next_order_id_);
  hasher.Add(next_trade_id_);
  for (const OrderBook& book : books_) book.HashInto(pool_, hasher);
  return hasher.value();
}

absl::Status EngineState::Validate() const {
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
