#include "sim/tcp/tcp_venue.h"

#include "absl/strings/str_cat.h"
#include "floor_policy/rules.h"

namespace ftz::sim {

namespace {
constexpr gw::Millis kTimeout(10000);

wire::Side ToWire(Side s) { return s == Side::kBuy ? wire::BUY : wire::SELL; }
wire::TimeInForce ToWire(TimeInForce t) {
  switch (t) {
    case TimeInForce::kGtc:
      return wire::GTC;
    case TimeInForce::kDay:
      return wire::DAY;
    case TimeInForce::kIoc:
      return wire::IOC;
    case TimeInForce::kFok:
      return wire::FOK;
  }
  return wire::GTC;
}
}  // namespace

absl::StatusOr<std::unique_ptr<TcpVenue>> TcpVenue::Connect(
    const std::string& host, uint16_t port, const MarketRules& rules,
    const std::vector<std::unique_ptr<Agent>>& agents, const std::string& admin_name,
    const std::string& admin_token) {
  std::unique_ptr<TcpVenue> v(new TcpVenue(rules));
  v->by_participant_.assign(rules.participants.size(), nullptr);
  v->by_instrument_.assign(rules.instruments.size(), {});
  v->sessions_.reserve(agents.size());
  for (const auto& agent : agents) {
    auto client = std::make_unique<gw::Client>();
    if (absl::Status st = client->Connect(host, port); !st.ok()) return st;
    // Sessions wait idle while other agents trade: the longest heartbeat interval.
    gw::LogonOptions logon;
    logon.heartbeat_ms = 60000;
    absl::StatusOr<wire::LogonAck> ack = client->Logon(agent->name(), agent->name(), logon);
    if (!ack.ok()) return ack.status();
    v->sessions_.push_back(Session{agent.get(), std::move(client)});
  }
  for (Session& s : v->sessions_) {
    v->by_participant_[s.agent->participant()] = &s;
    for (InstrumentId i : s.agent->instruments()) v->by_instrument_[i].push_back(&s);
  }
  v->admin_ = std::make_unique<gw::Client>();
  if (absl::Status st = v->admin_->Connect(host, port); !st.ok()) return st;
  gw::LogonOptions logon;
  logon.heartbeat_ms = 60000;
  absl::StatusOr<wire::LogonAck> ack = v->admin_->Logon(admin_name, admin_token, logon);
  if (!ack.ok()) return ack.status();
  return v;
}

void TcpVenue::OnReport(Session& s, const wire::ExecutionReport& r) {
  const InstrumentId id = r.instrument_id();
  switch (r.exec_type()) {
    case wire::EXEC_PARTIAL_FILL:
    case wire::EXEC_FILL: {
      const Side side = r.side() == wire::BUY ? Side::kBuy : Side::kSell;
      if (r.trade_id() > last_trade_id_) {
        last_trade_id_ = r.trade_id();
        views_[id].last_price = r.last_price();
      }
      TradeRecord& t = trades_[r.trade_id()];
      const InstrumentRules& ins = rules_.instruments[id];
      t.period = period_;
      t.trade_id = r.trade_id();
      t.symbol = ins.spec.symbol;
      t.price = ins.ToCurrency(r.last_price());
      t.qty = static_cast<double>(r.last_qty()) * ins.lot_size;
      (side == Side::kBuy ? t.buyer : t.seller) = s.agent->name();
      if (side == Side::kSell) {
        t.duty = ins.MoneyToCurrency(r.duty());
        t.top_up = ins.MoneyToCurrency(r.top_up());
      }
      s.agent->OnFill(Fill{id, r.client_order_id(), side, r.last_price(), r.last_qty(), r.duty(),
                           r.top_up(), r.leaves_qty()});
      break;
    }
    case wire::EXEC_CANCELLED:
    case wire::EXEC_EXPIRED:
      s.agent->OnOrderGone(r.client_order_id(), false);
      break;
    case wire::EXEC_REJECTED:
      // A refused replace or cancel leaves the order as it was.
      if (r.request() == wire::REQUEST_NEW_ORDER) s.agent->OnOrderGone(r.client_order_id(), true);
      break;
    default:
      break;
  }
}

absl::Status TcpVenue::Barrier(Session& s, InstrumentId instrument) {
  const std::string& symbol = rules_.instruments[instrument].spec.symbol;
  if (absl::Status st = s.client->RequestSnapshot(symbol); !st.ok()) return st;
  absl::StatusOr<wire::ServerMessage> done = s.client->WaitFor(
      [&](const wire::ServerMessage& m) {
        return (m.has_snapshot() && m.snapshot().symbol() == symbol && !m.snapshot().more()) ||
               (m.has_subscribe_reject() && m.subscribe_reject().symbol() == symbol);
      },
      kTimeout,
      [&](const wire::ServerMessage& m) {
        if (m.has_execution()) OnReport(s, m.execution());
      });
  if (done.ok() && done->has_subscribe_reject()) {
    return absl::ResourceExhaustedError(absl::StrCat(
        "the server refused the snapshot request that ends each round (",
        wire::RejectReason_Name(done->subscribe_reject().reason()), ": ",
        done->subscribe_reject().text(),
        "); lockstep asks one per order: start ftz serve with a higher --md_rate and --md_burst"));
  }
  return done.status();
}

absl::Status TcpVenue::BarrierAll(InstrumentId instrument) {
  for (Session* s : by_instrument_[instrument]) {
    if (absl::Status st = Barrier(*s, instrument); !st.ok()) return st;
  }
  return absl::OkStatus();
}

void TcpVenue::Submit(const Command& cmd) {
  if (!status_.ok()) return;
  ++orders_;
  Session* s = by_participant_[cmd.participant];
  const std::string& symbol = rules_.instruments[cmd.instrument].spec.symbol;
  absl::Status st;
  if (cmd.kind == CommandKind::kNewOrder) {
    wire::NewOrder o =
        gw::Limit(cmd.client_id, symbol, ToWire(cmd.side), cmd.price, cmd.qty, ToWire(cmd.tif));
    if (cmd.origin != 0) o.set_origin(JurisdictionCode(cmd.origin));
    o.set_stp(static_cast<wire::StpMode>(cmd.stp));
    st = s->client->SendNewOrder(o);
  } else if (cmd.kind == CommandKind::kReplace) {
    st = s->client->SendReplace(cmd.client_id, cmd.price, cmd.qty, cmd.order_id);
  } else if (cmd.kind == CommandKind::kCancel) {
    st = s->client->SendCancel(cmd.client_id, cmd.order_id);
  } else {
    st = absl::UnimplementedError("the TCP venue sends new orders, replaces and cancels");
  }
  // Only a trade reaches other sessions (self-trade cancels come back to the sender).
  const uint64_t trades_before = last_trade_id_;
  if (st.ok()) st = Barrier(*s, cmd.instrument);
  if (st.ok() && last_trade_id_ != trades_before) st = BarrierAll(cmd.instrument);
  Fail(st);
}

absl::Status TcpVenue::EndPeriod() {
  if (!status_.ok()) return status_;
  wire::AdminRequest req;
  req.mutable_end_period();
  if (absl::Status st = admin_->SendAdmin(req); !st.ok()) return st;
  absl::StatusOr<wire::ServerMessage> ack =
      admin_->WaitFor([](const wire::ServerMessage& m) { return m.has_admin_ack(); }, kTimeout);
  if (!ack.ok()) return ack.status();
  ++period_;
  for (InstrumentId i = 0; i < by_instrument_.size(); ++i) {
    // Expiries reach each session; the admin's snapshot brings the new floor.
    if (absl::Status st = BarrierAll(i); !st.ok()) return st;
    const std::string& symbol = rules_.instruments[i].spec.symbol;
    if (absl::Status st = admin_->RequestSnapshot(symbol); !st.ok()) return st;
    absl::StatusOr<wire::ServerMessage> snap = admin_->WaitFor(
        [&](const wire::ServerMessage& m) {
          return m.has_snapshot() && m.snapshot().symbol() == symbol && !m.snapshot().more();
        },
        kTimeout);
    if (!snap.ok()) return snap.status();
    views_[i].floor = snap->snapshot().floor();
  }
  return absl::OkStatus();
}

}  // namespace ftz::sim
