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
//   gyroscope), and slowly from the corrections while moving (Mahony's integral term), except
//   about the mean vertical, which inclination corrections cannot observe (see acc_step).
//
// Cost: a combined update (one IMU FIFO entry, with or without a magnetometer sample) checks
// every part once, then runs the same gyroscope, accelerometer and magnetometer steps as the
// single-stream updates; one rotation matrix of q_ES serves both vector steps of an entry.
#pragma once

#include <cmath>

#include "fusetrack/core/checksum.hpp"
#include "fusetrack/core/compiler.hpp"
#include "fusetrack/core/quaternion.hpp"
#include "fusetrack/core/samples.hpp"
#include "fusetrack/core/status.hpp"
#include "fusetrack/core/stream_clock.hpp"
#include "fusetrack/core/types.hpp"
#include "fusetrack/orientation/filter_outputs.hpp"
#include "fusetrack/orientation/magnetic_reference.hpp"
#include "fusetrack/orientation/orientation_flags.hpp"
#include "fusetrack/orientation/rest_detector.hpp"
#include "fusetrack/orientation/sample_admission.hpp"

namespace fusetrack {

struct ComplementaryFilterSettings {
  float acc_lp_tau_s = 3.0f;  // low-pass of the earth-frame specific force, s; (0, 100]
  float acc_tau_s = 2.0f;     // inclination correction time constant, s; (0, 1000]
  float mag_tau_s = 9.0f;     // heading correction time constant, s; (0, 1000]
  float bias_tau_s = 240.0f;  // bias learning from corrections while moving, s; (0, 1e5]
  // Low-pass of the earth's up axis seen in the sensor frame, s; (0, 1000]: while moving, no
  // bias is learned about this mean vertical. Longer than a stride (about 1 s).
  float bias_vertical_tau_s = 10.0f;
  // Specific-force deviation from 1 g at which the inclination correction is halved, m/s².
  float acc_rejection_m_s2 = 1.0f;  // (0, 100]
  float gyr_noise_rad_s = 0.003f;   // gyroscope noise, RMS per sample, rad/s; (0, 1]
  float bias_walk_rad_s2 = 1e-4f;   // how fast the true bias may wander, rad/s per √s; [0, 1]
  float max_bias_rad_s = 5.0f * kRadPerDeg;  // bias estimate is clamped to this, rad/s
  float max_gap_s = 0.25f;    // a longer gyroscope interval is not integrated; (0, 10]
  bool mag_rejection = true;  // reject magnetometer samples in a disturbed field
  RestDetectorSettings rest{};
  MagneticReferenceSettings mag_reference{};

  // Every field, in order, into `h` (the saved state records the settings that made it).
  void hash_into(SettingsHash& h) const noexcept {
    h.add(acc_lp_tau_s);
    h.add(acc_tau_s);
    h.add(mag_tau_s);
    h.add(bias_tau_s);
    h.add(bias_vertical_tau_s);
    h.add(acc_rejection_m_s2);
    h.add(gyr_noise_rad_s);
    h.add(bias_walk_rad_s2);
    h.add(max_bias_rad_s);
    h.add(max_gap_s);
    h.add(mag_rejection);
    rest.hash_into(h);
    mag_reference.hash_into(h);
  }

  // The name of the first field out of its range (NaN included), or nullptr when all are valid;
  // "rest" or "mag_reference" when a field of that nested group is.
  const char* first_invalid_field() const noexcept {
    if (!(acc_lp_tau_s > 0.0f && acc_lp_tau_s <= 100.0f)) return "acc_lp_tau_s";
    if (!(acc_tau_s > 0.0f && acc_tau_s <= 1000.0f)) return "acc_tau_s";
    if (!(mag_tau_s > 0.0f && mag_tau_s <= 1000.0f)) return "mag_tau_s";
    if (!(bias_tau_s > 0.0f && bias_tau_s <= 1e5f)) return "bias_tau_s";
    if (!(bias_vertical_tau_s > 0.0f && bias_vertical_tau_s <= 1000.0f)) {
      return "bias_vertical_tau_s";
    }
    if (!(acc_rejection_m_s2 > 0.0f && acc_rejection_m_s2 <= 100.0f)) return "acc_rejection_m_s2";
    if (!(gyr_noise_rad_s > 0.0f && gyr_noise_rad_s <= 1.0f)) return "gyr_noise_rad_s";
    if (!(bias_walk_rad_s2 >= 0.0f && bias_walk_rad_s2 <= 1.0f)) return "bias_walk_rad_s2";
    if (!(max_bias_rad_s > 0.0f && max_bias_rad_s <= 1.0f)) return "max_bias_rad_s";
    if (!(max_gap_s > 0.0f && max_gap_s <= 10.0f)) return "max_gap_s";
    if (!ok(rest.validate())) return "rest";
    if (!ok(mag_reference.validate())) return "mag_reference";
    return nullptr;
  }
  Status validate() const noexcept {
    return first_invalid_field() == nullptr ? Status::kOk : Status::kInvalidSettings;
  }
};

// Plain data: the whole estimate, savable and restorable as bytes.
struct ComplementaryFilterState {
  Quat q_es = Quat::Identity();    // orientation, sensor -> earth (ENU)
  Vec3 bias_rad_s = Vec3::Zero();  // gyroscope bias estimate
  float bias_var = 0.0f;           // variance of each bias component, (rad/s)²
  Vec3 acc_lp_e = Vec3::Zero();    // low-passed specific force in the earth frame, m/s²
  Vec3 up_lp_s = Vec3::UnitZ();    // earth's up in the sensor frame, low-passed (unit at most)
  // Corrections from accelerometer and magnetometer not yet folded into q, as a sensor-frame
  // rotation vector (rad): the next gyroscope step integrates them with the rate, so one
  // quaternion product and one normalisation serve every input.
  Vec3 pending_s = Vec3::Zero();
  float turn_rate2 = 0.0f;       // latest bias-corrected turn rate squared, (rad/s)², field check
  float acc_fast_s = 0.0f;       // time left in the fast-convergence phase (acc), s
  float mag_fast_s = 0.0f;       // same for heading
  std::uint32_t acc_fast_n = 0;  // samples seen in the fast phase
  std::uint32_t mag_fast_n = 0;
  StreamClock gyr_clock;
  StreamClock acc_clock;
  StreamClock mag_clock;
  Vec3 acc_s_m_s2 = Vec3::Zero();  // the latest accepted accelerometer sample, sensor frame
  std::uint32_t restarts = 0;      // fast re-convergences after a gyroscope gap > max_gap_s
  OrientationFlags flags;
  std::uint8_t reserved0 = 0;  // explicit padding, here and below (saved state): always zero
  RestDetectorState rest;      // the rest detector's state (the only copy)
  MagneticReferenceState mag_reference;  // the reference field's state (the only copy)
  std::uint8_t reserved1[4] = {};        // to the 16-byte alignment of q_es
};
static_assert(sizeof(ComplementaryFilterState) == 224,
              "ComplementaryFilterState: no implicit padding");

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
    gyr_step(gyr_rad_s, dt);
    return Status::kOk;
  }

  // Accelerometer sample (specific force, m/s², sensor frame). The first one initialises the
  // inclination. Rejected like update_gyr; kOutOfRange for a zero vector.
  Status update_acc(Micros t_us, const Vec3& acc_m_s2) noexcept {
    float dt = 0.0f;
    const Status st = admit(state_.acc_clock, t_us, acc_m_s2, dt);
    if (!ok(st)) return st;
    return acc_step(acc_m_s2, dt, state_.q_es.toRotationMatrix());
  }

  // Magnetometer sample (µT, sensor frame). The first one after initialisation sets the
  // heading; later ones correct it slowly when the field is clean. Before the first
  // accelerometer sample it is checked and ignored.
  Status update_mag(Micros t_us, const Vec3& mag_ut) noexcept {
    float dt = 0.0f;
    const Status st = admit(state_.mag_clock, t_us, mag_ut, dt);
    if (!ok(st)) return st;
    if (!state_.flags.initialized) return Status::kOk;
    return mag_step(mag_ut, dt, state_.q_es.toRotationMatrix());
  }

  // One IMU FIFO entry (gyroscope and accelerometer read together): a 6D step, the same as
  // update_gyr then update_acc. The combined forms check every part (values first, then every
  // stream's clock) before changing anything, so a bad part of an entry leaves the whole state
  // unchanged; then they run the same steps as the single-stream updates without checking again.
  Status update(Micros t_us, const Vec3& gyr_rad_s, const Vec3& acc_m_s2) noexcept {
    if (!ok(status_)) return status_;
    EntryIntervals dt;
    const Status st =
        admit_entry(t_us, gyr_rad_s, acc_m_s2, state_.gyr_clock, state_.acc_clock, dt);
    if (!ok(st)) return st;
    gyr_step(gyr_rad_s, dt.gyr_s);
    return acc_step(acc_m_s2, dt.acc_s, state_.q_es.toRotationMatrix());
  }
  // A 9D step: gyroscope, accelerometer and magnetometer read together; the same as update_gyr,
  // update_acc, update_mag in turn (a zero specific force does not stop the magnetometer; the
  // result is the magnetometer's).
  Status update(Micros t_us, const Vec3& gyr_rad_s, const Vec3& acc_m_s2,
                const Vec3& mag_ut) noexcept {
    if (!ok(status_)) return status_;
    EntryIntervals dt;
    const Status st = admit_entry(t_us, gyr_rad_s, acc_m_s2, mag_ut, state_.gyr_clock,
                                  state_.acc_clock, state_.mag_clock, dt);
    if (!ok(st)) return st;
    gyr_step(gyr_rad_s, dt.gyr_s);
    // Once initialised, the accelerometer step leaves q_es as it is (its correction waits in
    // pending_s), so one rotation matrix serves both vector steps.
    const bool was_initialized = state_.flags.initialized;
    Mat3 r = state_.q_es.toRotationMatrix();
    (void)acc_step(acc_m_s2, dt.acc_s, r);
    if (!was_initialized) {  // this entry's accelerometer sample may just have set q_es
      if (!state_.flags.initialized) return Status::kOk;
      r = state_.q_es.toRotationMatrix();
    }
    return mag_step(mag_ut, dt.mag_s, r);
  }
  Status update(const ImuSample& s) noexcept { return update(s.t_us, s.gyr_rad_s, s.acc_m_s2); }

  // Orientation q_ES: sensor -> earth (ENU). Heading is arbitrary until a magnetometer sample.
  const Quat& orientation() const noexcept { return state_.q_es; }
  const Vec3& gyr_bias_rad_s() const noexcept { return state_.bias_rad_s; }
  const OrientationFlags& flags() const noexcept { return state_.flags; }
  // A copy of the whole state, including the rest detector's and the reference field's.
  // The whole estimate as plain data (the rest detector's and the reference field's included);
  // a filter given it with set_state() continues bit for bit.
  const ComplementaryFilterState& state() const noexcept { return state_; }
  void set_state(const ComplementaryFilterState& s) noexcept { state_ = s; }
  // Gravity in the sensor frame and linear acceleration in the earth frame, m/s²; zero before
  // initialisation (filter_outputs.hpp).
  Vec3 gravity_s_m_s2() const noexcept { return gravity_of(state_); }
  Vec3 linear_acc_e_m_s2() const noexcept { return linear_acc_of(state_); }
  const ComplementaryFilterSettings& settings() const noexcept { return settings_; }

  void reset() noexcept {
    assign_default(state_);
    state_.bias_var = settings_.max_bias_rad_s * settings_.max_bias_rad_s;
    gyr_noise2_ = settings_.gyr_noise_rad_s * settings_.gyr_noise_rad_s;
    bias_walk2_ = settings_.bias_walk_rad_s2 * settings_.bias_walk_rad_s2;
    inv_rejection_ = 1.0f / settings_.acc_rejection_m_s2;
    inv_bias_tau_ = 1.0f / settings_.bias_tau_s;
  }

  // The Tracker saw this stream's time stamps jump (StreamCheck's TimeClass::kJump, a clock
  // reset or a wild time stamp): its clock starts afresh at the next sample, and after a jump of
  // the IMU's the estimate re-converges as after a long gap (counted in restarts).
  void imu_time_jumped() noexcept {
    state_.gyr_clock = StreamClock{};
    state_.acc_clock = StreamClock{};
    if (!state_.flags.initialized) return;
    ++state_.restarts;
    start_fast_phase();
  }
  void mag_time_jumped() noexcept { state_.mag_clock = StreamClock{}; }

 private:
  // Checks one sample of one stream and, when it is accepted, advances that stream's clock.
  Status admit(StreamClock& clock, Micros t_us, const Vec3& v, float& dt) noexcept {
    if (!ok(status_)) return status_;
    return admit_sample(clock, t_us, v, dt);
  }

  // The gyroscope step on an accepted sample, `dt` s after the previous one. The steps work on
  // scalar copies of their inputs and of the state they update: a write to the state could
  // alias a caller's vector, and the copies let the compiler keep everything in registers.
  FUSETRACK_ALWAYS_INLINE void gyr_step(const Vec3& gyr_rad_s, float dt) noexcept {
    ComplementaryFilterState& s = state_;
    if (dt > settings_.max_gap_s) {
      // Orientation over the gap is unknown: re-converge quickly.
      if (s.flags.initialized) ++s.restarts;
      start_fast_phase();
      return;
    }
    const float gx = gyr_rad_s.x(), gy = gyr_rad_s.y(), gz = gyr_rad_s.z();
    rest_.update_gyr(s.rest, gyr_rad_s, dt);
    s.flags.at_rest = s.rest.at_rest;
    float bx = s.bias_rad_s.x(), by = s.bias_rad_s.y(), bz = s.bias_rad_s.z();
    float wx = gx - bx, wy = gy - by, wz = gz - bz;
    state_.turn_rate2 = wx * wx + wy * wy + wz * wz;  // with the bias before this sample
    s.bias_var += bias_walk2_ * dt;
    if (s.flags.at_rest) {
      // Scalar Kalman update: each raw sample measures the bias with variance gyr_noise².
      const float k = s.bias_var / (s.bias_var + gyr_noise2_);
      bx += k * wx;
      by += k * wy;
      bz += k * wz;
      s.bias_rad_s = Vec3(bx, by, bz);
      s.bias_var *= 1.0f - k;
      wx = gx - bx;
      wy = gy - by;
      wz = gz - bz;
    }
    if (s.flags.initialized && dt > 0.0f) {
      const Vec3& p = s.pending_s;
      s.q_es = rotate_right(s.q_es, Vec3(wx * dt + p.x(), wy * dt + p.y(), wz * dt + p.z()));
      s.pending_s.setZero();
    }
  }

  // The accelerometer step on an accepted sample; `r` is the rotation matrix of q_es (used only
  // once q_es is initialised).
  FUSETRACK_ALWAYS_INLINE Status acc_step(const Vec3& acc_m_s2, float dt, const Mat3& r) noexcept {
    ComplementaryFilterState& s = state_;
    const float ax = acc_m_s2.x(), ay = acc_m_s2.y(), az = acc_m_s2.z();
    s.acc_s_m_s2 = Vec3(ax, ay, az);  // kept in free fall too: linear acceleration is then -g
    const float acc_norm2 = ax * ax + ay * ay + az * az;
    if (!(acc_norm2 > 1e-6f)) {     // |acc| <= 1e-3 m/s²
      s.flags.acc_rejected = true;  // free fall: no direction to use
      return Status::kOutOfRange;
    }
    rest_.update_acc(s.rest, acc_m_s2, dt);
    if (!s.flags.initialized) {
      s.q_es = quat_from_gravity(acc_m_s2);
      s.acc_lp_e = Vec3(0.0f, 0.0f, sqrt_nonneg(acc_norm2));
      s.up_lp_s = acc_m_s2 / sqrt_nonneg(acc_norm2);
      s.pending_s.setZero();
      s.flags.initialized = true;
      start_fast_phase();
      return Status::kOk;
    }
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
    // The specific force in the earth frame, R(q_ES) acc, low-passed.
    float lx = s.acc_lp_e.x(), ly = s.acc_lp_e.y(), lz = s.acc_lp_e.z();
    lx += k_lp * (r(0, 0) * ax + r(0, 1) * ay + r(0, 2) * az - lx);
    ly += k_lp * (r(1, 0) * ax + r(1, 1) * ay + r(1, 2) * az - ly);
    lz += k_lp * (r(2, 0) * ax + r(2, 1) * ay + r(2, 2) * az - lz);
    const float lp_h2 = lx * lx + ly * ly;
    const float lp_norm2 = lp_h2 + lz * lz;
    if (!(lp_norm2 > 1e-6f)) {
      s.acc_lp_e = Vec3(lx, ly, lz);
      return Status::kOk;
    }
    const float lp_norm = sqrt_nonneg(lp_norm2);
    // Back off while the low-passed specific force is not 1 g (sustained linear or centripetal
    // acceleration); impacts and vibration average out in the low-pass itself. The weight is
    // 1 / (1 + dev²), below one half exactly when |dev| > 1.
    const float dev = (lp_norm - kGravity_m_s2) * inv_rejection_;
    const float dev2 = dev * dev;
    s.flags.acc_rejected = dev2 > 1.0f;
    // The correction turns the low-pass towards up: the earth-frame rotation vector
    // g (ly, -lx, 0), about the horizontal axis across its tilt, by k_c * weight times the sine
    // of that tilt (horizontal part over norm).
    const float g = k_c / ((1.0f + dev2) * lp_norm);
    // The low-pass turns with the frame: l += g (ly, -lx, 0) × l = g (-lx lz, -ly lz, lx² + ly²).
    const float shrink = 1.0f - g * lz;
    s.acc_lp_e = Vec3(lx * shrink, ly * shrink, lz + g * lp_h2);
    // The correction in the sensor frame, R(q_ES)ᵀ g (ly, -lx, 0), is queued for the next
    // gyroscope step.
    const float sx = g * (ly * r(0, 0) - lx * r(1, 0));
    const float sy = g * (ly * r(0, 1) - lx * r(1, 1));
    const float sz = g * (ly * r(0, 2) - lx * r(1, 2));
    s.pending_s += Vec3(sx, sy, sz);
    // The earth's up axis in the sensor frame (third row of R), low-passed.
    const float k_up = dt / (settings_.bias_vertical_tau_s + dt);
    s.up_lp_s += k_up * (Vec3(r(2, 0), r(2, 1), r(2, 2)) - s.up_lp_s);
    if (!s.flags.at_rest && s.acc_fast_s <= 0.0f) {
      // Mahony's integral term: a correction that keeps recurring is gyroscope bias; the rate
      // that would have produced it is removed slowly (bias clamped to max_bias_rad_s).
      // Not about the mean vertical û: a bias about û turns the heading and hardly tilts, so
      // nothing pulls it back, and at a swinging wrist the correction, made from a low-passed
      // specific force that still carries a residue of the arm's acceleration at the stride
      // frequency, times the swinging Rᵀ has a mean along û (first order in the swing angle).
      // Learned, it summed up to 2 °/s in half an hour of running. VQF likewise gives its
      // motion bias estimate almost no information about the vertical (Laidig & Seel, 2023,
      // "VQF: Highly accurate IMU orientation estimation with bias estimation and magnetic
      // disturbance rejection"; in its reference code the vertical row's measurement noise is
      // the horizontal one divided by biasVerticalForgettingFactor = 1e-4).
      const float up2 = s.up_lp_s.squaredNorm();
      const float along = up2 > 1e-6f ? s.up_lp_s.dot(Vec3(sx, sy, sz)) / up2 : 0.0f;
      const float m = settings_.max_bias_rad_s;
      const float kb = inv_bias_tau_;
      s.bias_rad_s = Vec3(clamp(s.bias_rad_s.x() - kb * (sx - along * s.up_lp_s.x()), m),
                          clamp(s.bias_rad_s.y() - kb * (sy - along * s.up_lp_s.y()), m),
                          clamp(s.bias_rad_s.z() - kb * (sz - along * s.up_lp_s.z()), m));
    }
    return Status::kOk;
  }

  // The magnetometer step on an accepted sample, once q_es is initialised; `r` is its rotation
  // matrix.
  FUSETRACK_ALWAYS_INLINE Status mag_step(const Vec3& mag_ut, float dt, const Mat3& r) noexcept {
    ComplementaryFilterState& s = state_;
    const float mx = mag_ut.x(), my = mag_ut.y(), mz = mag_ut.z();
    // The field in the earth frame, R(q_ES) m.
    const float ex = r(0, 0) * mx + r(0, 1) * my + r(0, 2) * mz;
    const float ey = r(1, 0) * mx + r(1, 1) * my + r(1, 2) * mz;
    const float ez = r(2, 0) * mx + r(2, 1) * my + r(2, 2) * mz;
    const float h2 = ex * ex + ey * ey;
    if (!(h2 > 1e-6f)) {
      s.flags.mag_disturbed = true;  // no horizontal part: no heading to use
      return Status::kOutOfRange;
    }
    const float h = sqrt_nonneg(h2);
    const float norm = sqrt_nonneg(h2 + ez * ez);
    const float dip = fast_atan2(-ez, h);
    const bool clean =
        mag_ref_.update(s.mag_reference, norm, dip, dt, sqrt_nonneg(state_.turn_rate2)) ||
        !settings_.mag_rejection;
    s.flags.mag_disturbed = !clean;
    if (!clean) return Status::kOk;
    const float heading = heading_of(Vec3(ex, ey, ez));
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
    const float lx = s.acc_lp_e.x(), ly = s.acc_lp_e.y();
    s.acc_lp_e.x() = lx - angle * ly;
    s.acc_lp_e.y() = ly + angle * lx;
    // Heading only, and no bias learning from it: a bias learned from a wrong field would tilt
    // the estimate later, once the device turns. The earth's up axis in the sensor frame is
    // the third row of R(q_ES).
    s.pending_s += Vec3(angle * r(2, 0), angle * r(2, 1), angle * r(2, 2));
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

  // Turns the estimate about the earth's up axis by a large angle (initial heading).
  void rotate_heading_exact(float angle_rad) noexcept {
    ComplementaryFilterState& s = state_;
    s.q_es = rotate_about_up(s.q_es, angle_rad).normalized();
    const float c = std::cos(angle_rad);
    const float sn = std::sin(angle_rad);
    const Vec3 v = s.acc_lp_e;
    s.acc_lp_e = Vec3(c * v.x() - sn * v.y(), sn * v.x() + c * v.y(), v.z());
  }

  // Square root of a value known to be >= 0: Eigen's numext::sqrt is the bare instruction
  // where the target has one, whereas std::sqrt adds a test (errno for a negative argument).
  static float sqrt_nonneg(float v) noexcept { return Eigen::numext::sqrt(v); }

  // `v` limited to [-limit, limit].
  static float clamp(float v, float limit) noexcept {
    return v < -limit ? -limit : (v > limit ? limit : v);
  }

  ComplementaryFilterSettings settings_;
  Status status_;
  RestDetector rest_;
  MagneticReference mag_ref_;
  ComplementaryFilterState state_;
  float gyr_noise2_ = 0.0f;
  float bias_walk2_ = 0.0f;
  float inv_rejection_ = 0.0f;
  float inv_bias_tau_ = 0.0f;
};

}  // namespace fusetrack
