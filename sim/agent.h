// Simulated agents and what they see. An agent acts through an OrderEntry (in-process or
// TCP) and hears back only about its own orders, by client order id, so the same agent
// code runs against the engine directly and against a gateway.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "sim/economy.h"
#include "sim/rng.h"
#include "vocabulary/command.h"
#include "vocabulary/types.h"

namespace ftz::sim {

// The last shout (order price) seen on an instrument, and whether it traded: what
// adaptive traders (ZIP) learn from.
struct Shout {
  Side side = Side::kBuy;
  Price price = 0;
  bool traded = false;
  Price trade_price = 0;  // when traded: the price it traded at
};

// Public market state of one instrument, as market data shows it.
struct MarketView {
  Price floor = 0;       // hard floor in force (0: none)
  Price last_price = 0;  // last trade (or the scenario's start price)
  Price max_price = 0;   // top of the price band
  Price min_price = 1;
  // The range zero-intelligence traders draw quotes from (QuoteRange in the scenario).
  Price quote_low = 1;
  Price quote_high = 1;
};

// Where agents send commands. Submit never blocks on other agents' actions.
class OrderEntry {
 public:
  virtual ~OrderEntry() = default;
  virtual void Submit(const Command& cmd) = 0;
};

struct AgentContext {
  OrderEntry& entry;
  const std::vector<MarketView>& views;  // by InstrumentId
  uint32_t period;
  double elapsed = 0;  // share of the period gone, in [0, 1)
};

// The upper end of a seller's random range (or, mirrored, the lower end of a buyer's):
// urgent traders narrow it towards their limit as the period runs out, and quote at the
// limit itself over the last fifth of the period (a seller with stock left sells down
// to the floor, where the stockpile bids).
inline Price RangeEnd(Price limit, Price far_end, bool urgent, double elapsed) {
  if (!urgent) return far_end;
  const double width = std::max(0.0, 1 - 1.25 * elapsed);
  return limit + static_cast<Price>(static_cast<double>(far_end - limit) * width);
}

// What an agent hears about its own orders.
struct Fill {
  InstrumentId instrument;
  ClientOrderId client_id;
  Side side;
  Price price;   // per lot, ticks
  Qty qty;       // lots
  Money duty;    // withheld from this agent as seller
  Money top_up;  // paid to this agent as seller
  Qty leaves;
};

// Whose account an agent's surplus goes to (docs/methodology.md, "Accounts").
enum class Account : uint8_t {
  kBuyers,          // final buyers: value of what they buy - what they pay
  kProducers,       // primary producers: what they receive - their unit costs
  kIntermediaries,  // refiners: output revenue - input cost - processing cost
  kMarketMakers,    // dealers: cash in - cash out (+ what they hold at the end)
  kGovernment,      // no agent's: the stockpile, duties collected, top-ups paid
};
inline constexpr int kAccountCount = 5;

// The real flows of an agent on one instrument in a period (money changing hands is
// counted by the simulation from the trades, not by the agents), in tick-lots (refining
// makes fractions of lots).
struct AgentPeriodStats {
  double value_consumed = 0;  // final buyers: reservation values of the lots bought
  double cost_incurred = 0;   // producers: unit costs of the lots sold; refiners (on their
                              // output): processing costs of what they refined
  Qty unsold_willing = 0;     // lots left unsold whose cost was at or below `threshold`
};

// An agent's one working DAY order on an instrument and side.
struct WorkingOrder {
  ClientOrderId id = 0;  // 0: none
  Price price = 0;
};

class Agent {
 public:
  Agent(std::string name, ParticipantId participant)
      : name_(std::move(name)), participant_(participant) {}
  virtual ~Agent() = default;

  const std::string& name() const { return name_; }
  ParticipantId participant() const { return participant_; }
  virtual Account account() const = 0;
  // The instruments it trades.
  virtual std::vector<InstrumentId> instruments() const = 0;

  virtual void OnPeriodStart(const AgentContext& ctx, Rng& rng) = 0;
  virtual void Act(const AgentContext& ctx, Rng& rng) = 0;
  virtual void OnFill(const Fill& fill) = 0;
  // The order is gone: cancelled, expired or rejected (fills come through OnFill).
  virtual void OnOrderGone(ClientOrderId client_id, bool rejected) = 0;
  // A re-quote of a working order was refused (by the engine, or void under the
  // synchronized protocol): the order still stands at `standing_price`.
  virtual void OnRequoteRefused(ClientOrderId client_id, Price standing_price) = 0;
  // Adaptive traders learn from every shout on their instruments; others ignore them.
  virtual bool wants_shouts() const { return false; }
  virtual void OnShout(InstrumentId, const Shout&) {}

  // What it could sell and buy this period (called at the period start): costs, values,
  // refining capacity (goods held: Held()).
  virtual void Describe(PeriodEconomy& economy) const = 0;
  // Lots of `instrument` it holds (refiners' output, dealers' stock), and how many more
  // it could add to its holdings this period (refining capacity, a dealer's room).
  virtual double Held(InstrumentId) const { return 0; }
  virtual double Room(InstrumentId) const { return 0; }
  // This period's stats on an instrument; `threshold` is the price above which unsold
  // units do not count as excess supply. Resets the period's stats.
  virtual AgentPeriodStats TakeStats(InstrumentId instrument, Price threshold) = 0;

 protected:
  ClientOrderId NextClientId() { return ++last_client_id_; }
  // Keeps a working order's price in step with the book when a re-quote is refused.
  static void Refused(WorkingOrder& w, ClientOrderId client_id, Price standing_price) {
    if (w.id != 0 && w.id == client_id) w.price = standing_price;
  }
  // Quotes `qty` at `price`: places a new DAY order when `w` has none, else re-prices it
  // by a replace (same order, new time priority), unless the price is unchanged.
  void Quote(OrderEntry& entry, WorkingOrder& w, InstrumentId instrument, Side side, Price price,
             Qty qty, Jurisdiction origin) {
    if (w.id != 0) {
      if (w.price == price) return;
      Command c;
      c.kind = CommandKind::kReplace;
      c.participant = participant_;
      c.instrument = instrument;
      c.side = side;  // not needed by the engine; the synchronized protocol reads it
      c.client_id = w.id;
      c.price = price;
      c.qty = qty;
      w.price = price;
      entry.Submit(c);
      return;
    }
    Command c = NewLimit(participant_, instrument, side, price, qty, NextClientId());
    c.tif = TimeInForce::kDay;
    c.origin = origin;
    c.stp = StpMode::kCancelNewest;
    w = {c.client_id, price};
    entry.Submit(c);
  }

 private:
  std::string name_;
  ParticipantId participant_;
  ClientOrderId last_client_id_ = 0;
};

}  // namespace ftz::sim
