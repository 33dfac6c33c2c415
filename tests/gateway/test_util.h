// Helpers for gateway tests: an in-process server and logged-on clients.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "client/client.h"
#include "gateway/server.h"
#include "gtest/gtest.h"

namespace ftz::gw::testing {

using namespace std::chrono_literals;

constexpr Millis kWait = 5000ms;

class GatewayTest : public ::testing::Test {
 protected:
  void TearDown() override {
    if (server_) server_->Stop();
  }
  // Starts `exchange` (default: Exchange::Default()) on an ephemeral port. The
  // environment picks the server's threading, so that one test binary covers every
  // mode: FTZ_TEST_SERVER_MODE=inline (engine on the I/O thread), inline_busy (and the
  // I/O thread busy-polls); unset: the default (engine thread).
  void StartServer(ServerOptions options = {}, std::unique_ptr<Exchange> exchange = nullptr);
  // A connected, logged-on client; fails the test when it cannot log on.
  std::unique_ptr<Client> Connect(const std::string& participant,
                                  const std::string& token = "secret",
                                  const LogonOptions& options = {}, int receive_buffer = 0);
  // A connected client that has not logged on.
  std::unique_ptr<Client> ConnectRaw(int receive_buffer = 0);
  // Sends an admin request on `admin` and waits for its ack.
  wire::AdminAck Admin(Client& admin, wire::AdminRequest request);

  std::unique_ptr<Server> server_;
  uint64_t next_request_ = 1;
};

// Predicates for Client::WaitFor.
std::function<bool(const wire::ServerMessage&)> IsExec(uint64_t client_order_id,
                                                       wire::ExecType type);
std::function<bool(const wire::ServerMessage&)> IsLogout();

// The next execution report for client_order_id with exec type `type` (skipping others).
wire::ExecutionReport ExpectExec(Client& c, uint64_t client_order_id, wire::ExecType type);
// A LevelUpdate message (orders 1, or 0 for a level that is gone).
wire::ServerMessage LevelMsg(uint64_t seq, wire::Side side, int64_t price, int64_t qty);
// Reads until the server closes the connection; returns the Logout seen on the way
// (reason -1 when none came).
int ReadUntilClosed(Client& c, Millis timeout = kWait);

}  // namespace ftz::gw::testing
