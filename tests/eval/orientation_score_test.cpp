// score_trial and mean_score against hand-computed cases of the BROAD protocol
// (../shared/datasets/broad/README.md, "Evaluation protocol").
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <stdexcept>
#include <vector>

#include <gtest/gtest.h>

#include "eval/orientation_eval.hpp"

namespace fusetrack::eval {
namespace {

constexpr double kPiD = 3.14159265358979323846;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// acos near 1 turns rounding of 1e-16 into ~1e-8 rad, i.e. ~1e-6 degrees.
constexpr double kTolDeg = 1e-5;

Quatd about(const Eigen::Vector3d& axis, double angle_deg) {
  return Quatd(Eigen::AngleAxisd(angle_deg * kPiD / 180.0, axis.normalized()));
}
Quatd rz(double deg) { return about(Eigen::Vector3d::UnitZ(), deg); }
Quatd rx(double deg) { return about(Eigen::Vector3d::UnitX(), deg); }

// `n` random unit quaternions (seeded), with random signs: the reference trajectory.
std::vector<Quatd> random_refs(std::size_t n, unsigned seed = 7) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> g(0.0, 1.0);
  std::vector<Quatd> q(n);
  for (Quatd& r : q) r = Quatd(g(rng), g(rng), g(rng), g(rng)).normalized();
  return q;
}

// Estimates that are `error` (earth frame) away from each reference: q_est = error ⊗ q_ref.
std::vector<Quatd> with_earth_error(const std::vector<Quatd>& refs, const Quatd& error) {
  std::vector<Quatd> est;
  for (const Quatd& r : refs) est.push_back(error * r);
  return est;
}

std::vector<std::uint8_t> all_moving(std::size_t n) { return std::vector<std::uint8_t>(n, 1); }

// Checks the three RMSE values (degrees) of a TrialScore or MeanScore.
template <typename Score>
void expect_rmse(const Score& s, double total, double heading, double inclination) {
  EXPECT_NEAR(s.total_rmse_deg, total, kTolDeg);
  EXPECT_NEAR(s.heading_rmse_deg, heading, kTolDeg);
  EXPECT_NEAR(s.inclination_rmse_deg, inclination, kTolDeg);
}

TEST(ScoreTrial, EstimateEqualToReferenceScoresZero) {
  const auto refs = random_refs(200);
  std::vector<Quatd> est = refs;
  for (std::size_t k = 0; k < est.size(); k += 2) est[k].coeffs() *= -1.0;  // q and -q agree
  for (const bool six_d : {false, true}) {
    const TrialScore s = score_trial(est, refs, all_moving(refs.size()), six_d);
    ASSERT_TRUE(s.valid) << s.invalid_reason;
    EXPECT_EQ(s.n_scored, 200u);
    expect_rmse(s, 0.0, 0.0, 0.0);
  }
}

TEST(ScoreTrial, ConstantTenDegreeHeadingErrorIn9DIsTenDegreesTotalAndHeading) {
  const auto refs = random_refs(300);
  const TrialScore s = score_trial(with_earth_error(refs, rz(10.0)), refs, all_moving(300), false);
  ASSERT_TRUE(s.valid);
  expect_rmse(s, 10.0, 10.0, 0.0);
  EXPECT_EQ(s.heading_offset_deg, 0.0);
}

TEST(ScoreTrial, ConstantTenDegreeHeadingErrorIn6DIsRemovedAsOffset) {
  const auto refs = random_refs(300);
  const TrialScore s = score_trial(with_earth_error(refs, rz(10.0)), refs, all_moving(300), true);
  ASSERT_TRUE(s.valid);
  EXPECT_NEAR(s.heading_offset_deg, 10.0, 1e-9);
  expect_rmse(s, 0.0, 0.0, 0.0);
}

TEST(ScoreTrial, FiveDegreeTiltAboutEastIsFiveDegreesInclinationAndNoHeading) {
  const auto refs = random_refs(300);
  for (const bool six_d : {false, true}) {
    const TrialScore s = score_trial(with_earth_error(refs, rx(5.0)), refs, all_moving(300), six_d);
    ASSERT_TRUE(s.valid);
    expect_rmse(s, 5.0, 0.0, 5.0);
  }
}

TEST(ScoreTrial, HeadingAndTiltTogetherSplitIntoTheirOwnAngles) {
  // e = Rz(a) ⊗ Rx(b): e_w = cos(a/2)cos(b/2), e_z = sin(a/2)cos(b/2), so heading = a,
  // inclination = b, total = 2·acos(cos(a/2)cos(b/2)).
  const double a = 30.0;
  const double b = 40.0;
  const auto refs = random_refs(50);
  const TrialScore s =
      score_trial(with_earth_error(refs, rz(a) * rx(b)), refs, all_moving(50), false);
  const double half = kPiD / 360.0;
  const double total = 2.0 * std::acos(std::cos(a * half) * std::cos(b * half)) * 180.0 / kPiD;
  expect_rmse(s, total, a, b);
}

TEST(ScoreTrial, RmseIsTheRootMeanSquareOverScoredSamples) {
  // Tilt errors of 3° and 4° alternate: RMSE = sqrt((9 + 16) / 2).
  const auto refs = random_refs(100);
  std::vector<Quatd> est;
  for (std::size_t k = 0; k < refs.size(); ++k) est.push_back(rx(k % 2 == 0 ? 3.0 : 4.0) * refs[k]);
  const TrialScore s = score_trial(est, refs, all_moving(100), false);
  expect_rmse(s, std::sqrt(12.5), 0.0, std::sqrt(12.5));
}

TEST(ScoreTrial, HeadingDriftSurvives6DOffsetRemoval) {
  // Half the trial 0°, half 20° heading error: the circular mean 10° is removed and ±10° remain.
  const auto refs = random_refs(400);
  std::vector<Quatd> est;
  for (std::size_t k = 0; k < refs.size(); ++k) est.push_back(rz(k < 200 ? 0.0 : 20.0) * refs[k]);
  const TrialScore s = score_trial(est, refs, all_moving(400), true);
  EXPECT_NEAR(s.heading_offset_deg, 10.0, 1e-9);
  expect_rmse(s, 10.0, 10.0, 0.0);
}

TEST(ScoreTrial, HeadingOffsetIsACircularMeanAcrossPlusMinus180) {
  // +179° and -179° average to 180° on the circle (an arithmetic mean would give 0°), leaving 1°.
  const auto refs = random_refs(100);
  std::vector<Quatd> est;
  for (std::size_t k = 0; k < refs.size(); ++k) est.push_back(rz(k % 2 ? 179.0 : -179.0) * refs[k]);
  const TrialScore s = score_trial(est, refs, all_moving(100), true);
  EXPECT_NEAR(std::fabs(s.heading_offset_deg), 180.0, 1e-9);
  expect_rmse(s, 1.0, 1.0, 0.0);
}

TEST(ScoreTrial, InputsAreNormalizedBeforeScoring) {
  auto refs = random_refs(60);
  std::vector<Quatd> est = with_earth_error(refs, rz(10.0));
  for (Quatd& q : est) q.coeffs() *= 3.0;
  for (Quatd& q : refs) q.coeffs() *= 0.5;
  const TrialScore s = score_trial(est, refs, all_moving(60), false);
  EXPECT_NEAR(s.total_rmse_deg, 10.0, kTolDeg);
  EXPECT_NEAR(s.heading_rmse_deg, 10.0, kTolDeg);
}

TEST(ScoreTrial, SamplesWithNanReferenceAreExcluded) {
  auto refs = random_refs(100);
  std::vector<Quatd> est = with_earth_error(refs, rx(5.0));
  for (std::size_t k = 0; k < 100; k += 4) {
    refs[k] = Quatd(kNaN, kNaN, kNaN, kNaN);
    est[k] = rx(90.0);  // would dominate the RMSE if it were scored
  }
  refs[1].x() = kNaN;  // one non-finite component is enough to exclude a sample
  const TrialScore s = score_trial(est, refs, all_moving(100), false);
  ASSERT_TRUE(s.valid);
  EXPECT_EQ(s.n_scored, 74u);
  EXPECT_NEAR(s.inclination_rmse_deg, 5.0, kTolDeg);
}

TEST(ScoreTrial, RestSamplesAreExcluded) {
  const auto refs = random_refs(100);
  std::vector<Quatd> est = with_earth_error(refs, rx(5.0));
  std::vector<std::uint8_t> movement = all_moving(100);
  for (std::size_t k = 0; k < 30; ++k) {
    movement[k] = 0;
    est[k] = rx(90.0);
  }
  const TrialScore s = score_trial(est, refs, movement, false);
  EXPECT_EQ(s.n_scored, 70u);
  EXPECT_NEAR(s.total_rmse_deg, 5.0, kTolDeg);
}

TEST(ScoreTrial, NonFiniteEstimateOnScoredSampleMakesTheTrialInvalid) {
  const auto refs = random_refs(100);
  std::vector<Quatd> est = refs;
  est[42].z() = std::numeric_limits<double>::infinity();
  const TrialScore s = score_trial(est, refs, all_moving(100), false);
  EXPECT_FALSE(s.valid);
  EXPECT_NE(s.invalid_reason.find("sample 42"), std::string::npos) << s.invalid_reason;
  EXPECT_TRUE(std::isnan(s.total_rmse_deg));
}

TEST(ScoreTrial, NonFiniteEstimateOutsideScoredSetIsIgnored) {
  auto refs = random_refs(100);
  std::vector<Quatd> est = refs;
  std::vector<std::uint8_t> movement = all_moving(100);
  movement[3] = 0;
  est[3] = Quatd(kNaN, 0.0, 0.0, 0.0);
  refs[5] = Quatd(kNaN, kNaN, kNaN, kNaN);
  est[5] = Quatd(kNaN, 0.0, 0.0, 0.0);
  const TrialScore s = score_trial(est, refs, movement, true);
  EXPECT_TRUE(s.valid) << s.invalid_reason;
  EXPECT_EQ(s.n_scored, 98u);
}

TEST(ScoreTrial, ZeroEstimateOnScoredSampleMakesTheTrialInvalid) {
  const auto refs = random_refs(10);
  std::vector<Quatd> est = refs;
  est[7] = Quatd(0.0, 0.0, 0.0, 0.0);
  EXPECT_FALSE(score_trial(est, refs, all_moving(10), false).valid);
}

TEST(ScoreTrial, EmptyScoredSetIsInvalid) {
  const auto refs = random_refs(10);
  const TrialScore s = score_trial(refs, refs, std::vector<std::uint8_t>(10, 0), false);
  EXPECT_FALSE(s.valid);
  EXPECT_EQ(s.n_scored, 0u);
}

TEST(ScoreTrial, DifferentLengthsThrow) {
  const auto refs = random_refs(10);
  EXPECT_THROW(score_trial(random_refs(9), refs, all_moving(10), false), std::invalid_argument);
  EXPECT_THROW(score_trial(refs, refs, all_moving(11), false), std::invalid_argument);
}

TEST(MeanScore, IsTheUnweightedMeanOfTrialRmse) {
  const auto refs_a = random_refs(10, 1);
  const auto refs_b = random_refs(1000, 2);  // 100x the samples, same weight
  std::vector<TrialScore> scores = {
      score_trial(with_earth_error(refs_a, rx(2.0)), refs_a, all_moving(10), false),
      score_trial(with_earth_error(refs_b, rz(6.0)), refs_b, all_moving(1000), false)};
  const MeanScore m = mean_score(scores);
  ASSERT_TRUE(m.valid);
  EXPECT_EQ(m.n_trials, 2u);
  expect_rmse(m, 4.0, 3.0, 1.0);
}

TEST(MeanScore, IsInvalidWhenAnyTrialIsInvalidOrThereAreNone) {
  const auto refs = random_refs(10);
  std::vector<Quatd> bad = refs;
  bad[0].w() = kNaN;
  const std::vector<TrialScore> scores = {score_trial(refs, refs, all_moving(10), false),
                                          score_trial(bad, refs, all_moving(10), false)};
  const MeanScore m = mean_score(scores);
  EXPECT_FALSE(m.valid);
  EXPECT_TRUE(std::isnan(m.total_rmse_deg));
  EXPECT_FALSE(mean_score({}).valid);
}

// RMSE (degrees) of the finite entries of one angle of `per_sample`, and how many there are.
struct PerSampleRmse {
  std::size_t n = 0;
  double total_deg = 0.0;
  double heading_deg = 0.0;
  double inclination_deg = 0.0;
};
PerSampleRmse rmse_of(const std::vector<ErrorAngles>& per_sample) {
  PerSampleRmse r;
  for (const ErrorAngles& a : per_sample) {
    if (!std::isfinite(a.total_rad)) continue;
    ++r.n;
    r.total_deg += a.total_rad * a.total_rad;
    r.heading_deg += a.heading_rad * a.heading_rad;
    r.inclination_deg += a.inclination_rad * a.inclination_rad;
  }
  const double n = static_cast<double>(r.n);
  r.total_deg = std::sqrt(r.total_deg / n) * 180.0 / kPiD;
  r.heading_deg = std::sqrt(r.heading_deg / n) * 180.0 / kPiD;
  r.inclination_deg = std::sqrt(r.inclination_deg / n) * 180.0 / kPiD;
  return r;
}

TEST(ScoreTrialPerSample, GivesTheErrorOfEveryScoredSampleAndNaNElsewhere) {
  auto refs = random_refs(100);
  std::vector<Quatd> est = with_earth_error(refs, rz(3.0) * rx(4.0));
  std::vector<std::uint8_t> movement = all_moving(100);
  for (std::size_t k = 0; k < 10; ++k) movement[k] = 0;
  refs[50] = Quatd(kNaN, kNaN, kNaN, kNaN);
  std::vector<ErrorAngles> per_sample;
  const TrialScore s = score_trial(est, refs, movement, false, &per_sample);
  ASSERT_TRUE(s.valid) << s.invalid_reason;
  ASSERT_EQ(per_sample.size(), 100u);
  for (std::size_t k = 0; k < 100; ++k) {
    const bool scored = k >= 10 && k != 50;
    EXPECT_EQ(std::isfinite(per_sample[k].total_rad), scored) << k;
    EXPECT_EQ(std::isfinite(per_sample[k].heading_rad), scored) << k;
    EXPECT_EQ(std::isfinite(per_sample[k].inclination_rad), scored) << k;
  }
  // Heading 3° then tilt 4° about x: total angle from the composed rotation, heading 3°, tilt 4°.
  const double total_deg = Eigen::AngleAxisd(rz(3.0) * rx(4.0)).angle() * 180.0 / kPiD;
  EXPECT_NEAR(per_sample[20].total_rad * 180.0 / kPiD, total_deg, kTolDeg);
  EXPECT_NEAR(per_sample[20].heading_rad * 180.0 / kPiD, 3.0, kTolDeg);
  EXPECT_NEAR(per_sample[20].inclination_rad * 180.0 / kPiD, 4.0, kTolDeg);
}

TEST(ScoreTrialPerSample, HasTheOffsetRemovedIn6DAndGivesTheSameRmseAsTheScore) {
  // A 10° heading error on one half and 30° on the other: 6D removes the 20° mean, leaving ±10°.
  const auto refs = random_refs(400);
  std::vector<Quatd> est;
  for (std::size_t k = 0; k < refs.size(); ++k) {
    est.push_back(rz(k < 200 ? 10.0 : 30.0) * rx(2.0) * refs[k]);
  }
  for (const bool six_d : {false, true}) {
    std::vector<ErrorAngles> per_sample;
    const TrialScore s = score_trial(est, refs, all_moving(400), six_d, &per_sample);
    ASSERT_TRUE(s.valid);
    EXPECT_NEAR(per_sample[0].heading_rad * 180.0 / kPiD, 10.0, kTolDeg);
    EXPECT_NEAR(per_sample[399].heading_rad * 180.0 / kPiD, six_d ? 10.0 : 30.0, kTolDeg);
    const PerSampleRmse r = rmse_of(per_sample);
    EXPECT_EQ(r.n, s.n_scored);
    EXPECT_NEAR(r.total_deg, s.total_rmse_deg, 1e-9);
    EXPECT_NEAR(r.heading_deg, s.heading_rmse_deg, 1e-9);
    EXPECT_NEAR(r.inclination_deg, s.inclination_rmse_deg, 1e-9);
    // The score is the same with and without per-sample output.
    const TrialScore plain = score_trial(est, refs, all_moving(400), six_d);
    EXPECT_EQ(plain.total_rmse_deg, s.total_rmse_deg);
    EXPECT_EQ(plain.heading_offset_deg, s.heading_offset_deg);
  }
}

TEST(ScoreTrialPerSample, IsAllNaNWhenTheScoreIsNotValid) {
  const auto refs = random_refs(20);
  std::vector<Quatd> est = refs;
  est[12].w() = kNaN;
  std::vector<ErrorAngles> per_sample;
  EXPECT_FALSE(score_trial(est, refs, all_moving(20), true, &per_sample).valid);
  ASSERT_EQ(per_sample.size(), 20u);
  for (const ErrorAngles& a : per_sample) EXPECT_TRUE(std::isnan(a.total_rad));
}

}  // namespace
}  // namespace fusetrack::eval
