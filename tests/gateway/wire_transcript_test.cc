// Golden wire transcripts, without sockets or threads: every tests/gateway/transcripts/
// *.txt is a conversation of client messages and the server messages they must cause,
// both in protobuf text format. The harness plays the server's part with its own pure
// pieces (order entry, the exchange, report building, the wire codec) and the server's
// routing rules; the socket tests (gateway_test.cc) cover the rest.
//
// File format:
//   # comment                        (kept by --update)
//   MARKET builtin | default         the test market (Exchange::Default) or the default
//                                    FTZ market (market_config/default_market.txtpb)
//   SESSION <name> <participant> <token>   logs a session on (before its first message)
//   <name>> <ClientMessage>          a client message, e.g.
//       p1> new_order { client_order_id: 1 symbol: "NDPR" side: BUY price: 100 qty: 5 }
//   <name>< <ServerMessage>          ... followed by exactly the messages it causes, in
//                                    order, each to the session named (seq left out)
// To rewrite the expectations from the harness (after a deliberate change), run
//   wire_transcript_test --update     (or FTZ_TRANSCRIPT_UPDATE=1)
// and READ the diff before committing it.
#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "gateway/exchange.h"
#include "gateway/market_exchange.h"
#include "gateway/order_entry.h"
#include "gateway/report_builder.h"
#include "gateway/wire_codec.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"
#include "market/market.h"

#ifndef FTZ_TRANSCRIPT_DIR
#error "FTZ_TRANSCRIPT_DIR must name the folder of wire transcripts"
#endif

namespace ftz::gw::testing {
namespace {

bool g_update = false;

std::string OneLine(const google::protobuf::Message& m) {
  google::protobuf::TextFormat::Printer printer;
  printer.SetSingleLineMode(true);
  std::string s;
  printer.PrintToString(m, &s);
  return std::string(absl::StripTrailingAsciiWhitespace(s));
}

// The server's part of a conversation, socket-free and single-threaded.
class Conversation {
 public:
  explicit Conversation(std::unique_ptr<Exchange> exchange)
      : exchange_(std::move(exchange)),
        entry_(*exchange_),
        builder_(*exchange_),
        followers_(exchange_->instrument_count()) {
    if (const EventBuffer* opening = exchange_->opening_events()) builder_.Open(*opening);
  }

  absl::Status LogOn(const std::string& name, const std::string& participant,
                     const std::string& token) {
    absl::StatusOr<ParticipantId> who = exchange_->Authenticate(participant, token);
    if (!who.ok()) return who.status();
    Sess& s = sessions_[name];
    s.id = sessions_.size();
    s.participant = *who;
    s.is_admin = exchange_->IsAdmin(*who);
    return absl::OkStatus();
  }

  // What one client message of session `name` causes, as "<session>< <message>" lines.
  absl::StatusOr<std::vector<std::string>> Send(const std::string& name,
                                                const wire::ClientMessage& m) {
    auto it = sessions_.find(name);
    if (it == sessions_.end()) return absl::NotFoundError(absl::StrCat("no session ", name));
    Sess& s = it->second;
    lines_.clear();
    switch (m.body_case()) {
      case wire::ClientMessage::kSubscribe:
      case wire::ClientMessage::kSnapshotRequest:
      case wire::ClientMessage::kUnsubscribe:
        MarketDataRequest(s, m);
        break;
      default: {
        Request request;
        wire::ServerMessage reply;
        const EntrySession who{.id = s.id, .participant = s.participant, .is_admin = s.is_admin};
        if (entry_.Translate(m, who, s.client_ids, &request, &reply)) {
          Run(request);
        } else {
          Deliver(s, reply);
        }
      }
    }
    return lines_;
  }

 private:
  struct Sess {
    uint64_t id = 0;
    ParticipantId participant = 0;
    bool is_admin = false;
    IdSet client_ids;
    std::vector<InstrumentId> follows;
  };

  // As Session::HandleMarketData and the server's snapshot fan-out.
  void MarketDataRequest(Sess& s, const wire::ClientMessage& m) {
    const std::string& symbol = m.has_subscribe()          ? m.subscribe().symbol()
                                : m.has_snapshot_request() ? m.snapshot_request().symbol()
                                                           : m.unsubscribe().symbol();
    auto inst = exchange_->FindInstrument(symbol);
    if (!inst) {
      wire::ServerMessage reject;
      EncodeSubscribeReject(symbol, wire::UNKNOWN_INSTRUMENT,
                            absl::StrCat("unknown symbol ", symbol), &reject);
      return Deliver(s, reject);
    }
    auto& v = followers_[*inst];
    if (m.has_unsubscribe()) {
      v.erase(std::remove(v.begin(), v.end(), &s), v.end());
      return;
    }
    Request r;
    r.kind = Request::kSnapshot;
    r.session = s.id;
    r.cmd.instrument = *inst;
    if (m.has_subscribe() && std::find(v.begin(), v.end(), &s) == v.end()) {
      r.kind = Request::kSubscribe;
    }
    Run(r);
  }

  void Run(const Request& r) {
    ReportBatch batch;
    if (r.kind == Request::kSubscribe || r.kind == Request::kSnapshot) {
      builder_.Snapshot(r, batch);
    } else if (r.kind == Request::kStats) {
      builder_.Stats(r, batch);
    } else {
      events_.Clear();
      exchange_->Submit(r.cmd, events_);
      builder_.OnEvents(
          r, events_, [&](InstrumentId id) { return !followers_[id].empty(); }, batch);
    }
    for (const Report& report : batch.reports) FanOut(batch, report);
  }

  // As Server::Impl::FanOut.
  void FanOut(const ReportBatch& batch, const Report& r) {
    wire::ServerMessage m;
    switch (r.kind) {
      case Report::kExecution:
        if (Sess* s = ByParticipant(r.participant)) {
          EncodeExecution(r, batch.text(r), m.mutable_execution());
          Deliver(*s, m);
        }
        return;
      case Report::kMarketData:
        EncodeMarketData(r, &m);
        for (Sess* s : followers_[r.instrument]) Deliver(*s, m);
        return;
      case Report::kSnapshot: {
        Sess* s = ById(r.session);
        if (s == nullptr) return;
        if (r.subscribe) followers_[r.instrument].push_back(s);
        EncodeSnapshot(r, *batch.snapshots[r.snapshot - 1],
                       exchange_->Describe(r.instrument).symbol, 1500,
                       [&](wire::ServerMessage& part) { Deliver(*s, part); });
        return;
      }
      case Report::kMassCancelAck:
      case Report::kAdminAck:
        if (Sess* s = ById(r.session)) {
          if (r.kind == Report::kMassCancelAck) {
            EncodeMassCancelAck(r, &m);
          } else {
            EncodeAdminAck(r, batch.text(r), &m);
            if (r.stats)
              EncodeStats(batch.stats[r.stats - 1], m.mutable_admin_ack()->mutable_stats());
          }
          Deliver(*s, m);
        }
        return;
      case Report::kLogonAck:
      case Report::kOrderStatus:
      case Report::kResentWire:
      case Report::kJournalReject:
        // Logon reconciliation and the journal are outside these transcripts (the harness
        // logs sessions on itself and runs without a journal).
        ADD_FAILURE() << "unexpected report kind " << int{r.kind};
        return;
    }
  }

  void Deliver(const Sess& s, const wire::ServerMessage& m) {
    for (const auto& [name, t] : sessions_) {
      if (&t == &s) lines_.push_back(absl::StrCat(name, "< ", OneLine(m)));
    }
  }
  Sess* ByParticipant(ParticipantId p) {
    for (auto& [name, s] : sessions_) {
      if (s.participant == p) return &s;
    }
    return nullptr;
  }
  Sess* ById(uint64_t id) {
    for (auto& [name, s] : sessions_) {
      if (s.id == id) return &s;
    }
    return nullptr;
  }

  std::unique_ptr<Exchange> exchange_;
  OrderEntry entry_;
  ReportBuilder builder_;
  std::map<std::string, Sess> sessions_;
  std::vector<std::vector<Sess*>> followers_;
  EventBuffer events_;
  std::vector<std::string> lines_;
};

std::string TranscriptDir() {
  const char* env = std::getenv("FTZ_TRANSCRIPT_DIR");
  return env != nullptr && env[0] != '\0' ? env : FTZ_TRANSCRIPT_DIR;
}

std::vector<std::string> TranscriptFiles() {
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(TranscriptDir())) {
    if (entry.path().extension() == ".txt") files.push_back(entry.path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

bool IsServerLine(absl::string_view line) {
  const size_t lt = line.find("< ");
  const size_t sp = line.find(' ');
  return lt != absl::string_view::npos && lt + 1 == sp;
}

class WireTranscriptTest : public ::testing::TestWithParam<std::string> {};

TEST_P(WireTranscriptTest, Replays) {
  std::ifstream in(GetParam());
  ASSERT_TRUE(in) << GetParam();
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);

  std::unique_ptr<Conversation> conversation;
  std::string rewritten;
  int line_no = 0;
  size_t i = 0;
  while (i < lines.size()) {
    const std::string& line = lines[i++];
    ++line_no;
    const std::string where = absl::StrCat(GetParam(), ":", line_no);
    if (IsServerLine(line)) {
      ADD_FAILURE() << where << ": server message without a client message before it";
      continue;
    }
    absl::StrAppend(&rewritten, line, "\n");
    const absl::string_view text = absl::StripAsciiWhitespace(line);
    if (text.empty() || text[0] == '#') continue;
    std::vector<std::string> words = absl::StrSplit(text, ' ', absl::SkipEmpty());
    if (words[0] == "MARKET") {
      ASSERT_EQ(words.size(), 2u) << where;
      if (words[1] == "builtin") {
        conversation = std::make_unique<Conversation>(Exchange::Default());
      } else {
        ASSERT_EQ(words[1], "default") << where;
        conversation = std::make_unique<Conversation>(ExchangeFromMarket(Market::Default()));
      }
      continue;
    }
    ASSERT_NE(conversation, nullptr) << where << ": MARKET first";
    if (words[0] == "SESSION") {
      ASSERT_EQ(words.size(), 4u) << where;
      absl::Status s = conversation->LogOn(words[1], words[2], words[3]);
      ASSERT_TRUE(s.ok()) << where << ": " << s;
      continue;
    }
    const size_t gt = text.find("> ");
    ASSERT_NE(gt, absl::string_view::npos) << where << ": cannot read '" << text << "'";
    wire::ClientMessage m;
    ASSERT_TRUE(google::protobuf::TextFormat::ParseFromString(std::string(text.substr(gt + 2)), &m))
        << where << ": not a ClientMessage";
    absl::StatusOr<std::vector<std::string>> actual =
        conversation->Send(std::string(text.substr(0, gt)), m);
    ASSERT_TRUE(actual.ok()) << where << ": " << actual.status();
    std::vector<std::string> expected;
    while (i < lines.size() && IsServerLine(lines[i])) {
      expected.emplace_back(absl::StripAsciiWhitespace(lines[i++]));
      ++line_no;
    }
    for (const std::string& a : *actual) absl::StrAppend(&rewritten, a, "\n");
    if (!g_update) {
      EXPECT_EQ(absl::StrJoin(*actual, "\n"), absl::StrJoin(expected, "\n"))
          << where << ": " << text;
    }
  }
  if (g_update) {
    std::ofstream(GetParam()) << rewritten;
    GTEST_SKIP() << "rewrote " << GetParam();
  }
}

INSTANTIATE_TEST_SUITE_P(Files, WireTranscriptTest, ::testing::ValuesIn(TranscriptFiles()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           std::string name = std::filesystem::path(info.param).stem().string();
                           for (char& c : name) {
                             if (!isalnum(static_cast<unsigned char>(c))) c = '_';
                           }
                           return name;
                         });

// The folder must hold transcripts (a missing folder would pass vacuously).
TEST(WireTranscriptFiles, AtLeastThree) { EXPECT_GE(TranscriptFiles().size(), 3u); }

}  // namespace
}  // namespace ftz::gw::testing

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--update") == 0) ftz::gw::testing::g_update = true;
  }
  if (const char* v = std::getenv("FTZ_TRANSCRIPT_UPDATE"); v != nullptr && v[0] == '1') {
    ftz::gw::testing::g_update = true;
  }
  return RUN_ALL_TESTS();
}
