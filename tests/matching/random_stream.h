// Seeded random command streams mixing every command kind, for the differential and
// invariant tests. Deterministic for a seed; learns order ids from the events it is fed
// so that cancels and replaces hit live orders (and sometimes dead, unknown or other
// participants' ones).
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "vocabulary/command.h"
#include "vocabulary/event.h"
#include "vocabulary/instrument.h"

namespace ftz::testing {

// Commands per seed: `fallback` unless the environment variable FTZ_TEST_COMMANDS says
// otherwise (e.g. FTZ_TEST_COMMANDS=5000 for a quick sanitizer run).
inline int64_t CommandsPerSeed(int64_t fallback) {
  if (const char* v = std::getenv("FTZ_TEST_COMMANDS")) {
    const int64_t n = std::strtoll(v, nullptr, 10);
    if (n > 0) return n;
  }
  return fallback;
}

class RandomStream {
 public:
  static constexpr int kParticipants = 4;

  // kDeep: fewer cancels and mass cancels and a wider spread of prices, so books hold
  // thousands of orders over hundreds of levels and takers sweep many of them.
  enum class Profile { kNormal, kDeep };

  explicit RandomStream(uint64_t seed, Profile profile = Profile::kNormal)
      : rng_(seed), deep_(profile == Profile::kDeep) {
    for (const InstrumentSpec& s : Instruments()) {
      specs_.push_back(s);
      mid_.push_back(s.min_price + (s.max_price - s.min_price) / 2);
    }
    // A narrow band that is mostly traded near its bottom edge.
    mid_[2] = 3000;
  }

  // The books every stream expects, to be added in this order.
  static std::vector<InstrumentSpec> Instruments() {
    InstrumentSpec a{
        .symbol = "CU", .min_price = 1, .max_price = Price{1} << 20, .max_qty = 100000};
    InstrumentSpec b{.symbol = "NI", .min_price = 1000, .max_price = 3000, .max_qty = 500};
    InstrumentSpec c{.symbol = "LI", .min_price = 1, .max_price = Price{1} << 17, .max_qty = 1000};
    // At the very top of the price range: market buys must still reach every ask.
    InstrumentSpec d{.symbol = "TOP",
                     .min_price = kMaxPrice - (Price{1} << 18) + 1,
                     .max_price = kMaxPrice,
                     .max_qty = 1000};
    return {a, b, c, d};
  }

  // Admin steps between commands: returns true (and which book, and the new state) when
  // the driver should halt or resume an instrument before the next command.
  bool NextAdmin(InstrumentId* instrument, bool* halted) {
    if (Pct() >= 0.5) return false;  // 0.5% of commands
    *instrument = static_cast<InstrumentId>(Uniform(0, static_cast<int64_t>(specs_.size()) - 1));
    *halted = Uniform(0, 9) == 0;  // mostly resume: halts stay short
    return true;
  }

  Command Next() {
    Command c = NextUnscrambled();
    if (Pct() < 15) Scramble(c);
    return c;
  }

 private:
  // Fills the fields a command's kind does not use with noise: the engine must ignore
  // them (command.h), e.g. a replace keeps the order's own time in force and STP mode.
  void Scramble(Command& c) {
    const bool is_new = c.kind == CommandKind::kNewOrder;
    const bool targets = c.kind == CommandKind::kCancel || c.kind == CommandKind::kReplace;
    const bool mass = c.kind == CommandKind::kMassCancel;
    if (!is_new) {
      if (!(mass && c.filter_side)) c.side = Uniform(0, 1) ? Side::kBuy : Side::kSell;
      c.type = Uniform(0, 1) ? OrderType::kLimit : OrderType::kMarket;
      c.tif = static_cast<TimeInForce>(Uniform(0, 3));
      c.stp = static_cast<StpMode>(Uniform(0, 3));
      c.post_only = Uniform(0, 1) == 0;
      c.origin = MakeJurisdiction('Z', 'Z');
    }
    if (!targets) c.order_id = static_cast<OrderId>(Uniform(1, 1000));
    if (!is_new && !targets) c.client_id = static_cast<ClientOrderId>(Uniform(1, 30));
    if (c.kind != CommandKind::kReplace && !is_new) {
      c.price = Uniform(-5, 5000);
      c.qty = Uniform(-5, 50);
    }
    if (!mass) {
      c.filter_instrument = Uniform(0, 1) == 0;
      c.filter_side = Uniform(0, 1) == 0;
    }
    if (c.kind == CommandKind::kEndPeriod) c.instrument = static_cast<InstrumentId>(Uniform(0, 9));
    if (c.kind == CommandKind::kCancel || (mass && !c.filter_instrument)) {
      c.instrument = static_cast<InstrumentId>(Uniform(0, 9));
    }
  }

  Command NextUnscrambled() {
    const double r = Pct();
    const double mass = deep_ ? 99.65 : 99.2;
    const double end = deep_ ? 99.7 : 99.5;
    if (r < (deep_ ? 72 : 60)) return NewOrder();
    if (r < (deep_ ? 82 : 75)) return CancelOrReplace(CommandKind::kCancel);
    if (r < (deep_ ? 99.5 : 98)) return CancelOrReplace(CommandKind::kReplace);
    if (r < mass) return Mass();
    Command c;
    if (r < end) {
      c.kind = CommandKind::kEndPeriod;
    } else {  // admin halt (short) or resume, sometimes of an unknown instrument
      c.kind = Uniform(0, 9) == 0 ? CommandKind::kHalt : CommandKind::kResume;
      c.instrument = Instrument();
    }
    return c;
  }

 public:
  // Learns from the engine's answer.
  // Keeps `live_` equal to the set of resting orders (plus the one being matched).
  void Observe(const Event& e) {
    switch (e.kind) {
      case EventKind::kAccepted: {
        const AcceptedEvent& a = e.accepted;
        Add(Known{a.order.order_id, a.order.client_id, a.order.participant, e.instrument, a.price,
                  a.qty, a.side});
        max_id_ = std::max(max_id_, a.order.order_id);
        break;
      }
      case EventKind::kTrade:
        if (e.trade.maker_leaves == 0) Remove(e.trade.maker.order_id);
        if (e.trade.taker_leaves == 0) Remove(e.trade.taker.order_id);
        break;
      case EventKind::kCancelled:
      case EventKind::kExpired:
        Remove(e.cancelled.order.order_id);
        break;
      case EventKind::kReplaced:
        if (auto it = pos_.find(e.replaced.order.order_id); it != pos_.end()) {
          live_[it->second].price = e.replaced.new_price;
          live_[it->second].qty = e.replaced.new_leaves;
        }
        break;
      default:
        break;
    }
  }
  size_t live() const { return live_.size(); }

 private:
  struct Known {
    OrderId id;
    ClientOrderId client_id;
    ParticipantId participant;
    InstrumentId instrument;
    Price price;
    Qty qty;
    Side side;
  };

  int64_t Uniform(int64_t lo, int64_t hi) {
    return std::uniform_int_distribution<int64_t>(lo, hi)(rng_);
  }
  double Pct() { return std::uniform_real_distribution<double>(0, 100)(rng_); }

  ParticipantId Participant() { return static_cast<ParticipantId>(Uniform(0, kParticipants - 1)); }
  ClientOrderId ClientId() {
    if (deep_) return Uniform(0, 2) == 0 ? Uniform(1, 400) : 0;
    return Uniform(0, 1) == 0 ? 0 : Uniform(1, 24);
  }

  Price PriceFor(InstrumentId i, Side side) {
    if (i >= specs_.size()) return Uniform(1, 5000);
    (void)side;
    const InstrumentSpec& s = specs_[i];
    Price& mid = mid_[i];
    mid = std::clamp<Price>(mid + Uniform(-1, 1), s.min_price + 10, s.max_price - 10);
    const double r = Pct();
    if (r < 88) {
      if (!deep_) return mid + Uniform(-6, 6);
      // Deep books: mostly passive (bids below the mid, asks above), some crossing.
      if (Pct() < 95) return side == Side::kBuy ? mid - Uniform(1, 60) : mid + Uniform(1, 60);
      return side == Side::kBuy ? mid + Uniform(0, 30) : mid - Uniform(0, 30);
    }
    if (r < 93) {  // far away: forces the ladder to grow, in both directions
      const int64_t span = std::min<int64_t>(100000, (s.max_price - s.min_price) / 2);
      return std::clamp<Price>(mid + (Uniform(0, 1) ? 1 : -1) * Uniform(600, span), s.min_price,
                               s.max_price);
    }
    if (r < 96) return Uniform(0, 1) ? s.min_price : s.max_price;  // band edges
    switch (Uniform(0, 3)) {                                       // outside the band
      case 0:
        return s.min_price - 1;
      case 1:
        return s.max_price + 1;
      case 2:
        return 0;
      default:
        return -Uniform(1, 100);
    }
  }

  Qty QtyFor(InstrumentId i) {
    const Qty max_qty = i < specs_.size() ? specs_[i].max_qty : 1000;
    const double r = Pct();
    if (r < 90) return Uniform(1, 40);
    if (r < 96) return Uniform(41, std::min<Qty>(400, max_qty));
    if (r < 97) return max_qty;
    if (r < 98) return max_qty + 1;
    if (r < 99) return 0;
    return -Uniform(1, 10);
  }

  InstrumentId Instrument() {
    if (Pct() < 1) {  // unknown
      return static_cast<InstrumentId>(Uniform(static_cast<int64_t>(specs_.size()), 1000));
    }
    return static_cast<InstrumentId>(Uniform(0, static_cast<int64_t>(specs_.size()) - 1));
  }

  Command NewOrder() {
    Command c;
    c.kind = CommandKind::kNewOrder;
    c.participant = Participant();
    c.instrument = Instrument();
    c.client_id = ClientId();
    c.side = Uniform(0, 1) ? Side::kBuy : Side::kSell;
    c.stp = static_cast<StpMode>(Pct() < 50 ? 0 : Uniform(1, 3));
    c.price = PriceFor(c.instrument, c.side);
    c.qty = QtyFor(c.instrument);
    c.origin = Uniform(0, 3) == 0 ? MakeJurisdiction('A', 'U') : 0;
    // Deep books: mostly resting limits; r is squeezed into the taker kinds less often.
    double r = Pct();
    if (deep_) r = r < 80 ? r * 55 / 80 : 55 + (r - 80) * 45 / 20;  // 80% resting limits
    if (r < 55) {
      c.tif = Uniform(0, 2) == 0 ? TimeInForce::kDay : TimeInForce::kGtc;
    } else if (r < 65) {
      c.type = OrderType::kMarket;
      c.tif = static_cast<TimeInForce>(Uniform(0, 3));  // DAY/GTC become IOC; FOK stays
    } else if (r < 75) {
      c.tif = TimeInForce::kIoc;
    } else if (r < 87) {
      c.tif = TimeInForce::kFok;
      if (Uniform(0, 3) == 0) c.type = OrderType::kMarket;
    } else {
      c.post_only = true;
      c.tif = Uniform(0, 2) == 0 ? TimeInForce::kDay : TimeInForce::kGtc;
      if (Uniform(0, 9) == 0) c.tif = TimeInForce::kIoc;     // BAD_COMMAND
      if (Uniform(0, 19) == 0) c.type = OrderType::kMarket;  // BAD_COMMAND
    }
    return c;
  }

  Command CancelOrReplace(CommandKind kind) {
    Command c;
    c.kind = kind;
    c.participant = Participant();
    c.instrument = Instrument();
    const double r = Pct();
    const Known* k = live_.empty() ? nullptr : &live_[Uniform(0, live_.size() - 1)];
    if (k != nullptr && r < 85) {
      // Usually the owner; sometimes someone else (NOT_YOUR_ORDER).
      c.participant = Pct() < 90 ? k->participant : Participant();
      c.instrument = k->instrument;
      if (k->client_id != 0 && Uniform(0, 2) == 0) {
        c.client_id = k->client_id;  // by client id
      } else {
        c.order_id = k->id;
      }
    } else if (r < 93) {
      c.order_id = Uniform(1, static_cast<int64_t>(max_id_) + 5);  // often dead or unknown
    } else {
      c.client_id = ClientId();  // by client id, often unknown (and 0: no target)
    }
    if (kind == CommandKind::kReplace) {
      const double q = Pct();
      if (k != nullptr && q < 35) {  // same price: smaller (keeps priority) or larger
        c.price = k->price;
        c.qty = Uniform(0, 3) == 0 ? k->qty + Uniform(1, 20) : std::max<Qty>(1, k->qty / 2);
        if (Pct() < 3) c.qty = 0;
      } else {
        c.price = PriceFor(c.instrument, k != nullptr ? k->side : Side::kBuy);
        c.qty = QtyFor(c.instrument);
      }
    }
    return c;
  }

  Command Mass() {
    Command c;
    c.kind = CommandKind::kMassCancel;
    c.participant = Participant();
    c.filter_instrument = Uniform(0, 1) == 0;
    c.instrument = Instrument();
    c.filter_side = Uniform(0, 1) == 0;
    c.side = Uniform(0, 1) ? Side::kBuy : Side::kSell;
    return c;
  }

  std::mt19937_64 rng_;
  bool deep_;
  std::vector<InstrumentSpec> specs_;
  std::vector<Price> mid_;
  void Add(const Known& k) {
    pos_[k.id] = live_.size();
    live_.push_back(k);
  }
  void Remove(OrderId id) {
    auto it = pos_.find(id);
    if (it == pos_.end()) return;
    const size_t i = it->second;
    pos_.erase(it);
    if (i + 1 != live_.size()) {
      live_[i] = live_.back();
      pos_[live_[i].id] = i;
    }
    live_.pop_back();
  }

  std::vector<Known> live_;                   // resting orders, for cancels and replaces to aim at
  absl::flat_hash_map<OrderId, size_t> pos_;  // index in live_
  OrderId max_id_ = 0;
};

}  // namespace ftz::testing
