// The types of kPolicy events and what their fields mean. Money is in tick-lots.
#pragma once

#include <cstdint>

namespace ftz {

enum class PolicyEventType : uint8_t {
  // The instrument's hard floor moved. a: old floor, b: new floor (ticks; 0 = none),
  // c: FloorChangeCause.
  kFloorChanged = 1,
  // The stockpile bought. participant: seller; a: trade id, b: lots, c: money spent,
  // d: budget left.
  kStockpileBuy = 2,
  // The stockpile sold from inventory. participant: buyer; a: trade id, b: lots,
  // c: proceeds, d: budget left.
  kStockpileRelease = 3,
  // The stockpile can no longer buy one lot at the floor. a: budget left.
  kBudgetExhausted = 4,
  // A price-support payment. participant: seller; a: trade id, b: lots,
  // c: top-up (negative: upside paid back).
  kTopUp = 5,
  // Duty withheld from a seller. participant: seller; a: trade id, b: lots, c: duty.
  kDuty = 6,
  // A seller offered material outside its jurisdiction and certified origins (member or
  // not). participant: seller;
  // a: declared origin (Jurisdiction), b: attempts so far on this instrument,
  // c: 1 when rejected, 0 when re-treated as non-member origin.
  kTransshipment = 7,
  // A period closed for the instrument. a: period number, b: duties, c: top-ups,
  // d: stockpile net spend (buys - releases), all for that period.
  kPeriodClosed = 8,
  // The stockpile's standing orders now. a: bid lots (at the floor), b: ask lots
  // (at the release price), c: inventory lots, d: budget left.
  kStockpileState = 9,
  // Halted (a = 1) or resumed (a = 0).
  kInstrumentStatus = 10,
  // The non-member ad valorem tariff changed. a: old, b: new (basis points).
  kTariffChanged = 11,
};

enum class FloorChangeCause : uint8_t { kAdmin = 1, kIndexed = 2, kScheduled = 3 };

const char* ToString(PolicyEventType type);

}  // namespace ftz
