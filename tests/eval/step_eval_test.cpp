// The step evaluation on folders of simulated recordings with truth files (layout B) and on a
// simulated oxford-steps-layout folder: the layout is recognised, every trace scored, the result
// the same for any number of threads.
#include "eval/step_eval.hpp"

#include <cmath>
#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include "../io/io_test_util.hpp"
#include "io/csv.hpp"
#include "step_test_data.hpp"

namespace fusetrack::eval {
namespace {

using io::testing::TempDir;
using io::testing::write_text;
using testing::error_of;

TEST(StepEvalRecordings, ScoresASimulatedRecordingAgainstItsTruthSteps) {
  const TempDir dir;
  const sim::SimResult walk = testing::simulated_walk(20.0);
  ASSERT_GT(walk.truth.steps_us.size(), 20u);
  testing::write_recording_with_truth(dir.file("wrist/walk"), walk);
  ASSERT_EQ(detect_step_layout(dir.file("")), StepLayout::kRecordings);

  StepEvalOptions options;
  options.keep_details = true;
  const StepEvalResult r = evaluate_steps(dir.file(""), options);
  ASSERT_EQ(r.layout, StepLayout::kRecordings);
  ASSERT_EQ(r.traces.size(), 1u);
  const StepTraceResult& t = r.traces[0];
  EXPECT_EQ(t.trace.name, "wrist/walk");
  EXPECT_EQ(t.trace.position, "wrist");
  EXPECT_EQ(t.n_samples, walk.imu.size());
  const StepScore& s = t.trace.score;
  EXPECT_TRUE(s.has_step_times);
  EXPECT_EQ(s.true_steps, walk.truth.steps_us.size());
  EXPECT_GT(s.counted_steps, 0u);
  EXPECT_EQ(s.counted_steps, t.detail.detected.t_us.size());
  for (const double v : {s.precision, s.recall, s.f1}) {
    EXPECT_GE(v, 0.0);
    EXPECT_LE(v, 1.0);
  }
  EXPECT_NEAR(s.abs_pct_error,
              std::fabs(static_cast<double>(s.counted_steps) - static_cast<double>(s.true_steps)) /
                  static_cast<double>(s.true_steps) * 100.0,
              1e-9);
  // The envelope covers the recording.
  EXPECT_LE(t.detail.signal.start_us, walk.imu.front().t_us);
  EXPECT_GE(t.detail.signal.end_us(), walk.imu.back().t_us);
  EXPECT_EQ(r.summary.all.n_traces, 1u);
  EXPECT_DOUBLE_EQ(r.summary.all.abs_pct_error, s.abs_pct_error);
  EXPECT_EQ(r.summary.paper_set.n_traces, 0u);
}

TEST(StepEvalRecordings, ATruthWithOnlyAStepCountIsScoredByCountOnly) {
  const TempDir dir;
  sim::SimResult walk = testing::simulated_walk(15.0);
  const std::size_t n = walk.truth.steps_us.size();
  walk.truth.steps_us.clear();
  testing::write_recording_with_truth(dir.file("total"), walk, {{"step_count", std::to_string(n)}});

  const StepTruth truth = read_step_truth(dir.file("total_truth.csv"));
  EXPECT_FALSE(truth.has_step_times);
  EXPECT_EQ(truth.total, n);

  const StepEvalResult r = evaluate_steps(dir.file(""), StepEvalOptions{});
  ASSERT_EQ(r.traces.size(), 1u);
  const StepScore& s = r.traces[0].trace.score;
  EXPECT_EQ(r.traces[0].trace.position, "-");
  EXPECT_FALSE(s.has_step_times);
  EXPECT_EQ(s.true_steps, n);
  EXPECT_TRUE(std::isfinite(s.abs_pct_error));
  EXPECT_TRUE(std::isnan(s.precision));
  EXPECT_TRUE(std::isnan(s.recall));
  // Left out of the means of precision and recall, not counted as 0.
  EXPECT_TRUE(std::isnan(r.summary.all.precision));
  EXPECT_TRUE(std::isnan(r.summary.all.recall));
  EXPECT_DOUBLE_EQ(r.summary.all.abs_pct_error, s.abs_pct_error);
}

TEST(StepEvalRecordings, AStepCountThatIsNotACountOrDisagreesWithTheStepRowsNamesItsLine) {
  const TempDir dir;
  const sim::SimResult walk = testing::simulated_walk(6.0);
  testing::write_recording_with_truth(dir.file("bad"), walk, {{"step_count", "many"}});
  std::string message = error_of([&] { read_step_truth(dir.file("bad_truth.csv")); });
  EXPECT_NE(message.find("bad_truth.csv:2:14: expected a count >= 0 for metadata 'step_count', "
                         "found 'many'"),
            std::string::npos)
      << message;
  testing::write_recording_with_truth(dir.file("bad"), walk, {{"step_count", "1"}});
  message = error_of([&] { read_step_truth(dir.file("bad_truth.csv")); });
  EXPECT_NE(message.find("expected step_count equal to the file's " +
                         std::to_string(walk.truth.steps_us.size()) + " step rows, found '1'"),
            std::string::npos)
      << message;
}

TEST(StepEvalRecordings, FindsRecordingsRecursivelyInPathOrderAndSkipsFilesWithoutTruth) {
  const TempDir dir;
  const sim::SimResult walk = testing::simulated_walk(4.0);
  testing::write_recording_with_truth(dir.file("b/x"), walk);
  testing::write_recording_with_truth(dir.file("a/deep/y"), walk);
  testing::write_recording_with_truth(dir.file("z"), walk);
  write_text(dir.file("notes.csv"), "a,b\n1,2\n");
  std::vector<std::string> ignored;
  const auto found = find_recordings_with_truth(dir.file(""), &ignored);
  ASSERT_EQ(found.size(), 3u);
  EXPECT_EQ(found[0].name, "a/deep/y");
  EXPECT_EQ(found[0].position, "a/deep");
  EXPECT_EQ(found[1].name, "b/x");
  EXPECT_EQ(found[2].name, "z");
  EXPECT_EQ(found[2].position, "-");
  ASSERT_EQ(ignored.size(), 1u);
  EXPECT_NE(ignored[0].find("notes.csv"), std::string::npos);
}

TEST(StepEvalLayout, AFolderWithNeitherLayoutIsAClearError) {
  const TempDir dir;
  write_text(dir.file("readme.txt"), "nothing here\n");
  const std::string message = error_of([&] { detect_step_layout(dir.file("")); });
  EXPECT_NE(message.find("neither traces.csv"), std::string::npos) << message;
  EXPECT_NE(error_of([&] { detect_step_layout(dir.file("missing")); }).find("no such folder"),
            std::string::npos);
}

TEST(StepEvalOxford, ASimulatedOxfordFolderGivesTheSameResultForAnyThreadCount) {
  const TempDir dir;
  testing::write_oxford_folder(dir.file(""),
                               {testing::simulated_walk(15.0, 3), testing::simulated_walk(15.0, 4),
                                testing::simulated_walk(15.0, 5)});
  ASSERT_EQ(detect_step_layout(dir.file("")), StepLayout::kOxfordSteps);
  StepEvalOptions one;
  one.threads = 1;
  StepEvalOptions three;
  three.threads = 3;
  const StepEvalResult a = evaluate_steps(dir.file(""), one);
  const StepEvalResult b = evaluate_steps(dir.file(""), three);
  ASSERT_EQ(a.traces.size(), 3u);
  ASSERT_EQ(b.traces.size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(a.traces[i].trace.name, "sim_" + std::to_string(i));
    EXPECT_EQ(a.traces[i].trace.score.counted_steps, b.traces[i].trace.score.counted_steps);
    EXPECT_EQ(a.traces[i].trace.score.matched, b.traces[i].trace.score.matched);
    EXPECT_EQ(a.traces[i].trace.delays_s, b.traces[i].trace.delays_s);
  }
  EXPECT_EQ(a.summary.per_position.size(), 2u);  // bag, hand
  EXPECT_EQ(a.summary.paper_set.n_traces, 3u);
  EXPECT_DOUBLE_EQ(a.summary.all.abs_pct_error, b.summary.all.abs_pct_error);
}

}  // namespace
}  // namespace fusetrack::eval
