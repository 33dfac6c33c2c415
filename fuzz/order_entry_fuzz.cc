// libFuzzer target: order entry, the translation of a logged-on session's messages into
// engine requests (gateway/order_entry.h), on the built-in market. The input is a byte
// stream of ClientMessage frames; the first byte says whether the session is an admin.
// Invariants: a translated request belongs to the session and names a known instrument
// when the message named one by symbol; a local reject is a typed reject that fits in
// one frame; a client order id is never admitted twice; the throttled answer of any
// order-entry message fits too.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>

#include "client/framing.h"
#include "gateway/exchange.h"
#include "gateway/order_entry.h"
#include "proto/ftz_wire.pb.h"

namespace {

void Check(bool ok) {
  if (!ok) std::abort();
}

const ftz::gw::Exchange& Market() {
  static const std::unique_ptr<ftz::gw::Exchange> exchange = ftz::gw::Exchange::Default();
  return *exchange;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace ftz::gw;
  if (size == 0) return 0;
  const Exchange& exchange = Market();
  const OrderEntry entry(exchange);
  const EntrySession who{.id = 7, .participant = 3, .is_admin = (data[0] & 1) != 0};
  IdSet ids;
  ftz::wire::ClientMessage m;
  ftz::wire::ServerMessage reply;
  size_t pos = 1;
  while (pos < size) {
    size_t header = 0, body = 0;
    if (PeekFrame(data + pos, size - pos, &header, &body) != FrameStatus::kOk) break;
    const bool parsed = m.ParseFromArray(data + pos + header, static_cast<int>(body));
    pos += header + body;
    if (!parsed) continue;
    Request request;
    reply.Clear();
    if (m.has_new_order() && m.new_order().client_order_id() != 0 &&
        ids.Contains(m.new_order().client_order_id())) {
      // Used before: Translate must refuse it as a duplicate.
      Check(!entry.Translate(m, who, ids, &request, &reply));
      Check(reply.execution().reject_reason() == ftz::wire::DUPLICATE_CLIENT_ID);
      continue;
    }
    if (entry.Translate(m, who, ids, &request, &reply)) {
      Check(request.session == who.id);
      if (request.kind == Request::kCommand) Check(request.cmd.participant == who.participant);
      if (m.has_new_order()) {
        Check(request.cmd.client_id == m.new_order().client_order_id());
        Check(m.new_order().has_side());
        if (!m.new_order().symbol().empty()) {
          Check(request.cmd.instrument < exchange.instrument_count());
        }
      }
      if (m.has_admin()) Check(who.is_admin);
    } else {
      Check(reply.body_case() != ftz::wire::ServerMessage::BODY_NOT_SET);
      Check(reply.ByteSizeLong() <= kMaxFrameBytes);
      if (reply.has_execution()) {
        Check(reply.execution().exec_type() == ftz::wire::EXEC_REJECTED);
        Check(reply.execution().reject_reason() != ftz::wire::REJECT_NONE);
      }
    }
    if (IsOrderEntry(m)) {
      reply.Clear();
      AnswerThrottled(m, 10, 20, &reply);
      Check(reply.ByteSizeLong() <= kMaxFrameBytes);
    }
  }
  return 0;
}
