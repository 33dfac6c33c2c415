// Admission: what the policy stages decided about a new order or a replace. The engine
// asks its policy hook for one (matching/policy_hook.h) and applies it.
#pragma once

#include <cstdint>

#include "vocabulary/command.h"
#include "vocabulary/types.h"

namespace ftz {

struct Admission {
  RejectReason reject = RejectReason::kNone;
  int64_t reject_limit = 0;         // the rule's number for the reject text (e.g. the floor)
  Price price = 0;                  // limit orders: the price to rest and match at (landed)
  Price match_limit = 0;            // how far the order may trade (a market order: its protection)
  Price duty_per_lot = 0;           // variable levy per lot (ad valorem duty is per fill)
  Jurisdiction origin = 0;          // effective origin of a sell
  bool nonmember_material = false;  // a sell of material of non-member origin

  // The admission of a market without rules: the order as it was sent, a limit order
  // matching up to its price and a market order as far as the book goes.
  static Admission AsSent(const Command& cmd) {
    Admission a;
    a.price = cmd.price;
    a.match_limit = cmd.type == OrderType::kLimit ? cmd.price
                    : cmd.side == Side::kBuy      ? kMaxPrice
                                                  : kMinPrice;
    a.origin = cmd.origin;
    return a;
  }
};

}  // namespace ftz
