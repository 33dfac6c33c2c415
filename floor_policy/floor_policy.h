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
};

struct StockpileState {
  Money budget_left = 0;
  Qty inventory = 0;
  Qty bought_this_period = 0;
  bool exhausted = false;
};

class FloorPolicy {
 public:
  explicit FloorPolicy(MarketRules rules);

  const MarketRules& rules() const { return rules_; }
  const InstrumentRules& instrument(InstrumentId id) const { return rules_.instruments[id]; }
  uint32_t period() const { return period_; }
  Price floor(InstrumentId id) const { return state_[id].floor; }
  int64_t tariff_bps(InstrumentId id) const { return state_[id].tariff_bps; }
  const StockpileState& stockpile(InstrumentId id) const { return state_[id].stockpile; }
  const Ledger& period_ledger(InstrumentId id) const { return state_[id].period; }
  const Ledger& total_ledger(InstrumentId id) const { return state_[id].total; }
  Qty open_lots(ParticipantId p, InstrumentId i) const { return open_[OpenIndex(p, i)]; }
  bool IsMember(Jurisdiction j) const { return member_[j]; }

  // Pipeline stages for a new order that passed the engine's validation. `cmd.price`
  // of a sell is the seller's price before duty. Counts (and reports) a transshipment
  // attempt even when the order is then refused.
  Admission AdmitNew(const Command& cmd, EventBuffer& out);
  // The same stages for a replace of a resting order to (new_price, new_qty).
  // Inline fast path for the common case (a limit order of member material that passes
  // the floor, the price band and the risk limit); anything else goes to
  // AdmitReplaceFull, which decides every case the same way.
  Admission AdmitReplace(const Order& order, Price new_price, Qty new_qty) const {
    if (order.type != OrderType::kLimit || (order.side == Side::kSell && !member_[order.origin])) {
      return AdmitReplaceFull(order, new_price, new_qty);
    }
    const Price floor = state_[order.instrument].floor;
    const InstrumentRules& ins = rules_.instruments[order.instrument];
    if ((floor != 0 && new_price < floor) || new_price > ins.spec.max_price ||
        (ins.max_open_lots != 0 &&
         open_[OpenIndex(order.participant, order.instrument)] + (new_qty - order.leaves) >
             ins.max_open_lots)) {
      return AdmitReplaceFull(order, new_price, new_qty);
    }
    Admission a;
    a.price = new_price;
    a.match_limit = new_price;
    a.origin = order.origin;
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
  struct InstrumentState {
    Price floor = 0;
    int64_t tariff_bps = 0;
    StockpileState stockpile;
    Ledger period;
    Ledger total;
    std::vector<Ledger> history;  // closed periods, for indexed floors
  };

  size_t OpenIndex(ParticipantId p, InstrumentId i) const {
    return static_cast<size_t>(p) * instrument_count_ + i;
  }
  Admission AdmitReplaceFull(const Order& order, Price new_price, Qty new_qty) const;
  // Authorization: participant known, role allowed, membership. kNone when allowed.
  RejectReason Authorize(ParticipantId p, const InstrumentRules& ins, Side side) const;
  // Origin and tariff: the landed price and duty of a sell of `origin` at `net`.
  void ApplyOrigin(InstrumentId id, Jurisdiction origin, Price net, OrderType type,
                   Admission& a) const;
  void CheckFloor(InstrumentId id, Side side, OrderType type, Admission& a) const;
  void CheckRisk(ParticipantId p, InstrumentId id, Qty added, Admission& a) const;
  Price DutyPerLot(InstrumentId id, const Order& seller, Price price) const;

  MarketRules rules_;
  size_t instrument_count_;  // rules_.instruments.size(): OpenIndex without a division
  std::vector<InstrumentState> state_;
  std::vector<Qty> open_;     // participant x instrument
  std::vector<bool> member_;  // by Jurisdiction code
  uint32_t period_ = 0;
};

}  // namespace ftz
