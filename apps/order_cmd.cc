// ftz order: sends one order and prints its execution reports.
#include <chrono>
#include <iostream>

#include "absl/flags/flag.h"
#include "absl/strings/ascii.h"
#include "apps/cli_common.h"
#include "apps/subcommand.h"

ABSL_FLAG(std::string, symbol, "", "instrument symbol (or the first argument)");
ABSL_FLAG(std::string, side, "buy", "buy or sell");
ABSL_FLAG(int64_t, price, 0, "limit price in ticks (ignored for market orders)");
ABSL_FLAG(int64_t, qty, 1, "quantity in lots");
ABSL_FLAG(std::string, type, "limit", "limit or market");
ABSL_FLAG(std::string, tif, "gtc", "gtc, day, ioc or fok");
ABSL_FLAG(bool, post_only, false, "post-only (never takes liquidity)");
ABSL_FLAG(std::string, origin, "", "sells: ISO 3166 alpha-2 origin of the material, e.g. AU");
ABSL_FLAG(uint64_t, cid, 0, "client order id; 0: derived from the clock");
ABSL_FLAG(int, linger_ms, 200, "after the ack, how long to keep printing fills");

namespace ftz::cli {

int OrderMain(int argc, char** argv) {
  auto args = ParseSubcommandFlags(
      argc, argv,
      "ftz order [SYMBOL] --side=buy|sell --qty=N --price=TICKS [--tif=gtc|day|ioc|fok] "
      "[--type=limit|market]: sends one order (it outlives the session) and prints its "
      "execution reports. Exit 0 when accepted, 2 when rejected.",
      __FILE__);
  std::string symbol = absl::GetFlag(FLAGS_symbol);
  if (symbol.empty() && !args.empty()) symbol = args[0];
  if (symbol.empty()) {
    std::cerr << "ftz order: name the instrument (--symbol or first argument)\n";
    return 1;
  }
  const std::string side = absl::AsciiStrToLower(absl::GetFlag(FLAGS_side));
  const std::string type = absl::AsciiStrToLower(absl::GetFlag(FLAGS_type));
  const std::string tif = absl::AsciiStrToLower(absl::GetFlag(FLAGS_tif));
  wire::NewOrder o;
  if (side != "buy" && side != "sell") {
    std::cerr << "ftz order: --side must be buy or sell\n";
    return 1;
  }
  o.set_side(side == "buy" ? wire::BUY : wire::SELL);
  if (type != "limit" && type != "market") {
    std::cerr << "ftz order: --type must be limit or market\n";
    return 1;
  }
  o.set_type(type == "limit" ? wire::LIMIT : wire::MARKET);
  wire::TimeInForce t;
  if (!wire::TimeInForce_Parse(absl::AsciiStrToUpper(tif), &t)) {
    std::cerr << "ftz order: --tif must be gtc, day, ioc or fok\n";
    return 1;
  }
  o.set_tif(t);
  uint64_t cid = absl::GetFlag(FLAGS_cid);
  if (cid == 0) {
    cid = static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::microseconds>(
                                    std::chrono::system_clock::now().time_since_epoch())
                                    .count());
  }
  o.set_client_order_id(cid);
  o.set_symbol(symbol);
  o.set_price(absl::GetFlag(FLAGS_price));
  o.set_qty(absl::GetFlag(FLAGS_qty));
  o.set_post_only(absl::GetFlag(FLAGS_post_only));
  o.set_origin(absl::GetFlag(FLAGS_origin));

  auto client = ConnectAndLogon();
  if (!client.ok()) {
    std::cerr << "ftz order: " << client.status() << "\n";
    return 1;
  }
  gw::Client& c = **client;
  if (absl::Status s = c.SendNewOrder(o); !s.ok()) {
    std::cerr << "ftz order: " << s << "\n";
    return 1;
  }
  int rc = 0;
  bool acked = false, done = false;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(TimeoutMs());
  wire::ServerMessage m;
  while (!done) {
    const auto now = std::chrono::steady_clock::now();
    if (now >= deadline) break;
    absl::Status s = c.Receive(&m, std::chrono::duration_cast<gw::Millis>(deadline - now));
    if (absl::IsDeadlineExceeded(s)) break;
    if (!s.ok()) {
      std::cerr << "ftz order: " << s << "\n";
      return 1;
    }
    if (!m.has_execution() || m.execution().client_order_id() != cid) continue;
    const wire::ExecutionReport& e = m.execution();
    std::cout << FormatExec(e) << std::endl;
    switch (e.exec_type()) {
      case wire::EXEC_NEW:
        acked = true;
        deadline = std::chrono::steady_clock::now() +
                   std::chrono::milliseconds(absl::GetFlag(FLAGS_linger_ms));
        break;
      case wire::EXEC_REJECTED:
        rc = 2;
        done = true;
        break;
      case wire::EXEC_FILL:
      case wire::EXEC_CANCELLED:
      case wire::EXEC_EXPIRED:
        done = true;
        break;
      default:
        break;
    }
  }
  if (!acked && rc == 0) {
    std::cerr << "ftz order: no answer in time\n";
    rc = 1;
  }
  (void)c.Logout();
  return rc;
}

}  // namespace ftz::cli
