// Helpers shared by the floor policy tests: small markets written in config text inside
// each test, and ways to run commands and pick events out of what they emit.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "floor_policy/floor_policy.h"
#include "gtest/gtest.h"
#include "market/market.h"
#include "vocabulary/event_buffer.h"
#include "vocabulary/text_format.h"

namespace ftz {
// Readable gtest output for the core's enums.
inline void PrintTo(RejectReason r, std::ostream* os) { *os << ToString(r); }
inline void PrintTo(CancelReason r, std::ostream* os) { *os << ToString(r); }
inline void PrintTo(Side s, std::ostream* os) { *os << ToString(s); }
inline void PrintTo(EventKind k, std::ostream* os) { *os << ToString(k); }
}  // namespace ftz

namespace ftz::fp_test {

// Participants of every test market, in config order (their ids).
constexpr ParticipantId kVault = 0;       // US, STOCKPILE (the stockpile participant)
constexpr ParticipantId kAdmin = 1;       // US, OBSERVER, admin
constexpr ParticipantId kUsMiner = 2;     // US, MINER
constexpr ParticipantId kUsRefiner = 3;   // US, REFINER
constexpr ParticipantId kUsBuyer = 4;     // US, BUYER
constexpr ParticipantId kSgTrader = 5;    // SG, TRADER, certified SG and AU
constexpr ParticipantId kUsTrader = 6;    // US, TRADER, certified CN (a non-member origin)
constexpr ParticipantId kCnExporter = 7;  // CN (non-member), MINER, REFINER, TRADER
constexpr ParticipantId kCnBuyer = 8;     // CN (non-member), BUYER
constexpr ParticipantId kAuMm = 9;        // AU, MARKET_MAKER
constexpr ParticipantId kParticipants = 10;

constexpr Jurisdiction kUS = MakeJurisdiction('U', 'S');
constexpr Jurisdiction kAU = MakeJurisdiction('A', 'U');
constexpr Jurisdiction kSG = MakeJurisdiction('S', 'G');
constexpr Jurisdiction kCN = MakeJurisdiction('C', 'N');
constexpr Jurisdiction kCD = MakeJurisdiction('C', 'D');

// Members: US, AU, SG. Non-members: CN, CD.
inline std::string JurisdictionsText() {
  return R"pb(
    jurisdictions { code: "US" name: "United States" ftz_member: true }
    jurisdictions { code: "AU" name: "Australia" ftz_member: true }
    jurisdictions { code: "SG" name: "Singapore" ftz_member: true }
    jurisdictions { code: "CN" name: "China" ftz_member: false }
    jurisdictions { code: "CD" name: "DR Congo" ftz_member: false }
  )pb";
}

inline std::string ParticipantsText() {
  return R"pb(
    stockpile_participant: "vault"
    participants {
      name: "vault"
      jurisdiction: "US"
      roles: [ STOCKPILE ]
      token: "t0"
    }
    participants {
      name: "admin"
      jurisdiction: "US"
      roles: [ OBSERVER ]
      token: "t1"
      admin: true
    }
    participants {
      name: "us-miner"
      jurisdiction: "US"
      roles: [ MINER ]
      token: "t2"
    }
    participants {
      name: "us-refiner"
      jurisdiction: "US"
      roles: [ REFINER ]
      token: "t3"
    }
    participants {
      name: "us-buyer"
      jurisdiction: "US"
      roles: [ BUYER ]
      token: "t4"
    }
    participants {
      name: "sg-trader"
      jurisdiction: "SG"
      roles: [ TRADER ]
      certified_origins: [ "SG", "AU" ]
      token: "t5"
    }
    participants {
      name: "us-trader"
      jurisdiction: "US"
      roles: [ TRADER ]
      certified_origins: [ "CN" ]
      token: "t6"
    }
    participants {
      name: "cn-exporter"
      jurisdiction: "CN"
      roles: [ MINER, REFINER, TRADER ]
      token: "t7"
    }
    participants {
      name: "cn-buyer"
      jurisdiction: "CN"
      roles: [ BUYER ]
      token: "t8"
    }
    participants {
      name: "au-mm"
      jurisdiction: "AU"
      roles: [ MARKET_MAKER ]
      token: "t9"
    }
  )pb";
}

// An instrument with one-unit ticks and lots (prices in the config are ticks, money is
// currency), a band of [1, 100000], at most 1000 lots an order; buyers, refiners and
// market makers buy; miners, refiners, traders and market makers sell. `rules` is the
// rest of the instrument block (floor, non_member_origin, transshipment, max_open_lots).
inline std::string Instrument(absl::string_view symbol, absl::string_view rules) {
  return absl::StrCat("instruments {\n  symbol: \"", symbol, "\"\n", R"pb(
                        tick_size: 1
                        lot_size: 1
                        max_price: 100000
                        max_order_lots: 1000
                        buy_roles: [ BUYER, REFINER, MARKET_MAKER ]
                        sell_roles: [ MINER, REFINER, TRADER, MARKET_MAKER ]
                      )pb",
                      rules, "\n}\n");
}

// The whole config text of a test market with these instrument blocks.
inline std::string MarketText(absl::string_view instruments) {
  return absl::StrCat("name: \"test\"\n", JurisdictionsText(), instruments, ParticipantsText());
}

// Builds a market; reports the config error as a test failure and returns nullptr.
inline std::unique_ptr<Market> BuildMarket(absl::string_view instruments) {
  absl::StatusOr<std::unique_ptr<Market>> m =
      Market::FromText(MarketText(instruments), "test.txtpb", EngineOptions{.expected_orders = 64});
  if (!m.ok()) {
    ADD_FAILURE() << m.status();
    return nullptr;
  }
  return *std::move(m);
}

#define FTZ_MARKET(var, instruments)                                             \
  std::unique_ptr<::ftz::Market> var = ::ftz::fp_test::BuildMarket(instruments); \
  ASSERT_NE(var, nullptr)

using Events = std::vector<Event>;

inline Events Exec(Market& m, const Command& cmd) {
  EventBuffer out;
  m.Submit(cmd, out);
  return Events(out.begin(), out.end());
}

// Runs a command in the text language of vocabulary/text_format.h.
inline Events Exec(Market& m, absl::string_view text) {
  absl::StatusOr<Command> cmd = ParseCommand(text);
  if (!cmd.ok()) {
    ADD_FAILURE() << "bad command '" << text << "': " << cmd.status();
    return {};
  }
  return Exec(m, *cmd);
}

inline std::string Lines(const Events& events) {
  std::vector<std::string> lines;
  for (const Event& e : events) lines.push_back(FormatEvent(e));
  return absl::StrJoin(lines, "\n");
}
inline std::string Lines(const EventBuffer& events) {
  return Lines(Events(events.begin(), events.end()));
}

inline std::vector<Event> OfKind(const Events& events, EventKind kind) {
  std::vector<Event> r;
  for (const Event& e : events) {
    if (e.kind == kind) r.push_back(e);
  }
  return r;
}

// The payloads of the events of one kind, in order, e.g.
//   Payloads(events, EventKind::kDuty, &Event::payment)
template <typename T>
std::vector<T> Payloads(const Events& events, EventKind kind, T Event::*payload) {
  std::vector<T> r;
  for (const Event& e : events) {
    if (e.kind == kind) r.push_back(e.*payload);
  }
  return r;
}

inline std::vector<TradeEvent> Trades(const Events& events) {
  std::vector<TradeEvent> r;
  for (const Event& e : events) {
    if (e.kind == EventKind::kTrade) r.push_back(e.trade);
  }
  return r;
}

// The reason of the command's REJECTED event; kNone when it was not rejected.
inline RejectReason RejectOf(const Events& events) {
  for (const Event& e : events) {
    if (e.kind == EventKind::kRejected) return e.rejected.reason;
  }
  return RejectReason::kNone;
}

inline const RejectedEvent* FindReject(const Events& events) {
  for (const Event& e : events) {
    if (e.kind == EventKind::kRejected) return &e.rejected;
  }
  return nullptr;
}

// The ACCEPTED event of a new order, or nullptr.
inline const AcceptedEvent* FindAccepted(const Events& events) {
  for (const Event& e : events) {
    if (e.kind == EventKind::kAccepted) return &e.accepted;
  }
  return nullptr;
}

inline std::vector<CancelledEvent> Cancels(const Events& events, CancelReason reason) {
  std::vector<CancelledEvent> r;
  for (const Event& e : events) {
    if (e.kind == EventKind::kCancelled && e.cancelled.reason == reason) r.push_back(e.cancelled);
  }
  return r;
}

}  // namespace ftz::fp_test
