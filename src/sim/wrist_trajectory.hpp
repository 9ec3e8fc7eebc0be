// The simulated device (on the wrist, in the hand or in the pocket) as continuous functions of
// time: orientation, angular velocity, linear acceleration, step (heel-strike) times, heart rate
// and respiration. This is the simulator's ground truth; the sampled streams are read from it at
// their time stamps.
//
// Model (docs/simulator.md): a trunk moves along a path (speed = cadence x step length, heading a
// smooth function of the distance walked) with vertical bounce at the step frequency and lateral
// sway at the stride frequency; the left arm is a two-link pendulum (shoulder swing, elbow flexion
// and swing) turned with the torso's yaw oscillation; the device sits on the forearm and rolls
// with pronation (wrist), is held in the hand (hand), or sits on the thigh swinging about the hip
// (pocket). The activities without steps add gestures of the forearm (wave, type, talk) or a car's
// motion (car), drawn from the seed per segment. Orientation and position are closed-form in time;
// angular velocity and the device's acceleration relative to the trunk are their derivatives by
// 5-point central differences in double (h = 0.1 ms: truncation ~1e-12, rounding ~1e-11 rad/s and
// ~1e-8 m/s²), the path's and the car's acceleration are analytic, and each heel strike adds a
// transient whose displacement is a Gaussian bump (its acceleration is the bump's second
// derivative). Falls and fall-like motions (SimSettings::events) are an overlay on all of it
// (src/sim/motion_event_model.cpp): a weight fades the motion above out and back in, the
// orientation turns about a horizontal axis, and analytic velocity pulses make the dips and
// impacts.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include <Eigen/Core>
#include <Eigen/Geometry>

#include "sim/settings.hpp"
#include "sim/smooth_profile.hpp"

namespace fusetrack::sim {

class Rng;

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

  // Instantaneous heart rate, beats/min (segment targets blended, or SimSettings::
  // heart_rate_curve when it is set; plus respiratory modulation).
  double heart_rate_bpm(double t_s) const;
  // What segment i's heart rate settles to, beats/min: its target, or with a heart-rate curve the
  // curve's mean over the segment (the truth's SegmentTruth::heart_rate_bpm).
  double segment_heart_rate_bpm(std::size_t i) const;
  // Cardiac phase in cycles (∫ heart rate / 60): beat k starts where it equals k.
  double beat_phase_cycles(double t_s) const;
  // Respiration signal in [-1, 1] (inspiration > 0), at SimSettings::respiration_hz.
  double respiration(double t_s) const;

  // How much the wearer walks or runs: 0 at rest, 1 while moving, smooth in between.
  double motion_weight(double t_s) const { return moving_.value(t_s); }
  // Trunk speed along the path, m/s.
  double speed_m_s(double t_s) const { return speed_.value(t_s); }
  // Walking direction (the car's while in a car; a car's turns stay), rad counter-clockwise
  // from East.
  double heading_rad(double t_s) const;
  // Speed of the car, m/s (0 outside car segments: each ride starts and ends at standstill).
  double car_speed_m_s(double t_s) const;
  // Step phase, rad: heel strikes at multiples of 2π.
  double step_phase_rad(double t_s) const;

  // The segment that holds t (the last one for t >= duration), and its activity.
  std::size_t segment_index(double t_s) const noexcept;
  Activity activity(double t_s) const noexcept;
  // Start and end of segment i, s.
  double segment_start_s(std::size_t i) const noexcept { return i == 0 ? 0.0 : ends_s_[i - 1]; }
  double segment_end_s(std::size_t i) const noexcept { return ends_s_[i]; }
  const std::vector<Segment>& segments() const noexcept { return segments_; }

  // A change of velocity dv_m_s (E) spread over a pulse of unit area, 1/s: a Gaussian (centre
  // a_s, standard deviation width_s) or a box from a_s to b_s whose edges rise and fall along
  // smootherstep over width_s centred on them. The acceleration of an event is a sum of them, so
  // it is analytic and the velocity it adds is known exactly (zero over a whole event).
  struct VelocityPulse {
    bool box = false;
    double a_s = 0.0, b_s = 0.0, width_s = 0.0;
    Eigen::Vector3d dv_m_s = Eigen::Vector3d::Zero();
    double at(double t_s) const;
    double from_s() const;  // outside [from_s, to_s] it is (below 1e-14 of its peak) zero
    double to_s() const;
  };
  // A fall or fall-like motion of SimSettings::events as drawn from the seed, in time order.
  struct MotionEventSpan {
    MotionKind kind = MotionKind::kFallForward;
    double start_s = 0.0;   // the motion begins (SimSettings' t_s)
    double end_s = 0.0;     // the underlying motion has taken over again
    double impact_s = 0.0;  // the planned (strongest) impact; the true peak is near it
    // Where the strongest |specific force| of the event lies: the simulator searches here.
    double search_from_s = 0.0, search_to_s = 0.0;
  };
  const std::vector<MotionEventSpan>& motion_events() const noexcept { return event_spans_; }
  // How much an event replaces the underlying motion at t: 0 outside events, 1 while the event's
  // own motion holds (lying after a fall), smooth in between.
  double event_weight(double t_s) const;

 private:
  struct Pose;  // angles of the arm model at one instant
  // One sine: amplitude · sin(2π hz t + phase).
  struct Sinusoid {
    double amplitude = 0.0;
    double hz = 0.0;
    double phase_rad = 0.0;
    double at(double t_s) const;
  };
  // What an activity without steps adds during one segment, drawn from the seed (empty for the
  // other activities). Its weight is 1 inside the segment and blends like the posture.
  struct Gesture {
    Activity activity = Activity::kRest;
    SmoothProfile weight;
    // wave: frequency, phase, swing centre (rad), slow amplitude modulation (relative)
    double wave_hz = 0.0, wave_phase_rad = 0.0, wave_centre_rad = 0.0;
    Sinusoid wave_modulation;
    // type: bursts [start, end) s, keystrokes (time s, peak m/s²), jitter displacement (m, body
    // axes) and forearm roll jitter (rad)
    std::vector<double> burst_start_s, burst_end_s, key_s, key_m_s2;
    std::vector<Sinusoid> jitter_m[3];
    std::vector<Sinusoid> roll_jitter_rad;
    // talk: elbow, lateral, roll and shoulder sinusoids (rad); strokes (time s, σ s, height)
    std::vector<Sinusoid> talk_rad[4];
    std::vector<double> stroke_s, stroke_sigma_s, stroke_height;
    // car: speed (m/s) and heading change (rad) over the ride; bumps (time s, peak m/s²); the
    // engine vibration's phase per car axis (forward, left, up)
    SmoothProfile speed_m_s, heading_rad;
    std::vector<double> bump_s, bump_m_s2;
    double engine_phase_rad[3] = {0.0, 0.0, 0.0};
  };
  // The car's motion at one instant.
  struct CarState {
    double speed_m_s = 0.0, accel_m_s2 = 0.0, yaw_rate_rad_s = 0.0;
  };

  // One event: the weight that fades the underlying motion out and back in, the rotation about a
  // horizontal E axis applied to the orientation the device had at the start, the breathing
  // sway while lying or seated, and the pulses.
  struct EventModel {
    MotionEventSpan span;
    double active_from_s = 0.0, active_to_s = 0.0;  // where it changes anything
    SmoothProfile weight, angle_rad;
    Eigen::Vector3d axis_e = Eigen::Vector3d::UnitY();
    Eigen::Quaterniond q_start = Eigen::Quaterniond::Identity();
    double sway_rad = 0.0, sway_from_s = 0.0, sway_to_s = 0.0, sway_phase_rad = 0.0;
    std::vector<VelocityPulse> pulses;
  };
  void build_events(const SimSettings& s);
  EventModel build_event(const MotionEvent& e, std::uint64_t seed, std::size_t index) const;
  const EventModel* event_at(double t_s) const;
  Eigen::Quaterniond base_orientation(double t_s) const;  // without the events

  Pose pose(double t_s) const;
  Eigen::Quaterniond orientation_of(const Pose& p) const;
  Eigen::Vector3d arm_offset_e(double t_s) const;  // device position minus trunk path point
  Eigen::Vector3d path_acceleration_e(double t_s) const;
  double impact_acceleration(double t_s) const;  // vertical, m/s²
  void find_steps();

  // Placements other than the wrist, and the activities without steps.
  void build_gestures(const SimSettings& s);
  void build_car(const SimSettings& s, std::size_t i, Rng& rng, Gesture& g);
  void add_gestures(double t_s, Pose& p) const;
  Eigen::Vector3d gesture_offset_b(double t_s) const;           // small displacements, body axes, m
  static double typing_envelope(const Gesture& g, double t_s);  // 0-1: inside a burst
  CarState car_state(double t_s) const;
  double car_heading_rad(double t_s) const;
  Eigen::Quaterniond body_rotation(const Pose& p) const;  // heading, car tilt, torso yaw
  Eigen::Vector3d extended_offset_e(double t_s) const;
  // The heart rate without respiratory modulation, beats/min, and its integral from 0, beats/min
  // x s: the blended segment targets, or the curve.
  double base_heart_rate_bpm(double t_s) const;
  double base_heart_rate_integral(double t_s) const;

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
  // The heart-rate curve (empty: heart_rate_ holds the rate): point times, s, rates, beats/min,
  // and the rate's integral from 0 to each point, beats/min x s.
  std::vector<double> curve_t_s_, curve_bpm_, curve_integral_;
  SmoothProfile shoulder_swing_, elbow_flexion_, elbow_swing_, pronation_, pronation_swing_,
      torso_yaw_, bounce_, sway_, impact_, rest_sway_;

  // Random phases drawn from the seed, rad.
  double heading0_ = 0.0, heading_phase1_ = 0.0, heading_phase2_ = 0.0;
  double step_phase0_ = 0.0, step_mod_phase1_ = 0.0, step_mod_phase2_ = 0.0;
  double sway_phase1_ = 0.0, sway_phase2_ = 0.0;
  double respiration_phase_ = 0.0, beat_phase0_ = 0.0;

  std::vector<double> steps_s_;
  std::vector<double> step_impact_m_s2_;  // peak of each step's transient

  // Placement and the activities without steps. `extended_` is false for the wrist with only
  // rest, walk and run: then the model is evaluated exactly as before they existed (so those
  // recordings stay bit for bit the same).
  Placement placement_ = Placement::kWrist;
  bool extended_ = false;
  bool has_car_ = false;
  SmoothProfile shoulder_raise_, hip_flexion_, thigh_swing_;
  double hip_offset_m_ = 0.0, hip_drop_m_ = 0.0, along_thigh_m_ = 0.0, in_front_m_ = 0.0;
  double car_pitch_rad_per_m_s2_ = 0.0, car_roll_rad_per_m_s2_ = 0.0;
  double engine_idle_hz_ = 0.0, engine_hz_per_m_s_ = 0.0;
  Eigen::Vector3d engine_m_s2_ = Eigen::Vector3d::Zero();
  double key_width_s_ = 0.0, bump_width_s_ = 0.0, stroke_reach_s_ = 0.0;
  double wave_elbow_rad_ = 0.0, wave_swing_rad_ = 0.0, wave_roll_rad_ = 0.0;
  double talk_base_ = 0.0;
  Eigen::Quaterniond q_grip_ = Eigen::Quaterniond::Identity();  // hand: phone in the forearm frame
  std::vector<Gesture> gestures_;                               // one per segment
  std::vector<double> car_heading_before_;  // per segment: turns of the car segments before it

  // Falls and fall-like motions (empty: the model is evaluated exactly as before they existed).
  std::vector<EventModel> events_;
  std::vector<MotionEventSpan> event_spans_;
};

}  // namespace fusetrack::sim
