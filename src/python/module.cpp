// fusetrack._core: the C++ library for Python (pybind11). The package fusetrack
// (src/python/fusetrack/) re-exports it and adds what pandas and Dask need; docs/python.md.
#include <string>

#include <pybind11/pybind11.h>

#include "python/binding.hpp"

namespace py = pybind11;

namespace fusetrack::python {
namespace {

// The exception types, created once at import (fusetrack.StatusError, fusetrack.SettingsError).
PyObject* g_status_error = nullptr;
PyObject* g_settings_error = nullptr;

[[noreturn]] void raise_with_status(PyObject* type, Status s, const std::string& message,
                                    const py::object& field) {
  py::object e = py::reinterpret_borrow<py::object>(type)(message);
  e.attr("status") = py::str(name(s));
  e.attr("field") = field;
  PyErr_SetObject(type, e.ptr());
  throw py::error_already_set();
}

}  // namespace

py::object check_field(const SettingsCheck& c) {
  if (c.field == nullptr) return py::none();
  return py::str(c.subfield == nullptr ? std::string(c.field)
                                       : std::string(c.field) + "." + c.subfield);
}

void raise_if_invalid(const TrackerSettings& s) {
  const SettingsCheck c = s.check();
  if (ok(c.status)) return;
  const py::object field = check_field(c);
  raise_with_status(g_settings_error, c.status,
                    std::string(name(c.status)) + ": " + field.cast<std::string>() +
                        " is out of range or inconsistent with another setting",
                    field);
}

void raise_status(Status s, const std::string& what) {
  raise_with_status(g_status_error, s, std::string(name(s)) + ": " + what, py::none());
}

}  // namespace fusetrack::python

PYBIND11_MODULE(_core, m) {
  using namespace fusetrack::python;
  m.doc() = "fusetrack's C++ core and host code (use the package fusetrack, not this module)";
  g_status_error = PyErr_NewExceptionWithDoc(
      "fusetrack.StatusError",
      "A fusetrack Status other than ok; .status is its name (e.g. 'corrupt_state').",
      PyExc_ValueError, nullptr);
  g_settings_error = PyErr_NewExceptionWithDoc(
      "fusetrack.SettingsError",
      "Settings that do not validate; .status is 'invalid_settings', .field the first bad "
      "field ('imu.nominal_rate_hz').",
      g_status_error, nullptr);
  m.add_object("StatusError", py::handle(g_status_error));
  m.add_object("SettingsError", py::handle(g_settings_error));
  bind_settings(m);
  bind_tracker(m);
  bind_host(m);
  bind_metrics(m);
}
