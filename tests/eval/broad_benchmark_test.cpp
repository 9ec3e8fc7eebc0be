// The Tracker's orientation filters on the BROAD benchmark trials (runs when the dataset folder
// exists).
#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include "eval/orientation_eval.hpp"
#include "fusetrack/tracker.hpp"
#include "io/broad.hpp"

namespace fusetrack::eval {
namespace {

const std::string kBroadDir = std::string(FUSETRACK_DATASETS_DIR) + "/broad";

OrientationEvalResult run_broad(OrientationFilterKind filter, bool use_mag) {
  OrientationEvalOptions options;
  options.filter = filter;
  options.use_mag = use_mag;
  return evaluate_orientation(io::load_broad_index(kBroadDir), options);
}

// The acceptance bound; the default EKF is expected well inside it (about 2.1°).
TEST(BroadBenchmark, EkfNineDMeanTotalRmseIsAtMost2p5Deg) {
  if (!std::filesystem::exists(kBroadDir)) {
    GTEST_SKIP() << "dataset folder " << kBroadDir << " is absent";
  }
  const OrientationEvalResult r = run_broad(OrientationFilterKind::kEkf, true);
  ASSERT_TRUE(r.valid());
  for (const TrialResult& t : r.trials) EXPECT_EQ(t.n_updates_not_ok, 0u) << t.info.name;
  EXPECT_LE(r.mean.total_rmse_deg, 2.5) << "EKF 9D mean total RMSE";
}

// Guards the other three configurations against regressions: each must beat the published
// Madgwick figure on these trials (4.46° 9D total) by a clear margin.
TEST(BroadBenchmark, EveryFilterAndModeStaysBelowThreeDegreesMeanTotal) {
  if (!std::filesystem::exists(kBroadDir)) {
    GTEST_SKIP() << "dataset folder " << kBroadDir << " is absent";
  }
  for (const bool use_mag : {true, false}) {
    const OrientationEvalResult cf = run_broad(OrientationFilterKind::kComplementary, use_mag);
    ASSERT_TRUE(cf.valid());
    EXPECT_LE(cf.mean.total_rmse_deg, 3.0) << "complementary, use_mag=" << use_mag;
  }
  const OrientationEvalResult ekf6 = run_broad(OrientationFilterKind::kEkf, false);
  ASSERT_TRUE(ekf6.valid());
  EXPECT_LE(ekf6.mean.total_rmse_deg, 3.0) << "EKF 6D";
  EXPECT_LE(ekf6.mean.inclination_rmse_deg, 1.0) << "EKF 6D inclination";
}

}  // namespace
}  // namespace fusetrack::eval
