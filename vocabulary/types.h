// Vocabulary of the exchange core: integer prices and quantities, ids, sides,
// order attributes and the typed reasons carried by rejects and cancels.
//
// Prices are int64 ticks and quantities int64 lots; the core never uses floating
// point. An instrument's tick and lot sizes convert them to real units.
#pragma once

#include <cstdint>
#include <limits>

namespace ftz {

using Price = int64_t;  // ticks
using Qty = int64_t;    // lots
// Money is counted in tick-lots (price in ticks x quantity in lots). An instrument's
// tick and lot sizes convert it to currency.
using Money = int64_t;
using OrderId = uint64_t;        // assigned by the engine, 1, 2, 3 ... ; 0 means none
using TradeId = uint64_t;        // assigned by the engine, 1, 2, 3 ... ; 0 means none
using ClientOrderId = uint64_t;  // chosen by the participant; 0 means none
using ParticipantId = uint32_t;
using InstrumentId = uint32_t;
// ISO 3166 alpha-2 code packed as ('U' << 8) | 'S'; 0 means "not declared".
using Jurisdiction = uint16_t;

constexpr Price kMaxPrice = std::numeric_limits<Price>::max() / 4;
constexpr Price kMinPrice = -kMaxPrice;

constexpr Jurisdiction MakeJurisdiction(char a, char b) {
  return static_cast<Jurisdiction>((static_cast<unsigned char>(a) << 8) |
                                   static_cast<unsigned char>(b));
}

enum class Side : uint8_t { kBuy = 0, kSell = 1 };
constexpr Side Opposite(Side s) { return s == Side::kBuy ? Side::kSell : Side::kBuy; }

enum class OrderType : uint8_t { kLimit = 0, kMarket = 1 };

// GTC rests until cancelled; DAY rests until the period ends; IOC trades what it can
// at once and cancels the rest; FOK trades all at once or nothing.
enum class TimeInForce : uint8_t { kGtc = 0, kDay = 1, kIoc = 2, kFok = 3 };

// Self-trade prevention, decided by the incoming (taker) order's mode when it would
// match a resting order of the same participant. kNone lets the self-trade happen.
enum class StpMode : uint8_t {
  kNone = 0,
  kCancelNewest = 1,  // cancel the incoming order's remainder
  kCancelOldest = 2,  // cancel the resting order and keep matching
  kCancelBoth = 3,    // cancel both
};

// Why a command was refused. Stable numbers: they are part of the wire protocol.
enum class RejectReason : uint8_t {
  kNone = 0,
  kBelowFloor = 1,
  kNotMember = 2,
  kRoleNotAllowed = 3,
  kOriginNotAllowed = 4,
  kBadPrice = 5,  // not positive, off the tick grid or outside the price band
  kBadQuantity = 6,
  kUnknownInstrument = 7,
  kUnknownOrder = 8,
  kNotYourOrder = 9,
  kDuplicateClientId = 10,
  kThrottled = 11,
  kHalted = 12,
  kRiskLimit = 13,
  kPostOnlyWouldCross = 14,
  kFokNotFillable = 15,
  kBadCommand = 16,  // malformed fields, e.g. a market order with a time in force of DAY
  kTransshipment = 17,
  kUnknownParticipant = 18,
};

// Why a resting or incoming order left the book without filling completely.
enum class CancelReason : uint8_t {
  kUser = 0,         // Cancel command
  kMassCancel = 1,   // MassCancel command
  kUnfilled = 2,     // IOC or market remainder that could not trade
  kSelfTrade = 3,    // self-trade prevention
  kFloorRaised = 4,  // the floor rose above the order's price
  kDisconnect = 5,   // cancel-on-disconnect
  kExpired = 6,      // a DAY order's period ended (event kind kExpired)
  kHalted = 7,       // instrument halted with cancel
  kPolicy = 8,       // withdrawn by a policy agent (stockpile refresh)
};

const char* ToString(Side side);
const char* ToString(OrderType type);
const char* ToString(TimeInForce tif);
const char* ToString(StpMode mode);
const char* ToString(RejectReason reason);
const char* ToString(CancelReason reason);

}  // namespace ftz
