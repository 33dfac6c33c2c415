#include "client/framing.h"

#include "client/book_builder.h"
#include "gtest/gtest.h"
#include "proto/ftz_wire.pb.h"
#include "tests/gateway/test_util.h"

namespace ftz::gw {
namespace {

using testing::LevelMsg;

TEST(Framing, RoundTrip) {
  wire::ClientMessage m;
  m.mutable_new_order()->set_client_order_id(7);
  m.mutable_new_order()->set_symbol("NDPR");
  std::string buf;
  AppendFrame(m, &buf);
  AppendFrame(m, &buf);
  size_t header = 0, body = 0;
  ASSERT_EQ(PeekFrame(reinterpret_cast<const uint8_t*>(buf.data()), buf.size(), &header, &body),
            FrameStatus::kOk);
  EXPECT_EQ(header, 1u);
  EXPECT_EQ(header + body, buf.size() / 2);
  wire::ClientMessage back;
  ASSERT_TRUE(back.ParseFromArray(buf.data() + header, static_cast<int>(body)));
  EXPECT_EQ(back.new_order().symbol(), "NDPR");
  // Every strict prefix of a frame needs more bytes.
  for (size_t n = 0; n < header + body; ++n) {
    EXPECT_EQ(PeekFrame(reinterpret_cast<const uint8_t*>(buf.data()), n, &header, &body),
              FrameStatus::kNeedMore);
  }
}

TEST(Framing, TooLargeIsReportedFromTheHeaderAlone) {
  std::string buf;
  AppendVarint32(kMaxFrameBytes + 1, &buf);
  size_t header = 0, body = 0;
  EXPECT_EQ(PeekFrame(reinterpret_cast<const uint8_t*>(buf.data()), buf.size(), &header, &body),
            FrameStatus::kTooLarge);
  buf.clear();
  AppendVarint32(kMaxFrameBytes, &buf);
  EXPECT_EQ(PeekFrame(reinterpret_cast<const uint8_t*>(buf.data()), buf.size(), &header, &body),
            FrameStatus::kNeedMore);
}

TEST(Framing, BadHeader) {
  const uint8_t bad[] = {0xff, 0xff, 0xff, 0xff, 0xff, 0x01};
  size_t header = 0, body = 0;
  EXPECT_EQ(PeekFrame(bad, sizeof bad, &header, &body), FrameStatus::kBadHeader);
}

TEST(BookBuilder, SnapshotThenIncrementsAndGap) {
  BookBuilder b(0);
  EXPECT_EQ(b.Apply(LevelMsg(1, wire::BUY, 100, 5)), BookBuilder::Result::kWaiting);
  wire::ServerMessage snap;
  snap.mutable_snapshot()->set_md_seq(2);
  auto* l = snap.mutable_snapshot()->add_bids();
  l->set_price(100);
  l->set_qty(5);
  l->set_orders(1);
  EXPECT_EQ(b.Apply(snap), BookBuilder::Result::kApplied);
  EXPECT_EQ(b.Apply(LevelMsg(2, wire::BUY, 100, 9)), BookBuilder::Result::kIgnored);  // old
  EXPECT_EQ(b.Apply(LevelMsg(3, wire::SELL, 101, 4)), BookBuilder::Result::kApplied);
  EXPECT_EQ(b.Apply(LevelMsg(4, wire::BUY, 100, 0)), BookBuilder::Result::kApplied);
  EXPECT_TRUE(b.bids().empty());
  EXPECT_EQ(b.asks().at(101).qty, 4);
  EXPECT_EQ(b.Apply(LevelMsg(6, wire::SELL, 101, 0)), BookBuilder::Result::kGap);
  EXPECT_FALSE(b.ready());
}

}  // namespace
}  // namespace ftz::gw

#include <random>
#include <set>

#include "gateway/id_set.h"

namespace ftz::gw {
namespace {

TEST(IdSet, SequentialIdsStayOneInterval) {
  IdSet s;
  for (uint64_t i = 1; i <= 100000; ++i) ASSERT_TRUE(s.Insert(i));
  EXPECT_EQ(s.intervals(), 1u);
  EXPECT_FALSE(s.Insert(1));
  EXPECT_FALSE(s.Insert(50000));
  EXPECT_TRUE(s.Insert(100002));
  EXPECT_EQ(s.intervals(), 2u);
  EXPECT_TRUE(s.Insert(100001));  // bridges
  EXPECT_EQ(s.intervals(), 1u);
}

TEST(IdSet, MatchesStdSetOnRandomIds) {
  IdSet s;
  std::set<uint64_t> truth;
  std::mt19937_64 rng(7);
  for (int i = 0; i < 20000; ++i) {
    const uint64_t id = rng() % 3000;
    EXPECT_EQ(s.Insert(id), truth.insert(id).second) << id;
  }
  for (uint64_t id = 0; id < 3100; ++id) EXPECT_EQ(s.Contains(id), truth.count(id) == 1) << id;
}

}  // namespace
}  // namespace ftz::gw
