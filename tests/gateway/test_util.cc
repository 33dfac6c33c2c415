#include "tests/gateway/test_util.h"

#include <cstdlib>
#include <string_view>

namespace ftz::gw::testing {

void GatewayTest::StartServer(ServerOptions options, std::unique_ptr<Exchange> exchange) {
  options.port = 0;
  const char* mode = std::getenv("FTZ_TEST_SERVER_MODE");
  const std::string_view m = mode ? mode : "";
  ASSERT_TRUE(m.empty() || m == "inline" || m == "inline_busy") << "FTZ_TEST_SERVER_MODE=" << m;
  if (!m.empty()) options.engine_thread = false;
  if (m == "inline_busy") options.busy_poll = true;
  if (!exchange) exchange = Exchange::Default();
  // The tests log on with the markets' demo tokens unless they bring credentials.
  if (!options.credentials) options.demo_tokens = true;
  server_ = std::make_unique<Server>(std::move(exchange), options);
  absl::Status s = server_->Start();
  ASSERT_TRUE(s.ok()) << s;
}

std::unique_ptr<Client> GatewayTest::ConnectRaw(int receive_buffer) {
  auto c = std::make_unique<Client>();
  absl::Status s = c->Connect("127.0.0.1", server_->port(), receive_buffer);
  EXPECT_TRUE(s.ok()) << s;
  return c;
}

std::unique_ptr<Client> GatewayTest::Connect(const std::string& participant,
                                             const std::string& token, const LogonOptions& options,
                                             int receive_buffer) {
  auto c = ConnectRaw(receive_buffer);
  auto ack = c->Logon(participant, token, options);
  EXPECT_TRUE(ack.ok()) << participant << ": " << ack.status();
  return c;
}

wire::AdminAck GatewayTest::Admin(Client& admin, wire::AdminRequest request) {
  const uint64_t id = next_request_++;
  request.set_request_id(id);
  EXPECT_TRUE(admin.SendAdmin(request).ok());
  auto m = admin.WaitFor(
      [&](const wire::ServerMessage& m) {
        return m.has_admin_ack() && m.admin_ack().request_id() == id;
      },
      kWait);
  EXPECT_TRUE(m.ok()) << m.status();
  return m.ok() ? m->admin_ack() : wire::AdminAck();
}

std::function<bool(const wire::ServerMessage&)> IsExec(uint64_t client_order_id,
                                                       wire::ExecType type) {
  return [=](const wire::ServerMessage& m) {
    return m.has_execution() && m.execution().client_order_id() == client_order_id &&
           m.execution().exec_type() == type;
  };
}

std::function<bool(const wire::ServerMessage&)> IsLogout() {
  return [](const wire::ServerMessage& m) { return m.has_logout(); };
}

wire::ExecutionReport ExpectExec(Client& c, uint64_t client_order_id, wire::ExecType type) {
  auto m = c.WaitFor(IsExec(client_order_id, type), kWait);
  EXPECT_TRUE(m.ok()) << "client order " << client_order_id << " " << wire::ExecType_Name(type)
                      << ": " << m.status();
  return m.ok() ? m->execution() : wire::ExecutionReport();
}

int ReadUntilClosed(Client& c, Millis timeout) {
  int reason = -1;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  wire::ServerMessage m;
  while (std::chrono::steady_clock::now() < deadline) {
    absl::Status s = c.Receive(&m, 100ms);
    if (absl::IsUnavailable(s)) return reason;
    if (s.ok() && m.has_logout()) reason = m.logout().reason();
  }
  ADD_FAILURE() << "the server did not close the connection";
  return reason;
}

wire::ServerMessage LevelMsg(uint64_t seq, wire::Side side, int64_t price, int64_t qty) {
  wire::ServerMessage m;
  wire::LevelUpdate* l = m.mutable_level();
  l->set_md_seq(seq);
  l->set_side(side);
  l->set_price(price);
  l->set_qty(qty);
  l->set_orders(qty ? 1 : 0);
  return m;
}

}  // namespace ftz::gw::testing
