#include "apps/cli_common.h"

#include <algorithm>
#include <cstdlib>
#include <iostream>

#include "absl/flags/commandlineflag.h"
#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/reflection.h"
#include "absl/flags/usage.h"
#include "absl/flags/usage_config.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "apps/subcommand.h"
#include "apps/units.h"

ABSL_FLAG(std::string, host, "127.0.0.1", "exchange host");
ABSL_FLAG(std::string, participant, "",
          "participant to log on as (default: \"observer\" to read market data, \"gb-mm\", the "
          "default market's market maker, to trade; `ftz serve` prints its market's participants)");
ABSL_FLAG(std::string, token, "",
          "the participant's token (default: its name, as in the default market)");
ABSL_FLAG(int, timeout_ms, 2000, "how long to wait for the exchange's answers");

namespace ftz::cli {
namespace {

absl::string_view Basename(absl::string_view path) {
  const size_t slash = path.rfind('/');
  return slash == absl::string_view::npos ? path : path.substr(slash + 1);
}

// `text` wrapped at `width` columns, every line after `indent` spaces.
std::string Wrap(absl::string_view text, size_t indent, size_t width) {
  std::string out, line;
  for (absl::string_view word : absl::StrSplit(text, ' ', absl::SkipEmpty())) {
    if (!line.empty() && indent + line.size() + 1 + word.size() > width) {
      absl::StrAppend(&out, std::string(indent, ' '), line, "\n");
      line.clear();
    }
    absl::StrAppend(&line, line.empty() ? "" : " ", word);
  }
  if (!line.empty()) absl::StrAppend(&out, std::string(indent, ' '), line, "\n");
  return out;
}

// The --help text: the usage, then the subcommand's flags by name with their defaults
// (no source paths: they say nothing to a user).
std::string Help(const std::string& usage, const std::vector<absl::string_view>& files) {
  std::vector<const absl::CommandLineFlag*> flags;
  for (const auto& [name, flag] : absl::GetAllFlags()) {
    const std::string path = flag->Filename();  // a copy: Basename views into it
    if (std::find(files.begin(), files.end(), Basename(path)) != files.end()) {
      flags.push_back(flag);
    }
  }
  std::sort(flags.begin(), flags.end(),
            [](const auto* a, const auto* b) { return a->Name() < b->Name(); });
  std::string out = absl::StrCat(usage, "\n");
  if (!flags.empty()) out += "\nFlags:\n";
  for (const absl::CommandLineFlag* f : flags) {
    const std::string def = f->DefaultValue();
    absl::StrAppend(&out, "  --", f->Name(),
                    def.empty() ? "" : absl::StrCat("  (default: ", def, ")"), "\n",
                    Wrap(f->Help(), 6, 96));
  }
  return out;
}

bool AsksForHelp(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    const absl::string_view a = argv[i];
    if (a == "--") break;
    if (a == "--help" || a == "-help" || a == "-h" || a == "--helpshort") return true;
  }
  return false;
}

}  // namespace

std::vector<std::string> ParseSubcommandFlags(int argc, char** argv, const std::string& usage,
                                              const char* file, bool client_flags,
                                              std::vector<const char*> also) {
  std::vector<absl::string_view> files = {Basename(file)};
  if (client_flags) {
    files.push_back("cli_common.cc");
    files.push_back("port_flag.cc");
  }
  for (const char* f : also) files.push_back(f);
  if (AsksForHelp(argc, argv)) {
    std::cout << Help(usage, files);
    std::exit(0);
  }
  absl::SetProgramUsageMessage(usage);
  absl::FlagsUsageConfig config;
  config.version_string = [] {
    return absl::StrCat("ftz (protocol version ", wire::PROTOCOL_VERSION_CURRENT, ")\n");
  };
  absl::SetFlagsUsageConfig(config);
  std::vector<char*> args = absl::ParseCommandLine(argc, argv);
  return std::vector<std::string>(args.begin() + 1, args.end());
}

int TimeoutMs() { return absl::GetFlag(FLAGS_timeout_ms); }

absl::StatusOr<std::unique_ptr<gw::Client>> ConnectAndLogon(Access access) {
  gw::LogonOptions o;
  o.cancel_on_disconnect = false;
  return ConnectAndLogon(access, o);
}

absl::StatusOr<std::unique_ptr<gw::Client>> ConnectAndLogon(Access access, gw::LogonOptions o) {
  const std::string host = absl::GetFlag(FLAGS_host);
  const int port = absl::GetFlag(FLAGS_port);
  auto c = std::make_unique<gw::Client>();
  if (absl::Status s = c->Connect(host, static_cast<uint16_t>(port)); !s.ok()) {
    return absl::UnavailableError(absl::StrCat("cannot reach the exchange at ", host, ":", port,
                                               " (", s.message(),
                                               "); is `ftz serve` running? --host and --port "
                                               "choose another"));
  }
  std::string participant = absl::GetFlag(FLAGS_participant);
  if (participant.empty()) {
    participant = access == Access::kReadOnly ? "observer"
                  : access == Access::kAdmin  ? "admin"
                                              : "gb-mm";
  }
  std::string token = absl::GetFlag(FLAGS_token);
  if (token.empty()) token = participant;
  auto ack = c->Logon(participant, token, o, gw::Millis(TimeoutMs()));
  if (!ack.ok()) {
    return absl::Status(
        ack.status().code(),
        absl::StrCat("logon as \"", participant, "\" refused: ", ack.status().message(),
                     "; --participant and --token choose another (`ftz serve` "
                     "prints its market's participants)"));
  }
  return c;
}

const wire::InstrumentInfo* FindInstrument(const gw::Client& c, uint32_t instrument_id) {
  for (const auto& i : c.logon_ack().instruments()) {
    if (i.instrument_id() == instrument_id) return &i;
  }
  return nullptr;
}

absl::StatusOr<uint32_t> InstrumentId(const gw::Client& c, const std::string& symbol) {
  for (const auto& i : c.logon_ack().instruments()) {
    if (i.symbol() == symbol) return i.instrument_id();
  }
  std::string known;
  for (const auto& i : c.logon_ack().instruments()) absl::StrAppend(&known, " ", i.symbol());
  return absl::NotFoundError(absl::StrCat("unknown symbol ", symbol, "; known:", known));
}

std::string FormatExec(const wire::ExecutionReport& e, const wire::InstrumentInfo* info) {
  std::string s =
      absl::StrFormat("%-13s order %d cid %d %s %s price %s qty %d leaves %d cum %d status %s",
                      wire::ExecType_Name(e.exec_type()), e.order_id(), e.client_order_id(),
                      info ? info->symbol() : absl::StrCat("instrument ", e.instrument_id()),
                      wire::Side_Name(e.side()), FormatPrice(info, e.price()), e.qty(),
                      e.leaves_qty(), e.cum_qty(), wire::OrderStatus_Name(e.status()));
  if (e.exec_type() == wire::EXEC_FILL || e.exec_type() == wire::EXEC_PARTIAL_FILL) {
    absl::StrAppendFormat(&s, " last %s @ %s trade %d%s", FormatQty(info, e.last_qty()),
                          FormatPrice(info, e.last_price()), e.trade_id(),
                          e.aggressor() ? " (aggressor)" : "");
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

std::string FormatMarketData(const wire::ServerMessage& m, const gw::Client& c) {
  switch (m.body_case()) {
    case wire::ServerMessage::kLevel: {
      const auto& l = m.level();
      const wire::InstrumentInfo* info = FindInstrument(c, l.instrument_id());
      return absl::StrFormat("#%d LEVEL %s %s qty %s orders %d", l.md_seq(),
                             l.side() == wire::BUY ? "bid" : "ask", FormatPrice(info, l.price()),
                             FormatQty(info, l.qty()), l.orders());
    }
    case wire::ServerMessage::kTrade: {
      const auto& t = m.trade();
      const wire::InstrumentInfo* info = FindInstrument(c, t.instrument_id());
      return absl::StrFormat("#%d TRADE %d: %s @ %s (aggressor %s)", t.md_seq(), t.trade_id(),
                             FormatQty(info, t.qty()), FormatPrice(info, t.price()),
                             wire::Side_Name(t.aggressor()));
    }
    case wire::ServerMessage::kFloor: {
      const wire::InstrumentInfo* info = FindInstrument(c, m.floor().instrument_id());
      return absl::StrFormat("#%d FLOOR %s -> %s", m.floor().md_seq(),
                             FormatPrice(info, m.floor().old_floor()),
                             FormatPrice(info, m.floor().new_floor()));
    }
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
