#include "sim/synchronized_protocol.h"

namespace ftz::sim {

namespace {
int SideIndex(Side side) { return side == Side::kBuy ? 0 : 1; }
}  // namespace

SynchronizedProtocol::Admission SynchronizedProtocol::Admit(const Command& shout) {
  Admission a;
  auto& side = standing_[shout.instrument][SideIndex(shout.side)];
  const auto& other = standing_[shout.instrument][1 - SideIndex(shout.side)];
  const bool is_buy = shout.side == Side::kBuy;
  const bool crosses =
      other && (is_buy ? shout.price >= other->price : shout.price <= other->price);
  const bool own =
      side && side->participant == shout.participant && side->client_id == shout.client_id;
  if (side && !crosses) {
    const bool beats = is_buy ? shout.price > side->price : shout.price < side->price;
    if (!beats) {
      a.admitted = false;
      if (own) a.standing_price = side->price;
      return a;
    }
  }
  if (side && !own) a.cancel_first = *side;
  side.reset();
  return a;
}

void SynchronizedProtocol::Rested(const Command& shout) {
  standing_[shout.instrument][SideIndex(shout.side)] =
      StandingShout{shout.participant, shout.client_id, shout.price};
}

std::vector<StandingShout> SynchronizedProtocol::Traded(InstrumentId instrument) {
  std::vector<StandingShout> out;
  for (auto& s : standing_[instrument]) {
    if (s) out.push_back(*s);
    s.reset();
  }
  return out;
}

void SynchronizedProtocol::Gone(InstrumentId instrument, ParticipantId participant,
                                ClientOrderId client_id) {
  for (auto& s : standing_[instrument]) {
    if (s && s->participant == participant && s->client_id == client_id) s.reset();
  }
}

}  // namespace ftz::sim
