// ComplementaryFilter: orientation q_ES from gyroscope, accelerometer and (optionally)
// magnetometer, at the cost of a Mahony/Madgwick filter.
//
// How it works (each input at its own rate, dt from time stamps):
// - gyroscope: q <- q ⊗ exp((ω - b) dt), b the estimated gyroscope bias;
// - accelerometer: the specific force is rotated into the earth frame and low-passed there
//   (time constant acc_lp_tau_s). Linear accelerations of a hand or wrist average out over a
//   few seconds while gravity does not, so the low-passed vector's direction is a clean
//   measure of the inclination error (the idea of VQF: Laidig & Seel, 2023, Sec. 3.2). The
//   inclination is pulled towards it with time constant acc_tau_s, weighted down while the
//   instantaneous specific force is far from 1 g (impacts, vibration, fast motion);
// - magnetometer: used for heading only, as a rotation about the earth's up axis, so a
//   magnetic disturbance can never tilt the inclination; samples whose field strength or dip
//   disagree with the learned reference field are rejected (MagneticReference);
// - bias: learned directly while the RestDetector reports rest (a scalar Kalman average of the
//   gyroscope), and slowly from the corrections while moving (Mahony's integral term).
#pragma once

#include <cmath>

#include "fusetrack/core/quaternion.hpp"
#include "fusetrack/core/samples.hpp"
#include "fusetrack/core/status.hpp"
#include "fusetrack/core/stream_clock.hpp"
#include "fusetrack/core/types.hpp"
#include "fusetrack/orientation/magnetic_reference.hpp"
#include "fusetrack/orientation/orientation_flags.hpp"
#include "fusetrack/orientation/rest_detector.hpp"

namespace fusetrack {

struct ComplementaryFilterSettings {
  float acc_lp_tau_s = 3.0f;  // low-pass of the earth-frame specific force, s; (0, 100]
  float acc_tau_s = 2.0f;     // inclination correction time constant, s; (0, 1000]
  float mag_tau_s = 9.0f;     // heading correction time constant, s; (0, 1000]
  float bias_tau_s = 60.0f;   // bias learning from corrections while moving, s; (0, 1e5]
  // Specific-force deviation from 1 g at which the inclination correction is halved, m/s².
  float acc_rejection_m_s2 = 1.0f;  // (0, 100]
  float gyr_noise_rad_s = 0.003f;   // gyroscope noise, RMS per sample, rad/s; (0, 1]
  float bias_walk_rad_s2 = 1e-4f;   // how fast the true bias may wander, rad/s per √s; [0, 1]
  float max_bias_rad_s = 5.0f * kRadPerDeg;  // bias estimate is clamped to this, rad/s
  float max_gap_s = 0.25f;    // a longer gyroscope interval is not integrated; (0, 10]
  bool mag_rejection = true;  // reject magnetometer samples in a disturbed field
  RestDetectorSettings rest{};
  MagneticReferenceSettings mag_reference{};

  Status validate() const noexcept {
    if (!(acc_lp_tau_s > 0.0f && acc_lp_tau_s <= 100.0f)) return Status::kInvalidSettings;
    if (!(acc_tau_s > 0.0f && acc_tau_s <= 1000.0f)) return Status::kInvalidSettings;
    if (!(mag_tau_s > 0.0f && mag_tau_s <= 1000.0f)) return Status::kInvalidSettings;
    if (!(bias_tau_s > 0.0f && bias_tau_s <= 1e5f)) return Status::kInvalidSettings;
    if (!(acc_rejection_m_s2 > 0.0f && acc_rejection_m_s2 <= 100.0f)) {
      return Status::kInvalidSettings;
    }
    if (!(gyr_noise_rad_s > 0.0f && gyr_noise_rad_s <= 1.0f)) return Status::kInvalidSettings;
    if (!(bias_walk_rad_s2 >= 0.0f && bias_walk_rad_s2 <= 1.0f)) return Status::kInvalidSettings;
    if (!(max_bias_rad_s > 0.0f && max_bias_rad_s <= 1.0f)) return Status::kInvalidSettings;
    if (!(max_gap_s > 0.0f && max_gap_s <= 10.0f)) return Status::kInvalidSettings;
    if (!ok(rest.validate()) || !ok(mag_reference.validate())) return Status::kInvalidSettings;
    return Status::kOk;
  }
};

// Plain data: the whole estimate, savable and restorable as bytes.
struct ComplementaryFilterState {
  Quat q_es = Quat::Identity();    // orientation, sensor -> earth (ENU)
  Vec3 bias_rad_s = Vec3::Zero();  // gyroscope bias estimate
  float bias_var = 0.0f;           // variance of each bias component, (rad/s)²
  Vec3 acc_lp_e = Vec3::Zero();    // low-passed specific force in the earth frame, m/s²
  // Corrections from accelerometer and magnetometer not yet folded into q, as a sensor-frame
  // rotation vector (rad): the next gyroscope step integrates them with the rate, so one
  // quaternion product and one normalisation serve every input.
  Vec3 pending_s = Vec3::Zero();
  float acc_fast_s = 0.0f;       // time left in the fast-convergence phase (acc), s
  float mag_fast_s = 0.0f;       // same for heading
  std::uint32_t acc_fast_n = 0;  // samples seen in the fast phase
  std::uint32_t mag_fast_n = 0;
  StreamClock gyr_clock;
  StreamClock acc_clock;
  StreamClock mag_clock;
  OrientationFlags flags;
  RestDetectorState rest;                // copied in by state(), restored by set_state()
  MagneticReferenceState mag_reference;  // same
};

class ComplementaryFilter {
 public:
  // Settings must be valid (check settings.validate() first; the Tracker does). Invalid
  // settings leave status() == kInvalidSettings and every update returns it.
  explicit ComplementaryFilter(const ComplementaryFilterSettings& s = {}) noexcept
      : settings_(s), status_(s.validate()), rest_(s.rest), mag_ref_(s.mag_reference) {
    reset();
  }

  Status status() const noexcept { return status_; }

  // Gyroscope sample (rad/s, sensor frame). Rejected with kNotFinite, kDuplicateTime or
  // kTimeBackwards, state unchanged.
  Status update_gyr(Micros t_us, const Vec3& gyr_rad_s) noexcept {
    float dt = 0.0f;
    const Status st = admit(state_.gyr_clock, t_us, gyr_rad_s, dt);
    if (!ok(st)) return st;
    ComplementaryFilterState& s = state_;
    if (dt > settings_.max_gap_s) {
      start_fast_phase();  // orientation over the gap is unknown: re-converge quickly
      return Status::kOk;
    }
    rest_.update_gyr(gyr_rad_s, dt);
    last_rate_rad_s_ = (gyr_rad_s - state_.bias_rad_s).norm();
    s.flags.at_rest = rest_.at_rest();
    s.bias_var += bias_walk2_ * dt;
    if (s.flags.at_rest) {
      // Scalar Kalman update: each raw sample measures the bias with variance gyr_noise².
      const float k = s.bias_var / (s.bias_var + gyr_noise2_);
      s.bias_rad_s += k * (gyr_rad_s - s.bias_rad_s);
      s.bias_var *= 1.0f - k;
    }
    if (s.flags.initialized && dt > 0.0f) {
      s.q_es = rotate_right(s.q_es, (gyr_rad_s - s.bias_rad_s) * dt + s.pending_s);
      s.pending_s.setZero();
    }
    return Status::kOk;
  }

  // Accelerometer sample (specific force, m/s², sensor frame). The first one initialises the
  // inclination. Rejected like update_gyr; kOutOfRange for a zero vector.
  Status update_acc(Micros t_us, const Vec3& acc_m_s2) noexcept {
    float dt = 0.0f;
    const Status st = admit(state_.acc_clock, t_us, acc_m_s2, dt);
    if (!ok(st)) return st;
    ComplementaryFilterState& s = state_;
    const float acc_norm = acc_m_s2.norm();
    if (!(acc_norm > 1e-3f)) {
      s.flags.acc_rejected = true;  // free fall: no direction to use
      return Status::kOutOfRange;
    }
    rest_.update_acc(acc_m_s2, dt);
    if (!s.flags.initialized) {
      s.q_es = quat_from_gravity(acc_m_s2);
      s.acc_lp_e = Vec3(0.0f, 0.0f, acc_norm);
      s.pending_s.setZero();
      s.flags.initialized = true;
      start_fast_phase();
      return Status::kOk;
    }
    const Vec3 acc_e = rotate(s.q_es, acc_m_s2);
    float k_lp = dt / (settings_.acc_lp_tau_s + dt);
    float k_c = dt / (settings_.acc_tau_s + dt);
    if (s.acc_fast_s > 0.0f) {
      // Fast phase: a running mean (gain 1/n) until one time constant has passed.
      ++s.acc_fast_n;
      const float k_mean = 1.0f / static_cast<float>(s.acc_fast_n);
      k_lp = std::fmax(k_lp, k_mean);
      k_c = std::fmax(k_c, k_mean);
      s.acc_fast_s -= std::fmin(dt, settings_.max_gap_s);  // a gap is not convergence time
      if (s.acc_fast_s <= 0.0f) s.flags.recovering = s.mag_fast_s > 0.0f;
    }
    s.acc_lp_e += k_lp * (acc_e - s.acc_lp_e);
    const float lp_norm = s.acc_lp_e.norm();
    if (!(lp_norm > 1e-3f)) return Status::kOk;
    // Back off while the low-passed specific force is not 1 g (sustained linear or centripetal
    // acceleration); impacts and vibration average out in the low-pass itself.
    const float dev = (lp_norm - kGravity_m_s2) * inv_rejection_;
    const float w = 1.0f / (1.0f + dev * dev);
    s.flags.acc_rejected = w < 0.5f;
    // Rotation (earth frame) that turns the low-passed specific force towards up.
    const float g = k_c * w / lp_norm;
    const Vec3 corr(g * s.acc_lp_e.y(), -g * s.acc_lp_e.x(), 0.0f);
    apply_correction(corr);
    return Status::kOk;
  }

  // Magnetometer sample (µT, sensor frame). The first one after initialisation sets the
  // heading; later ones correct it slowly when the field is clean. Before the first
  // accelerometer sample it is checked and ignored.
  Status update_mag(Micros t_us, const Vec3& mag_ut) noexcept {
    float dt = 0.0f;
    const Status st = admit(state_.mag_clock, t_us, mag_ut, dt);
    if (!ok(st)) return st;
    ComplementaryFilterState& s = state_;
    if (!s.flags.initialized) return Status::kOk;
    const Vec3 m_e = rotate(s.q_es, mag_ut);
    const float h2 = m_e.x() * m_e.x() + m_e.y() * m_e.y();
    if (!(h2 > 1e-6f)) {
      s.flags.mag_disturbed = true;  // no horizontal part: no heading to use
      return Status::kOutOfRange;
    }
    const float h = std::sqrt(h2);
    const float norm = std::sqrt(h2 + m_e.z() * m_e.z());
    const float dip = fast_atan2(-m_e.z(), h);
    const bool clean = mag_ref_.update(norm, dip, dt, last_rate_rad_s_) || !settings_.mag_rejection;
    s.flags.mag_disturbed = !clean;
    if (!clean) return Status::kOk;
    const float heading = heading_of(m_e);
    if (!s.flags.heading_set) {
      rotate_heading_exact(heading);
      s.flags.heading_set = true;
      s.mag_fast_s = settings_.mag_tau_s;
      s.mag_fast_n = 1;
      return Status::kOk;
    }
    float k = dt / (settings_.mag_tau_s + dt);
    if (s.mag_fast_s > 0.0f) {
      ++s.mag_fast_n;
      k = std::fmax(k, 1.0f / static_cast<float>(s.mag_fast_n));
      s.mag_fast_s -= std::fmin(dt, settings_.max_gap_s);
      if (s.mag_fast_s <= 0.0f) s.flags.recovering = s.acc_fast_s > 0.0f;
    }
    const float angle = k * heading;
    s.acc_lp_e += Vec3(-angle * s.acc_lp_e.y(), angle * s.acc_lp_e.x(), 0.0f);
    // Heading only, and no bias learning from it: a bias learned from a wrong field would tilt
    // the estimate later, once the device turns.
    s.pending_s += angle * up_in_sensor(s.q_es);
    return Status::kOk;
  }

  // One IMU FIFO entry (gyroscope and accelerometer read together): a 6D step.
  // The combined forms check every part (values and both clocks) before changing anything, so
  // a bad half of an entry leaves the whole state unchanged.
  Status update(Micros t_us, const Vec3& gyr_rad_s, const Vec3& acc_m_s2) noexcept {
    const Status st = precheck(t_us, gyr_rad_s, acc_m_s2);
    if (!ok(st)) return st;
    (void)update_gyr(t_us, gyr_rad_s);
    return update_acc(t_us, acc_m_s2);
  }
  // A 9D step: gyroscope, accelerometer and magnetometer read together.
  Status update(Micros t_us, const Vec3& gyr_rad_s, const Vec3& acc_m_s2,
                const Vec3& mag_ut) noexcept {
    Status st = precheck(t_us, gyr_rad_s, acc_m_s2);
    if (ok(st) && !all_finite(mag_ut)) st = Status::kNotFinite;
    float dt = 0.0f;
    if (ok(st)) st = state_.mag_clock.interval(t_us, dt);
    if (!ok(st)) return st;
    (void)update(t_us, gyr_rad_s, acc_m_s2);  // a zero specific force does not stop the mag
    return update_mag(t_us, mag_ut);
  }
  Status update(const ImuSample& s) noexcept { return update(s.t_us, s.gyr_rad_s, s.acc_m_s2); }

  // Orientation q_ES: sensor -> earth (ENU). Heading is arbitrary until a magnetometer sample.
  const Quat& orientation() const noexcept { return state_.q_es; }
  const Vec3& gyr_bias_rad_s() const noexcept { return state_.bias_rad_s; }
  const OrientationFlags& flags() const noexcept { return state_.flags; }
  // A copy of the whole state, including the rest detector's and the reference field's.
  ComplementaryFilterState state() const noexcept {
    ComplementaryFilterState s = state_;
    s.rest = rest_.state();
    s.mag_reference = mag_ref_.state();
    return s;
  }
  void set_state(const ComplementaryFilterState& s) noexcept {
    state_ = s;
    rest_.set_state(s.rest);
    mag_ref_.set_state(s.mag_reference);
  }
  const ComplementaryFilterSettings& settings() const noexcept { return settings_; }

  void reset() noexcept {
    state_ = ComplementaryFilterState{};
    state_.bias_var = settings_.max_bias_rad_s * settings_.max_bias_rad_s;
    rest_.reset();
    mag_ref_.reset();
    gyr_noise2_ = settings_.gyr_noise_rad_s * settings_.gyr_noise_rad_s;
    bias_walk2_ = settings_.bias_walk_rad_s2 * settings_.bias_walk_rad_s2;
    inv_rejection_ = 1.0f / settings_.acc_rejection_m_s2;
    inv_bias_tau_ = 1.0f / settings_.bias_tau_s;
  }

 private:
  Status precheck(Micros t_us, const Vec3& gyr_rad_s, const Vec3& acc_m_s2) const noexcept {
    if (!ok(status_)) return status_;
    if (!all_finite(gyr_rad_s) || !all_finite(acc_m_s2)) return Status::kNotFinite;
    float dt = 0.0f;
    const Status st = state_.gyr_clock.interval(t_us, dt);
    if (!ok(st)) return st;
    return state_.acc_clock.interval(t_us, dt);
  }

  Status admit(StreamClock& clock, Micros t_us, const Vec3& v, float& dt) noexcept {
    if (!ok(status_)) return status_;
    if (!all_finite(v)) return Status::kNotFinite;
    const Status st = clock.interval(t_us, dt);
    if (!ok(st)) return st;
    clock.advance(t_us);
    return Status::kOk;
  }

  void start_fast_phase() noexcept {
    ComplementaryFilterState& s = state_;
    s.acc_fast_s = settings_.acc_tau_s;
    s.acc_fast_n = 0;
    if (s.flags.heading_set) {
      s.mag_fast_s = settings_.mag_tau_s;
      s.mag_fast_n = 0;
    }
    s.flags.recovering = true;
  }

  // Queues an earth-frame inclination correction for the next gyroscope step and keeps the
  // low-passed specific force expressed in the corrected frame.
  void apply_correction(const Vec3& corr_e) noexcept {
    ComplementaryFilterState& s = state_;
    const Vec3 corr_s = rotate_inverse(s.q_es, corr_e);
    s.pending_s += corr_s;
    s.acc_lp_e += corr_e.cross(s.acc_lp_e);
    if (!s.flags.at_rest && s.acc_fast_s <= 0.0f) learn_bias(corr_s);
  }

  // Turns the estimate about the earth's up axis by a large angle (initial heading).
  void rotate_heading_exact(float angle_rad) noexcept {
    ComplementaryFilterState& s = state_;
    s.q_es = rotate_about_up(s.q_es, angle_rad).normalized();
    const float c = std::cos(angle_rad);
    const float sn = std::sin(angle_rad);
    const Vec3 v = s.acc_lp_e;
    s.acc_lp_e = Vec3(c * v.x() - sn * v.y(), sn * v.x() + c * v.y(), v.z());
  }

  // Mahony integral term: a correction that keeps recurring (sensor frame, rad) is gyroscope
  // bias; the rate that would have produced it is removed slowly.
  void learn_bias(const Vec3& corr_s) noexcept {
    ComplementaryFilterState& s = state_;
    s.bias_rad_s -= corr_s * inv_bias_tau_;
    const float m = settings_.max_bias_rad_s;
    s.bias_rad_s = s.bias_rad_s.cwiseMax(-m).cwiseMin(m);
  }

  ComplementaryFilterSettings settings_;
  Status status_;
  RestDetector rest_;
  MagneticReference mag_ref_;
  ComplementaryFilterState state_;
  float last_rate_rad_s_ = 0.0f;  // latest bias-corrected turn rate, for the field check
  float gyr_noise2_ = 0.0f;
  float bias_walk2_ = 0.0f;
  float inv_rejection_ = 0.0f;
  float inv_bias_tau_ = 0.0f;
};

}  // namespace fusetrack
