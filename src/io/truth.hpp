// The truth a recording is scored against: orientation and gyroscope bias at IMU time stamps,
// step times, heart rate and activity segments. The simulator makes it (src/sim/), the truth file
// stores it (io/truth_csv.hpp, docs/simulator.md "Truth file"), the evaluations score against it
// (src/eval/).
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include <Eigen/Core>
#include <Eigen/Geometry>

#include "fusetrack/core/types.hpp"

namespace fusetrack::io {

// What the wearer does during a segment.
enum class Activity : std::uint8_t { kRest = 0, kWalk = 1, kRun = 2 };

// "rest", "walk" or "run".
const char* activity_name(Activity a) noexcept;
// The activity named `name` ("rest", "walk", "run"). Throws std::invalid_argument otherwise.
Activity parse_activity(std::string_view name);

// Truth at one IMU sample (same time stamp).
struct PoseTruth {
  Micros t_us = 0;
  Eigen::Quaterniond q_es = Eigen::Quaterniond::Identity();   // orientation, v_E = q_es * v_S
  Eigen::Vector3d gyro_bias_rad_s = Eigen::Vector3d::Zero();  // bias inside that gyro sample
  Eigen::Vector3d omega_s_rad_s = Eigen::Vector3d::Zero();    // true angular velocity, S (no bias)
  Eigen::Vector3d lin_acc_e_m_s2 = Eigen::Vector3d::Zero();   // true linear acceleration, E (ENU)
  Activity activity = Activity::kRest;                        // the segment's activity
};

// Heart rate at one instant (the simulator reports it once per second, at whole seconds).
struct HeartRateTruth {
  Micros t_us = 0;
  double heart_rate_bpm = 0.0;  // instantaneous, beats/min
};

// One scenario segment, on the time-stamp clock.
struct SegmentTruth {
  Micros start_us = 0;
  Micros end_us = 0;  // exclusive
  Activity activity = Activity::kRest;
  double cadence_spm = 0.0;     // steps/min (0 at rest)
  double heart_rate_bpm = 0.0;  // the target the heart rate settles to
};

// Everything a recording's streams were made from.
struct Truth {
  std::vector<PoseTruth> pose;             // one per IMU sample (or every Nth), same order
  std::vector<Micros> steps_us;            // heel-strike times, ascending
  std::vector<HeartRateTruth> heart_rate;  // at 0 s, 1 s, 2 s, ... < duration
  std::vector<SegmentTruth> segments;
};

}  // namespace fusetrack::io
