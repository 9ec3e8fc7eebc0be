// The simulated wrist as continuous functions of time: orientation, angular velocity, linear
// acceleration, step (heel-strike) times, heart rate and respiration. This is the simulator's
// ground truth; the sampled streams are read from it at their time stamps.
//
// Model (docs/simulator.md): a trunk moves along a path (speed = cadence x step length, heading a
// smooth function of the distance walked) with vertical bounce at the step frequency and lateral
// sway at the stride frequency; the left arm is a two-link pendulum (shoulder swing, elbow flexion
// and swing) turned with the torso's yaw oscillation; the device sits on the forearm and rolls
// with pronation. Orientation and position are closed-form in time; angular velocity and the
// arm's acceleration are their derivatives by 5-point central differences in double (h = 0.1 ms:
// truncation ~1e-12, rounding ~1e-11 rad/s and ~1e-8 m/s²), the path's acceleration is analytic,
// and each heel strike adds a transient whose displacement is a Gaussian bump (its acceleration is
// the bump's second derivative).
#pragma once

#include <cstddef>
#include <vector>

#include <Eigen/Core>
#include <Eigen/Geometry>

#include "sim/settings.hpp"
#include "sim/smooth_profile.hpp"

namespace fusetrack::sim {

// Standard gravity, m/s² (the same value as the device core's kGravity_m_s2, in double).
inline constexpr double kGravity = 9.80665;

// The motion of the device at one instant.
struct WristState {
  Eigen::Quaterniond q_es = Eigen::Quaterniond::Identity();  // orientation: v_E = q_es * v_S
  Eigen::Vector3d omega_s_rad_s = Eigen::Vector3d::Zero();   // angular velocity of S wrt E, in S
  Eigen::Vector3d lin_acc_e_m_s2 = Eigen::Vector3d::Zero();  // linear acceleration, E (ENU)

  // What an ideal accelerometer reads: R_ESᵀ (a_E + g e_up), m/s², sensor frame.
  Eigen::Vector3d specific_force_s_m_s2() const;
};

class WristTrajectory {
 public:
  // Builds the trajectory and finds the step times. Throws std::invalid_argument when the
  // settings do not validate.
  explicit WristTrajectory(const SimSettings& settings);

  // Scenario length, s. Time runs from 0 (start of the first segment).
  double duration_s() const noexcept { return duration_s_; }

  // Orientation q_ES at t, s.
  Eigen::Quaterniond orientation(double t_s) const;
  // Orientation, angular velocity and linear acceleration at t, s.
  WristState state(double t_s) const;

  // Heel-strike times, s, ascending: where the step phase crosses a multiple of 2π while the
  // motion weight is at least 1/2 (so never inside a rest segment).
  const std::vector<double>& step_times_s() const noexcept { return steps_s_; }

  // Instantaneous heart rate, beats/min (segment targets blended, plus respiratory modulation).
  double heart_rate_bpm(double t_s) const;
  // Cardiac phase in cycles (∫ heart rate / 60): beat k starts where it equals k.
  double beat_phase_cycles(double t_s) const;
  // Respiration signal in [-1, 1] (inspiration > 0), at SimSettings::respiration_hz.
  double respiration(double t_s) const;

  // How much the wearer walks or runs: 0 at rest, 1 while moving, smooth in between.
  double motion_weight(double t_s) const { return moving_.value(t_s); }
  // Trunk speed along the path, m/s.
  double speed_m_s(double t_s) const { return speed_.value(t_s); }
  // Walking direction, rad counter-clockwise from East.
  double heading_rad(double t_s) const;
  // Step phase, rad: heel strikes at multiples of 2π.
  double step_phase_rad(double t_s) const;

  // The segment that holds t (the last one for t >= duration), and its activity.
  std::size_t segment_index(double t_s) const noexcept;
  Activity activity(double t_s) const noexcept;
  // Start and end of segment i, s.
  double segment_start_s(std::size_t i) const noexcept { return i == 0 ? 0.0 : ends_s_[i - 1]; }
  double segment_end_s(std::size_t i) const noexcept { return ends_s_[i]; }
  const std::vector<Segment>& segments() const noexcept { return segments_; }

 private:
  struct Pose;  // angles of the arm model at one instant
  Pose pose(double t_s) const;
  Eigen::Quaterniond orientation_of(const Pose& p) const;
  Eigen::Vector3d arm_offset_e(double t_s) const;  // device position minus trunk path point
  Eigen::Vector3d path_acceleration_e(double t_s) const;
  double impact_acceleration(double t_s) const;  // vertical, m/s²
  void find_steps();

  std::vector<Segment> segments_;
  std::vector<double> ends_s_;
  double duration_s_ = 0.0;

  // Body model (from SimSettings, angles in rad).
  double shoulder_offset_m_ = 0.0;
  double upper_arm_m_ = 0.0;
  double forearm_m_ = 0.0;
  double arm_inward_rad_ = 0.0;
  double heading_turn_rad_ = 0.0;
  double step_variability_rad_ = 0.0;
  double impact_width_s_ = 0.0;
  double hrv_bpm_ = 0.0;
  double respiration_hz_ = 0.0;
  Eigen::Quaterniond q_mount_ = Eigen::Quaterniond::Identity();

  // Blended quantities.
  SmoothProfile moving_, step_hz_, speed_, heart_rate_;
  SmoothProfile shoulder_swing_, elbow_flexion_, elbow_swing_, pronation_, pronation_swing_,
      torso_yaw_, bounce_, sway_, impact_, rest_sway_;

  // Random phases drawn from the seed, rad.
  double heading0_ = 0.0, heading_phase1_ = 0.0, heading_phase2_ = 0.0;
  double step_phase0_ = 0.0, step_mod_phase1_ = 0.0, step_mod_phase2_ = 0.0;
  double sway_phase1_ = 0.0, sway_phase2_ = 0.0;
  double respiration_phase_ = 0.0, beat_phase0_ = 0.0;

  std::vector<double> steps_s_;
  std::vector<double> step_impact_m_s2_;  // peak of each step's transient
};

}  // namespace fusetrack::sim
