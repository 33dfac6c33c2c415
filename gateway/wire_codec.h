// The wire codec: the core's values and the engine thread's reports (report.h) to the
// protobuf messages of proto/ftz_wire.proto, and the wire's order enums to the core's.
// Pure functions. Every wire enum whose numbers are the core's is pinned to it by
// static_asserts (wire_codec.cc): renumbering either side fails the build.
//
// The encoders write into a message the caller owns and reuses (so steady state
// allocates nothing); each sets the whole body it writes.
#pragma once

#include <string>

#include "absl/functional/function_ref.h"
#include "gateway/report.h"
#include "proto/ftz_wire.pb.h"
#include "vocabulary/types.h"

namespace ftz::gw {

// Client to core: false when the wire value is none of the core's.
bool FromWire(wire::Side in, Side* out);
bool FromWire(wire::OrderType in, OrderType* out);
bool FromWire(wire::TimeInForce in, TimeInForce* out);
bool FromWire(wire::StpMode in, StpMode* out);

// Core to client.
wire::Side ToWire(Side side);
wire::RejectReason ToWire(RejectReason reason);
wire::CancelReason ToWire(CancelReason reason);

// A report of kind kExecution; `text` is the reject's (the batch's text table).
void EncodeExecution(const Report& r, const std::string& text, wire::ExecutionReport* e);
// A report of kind kOrderStatus: EXEC_ORDER_STATUS with the order's price, leaves and
// filled quantity (report_seq 0).
void EncodeOrderStatus(const Report& r, wire::ExecutionReport* e);
// A report of kind kJournalReject: the request's reject, JOURNAL_UNAVAILABLE (not for a
// logon, which is refused with a Logout).
void EncodeJournalReject(const Report& r, const std::string& text, wire::ServerMessage* m);
// A report of kind kMarketData: a LevelUpdate, Trade, FloorUpdate, StockpileState or
// InstrumentStatus.
void EncodeMarketData(const Report& r, wire::ServerMessage* m);
// A report of kind kSnapshot, in parts of at most `levels_per_part` levels (so that each
// frame stays under the frame limit), sent back to back with the same md_seq: every
// part but the last has `more` set. `send` gets each part.
void EncodeSnapshot(const Report& r, const SnapshotData& d, const std::string& symbol,
                    size_t levels_per_part, absl::FunctionRef<void(wire::ServerMessage&)> send);
void EncodeMassCancelAck(const Report& r, wire::ServerMessage* m);
// An admin ack; a stats request's ack (r.stats) gets its figures from EncodeStats.
void EncodeAdminAck(const Report& r, const std::string& text, wire::ServerMessage* m);
void EncodeStats(const EngineStats& engine, wire::Stats* s);

// The gateway's own answers to messages it refuses before the engine sees them
// (throttled, a missing or reused client order id, an unknown symbol, not an admin ...).
void EncodeLocalReject(ClientOrderId client_id, wire::RequestKind request,
                       wire::RejectReason reason, const std::string& text, wire::ServerMessage* m);
void EncodeLocalMassCancelReject(uint64_t request_id, wire::RejectReason reason,
                                 wire::ServerMessage* m);
void EncodeLocalAdminReject(uint64_t request_id, wire::RejectReason reason, const std::string& text,
                            wire::ServerMessage* m);
void EncodeSubscribeReject(const std::string& symbol, wire::RejectReason reason,
                           const std::string& text, wire::ServerMessage* m);

}  // namespace ftz::gw
