// The pieces of the Python extension ftz.sim._native (module.cc puts them together),
// and what they share: typed errors and looking up instruments by id or symbol.
#pragma once

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <stdexcept>
#include <string>

#include "absl/status/status.h"
#include "market/market.h"
#include "proto/scenario.pb.h"

namespace ftz::bindings {

// A market config or scenario that failed to load: the message names the file, the
// field and the problem, as the command line prints it. Python: ftz.sim.ConfigError, a
// ValueError.
struct ConfigError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Throws ConfigError with the status's message unless it is OK.
inline void ThrowIfError(const absl::Status& status) {
  if (!status.ok()) throw ConfigError(std::string(status.message()));
}

// The integer `value` stands for (TypeError for a float or a non-number).
int64_t IndexOf(pybind11::handle value);

// The instrument named by `which`: an id (int) or a symbol (str). ValueError names the
// allowed ids or the market's symbols.
InstrumentId ResolveInstrument(const Market& market, pybind11::handle which);

// Top `depth` levels of one side of a book, best first: a structured array of
// (price, qty, orders).
pybind11::array BookSide(const PriceLadder& ladder, size_t depth);

// The scenario of a Python Scenario object (scenario_bindings.cc).
const scenario::Scenario& ScenarioOf(pybind11::handle scenario);

void BindRecords(pybind11::module_& m);
void BindMarket(pybind11::module_& m);
void BindScenario(pybind11::module_& m);
void BindEnv(pybind11::module_& m);

}  // namespace ftz::bindings
