// The market's rules, compiled from a config into integer ticks and lots: who may trade
// what, in which role, material of which origin, at what floor and tariff. Plain data;
// the FloorPolicy applies them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "vocabulary/instrument.h"
#include "vocabulary/types.h"

namespace ftz {

enum class Role : uint8_t {
  kMiner = 1,
  kRefiner = 2,
  kBuyer = 3,
  kStockpile = 4,
  kMarketMaker = 5,
  kObserver = 6,
  kTrader = 7,
};
using RoleSet = uint32_t;  // bit (1 << Role)
constexpr RoleSet RoleBit(Role r) { return RoleSet{1} << static_cast<int>(r); }

enum class OriginRuleKind : uint8_t { kDeny = 0, kTariff = 1, kVariableLevy = 2, kAdmit = 3 };
enum class BelowFloorAction : uint8_t { kReject = 0, kReprice = 1 };
enum class TransshipmentAction : uint8_t { kTreatAsNonMember = 0, kReject = 1 };

struct JurisdictionRules {
  Jurisdiction code;
  std::string name;
  bool member;
};

struct StockpileRules {
  Money budget = 0;         // tick-lots
  Qty period_cap = 0;       // lots per period; 0 = none
  Qty capacity = 0;         // lots; 0 = unlimited
  Price release_price = 0;  // ticks; 0 = never releases
};

struct SupportRules {
  Price floor = 0;          // ticks
  Price upside_strike = 0;  // ticks; 0 = no upside sharing
  int64_t upside_share_bps = 0;
};

struct IndexedFloorRules {
  int64_t ratio_bps = 0;
  uint32_t periods = 0;
  Price min = 0;
  Price max = 0;
};

struct ScheduledFloorRules {
  uint32_t period;
  Price price;
};

struct InstrumentRules {
  InstrumentSpec spec;  // symbol and price band, for the engine
  std::string product;
  std::string stage;
  std::string unit;
  std::string currency = "USD";
  double tick_size = 0;  // currency per unit
  double lot_size = 0;   // units per lot
  RoleSet buy_roles = 0;
  RoleSet sell_roles = 0;

  // Floors. `hard_floor` is the initial level (0: none); indexed, scheduled and admin
  // floors move the level at run time.
  Price hard_floor = 0;
  BelowFloorAction sell_below = BelowFloorAction::kReject;
  std::optional<StockpileRules> stockpile;
  std::optional<SupportRules> support;
  std::optional<IndexedFloorRules> indexed;
  std::vector<ScheduledFloorRules> schedule;  // sorted by period

  OriginRuleKind origin_rule = OriginRuleKind::kDeny;
  int64_t tariff_bps = 0;
  Price reference_price = 0;  // ticks, for kVariableLevy
  TransshipmentAction transshipment = TransshipmentAction::kTreatAsNonMember;
  Qty max_open_lots = 0;  // 0 = no concentration limit

  // Converts ticks to the currency per unit, for texts and reports.
  double ToCurrency(Price ticks) const { return static_cast<double>(ticks) * tick_size; }
  // Converts tick-lots to currency.
  double MoneyToCurrency(Money m) const { return static_cast<double>(m) * tick_size * lot_size; }
};

struct ParticipantRules {
  std::string name;
  Jurisdiction jurisdiction;
  RoleSet roles = 0;
  std::vector<Jurisdiction> certified_origins;
  std::string token;
  bool admin = false;
};

// Indexed by InstrumentId and ParticipantId respectively (dense, in config order).
struct MarketRules {
  std::string name;
  std::vector<JurisdictionRules> jurisdictions;
  std::vector<InstrumentRules> instruments;
  std::vector<ParticipantRules> participants;
  std::optional<ParticipantId> stockpile;  // who runs the backstops

  bool IsMember(Jurisdiction j) const {
    for (const JurisdictionRules& r : jurisdictions) {
      if (r.code == j) return r.member;
    }
    return false;
  }
  std::optional<InstrumentId> FindInstrument(const std::string& symbol) const {
    for (size_t i = 0; i < instruments.size(); ++i) {
      if (instruments[i].spec.symbol == symbol) return static_cast<InstrumentId>(i);
    }
    return std::nullopt;
  }
  std::optional<ParticipantId> FindParticipant(const std::string& name) const {
    for (size_t i = 0; i < participants.size(); ++i) {
      if (participants[i].name == name) return static_cast<ParticipantId>(i);
    }
    return std::nullopt;
  }
};

std::string JurisdictionCode(Jurisdiction j);

}  // namespace ftz
