// RestDetector: a still device is at rest once it has been quiet for min_duration_s; a moving one
// never is.
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>

#include <gtest/gtest.h>

#include "fusetrack/orientation/rest_detector.hpp"

namespace fusetrack {
namespace {

constexpr float kDt = 0.01f;  // 100 Hz

// The detector's logic with a state of its own, as a filter holds the two.
struct Rest {
  explicit Rest(const RestDetectorSettings& s = {}) : logic(s) {}
  void update_gyr(const Vec3& gyr, float dt) { logic.update_gyr(st, gyr, dt); }
  void update_acc(const Vec3& acc, float dt) { logic.update_acc(st, acc, dt); }
  bool at_rest() const { return st.at_rest; }
  const Vec3& gyr_lp_rad_s() const { return st.gyr_lp_rad_s; }
  RestDetector logic;
  RestDetectorState st;
};

// Seeded sensor noise: gyroscope 0.1 °/s RMS, accelerometer 0.02 m/s² RMS per sample.
struct Noise {
  explicit Noise(std::uint32_t seed) : rng(seed) {}
  Vec3 gyr() { return Vec3(g(rng), g(rng), g(rng)); }
  Vec3 acc() { return Vec3(a(rng), a(rng), a(rng)); }
  std::mt19937 rng;
  std::normal_distribution<float> g{0.0f, 0.1f * kRadPerDeg};
  std::normal_distribution<float> a{0.0f, 0.02f};
};

// Feeds one gyroscope and one accelerometer sample (dt 0 for the very first pair).
void step(Rest& r, int k, const Vec3& gyr, const Vec3& acc) {
  const float dt = k == 0 ? 0.0f : kDt;
  r.update_gyr(gyr, dt);
  r.update_acc(acc, dt);
}

TEST(RestDetector, StillDeviceIsAtRestAfterMinDurationAndNotBefore) {
  const RestDetectorSettings s;
  ASSERT_EQ(s.validate(), Status::kOk);
  Rest r(s);
  Noise n(1);
  const Vec3 bias = Vec3(0.5f, -0.3f, 0.4f) * kRadPerDeg;
  const Vec3 up = Vec3(0.3f, -0.5f, 0.8f).normalized() * kGravity_m_s2;
  float first_rest_s = -1.0f;
  for (int k = 0; k <= 500; ++k) {
    const float t_s = static_cast<float>(k) * kDt;
    step(r, k, bias + n.gyr(), up + n.acc());
    if (r.at_rest() && first_rest_s < 0.0f) first_rest_s = t_s;
    if (t_s < s.min_duration_s) {
      EXPECT_FALSE(r.at_rest()) << "t = " << t_s << " s";
    }
  }
  EXPECT_TRUE(r.at_rest());
  EXPECT_GE(first_rest_s, s.min_duration_s);
  EXPECT_LE(first_rest_s, s.min_duration_s + 0.05f);
  // The low-passed rate is the bias measurement.
  EXPECT_LT((r.gyr_lp_rad_s() - bias).norm(), 0.05f * kRadPerDeg);
}

TEST(RestDetector, TurningDeviceIsNeverAtRest) {
  Rest r;
  Noise n(2);
  const Vec3 up(0.0f, 0.0f, kGravity_m_s2);
  for (int k = 0; k <= 1000; ++k) {
    // A steady turn of 30 °/s: quiet around its low-pass, but far more than any bias.
    step(r, k, Vec3(0.0f, 0.0f, 30.0f * kRadPerDeg) + n.gyr(), up + n.acc());
    EXPECT_FALSE(r.at_rest()) << "k = " << k;
  }
}

TEST(RestDetector, SwingingDeviceIsNeverAtRest) {
  Rest r;
  Noise n(3);
  const Vec3 up(0.0f, 0.0f, kGravity_m_s2);
  for (int k = 0; k <= 1000; ++k) {
    const float t_s = static_cast<float>(k) * kDt;
    // ±10 °/s at 0.5 Hz: its mean is zero, but it leaves the low-pass by far more than 2 °/s.
    const float w = 10.0f * kRadPerDeg * std::sin(2.0f * kPi * 0.5f * t_s);
    step(r, k, Vec3(w, 0.0f, 0.0f) + n.gyr(), up + n.acc());
    EXPECT_FALSE(r.at_rest()) << "k = " << k;
  }
}

TEST(RestDetector, ShakenDeviceIsNeverAtRest) {
  Rest r;
  Noise n(4);
  for (int k = 0; k <= 1000; ++k) {
    const float t_s = static_cast<float>(k) * kDt;
    // The gyroscope sees nothing, the accelerometer a 2 m/s² vibration at 3 Hz.
    const Vec3 acc(2.0f * std::sin(2.0f * kPi * 3.0f * t_s), 0.0f, kGravity_m_s2);
    step(r, k, n.gyr(), acc + n.acc());
    EXPECT_FALSE(r.at_rest()) << "k = " << k;
  }
}

TEST(RestDetector, RestEndsOnTheFirstMovingSample) {
  Rest r;
  Noise n(5);
  const Vec3 up(0.0f, 0.0f, kGravity_m_s2);
  for (int k = 0; k <= 300; ++k) step(r, k, n.gyr(), up + n.acc());
  ASSERT_TRUE(r.at_rest());
  r.update_gyr(Vec3(0.0f, 20.0f * kRadPerDeg, 0.0f), kDt);
  EXPECT_FALSE(r.at_rest()) << "gyroscope jump";
  for (int k = 0; k <= 300; ++k) step(r, k + 1, n.gyr(), up + n.acc());
  ASSERT_TRUE(r.at_rest());
  r.update_acc(up + Vec3(1.5f, 0.0f, 0.0f), kDt);
  EXPECT_FALSE(r.at_rest()) << "accelerometer jump";
}

TEST(RestDetector, BiasLargerThanMaxBiasIsNotRest) {
  RestDetectorSettings s;
  s.max_bias_rad_s = 1.0f * kRadPerDeg;
  Rest r(s);
  Noise n(6);
  const Vec3 up(0.0f, 0.0f, kGravity_m_s2);
  for (int k = 0; k <= 500; ++k) {
    step(r, k, Vec3(1.5f * kRadPerDeg, 0.0f, 0.0f) + n.gyr(), up + n.acc());
    EXPECT_FALSE(r.at_rest()) << "k = " << k;
  }
}

TEST(RestDetector, InvalidSettingsAreReported) {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  RestDetectorSettings s;
  EXPECT_EQ(s.validate(), Status::kOk);
  s.min_duration_s = 0.0f;
  EXPECT_EQ(s.validate(), Status::kInvalidSettings);
  s = RestDetectorSettings{};
  s.gyr_threshold_rad_s = nan;
  EXPECT_EQ(s.validate(), Status::kInvalidSettings);
  s = RestDetectorSettings{};
  s.filter_tau_s = 11.0f;
  EXPECT_EQ(s.validate(), Status::kInvalidSettings);
}

}  // namespace
}  // namespace fusetrack

namespace fusetrack {
namespace {

TEST(RestDetector, AccelerometerOnlyDecisionNeedsOnlyAQuietAccelerometer) {
  const RestDetectorSettings s;
  const RestDetector logic(s);
  RestDetectorState st;
  Noise n(9);
  const Vec3 up(0.0f, 0.0f, kGravity_m_s2);
  for (int k = 0; k <= 300; ++k) {
    logic.update_acc_only(st, up + n.acc(), k == 0 ? 0.0f : kDt);
    if (static_cast<float>(k) * kDt < s.min_duration_s) {
      EXPECT_FALSE(st.at_rest) << k;
    }
  }
  EXPECT_TRUE(st.at_rest);
  // One shake ends it.
  logic.update_acc_only(st, up + Vec3(3.0f, 0.0f, 0.0f), kDt);
  EXPECT_FALSE(st.at_rest);
}

}  // namespace
}  // namespace fusetrack
