// Order entry: what an order-entry or admin message of a logged-on session asks of the
// engine, or the answer the gateway gives at once when it refuses the message itself
// (a local reject). Pure: the session says who it is and hands over the client order
// ids it has used; nothing here touches a socket, a thread or a clock.
#pragma once

#include <cstdint>

#include "gateway/exchange.h"
#include "gateway/id_set.h"
#include "gateway/request.h"
#include "proto/ftz_wire.pb.h"
#include "vocabulary/types.h"

namespace ftz::gw {

// The session a message came from.
struct EntrySession {
  uint64_t id = 0;
  ParticipantId participant = 0;
  bool is_admin = false;
};

// True for the messages the session's throttle counts: new order, cancel, replace,
// mass cancel.
bool IsOrderEntry(const wire::ClientMessage& m);
// The answer to an order-entry message the throttle (`rate` a second, `burst` saved up)
// refused; its text names both.
void AnswerThrottled(const wire::ClientMessage& m, uint32_t rate, uint32_t burst,
                     wire::ServerMessage* reply);

class OrderEntry {
 public:
  // `exchange`: for instrument lookups only (which any thread may do).
  explicit OrderEntry(const Exchange& exchange) : exchange_(exchange) {}

  // A new order, cancel, replace, mass cancel or admin request. Fills `request` and
  // returns true, or fills `reply` (a local reject) and returns false. A new order's
  // client order id joins `client_ids` (the session's) when it is admitted.
  bool Translate(const wire::ClientMessage& m, const EntrySession& session, IdSet& client_ids,
                 Request* request, wire::ServerMessage* reply) const;

 private:
  bool NewOrder(const wire::NewOrder& m, const EntrySession& session, IdSet& client_ids,
                Request* request, wire::ServerMessage* reply) const;
  bool MassCancel(const wire::MassCancel& m, const EntrySession& session, Request* request,
                  wire::ServerMessage* reply) const;
  bool Admin(const wire::AdminRequest& m, const EntrySession& session, Request* request,
             wire::ServerMessage* reply) const;

  const Exchange& exchange_;
};

}  // namespace ftz::gw
