// The agents' order entry over TCP: one gateway session per agent (the C++ client
// library), plus an admin session that ends periods and watches market data.
//
// Lockstep, so that a TCP run makes the same decisions as an in-process run: after each
// command the venue waits until every session that the command could have touched has
// received all of its reports (a snapshot round trip on that session is the barrier:
// the gateway answers it on the engine thread, after the command's reports).
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "client/client.h"
#include "floor_policy/rules.h"
#include "sim/agent.h"
#include "sim/results/run_result.h"

namespace ftz::sim {

class TcpVenue : public OrderEntry {
 public:
  // Logs every agent on (participant name = agent name, token = name, as
  // MarketWithAgents makes them) and the admin.
  static absl::StatusOr<std::unique_ptr<TcpVenue>> Connect(
      const std::string& host, uint16_t port, const MarketRules& rules,
      const std::vector<std::unique_ptr<Agent>>& agents, const std::string& admin_name,
      const std::string& admin_token);

  void Submit(const Command& cmd) override;
  // Ends the period through the admin session and delivers the expiries.
  absl::Status EndPeriod();

  // Views kept from fills and floor updates (same as the in-process run's).
  std::vector<MarketView>& views() { return views_; }
  // Every trade seen, by trade id.
  const std::map<uint64_t, TradeRecord>& trades() const { return trades_; }
  const absl::Status& status() const { return status_; }
  int64_t orders() const { return orders_; }

 private:
  struct Session {
    Agent* agent;
    std::unique_ptr<gw::Client> client;
  };
  TcpVenue(const MarketRules& rules) : rules_(rules) {}
  // Receives on one session until the answer to a snapshot request arrives, handing
  // every report on the way to its agent.
  absl::Status Barrier(Session& s, InstrumentId instrument);
  absl::Status BarrierAll(InstrumentId instrument);
  void OnReport(Session& s, const wire::ExecutionReport& r);
  void Fail(const absl::Status& st) {
    if (status_.ok()) status_ = st;
  }

  const MarketRules& rules_;
  std::vector<Session> sessions_;
  std::vector<Session*> by_participant_;
  std::vector<std::vector<Session*>> by_instrument_;  // sessions trading each instrument
  std::unique_ptr<gw::Client> admin_;
  std::vector<MarketView> views_;
  uint64_t last_trade_id_ = 0;
  std::map<uint64_t, TradeRecord> trades_;
  absl::Status status_;
  int64_t orders_ = 0;
  uint32_t period_ = 0;
};

}  // namespace ftz::sim
