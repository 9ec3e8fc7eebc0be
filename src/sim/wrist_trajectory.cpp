#include "sim/wrist_trajectory.hpp"

#include <algorithm>
#include <cmath>

#include "sim/random.hpp"

namespace fusetrack::sim {

namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kTwoPi = 2.0 * kPi;
constexpr double kRadPerDeg = kPi / 180.0;

// Central-difference step, s. With 5-point stencils the truncation error is O(h⁴) (about 1e-12
// here) and the rounding error about eps / h for the first and eps / h² for the second
// derivative (1e-12 and 1e-8 in the units of the result).
constexpr double kDiffStep_s = 1e-4;

// Heading as a function of the distance walked: two sines of these wavelengths, m.
constexpr double kHeadingWavelength1_m = 150.0;
constexpr double kHeadingWavelength2_m = 400.0;
constexpr double kHeadingAmplitude2 = 1.5;  // second sine's amplitude / first's

// Step-phase modulation frequencies, Hz, and postural-sway frequencies, Hz.
constexpr double kStepModHz1 = 0.09;
constexpr double kStepModHz2 = 0.23;
constexpr double kRestSwayHz1 = 0.23;
constexpr double kRestSwayHz2 = 0.37;

// Phase lags of the arm's oscillations against the shoulder swing, rad (the elbow and the roll
// follow the upper arm a little late) and of the trunk's lowest point after heel strike.
constexpr double kElbowLag_rad = 0.3;
constexpr double kPronationLag_rad = 0.5;
constexpr double kBounceLag_rad = 0.4;
// The thigh is furthest forward this much stride phase before its own heel strike (late swing).
constexpr double kThighLead_rad = 0.3;

// Smootherstep's largest slope: a change of D over a transition of width w has peak rate 1.875 D/w.
constexpr double kSmoothPeakSlope = 1.875;
// Shortest transition of a car's speed or heading, s (keeps every change many difference steps
// wide).
constexpr double kMinCarChange_s = 1.0;
// Rise of the typing-burst envelope, s; wave amplitude-modulation frequencies, Hz; phase lags of
// the wave's elbow and roll against the swing, rad.
constexpr double kBurstRamp_s = 0.2;
constexpr double kWaveModMinHz = 0.1;
constexpr double kWaveModMaxHz = 0.3;
constexpr double kWaveElbowLag_rad = 0.4;
constexpr double kWaveRollLag_rad = 0.8;
// Sinusoids per jitter axis (type) and per gesture angle (talk).
constexpr int kJitterSines = 3;
constexpr int kTalkSines = 4;
// The rear wheels hit a bump with this share of the front wheels' peak.
constexpr double kRearBumpShare = 0.8;
// Below this speed a car hits no bumps, m/s.
constexpr double kBumpMinSpeed_m_s = 2.0;

Eigen::Quaterniond axis_angle(double angle_rad, const Eigen::Vector3d& axis) {
  return Eigen::Quaterniond(Eigen::AngleAxisd(angle_rad, axis));
}

// The forearm frame A at zero pitch (arm hanging) in the body frame B (x forward, y left, z up):
// x_A (along the forearm, towards the hand) points down, z_A (out of the watch face) points left
// (lateral, for the left wrist), y_A = z_A x x_A points backward.
Eigen::Quaterniond hanging_arm() {
  Eigen::Matrix3d m;
  m.col(0) = Eigen::Vector3d(0.0, 0.0, -1.0);
  m.col(1) = Eigen::Vector3d(-1.0, 0.0, 0.0);
  m.col(2) = Eigen::Vector3d(0.0, 1.0, 0.0);
  return Eigen::Quaterniond(m);
}

// A phone's axes (x right, y towards the top, z out of the screen) in the body frame: held to
// read, the top forward and up, the screen facing up and back at `tilt` from horizontal.
Eigen::Quaterniond reading_phone(double tilt_rad) {
  Eigen::Matrix3d m;
  m.col(0) = Eigen::Vector3d(0.0, -1.0, 0.0);
  m.col(1) = Eigen::Vector3d(std::cos(tilt_rad), 0.0, std::sin(tilt_rad));
  m.col(2) = Eigen::Vector3d(-std::sin(tilt_rad), 0.0, std::cos(tilt_rad));
  return Eigen::Quaterniond(m);
}

// The phone in the left front trouser pocket at zero hip flexion (standing), in the body frame:
// top down along the thigh, screen facing forward, x to the right.
Eigen::Quaterniond pocket_phone() {
  Eigen::Matrix3d m;
  m.col(0) = Eigen::Vector3d(0.0, -1.0, 0.0);
  m.col(1) = Eigen::Vector3d(0.0, 0.0, -1.0);
  m.col(2) = Eigen::Vector3d(1.0, 0.0, 0.0);
  return Eigen::Quaterniond(m);
}

// The kinematics of the arm model for `a` at `placement`: the wrist's GaitSettings; in the hand
// the hand's arm with the body's trunk motion; in the pocket only the trunk motion and the
// thigh's impacts (the arm does not move the phone).
GaitSettings placement_gait(const SimSettings& s, Activity a) {
  const GaitSettings& body = s.gait(a);
  if (s.placement == Placement::kWrist) return body;
  GaitSettings g;
  g.torso_yaw_deg = body.torso_yaw_deg;
  g.bounce_m = body.bounce_m;
  g.sway_m = body.sway_m;
  if (s.placement == Placement::kHand) {
    const HandGaitSettings& h = s.hand.gait(a);
    g.shoulder_swing_deg = h.shoulder_swing_deg;
    g.elbow_flexion_deg = h.elbow_flexion_deg;
    g.elbow_swing_deg = h.elbow_swing_deg;
    g.pronation_swing_deg = h.roll_swing_deg;
    g.impact_m_s2 = h.impact_m_s2;
    g.rest_sway_deg = body.rest_sway_deg;
  } else {
    g.impact_m_s2 = s.pocket.gait(a).impact_m_s2;
  }
  return g;
}

// 1 inside [start, end), rising and falling along smootherstep over `ramp` at both ends.
double smooth_box(double t, double start, double end, double ramp) {
  return smootherstep((t - start) / ramp) * smootherstep((end - t) / ramp);
}

// Sum over events at times `at` (ascending) of height_k · shape((t - t_k) / σ_k), for events
// within `reach` of t.
template <typename Shape>
double sum_events(double t, const std::vector<double>& at, double reach, Shape shape) {
  double v = 0.0;
  auto it = std::lower_bound(at.begin(), at.end(), t - reach);
  for (; it != at.end() && *it <= t + reach; ++it) {
    v += shape(static_cast<std::size_t>(it - at.begin()), t - *it);
  }
  return v;
}

// Breathing rate of the sway while lying or seated after an event, Hz.
constexpr double kBreathHz = 0.25;

// Exponential waiting time of a Poisson process of `rate_per_s`.
double waiting_time(Rng& rng, double rate_per_s) {
  return -std::log(1.0 - rng.uniform()) / rate_per_s;
}

}  // namespace

double WristTrajectory::Sinusoid::at(double t_s) const {
  return amplitude * std::sin(kTwoPi * hz * t_s + phase_rad);
}

Eigen::Vector3d WristState::specific_force_s_m_s2() const {
  return q_es.conjugate() * (lin_acc_e_m_s2 + Eigen::Vector3d(0.0, 0.0, kGravity));
}

// Angles of the body model at one instant, rad.
struct WristTrajectory::Pose {
  double path_heading = 0.0;  // walking direction
  double torso_yaw = 0.0;     // oscillation of the trunk about vertical
  double shoulder = 0.0;      // upper-arm angle from vertical, forward > 0
  double forearm = 0.0;       // forearm angle from vertical, forward > 0
  double pronation = 0.0;     // forearm roll
  double step_phase = 0.0;
  // Placements other than the wrist, and the activities without steps.
  double lateral = 0.0;    // sideways forearm swing about the elbow (waving)
  double thigh = 0.0;      // pocket: thigh angle from vertical, forward > 0
  double car_pitch = 0.0;  // car body about its left axis, nose down > 0
  double car_roll = 0.0;   // car body about its forward axis, left side up > 0
};

WristTrajectory::WristTrajectory(const SimSettings& s) {
  s.validate();
  segments_ = s.segments;
  double end = 0.0;
  for (const Segment& seg : segments_) {
    end += seg.duration_s;
    ends_s_.push_back(end);
  }
  duration_s_ = end;

  shoulder_offset_m_ = s.shoulder_offset_m;
  upper_arm_m_ = s.upper_arm_m;
  forearm_m_ = s.forearm_m;
  arm_inward_rad_ = s.arm_inward_deg * kRadPerDeg;
  placement_ = s.placement;
  extended_ = placement_ != Placement::kWrist;
  for (const Segment& seg : segments_) {
    if (seg.activity != Activity::kRest && !activity_has_steps(seg.activity)) extended_ = true;
    if (seg.activity == Activity::kCar) has_car_ = true;
  }
  if (placement_ == Placement::kHand) {
    forearm_m_ = s.hand.elbow_to_device_m;
    arm_inward_rad_ = s.hand.arm_inward_deg * kRadPerDeg;
    // The grip: the phone is at the reading attitude when the forearm is at walk's mean pose.
    const Eigen::Quaterniond forearm_ref =
        axis_angle(-arm_inward_rad_, Eigen::Vector3d::UnitZ()) *
        axis_angle(-s.hand.walk.elbow_flexion_deg * kRadPerDeg, Eigen::Vector3d::UnitY()) *
        hanging_arm();
    q_grip_ = forearm_ref.conjugate() * reading_phone(s.hand.screen_tilt_deg * kRadPerDeg);
  }
  heading_turn_rad_ = s.heading_turn_deg * kRadPerDeg;
  step_variability_rad_ = s.step_phase_variability_rad;
  impact_width_s_ = s.impact_width_s;
  hrv_bpm_ = s.heart_rate_variability_bpm;
  respiration_hz_ = s.respiration_hz;
  const Eigen::Vector3d mount = s.mount_misalignment_deg * kRadPerDeg;
  q_mount_ = mount.norm() > 0.0 ? axis_angle(mount.norm(), mount.normalized())
                                : Eigen::Quaterniond::Identity();

  // Per-segment values of every blended quantity.
  const std::size_t n = segments_.size();
  std::vector<double> moving(n), step_hz(n), speed(n), hr(n);
  for (std::size_t i = 0; i < n; ++i) {
    const Segment& seg = segments_[i];
    const bool moves = activity_has_steps(seg.activity);
    moving[i] = moves ? 1.0 : 0.0;
    speed[i] = moves ? seg.cadence_spm / 60.0 * seg.step_length_m : 0.0;
    hr[i] = seg.heart_rate_bpm;
    step_hz[i] = moves ? seg.cadence_spm / 60.0 : 0.0;
  }
  // At rest the step phase keeps running at the nearest moving segment's cadence (the arm's
  // amplitudes are zero there), so a walk that stops or starts does not change frequency.
  for (std::size_t i = 0; i < n; ++i) {
    if (moving[i] != 0.0) continue;
    double f = 0.0;
    for (std::size_t d = 1; d < n && f == 0.0; ++d) {
      if (i + d < n && moving[i + d] != 0.0) f = step_hz[i + d];
      if (f == 0.0 && i >= d && moving[i - d] != 0.0) f = step_hz[i - d];
    }
    step_hz[i] = f > 0.0 ? f : 110.0 / 60.0;
  }
  const double w = s.transition_s;
  moving_ = SmoothProfile(moving, ends_s_, w, 0.0);
  step_hz_ = SmoothProfile(step_hz, ends_s_, w, 0.0);
  speed_ = SmoothProfile(speed, ends_s_, w, 0.0);
  heart_rate_ =
      SmoothProfile(hr, ends_s_, s.heart_rate_transition_s, 0.5 * s.heart_rate_transition_s);
  for (const HeartRatePoint& p : s.heart_rate_curve) {
    // Constant before the first point; the trapezoid between points is exact for a linear rate.
    curve_integral_.push_back(curve_t_s_.empty()
                                  ? p.bpm * p.t_s
                                  : curve_integral_.back() + 0.5 * (p.t_s - curve_t_s_.back()) *
                                                                 (p.bpm + curve_bpm_.back()));
    curve_t_s_.push_back(p.t_s);
    curve_bpm_.push_back(p.bpm);
  }

  std::vector<GaitSettings> gait(n);
  for (std::size_t i = 0; i < n; ++i) gait[i] = placement_gait(s, segments_[i].activity);
  auto gait_profile = [&](double GaitSettings::*field, double scale) {
    std::vector<double> v(n);
    for (std::size_t i = 0; i < n; ++i) v[i] = gait[i].*field * scale;
    return SmoothProfile(v, ends_s_, w, 0.0);
  };
  shoulder_swing_ = gait_profile(&GaitSettings::shoulder_swing_deg, kRadPerDeg);
  elbow_flexion_ = gait_profile(&GaitSettings::elbow_flexion_deg, kRadPerDeg);
  elbow_swing_ = gait_profile(&GaitSettings::elbow_swing_deg, kRadPerDeg);
  pronation_ = gait_profile(&GaitSettings::pronation_deg, kRadPerDeg);
  pronation_swing_ = gait_profile(&GaitSettings::pronation_swing_deg, kRadPerDeg);
  torso_yaw_ = gait_profile(&GaitSettings::torso_yaw_deg, kRadPerDeg);
  bounce_ = gait_profile(&GaitSettings::bounce_m, 1.0);
  sway_ = gait_profile(&GaitSettings::sway_m, 1.0);
  impact_ = gait_profile(&GaitSettings::impact_m_s2, 1.0);
  rest_sway_ = gait_profile(&GaitSettings::rest_sway_deg, kRadPerDeg);
  if (extended_) {
    shoulder_raise_ = gait_profile(&GaitSettings::shoulder_raise_deg, kRadPerDeg);
    std::vector<double> hip(n), swing(n);
    for (std::size_t i = 0; i < n; ++i) {
      const ThighGaitSettings& g = s.pocket.gait(segments_[i].activity);
      hip[i] = g.hip_flexion_deg * kRadPerDeg;
      swing[i] = g.thigh_swing_deg * kRadPerDeg;
    }
    hip_flexion_ = SmoothProfile(hip, ends_s_, w, 0.0);
    thigh_swing_ = SmoothProfile(swing, ends_s_, w, 0.0);
    hip_offset_m_ = s.pocket.hip_offset_m;
    hip_drop_m_ = s.pocket.hip_drop_m;
    along_thigh_m_ = s.pocket.along_thigh_m;
    in_front_m_ = s.pocket.in_front_m;
    build_gestures(s);
  }

  Rng rng(s.seed, RngStream::kTrajectory);
  heading0_ = rng.uniform(-kPi, kPi);
  heading_phase1_ = rng.uniform(0.0, kTwoPi);
  heading_phase2_ = rng.uniform(0.0, kTwoPi);
  step_phase0_ = rng.uniform(0.0, kTwoPi);
  step_mod_phase1_ = rng.uniform(0.0, kTwoPi);
  step_mod_phase2_ = rng.uniform(0.0, kTwoPi);
  sway_phase1_ = rng.uniform(0.0, kTwoPi);
  sway_phase2_ = rng.uniform(0.0, kTwoPi);
  respiration_phase_ = rng.uniform(0.0, kTwoPi);
  beat_phase0_ = rng.uniform(0.0, 1.0);

  if (!s.events.empty()) build_events(s);
  find_steps();
}

double WristTrajectory::step_phase_rad(double t_s) const {
  return step_phase0_ + kTwoPi * step_hz_.integral(t_s) +
         step_variability_rad_ * (std::sin(kTwoPi * kStepModHz1 * t_s + step_mod_phase1_) +
                                  std::sin(kTwoPi * kStepModHz2 * t_s + step_mod_phase2_));
}

double WristTrajectory::heading_rad(double t_s) const {
  const double dist = speed_.integral(t_s);
  const double walking =
      heading0_ +
      heading_turn_rad_ *
          (std::sin(kTwoPi * dist / kHeadingWavelength1_m + heading_phase1_) +
           kHeadingAmplitude2 * std::sin(kTwoPi * dist / kHeadingWavelength2_m + heading_phase2_));
  return has_car_ ? walking + car_heading_rad(t_s) : walking;
}

WristTrajectory::Pose WristTrajectory::pose(double t_s) const {
  Pose p;
  p.path_heading = heading_rad(t_s);
  p.step_phase = step_phase_rad(t_s);
  // Stride phase: one arm cycle per two steps. The left arm is furthest forward at the right
  // foot's heel strike (even steps) and furthest back at the left's.
  const double stride = 0.5 * p.step_phase;
  p.shoulder = shoulder_swing_.value(t_s) * std::cos(stride);
  p.forearm = p.shoulder + elbow_flexion_.value(t_s) +
              elbow_swing_.value(t_s) * std::cos(stride - kElbowLag_rad);
  // The trunk turns its left shoulder forward with the left arm (thorax counter-rotation).
  p.torso_yaw = -torso_yaw_.value(t_s) * std::cos(stride);
  p.pronation =
      pronation_.value(t_s) + pronation_swing_.value(t_s) * std::cos(stride - kPronationLag_rad) +
      rest_sway_.value(t_s) * (std::sin(kTwoPi * kRestSwayHz1 * t_s + sway_phase1_) +
                               0.6 * std::sin(kTwoPi * kRestSwayHz2 * t_s + sway_phase2_));
  if (extended_) {
    const double raise = shoulder_raise_.value(t_s);
    p.shoulder += raise;
    p.forearm += raise;
    if (placement_ == Placement::kPocket) {
      // The left thigh is furthest forward just before the left heel strike (odd steps, stride
      // phase π); the pelvis turns with it, against the thorax.
      p.thigh =
          hip_flexion_.value(t_s) - thigh_swing_.value(t_s) * std::cos(stride + kThighLead_rad);
      p.torso_yaw = -p.torso_yaw;
    }
    add_gestures(t_s, p);
  }
  return p;
}

Eigen::Quaterniond WristTrajectory::body_rotation(const Pose& p) const {
  // Heading, then the car body's tilt about its own axes, then the trunk's (or pelvis') yaw.
  return axis_angle(p.path_heading, Eigen::Vector3d::UnitZ()) *
         axis_angle(p.car_pitch, Eigen::Vector3d::UnitY()) *
         axis_angle(p.car_roll, Eigen::Vector3d::UnitX()) *
         axis_angle(p.torso_yaw, Eigen::Vector3d::UnitZ());
}

Eigen::Quaterniond WristTrajectory::orientation_of(const Pose& p) const {
  static const Eigen::Vector3d kX = Eigen::Vector3d::UnitX();
  static const Eigen::Vector3d kY = Eigen::Vector3d::UnitY();
  static const Eigen::Vector3d kZ = Eigen::Vector3d::UnitZ();
  if (extended_) {
    const Eigen::Quaterniond body = body_rotation(p);
    if (placement_ == Placement::kPocket) {
      // Hip flexion pitches the thigh (and the phone on it) forward about the body's y axis.
      return body * axis_angle(-p.thigh, kY) * pocket_phone() * q_mount_;
    }
    // The sideways swing turns the forearm about the normal of its pitch plane (abduct, then
    // pitch): vertical forearm, it swings about the forward axis; horizontal, about vertical.
    const Eigen::Quaterniond forearm = body * axis_angle(-arm_inward_rad_, kZ) *
                                       axis_angle(-p.forearm, kY) * axis_angle(p.lateral, kX) *
                                       hanging_arm() * axis_angle(p.pronation, kX);
    return placement_ == Placement::kHand ? forearm * q_grip_ * q_mount_ : forearm * q_mount_;
  }
  // q_ES = q_EB (heading + torso yaw) · q_inward · q_pitch(forearm) · q_hang · q_roll · q_mount.
  // Pitching by -θ about the body's y axis moves the hanging forearm forward for θ > 0.
  return axis_angle(p.path_heading + p.torso_yaw, kZ) * axis_angle(-arm_inward_rad_, kZ) *
         axis_angle(-p.forearm, kY) * hanging_arm() * axis_angle(p.pronation, kX) * q_mount_;
}

Eigen::Quaterniond WristTrajectory::base_orientation(double t_s) const {
  return orientation_of(pose(t_s));
}

Eigen::Quaterniond WristTrajectory::orientation(double t_s) const {
  const Eigen::Quaterniond q = orientation_of(pose(t_s));
  if (events_.empty()) return q;
  const EventModel* e = event_at(t_s);
  if (e == nullptr) return q;
  // The event's attitude: the one at its start turned about a horizontal axis (tumble, raised
  // forearm, ...), plus a breathing sway while lying or seated; the weight slerps to it.
  const double sway = e->sway_rad == 0.0
                          ? 0.0
                          : e->sway_rad * smooth_box(t_s, e->sway_from_s, e->sway_to_s, 1.0) *
                                std::sin(kTwoPi * kBreathHz * t_s + e->sway_phase_rad);
  const Eigen::Quaterniond q_event =
      axis_angle(e->angle_rad.value(t_s) + sway, e->axis_e) * e->q_start;
  return q.slerp(e->weight.value(t_s), q_event);
}

Eigen::Vector3d WristTrajectory::extended_offset_e(double t_s) const {
  const Pose p = pose(t_s);
  Eigen::Vector3d r_b;  // device relative to the trunk point, before the body's rotation
  if (placement_ == Placement::kPocket) {
    const Eigen::Vector3d hip(0.0, hip_offset_m_, -hip_drop_m_);
    r_b = hip + axis_angle(-p.thigh, Eigen::Vector3d::UnitY()) *
                    Eigen::Vector3d(in_front_m_, 0.0, -along_thigh_m_);
  } else {
    const Eigen::Vector3d shoulder(0.0, shoulder_offset_m_, 0.0);
    const Eigen::Vector3d upper =
        upper_arm_m_ * Eigen::Vector3d(std::sin(p.shoulder), 0.0, -std::cos(p.shoulder));
    const Eigen::Vector3d fore = axis_angle(-arm_inward_rad_, Eigen::Vector3d::UnitZ()) *
                                 axis_angle(-p.forearm, Eigen::Vector3d::UnitY()) *
                                 axis_angle(p.lateral, Eigen::Vector3d::UnitX()) *
                                 Eigen::Vector3d(0.0, 0.0, -forearm_m_);
    r_b = shoulder + upper + fore;
  }
  const double bounce = -bounce_.value(t_s) * std::cos(p.step_phase - kBounceLag_rad);
  const double sway = sway_.value(t_s) * std::sin(0.5 * p.step_phase);
  const Eigen::Vector3d left(-std::sin(p.path_heading), std::cos(p.path_heading), 0.0);
  return body_rotation(p) * r_b + sway * left + Eigen::Vector3d(0.0, 0.0, bounce) +
         axis_angle(p.path_heading, Eigen::Vector3d::UnitZ()) * gesture_offset_b(t_s);
}

Eigen::Vector3d WristTrajectory::arm_offset_e(double t_s) const {
  if (extended_) return extended_offset_e(t_s);
  const Pose p = pose(t_s);
  // Shoulder, elbow and device in the body frame (x forward, y left, z up), shoulder height 0.
  const Eigen::Vector3d shoulder(0.0, shoulder_offset_m_, 0.0);
  const Eigen::Vector3d upper =
      upper_arm_m_ * Eigen::Vector3d(std::sin(p.shoulder), 0.0, -std::cos(p.shoulder));
  const Eigen::Vector3d fore =
      axis_angle(-arm_inward_rad_, Eigen::Vector3d::UnitZ()) *
      (forearm_m_ * Eigen::Vector3d(std::sin(p.forearm), 0.0, -std::cos(p.forearm)));
  const Eigen::Vector3d arm_e = axis_angle(p.path_heading + p.torso_yaw, Eigen::Vector3d::UnitZ()) *
                                (shoulder + upper + fore);
  // Trunk: lowest a little after each heel strike; sways sideways once per stride.
  const double bounce = -bounce_.value(t_s) * std::cos(p.step_phase - kBounceLag_rad);
  const double sway = sway_.value(t_s) * std::sin(0.5 * p.step_phase);
  const Eigen::Vector3d left(-std::sin(p.path_heading), std::cos(p.path_heading), 0.0);
  return arm_e + sway * left + Eigen::Vector3d(0.0, 0.0, bounce);
}

Eigen::Vector3d WristTrajectory::path_acceleration_e(double t_s) const {
  // A point moving at speed v with heading ψ(s), s the distance: a = v̇ T + v² ψ'(s) N.
  const double v = speed_.value(t_s);
  const double v_dot = speed_.slope(t_s);
  const double dist = speed_.integral(t_s);
  const double dpsi_ds =
      heading_turn_rad_ * (kTwoPi / kHeadingWavelength1_m *
                               std::cos(kTwoPi * dist / kHeadingWavelength1_m + heading_phase1_) +
                           kHeadingAmplitude2 * kTwoPi / kHeadingWavelength2_m *
                               std::cos(kTwoPi * dist / kHeadingWavelength2_m + heading_phase2_));
  const double psi = heading_rad(t_s);
  const Eigen::Vector3d tangent(std::cos(psi), std::sin(psi), 0.0);
  const Eigen::Vector3d normal(-std::sin(psi), std::cos(psi), 0.0);
  if (has_car_) {
    // The car: a = v̇ T + v ψ̇ N (walking speed is zero while in a car).
    const CarState c = car_state(t_s);
    return (v_dot + c.accel_m_s2) * tangent +
           (v * v * dpsi_ds + c.speed_m_s * c.yaw_rate_rad_s) * normal;
  }
  return v_dot * tangent + v * v * dpsi_ds * normal;
}

double WristTrajectory::impact_acceleration(double t_s) const {
  // Each heel strike displaces the device by -A σ² exp(-u²/2), u = (t - t_k) / σ: a downward
  // bump whose second derivative A (1 - u²) exp(-u²/2) is an upward jolt of peak A at t_k with
  // two small negative lobes. Terms beyond 8σ are below 1e-12 A and skipped.
  const double reach = 8.0 * impact_width_s_;
  auto it = std::lower_bound(steps_s_.begin(), steps_s_.end(), t_s - reach);
  double a = 0.0;
  for (; it != steps_s_.end() && *it <= t_s + reach; ++it) {
    const double u = (t_s - *it) / impact_width_s_;
    const auto k = static_cast<std::size_t>(it - steps_s_.begin());
    a += step_impact_m_s2_[k] * (1.0 - u * u) * std::exp(-0.5 * u * u);
  }
  return a;
}

WristState WristTrajectory::state(double t_s) const {
  const double h = kDiffStep_s;
  WristState st;
  st.q_es = orientation(t_s);
  // q̇ by the 5-point stencil; ω_S = 2 vec(q* ⊗ q̇) (q̇ = ½ q ⊗ (0, ω_S)).
  const Eigen::Vector4d qm2 = orientation(t_s - 2.0 * h).coeffs();
  const Eigen::Vector4d qm1 = orientation(t_s - h).coeffs();
  const Eigen::Vector4d qp1 = orientation(t_s + h).coeffs();
  const Eigen::Vector4d qp2 = orientation(t_s + 2.0 * h).coeffs();
  Eigen::Quaterniond q_dot;
  q_dot.coeffs() = (qm2 - 8.0 * qm1 + 8.0 * qp1 - qp2) / (12.0 * h);
  st.omega_s_rad_s = 2.0 * (st.q_es.conjugate() * q_dot).vec();

  const Eigen::Vector3d a_arm =
      (-arm_offset_e(t_s - 2.0 * h) + 16.0 * arm_offset_e(t_s - h) - 30.0 * arm_offset_e(t_s) +
       16.0 * arm_offset_e(t_s + h) - arm_offset_e(t_s + 2.0 * h)) /
      (12.0 * h * h);
  st.lin_acc_e_m_s2 =
      path_acceleration_e(t_s) + a_arm + Eigen::Vector3d(0.0, 0.0, impact_acceleration(t_s));
  if (!events_.empty()) {
    if (const EventModel* e = event_at(t_s)) {
      // The underlying motion's acceleration fades with the weight (the wearer stops); the
      // event's own is the sum of its pulses (analytic, like the path's).
      Eigen::Vector3d a_event = Eigen::Vector3d::Zero();
      for (const VelocityPulse& p : e->pulses) a_event += p.at(t_s) * p.dv_m_s;
      st.lin_acc_e_m_s2 = (1.0 - e->weight.value(t_s)) * st.lin_acc_e_m_s2 + a_event;
    }
  }
  return st;
}

void WristTrajectory::find_steps() {
  // Scan at 5 ms (the phase advances < 0.1 rad per scan step even at 240 steps/min), then bisect
  // each crossing of a multiple of 2π to 1 ns.
  constexpr double kScan_s = 0.005;
  const auto scan_steps = static_cast<long>(std::ceil(duration_s_ / kScan_s));
  double t0 = 0.0;
  double k0 = std::floor(step_phase_rad(t0) / kTwoPi);
  for (long i = 1; i <= scan_steps; ++i) {
    const double t1 = std::min(duration_s_, static_cast<double>(i) * kScan_s);
    const double k1 = std::floor(step_phase_rad(t1) / kTwoPi);
    if (k1 > k0) {
      const double target = k1 * kTwoPi;
      double lo = t0;
      double hi = t1;
      while (hi - lo > 1e-9) {
        const double mid = 0.5 * (lo + hi);
        (step_phase_rad(mid) < target ? lo : hi) = mid;
      }
      const double t_step = 0.5 * (lo + hi);
      // No step counts while an event holds the wearer (lying, seated, clapping, hopping).
      const bool in_event = !events_.empty() && event_weight(t_step) >= 0.5;
      if (moving_.value(t_step) >= 0.5 && t_step < duration_s_ && !in_event) {
        steps_s_.push_back(t_step);
        step_impact_m_s2_.push_back(impact_.value(t_step));
      }
    }
    t0 = t1;
    k0 = k1;
  }
}

double WristTrajectory::respiration(double t_s) const {
  return std::sin(kTwoPi * respiration_hz_ * t_s + respiration_phase_);
}

double WristTrajectory::base_heart_rate_bpm(double t_s) const {
  if (curve_t_s_.empty()) return heart_rate_.value(t_s);
  const auto it = std::upper_bound(curve_t_s_.begin(), curve_t_s_.end(), t_s);
  if (it == curve_t_s_.begin()) return curve_bpm_.front();
  const auto i = static_cast<std::size_t>(it - curve_t_s_.begin()) - 1;
  if (i + 1 == curve_t_s_.size()) return curve_bpm_.back();
  const double u = (t_s - curve_t_s_[i]) / (curve_t_s_[i + 1] - curve_t_s_[i]);
  return curve_bpm_[i] + u * (curve_bpm_[i + 1] - curve_bpm_[i]);
}

double WristTrajectory::base_heart_rate_integral(double t_s) const {
  if (curve_t_s_.empty()) return heart_rate_.integral(t_s);
  const auto it = std::upper_bound(curve_t_s_.begin(), curve_t_s_.end(), t_s);
  if (it == curve_t_s_.begin()) return curve_bpm_.front() * t_s;
  const auto i = static_cast<std::size_t>(it - curve_t_s_.begin()) - 1;
  return curve_integral_[i] +
         0.5 * (t_s - curve_t_s_[i]) * (curve_bpm_[i] + base_heart_rate_bpm(t_s));
}

double WristTrajectory::heart_rate_bpm(double t_s) const {
  // Respiratory sinus arrhythmia: heart rate rises during inspiration.
  return base_heart_rate_bpm(t_s) + hrv_bpm_ * respiration(t_s);
}

double WristTrajectory::segment_heart_rate_bpm(std::size_t i) const {
  if (curve_t_s_.empty()) return segments_[i].heart_rate_bpm;
  const double start = segment_start_s(i);
  const double end = segment_end_s(i);
  return (base_heart_rate_integral(end) - base_heart_rate_integral(start)) / (end - start);
}

double WristTrajectory::beat_phase_cycles(double t_s) const {
  // ∫ (HR_profile + hrv sin(2π f t + φ)) / 60 dt, closed form.
  const double w = kTwoPi * respiration_hz_;
  const double rsa =
      hrv_bpm_ / w * (std::cos(respiration_phase_) - std::cos(w * t_s + respiration_phase_));
  return beat_phase0_ + (base_heart_rate_integral(t_s) + rsa) / 60.0;
}

std::size_t WristTrajectory::segment_index(double t_s) const noexcept {
  const auto it = std::upper_bound(ends_s_.begin(), ends_s_.end(), t_s);
  const auto i = static_cast<std::size_t>(it - ends_s_.begin());
  return std::min(i, ends_s_.size() - 1);
}

Activity WristTrajectory::activity(double t_s) const noexcept {
  return segments_[segment_index(t_s)].activity;
}

void WristTrajectory::build_gestures(const SimSettings& s) {
  const std::size_t n = segments_.size();
  gestures_.resize(n);
  car_heading_before_.assign(n, 0.0);
  const WaveMotionSettings& wave = s.wave_motion;
  const TypeMotionSettings& type = s.type_motion;
  const TalkMotionSettings& talk = s.talk_motion;
  wave_swing_rad_ = wave.swing_deg * kRadPerDeg;
  wave_elbow_rad_ = wave.elbow_swing_deg * kRadPerDeg;
  wave_roll_rad_ = wave.roll_swing_deg * kRadPerDeg;
  talk_base_ = talk.base_level;
  key_width_s_ = type.key_width_s;
  stroke_reach_s_ = 4.0 * talk.stroke_max_s;
  bump_width_s_ = s.car_motion.bump_width_s;
  engine_idle_hz_ = s.car_motion.engine_idle_hz;
  engine_hz_per_m_s_ = s.car_motion.engine_hz_per_m_s;
  engine_m_s2_ = s.car_motion.engine_m_s2;
  car_pitch_rad_per_m_s2_ = s.car_motion.pitch_deg_per_m_s2 * kRadPerDeg;
  car_roll_rad_per_m_s2_ = s.car_motion.roll_deg_per_m_s2 * kRadPerDeg;

  double car_heading = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    car_heading_before_[i] = car_heading;
    Gesture& g = gestures_[i];
    g.activity = segments_[i].activity;
    if (g.activity == Activity::kRest || activity_has_steps(g.activity)) continue;
    std::vector<double> one(n, 0.0);
    one[i] = 1.0;
    g.weight = SmoothProfile(one, ends_s_, s.transition_s, 0.0);
    // One generator per segment: a segment's gestures do not depend on the others.
    Rng rng(s.seed + 0x9E3779B97F4A7C15ull * (i + 1), RngStream::kGestures);
    const double start = segment_start_s(i);
    const double end = segment_end_s(i);
    switch (g.activity) {
      case Activity::kWave:
        g.wave_hz = rng.uniform(wave.min_hz, wave.max_hz);
        g.wave_phase_rad = rng.uniform(0.0, kTwoPi);
        g.wave_centre_rad = rng.uniform(-wave.centre_deg, wave.centre_deg) * kRadPerDeg;
        g.wave_modulation =
            Sinusoid{wave.amplitude_variation, rng.uniform(kWaveModMinHz, kWaveModMaxHz),
                     rng.uniform(0.0, kTwoPi)};
        break;
      case Activity::kType: {
        for (auto& axis : g.jitter_m) {
          for (int k = 0; k < kJitterSines; ++k) {
            const double hz = rng.uniform(type.min_hz, type.max_hz);
            // Displacement amplitude for an acceleration amplitude a at ω: a / ω².
            const double omega = kTwoPi * hz;
            axis.push_back(
                Sinusoid{type.jitter_m_s2 / (omega * omega), hz, rng.uniform(0.0, kTwoPi)});
          }
        }
        for (int k = 0; k < kJitterSines; ++k) {
          g.roll_jitter_rad.push_back(Sinusoid{type.jitter_roll_deg * kRadPerDeg,
                                               rng.uniform(type.min_hz, type.max_hz),
                                               rng.uniform(0.0, kTwoPi)});
        }
        // Bursts from the segment's start (the weight fades them in) to its end.
        double t = start + rng.uniform(0.0, type.pause_max_s);
        while (t < end) {
          const double burst_end =
              std::min(end, t + rng.uniform(type.burst_min_s, type.burst_max_s));
          g.burst_start_s.push_back(t);
          g.burst_end_s.push_back(burst_end);
          // Keystrokes inside the burst, at least 60 ms apart and 2σ from its ends.
          double k = t + 2.0 * type.key_width_s + waiting_time(rng, type.keys_per_s);
          while (k < burst_end - 2.0 * type.key_width_s) {
            g.key_s.push_back(k);
            g.key_m_s2.push_back(rng.uniform(type.key_min_m_s2, type.key_max_m_s2));
            k += 0.06 + waiting_time(rng, type.keys_per_s);
          }
          t = burst_end + rng.uniform(type.pause_min_s, type.pause_max_s);
        }
        break;
      }
      case Activity::kTalk: {
        const double amplitude_rad[4] = {talk.elbow_deg * kRadPerDeg, talk.lateral_deg * kRadPerDeg,
                                         talk.roll_deg * kRadPerDeg,
                                         talk.shoulder_deg * kRadPerDeg};
        for (int a = 0; a < 4; ++a) {
          for (int k = 0; k < kTalkSines; ++k) {
            // Amplitudes fall as 1/f (the angle's amplitude is the setting's at 1 Hz): quick
            // gestures are small ones, and every frequency moves the hand about as fast.
            const double share = rng.uniform(0.5, 1.0) / std::sqrt(static_cast<double>(kTalkSines));
            const double hz = rng.uniform(talk.min_hz, talk.max_hz);
            g.talk_rad[a].push_back(
                Sinusoid{amplitude_rad[a] * share / hz, hz, rng.uniform(0.0, kTwoPi)});
          }
        }
        for (double t = start + waiting_time(rng, talk.strokes_per_s); t < end;
             t += waiting_time(rng, talk.strokes_per_s)) {
          g.stroke_s.push_back(t);
          g.stroke_sigma_s.push_back(rng.uniform(talk.stroke_min_s, talk.stroke_max_s));
          g.stroke_height.push_back(rng.uniform(talk.stroke_min_height, 1.0));
        }
        break;
      }
      case Activity::kCar:
        for (double& phase : g.engine_phase_rad) phase = rng.uniform(0.0, kTwoPi);
        build_car(s, i, rng, g);
        car_heading += g.heading_rad.value(end);
        break;
      case Activity::kRest:
      case Activity::kWalk:
      case Activity::kRun:
        break;
    }
  }
}

void WristTrajectory::build_car(const SimSettings& s, std::size_t i, Rng& rng, Gesture& g) {
  const CarMotionSettings& c = s.car_motion;
  // The ride stays inside the segment, clear of the blends at its ends: it starts and ends at
  // standstill, so the car's speed is zero wherever the segment meets another.
  const double margin = 1.0 + 0.5 * s.transition_s;
  const double begin = segment_start_s(i) + margin;
  const double stop_by = segment_end_s(i) - margin;
  std::vector<SmoothProfile::Step> speed, heading;
  // A smooth change by `delta` with peak rate `rate` lasts 1.875 |delta| / rate (at least 1 s).
  auto duration = [](double delta, double rate) {
    return std::max(kMinCarChange_s, kSmoothPeakSlope * std::fabs(delta) / rate);
  };
  auto longitudinal = [&] { return rng.uniform(0.5, 1.0) * c.max_longitudinal_m_s2; };
  // The longest braking from v (at half the largest deceleration): the ride keeps room for it.
  auto longest_brake = [&](double v) { return duration(v, 0.5 * c.max_longitudinal_m_s2); };
  double t = begin;
  double v = 0.0;
  auto brake = [&] {
    const double d = duration(v, longitudinal());
    speed.push_back(SmoothProfile::Step{t, d, -v});
    t += d;
    v = 0.0;
  };
  while (t < stop_by) {
    if (v == 0.0) {
      t += rng.uniform(1.0, 4.0);  // standing (pulling away, at a traffic light)
      const double a = longitudinal();
      // Near the end of the ride only a slower drive fits (pull away, 2 s, brake): at most the
      // speed whose ramps fill the time left; none below half the slowest cruising speed.
      const double fits =
          (stop_by - t - 2.0) /
          (kSmoothPeakSlope / a + kSmoothPeakSlope / (0.5 * c.max_longitudinal_m_s2));
      const double v_new = std::min(rng.uniform(c.min_speed_m_s, c.max_speed_m_s), fits);
      if (v_new < 0.5 * c.min_speed_m_s) break;
      const double d = duration(v_new, a);
      if (t + d + 2.0 + longest_brake(v_new) > stop_by) break;
      speed.push_back(SmoothProfile::Step{t, d, v_new});
      t += d;
      v = v_new;
      continue;
    }
    const double cruise = rng.uniform(3.0, 10.0);
    if (t + cruise + longest_brake(v) > stop_by) break;
    t += cruise;
    const double choice = rng.uniform();
    if (choice < 0.15) {
      brake();  // a stop (traffic light), then it pulls away again
    } else if (choice < 0.75) {
      // A turn: slow to turning speed, then turn at constant speed, the centripetal v ψ̇ peaking
      // at the drawn lateral acceleration.
      const double v_turn = std::min(v, rng.uniform(0.5, 1.0) * c.max_turn_speed_m_s);
      const double d_slow = v_turn < v ? duration(v - v_turn, longitudinal()) : 0.0;
      const double turn = (rng.uniform() < 0.5 ? -1.0 : 1.0) *
                          rng.uniform(c.min_turn_deg, c.max_turn_deg) * kRadPerDeg;
      const double d_turn =
          duration(turn * v_turn, rng.uniform(c.min_lateral_m_s2, c.max_lateral_m_s2));
      if (t + d_slow + d_turn + longest_brake(v_turn) > stop_by) break;
      if (d_slow > 0.0) {
        speed.push_back(SmoothProfile::Step{t, d_slow, v_turn - v});
        t += d_slow;
        v = v_turn;
      }
      heading.push_back(SmoothProfile::Step{t, d_turn, turn});
      t += d_turn;
    } else if (choice < 0.95) {
      const double v_new = rng.uniform(c.min_speed_m_s, c.max_speed_m_s);
      const double d = duration(v_new - v, longitudinal());
      if (t + d + longest_brake(v_new) > stop_by) break;
      speed.push_back(SmoothProfile::Step{t, d, v_new - v});
      t += d;
      v = v_new;
    }  // else it keeps cruising
  }
  if (v > 0.0) brake();
  g.speed_m_s = SmoothProfile(0.0, speed);
  g.heading_rad = SmoothProfile(0.0, heading);

  // Road bumps while driving: the front wheels, then the rear wheels one wheelbase later.
  std::vector<std::pair<double, double>> bumps;
  if (c.bumps_per_s > 0.0) {
    for (double b = begin + waiting_time(rng, c.bumps_per_s); b < stop_by;
         b += waiting_time(rng, c.bumps_per_s)) {
      const double peak = rng.uniform(c.bump_min_m_s2, c.bump_max_m_s2);
      const double v_b = g.speed_m_s.value(b);
      if (v_b < kBumpMinSpeed_m_s) continue;
      bumps.emplace_back(b, peak);
      const double rear = b + c.wheelbase_m / v_b;
      if (rear < stop_by) bumps.emplace_back(rear, kRearBumpShare * peak);
    }
  }
  std::sort(bumps.begin(), bumps.end());
  for (const auto& [at, peak] : bumps) {
    g.bump_s.push_back(at);
    g.bump_m_s2.push_back(peak);
  }
}

WristTrajectory::CarState WristTrajectory::car_state(double t_s) const {
  CarState c;
  if (!has_car_) return c;
  const Gesture& g = gestures_[segment_index(t_s)];
  if (g.activity != Activity::kCar) return c;
  c.speed_m_s = g.speed_m_s.value(t_s);
  c.accel_m_s2 = g.speed_m_s.slope(t_s);
  c.yaw_rate_rad_s = g.heading_rad.slope(t_s);
  return c;
}

double WristTrajectory::car_speed_m_s(double t_s) const { return car_state(t_s).speed_m_s; }

double WristTrajectory::car_heading_rad(double t_s) const {
  const std::size_t i = segment_index(t_s);
  const Gesture& g = gestures_[i];
  return car_heading_before_[i] + (g.activity == Activity::kCar ? g.heading_rad.value(t_s) : 0.0);
}

void WristTrajectory::add_gestures(double t_s, Pose& p) const {
  if (has_car_) {
    // The car body pitches nose down when braking and rolls out of a turn; the wearer with it.
    const CarState c = car_state(t_s);
    p.car_pitch = -car_pitch_rad_per_m_s2_ * c.accel_m_s2;
    p.car_roll = car_roll_rad_per_m_s2_ * c.speed_m_s * c.yaw_rate_rad_s;
  }
  if (placement_ == Placement::kPocket) return;  // the arm's gestures do not move the thigh
  const std::size_t i = segment_index(t_s);
  for (std::size_t j = i == 0 ? 0 : i - 1; j <= i + 1 && j < gestures_.size(); ++j) {
    const Gesture& g = gestures_[j];
    if (g.activity == Activity::kRest || activity_has_steps(g.activity)) continue;
    const double w = g.weight.value(t_s);
    if (w == 0.0) continue;
    if (g.activity == Activity::kWave) {
      const double gain = 1.0 + g.wave_modulation.at(t_s);
      const double phase = kTwoPi * g.wave_hz * t_s + g.wave_phase_rad;
      p.lateral += w * (g.wave_centre_rad + gain * wave_swing_rad_ * std::sin(phase));
      p.forearm += w * gain * wave_elbow_rad_ * std::sin(phase - kWaveElbowLag_rad);
      p.pronation += w * gain * wave_roll_rad_ * std::sin(phase - kWaveRollLag_rad);
    } else if (g.activity == Activity::kType) {
      double roll = 0.0;
      for (const Sinusoid& r : g.roll_jitter_rad) roll += r.at(t_s);
      p.pronation += w * roll * typing_envelope(g, t_s);
    } else if (g.activity == Activity::kTalk) {
      const double envelope =
          talk_base_ + sum_events(t_s, g.stroke_s, stroke_reach_s_, [&](std::size_t k, double dt) {
            const double u = dt / g.stroke_sigma_s[k];
            return g.stroke_height[k] * std::exp(-0.5 * u * u);
          });
      double angle[4] = {0.0, 0.0, 0.0, 0.0};
      for (int a = 0; a < 4; ++a) {
        for (const Sinusoid& c : g.talk_rad[a]) angle[a] += c.at(t_s);
        angle[a] *= w * envelope;
      }
      p.forearm += angle[0] + angle[3];  // elbow, and the upper arm carrying the forearm
      p.lateral += angle[1];
      p.pronation += angle[2];
      p.shoulder += angle[3];
    }
  }
}

double WristTrajectory::typing_envelope(const Gesture& g, double t_s) {
  const auto it = std::upper_bound(g.burst_start_s.begin(), g.burst_start_s.end(), t_s);
  if (it == g.burst_start_s.begin()) return 0.0;
  const auto k = static_cast<std::size_t>(it - g.burst_start_s.begin()) - 1;
  return smooth_box(t_s, g.burst_start_s[k], g.burst_end_s[k], kBurstRamp_s);
}

Eigen::Vector3d WristTrajectory::gesture_offset_b(double t_s) const {
  Eigen::Vector3d d = Eigen::Vector3d::Zero();
  const std::size_t i = segment_index(t_s);
  for (std::size_t j = i == 0 ? 0 : i - 1; j <= i + 1 && j < gestures_.size(); ++j) {
    const Gesture& g = gestures_[j];
    if (g.activity != Activity::kType && g.activity != Activity::kCar) continue;
    const double w = g.weight.value(t_s);
    if (w == 0.0) continue;
    if (g.activity == Activity::kType) {
      if (placement_ == Placement::kPocket) continue;
      // Jitter while a burst lasts, and each keystroke a downward bump -A σ² exp(-u²/2) whose
      // second derivative is a jolt of peak A (as a heel strike's).
      const double envelope = typing_envelope(g, t_s);
      for (int a = 0; a < 3; ++a) {
        double v = 0.0;
        for (const Sinusoid& c : g.jitter_m[a]) v += c.at(t_s);
        d[a] += w * envelope * v;
      }
      const double sigma = key_width_s_;
      d.z() += w * sum_events(t_s, g.key_s, 8.0 * sigma, [&](std::size_t k, double dt) {
                 const double u = dt / sigma;
                 return -g.key_m_s2[k] * sigma * sigma * std::exp(-0.5 * u * u);
               });
    } else {
      // Engine vibration: its frequency follows the speed (the phase is the integral of it),
      // a displacement of amplitude a / ω² per axis of the car (forward, left, up).
      const double v = g.speed_m_s.value(t_s);
      const double hz = engine_idle_hz_ + engine_hz_per_m_s_ * v;
      const double omega = kTwoPi * hz;
      const double phase =
          kTwoPi * (engine_idle_hz_ * t_s + engine_hz_per_m_s_ * g.speed_m_s.integral(t_s));
      for (int a = 0; a < 3; ++a) {
        d[a] += w * engine_m_s2_[a] / (omega * omega) * std::sin(phase + g.engine_phase_rad[a]);
      }
      const double sigma = bump_width_s_;
      d.z() += sum_events(t_s, g.bump_s, 8.0 * sigma, [&](std::size_t k, double dt) {
        const double u = dt / sigma;
        return -g.bump_m_s2[k] * sigma * sigma * std::exp(-0.5 * u * u);
      });
    }
  }
  return d;
}

}  // namespace fusetrack::sim
