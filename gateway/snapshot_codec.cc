#include "gateway/snapshot_codec.h"

#include <algorithm>
#include <vector>

#include "absl/strings/str_format.h"
#include "gateway/input_codec.h"
#include "gateway/wire_codec.h"
#include "proto/ftz_wire.pb.h"

namespace ftz::gw {
namespace {

void EncodeLedger(const Ledger& l, journal::LedgerImage* o) {
  o->set_buyer_paid(l.buyer_paid);
  o->set_seller_net(l.seller_net);
  o->set_duties(l.duties);
  o->set_top_ups(l.top_ups);
  o->set_stockpile_spend(l.stockpile_spend);
  o->set_stockpile_proceeds(l.stockpile_proceeds);
  o->set_stockpile_bought(l.stockpile_bought);
  o->set_stockpile_sold(l.stockpile_sold);
  o->set_volume(l.volume);
  o->set_non_member_volume(l.non_member_volume);
  o->set_volume_at_floor(l.volume_at_floor);
  o->set_transshipments(l.transshipments);
  o->set_trades(l.trades);
}

Ledger DecodeLedger(const journal::LedgerImage& i) {
  return Ledger{.buyer_paid = i.buyer_paid(),
                .seller_net = i.seller_net(),
                .duties = i.duties(),
                .top_ups = i.top_ups(),
                .stockpile_spend = i.stockpile_spend(),
                .stockpile_proceeds = i.stockpile_proceeds(),
                .stockpile_bought = i.stockpile_bought(),
                .stockpile_sold = i.stockpile_sold(),
                .volume = i.volume(),
                .non_member_volume = i.non_member_volume(),
                .volume_at_floor = i.volume_at_floor(),
                .transshipments = i.transshipments(),
                .trades = i.trades()};
}

}  // namespace

void EncodeEngineImage(const EngineImage& in, journal::EngineImage* out) {
  out->mutable_orders()->Reserve(static_cast<int>(in.orders.size()));
  for (const Order& o : in.orders) {
    journal::OrderImage* x = out->add_orders();
    x->set_id(o.id);
    x->set_client_id(o.client_id);
    x->set_price(o.price);
    x->set_leaves(o.leaves);
    x->set_duty_per_lot(o.duty_per_lot);
    x->set_participant(o.participant);
    x->set_instrument(o.instrument);
    x->set_flags(PackOrderFlags(o.side, o.type, o.tif, o.stp, o.post_only) |
                 static_cast<uint32_t>(o.nonmember_material) << 9);
    x->set_origin(o.origin);
  }
  for (bool h : in.halted) out->add_halted(h);
  out->set_next_order_id(in.next_order_id);
  out->set_next_trade_id(in.next_trade_id);
}

absl::Status DecodeEngineImage(const journal::EngineImage& in, EngineImage* out) {
  out->orders.clear();
  out->orders.reserve(in.orders_size());
  for (const journal::OrderImage& x : in.orders()) {
    if (x.origin() > 0xffff) {
      return absl::DataLossError(absl::StrFormat("order %d: origin out of range", x.id()));
    }
    const uint32_t f = x.flags();
    out->orders.push_back(Order{.id = x.id(),
                                .client_id = x.client_id(),
                                .price = x.price(),
                                .leaves = x.leaves(),
                                .duty_per_lot = x.duty_per_lot(),
                                .participant = x.participant(),
                                .instrument = x.instrument(),
                                .prev = kNoOrder,
                                .next = kNoOrder,
                                .side = static_cast<Side>(f & 1),
                                .type = static_cast<OrderType>((f >> 1) & 1),
                                .tif = static_cast<TimeInForce>((f >> 2) & 3),
                                .stp = static_cast<StpMode>((f >> 4) & 3),
                                .post_only = ((f >> 6) & 1) != 0,
                                .nonmember_material = ((f >> 9) & 1) != 0,
                                .origin = static_cast<Jurisdiction>(x.origin())});
  }
  out->halted.assign(in.halted().begin(), in.halted().end());
  out->next_order_id = in.next_order_id();
  out->next_trade_id = in.next_trade_id();
  return absl::OkStatus();
}

void EncodePolicy(const FloorPolicyState& in, journal::PolicyImage* out) {
  out->set_period(in.period);
  for (const FloorPolicyState::Instrument& i : in.instruments) {
    journal::PolicyInstrumentImage* x = out->add_instruments();
    x->set_floor(i.floor);
    x->set_tariff_bps(i.tariff_bps);
    x->set_stockpile_budget_left(i.stockpile.budget_left);
    x->set_stockpile_inventory(i.stockpile.inventory);
    x->set_stockpile_bought_this_period(i.stockpile.bought_this_period);
    x->set_stockpile_exhausted(i.stockpile.exhausted);
    EncodeLedger(i.period, x->mutable_period());
    EncodeLedger(i.closed, x->mutable_closed());
    for (const Ledger& l : i.history) EncodeLedger(l, x->add_history());
  }
}

FloorPolicyState DecodePolicy(const journal::PolicyImage& in) {
  FloorPolicyState s;
  s.period = in.period();
  for (const journal::PolicyInstrumentImage& x : in.instruments()) {
    FloorPolicyState::Instrument& i = s.instruments.emplace_back();
    i.floor = x.floor();
    i.tariff_bps = x.tariff_bps();
    i.stockpile = StockpileState{.budget_left = x.stockpile_budget_left(),
                                 .inventory = x.stockpile_inventory(),
                                 .bought_this_period = x.stockpile_bought_this_period(),
                                 .exhausted = x.stockpile_exhausted()};
    i.period = DecodeLedger(x.period());
    i.closed = DecodeLedger(x.closed());
    for (const journal::LedgerImage& l : x.history()) i.history.push_back(DecodeLedger(l));
  }
  return s;
}

void EncodeStore(const ReportStore& in,
                 google::protobuf::RepeatedPtrField<journal::ParticipantImage>* out) {
  // In participant order: the same state gives the same snapshot bytes.
  std::vector<ParticipantId> ids;
  for (const auto& [id, p] : in.participants()) ids.push_back(id);
  std::sort(ids.begin(), ids.end());
  wire::ExecutionReport e;
  for (ParticipantId id : ids) {
    const ReportStore::Participant& p = *in.Find(id);
    journal::ParticipantImage* x = out->Add();
    x->set_participant(id);
    x->set_last_seq(p.last_seq);
    x->set_delivered_seq(p.delivered);
    x->set_online(p.online);
    for (const ReportStore::Kept& k : p.kept) {
      if (k.report.kind == Report::kResentWire) {
        x->add_reports(k.text);
        continue;
      }
      EncodeExecution(k.report, k.text, &e);
      e.set_report_seq(k.report.report_seq);
      x->add_reports(e.SerializeAsString());
    }
  }
}

absl::Status DecodeStore(const google::protobuf::RepeatedPtrField<journal::ParticipantImage>& in,
                         ReportStore* out) {
  for (const journal::ParticipantImage& x : in) {
    if (static_cast<uint64_t>(x.reports_size()) > x.last_seq()) {
      return absl::DataLossError(absl::StrFormat("participant %d: %d reports kept but only %d made",
                                                 x.participant(), x.reports_size(), x.last_seq()));
    }
    ReportStore::Participant& p = out->Restore(x.participant());
    p.last_seq = x.last_seq();
    p.delivered = x.delivered_seq();
    p.online = x.online();
    p.kept.clear();
    uint64_t seq = x.last_seq() - x.reports_size();
    for (const std::string& bytes : x.reports()) {
      ReportStore::Kept k;
      k.report.kind = Report::kResentWire;
      k.report.participant = x.participant();
      k.report.report_seq = ++seq;
      k.text = bytes;
      p.kept.Append(std::move(k), x.reports_size());
    }
  }
  return absl::OkStatus();
}

}  // namespace ftz::gw
