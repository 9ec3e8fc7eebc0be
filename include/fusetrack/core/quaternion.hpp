// Small quaternion and rotation helpers shared by the orientation stages (float32, no heap).
//
// Convention: q_ES rotates a vector from the sensor frame S into the earth frame E (ENU):
// v_E = q_ES * v_S. A rotation vector `r` (axis * angle, rad) expressed in E acts on the left
// (q <- exp(r) ⊗ q); one expressed in S acts on the right (q <- q ⊗ exp(r)).
#pragma once

#include <cmath>

#include "fusetrack/core/types.hpp"

namespace fusetrack {

// exp of a rotation vector (axis * angle, rad) as a unit quaternion. Uses a series for
// sin(θ/2)/θ and cos(θ/2) up to θ⁴, exact to float precision for θ < 0.3 rad, and the
// trigonometric form above that (rare: a 0.3 rad step is 86 rad/s at 286 Hz).
inline Quat quat_from_rotation_vector(const Vec3& r) noexcept {
  const float t2 = r.squaredNorm();
  float c;
  float s;  // sin(θ/2)/θ
  if (t2 < 0.09f) {
    c = 1.0f + t2 * (-1.0f / 8.0f + t2 * (1.0f / 384.0f));
    s = 0.5f + t2 * (-1.0f / 48.0f + t2 * (1.0f / 3840.0f));
  } else {
    const float t = std::sqrt(t2);
    c = std::cos(0.5f * t);
    s = std::sin(0.5f * t) / t;
  }
  return Quat(c, s * r.x(), s * r.y(), s * r.z());
}

// q * v for a unit quaternion, written out (t = 2 u×v; v' = v + w t + u×t): 30 operations
// on scalars, inlined on the per-sample path.
inline Vec3 rotate(const Quat& q, const Vec3& v) noexcept {
  const float w = q.w(), x = q.x(), y = q.y(), z = q.z();
  const float vx = v.x(), vy = v.y(), vz = v.z();
  const float tx = 2.0f * (y * vz - z * vy);
  const float ty = 2.0f * (z * vx - x * vz);
  const float tz = 2.0f * (x * vy - y * vx);
  return Vec3(vx + w * tx + (y * tz - z * ty), vy + w * ty + (z * tx - x * tz),
              vz + w * tz + (x * ty - y * tx));
}

// Brings a quaternion that is unit up to a small error back to unit length: one Newton step
// for 1/√n at n = |q|² near 1, q * (3 - n) / 2, leaves |q| within (3/8)(n - 1)² of 1, so float
// rounding (n - 1 ~ 1e-7) is removed to float precision without a square root and a division.
// Not for an arbitrary quaternion: for n far from 1 use normalized().
inline Quat renormalized(const Quat& q) noexcept {
  const float n = q.coeffs().squaredNorm();
  return Quat(q.coeffs() * (1.5f - 0.5f * n));
}

// q ⊗ exp(r_S): rotation by r expressed in the sensor frame (gyroscope integration). q must be
// unit up to rounding (every q the filters keep is). renormalized() removes that rounding from
// q before the product rather than after it: the result is then unit up to the product's own
// rounding (removed in turn by the next step), and the renormalisation no longer lengthens the
// dependency chain from r to the result, which sets the per-sample latency of the filters.
inline Quat rotate_right(const Quat& q, const Vec3& r_s) noexcept {
  return renormalized(q) * quat_from_rotation_vector(r_s);
}

// Rotation about the earth's up axis by `angle_rad` applied on the left.
inline Quat rotate_about_up(const Quat& q, float angle_rad) noexcept {
  const float c = std::cos(0.5f * angle_rad);
  const float s = std::sin(0.5f * angle_rad);
  // (c, 0, 0, s) ⊗ q
  return Quat(c * q.w() - s * q.z(), c * q.x() - s * q.y(), c * q.y() + s * q.x(),
              c * q.z() + s * q.w());
}

// The smallest rotation that takes unit vector `from` to unit vector `to` (both in one frame).
inline Quat quat_between(const Vec3& from, const Vec3& to) noexcept {
  const float d = from.dot(to);
  if (d < -0.999999f) {
    // Opposite: any axis orthogonal to `from`.
    Vec3 axis = Vec3::UnitX().cross(from);
    if (axis.squaredNorm() < 1e-6f) axis = Vec3::UnitY().cross(from);
    axis.normalize();
    return Quat(0.0f, axis.x(), axis.y(), axis.z());
  }
  const Vec3 c = from.cross(to);
  return Quat(1.0f + d, c.x(), c.y(), c.z()).normalized();
}

// Orientation whose sensor-frame specific force `acc` points up in E, with zero heading
// ambiguity resolved by the smallest rotation. `acc` need not be normalised; must be nonzero.
inline Quat quat_from_gravity(const Vec3& acc_s) noexcept {
  return quat_between(acc_s.normalized(), Vec3::UnitZ());
}

// Gravity's specific force (+g along up) seen in the sensor frame: R(q_ES)ᵀ (0, 0, g), i.e. g
// times the third row of R(q_ES), m/s².
inline Vec3 gravity_in_sensor(const Quat& q_es) noexcept {
  const float w = q_es.w(), x = q_es.x(), y = q_es.y(), z = q_es.z();
  return Vec3(2.0f * (x * z - w * y), 2.0f * (y * z + w * x), 1.0f - 2.0f * (x * x + y * y)) *
         kGravity_m_s2;
}

// A sensor-frame specific force less gravity, in the earth frame: R(q_ES) acc - (0, 0, g), m/s².
inline Vec3 linear_acc_in_earth(const Quat& q_es, const Vec3& acc_s_m_s2) noexcept {
  return rotate(q_es, acc_s_m_s2) - Vec3(0.0f, 0.0f, kGravity_m_s2);
}

// atan2(y, x) by a minimax polynomial on [0, 1] and octant symmetry: |error| < 2e-5 rad,
// several times cheaper than std::atan2 on the per-sample path. 0 for (0, 0).
inline float fast_atan2(float y, float x) noexcept {
  const float ax = std::fabs(x);
  const float ay = std::fabs(y);
  const float mx = ax > ay ? ax : ay;
  if (mx == 0.0f) return 0.0f;
  const float mn = ax > ay ? ay : ax;
  const float z = mn / mx;
  const float z2 = z * z;
  // Polynomial for atan(z), z in [0, 1] (Abramowitz & Stegun 4.4.49 form, refitted).
  float r =
      z * (0.99997726f +
           z2 * (-0.33262347f +
                 z2 * (0.19354346f + z2 * (-0.11643287f + z2 * (0.05265332f - 0.01172120f * z2)))));
  if (ay > ax) r = 0.5f * kPi - r;
  if (x < 0.0f) r = kPi - r;
  return y < 0.0f ? -r : r;
}

// Heading of the horizontal part of an earth-frame vector, clockwise from north (+y) towards
// east (+x), rad in (-π, π]. A magnetic field pointing north has heading 0.
inline float heading_of(const Vec3& v_e) noexcept { return fast_atan2(v_e.x(), v_e.y()); }

}  // namespace fusetrack
