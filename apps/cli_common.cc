#include "apps/cli_common.h"

#include <iostream>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/flags/usage_config.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "apps/subcommand.h"

ABSL_FLAG(std::string, host, "127.0.0.1", "exchange host");
ABSL_FLAG(std::string, participant, "p1", "participant name to log on as");
ABSL_FLAG(std::string, token, "secret", "the participant's token");
ABSL_FLAG(int, timeout_ms, 2000, "how long to wait for the exchange's answers");

namespace ftz::cli {
namespace {

std::string g_subcommand_file;
bool g_client_flags = true;

bool Basename(absl::string_view path, absl::string_view name) {
  return path == name || absl::EndsWith(path, absl::StrCat("/", name));
}

}  // namespace

std::vector<std::string> ParseSubcommandFlags(int argc, char** argv, const std::string& usage,
                                              const char* file, bool client_flags) {
  g_subcommand_file = file;
  g_client_flags = client_flags;
  absl::SetProgramUsageMessage(usage);
  absl::FlagsUsageConfig config;
  config.contains_help_flags = [](absl::string_view f) {
    absl::string_view mine = g_subcommand_file;
    const size_t slash = mine.rfind('/');
    if (slash != absl::string_view::npos) mine.remove_prefix(slash + 1);
    return Basename(f, mine) || Basename(f, "port_flag.cc") ||
           (g_client_flags && Basename(f, "cli_common.cc"));
  };
  config.contains_helpshort_flags = config.contains_help_flags;
  config.version_string = [] { return std::string("ftz (protocol version 1)\n"); };
  absl::SetFlagsUsageConfig(config);
  std::vector<char*> args = absl::ParseCommandLine(argc, argv);
  return std::vector<std::string>(args.begin() + 1, args.end());
}

int TimeoutMs() { return absl::GetFlag(FLAGS_timeout_ms); }

absl::StatusOr<std::unique_ptr<gw::Client>> ConnectAndLogon(bool cancel_on_disconnect) {
  gw::LogonOptions o;
  o.cancel_on_disconnect = cancel_on_disconnect;
  return ConnectAndLogon(o);
}

absl::StatusOr<std::unique_ptr<gw::Client>> ConnectAndLogon(gw::LogonOptions o) {
  auto c = std::make_unique<gw::Client>();
  if (absl::Status s =
          c->Connect(absl::GetFlag(FLAGS_host), static_cast<uint16_t>(absl::GetFlag(FLAGS_port)));
      !s.ok()) {
    return s;
  }
  auto ack = c->Logon(absl::GetFlag(FLAGS_participant), absl::GetFlag(FLAGS_token), o,
                      gw::Millis(TimeoutMs()));
  if (!ack.ok()) return ack.status();
  return c;
}

absl::StatusOr<uint32_t> InstrumentId(const gw::Client& c, const std::string& symbol) {
  for (const auto& i : c.logon_ack().instruments()) {
    if (i.symbol() == symbol) return i.instrument_id();
  }
  std::string known;
  for (const auto& i : c.logon_ack().instruments()) absl::StrAppend(&known, " ", i.symbol());
  return absl::NotFoundError(absl::StrCat("unknown symbol ", symbol, "; known:", known));
}

std::string FormatExec(const wire::ExecutionReport& e) {
  std::string s =
      absl::StrFormat("%-13s order %d cid %d inst %d %s price %d qty %d leaves %d cum %d status %s",
                      wire::ExecType_Name(e.exec_type()), e.order_id(), e.client_order_id(),
                      e.instrument_id(), wire::Side_Name(e.side()), e.price(), e.qty(),
                      e.leaves_qty(), e.cum_qty(), wire::OrderStatus_Name(e.status()));
  if (e.exec_type() == wire::EXEC_FILL || e.exec_type() == wire::EXEC_PARTIAL_FILL) {
    absl::StrAppendFormat(&s, " last %d @ %d trade %d%s", e.last_qty(), e.last_price(),
                          e.trade_id(), e.aggressor() ? " (aggressor)" : "");
    if (e.duty() || e.top_up() || e.net_proceeds()) {
      absl::StrAppendFormat(&s, " duty %d net %d top_up %d", e.duty(), e.net_proceeds(),
                            e.top_up());
    }
  }
  if (e.exec_type() == wire::EXEC_REJECTED) {
    absl::StrAppendFormat(&s, " reason %s (%s)", wire::RejectReason_Name(e.reject_reason()),
                          e.text());
  }
  if (e.exec_type() == wire::EXEC_CANCELLED || e.exec_type() == wire::EXEC_EXPIRED) {
    absl::StrAppendFormat(&s, " reason %s", wire::CancelReason_Name(e.cancel_reason()));
  }
  return s;
}

std::string FormatMarketData(const wire::ServerMessage& m) {
  switch (m.body_case()) {
    case wire::ServerMessage::kLevel: {
      const auto& l = m.level();
      return absl::StrFormat("#%d LEVEL %s %d qty %d orders %d", l.md_seq(),
                             l.side() == wire::BUY ? "bid" : "ask", l.price(), l.qty(), l.orders());
    }
    case wire::ServerMessage::kTrade: {
      const auto& t = m.trade();
      return absl::StrFormat("#%d TRADE %d: %d @ %d (aggressor %s)", t.md_seq(), t.trade_id(),
                             t.qty(), t.price(), wire::Side_Name(t.aggressor()));
    }
    case wire::ServerMessage::kFloor:
      return absl::StrFormat("#%d FLOOR %d -> %d", m.floor().md_seq(), m.floor().old_floor(),
                             m.floor().new_floor());
    case wire::ServerMessage::kStockpile: {
      const auto& s = m.stockpile();
      return absl::StrFormat("#%d STOCKPILE bid %d ask %d inventory %d budget %d", s.md_seq(),
                             s.bid_qty(), s.ask_qty(), s.inventory(), s.budget_left());
    }
    case wire::ServerMessage::kInstrumentStatus:
      return absl::StrFormat("#%d STATUS %s", m.instrument_status().md_seq(),
                             m.instrument_status().halted() ? "HALTED" : "OPEN");
    case wire::ServerMessage::kSnapshot:
      return absl::StrFormat("#%d SNAPSHOT %d bids %d asks", m.snapshot().md_seq(),
                             m.snapshot().bids_size(), m.snapshot().asks_size());
    default:
      return m.ShortDebugString();
  }
}

}  // namespace ftz::cli
