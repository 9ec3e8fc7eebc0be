// The orientation evaluation runner: every trial replayed through a Tracker in its shipped
// configuration (IMU then magnetometer for each sample, nominal rates from the trial), the
// estimate read after each sample and scored; 6D/9D as asked; results in input order and
// identical for any thread count.
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "broad_test_data.hpp"
#include "eval/orientation_eval.hpp"
#include "replay/orientation_trace.hpp"
#include "replay/replay.hpp"

namespace fusetrack::eval {
namespace {

using testing::rotating_trial;

constexpr double kPiD = 3.14159265358979323846;
constexpr double kRadToDeg = 180.0 / kPiD;

Eigen::Quaterniond rot(const Eigen::Vector3d& axis, double deg) {
  return Eigen::Quaterniond(Eigen::AngleAxisd(deg * kPiD / 180.0, axis.normalized()));
}

const Eigen::Vector3d kRate(0.2, -0.35, 0.55);  // rad/s, a slow tumble about a skew axis
const OrientationFilterKind kFilters[] = {OrientationFilterKind::kEkf,
                                          OrientationFilterKind::kComplementary};

OrientationEvalOptions options_for(OrientationFilterKind filter, bool use_mag,
                                   bool keep_traces = false) {
  OrientationEvalOptions o;
  o.filter = filter;
  o.use_mag = use_mag;
  o.keep_traces = keep_traces;
  return o;
}

// Still for the first `rest` samples at q0, then turning at kRate.
io::BroadTrial still_then_turning(const std::string& name, std::size_t n, std::size_t rest) {
  io::BroadTrial t = rotating_trial(name, rot(Eigen::Vector3d(1.0, 2.0, 0.5), 25.0),
                                    Eigen::Vector3d::Zero(), n, rest);
  const io::BroadTrial turning = rotating_trial(name, t.ref[0], kRate, n - rest);
  for (std::size_t k = rest; k < n; ++k) {
    t.gyr_rad_s[k] = turning.gyr_rad_s[k - rest];
    t.acc_m_s2[k] = turning.acc_m_s2[k - rest];
    t.mag_ut[k] = turning.mag_ut[k - rest];
    t.ref[k] = turning.ref[k - rest];
  }
  return t;
}

TEST(OrientationRunner, TrialSettingsAreTheShippedOnesWithTheTrialRateFilterAndMode) {
  const io::BroadTrial t = rotating_trial("t", Eigen::Quaterniond::Identity(), kRate, 10);
  for (const OrientationFilterKind filter : kFilters) {
    for (const bool use_mag : {true, false}) {
      const TrackerSettings s = trial_tracker_settings(t.info, options_for(filter, use_mag));
      EXPECT_EQ(s.imu.nominal_rate_hz, static_cast<float>(t.info.sampling_rate_hz));
      EXPECT_EQ(s.mag.nominal_rate_hz, static_cast<float>(t.info.sampling_rate_hz));
      EXPECT_TRUE(s.mag_enabled);
      EXPECT_FALSE(s.ppg_enabled);
      EXPECT_EQ(s.orientation_filter, filter);
      EXPECT_EQ(s.orientation_uses_mag, use_mag);
      // Everything else as a Tracker ships: the filters' default settings.
      EXPECT_EQ(s.ekf.validate(), Status::kOk);
      EXPECT_EQ(s.complementary.validate(), Status::kOk);
    }
  }
}

TEST(OrientationRunner, TrialRecordsAreEachSamplesImuThenItsMagnetometerAtTheSameTime) {
  const io::BroadTrial t = rotating_trial("t", rot(Eigen::Vector3d::UnitX(), 20.0), kRate, 50);
  const std::vector<io::Record> records = trial_records(t);
  ASSERT_EQ(records.size(), 100u);
  for (std::size_t k = 0; k < t.size(); ++k) {
    const io::Record& imu = records[2 * k];
    const io::Record& mag = records[2 * k + 1];
    ASSERT_EQ(imu.kind(), io::StreamKind::kImu);
    ASSERT_EQ(mag.kind(), io::StreamKind::kMag);
    EXPECT_EQ(imu.t_us(), t.t_us[k]);
    EXPECT_EQ(mag.t_us(), t.t_us[k]);
    const ImuSample& s = std::get<ImuSample>(imu.sample);
    EXPECT_EQ(s.gyr_rad_s, t.gyr_rad_s[k]);
    EXPECT_EQ(s.acc_m_s2, t.acc_m_s2[k]);
    EXPECT_TRUE(s.has_gyr);
    EXPECT_EQ(std::get<MagSample>(mag.sample).mag_ut, t.mag_ut[k]);
  }
}

// What is scored is what a Tracker reports: replaying the trial by hand through the library and
// scoring the trace gives the runner's figures bit for bit.
TEST(OrientationRunner, ScoresWhatTheTrackerReportsAfterEachSample) {
  const io::BroadTrial t = still_then_turning("t", 3000, 600);
  for (const OrientationFilterKind filter : kFilters) {
    for (const bool use_mag : {true, false}) {
      const OrientationEvalOptions options = options_for(filter, use_mag);
      Tracker tracker(trial_tracker_settings(t.info, options));
      replay::OrientationTrace trace;
      replay::replay(
          tracker, trial_records(t),
          [&trace](const io::Record& r, Status st, Tracker& tr) { trace.observe(r, st, tr); });
      ASSERT_EQ(trace.samples().size(), t.size());
      std::vector<Quatd> est;
      for (const replay::OrientationSample& s : trace.samples()) {
        est.push_back(s.q_es.cast<double>());
      }
      const TrialScore by_hand = score_trial(est, t.ref, t.movement, !use_mag);
      const TrialResult r = evaluate_trial(t, options);
      ASSERT_TRUE(r.score.valid) << r.score.invalid_reason;
      EXPECT_EQ(r.score.total_rmse_deg, by_hand.total_rmse_deg);
      EXPECT_EQ(r.score.heading_rmse_deg, by_hand.heading_rmse_deg);
      EXPECT_EQ(r.score.inclination_rmse_deg, by_hand.inclination_rmse_deg);
      EXPECT_EQ(r.score.heading_offset_deg, by_hand.heading_offset_deg);
      EXPECT_EQ(r.n_updates_not_ok, 0u);
    }
  }
}

// The test trials' field, (0.2, 15.7, -40.8) µT in ENU, points 0.73° east of north: a 9D filter
// takes its horizontal part as north, so that is the heading error it should end up with.
const double kDeclinationDeg = std::atan2(0.2, 15.7) * kRadToDeg;

// Noise-free, consistent gravity and field: after a still start both filters follow the truth.
TEST(OrientationRunner, BothFiltersFollowAConsistentTrialWithinAQuarterDegree) {
  const io::BroadTrial t = still_then_turning("t", 6000, 1500);
  for (const OrientationFilterKind filter : kFilters) {
    for (const bool use_mag : {true, false}) {
      const TrialResult r = evaluate_trial(t, options_for(filter, use_mag));
      ASSERT_TRUE(r.score.valid) << r.score.invalid_reason;
      EXPECT_EQ(r.score.n_scored, 4500u);
      EXPECT_NEAR(r.score.heading_rmse_deg, use_mag ? kDeclinationDeg : 0.0, 0.25)
          << name(filter) << " use_mag=" << use_mag;
      EXPECT_LT(r.score.inclination_rmse_deg, 0.25) << name(filter) << " use_mag=" << use_mag;
    }
  }
}

// A field turned 30° about up (towards west) from the one the reference implies: a 9D estimate
// follows it (its north is now 30° - 0.73° west of true north), a 6D one never sees it.
TEST(OrientationRunner, UsesTheMagnetometerOnlyIn9D) {
  io::BroadTrial t = still_then_turning("t", 6000, 1500);
  const Eigen::Vector3d field_e =
      rot(Eigen::Vector3d::UnitZ(), 30.0) * Eigen::Vector3d(0.2, 15.7, -40.8);
  for (std::size_t k = 0; k < t.size(); ++k) {
    t.mag_ut[k] = (t.ref[k].conjugate() * field_e).cast<float>();
  }
  for (const OrientationFilterKind filter : kFilters) {
    const TrialResult nine = evaluate_trial(t, options_for(filter, true));
    const TrialResult six = evaluate_trial(t, options_for(filter, false));
    EXPECT_NEAR(nine.score.heading_rmse_deg, 30.0 - kDeclinationDeg, 0.25) << name(filter);
    EXPECT_LT(six.score.heading_rmse_deg, 0.25) << name(filter);
  }
}

TEST(OrientationRunner, CountsTheSamplesTheTrackerRejected) {
  io::BroadTrial t = rotating_trial("t", Eigen::Quaterniond::Identity(), kRate, 400, 100);
  t.gyr_rad_s[150].x() = std::numeric_limits<float>::quiet_NaN();
  t.mag_ut[210].z() = std::numeric_limits<float>::infinity();
  for (const bool use_mag : {true, false}) {
    // 6D too: the magnetometer stream is checked (and counted) even when the filter ignores it.
    const TrialResult r = evaluate_trial(t, options_for(OrientationFilterKind::kEkf, use_mag));
    EXPECT_EQ(r.n_updates_not_ok, 2u);
    EXPECT_EQ(r.first_not_ok, Status::kNotFinite);
    EXPECT_EQ(r.first_not_ok_sample, 150u);
    EXPECT_TRUE(r.score.valid) << r.score.invalid_reason;
  }
}

// Several trials of different lengths with seeded gyroscope noise, so every score differs.
std::vector<io::BroadTrial> noisy_trials() {
  std::vector<io::BroadTrial> trials;
  for (unsigned i = 0; i < 7; ++i) {
    io::BroadTrial t = rotating_trial("trial_" + std::to_string(i),
                                      rot(Eigen::Vector3d(1.0, 2.0, 3.0 + i), 3.0 * i),
                                      kRate * (0.5 + 0.2 * i), 1500 + 300 * i, 200, 0.02, 100 + i);
    t.info.condition = i % 2 ? "disturbed" : "undisturbed";
    trials.push_back(std::move(t));
  }
  return trials;
}

void expect_identical(const OrientationEvalResult& a, const OrientationEvalResult& b) {
  ASSERT_EQ(a.trials.size(), b.trials.size());
  for (std::size_t i = 0; i < a.trials.size(); ++i) {
    EXPECT_EQ(a.trials[i].info.name, b.trials[i].info.name);
    EXPECT_EQ(a.trials[i].score.total_rmse_deg, b.trials[i].score.total_rmse_deg) << i;
    EXPECT_EQ(a.trials[i].score.heading_rmse_deg, b.trials[i].score.heading_rmse_deg) << i;
    EXPECT_EQ(a.trials[i].score.inclination_rmse_deg, b.trials[i].score.inclination_rmse_deg) << i;
    EXPECT_EQ(a.trials[i].score.heading_offset_deg, b.trials[i].score.heading_offset_deg) << i;
  }
  EXPECT_EQ(a.mean.total_rmse_deg, b.mean.total_rmse_deg);
  EXPECT_EQ(a.mean.heading_rmse_deg, b.mean.heading_rmse_deg);
  EXPECT_EQ(a.mean.inclination_rmse_deg, b.mean.inclination_rmse_deg);
}

TEST(OrientationRunner, ResultsAreInInputOrderAndIdenticalForAnyThreadCount) {
  const std::vector<io::BroadTrial> trials = noisy_trials();
  for (const bool use_mag : {true, false}) {
    OrientationEvalOptions options = options_for(OrientationFilterKind::kEkf, use_mag);
    options.threads = 1;
    const OrientationEvalResult one = evaluate_orientation(trials, options);
    ASSERT_TRUE(one.valid());
    for (std::size_t i = 0; i < trials.size(); ++i) {
      EXPECT_EQ(one.trials[i].info.name, trials[i].info.name);
      // Each trial alone gives the same numbers as inside the run.
      const TrialResult alone = evaluate_trial(trials[i], options);
      EXPECT_EQ(alone.score.total_rmse_deg, one.trials[i].score.total_rmse_deg);
    }
    for (const std::size_t threads : {2u, 4u, 0u}) {
      options.threads = threads;
      expect_identical(one, evaluate_orientation(trials, options));
    }
  }
}

TEST(OrientationRunner, LoadingFromAFolderGivesTheSameResultsAsInMemory) {
  const std::vector<io::BroadTrial> trials = noisy_trials();
  testing::TempFolder folder("runner_folder");
  folder.write_broad(trials);
  OrientationEvalOptions options;
  options.threads = 2;
  expect_identical(evaluate_orientation(trials, options),
                   evaluate_orientation(io::load_broad_index(folder.dir()), options));
}

TEST(OrientationRunner, ReportsTheFirstFailingTrialInInputOrderWhateverTheThreads) {
  std::vector<io::BroadTrial> trials = noisy_trials();
  trials.resize(4);
  testing::TempFolder folder("runner_errors");
  folder.write_broad(trials);
  std::filesystem::remove(folder.dir() / "trials" / "trial_1.csv");
  std::filesystem::remove(folder.dir() / "trials" / "trial_3.csv");
  const io::BroadIndex index = io::load_broad_index(folder.dir());
  for (const std::size_t threads : {1u, 2u, 4u}) {
    OrientationEvalOptions options;
    options.threads = threads;
    try {
      evaluate_orientation(index, options);
      FAIL() << "expected an error";
    } catch (const std::runtime_error& e) {
      EXPECT_NE(std::string(e.what()).find("trial_1.csv"), std::string::npos) << e.what();
    }
  }
}

TEST(OrientationRunner, GroupMeansAverageTrialsSharingALabelInFirstSeenOrder) {
  const std::vector<io::BroadTrial> trials = noisy_trials();
  const OrientationEvalResult r = evaluate_orientation(trials, OrientationEvalOptions{});
  const auto groups =
      group_means(r.trials, [](const io::BroadTrialInfo& i) { return i.condition; });
  ASSERT_EQ(groups.size(), 2u);
  EXPECT_EQ(groups[0].label, "undisturbed");
  EXPECT_EQ(groups[1].label, "disturbed");
  EXPECT_EQ(groups[0].mean.n_trials, 4u);
  EXPECT_EQ(groups[1].mean.n_trials, 3u);
  double sum = 0.0;
  for (std::size_t i = 1; i < r.trials.size(); i += 2) sum += r.trials[i].score.total_rmse_deg;
  EXPECT_NEAR(groups[1].mean.total_rmse_deg, sum / 3.0, 1e-12);
}

TEST(OrientationRunner, KeptTraceHasTheTrackersFlagsAndTheFieldNormOfEverySample) {
  const io::BroadTrial t = still_then_turning("t", 3000, 1500);
  for (const bool use_mag : {true, false}) {
    const OrientationEvalOptions options = options_for(OrientationFilterKind::kEkf, use_mag, true);
    const TrialResult r = evaluate_trial(t, options);
    const TrialTrace& tr = r.trace;
    ASSERT_EQ(tr.t_us.size(), 3000u);
    ASSERT_EQ(tr.flags.size(), 3000u);
    ASSERT_EQ(tr.errors.size(), 3000u);
    ASSERT_EQ(tr.movement.size(), 3000u);
    ASSERT_EQ(tr.mag_norm_ut.size(), 3000u);
    Tracker tracker(trial_tracker_settings(t.info, options));
    replay::OrientationTrace trace;
    replay::replay(
        tracker, trial_records(t),
        [&trace](const io::Record& rec, Status st, Tracker& tk) { trace.observe(rec, st, tk); });
    bool rest_seen_while_still = false;
    for (std::size_t k = 0; k < 3000; ++k) {
      EXPECT_EQ(tr.t_us[k], t.t_us[k]);
      EXPECT_EQ(tr.movement[k], t.movement[k]);
      const OrientationFlags& f = trace.samples()[k].flags;
      EXPECT_EQ(tr.flags[k].at_rest, f.at_rest) << k;
      EXPECT_EQ(tr.flags[k].acc_rejected, f.acc_rejected) << k;
      EXPECT_EQ(tr.flags[k].mag_disturbed, f.mag_disturbed) << k;
      EXPECT_EQ(tr.flags[k].heading_set, f.heading_set) << k;
      // The test trial's field is (0.2, 15.7, -40.8) µT in ENU, 43.717 µT long.
      EXPECT_NEAR(tr.mag_norm_ut[k], 43.7169f, 1e-3f) << k;
      rest_seen_while_still = rest_seen_while_still || (k < 1500 && tr.flags[k].at_rest);
      if (k > 1600) {
        EXPECT_FALSE(tr.flags[k].at_rest) << "turning at " << k;
      }
    }
    EXPECT_TRUE(rest_seen_while_still);
    EXPECT_EQ(tr.flags.back().heading_set, use_mag);
  }
}

TEST(OrientationRunner, KeptTraceErrorsAreTheScoredErrors) {
  const io::BroadTrial t = still_then_turning("t", 3000, 600);
  for (const bool use_mag : {true, false}) {
    const TrialResult r =
        evaluate_trial(t, options_for(OrientationFilterKind::kEkf, use_mag, true));
    ASSERT_TRUE(r.score.valid) << r.score.invalid_reason;
    double sum_total2 = 0.0;
    double sum_heading2 = 0.0;
    std::size_t n = 0;
    for (std::size_t k = 0; k < 3000; ++k) {
      const ErrorAngles& e = r.trace.errors[k];
      if (k < 600) {
        EXPECT_TRUE(std::isnan(e.total_rad)) << k;
        continue;
      }
      ASSERT_TRUE(std::isfinite(e.total_rad)) << k;
      sum_total2 += e.total_rad * e.total_rad;
      sum_heading2 += e.heading_rad * e.heading_rad;
      ++n;
    }
    EXPECT_EQ(n, r.score.n_scored);
    const double rms_total = std::sqrt(sum_total2 / static_cast<double>(n)) * kRadToDeg;
    const double rms_heading = std::sqrt(sum_heading2 / static_cast<double>(n)) * kRadToDeg;
    EXPECT_NEAR(rms_total, r.score.total_rmse_deg, 1e-9);
    EXPECT_NEAR(rms_heading, r.score.heading_rmse_deg, 1e-9) << "6D: offset removed in both";
  }
}

TEST(OrientationRunner, TracesAreKeptOnlyWhenAskedAndLeaveTheResultsUnchanged) {
  const std::vector<io::BroadTrial> trials = noisy_trials();
  for (const bool use_mag : {true, false}) {
    OrientationEvalOptions options = options_for(OrientationFilterKind::kComplementary, use_mag);
    options.threads = 2;
    const OrientationEvalResult plain = evaluate_orientation(trials, options);
    options.keep_traces = true;
    const OrientationEvalResult traced = evaluate_orientation(trials, options);
    expect_identical(plain, traced);
    for (std::size_t i = 0; i < trials.size(); ++i) {
      EXPECT_TRUE(plain.trials[i].trace.empty());
      EXPECT_EQ(traced.trials[i].trace.t_us.size(), trials[i].size());
    }
  }
}

}  // namespace
}  // namespace fusetrack::eval
