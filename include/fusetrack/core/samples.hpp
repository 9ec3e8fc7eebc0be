// Sample types for the sensor streams: IMU FIFO (acc + gyro), magnetometer, PPG.
#pragma once

#include <array>
#include <cmath>
#include <cstdint>

#include "fusetrack/core/types.hpp"

namespace fusetrack {

// One entry of the accelerometer + gyroscope FIFO, both read at the same instant. A device
// without a gyroscope (accelerometer only) sends has_gyr = false; gyr_rad_s is then ignored
// (neither checked nor used) and should be left zero.
struct ImuSample {
  Micros t_us = 0;
  Vec3 acc_m_s2 = Vec3::Zero();   // specific force, sensor frame S (+g along up at rest)
  Vec3 gyr_rad_s = Vec3::Zero();  // angular rate, sensor frame S; valid when has_gyr
  bool has_gyr = true;            // false: an accelerometer-only device
};

// One magnetometer reading.
struct MagSample {
  Micros t_us = 0;
  Vec3 mag_ut = Vec3::Zero();  // magnetic flux density, sensor frame S, µT
};

// Largest number of PPG channels a sample carries (e.g. green x2, red, infrared).
inline constexpr std::uint8_t kMaxPpgChannels = 4;

// One photoplethysmogram reading: 1 to 4 channels, plus an optional ambient-light channel.
// Units are the front end's (arbitrary, linear in detected light); the estimators only use
// relative changes.
struct PpgSample {
  Micros t_us = 0;
  std::array<float, kMaxPpgChannels> ppg{};  // channels [0, channel_count) are valid
  std::uint8_t channel_count = 1;
  bool has_ambient = false;
  float ambient = 0.0f;  // valid when has_ambient
};

// 0 when every component of `v` is finite, NaN otherwise: x * 0 is ±0 for a finite x and NaN
// for ±inf or NaN, and a NaN anywhere makes the sum NaN. Sums of probes check several vectors
// with one comparison and no branch per component.
inline float finite_probe(const Vec3& v) noexcept {
  return v.x() * 0.0f + v.y() * 0.0f + v.z() * 0.0f;
}
inline bool all_finite(const Vec3& v) noexcept { return finite_probe(v) == 0.0f; }
inline bool all_finite(const Vec3& a, const Vec3& b) noexcept {
  return finite_probe(a) + finite_probe(b) == 0.0f;
}
inline bool all_finite(const Vec3& a, const Vec3& b, const Vec3& c) noexcept {
  return finite_probe(a) + finite_probe(b) + finite_probe(c) == 0.0f;
}
// The gyroscope counts only when the sample carries one.
inline bool all_finite(const ImuSample& s) noexcept {
  return s.has_gyr ? all_finite(s.acc_m_s2, s.gyr_rad_s) : all_finite(s.acc_m_s2);
}
inline bool all_finite(const MagSample& s) noexcept { return all_finite(s.mag_ut); }
inline bool all_finite(const PpgSample& s) noexcept {
  for (std::uint8_t i = 0; i < s.channel_count && i < kMaxPpgChannels; ++i) {
    if (!std::isfinite(s.ppg[i])) return false;
  }
  return !s.has_ambient || std::isfinite(s.ambient);
}

}  // namespace fusetrack
