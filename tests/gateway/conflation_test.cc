// Market-data conflation (docs/protocol.md, "Conflation"): the Conflator alone, then a
// subscriber that stops reading while its book changes tens of thousands of times. Its
// queue stays bounded where a plain subscriber's is cut, and once it reads again the
// book it rebuilds from the conflated stream equals a fresh snapshot.
#include <cstdint>
#include <map>
#include <vector>

#include "client/book_builder.h"
#include "gateway/conflator.h"
#include "tests/gateway/test_util.h"

namespace ftz::gw::testing {
namespace {

wire::ServerMessage TradeMsg(uint64_t md_seq, int64_t price) {
  wire::ServerMessage m;
  m.mutable_trade()->set_md_seq(md_seq);
  m.mutable_trade()->set_price(price);
  return m;
}

std::vector<uint64_t> Released(Conflator& c) {
  std::vector<uint64_t> seqs;
  c.Release([&](wire::ServerMessage& m) {
    seqs.push_back(m.has_level() ? m.level().md_seq() : m.trade().md_seq());
  });
  return seqs;
}

TEST(Conflator, KeepsTheLatestStateOfEachThingAndReleasesInSequence) {
  Conflator c;
  c.Hold(0, LevelMsg(1, wire::BUY, 100, 5));
  c.Hold(0, LevelMsg(2, wire::SELL, 100, 5));  // another side: another state
  c.Hold(0, TradeMsg(3, 100));
  c.Hold(0, LevelMsg(4, wire::BUY, 100, 7));  // replaces seq 1
  c.Hold(1, LevelMsg(5, wire::BUY, 100, 1));  // another book
  c.Hold(0, TradeMsg(6, 101));                // replaces the trade
  EXPECT_EQ(c.size(), 4u);
  EXPECT_EQ(Released(c), (std::vector<uint64_t>{2, 4, 5, 6}));
  EXPECT_TRUE(c.empty());
  c.Hold(0, LevelMsg(7, wire::BUY, 100, 0));
  c.Hold(1, LevelMsg(8, wire::BUY, 100, 0));
  c.Forget(1);
  EXPECT_EQ(Released(c), (std::vector<uint64_t>{7}));
}

// Every market-data message `c` receives until it is quiet for `quiet`, applied to `book`;
// returns how many level updates came, checking that md_seq only rises.
int DrainInto(Client& c, BookBuilder* book, Millis quiet) {
  int levels = 0;
  uint64_t last = 0;
  for (;;) {
    auto m = c.WaitFor(
        [](const wire::ServerMessage& m) {
          return m.has_snapshot() || m.has_level() || m.has_trade() || m.has_logout();
        },
        quiet);
    if (!m.ok()) return levels;
    EXPECT_FALSE(m->has_logout()) << m->logout().text();
    if (m->has_logout()) return levels;
    if (m->has_level()) {
      ++levels;
      EXPECT_GT(m->level().md_seq(), last);
      last = m->level().md_seq();
    }
    if (m->has_trade()) {
      EXPECT_GT(m->trade().md_seq(), last);
      last = m->trade().md_seq();
    }
    EXPECT_NE(book->Apply(*m), BookBuilder::Result::kGap);
  }
}

TEST_F(GatewayTest, ConflatedSubscriberStaysBoundedAndCatchesUpToTheBook) {
  ServerOptions o;
  o.socket_send_buffer = 8 * 1024;
  o.max_outbound_bytes = 512 * 1024;
  o.conflate_after_bytes = 16 * 1024;
  StartServer(o);
  LogonOptions quiet;  // silent while not reading, without a heartbeat timeout
  quiet.heartbeat_ms = 60'000;
  auto conflated = Connect("p1", "secret", quiet, 4096);
  ASSERT_TRUE(conflated->Subscribe("NDPR", /*conflate=*/true).ok());
  auto plain = Connect("p3", "secret", quiet, 4096);
  ASSERT_TRUE(plain->Subscribe("NDPR").ok());
  auto maker = Connect("p2");
  auto admin = Connect("admin", "admin");
  wire::AdminRequest stats;
  stats.mutable_stats();

  // 40 price levels, each order placed and four in five cancelled again: 54,000 level
  // updates (over 1.5 MB on the wire) for at most 40 states.
  uint64_t cid = 0;
  uint64_t peak_queued = 0;
  for (int round = 0; round < 150; ++round) {
    for (int i = 0; i < 200; ++i) {
      wire::ClientMessage m;
      ++cid;
      *m.mutable_new_order() = Limit(cid, "NDPR", wire::BUY, 1000 + static_cast<int64_t>(cid % 40),
                                     1 + static_cast<int64_t>(cid % 3));
      maker->Queue(m);
      if (cid % 5 != 0) {
        wire::ClientMessage c;
        c.mutable_cancel()->set_client_order_id(cid);
        maker->Queue(c);
      }
    }
    ASSERT_TRUE(maker->Flush().ok());
    auto done = maker->WaitFor(IsExec(cid, cid % 5 ? wire::EXEC_CANCELLED : wire::EXEC_NEW), kWait);
    ASSERT_TRUE(done.ok()) << done.status();
    peak_queued = std::max<uint64_t>(peak_queued, Admin(*admin, stats).stats().outbound_bytes());
  }
  // The plain subscriber fell more than max_outbound_bytes behind and was cut; the
  // conflated one holds at most one state per level on top of its queue.
  EXPECT_EQ(Admin(*admin, stats).stats().disconnects_slow(), 1u);
  EXPECT_LT(peak_queued, o.max_outbound_bytes + 64 * 1024);

  // Reading again, it rebuilds the book from its stream; a fresh snapshot agrees.
  BookBuilder book(0, /*conflated=*/true);
  const int levels = DrainInto(*conflated, &book, Millis(1500));
  ASSERT_TRUE(book.ready());
  auto fresh_session = Connect("p4");
  ASSERT_TRUE(fresh_session->RequestSnapshot("NDPR").ok());
  BookBuilder fresh(0);
  while (!fresh.ready()) {
    auto m = fresh_session->WaitFor([](const wire::ServerMessage& m) { return m.has_snapshot(); },
                                    kWait);
    ASSERT_TRUE(m.ok()) << m.status();
    fresh.Apply(*m);
  }
  EXPECT_TRUE(book.SameBook(fresh)) << "conflated:\n"
                                    << book.Format(40) << "snapshot:\n"
                                    << fresh.Format(40);
  EXPECT_EQ(book.bids().size(), 8u);  // the orders left: cid % 5 == 0, so cid % 40 = 0, 5 ... 35
  // It was sent far fewer updates than the book had.
  EXPECT_LT(levels, 30'000) << "no conflation happened";
  std::printf("conflation: %d level updates sent for %llu orders; peak queued %llu bytes\n", levels,
              static_cast<unsigned long long>(cid), static_cast<unsigned long long>(peak_queued));
}

}  // namespace
}  // namespace ftz::gw::testing
