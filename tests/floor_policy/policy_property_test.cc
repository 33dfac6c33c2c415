// Property tests over seeded random command streams on a small market with every
// mechanism on. An independent model, fed only the commands, the config's rules and the
// events, checks after every event and command:
//   - no trade prints below the hard floor, no order rests below it;
//   - the stockpile never exceeds its budget, period cap or capacity;
//   - each trade's duty and top-up are what docs/floor_policy.md says, so the ledger
//     balances (buyer paid = seller received + duties) trade by trade;
//   - no participant trades (or gets an order accepted on) an instrument or side its
//     roles or membership forbid, nor non-member material where it is denied;
//   - ledger events (DUTY, TOP_UP, STOCKPILE_*, PERIOD_CLOSED, FLOOR_CHANGED) agree;
//   - open quantities, resting orders and floors agree with the engine and policy;
// then compares its totals with the policy's ledger, and replays each stream for the
// same events, ledger and Engine::StateHash.
#include <algorithm>
#include <cstdlib>
#include <map>
#include <random>
#include <set>

#include "absl/strings/str_format.h"
#include "fp_test_util.h"
#include "gtest/gtest.h"

namespace ftz {
namespace {

using namespace fp_test;  // NOLINT

constexpr InstrumentId kHf = 0, kVl = 1, kDn = 2;
constexpr int kInstruments = 3;
constexpr Jurisdiction kUncertified = 0xFFFF;

// HF: hard floor (REJECT), stockpile with release, support with upside, indexed floor,
//     25% tariff, transshipment re-treated, risk limit.
// VL: hard floor (REPRICE), stockpile with release, schedule, variable levy,
//     transshipment rejected, risk limit.
// DN: no hard floor, support, non-member origin denied, narrow roles.
const std::string kRules =
    Instrument("HF", R"pb(
      floor {
        hard { price: 100 }
        stockpile { budget: 1500 period_cap: 12 capacity: 25 release_price: 160 }
        support { floor: 120 upside_strike: 150 upside_share: 0.5 }
        indexed { ratio: 0.8 periods: 3 min: 90 max: 150 }
      }
      non_member_origin { kind: TARIFF tariff_rate: 0.25 }
      transshipment: TREAT_AS_NON_MEMBER
      max_open_lots: 15)pb") +
    Instrument("VL", R"pb(
      floor {
        hard { price: 200 sell_below: REPRICE }
        stockpile { budget: 6000 period_cap: 10 capacity: 20 release_price: 300 }
        schedule { period: 2 price: 210 }
        schedule { period: 5 price: 190 }
        schedule { period: 8 price: 240 }
      }
      non_member_origin { kind: VARIABLE_LEVY reference_price: 260 }
      transshipment: REJECT_TRANSSHIPMENT
      max_open_lots: 12)pb") +
    R"pb(
  instruments {
    symbol: "DN"
    tick_size: 1
    lot_size: 1
    max_price: 1000
    max_order_lots: 20
    buy_roles: [ BUYER ]
    sell_roles: [ MINER ]
    floor { support { floor: 50 } }
    non_member_origin { kind: DENY }
  })pb";

// ---------------------------------------------------------------------------------------
// The random stream.

struct Ranges {
  Price lo, hi;
};
constexpr Ranges kPrices[kInstruments] = {{80, 200}, {160, 330}, {20, 120}};
const std::vector<Price> kAdminFloors[kInstruments] = {
    {0, 90, 100, 110, 130, 165}, {0, 180, 200, 250, 310}, {0, 40, 60}};
const Jurisdiction kOrigins[] = {kUS, kAU, kSG, kCN, kCD};

class Stream {
 public:
  explicit Stream(uint64_t seed) : rng_(seed) {}

  // The next command; `known` are order ids seen accepted (live or not) with owners.
  Command Next(const std::vector<std::pair<OrderId, ParticipantId>>& known) {
    const int r = Uniform(0, 99);
    const InstrumentId i = static_cast<InstrumentId>(Uniform(0, kInstruments - 1));
    const Ranges pr = kPrices[i];
    if (r < 55 || (r < 79 && known.empty())) {
      Command c = NewLimit(Participant(), i, Uniform(0, 1) ? Side::kSell : Side::kBuy,
                           Uniform(pr.lo, pr.hi), Uniform(1, 8));
      const int t = Uniform(0, 19);
      c.tif = t < 12   ? TimeInForce::kGtc
              : t < 16 ? TimeInForce::kDay
              : t < 19 ? TimeInForce::kIoc
                       : TimeInForce::kFok;
      c.stp = Uniform(0, 9) < 7 ? StpMode::kNone : static_cast<StpMode>(Uniform(1, 3));
      c.post_only = c.tif != TimeInForce::kIoc && c.tif != TimeInForce::kFok && Uniform(0, 19) == 0;
      if (c.side == Side::kSell && Uniform(0, 1)) c.origin = kOrigins[Uniform(0, 4)];
      if (Uniform(0, 3) == 0) c.client_id = static_cast<ClientOrderId>(Uniform(1, 50));
      return c;
    }
    if (r < 63) {
      Command c =
          NewMarket(Participant(), i, Uniform(0, 1) ? Side::kSell : Side::kBuy, Uniform(1, 12));
      if (c.side == Side::kSell && Uniform(0, 1)) c.origin = kOrigins[Uniform(0, 4)];
      return c;
    }
    if (r < 79) {
      const auto& [id, owner] = known[Uniform(0, static_cast<int>(known.size()) - 1)];
      // The stockpile's orders are only ever targeted by others (NOT_YOUR_ORDER).
      const ParticipantId p = owner != kVault && Uniform(0, 9) < 9 ? owner : Participant();
      if (r < 71) return CancelOrder(p, i, id);
      Command c = ReplaceOrder(p, i, id, 0, Uniform(1, 8));
      const InstrumentId of = static_cast<InstrumentId>(Uniform(0, kInstruments - 1));
      c.price = Uniform(kPrices[of].lo, kPrices[of].hi);
      return c;
    }
    if (r < 82) return MassCancel(Participant());
    if (r < 87) return EndPeriod();
    if (r < 89) {
      const std::vector<Price>& f = kAdminFloors[i];
      return AdminCommand(CommandKind::kSetFloor, i, f[Uniform(0, static_cast<int>(f.size()) - 1)]);
    }
    if (r < 92) {
      static constexpr int64_t kBps[] = {0, 1000, 2500, 5000};
      return AdminCommand(CommandKind::kSetTariff, kHf, kBps[Uniform(0, 3)]);
    }
    if (r < 93) return AdminCommand(Uniform(0, 1) ? CommandKind::kHalt : CommandKind::kResume, i);
    return NewLimit(Participant(), i, Uniform(0, 1) ? Side::kSell : Side::kBuy,
                    Uniform(pr.lo, pr.hi), Uniform(1, 8));
  }

 private:
  int Uniform(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
  // Anyone but the stockpile (whose budget the properties are about); now and then an
  // unknown id.
  ParticipantId Participant() {
    return Uniform(0, 39) == 0 ? 42 : static_cast<ParticipantId>(Uniform(1, kParticipants - 1));
  }
  std::mt19937_64 rng_;
};

// ---------------------------------------------------------------------------------------
// The model.

struct ModelOrder {
  ParticipantId participant;
  InstrumentId instrument;
  Side side;
  OrderType type;
  Price price;  // resting (landed) price
  Price net;    // a sell's own price before duty
  Qty leaves;
  Jurisdiction origin;  // effective origin of a sell
  Price levy_per_lot;   // variable levy fixed at acceptance
  int64_t tariff_at_accept;
  bool live;
};

struct Coverage {
  int64_t trades = 0, duties = 0, top_ups = 0, claw_backs = 0, stockpile_buys = 0, releases = 0,
          exhausted = 0, floor_changes[4] = {0, 0, 0, 0}, floor_raised = 0, transshipments = 0,
          tariff_changes = 0, periods = 0, repriced = 0;
  std::map<RejectReason, int64_t> rejects;
};

class Model {
 public:
  Model(const Market& m, Coverage* cov) : m_(m), rules_(m.rules()), cov_(cov) {
    for (InstrumentId i = 0; i < kInstruments; ++i) {
      const InstrumentRules& ins = rules_.instruments[i];
      I& s = ins_[i];
      s.floor = ins.hard_floor;
      for (const ScheduledFloorRules& e : ins.schedule) {
        if (e.period == 0) s.floor = e.price;
      }
      s.tariff = ins.tariff_bps;
      if (ins.stockpile) s.budget = ins.stockpile->budget;
    }
  }

  // Checks one command's events; returns false after the first failed expectation.
  void Apply(const Command& cmd, const EventBuffer& events) {
    cmd_ = &cmd;
    accepted_new_ = false;
    std::fill(std::begin(expected_floor_), std::end(expected_floor_), -1);
    for (size_t k = 0; k < events.size(); ++k) {
      at_ = k;
      OnEvent(events[k]);
      if (::testing::Test::HasFailure()) return;
    }
    for (InstrumentId i = 0; i < kInstruments; ++i) {
      if (expected_floor_[i] >= 0) {
        EXPECT_EQ(ins_[i].floor, expected_floor_[i]) << "period-end floor of " << i;
      }
    }
    CheckBook();
  }

  void CheckTotals() const {
    for (InstrumentId i = 0; i < kInstruments; ++i) {
      const Ledger& p = m_.policy().total_ledger(i);
      const Ledger& l = ins_[i].total;
      SCOPED_TRACE(absl::StrFormat("instrument %d", i));
      EXPECT_EQ(p.buyer_paid, l.buyer_paid);
      EXPECT_EQ(p.seller_net, l.seller_net);
      EXPECT_EQ(p.duties, l.duties);
      EXPECT_EQ(p.top_ups, l.top_ups);
      EXPECT_EQ(p.stockpile_spend, l.stockpile_spend);
      EXPECT_EQ(p.stockpile_proceeds, l.stockpile_proceeds);
      EXPECT_EQ(p.stockpile_bought, l.stockpile_bought);
      EXPECT_EQ(p.stockpile_sold, l.stockpile_sold);
      EXPECT_EQ(p.volume, l.volume);
      EXPECT_EQ(p.non_member_volume, l.non_member_volume);
      EXPECT_EQ(p.volume_at_floor, l.volume_at_floor);
      EXPECT_EQ(p.transshipments, l.transshipments);
      EXPECT_EQ(p.trades, l.trades);
      // The ledger balances: what buyers paid is what sellers received plus duties.
      EXPECT_EQ(l.buyer_paid, l.seller_net + l.duties);
      const StockpileState& s = m_.policy().stockpile(i);
      if (rules_.instruments[i].stockpile) {
        EXPECT_EQ(s.budget_left, ins_[i].budget);
        EXPECT_EQ(s.inventory, ins_[i].inventory);
        EXPECT_EQ(s.bought_this_period, ins_[i].bought);
        // Net spend never exceeds the budget.
        EXPECT_LE(l.stockpile_spend - l.stockpile_proceeds,
                  rules_.instruments[i].stockpile->budget);
      }
      EXPECT_EQ(m_.policy().floor(i), ins_[i].floor);
    }
    EXPECT_EQ(m_.policy().period(), period_);
  }

  std::vector<std::pair<OrderId, ParticipantId>> known;

 private:
  struct I {
    Price floor = 0;
    int64_t tariff = 0;
    Money budget = 0;
    Qty inventory = 0;
    Qty bought = 0;
    int64_t transshipments = 0;
    Ledger period, total;
    std::vector<std::pair<Money, Qty>> history;  // closed periods: notional, volume
  };

  bool Member(Jurisdiction j) const { return j != kUncertified && rules_.IsMember(j); }
  const ParticipantRules& Who(ParticipantId p) const { return rules_.participants[p]; }

  // May p have an order on this side of instrument i accepted, and trade it?
  void ExpectAuthorized(ParticipantId p, InstrumentId i, Side side, const char* what) {
    ASSERT_LT(p, rules_.participants.size()) << what;
    const InstrumentRules& ins = rules_.instruments[i];
    const RoleSet allowed = side == Side::kBuy ? ins.buy_roles : ins.sell_roles;
    EXPECT_NE(Who(p).roles & allowed, 0u) << what << ": roles of " << Who(p).name;
    if (!Member(Who(p).jurisdiction)) {
      EXPECT_EQ(side, Side::kSell) << what << ": non-member " << Who(p).name << " buys";
      EXPECT_NE(ins.origin_rule, OriginRuleKind::kDeny) << what << ": " << Who(p).name;
    }
  }

  // The price a sell of net N from `origin` rests at before the floor.
  Price Landed(InstrumentId i, Jurisdiction origin, Price net, Price* levy) const {
    *levy = 0;
    if (Member(origin)) return net;
    const InstrumentRules& ins = rules_.instruments[i];
    switch (ins.origin_rule) {
      case OriginRuleKind::kTariff:
        return net + (net * ins_[i].tariff + 9999) / 10000;
      case OriginRuleKind::kVariableLevy: {
        const Price l = std::max(net, ins.reference_price);
        *levy = l - net;
        return l;
      }
      default:
        return net;
    }
  }

  Price AfterFloor(InstrumentId i, Price price) {
    const Price f = ins_[i].floor;
    if (f > 0 && price < f && rules_.instruments[i].sell_below == BelowFloorAction::kReprice) {
      ++cov_->repriced;
      return f;
    }
    return price;
  }

  void OnAccepted(const Event& e) {
    const AcceptedEvent& a = e.accepted;
    const InstrumentId i = e.instrument;
    ModelOrder o{a.order.participant, i,   a.side, a.type, a.price, a.price, a.qty, 0, 0,
                 ins_[i].tariff,      true};
    ExpectAuthorized(o.participant, i, o.side, "accepted");
    if (cmd_->kind == CommandKind::kNewOrder && !accepted_new_) {
      accepted_new_ = true;
      ASSERT_EQ(a.order.participant, cmd_->participant);
      o.net = cmd_->price;
      if (o.side == Side::kSell) {
        const ParticipantRules& who = Who(o.participant);
        Jurisdiction origin = cmd_->origin != 0 ? cmd_->origin : who.jurisdiction;
        const bool certified =
            origin == who.jurisdiction ||
            std::count(who.certified_origins.begin(), who.certified_origins.end(), origin) > 0;
        if (!certified) {
          EXPECT_EQ(rules_.instruments[i].transshipment, TransshipmentAction::kTreatAsNonMember);
          origin = kUncertified;
        }
        o.origin = origin;
        if (!Member(origin)) {
          EXPECT_NE(rules_.instruments[i].origin_rule, OriginRuleKind::kDeny)
              << "non-member material accepted on a DENY instrument";
        }
      }
      if (o.type == OrderType::kLimit) {
        Price expect = o.net;
        if (o.side == Side::kSell)
          expect = AfterFloor(i, Landed(i, o.origin, o.net, &o.levy_per_lot));
        EXPECT_EQ(a.price, expect) << "accepted price";
      } else {
        EXPECT_EQ(a.price, 0);
      }
    } else {
      // Placed by the policy: the stockpile's standing orders.
      ASSERT_EQ(a.order.participant, kVault) << "an order no command placed";
      ASSERT_TRUE(rules_.instruments[i].stockpile.has_value());
      const StockpileRules& sr = *rules_.instruments[i].stockpile;
      I& s = ins_[i];
      o.origin = Who(kVault).jurisdiction;
      if (a.side == Side::kBuy) {
        EXPECT_GT(s.floor, 0);
        EXPECT_EQ(a.price, s.floor) << "stockpile bid at the floor";
        Qty lots = s.budget / s.floor;
        if (sr.period_cap > 0) lots = std::min(lots, sr.period_cap - s.bought);
        if (sr.capacity > 0) lots = std::min(lots, sr.capacity - s.inventory);
        lots = std::min(lots, rules_.instruments[i].spec.max_qty);
        EXPECT_EQ(a.qty, lots) << "stockpile bid size";
      } else {
        EXPECT_EQ(a.price, sr.release_price);
        EXPECT_GT(sr.release_price, s.floor) << "release ask at or below the floor";
        EXPECT_EQ(a.qty, std::min(s.inventory, rules_.instruments[i].spec.max_qty));
      }
    }
    if (o.type == OrderType::kLimit && o.side == Side::kBuy) {
      EXPECT_TRUE(ins_[i].floor == 0 || a.price >= ins_[i].floor) << "bid accepted below floor";
    }
    orders_[a.order.order_id] = o;
    known.emplace_back(a.order.order_id, a.order.participant);
  }

  void OnReplaced(const Event& e) {
    const ReplacedEvent& r = e.replaced;
    auto it = orders_.find(r.order.order_id);
    ASSERT_NE(it, orders_.end());
    ModelOrder& o = it->second;
    ASSERT_TRUE(o.live);
    EXPECT_EQ(r.old_price, o.price);
    EXPECT_EQ(r.old_leaves, o.leaves);
    ASSERT_EQ(cmd_->kind, CommandKind::kReplace);
    Price expect = cmd_->price;
    if (o.side == Side::kSell) {
      o.net = cmd_->price;
      expect = AfterFloor(e.instrument, Landed(e.instrument, o.origin, o.net, &o.levy_per_lot));
      o.tariff_at_accept = ins_[e.instrument].tariff;
    }
    EXPECT_EQ(r.new_price, expect) << "replaced price";
    EXPECT_TRUE(ins_[e.instrument].floor == 0 || r.new_price >= ins_[e.instrument].floor);
    o.price = r.new_price;
    o.leaves = r.new_leaves;
  }

  void OnTrade(const Event& e) {
    const TradeEvent& t = e.trade;
    const InstrumentId i = e.instrument;
    I& s = ins_[i];
    auto mk = orders_.find(t.maker.order_id);
    auto tk = orders_.find(t.taker.order_id);
    ASSERT_NE(mk, orders_.end());
    ASSERT_NE(tk, orders_.end());
    ModelOrder& maker = mk->second;
    ModelOrder& taker = tk->second;
    ASSERT_TRUE(maker.live && taker.live);
    ASSERT_NE(maker.side, taker.side);
    EXPECT_EQ(t.price, maker.price) << "trades at the maker's price";
    const ModelOrder& buyer = maker.side == Side::kBuy ? maker : taker;
    const ModelOrder& seller = maker.side == Side::kSell ? maker : taker;
    const InstrumentRules& ins = rules_.instruments[i];

    // Hard floor.
    EXPECT_TRUE(s.floor == 0 || t.price >= s.floor)
        << "trade at " << t.price << " below floor " << s.floor << " on " << i;
    // Roles and membership, origin.
    ExpectAuthorized(buyer.participant, i, Side::kBuy, "buyer");
    ExpectAuthorized(seller.participant, i, Side::kSell, "seller");
    if (!Member(seller.origin)) {
      EXPECT_NE(ins.origin_rule, OriginRuleKind::kDeny);
    }
    EXPECT_FALSE(buyer.participant == kVault && seller.participant == kVault)
        << "the stockpile traded with itself";

    // Duty and top-up from the doc's formulas.
    Money duty = 0;
    if (!Member(seller.origin)) {
      if (ins.origin_rule == OriginRuleKind::kTariff) {
        duty = t.price * s.tariff / (10000 + s.tariff) * t.qty;
      } else if (ins.origin_rule == OriginRuleKind::kVariableLevy) {
        duty = seller.levy_per_lot * t.qty;
        if (seller.type == OrderType::kMarket) {
          EXPECT_GE(t.price, ins.reference_price) << "a non-member market sell under R";
        }
      }
    }
    EXPECT_EQ(t.duty, duty) << "duty";
    Money top_up = 0;
    if (ins.support && Member(seller.origin) && Member(Who(seller.participant).jurisdiction)) {
      const SupportRules& sp = *ins.support;
      if (t.price < sp.floor) {
        top_up = (sp.floor - t.price) * t.qty;
      } else if (sp.upside_strike > 0 && t.price > sp.upside_strike) {
        top_up = -((t.price - sp.upside_strike) * t.qty * sp.upside_share_bps / 10000);
      }
    }
    EXPECT_EQ(t.top_up, top_up) << "top-up";
    // The seller never nets less than its own price, while the tariff stands unchanged.
    const Money received = t.price * t.qty - t.duty;
    EXPECT_GE(received, 0);
    if (seller.type == OrderType::kLimit && seller.tariff_at_accept == s.tariff) {
      EXPECT_GE(received, seller.net * t.qty) << "seller netted below its price";
    }

    for (Ledger* l : {&s.period, &s.total}) {
      l->buyer_paid += t.price * t.qty;
      l->seller_net += received;
      l->duties += t.duty;
      l->top_ups += t.top_up;
      l->volume += t.qty;
      if (!Member(seller.origin)) l->non_member_volume += t.qty;
      if (s.floor != 0 && t.price == s.floor) l->volume_at_floor += t.qty;
      ++l->trades;
    }
    ++cov_->trades;
    if (t.duty > 0) ++cov_->duties;
    if (t.top_up > 0) ++cov_->top_ups;
    if (t.top_up < 0) ++cov_->claw_backs;

    // The stockpile.
    if (ins.stockpile) {
      const StockpileRules& sr = *ins.stockpile;
      const Money notional = t.price * t.qty;
      if (buyer.participant == kVault) {
        s.budget -= notional;
        s.inventory += t.qty;
        s.bought += t.qty;
        for (Ledger* l : {&s.period, &s.total}) {
          l->stockpile_spend += notional;
          l->stockpile_bought += t.qty;
        }
        EXPECT_GE(s.budget, 0) << "stockpile over budget";
        if (sr.period_cap > 0) {
          EXPECT_LE(s.bought, sr.period_cap) << "over the period cap";
        }
        if (sr.capacity > 0) {
          EXPECT_LE(s.inventory, sr.capacity) << "over capacity";
        }
      } else if (seller.participant == kVault) {
        s.budget += notional;
        s.inventory -= t.qty;
        for (Ledger* l : {&s.period, &s.total}) {
          l->stockpile_proceeds += notional;
          l->stockpile_sold += t.qty;
        }
        EXPECT_GE(s.inventory, 0) << "released more than it held";
      }
    }
    last_trade_ = t;
    last_trade_instrument_ = i;
    maker.leaves = t.maker_leaves;
    taker.leaves = t.taker_leaves;
    if (maker.leaves == 0) maker.live = false;
  }

  void OnCancelled(const Event& e) {
    auto it = orders_.find(e.cancelled.order.order_id);
    ASSERT_NE(it, orders_.end());
    ASSERT_TRUE(it->second.live);
    EXPECT_EQ(it->second.leaves, e.cancelled.leaves);
    if (e.cancelled.reason == CancelReason::kFloorRaised) {
      ++cov_->floor_raised;
      EXPECT_LT(e.cancelled.price, ins_[e.instrument].floor);
    }
    it->second.live = false;
  }

  // The trade's ledger entries: the last trade's duty, top-up or stockpile side.
  void OnLedgerEntry(const Event& e) {
    const InstrumentId i = e.instrument;
    I& s = ins_[i];
    ASSERT_TRUE(last_trade_.has_value());
    const TradeEvent& t = *last_trade_;
    EXPECT_EQ(last_trade_instrument_, i);
    const ModelOrder& mk = orders_.at(t.maker.order_id);
    const ParticipantId buyer = mk.side == Side::kBuy ? t.maker.participant : t.taker.participant;
    const ParticipantId seller = mk.side == Side::kSell ? t.maker.participant : t.taker.participant;
    if (e.kind == EventKind::kDuty || e.kind == EventKind::kTopUp) {
      const SellerPaymentEvent& p = e.payment;
      EXPECT_EQ(p.trade_id, t.trade_id);
      EXPECT_EQ(p.qty, t.qty);
      EXPECT_EQ(p.seller, seller);
      EXPECT_EQ(p.amount, e.kind == EventKind::kDuty ? t.duty : t.top_up);
      return;
    }
    const StockpileTradeEvent& p = e.stockpile_trade;
    EXPECT_EQ(p.trade_id, t.trade_id);
    EXPECT_EQ(p.qty, t.qty);
    EXPECT_EQ(p.amount, t.price * t.qty);
    EXPECT_EQ(p.budget_left, s.budget);
    if (e.kind == EventKind::kStockpileBuy) {
      ++cov_->stockpile_buys;
      EXPECT_EQ(buyer, kVault);
      EXPECT_EQ(p.counterparty, seller);
    } else {
      ++cov_->releases;
      EXPECT_EQ(seller, kVault);
      EXPECT_EQ(p.counterparty, buyer);
    }
  }

  void OnPolicy(const Event& e) {
    const InstrumentId i = e.instrument;
    I& s = ins_[i];
    const InstrumentRules& ins = rules_.instruments[i];
    switch (e.kind) {
      case EventKind::kDuty:
      case EventKind::kTopUp:
      case EventKind::kStockpileBuy:
      case EventKind::kStockpileRelease:
        return OnLedgerEntry(e);
      case EventKind::kBudgetExhausted:
        ++cov_->exhausted;
        EXPECT_EQ(e.budget_exhausted.stockpile, kVault);
        EXPECT_EQ(e.budget_exhausted.budget_left, s.budget);
        EXPECT_LT(s.budget, s.floor) << "exhausted, yet it can buy a lot at the floor";
        return;
      case EventKind::kTransshipment: {
        const TransshipmentEvent& p = e.transshipment;
        ++cov_->transshipments;
        ASSERT_EQ(cmd_->kind, CommandKind::kNewOrder);
        EXPECT_EQ(p.seller, cmd_->participant);
        EXPECT_EQ(p.origin, cmd_->origin);
        ++s.transshipments;
        ++s.period.transshipments;
        ++s.total.transshipments;
        EXPECT_EQ(p.attempts, s.transshipments);
        EXPECT_EQ(p.rejected, ins.transshipment == TransshipmentAction::kReject);
        return;
      }
      case EventKind::kTariffChanged:
        ++cov_->tariff_changes;
        EXPECT_EQ(e.tariff_changed.old_bps, s.tariff);
        EXPECT_EQ(e.tariff_changed.new_bps, cmd_->qty);
        s.tariff = e.tariff_changed.new_bps;
        return;
      case EventKind::kFloorChanged: {
        const FloorChangedEvent& p = e.floor_changed;
        ++cov_->floor_changes[static_cast<int>(p.cause)];
        EXPECT_EQ(p.old_floor, s.floor);
        EXPECT_NE(p.new_floor, s.floor);
        if (p.cause == FloorChangeCause::kAdmin) {
          EXPECT_EQ(cmd_->kind, CommandKind::kSetFloor);
          EXPECT_EQ(p.new_floor, cmd_->price);
        } else {
          EXPECT_EQ(cmd_->kind, CommandKind::kEndPeriod);
        }
        s.floor = p.new_floor;
        if (s.floor > 0 && ins.stockpile) exhausted_rearm_ = true;
        return;
      }
      case EventKind::kPeriodClosed: {
        const PeriodClosedEvent& p = e.period_closed;
        ++cov_->periods;
        ASSERT_EQ(cmd_->kind, CommandKind::kEndPeriod);
        EXPECT_EQ(p.period, period_);
        EXPECT_EQ(p.duties, s.period.duties);
        EXPECT_EQ(p.top_ups, s.period.top_ups);
        EXPECT_EQ(p.stockpile_net_spend, s.period.stockpile_spend - s.period.stockpile_proceeds);
        s.history.emplace_back(s.period.buyer_paid, s.period.volume);
        s.period = Ledger{};
        s.bought = 0;
        // The floor the doc says the next period starts with.
        Price f = s.floor;
        if (ins.indexed) {
          Money notional = 0;
          Qty volume = 0;
          const size_t n = std::min<size_t>(ins.indexed->periods, s.history.size());
          for (size_t k = s.history.size() - n; k < s.history.size(); ++k) {
            notional += s.history[k].first;
            volume += s.history[k].second;
          }
          if (volume > 0) {
            f = std::clamp<Price>(notional * ins.indexed->ratio_bps / (10000 * volume),
                                  ins.indexed->min, ins.indexed->max);
          }
        }
        for (const ScheduledFloorRules& e2 : ins.schedule) {
          if (e2.period == period_ + 1) f = e2.price;
        }
        expected_floor_[i] = f;
        if (i == kInstruments - 1) ++period_;
        return;
      }
      case EventKind::kStockpileState: {
        const StockpileStateEvent& p = e.stockpile_state;
        ASSERT_TRUE(ins.stockpile.has_value());
        EXPECT_EQ(p.stockpile, kVault);
        Qty bid = 0, ask = 0;
        for (const auto& [id, o] : orders_) {
          if (o.live && o.participant == kVault && o.instrument == i && o.leaves > 0) {
            (o.side == Side::kBuy ? bid : ask) += o.leaves;
          }
        }
        EXPECT_EQ(p.bid_qty, bid) << "stockpile bid lots";
        EXPECT_EQ(p.ask_qty, ask) << "stockpile ask lots";
        EXPECT_EQ(p.inventory, s.inventory);
        EXPECT_EQ(p.budget_left, s.budget);
        return;
      }
      default:
        ADD_FAILURE() << "unexpected event " << ToString(e.kind);
    }
  }

  void OnEvent(const Event& e) {
    switch (e.kind) {
      case EventKind::kAccepted:
        return OnAccepted(e);
      case EventKind::kRejected:
        ++cov_->rejects[e.rejected.reason];
        return;
      case EventKind::kTrade:
        return OnTrade(e);
      case EventKind::kCancelled:
      case EventKind::kExpired:
        return OnCancelled(e);
      case EventKind::kReplaced:
        return OnReplaced(e);
      case EventKind::kLevelChanged:
      case EventKind::kStatusChanged:
        return;
      default:
        return OnPolicy(e);
    }
  }

  // After a command: whatever the model says rests agrees with the engine and the
  // policy, rests at or above the floor, and keeps within the risk limit.
  void CheckBook() {
    size_t resting = 0;
    std::map<std::pair<ParticipantId, InstrumentId>, Qty> open;
    for (auto it = orders_.begin(); it != orders_.end();) {
      const ModelOrder& o = it->second;
      if (!o.live || o.leaves == 0) {
        it = orders_.erase(it);
        continue;
      }
      ++resting;
      const Order* e = m_.engine().FindOrder(it->first);
      ASSERT_NE(e, nullptr) << "order " << it->first << " should rest";
      EXPECT_EQ(e->leaves, o.leaves);
      EXPECT_EQ(e->price, o.price);
      const Price f = ins_[o.instrument].floor;
      EXPECT_TRUE(f == 0 || o.price >= f) << "order " << it->first << " rests below the floor";
      open[{o.participant, o.instrument}] += o.leaves;
      ++it;
    }
    EXPECT_EQ(m_.engine().resting_orders(), resting);
    for (ParticipantId p = 0; p < kParticipants; ++p) {
      for (InstrumentId i = 0; i < kInstruments; ++i) {
        const Qty q = open[{p, i}];
        EXPECT_EQ(m_.policy().open_lots(p, i), q) << "open lots of " << p << " on " << i;
        const Qty limit = rules_.instruments[i].max_open_lots;
        if (limit > 0 && p != kVault) {
          EXPECT_LE(q, limit) << "risk limit of " << p << " on " << i;
        }
      }
    }
  }

  const Market& m_;
  const MarketRules& rules_;
  Coverage* cov_;
  I ins_[kInstruments];
  std::map<OrderId, ModelOrder> orders_;
  const Command* cmd_ = nullptr;
  bool accepted_new_ = false;
  size_t at_ = 0;
  std::optional<TradeEvent> last_trade_;
  InstrumentId last_trade_instrument_ = 0;
  Price expected_floor_[kInstruments];
  uint32_t period_ = 0;
  bool exhausted_rearm_ = false;
};

// ---------------------------------------------------------------------------------------

struct Record {
  std::vector<Command> commands;
  std::vector<std::string> lines;
  uint64_t hash = 0;
  std::vector<Ledger> ledgers;
};

bool SameLedger(const Ledger& a, const Ledger& b) {
  return a.buyer_paid == b.buyer_paid && a.seller_net == b.seller_net && a.duties == b.duties &&
         a.top_ups == b.top_ups && a.stockpile_spend == b.stockpile_spend &&
         a.stockpile_proceeds == b.stockpile_proceeds && a.volume == b.volume &&
         a.non_member_volume == b.non_member_volume && a.volume_at_floor == b.volume_at_floor &&
         a.transshipments == b.transshipments && a.trades == b.trades;
}

constexpr int kSteps = 5000;
constexpr uint64_t kSeeds[] = {1, 2, 3, 7, 42, 1234, 99991, 20260301};

// Runs a seeded stream under the model's checks; returns the record for replay.
void RunChecked(uint64_t seed, Coverage* cov, Record* run) {
  std::unique_ptr<Market> m = BuildMarket(kRules);
  ASSERT_NE(m, nullptr);
  Model model(*m, cov);
  {
    // The opening is a command of its own: the stockpile's first orders.
    const Command opening = EndPeriod();  // only a label for the model; nothing runs
    Command none;
    none.kind = CommandKind::kHalt;  // not END_PERIOD: no period closes
    model.Apply(none, m->opening_events());
    (void)opening;
  }
  ASSERT_FALSE(::testing::Test::HasFailure()) << "at the opening";
  Stream stream(seed);
  EventBuffer out;
  for (int step = 0; step < kSteps; ++step) {
    const Command cmd = stream.Next(model.known);
    out.Clear();
    m->Submit(cmd, out);
    run->commands.push_back(cmd);
    if (getenv("FP_TRACE")) {
      std::string l = Lines(out);
      if (l.find(getenv("FP_TRACE")) != std::string::npos)
        std::printf("step %d: %s\n%s\n", step, FormatCommand(cmd).c_str(), l.c_str());
    }
    for (const Event& e : out) run->lines.push_back(FormatEvent(e));
    model.Apply(cmd, out);
    ASSERT_FALSE(::testing::Test::HasFailure())
        << "seed " << seed << " step " << step << ": " << FormatCommand(cmd) << "\n"
        << Lines(out);
    if (step % 500 == 0) {
      ASSERT_TRUE(m->engine().Validate().ok());
    }
  }
  model.CheckTotals();
  ASSERT_TRUE(m->engine().Validate().ok());
  run->hash = m->engine().StateHash();
  for (InstrumentId i = 0; i < kInstruments; ++i)
    run->ledgers.push_back(m->policy().total_ledger(i));
}

TEST(PolicyProperties, InvariantsHoldOnRandomStreams) {
  Coverage cov;
  for (uint64_t seed : kSeeds) {
    SCOPED_TRACE(absl::StrFormat("seed %d", seed));
    Record run;
    RunChecked(seed, &cov, &run);
    if (HasFailure()) return;
  }
  // The streams exercise what the properties are about (else they would hold vacuously).
  EXPECT_GT(cov.trades, 1000);
  EXPECT_GT(cov.exhausted, 2);
  EXPECT_GT(cov.duties, 50);
  EXPECT_GT(cov.top_ups, 50);
  EXPECT_GT(cov.claw_backs, 5);
  EXPECT_GT(cov.stockpile_buys, 20);
  EXPECT_GT(cov.releases, 5);
  EXPECT_GT(cov.floor_changes[static_cast<int>(FloorChangeCause::kAdmin)], 20);
  EXPECT_GT(cov.floor_changes[static_cast<int>(FloorChangeCause::kIndexed)], 10);
  EXPECT_GT(cov.floor_changes[static_cast<int>(FloorChangeCause::kScheduled)], 5);
  EXPECT_GT(cov.floor_raised, 10);
  EXPECT_GT(cov.transshipments, 50);
  EXPECT_GT(cov.tariff_changes, 10);
  EXPECT_GT(cov.repriced, 10);
  for (RejectReason r :
       {RejectReason::kBelowFloor, RejectReason::kNotMember, RejectReason::kRoleNotAllowed,
        RejectReason::kOriginNotAllowed, RejectReason::kTransshipment, RejectReason::kRiskLimit,
        RejectReason::kUnknownParticipant}) {
    EXPECT_GT(cov.rejects[r], 5) << ToString(r);
  }
  std::printf(
      "coverage: %lld trades, %lld with duty, %lld top-ups, %lld claw-backs, %lld stockpile "
      "buys, %lld releases, %lld exhausted, floor changes admin/indexed/scheduled "
      "%lld/%lld/%lld, %lld FLOOR_RAISED, %lld transshipments, %lld repriced\n",
      static_cast<long long>(cov.trades), static_cast<long long>(cov.duties),
      static_cast<long long>(cov.top_ups), static_cast<long long>(cov.claw_backs),
      static_cast<long long>(cov.stockpile_buys), static_cast<long long>(cov.releases),
      static_cast<long long>(cov.exhausted), static_cast<long long>(cov.floor_changes[1]),
      static_cast<long long>(cov.floor_changes[2]), static_cast<long long>(cov.floor_changes[3]),
      static_cast<long long>(cov.floor_raised), static_cast<long long>(cov.transshipments),
      static_cast<long long>(cov.repriced));
}

TEST(PolicyProperties, ReplayGivesTheSameEventsLedgerAndStateHash) {
  uint64_t previous_hash = 0;
  for (uint64_t seed : {kSeeds[0], kSeeds[3]}) {
    Coverage cov;
    Record first;
    RunChecked(seed, &cov, &first);
    if (HasFailure()) return;
    std::unique_ptr<Market> m = BuildMarket(kRules);
    ASSERT_NE(m, nullptr);
    std::vector<std::string> lines;
    EventBuffer out;
    for (const Command& c : first.commands) {
      out.Clear();
      m->Submit(c, out);
      for (const Event& e : out) lines.push_back(FormatEvent(e));
    }
    ASSERT_EQ(lines.size(), first.lines.size());
    for (size_t k = 0; k < lines.size(); ++k) ASSERT_EQ(lines[k], first.lines[k]) << "event " << k;
    EXPECT_EQ(m->engine().StateHash(), first.hash);
    for (InstrumentId i = 0; i < kInstruments; ++i) {
      EXPECT_TRUE(SameLedger(m->policy().total_ledger(i), first.ledgers[i])) << "instrument " << i;
    }
    // Different streams end in different states (the hash sees them).
    EXPECT_NE(first.hash, previous_hash);
    previous_hash = first.hash;
  }
}

}  // namespace
}  // namespace ftz
