// An agent of the simulator whose decisions are made outside it: by a Python callable
// on each of its activations (run_scenario's agents), or by the trading environment's
// step (which leaves its activations empty). It takes the place of a scenario agent:
// the same name, participant and instruments.
//
// It keeps its own books from what the simulation tells it (docs/python.md, "Python
// agents"): its open orders, and per instrument its position (lots, + long) and cash
// (tick-lots: a buy pays price x qty; a sell receives price x qty - duty + top-up). Its
// welfare account is the market makers': it has no costs or values of its own.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "sim/agent.h"
#include "sim/agent_set.h"

namespace ftz::bindings {

class ExternalAgent : public sim::Agent {
 public:
  struct OpenOrder {
    ClientOrderId client_id;
    InstrumentId instrument;
    Side side;
    Price price;
    Qty leaves;
  };
  // Called on each activation; may send orders through ctx.entry.
  using ActFn =
      std::function<void(ExternalAgent& self, const sim::AgentContext& ctx, sim::Rng& rng)>;

  ExternalAgent(std::string name, ParticipantId participant, std::vector<InstrumentId> instruments)
      : Agent(std::move(name), participant), instruments_(std::move(instruments)) {}

  void set_act(ActFn act) { act_ = std::move(act); }

  // Orders, sent through `entry` (the events they cause reach this agent before these
  // return). A new limit order; returns its client id.
  ClientOrderId Place(sim::OrderEntry& entry, InstrumentId instrument, Side side, Price price,
                      Qty qty, TimeInForce tif = TimeInForce::kDay);
  // Re-prices an open order (new time priority unless only its quantity falls); false
  // when it is not open.
  bool Replace(sim::OrderEntry& entry, ClientOrderId client_id, Price price, Qty qty);
  // Cancels an open order; false when it is not open.
  bool Cancel(sim::OrderEntry& entry, ClientOrderId client_id);

  const std::vector<OpenOrder>& open_orders() const { return open_; }
  // The open order with this client id, or nullptr.
  const OpenOrder* Find(ClientOrderId client_id) const;
  Qty position(InstrumentId id) const { return id < position_.size() ? position_[id] : 0; }
  Money cash(InstrumentId id) const { return id < cash_.size() ? cash_[id] : 0; }

  // sim::Agent.
  sim::Account account() const override { return sim::Account::kMarketMakers; }
  std::vector<InstrumentId> instruments() const override { return instruments_; }
  void OnPeriodStart(const sim::AgentContext&, sim::Rng&) override {}
  void Act(const sim::AgentContext& ctx, sim::Rng& rng) override {
    if (act_) act_(*this, ctx, rng);
  }
  void OnFill(const sim::Fill& fill) override;
  void OnOrderGone(ClientOrderId client_id, bool rejected) override;
  void OnRequoteRefused(ClientOrderId client_id, Price standing_price) override;
  void Describe(sim::PeriodEconomy&) const override {}
  // What it holds long counts as a dealer's stock.
  double Held(InstrumentId id) const override {
    return static_cast<double>(std::max<Qty>(0, position(id)));
  }
  sim::AgentPeriodStats TakeStats(InstrumentId, Price) override { return {}; }

 private:
  OpenOrder* FindOpen(ClientOrderId client_id);
  void Forget(ClientOrderId client_id);
  void Grow(InstrumentId id);

  std::vector<InstrumentId> instruments_;
  ActFn act_;
  std::vector<OpenOrder> open_;
  // A replace in flight: the order as it stood, restored if the replace is refused.
  OpenOrder replaced_{};
  std::vector<Qty> position_;  // by InstrumentId
  std::vector<Money> cash_;
};

// Puts an ExternalAgent in the place of the scenario agent called `name` (same
// participant and instruments; scenario shocks no longer apply to it). The error names
// the agents there are.
absl::StatusOr<ExternalAgent*> TakeOver(sim::AgentSet& set, const std::string& name);

}  // namespace ftz::bindings
