// ftz agents [SCENARIO_FILE]: the scenario's agents trading over TCP. By default it starts
// a real gateway on a loopback port with the scenario's market (its participants are
// the agents), runs a few periods over TCP in lockstep, and checks that the trades are
// exactly those of the in-process run of the same periods and seed.
#include <algorithm>
#include <iostream>
#include <map>

#include "absl/flags/declare.h"
#include "absl/flags/flag.h"
#include "absl/strings/str_format.h"
#include "apps/cli_common.h"
#include "apps/sim_flags.h"
#include "apps/subcommand.h"
#include "gateway/market_exchange.h"
#include "gateway/server.h"
#include "google/protobuf/text_format.h"
#include "market_config/market_config.h"
#include "sim/report/progress.h"
#include "sim/runner.h"
#include "sim/scenario.h"
#include "sim/tcp/tcp_run.h"

ABSL_DECLARE_FLAG(std::string, host);  // apps/cli_common.cc
ABSL_FLAG(uint32_t, periods, 3, "periods to run over TCP (0: the scenario's)");
ABSL_FLAG(bool, connect, false,
          "connect to a running server at --host:--port instead of starting one; it must run "
          "the scenario's market (see --print_market)");
ABSL_FLAG(bool, check, true, "compare the trades with the in-process run of the same periods");
ABSL_FLAG(bool, print_market, false,
          "print the scenario's market with one participant per agent (for ftz serve "
          "--config) and exit");

namespace ftz::cli {
namespace {

constexpr char kUsage[] =
    "ftz agents [SCENARIO_FILE] [--periods N] [--seed N] [--connect --host H --port P]\n"
    "\n"
    "Runs the scenario's agents (default: the embedded scenario) over TCP, one gateway\n"
    "session per agent, in lockstep so that the run is deterministic. Without --connect it\n"
    "starts a gateway on a loopback port itself. Prints orders, trades and volume per\n"
    "instrument, and (--check, on by default) whether the trades equal those of the\n"
    "in-process run of the same periods and seed.\n"
    "\n"
    "Against your own server:\n"
    "  ftz agents --print_market > agents-market.txtpb\n"
    "  ftz serve --config agents-market.txtpb --port 9470 &\n"
    "  ftz agents --connect --port 9470";

struct Tally {
  int64_t trades = 0;
  double volume = 0;
  double notional = 0;
};

}  // namespace

int AgentsMain(int argc, char** argv) {
  std::vector<std::string> args =
      ParseSubcommandFlags(argc, argv, kUsage, __FILE__, false, {"sim_flags.cc", "port_flag.cc"});
  if (args.size() > 1) {
    std::cerr << "ftz agents: at most one scenario file\n";
    return 1;
  }
  absl::StatusOr<scenario::Scenario> scenario = LoadScenario(args.empty() ? "" : args[0]);
  if (!scenario.ok()) {
    std::cerr << "ftz agents: " << scenario.status().message() << "\n";
    return 1;
  }
  const config::Market market_config = sim::MarketWithAgents(*scenario);
  if (absl::GetFlag(FLAGS_print_market)) {
    std::string text;
    google::protobuf::TextFormat::PrintToString(market_config, &text);
    std::cout << text;
    return 0;
  }
  const uint64_t seed = absl::GetFlag(FLAGS_seed) ? absl::GetFlag(FLAGS_seed) : scenario->seed();
  const uint32_t periods =
      absl::GetFlag(FLAGS_periods) ? absl::GetFlag(FLAGS_periods) : scenario->periods();

  sim::TcpRunOptions options;
  options.periods = periods;
  options.host = absl::GetFlag(FLAGS_host);
  std::unique_ptr<gw::Server> server;
  if (absl::GetFlag(FLAGS_connect)) {
    options.port = static_cast<uint16_t>(absl::GetFlag(FLAGS_port));
  } else {
    absl::StatusOr<MarketRules> rules = CompileMarketRules(market_config, scenario->name());
    absl::StatusOr<std::unique_ptr<Market>> market =
        rules.ok() ? Market::FromRules(*std::move(rules)) : rules.status();
    if (!market.ok()) {
      std::cerr << "ftz agents: " << market.status().message() << "\n";
      return 1;
    }
    gw::ServerOptions server_options;
    server_options.port = 0;
    server_options.demo_tokens = true;  // its own agents, on loopback, with the config's tokens
    // Its agents wait for a snapshot after every order (the lockstep barrier): the
    // market-data throttle meant for strangers would stall them.
    server_options.md_rate_per_sec = server_options.order_rate_per_sec;
    server_options.md_burst = server_options.order_burst;
    server =
        std::make_unique<gw::Server>(gw::ExchangeFromMarket(*std::move(market)), server_options);
    if (absl::Status st = server->Start(); !st.ok()) {
      std::cerr << "ftz agents: " << st.message() << "\n";
      return 1;
    }
    options.host = "127.0.0.1";
    options.port = server->port();
  }
  std::cerr << absl::StrFormat("ftz agents: %s, seed %d, %d periods over TCP at %s:%d\n",
                               scenario->name(), seed, periods, options.host, options.port);
  absl::StatusOr<sim::TcpRunResult> tcp;
  {
    sim::ProgressBar bar("trading over TCP", 0, "periods", !absl::GetFlag(FLAGS_quiet));
    options.progress = [&bar](uint32_t done, uint32_t total) { bar.Set(done, total); };
    tcp = sim::RunOverTcp(*scenario, seed, options);
    bar.Finish();
  }
  if (server) server->Stop();
  if (!tcp.ok()) {
    std::cerr << "ftz agents: " << tcp.status().message() << "\n";
    return 1;
  }
  std::map<std::string, Tally> tally;
  for (const sim::TradeRecord& t : tcp->trades) {
    Tally& x = tally[t.symbol];
    ++x.trades;
    x.volume += t.qty;
    x.notional += t.price * t.qty;
  }
  std::cout << absl::StrFormat(
      "%d agents sent %d orders over TCP in %.2f s (%.0f orders/s)\n",
      market_config.participants_size() - scenario->market().participants_size(), tcp->orders,
      tcp->wall_seconds, tcp->orders / tcp->wall_seconds);
  std::cout << absl::StrFormat("%-10s %8s %14s %12s\n", "symbol", "trades", "volume", "VWAP");
  for (const auto& [symbol, x] : tally) {
    std::cout << absl::StrFormat("%-10s %8d %14.0f %12.2f\n", symbol, x.trades, x.volume,
                                 x.volume > 0 ? x.notional / x.volume : 0);
  }
  if (!absl::GetFlag(FLAGS_check)) return 0;

  scenario::Scenario same = *scenario;
  same.set_periods(periods);
  absl::StatusOr<sim::RunResult> in_process = sim::RunScenario(same, seed);
  if (!in_process.ok()) {
    std::cerr << "ftz agents: " << in_process.status().message() << "\n";
    return 1;
  }
  // The TCP run names only agents: the stockpile (no session of ours) shows as "".
  const auto same_trade = [](const sim::TradeRecord& tcp_trade, const sim::TradeRecord& t) {
    return tcp_trade.trade_id == t.trade_id && tcp_trade.symbol == t.symbol &&
           tcp_trade.price == t.price && tcp_trade.qty == t.qty &&
           (tcp_trade.buyer.empty() || tcp_trade.buyer == t.buyer) &&
           (tcp_trade.seller.empty() || tcp_trade.seller == t.seller);
  };
  const std::vector<sim::TradeRecord>& a = tcp->trades;
  const std::vector<sim::TradeRecord>& b = in_process->trades;
  size_t same_prefix = 0;
  while (same_prefix < a.size() && same_prefix < b.size() &&
         same_trade(a[same_prefix], b[same_prefix])) {
    ++same_prefix;
  }
  if (a.size() == b.size() && same_prefix == a.size()) {
    std::cout << absl::StrFormat(
        "check: the TCP run's %d trades equal the in-process run's, trade by trade\n", a.size());
    return 0;
  }
  std::cout << absl::StrFormat(
      "check FAILED: TCP %d trades, in-process %d; first difference at trade #%d\n", a.size(),
      b.size(), same_prefix + 1);
  return 2;
}

}  // namespace ftz::cli
