// Reports: what the server must send, decided on the engine thread (report_builder.h)
// and encoded on the I/O thread (wire_codec.h). A report is a core event with what the
// order's or the instrument's history adds to it (filled quantity, the order's price,
// the market-data sequence number) and where it goes; the wire schema stays in the
// codec.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <type_traits>
#include <vector>

#include "vocabulary/event.h"
#include "vocabulary/types.h"

namespace ftz::gw {

struct Report {
  enum Kind : uint8_t {
    kExecution,      // to the session of `participant`: its order's `event`
    kMarketData,     // to the subscribers of `instrument`: a book, trade or rule change
    kSnapshot,       // to `session`: the book of `instrument` (snapshot table)
    kMassCancelAck,  // to `session`
    kAdminAck,       // to `session` (with the stats table for a stats request)
    // Reconciliation (docs/protocol.md). kLogonAck: to `session`, its logon is done:
    // report_seq = the participant's last, md_seq = resend_from, cancelled = how many
    // reports are resent, request_id = open orders, order_price = the first kept seq.
    kLogonAck,
    kOrderStatus,  // to `session`: an open order (event kAccepted: leaves, price; cum)
    kResentWire,   // to `session`: a kept report as wire bytes (text table)
    // To `session`: the request (event kRejected: command, client id) could not be
    // journaled and did not run (JOURNAL_UNAVAILABLE); `text` says why.
    kJournalReject,
  };
  Kind kind = kExecution;
  ParticipantId participant = 0;
  // kExecution: 0 for a live report (to the participant's session), else a resend to
  // this session. Other kinds: the session it goes to.
  uint64_t session = 0;
  // kExecution: the participant's report sequence number (report_store.h).
  uint64_t report_seq = 0;
  InstrumentId instrument = 0;
  // kExecution and kMarketData.
  Event event{};
  // kExecution: the order's history. A trade gives two reports, the maker's and the
  // taker's (`taker`); `cum` counts this fill; `order_price` is the order's own price
  // (a trade's price may be better).
  bool taker = false;
  Qty cum = 0;
  Price order_price = 0;
  // kMarketData and kSnapshot: the instrument's update number (md_seq).
  uint64_t md_seq = 0;
  // kSnapshot: the session follows the instrument from this snapshot on.
  bool subscribe = false;
  // kSnapshot: not built, the book has more levels than the session's budget can take
  // (`cancelled`: the book's levels); the snapshot table entry is then empty.
  bool too_large = false;
  // Acks.
  uint64_t request_id = 0;
  uint32_t cancelled = 0;
  RejectReason reason = RejectReason::kNone;
  // Indexes (1-based; 0: none) into the batch's side tables, which keeps Report
  // trivially copyable.
  uint32_t text = 0;
  uint32_t snapshot = 0;
  uint32_t stats = 0;
};
static_assert(std::is_trivially_copyable_v<Report>);

// The fewest bytes one level takes in a snapshot on the wire: its tag and length, then
// price, qty and orders (each at least 1) with a tag and at least one byte each. What a
// snapshot of n levels needs is at least n times this (memory_bounds_test checks it).
constexpr uint64_t kMinSnapshotLevelBytes = 8;

struct SnapshotData {
  std::vector<std::array<int64_t, 3>> bids;  // price, qty, orders; best first
  std::vector<std::array<int64_t, 3>> asks;
  Price floor = 0;
  bool halted = false;
  TradeId last_trade_id = 0;
  Price last_trade_price = 0;
};

struct EngineStats {
  uint64_t commands = 0;
  uint64_t accepted = 0;
  uint64_t rejects = 0;
  uint64_t trades = 0;
  int64_t volume = 0;
  uint64_t resting = 0;
  uint64_t state_hash = 0;
};

// What the engine thread hands the I/O thread in one go.
struct ReportBatch {
  std::vector<Report> reports;
  std::vector<std::string> texts;
  std::vector<std::unique_ptr<SnapshotData>> snapshots;
  std::vector<EngineStats> stats;

  bool empty() const { return reports.empty(); }
  // Empties the batch. One that grew past kKeptReports (a burst, a large cancel on
  // disconnect) gives its memory back rather than keep it for every later batch.
  static constexpr size_t kKeptReports = 4096;
  void clear() {
    if (reports.capacity() > kKeptReports) {
      std::vector<Report>().swap(reports);
    } else {
      reports.clear();
    }
    texts.clear();
    snapshots.clear();
    stats.clear();
  }
  Report& Add(Report::Kind kind) {
    Report& r = reports.emplace_back();
    r.kind = kind;
    return r;
  }
  const std::string& text(const Report& r) const {
    static const std::string kEmpty;
    return r.text ? texts[r.text - 1] : kEmpty;
  }
  uint32_t AddText(std::string t) {
    texts.push_back(std::move(t));
    return static_cast<uint32_t>(texts.size());
  }
  // Moves everything of `other` to the end of this batch.
  void Append(ReportBatch& other) {
    const auto texts_base = static_cast<uint32_t>(texts.size());
    const auto snaps_base = static_cast<uint32_t>(snapshots.size());
    const auto stats_base = static_cast<uint32_t>(stats.size());
    for (const Report& r : other.reports) {
      Report& c = reports.emplace_back(r);
      if (c.text) c.text += texts_base;
      if (c.snapshot) c.snapshot += snaps_base;
      if (c.stats) c.stats += stats_base;
    }
    for (auto& t : other.texts) texts.push_back(std::move(t));
    for (auto& p : other.snapshots) snapshots.push_back(std::move(p));
    for (auto& st : other.stats) stats.push_back(st);
    other.clear();
  }
};

}  // namespace ftz::gw
