// Long continuous motion without rest (a watch worn while walking and running): the orientation
// filters must not learn a wrong gyroscope bias from accelerometer corrections that are not
// gravity (the arm's acceleration at the stride frequency correlated with the swing). Against
// the simulator's exact truth, 15 min of running after a 10 s rest (seed 4): before the fix the
// complementary filter's bias error reached 1.0 °/s (9D total RMSE 4.7°) and the EKF's
// 0.53 °/s (3.1°); now 0.08 and 0.09 °/s (1.9° and 2.1°).
#include <algorithm>
#include <cmath>
#include <cstddef>

#include <gtest/gtest.h>

#include "fusetrack/core/types.hpp"
#include "fusetrack/orientation/complementary_filter.hpp"
#include "fusetrack/orientation/orientation_ekf.hpp"
#include "sim/settings.hpp"
#include "sim/simulator.hpp"

namespace fusetrack {
namespace {

constexpr double kDegPerRad = 57.29577951308232;

// 10 s rest (the filters' initial bias), then 15 min of running; the PPG is not needed.
const sim::SimResult& running_15_min() {
  static const sim::SimResult r = [] {
    sim::SimSettings s;
    s.seed = 4;
    s.segments = sim::parse_scenario("rest:10,run:900");
    s.ppg.enabled = false;
    return sim::simulate(s);
  }();
  return r;
}

// 60 s of walking from the first sample, no rest: the filter initialises from one sample of a
// swinging arm.
const sim::SimResult& walking_from_the_start() {
  static const sim::SimResult r = [] {
    sim::SimSettings s;
    s.seed = 1;
    s.segments = sim::parse_scenario("walk:60");
    s.ppg.enabled = false;
    return sim::simulate(s);
  }();
  return r;
}

struct RunScore {
  double total_rmse_deg = 0.0;  // over every IMU sample after the first 2 s
  double inclination_rmse_deg = 0.0;
  double bias_error_deg_s = 0.0;  // |estimate - truth| at the last sample
};

// Feeds `f` every IMU sample (gyroscope + accelerometer read together) and, with `use_mag`,
// every magnetometer sample at its own time, in time order; scores q_ES after each IMU sample.
template <class Filter>
RunScore run(Filter& f, const sim::SimResult& r, bool use_mag) {
  std::size_t m = 0;
  double sum2 = 0.0;
  double incl2 = 0.0;
  std::size_t n = 0;
  for (std::size_t k = 0; k < r.imu.size(); ++k) {
    const ImuSample& s = r.imu[k];
    while (use_mag && m < r.mag.size() && r.mag[m].t_us < s.t_us) {
      EXPECT_EQ(f.update_mag(r.mag[m].t_us, r.mag[m].mag_ut), Status::kOk);
      ++m;
    }
    EXPECT_EQ(f.update(s.t_us, s.gyr_rad_s, s.acc_m_s2), Status::kOk);
    if (s.t_us < 2000000) continue;
    const Eigen::Quaterniond e =
        f.orientation().template cast<double>() * r.truth.pose[k].q_es.conjugate();
    const double angle = 2.0 * std::acos(std::min(1.0, std::fabs(e.w())));
    sum2 += angle * angle;
    // The tilt left once the heading part (about the earth's z axis) is removed.
    const double incl = 2.0 * std::acos(std::min(1.0, std::hypot(e.w(), e.z())));
    incl2 += incl * incl;
    ++n;
  }
  RunScore out;
  out.total_rmse_deg = std::sqrt(sum2 / static_cast<double>(n)) * kDegPerRad;
  out.inclination_rmse_deg = std::sqrt(incl2 / static_cast<double>(n)) * kDegPerRad;
  const Eigen::Vector3d b = f.gyr_bias_rad_s().template cast<double>();
  out.bias_error_deg_s = (b - r.truth.pose.back().gyro_bias_rad_s).norm() * kDegPerRad;
  return out;
}

TEST(ContinuousMotion,
     ComplementaryFilterKeepsBiasWithin015DegPerSecAndRmseWithin25DegOver15MinRunning) {
  ComplementaryFilter cf9;
  const RunScore s9 = run(cf9, running_15_min(), true);
  EXPECT_LT(s9.bias_error_deg_s, 0.15);
  EXPECT_LT(s9.total_rmse_deg, 2.5);
  ComplementaryFilter cf6;  // 6D: heading drifts, so only the bias is checked
  EXPECT_LT(run(cf6, running_15_min(), false).bias_error_deg_s, 0.15);
}

TEST(ContinuousMotion, EkfKeepsBiasWithin015DegPerSecAndRmseWithin25DegOver15MinRunning) {
  OrientationEkf ekf9;
  const RunScore s9 = run(ekf9, running_15_min(), true);
  EXPECT_LT(s9.bias_error_deg_s, 0.15);
  EXPECT_LT(s9.total_rmse_deg, 2.5);
  OrientationEkf ekf6;
  EXPECT_LT(run(ekf6, running_15_min(), false).bias_error_deg_s, 0.15);
}

// Before, the optimal gain put the initial tilt transient into the bias (4.5 °/s after a minute,
// 6D inclination RMSE 4.4°; with the low-passed rotation in F alone it diverged: 7.9 °/s and
// 13°); now 1.3 °/s and 1.7°. The bias about the forearm's mean vertical is not observable
// while walking, hence the loose bias bound.
TEST(ContinuousMotion, EkfStartedWhileWalkingDoesNotLearnTheInitialTiltAsBias) {
  OrientationEkf ekf6;
  const RunScore s6 = run(ekf6, walking_from_the_start(), false);
  EXPECT_LT(s6.inclination_rmse_deg, 3.0);
  EXPECT_LT(s6.bias_error_deg_s, 2.0);
}

}  // namespace
}  // namespace fusetrack
