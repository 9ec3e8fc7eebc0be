// The pieces of the Python extension fusetrack._core (src/python/module.cpp), one file each.
#pragma once

#include <string>

#include <pybind11/pybind11.h>

#include "fusetrack/core/status.hpp"
#include "fusetrack/tracker.hpp"

namespace fusetrack::python {

// "group.field" (or "field") of a failed check; None when it passed.
pybind11::object check_field(const SettingsCheck& c);

// Raises fusetrack.SettingsError ("invalid_settings: imu.nominal_rate_hz is out of range or
// inconsistent") when `s` does not validate.
void raise_if_invalid(const TrackerSettings& s);

// Raises fusetrack.StatusError (a ValueError) with the Status name and `what`.
[[noreturn]] void raise_status(Status s, const std::string& what);

// {name: {placement, classes, rate_hz, ...}} of every activity model settings can name.
pybind11::dict activity_model_info();

void bind_settings(pybind11::module_& m);  // settings_binding.cpp
void bind_tracker(pybind11::module_& m);   // tracker_binding.cpp
void bind_host(pybind11::module_& m);      // host_binding.cpp: recordings, replay, simulate
void bind_metrics(pybind11::module_& m);   // metrics_binding.cpp

}  // namespace fusetrack::python
