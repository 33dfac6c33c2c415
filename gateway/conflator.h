// Market-data conflation for one session (docs/protocol.md, "Conflation"): while a
// subscriber that asked for it is behind, the market data of its conflated books is
// held as the latest state of each thing it describes instead of as every update: one
// LevelUpdate per (book, side, price), one Trade (the last), one FloorUpdate, one
// InstrumentStatus and one StockpileState per book. What is held is therefore bounded
// by the books' sizes, not by how long the subscriber stays behind. Released in md_seq
// order, so the stream a client sees still rises in md_seq; it skips the numbers of the
// states that were replaced.
#pragma once

#include <cstddef>
#include <cstdint>
#include <tuple>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/functional/function_ref.h"
#include "proto/ftz_wire.pb.h"
#include "vocabulary/types.h"

namespace ftz::gw {

class Conflator {
 public:
  // Holds market-data message `m` of book `instrument`, replacing what is held for the
  // same thing.
  void Hold(InstrumentId instrument, const wire::ServerMessage& m);
  // Drops what is held for a book (its subscription ended).
  void Forget(InstrumentId instrument);
  bool empty() const { return held_.empty(); }
  size_t size() const { return held_.size(); }
  // Hands every held message to `send` in md_seq order, then holds nothing.
  void Release(absl::FunctionRef<void(wire::ServerMessage&)> send);

 private:
  // (book, message kind, side, price): side and price only for level updates.
  using Key = std::tuple<InstrumentId, int, int, int64_t>;
  static uint64_t MdSeq(const wire::ServerMessage& m);

  absl::flat_hash_map<Key, wire::ServerMessage> held_;
  std::vector<wire::ServerMessage*> order_;  // Release's scratch
};

}  // namespace ftz::gw
