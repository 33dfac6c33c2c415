#include "client/book_builder.h"

#include <algorithm>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace ftz::gw {

BookBuilder::Result BookBuilder::Apply(const wire::ServerMessage& m) {
  if (m.has_snapshot()) {
    const wire::BookSnapshot& s = m.snapshot();
    if (s.instrument_id() != instrument_) return Result::kIgnored;
    if (!in_snapshot_) {
      bids_.clear();
      asks_.clear();
      in_snapshot_ = true;
      ready_ = false;
    }
    for (const wire::Level& l : s.bids()) bids_[l.price()] = {l.qty(), l.orders()};
    for (const wire::Level& l : s.asks()) asks_[l.price()] = {l.qty(), l.orders()};
    md_seq_ = s.md_seq();
    floor_ = s.floor();
    halted_ = s.halted();
    last_trade_id_ = s.last_trade_id();
    last_trade_price_ = s.last_trade_price();
    if (s.more()) return Result::kWaiting;
    in_snapshot_ = false;
    ready_ = true;
    return Result::kApplied;
  }
  uint32_t instrument = 0;
  uint64_t seq = 0;
  switch (m.body_case()) {
    case wire::ServerMessage::kLevel:
      instrument = m.level().instrument_id();
      seq = m.level().md_seq();
      break;
    case wire::ServerMessage::kTrade:
      instrument = m.trade().instrument_id();
      seq = m.trade().md_seq();
      break;
    case wire::ServerMessage::kFloor:
      instrument = m.floor().instrument_id();
      seq = m.floor().md_seq();
      break;
    case wire::ServerMessage::kStockpile:
      instrument = m.stockpile().instrument_id();
      seq = m.stockpile().md_seq();
      break;
    case wire::ServerMessage::kInstrumentStatus:
      instrument = m.instrument_status().instrument_id();
      seq = m.instrument_status().md_seq();
      break;
    default:
      return Result::kIgnored;
  }
  if (instrument != instrument_) return Result::kIgnored;
  if (!ready_) return Result::kWaiting;
  if (seq <= md_seq_) return Result::kIgnored;
  if (seq != md_seq_ + 1 && !conflated_) {
    ready_ = false;
    return Result::kGap;
  }
  md_seq_ = seq;
  switch (m.body_case()) {
    case wire::ServerMessage::kLevel: {
      const wire::LevelUpdate& l = m.level();
      if (l.side() == wire::BUY) {
        if (l.qty() == 0) {
          bids_.erase(l.price());
        } else {
          bids_[l.price()] = {l.qty(), l.orders()};
        }
      } else if (l.qty() == 0) {
        asks_.erase(l.price());
      } else {
        asks_[l.price()] = {l.qty(), l.orders()};
      }
      break;
    }
    case wire::ServerMessage::kTrade:
      last_trade_id_ = m.trade().trade_id();
      last_trade_price_ = m.trade().price();
      break;
    case wire::ServerMessage::kFloor:
      floor_ = m.floor().new_floor();
      break;
    case wire::ServerMessage::kInstrumentStatus:
      halted_ = m.instrument_status().halted();
      break;
    default:
      break;
  }
  return Result::kApplied;
}

std::string BookBuilder::Format(int depth, double tick_size) const {
  std::vector<std::pair<int64_t, BookLevel>> b(bids_.begin(), bids_.end());
  std::vector<std::pair<int64_t, BookLevel>> a(asks_.begin(), asks_.end());
  auto price = [&](int64_t p) {
    return tick_size > 0 ? absl::StrFormat("%.2f", p * tick_size) : absl::StrFormat("%d", p);
  };
  std::string out = absl::StrFormat("%10s %8s %12s | %-12s %-8s %-10s\n", "bid qty", "orders",
                                    "bid", "ask", "orders", "ask qty");
  const size_t rows = std::min<size_t>(depth, std::max(b.size(), a.size()));
  for (size_t i = 0; i < rows; ++i) {
    std::string left = i < b.size() ? absl::StrFormat("%10d %8d %12s", b[i].second.qty,
                                                      b[i].second.orders, price(b[i].first))
                                    : std::string(32, ' ');
    std::string right = i < a.size() ? absl::StrFormat("%-12s %-8d %-10d", price(a[i].first),
                                                       a[i].second.orders, a[i].second.qty)
                                     : "";
    absl::StrAppend(&out, left, " | ", right, "\n");
  }
  absl::StrAppendFormat(&out, "md_seq %d  floor %s  %s  last trade %d @ %s\n", md_seq_,
                        floor_ ? price(floor_) : std::string("none"), halted_ ? "HALTED" : "open",
                        last_trade_id_, price(last_trade_price_));
  return out;
}

}  // namespace ftz::gw
