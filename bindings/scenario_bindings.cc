// ftz.sim._native.Scenario and run_scenario: simulator runs in process, with some of a
// scenario's agents replaced by Python callables (each called with an AgentTurn on its
// activations), returning the run's results as the CSV texts `ftz sim --out` writes.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "bindings/bindings.h"
#include "bindings/external_agent.h"
#include "bindings/records.h"
#include "google/protobuf/text_format.h"
#include "market_config/market_config.h"
#include "sim/agent_set.h"
#include "sim/report/report_csv.h"
#include "sim/runner.h"
#include "sim/scenario.h"
#include "sim/simulation.h"

namespace py = pybind11;

namespace ftz::bindings {

namespace {

// A checked scenario: parsed, normalized (the default market filled in) and its market
// compiled with the agents' participants, so that every error surfaces at load with the
// file, the field and the problem.
class ScenarioHandle {
 public:
  static ScenarioHandle Parse(const std::string& text, const std::string& origin) {
    absl::StatusOr<scenario::Scenario> s = sim::ParseScenario(text, origin);
    ThrowIfError(s.status());
    return ScenarioHandle(*std::move(s), origin);
  }

  // A copy with `text` merged in (protobuf merge: fields set there replace these,
  // repeated ones are added), checked again.
  ScenarioHandle Merged(const std::string& text, const std::string& origin) const {
    scenario::Scenario delta;
    ThrowIfError(ParseTextProto(text, origin, &delta));
    scenario::Scenario merged = scenario_;
    merged.MergeFrom(delta);
    ThrowIfError(sim::NormalizeScenario(merged, origin));
    return ScenarioHandle(std::move(merged), origin);
  }

  const scenario::Scenario& proto() const { return scenario_; }
  const std::vector<std::string>& agents() const { return agents_; }
  std::string Text() const {
    std::string text;
    google::protobuf::TextFormat::PrintToString(scenario_, &text);
    return text;
  }

 private:
  ScenarioHandle(scenario::Scenario s, const std::string& origin) : scenario_(std::move(s)) {
    absl::StatusOr<MarketRules> rules =
        CompileMarketRules(sim::MarketWithAgents(scenario_), origin);
    ThrowIfError(rules.status());
    absl::StatusOr<sim::AgentSet> set = sim::BuildAgents(scenario_, *rules);
    ThrowIfError(set.status());
    for (const auto& agent : set->agents) agents_.push_back(agent->name());
  }

  scenario::Scenario scenario_;
  std::vector<std::string> agents_;  // in activation-index order
};

// What a Python agent sees and does on one activation. Valid only during its call:
// afterwards every method raises RuntimeError.
class AgentTurn {
 public:
  AgentTurn(ExternalAgent& agent, const sim::AgentContext& ctx, sim::Rng& rng)
      : agent_(&agent), ctx_(&ctx), rng_(&rng) {}
  void End() { agent_ = nullptr; }

  const ExternalAgent& agent() const { return *Live(); }
  uint32_t period() const { return Context().period; }
  double elapsed() const { return Context().elapsed; }

  py::dict View(py::handle instrument) const {
    const sim::MarketView& v = Context().views[Resolve(instrument)];
    py::dict d;
    d["floor"] = v.floor;
    d["last_price"] = v.last_price;
    d["min_price"] = v.min_price;
    d["max_price"] = v.max_price;
    d["quote_low"] = v.quote_low;
    d["quote_high"] = v.quote_high;
    return d;
  }

  py::tuple Book(py::handle instrument, size_t depth) const {
    const OrderBook& book = market().engine().book(Resolve(instrument));
    return py::make_tuple(BookSide(book.bids(), depth), BookSide(book.asks(), depth));
  }

  Qty Position(py::handle instrument) const { return Live()->position(Resolve(instrument)); }
  Money Cash(py::handle instrument) const { return Live()->cash(Resolve(instrument)); }

  py::list OpenOrders() const {
    py::list out;
    for (const ExternalAgent::OpenOrder& o : Live()->open_orders()) {
      py::dict d;
      d["client_id"] = o.client_id;
      d["instrument"] = o.instrument;
      d["side"] = static_cast<int>(o.side);
      d["price"] = o.price;
      d["leaves"] = o.leaves;
      out.append(d);
    }
    return out;
  }

  ClientOrderId Order(Side side, Price price, Qty qty, py::handle instrument, int tif) {
    const InstrumentId id = Resolve(instrument);
    CheckOrder(id, price, qty);
    if (tif < 0 || tif > 255 || !IsEnumerator(static_cast<TimeInForce>(tif))) {
      throw py::value_error(absl::StrCat("tif ", tif, " is outside 0..3 (GTC, DAY, IOC, FOK)"));
    }
    return Live()->Place(Context().entry, id, side, price, qty, static_cast<TimeInForce>(tif));
  }

  bool Replace(ClientOrderId client_id, Price price, Qty qty) {
    const ExternalAgent::OpenOrder* o = Live()->Find(client_id);
    if (o == nullptr) return false;
    CheckOrder(o->instrument, price, qty);
    return Live()->Replace(Context().entry, client_id, price, qty);
  }

  bool Cancel(ClientOrderId client_id) { return Live()->Cancel(Context().entry, client_id); }

  double Random() {
    Live();
    return rng_->Unit();
  }
  int64_t Uniform(int64_t low, int64_t high) {
    Live();
    if (high < low)
      throw py::value_error(absl::StrCat("uniform(", low, ", ", high, "): high < low"));
    return rng_->Uniform(low, high);
  }

 private:
  ExternalAgent* Live() const {
    if (agent_ == nullptr)
      throw std::runtime_error("an AgentTurn is valid only during its agent's call");
    return agent_;
  }
  const sim::AgentContext& Context() const {
    Live();
    return *ctx_;
  }
  // In process, the agents' order entry is the simulation.
  const Market& market() const {
    return dynamic_cast<const sim::Simulation&>(Context().entry).market();
  }
  InstrumentId Resolve(py::handle instrument) const {
    if (instrument.is_none()) return Live()->instruments().front();
    return ResolveInstrument(market(), instrument);
  }
  void CheckOrder(InstrumentId id, Price price, Qty qty) const {
    const sim::MarketView& v = Context().views[id];
    if (price < v.min_price || price > v.max_price) {
      throw py::value_error(absl::StrCat("price ", price, " is outside the price band ",
                                         v.min_price, "..", v.max_price, " (ticks)"));
    }
    if (qty < 1) throw py::value_error(absl::StrCat("qty ", qty, " is below 1 (lots)"));
  }

  ExternalAgent* agent_;
  const sim::AgentContext* ctx_;
  sim::Rng* rng_;
};

// Runs the scenario with the named agents replaced by Python callables. Returns the CSV
// texts of the run (sim/report/report_csv.h): run, periods, welfare, trades, events,
// summary.
py::dict RunScenario(const ScenarioHandle& s, uint64_t seed, const py::dict& agents,
                     bool baseline) {
  std::vector<std::pair<std::string, py::object>> python_agents;
  for (const auto& [name, fn] : agents) {
    if (!PyCallable_Check(fn.ptr())) {
      throw py::type_error(
          absl::StrCat("agents[\"", py::str(name).cast<std::string>(), "\"] is not callable"));
    }
    python_agents.emplace_back(py::str(name).cast<std::string>(),
                               py::reinterpret_borrow<py::object>(fn));
  }
  sim::RunOptions options;
  options.baseline = baseline;
  options.edit_agents = [&](sim::AgentSet& set, const MarketRules&) -> absl::Status {
    for (auto& [name, fn] : python_agents) {
      absl::StatusOr<ExternalAgent*> agent = TakeOver(set, name);
      if (!agent.ok()) return agent.status();
      (*agent)->set_act([&fn](ExternalAgent& self, const sim::AgentContext& ctx, sim::Rng& rng) {
        py::object turn = py::cast(AgentTurn(self, ctx, rng));
        struct EndTurn {
          AgentTurn& turn;
          ~EndTurn() { turn.End(); }
        } end{turn.cast<AgentTurn&>()};
        fn(turn);
      });
    }
    return absl::OkStatus();
  };
  absl::StatusOr<sim::RunResult> result;
  if (python_agents.empty()) {
    py::gil_scoped_release release;
    result = sim::RunScenario(s.proto(), seed, options);
  } else {
    result = sim::RunScenario(s.proto(), seed, options);
  }
  ThrowIfError(result.status());
  const std::vector<const sim::RunResult*> runs = {&*result};
  py::dict csv;
  csv["run"] = sim::RunCsv(runs);
  csv["periods"] = sim::PeriodsCsv(runs);
  csv["welfare"] = sim::ChainsCsv(runs);
  csv["trades"] = sim::TradesCsv(runs);
  csv["events"] = sim::EventsCsv(runs);
  csv["summary"] = sim::SummaryCsv(runs);
  return csv;
}

}  // namespace

const scenario::Scenario& ScenarioOf(py::handle scenario) {
  return scenario.cast<const ScenarioHandle&>().proto();
}

void BindScenario(py::module_& m) {
  py::class_<ScenarioHandle>(m, "Scenario",
                             R"(A simulation scenario (proto/scenario.proto), checked.

Scenario.default() is the embedded default scenario; Scenario.from_text(text, origin)
parses one. Errors raise ConfigError naming the origin, the field and the problem.)")
      .def_static(
          "default",
          [] { return ScenarioHandle::Parse(sim::DefaultScenarioText(), "<default scenario>"); },
          "The embedded default scenario (sim/default_scenario.txtpb).")
      .def_static("from_text", &ScenarioHandle::Parse, py::arg("text"),
                  py::arg("origin") = "<text>", "A scenario from text format.")
      .def("merged", &ScenarioHandle::Merged, py::arg("text"), py::arg("origin") = "<merged>",
           "A copy with `text` (scenario fields in text format) merged in: fields set there "
           "replace these, repeated ones are added; e.g. merged(\"periods: 2\").")
      .def_property_readonly("name", [](const ScenarioHandle& s) { return s.proto().name(); })
      .def_property_readonly("periods", [](const ScenarioHandle& s) { return s.proto().periods(); })
      .def_property_readonly("seed", [](const ScenarioHandle& s) { return s.proto().seed(); })
      .def_property_readonly(
          "steps_per_period", [](const ScenarioHandle& s) { return s.proto().steps_per_period(); },
          "Activation rounds per period (unless activations_per_period is set).")
      .def_property_readonly(
          "activations_per_period",
          [](const ScenarioHandle& s) { return s.proto().activations_per_period(); },
          "Single activations per period, one agent drawn each; 0: rounds instead.")
      .def_property_readonly("agents", &ScenarioHandle::agents,
                             "The agents' names (GROUP-1, GROUP-2 ...), in the driver's order.")
      .def_property_readonly("text", &ScenarioHandle::Text,
                             "The scenario in text format, its market written out.");

  py::class_<AgentTurn>(m, "AgentTurn", R"(One activation of a Python agent (run_scenario's agents).

Valid only during the agent's call. Instruments are ids or symbols; None is the agent's
first instrument. Prices in ticks, quantities in lots, cash in tick-lots.)")
      .def_property_readonly("name", [](const AgentTurn& t) { return t.agent().name(); })
      .def_property_readonly("participant",
                             [](const AgentTurn& t) { return t.agent().participant(); })
      .def_property_readonly("instruments",
                             [](const AgentTurn& t) { return t.agent().instruments(); })
      .def_property_readonly("period", &AgentTurn::period)
      .def_property_readonly("elapsed", &AgentTurn::elapsed, "Share of the period gone, in [0, 1).")
      .def("view", &AgentTurn::View, py::arg("instrument") = py::none(),
           "Market state: floor, last_price, price band, the zero-intelligence quote range.")
      .def("book", &AgentTurn::Book, py::arg("instrument") = py::none(), py::arg("depth") = 5,
           "(bids, asks), top levels best first, arrays of LEVEL_DTYPE.")
      .def("position", &AgentTurn::Position, py::arg("instrument") = py::none())
      .def("cash", &AgentTurn::Cash, py::arg("instrument") = py::none())
      .def("open_orders", &AgentTurn::OpenOrders,
           "Its open orders: client_id, instrument, side (0 buy, 1 sell), price, leaves.")
      .def(
          "buy",
          [](AgentTurn& t, Price price, Qty qty, py::handle instrument, int tif) {
            return t.Order(Side::kBuy, price, qty, instrument, tif);
          },
          py::arg("price"), py::arg("qty"), py::arg("instrument") = py::none(),
          py::arg("tif") = static_cast<int>(TimeInForce::kDay),
          "A limit buy (DAY unless `tif` says otherwise); returns its client id.")
      .def(
          "sell",
          [](AgentTurn& t, Price price, Qty qty, py::handle instrument, int tif) {
            return t.Order(Side::kSell, price, qty, instrument, tif);
          },
          py::arg("price"), py::arg("qty"), py::arg("instrument") = py::none(),
          py::arg("tif") = static_cast<int>(TimeInForce::kDay),
          "A limit sell (DAY unless `tif` says otherwise); returns its client id.")
      .def("replace", &AgentTurn::Replace, py::arg("client_id"), py::arg("price"), py::arg("qty"),
           "Re-prices an open order; False when it is not open.")
      .def("cancel", &AgentTurn::Cancel, py::arg("client_id"),
           "Cancels an open order; False when it is not open.")
      .def("random", &AgentTurn::Random,
           "Uniform in [0, 1) from the agent's own stream (seeded by the run).")
      .def("uniform", &AgentTurn::Uniform, py::arg("low"), py::arg("high"),
           "A uniform integer in [low, high] from the agent's own stream.");

  m.def("run_scenario", &RunScenario, py::arg("scenario"), py::arg("seed") = 0,
        py::arg("agents") = py::dict(), py::arg("baseline") = false,
        "Runs the scenario (seed 0: its own) with the named agents replaced by Python "
        "callables; returns the CSV texts of the run.");
}

}  // namespace ftz::bindings
