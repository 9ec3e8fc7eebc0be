// The step-evaluation metrics of the oxford-steps README's protocol, on hand-computed cases.
#include "eval/step_metrics.hpp"

#include <cmath>
#include <stdexcept>
#include <vector>

#include <gtest/gtest.h>

namespace fusetrack::eval {
namespace {

// Seconds to µs (exactly, for the times used here).
Micros us(double t_s) { return static_cast<Micros>(std::llround(t_s * 1e6)); }

std::vector<Micros> times(std::initializer_list<double> t_s) {
  std::vector<Micros> out;
  for (const double t : t_s) out.push_back(us(t));
  return out;
}

DetectedSteps detections(std::initializer_list<double> t_s, double delay_s = 0.5) {
  DetectedSteps d;
  d.t_us = times(t_s);
  for (const Micros t : d.t_us) d.reported_us.push_back(t + us(delay_s));
  return d;
}

TEST(StepMetrics, MatchesWithinTheToleranceAndScoresPrecisionRecallF1) {
  // d0-t0 0.1 s: a match; d1 is 0.3 s from t1 (beyond 0.25 s); d2 is far from everything.
  StepMatching m;
  const StepScore s = score_steps(detections({1.1, 2.3, 5.0}), times({1.0, 2.0, 3.0}), &m);
  EXPECT_EQ(s.matched, 1u);
  EXPECT_EQ(m.true_of_detection, (std::vector<long>{0, -1, -1}));
  EXPECT_EQ(m.detection_of_true, (std::vector<long>{0, -1, -1}));
  EXPECT_EQ(s.true_steps, 3u);
  EXPECT_EQ(s.counted_steps, 3u);
  EXPECT_DOUBLE_EQ(s.abs_pct_error, 0.0);
  EXPECT_DOUBLE_EQ(s.accuracy_pct, 100.0);
  EXPECT_DOUBLE_EQ(s.precision, 1.0 / 3.0);
  EXPECT_DOUBLE_EQ(s.recall, 1.0 / 3.0);
  EXPECT_DOUBLE_EQ(s.f1, 2.0 / 6.0);
  EXPECT_NEAR(s.median_offset_s, 0.1, 1e-12);
  EXPECT_NEAR(s.median_delay_s, 0.5, 1e-12);
}

TEST(StepMetrics, ToleranceIsInclusiveAtExactly250000MicrosecondsAndExclusiveOneAbove) {
  const std::vector<Micros> truth = {1'000'000};
  EXPECT_EQ(match_steps({1'250'000}, truth).matched, 1u);
  EXPECT_EQ(match_steps({750'000}, truth).matched, 1u);
  EXPECT_EQ(match_steps({1'250'001}, truth).matched, 0u);
  EXPECT_EQ(match_steps({749'999}, truth).matched, 0u);
}

TEST(StepMetrics, EqualDistanceTieGoesToTheEarlierTrueStep) {
  // d = 1.2 is 0.2 s from both true steps: the earlier (1.0) takes it; 1.4 is missed.
  const StepMatching m = match_steps(times({1.2}), times({1.0, 1.4}));
  EXPECT_EQ(m.matched, 1u);
  EXPECT_EQ(m.true_of_detection, (std::vector<long>{0}));
  EXPECT_EQ(m.detection_of_true, (std::vector<long>{0, -1}));
  // The same with the true steps listed in the other order: by time, not by index.
  const StepMatching r = match_steps(times({1.2}), times({1.4, 1.0}));
  EXPECT_EQ(r.true_of_detection, (std::vector<long>{1}));
}

TEST(StepMetrics, EqualDistanceTieForOneTrueStepGoesToTheEarlierDetection) {
  const StepMatching m = match_steps(times({1.4, 1.0}), times({1.2}));
  EXPECT_EQ(m.matched, 1u);
  EXPECT_EQ(m.true_of_detection, (std::vector<long>{-1, 0}));  // 1.0 s, listed second, wins
}

TEST(StepMetrics, ClosestPairsFirstNotTheMostPairs) {
  // t = 1.0, 1.3; d = 1.2, 1.5. Pairs within 0.25 s: (1.2, 1.3) 0.1, (1.2, 1.0) 0.2,
  // (1.5, 1.3) 0.2. The closest, (1.2, 1.3), is accepted first; then 1.0's only candidate and
  // 1.5's only candidate are taken: M = 1, although a matching of two pairs exists within the
  // tolerance. The protocol is this greedy one.
  StepMatching m;
  const StepScore s = score_steps(detections({1.2, 1.5}), times({1.0, 1.3}), &m);
  EXPECT_EQ(s.matched, 1u);
  EXPECT_EQ(m.true_of_detection, (std::vector<long>{1, -1}));
  EXPECT_EQ(m.detection_of_true, (std::vector<long>{-1, 0}));
  EXPECT_DOUBLE_EQ(s.precision, 0.5);
  EXPECT_DOUBLE_EQ(s.recall, 0.5);
  EXPECT_DOUBLE_EQ(s.f1, 0.5);
  EXPECT_NEAR(s.median_offset_s, -0.1, 1e-12);
}

TEST(StepMetrics, ADetectionWhoseNearestStepIsTakenFallsBackToItsNextWithinTolerance) {
  // t = 1.0, 1.2; d = 1.05, 1.1. Sorted: (1.05, 1.0) 0.05 accepted; at 0.1 the tie (1.1, 1.0) /
  // (1.1, 1.2) tries the earlier true step first (taken), then (1.1, 1.2) is accepted. M = 2;
  // offsets +0.05 and -0.1, median -0.025.
  StepMatching m;
  const StepScore s = score_steps(detections({1.05, 1.1}), times({1.0, 1.2}), &m);
  EXPECT_EQ(s.matched, 2u);
  EXPECT_EQ(m.true_of_detection, (std::vector<long>{0, 1}));
  EXPECT_DOUBLE_EQ(s.precision, 1.0);
  EXPECT_DOUBLE_EQ(s.recall, 1.0);
  EXPECT_NEAR(s.median_offset_s, -0.025, 1e-12);
}

TEST(StepMetrics, CountingErrorIsAbsoluteAndRelativeToTheTrueCount) {
  // C = 3, N = 4: APE 25 %, accuracy 75 %; C = 5, N = 4: also 25 %.
  EXPECT_DOUBLE_EQ(score_steps(detections({1, 2, 3}), times({1, 2, 3, 4})).abs_pct_error, 25.0);
  EXPECT_DOUBLE_EQ(score_steps(detections({1, 2, 3}), times({1, 2, 3, 4})).accuracy_pct, 75.0);
  EXPECT_DOUBLE_EQ(score_steps(detections({1, 2, 3, 4, 5}), times({1, 2, 3, 4})).abs_pct_error,
                   25.0);
}

TEST(StepMetrics, NoDetectionsGivePrecisionZeroAndNoTrueStepsGiveNoRecall) {
  const StepScore none = score_steps(DetectedSteps{}, times({1.0, 2.0}));
  EXPECT_DOUBLE_EQ(none.precision, 0.0);
  EXPECT_DOUBLE_EQ(none.recall, 0.0);
  EXPECT_DOUBLE_EQ(none.f1, 0.0);
  EXPECT_DOUBLE_EQ(none.abs_pct_error, 100.0);
  EXPECT_TRUE(std::isnan(none.median_offset_s));
  EXPECT_TRUE(std::isnan(none.median_delay_s));

  const StepScore rest = score_steps(detections({1.0}), {});
  EXPECT_DOUBLE_EQ(rest.precision, 0.0);
  EXPECT_TRUE(std::isnan(rest.recall));
  EXPECT_TRUE(std::isnan(rest.abs_pct_error));
  EXPECT_DOUBLE_EQ(rest.f1, 0.0);
}

TEST(StepMetrics, MedianDelayIsReportStampMinusEstimatedLanding) {
  DetectedSteps d;
  d.t_us = times({1.0, 2.0, 3.0, 4.0});
  d.reported_us = times({1.4, 2.6, 3.5, 4.9});  // delays 0.4, 0.6, 0.5, 0.9 -> median 0.55
  EXPECT_NEAR(score_steps(d, times({1.0, 2.0, 3.0, 4.0})).median_delay_s, 0.55, 1e-12);
  d.reported_us.pop_back();
  EXPECT_THROW(score_steps(d, {}), std::invalid_argument);
}

TEST(StepMetrics, ATotalOnlyTruthScoresTheCountAndLeavesDetectionFiguresOut) {
  const StepScore s = score_step_count(detections({1, 2, 3}), 4);
  EXPECT_FALSE(s.has_step_times);
  EXPECT_DOUBLE_EQ(s.abs_pct_error, 25.0);
  EXPECT_TRUE(std::isnan(s.precision));
  EXPECT_TRUE(std::isnan(s.recall));
  EXPECT_TRUE(std::isnan(s.f1));
  EXPECT_TRUE(std::isnan(s.median_offset_s));
  EXPECT_NEAR(s.median_delay_s, 0.5, 1e-12);
}

TEST(StepMetrics, SummaryGivesMeansWorstTracesPerPositionAndThePaperSet) {
  const auto trace = [](const char* name, const char* position, bool paper, StepScore s) {
    StepTraceScore t;
    t.name = name;
    t.position = position;
    t.in_paper_set = paper;
    t.score = s;
    t.delays_s.assign(s.counted_steps, static_cast<double>(s.counted_steps) * 0.1);
    return t;
  };
  // a: C 3 / N 4 (APE 25), P 1, R 0.75; b: C 4 / N 4 (APE 0), P 0.5, R 0.5; c: total only,
  // C 2 / N 4 (APE 50).
  const StepScore a = score_steps(detections({1, 2, 3}), times({1, 2, 3, 4}));
  const StepScore b = score_steps(detections({1, 2, 13, 14}), times({1, 2, 3, 4}));
  const StepScore c = score_step_count(detections({1, 2}), 4);
  const StepSummary s = summarize_steps(
      {trace("a", "hand", true, a), trace("b", "bag", false, b), trace("c", "hand", true, c)});
  EXPECT_EQ(s.all.n_traces, 3u);
  EXPECT_EQ(s.all.n_with_times, 2u);
  EXPECT_DOUBLE_EQ(s.all.abs_pct_error, 25.0);  // (25 + 0 + 50) / 3
  EXPECT_DOUBLE_EQ(s.all.precision, 0.75);      // (1 + 0.5) / 2: c left out
  EXPECT_DOUBLE_EQ(s.all.recall, 0.625);        // (0.75 + 0.5) / 2
  EXPECT_EQ(s.max_abs_pct_error.trace, "c");
  EXPECT_DOUBLE_EQ(s.max_abs_pct_error.value, 50.0);
  EXPECT_EQ(s.min_precision.trace, "b");
  EXPECT_EQ(s.min_recall.trace, "b");
  ASSERT_EQ(s.per_position.size(), 2u);
  EXPECT_EQ(s.per_position[0].first, "bag");  // ascending
  EXPECT_EQ(s.per_position[1].first, "hand");
  EXPECT_DOUBLE_EQ(s.per_position[1].second.abs_pct_error, 37.5);
  EXPECT_DOUBLE_EQ(s.per_position[1].second.precision, 1.0);
  EXPECT_EQ(s.paper_set.n_traces, 2u);
  EXPECT_DOUBLE_EQ(s.paper_set.accuracy_pct, 62.5);  // (75 + 50) / 2
  // Pooled delays: 3 x 0.3, 4 x 0.4, 2 x 0.2 -> the 5th of 9 sorted is 0.3.
  EXPECT_NEAR(s.median_delay_s, 0.3, 1e-12);
  EXPECT_EQ(s.counted_steps, 9u);
  EXPECT_EQ(s.true_steps, 12u);
}

TEST(StepMetrics, MedianOfAnEvenCountIsTheMeanOfTheMiddleTwo) {
  std::vector<double> v = {4.0, 1.0, 3.0, 2.0};
  EXPECT_DOUBLE_EQ(median(v), 2.5);
  std::vector<double> empty;
  EXPECT_TRUE(std::isnan(median(empty)));
}

}  // namespace
}  // namespace fusetrack::eval
