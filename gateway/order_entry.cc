#include "gateway/order_entry.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "gateway/wire_codec.h"

namespace ftz::gw {

bool IsOrderEntry(const wire::ClientMessage& m) {
  switch (m.body_case()) {
    case wire::ClientMessage::kNewOrder:
    case wire::ClientMessage::kCancel:
    case wire::ClientMessage::kReplace:
    case wire::ClientMessage::kMassCancel:
      return true;
    default:
      return false;
  }
}

void AnswerThrottled(const wire::ClientMessage& m, wire::ServerMessage* reply) {
  switch (m.body_case()) {
    case wire::ClientMessage::kNewOrder:
      return EncodeLocalReject(m.new_order().client_order_id(), wire::REQUEST_NEW_ORDER,
                               wire::THROTTLED, "throttled", reply);
    case wire::ClientMessage::kCancel:
      return EncodeLocalReject(m.cancel().client_order_id(), wire::REQUEST_CANCEL, wire::THROTTLED,
                               "throttled", reply);
    case wire::ClientMessage::kReplace:
      return EncodeLocalReject(m.replace().client_order_id(), wire::REQUEST_REPLACE,
                               wire::THROTTLED, "throttled", reply);
    case wire::ClientMessage::kMassCancel:
      return EncodeLocalMassCancelReject(m.mass_cancel().request_id(), wire::THROTTLED, reply);
    default:
      return;
  }
}

bool OrderEntry::Translate(const wire::ClientMessage& m, const EntrySession& session,
                           IdSet& client_ids, Request* request, wire::ServerMessage* reply) const {
  *request = Request{};
  request->session = session.id;
  Command& c = request->cmd;
  c.participant = session.participant;
  switch (m.body_case()) {
    case wire::ClientMessage::kNewOrder:
      return NewOrder(m.new_order(), session, client_ids, request, reply);
    case wire::ClientMessage::kCancel:
      c.kind = CommandKind::kCancel;
      c.client_id = m.cancel().client_order_id();
      c.order_id = m.cancel().order_id();
      return true;
    case wire::ClientMessage::kReplace:
      c.kind = CommandKind::kReplace;
      c.client_id = m.replace().client_order_id();
      c.order_id = m.replace().order_id();
      c.price = m.replace().price();
      c.qty = m.replace().qty();
      return true;
    case wire::ClientMessage::kMassCancel:
      return MassCancel(m.mass_cancel(), session, request, reply);
    case wire::ClientMessage::kAdmin:
      return Admin(m.admin(), session, request, reply);
    default:
      EncodeLocalReject(0, wire::REQUEST_NEW_ORDER, wire::BAD_COMMAND, "not an order-entry message",
                        reply);
      return false;
  }
}

bool OrderEntry::NewOrder(const wire::NewOrder& m, const EntrySession& session, IdSet& client_ids,
                          Request* request, wire::ServerMessage* reply) const {
  const ClientOrderId cid = m.client_order_id();
  auto refuse = [&](wire::RejectReason reason, const std::string& text) {
    EncodeLocalReject(cid, wire::REQUEST_NEW_ORDER, reason, text, reply);
    return false;
  };
  if (cid == 0) return refuse(wire::MISSING_CLIENT_ID, "client_order_id must be non-zero");
  if (!client_ids.Insert(cid)) {
    return refuse(wire::DUPLICATE_CLIENT_ID,
                  absl::StrCat("client order id ", cid, " already used in this session"));
  }
  Command& c = request->cmd;
  c.kind = CommandKind::kNewOrder;
  c.participant = session.participant;
  c.client_id = cid;
  if (m.symbol().empty()) {
    c.instrument = m.instrument_id();  // unknown ids are the engine's to refuse
  } else if (auto inst = exchange_.FindInstrument(m.symbol())) {
    c.instrument = *inst;
  } else {
    return refuse(wire::UNKNOWN_INSTRUMENT, absl::StrCat("unknown symbol ", m.symbol()));
  }
  if (!FromWire(m.side(), &c.side) || !FromWire(m.type(), &c.type) || !FromWire(m.tif(), &c.tif) ||
      !FromWire(m.stp(), &c.stp) || (!m.origin().empty() && m.origin().size() != 2)) {
    return refuse(wire::BAD_COMMAND, "unknown enum value or origin not a 2-letter code");
  }
  c.post_only = m.post_only();
  c.price = m.price();
  c.qty = m.qty();
  if (m.origin().size() == 2) c.origin = MakeJurisdiction(m.origin()[0], m.origin()[1]);
  return true;
}

bool OrderEntry::MassCancel(const wire::MassCancel& m, const EntrySession& session,
                            Request* request, wire::ServerMessage* reply) const {
  request->request_id = m.request_id();
  Command& c = request->cmd;
  c.kind = CommandKind::kMassCancel;
  c.participant = session.participant;
  if (!m.symbol().empty()) {
    auto inst = exchange_.FindInstrument(m.symbol());
    if (!inst) {
      EncodeLocalMassCancelReject(m.request_id(), wire::UNKNOWN_INSTRUMENT, reply);
      return false;
    }
    c.filter_instrument = true;
    c.instrument = *inst;
  }
  c.filter_side = m.filter_side();
  c.side = m.side() == wire::SELL ? Side::kSell : Side::kBuy;
  return true;
}

bool OrderEntry::Admin(const wire::AdminRequest& m, const EntrySession& session, Request* request,
                       wire::ServerMessage* reply) const {
  auto refuse = [&](wire::RejectReason reason, const std::string& text) {
    EncodeLocalAdminReject(m.request_id(), reason, text, reply);
    return false;
  };
  if (!session.is_admin) return refuse(wire::NOT_ADMIN, "admin requests need an admin session");
  request->kind = Request::kAdmin;
  request->request_id = m.request_id();
  std::string symbol;
  int64_t value = 0;
  CommandKind kind = CommandKind::kEndPeriod;
  switch (m.body_case()) {
    case wire::AdminRequest::kSetFloor:
      kind = CommandKind::kSetFloor;
      symbol = m.set_floor().symbol();
      value = m.set_floor().price();
      break;
    case wire::AdminRequest::kSetTariff:
      kind = CommandKind::kSetTariff;
      symbol = m.set_tariff().symbol();
      value = m.set_tariff().basis_points();
      break;
    case wire::AdminRequest::kHalt:
      kind = CommandKind::kHalt;
      symbol = m.halt().symbol();
      break;
    case wire::AdminRequest::kResume:
      kind = CommandKind::kResume;
      symbol = m.resume().symbol();
      break;
    case wire::AdminRequest::kEndPeriod:
      request->cmd = EndPeriod();
      return true;
    case wire::AdminRequest::kStats:
      request->kind = Request::kStats;
      request->cmd = Command{};
      return true;
    case wire::AdminRequest::kTakeSnapshot:
      request->kind = Request::kTakeSnapshot;
      request->cmd = Command{};
      return true;
    case wire::AdminRequest::BODY_NOT_SET:
      return refuse(wire::BAD_COMMAND, "empty admin request");
  }
  auto inst = exchange_.FindInstrument(symbol);
  if (!inst) return refuse(wire::UNKNOWN_INSTRUMENT, absl::StrCat("unknown symbol ", symbol));
  request->cmd = AdminCommand(kind, *inst, value);
  request->cmd.participant = session.participant;
  return true;
}

}  // namespace ftz::gw
