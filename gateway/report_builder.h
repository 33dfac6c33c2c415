// Report building: turns the events of each command into the reports the server must
// send (report.h), on the engine thread. Pure (no sockets, threads or clock), and
// stateful: it follows every order's filled quantity and price, each instrument's
// market-data sequence and last trade, and the engine's statistics, from the events
// alone.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/functional/function_ref.h"
#include "gateway/exchange.h"
#include "gateway/report.h"
#include "gateway/request.h"
#include "proto/ftz_journal.pb.h"
#include "vocabulary/event_buffer.h"

namespace ftz::gw {

class ReportBuilder {
 public:
  // Whether anyone follows an instrument's market data: updates nobody follows are not
  // reported (their sequence numbers still advance).
  using Publishing = absl::FunctionRef<bool(InstrumentId)>;

  explicit ReportBuilder(const Exchange& exchange);

  // The events the market produced while opening (e.g. the stockpile's first standing
  // orders): followed like any other, reported to nobody (no one is logged on yet).
  void Open(const EventBuffer& opening);
  // The reports of the events that request `r` (a command, an admin command or a
  // session's end) caused, and its acknowledgement.
  void OnEvents(const Request& r, const EventBuffer& events, Publishing publishing,
                ReportBatch& out);
  // A snapshot of the book `r.cmd.instrument` for `r.session`; refused (too_large, the
  // levels counted, nothing built) when it has more than r.aux / kMinSnapshotLevelBytes
  // levels: it could not fit in the bytes the session may still queue.
  void Snapshot(const Request& r, ReportBatch& out) const;
  // The engine's statistics for `r.session`.
  void Stats(const Request& r, ReportBatch& out) const;
  // How many live (accepted, not yet done) orders a participant has.
  uint32_t open_orders(ParticipantId p) const { return p < open_.size() ? open_[p] : 0; }
  // The reject of new order `r` whose participant already has `limit` live orders
  // (RISK_LIMIT, the server's max_open_orders): built without the engine, which never
  // sees the order.
  Report& RejectOverOpenLimit(const Request& r, uint32_t limit, ReportBatch& out);
  // What a live order has filled so far (0 for an unknown one).
  Qty filled(OrderId id) const {
    auto it = orders_.find(id);
    return it == orders_.end() ? 0 : it->second.cum;
  }

  // Snapshots: everything the builder follows, and back (into a fresh builder).
  void Save(journal::ReportsImage* out) const;
  absl::Status Restore(const journal::ReportsImage& in);

 private:
  struct OrderState {
    Qty cum;
    Price price;
    ParticipantId participant;
  };
  // orders_ and open_ change together.
  void AddOrder(OrderId id, Price price, ParticipantId p);
  void EraseOrder(absl::flat_hash_map<OrderId, OrderState>::iterator it);

  void Build(const Request& r, const EventBuffer& events, bool disconnect, Publishing publishing,
             ReportBatch& out);
  Report& Execution(const Event& e, ParticipantId participant, ReportBatch& out) const;
  // Numbers an instrument's next market-data update; a report when someone follows it.
  Report* MarketData(const Event& e, Publishing publishing, ReportBatch& out);

  const Exchange& exchange_;
  std::vector<uint64_t> md_seq_;
  std::vector<std::pair<TradeId, Price>> last_trade_;
  absl::flat_hash_map<OrderId, OrderState> orders_;
  std::vector<uint32_t> open_;  // live orders by participant
  EngineStats stats_;
};

}  // namespace ftz::gw
