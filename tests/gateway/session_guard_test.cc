// Sessions and credentials over real sockets (docs/protocol.md, "Logon" and
// "Heartbeats"): tokens from a credentials file, the logon backoff per address, and
// timeouts that count complete frames only.
#include <chrono>
#include <memory>
#include <thread>

#include "absl/strings/match.h"
#include "client/framing.h"
#include "tests/gateway/test_util.h"

namespace ftz::gw::testing {
namespace {

TEST_F(GatewayTest, TokensComeFromTheCredentialsFile) {
  ServerOptions o;
  o.credentials = std::make_shared<const Credentials>(
      *Credentials::Parse("p1 p1-token\nadmin admin-token\n", "test"));
  StartServer(o);
  auto p1 = Connect("p1", "p1-token");
  ASSERT_TRUE(p1->SendNewOrder(Limit(1, "NDPR", wire::BUY, 100, 1)).ok());
  ExpectExec(*p1, 1, wire::EXEC_NEW);
  Connect("admin", "admin-token");
  for (auto [who, token] :
       {std::pair{"p2", "secret"}, std::pair{"admin", "admin"}, std::pair{"p1", "p1-tokeN"}}) {
    auto c = ConnectRaw();
    auto ack = c->Logon(who, token);
    ASSERT_FALSE(ack.ok()) << who;
    EXPECT_TRUE(absl::StrContains(ack.status().message(), "LOGOUT_BAD_CREDENTIALS"))
        << ack.status();
  }
}

TEST_F(GatewayTest, FailedLogonsBackOffPerAddress) {
  ServerOptions o;
  o.logon_backoff = LogonBackoff{.free_failures = 3, .backoff_ms = 2000, .max_backoff_ms = 2000};
  StartServer(o);
  auto healthy = Connect("p9");  // logged on before: not affected
  for (int i = 0; i < 3; ++i) {
    auto c = ConnectRaw();
    auto ack = c->Logon("p1", "wrong");
    ASSERT_FALSE(ack.ok());
    EXPECT_TRUE(absl::StrContains(ack.status().message(), "LOGOUT_BAD_CREDENTIALS"));
  }
  // Backing off: even the right token is refused, with a text that says for how long.
  auto c = ConnectRaw();
  auto ack = c->Logon("p1", "secret");
  ASSERT_FALSE(ack.ok());
  EXPECT_TRUE(absl::StrContains(ack.status().message(), "LOGOUT_LOGON_THROTTLED")) << ack.status();
  EXPECT_TRUE(absl::StrContains(ack.status().message(), "3 failed logons in a row from 127.0.0.1"))
      << ack.status();
  ASSERT_TRUE(healthy->SendNewOrder(Limit(1, "NDPR", wire::BUY, 100, 1)).ok());
  ExpectExec(*healthy, 1, wire::EXEC_NEW);
}

TEST_F(GatewayTest, PartialFramesAreNotActivity) {
  StartServer();
  LogonOptions lo;
  lo.heartbeat_ms = 50;
  auto c = Connect("p1", "secret", lo);
  // A frame announcing 60,000 bytes, one byte every 20 ms, never finished.
  std::string frame;
  AppendVarint32(60'000, &frame);
  frame.append(40, '\x0a');
  const auto t0 = std::chrono::steady_clock::now();
  for (char b : frame) {
    if (!c->SendRaw(std::string(1, b)).ok()) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_EQ(ReadUntilClosed(*c), wire::LOGOUT_HEARTBEAT_TIMEOUT);
  // Three 50 ms intervals, not the 0.8 s of dribbling.
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::milliseconds(1500));
}

}  // namespace
}  // namespace ftz::gw::testing
