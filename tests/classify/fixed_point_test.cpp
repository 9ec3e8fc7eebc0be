// Fixed-point helpers: saturation at the int8 / int16 / int32 limits both ways, the stated rounding
// of halves for both signs, shifts 0, 31 and 62, Q31 / Q15 products, requantize against an exact
// reference (within its stated bound) and bit for bit against TFLite's integer formula, and
// quantize_multiplier's round trip.
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>

#include <gtest/gtest.h>

#include "fusetrack/classify/fixed_point.hpp"
#include "fusetrack/core/status.hpp"

namespace fusetrack {
namespace classify {
namespace {

constexpr std::int64_t kI64Max = std::numeric_limits<std::int64_t>::max();
constexpr std::int64_t kI64Min = std::numeric_limits<std::int64_t>::min();
constexpr std::int64_t kTwo30 = std::int64_t{1} << 30;
constexpr std::int64_t kTwo31 = std::int64_t{1} << 31;

// Every helper is usable in constant expressions.
static_assert(sat_i8(300) == 127 && sat_i16(-40000) == -32768, "constexpr saturation");
static_assert(shift_right_round(-5, 1) == -3, "constexpr rounding shift");
static_assert(mul_q31(1 << 30, 1 << 30) == 1 << 29, "constexpr Q31 product");
static_assert(requantize(1000, 1 << 30, 1) == 250, "constexpr requantize");
static_assert(to_q(0.5f, 15) == 16384, "constexpr to_q");

constexpr std::int32_t multiplier_of(double real) {
  std::int32_t m = 0;
  int s = 0;
  quantize_multiplier(real, m, s);
  return m;
}
static_assert(multiplier_of(0.75) == 3 << 29, "constexpr quantize_multiplier");

std::int32_t clamp_to_i32(std::int64_t v) {
  return static_cast<std::int32_t>(v < INT32_MIN ? INT32_MIN : (v > INT32_MAX ? INT32_MAX : v));
}

// x / 2^s by C++ division (toward zero) and remainder: the rounding stated by each helper.
std::int32_t reference_round_half_away(std::int64_t x, int s) {
  const std::int64_t d = std::int64_t{1} << s;
  std::int64_t q = x / d;
  const std::int64_t r = x % d;
  const std::uint64_t twice_r = 2u * static_cast<std::uint64_t>(r < 0 ? -r : r);
  if (twice_r >= static_cast<std::uint64_t>(d)) q += x < 0 ? -1 : 1;
  return clamp_to_i32(q);
}

std::int32_t reference_floor(std::int64_t x, int s) {
  const std::int64_t d = std::int64_t{1} << s;
  std::int64_t q = x / d;
  if (x % d != 0 && x < 0) q -= 1;
  return clamp_to_i32(q);
}

// TensorFlow Lite's MultiplyByQuantizedMultiplier as its reference kernels write it (gemmlowp's
// SaturatingRoundingDoublingHighMul with its sign-dependent nudge and truncating division, then
// RoundingDivideByPOT with its mask and threshold), for a TFLite shift (positive = left) where the
// left shift fits in int32, as TFLite requires.
std::int32_t tflite_srdhm(std::int32_t a, std::int32_t b) {
  if (a == INT32_MIN && b == INT32_MIN) return INT32_MAX;
  const std::int64_t ab = static_cast<std::int64_t>(a) * b;
  const std::int64_t nudge = ab >= 0 ? (1 << 30) : (1 - (1 << 30));
  return static_cast<std::int32_t>((ab + nudge) / (std::int64_t{1} << 31));
}
std::int32_t tflite_rounding_divide_by_pot(std::int32_t x, int exponent) {
  const std::int32_t mask = static_cast<std::int32_t>((std::int64_t{1} << exponent) - 1);
  const std::int32_t remainder = x & mask;
  const std::int32_t threshold = (mask >> 1) + (x < 0 ? 1 : 0);
  return (x >> exponent) + (remainder > threshold ? 1 : 0);
}
std::int32_t tflite_multiply_by_quantized_multiplier(std::int32_t x, std::int32_t m,
                                                     int tflite_shift) {
  const int left = tflite_shift > 0 ? tflite_shift : 0;
  const int right = tflite_shift > 0 ? 0 : -tflite_shift;
  // TFLite writes x * (1 << left); the caller guarantees it fits (int64 here only so that
  // 1 << 31 is not itself an overflow).
  const auto shifted =
      static_cast<std::int32_t>(static_cast<std::int64_t>(x) * (std::int64_t{1} << left));
  return tflite_rounding_divide_by_pot(tflite_srdhm(shifted, m), right);
}

// acc * m / 2^31 * 2^-shift, exactly (long double holds the 62-bit product on x86; elsewhere the
// tests' slack covers it), clamped to the int32 range.
long double exact_requantize(std::int32_t acc, std::int32_t m, int shift) {
  const long double v =
      std::ldexp(static_cast<long double>(acc) * static_cast<long double>(m), -31 - shift);
  if (v > static_cast<long double>(INT32_MAX)) return static_cast<long double>(INT32_MAX);
  if (v < static_cast<long double>(INT32_MIN)) return static_cast<long double>(INT32_MIN);
  return v;
}

// Accumulators as an int8 MLP makes them: mostly modest, some anywhere in int32.
std::int32_t random_accumulator(std::mt19937_64& rng) {
  switch (rng() % 3) {
    case 0:
      return std::uniform_int_distribution<std::int32_t>(INT32_MIN, INT32_MAX)(rng);
    case 1:
      return std::uniform_int_distribution<std::int32_t>(-(1 << 20), 1 << 20)(rng);
    default:
      return std::uniform_int_distribution<std::int32_t>(-300, 300)(rng);
  }
}

}  // namespace

TEST(FixedPoint, QTypesHaveTheCmsisWidths) {
  EXPECT_EQ(sizeof(q7_t), 1u);
  EXPECT_EQ(sizeof(q15_t), 2u);
  EXPECT_EQ(sizeof(q31_t), 4u);
  EXPECT_TRUE(std::numeric_limits<q7_t>::is_signed);
}

TEST(FixedPoint, SatI8PassesValuesInsideAndClampsBeyondBothLimits) {
  EXPECT_EQ(sat_i8(0), 0);
  EXPECT_EQ(sat_i8(-5), -5);
  EXPECT_EQ(sat_i8(127), 127);
  EXPECT_EQ(sat_i8(-128), -128);
  EXPECT_EQ(sat_i8(128), 127);
  EXPECT_EQ(sat_i8(-129), -128);
  EXPECT_EQ(sat_i8(INT32_MAX), 127);
  EXPECT_EQ(sat_i8(INT32_MIN), -128);
}

TEST(FixedPoint, SatI16PassesValuesInsideAndClampsBeyondBothLimits) {
  EXPECT_EQ(sat_i16(-1234), -1234);
  EXPECT_EQ(sat_i16(32767), 32767);
  EXPECT_EQ(sat_i16(-32768), -32768);
  EXPECT_EQ(sat_i16(32768), 32767);
  EXPECT_EQ(sat_i16(-32769), -32768);
  EXPECT_EQ(sat_i16(INT32_MAX), 32767);
  EXPECT_EQ(sat_i16(INT32_MIN), -32768);
}

TEST(FixedPoint, SatI32PassesValuesInsideAndClampsBeyondBothLimits) {
  EXPECT_EQ(sat_i32(-7), -7);
  EXPECT_EQ(sat_i32(INT32_MAX), INT32_MAX);
  EXPECT_EQ(sat_i32(INT32_MIN), INT32_MIN);
  EXPECT_EQ(sat_i32(std::int64_t{INT32_MAX} + 1), INT32_MAX);
  EXPECT_EQ(sat_i32(std::int64_t{INT32_MIN} - 1), INT32_MIN);
  EXPECT_EQ(sat_i32(kI64Max), INT32_MAX);
  EXPECT_EQ(sat_i32(kI64Min), INT32_MIN);
}

TEST(FixedPoint, AddSatAndSubSatSaturateAtBothInt32LimitsAndAreExactInside) {
  EXPECT_EQ(add_sat(2, -5), -3);
  EXPECT_EQ(add_sat(INT32_MAX, 1), INT32_MAX);
  EXPECT_EQ(add_sat(INT32_MAX, INT32_MAX), INT32_MAX);
  EXPECT_EQ(add_sat(INT32_MIN, -1), INT32_MIN);
  EXPECT_EQ(add_sat(INT32_MIN, INT32_MIN), INT32_MIN);
  EXPECT_EQ(add_sat(INT32_MAX, INT32_MIN), -1);
  EXPECT_EQ(add_sat(INT32_MAX - 1, 1), INT32_MAX);
  EXPECT_EQ(sub_sat(2, 5), -3);
  EXPECT_EQ(sub_sat(INT32_MIN, 1), INT32_MIN);
  EXPECT_EQ(sub_sat(INT32_MAX, -1), INT32_MAX);
  EXPECT_EQ(sub_sat(0, INT32_MIN), INT32_MAX);
  EXPECT_EQ(sub_sat(-1, INT32_MIN), INT32_MAX);
  EXPECT_EQ(sub_sat(INT32_MIN, INT32_MIN), 0);
}

TEST(FixedPoint, AddSat16AndSubSat16SaturateAtBothInt16LimitsAndAreExactInside) {
  using I16 = std::int16_t;
  EXPECT_EQ(add_sat16(I16{100}, I16{-300}), -200);
  EXPECT_EQ(add_sat16(I16{32767}, I16{1}), 32767);
  EXPECT_EQ(add_sat16(I16{32767}, I16{32767}), 32767);
  EXPECT_EQ(add_sat16(I16{-32768}, I16{-1}), -32768);
  EXPECT_EQ(add_sat16(I16{-32768}, I16{-32768}), -32768);
  EXPECT_EQ(add_sat16(I16{32767}, I16{-32768}), -1);
  EXPECT_EQ(sub_sat16(I16{-32768}, I16{1}), -32768);
  EXPECT_EQ(sub_sat16(I16{0}, I16{-32768}), 32767);
  EXPECT_EQ(sub_sat16(I16{5}, I16{7}), -2);
}

TEST(FixedPoint, ShiftRightRoundRoundsHalvesAwayFromZeroForBothSigns) {
  EXPECT_EQ(shift_right_round(1, 1), 1);    // 0.5
  EXPECT_EQ(shift_right_round(-1, 1), -1);  // -0.5
  EXPECT_EQ(shift_right_round(3, 1), 2);    // 1.5
  EXPECT_EQ(shift_right_round(-3, 1), -2);  // -1.5
  EXPECT_EQ(shift_right_round(5, 1), 3);    // 2.5
  EXPECT_EQ(shift_right_round(-5, 1), -3);  // -2.5
  EXPECT_EQ(shift_right_round(5, 2), 1);    // 1.25
  EXPECT_EQ(shift_right_round(-5, 2), -1);  // -1.25
  EXPECT_EQ(shift_right_round(6, 2), 2);    // 1.5
  EXPECT_EQ(shift_right_round(-6, 2), -2);  // -1.5
  EXPECT_EQ(shift_right_round(7, 2), 2);    // 1.75
  EXPECT_EQ(shift_right_round(-7, 2), -2);  // -1.75
  EXPECT_EQ(shift_right_round(-1, 2), 0);   // -0.25
  EXPECT_EQ(shift_right_round(-2, 2), -1);  // -0.5
}

TEST(FixedPoint, ShiftRightRoundByZeroReturnsTheValueSaturated) {
  EXPECT_EQ(shift_right_round(123, 0), 123);
  EXPECT_EQ(shift_right_round(-123, 0), -123);
  EXPECT_EQ(shift_right_round(INT32_MAX, 0), INT32_MAX);
  EXPECT_EQ(shift_right_round(INT32_MIN, 0), INT32_MIN);
  EXPECT_EQ(shift_right_round(kTwo31, 0), INT32_MAX);
  EXPECT_EQ(shift_right_round(-kTwo31 - 1, 0), INT32_MIN);
  EXPECT_EQ(shift_right_round(kI64Max, 0), INT32_MAX);
  EXPECT_EQ(shift_right_round(kI64Min, 0), INT32_MIN);
}

TEST(FixedPoint, ShiftRightRoundBy31And62RoundsAndSaturatesAtTheEdges) {
  EXPECT_EQ(shift_right_round(kTwo30, 31), 1);           // 0.5
  EXPECT_EQ(shift_right_round(-kTwo30, 31), -1);         // -0.5
  EXPECT_EQ(shift_right_round(kTwo30 - 1, 31), 0);       // just below 0.5
  EXPECT_EQ(shift_right_round(-kTwo30 + 1, 31), 0);      // just above -0.5
  EXPECT_EQ(shift_right_round(3 * kTwo30, 31), 2);       // 1.5
  EXPECT_EQ(shift_right_round(-3 * kTwo30, 31), -2);     // -1.5
  EXPECT_EQ(shift_right_round(INT32_MIN, 31), -1);       // -1
  EXPECT_EQ(shift_right_round(kI64Max, 31), INT32_MAX);  // 2^32: saturated
  EXPECT_EQ(shift_right_round(kI64Min, 31), INT32_MIN);  // -2^32: saturated
  EXPECT_EQ(shift_right_round(kI64Min, 62), -2);
  EXPECT_EQ(shift_right_round(kI64Max, 62), 2);
  EXPECT_EQ(shift_right_round(std::int64_t{1} << 61, 62), 1);  // 0.5
  EXPECT_EQ(shift_right_round(-(std::int64_t{1} << 61), 62), -1);
}

TEST(FixedPoint, ShiftRightFloorRoundsTowardMinusInfinityAndSaturates) {
  EXPECT_EQ(shift_right_floor(5, 1), 2);
  EXPECT_EQ(shift_right_floor(-5, 1), -3);
  EXPECT_EQ(shift_right_floor(-1, 4), -1);
  EXPECT_EQ(shift_right_floor(1, 4), 0);
  EXPECT_EQ(shift_right_floor(-16, 4), -1);
  EXPECT_EQ(shift_right_floor(-17, 4), -2);
  EXPECT_EQ(shift_right_floor(-7, 0), -7);
  EXPECT_EQ(shift_right_floor(kI64Max, 0), INT32_MAX);
  EXPECT_EQ(shift_right_floor(kI64Min, 0), INT32_MIN);
  EXPECT_EQ(shift_right_floor(INT32_MIN, 31), -1);
  EXPECT_EQ(shift_right_floor(-1, 31), -1);
  EXPECT_EQ(shift_right_floor(INT32_MAX, 31), 0);
  EXPECT_EQ(shift_right_floor(kI64Min, 62), -2);
  EXPECT_EQ(shift_right_floor(kI64Max, 62), 1);
  EXPECT_EQ(shift_right_floor(-1, 62), -1);
}

TEST(FixedPoint, ShiftsOutsideZeroTo62AreClampedIntoIt) {
  EXPECT_EQ(shift_right_round(-5, -3), -5);
  EXPECT_EQ(shift_right_round(kI64Min, 100), shift_right_round(kI64Min, 62));
  EXPECT_EQ(shift_right_floor(-5, -3), -5);
  EXPECT_EQ(shift_right_floor(kI64Max, 100), shift_right_floor(kI64Max, 62));
}

TEST(FixedPoint, ShiftsMatchDivisionReferencesOnRandomValuesAndEveryShift) {
  std::mt19937_64 rng(20240611u);
  std::uniform_int_distribution<std::int64_t> any(kI64Min, kI64Max);
  for (int s = 0; s <= 62; ++s) {
    for (int i = 0; i < 4000; ++i) {
      // Whole range, and values near 2^(s + 31) where saturation starts.
      std::int64_t x = any(rng);
      if (i % 2 == 1 && s <= 31) x >>= (31 - s);
      ASSERT_EQ(shift_right_round(x, s), reference_round_half_away(x, s)) << x << " >> " << s;
      ASSERT_EQ(shift_right_floor(x, s), reference_floor(x, s)) << x << " >> " << s;
    }
  }
}

TEST(FixedPoint, MulQ31MultipliesExactValuesAndSaturatesOnlyMinusOneSquared) {
  EXPECT_EQ(mul_q31(1 << 30, 1 << 30), 1 << 29);        // 0.5 * 0.5
  EXPECT_EQ(mul_q31(-(1 << 30), 1 << 30), -(1 << 29));  // -0.5 * 0.5
  EXPECT_EQ(mul_q31(INT32_MIN, 1 << 30), -(1 << 30));   // -1 * 0.5
  EXPECT_EQ(mul_q31(INT32_MIN, INT32_MIN), INT32_MAX);  // -1 * -1 = 1: saturated
  EXPECT_EQ(mul_q31(INT32_MIN, INT32_MAX), -INT32_MAX);
  EXPECT_EQ(mul_q31(INT32_MIN, -INT32_MAX), INT32_MAX);
  EXPECT_EQ(mul_q31(INT32_MAX, INT32_MAX), INT32_MAX - 1);
  EXPECT_EQ(mul_q31(0, INT32_MIN), 0);
}

TEST(FixedPoint, MulQ31RoundsHalvesTowardPlusInfinity) {
  EXPECT_EQ(mul_q31(1, 1 << 30), 1);    // 0.5 LSB
  EXPECT_EQ(mul_q31(-1, 1 << 30), 0);   // -0.5 LSB
  EXPECT_EQ(mul_q31(3, 1 << 30), 2);    // 1.5 LSB
  EXPECT_EQ(mul_q31(-3, 1 << 30), -1);  // -1.5 LSB
  EXPECT_EQ(mul_q31(1, (1 << 30) - 1), 0);
  EXPECT_EQ(mul_q31(-1, (1 << 30) + 1), -1);
}

TEST(FixedPoint, MulQ31EqualsVqrdmulhAndIsWithinHalfAnLsbOnRandomValues) {
  std::mt19937_64 rng(7u);
  std::uniform_int_distribution<std::int32_t> any(INT32_MIN, INT32_MAX);
  for (int i = 0; i < 200000; ++i) {
    const std::int32_t a = any(rng);
    const std::int32_t b = i % 4 == 0 ? static_cast<std::int32_t>(1 << (i % 31)) : any(rng);
    const std::int32_t got = mul_q31(a, b);
    ASSERT_EQ(got, tflite_srdhm(a, b)) << a << " * " << b;
    const long double exact = std::ldexp(static_cast<long double>(a) * b, -31);
    ASSERT_LE(std::fabs(static_cast<long double>(got) - exact), 0.5L) << a << " * " << b;
  }
}

TEST(FixedPoint, MulQ15RoundsHalvesTowardPlusInfinityAndSaturatesOnlyMinusOneSquared) {
  using I16 = std::int16_t;
  EXPECT_EQ(mul_q15(I16{16384}, I16{16384}), 8192);  // 0.5 * 0.5
  EXPECT_EQ(mul_q15(I16{-32768}, I16{-32768}), 32767);
  EXPECT_EQ(mul_q15(I16{-32768}, I16{32767}), -32767);
  EXPECT_EQ(mul_q15(I16{1}, I16{16384}), 1);    // 0.5 LSB
  EXPECT_EQ(mul_q15(I16{-1}, I16{16384}), 0);   // -0.5 LSB
  EXPECT_EQ(mul_q15(I16{3}, I16{16384}), 2);    // 1.5 LSB
  EXPECT_EQ(mul_q15(I16{-3}, I16{16384}), -1);  // -1.5 LSB
  std::mt19937 rng(11u);
  std::uniform_int_distribution<int> any(INT16_MIN, INT16_MAX);
  for (int i = 0; i < 200000; ++i) {
    const I16 a = static_cast<I16>(any(rng));
    const I16 b = static_cast<I16>(any(rng));
    if (a == INT16_MIN && b == INT16_MIN) continue;
    const double exact = static_cast<double>(a) * b / 32768.0;
    ASSERT_EQ(mul_q15(a, b), static_cast<int>(std::floor(exact + 0.5))) << a << " * " << b;
  }
}

TEST(FixedPoint, RequantizeIsWithinItsStatedBoundOfTheExactScaleOnRandomValues) {
  std::mt19937_64 rng(2024u);
  std::uniform_int_distribution<std::int32_t> mult(1 << 30, INT32_MAX);
  std::uniform_int_distribution<int> shifts(-31, 40);
  constexpr long double kSlack = 1e-6L;
  for (int i = 0; i < 300000; ++i) {
    const std::int32_t acc = random_accumulator(rng);
    const std::int32_t m = mult(rng);
    const int shift = shifts(rng);
    const std::int32_t got = requantize(acc, m, shift);
    const long double exact = exact_requantize(acc, m, shift);
    // One rounding of the product (half an LSB of the Q31 product, scaled by 2^-shift), then
    // half an LSB for the shift: under 1 LSB in all, and half an LSB without a right shift.
    const long double bound = shift > 0 ? 0.5L + std::ldexp(0.5L, -shift) : 0.5L;
    ASSERT_LE(std::fabs(static_cast<long double>(got) - exact), bound + kSlack)
        << acc << " m " << m << " shift " << shift;
    ASSERT_LE(std::fabs(static_cast<long double>(got) - exact), 1.0L);
  }
}

TEST(FixedPoint, RequantizeEqualsTfliteMultiplyByQuantizedMultiplierBitForBit) {
  std::mt19937_64 rng(99u);
  std::uniform_int_distribution<std::int32_t> mult(1 << 30, INT32_MAX);
  std::uniform_int_distribution<std::int32_t> any_mult(INT32_MIN, INT32_MAX);
  std::uniform_int_distribution<int> shifts(-31, 31);
  int compared = 0;
  for (int i = 0; i < 400000; ++i) {
    const std::int32_t acc = random_accumulator(rng);
    const std::int32_t m = i % 8 == 0 ? any_mult(rng) : mult(rng);
    const int shift = shifts(rng);
    // TFLite shifts left by -shift first and needs it to fit in int32.
    const std::int64_t shifted =
        static_cast<std::int64_t>(acc) * (std::int64_t{1} << (shift < 0 ? -shift : 0));
    if (shifted != clamp_to_i32(shifted)) continue;
    ASSERT_EQ(requantize(acc, m, shift), tflite_multiply_by_quantized_multiplier(acc, m, -shift))
        << acc << " m " << m << " shift " << shift;
    ++compared;
  }
  EXPECT_GT(compared, 200000);
}

TEST(FixedPoint, RequantizeSaturatesALeftShiftThatWouldOverflow) {
  // M = 0.5 * 2^2 = 2: the exact results are beyond int32, so they saturate, both ways.
  EXPECT_EQ(requantize(INT32_MAX, 1 << 30, -2), INT32_MAX);
  EXPECT_EQ(requantize(INT32_MIN, 1 << 30, -2), INT32_MIN);
  EXPECT_EQ(requantize(1 << 30, 1 << 30, -2), INT32_MAX);  // exactly 2^31
  EXPECT_EQ(requantize(-(1 << 30), 1 << 30, -2), INT32_MIN);
  // ... but a product that fits is exact even when acc << 2 alone would not fit.
  EXPECT_EQ(requantize(1 << 29, 1 << 30, -2), 1 << 30);
  EXPECT_EQ(requantize(INT32_MAX, 1 << 30, -31), INT32_MAX);
  EXPECT_EQ(requantize(-1, 1 << 30, -31), -(1 << 30));
}

TEST(FixedPoint, RequantizeClampsShiftsOutsideMinus31To62) {
  EXPECT_EQ(requantize(3, 1 << 30, -40), requantize(3, 1 << 30, -31));
  EXPECT_EQ(requantize(INT32_MIN, INT32_MAX, 100), requantize(INT32_MIN, INT32_MAX, 62));
  EXPECT_EQ(requantize(INT32_MAX, INT32_MAX, 100), 0);
}

TEST(FixedPoint, RequantizeByZeroShiftIsTheRoundedQ31Product) {
  EXPECT_EQ(requantize(1000, 1 << 30, 0), 500);
  EXPECT_EQ(requantize(-1001, 1 << 30, 0), -500);  // -500.5: ties toward plus infinity
  EXPECT_EQ(requantize(1001, 1 << 30, 0), 501);
  EXPECT_EQ(requantize(0, INT32_MAX, -31), 0);
}

TEST(FixedPoint, QuantizeMultiplierRoundTripsRealsWithinTwoToMinus31Relative) {
  std::mt19937_64 rng(5u);
  std::uniform_real_distribution<double> log2_scale(-40.0, 30.999);
  for (int i = 0; i < 100000; ++i) {
    const double real = std::exp2(log2_scale(rng));
    std::int32_t m = 0;
    int shift = 0;
    ASSERT_EQ(quantize_multiplier(real, m, shift), Status::kOk) << real;
    ASSERT_GE(m, 1 << 30) << real;
    ASSERT_GE(shift, -31) << real;
    ASSERT_LE(shift, 62) << real;
    const double back = std::ldexp(static_cast<double>(m), -31 - shift);
    ASSERT_LE(std::fabs(back / real - 1.0), std::ldexp(1.0, -31) * (1.0 + 1e-9)) << real;
    // And the pair scales an accumulator as the real does (the product kept below 2^20 so the
    // multiplier's relative error stays far below an LSB).
    const double limit = std::fmin(2147483647.0, std::ldexp(1.0, 20) / real);
    const std::int32_t acc =
        static_cast<std::int32_t>(std::uniform_real_distribution<double>(-limit, limit)(rng));
    const double exact = static_cast<double>(acc) * real;
    ASSERT_LE(std::fabs(static_cast<double>(requantize(acc, m, shift)) - exact), 1.0)
        << acc << " * " << real;
  }
}

TEST(FixedPoint, QuantizeMultiplierGivesExactPairsForPowersOfTwo) {
  std::int32_t m = 0;
  int shift = 0;
  ASSERT_EQ(quantize_multiplier(0.5, m, shift), Status::kOk);
  EXPECT_EQ(m, 1 << 30);
  EXPECT_EQ(shift, 0);
  ASSERT_EQ(quantize_multiplier(1.0, m, shift), Status::kOk);
  EXPECT_EQ(m, 1 << 30);
  EXPECT_EQ(shift, -1);
  ASSERT_EQ(quantize_multiplier(std::ldexp(1.0, -10), m, shift), Status::kOk);
  EXPECT_EQ(m, 1 << 30);
  EXPECT_EQ(shift, 9);
  ASSERT_EQ(quantize_multiplier(std::ldexp(1.0, 30), m, shift), Status::kOk);
  EXPECT_EQ(m, 1 << 30);
  EXPECT_EQ(shift, -31);
  ASSERT_EQ(quantize_multiplier(std::ldexp(1.0, -63), m, shift), Status::kOk);
  EXPECT_EQ(m, 1 << 30);
  EXPECT_EQ(shift, 62);
}

TEST(FixedPoint, QuantizeMultiplierRenormalisesAMantissaThatRoundsUpToOne) {
  std::int32_t m = 0;
  int shift = 0;
  ASSERT_EQ(quantize_multiplier(1.0 - std::ldexp(1.0, -40), m, shift), Status::kOk);
  EXPECT_EQ(m, 1 << 30);
  EXPECT_EQ(shift, -1);
  // Just below 2^31: the largest multiplier at the largest left shift.
  ASSERT_EQ(quantize_multiplier(std::nextafter(2147483648.0, 0.0), m, shift), Status::kOk);
  EXPECT_EQ(m, INT32_MAX);
  EXPECT_EQ(shift, -31);
}

TEST(FixedPoint, QuantizeMultiplierGivesZeroForZeroAndForScalesBelowTwoToMinus63) {
  for (double real :
       {0.0, std::ldexp(1.0, -64), 1e-30, std::numeric_limits<double>::denorm_min()}) {
    std::int32_t m = 7;
    int shift = 7;
    ASSERT_EQ(quantize_multiplier(real, m, shift), Status::kOk) << real;
    EXPECT_EQ(m, 0) << real;
    EXPECT_EQ(shift, 0) << real;
  }
}

TEST(FixedPoint, QuantizeMultiplierRefusesNegativeNanAndTooLargeScales) {
  const double inf = std::numeric_limits<double>::infinity();
  for (double real : {-1.0, -1e-300, std::nan(""), 2147483648.0, 1e12, inf, -inf}) {
    std::int32_t m = 7;
    int shift = 7;
    EXPECT_EQ(quantize_multiplier(real, m, shift), Status::kOutOfRange) << real;
    EXPECT_EQ(m, 0) << real;
    EXPECT_EQ(shift, 0) << real;
  }
}

TEST(FixedPoint, ToQRoundsHalvesAwayFromZeroAndSaturates) {
  EXPECT_EQ(to_q(0.5f, 15), 16384);
  EXPECT_EQ(to_q(-0.25f, 15), -8192);
  EXPECT_EQ(to_q(0.5f, 0), 1);
  EXPECT_EQ(to_q(-0.5f, 0), -1);
  EXPECT_EQ(to_q(1.5f, 0), 2);
  EXPECT_EQ(to_q(-1.5f, 0), -2);
  EXPECT_EQ(to_q(2.4f, 0), 2);
  EXPECT_EQ(to_q(-2.4f, 0), -2);
  EXPECT_EQ(to_q(0.49999997f, 0), 0);
  EXPECT_EQ(to_q(1e10f, 0), INT32_MAX);
  EXPECT_EQ(to_q(-1e10f, 0), INT32_MIN);
  EXPECT_EQ(to_q(std::numeric_limits<float>::infinity(), 8), INT32_MAX);
  EXPECT_EQ(to_q(-std::numeric_limits<float>::infinity(), 8), INT32_MIN);
  EXPECT_EQ(to_q(std::numeric_limits<float>::quiet_NaN(), 8), 0);
  EXPECT_EQ(to_q7(1.0f), 127);
  EXPECT_EQ(to_q7(-1.0f), -128);
  EXPECT_EQ(to_q15(1.0f), 32767);
  EXPECT_EQ(to_q15(-1.0f), -32768);
  EXPECT_EQ(to_q31(1.0f), INT32_MAX);
  EXPECT_EQ(to_q31(-1.0f), INT32_MIN);
  EXPECT_EQ(to_q31(0.5f), 1 << 30);
}

TEST(FixedPoint, FromQInvertsToQForEveryQ15Value) {
  EXPECT_EQ(from_q(16384, 15), 0.5f);
  EXPECT_EQ(from_q(-3, 1), -1.5f);
  EXPECT_EQ(from_q(INT32_MIN, 31), -1.0f);
  for (int v = INT16_MIN; v <= INT16_MAX; ++v) {
    ASSERT_EQ(to_q(from_q(v, 15), 15), v);
  }
}

}  // namespace classify
}  // namespace fusetrack
