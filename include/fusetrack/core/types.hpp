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

// Seconds between two time stamps, as float. Differences of int64 are exact; only the final
// conversion rounds.
constexpr float seconds_between(Micros from_us, Micros to_us) noexcept {
  return static_cast<float>(to_us - from_us) * 1e-6f;
}

// Standard gravity in m/s² (CGPM 1901), the magnitude of specific force at rest.
inline constexpr float kGravity_m_s2 = 9.80665f;

inline constexpr float kPi = 3.14159265358979323846f;
inline constexpr float kDegPerRad = 180.0f / kPi;
inline constexpr float kRadPerDeg = kPi / 180.0f;

}  // namespace fusetrack
