// A deliberately simple reference implementation of docs/matching.md, written from the
// document (not from engine.cc): std::map of price levels, each a std::list of orders in
// time priority, and linear searches wherever that is simplest. Slow but obviously
// correct; the differential test compares the fast engine against it.
#pragma once

#include <list>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "vocabulary/command.h"
#include "vocabulary/event.h"
#include "vocabulary/instrument.h"

namespace ftz::testing {

class ReferenceEngine {
 public:
  struct Order {
    OrderId id;
    ClientOrderId client_id;
    ParticipantId participant;
    InstrumentId instrument;
    Side side;
    OrderType type;
    TimeInForce tif;
    StpMode stp;
    bool post_only;
    Price price;
    Qty leaves;
  };
  using Level = std::list<Order>;  // time priority: front is oldest
  struct Book {
    InstrumentSpec spec;
    bool halted = false;
    std::map<Price, Level> bids;  // best is the highest key
    std::map<Price, Level> asks;  // best is the lowest key
  };

  InstrumentId AddInstrument(const InstrumentSpec& spec);
  void SetHalted(InstrumentId instrument, bool halted) { books_.at(instrument).halted = halted; }
  void Submit(const Command& cmd, std::vector<Event>& out);
  uint64_t StateHash() const;

  const std::vector<Book>& books() const { return books_; }
  // The resting order with this id, or nullptr (a linear search).
  const Order* Find(OrderId id) const;
  // Checks that the id and client-id indexes hold exactly the resting orders; "" if so.
  std::string CheckIndex() const;

 private:
  struct Location {
    InstrumentId instrument;
    Side side;
    Price price;
    Level::iterator it;
  };
  // Finds a resting order by id, or by (participant, client id) when id is 0.
  bool Locate(OrderId id, ParticipantId participant, ClientOrderId client_id, Location* loc);
  std::map<Price, Level>& SideOf(Book& b, Side s) { return s == Side::kBuy ? b.bids : b.asks; }
  // Opposite side's prices best first.
  std::vector<Price> PricesBestFirst(const Book& b, Side s) const;

  void New(const Command& c, std::vector<Event>& out);
  void Cancel(const Command& c, std::vector<Event>& out);
  void Replace(const Command& c, std::vector<Event>& out);
  void MassCancel(const Command& c, std::vector<Event>& out);
  void EndPeriod(std::vector<Event>& out);

  void Reject(const Command& c, InstrumentId instrument, RejectReason reason, int64_t limit,
              std::vector<Event>& out);
  bool FokFillable(const Book& b, const Command& c, bool has_limit, Price limit) const;
  // Matches `taker` against the other side; returns true when STP stopped it.
  bool Match(InstrumentId instrument, Order& taker, bool has_limit, Price limit,
             std::vector<Event>& out);
  void Rest(InstrumentId instrument, const Order& o, std::vector<Event>& out);
  void EmitCancel(InstrumentId instrument, EventKind kind, const Order& o, CancelReason reason,
                  std::vector<Event>& out);
  void EmitLevel(InstrumentId instrument, Side side, Price price, std::vector<Event>& out);
  // Removes every order matching `pick` (mass cancel and expiry order) with `kind`/`reason`.
  template <typename Pick>
  void RemoveAll(Pick pick, EventKind kind, CancelReason reason, std::vector<Event>& out);

  // Indexes over resting orders, only to avoid a full search per command: order id ->
  // where it rests; (participant, client id) -> order id. Every insertion into a level
  // goes through Rest() and every removal calls Forget().
  struct Where {
    InstrumentId instrument;
    Side side;
    Price price;
  };
  void Forget(const Order& o);

  std::vector<Book> books_;
  std::map<OrderId, Where> where_;
  std::map<std::pair<ParticipantId, ClientOrderId>, OrderId> by_client_;
  OrderId next_order_id_ = 1;
  TradeId next_trade_id_ = 1;
};

}  // namespace ftz::testing
