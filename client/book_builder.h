// Rebuilds one instrument's book from market data: a snapshot (possibly in parts),
// then incremental updates with consecutive md_seq numbers. A missing number is a gap:
// the builder stops applying and says so; ask the server for a snapshot and feed it.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>

#include "proto/ftz_wire.pb.h"

namespace ftz::gw {

struct BookLevel {
  int64_t qty = 0;
  uint32_t orders = 0;
  bool operator==(const BookLevel&) const = default;
};

class BookBuilder {
 public:
  enum class Result {
    kApplied,  // the book changed (or a snapshot completed)
    kIgnored,  // another instrument, not market data, or older than the book
    kWaiting,  // no complete snapshot yet
    kGap,      // an update is missing: request a snapshot
  };

  // `conflated`: the book is subscribed with conflation, so md_seq may skip (the states
  // in between were replaced): only an update older than the book is ignored.
  explicit BookBuilder(uint32_t instrument_id, bool conflated = false)
      : instrument_(instrument_id), conflated_(conflated) {}

  Result Apply(const wire::ServerMessage& m);

  bool ready() const { return ready_; }
  uint64_t md_seq() const { return md_seq_; }
  int64_t floor() const { return floor_; }
  bool halted() const { return halted_; }
  uint64_t last_trade_id() const { return last_trade_id_; }
  int64_t last_trade_price() const { return last_trade_price_; }
  const std::map<int64_t, BookLevel, std::greater<>>& bids() const { return bids_; }
  const std::map<int64_t, BookLevel>& asks() const { return asks_; }

  // True when both sides equal the other builder's.
  bool SameBook(const BookBuilder& other) const {
    return bids_ == other.bids_ && asks_ == other.asks_;
  }
  // A text picture of the top `depth` levels of each side.
  std::string Format(int depth, double tick_size = 0) const;

 private:
  uint32_t instrument_;
  bool conflated_ = false;
  bool ready_ = false;
  bool in_snapshot_ = false;
  uint64_t md_seq_ = 0;
  int64_t floor_ = 0;
  bool halted_ = false;
  uint64_t last_trade_id_ = 0;
  int64_t last_trade_price_ = 0;
  std::map<int64_t, BookLevel, std::greater<>> bids_;
  std::map<int64_t, BookLevel> asks_;
};

}  // namespace ftz::gw
