// ftz.sim._native.TradingEnvCore: the trading environment's core (trading_env.h) with
// one Python-to-C++ crossing per reset and per step, the action checked on the way in.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <array>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "bindings/bindings.h"
#include "bindings/trading_env.h"

namespace py = pybind11;

namespace ftz::bindings {

namespace {

class EnvHandle {
 public:
  EnvHandle(py::handle scenario, EnvConfig config) {
    absl::StatusOr<std::unique_ptr<TradingEnv>> env =
        TradingEnv::Create(ScenarioOf(scenario), std::move(config));
    ThrowIfError(env.status());
    env_ = *std::move(env);
  }

  // (observation, info)
  py::tuple Reset(uint64_t seed) {
    py::array_t<double> observation(static_cast<py::ssize_t>(env_->observation_names().size()));
    env_->Reset(seed, observation.mutable_data());
    return py::make_tuple(std::move(observation), py::dict());
  }

  // (observation, reward, terminated, truncated, info)
  py::tuple Step(py::handle action) {
    if (!env_->started()) throw std::runtime_error("call reset() before step()");
    if (env_->done()) throw std::runtime_error("the episode is over: call reset()");
    const std::array<int64_t, 2> a = ActionOf(action);
    py::array_t<double> observation(static_cast<py::ssize_t>(env_->observation_names().size()));
    const double reward =
        env_->Step(static_cast<int>(a[0]), static_cast<int>(a[1]), observation.mutable_data());
    return py::make_tuple(std::move(observation), reward, env_->done(), false, py::dict());
  }

  const TradingEnv& env() const { return *env_; }
  // The environment within an episode (after a reset); RuntimeError before the first.
  const TradingEnv& episode() const {
    if (!env_->started()) throw std::runtime_error("call reset() first");
    return *env_;
  }

 private:
  // The action's two choices (bid, ask), each in [0, choices()); ValueError otherwise.
  std::array<int64_t, 2> ActionOf(py::handle action) const {
    std::array<int64_t, 2> a{};
    if (py::isinstance<py::array_t<int64_t>>(action)) {
      auto array = py::reinterpret_borrow<py::array_t<int64_t>>(action);
      if (array.ndim() != 1 || array.shape(0) != 2) throw py::value_error(Shape(action));
      a = {*array.data(0), *array.data(1)};
    } else {
      if (!py::isinstance<py::sequence>(action) || py::len(action) != 2) {
        throw py::value_error(Shape(action));
      }
      auto seq = py::reinterpret_borrow<py::sequence>(action);
      for (int side = 0; side < 2; ++side) {
        auto index = py::reinterpret_steal<py::object>(PyNumber_Index(py::object(seq[side]).ptr()));
        if (!index) {
          PyErr_Clear();
          throw py::value_error(Shape(action));  // not an integer
        }
        a[side] = index.cast<int64_t>();
      }
    }
    const int64_t n = env_->choices();
    for (int side = 0; side < 2; ++side) {
      if (a[side] < 0 || a[side] >= n) {
        throw py::value_error(absl::StrCat("action[", side, "] (", side == 0 ? "bid" : "ask",
                                           ") is ", a[side], ", outside 0..", n - 1, Choices()));
      }
    }
    return a;
  }

  std::string Shape(py::handle action) const {
    return absl::StrCat("an action is 2 integers (bid, ask), each in 0..", env_->choices() - 1,
                        Choices(), "; got ", py::repr(action).cast<std::string>());
  }

  std::string Choices() const {
    return absl::StrCat(": 0 keep, 1 cancel, 2..", env_->choices() - 1, " quote at offsets [",
                        absl::StrJoin(env_->config().offsets, ", "), "] steps from the mark");
  }

  std::unique_ptr<TradingEnv> env_;
};

}  // namespace

void BindEnv(py::module_& m) {
  py::class_<EnvHandle>(m, "TradingEnvCore",
                        "The core of ftz.sim.TradingEnv (see there); one crossing per step.")
      .def(py::init([](py::handle scenario, std::string instrument, std::string agent,
                       std::string jurisdiction, uint32_t periods, uint32_t start_period,
                       uint32_t activations_per_step, uint32_t depth, uint32_t trades,
                       std::vector<int64_t> offsets, int64_t step_bps, Qty quote_qty,
                       Qty max_position) {
             EnvConfig c;
             c.instrument = std::move(instrument);
             c.agent = std::move(agent);
             c.jurisdiction = std::move(jurisdiction);
             c.periods = periods;
             c.start_period = start_period;
             c.activations_per_step = activations_per_step;
             c.depth = depth;
             c.trades = trades;
             c.offsets = std::move(offsets);
             c.step_bps = step_bps;
             c.quote_qty = quote_qty;
             c.max_position = max_position;
             return EnvHandle(scenario, std::move(c));
           }),
           py::arg("scenario"), py::kw_only(), py::arg("instrument"), py::arg("agent"),
           py::arg("jurisdiction"), py::arg("periods"), py::arg("start_period"),
           py::arg("activations_per_step"), py::arg("depth"), py::arg("trades"), py::arg("offsets"),
           py::arg("step_bps"), py::arg("quote_qty"), py::arg("max_position"))
      .def("reset", &EnvHandle::Reset, py::arg("seed"))
      .def("step", &EnvHandle::Step, py::arg("action"))
      .def_property_readonly("choices", [](const EnvHandle& h) { return h.env().choices(); })
      .def_property_readonly("observation_names",
                             [](const EnvHandle& h) { return h.env().observation_names(); })
      .def_property_readonly("observation_low",
                             [](const EnvHandle& h) {
                               return py::array_t<double>(py::cast(h.env().observation_low()));
                             })
      .def_property_readonly("observation_high",
                             [](const EnvHandle& h) {
                               return py::array_t<double>(py::cast(h.env().observation_high()));
                             })
      .def_property_readonly("steps", [](const EnvHandle& h) { return h.episode().steps(); })
      .def_property_readonly("done", [](const EnvHandle& h) { return h.episode().done(); })
      .def_property_readonly("pnl", [](const EnvHandle& h) { return h.episode().pnl(); })
      .def_property_readonly("position", [](const EnvHandle& h) { return h.episode().position(); })
      .def_property_readonly("cash", [](const EnvHandle& h) { return h.episode().cash(); })
      .def_property_readonly("tick_size",
                             [](const EnvHandle& h) { return h.env().instrument().tick_size; })
      .def_property_readonly("lot_size",
                             [](const EnvHandle& h) { return h.env().instrument().lot_size; })
      .def("state_hash", [](const EnvHandle& h) {
        return h.episode().simulation().market().engine().StateHash();
      });
}

}  // namespace ftz::bindings
