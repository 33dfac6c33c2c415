// `ftz`: one binary, many subcommands. The table below is the only registry; each
// subcommand lives in its own file (see apps/subcommand.h for how to add one).
#include <cstring>
#include <iostream>
#include <string>

#include "apps/subcommand.h"

namespace ftz::cli {

int ServeMain(int argc, char** argv);   // apps/serve_cmd.cc
int OrderMain(int argc, char** argv);   // apps/order_cmd.cc
int CancelMain(int argc, char** argv);  // apps/cancel_cmd.cc
int BookMain(int argc, char** argv);    // apps/book_cmd.cc
int TailMain(int argc, char** argv);    // apps/tail_cmd.cc
int AdminMain(int argc, char** argv);   // apps/admin_cmd.cc
int SimMain(int argc, char** argv);     // apps/sim_cmd.cc
int SweepMain(int argc, char** argv);   // apps/sweep_cmd.cc
int AgentsMain(int argc, char** argv);  // apps/agents_cmd.cc
int ReplayMain(int argc, char** argv);  // apps/replay_cmd.cc

namespace {

const Subcommand kSubcommands[] = {
    {"serve", "run the exchange (TCP gateway + matching engine)", ServeMain},
    {"order", "send one order and print its execution reports", OrderMain},
    {"cancel", "cancel an order by client order id or exchange order id", CancelMain},
    {"book", "print an instrument's order book (a snapshot)", BookMain},
    {"tail", "follow an instrument's market data", TailMain},
    {"admin", "admin requests: halt, resume, floor, tariff, end-period, stats", AdminMain},
    {"sim", "simulate a scenario (policy vs no-floor baseline): table, CSV, HTML report", SimMain},
    {"sweep", "a parameter grid x seeds in parallel (or sharded): means, CIs, report", SweepMain},
    {"agents", "the scenario's agents trading over TCP against a gateway", AgentsMain},
    {"replay", "replay golden scenario files through the matching engine", ReplayMain},
};

void PrintUsage(std::ostream& out) {
  out << "usage: ftz <subcommand> [flags] [args]\n\nsubcommands:\n";
  for (const Subcommand& s : kSubcommands) {
    out << "  " << s.name << std::string(10 - std::min<size_t>(9, std::strlen(s.name)), ' ')
        << s.summary << "\n";
  }
  out << "\n`ftz <subcommand> --help` lists a subcommand's flags.\n";
}

}  // namespace
}  // namespace ftz::cli

int main(int argc, char** argv) {
  using namespace ftz::cli;
  if (argc < 2 || !std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h") ||
      !std::strcmp(argv[1], "help") || !std::strcmp(argv[1], "--helpfull")) {
    if (argc >= 3 && !std::strcmp(argv[1], "help")) {
      // `ftz help serve` is `ftz serve --help`.
      for (const Subcommand& s : kSubcommands) {
        if (!std::strcmp(argv[2], s.name)) {
          std::string name = std::string("ftz ") + s.name;
          char help[] = "--help";
          char* args[] = {name.data(), help, nullptr};
          return s.run(2, args);
        }
      }
    }
    PrintUsage(argc < 2 ? std::cerr : std::cout);
    return argc < 2 ? 1 : 0;
  }
  for (const Subcommand& s : kSubcommands) {
    if (!std::strcmp(argv[1], s.name)) {
      std::string name = std::string("ftz ") + s.name;
      argv[1] = name.data();
      return s.run(argc - 1, argv + 1);
    }
  }
  std::cerr << "ftz: unknown subcommand '" << argv[1] << "'\n\n";
  PrintUsage(std::cerr);
  return 1;
}
