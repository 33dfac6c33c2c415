#include "gateway/conflator.h"

#include <algorithm>

namespace ftz::gw {

uint64_t Conflator::MdSeq(const wire::ServerMessage& m) {
  switch (m.body_case()) {
    case wire::ServerMessage::kLevel:
      return m.level().md_seq();
    case wire::ServerMessage::kTrade:
      return m.trade().md_seq();
    case wire::ServerMessage::kFloor:
      return m.floor().md_seq();
    case wire::ServerMessage::kStockpile:
      return m.stockpile().md_seq();
    case wire::ServerMessage::kInstrumentStatus:
      return m.instrument_status().md_seq();
    default:
      return 0;
  }
}

void Conflator::Hold(InstrumentId instrument, const wire::ServerMessage& m) {
  Key key{instrument, static_cast<int>(m.body_case()), 0, 0};
  if (m.has_level()) {
    std::get<2>(key) = static_cast<int>(m.level().side());
    std::get<3>(key) = m.level().price();
  }
  held_[key] = m;
}

void Conflator::Forget(InstrumentId instrument) {
  absl::erase_if(held_, [&](const auto& kv) { return std::get<0>(kv.first) == instrument; });
}

void Conflator::Release(absl::FunctionRef<void(wire::ServerMessage&)> send) {
  order_.clear();
  for (auto& [key, m] : held_) order_.push_back(&m);
  std::sort(order_.begin(), order_.end(),
            [](const wire::ServerMessage* a, const wire::ServerMessage* b) {
              return MdSeq(*a) < MdSeq(*b);
            });
  for (wire::ServerMessage* m : order_) send(*m);
  order_.clear();
  held_.clear();
}

}  // namespace ftz::gw
