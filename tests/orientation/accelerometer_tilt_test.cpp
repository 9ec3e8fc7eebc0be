// AccelerometerTilt: inclination from the accelerometer alone follows a tilted still device and
// a slow turn, averages out vibration, restarts after a gap, never claims a heading, and the
// Tracker runs it for an accelerometer-only device.
#include <cmath>
#include <random>

#include <gtest/gtest.h>

#include "fusetrack/orientation/accelerometer_tilt.hpp"
#include "fusetrack/tracker.hpp"

namespace fusetrack {
namespace {

// Angle between the estimated and the true up direction in the sensor frame, deg.
float inclination_error_deg(const Quat& q_es, const Quat& q_true) {
  const Vec3 up_est = q_es.conjugate() * Vec3::UnitZ();
  const Vec3 up_true = q_true.conjugate() * Vec3::UnitZ();
  return std::acos(std::fmin(1.0f, up_est.dot(up_true))) * kDegPerRad;
}

TEST(AccelerometerTilt, StillTiltedDeviceIsWithinHalfADegreeAfterOneSecond) {
  AccelerometerTilt f;
  ASSERT_EQ(f.status(), Status::kOk);
  std::mt19937 rng(1);
  std::normal_distribution<float> n(0.0f, 0.02f);
  const Quat q_true(Eigen::AngleAxisf(0.7f, Vec3(1.0f, 0.4f, 0.0f).normalized()));
  for (int k = 0; k < 100; ++k) {
    const Vec3 acc =
        q_true.conjugate() * Vec3(0.0f, 0.0f, kGravity_m_s2) + Vec3(n(rng), n(rng), n(rng));
    ASSERT_EQ(f.update_acc(k * 10000, acc), Status::kOk);
  }
  EXPECT_TRUE(f.flags().initialized);
  EXPECT_TRUE(f.flags().acc_only);
  EXPECT_FALSE(f.flags().heading_set);
  EXPECT_LT(inclination_error_deg(f.orientation(), q_true), 0.5f);
  EXPECT_LT((f.gravity_s_m_s2() - q_true.conjugate() * Vec3(0.0f, 0.0f, kGravity_m_s2)).norm(),
            0.1f);
  EXPECT_LT(f.linear_acc_e_m_s2().norm(), 0.1f);
  EXPECT_EQ(f.gyr_bias_rad_s(), Vec3::Zero());
}

TEST(AccelerometerTilt, VibrationAveragesOutAndASlowTurnIsFollowed) {
  AccelerometerTilt f;
  std::mt19937 rng(2);
  std::normal_distribution<float> vib(0.0f, 1.5f);  // strong vibration, 1.5 m/s² per axis
  float worst_late = 0.0f;
  for (int k = 0; k < 1000; ++k) {  // 10 s, turning 30° about x over it
    const float t = static_cast<float>(k) * 0.01f;
    const Quat q_true(Eigen::AngleAxisf(0.0524f * t, Vec3::UnitX()));
    const Vec3 acc =
        q_true.conjugate() * Vec3(0.0f, 0.0f, kGravity_m_s2) + Vec3(vib(rng), vib(rng), vib(rng));
    ASSERT_EQ(f.update_acc(k * 10000, acc), Status::kOk);
    if (t > 2.0f)
      worst_late = std::fmax(worst_late, inclination_error_deg(f.orientation(), q_true));
  }
  // Lag of tau (0.25 s) at 3 °/s is under 1°, and 1.5 m/s² noise averaged over ~0.5 s of
  // samples leaves a few degrees at worst.
  EXPECT_LT(worst_late, 5.0f);
}

TEST(AccelerometerTilt, GapRestartsTheLowPassAndFollowsTheNewAttitudeAtOnce) {
  AccelerometerTilt f;
  for (int k = 0; k < 200; ++k) {
    ASSERT_EQ(f.update_acc(k * 10000, Vec3(0.0f, 0.0f, kGravity_m_s2)), Status::kOk);
  }
  const Quat q_new(Eigen::AngleAxisf(1.2f, Vec3::UnitY()));
  const Vec3 acc = q_new.conjugate() * Vec3(0.0f, 0.0f, kGravity_m_s2);
  ASSERT_EQ(f.update_acc(200 * 10000 + 2000000, acc), Status::kOk);  // 2 s later
  EXPECT_EQ(f.state().restarts, 1u);
  EXPECT_TRUE(f.flags().recovering);
  EXPECT_LT(inclination_error_deg(f.orientation(), q_new), 0.1f);
}

TEST(AccelerometerTilt, RejectsBadSamplesWithoutChange) {
  AccelerometerTilt f;
  ASSERT_EQ(f.update_acc(0, Vec3(0.0f, 0.0f, kGravity_m_s2)), Status::kOk);
  const AccelerometerTiltState before = f.state();
  EXPECT_EQ(f.update_acc(0, Vec3(0.0f, 1.0f, kGravity_m_s2)), Status::kDuplicateTime);
  EXPECT_EQ(f.update_acc(10, Vec3(NAN, 1.0f, kGravity_m_s2)), Status::kNotFinite);
  EXPECT_EQ(f.state().acc_clock.last_us, before.acc_clock.last_us);
  EXPECT_EQ(f.update_acc(20, Vec3::Zero()), Status::kOutOfRange);  // free fall: no direction
  EXPECT_TRUE(f.flags().acc_rejected);
  EXPECT_TRUE(f.orientation().coeffs().allFinite());
}

TEST(AccelerometerTilt, TrackerRunsItForAnAccelerometerOnlyDevice) {
  TrackerSettings s;
  s.imu_has_gyr = false;
  s.ppg_enabled = false;
  Tracker tracker(s);
  ASSERT_EQ(tracker.status(), Status::kOk);
  ASSERT_NE(tracker.accelerometer_tilt(), nullptr);
  EXPECT_EQ(tracker.orientation_ekf(), nullptr);
  const Quat q_true(Eigen::AngleAxisf(0.4f, Vec3::UnitX()));
  ImuSample imu;
  imu.has_gyr = false;
  imu.acc_m_s2 = q_true.conjugate() * Vec3(0.0f, 0.0f, kGravity_m_s2);
  for (int k = 0; k < 300; ++k) {
    imu.t_us = k * 10000;
    ASSERT_EQ(tracker.push_imu(imu), Status::kOk);
  }
  // A gyroscope-carrying sample is the wrong shape for this device.
  ImuSample with_gyr = imu;
  with_gyr.t_us += 10000;
  with_gyr.has_gyr = true;
  EXPECT_EQ(tracker.push_imu(with_gyr), Status::kOutOfRange);
  // The magnetometer is accepted and counted, but cannot give a heading without a gyroscope.
  EXPECT_EQ(tracker.push_mag(MagSample{3000000, Vec3(0.0f, 20.0f, -40.0f)}), Status::kOk);
  const TrackerOutput out = tracker.output();
  EXPECT_TRUE(out.orientation.flags.initialized);
  EXPECT_TRUE(out.orientation.flags.acc_only);
  EXPECT_FALSE(out.orientation.heading_available);
  EXPECT_FALSE(out.orientation.uses_mag);
  EXPECT_LT(inclination_error_deg(out.orientation.q_es, q_true), 0.1f);
  EXPECT_TRUE(out.wear.available);
  EXPECT_EQ(out.wear.state, WearState::kStill);
  EXPECT_EQ(out.mag.accepted, 1u);
}

}  // namespace
}  // namespace fusetrack
