// The wrist-recording simulator: sampled IMU, magnetometer and PPG streams, each on its own clock,
// with the exact truth they were generated from (orientation and gyro bias per IMU sample, step
// times, heart rate, activity segments). Models and formats: docs/simulator.md.
#pragma once

#include <cstdint>
#include <vector>

#include <Eigen/Core>
#include <Eigen/Geometry>

#include "fusetrack/core/samples.hpp"
#include "fusetrack/core/types.hpp"
#include "sim/settings.hpp"

namespace fusetrack::sim {

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

// Everything the streams were made from.
struct SimTruth {
  std::vector<PoseTruth> pose;             // one per IMU sample, same order
  std::vector<Micros> steps_us;            // heel-strike times, ascending
  std::vector<HeartRateTruth> heart_rate;  // at 0 s, 1 s, 2 s, ... < duration
  std::vector<SegmentTruth> segments;
};

// The simulated streams (each ordered by time, strictly increasing) and their truth.
struct SimResult {
  std::vector<ImuSample> imu;
  std::vector<MagSample> mag;  // empty when settings.mag.enabled is false
  std::vector<PpgSample> ppg;  // empty when settings.ppg.enabled is false
  SimTruth truth;
};

// Simulates the scenario of `settings`. Deterministic: the same settings give the same result,
// bit for bit (on one platform and standard library). Throws std::invalid_argument when the
// settings do not validate.
SimResult simulate(const SimSettings& settings);

// The Earth's magnetic field in E (ENU), µT: (B cos I sin D, B cos I cos D, -B sin I) for
// magnitude B, dip I and declination D.
Eigen::Vector3d earth_field_ut(const MagSimSettings& mag);

}  // namespace fusetrack::sim
