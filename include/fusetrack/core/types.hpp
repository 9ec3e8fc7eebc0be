// Scalar, vector, quaternion and time-stamp types shared by every stage of the device core.
#pragma once

#include <cstdint>

#include <Eigen/Core>
#include <Eigen/Geometry>

namespace fusetrack {

// The device core computes in float32 throughout.
using Scalar = float;

// Fixed-size Eigen types: never allocate.
using Vec2 = Eigen::Matrix<float, 2, 1>;
using Vec3 = Eigen::Matrix<float, 3, 1>;
using Vec4 = Eigen::Matrix<float, 4, 1>;
using Mat3 = Eigen::Matrix<float, 3, 3>;
// Hamilton quaternion, scalar w first in the constructor: Quat(w, x, y, z).
using Quat = Eigen::Quaternion<float>;

// Time stamp in microseconds (int64: 292 000 years of range, exact sums).
using Micros = std::int64_t;

inline constexpr Micros kMicrosPerSecond = 1000000;

// to_us - from_us, exact whenever it fits in int64 and saturated to INT64_MAX / INT64_MIN
// otherwise: time stamps come from outside (any int64 is possible), and a plain subtraction of
// two far-apart ones is undefined behaviour. The difference is taken in uint64, where wrapping
// is defined, and its sign from the comparison.
constexpr Micros elapsed_us(Micros from_us, Micros to_us) noexcept {
  constexpr std::uint64_t kMax = static_cast<std::uint64_t>(INT64_MAX);
  if (to_us >= from_us) {
    const std::uint64_t d = static_cast<std::uint64_t>(to_us) - static_cast<std::uint64_t>(from_us);
    return d > kMax ? INT64_MAX : static_cast<Micros>(d);
  }
  const std::uint64_t d = static_cast<std::uint64_t>(from_us) - static_cast<std::uint64_t>(to_us);
  // -d fits for every d <= 2^63; larger ones saturate.
  return d > kMax ? INT64_MIN : -static_cast<Micros>(d);
}

// t_us + d_us for d_us >= 0, saturated at INT64_MAX (a deadline that cannot overflow).
constexpr Micros later_us(Micros t_us, Micros d_us) noexcept {
  return t_us > INT64_MAX - d_us ? INT64_MAX : t_us + d_us;
}

// t_us - d_us for d_us >= 0, saturated at INT64_MIN (a time before a stamp that cannot
// underflow, whatever the stamp).
constexpr Micros earlier_us(Micros t_us, Micros d_us) noexcept {
  return t_us < INT64_MIN + d_us ? INT64_MIN : t_us - d_us;
}

// Seconds between two time stamps, as float: the (saturated) exact difference, rounded once.
constexpr float seconds_between(Micros from_us, Micros to_us) noexcept {
  return static_cast<float>(elapsed_us(from_us, to_us)) * 1e-6f;
}

// Standard gravity in m/s² (CGPM 1901), the magnitude of specific force at rest.
inline constexpr float kGravity_m_s2 = 9.80665f;

inline constexpr float kPi = 3.14159265358979323846f;
inline constexpr float kDegPerRad = 180.0f / kPi;
inline constexpr float kRadPerDeg = kPi / 180.0f;

}  // namespace fusetrack
