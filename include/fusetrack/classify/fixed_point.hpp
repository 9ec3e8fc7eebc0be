// Fixed-point helpers for the integer classifier: Q formats, saturation, rounding shifts, Q31 and
// Q15 products, and the requantization of an int32 accumulator by a Q31 multiplier and a shift.
//
// Modelled on Arm's CMSIS-DSP (q7/q15/q31 types, saturating arithmetic as its __SSAT / __QADD)
// and CMSIS-NN with TensorFlow Lite Micro (arm_nn_doubling_high_mult,
// arm_nn_divide_by_power_of_two, arm_nn_requantize; TFLite's MultiplyByQuantizedMultiplier and
// QuantizeMultiplier, after gemmlowp's fixedpoint.h). The code here is written afresh; what it
// keeps from them is the arithmetic, so a model quantized by those tools requantizes here to the
// same integers.
//
// Every device function is constexpr noexcept, integer only, and defined for every argument: no
// overflow, no shift by a negative or too large count, and no reliance on the
// implementation-defined right shift of a negative value (C++17 [expr.shift]/3): only
// non-negative values are shifted. Each one states its rounding and saturation. Arguments outside a
// documented range are clamped into it, which gives a bounded result, never undefined behaviour.
//
// Host-side helpers (tests and constant generators, never the per-sample path) are at the end and
// say so: quantize_multiplier (double) and to_q / from_q (float).
#pragma once

#include <cstdint>

#include "fusetrack/core/status.hpp"

namespace fusetrack {
namespace classify {

// CMSIS names for the Q formats: q7 is Q0.7 in int8, q15 Q0.15 in int16, q31 Q0.31 in int32.
using q7_t = std::int8_t;
using q15_t = std::int16_t;
using q31_t = std::int32_t;

namespace detail {

constexpr int clamp_int(int v, int lo, int hi) noexcept { return v < lo ? lo : (v > hi ? hi : v); }

// |x| as uint64 (exact for INT64_MIN: 2^63).
constexpr std::uint64_t magnitude(std::int64_t x) noexcept {
  return x < 0 ? 0u - static_cast<std::uint64_t>(x) : static_cast<std::uint64_t>(x);
}

// -m or +m for a magnitude m, saturated to int32.
constexpr std::int32_t signed_sat_i32(bool negative, std::uint64_t m) noexcept {
  if (negative) {
    return m >= 2147483648u ? INT32_MIN : -static_cast<std::int32_t>(m);
  }
  return m > 2147483647u ? INT32_MAX : static_cast<std::int32_t>(m);
}

}  // namespace detail

// x saturated to [-128, 127].
constexpr std::int8_t sat_i8(std::int32_t x) noexcept {
  return static_cast<std::int8_t>(x < INT8_MIN ? INT8_MIN : (x > INT8_MAX ? INT8_MAX : x));
}

// x saturated to [-32768, 32767].
constexpr std::int16_t sat_i16(std::int32_t x) noexcept {
  return static_cast<std::int16_t>(x < INT16_MIN ? INT16_MIN : (x > INT16_MAX ? INT16_MAX : x));
}

// x saturated to [INT32_MIN, INT32_MAX].
constexpr std::int32_t sat_i32(std::int64_t x) noexcept {
  return static_cast<std::int32_t>(x < INT32_MIN ? INT32_MIN : (x > INT32_MAX ? INT32_MAX : x));
}

// a + b, saturated to int32 (CMSIS __QADD).
constexpr std::int32_t add_sat(std::int32_t a, std::int32_t b) noexcept {
  return sat_i32(static_cast<std::int64_t>(a) + b);
}

// a - b, saturated to int32 (CMSIS __QSUB).
constexpr std::int32_t sub_sat(std::int32_t a, std::int32_t b) noexcept {
  return sat_i32(static_cast<std::int64_t>(a) - b);
}

// a + b, saturated to int16 (CMSIS __QADD16, one lane).
constexpr std::int16_t add_sat16(std::int16_t a, std::int16_t b) noexcept {
  return sat_i16(static_cast<std::int32_t>(a) + b);
}

// a - b, saturated to int16 (CMSIS __QSUB16, one lane).
constexpr std::int16_t sub_sat16(std::int16_t a, std::int16_t b) noexcept {
  return sat_i16(static_cast<std::int32_t>(a) - b);
}

// x / 2^shift rounded to nearest, ties AWAY FROM ZERO (2.5 -> 3, -2.5 -> -3), saturated to
// int32: the rounding of CMSIS-NN's arm_nn_divide_by_power_of_two and gemmlowp's
// RoundingDivideByPOT, here over an int64 so it also narrows a 64-bit product. shift in
// [0, 62] (clamped); shift 0 returns x saturated.
constexpr std::int32_t shift_right_round(std::int64_t x, int shift) noexcept {
  const int s = detail::clamp_int(shift, 0, 62);
  const std::uint64_t half = s > 0 ? std::uint64_t{1} << (s - 1) : 0u;
  // |x| <= 2^63 and half <= 2^61: the sum cannot wrap.
  return detail::signed_sat_i32(x < 0, (detail::magnitude(x) + half) >> s);
}

// x / 2^shift rounded toward MINUS INFINITY (floor: -2.5 -> -3, -2.25 -> -3, 2.75 -> 2), the
// arithmetic right shift, saturated to int32. shift in [0, 62] (clamped).
constexpr std::int32_t shift_right_floor(std::int64_t x, int shift) noexcept {
  const int s = detail::clamp_int(shift, 0, 62);
  // For x < 0, ~x = -x - 1 >= 0 and floor(x / 2^s) = ~(~x >> s): only non-negative values are
  // shifted, and compilers emit the one arithmetic shift for it.
  return sat_i32(x >= 0 ? x >> s : ~(~x >> s));
}

// Q31 x Q31 -> Q31: a * b / 2^31 rounded to nearest, ties toward PLUS INFINITY (0.5 LSB -> 1,
// -0.5 LSB -> 0), exactly Arm's VQRDMULH / SQRDMULH, gemmlowp's SaturatingRoundingDoublingHighMul
// and CMSIS-NN's arm_nn_doubling_high_mult. The one product that overflows, INT32_MIN * INT32_MIN
// (-1 x -1 = +1), saturates to INT32_MAX.
constexpr std::int32_t mul_q31(std::int32_t a, std::int32_t b) noexcept {
  if (a == INT32_MIN && b == INT32_MIN) return INT32_MAX;
  // |a b| <= 2^62, so adding the half LSB (2^30) stays inside int64.
  return shift_right_floor(static_cast<std::int64_t>(a) * b + (std::int64_t{1} << 30), 31);
}

// Q15 x Q15 -> Q15: a * b / 2^15 rounded to nearest, ties toward PLUS INFINITY (as the 16-bit
// VQRDMULH); INT16_MIN * INT16_MIN saturates to INT16_MAX.
constexpr std::int16_t mul_q15(std::int16_t a, std::int16_t b) noexcept {
  const std::int32_t p = static_cast<std::int32_t>(a) * b;  // |p| <= 2^30
  return sat_i16(shift_right_floor(static_cast<std::int64_t>(p) + (1 << 14), 15));
}

// Rescales an int32 accumulator by a real factor M = multiplier_q31 / 2^31 * 2^-shift, as
// TFLite Micro's MultiplyByQuantizedMultiplier and CMSIS-NN's arm_nn_requantize (their default,
// double-rounding build). Here shift counts RIGHT shifts: theirs is the opposite sign (a
// TFLite/CMSIS shift s is -s here). shift in [-31, 62] (clamped; quantize_multiplier stays in it).
//  - shift >= 0: mul_q31(acc, multiplier_q31) (ties toward plus infinity), then
//    shift_right_round by shift (ties away from zero): bit for bit TFLite's result, within
//    0.5 LSB of the exact acc * M at shift 0 and 0.5 + 0.5 / 2^shift LSB above it.
//  - shift < 0 (a left shift, for M >= 1): TFLite shifts acc left first, which is exact when it
//    fits and undefined behaviour when it does not. Here the product acc * multiplier is kept
//    exact in int64 and rounded once, ties toward plus infinity, then saturated to int32: the
//    same integer whenever TFLite's shift fits, and the saturated exact result when it does not.
constexpr std::int32_t requantize(std::int32_t acc, std::int32_t multiplier_q31,
                                  int shift) noexcept {
  if (shift >= 0) return shift_right_round(mul_q31(acc, multiplier_q31), shift);
  const int left = shift < -31 ? 31 : -shift;  // [1, 31]
  // acc * m * 2^left / 2^31 = acc * m / 2^(31 - left); |acc * m| <= 2^62.
  const std::int64_t p = static_cast<std::int64_t>(acc) * multiplier_q31;
  const std::int64_t half = left < 31 ? std::int64_t{1} << (30 - left) : 0;
  return shift_right_floor(p + half, 31 - left);
}

// ---- host side: constant generation and tests (double / float; not for the per-sample path) ----

// Finds multiplier_q31 in [2^30, 2^31) and shift in [-31, 62] with
// real ~= multiplier_q31 / 2^31 * 2^-shift, for requantize. The multiplier is real's mantissa
// rounded to 31 bits (to nearest, ties up), so its relative error is at most 2^-31, as TFLite's
// QuantizeMultiplier. real in [0, 2^31):
//  - 0 gives multiplier 0, shift 0 (requantize returns 0, exactly);
//  - below 2^-63 (a shift beyond 62), where requantize would round every int32 to 0 anyway,
//    multiplier 0, shift 0 too;
//  - a real so close to 2^31 that its mantissa rounds up to 2^31 gives INT32_MAX at shift -31.
// kOutOfRange (and multiplier 0, shift 0) for a negative, NaN or too large real. Uses double:
// it makes constants (constexpr, so a generated header can static_assert them), not outputs.
constexpr Status quantize_multiplier(double real, std::int32_t& multiplier_q31,
                                     int& shift) noexcept {
  multiplier_q31 = 0;
  shift = 0;
  if (!(real >= 0.0 && real < 2147483648.0)) return Status::kOutOfRange;  // NaN fails too
  if (real == 0.0) return Status::kOk;
  // real = frac * 2^exponent with frac in [0.5, 1): halving a value >= 1 and doubling any value
  // are exact in binary floating point, so frac keeps every bit of real.
  double frac = real;
  int exponent = 0;
  while (frac >= 1.0) {
    frac *= 0.5;
    ++exponent;
  }
  while (frac < 0.5) {
    frac *= 2.0;
    --exponent;
  }
  const double scaled = frac * 2147483648.0;  // in [2^30, 2^31), exact
  std::int64_t m = static_cast<std::int64_t>(scaled);
  if (scaled - static_cast<double>(m) >= 0.5) ++m;  // the difference is exact
  int s = -exponent;
  if (m == (std::int64_t{1} << 31)) {  // frac rounded up to 1.0
    m = std::int64_t{1} << 30;
    --s;
  }
  if (s < -31) {
    multiplier_q31 = INT32_MAX;
    shift = -31;
    return Status::kOk;
  }
  if (s > 62) return Status::kOk;
  multiplier_q31 = static_cast<std::int32_t>(m);
  shift = s;
  return Status::kOk;
}

namespace detail {

// 2^n as double for n in [0, 62] (exact).
constexpr double pow2(int n) noexcept {
  double p = 1.0;
  for (int i = 0; i < n; ++i) p *= 2.0;
  return p;
}

}  // namespace detail

// Host side: x * 2^frac_bits rounded to nearest, ties away from zero, saturated to int32; NaN
// gives 0. frac_bits in [0, 62] (clamped). to_q(0.5f, 15) == 16384.
constexpr std::int32_t to_q(float x, int frac_bits) noexcept {
  // A float times a power of two is exact in double.
  const double v = static_cast<double>(x) * detail::pow2(detail::clamp_int(frac_bits, 0, 62));
  if (!(v == v)) return 0;
  if (v >= 2147483647.0) return INT32_MAX;
  if (v <= -2147483648.0) return INT32_MIN;
  const std::int64_t t = static_cast<std::int64_t>(v);  // toward zero
  const double rest = v - static_cast<double>(t);       // exact, in (-1, 1)
  if (rest >= 0.5) return static_cast<std::int32_t>(t + 1);
  if (rest <= -0.5) return static_cast<std::int32_t>(t - 1);
  return static_cast<std::int32_t>(t);
}

// Host side: the real value of v in a format with frac_bits fraction bits, v / 2^frac_bits,
// rounded once to float. frac_bits in [0, 62] (clamped).
constexpr float from_q(std::int32_t v, int frac_bits) noexcept {
  return static_cast<float>(static_cast<double>(v) /
                            detail::pow2(detail::clamp_int(frac_bits, 0, 62)));
}

// Host side: x in Q0.7, Q0.15 and Q0.31 (rounded as to_q, saturated to the type: 1.0f becomes
// the largest value, just below 1).
constexpr q7_t to_q7(float x) noexcept { return sat_i8(to_q(x, 7)); }
constexpr q15_t to_q15(float x) noexcept { return sat_i16(to_q(x, 15)); }
constexpr q31_t to_q31(float x) noexcept { return to_q(x, 31); }

}  // namespace classify
}  // namespace fusetrack
