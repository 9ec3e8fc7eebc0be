// fusetrack.TrackerSettings and its groups: every field of every settings struct, read and
// written in place (s.ekf.max_gap_s = 2.0 changes s), enums as Python enums, model pointers as
// model names. tests/python/test_api.py checks the fields against the headers, so a field added in
// C++ and forgotten here fails a test.
#include <cstdint>
#include <string>

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "fusetrack/models/falls_wrist.hpp"
#include "fusetrack/models/pocket_phone.hpp"
#include "fusetrack/models/waist_phone.hpp"
#include "fusetrack/models/watch_tug.hpp"
#include "fusetrack/models/wrist_activities.hpp"
#include "fusetrack/models/wrist_daily.hpp"
#include "fusetrack/models/wrist_daily_acc.hpp"
#include "fusetrack/tracker.hpp"
#include "python/binding.hpp"

namespace py = pybind11;

namespace fusetrack::python {
namespace {

// The activity models a settings object can name, by ActivityModel::name.
const ActivityModel* const kActivityModels[] = {
    &models::kWristDaily,  &models::kWristDailyAcc, &models::kWristActivities,
    &models::kPocketPhone, &models::kWaistPhone,    &models::kWatchTug,
};

std::string model_names() {
  std::string names;
  for (const ActivityModel* m : kActivityModels)
    names += std::string(names.empty() ? "" : ", ") + m->name;
  return names;
}

const ActivityModel* activity_model_named(const py::object& value) {
  if (value.is_none()) return nullptr;
  if (!py::isinstance<py::str>(value)) {
    throw py::type_error("activity.model must be a model name (str) or None");
  }
  const std::string name = value.cast<std::string>();
  for (const ActivityModel* m : kActivityModels) {
    if (name == m->name) return m;
  }
  throw py::value_error("activity.model: unknown model '" + name + "' (expected one of " +
                        model_names() + ", or None for the placement's default)");
}

const falls::FallModel* fall_model_named(const py::object& value) {
  if (value.is_none()) return nullptr;
  if (py::isinstance<py::str>(value) && value.cast<std::string>() == "falls-wrist") {
    return &models::kFallsWrist;
  }
  throw py::value_error("falls.model: expected 'falls-wrist' or None (the default model)");
}

// A field of struct T, read and written through the parent (the getter returns a reference
// into the parent for struct-typed members, so nested assignment works).
#define FT_FIELD(cls, T, field) cls.def_readwrite(#field, &T::field)

}  // namespace

py::dict activity_model_info() {
  py::dict d;
  for (const ActivityModel* m : kActivityModels) {
    py::list classes;
    for (std::size_t c = 0; c < m->classes; ++c) classes.append(m->class_names[c]);
    py::dict info;
    info["placement"] = m->placement;
    info["classes"] = classes;
    info["rate_hz"] = m->rate_hz;
    info["window_samples"] = m->window_samples;
    info["hop_s"] = m->hop_s;
    info["uses_gyr"] = m->uses_gyr;
    info["research_only"] = m->research_only;
    info["id"] = m->id;
    d[m->name] = info;
  }
  return d;
}

void bind_settings(py::module_& m) {
  py::enum_<Placement>(m, "Placement", "Where the device is worn or carried (see tracker.hpp).")
      .value("wrist_left", Placement::kWristLeft)
      .value("wrist_right", Placement::kWristRight)
      .value("pocket", Placement::kPocket)
      .value("hand", Placement::kHand)
      .value("waist", Placement::kWaist);
  py::enum_<Sex>(m, "Sex")
      .value("unspecified", Sex::kUnspecified)
      .value("female", Sex::kFemale)
      .value("male", Sex::kMale);
  py::enum_<OrientationFilterKind>(m, "OrientationFilter")
      .value("complementary", OrientationFilterKind::kComplementary)
      .value("ekf", OrientationFilterKind::kEkf);

  py::class_<UserProfile> user(m, "UserProfile", "The wearer (core/user_profile.hpp).");
  user.def(py::init<>());
  FT_FIELD(user, UserProfile, age_years);
  FT_FIELD(user, UserProfile, sex);
  FT_FIELD(user, UserProfile, height_m);
  FT_FIELD(user, UserProfile, mass_kg);
  FT_FIELD(user, UserProfile, resting_hr_bpm);

  py::class_<StreamCheckSettings> stream(m, "StreamCheckSettings",
                                         "A stream's checks (core/stream_check.hpp).");
  stream.def(py::init<>());
  FT_FIELD(stream, StreamCheckSettings, nominal_rate_hz);
  FT_FIELD(stream, StreamCheckSettings, gap_factor);
  FT_FIELD(stream, StreamCheckSettings, rate_time_constant_s);
  FT_FIELD(stream, StreamCheckSettings, max_jump_s);

  py::class_<FullScaleSettings> full(m, "FullScaleSettings",
                                     "The sensors' measuring ranges (core/full_scale.hpp).");
  full.def(py::init<>());
  FT_FIELD(full, FullScaleSettings, acc_m_s2);
  FT_FIELD(full, FullScaleSettings, gyr_rad_s);
  FT_FIELD(full, FullScaleSettings, mag_ut);
  FT_FIELD(full, FullScaleSettings, clip_band);

  py::class_<RestDetectorSettings> rest(m, "RestDetectorSettings", "orientation/rest_detector.hpp");
  rest.def(py::init<>());
  FT_FIELD(rest, RestDetectorSettings, gyr_threshold_rad_s);
  FT_FIELD(rest, RestDetectorSettings, acc_threshold_m_s2);
  FT_FIELD(rest, RestDetectorSettings, max_bias_rad_s);
  FT_FIELD(rest, RestDetectorSettings, min_duration_s);
  FT_FIELD(rest, RestDetectorSettings, filter_tau_s);

  py::class_<MagneticReferenceSettings> magref(m, "MagneticReferenceSettings",
                                               "orientation/magnetic_reference.hpp");
  magref.def(py::init<>());
  FT_FIELD(magref, MagneticReferenceSettings, norm_threshold);
  FT_FIELD(magref, MagneticReferenceSettings, dip_threshold_rad);
  FT_FIELD(magref, MagneticReferenceSettings, reference_tau_s);
  FT_FIELD(magref, MagneticReferenceSettings, adopt_after_s);
  FT_FIELD(magref, MagneticReferenceSettings, first_adopt_after_s);
  FT_FIELD(magref, MagneticReferenceSettings, adopt_min_rate_rad_s);

  py::class_<ComplementaryFilterSettings> comp(m, "ComplementaryFilterSettings",
                                               "orientation/complementary_filter.hpp");
  comp.def(py::init<>());
  FT_FIELD(comp, ComplementaryFilterSettings, acc_lp_tau_s);
  FT_FIELD(comp, ComplementaryFilterSettings, acc_tau_s);
  FT_FIELD(comp, ComplementaryFilterSettings, mag_tau_s);
  FT_FIELD(comp, ComplementaryFilterSettings, bias_tau_s);
  FT_FIELD(comp, ComplementaryFilterSettings, bias_vertical_tau_s);
  FT_FIELD(comp, ComplementaryFilterSettings, acc_rejection_m_s2);
  FT_FIELD(comp, ComplementaryFilterSettings, gyr_noise_rad_s);
  FT_FIELD(comp, ComplementaryFilterSettings, bias_walk_rad_s2);
  FT_FIELD(comp, ComplementaryFilterSettings, max_bias_rad_s);
  FT_FIELD(comp, ComplementaryFilterSettings, max_gap_s);
  FT_FIELD(comp, ComplementaryFilterSettings, mag_rejection);
  FT_FIELD(comp, ComplementaryFilterSettings, rest);
  FT_FIELD(comp, ComplementaryFilterSettings, mag_reference);

  py::class_<OrientationEkfSettings> ekf(m, "OrientationEkfSettings",
                                         "orientation/orientation_ekf.hpp");
  ekf.def(py::init<>());
  FT_FIELD(ekf, OrientationEkfSettings, gyr_noise_density);
  FT_FIELD(ekf, OrientationEkfSettings, bias_walk_density);
  FT_FIELD(ekf, OrientationEkfSettings, acc_lp_tau_s);
  FT_FIELD(ekf, OrientationEkfSettings, acc_noise_density);
  FT_FIELD(ekf, OrientationEkfSettings, acc_rejection_m_s2);
  FT_FIELD(ekf, OrientationEkfSettings, mag_noise_density);
  FT_FIELD(ekf, OrientationEkfSettings, initial_bias_sigma_rad_s);
  FT_FIELD(ekf, OrientationEkfSettings, max_bias_rad_s);
  FT_FIELD(ekf, OrientationEkfSettings, max_gap_s);
  FT_FIELD(ekf, OrientationEkfSettings, bias_rotation_tau_s);
  FT_FIELD(ekf, OrientationEkfSettings, mag_rejection);
  FT_FIELD(ekf, OrientationEkfSettings, rest);
  FT_FIELD(ekf, OrientationEkfSettings, mag_reference);

  py::class_<AccelerometerTiltSettings> tilt(m, "AccelerometerTiltSettings",
                                             "orientation/accelerometer_tilt.hpp");
  tilt.def(py::init<>());
  FT_FIELD(tilt, AccelerometerTiltSettings, acc_lp_tau_s);
  FT_FIELD(tilt, AccelerometerTiltSettings, max_gap_s);
  FT_FIELD(tilt, AccelerometerTiltSettings, rest);

  py::class_<WearDetectorSettings> wear(m, "WearDetectorSettings", "wear/wear_detector.hpp");
  wear.def(py::init<>());
  FT_FIELD(wear, WearDetectorSettings, enabled);
  FT_FIELD(wear, WearDetectorSettings, motion_tau_s);
  FT_FIELD(wear, WearDetectorSettings, moving_above_m_s2);
  FT_FIELD(wear, WearDetectorSettings, still_below_m_s2);
  FT_FIELD(wear, WearDetectorSettings, still_after_s);
  FT_FIELD(wear, WearDetectorSettings, perfectly_still_below_m_s2);
  FT_FIELD(wear, WearDetectorSettings, off_wrist_after_s);
  FT_FIELD(wear, WearDetectorSettings, flat_within_deg);
  FT_FIELD(wear, WearDetectorSettings, ppg_no_contact_below);
  FT_FIELD(wear, WearDetectorSettings, ppg_no_contact_after_s);
  FT_FIELD(wear, WearDetectorSettings, ppg_tau_s);

  py::class_<classify::SmootherSettings> smoother(m, "SmootherSettings", "classify/smoother.hpp");
  smoother.def(py::init<>());
  FT_FIELD(smoother, classify::SmootherSettings, confirm_windows);
  FT_FIELD(smoother, classify::SmootherSettings, min_confidence_q8);

  py::class_<ActivitySettings> activity(
      m, "ActivitySettings",
      "activity/activity_classifier.hpp; model: a name of fusetrack.activity_models() or None "
      "(the placement's default)");
  activity.def(py::init<>());
  FT_FIELD(activity, ActivitySettings, enabled);
  activity.def_property(
      "model",
      [](const ActivitySettings& a) -> py::object {
        return a.model == nullptr ? py::object(py::none()) : py::object(py::str(a.model->name));
      },
      [](ActivitySettings& a, const py::object& v) { a.model = activity_model_named(v); });
  FT_FIELD(activity, ActivitySettings, hop_s);
  FT_FIELD(activity, ActivitySettings, gravity_tau_s);
  FT_FIELD(activity, ActivitySettings, max_gap_s);
  FT_FIELD(activity, ActivitySettings, smoother);

  py::class_<steps::StepSettings> st(m, "StepSettings", "steps/step_detector.hpp");
  st.def(py::init<>());
  FT_FIELD(st, steps::StepSettings, enabled);
  FT_FIELD(st, steps::StepSettings, rate_hz);
  FT_FIELD(st, steps::StepSettings, max_gap_s);
  FT_FIELD(st, steps::StepSettings, lowpass_hz);
  FT_FIELD(st, steps::StepSettings, min_prominence_m_s2);
  FT_FIELD(st, steps::StepSettings, relative_prominence);
  FT_FIELD(st, steps::StepSettings, min_step_interval_s);
  FT_FIELD(st, steps::StepSettings, max_step_interval_s);
  FT_FIELD(st, steps::StepSettings, confirm_steps);
  FT_FIELD(st, steps::StepSettings, interval_tolerance);
  FT_FIELD(st, steps::StepSettings, bout_timeout_s);
  FT_FIELD(st, steps::StepSettings, user_height_m);
  FT_FIELD(st, steps::StepSettings, step_length_k);
  FT_FIELD(st, steps::StepSettings, milestone_steps);
  FT_FIELD(st, steps::StepSettings, step_events);

  py::class_<heart::HeartSettings> heart(m, "HeartSettings", "heart/heart_rate_estimator.hpp");
  heart.def(py::init<>());
  FT_FIELD(heart, heart::HeartSettings, enabled);
  FT_FIELD(heart, heart::HeartSettings, window_s);
  FT_FIELD(heart, heart::HeartSettings, hop_s);
  FT_FIELD(heart, heart::HeartSettings, min_bpm);
  FT_FIELD(heart, heart::HeartSettings, max_bpm);
  FT_FIELD(heart, heart::HeartSettings, max_gap_s);
  FT_FIELD(heart, heart::HeartSettings, ppg_full_scale);
  FT_FIELD(heart, heart::HeartSettings, min_confidence);

  py::class_<falls::FallSettings> falls(
      m, "FallSettings", "falls/fall_detector.hpp; model: 'falls-wrist' or None (the default)");
  falls.def(py::init<>());
  FT_FIELD(falls, falls::FallSettings, enabled);
  FT_FIELD(falls, falls::FallSettings, trigger_g);
  FT_FIELD(falls, falls::FallSettings, confirm_s);
  FT_FIELD(falls, falls::FallSettings, recover_active_s);
  FT_FIELD(falls, falls::FallSettings, active_above_g);
  FT_FIELD(falls, falls::FallSettings, max_gap_s);
  falls.def_property(
      "model",
      [](const falls::FallSettings& f) -> py::object {
        return f.model == nullptr ? py::object(py::none()) : py::object(py::str("falls-wrist"));
      },
      [](falls::FallSettings& f, const py::object& v) { f.model = fall_model_named(v); });

  py::class_<energy::EnergySettings> energy(m, "EnergySettings", "energy/energy_estimator.hpp");
  energy.def(py::init<>());
  FT_FIELD(energy, energy::EnergySettings, enabled);
  FT_FIELD(energy, energy::EnergySettings, period_s);
  FT_FIELD(energy, energy::EnergySettings, use_heart_rate);
  FT_FIELD(energy, energy::EnergySettings, hr_min_reserve);

  py::class_<TrackerSettings> ts(
      m, "TrackerSettings",
      "Every setting of the Tracker (fusetrack/tracker.hpp), with its C++ defaults. Groups are "
      "changed in place: s.ekf.max_gap_s = 2.0. check() returns (status, field); validate() "
      "raises fusetrack.SettingsError (a ValueError) naming the Status and the field.");
  ts.def(py::init<>());
  FT_FIELD(ts, TrackerSettings, placement);
  FT_FIELD(ts, TrackerSettings, user);
  FT_FIELD(ts, TrackerSettings, imu);
  FT_FIELD(ts, TrackerSettings, imu_has_gyr);
  FT_FIELD(ts, TrackerSettings, mag_enabled);
  FT_FIELD(ts, TrackerSettings, mag);
  FT_FIELD(ts, TrackerSettings, ppg_enabled);
  FT_FIELD(ts, TrackerSettings, ppg);
  FT_FIELD(ts, TrackerSettings, ppg_channels);
  FT_FIELD(ts, TrackerSettings, full_scale);
  FT_FIELD(ts, TrackerSettings, silent_after_s);
  FT_FIELD(ts, TrackerSettings, orientation_filter);
  FT_FIELD(ts, TrackerSettings, orientation_uses_mag);
  FT_FIELD(ts, TrackerSettings, complementary);
  FT_FIELD(ts, TrackerSettings, ekf);
  FT_FIELD(ts, TrackerSettings, accelerometer_tilt);
  FT_FIELD(ts, TrackerSettings, wear);
  FT_FIELD(ts, TrackerSettings, activity);
  FT_FIELD(ts, TrackerSettings, steps);
  FT_FIELD(ts, TrackerSettings, heart);
  FT_FIELD(ts, TrackerSettings, falls);
  FT_FIELD(ts, TrackerSettings, energy);
  ts.def(
      "check",
      [](const TrackerSettings& s) {
        const SettingsCheck c = s.check();
        return py::make_tuple(name(c.status), check_field(c));
      },
      "(status name, 'group.field') of the first bad field; ('ok', None) when valid");
  ts.def(
      "validate", [](const TrackerSettings& s) { raise_if_invalid(s); },
      "Raises fusetrack.SettingsError (a ValueError) naming the Status and the first bad field");
  ts.def("copy", [](const TrackerSettings& s) { return TrackerSettings(s); });
  ts.def("__copy__", [](const TrackerSettings& s) { return TrackerSettings(s); });
  ts.def("__deepcopy__", [](const TrackerSettings& s, py::dict) { return TrackerSettings(s); });
}

#undef FT_FIELD

}  // namespace fusetrack::python
