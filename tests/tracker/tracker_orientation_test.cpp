// The Tracker wires the orientation filter: outputs follow from the chosen filter's estimate.
#include <gtest/gtest.h>

#include "fusetrack/fusetrack.hpp"

namespace fusetrack {
namespace {

// A device lying still, tilted 30° about its x axis, in a clean field; 100 Hz IMU, 25 Hz mag.
TrackerOutput run_still_device(OrientationFilterKind kind) {
  TrackerSettings settings;
  settings.orientation_filter = kind;
  Tracker tracker(settings);
  const Quat q_true(Eigen::AngleAxisf(30.0f * kRadPerDeg, Vec3::UnitX()));
  const Vec3 b_e(0.0f, 24.0f, -41.6f);
  for (int i = 0; i < 2000; ++i) {
    ImuSample s;
    s.t_us = 10000 * static_cast<Micros>(i);
    s.acc_m_s2 = q_true.conjugate() * Vec3(0.0f, 0.0f, kGravity_m_s2);
    EXPECT_EQ(tracker.push_imu(s), Status::kOk);
    if (i % 4 == 0) {
      MagSample m;
      m.t_us = s.t_us + 500;
      m.mag_ut = q_true.conjugate() * b_e;
      EXPECT_EQ(tracker.push_mag(m), Status::kOk);
    }
  }
  return tracker.output();
}

TEST(TrackerOrientation, EachFilterReportsTheStillDevicesOrientationGravityAndZeroLinearAcc) {
  for (const auto kind : {OrientationFilterKind::kComplementary, OrientationFilterKind::kEkf}) {
    const TrackerOutput out = run_still_device(kind);
    const Quat q_true(Eigen::AngleAxisf(30.0f * kRadPerDeg, Vec3::UnitX()));
    EXPECT_TRUE(out.orientation.flags.initialized) << name(kind);
    EXPECT_TRUE(out.orientation.flags.heading_set) << name(kind);
    EXPECT_LT(out.orientation.q_es.angularDistance(q_true) * kDegPerRad, 1.0f) << name(kind);
    const Vec3 g_s = q_true.conjugate() * Vec3(0.0f, 0.0f, kGravity_m_s2);
    EXPECT_LT((out.orientation.gravity_s_m_s2 - g_s).norm(), 0.1f) << name(kind);
    EXPECT_LT(out.orientation.linear_acc_e_m_s2.norm(), 0.1f) << name(kind);
    EXPECT_TRUE(out.orientation.flags.at_rest) << name(kind);
    EXPECT_FALSE(out.orientation.flags.mag_disturbed) << name(kind);
  }
}

TEST(TrackerOrientation, InvalidFilterSettingsMakeTheTrackerInvalid) {
  TrackerSettings settings;
  settings.ekf.acc_lp_tau_s = -1.0f;
  EXPECT_EQ(Tracker(settings).status(), Status::kInvalidSettings);
  settings = TrackerSettings{};
  settings.orientation_filter = OrientationFilterKind::kComplementary;
  settings.complementary.mag_tau_s = 0.0f;
  EXPECT_EQ(Tracker(settings).status(), Status::kInvalidSettings);
}

}  // namespace
}  // namespace fusetrack
