// libFuzzer target: the engine's command stream against the naive twin
// (tests/matching/reference_engine.h) as the oracle. The input is decoded into commands
// over two small instruments (new limit and market orders of every time in force and
// STP mode, post-only, cancels and replaces by order id or client id, mass cancels,
// halts, resumes, period ends); both engines run each and must emit the same events
// field by field, and the engine's invariants must hold at the end.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "matching/engine.h"
#include "tests/matching/reference_engine.h"
#include "tests/matching/test_util.h"
#include "vocabulary/command.h"
#include "vocabulary/event_buffer.h"

namespace {

// Reads the input a byte or a few at a time; zeros past its end.
class Bytes {
 public:
  Bytes(const uint8_t* data, size_t size) : data_(data), size_(size) {}
  bool empty() const { return pos_ >= size_; }
  uint8_t U8() { return pos_ < size_ ? data_[pos_++] : 0; }
  uint16_t U16() { return static_cast<uint16_t>(U8() | (U8() << 8)); }

 private:
  const uint8_t* data_;
  size_t size_;
  size_t pos_ = 0;
};

ftz::Command Decode(Bytes& in, ftz::OrderId last_id) {
  using namespace ftz;
  const uint8_t op = in.U8();
  const ParticipantId participant = 1 + in.U8() % 3;
  const InstrumentId instrument = in.U8() % 3;  // 2: unknown
  Command c;
  switch (op % 8) {
    case 0:
    case 1:
    case 2: {  // a new order, mostly limits around 100
      const uint8_t f = in.U8();
      c = NewLimit(participant, instrument, f & 1 ? Side::kSell : Side::kBuy,
                   90 + static_cast<int8_t>(in.U8()) / 8, 1 + in.U8() % 20, 1 + in.U8() % 16);
      c.type = (f & 2) ? OrderType::kMarket : OrderType::kLimit;
      c.tif = static_cast<TimeInForce>((f >> 2) & 3);
      c.stp = static_cast<StpMode>((f >> 4) & 3);
      c.post_only = (f & 64) != 0;
      if (f & 128) c.price = static_cast<int16_t>(in.U16());  // anything, bands included
      return c;
    }
    case 3:
      c = CancelOrder(participant, instrument, in.U8() & 1 ? last_id - in.U8() % 8 : 0);
      c.client_id = in.U8() % 16;
      return c;
    case 4:
      c = ReplaceOrder(participant, instrument, in.U8() & 1 ? last_id - in.U8() % 8 : 0,
                       85 + in.U8() % 30, static_cast<int8_t>(in.U8()) % 25);
      c.client_id = in.U8() % 16;
      return c;
    case 5:
      c = MassCancel(participant);
      c.filter_instrument = in.U8() & 1;
      c.instrument = instrument;
      c.filter_side = in.U8() & 1;
      c.side = in.U8() & 1 ? Side::kSell : Side::kBuy;
      return c;
    case 6:
      c.kind = in.U8() & 1 ? CommandKind::kHalt : CommandKind::kResume;
      c.instrument = instrument;
      return c;
    default:
      return EndPeriod();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace ftz;
  Engine engine(EngineOptions{.expected_orders = 4});  // small: the pool grows too
  testing::ReferenceEngine ref;
  for (const char* symbol : {"A", "B"}) {
    InstrumentSpec spec = testing::TestSpec(symbol, 80, 120, 30);
    if (!engine.AddInstrument(spec).ok()) std::abort();
    ref.AddInstrument(spec);
  }
  Bytes in(data, size);
  EventBuffer fast;
  std::vector<Event> slow;
  OrderId last_id = 0;
  for (int n = 0; n < 2000 && !in.empty(); ++n) {
    const Command cmd = Decode(in, last_id);
    fast.Clear();
    slow.clear();
    engine.Submit(cmd, fast);
    ref.Submit(cmd, slow);
    if (fast.size() != slow.size()) {
      std::fprintf(stderr, "command %d: %zu events vs the twin's %zu\n", n, fast.size(),
                   slow.size());
      std::abort();
    }
    for (size_t i = 0; i < slow.size(); ++i) {
      const std::string diff = testing::EventDiff(fast[i], slow[i]);
      if (!diff.empty()) {
        std::fprintf(stderr, "command %d event %zu: %s\n", n, i, diff.c_str());
        std::abort();
      }
      if (fast[i].kind == EventKind::kAccepted) last_id = fast[i].accepted.order.order_id;
    }
  }
  if (!engine.Validate().ok()) std::abort();
  return 0;
}
