// The execution reports of every participant, numbered and kept (engine thread): what
// resend and order status at logon are made of (docs/protocol.md, "Reconciliation").
//
// Each participant's reports get report_seq 1, 2, 3 ... across sessions and restarts
// (the numbers are rebuilt by recovery, since replay makes the same reports). The last
// `window` reports of each participant are kept in memory; older ones are dropped (a
// resend asked from before the window starts at the window, and order status closes the
// gap). `delivered` is the last report_seq sent to a session of the participant: a logon
// that names no report resends from the one after it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "gateway/bounded_log.h"
#include "gateway/report.h"
#include "vocabulary/types.h"

namespace ftz::gw {

class ReportStore {
 public:
  // A kept report: a Report (kExecution), or (kResentWire) wire bytes restored from a
  // snapshot, in `text`; a Report's reject text is in `text` too.
  struct Kept {
    Report report;
    std::string text;
  };
  struct Participant {
    uint64_t last_seq = 0;
    uint64_t delivered = 0;
    bool online = false;
    BoundedLog<Kept> kept;  // report_seq last_seq - kept.size() + 1 .. last_seq
    uint64_t first_kept() const { return last_seq - kept.size() + 1; }
  };

  explicit ReportStore(size_t window) : window_(window) {}

  // Numbers `r` (a live kExecution report of r.participant) and keeps a copy.
  void Keep(Report& r, const std::string& text) {
    Participant& p = participants_[r.participant];
    r.report_seq = ++p.last_seq;
    p.kept.Append(Kept{r, text}, window_);
  }
  // Restores a participant's state (snapshots).
  Participant& Restore(ParticipantId id) { return participants_[id]; }

  // A logon: where its resend starts (`client_next`: the client's last report_seq + 1,
  // or 0 when it named none). Everything up to last_seq counts as delivered afterwards.
  uint64_t ResendFrom(ParticipantId id, uint64_t client_next) const;
  void SetOnline(ParticipantId id, bool online, uint64_t delivered);

  const Participant* Find(ParticipantId id) const {
    auto it = participants_.find(id);
    return it == participants_.end() ? nullptr : &it->second;
  }
  const absl::flat_hash_map<ParticipantId, Participant>& participants() const {
    return participants_;
  }
  size_t window() const { return window_; }

 private:
  size_t window_;
  absl::flat_hash_map<ParticipantId, Participant> participants_;
};

}  // namespace ftz::gw
