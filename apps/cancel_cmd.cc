// ftz cancel: cancels one of the participant's orders.
#include <iostream>

#include "absl/flags/flag.h"
#include "absl/strings/numbers.h"
#include "apps/cli_common.h"
#include "apps/subcommand.h"

ABSL_FLAG(uint64_t, order_id, 0, "exchange order id of the order to cancel");
ABSL_FLAG(uint64_t, cancel_cid, 0, "client order id of the order to cancel (or first argument)");

namespace ftz::cli {

int CancelMain(int argc, char** argv) {
  auto args = ParseSubcommandFlags(
      argc, argv,
      "ftz cancel [CLIENT_ORDER_ID] [--order_id=ID]: cancels one of --participant's orders "
      "by client order id or exchange order id. Exit 0 when cancelled, 2 when rejected.",
      __FILE__);
  uint64_t cid = absl::GetFlag(FLAGS_cancel_cid);
  const uint64_t order_id = absl::GetFlag(FLAGS_order_id);
  if (cid == 0 && !args.empty() && !absl::SimpleAtoi(args[0], &cid)) {
    std::cerr << "ftz cancel: not a client order id: " << args[0] << "\n";
    return 1;
  }
  if (cid == 0 && order_id == 0) {
    std::cerr << "ftz cancel: give a client order id or --order_id\n";
    return 1;
  }
  auto client = ConnectAndLogon(Access::kTrading);
  if (!client.ok()) {
    std::cerr << "ftz cancel: " << client.status().message() << "\n";
    return 1;
  }
  gw::Client& c = **client;
  if (absl::Status s = c.SendCancel(order_id ? 0 : cid, order_id); !s.ok()) {
    std::cerr << "ftz cancel: " << s << "\n";
    return 1;
  }
  auto m = c.WaitFor(
      [&](const wire::ServerMessage& m) {
        if (!m.has_execution()) return false;
        const auto& e = m.execution();
        const bool ours = order_id ? e.order_id() == order_id : e.client_order_id() == cid;
        return ours &&
               (e.exec_type() == wire::EXEC_CANCELLED || e.exec_type() == wire::EXEC_REJECTED);
      },
      gw::Millis(TimeoutMs()));
  if (!m.ok()) {
    std::cerr << "ftz cancel: " << m.status() << "\n";
    return 1;
  }
  std::cout << FormatExec(m->execution(), FindInstrument(c, m->execution().instrument_id()))
            << std::endl;
  (void)c.Logout();
  return m->execution().exec_type() == wire::EXEC_CANCELLED ? 0 : 2;
}

}  // namespace ftz::cli
