// One simulation: a market, its agents and the driver that steps them through periods,
// routes each agent's events back to it, keeps the welfare accounts and measures every
// period. Used by the runner (in-process); `ftz agents` drives the same agents over TCP.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "market/market.h"
#include "proto/scenario.pb.h"
#include "sim/agent.h"
#include "sim/agent_set.h"
#include "sim/driver.h"
#include "sim/economy.h"
#include "sim/results/run_result.h"
#include "sim/runner.h"
#include "sim/synchronized_protocol.h"
#include "sim/welfare.h"

namespace ftz::sim {

class Simulation : public OrderEntry {
 public:
  Simulation(const scenario::Scenario& s, std::unique_ptr<Market> market, AgentSet agents,
             std::vector<Chain> chains, uint64_t seed);

  // Runs every period; `progress` (may be empty) after each.
  RunResult Run(const ProgressFn& progress);

  // Run() in pieces, for callers that act between the agents' activations (the Python
  // environment): while (!finished()) { StartPeriod(); while (Activate()) {} FinishPeriod(); },
  // then TakeResult().
  //
  // Applies the period's shocks and starts it for every agent.
  void StartPeriod();
  // The period's next activation (one agent acts); false, doing nothing, once all are done.
  bool Activate() { return driver_.Activate(period_, *this, views_); }
  // Measures the period, ends it on the market (END_PERIOD) and moves to the next.
  void FinishPeriod();
  bool finished() const { return period_ >= scenario_.periods(); }
  // What the run produced so far (all of it once finished); the run keeps nothing of it.
  RunResult TakeResult();

  uint32_t period() const { return period_; }
  // The share of the current period's activations done, in [0, 1].
  double elapsed() const;
  const Market& market() const { return *market_; }
  const std::vector<MarketView>& views() const { return views_; }
  // Whether the run keeps the trade tape (RunResult::trades, for the scenario's
  // trace_periods); on by default.
  void set_trade_tape(bool keep) { trade_tape_ = keep; }
  // Called with the events of every command run, after the agents have heard of them.
  void set_observer(std::function<void(const EventBuffer&)> observer) {
    observer_ = std::move(observer);
  }

  // An agent's command, under the scenario's trading protocol.
  void Submit(const Command& cmd) override;

 private:
  struct PeriodTape {
    Money notional = 0;
    Qty volume = 0;
    Qty at_floor = 0;
    Qty member = 0;
    Qty non_member = 0;
    Price open = 0, close = 0, high = 0, low = 0;
  };
  // Who held what at the period start, and could hold more (docs/methodology.md,
  // "Holdings").
  struct Holdings {
    double traders_held = 0;  // refiners' output and dealers' stock
    double traders_room = 0;
    double stockpile_held = 0;
    bool stockpile_offers = false;  // it releases: its holdings are supply
    double stockpile_room = 0;      // its standing bid
  };

  // Submit under the synchronized protocol, or with adaptive traders listening: the
  // protocol's gate, and the shout told to the listeners. Out of line, so that the
  // common path stays short.
  [[gnu::noinline]] void SubmitShout(const Command& cmd);
  // Runs a command on the engine and hands its events out.
  void Execute(const Command& cmd) {
    events_.Clear();
    market_->Submit(cmd, events_);
    Dispatch(events_);
    if (observer_) [[unlikely]] {
      observer_(events_);
    }
  }
  void Dispatch(const EventBuffer& events);
  void OnTrade(InstrumentId id, const TradeEvent& t);
  Agent* AgentOf(ParticipantId p) const {
    return p < by_participant_.size() ? by_participant_[p] : nullptr;
  }
  // What a lot held at the end of `period` counts for (ticks per lot), by holder, given
  // the period's competitive prices (currency per unit).
  Price TraderValue(uint32_t period, InstrumentId id, const std::vector<double>& ce_price) const;
  Price StockpileValue(InstrumentId id, const std::vector<double>& ce_price) const;
  // Counts the change in value of every holding, and what holding could have been worth
  // into the period's economy.
  void ValueHoldings(const std::vector<Price>& trader_value,
                     const std::vector<Price>& stockpile_value);
  void ClosePeriod(uint32_t period, RunResult* result);
  // The stockpile filled up, or can no longer buy a lot at the floor.
  void NoteStockpileEvents(uint32_t period, InstrumentId id, RunResult* result);

  const scenario::Scenario& scenario_;
  std::unique_ptr<Market> market_;
  AgentSet set_;
  std::vector<Agent*> by_participant_;
  std::vector<std::vector<Agent*>> listeners_;  // by instrument: agents that learn from shouts
  bool any_listeners_ = false;
  std::vector<bool> traded_;  // instruments in some chain
  std::vector<MarketView> views_;
  std::vector<PeriodTape> tape_;
  Driver driver_;
  WelfareBook welfare_;
  PeriodEconomy economy_;
  std::vector<Holdings> holdings_;         // by instrument, at the period start
  std::vector<std::vector<double>> held_;  // by agent, per its instruments, at the start
  std::vector<Price> trader_value_;        // what holdings counted for at the last
  std::vector<Price> stockpile_value_;     // period end, by instrument
  std::vector<bool> budget_gone_;          // by instrument: as of the last period end
  std::optional<SynchronizedProtocol> synchronized_;
  EventBuffer events_;
  uint32_t period_ = 0;
  int64_t orders_ = 0;
  int64_t period_orders_ = 0;
  int64_t period_rejects_ = 0;
  RunResult result_;
  bool trade_tape_ = true;
  std::function<void(const EventBuffer&)> observer_;
};

}  // namespace ftz::sim
