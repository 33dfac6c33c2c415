// The floor policy at run time: applies a MarketRules to each command (authorize,
// origin and tariff transform, floor check, risk limits) and each trade (duties,
// price-support payments, stockpile accounting), keeps the floors, the stockpile and
// the ledger, and closes periods. It implements the engine's policy hook
// (matching/policy_hook.h: AdmitNew, AdmitReplace, PriceTrade, BookTrade, OnOpenChange)
// on the vocabulary alone; market/ plugs it into the engine and drives the rest (period
// close, floor and tariff changes, the stockpile's standing orders).
//
// Contract: pure and deterministic, like the engine. Money is in tick-lots.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "absl/status/status.h"
#include "floor_policy/rules.h"
#include "vocabulary/admission.h"
#include "vocabulary/command.h"
#include "vocabulary/event.h"
#include "vocabulary/event_buffer.h"
#include "vocabulary/order.h"

namespace ftz {

// Money and goods of the policy, per instrument, for a period or the whole run.
struct Ledger {
  Money buyer_paid = 0;  // sum of price x qty over trades
  Money seller_net = 0;  // what sellers received: buyer_paid - duties
  Money duties = 0;
  Money top_ups = 0;  // price-support payments (net of upside paid back)
  Money stockpile_spend = 0;
  Money stockpile_proceeds = 0;
  Qty stockpile_bought = 0;
  Qty stockpile_sold = 0;
  Qty volume = 0;
  Qty non_member_volume = 0;  // lots sold of non-member origin
  Qty volume_at_floor = 0;    // lots traded at exactly the hard floor
  int64_t transshipments = 0;
  int64_t trades = 0;

  Ledger& operator+=(const Ledger& o) {
    buyer_paid += o.buyer_paid;
    seller_net += o.seller_net;
    duties += o.duties;
    top_ups += o.top_ups;
    stockpile_spend += o.stockpile_spend;
    stockpile_proceeds += o.stockpile_proceeds;
    stockpile_bought += o.stockpile_bought;
    stockpile_sold += o.stockpile_sold;
    volume += o.volume;
    non_member_volume += o.non_member_volume;
    volume_at_floor += o.volume_at_floor;
    transshipments += o.transshipments;
    trades += o.trades;
    return *this;
  }
};
// A new field must be summed in operator+= too.
static_assert(sizeof(Ledger) == 13 * sizeof(int64_t));

struct StockpileState {
  Money budget_left = 0;
  Qty inventory = 0;
  Qty bought_this_period = 0;
  bool exhausted = false;
};

// What a FloorPolicy remembers beyond its rules, for snapshots (journal/ recovery):
// the period, and per instrument the floor and tariff in force, the stockpile, the open
// period's ledger and the closed ones. The participants' open quantities are not here:
// they follow from the resting orders (the engine restores them through OnOpenChange).
struct FloorPolicyState {
  struct Instrument {
    Price floor = 0;
    int64_t tariff_bps = 0;
    StockpileState stockpile;
    Ledger period;
    Ledger closed;
    std::vector<Ledger> history;
  };
  uint32_t period = 0;
  std::vector<Instrument> instruments;  // by InstrumentId
};

class FloorPolicy {
 public:
  explicit FloorPolicy(MarketRules rules);

  // Snapshots: the state above, and its restoration into a policy built from the same
  // rules with no open quantities yet (fails on a different instrument count).
  FloorPolicyState SaveState() const;
  absl::Status RestoreState(const FloorPolicyState& state);

  const MarketRules& rules() const { return rules_; }
  const InstrumentRules& instrument(InstrumentId id) const { return rules_.instruments[id]; }
  uint32_t period() const { return period_; }
  Price floor(InstrumentId id) const { return gates_[id].floor; }
  int64_t tariff_bps(InstrumentId id) const { return gates_[id].tariff_bps; }
  const StockpileState& stockpile(InstrumentId id) const { return state_[id].stockpile; }
  const Ledger& period_ledger(InstrumentId id) const { return state_[id].period; }
  // The closed periods and the open one.
  Ledger total_ledger(InstrumentId id) const;
  Qty open_lots(ParticipantId p, InstrumentId i) const { return open_[OpenIndex(p, i)]; }
  bool IsMember(Jurisdiction j) const { return member_[j] != 0; }

  // Pipeline stages for a new order that passed the engine's validation. `cmd.price`
  // of a sell is the seller's price before duty. Counts (and reports) a transshipment
  // attempt even when the order is then refused.
  //
  // Inline fast path for the common case: a limit order of a known participant whose
  // roles allow the side, of its own jurisdiction's material, admitted as it is (member)
  // or under a TARIFF or ADMIT rule (non-member), that passes the floor, the price band
  // (of a landed price) and the risk limit. Anything else goes to AdmitNewFull, which decides every
  // case the same way. The fast path computes its conditions without branching on them: sides,
  // roles and origins come in random order, and a branch per condition would mispredict where one
  // test of their conjunction does not. It branches only on an outsider's sell (a minority), to
  // price its landed price.
  Admission AdmitNew(const Command& cmd, EventBuffer& out) {
    if (cmd.participant >= traders_.size()) [[unlikely]] {
      return AdmitNewFull(cmd, out);
    }
    const Gate& g = gates_[cmd.instrument];
    const Trader& who = traders_[cmd.participant];
    const bool sell = cmd.side == Side::kSell;
    Price price = cmd.price;  // the engine has checked it against the band
    const unsigned outsider_sell = static_cast<unsigned>(cmd.side) & (who.member ? 0u : 1u);
    if (outsider_sell != 0) [[unlikely]] {
      if (!g.nonmember_by_tariff) return AdmitNewFull(cmd, out);
      price = Landed(g, price);
      if (price > g.max_price) return AdmitNewFull(cmd, out);
    }
    const Qty open_after = open_[OpenIndex(cmd.participant, cmd.instrument)] + cmd.qty;
    const bool fast = (cmd.type == OrderType::kLimit) & ((who.roles & g.roles[sell]) != 0) &
                      (who.member | sell) & ((cmd.origin == 0) | (cmd.origin == who.jurisdiction)) &
                      (price >= g.floor) & (open_after <= g.max_open_lots);
    if (!fast) [[unlikely]] {
      return AdmitNewFull(cmd, out);
    }
    Admission a;
    a.price = a.match_limit = price;
    a.origin = sell ? who.jurisdiction : Jurisdiction{0};
    a.nonmember_material = outsider_sell != 0;
    return a;
  }
  // The same stages for a replace of a resting order to (new_price, new_qty), with an
  // inline fast path in the same style (material of a member origin, or of a non-member
  // one under a TARIFF or ADMIT rule); anything else goes to AdmitReplaceFull. A
  // resting order is a limit order: market orders never rest.
  Admission AdmitReplace(const Order& order, Price new_price, Qty new_qty) const {
    const Gate& g = gates_[order.instrument];
    Price price = new_price;  // the engine has checked it against the band
    if (order.nonmember_material) [[unlikely]] {
      if (!g.nonmember_by_tariff) return AdmitReplaceFull(order, new_price, new_qty);
      price = Landed(g, price);
      if (price > g.max_price) return AdmitReplaceFull(order, new_price, new_qty);
    }
    if (price < g.floor) [[unlikely]]
      return AdmitReplaceFull(order, new_price, new_qty);
    // A replace that adds no quantity cannot break the risk limit: every open quantity
    // was admitted under it (the limit never changes; the stockpile, exempt, is decided
    // the same way by the full path). Most replaces move the price only.
    if (new_qty > order.leaves) [[unlikely]] {
      const Qty open_after =
          open_[OpenIndex(order.participant, order.instrument)] + (new_qty - order.leaves);
      if (open_after > g.max_open_lots) return AdmitReplaceFull(order, new_price, new_qty);
    }
    Admission a;
    a.price = a.match_limit = price;
    a.origin = order.origin;
    a.nonmember_material = order.nonmember_material;
    return a;
  }

  // Post-trade, in two steps so the trade event precedes its ledger events: PriceTrade
  // fills in the trade's duty and top-up; BookTrade books the ledger and reports it.
  void PriceTrade(InstrumentId instrument, const Order& seller, TradeEvent& trade) const;
  void BookTrade(InstrumentId instrument, const Order& buyer, const Order& seller,
                 const TradeEvent& trade, EventBuffer& out);
  // A participant's open quantity on an instrument changed.
  void OnOpenChange(ParticipantId p, InstrumentId i, Qty delta) { open_[OpenIndex(p, i)] += delta; }

  // Admin: sets the hard floor (0 removes it) and reports the change.
  void SetFloor(InstrumentId id, Price floor, FloorChangeCause cause, EventBuffer& out);
  void SetTariff(InstrumentId id, int64_t bps, EventBuffer& out);

  // Closes the period: books and reports the period's ledger, recomputes indexed and
  // scheduled floors (reporting changes; returns the instruments whose floor moved), and
  // starts the next period.
  std::vector<InstrumentId> ClosePeriod(EventBuffer& out);

  // The stockpile's standing orders for an instrument under its current state: a bid
  // at the floor and a release ask. Empty when there is no backstop or nothing to place.
  std::optional<Command> StockpileBid(InstrumentId id) const;
  std::optional<Command> StockpileAsk(InstrumentId id) const;
  void ReportStockpile(InstrumentId id, Qty bid, Qty ask, EventBuffer& out) const;

  // A short human text for a reject, naming the rule and the numbers.
  std::string DescribeReject(InstrumentId instrument, const RejectedEvent& r) const;

 private:
  // What every new order and replace of an instrument is checked against, packed into
  // one cache line (the rules' full description, InstrumentRules, spans many).
  struct alignas(64) Gate {
    Price floor = 0;  // ticks; 0 = none (prices are positive, so `price < 0` never holds)
    Price max_price = 0;
    Qty max_open_lots = 0;  // per participant; no limit: the largest Qty
    int64_t tariff_bps = 0;
    // Non-member material: admitted at a landed price of net + ceil(net x bps / 10000),
    // which the fast paths compute (TARIFF: the tariff; ADMIT: 0 bps), or decided by the
    // full path (DENY, VARIABLE_LEVY).
    bool nonmember_by_tariff = false;
    int64_t nonmember_markup_bps = 0;
    RoleSet roles[2] = {0, 0};  // by Side: who may buy, who may sell
    // On each fill (PriceTrade): the duty rule and price support.
    OriginRuleKind origin_rule = OriginRuleKind::kDeny;
    bool support = false;
    Price support_floor = 0;
    Price upside_strike = 0;  // 0: no upside sharing
    int64_t upside_share_bps = 0;
  };
  // A participant, as the fast path checks it.
  struct Trader {
    RoleSet roles = 0;
    Jurisdiction jurisdiction = 0;
    bool member = false;
  };
  struct InstrumentState {
    StockpileState stockpile;
    Ledger period;
    Ledger closed;                // the sum of the closed periods (total_ledger adds the open one)
    std::vector<Ledger> history;  // closed periods, for indexed floors
  };

  size_t OpenIndex(ParticipantId p, InstrumentId i) const {
    return static_cast<size_t>(p) * instrument_count_ + i;
  }
  // The landed price of non-member material at `net`, where the fast paths price it.
  static Price Landed(const Gate& g, Price net) {
    return net + (net * g.nonmember_markup_bps + 9999) / 10000;
  }
  static void SetTariffBps(Gate& g, const InstrumentRules& ins, int64_t bps);
  [[gnu::noinline]] Admission AdmitNewFull(const Command& cmd, EventBuffer& out);
  [[gnu::noinline]] Admission AdmitReplaceFull(const Order& order, Price new_price,
                                               Qty new_qty) const;
  // Authorization: participant known, role allowed, membership. kNone when allowed.
  RejectReason Authorize(ParticipantId p, const InstrumentRules& ins, Side side) const;
  // Origin and tariff: the landed price and duty of a sell of `origin` at `net`.
  void ApplyOrigin(InstrumentId id, Jurisdiction origin, Price net, OrderType type,
                   Admission& a) const;
  void CheckFloor(InstrumentId id, Side side, OrderType type, Admission& a) const;
  void CheckRisk(ParticipantId p, InstrumentId id, Qty added, Admission& a) const;
  Price DutyPerLot(const Gate& g, const Order& seller, Price price) const;

  MarketRules rules_;
  size_t instrument_count_;      // rules_.instruments.size(): OpenIndex without a division
  std::vector<Gate> gates_;      // by InstrumentId
  std::vector<Trader> traders_;  // by ParticipantId
  std::vector<InstrumentState> state_;
  std::vector<Qty> open_;        // participant x instrument
  std::vector<uint8_t> member_;  // by Jurisdiction code: 1 for a member (one load, no bit math)
  uint32_t period_ = 0;
};

}  // namespace ftz
