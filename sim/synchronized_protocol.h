// The synchronized double auction of Gode and Sunder (1993), on top of the ordinary
// engine: on each instrument only the best bid and the best ask stand. A bid that does
// not beat the standing bid (an ask the standing ask) is void; one that beats it takes
// its place (the old one is cancelled); a trade, at the standing order's price (the
// earlier shout's), cancels every standing bid and ask on the instrument.
//
// The simulation asks Admit() before each shout, sends the cancels it is told to, and
// reports back what happened (Rested, Traded, Gone).
#pragma once

#include <array>
#include <optional>
#include <vector>

#include "vocabulary/command.h"
#include "vocabulary/types.h"

namespace ftz::sim {

struct StandingShout {
  ParticipantId participant = 0;
  ClientOrderId client_id = 0;
  Price price = 0;
};

class SynchronizedProtocol {
 public:
  explicit SynchronizedProtocol(size_t instruments) : standing_(instruments) {}

  struct Admission {
    bool admitted = true;
    // Void shout that re-quoted a standing order: it still stands at this price.
    Price standing_price = 0;
    // Admitted: this standing order (another trader's, or the same trader's under a new
    // client id) must be cancelled first.
    std::optional<StandingShout> cancel_first;
  };
  // `shout` is a new order or a replace (by client id) with a limit price.
  Admission Admit(const Command& shout);
  // The shout now rests on the book.
  void Rested(const Command& shout);
  // A trade happened on the instrument: every standing shout that still rests must be
  // cancelled; they are returned and forgotten.
  std::vector<StandingShout> Traded(InstrumentId instrument);
  // An order left the book (filled, cancelled or expired).
  void Gone(InstrumentId instrument, ParticipantId participant, ClientOrderId client_id);

 private:
  // [instrument][side]
  std::vector<std::array<std::optional<StandingShout>, 2>> standing_;
};

}  // namespace ftz::sim
