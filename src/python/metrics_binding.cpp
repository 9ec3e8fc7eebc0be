// fusetrack.metrics' C++ side: the very scoring functions `fusetrack eval` uses (src/eval/), on
// NumPy arrays, so a notebook scores its own variants exactly as the command does.
#include <cstddef>
#include <cstdint>
#include <vector>

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "eval/heart_metrics.hpp"
#include "eval/orientation_eval.hpp"
#include "eval/step_metrics.hpp"
#include "python/arrays.hpp"
#include "python/binding.hpp"

namespace py = pybind11;

namespace fusetrack::python {
namespace {

std::vector<eval::Quatd> quaternions(const py::handle& obj, const char* what, std::size_t n) {
  const py::array_t<double> a = value_array<double>(obj, what, n, 4);
  const double* p = a.data();
  std::vector<eval::Quatd> q(n);
  for (std::size_t i = 0; i < n; ++i)
    q[i] = eval::Quatd(p[4 * i], p[4 * i + 1], p[4 * i + 2], p[4 * i + 3]);
  return q;
}

std::size_t rows_of(const py::handle& obj, const char* what) {
  const py::array a = as_array(obj, what);
  if (a.ndim() < 1) throw py::value_error(std::string(what) + ": expected an array of rows");
  return static_cast<std::size_t>(a.shape(0));
}

std::vector<Micros> times(const py::handle& obj, const char* what) {
  const py::array_t<std::int64_t> a = time_array(obj, what);
  return std::vector<Micros>(a.data(), a.data() + a.size());
}

std::vector<double> reals(const py::handle& obj, const char* what, std::size_t n) {
  const py::array_t<double> a = value_array<double>(obj, what, n, 0);
  return std::vector<double>(a.data(), a.data() + a.size());
}

py::dict orientation_rmse(const py::object& est, const py::object& ref, const py::object& movement,
                          bool remove_heading_offset) {
  const std::size_t n = rows_of(est, "est");
  const std::vector<eval::Quatd> e = quaternions(est, "est", n);
  const std::vector<eval::Quatd> r = quaternions(ref, "ref", n);
  std::vector<std::uint8_t> mv(n, 1);
  if (!movement.is_none()) {
    const std::vector<double> m = reals(movement, "movement", n);
    for (std::size_t i = 0; i < n; ++i) mv[i] = m[i] != 0.0 ? 1 : 0;
  }
  eval::TrialScore s;
  {
    py::gil_scoped_release release;
    s = eval::score_trial(e, r, mv, remove_heading_offset);
  }
  py::dict d;
  d["valid"] = s.valid;
  d["invalid_reason"] = s.invalid_reason;
  d["n_scored"] = s.n_scored;
  d["heading_offset_deg"] = s.heading_offset_deg;
  d["total_rmse_deg"] = s.total_rmse_deg;
  d["heading_rmse_deg"] = s.heading_rmse_deg;
  d["inclination_rmse_deg"] = s.inclination_rmse_deg;
  return d;
}

py::dict step_scores(const py::object& detected, const py::object& truth,
                     const py::object& reported) {
  eval::DetectedSteps d;
  d.t_us = times(detected, "detected_us");
  d.reported_us = reported.is_none() ? d.t_us : times(reported, "reported_us");
  const std::vector<Micros> t = times(truth, "true_us");
  eval::StepMatching matching;
  const eval::StepScore s = eval::score_steps(d, t, &matching);
  py::dict r;
  r["true_steps"] = s.true_steps;
  r["counted_steps"] = s.counted_steps;
  r["matched"] = s.matched;
  r["abs_pct_error"] = s.abs_pct_error;
  r["accuracy_pct"] = s.accuracy_pct;
  r["precision"] = s.precision;
  r["recall"] = s.recall;
  r["f1"] = s.f1;
  r["median_offset_s"] = s.median_offset_s;
  r["median_delay_s"] = s.median_delay_s;
  r["true_of_detection"] =
      py::array_t<long>(static_cast<py::ssize_t>(matching.true_of_detection.size()),
                        matching.true_of_detection.data());
  r["detection_of_true"] =
      py::array_t<long>(static_cast<py::ssize_t>(matching.detection_of_true.size()),
                        matching.detection_of_true.data());
  return r;
}

py::dict heart_scores(const py::object& estimate, const py::object& reference) {
  const std::size_t n = rows_of(estimate, "estimate_bpm");
  const eval::HeartScore s = eval::score_heart_rate(reals(estimate, "estimate_bpm", n),
                                                    reals(reference, "reference_bpm", n));
  py::dict d;
  d["windows"] = s.windows;
  d["mae_bpm"] = s.mae_bpm;
  d["within_5_bpm"] = s.within_5_bpm;
  d["avre_pct"] = s.avre_pct;
  d["sdae_bpm"] = s.sdae_bpm;
  d["max_ae_bpm"] = s.max_ae_bpm;
  return d;
}

}  // namespace

void bind_metrics(py::module_& m) {
  m.def("orientation_rmse", &orientation_rmse, py::arg("est"), py::arg("ref"),
        py::arg("movement") = py::none(), py::arg("remove_heading_offset") = false);
  m.def("step_scores", &step_scores, py::arg("detected_us"), py::arg("true_us"),
        py::arg("reported_us") = py::none());
  m.def("heart_rate_scores", &heart_scores, py::arg("estimate_bpm"), py::arg("reference_bpm"));
  m.attr("STEP_TOLERANCE_US") = eval::kStepToleranceUs;
  m.attr("HEART_WITHIN_BPM") = eval::kWithinBpm;
}

}  // namespace fusetrack::python
