// The orientation timeline of a replay: one picture for `fusetrack run --svg` and for every trial
// of `fusetrack eval orientation --svg`, built from the same panels with one colour per quantity
// in every picture. Panels, top to bottom, each drawn when its data is given:
//  1. roll, pitch and yaw: estimated (solid) and the reference's (dashed);
//  2. total, heading and inclination error per scored sample, grey where not scored;
//  3. lanes: activity segments, scored samples, reference missing, then the Tracker's flags
//     at_rest, mag_disturbed and acc_rejected (paler where set on part of a column's samples);
//  4. gyroscope bias: estimated (solid) and the reference's (dashed);
//  5. magnetometer field norm, with a reference level (dashed).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <Eigen/Core>
#include <Eigen/Geometry>

#include "fusetrack/core/types.hpp"
#include "fusetrack/orientation/orientation_flags.hpp"
#include "report/svg_common.hpp"
#include "report/timeline_svg.hpp"

namespace fusetrack::report {

// One colour per quantity, shared by every orientation picture (these timelines and the
// evaluation's bar chart), so a quantity looks the same wherever it is drawn.
namespace orientation_color {
// Sensor axes x, y, z and the angles about them (roll, pitch, yaw): estimate and reference.
inline constexpr const char* kAxis[3] = {"#d62728", "#2ca02c", "#1f77b4"};
inline constexpr const char* kTotalError = "#7f7f7f";
inline constexpr const char* kHeadingError = "#ff7f0e";
inline constexpr const char* kInclinationError = "#9467bd";
inline constexpr const char* kNotScored = "#d9d9d9";  // shade behind the error where not scored
inline constexpr const char* kScored = "#bcbd22";
inline constexpr const char* kReferenceMissing = "#393b79";
inline constexpr const char* kAtRest = "#17becf";
inline constexpr const char* kMagDisturbed = "#8c564b";
inline constexpr const char* kAccRejected = "#e377c2";
inline constexpr const char* kMagNorm = "#c49c94";
inline constexpr const char* kLevel = "#000000";  // a reference level (dashed)
// An activity segment's band: rest, walk, run; any other label grey.
const char* activity(const std::string& label) noexcept;
// A wear / motion state's band: still, moving, off_wrist_suspected; any other label grey.
const char* wear(const std::string& label) noexcept;
}  // namespace orientation_color

// Roll, pitch and yaw of q_ES in degrees, ZYX convention: yaw about up, counter-clockwise from
// east; roll and yaw in [-180, 180], pitch in [-90, 90].
Vec3 roll_pitch_yaw_deg(const Quat& q_es);

// A labelled stretch of time [start_us, end_us), e.g. an activity segment of the truth.
struct TimelineSpan {
  Micros start_us = 0;
  Micros end_us = 0;
  std::string label;
};

// What the error panel's title says about the score of the errors it draws.
struct OrientationScoreText {
  bool valid = false;
  std::string invalid_reason;  // when not valid
  double total_rmse_deg = kAutoRange;
  double heading_rmse_deg = kAutoRange;
  double inclination_rmse_deg = kAutoRange;
  std::size_t n_scored = 0;
};

// The series of one timeline, on the time stamps' clock (µs). Every series but t_us may be empty:
// the panel or lane it feeds is then left out. Vectors that share a time vector have its length.
struct OrientationTimelineData {
  std::string title;
  std::string reference_name = "reference";  // what the estimate is compared with, e.g. "truth"

  // The Tracker's orientation output after each IMU sample.
  std::vector<Micros> t_us;
  std::vector<Quat> q_es;  // as drawn: with a 6D heading offset already removed
  std::vector<Vec3> gyr_bias_rad_s;
  std::vector<OrientationFlags> flags;
  bool uses_mag = true;  // false (6D): the mag_disturbed lane says so (the filter ignores mag)
  // false (accelerometer only): yaw, heading and total error mean nothing and are not drawn.
  bool heading_available = true;
  // The 6D heading offset removed from the estimate and the errors, degrees; NaN: none (9D).
  double heading_offset_deg = kAutoRange;

  // The reference, at its own time stamps.
  std::vector<Micros> ref_t_us;
  std::vector<Eigen::Quaterniond> ref_q_es;
  std::vector<Eigen::Vector3d> ref_gyr_bias_rad_s;

  // The error against the reference, degrees, at error_t_us; NaN where not scored.
  std::vector<Micros> error_t_us;
  std::vector<double> total_error_deg;
  std::vector<double> heading_error_deg;
  std::vector<double> inclination_error_deg;
  OrientationScoreText score;
  std::string scored_lane;  // non-empty: a lane of this name showing where the error is scored
  std::vector<std::uint8_t> reference_missing;  // at error_t_us; a lane when any is set

  std::vector<TimelineSpan> activities;  // an "activity" lane, one labelled band per span
  std::vector<TimelineSpan> wear;        // a "wear" lane after the flags: the wear / motion state

  // The magnetometer's field norm |mag|, µT, at mag_t_us, and a level to compare it with.
  std::vector<Micros> mag_t_us;
  std::vector<double> mag_norm_ut;
  double mag_level_ut = kAutoRange;  // NaN: no level
  std::string mag_level_label;       // its legend entry, short: e.g. "initial rest"
  std::string mag_level_note;        // what it is, for the title: "median over the initial rest"
};

// The timeline of `data`. Seconds count from the whole second at or before the first estimate
// (from 0 when that is negative); the time axis spans the estimates. Throws std::invalid_argument
// when t_us is empty or a series and its time vector differ in length.
Timeline orientation_timeline(const OrientationTimelineData& data);

// The layout of these timelines: with it a BROAD trial (~55 000 samples) stays well below 300 KB.
TimelineSvgOptions orientation_timeline_options();

// Writes orientation_timeline(data) to `path` with orientation_timeline_options(); throws
// std::runtime_error naming the path when that fails.
void write_orientation_timeline(const std::string& path, const OrientationTimelineData& data);

}  // namespace fusetrack::report
