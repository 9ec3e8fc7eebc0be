// A small synthetic-motion builder for the orientation tests: a truth orientation trajectory with
// an analytic angular velocity, sampled into gyroscope, accelerometer and magnetometer streams
// (each with its own rate and time stamps), with seeded noise, gyroscope bias, linear
// acceleration, magnetic disturbances and gaps. Truth is computed in double precision; samples
// are handed to the filters as float.
//
// Truth: q_ES(t) = q_start ⊗ Rz(yaw(t)) ⊗ Ry(pitch(t)) ⊗ Rx(roll(t)) ⊗ R0, each angle an
// AngleCourse (offset + constant rate + two sinusoids + a cosine ramp), all with analytic
// derivatives. With q = Rz(a) Ry(b) Rx(c), q̇ = ½ q ⊗ (0, ω_S) gives
//   ω_S = Rx(c)ᵀ Ry(b)ᵀ (0, 0, ȧ) + Rx(c)ᵀ (0, ḃ, 0) + (ċ, 0, 0),
// and the constant R0 on the right (a sensor mounted rotated) turns it into R0ᵀ ω_S.
// Samples:
//   gyro = ω_S(t_mid) + bias + n_g   (t_mid: the middle of the interval since the previous
//                                     gyroscope sample, so the filter's one-sample integration
//                                     is second-order accurate and the builder adds no drift)
//   acc  = R(t)ᵀ (a_lin_E(t) + (0, 0, g)) + n_a
//   mag  = R(t)ᵀ (B_E + disturbance_E(t)) + hard_iron_S + n_m
// Noise is generated in the unrotated sensor frame and then rotated by R0ᵀ, so two runs that
// differ only in R0 see exactly the same physical noise.
#pragma once

#include <cmath>
#include <cstdint>
#include <random>

#include <Eigen/Core>
#include <Eigen/Geometry>

#include "fusetrack/core/status.hpp"
#include "fusetrack/core/types.hpp"

namespace fusetrack::motion {

using Quatd = Eigen::Quaterniond;
using Vec3d = Eigen::Vector3d;

inline constexpr double kPiD = 3.14159265358979323846;
inline constexpr double kDeg = kPiD / 180.0;  // rad per degree
inline constexpr double kGravityD = 9.80665;  // m/s²

// The earth field used throughout: 48 µT, dip 60° (pointing north and down), ENU.
inline Vec3d earth_field_ut() {
  return Vec3d(0.0, 48.0 * std::cos(60.0 * kDeg), -48.0 * std::sin(60.0 * kDeg));
}

// Rotation about a unit axis by angle (rad).
inline Quatd axis_angle(const Vec3d& axis, double angle_rad) {
  return Quatd(Eigen::AngleAxisd(angle_rad, axis.normalized()));
}

// One Euler angle's time course, rad: offset + rate·t + two sinusoids + a cosine ramp that moves
// the angle by ramp_rad between ramp_start_s and ramp_end_s (smooth, analytic rate).
struct AngleCourse {
  double offset_rad = 0.0;
  double rate_rad_s = 0.0;
  double sin_amp_rad = 0.0;
  double sin_hz = 0.0;
  double sin_phase_rad = 0.0;
  double sin2_amp_rad = 0.0;
  double sin2_hz = 0.0;
  double sin2_phase_rad = 0.0;
  double ramp_rad = 0.0;
  double ramp_start_s = 0.0;
  double ramp_end_s = 0.0;

  double value(double t_s) const {
    double v = offset_rad + rate_rad_s * t_s +
               sin_amp_rad * std::sin(2.0 * kPiD * sin_hz * t_s + sin_phase_rad) +
               sin2_amp_rad * std::sin(2.0 * kPiD * sin2_hz * t_s + sin2_phase_rad);
    if (ramp_rad != 0.0 && t_s > ramp_start_s) {
      if (t_s >= ramp_end_s) {
        v += ramp_rad;
      } else {
        const double u = (t_s - ramp_start_s) / (ramp_end_s - ramp_start_s);
        v += ramp_rad * 0.5 * (1.0 - std::cos(kPiD * u));
      }
    }
    return v;
  }
  double rate(double t_s) const {
    double r =
        rate_rad_s +
        sin_amp_rad * 2.0 * kPiD * sin_hz * std::cos(2.0 * kPiD * sin_hz * t_s + sin_phase_rad) +
        sin2_amp_rad * 2.0 * kPiD * sin2_hz * std::cos(2.0 * kPiD * sin2_hz * t_s + sin2_phase_rad);
    if (ramp_rad != 0.0 && t_s > ramp_start_s && t_s < ramp_end_s) {
      const double len = ramp_end_s - ramp_start_s;
      const double u = (t_s - ramp_start_s) / len;
      r += ramp_rad * 0.5 * kPiD / len * std::sin(kPiD * u);
    }
    return r;
  }
};

struct MotionSettings {
  double duration_s = 30.0;
  // Truth trajectory.
  Quatd q_start = Quatd::Identity();
  AngleCourse yaw;                            // about earth up (applied first, outermost)
  AngleCourse pitch;                          // about the once-rotated y axis
  AngleCourse roll;                           // about the sensor x axis
  Quatd sensor_rotation = Quatd::Identity();  // R0: q_ES' = q_ES ⊗ R0, v_S' = R0ᵀ v_S

  // Streams: rates, first time stamps and a seeded uniform jitter of each time stamp.
  Micros t0_us = 5 * kMicrosPerSecond;  // the first IMU time stamp
  double imu_rate_hz = 100.0;
  double mag_rate_hz = 25.0;
  Micros mag_offset_us = 3100;  // the magnetometer runs on its own clock, offset from the IMU
  double jitter_us = 150.0;     // ± uniform on each time stamp (less than half a period)
  bool with_mag = true;
  // No samples of any stream in [gap_start_s, gap_end_s) (disabled when gap_end_s <= start).
  double gap_start_s = 0.0;
  double gap_end_s = 0.0;

  // Sensor errors. Defaults: gyroscope 0.1 °/s RMS per sample at 100 Hz (≈ 0.014 °/s/√Hz, two to
  // three times the noise density of current wrist IMUs, e.g. 3.8–7 mdps/√Hz), accelerometer
  // 0.02 m/s² RMS (≈ 2 mg), magnetometer 0.3 µT RMS.
  Vec3d gyr_bias_rad_s = Vec3d::Zero();
  double gyr_noise_rad_s = 0.1 * kDeg;
  double acc_noise_m_s2 = 0.02;
  double mag_noise_ut = 0.3;

  // Linear acceleration, earth frame: amp · sin(2π f (t - start)) while a burst is on. Bursts of
  // burst_on_s follow each other every burst_on_s + burst_off_s, starting at lin_acc_start_s;
  // burst_off_s = 0 means always on.
  Vec3d lin_acc_amp_m_s2 = Vec3d::Zero();
  double lin_acc_hz = 1.0;
  double lin_acc_start_s = 0.0;
  double burst_on_s = 1e9;
  double burst_off_s = 0.0;

  // Magnetic field: the earth field, plus a disturbance fixed in the earth frame (optionally
  // turning about up at dist_turn_hz) between dist_start_s and dist_end_s, plus a hard-iron field
  // carried with the device (unrotated sensor frame).
  Vec3d field_e_ut = earth_field_ut();
  Vec3d dist_e_ut = Vec3d::Zero();
  double dist_start_s = 0.0;
  double dist_end_s = 0.0;
  double dist_turn_hz = 0.0;
  Vec3d hard_iron_s_ut = Vec3d::Zero();
};

// One sample of one stream, with the truth at its time stamp.
struct Event {
  enum class Kind { kImu, kMag };
  Kind kind = Kind::kImu;
  Micros t_us = 0;
  double t_s = 0.0;  // seconds since the first IMU time stamp (nominal, before jitter)
  Vec3 gyr_rad_s = Vec3::Zero();
  Vec3 acc_m_s2 = Vec3::Zero();
  Vec3 mag_ut = Vec3::Zero();
  Quatd q_true = Quatd::Identity();  // truth q_ES' at t_us
  // Truth at the latest IMU time stamp (equal to q_true for an IMU sample). The filters propagate
  // only with the gyroscope, so after a magnetometer sample their orientation still refers to
  // the last IMU instant: compare with this one, or a wrist turning at 100 °/s shows a false
  // 0.3° error for the 3 ms between the two streams.
  Quatd q_true_imu = Quatd::Identity();
};

class MotionBuilder {
 public:
  MotionBuilder(const MotionSettings& m, std::uint32_t seed)
      : m_(m), noise_(seed), jitter_(seed ^ 0x9e3779b9u) {
    imu_period_us_ = std::llround(1e6 / m_.imu_rate_hz);
    mag_period_us_ = std::llround(1e6 / m_.mag_rate_hz);
    next_imu_us_ = stamp(m_.t0_us, 0, imu_period_us_);
    next_mag_us_ = stamp(m_.t0_us + m_.mag_offset_us, 0, mag_period_us_);
  }

  // Truth orientation q_ES' at t_s (seconds since t0_us).
  Quatd truth(double t_s) const { return inner(t_s) * m_.sensor_rotation; }

  // Truth angular velocity ω_S' at t_s, rad/s.
  Vec3d rate(double t_s) const {
    const double b = m_.pitch.value(t_s);
    const double c = m_.roll.value(t_s);
    const Eigen::Matrix3d rx = Eigen::AngleAxisd(c, Vec3d::UnitX()).toRotationMatrix();
    const Eigen::Matrix3d ry = Eigen::AngleAxisd(b, Vec3d::UnitY()).toRotationMatrix();
    const Vec3d w = rx.transpose() * (ry.transpose() * Vec3d(0.0, 0.0, m_.yaw.rate(t_s)) +
                                      Vec3d(0.0, m_.pitch.rate(t_s), 0.0)) +
                    Vec3d(m_.roll.rate(t_s), 0.0, 0.0);
    return m_.sensor_rotation.conjugate() * w;
  }

  // The next sample of any stream in time order (IMU first on equal time stamps); false after
  // duration_s.
  bool next(Event& e) {
    for (;;) {
      const bool imu_first = !m_.with_mag || next_imu_us_ <= next_mag_us_;
      const Micros t_us = imu_first ? next_imu_us_ : next_mag_us_;
      const double t_s = static_cast<double>(t_us - m_.t0_us) * 1e-6;
      if (t_s > m_.duration_s) return false;
      if (imu_first) {
        next_imu_us_ = stamp(m_.t0_us, ++imu_index_, imu_period_us_);
      } else {
        next_mag_us_ = stamp(m_.t0_us + m_.mag_offset_us, ++mag_index_, mag_period_us_);
      }
      if (m_.gap_end_s > m_.gap_start_s && t_s >= m_.gap_start_s && t_s < m_.gap_end_s) continue;
      e.t_us = t_us;
      e.t_s = t_s;
      e.q_true = truth(t_s);
      const Quatd q_inner = inner(t_s);
      const Quatd r0_inv = m_.sensor_rotation.conjugate();
      if (imu_first) {
        e.kind = Event::Kind::kImu;
        q_true_imu_ = e.q_true;
        const double t_mid = have_prev_imu_ ? 0.5 * (prev_imu_s_ + t_s) : t_s;
        have_prev_imu_ = true;
        prev_imu_s_ = t_s;
        // Gyroscope: rate in the unrotated sensor frame, errors added there, then rotated.
        const Vec3d w = m_.sensor_rotation * rate(t_mid);
        const Vec3d gyr = w + m_.gyr_bias_rad_s + gauss3(m_.gyr_noise_rad_s);
        const Vec3d f_e = linear_acc(t_s) + Vec3d(0.0, 0.0, kGravityD);
        const Vec3d acc = q_inner.conjugate() * f_e + gauss3(m_.acc_noise_m_s2);
        e.q_true_imu = e.q_true;
        e.gyr_rad_s = (r0_inv * gyr).cast<float>();
        e.acc_m_s2 = (r0_inv * acc).cast<float>();
      } else {
        e.kind = Event::Kind::kMag;
        e.q_true_imu = q_true_imu_;
        const Vec3d mag =
            q_inner.conjugate() * field(t_s) + m_.hard_iron_s_ut + gauss3(m_.mag_noise_ut);
        e.mag_ut = (r0_inv * mag).cast<float>();
      }
      return true;
    }
  }

  const MotionSettings& settings() const { return m_; }

 private:
  Quatd inner(double t_s) const {
    const Quatd qz(Eigen::AngleAxisd(m_.yaw.value(t_s), Vec3d::UnitZ()));
    const Quatd qy(Eigen::AngleAxisd(m_.pitch.value(t_s), Vec3d::UnitY()));
    const Quatd qx(Eigen::AngleAxisd(m_.roll.value(t_s), Vec3d::UnitX()));
    return m_.q_start * qz * qy * qx;
  }

  Vec3d linear_acc(double t_s) const {
    if (m_.lin_acc_amp_m_s2.isZero() || t_s < m_.lin_acc_start_s) return Vec3d::Zero();
    const double since = t_s - m_.lin_acc_start_s;
    if (m_.burst_off_s > 0.0 && std::fmod(since, m_.burst_on_s + m_.burst_off_s) >= m_.burst_on_s) {
      return Vec3d::Zero();
    }
    return m_.lin_acc_amp_m_s2 * std::sin(2.0 * kPiD * m_.lin_acc_hz * since);
  }

  Vec3d field(double t_s) const {
    Vec3d b = m_.field_e_ut;
    if (t_s >= m_.dist_start_s && t_s < m_.dist_end_s) {
      const double turn = 2.0 * kPiD * m_.dist_turn_hz * (t_s - m_.dist_start_s);
      b += Eigen::AngleAxisd(turn, Vec3d::UnitZ()) * m_.dist_e_ut;
    }
    return b;
  }

  Vec3d gauss3(double sigma) {
    if (!(sigma > 0.0)) return Vec3d::Zero();
    std::normal_distribution<double> n(0.0, sigma);
    const double x = n(noise_);
    const double y = n(noise_);
    const double z = n(noise_);
    return Vec3d(x, y, z);
  }

  Micros stamp(Micros first_us, std::int64_t index, Micros period_us) {
    std::uniform_real_distribution<double> u(-m_.jitter_us, m_.jitter_us);
    const double j = m_.jitter_us > 0.0 ? u(jitter_) : 0.0;
    return first_us + index * period_us + static_cast<Micros>(std::llround(j));
  }

  MotionSettings m_;
  std::mt19937 noise_;
  std::mt19937 jitter_;
  Micros imu_period_us_ = 0;
  Micros mag_period_us_ = 0;
  Micros next_imu_us_ = 0;
  Micros next_mag_us_ = 0;
  std::int64_t imu_index_ = 0;
  std::int64_t mag_index_ = 0;
  bool have_prev_imu_ = false;
  double prev_imu_s_ = 0.0;
  Quatd q_true_imu_ = Quatd::Identity();
};

// Angle of the rotation q_est ⊗ q_true* (the earth-frame error), degrees, in [0, 180]; q and -q
// give the same answer.
inline double angle_error_deg(const Quat& est, const Quatd& truth) {
  const Quatd e = est.cast<double>().normalized() * truth.conjugate();
  return 2.0 * std::atan2(e.vec().norm(), std::fabs(e.w())) / kDeg;
}

// Angle between the estimated and true up axes seen from the sensor, degrees: the inclination
// (tilt) error, blind to heading.
inline double inclination_error_deg(const Quat& est, const Quatd& truth) {
  const Vec3d up_est = est.cast<double>().normalized().conjugate() * Vec3d::UnitZ();
  const Vec3d up_true = truth.conjugate() * Vec3d::UnitZ();
  return std::atan2(up_est.cross(up_true).norm(), up_est.dot(up_true)) / kDeg;
}

// Heading error, degrees, in [0, 180]: the twist about earth up of q_est ⊗ q_true*.
inline double heading_error_deg(const Quat& est, const Quatd& truth) {
  Quatd e = est.cast<double>().normalized() * truth.conjugate();
  if (e.w() < 0.0) e.coeffs() = -e.coeffs();
  return std::fabs(2.0 * std::atan2(e.z(), e.w())) / kDeg;
}

inline bool all_finite(const Quat& q) {
  return std::isfinite(q.w()) && std::isfinite(q.x()) && std::isfinite(q.y()) &&
         std::isfinite(q.z());
}

// Feeds every event of `b` to `f` (update_gyr + update_acc for an IMU sample, update_mag for a
// magnetometer sample when use_mag) and calls on_event(e, f) after each. Returns the number of
// updates that did not return kOk.
template <class Filter, class OnEvent>
int feed(Filter& f, MotionBuilder& b, bool use_mag, OnEvent&& on_event) {
  int not_ok = 0;
  Event e;
  while (b.next(e)) {
    if (e.kind == Event::Kind::kImu) {
      if (!ok(f.update_gyr(e.t_us, e.gyr_rad_s))) ++not_ok;
      if (!ok(f.update_acc(e.t_us, e.acc_m_s2))) ++not_ok;
    } else if (use_mag) {
      if (!ok(f.update_mag(e.t_us, e.mag_ut))) ++not_ok;
    } else {
      continue;
    }
    on_event(e, f);
  }
  return not_ok;
}

}  // namespace fusetrack::motion
