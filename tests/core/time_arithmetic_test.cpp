// Time arithmetic is defined for every pair of int64 time stamps: exact where the result fits,
// saturated where it does not (a plain subtraction of far-apart stamps is undefined behaviour).
#include <cstdint>
#include <limits>

#include <gtest/gtest.h>

#include "fusetrack/core/stream_clock.hpp"
#include "fusetrack/core/types.hpp"

namespace fusetrack {
namespace {

constexpr Micros kMin = std::numeric_limits<Micros>::min();
constexpr Micros kMax = std::numeric_limits<Micros>::max();

TEST(TimeArithmetic, ElapsedIsExactWheneverTheDifferenceFits) {
  EXPECT_EQ(elapsed_us(0, 0), 0);
  EXPECT_EQ(elapsed_us(1000, 3500), 2500);
  EXPECT_EQ(elapsed_us(3500, 1000), -2500);
  EXPECT_EQ(elapsed_us(-1, kMax), kMax);  // MAX + 1 does not fit: saturated to MAX
  EXPECT_EQ(elapsed_us(0, kMax), kMax);
  EXPECT_EQ(elapsed_us(kMin, -1), kMax);  // 2^63 - 1 exactly
  EXPECT_EQ(elapsed_us(0, kMin), kMin);   // -2^63 fits exactly
  EXPECT_EQ(elapsed_us(-1, kMin), kMin + 1);
  EXPECT_EQ(elapsed_us(kMax, kMax), 0);
  EXPECT_EQ(elapsed_us(kMin, kMin), 0);
}

TEST(TimeArithmetic, ElapsedBetweenTheInt64ExtremesSaturatesInsteadOfOverflowing) {
  EXPECT_EQ(elapsed_us(kMin, kMax), kMax);
  EXPECT_EQ(elapsed_us(kMax, kMin), kMin);
  EXPECT_EQ(elapsed_us(kMin, 1), kMax);
  EXPECT_EQ(elapsed_us(1, kMin), kMin);
  EXPECT_EQ(elapsed_us(2, kMin), kMin);
}

TEST(TimeArithmetic, SecondsBetweenTheExtremesIsFiniteAndSigned) {
  const float forward = seconds_between(kMin, kMax);
  const float backward = seconds_between(kMax, kMin);
  EXPECT_TRUE(std::isfinite(forward));
  EXPECT_TRUE(std::isfinite(backward));
  EXPECT_NEAR(forward, 9.223372e12f, 1e7f);
  EXPECT_NEAR(backward, -9.223372e12f, 1e7f);
  EXPECT_FLOAT_EQ(seconds_between(1000000, 3500000), 2.5f);
}

TEST(TimeArithmetic, LaterSaturatesAtTheEndOfTime) {
  EXPECT_EQ(later_us(1000, 500), 1500);
  EXPECT_EQ(later_us(kMax - 10, 10), kMax);
  EXPECT_EQ(later_us(kMax - 10, 11), kMax);
  EXPECT_EQ(later_us(kMax, kMax), kMax);
  EXPECT_EQ(later_us(kMin, kMax), -1);
}

TEST(TimeArithmetic, StreamClockIntervalBetweenTheExtremesIsFinite) {
  StreamClock c;
  c.advance(kMin);
  float dt = 0.0f;
  ASSERT_EQ(c.interval(kMax, dt), Status::kOk);
  EXPECT_TRUE(std::isfinite(dt));
  EXPECT_GT(dt, 9e12f);
  EXPECT_EQ(c.interval(kMin + 0, dt), Status::kDuplicateTime);
}

}  // namespace
}  // namespace fusetrack
