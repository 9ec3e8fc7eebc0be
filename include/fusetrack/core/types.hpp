// Scalar, vector, quaternion and time-stamp types shared by every stage of the device core.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>
#include <new>
#include <type_traits>

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

// Puts x back to its default value where it lies. `x = T{}` builds the new value first, as a
// temporary on the stack: for a stage's state (a window of samples, kilobytes) that is stack the
// device must reserve for a reset. Constructed in place, nothing is copied.
template <typename T>
inline void assign_default(T& x) noexcept {
  static_assert(std::is_trivially_destructible<T>::value, "assign_default: plain state only");
  ::new (static_cast<void*>(&x)) T();
}

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

// An int64 as float, correctly rounded like static_cast: through int32 when it fits, which the
// Cortex-M4F's FPU converts in one instruction (libgcc converts a 64-bit integer in software,
// about 30 instructions). Both round the same exact integer to nearest, so the results agree.
constexpr float int64_to_float(std::int64_t v) noexcept {
  return v >= INT32_MIN && v <= INT32_MAX ? static_cast<float>(static_cast<std::int32_t>(v))
                                          : static_cast<float>(v);
}

// An interval in µs as seconds.
constexpr float us_to_seconds(Micros d_us) noexcept { return int64_to_float(d_us) * 1e-6f; }

// Seconds between two time stamps, as float: the (saturated) exact difference, rounded once.
constexpr float seconds_between(Micros from_us, Micros to_us) noexcept {
  return us_to_seconds(elapsed_us(from_us, to_us));
}

// ---- float <-> 64-bit integer without double
// On a Cortex-M4F (single-precision FPU) the C runtime converts float to a 64-bit integer
// through double arithmetic in software (libgcc's __aeabi_f2lz / __aeabi_f2ulz call
// __aeabi_dmul and friends), and a double expression is all software. The core converts with
// these instead: integer operations on the float's bits, the same results.

// v · k toward zero, exact (the 24-bit significand times k fits in 64 bits), saturated at
// INT64_MAX / INT64_MIN; NaN gives 0.
inline std::int64_t truncated_product(float v, std::uint32_t k) noexcept {
  std::uint32_t b = 0;
  std::memcpy(&b, &v, sizeof b);
  const bool negative = (b >> 31) != 0u;
  const int biased = static_cast<int>((b >> 23) & 0xFFu);
  const std::uint32_t fraction = b & 0x7FFFFFu;
  if (biased == 0xFF) return fraction != 0u ? 0 : (negative ? INT64_MIN : INT64_MAX);
  // |v| = m · 2^e: a normal float has the hidden bit, a subnormal the smallest exponent.
  const std::uint64_t m =
      static_cast<std::uint64_t>(biased == 0 ? fraction : fraction | 0x800000u) * k;
  const int e = (biased == 0 ? 1 : biased) - 150;
  std::uint64_t mag = 0;
  if (e >= 0) {
    if (e >= 63 || (m >> (63 - e)) != 0u) return negative ? INT64_MIN : INT64_MAX;
    mag = m << e;
  } else {
    mag = -e >= 64 ? 0u : m >> -e;
  }
  return negative ? -static_cast<std::int64_t>(mag) : static_cast<std::int64_t>(mag);
}

// static_cast<std::int64_t>(v) (toward zero) for every v in range; saturated outside it and
// 0 for NaN instead of undefined.
inline std::int64_t trunc_to_i64(float v) noexcept { return truncated_product(v, 1u); }

// Seconds to µs toward zero, exactly static_cast<Micros>(static_cast<double>(s) * 1e6).
// Saturated; NaN gives 0.
inline Micros seconds_to_us(float s) noexcept { return truncated_product(s, 1000000u); }

// num / den rounded to the nearest float (ties to even) by integer long division; den > 0 and
// den < 2^63. 0 when den is 0.
inline float ratio_to_float(std::uint64_t num, std::uint64_t den) noexcept {
  if (den == 0u || num == 0u) return 0.0f;
  std::uint64_t q = num / den;
  std::uint64_t r = num % den;
  int e = 0;  // the value is (q + r / den) · 2^e
  bool sticky = false;
  while (q >= (std::uint64_t{1} << 26)) {  // keep 26 bits: 24, a guard bit and a round bit
    sticky = sticky || (q & 1u) != 0u;
    q >>= 1;
    ++e;
  }
  while (q < (std::uint64_t{1} << 25)) {  // one more quotient bit per step
    r <<= 1;
    q <<= 1;
    if (r >= den) {
      r -= den;
      q |= 1u;
    }
    --e;
  }
  sticky = sticky || r != 0u || (q & 1u) != 0u;
  std::uint32_t mant = static_cast<std::uint32_t>(q >> 2);
  const bool guard = ((q >> 1) & 1u) != 0u;
  if (guard && (sticky || (mant & 1u) != 0u)) ++mant;
  return std::ldexp(static_cast<float>(mant), e + 2);
}

// Standard gravity in m/s² (CGPM 1901), the magnitude of specific force at rest.
inline constexpr float kGravity_m_s2 = 9.80665f;

inline constexpr float kPi = 3.14159265358979323846f;
inline constexpr float kDegPerRad = 180.0f / kPi;
inline constexpr float kRadPerDeg = kPi / 180.0f;

}  // namespace fusetrack
