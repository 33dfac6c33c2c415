// Runs a scenario's agents against a gateway over TCP (ftz agents), in lockstep so
// that the run makes the same decisions as the in-process run of the same scenario and
// seed, against a server whose market is MarketWithAgents(scenario).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "proto/scenario.pb.h"
#include "sim/results/run_result.h"
#include "sim/runner.h"

namespace ftz::sim {

struct TcpRunOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 0;
  uint32_t periods = 0;  // 0: the scenario's
  std::string admin_name = "admin";
  std::string admin_token = "admin";
  ProgressFn progress;
};

struct TcpRunResult {
  std::vector<TradeRecord> trades;  // in trade id order
  int64_t orders = 0;
  double wall_seconds = 0;
};

absl::StatusOr<TcpRunResult> RunOverTcp(const scenario::Scenario& scenario, uint64_t seed,
                                        const TcpRunOptions& options);

}  // namespace ftz::sim
