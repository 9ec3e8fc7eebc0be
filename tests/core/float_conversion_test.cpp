// The core's float <-> 64-bit integer conversions and integer ratios (core/types.hpp) give the
// results of the C runtime's double-based or software ones, without them: checked against them here
// on the host, over edge cases and millions of random bit patterns.
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <random>

#include <gtest/gtest.h>

#include "fusetrack/core/types.hpp"

namespace fusetrack {
namespace {

float from_bits(std::uint32_t b) {
  float v = 0.0f;
  std::memcpy(&v, &b, sizeof v);
  return v;
}

// The reference: the plain conversion where it is defined, saturation outside.
std::int64_t reference_trunc(double v) {
  if (std::isnan(v)) return 0;
  if (v >= 9223372036854775808.0) return INT64_MAX;
  if (v < -9223372036854775808.0) return INT64_MIN;
  return static_cast<std::int64_t>(v);
}

TEST(FloatConversion, TruncToI64IsTheCastForEveryFloat) {
  for (float v : {0.0f,
                  -0.0f,
                  0.5f,
                  -0.5f,
                  0.9999999f,
                  1.0f,
                  -1.0f,
                  1.5f,
                  -1.5f,
                  16777215.0f,
                  16777217.0f,
                  1e10f,
                  -1e10f,
                  9.2233715e18f,
                  -9.223372e18f,
                  1e19f,
                  -1e19f,
                  std::numeric_limits<float>::denorm_min(),
                  std::numeric_limits<float>::max(),
                  -std::numeric_limits<float>::max(),
                  std::numeric_limits<float>::infinity(),
                  -std::numeric_limits<float>::infinity(),
                  std::numeric_limits<float>::quiet_NaN()}) {
    EXPECT_EQ(trunc_to_i64(v), reference_trunc(static_cast<double>(v))) << v;
  }
  std::mt19937 rng(7);
  for (int i = 0; i < 2000000; ++i) {
    const float v = from_bits(static_cast<std::uint32_t>(rng()));
    ASSERT_EQ(trunc_to_i64(v), reference_trunc(static_cast<double>(v))) << v;
  }
}

TEST(FloatConversion, SecondsToMicrosIsTheDoubleProductTruncated) {
  for (float s :
       {0.0f, 1e-7f, 1e-6f, 0.0000015f, 0.001f, 0.1f, 0.3f, 1.0f, 2.5f, 30.0f, 86400.0f, 3.2e7f,
        -0.1f, -2.5f, 1e13f, 1e14f, -1e14f, std::numeric_limits<float>::infinity(),
        std::numeric_limits<float>::quiet_NaN()}) {
    EXPECT_EQ(seconds_to_us(s), reference_trunc(static_cast<double>(s) * 1e6)) << s;
  }
  std::mt19937 rng(11);
  for (int i = 0; i < 2000000; ++i) {
    const float s = from_bits(static_cast<std::uint32_t>(rng()));
    ASSERT_EQ(seconds_to_us(s), reference_trunc(static_cast<double>(s) * 1e6)) << s;
  }
}

// The double quotient rounded to float: equal to the correctly rounded float except where the
// double rounding of a near-tie differs, so the comparison allows that one case only.
TEST(FloatConversion, Int64ToFloatIsTheCast) {
  const auto same_bits = [](float a, float b) { return std::memcmp(&a, &b, sizeof a) == 0; };
  for (std::int64_t v :
       {std::int64_t{0}, std::int64_t{1}, std::int64_t{-1}, std::int64_t{16777217},
        std::int64_t{-16777217}, std::int64_t{INT32_MAX}, std::int64_t{INT32_MIN},
        std::int64_t{INT32_MAX} + 1, std::int64_t{INT32_MIN} - 1, INT64_MAX, INT64_MIN}) {
    EXPECT_TRUE(same_bits(int64_to_float(v), static_cast<float>(v))) << v;
  }
  std::mt19937_64 rng(11);
  for (int i = 0; i < 2000000; ++i) {
    // Every magnitude: a random 64-bit pattern shifted right by 0 to 63 bits.
    const std::uint64_t bits = rng();
    const std::int64_t v = static_cast<std::int64_t>(bits) >> (rng() % 64);
    ASSERT_TRUE(same_bits(int64_to_float(v), static_cast<float>(v))) << v;
  }
}

TEST(FloatConversion, RatioToFloatIsTheRoundedQuotient) {
  EXPECT_EQ(ratio_to_float(0, 5), 0.0f);
  EXPECT_EQ(ratio_to_float(5, 0), 0.0f);
  EXPECT_EQ(ratio_to_float(1, 1), 1.0f);
  EXPECT_EQ(ratio_to_float(1, 3), 1.0f / 3.0f);
  EXPECT_EQ(ratio_to_float(100000000, 1000000), 100.0f);
  EXPECT_EQ(ratio_to_float(16777217, 1), 16777216.0f);  // a tie: to even
  EXPECT_EQ(ratio_to_float(16777219, 1), 16777220.0f);  // a tie: to even
  EXPECT_EQ(ratio_to_float(UINT64_MAX, 1), 18446744073709551616.0f);
  std::mt19937_64 rng(13);
  int differing = 0;
  for (int i = 0; i < 1000000; ++i) {
    const std::uint64_t num = rng() >> (rng() % 64);
    const std::uint64_t den = (rng() >> (1 + rng() % 63)) | 1u;
    const float got = ratio_to_float(num, den);
    // Correctly rounded reference from long double where it is exact enough (64-bit mantissa).
    const long double exact = static_cast<long double>(num) / static_cast<long double>(den);
    const float expected = static_cast<float>(exact);
    if (got != expected) {
      ++differing;
      ASSERT_LE(std::fabs(static_cast<double>(got) - static_cast<double>(expected)),
                std::fabs(static_cast<double>(expected)) * 1.2e-7)
          << num << " / " << den;
    }
  }
  EXPECT_LE(differing, 10);  // only where long double's own rounding of a near-tie decides
}

}  // namespace
}  // namespace fusetrack
