// ftz admin: admin requests (needs an admin participant).
#include <iostream>

#include "absl/flags/flag.h"
#include "absl/strings/numbers.h"
#include "apps/cli_common.h"
#include "apps/subcommand.h"

namespace ftz::cli {

int AdminMain(int argc, char** argv) {
  auto args = ParseSubcommandFlags(
      argc, argv,
      "ftz admin ACTION [ARGS]   (as --participant, default \"admin\")\n"
      "  halt SYMBOL | resume SYMBOL | floor SYMBOL TICKS | tariff SYMBOL BASIS_POINTS |\n"
      "  end-period | stats | snapshot (writes a journal snapshot now; prints its path)",
      __FILE__);
  if (args.empty()) {
    std::cerr << "ftz admin: name an action (see --help)\n";
    return 1;
  }
  const std::string& action = args[0];
  wire::AdminRequest r;
  r.set_request_id(1);
  int64_t value = 0;
  const bool has_symbol = args.size() >= 2;
  const bool has_value = args.size() >= 3 && absl::SimpleAtoi(args[2], &value);
  if (action == "halt" && has_symbol) {
    r.mutable_halt()->set_symbol(args[1]);
  } else if (action == "resume" && has_symbol) {
    r.mutable_resume()->set_symbol(args[1]);
  } else if (action == "floor" && has_value) {
    r.mutable_set_floor()->set_symbol(args[1]);
    r.mutable_set_floor()->set_price(value);
  } else if (action == "tariff" && has_value) {
    r.mutable_set_tariff()->set_symbol(args[1]);
    r.mutable_set_tariff()->set_basis_points(value);
  } else if (action == "end-period") {
    r.mutable_end_period();
  } else if (action == "stats") {
    r.mutable_stats();
  } else if (action == "snapshot") {
    r.mutable_take_snapshot();
  } else {
    std::cerr << "ftz admin: bad action or arguments (see --help)\n";
    return 1;
  }
  auto client = ConnectAndLogon(Access::kAdmin);
  if (!client.ok()) {
    std::cerr << "ftz admin: " << client.status().message() << "\n";
    return 1;
  }
  gw::Client& c = **client;
  if (absl::Status s = c.SendAdmin(r); !s.ok()) {
    std::cerr << "ftz admin: " << s << "\n";
    return 1;
  }
  auto m = c.WaitFor([](const wire::ServerMessage& m) { return m.has_admin_ack(); },
                     gw::Millis(TimeoutMs()));
  if (!m.ok()) {
    std::cerr << "ftz admin: " << m.status() << "\n";
    return 1;
  }
  const wire::AdminAck& ack = m->admin_ack();
  if (!ack.ok()) {
    std::cout << "refused: " << wire::RejectReason_Name(ack.reason()) << " " << ack.text() << "\n";
    return 2;
  }
  std::cout << "ok";
  if (!ack.text().empty()) std::cout << ": " << ack.text();
  if (ack.has_stats()) std::cout << "\n" << ack.stats().DebugString();
  std::cout << std::endl;
  (void)c.Logout();
  return 0;
}

}  // namespace ftz::cli
