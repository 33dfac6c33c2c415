// ftz order: sends one order and prints its execution reports.
#include <chrono>
#include <iostream>

#include "absl/flags/flag.h"
#include "absl/strings/ascii.h"
#include "apps/cli_common.h"
#include "apps/subcommand.h"
#include "apps/units.h"

ABSL_FLAG(std::string, symbol, "", "instrument symbol (or the first argument)");
ABSL_FLAG(std::string, side, "buy", "buy or sell");
ABSL_FLAG(std::string, price, "",
          "limit price in the instrument's currency per unit, e.g. 115.00 (USD/kg for NDPR-OX)");
ABSL_FLAG(int64_t, price_ticks, 0, "limit price in ticks instead of --price");
ABSL_FLAG(int64_t, qty, 1, "quantity in lots");
ABSL_FLAG(std::string, units, "",
          "quantity in the instrument's units instead of --qty, e.g. 2000 (kg for NDPR-OX)");
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
      "ftz order SYMBOL --side=buy|sell --price=PRICE [--qty=LOTS | --units=N]\n"
      "          [--tif=gtc|day|ioc|fok] [--type=limit|market]\n"
      "\n"
      "Sends one order (it outlives the session) and prints its execution reports, prices in\n"
      "currency per unit and in ticks, quantities in lots and in units. Exit 0 when accepted,\n"
      "2 when rejected. Example: ftz order NDPR-OX --side=buy --price=115.00 --units=2000",
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
  o.set_post_only(absl::GetFlag(FLAGS_post_only));
  o.set_origin(absl::GetFlag(FLAGS_origin));

  auto client = ConnectAndLogon(Access::kTrading);
  if (!client.ok()) {
    std::cerr << "ftz order: " << client.status().message() << "\n";
    return 1;
  }
  gw::Client& c = **client;
  // Prices and quantities in the instrument's units, converted with its tick and lot size.
  const absl::StatusOr<uint32_t> id = InstrumentId(c, symbol);
  if (!id.ok()) {
    std::cerr << "ftz order: " << id.status().message() << "\n";
    return 1;
  }
  const wire::InstrumentInfo& info = *FindInstrument(c, *id);
  const std::string price_text = absl::GetFlag(FLAGS_price);
  if (!price_text.empty() && absl::GetFlag(FLAGS_price_ticks) != 0) {
    std::cerr << "ftz order: give --price or --price_ticks, not both\n";
    return 1;
  }
  if (!price_text.empty()) {
    const absl::StatusOr<int64_t> ticks = PriceToTicks(info, price_text);
    if (!ticks.ok()) {
      std::cerr << "ftz order: " << ticks.status().message() << "\n";
      return 1;
    }
    o.set_price(*ticks);
  } else {
    o.set_price(absl::GetFlag(FLAGS_price_ticks));
  }
  if (o.type() == wire::LIMIT && o.price() == 0) {
    std::cerr << "ftz order: a limit order needs --price (" << info.currency() << " per "
              << info.unit() << ") or --price_ticks\n";
    return 1;
  }
  o.set_qty(absl::GetFlag(FLAGS_qty));
  if (const std::string units = absl::GetFlag(FLAGS_units); !units.empty()) {
    const absl::StatusOr<int64_t> lots = UnitsToLots(info, units);
    if (!lots.ok()) {
      std::cerr << "ftz order: " << lots.status().message() << "\n";
      return 1;
    }
    o.set_qty(*lots);
  }
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
    std::cout << FormatExec(e, &info) << std::endl;
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
