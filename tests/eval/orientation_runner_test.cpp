// The orientation evaluation runner with fake filters whose error is known exactly: every sample
// fed in order, the estimate taken after each, 6D/9D as asked, results in input order and
// identical for any thread count.
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "broad_test_data.hpp"
#include "eval/orientation_eval.hpp"

namespace fusetrack::eval {
namespace {

using testing::rotating_trial;

constexpr double kPiD = 3.14159265358979323846;
// Float estimates: ~1e-7 relative, i.e. ~1e-5 degrees, plus the integration over a few thousand
// samples.
constexpr double kTolDeg = 2e-3;

Eigen::Quaterniond rot(const Eigen::Vector3d& axis, double deg) {
  return Eigen::Quaterniond(Eigen::AngleAxisd(deg * kPiD / 180.0, axis.normalized()));
}

// Integrates the gyroscope from identity (q ← q ⊗ exp(ω dt), dt from time stamps, in double);
// ignores acc and mag. On a rotating_trial its earth-frame error is exactly q0* throughout.
class GyroIntegrator {
 public:
  Status update(Micros t_us, const Vec3& gyr_rad_s, const Vec3& /*acc*/) noexcept {
    if (started_) {
      const double dt_s = static_cast<double>(t_us - last_t_us_) * 1e-6;
      const Eigen::Vector3d w = gyr_rad_s.cast<double>();
      const double rate = w.norm();
      if (rate > 0.0)
        q_ = (q_ * Eigen::Quaterniond(Eigen::AngleAxisd(rate * dt_s, w / rate))).normalized();
    }
    started_ = true;
    last_t_us_ = t_us;
    return Status::kOk;
  }
  Status update(Micros t_us, const Vec3& gyr_rad_s, const Vec3& acc_m_s2,
                const Vec3& /*mag*/) noexcept {
    return update(t_us, gyr_rad_s, acc_m_s2);
  }
  Quat orientation() const noexcept { return q_.cast<float>(); }
  const OrientationFlags& flags() const noexcept { return flags_; }

 private:
  Eigen::Quaterniond q_ = Eigen::Quaterniond::Identity();
  Micros last_t_us_ = 0;
  bool started_ = false;
  OrientationFlags flags_{};
};

// Reports the reference of a trial that stands still at identity, tilted 10° about x when the
// last step was 9D: tells whether the runner passed the magnetometer.
class ModeProbe {
 public:
  Status update(Micros, const Vec3&, const Vec3&) noexcept {
    q_ = Quat::Identity();
    return Status::kOk;
  }
  Status update(Micros, const Vec3&, const Vec3&, const Vec3&) noexcept {
    q_ = Quat(Eigen::AngleAxisf(10.0f * kRadPerDeg, Vec3::UnitX()));
    return Status::kOk;
  }
  Quat orientation() const noexcept { return q_; }
  const OrientationFlags& flags() const noexcept { return flags_; }

 private:
  Quat q_ = Quat::Identity();
  OrientationFlags flags_{};
};

// Correct (identity) except that it answers NaN once it has seen a time stamp >= `bad_from_us`,
// and refuses the first `refuse` samples with kNotInitialized.
class Faulty {
 public:
  Faulty(Micros bad_from_us, std::size_t refuse) : bad_from_us_(bad_from_us), refuse_(refuse) {}
  Status update(Micros t_us, const Vec3&, const Vec3&) noexcept {
    ++n_;
    bad_ = bad_ || t_us >= bad_from_us_;
    return n_ <= refuse_ ? Status::kNotInitialized : Status::kOk;
  }
  Status update(Micros t, const Vec3& g, const Vec3& a, const Vec3&) noexcept {
    return update(t, g, a);
  }
  Quat orientation() const noexcept {
    if (bad_) return Quat(std::numeric_limits<float>::quiet_NaN(), 0.0f, 0.0f, 0.0f);
    return Quat::Identity();
  }
  const OrientationFlags& flags() const noexcept { return flags_; }

 private:
  OrientationFlags flags_{};
  Micros bad_from_us_;
  std::size_t refuse_;
  std::size_t n_ = 0;
  bool bad_ = false;
};

// Identity, with flags that say what it saw: at_rest before `rest_until_us`, acc_rejected on
// every third sample, mag_disturbed when the last step was 9D.
class FlagProbe {
 public:
  explicit FlagProbe(Micros rest_until_us) : rest_until_us_(rest_until_us) {}
  Status update(Micros t_us, const Vec3&, const Vec3&) noexcept {
    flags_.at_rest = t_us < rest_until_us_;
    flags_.acc_rejected = n_++ % 3 == 0;
    flags_.mag_disturbed = false;
    return Status::kOk;
  }
  Status update(Micros t_us, const Vec3& g, const Vec3& a, const Vec3&) noexcept {
    update(t_us, g, a);
    flags_.mag_disturbed = true;
    return Status::kOk;
  }
  Quat orientation() const noexcept { return Quat::Identity(); }
  const OrientationFlags& flags() const noexcept { return flags_; }

 private:
  Micros rest_until_us_;
  std::size_t n_ = 0;
  OrientationFlags flags_{};
};

const Eigen::Vector3d kRate(0.4, -0.7, 1.1);  // rad/s, a slow tumble about a skew axis

TEST(OrientationRunner, GyroIntegratorWithTenDegreeHeadingStartErrorScoresTenIn9D) {
  const io::BroadTrial t =
      rotating_trial("t", rot(Eigen::Vector3d::UnitZ(), 10.0), kRate, 3000, 500);
  const TrialResult r = evaluate_trial(t, make_estimator_factory<GyroIntegrator>(), true);
  ASSERT_TRUE(r.score.valid) << r.score.invalid_reason;
  EXPECT_EQ(r.n_samples, 3000u);
  EXPECT_EQ(r.score.n_scored, 2500u);
  EXPECT_NEAR(r.score.total_rmse_deg, 10.0, kTolDeg);
  EXPECT_NEAR(r.score.heading_rmse_deg, 10.0, kTolDeg);
  EXPECT_NEAR(r.score.inclination_rmse_deg, 0.0, kTolDeg);
}

TEST(OrientationRunner, GyroIntegratorWithHeadingStartErrorScoresZeroIn6D) {
  const io::BroadTrial t =
      rotating_trial("t", rot(Eigen::Vector3d::UnitZ(), 10.0), kRate, 3000, 500);
  const TrialResult r = evaluate_trial(t, make_estimator_factory<GyroIntegrator>(), false);
  ASSERT_TRUE(r.score.valid) << r.score.invalid_reason;
  EXPECT_NEAR(r.score.heading_offset_deg, -10.0, kTolDeg);
  EXPECT_NEAR(r.score.total_rmse_deg, 0.0, kTolDeg);
  EXPECT_NEAR(r.score.heading_rmse_deg, 0.0, kTolDeg);
}

TEST(OrientationRunner, GyroIntegratorWithTiltStartErrorScoresItAsInclination) {
  const io::BroadTrial t = rotating_trial("t", rot(Eigen::Vector3d::UnitX(), -5.0), kRate, 3000);
  for (const bool use_mag : {true, false}) {
    const TrialResult r = evaluate_trial(t, make_estimator_factory<GyroIntegrator>(), use_mag);
    EXPECT_NEAR(r.score.total_rmse_deg, 5.0, kTolDeg);
    EXPECT_NEAR(r.score.heading_rmse_deg, 0.0, kTolDeg);
    EXPECT_NEAR(r.score.inclination_rmse_deg, 5.0, kTolDeg);
  }
}

TEST(OrientationRunner, FeedsTheMagnetometerOnlyIn9D) {
  const io::BroadTrial t =
      rotating_trial("still", Eigen::Quaterniond::Identity(), Eigen::Vector3d::Zero(), 100);
  const TrialResult nine = evaluate_trial(t, make_estimator_factory<ModeProbe>(), true);
  const TrialResult six = evaluate_trial(t, make_estimator_factory<ModeProbe>(), false);
  EXPECT_NEAR(nine.score.inclination_rmse_deg, 10.0, kTolDeg);
  EXPECT_NEAR(six.score.inclination_rmse_deg, 0.0, kTolDeg);
}

TEST(OrientationRunner, NonFiniteEstimateInMovementMakesTheRunInvalid) {
  // The filter fails from t = 20 samples on: only the longer trial reaches it, at sample 20.
  const std::vector<io::BroadTrial> trials = {
      rotating_trial("short", Eigen::Quaterniond::Identity(), Eigen::Vector3d::Zero(), 20),
      rotating_trial("long", Eigen::Quaterniond::Identity(), Eigen::Vector3d::Zero(), 50)};
  const EstimatorFactory make = make_estimator_factory<Faulty>(20 * testing::kBroadPeriodUs, 0u);
  OrientationEvalOptions options;
  options.threads = 2;
  const OrientationEvalResult r = evaluate_orientation(trials, make, options);
  EXPECT_FALSE(r.valid());
  EXPECT_TRUE(r.trials[0].score.valid) << r.trials[0].score.invalid_reason;
  EXPECT_FALSE(r.trials[1].score.valid);
  EXPECT_NE(r.trials[1].score.invalid_reason.find("sample 20"), std::string::npos)
      << r.trials[1].score.invalid_reason;
  EXPECT_TRUE(std::isnan(r.mean.total_rmse_deg));
}

TEST(OrientationRunner, CountsUpdatesTheFilterRefused) {
  const io::BroadTrial t =
      rotating_trial("t", Eigen::Quaterniond::Identity(), Eigen::Vector3d::Zero(), 40);
  const TrialResult r =
      evaluate_trial(t, make_estimator_factory<Faulty>(Micros{1} << 40, std::size_t{3}), true);
  EXPECT_EQ(r.n_updates_not_ok, 3u);
  EXPECT_EQ(r.first_not_ok, Status::kNotInitialized);
  EXPECT_EQ(r.first_not_ok_sample, 0u);
  EXPECT_TRUE(r.score.valid);
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
  const EstimatorFactory make = make_estimator_factory<GyroIntegrator>();
  for (const bool use_mag : {true, false}) {
    OrientationEvalOptions options;
    options.use_mag = use_mag;
    options.threads = 1;
    const OrientationEvalResult one = evaluate_orientation(trials, make, options);
    ASSERT_TRUE(one.valid());
    for (std::size_t i = 0; i < trials.size(); ++i) {
      EXPECT_EQ(one.trials[i].info.name, trials[i].info.name);
      // Each trial alone gives the same numbers as inside the run.
      const TrialResult alone = evaluate_trial(trials[i], make, use_mag);
      EXPECT_EQ(alone.score.total_rmse_deg, one.trials[i].score.total_rmse_deg);
    }
    for (const std::size_t threads : {2u, 4u, 0u}) {
      options.threads = threads;
      expect_identical(one, evaluate_orientation(trials, make, options));
    }
  }
}

TEST(OrientationRunner, LoadingFromAFolderGivesTheSameResultsAsInMemory) {
  const std::vector<io::BroadTrial> trials = noisy_trials();
  testing::TempFolder folder("runner_folder");
  folder.write_broad(trials);
  const EstimatorFactory make = make_estimator_factory<GyroIntegrator>();
  OrientationEvalOptions options;
  options.threads = 2;
  expect_identical(evaluate_orientation(trials, make, options),
                   evaluate_orientation(io::load_broad_index(folder.dir()), make, options));
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
      evaluate_orientation(index, make_estimator_factory<GyroIntegrator>(), options);
      FAIL() << "expected an error";
    } catch (const std::runtime_error& e) {
      EXPECT_NE(std::string(e.what()).find("trial_1.csv"), std::string::npos) << e.what();
    }
  }
}

TEST(OrientationRunner, GroupMeansAverageTrialsSharingALabelInFirstSeenOrder) {
  const std::vector<io::BroadTrial> trials = noisy_trials();
  OrientationEvalOptions options;
  const OrientationEvalResult r =
      evaluate_orientation(trials, make_estimator_factory<GyroIntegrator>(), options);
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

TEST(OrientationRunner, KeptTraceHasEveryFlagAndFieldNormOfEverySample) {
  const io::BroadTrial t =
      rotating_trial("t", Eigen::Quaterniond::Identity(), Eigen::Vector3d::Zero(), 90, 30);
  for (const bool use_mag : {true, false}) {
    const TrialResult r = evaluate_trial(
        t, make_estimator_factory<FlagProbe>(40 * testing::kBroadPeriodUs), use_mag, true);
    const TrialTrace& tr = r.trace;
    ASSERT_EQ(tr.t_us.size(), 90u);
    ASSERT_EQ(tr.flags.size(), 90u);
    ASSERT_EQ(tr.errors.size(), 90u);
    ASSERT_EQ(tr.movement.size(), 90u);
    ASSERT_EQ(tr.mag_norm_ut.size(), 90u);
    for (std::size_t k = 0; k < 90; ++k) {
      EXPECT_EQ(tr.t_us[k], t.t_us[k]);
      EXPECT_EQ(tr.movement[k], t.movement[k]);
      EXPECT_EQ(tr.flags[k].at_rest, k < 40) << k;
      EXPECT_EQ(tr.flags[k].acc_rejected, k % 3 == 0) << k;
      EXPECT_EQ(tr.flags[k].mag_disturbed, use_mag) << k;
      // The test trial's field is (0.2, 15.7, -40.8) µT in ENU, 43.717 µT long.
      EXPECT_NEAR(tr.mag_norm_ut[k], 43.7169f, 1e-3f) << k;
    }
  }
}

TEST(OrientationRunner, KeptTraceErrorsAreTheScoredErrorsWith6DOffsetRemoved) {
  // Gyro integration from identity: the error is q0* = a 10° heading and a 5° tilt throughout.
  const io::BroadTrial t =
      rotating_trial("t", rot(Eigen::Vector3d::UnitZ(), 10.0) * rot(Eigen::Vector3d::UnitX(), 5.0),
                     kRate, 2000, 500);
  for (const bool use_mag : {true, false}) {
    const TrialResult r =
        evaluate_trial(t, make_estimator_factory<GyroIntegrator>(), use_mag, true);
    ASSERT_TRUE(r.score.valid) << r.score.invalid_reason;
    double sum_total2 = 0.0;
    std::size_t n = 0;
    for (std::size_t k = 0; k < 2000; ++k) {
      const ErrorAngles& e = r.trace.errors[k];
      if (k < 500) {
        EXPECT_TRUE(std::isnan(e.total_rad)) << k;
        continue;
      }
      ASSERT_TRUE(std::isfinite(e.total_rad)) << k;
      EXPECT_NEAR(e.heading_rad * 180.0 / kPiD, use_mag ? 10.0 : 0.0, kTolDeg) << k;
      EXPECT_NEAR(e.inclination_rad * 180.0 / kPiD, 5.0, kTolDeg) << k;
      sum_total2 += e.total_rad * e.total_rad;
      ++n;
    }
    EXPECT_EQ(n, r.score.n_scored);
    EXPECT_NEAR(std::sqrt(sum_total2 / static_cast<double>(n)) * 180.0 / kPiD,
                r.score.total_rmse_deg, 1e-9);
  }
}

TEST(OrientationRunner, TracesAreKeptOnlyWhenAskedAndLeaveTheResultsUnchanged) {
  const std::vector<io::BroadTrial> trials = noisy_trials();
  const EstimatorFactory make = make_estimator_factory<GyroIntegrator>();
  for (const bool use_mag : {true, false}) {
    OrientationEvalOptions options;
    options.use_mag = use_mag;
    options.threads = 2;
    const OrientationEvalResult plain = evaluate_orientation(trials, make, options);
    options.keep_traces = true;
    const OrientationEvalResult traced = evaluate_orientation(trials, make, options);
    expect_identical(plain, traced);
    for (std::size_t i = 0; i < trials.size(); ++i) {
      EXPECT_TRUE(plain.trials[i].trace.empty());
      EXPECT_EQ(traced.trials[i].trace.t_us.size(), trials[i].size());
    }
  }
}

}  // namespace
}  // namespace fusetrack::eval
