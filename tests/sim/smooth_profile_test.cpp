// SmoothProfile: the blend every simulated quantity is built from. Value, slope and integral
// must agree with each other (the step phase and the distance walked are its integrals).
#include "sim/smooth_profile.hpp"

#include <cmath>
#include <vector>

#include <gtest/gtest.h>

namespace fusetrack::sim {
namespace {

// Segments 0-10 s, 10-20 s, 20-21 s (shorter than the 4 s blend), 21-40 s.
SmoothProfile example(double delay_s = 0.0) {
  return SmoothProfile({1.0, 3.0, -2.0, 5.0}, {10.0, 20.0, 21.0, 40.0}, 4.0, delay_s);
}

TEST(SmoothProfile, HoldsEachSegmentsValueAwayFromTheBlends) {
  const SmoothProfile p = example();
  EXPECT_DOUBLE_EQ(p.value(0.0), 1.0);
  EXPECT_DOUBLE_EQ(p.value(7.9), 1.0);
  EXPECT_DOUBLE_EQ(p.value(15.0), 3.0);
  EXPECT_DOUBLE_EQ(p.value(39.0), 5.0);
  EXPECT_DOUBLE_EQ(p.value(-5.0), 1.0);
  // Centred on the boundary: halfway at the boundary itself.
  EXPECT_NEAR(p.value(10.0), 2.0, 1e-12);
}

TEST(SmoothProfile, DelayShiftsTheBlendToStartAtTheBoundary) {
  const SmoothProfile p = example(2.0);  // blend width 4 s: [10, 14]
  EXPECT_DOUBLE_EQ(p.value(10.0), 1.0);
  EXPECT_NEAR(p.value(12.0), 2.0, 1e-12);
  EXPECT_DOUBLE_EQ(p.value(14.0), 3.0);
}

TEST(SmoothProfile, SlopeIsTheDerivativeOfValue) {
  const SmoothProfile p = example();
  const double h = 1e-5;
  for (double t = 0.0; t < 40.0; t += 0.0371) {
    const double numeric = (p.value(t + h) - p.value(t - h)) / (2.0 * h);
    ASSERT_NEAR(p.slope(t), numeric, 1e-6) << "t = " << t;
  }
}

TEST(SmoothProfile, IntegralIsTheAntiderivativeOfValue) {
  const SmoothProfile p = example();
  // Simpson's rule on 1 ms steps is exact to ~1e-12 for these quintic pieces.
  double sum = 0.0;
  const double h = 1e-3;
  for (int i = 0; i < 40000; ++i) {
    const double a = i * h;
    sum += h / 6.0 * (p.value(a) + 4.0 * p.value(a + 0.5 * h) + p.value(a + h));
    if ((i + 1) % 1000 == 0) {
      ASSERT_NEAR(p.integral(a + h), sum, 1e-9) << "t = " << a + h;
    }
  }
  EXPECT_DOUBLE_EQ(p.integral(0.0), 0.0);
}

TEST(SmoothProfile, IsContinuousWithContinuousSlope) {
  // C1 checked by differences over 1 µs: the steepest blend here (7 over 1 s) changes the value
  // by at most 1.3e-5 and the slope by 4e-5 per µs; a jump would show as a change of order 1.
  const SmoothProfile p = example();
  for (double t = 0.0; t < 40.0; t += 1e-3) {
    ASSERT_LT(std::fabs(p.value(t + 1e-6) - p.value(t)), 2e-5) << "t = " << t;
    ASSERT_LT(std::fabs(p.slope(t + 1e-6) - p.slope(t)), 6e-5) << "t = " << t;
  }
}

}  // namespace
}  // namespace fusetrack::sim
