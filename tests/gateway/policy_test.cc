// The gateway over the default FTZ market (market_config/default_market.txtpb): floor,
// membership, role and origin rejects arrive as execution reports with their codes,
// policy fields ride on fills, floor changes are published.
#include "gateway/market_exchange.h"
#include "tests/gateway/test_util.h"

namespace ftz::gw::testing {
namespace {

class PolicyTest : public GatewayTest {
 protected:
  void SetUp() override { StartServer({}, ExchangeFromMarket(Market::Default())); }
  std::unique_ptr<Client> As(const std::string& name) { return Connect(name, name); }
};

wire::NewOrder Order(uint64_t cid, const std::string& symbol, wire::Side side, int64_t price,
                     int64_t qty, const std::string& origin = "") {
  wire::NewOrder o = Limit(cid, symbol, side, price, qty);
  o.set_origin(origin);
  return o;
}

TEST_F(PolicyTest, PolicyRejectsArriveAsReportsWithTheirCodes) {
  auto refiner = As("fr-refiner");
  auto buyer = As("jp-buyer");
  auto china = As("cn-exporter");
  // NDPR-OX: hard floor USD 110/kg = 11000 ticks, sells below it rejected.
  ASSERT_TRUE(refiner->SendNewOrder(Order(1, "NDPR-OX", wire::SELL, 10000, 1, "FR")).ok());
  auto r = ExpectExec(*refiner, 1, wire::EXEC_REJECTED);
  EXPECT_EQ(r.reject_reason(), wire::BELOW_FLOOR) << r.text();
  EXPECT_FALSE(r.text().empty());
  // Buyers may not sell oxide.
  ASSERT_TRUE(buyer->SendNewOrder(Order(1, "NDPR-OX", wire::SELL, 12000, 1, "JP")).ok());
  r = ExpectExec(*buyer, 1, wire::EXEC_REJECTED);
  EXPECT_EQ(r.reject_reason(), wire::ROLE_NOT_ALLOWED) << r.text();
  // A participant from a non-member jurisdiction.
  ASSERT_TRUE(china->SendNewOrder(Order(1, "NDPR-OX", wire::SELL, 12000, 1, "CN")).ok());
  r = ExpectExec(*china, 1, wire::EXEC_REJECTED);
  EXPECT_EQ(r.reject_reason(), wire::NOT_MEMBER) << r.text();
  // A member declaring an origin outside its certified ones: NDPR-OX rejects it.
  auto mm = As("gb-mm");
  ASSERT_TRUE(mm->SendNewOrder(Order(1, "NDPR-OX", wire::SELL, 12000, 1, "CN")).ok());
  r = ExpectExec(*mm, 1, wire::EXEC_REJECTED);
  EXPECT_EQ(r.reject_reason(), wire::TRANSSHIPMENT) << r.text();
  // A member refiner at or above the floor is accepted.
  ASSERT_TRUE(refiner->SendNewOrder(Order(2, "NDPR-OX", wire::SELL, 11500, 3, "FR")).ok());
  ExpectExec(*refiner, 2, wire::EXEC_NEW);
}

TEST_F(PolicyTest, FillsCarryDutyNetProceedsAndTopUp) {
  auto china = As("cn-exporter");
  auto au = As("au-miner");
  auto refiner = As("us-refiner");
  // NDPR-CONC: non-member material pays a 25% tariff; member miners get a top-up to
  // USD 45/kg (4500 ticks).
  ASSERT_TRUE(china->SendNewOrder(Order(1, "NDPR-CONC", wire::SELL, 4000, 2, "CN")).ok());
  const auto ask = ExpectExec(*china, 1, wire::EXEC_NEW);
  ASSERT_TRUE(refiner->SendNewOrder(Order(1, "NDPR-CONC", wire::BUY, ask.price(), 2)).ok());
  const auto fill = ExpectExec(*china, 1, wire::EXEC_FILL);
  EXPECT_GT(fill.duty(), 0);
  EXPECT_EQ(fill.net_proceeds(), fill.last_price() * fill.last_qty() - fill.duty());
  ExpectExec(*refiner, 1, wire::EXEC_FILL);

  ASSERT_TRUE(au->SendNewOrder(Order(1, "NDPR-CONC", wire::SELL, 4000, 2, "AU")).ok());
  ExpectExec(*au, 1, wire::EXEC_NEW);
  ASSERT_TRUE(refiner->SendNewOrder(Order(2, "NDPR-CONC", wire::BUY, 4000, 2)).ok());
  const auto supported = ExpectExec(*au, 1, wire::EXEC_FILL);
  EXPECT_EQ(supported.duty(), 0);
  EXPECT_GT(supported.top_up(), 0);
}

TEST_F(PolicyTest, AdminFloorChangeIsPublishedAndCancelsOrdersBelowIt) {
  auto refiner = As("fr-refiner");
  auto watcher = As("gb-mm");
  auto admin = Connect("admin", "admin");
  ASSERT_TRUE(watcher->Subscribe("NDPR-OX").ok());
  ASSERT_TRUE(
      watcher->WaitFor([](const wire::ServerMessage& m) { return m.has_snapshot(); }, kWait).ok());
  ASSERT_TRUE(refiner->SendNewOrder(Order(1, "NDPR-OX", wire::SELL, 11500, 3, "FR")).ok());
  ExpectExec(*refiner, 1, wire::EXEC_NEW);
  wire::AdminRequest raise;
  raise.mutable_set_floor()->set_symbol("NDPR-OX");
  raise.mutable_set_floor()->set_price(12000);
  auto ack = Admin(*admin, raise);
  EXPECT_TRUE(ack.ok()) << wire::RejectReason_Name(ack.reason()) << " " << ack.text();
  auto cancelled = ExpectExec(*refiner, 1, wire::EXEC_CANCELLED);
  EXPECT_EQ(cancelled.cancel_reason(), wire::CANCEL_FLOOR_RAISED);
  auto floor = watcher->WaitFor([](const wire::ServerMessage& m) { return m.has_floor(); }, kWait);
  ASSERT_TRUE(floor.ok()) << floor.status();
  EXPECT_EQ(floor->floor().new_floor(), 12000);
  // New logons see the new floor.
  auto late = As("de-buyer");
  for (const auto& i : late->logon_ack().instruments()) {
    if (i.symbol() == "NDPR-OX") {
      EXPECT_EQ(i.floor(), 12000);
    }
  }
}

}  // namespace
}  // namespace ftz::gw::testing
