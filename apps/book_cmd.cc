// ftz book SYMBOL: prints a snapshot of the order book.
#include <iostream>

#include "absl/flags/flag.h"
#include "apps/cli_common.h"
#include "apps/subcommand.h"
#include "client/book_builder.h"

ABSL_FLAG(int, depth, 10, "levels per side to print");

namespace ftz::cli {

int BookMain(int argc, char** argv) {
  auto args = ParseSubcommandFlags(
      argc, argv, "ftz book SYMBOL [--depth=10]: prints the instrument's order book.", __FILE__);
  if (args.size() != 1) {
    std::cerr << "ftz book: name one instrument, e.g. ftz book NDPR\n";
    return 1;
  }
  auto client = ConnectAndLogon(Access::kReadOnly);
  if (!client.ok()) {
    std::cerr << "ftz book: " << client.status().message() << "\n";
    return 1;
  }
  gw::Client& c = **client;
  auto id = InstrumentId(c, args[0]);
  if (!id.ok()) {
    std::cerr << "ftz book: " << id.status() << "\n";
    return 1;
  }
  gw::BookBuilder book(*id);
  if (absl::Status s = c.RequestSnapshot(args[0]); !s.ok()) {
    std::cerr << "ftz book: " << s << "\n";
    return 1;
  }
  while (!book.ready()) {
    auto m = c.WaitFor(
        [](const wire::ServerMessage& m) { return m.has_snapshot() || m.has_subscribe_reject(); },
        gw::Millis(TimeoutMs()));
    if (!m.ok()) {
      std::cerr << "ftz book: " << m.status() << "\n";
      return 1;
    }
    book.Apply(*m);
  }
  const wire::InstrumentInfo* info = FindInstrument(c, *id);
  const double tick = info ? info->tick_size() : 0;
  std::cout << args[0] << ": prices in " << (info ? info->currency() : "USD") << "/"
            << (info ? info->unit() : "unit") << " (a tick is " << tick
            << "), quantities in lots of " << (info ? info->lot_size() : 1) << " "
            << (info ? info->unit() : "units") << "\n"
            << book.Format(absl::GetFlag(FLAGS_depth), tick);
  (void)c.Logout();
  return 0;
}

}  // namespace ftz::cli
