// ftz.sim._native.Market: a market (the engine with the floor policy) from a config;
// commands in batches from NumPy arrays, events back as arrays; books, resting orders,
// the policy's ledger and stockpile, and the state hash.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "bindings/bindings.h"
#include "bindings/records.h"
#include "market/market.h"
#include "vocabulary/event_buffer.h"

namespace py = pybind11;

namespace ftz::bindings {

namespace {

// The events of one batch and where each command's start, owned by a Python object so
// that the arrays returned by submit() can be views into them.
struct EventStore {
  EventBuffer events;
  std::vector<uint64_t> offsets;  // command i's events: [offsets[i], offsets[i + 1])
};

// The allowed values of one enum field of Command, and its name for errors.
struct EnumField {
  const char* name;
  size_t offset;
  std::array<bool, 256> allowed{};
  int low = 256, high = -1;  // the allowed range, for the message

  template <typename Enum>
  static EnumField Of(const char* name, size_t offset) {
    EnumField f{name, offset};
    for (int v = 0; v < 256; ++v) {
      f.allowed[v] = IsEnumerator(static_cast<Enum>(v));
      if (f.allowed[v]) {
        f.low = std::min(f.low, v);
        f.high = std::max(f.high, v);
      }
    }
    return f;
  }
};

// Checks that every one-byte field of the commands holds a value its C++ type allows
// (an enumerator; 0 or 1 for a bool): the engine may assume it. ValueError names the
// command, the field and the allowed range.
void CheckCommands(const Command* commands, size_t n) {
  static const std::vector<EnumField> enums = {
      EnumField::Of<CommandKind>("kind", offsetof(Command, kind)),
      EnumField::Of<Side>("side", offsetof(Command, side)),
      EnumField::Of<OrderType>("type", offsetof(Command, type)),
      EnumField::Of<TimeInForce>("tif", offsetof(Command, tif)),
      EnumField::Of<StpMode>("stp", offsetof(Command, stp))};
  static const std::array<std::pair<const char*, size_t>, 3> flags = {
      {{"post_only", offsetof(Command, post_only)},
       {"filter_instrument", offsetof(Command, filter_instrument)},
       {"filter_side", offsetof(Command, filter_side)}}};
  const auto* bytes = reinterpret_cast<const uint8_t*>(commands);
  for (size_t i = 0; i < n; ++i, bytes += sizeof(Command)) {
    for (const EnumField& f : enums) {
      const uint8_t v = bytes[f.offset];
      if (!f.allowed[v]) [[unlikely]] {
        throw py::value_error(absl::StrCat("commands[", i, "].", f.name, " is ", v, ", outside ",
                                           f.low, "..", f.high));
      }
    }
    for (const auto& [name, offset] : flags) {
      if (bytes[offset] > 1) [[unlikely]] {
        throw py::value_error(
            absl::StrCat("commands[", i, "].", name, " is ", bytes[offset], ", not 0 or 1"));
      }
    }
  }
}

const py::dtype& CachedCommandDtype() {
  static const auto* dtype = new py::dtype(CommandDtype());  // never freed: outlives the module
  return *dtype;
}

const py::dtype& CachedEventDtype() {
  static const auto* dtype = new py::dtype(EventDtype());
  return *dtype;
}

// `commands` as the Command structs it holds; TypeError unless it is a 1-d C-contiguous
// array of COMMAND_DTYPE.
const Command* CommandsOf(const py::array& commands) {
  if (!commands.dtype().equal(CachedCommandDtype()) || commands.ndim() != 1 ||
      (commands.flags() & py::array::c_style) == 0) {
    throw py::type_error(absl::StrCat(
        "commands must be a 1-d C-contiguous array of ftz.sim.COMMAND_DTYPE (ftz.sim.commands(n) "
        "makes one); got dtype ",
        std::string(py::str(commands.dtype())), " with ", commands.ndim(), " dimension(s)"));
  }
  return static_cast<const Command*>(commands.data());
}

template <typename T>
py::array ViewOf(const std::vector<T>& v, py::handle owner) {
  return py::array_t<T>({v.size()}, {sizeof(T)}, v.data(), owner);
}

py::array EventsView(const EventBuffer& events, py::handle owner) {
  const Event* data = events.empty() ? nullptr : &events[0];
  static const Event none{};
  return py::array(CachedEventDtype(), {events.size()}, {sizeof(Event)}, data ? data : &none,
                   owner);
}

}  // namespace

int64_t IndexOf(py::handle value) {
  auto index = py::reinterpret_steal<py::int_>(PyNumber_Index(value.ptr()));
  if (!index) throw py::error_already_set();
  return index.cast<int64_t>();
}

InstrumentId ResolveInstrument(const Market& market, py::handle which) {
  const size_t n = market.engine().instrument_count();
  if (py::isinstance<py::str>(which)) {
    const std::string symbol = which.cast<std::string>();
    if (std::optional<InstrumentId> id = market.FindInstrument(symbol)) return *id;
    std::vector<std::string> symbols;
    for (const InstrumentRules& ins : market.rules().instruments)
      symbols.push_back(ins.spec.symbol);
    throw py::value_error(absl::StrCat("unknown instrument \"", symbol,
                                       "\"; the market has: ", absl::StrJoin(symbols, ", ")));
  }
  const int64_t id = IndexOf(which);
  if (id < 0 || static_cast<size_t>(id) >= n) {
    throw py::value_error(absl::StrCat("instrument ", id, " is outside 0..", n - 1));
  }
  return static_cast<InstrumentId>(id);
}

py::array BookSide(const PriceLadder& ladder, size_t depth) {
  std::vector<LevelRecord> levels;
  ladder.ForEachLevel([&](Price price, const PriceLevel& level) {
    if (levels.size() >= depth) return false;
    levels.push_back({price, level.qty, level.count});
    return true;
  });
  return py::array_t<LevelRecord>(levels.size(), levels.data());
}

namespace {

// The Python object behind ftz.sim.Market.
class MarketHandle {
 public:
  explicit MarketHandle(std::unique_ptr<Market> market) : market_(std::move(market)) {}

  static MarketHandle FromText(const std::string& text, const std::string& origin) {
    absl::StatusOr<std::unique_ptr<Market>> market = Market::FromText(text, origin);
    ThrowIfError(market.status());
    return MarketHandle(*std::move(market));
  }

  const Market& market() const { return *market_; }

  // Runs the commands in order; returns (events, offsets): every event, and where each
  // command's begin (offsets has n + 1 entries). Both view a store that is reused only
  // once Python no longer holds either array, so they stay valid as long as they are held.
  py::tuple Submit(const py::array& commands) {
    const Command* cmds = CommandsOf(commands);
    const auto n = static_cast<size_t>(commands.shape(0));
    CheckCommands(cmds, n);
    py::object owner = FreeStore();
    EventStore& store = owner.cast<EventStore&>();
    store.events.Clear();
    store.offsets.resize(n + 1);
    for (size_t i = 0; i < n; ++i) {
      store.offsets[i] = store.events.size();
      market_->Submit(cmds[i], store.events);
    }
    store.offsets[n] = store.events.size();
    return py::make_tuple(EventsView(store.events, owner), ViewOf(store.offsets, owner));
  }

  py::tuple OpeningEvents() const {
    const EventBuffer& opening = market_->opening_events();
    py::object owner = py::cast(EventStore{opening, {0, opening.size()}});
    EventStore& store = owner.cast<EventStore&>();
    return py::make_tuple(EventsView(store.events, owner), ViewOf(store.offsets, owner));
  }

  py::tuple Book(py::handle instrument, size_t depth) const {
    const OrderBook& book = market_->engine().book(ResolveInstrument(*market_, instrument));
    return py::make_tuple(BookSide(book.bids(), depth), BookSide(book.asks(), depth));
  }

  // Every resting order of the instrument, in book order.
  py::array Orders(py::handle instrument) const {
    const PolicyEngine& engine = market_->engine();
    const OrderBook& book = engine.book(ResolveInstrument(*market_, instrument));
    std::vector<OrderRecord> orders;
    book.ForEachOrder(engine.pool(), [&](OrderHandle h) {
      const Order& o = engine.pool()[h];
      orders.push_back({o.id, o.client_id, o.participant, static_cast<uint8_t>(o.side),
                        static_cast<uint8_t>(o.tif), o.price, o.leaves});
    });
    return py::array_t<OrderRecord>(orders.size(), orders.data());
  }

  py::dict Ledger(py::handle instrument, bool period) const {
    const InstrumentId id = ResolveInstrument(*market_, instrument);
    const ftz::Ledger l =
        period ? market_->policy().period_ledger(id) : market_->policy().total_ledger(id);
    py::dict d;
    d["buyer_paid"] = l.buyer_paid;
    d["seller_net"] = l.seller_net;
    d["duties"] = l.duties;
    d["top_ups"] = l.top_ups;
    d["stockpile_spend"] = l.stockpile_spend;
    d["stockpile_proceeds"] = l.stockpile_proceeds;
    d["stockpile_bought"] = l.stockpile_bought;
    d["stockpile_sold"] = l.stockpile_sold;
    d["volume"] = l.volume;
    d["non_member_volume"] = l.non_member_volume;
    d["volume_at_floor"] = l.volume_at_floor;
    d["transshipments"] = l.transshipments;
    d["trades"] = l.trades;
    return d;
  }

  py::object Stockpile(py::handle instrument) const {
    const InstrumentId id = ResolveInstrument(*market_, instrument);
    if (!market_->policy().instrument(id).stockpile) return py::none();
    const StockpileState& s = market_->policy().stockpile(id);
    py::dict d;
    d["participant"] = py::none();
    if (market_->rules().stockpile) d["participant"] = *market_->rules().stockpile;
    d["budget_left"] = s.budget_left;
    d["inventory"] = s.inventory;
    d["bought_this_period"] = s.bought_this_period;
    d["exhausted"] = s.exhausted;
    return d;
  }

  py::list Instruments() const {
    py::list out;
    for (const InstrumentRules& ins : market_->rules().instruments) {
      py::dict d;
      d["symbol"] = ins.spec.symbol;
      d["product"] = ins.product;
      d["unit"] = ins.unit;
      d["currency"] = ins.currency;
      d["tick_size"] = ins.tick_size;
      d["lot_size"] = ins.lot_size;
      d["min_price"] = ins.spec.min_price;
      d["max_price"] = ins.spec.max_price;
      d["max_qty"] = ins.spec.max_qty;
      d["hard_floor"] = ins.hard_floor;
      out.append(d);
    }
    return out;
  }

  py::list Participants() const {
    py::list out;
    for (const ParticipantRules& p : market_->rules().participants) {
      py::dict d;
      d["name"] = p.name;
      d["jurisdiction"] = JurisdictionCode(p.jurisdiction);
      d["member"] = market_->rules().IsMember(p.jurisdiction);
      d["admin"] = p.admin;
      out.append(d);
    }
    return out;
  }

  ParticipantId ParticipantIdOf(const std::string& name) const {
    if (std::optional<ParticipantId> p = market_->FindParticipant(name)) return *p;
    throw py::value_error(absl::StrCat("unknown participant \"", name, "\""));
  }

  std::string DescribeReject(const py::bytes& record) const {
    const std::string raw = record;
    Event e;
    if (raw.size() != sizeof(Event)) {
      throw py::value_error(
          absl::StrCat("an event record has ", sizeof(Event), " bytes, not ", raw.size()));
    }
    std::memcpy(&e, raw.data(), sizeof(Event));
    if (e.kind != EventKind::kRejected) throw py::value_error("the event is not a REJECTED event");
    return market_->DescribeReject(e);
  }

 private:
  // A store no array views any more, or a new one. The few most recent stay in the
  // pool; an older one lives as long as its arrays.
  py::object FreeStore() {
    for (py::object& s : stores_) {
      if (s.ref_count() == 1) return s;
    }
    constexpr size_t kPool = 4;
    py::object fresh = py::cast(EventStore{});
    if (stores_.size() < kPool) {
      stores_.push_back(fresh);
    } else {
      stores_[next_evicted_++ % kPool] = fresh;
    }
    return fresh;
  }

  std::unique_ptr<Market> market_;
  std::vector<py::object> stores_;
  size_t next_evicted_ = 0;
};

}  // namespace

void BindRecords(py::module_& m) {
  m.attr("COMMAND_DTYPE") = CommandDtype();
  m.attr("EVENT_DTYPE") = EventDtype();
  m.attr("EVENT_DTYPES") = EventKindDtypes();
  PYBIND11_NUMPY_DTYPE(LevelRecord, price, qty, orders);
  PYBIND11_NUMPY_DTYPE(OrderRecord, order_id, client_id, participant, side, tif, price, leaves);
  m.attr("LEVEL_DTYPE") = py::dtype::of<LevelRecord>();
  m.attr("ORDER_DTYPE") = py::dtype::of<OrderRecord>();
  m.attr("ENUMS") = EnumNames();
}

void BindMarket(py::module_& m) {
  py::class_<EventStore>(m, "_EventStore", "Owns the events of one submit (arrays view it).");

  py::class_<MarketHandle>(m, "Market", R"(A market: the matching engine with the floor policy.

Build one with Market.default() or Market.from_text(text, origin); errors raise
ConfigError naming the origin, the field and the problem. Prices are ticks, quantities
lots, money tick-lots (price x quantity).)")
      .def_static(
          "default", [] { return MarketHandle(Market::Default()); },
          "The embedded default market (market_config/default_market.txtpb).")
      .def_static("from_text", &MarketHandle::FromText, py::arg("text"),
                  py::arg("origin") = "<text>",
                  "A market from config text (protobuf text format, proto/market_config.proto); "
                  "`origin` names it in errors.")
      .def("submit", &MarketHandle::Submit, py::arg("commands"),
           "Runs a batch of commands (an array of COMMAND_DTYPE) in order. Returns (events, "
           "offsets): every event as an array of EVENT_DTYPE, and offsets (n + 1 entries) "
           "such that command i's events are events[offsets[i]:offsets[i + 1]].")
      .def("opening_events", &MarketHandle::OpeningEvents,
           "(events, offsets) of opening the market: the stockpile's first standing orders.")
      .def("book", &MarketHandle::Book, py::arg("instrument"), py::arg("depth") = 5,
           "(bids, asks): the top `depth` levels, best first, arrays of LEVEL_DTYPE.")
      .def("orders", &MarketHandle::Orders, py::arg("instrument"),
           "Every resting order of the instrument in book order (bids best first, then asks; "
           "time priority within a level), an array of ORDER_DTYPE.")
      .def("ledger", &MarketHandle::Ledger, py::arg("instrument"), py::arg("period") = false,
           "The floor policy's ledger of the instrument (money in tick-lots, quantities in "
           "lots): over the run, or the open period's.")
      .def("stockpile", &MarketHandle::Stockpile, py::arg("instrument"),
           "The stockpile's state on the instrument, or None when it has no backstop.")
      .def(
          "floor",
          [](const MarketHandle& h, py::handle i) {
            return h.market().policy().floor(ResolveInstrument(h.market(), i));
          },
          py::arg("instrument"), "The hard floor in force, in ticks (0: none).")
      .def(
          "tariff_bps",
          [](const MarketHandle& h, py::handle i) {
            return h.market().policy().tariff_bps(ResolveInstrument(h.market(), i));
          },
          py::arg("instrument"), "The non-member ad valorem tariff, in basis points.")
      .def_property_readonly(
          "period", [](const MarketHandle& h) { return h.market().policy().period(); },
          "The open period (END_PERIOD commands close one).")
      .def(
          "state_hash", [](const MarketHandle& h) { return h.market().engine().StateHash(); },
          "Hash of every book's resting orders and the id counters: equal hashes, equal "
          "states.")
      .def(
          "validate",
          [](const MarketHandle& h) {
            const absl::Status st = h.market().engine().Validate();
            if (!st.ok()) throw std::runtime_error(std::string(st.message()));
          },
          "Checks every invariant of the books and indexes; RuntimeError when one fails.")
      .def(
          "resting_orders",
          [](const MarketHandle& h) { return h.market().engine().resting_orders(); },
          "How many orders rest in all books.")
      .def("instruments", &MarketHandle::Instruments,
           "The instruments, by id: symbol, units, tick and lot sizes, price band, floor.")
      .def("participants", &MarketHandle::Participants,
           "The participants, by id: name, jurisdiction, membership, admin.")
      .def(
          "instrument_id",
          [](const MarketHandle& h, py::handle which) {
            return ResolveInstrument(h.market(), which);
          },
          py::arg("symbol"), "The id of an instrument; ValueError lists the symbols.")
      .def("participant_id", &MarketHandle::ParticipantIdOf, py::arg("name"),
           "The id of a participant; ValueError when there is none of that name.")
      .def("describe_reject", &MarketHandle::DescribeReject, py::arg("record"),
           "The exchange's text for a REJECTED event (its record's bytes), naming the rule "
           "and the numbers.");
}

}  // namespace ftz::bindings
