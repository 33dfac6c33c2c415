// Prints the exact bytes of one order's round trip, for docs/protocol.md: a real
// server in-process, a raw socket, every frame in hex.
#include <sys/socket.h>

#include <cstdio>
#include <string>

#include "client/client.h"
#include "client/framing.h"
#include "gateway/server.h"

namespace {

void Hex(const char* title, const std::string& bytes) {
  std::printf("%s (%zu bytes):\n", title, bytes.size());
  for (size_t i = 0; i < bytes.size(); ++i) {
    std::printf("%02x%s", static_cast<unsigned char>(bytes[i]),
                (i + 1) % 16 == 0 || i + 1 == bytes.size() ? "\n" : " ");
  }
}

// Reads one whole frame (header and body) from the socket.
std::string ReadFrame(int fd) {
  std::string buf;
  for (;;) {
    size_t header = 0, body = 0;
    auto st = ftz::gw::PeekFrame(reinterpret_cast<const uint8_t*>(buf.data()), buf.size(), &header,
                                 &body);
    if (st == ftz::gw::FrameStatus::kOk) return buf;
    char c;
    if (::recv(fd, &c, 1, 0) != 1) return buf;
    buf.push_back(c);
  }
}

}  // namespace

int main() {
  using namespace ftz;
  gw::ServerOptions options;
  options.demo_tokens = true;
  gw::Server server(gw::Exchange::Default(), options);
  if (!server.Start().ok()) return 1;
  gw::Client c;
  if (!c.Connect("127.0.0.1", server.port()).ok()) return 1;

  wire::ClientMessage logon;
  logon.mutable_logon()->set_protocol_version(wire::PROTOCOL_VERSION_CURRENT);
  logon.mutable_logon()->set_participant("p1");
  logon.mutable_logon()->set_token("secret");
  logon.mutable_logon()->set_heartbeat_interval_ms(1000);
  std::string bytes;
  gw::AppendFrame(logon, &bytes);
  Hex("client -> server: Logon", bytes);
  (void)c.SendRaw(bytes);
  const std::string ack = ReadFrame(c.fd());
  std::printf("server -> client: LogonAck: %zu bytes (seq 1; lists the instruments)\n", ack.size());

  wire::ClientMessage order;
  *order.mutable_new_order() = gw::Limit(42, "NDPR", wire::BUY, 11000, 5);
  bytes.clear();
  gw::AppendFrame(order, &bytes);
  Hex("client -> server: NewOrder", bytes);
  (void)c.SendRaw(bytes);
  const std::string report = ReadFrame(c.fd());
  Hex("server -> client: ExecutionReport", report);
  wire::ServerMessage m;
  m.ParseFromString(report.substr(1));
  std::printf("decoded: %s\n", m.ShortDebugString().c_str());
  server.Stop();
  return 0;
}
