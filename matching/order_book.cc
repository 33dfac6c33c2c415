#include "matching/order_book.h"

#include "absl/strings/str_format.h"

namespace ftz {

absl::Status OrderBook::Validate(const OrderPool& pool, size_t* orders) const {
  *orders = 0;
  for (const PriceLadder* ladder : {&bids(), &asks()}) {
    if (!ladder->CheckBookkeeping()) {
      return absl::InternalError(absl::StrFormat("%s %s ladder bookkeeping broken", spec_.symbol,
                                                 ToString(ladder->side())));
    }
    absl::Status status;
    size_t levels = 0;
    ladder->ForEachLevel([&](Price price, const PriceLevel& level) {
      ++levels;
      Qty qty = 0;
      uint32_t count = 0;
      OrderHandle prev = kNoOrder;
      for (OrderHandle h = level.head; h != kNoOrder; h = pool[h].next) {
        const Order& o = pool[h];
        if (o.prev != prev || o.price != price || o.side != ladder->side() || o.instrument != id_ ||
            o.leaves <= 0) {
          status = absl::InternalError(
              absl::StrFormat("%s order %d at %d: bad links, price, side, instrument or leaves",
                              spec_.symbol, o.id, price));
          return false;
        }
        qty += o.leaves;
        ++count;
        prev = h;
      }
      if (prev != level.tail || qty != level.qty || count != level.count) {
        status = absl::InternalError(absl::StrFormat(
            "%s %s level %d: aggregate %d/%d does not match its orders %d/%d", spec_.symbol,
            ToString(ladder->side()), price, level.qty, level.count, qty, count));
        return false;
      }
      *orders += count;
      return true;
    });
    if (!status.ok()) return status;
    // ForEachLevel finds levels through the bitset's summary words, level_count() counts
    // the bits themselves: they differ when a summary bit is missing.
    if (levels != ladder->level_count()) {
      return absl::InternalError(absl::StrFormat("%s level count mismatch", spec_.symbol));
    }
  }
  if (!bids().empty() && !asks().empty() && bids().best_price() >= asks().best_price()) {
    return absl::InternalError(absl::StrFormat("%s crossed: bid %d >= ask %d", spec_.symbol,
                                               bids().best_price(), asks().best_price()));
  }
  return absl::OkStatus();
}

void OrderBook::HashInto(const OrderPool& pool, StateHasher& hasher) const {
  hasher.Add(uint64_t{id_});
  hasher.Add(uint64_t{halted_});
  for (const PriceLadder* ladder : {&bids(), &asks()}) {
    hasher.Add(uint64_t{0xB00C} + static_cast<uint64_t>(ladder->side()));
    ladder->ForEachLevel([&](Price price, const PriceLevel& level) {
      hasher.Add(price);
      for (OrderHandle h = level.head; h != kNoOrder; h = pool[h].next) {
        const Order& o = pool[h];
        hasher.Add(o.id);
        hasher.Add(o.client_id);
        hasher.Add(uint64_t{o.participant});
        hasher.Add(o.leaves);
      }
      return true;
    });
  }
}

}  // namespace ftz
