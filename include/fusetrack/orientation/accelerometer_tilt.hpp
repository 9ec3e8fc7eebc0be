// AccelerometerTilt: inclination (the direction of gravity) from the accelerometer alone, for
// devices without a gyroscope. Heading is unavailable: nothing on such a device measures a turn
// about the vertical, so q_ES carries the smallest rotation that takes gravity to up and
// flags().heading_set stays false (acc_only is set).
//
// How it works: the specific force is low-passed in the sensor frame (time constant
// acc_lp_tau_s); gravity is the low-pass scaled to 1 g. Without a gyroscope there is no
// prediction between samples, so the time constant is a trade: a wrist that turns is followed
// within about tau, a linear acceleration of period well below tau is averaged out. On a wrist
// that swings while walking or running neither holds (the arm turns and accelerates within one
// swing), and no accelerometer-only estimate is good there: on the simulated wrist (README) the
// inclination RMSE is about 17° walking and 32° running, against under 2° at rest. Weighting
// samples by how close |a| is to 1 g, as the gyroscope filters do, was tried and made running
// worse (it keeps one phase of the swing). Rest (flags().at_rest) comes from the accelerometer
// alone (RestDetector).
#pragma once

#include <cmath>

#include "fusetrack/core/checksum.hpp"
#include "fusetrack/core/quaternion.hpp"
#include "fusetrack/core/samples.hpp"
#include "fusetrack/core/status.hpp"
#include "fusetrack/core/stream_clock.hpp"
#include "fusetrack/core/types.hpp"
#include "fusetrack/orientation/filter_outputs.hpp"
#include "fusetrack/orientation/orientation_flags.hpp"
#include "fusetrack/orientation/rest_detector.hpp"
#include "fusetrack/orientation/sample_admission.hpp"

namespace fusetrack {

struct AccelerometerTiltSettings {
  float acc_lp_tau_s = 0.5f;  // low-pass of the sensor-frame specific force, s; (0, 100]
  float max_gap_s = 0.25f;    // after a longer interval the low-pass restarts; (0, 10]
  RestDetectorSettings rest{};

  // Every field, in order, into `h` (the saved state records the settings that made it).
  void hash_into(SettingsHash& h) const noexcept {
    h.add(acc_lp_tau_s);
    h.add(max_gap_s);
    rest.hash_into(h);
  }

  // The name of the first field out of its range (NaN included), or nullptr when all are valid;
  // "rest" when a field of the rest detector's settings is.
  const char* first_invalid_field() const noexcept {
    if (!(acc_lp_tau_s > 0.0f && acc_lp_tau_s <= 100.0f)) return "acc_lp_tau_s";
    if (!(max_gap_s > 0.0f && max_gap_s <= 10.0f)) return "max_gap_s";
    if (!ok(rest.validate())) return "rest";
    return nullptr;
  }
  Status validate() const noexcept {
    return first_invalid_field() == nullptr ? Status::kOk : Status::kInvalidSettings;
  }
};

// Plain data: the whole estimate.
struct AccelerometerTiltState {
  Quat q_es = Quat::Identity();    // smallest rotation taking gravity to up; heading meaningless
  Vec3 acc_lp_s = Vec3::Zero();    // low-passed specific force, sensor frame, m/s²
  Vec3 acc_s_m_s2 = Vec3::Zero();  // the latest accepted accelerometer sample
  float span_s = 0.0f;             // time gathered since (re)start: a running mean until tau
  std::uint32_t restarts = 0;      // low-pass restarts after a gap longer than max_gap_s
  StreamClock acc_clock;
  OrientationFlags flags;
  std::uint8_t reserved0 = 0;  // explicit padding, here and below (saved state): always zero
  RestDetectorState rest;
  std::uint8_t reserved1[8] = {};  // to the 16-byte alignment of q_es
};
static_assert(sizeof(AccelerometerTiltState) == 112, "AccelerometerTiltState: no implicit padding");

class AccelerometerTilt {
 public:
  explicit AccelerometerTilt(const AccelerometerTiltSettings& s = {}) noexcept
      : settings_(s), status_(s.validate()), rest_(s.rest) {
    reset();
  }

  Status status() const noexcept { return status_; }

  // Accelerometer sample (specific force, m/s², sensor frame). Rejected with kNotFinite,
  // kDuplicateTime or kTimeBackwards, state unchanged; kOutOfRange (counted in flags as
  // acc_rejected) for a zero vector, which has no direction.
  Status update_acc(Micros t_us, const Vec3& acc_m_s2) noexcept {
    if (!ok(status_)) return status_;
    float dt = 0.0f;
    const Status st = admit_sample(state_.acc_clock, t_us, acc_m_s2, dt);
    if (!ok(st)) return st;
    return acc_step(acc_m_s2, dt);
  }
  // An IMU entry: only its accelerometer is used (a gyroscope reading, if any, is ignored).
  Status update(const ImuSample& s) noexcept { return update_acc(s.t_us, s.acc_m_s2); }
  // Heading is unavailable without a gyroscope: magnetometer samples are accepted and ignored.
  Status update_mag(Micros, const Vec3&) noexcept { return status_; }

  const Quat& orientation() const noexcept { return state_.q_es; }
  // No gyroscope, no bias: always zero.
  Vec3 gyr_bias_rad_s() const noexcept { return Vec3::Zero(); }
  const OrientationFlags& flags() const noexcept { return state_.flags; }
  // Gravity in the sensor frame and linear acceleration in the earth frame, m/s²; zero before
  // initialisation (filter_outputs.hpp).
  Vec3 gravity_s_m_s2() const noexcept { return gravity_of(state_); }
  Vec3 linear_acc_e_m_s2() const noexcept { return linear_acc_of(state_); }
  const AccelerometerTiltState& state() const noexcept { return state_; }
  void set_state(const AccelerometerTiltState& s) noexcept { state_ = s; }
  const AccelerometerTiltSettings& settings() const noexcept { return settings_; }

  void reset() noexcept {
    assign_default(state_);
    state_.flags.acc_only = true;
  }

  // The Tracker saw this stream's time stamps jump (StreamCheck's TimeClass::kJump, a clock
  // reset or a wild time stamp): its clock starts afresh at the next sample, and after a jump of
  // the IMU's the estimate re-converges as after a long gap (counted in restarts).
  void imu_time_jumped() noexcept {
    state_.acc_clock = StreamClock{};
    if (!state_.flags.initialized) return;
    state_.span_s = 0.0f;
    ++state_.restarts;
    state_.flags.recovering = true;
  }
  // No magnetometer use, no magnetometer clock.
  void mag_time_jumped() noexcept {}

 private:
  Status acc_step(const Vec3& acc_m_s2, float dt) noexcept {
    AccelerometerTiltState& s = state_;
    s.acc_s_m_s2 = acc_m_s2;
    const float norm2 = acc_m_s2.squaredNorm();
    if (!(norm2 > 1e-6f)) {
      s.flags.acc_rejected = true;  // free fall: no direction to use
      return Status::kOutOfRange;
    }
    rest_.update_acc_only(s.rest, acc_m_s2, dt);
    s.flags.at_rest = s.rest.at_rest;
    s.flags.acc_rejected = false;
    if (dt > settings_.max_gap_s && s.flags.initialized) {
      s.span_s = 0.0f;  // the device may have turned any way during the gap
      ++s.restarts;
      s.flags.recovering = true;
    }
    // A running mean until one time constant has gathered (so the start needs no settling),
    // then a first-order low-pass with gain dt / (tau + dt). The first sample after a
    // (re)start replaces the low-pass outright.
    const float dtc = std::fmin(dt, settings_.max_gap_s);
    s.span_s += dtc;
    float k = dtc / (settings_.acc_lp_tau_s + dtc);
    if (s.span_s <= settings_.acc_lp_tau_s) {
      k = s.span_s > 0.0f ? dtc / s.span_s : 1.0f;
    } else {
      s.flags.recovering = false;
    }
    s.acc_lp_s += k * (acc_m_s2 - s.acc_lp_s);
    if (!(s.acc_lp_s.squaredNorm() > 1e-6f)) return Status::kOk;
    s.q_es = quat_from_gravity(s.acc_lp_s);
    s.flags.initialized = true;
    return Status::kOk;
  }

  AccelerometerTiltSettings settings_;
  Status status_;
  RestDetector rest_;
  AccelerometerTiltState state_;
};

}  // namespace fusetrack
