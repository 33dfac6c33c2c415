// The Python extension ftz.sim._native: the market and the simulator in process.
// python/ftz/sim wraps it; docs/python.md ("In process") documents it.
#include <pybind11/pybind11.h>

#include "bindings/bindings.h"

PYBIND11_MODULE(_native, m) {
  m.doc() = "The ftz market and simulator in process (use ftz.sim, which wraps this module).";
  pybind11::register_exception<ftz::bindings::ConfigError>(m, "ConfigError", PyExc_ValueError);
  ftz::bindings::BindRecords(m);
  ftz::bindings::BindMarket(m);
  ftz::bindings::BindScenario(m);
  ftz::bindings::BindEnv(m);
}
