// The hook through which the engine consults a market's rules at fixed points of its
// pipeline, and its no-op default. The engine declares what it calls; a policy (e.g.
// floor_policy/FloorPolicy) implements it on the vocabulary alone, and the composition
// root (market/) plugs it in as BasicEngine's template parameter.
//
// A template parameter rather than a virtual interface: the hooks run on every order,
// replace and fill, and the policy's fast paths (AdmitReplace, OnOpenChange) must
// inline into the engine. bench/matching measures both forms (ExchangeMixPolicy and
// ExchangeMixPolicyVirtual).
//
// Contract of every hook: pure and deterministic (no I/O, no clock), like the engine.
// Hooks that take an EventBuffer may append the policy's own events to it; they must
// not change the books (the engine owns them).
#pragma once

#include <concepts>

#include "vocabulary/admission.h"
#include "vocabulary/command.h"
#include "vocabulary/event.h"
#include "vocabulary/event_buffer.h"
#include "vocabulary/order.h"

namespace ftz {

template <typename P>
concept PolicyHook = requires(P& policy, const P& cpolicy, const Command& cmd, const Order& order,
                              TradeEvent& trade, EventBuffer& out) {
  // A new order that passed the engine's validation (band, quantity, duplicate client
  // id): authorize -> origin and tariff -> floor -> risk. The admission's price is used
  // for limit orders only; its match_limit bounds matching for both types.
  { policy.AdmitNew(cmd, out) } -> std::same_as<Admission>;
  // A replace of a resting order to (new price, new open quantity) that passed the
  // engine's validation: the same stages. Uses price and duty_per_lot.
  { cpolicy.AdmitReplace(order, Price{}, Qty{}) } -> std::same_as<Admission>;
  // On each fill, in two steps so the trade event precedes the policy's ledger events:
  // PriceTrade fills in the trade's duty and top-up; BookTrade books and reports them.
  { cpolicy.PriceTrade(InstrumentId{}, order, trade) } -> std::same_as<void>;
  { policy.BookTrade(InstrumentId{}, order, order, trade, out) } -> std::same_as<void>;
  // A participant's resting quantity on an instrument changed by `delta` lots.
  { policy.OnOpenChange(ParticipantId{}, InstrumentId{}, Qty{}) } -> std::same_as<void>;
};

// A market without rules: every order is admitted as sent, fills carry no duty or
// top-up, nothing is booked. Every hook inlines to nothing.
struct NoPolicy {
  Admission AdmitNew(const Command& cmd, EventBuffer&) const { return Admission::AsSent(cmd); }
  Admission AdmitReplace(const Order& order, Price new_price, Qty) const {
    Admission a;
    a.price = a.match_limit = new_price;
    a.duty_per_lot = order.duty_per_lot;
    a.origin = order.origin;
    return a;
  }
  void PriceTrade(InstrumentId, const Order&, TradeEvent&) const {}
  void BookTrade(InstrumentId, const Order&, const Order&, const TradeEvent&, EventBuffer&) {}
  void OnOpenChange(ParticipantId, InstrumentId, Qty) {}
};
static_assert(PolicyHook<NoPolicy>);

}  // namespace ftz
