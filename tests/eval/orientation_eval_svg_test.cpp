// The pictures of an orientation evaluation: the per-trial timeline shows the scored errors (with
// gaps), the movement phase, the filter's flags and the field norm; the summary one bar row per
// trial; files stay small and well formed.
#include "eval/orientation_eval_svg.hpp"

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "../report/svg_check.hpp"
#include "broad_test_data.hpp"

namespace fusetrack::eval {
namespace {

using testing::rotating_trial;

constexpr double kPiD = 3.14159265358979323846;

// The flags of sample k: raised in patterns whose share of set samples changes every few dozen
// samples, the worst case for the flag lanes' size: each flag is set on whole stretches of
// `period` samples and on every tenth sample between them (mag_disturbed in 9D only).
OrientationFlags flicker_flags(std::uint64_t k, bool use_mag) {
  const auto on = [k](std::uint64_t period) { return (k / period) % 2 == 0 || k % 10 == 0; };
  OrientationFlags f;
  f.initialized = true;
  f.at_rest = on(97);
  f.acc_rejected = on(131);
  f.mag_disturbed = use_mag && on(163);
  return f;
}

// A trial's result as the runner records it, for an estimate that stands still at identity (so
// on a turning trial its error sweeps through all angles) with flickering flags.
TrialResult flicker_result(const io::BroadTrial& t, bool use_mag, bool keep_trace) {
  TrialResult r;
  r.info = t.info;
  r.n_samples = t.size();
  const std::vector<Quatd> est(t.size(), Quatd::Identity());
  r.score = score_trial(est, t.ref, t.movement, !use_mag, keep_trace ? &r.trace.errors : nullptr);
  if (!keep_trace) return r;
  r.trace.t_us = t.t_us;
  r.trace.movement = t.movement;
  for (std::size_t k = 0; k < t.size(); ++k) {
    r.trace.flags.push_back(
        flicker_flags(static_cast<std::uint64_t>(t.t_us[k] / testing::kBroadPeriodUs), use_mag));
    r.trace.mag_norm_ut.push_back(t.mag_ut[k].norm());
  }
  return r;
}

OrientationEvalResult run(const std::vector<io::BroadTrial>& trials, bool use_mag,
                          bool keep_traces = true) {
  OrientationEvalResult r;
  r.use_mag = use_mag;
  std::vector<TrialScore> scores;
  for (const io::BroadTrial& t : trials) {
    r.trials.push_back(flicker_result(t, use_mag, keep_traces));
    scores.push_back(r.trials.back().score);
  }
  r.mean = mean_score(scores);
  return r;
}

std::vector<io::BroadTrial> two_trials(std::size_t n = 1200) {
  io::BroadTrial b = rotating_trial("b_turning", Eigen::Quaterniond::Identity(),
                                    Eigen::Vector3d(0.3, 0.0, 0.5), n, n / 4);
  b.ref[n / 2] = Eigen::Quaterniond(std::nan(""), 0.0, 0.0, 0.0);  // one lost OMC sample
  return {rotating_trial("a_still",
                         Eigen::Quaterniond(Eigen::AngleAxisd(0.1, Eigen::Vector3d::UnitZ())),
                         Eigen::Vector3d::Zero(), n, n / 4),
          b};
}

const EvalPictureLabels kLabels{"BROAD", "flicker"};

TEST(OrientationTrialTimeline, ShowsTheScoredErrorsInDegreesWithGapsWhereNotScored) {
  const std::vector<io::BroadTrial> trials = two_trials();
  for (const bool use_mag : {true, false}) {
    const OrientationEvalResult r = run(trials, use_mag);
    const TrialResult& t = r.trials[1];
    const report::Timeline tl = orientation_trial_timeline(t, use_mag, kLabels);
    EXPECT_NE(tl.title.find("b_turning"), std::string::npos) << tl.title;
    EXPECT_NE(tl.title.find("flicker"), std::string::npos) << tl.title;
    EXPECT_NE(tl.title.find(use_mag ? "9D" : "6D"), std::string::npos) << tl.title;
    ASSERT_EQ(tl.panels.size(), 3u);
    const report::TimelinePanel& err = tl.panels[0];
    ASSERT_EQ(err.lines.size(), 3u);
    EXPECT_EQ(err.lines[0].label, "total");
    EXPECT_EQ(err.lines[1].label, "heading");
    EXPECT_EQ(err.lines[2].label, "inclination");
    for (std::size_t k = 0; k < trials[1].size(); ++k) {
      const bool scored = k >= trials[1].size() / 4 && k != trials[1].size() / 2;
      EXPECT_EQ(std::isfinite(err.lines[0].y[k]), scored) << k;
      if (!scored) continue;
      EXPECT_DOUBLE_EQ(err.lines[0].y[k], t.trace.errors[k].total_rad * 180.0 / kPiD);
      EXPECT_DOUBLE_EQ(err.lines[1].y[k], t.trace.errors[k].heading_rad * 180.0 / kPiD);
      EXPECT_DOUBLE_EQ(err.lines[2].y[k], t.trace.errors[k].inclination_rad * 180.0 / kPiD);
    }
    EXPECT_DOUBLE_EQ(err.lines[0].t_s[10], 10 * 0.0035);
  }
}

TEST(OrientationTrialTimeline, HasLanesForTheMovementPhaseAndEachFlag) {
  const std::vector<io::BroadTrial> trials = two_trials();
  const OrientationEvalResult nine = run(trials, true);
  const report::TimelinePanel lanes =
      orientation_trial_timeline(nine.trials[1], true, kLabels).panels[1];
  EXPECT_EQ(lanes.lanes, (std::vector<std::string>{"scored (movement)", "reference missing",
                                                   "at_rest", "mag_disturbed", "acc_rejected"}));
  // Every lane has bands (the flags flicker on every part of the trial).
  std::vector<int> bands_per_lane(lanes.lanes.size(), 0);
  for (const report::TimelineBand& b : lanes.bands) ++bands_per_lane.at(b.lane);
  for (std::size_t i = 0; i < lanes.lanes.size(); ++i) EXPECT_GT(bands_per_lane[i], 0) << i;
  // No missing reference in the other trial: no lane for it; in 6D the magnetometer lane says so.
  const OrientationEvalResult six = run(trials, false);
  const report::TimelinePanel still =
      orientation_trial_timeline(six.trials[0], false, kLabels).panels[1];
  EXPECT_EQ(still.lanes, (std::vector<std::string>{"scored (movement)", "at_rest",
                                                   "mag_disturbed (6D)", "acc_rejected"}));
}

TEST(OrientationTrialTimeline, ShowsTheFieldNormAndItsInitialRestMedian) {
  const OrientationEvalResult r = run(two_trials(), true);
  const report::TimelinePanel mag =
      orientation_trial_timeline(r.trials[0], true, kLabels).panels[2];
  EXPECT_NE(mag.y_label.find("µT"), std::string::npos);
  ASSERT_EQ(mag.lines.size(), 2u);
  EXPECT_NEAR(mag.lines[0].y[5], 43.717, 1e-3);
  EXPECT_NEAR(mag.lines[1].y[0], 43.717, 1e-3);
}

TEST(OrientationTrialTimeline, RefusesATrialWithoutATrace) {
  const OrientationEvalResult r = run(two_trials(), true, false);
  EXPECT_THROW(orientation_trial_timeline(r.trials[0], true, kLabels), std::invalid_argument);
}

TEST(OrientationSummaryChart, HasOneRowPerTrialInOrderAndTheMeansMarked) {
  const OrientationEvalResult r = run(two_trials(), true, false);
  ASSERT_TRUE(r.valid());
  const report::BarChart c = orientation_summary_chart(r, kLabels);
  EXPECT_EQ(c.categories, (std::vector<std::string>{"a_still", "b_turning"}));
  ASSERT_EQ(c.series.size(), 3u);
  EXPECT_EQ(c.series[0].values[1], r.trials[1].score.total_rmse_deg);
  EXPECT_EQ(c.series[1].values[1], r.trials[1].score.heading_rmse_deg);
  EXPECT_EQ(c.series[2].values[0], r.trials[0].score.inclination_rmse_deg);
  ASSERT_EQ(c.markers.size(), 3u);
  EXPECT_EQ(c.markers[0].value, r.mean.total_rmse_deg);
  EXPECT_EQ(c.markers[1].value, r.mean.heading_rmse_deg);
  EXPECT_EQ(c.markers[2].value, r.mean.inclination_rmse_deg);
  EXPECT_NE(c.title.find("flicker"), std::string::npos);
  EXPECT_EQ(report::bar_chart_svg(c).find("a_still") != std::string::npos, true);
}

TEST(OrientationPictures, WritesTheSummaryAndOneWellFormedFilePerTrialInOrder) {
  testing::TempFolder folder("svg_files");
  const std::string dir = (folder.dir() / "pictures" / "nested").string();
  make_picture_folder(dir);
  make_picture_folder(dir);  // an existing folder is fine
  const OrientationEvalResult r = run(two_trials(), true);
  const std::vector<std::string> paths = write_orientation_pictures(dir, r, kLabels, 2);
  ASSERT_EQ(paths.size(), 3u);
  EXPECT_EQ(std::filesystem::path(paths[0]).filename(), "summary.svg");
  EXPECT_EQ(std::filesystem::path(paths[1]).filename(), "a_still.svg");
  EXPECT_EQ(std::filesystem::path(paths[2]).filename(), "b_turning.svg");
  for (const std::string& p : paths) {
    std::ifstream in(p, std::ios::binary);
    const std::string doc((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_EQ(fusetrack::testing::svg_problem(doc), "") << p;
  }
}

TEST(OrientationPictures, ALongTrialWithFlickeringFlagsStaysBelow300KB) {
  // 60 000 samples (3.5 min at BROAD's rate), an error sweeping all angles, flags flickering,
  // the reference lost now and then: every line and every lane as busy as it can be.
  std::vector<io::BroadTrial> trials = {rotating_trial(
      "long", Eigen::Quaterniond::Identity(), Eigen::Vector3d(0.9, -0.4, 1.3), 60000, 9000, 0.05)};
  for (std::size_t k = 9000; k < 60000; k += 211) {
    trials[0].ref[k] = Eigen::Quaterniond(std::nan(""), 0.0, 0.0, 0.0);
  }
  testing::TempFolder folder("svg_size");
  const std::string dir = folder.dir().string();
  const std::vector<std::string> paths =
      write_orientation_pictures(dir, run(trials, true), kLabels);
  ASSERT_EQ(paths.size(), 2u);
  const auto size = std::filesystem::file_size(paths[1]);
  EXPECT_LT(size, 300u * 1000u) << size << " bytes";
  EXPECT_GT(size, 20u * 1024u) << "the picture still holds the data";
}

TEST(OrientationPictures, AFolderThatCannotBeCreatedIsNamedInTheError) {
  testing::TempFolder folder("svg_bad");
  folder.write("a_file", "x");
  const std::string dir = (folder.dir() / "a_file" / "pictures").string();
  try {
    make_picture_folder(dir);
    FAIL() << "expected an error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find(dir), std::string::npos) << e.what();
  }
  const std::string file = (folder.dir() / "a_file").string();
  EXPECT_THROW(make_picture_folder(file), std::runtime_error);
}

TEST(OrientationPictures, RefusesATrialNamedSummaryAndTrialsWithoutTraces) {
  testing::TempFolder folder("svg_refuse");
  const std::string dir = folder.dir().string();
  std::vector<io::BroadTrial> trials = two_trials(200);
  EXPECT_THROW(write_orientation_pictures(dir, run(trials, true, false), kLabels),
               std::invalid_argument);
  trials[0].info.name = "summary";
  EXPECT_THROW(write_orientation_pictures(dir, run(trials, true), kLabels), std::invalid_argument);
}

}  // namespace
}  // namespace fusetrack::eval
