// Welfare accounting, defined once (docs/methodology.md): who gained what in a period,
// and the most the same agents could have gained.
//
// Accounts. Every participant's money goes to exactly one account: final buyers,
// primary producers, intermediaries (refiners), market makers, or the government (the
// stockpile, duties collected, price-support top-ups paid). Money changing hands is
// taken from the trades, so transfers (prices, duties, top-ups, stockpile purchases)
// cancel in the sum; what remains is real: the values final buyers put on what they
// bought, less the costs producers incurred for what they sold and the refiners'
// processing costs, plus the change in value of goods held (refiners' output, dealers'
// stock, the stockpile's), each lot counted at what the scenario says holdings are worth
// at the period end (the period's competitive price for traders, nothing for the
// stockpile, by default).
//
// Maximum gains. Per chain and period, the integrated-chain optimum (chain_optimum.h) of
// that period's realized schedules: every primary seller's costs and final buyer's
// values as they were in the period, the refiners' processing capacity, goods held from
// earlier periods as supply at the value they were carried in at, and holding goods at
// the period end at the value holdings count for. Any allocation the agents made is
// feasible there, with the same value, so total surplus <= maximum gains, period by
// period: efficiency is at most 1.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "floor_policy/rules.h"
#include "proto/scenario.pb.h"
#include "sim/agent.h"
#include "sim/economy.h"
#include "sim/results/run_result.h"

namespace ftz::sim {

// Instruments joined by refining: one instrument, or an input and its output.
struct Chain {
  std::string name;                       // "NDPR-CONC>NDPR-OX", or the symbol
  std::vector<InstrumentId> instruments;  // input first
  bool refined = false;                   // instruments[0] is refined into instruments[1]
};

// The chains of a scenario's traded instruments, in the order of their first
// instrument. Fails for shapes the optimum does not cover (an output refined again, two
// inputs into one output, refiner groups of one link with different yields), naming the
// groups.
absl::StatusOr<std::vector<Chain>> FindChains(const scenario::Scenario& scenario,
                                              const MarketRules& rules);

class WelfareBook {
 public:
  // `accounts` by ParticipantId: the agents' accounts, and the government's for the
  // stockpile participant; nullopt for participants outside the simulation.
  WelfareBook(const MarketRules& rules, std::vector<Chain> chains,
              std::vector<std::optional<Account>> accounts);

  const std::vector<Chain>& chains() const { return chains_; }

  // A trade: the buyer pays price x qty; the seller receives that less the duty plus the
  // top-up; the government gets the duty and pays the top-up.
  void OnTrade(InstrumentId instrument, ParticipantId buyer, ParticipantId seller, Price price,
               Qty qty, Money duty, Money top_up);
  // An agent's real flows on an instrument this period.
  void AddRealFlows(InstrumentId instrument, Account account, const AgentPeriodStats& stats);

  // This period's accounts on `instrument` (flows, currency).
  struct InstrumentAccounts {
    double buyers = 0, producers = 0, intermediaries = 0, market_makers = 0, government = 0;
  };
  InstrumentAccounts AccountsOf(InstrumentId instrument) const;

  // The optimum of a period, from what its agents could have traded.
  struct Optimum {
    std::vector<double> max_gains;    // by chain, currency
    std::vector<double> ce_price;     // by instrument, currency per unit (0: in no chain)
    std::vector<double> ce_quantity;  // by instrument, units
  };
  Optimum Optimize(const PeriodEconomy& economy) const;

  // A change in the value of goods an account holds (tick-lots of the instrument).
  void AddHoldingValue(InstrumentId instrument, Account account, double tick_lots);

  // Closes the period: the chain rows (the accounts, `max_gains` by chain, efficiency),
  // and resets the period's accounts.
  std::vector<ChainPeriod> ClosePeriod(uint32_t period, const std::vector<double>& max_gains);

  // Sum of all money changing hands this period, per instrument, over every account:
  // zero when the books balance (tick-lots).
  Money CashImbalance(InstrumentId instrument) const;

 private:
  double ToCurrency(InstrumentId instrument, double tick_lots) const;

  const MarketRules& rules_;
  std::vector<Chain> chains_;
  std::vector<std::optional<Account>> account_of_;  // by participant
  // [instrument][account]: cash in tick-lots (exact), real flows and terminal values in
  // tick-lots (double: held goods may be fractional lots).
  std::vector<std::array<Money, kAccountCount>> cash_;
  std::vector<std::array<double, kAccountCount>> real_;
};

}  // namespace ftz::sim
