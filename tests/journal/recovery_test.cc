// Recovery, resend and crash tests against a real server: in-process (restarts on the
// same journal directory) and `ftz serve` as a child process killed with SIGKILL.
#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "gateway/exchange.h"
#include "gateway/report_builder.h"
#include "journal/directory.h"
#include "journal/record_io.h"
#include "tests/gateway/test_util.h"

namespace ftz::gw::testing {
namespace {

namespace fs = std::filesystem;

std::string TempDir(const std::string& name) {
  const fs::path p =
      fs::temp_directory_path() / ("ftz-jrec-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(p);
  fs::create_directories(p);
  return p.string();
}

// What a test compares of an execution report (not possible_resend).
using ReportKey = std::tuple<uint64_t, int, uint64_t, uint64_t, int64_t, int64_t, uint64_t, int>;
ReportKey Key(const wire::ExecutionReport& e) {
  return {e.report_seq(), e.exec_type(),  e.order_id(), e.client_order_id(),
          e.cum_qty(),    e.leaves_qty(), e.trade_id(), e.cancel_reason()};
}

// Every execution report `c` receives within `wait` (until quiet).
std::vector<wire::ExecutionReport> Drain(Client& c, Millis wait = Millis(1000)) {
  std::vector<wire::ExecutionReport> out;
  for (;;) {
    auto m = c.WaitFor([](const wire::ServerMessage& m) { return m.has_execution(); }, wait);
    if (!m.ok()) return out;
    out.push_back(m->execution());
  }
}

class JournalTest : public GatewayTest {
 public:
  using GatewayTest::Connect;  // for the scenario helpers

 protected:
  ServerOptions Journaled(const std::string& dir,
                          journal::FsyncMode mode = journal::FsyncMode::kBatch) {
    ServerOptions o;
    o.journal.dir = dir;
    o.journal.fsync = mode;
    return o;
  }
  void Restart(const ServerOptions& o) {
    server_->Stop();
    server_.reset();
    StartServer(o);
  }
  uint64_t StateHash() {
    auto admin = Connect("admin", "admin");
    wire::AdminRequest r;
    r.mutable_stats();
    return Admin(*admin, r).stats().state_hash();
  }
};

LogonOptions Keep(std::optional<uint64_t> last = std::nullopt, bool status = false) {
  LogonOptions o;
  o.cancel_on_disconnect = false;
  o.last_report_seq = last;
  o.order_status = status;
  return o;
}

// The scenario of the resend test: p1 rests three buys, p2 sells into two of them in
// parts, p1 cancels one. With `away`, p1 is logged out (cancel-on-disconnect off) while
// p2 trades and logs on again without naming a report. Returns p1's reports in order.
std::vector<wire::ExecutionReport> RunResendScenario(JournalTest& t, bool away) {
  std::vector<wire::ExecutionReport> got;
  auto p1 = t.Connect("p1", "secret", Keep());
  for (int i = 1; i <= 3; ++i) {
    EXPECT_TRUE(p1->Send([&] {
                    wire::ClientMessage m;
                    *m.mutable_new_order() = Limit(i, "NDPR", wire::BUY, 10000 + i, 10);
                    return m;
                  }())
                    .ok());
    got.push_back(ExpectExec(*p1, i, wire::EXEC_NEW));
  }
  for (auto& e : Drain(*p1, Millis(50))) got.push_back(e);
  if (away) {
    wire::ClientMessage bye;
    bye.mutable_logout();
    EXPECT_TRUE(p1->Send(bye).ok());
    ReadUntilClosed(*p1);
  }
  auto p2 = t.Connect("p2");
  for (int i = 1; i <= 3; ++i) {
    wire::ClientMessage m;
    *m.mutable_new_order() = Limit(100 + i, "NDPR", wire::SELL, 10002, 4);
    EXPECT_TRUE(p2->Send(m).ok());
    ExpectExec(*p2, 100 + i, wire::EXEC_NEW);
  }
  if (away) {
    p1 = t.Connect("p1", "secret", Keep());
    const wire::LogonAck& ack = p1->logon_ack();
    EXPECT_GT(ack.resent(), 0u);
  }
  wire::ClientMessage cancel;
  cancel.mutable_cancel()->set_client_order_id(1);
  EXPECT_TRUE(p1->Send(cancel).ok());
  for (auto& e : Drain(*p1)) got.push_back(e);
  return got;
}

// Resend correctness against a reference: the reports of a participant that was away
// and logged on again are exactly those of one that stayed (same numbers, same
// contents), the missed ones marked possible_resend.
TEST_F(JournalTest, ResendMatchesStayingOnline) {
  StartServer(Journaled(TempDir("ref")));
  const std::vector<wire::ExecutionReport> reference = RunResendScenario(*this, false);
  server_->Stop();
  server_.reset();
  StartServer(Journaled(TempDir("away")));
  const std::vector<wire::ExecutionReport> away = RunResendScenario(*this, true);
  ASSERT_EQ(reference.size(), away.size());
  ASSERT_GE(reference.size(), 8u);  // 3 new, 3 fills and a partial, a cancel
  int resent = 0;
  for (size_t i = 0; i < reference.size(); ++i) {
    EXPECT_EQ(Key(reference[i]), Key(away[i])) << i << ": " << away[i].ShortDebugString();
    EXPECT_EQ(reference[i].report_seq(), i + 1);
    EXPECT_FALSE(reference[i].possible_resend());
    resent += away[i].possible_resend();
  }
  EXPECT_GT(resent, 0);
}

// CANCEL_DISCONNECT reports reach the next logon every time, however soon it comes.
TEST_F(JournalTest, CancelOnDisconnectAlwaysReachesTheNextLogon) {
  StartServer(Journaled(TempDir("cod")));
  for (int round = 1; round <= 30; ++round) {
    auto p1 = Connect("p1");  // cancel-on-disconnect on
    wire::ClientMessage m;
    *m.mutable_new_order() = Limit(round, "LI2CO3", wire::BUY, 5000, 1);
    ASSERT_TRUE(p1->Send(m).ok());
    ExpectExec(*p1, round, wire::EXEC_NEW);
    if (round % 2) {
      wire::ClientMessage bye;
      bye.mutable_logout();
      ASSERT_TRUE(p1->Send(bye).ok());
    }
    p1.reset();  // drop the connection (odd rounds: after a Logout)
    std::unique_ptr<Client> again;
    for (int i = 0; i < 200 && !again; ++i) {  // until the old session is gone
      auto c = std::make_unique<Client>();
      ASSERT_TRUE(c->Connect("127.0.0.1", server_->port()).ok());
      if (c->Logon("p1", "secret").ok()) again = std::move(c);
    }
    ASSERT_TRUE(again) << "round " << round;
    wire::ExecutionReport e = ExpectExec(*again, round, wire::EXEC_CANCELLED);
    EXPECT_EQ(e.cancel_reason(), wire::CANCEL_DISCONNECT) << "round " << round;
    EXPECT_TRUE(e.possible_resend());
  }
}

// A clean restart and a resend by number: the reports after last_report_seq come back
// identical, ids go on from where they were, the state hash is the same.
TEST_F(JournalTest, RestartResendsByNumberAndKeepsIds) {
  const std::string dir = TempDir("restart");
  StartServer(Journaled(dir));
  std::vector<wire::ExecutionReport> before;
  {
    auto p1 = Connect("p1", "secret", Keep());
    auto p2 = Connect("p2");
    for (int i = 1; i <= 5; ++i) {
      wire::ClientMessage m;
      *m.mutable_new_order() = Limit(i, "COBALT", wire::SELL, 2000 + i, 5);
      ASSERT_TRUE(p1->Send(m).ok());
      before.push_back(ExpectExec(*p1, i, wire::EXEC_NEW));
    }
    wire::ClientMessage buy;
    *buy.mutable_new_order() = Limit(50, "COBALT", wire::BUY, 2003, 12);
    ASSERT_TRUE(p2->Send(buy).ok());
    for (auto& e : Drain(*p1)) before.push_back(e);
  }
  const uint64_t hash = StateHash();
  Restart(Journaled(dir));
  ASSERT_NE(server_->recovery(), nullptr);
  EXPECT_EQ(StateHash(), hash);
  auto p1 = Connect("p1", "secret", Keep(2, true));
  const wire::LogonAck ack = p1->logon_ack();
  EXPECT_EQ(ack.resend_from(), 3u) << ack.ShortDebugString();
  const std::vector<wire::ExecutionReport> after = Drain(*p1);
  std::vector<wire::ExecutionReport> resent, status;
  for (const auto& e : after)
    (e.exec_type() == wire::EXEC_ORDER_STATUS ? status : resent).push_back(e);
  // Reports 3.. of the first run.
  std::vector<wire::ExecutionReport> expected;
  for (const auto& e : before) {
    if (e.report_seq() >= 3) expected.push_back(e);
  }
  ASSERT_EQ(resent.size(), expected.size());
  for (size_t i = 0; i < resent.size(); ++i) EXPECT_EQ(Key(resent[i]), Key(expected[i]));
  // Order status: two untouched sells and the partly filled one.
  ASSERT_EQ(status.size(), ack.open_orders());
  EXPECT_EQ(status.size(), 3u);
  // A new order gets an id after every old one.
  uint64_t max_id = 0;
  for (const auto& e : before) max_id = std::max(max_id, e.order_id());
  wire::ClientMessage m;
  *m.mutable_new_order() = Limit(99, "COBALT", wire::SELL, 3000, 1);
  ASSERT_TRUE(p1->Send(m).ok());
  EXPECT_GT(ExpectExec(*p1, 99, wire::EXEC_NEW).order_id(), max_id);
}

// A snapshot on request; recovery then starts from it and replays the rest.
TEST_F(JournalTest, RecoversFromSnapshotPlusTail) {
  const std::string dir = TempDir("snap");
  StartServer(Journaled(dir));
  auto p1 = Connect("p1", "secret", Keep());
  auto admin = Connect("admin", "admin");
  for (int i = 1; i <= 20; ++i) {
    wire::ClientMessage m;
    *m.mutable_new_order() =
        Limit(i, "GALLIUM", i % 2 ? wire::BUY : wire::SELL, i % 2 ? 100 : 200, i);
    ASSERT_TRUE(p1->Send(m).ok());
    ExpectExec(*p1, i, wire::EXEC_NEW);
    if (i == 10) {
      wire::AdminRequest r;
      r.mutable_take_snapshot();
      const wire::AdminAck a = Admin(*admin, r);
      ASSERT_TRUE(a.ok()) << a.ShortDebugString();
      EXPECT_TRUE(absl::StrContains(a.text(), "snapshot-")) << a.text();
    }
  }
  p1.reset();
  admin.reset();
  const uint64_t hash = StateHash();
  Restart(Journaled(dir));
  const RecoveryReport* r = server_->recovery();
  ASSERT_NE(r, nullptr);
  EXPECT_FALSE(r->snapshot.empty());
  EXPECT_GT(r->replayed, 0u);
  EXPECT_EQ(r->state_hash, hash);
  EXPECT_EQ(StateHash(), hash);
}

// The live-order limit is part of what the journal replays: inputs rejected under the
// limit they ran with stay rejected when a server without it recovers them (same state
// hash), the new server's limit applies afterwards, and the count per participant
// survives a snapshot.
TEST_F(JournalTest, OpenOrderLimitIsReplayedAsItRan) {
  const std::string dir = TempDir("open-limit");
  ServerOptions limited = Journaled(dir);
  limited.max_open_orders = 2;
  StartServer(limited);
  auto admin = Connect("admin", "admin");
  auto p1 = Connect("p1", "secret", Keep());
  int rejected = 0;
  for (uint64_t cid = 1; cid <= 4; ++cid) {
    ASSERT_TRUE(p1->SendNewOrder(Limit(cid, "GALLIUM", wire::BUY, 100 + cid, 1)).ok());
    auto m = p1->WaitFor(
        [&](const wire::ServerMessage& m) {
          return m.has_execution() && m.execution().client_order_id() == cid;
        },
        kWait);
    ASSERT_TRUE(m.ok()) << m.status();
    rejected += m->execution().exec_type() == wire::EXEC_REJECTED;
    if (cid == 2) {  // the count is in the snapshot: cid 3 and 4 are replayed after it
      wire::AdminRequest r;
      r.mutable_take_snapshot();
      ASSERT_TRUE(Admin(*admin, r).ok());
    }
  }
  EXPECT_EQ(rejected, 2);
  p1.reset();
  admin.reset();
  const uint64_t hash = StateHash();

  ServerOptions unlimited = Journaled(dir);
  unlimited.max_open_orders = 0;
  Restart(unlimited);
  ASSERT_NE(server_->recovery(), nullptr);
  EXPECT_EQ(server_->recovery()->state_hash, hash);
  auto again = Connect("p1", "secret", Keep());
  ASSERT_TRUE(again->SendNewOrder(Limit(5, "GALLIUM", wire::BUY, 100, 1)).ok());
  ExpectExec(*again, 5, wire::EXEC_NEW);  // no limit now: a third order rests
  again.reset();
  const uint64_t hash3 = StateHash();

  // Back under a limit of 2 (from the snapshot plus tail): p1 holds 3, so the next is over.
  Restart(limited);
  EXPECT_EQ(server_->recovery()->state_hash, hash3);
  auto p1b = Connect("p1", "secret", Keep());
  ASSERT_TRUE(p1b->SendNewOrder(Limit(6, "GALLIUM", wire::BUY, 100, 1)).ok());
  EXPECT_EQ(ExpectExec(*p1b, 6, wire::EXEC_REJECTED).reject_reason(), wire::RISK_LIMIT);
}

// A snapshot from before the live-order limit has no participants for its live orders:
// restoring it is refused with what to do, not taken with every count at zero.
TEST(ReportsImage, WithoutOrderParticipantsIsRefusedWithAReason) {
  std::unique_ptr<Exchange> exchange = Exchange::Default();
  ReportBuilder saved(*exchange);
  journal::ReportsImage image;
  saved.Save(&image);
  image.add_order_id(7);
  image.add_order_cum(0);
  image.add_order_price(100);
  ReportBuilder restored(*exchange);
  const absl::Status s = restored.Restore(image);
  EXPECT_TRUE(absl::IsDataLoss(s)) << s;
  EXPECT_TRUE(absl::StrContains(s.message(), "move this snapshot file away")) << s;
  image.add_order_participant(3);
  EXPECT_TRUE(restored.Restore(image).ok());
  EXPECT_EQ(restored.open_orders(3), 1u);
}

// Corruption in the middle of a segment stops the start with the file and the offset.
TEST_F(JournalTest, CorruptionStopsTheStart) {
  const std::string dir = TempDir("corrupt");
  StartServer(Journaled(dir));
  {
    auto p1 = Connect("p1", "secret", Keep());
    for (int i = 1; i <= 5; ++i) {
      wire::ClientMessage m;
      *m.mutable_new_order() = Limit(i, "NDPR", wire::BUY, 100 + i, 1);
      ASSERT_TRUE(p1->Send(m).ok());
      ExpectExec(*p1, i, wire::EXEC_NEW);
    }
  }
  server_->Stop();
  server_.reset();
  // The second record of the segment: flip a payload byte.
  const std::string seg = journal::SegmentPath(dir, 1);
  uint64_t offset = 0;
  {
    absl::StatusOr<journal::RecordReader> rd = journal::RecordReader::Open(seg);
    ASSERT_TRUE(rd.ok());
    journal::Record rec;
    ASSERT_EQ(*rd->Next(&rec), journal::RecordReader::Step::kRecord);
    ASSERT_EQ(*rd->Next(&rec), journal::RecordReader::Step::kRecord);
    offset = rd->record_offset();
  }
  {
    std::fstream f(seg, std::ios::in | std::ios::out | std::ios::binary);
    f.seekg(static_cast<std::streamoff>(offset + journal::kRecordHeaderBytes));
    char c = 0;
    f.read(&c, 1);
    c ^= 0x01;
    f.seekp(static_cast<std::streamoff>(offset + journal::kRecordHeaderBytes));
    f.write(&c, 1);
  }
  Server s(Exchange::Default(), Journaled(dir));
  absl::Status st = s.Start();
  ASSERT_FALSE(st.ok());
  EXPECT_TRUE(absl::StrContains(st.message(), seg)) << st;
  EXPECT_TRUE(absl::StrContains(st.message(), absl::StrCat("offset ", offset))) << st;
}

TEST_F(JournalTest, AnotherMarketConfigIsRefused) {
  const std::string dir = TempDir("market");
  StartServer(Journaled(dir));
  server_->Stop();
  server_.reset();
  absl::StatusOr<std::unique_ptr<Exchange>> other = Exchange::Load("");
  ASSERT_TRUE(other.ok());
  Server s(*std::move(other), Journaled(dir));
  absl::Status st = s.Start();
  ASSERT_FALSE(st.ok());
  EXPECT_TRUE(absl::StrContains(st.message(), "another market config")) << st;
  EXPECT_TRUE(absl::StrContains(st.message(), journal::SegmentPath(dir, 1))) << st;
}

TEST_F(JournalTest, UnusableJournalDirectoryIsAClearError) {
  const std::string dir = TempDir("notadir");
  std::ofstream(dir + "/file") << "x";
  Server s(Exchange::Default(), Journaled(dir + "/file"));
  absl::Status st = s.Start();
  ASSERT_FALSE(st.ok());
  EXPECT_TRUE(absl::StrContains(st.message(), dir + "/file")) << st;
}

// ---------------------------------------------------------------------------------
// `ftz serve` as a child process.

struct Child {
  pid_t pid = -1;
  uint16_t port = 0;
  int stdout_fd = -1;  // kept open: the server prints more after its listening line
};

// Starts ftz serve (built-in market) on an ephemeral port; `fsize`: RLIMIT_FSIZE bytes.
Child StartServe(const std::string& dir, uint64_t fsize = 0) {
  int out[2];
  EXPECT_EQ(::pipe(out), 0);
  Child c;
  c.pid = ::fork();
  if (c.pid == 0) {
    ::dup2(out[1], 1);
    ::close(out[0]);
    if (fsize) {
      rlimit lim{fsize, fsize};
      ::setrlimit(RLIMIT_FSIZE, &lim);
    }
    const std::string jd = "--journal_dir=" + dir;
    ::execl(FTZ_BINARY, FTZ_BINARY, "serve", "--builtin_market", "--demo_tokens", "--port=0",
            jd.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  ::close(out[1]);
  std::string text;
  char buf[256];
  while (text.find("listening on") == std::string::npos ||
         text.find('\n', text.find("listening on")) == std::string::npos) {
    const ssize_t n = ::read(out[0], buf, sizeof buf);
    if (n <= 0) break;
    text.append(buf, static_cast<size_t>(n));
  }
  c.stdout_fd = out[0];
  const size_t at = text.find("listening on");
  if (at != std::string::npos) {
    const size_t colon = text.find(':', at);
    const size_t end = text.find('\n', colon);
    uint32_t port = 0;
    if (absl::SimpleAtoi(text.substr(colon + 1, end - colon - 1), &port))
      c.port = static_cast<uint16_t>(port);
  }
  EXPECT_NE(c.port, 0) << text;
  return c;
}

void Kill9(Child& c) {
  ::kill(c.pid, SIGKILL);
  int status = 0;
  ::waitpid(c.pid, &status, 0);
  ::close(c.stdout_fd);
}

std::unique_ptr<Client> LogOn(uint16_t port, const std::string& who,
                              const LogonOptions& o = Keep()) {
  auto c = std::make_unique<Client>();
  EXPECT_TRUE(c->Connect("127.0.0.1", port).ok());
  auto ack = c->Logon(who, who == "admin" ? "admin" : "secret", o);
  EXPECT_TRUE(ack.ok()) << ack.status();
  return c;
}

uint64_t ChildStateHash(uint16_t port) {
  auto admin = LogOn(port, "admin");
  wire::ClientMessage m;
  m.mutable_admin()->set_request_id(1);
  m.mutable_admin()->mutable_stats();
  EXPECT_TRUE(admin->Send(m).ok());
  auto a = admin->WaitFor([](const wire::ServerMessage& m) { return m.has_admin_ack(); }, kWait);
  EXPECT_TRUE(a.ok());
  return a.ok() ? a->admin_ack().stats().state_hash() : 0;
}

// The output of a shell command.
std::string RunShell(const std::string& cmd) {
  FILE* p = ::popen(cmd.c_str(), "r");
  std::string out;
  char buf[512];
  while (p && std::fgets(buf, sizeof buf, p)) out += buf;
  if (p) ::pclose(p);
  return out;
}

std::string RunReplay(const std::string& dir) {
  return RunShell(std::string(FTZ_BINARY) + " replay " + dir + " 2>&1");
}

// SIGKILL with orders resting and partly filled: after the restart every acknowledged
// order is there (order status), the state hash is the one before the kill and the one
// an offline replay computes, and ids go on without reuse.
TEST(ServeCrash, KillNineLosesNoAcknowledgedOrder) {
  const std::string dir = TempDir("kill9");
  Child c = StartServe(dir);
  ASSERT_NE(c.port, 0);
  std::map<uint64_t, int64_t> acked;  // order id -> qty
  uint64_t max_id = 0;
  {
    auto p1 = LogOn(c.port, "p1");
    auto p2 = LogOn(c.port, "p2");
    for (int i = 1; i <= 40; ++i) {
      wire::ClientMessage m;
      *m.mutable_new_order() = Limit(i, "NDPR", wire::BUY, 10000 + i, 10);
      ASSERT_TRUE(p1->Send(m).ok());
    }
    for (int i = 1; i <= 40; ++i) {
      const wire::ExecutionReport e = ExpectExec(*p1, i, wire::EXEC_NEW);
      acked[e.order_id()] = 10;
      max_id = std::max(max_id, e.order_id());
    }
    wire::ClientMessage sell;
    *sell.mutable_new_order() =
        Limit(1, "NDPR", wire::SELL, 10035, 25);  // fills 40, 39, part of 38
    ASSERT_TRUE(p2->Send(sell).ok());
    ExpectExec(*p2, 1, wire::EXEC_FILL);
  }
  const uint64_t hash = ChildStateHash(c.port);
  // `ftz admin snapshot` writes one; the restart starts from it.
  const std::string said =
      RunShell(absl::StrCat(FTZ_BINARY, " admin snapshot --port=", c.port, " 2>&1"));
  ASSERT_TRUE(absl::StartsWith(said, "ok: ")) << said;
  const std::string snapshot(absl::StripAsciiWhitespace(said.substr(4)));
  EXPECT_TRUE(std::filesystem::exists(snapshot)) << said;
  EXPECT_TRUE(absl::StrContains(snapshot, dir)) << said;
  Kill9(c);

  Child again = StartServe(dir);
  ASSERT_NE(again.port, 0);
  EXPECT_EQ(ChildStateHash(again.port), hash);
  auto p1 = LogOn(again.port, "p1", Keep(std::nullopt, true));
  const uint32_t open = p1->logon_ack().open_orders();
  std::map<uint64_t, std::pair<int64_t, int64_t>> status;  // id -> leaves, cum
  while (status.size() < open) {
    auto m = p1->WaitFor([](const wire::ServerMessage& m) { return m.has_execution(); }, kWait);
    ASSERT_TRUE(m.ok()) << status.size() << " of " << open << " order statuses: " << m.status();
    const wire::ExecutionReport& e = m->execution();
    if (e.exec_type() == wire::EXEC_ORDER_STATUS)
      status[e.order_id()] = {e.leaves_qty(), e.cum_qty()};
  }
  EXPECT_EQ(status.size(), open);
  EXPECT_EQ(status.size(), 38u);  // 40 acked, 2 filled completely
  int64_t filled = 0;
  for (const auto& [id, q] : acked) {
    auto it = status.find(id);
    if (it == status.end()) {
      filled += q;  // filled completely before the kill
      continue;
    }
    EXPECT_EQ(it->second.first + it->second.second, q) << "order " << id;
    filled += it->second.second;
  }
  EXPECT_EQ(filled, 25);
  wire::ClientMessage m;
  *m.mutable_new_order() = Limit(1000, "NDPR", wire::BUY, 9000, 1);
  ASSERT_TRUE(p1->Send(m).ok());
  EXPECT_GT(ExpectExec(*p1, 1000, wire::EXEC_NEW).order_id(), max_id);
  p1.reset();
  const uint64_t final_hash = ChildStateHash(again.port);
  Kill9(again);
  const std::string replay = RunReplay(dir);
  char hex[32];
  std::snprintf(hex, sizeof hex, "state hash %016llx", static_cast<unsigned long long>(final_hash));
  EXPECT_TRUE(absl::StrContains(replay, hex)) << replay;
}

// A full disk (a file-size limit): order entry gets JOURNAL_UNAVAILABLE rejects, the
// server keeps running, and what it acknowledged survives a restart.
TEST(ServeCrash, FullDiskRejectsTypedAndLosesNothing) {
  const std::string dir = TempDir("full");
  Child c = StartServe(dir, 64 * 1024);
  ASSERT_NE(c.port, 0);
  std::vector<uint64_t> acked;
  int refused = 0;
  // Logged on before the disk fills (a logon after it cannot be journaled), with a long
  // heartbeat interval: it stays idle through the order loop, which is slow under load.
  LogonOptions quiet = Keep();
  quiet.heartbeat_ms = 60000;
  auto admin = LogOn(c.port, "admin", quiet);
  {
    auto p1 = LogOn(c.port, "p1");
    for (int i = 1; i <= 4000 && refused == 0; ++i) {
      wire::ClientMessage m;
      *m.mutable_new_order() = Limit(i, "NDPR", wire::BUY, 100 + i % 500, 1);
      ASSERT_TRUE(p1->Send(m).ok());
      auto r = p1->WaitFor([](const wire::ServerMessage& m) { return m.has_execution(); }, kWait);
      ASSERT_TRUE(r.ok()) << "no answer to order " << i << ": " << r.status();
      if (r->execution().exec_type() == wire::EXEC_NEW) acked.push_back(r->execution().order_id());
      if (r->execution().reject_reason() == wire::JOURNAL_UNAVAILABLE) {
        ++refused;
        EXPECT_TRUE(absl::StrContains(r->execution().text(), "journal-")) << r->execution().text();
      }
    }
  }
  EXPECT_EQ(refused, 1);
  ASSERT_GT(acked.size(), 10u);
  // Still serving: the admin session answers; a new logon cannot be journaled and is
  // refused with a typed Logout.
  wire::ClientMessage stats;
  stats.mutable_admin()->set_request_id(7);
  stats.mutable_admin()->mutable_stats();
  ASSERT_TRUE(admin->Send(stats).ok());
  auto a = admin->WaitFor([](const wire::ServerMessage& m) { return m.has_admin_ack(); }, kWait);
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_EQ(a->admin_ack().stats().resting_orders(), acked.size());
  {
    Client late;
    ASSERT_TRUE(late.Connect("127.0.0.1", c.port).ok());
    auto ack = late.Logon("p3", "secret");
    ASSERT_FALSE(ack.ok());
    EXPECT_TRUE(absl::StrContains(ack.status().message(), "LOGOUT_JOURNAL_UNAVAILABLE"))
        << ack.status();
  }
  Kill9(c);
  Child again = StartServe(dir);
  ASSERT_NE(again.port, 0);
  auto p1 = LogOn(again.port, "p1", Keep(std::nullopt, true));
  EXPECT_EQ(p1->logon_ack().open_orders(), acked.size());
  Kill9(again);
}

}  // namespace
}  // namespace ftz::gw::testing
