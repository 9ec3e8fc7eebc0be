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

}  // namespace

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
    const bool moves = seg.activity != Activity::kRest;
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

  auto gait_profile = [&](double GaitSettings::*field, double scale) {
    std::vector<double> v(n);
    for (std::size_t i = 0; i < n; ++i) v[i] = s.gait(segments_[i].activity).*field * scale;
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

  find_steps();
}

double WristTrajectory::step_phase_rad(double t_s) const {
  return step_phase0_ + kTwoPi * step_hz_.integral(t_s) +
         step_variability_rad_ * (std::sin(kTwoPi * kStepModHz1 * t_s + step_mod_phase1_) +
                                  std::sin(kTwoPi * kStepModHz2 * t_s + step_mod_phase2_));
}

double WristTrajectory::heading_rad(double t_s) const {
  const double dist = speed_.integral(t_s);
  return heading0_ + heading_turn_rad_ *
                         (std::sin(kTwoPi * dist / kHeadingWavelength1_m + heading_phase1_) +
                          kHeadingAmplitude2 *
                              std::sin(kTwoPi * dist / kHeadingWavelength2_m + heading_phase2_));
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
  return p;
}

Eigen::Quaterniond WristTrajectory::orientation_of(const Pose& p) const {
  static const Eigen::Vector3d kX = Eigen::Vector3d::UnitX();
  static const Eigen::Vector3d kY = Eigen::Vector3d::UnitY();
  static const Eigen::Vector3d kZ = Eigen::Vector3d::UnitZ();
  // q_ES = q_EB (heading + torso yaw) · q_inward · q_pitch(forearm) · q_hang · q_roll · q_mount.
  // Pitching by -θ about the body's y axis moves the hanging forearm forward for θ > 0.
  return axis_angle(p.path_heading + p.torso_yaw, kZ) * axis_angle(-arm_inward_rad_, kZ) *
         axis_angle(-p.forearm, kY) * hanging_arm() * axis_angle(p.pronation, kX) * q_mount_;
}

Eigen::Quaterniond WristTrajectory::orientation(double t_s) const {
  return orientation_of(pose(t_s));
}

Eigen::Vector3d WristTrajectory::arm_offset_e(double t_s) const {
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
      if (moving_.value(t_step) >= 0.5 && t_step < duration_s_) {
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

double WristTrajectory::heart_rate_bpm(double t_s) const {
  // Respiratory sinus arrhythmia: heart rate rises during inspiration.
  return heart_rate_.value(t_s) + hrv_bpm_ * respiration(t_s);
}

double WristTrajectory::beat_phase_cycles(double t_s) const {
  // ∫ (HR_profile + hrv sin(2π f t + φ)) / 60 dt, closed form.
  const double w = kTwoPi * respiration_hz_;
  const double rsa =
      hrv_bpm_ / w * (std::cos(respiration_phase_) - std::cos(w * t_s + respiration_phase_));
  return beat_phase0_ + (heart_rate_.integral(t_s) + rsa) / 60.0;
}

std::size_t WristTrajectory::segment_index(double t_s) const noexcept {
  const auto it = std::upper_bound(ends_s_.begin(), ends_s_.end(), t_s);
  const auto i = static_cast<std::size_t>(it - ends_s_.begin());
  return std::min(i, ends_s_.size() - 1);
}

Activity WristTrajectory::activity(double t_s) const noexcept {
  return segments_[segment_index(t_s)].activity;
}

}  // namespace fusetrack::sim
