#include "gateway/input_codec.h"

#include "absl/strings/str_format.h"

namespace ftz::gw {
namespace {

journal::InputKind ToJournal(Request::Kind k) {
  switch (k) {
    case Request::kAdmin:
      return journal::INPUT_ADMIN;
    case Request::kSessionEnd:
      return journal::INPUT_SESSION_END;
    case Request::kLogon:
      return journal::INPUT_LOGON;
    case Request::kLogout:
      return journal::INPUT_LOGOUT;
    default:
      return journal::INPUT_COMMAND;
  }
}

}  // namespace

uint32_t PackOrderFlags(Side side, OrderType type, TimeInForce tif, StpMode stp, bool post_only) {
  return static_cast<uint32_t>(side) | static_cast<uint32_t>(type) << 1 |
         static_cast<uint32_t>(tif) << 2 | static_cast<uint32_t>(stp) << 4 |
         static_cast<uint32_t>(post_only) << 6;
}

void AppendInput(const Request& r, journal::InputBatch* b) {
  const Command& c = r.cmd;
  b->add_kind(ToJournal(r.kind));
  b->add_command(static_cast<uint32_t>(c.kind));
  b->add_participant(c.participant);
  b->add_instrument(c.instrument);
  b->add_client_id(c.client_id);
  b->add_flags(PackOrderFlags(c.side, c.type, c.tif, c.stp, c.post_only) |
               static_cast<uint32_t>(c.filter_instrument) << 7 |
               static_cast<uint32_t>(c.filter_side) << 8 |
               static_cast<uint32_t>(r.order_status) << 9);
  b->add_price(c.price);
  b->add_qty(c.qty);
  b->add_origin(c.origin);
  b->add_order_id(c.order_id);
  b->add_session(r.session);
  b->add_request_id(r.request_id);
  b->add_aux(r.aux);
}

absl::Status CheckInputBatch(const journal::InputBatch& b) {
  const int n = b.kind_size();
  const std::pair<const char*, int> columns[] = {{"command", b.command_size()},
                                                 {"participant", b.participant_size()},
                                                 {"instrument", b.instrument_size()},
                                                 {"client_id", b.client_id_size()},
                                                 {"flags", b.flags_size()},
                                                 {"price", b.price_size()},
                                                 {"qty", b.qty_size()},
                                                 {"origin", b.origin_size()},
                                                 {"order_id", b.order_id_size()},
                                                 {"session", b.session_size()},
                                                 {"request_id", b.request_id_size()},
                                                 {"aux", b.aux_size()}};
  for (const auto& [name, size] : columns) {
    if (size != n) {
      return absl::DataLossError(
          absl::StrFormat("input batch at %d: column %s has %d entries for %d inputs",
                          b.first_seq(), name, size, n));
    }
  }
  return absl::OkStatus();
}

absl::Status InputAt(const journal::InputBatch& b, int i, Request* r) {
  *r = Request{};
  switch (b.kind(i)) {
    case journal::INPUT_COMMAND:
      r->kind = Request::kCommand;
      break;
    case journal::INPUT_ADMIN:
      r->kind = Request::kAdmin;
      break;
    case journal::INPUT_SESSION_END:
      r->kind = Request::kSessionEnd;
      break;
    case journal::INPUT_LOGON:
      r->kind = Request::kLogon;
      break;
    case journal::INPUT_LOGOUT:
      r->kind = Request::kLogout;
      break;
    default:
      return absl::DataLossError(absl::StrFormat("input %d: unknown kind %d", b.first_seq() + i,
                                                 static_cast<int>(b.kind(i))));
  }
  const uint32_t flags = b.flags(i);
  if (b.command(i) > static_cast<uint32_t>(CommandKind::kResume) || ((flags >> 2) & 3) > 3 ||
      b.origin(i) > 0xffff) {
    return absl::DataLossError(
        absl::StrFormat("input %d: a field is out of range", b.first_seq() + i));
  }
  Command& c = r->cmd;
  c.kind = static_cast<CommandKind>(b.command(i));
  c.participant = b.participant(i);
  c.instrument = b.instrument(i);
  c.client_id = b.client_id(i);
  c.side = static_cast<Side>(flags & 1);
  c.type = static_cast<OrderType>((flags >> 1) & 1);
  c.tif = static_cast<TimeInForce>((flags >> 2) & 3);
  c.stp = static_cast<StpMode>((flags >> 4) & 3);
  c.post_only = (flags >> 6) & 1;
  c.filter_instrument = (flags >> 7) & 1;
  c.filter_side = (flags >> 8) & 1;
  r->order_status = (flags >> 9) & 1;
  c.price = b.price(i);
  c.qty = b.qty(i);
  c.origin = static_cast<Jurisdiction>(b.origin(i));
  c.order_id = b.order_id(i);
  r->session = b.session(i);
  r->request_id = b.request_id(i);
  r->aux = b.aux(i);
  return absl::OkStatus();
}

}  // namespace ftz::gw
