// Integration tests of the gateway over loopback: a real Server in-process on an
// ephemeral port, real sockets, the client library.
#include <sys/socket.h>

#include <condition_variable>
#include <mutex>
#include <random>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "client/book_builder.h"
#include "client/framing.h"
#include "tests/gateway/test_util.h"

namespace ftz::gw::testing {
namespace {

wire::AdminRequest HaltReq(const std::string& symbol) {
  wire::AdminRequest r;
  r.mutable_halt()->set_symbol(symbol);
  return r;
}

wire::AdminRequest StatsReq() {
  wire::AdminRequest r;
  r.mutable_stats();
  return r;
}

// Requests a snapshot on `c` and returns it as a ready BookBuilder (all parts).
BookBuilder Snapshot(Client& c, const std::string& symbol, uint32_t instrument) {
  BookBuilder b(instrument);
  EXPECT_TRUE(c.RequestSnapshot(symbol).ok());
  while (!b.ready()) {
    auto m = c.WaitFor([](const wire::ServerMessage& m) { return m.has_snapshot(); }, kWait);
    if (!m.ok()) {
      ADD_FAILURE() << m.status();
      break;
    }
    b.Apply(*m);
  }
  return b;
}

// A trader that keeps trading while something else goes wrong elsewhere.
void TradeOnce(Client& buyer, Client& seller, uint64_t cid, int64_t price) {
  ASSERT_TRUE(buyer.SendNewOrder(Limit(cid, "LI2CO3", wire::BUY, price, 2)).ok());
  ExpectExec(buyer, cid, wire::EXEC_NEW);
  ASSERT_TRUE(seller.SendNewOrder(Limit(cid, "LI2CO3", wire::SELL, price, 2)).ok());
  auto fill = ExpectExec(seller, cid, wire::EXEC_FILL);
  EXPECT_EQ(fill.last_qty(), 2);
  ExpectExec(buyer, cid, wire::EXEC_FILL);
}

TEST_F(GatewayTest, LogonAckAnnouncesLimitsAndInstruments) {
  ServerOptions o;
  o.order_rate_per_sec = 1234;
  o.order_burst = 56;
  StartServer(o);
  auto c = ConnectRaw();
  LogonOptions lo;
  lo.heartbeat_ms = 5;  // below the minimum: clamped
  auto ack = c->Logon("p1", "secret", lo);
  ASSERT_TRUE(ack.ok()) << ack.status();
  EXPECT_EQ(ack->participant_id(), 1u);
  EXPECT_EQ(ack->order_rate_per_sec(), 1234u);
  EXPECT_EQ(ack->order_burst(), 56u);
  EXPECT_EQ(ack->max_frame_bytes(), kMaxFrameBytes);
  EXPECT_EQ(ack->heartbeat_interval_ms(), o.min_heartbeat_ms);
  EXPECT_TRUE(ack->cancel_on_disconnect());
  EXPECT_FALSE(ack->is_admin());
  ASSERT_GE(ack->instruments_size(), 2);
  EXPECT_EQ(ack->instruments(0).symbol(), "NDPR");
  EXPECT_EQ(c->last_seq(), 1u);
}

TEST_F(GatewayTest, FullOrderLifecycle) {
  StartServer();
  auto p1 = Connect("p1");
  auto p2 = Connect("p2");
  ASSERT_TRUE(p1->SendNewOrder(Limit(11, "NDPR", wire::BUY, 11000, 10)).ok());
  auto ack = ExpectExec(*p1, 11, wire::EXEC_NEW);
  EXPECT_EQ(ack.status(), wire::STATUS_NEW);
  EXPECT_EQ(ack.leaves_qty(), 10);
  EXPECT_EQ(ack.cum_qty(), 0);
  EXPECT_EQ(ack.price(), 11000);
  const uint64_t order_id = ack.order_id();
  EXPECT_GT(order_id, 0u);

  // Partial fill: p2 sells 4 into the bid.
  ASSERT_TRUE(p2->SendNewOrder(Limit(21, "NDPR", wire::SELL, 10900, 4)).ok());
  auto taker = ExpectExec(*p2, 21, wire::EXEC_FILL);
  EXPECT_TRUE(taker.aggressor());
  EXPECT_EQ(taker.last_price(), 11000);  // the maker's price
  EXPECT_EQ(taker.last_qty(), 4);
  EXPECT_EQ(taker.status(), wire::STATUS_FILLED);
  EXPECT_EQ(taker.net_proceeds(), 11000 * 4);  // no duty in the built-in market
  auto maker = ExpectExec(*p1, 11, wire::EXEC_PARTIAL_FILL);
  EXPECT_EQ(maker.status(), wire::STATUS_PARTIALLY_FILLED);
  EXPECT_EQ(maker.leaves_qty(), 6);
  EXPECT_EQ(maker.cum_qty(), 4);
  EXPECT_EQ(maker.trade_id(), taker.trade_id());
  EXPECT_FALSE(maker.aggressor());

  // Replace down in quantity keeps priority.
  ASSERT_TRUE(p1->SendReplace(11, 11000, 3).ok());
  auto rep = ExpectExec(*p1, 11, wire::EXEC_REPLACED);
  EXPECT_TRUE(rep.priority_kept());
  EXPECT_EQ(rep.leaves_qty(), 3);
  EXPECT_EQ(rep.cum_qty(), 4);
  EXPECT_EQ(rep.qty(), 7);

  // Replace to a new price by exchange id.
  ASSERT_TRUE(p1->SendReplace(0, 11100, 3, order_id).ok());
  rep = ExpectExec(*p1, 11, wire::EXEC_REPLACED);
  EXPECT_FALSE(rep.priority_kept());
  EXPECT_EQ(rep.price(), 11100);

  // Fill the rest, then a cancel finds nothing.
  ASSERT_TRUE(p2->SendNewOrder(Limit(22, "NDPR", wire::SELL, 11100, 3)).ok());
  ExpectExec(*p2, 22, wire::EXEC_FILL);
  auto filled = ExpectExec(*p1, 11, wire::EXEC_FILL);
  EXPECT_EQ(filled.cum_qty(), 7);
  EXPECT_EQ(filled.leaves_qty(), 0);
  EXPECT_EQ(filled.status(), wire::STATUS_FILLED);
  ASSERT_TRUE(p1->SendCancel(11).ok());
  auto rej = ExpectExec(*p1, 11, wire::EXEC_REJECTED);
  EXPECT_EQ(rej.reject_reason(), wire::UNKNOWN_ORDER);
  EXPECT_EQ(rej.request(), wire::REQUEST_CANCEL);

  // A resting order is cancelled by client id.
  ASSERT_TRUE(p1->SendNewOrder(Limit(12, "NDPR", wire::BUY, 10000, 5)).ok());
  ExpectExec(*p1, 12, wire::EXEC_NEW);
  ASSERT_TRUE(p1->SendCancel(12).ok());
  auto cxl = ExpectExec(*p1, 12, wire::EXEC_CANCELLED);
  EXPECT_EQ(cxl.cancel_reason(), wire::CANCEL_USER);
  EXPECT_EQ(cxl.status(), wire::STATUS_CANCELLED);
  EXPECT_EQ(cxl.leaves_qty(), 0);

  // IOC remainder is cancelled UNFILLED.
  ASSERT_TRUE(p1->SendNewOrder(Limit(13, "NDPR", wire::BUY, 10000, 5, wire::IOC)).ok());
  ExpectExec(*p1, 13, wire::EXEC_NEW);
  EXPECT_EQ(ExpectExec(*p1, 13, wire::EXEC_CANCELLED).cancel_reason(), wire::CANCEL_UNFILLED);

  // DAY orders expire at the end of the period.
  auto admin = Connect("admin", "admin");
  ASSERT_TRUE(p1->SendNewOrder(Limit(14, "NDPR", wire::BUY, 10000, 5, wire::DAY)).ok());
  ExpectExec(*p1, 14, wire::EXEC_NEW);
  wire::AdminRequest end;
  end.mutable_end_period();
  EXPECT_TRUE(Admin(*admin, end).ok());
  auto exp = ExpectExec(*p1, 14, wire::EXEC_EXPIRED);
  EXPECT_EQ(exp.status(), wire::STATUS_EXPIRED);
  EXPECT_EQ(exp.cancel_reason(), wire::CANCEL_EXPIRED);
}

TEST_F(GatewayTest, RejectsCarryReasonCodes) {
  StartServer();
  auto p1 = Connect("p1");
  auto p2 = Connect("p2");
  struct Case {
    wire::NewOrder order;
    wire::RejectReason reason;
  };
  wire::NewOrder post_only = Limit(6, "NDPR", wire::BUY, 12000, 1);
  post_only.set_post_only(true);
  wire::NewOrder fok = Limit(7, "NDPR", wire::BUY, 12000, 100, wire::FOK);
  wire::NewOrder by_bad_id = Limit(8, "", wire::BUY, 100, 1);
  by_bad_id.set_instrument_id(99);
  wire::NewOrder no_instrument = Limit(9, "", wire::BUY, 100, 1);
  wire::NewOrder no_side = Limit(10, "NDPR", wire::BUY, 100, 1);
  no_side.clear_side();
  ASSERT_TRUE(p2->SendNewOrder(Limit(1, "NDPR", wire::SELL, 11500, 5)).ok());
  ExpectExec(*p2, 1, wire::EXEC_NEW);
  const std::vector<Case> cases = {
      {Limit(1, "NDPR", wire::BUY, -1, 1), wire::BAD_PRICE},
      {Limit(2, "NDPR", wire::BUY, 2'000'000, 1), wire::BAD_PRICE},
      {Limit(3, "NDPR", wire::BUY, 100, 0), wire::BAD_QUANTITY},
      {Limit(4, "NOPE", wire::BUY, 100, 1), wire::UNKNOWN_INSTRUMENT},
      {Limit(0, "NDPR", wire::BUY, 100, 1), wire::MISSING_CLIENT_ID},
      {post_only, wire::POST_ONLY_WOULD_CROSS},
      {fok, wire::FOK_NOT_FILLABLE},
      {by_bad_id, wire::UNKNOWN_INSTRUMENT},
      {no_instrument, wire::MISSING_INSTRUMENT},
      {no_side, wire::MISSING_SIDE},
      {Limit(11, "NDPR", wire::SELL, 0, 1), wire::MISSING_PRICE},
  };
  for (const Case& c : cases) {
    ASSERT_TRUE(p1->SendNewOrder(c.order).ok());
    auto r = ExpectExec(*p1, c.order.client_order_id(), wire::EXEC_REJECTED);
    EXPECT_EQ(r.reject_reason(), c.reason) << c.order.ShortDebugString() << " -> " << r.text();
    EXPECT_EQ(r.status(), wire::STATUS_REJECTED);
    EXPECT_FALSE(r.text().empty());
  }
  // Client ids are unique over the session's life, even after the order is gone.
  ASSERT_TRUE(p1->SendNewOrder(Limit(1, "NDPR", wire::BUY, 100, 1)).ok());
  EXPECT_EQ(ExpectExec(*p1, 1, wire::EXEC_REJECTED).reject_reason(), wire::DUPLICATE_CLIENT_ID);
  ASSERT_TRUE(p1->SendNewOrder(Limit(50, "NDPR", wire::BUY, 100, 1)).ok());
  ExpectExec(*p1, 50, wire::EXEC_NEW);
  ASSERT_TRUE(p1->SendCancel(50).ok());
  ExpectExec(*p1, 50, wire::EXEC_CANCELLED);
  ASSERT_TRUE(p1->SendNewOrder(Limit(50, "NDPR", wire::BUY, 100, 1)).ok());
  EXPECT_EQ(ExpectExec(*p1, 50, wire::EXEC_REJECTED).reject_reason(), wire::DUPLICATE_CLIENT_ID);

  // Halted instruments reject new orders; cancels still work.
  auto admin = Connect("admin", "admin");
  ASSERT_TRUE(Admin(*admin, HaltReq("NDPR")).ok());
  ASSERT_TRUE(p1->SendNewOrder(Limit(60, "NDPR", wire::BUY, 100, 1)).ok());
  EXPECT_EQ(ExpectExec(*p1, 60, wire::EXEC_REJECTED).reject_reason(), wire::HALTED);
  ASSERT_TRUE(p2->SendCancel(1).ok());
  ExpectExec(*p2, 1, wire::EXEC_CANCELLED);
  wire::AdminRequest resume;
  resume.mutable_resume()->set_symbol("NDPR");
  ASSERT_TRUE(Admin(*admin, resume).ok());
  ASSERT_TRUE(p1->SendNewOrder(Limit(61, "NDPR", wire::BUY, 100, 1)).ok());
  ExpectExec(*p1, 61, wire::EXEC_NEW);
}

TEST_F(GatewayTest, AdminRequestsNeedAnAdminSession) {
  StartServer();
  auto p1 = Connect("p1");
  auto ack = Admin(*p1, HaltReq("NDPR"));
  EXPECT_FALSE(ack.ok());
  EXPECT_EQ(ack.reason(), wire::NOT_ADMIN);
  auto admin = Connect("admin", "admin");
  ack = Admin(*admin, HaltReq("NOPE"));
  EXPECT_EQ(ack.reason(), wire::UNKNOWN_INSTRUMENT);
  ASSERT_TRUE(p1->SendNewOrder(Limit(1, "NDPR", wire::BUY, 100, 3)).ok());
  ExpectExec(*p1, 1, wire::EXEC_NEW);
  ack = Admin(*admin, StatsReq());
  ASSERT_TRUE(ack.ok());
  EXPECT_EQ(ack.stats().sessions(), 2u);
  EXPECT_EQ(ack.stats().orders_accepted(), 1u);
  EXPECT_EQ(ack.stats().resting_orders(), 1u);
  EXPECT_NE(ack.stats().state_hash(), 0u);
}

TEST_F(GatewayTest, ThrottleRejectsBeyondTheBucket) {
  ServerOptions o;
  o.order_rate_per_sec = 1;  // effectively no refill during the test
  o.order_burst = 5;
  StartServer(o);
  auto p1 = Connect("p1");
  for (uint64_t i = 1; i <= 8; ++i)
    p1->Queue([&] {
      wire::ClientMessage m;
      *m.mutable_new_order() = Limit(i, "NDPR", wire::BUY, 100 + i, 1);
      return m;
    }());
  ASSERT_TRUE(p1->Flush().ok());
  int accepted = 0, throttled = 0;
  wire::ServerMessage m;
  while (accepted + throttled < 8) {
    ASSERT_TRUE(p1->Receive(&m, kWait).ok());
    if (!m.has_execution()) continue;
    if (m.execution().exec_type() == wire::EXEC_NEW) ++accepted;
    if (m.execution().reject_reason() == wire::THROTTLED) ++throttled;
  }
  EXPECT_EQ(accepted, 5);
  EXPECT_EQ(throttled, 3);
}

TEST_F(GatewayTest, ParticipantsCannotTouchEachOthersOrders) {
  StartServer();
  auto p1 = Connect("p1");
  auto p2 = Connect("p2");
  ASSERT_TRUE(p1->SendNewOrder(Limit(5, "NDPR", wire::BUY, 10000, 5)).ok());
  const uint64_t id = ExpectExec(*p1, 5, wire::EXEC_NEW).order_id();

  ASSERT_TRUE(p2->SendCancel(0, id).ok());
  EXPECT_EQ(ExpectExec(*p2, 0, wire::EXEC_REJECTED).reject_reason(), wire::NOT_YOUR_ORDER);
  ASSERT_TRUE(p2->SendReplace(0, 10001, 1, id).ok());
  EXPECT_EQ(ExpectExec(*p2, 0, wire::EXEC_REJECTED).reject_reason(), wire::NOT_YOUR_ORDER);
  // By client id, p2 names its own (non-existent) order 5.
  ASSERT_TRUE(p2->SendCancel(5).ok());
  EXPECT_EQ(ExpectExec(*p2, 5, wire::EXEC_REJECTED).reject_reason(), wire::UNKNOWN_ORDER);
  ASSERT_TRUE(p2->SendMassCancel(77).ok());
  auto ack =
      p2->WaitFor([](const wire::ServerMessage& m) { return m.has_mass_cancel_ack(); }, kWait);
  ASSERT_TRUE(ack.ok());
  EXPECT_EQ(ack->mass_cancel_ack().cancelled(), 0u);

  BookBuilder book = Snapshot(*p2, "NDPR", 0);
  ASSERT_EQ(book.bids().size(), 1u);
  EXPECT_EQ(book.bids().at(10000).qty, 5);

  // Its owner can: mass cancel reports each order.
  ASSERT_TRUE(p1->SendNewOrder(Limit(6, "NDPR", wire::SELL, 12000, 1)).ok());
  ExpectExec(*p1, 6, wire::EXEC_NEW);
  ASSERT_TRUE(p1->SendMassCancel(9).ok());
  EXPECT_EQ(ExpectExec(*p1, 5, wire::EXEC_CANCELLED).cancel_reason(), wire::CANCEL_MASS_CANCEL);
  ExpectExec(*p1, 6, wire::EXEC_CANCELLED);
  ack = p1->WaitFor([](const wire::ServerMessage& m) { return m.has_mass_cancel_ack(); }, kWait);
  ASSERT_TRUE(ack.ok());
  EXPECT_EQ(ack->mass_cancel_ack().request_id(), 9u);
  EXPECT_EQ(ack->mass_cancel_ack().cancelled(), 2u);
}

TEST_F(GatewayTest, LogonRules) {
  StartServer();
  auto trader1 = Connect("p1");
  auto trader2 = Connect("p2");

  auto before = ConnectRaw();
  ASSERT_TRUE(before->SendNewOrder(Limit(1, "NDPR", wire::BUY, 100, 1)).ok());
  EXPECT_EQ(ReadUntilClosed(*before), wire::LOGOUT_NOT_LOGGED_ON);

  auto bad = ConnectRaw();
  auto r = bad->Logon("p3", "wrong");
  EXPECT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("BAD_CREDENTIALS"), std::string::npos) << r.status();
  auto unknown = ConnectRaw();
  EXPECT_FALSE(unknown->Logon("mallory", "secret").ok());

  auto twice = ConnectRaw();
  r = twice->Logon("p1", "secret");
  EXPECT_NE(r.status().message().find("ALREADY_LOGGED_ON"), std::string::npos) << r.status();

  auto old = ConnectRaw();
  LogonOptions v0;
  v0.protocol_version = 0;
  r = old->Logon("p4", "secret", v0);
  EXPECT_NE(r.status().message().find("UNSUPPORTED_VERSION"), std::string::npos) << r.status();

  TradeOnce(*trader1, *trader2, 1, 500);
}

TEST_F(GatewayTest, BadFramesCloseOnlyTheirSession) {
  StartServer();
  auto buyer = Connect("p1");
  auto seller = Connect("p2");
  uint64_t cid = 1;

  // Garbage: a valid length prefix, bytes that are no ClientMessage.
  auto garbage = Connect("p3");
  std::string bytes;
  AppendVarint32(4, &bytes);
  bytes += std::string("\xff\xff\xff\xff", 4);
  ASSERT_TRUE(garbage->SendRaw(bytes).ok());
  EXPECT_EQ(ReadUntilClosed(*garbage), wire::LOGOUT_PROTOCOL_ERROR);
  TradeOnce(*buyer, *seller, cid++, 100);

  // An empty envelope.
  auto empty = Connect("p4");
  bytes.clear();
  AppendVarint32(0, &bytes);
  ASSERT_TRUE(empty->SendRaw(bytes).ok());
  EXPECT_EQ(ReadUntilClosed(*empty), wire::LOGOUT_PROTOCOL_ERROR);

  // Oversized: refused from the length prefix alone.
  auto big = Connect("p5");
  bytes.clear();
  AppendVarint32(kMaxFrameBytes + 1, &bytes);
  ASSERT_TRUE(big->SendRaw(bytes).ok());
  EXPECT_EQ(ReadUntilClosed(*big), wire::LOGOUT_PROTOCOL_ERROR);
  TradeOnce(*buyer, *seller, cid++, 100);

  // Truncated inside the message: the frame is whole, the protobuf in it is cut.
  auto cut = Connect("p6");
  wire::ClientMessage m;
  *m.mutable_new_order() = Limit(1, "NDPR", wire::BUY, 100, 1);
  std::string body = m.SerializeAsString();
  body.resize(body.size() - 3);
  bytes.clear();
  AppendVarint32(static_cast<uint32_t>(body.size()), &bytes);
  bytes += body;
  ASSERT_TRUE(cut->SendRaw(bytes).ok());
  EXPECT_EQ(ReadUntilClosed(*cut), wire::LOGOUT_PROTOCOL_ERROR);

  // Truncated frame: the connection ends in the middle of a frame.
  auto half = Connect("p7");
  bytes.clear();
  AppendVarint32(40, &bytes);
  bytes += "0123456789";
  ASSERT_TRUE(half->SendRaw(bytes).ok());
  ::shutdown(half->fd(), SHUT_WR);
  EXPECT_EQ(ReadUntilClosed(*half), wire::LOGOUT_PROTOCOL_ERROR);

  // Oversized before logon.
  auto early = ConnectRaw();
  bytes.clear();
  AppendVarint32(1 << 20, &bytes);
  ASSERT_TRUE(early->SendRaw(bytes).ok());
  EXPECT_EQ(ReadUntilClosed(*early), wire::LOGOUT_PROTOCOL_ERROR);

  TradeOnce(*buyer, *seller, cid++, 100);
  auto admin = Connect("admin", "admin");
  EXPECT_EQ(Admin(*admin, StatsReq()).stats().protocol_errors(), 6u);
}

TEST_F(GatewayTest, HeartbeatTimeoutCancelsOnDisconnect) {
  ServerOptions o;
  o.min_heartbeat_ms = 10;
  StartServer(o);
  auto watcher = Connect("p9");
  ASSERT_TRUE(watcher->Subscribe("NDPR").ok());
  BookBuilder book(0);
  auto snap =
      watcher->WaitFor([](const wire::ServerMessage& m) { return m.has_snapshot(); }, kWait);
  ASSERT_TRUE(snap.ok());
  book.Apply(*snap);

  LogonOptions lo;
  lo.heartbeat_ms = 30;
  auto silent = Connect("p1", "secret", lo);
  ASSERT_TRUE(silent->SendNewOrder(Limit(1, "NDPR", wire::BUY, 9000, 7)).ok());
  // Keep-on-disconnect session: its order survives.
  LogonOptions keep = lo;
  keep.cancel_on_disconnect = false;
  auto keeper = Connect("p2", "secret", keep);
  ASSERT_TRUE(keeper->SendNewOrder(Limit(1, "NDPR", wire::SELL, 9500, 3)).ok());
  ExpectExec(*keeper, 1, wire::EXEC_NEW);
  keeper->Close();
  // From here on `silent` neither reads nor writes. The watcher sees its bid appear
  // and then go (cancel-on-disconnect after 3 missed intervals).
  bool appeared = false, gone = false;
  auto m = watcher->WaitFor(
      [&](const wire::ServerMessage& m) {
        book.Apply(m);
        if (book.bids().contains(9000)) appeared = true;
        gone = appeared && !book.bids().contains(9000);
        return gone;
      },
      kWait);
  ASSERT_TRUE(m.ok()) << m.status();
  EXPECT_TRUE(book.asks().contains(9500));
  wire::ServerMessage first;
  ASSERT_TRUE(silent->Receive(&first, kWait).ok());
  EXPECT_EQ(first.execution().exec_type(), wire::EXEC_NEW);
  EXPECT_EQ(ReadUntilClosed(*silent), wire::LOGOUT_HEARTBEAT_TIMEOUT);
  // Still there after a second look.
  BookBuilder again = Snapshot(*watcher, "NDPR", 0);
  EXPECT_FALSE(again.bids().contains(9000));
  EXPECT_TRUE(again.asks().contains(9500));
  // The participant may log on again.
  auto back = Connect("p1");
  ASSERT_TRUE(back->SendNewOrder(Limit(1, "NDPR", wire::BUY, 9000, 1)).ok());
  ExpectExec(*back, 1, wire::EXEC_NEW);
}

TEST_F(GatewayTest, SlowReaderIsDisconnectedWhileOthersProceed) {
  ServerOptions o;
  o.max_outbound_bytes = 64 * 1024;
  o.socket_send_buffer = 16 * 1024;
  o.close_linger_ms = 5000;
  StartServer(o);
  auto slow = Connect("p1", "secret", {}, 4096);
  ASSERT_TRUE(slow->Subscribe("NDPR").ok());
  auto slow2 = Connect("p3", "secret", {}, 4096);
  ASSERT_TRUE(slow2->Subscribe("NDPR").ok());
  auto watcher = Connect("p4");
  ASSERT_TRUE(watcher->Subscribe("NDPR").ok());
  BookBuilder watched(0);
  auto fast = Connect("p2");
  auto admin = Connect("admin", "admin");
  uint64_t cid = 1;
  // Every order adds a level: market data for the slow subscriber that it never reads.
  for (int round = 0; round < 40; ++round) {
    for (int i = 0; i < 250; ++i, ++cid) {
      wire::ClientMessage m;
      *m.mutable_new_order() = Limit(cid, "NDPR", wire::BUY, 1000 + cid, 1);
      fast->Queue(m);
    }
    ASSERT_TRUE(fast->Flush().ok());
    ExpectExec(*fast, cid - 1, wire::EXEC_NEW);
    ASSERT_TRUE(watcher
                    ->ReadAvailable([&](const wire::ServerMessage& m) {
                      ASSERT_NE(watched.Apply(m), BookBuilder::Result::kGap);
                    })
                    .ok());
    if (Admin(*admin, StatsReq()).stats().disconnects_slow() >= 2) break;
  }
  EXPECT_EQ(Admin(*admin, StatsReq()).stats().disconnects_slow(), 2u);
  // The slow clients, reading at last, find the reason at the end of their streams.
  EXPECT_EQ(ReadUntilClosed(*slow), wire::LOGOUT_SLOW_CONSUMER);
  EXPECT_EQ(ReadUntilClosed(*slow2), wire::LOGOUT_SLOW_CONSUMER);
  // The reading subscriber saw every update.
  BookBuilder truth = Snapshot(*admin, "NDPR", 0);
  auto caught_up = watcher->WaitFor(
      [&](const wire::ServerMessage& m) {
        EXPECT_NE(watched.Apply(m), BookBuilder::Result::kGap);
        return watched.ready() && watched.md_seq() == truth.md_seq();
      },
      kWait);
  ASSERT_TRUE(caught_up.ok()) << caught_up.status();
  EXPECT_TRUE(watched.SameBook(truth));
  // The fast one carries on.
  ASSERT_TRUE(fast->SendNewOrder(Limit(cid, "NDPR", wire::SELL, 1000, 1)).ok());
  ExpectExec(*fast, cid, wire::EXEC_FILL);
}

TEST_F(GatewayTest, TwoHundredConcurrentSessions) {
  StartServer();
  constexpr int kSessions = 200;
  std::vector<std::unique_ptr<Client>> clients;
  for (int i = 0; i < kSessions; ++i) {
    clients.push_back(std::make_unique<Client>());
    ASSERT_TRUE(clients.back()->Connect("127.0.0.1", server_->port()).ok());
  }
  // Logon pipelined: all requests first, then all answers.
  for (int i = 0; i < kSessions; ++i) {
    wire::ClientMessage m;
    m.mutable_logon()->set_protocol_version(wire::PROTOCOL_VERSION_CURRENT);
    m.mutable_logon()->set_participant(absl::StrCat("p", i + 1));
    m.mutable_logon()->set_token("secret");
    ASSERT_TRUE(clients[i]->Send(m).ok());
  }
  for (auto& c : clients) {
    auto m = c->WaitFor([](const wire::ServerMessage& m) { return m.has_logon_ack(); }, kWait);
    ASSERT_TRUE(m.ok()) << m.status();
  }
  // Each bids one lot; then one seller sweeps them all.
  for (int i = 0; i < kSessions; ++i) {
    ASSERT_TRUE(clients[i]->SendNewOrder(Limit(1, "COBALT", wire::BUY, 2000 + i, 1)).ok());
  }
  for (auto& c : clients) ExpectExec(*c, 1, wire::EXEC_NEW);
  auto seller = Connect("p250");
  wire::NewOrder sweep = Limit(1, "COBALT", wire::SELL, 2000, kSessions, wire::IOC);
  ASSERT_TRUE(seller->SendNewOrder(sweep).ok());
  auto last = ExpectExec(*seller, 1, wire::EXEC_FILL);
  EXPECT_EQ(last.cum_qty(), kSessions);
  for (int i = 0; i < kSessions; ++i) {
    auto fill = ExpectExec(*clients[i], 1, wire::EXEC_FILL);
    EXPECT_EQ(fill.last_price(), 2000 + i);
  }
}

TEST_F(GatewayTest, SnapshotPlusIncrementsRebuildTheBook) {
  StartServer();
  auto early = Connect("p10");
  ASSERT_TRUE(early->Subscribe("NDPR").ok());
  BookBuilder early_book(0);
  auto p1 = Connect("p1");
  auto p2 = Connect("p2");
  Client* traders[] = {p1.get(), p2.get()};
  std::mt19937_64 rng(42);
  std::vector<uint64_t> live[2];
  uint64_t next_cid[2] = {1, 1};
  std::unique_ptr<Client> late;
  BookBuilder late_book(0);
  auto pump = [&](Client& c, BookBuilder& b) {
    ASSERT_TRUE(c.ReadAvailable([&](const wire::ServerMessage& m) {
                   ASSERT_NE(b.Apply(m), BookBuilder::Result::kGap);
                 }).ok());
  };
  for (int step = 0; step < 3000; ++step) {
    const int who = static_cast<int>(rng() % 2);
    Client& c = *traders[who];
    const int action = static_cast<int>(rng() % 10);
    if (action < 7 || live[who].empty()) {
      const uint64_t cid = next_cid[who]++;
      const auto side = rng() % 2 ? wire::BUY : wire::SELL;
      const int64_t price = 10000 + static_cast<int64_t>(rng() % 40) - (side == wire::BUY ? 8 : -8);
      ASSERT_TRUE(c.SendNewOrder(Limit(cid, "NDPR", side, price, 1 + rng() % 20)).ok());
      live[who].push_back(cid);
    } else if (action < 9) {
      const size_t k = rng() % live[who].size();
      ASSERT_TRUE(c.SendCancel(live[who][k]).ok());
      live[who].erase(live[who].begin() + k);
    } else {
      const size_t k = rng() % live[who].size();
      ASSERT_TRUE(c.SendReplace(live[who][k], 10000 + rng() % 30, 1 + rng() % 20).ok());
    }
    if (step == 1500) {
      late = Connect("p11");
      ASSERT_TRUE(late->Subscribe("NDPR").ok());
    }
    if (step % 50 == 0) {
      pump(*early, early_book);
      if (late) pump(*late, late_book);
      for (Client* t : traders) ASSERT_TRUE(t->ReadAvailable([](const auto&) {}).ok());
    }
  }
  // A marker order on each trader makes sure the engine has run everything before.
  for (int who = 0; who < 2; ++who) {
    const uint64_t cid = next_cid[who]++;
    ASSERT_TRUE(traders[who]->SendNewOrder(Limit(cid, "NDPR", wire::BUY, 1, 1)).ok());
    ExpectExec(*traders[who], cid, wire::EXEC_NEW);
  }
  // The server's book now, and each subscriber's rebuilt book at the same md_seq.
  auto observer = Connect("p12");
  BookBuilder truth = Snapshot(*observer, "NDPR", 0);
  ASSERT_GT(truth.md_seq(), 1000u);
  for (auto [client, book] : {std::pair{early.get(), &early_book}, {late.get(), &late_book}}) {
    auto m = client->WaitFor(
        [&](const wire::ServerMessage& m) {
          EXPECT_NE(book->Apply(m), BookBuilder::Result::kGap);
          return book->ready() && book->md_seq() == truth.md_seq();
        },
        kWait);
    ASSERT_TRUE(m.ok()) << m.status();
    EXPECT_TRUE(book->SameBook(truth)) << "rebuilt:\n"
                                       << book->Format(10) << "server:\n"
                                       << truth.Format(10);
    EXPECT_GT(truth.bids().size() + truth.asks().size(), 5u);
  }
}

TEST_F(GatewayTest, CallbackStyleClient) {
  StartServer();
  auto p1 = Connect("p1");
  auto p2 = Connect("p2");
  std::mutex mu;
  std::condition_variable cv;
  std::vector<wire::ExecutionReport> reports;
  int market_data = 0;
  Handlers h;
  h.on_execution = [&](const wire::ExecutionReport& e) {
    std::lock_guard lock(mu);
    reports.push_back(e);
    cv.notify_all();
  };
  h.on_market_data = [&](const wire::ServerMessage&) {
    std::lock_guard lock(mu);
    ++market_data;
    cv.notify_all();
  };
  h.on_error = [&](const absl::Status& s) { ADD_FAILURE() << "client error: " << s; };
  p1->Start(h);
  ASSERT_TRUE(p1->Subscribe("GALLIUM").ok());
  ASSERT_TRUE(p1->SendNewOrder(Limit(1, "GALLIUM", wire::SELL, 300, 2)).ok());
  ASSERT_TRUE(p2->SendNewOrder(Limit(1, "GALLIUM", wire::BUY, 300, 2)).ok());
  {
    std::unique_lock lock(mu);
    const bool done =
        cv.wait_for(lock, kWait, [&] { return reports.size() >= 2 && market_data >= 4; });
    EXPECT_TRUE(done) << reports.size() << " reports, " << market_data << " market data";
    if (!done) {
      lock.unlock();
      p1->Stop();
      return;
    }
    EXPECT_EQ(reports[0].exec_type(), wire::EXEC_NEW);
    EXPECT_EQ(reports[1].exec_type(), wire::EXEC_FILL);
  }
  p1->Stop();
}

TEST_F(GatewayTest, GracefulShutdownLogsEveryoneOut) {
  StartServer();
  auto p1 = Connect("p1");
  auto p2 = Connect("p2");
  std::thread stopper([&] { server_->Stop(); });
  EXPECT_EQ(ReadUntilClosed(*p1), wire::LOGOUT_SERVER_SHUTDOWN);
  EXPECT_EQ(ReadUntilClosed(*p2), wire::LOGOUT_SERVER_SHUTDOWN);
  stopper.join();
  Client late;
  EXPECT_FALSE(late.Connect("127.0.0.1", server_->port()).ok());
}

}  // namespace
}  // namespace ftz::gw::testing
