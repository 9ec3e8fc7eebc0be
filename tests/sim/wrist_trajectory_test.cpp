// WristTrajectory: the continuous-time truth. Smoothness across segment boundaries, step times
// on the step phase, and the frame conventions.
#include "sim/wrist_trajectory.hpp"

#include <cmath>

#include <gtest/gtest.h>

namespace fusetrack::sim {
namespace {

SimSettings short_scenario() {
  SimSettings s;
  s.segments = {Segment::rest(6.0), Segment::walk(8.0), Segment::run(8.0), Segment::rest(6.0)};
  return s;
}

TEST(WristTrajectory, MotionIsSmoothAcrossSegmentBoundaries) {
  // Without heel-strike transients, angular velocity and linear acceleration change by at most
  // (largest angular acceleration or jerk) x 1 ms between 1 ms samples: 0.1 rad/s and 1 m/s² are
  // above running's 60 rad/s² and 500 m/s³ but far below what a jump at a boundary would give.
  SimSettings s = short_scenario();
  s.walk.impact_m_s2 = 0.0;
  s.run.impact_m_s2 = 0.0;
  const WristTrajectory traj(s);
  WristState prev = traj.state(5.0);
  for (double t = 5.001; t < 23.0; t += 0.001) {
    const WristState st = traj.state(t);
    ASSERT_LT((st.omega_s_rad_s - prev.omega_s_rad_s).norm(), 0.1) << "t = " << t;
    ASSERT_LT((st.lin_acc_e_m_s2 - prev.lin_acc_e_m_s2).norm(), 1.0) << "t = " << t;
    prev = st;
  }
}

TEST(WristTrajectory, IsStillAtRestApartFromTinySway) {
  const WristTrajectory traj(short_scenario());
  for (double t = 0.0; t < 5.0; t += 0.01) {
    const WristState st = traj.state(t);
    ASSERT_LT(st.lin_acc_e_m_s2.norm(), 1e-6) << "t = " << t;
    ASSERT_LT(st.omega_s_rad_s.norm(), 0.005) << "t = " << t;  // 0.05° sway at 0.2-0.4 Hz
  }
}

TEST(WristTrajectory, StepsSitOnMultiplesOf2PiOfTheStepPhase) {
  const WristTrajectory traj(short_scenario());
  ASSERT_GT(traj.step_times_s().size(), 20u);
  for (const double t : traj.step_times_s()) {
    const double cycles = traj.step_phase_rad(t) / (2.0 * 3.14159265358979323846);
    EXPECT_NEAR(cycles, std::round(cycles), 1e-6);
    EXPECT_GE(traj.motion_weight(t), 0.5);
  }
}

TEST(WristTrajectory, SpecificForceAtRestIsGravityAlongEarthUp) {
  const WristTrajectory traj(short_scenario());
  const WristState st = traj.state(2.0);
  const Eigen::Vector3d up_e = st.q_es * st.specific_force_s_m_s2();
  // Exact but for the rounding of the numerical second derivative (about 1e-8 m/s²).
  EXPECT_NEAR(up_e.x(), 0.0, 1e-7);
  EXPECT_NEAR(up_e.y(), 0.0, 1e-7);
  EXPECT_NEAR(up_e.z(), kGravity, 1e-7);
}

TEST(WristTrajectory, HeadingOnlyChangesWhileMoving) {
  const WristTrajectory traj(short_scenario());
  EXPECT_DOUBLE_EQ(traj.heading_rad(0.0), traj.heading_rad(5.0));
  EXPECT_DOUBLE_EQ(traj.heading_rad(23.5), traj.heading_rad(27.9));
  EXPECT_GT(traj.speed_m_s(10.0), 1.0);
  EXPECT_DOUBLE_EQ(traj.speed_m_s(2.0), 0.0);
}

TEST(WristTrajectory, ReportsTheSegmentAndActivityAtEachTime) {
  const WristTrajectory traj(short_scenario());
  EXPECT_EQ(traj.activity(0.0), Activity::kRest);
  EXPECT_EQ(traj.activity(6.0), Activity::kWalk);
  EXPECT_EQ(traj.activity(21.9), Activity::kRun);
  EXPECT_EQ(traj.activity(28.0), Activity::kRest);
  EXPECT_EQ(traj.segment_index(100.0), 3u);
  EXPECT_DOUBLE_EQ(traj.duration_s(), 28.0);
}

}  // namespace
}  // namespace fusetrack::sim
