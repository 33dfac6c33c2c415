#include "gateway/report_store.h"

#include <algorithm>

namespace ftz::gw {

uint64_t ReportStore::ResendFrom(ParticipantId id, uint64_t client_next) const {
  const Participant* p = Find(id);
  if (p == nullptr) return 1;
  const uint64_t from = client_next != 0 ? client_next : p->delivered + 1;
  return std::max(from, p->first_kept());
}

void ReportStore::SetOnline(ParticipantId id, bool online, uint64_t delivered) {
  Participant& p = participants_[id];
  p.online = online;
  // Never backwards: a session that ends reports what it sent, which a later logon's
  // resend may already have passed.
  p.delivered = std::max(p.delivered, std::min(delivered, p.last_seq));
}

}  // namespace ftz::gw
