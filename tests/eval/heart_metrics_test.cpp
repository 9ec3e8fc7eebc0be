// The heart-rate metrics of the spc2015 README's protocol, on hand-computed cases.
#include "eval/heart_metrics.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

#include <gtest/gtest.h>

namespace fusetrack::eval {
namespace {

TEST(HeartMetrics, MaeWithin5AvreAndSdaeOfAHandComputedRecording) {
  // AE = 0, 4, 5, 10 against a flat 100 BPM: MAE 19 / 4; within 5: three of four (5.0 counts);
  // avRE (0 + 4 + 5 + 10) / 100 / 4 x 100 = 4.75 %; sdAE sqrt(50.75 / 4) (deviations -4.75,
  // -0.75, 0.25, 5.25 from the mean).
  const HeartScore s = score_heart_rate({100.0, 104.0, 95.0, 110.0}, {100.0, 100.0, 100.0, 100.0});
  EXPECT_EQ(s.windows, 4u);
  EXPECT_DOUBLE_EQ(s.mae_bpm, 4.75);
  EXPECT_DOUBLE_EQ(s.within_5_bpm, 0.75);
  EXPECT_DOUBLE_EQ(s.avre_pct, 4.75);
  EXPECT_NEAR(s.sdae_bpm, std::sqrt(50.75 / 4.0), 1e-12);
  EXPECT_DOUBLE_EQ(s.max_ae_bpm, 10.0);
}

TEST(HeartMetrics, Within5IncludesExactly5BpmAndExcludesAnythingAbove) {
  EXPECT_DOUBLE_EQ(score_heart_rate({105.0}, {100.0}).within_5_bpm, 1.0);
  EXPECT_DOUBLE_EQ(score_heart_rate({95.0}, {100.0}).within_5_bpm, 1.0);
  EXPECT_DOUBLE_EQ(score_heart_rate({105.001}, {100.0}).within_5_bpm, 0.0);
  EXPECT_DOUBLE_EQ(score_heart_rate({94.999}, {100.0}).within_5_bpm, 0.0);
}

TEST(HeartMetrics, RelativeErrorIsOverTheReferenceNotTheEstimate) {
  // 50 BPM off a 100 BPM reference is 50 % either way; over the estimate it would be 33 % / 100 %.
  EXPECT_DOUBLE_EQ(score_heart_rate({150.0}, {100.0}).avre_pct, 50.0);
  EXPECT_DOUBLE_EQ(score_heart_rate({50.0}, {100.0}).avre_pct, 50.0);
  // Windows of different references: (10 / 50 + 10 / 200) / 2 = 12.5 %.
  EXPECT_DOUBLE_EQ(score_heart_rate({60.0, 190.0}, {50.0, 200.0}).avre_pct, 12.5);
}

TEST(HeartMetrics, ErrorsAreAbsoluteSoOverAndUnderestimatesDoNotCancel) {
  const HeartScore s = score_heart_rate({90.0, 110.0}, {100.0, 100.0});
  EXPECT_DOUBLE_EQ(s.mae_bpm, 10.0);
  EXPECT_DOUBLE_EQ(s.sdae_bpm, 0.0);
}

TEST(HeartMetrics, MismatchedLengthsAndValuesThatAreNotRatesAreRefusedNamingTheWindow) {
  EXPECT_THROW(score_heart_rate({100.0}, {100.0, 101.0}), std::invalid_argument);
  const double nan = std::numeric_limits<double>::quiet_NaN();
  try {
    score_heart_rate({100.0, nan}, {100.0, 100.0});
    ADD_FAILURE() << "a NaN estimate was scored";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("window 1"), std::string::npos) << e.what();
  }
  EXPECT_THROW(score_heart_rate({100.0}, {0.0}), std::invalid_argument);
  EXPECT_THROW(score_heart_rate({100.0}, {-80.0}), std::invalid_argument);
  EXPECT_THROW(score_heart_rate({100.0}, {std::numeric_limits<double>::infinity()}),
               std::invalid_argument);
}

TEST(HeartMetrics, NoWindowsGiveNaNFigures) {
  const HeartScore s = score_heart_rate({}, {});
  EXPECT_EQ(s.windows, 0u);
  EXPECT_TRUE(std::isnan(s.mae_bpm));
  EXPECT_TRUE(std::isnan(s.within_5_bpm));
  EXPECT_TRUE(std::isnan(s.avre_pct));
}

TEST(HeartMetrics, GroupsAreRec01ToRec12AndRec13ByName) {
  EXPECT_EQ(spc2015_group("rec01"), HeartGroup::kTreadmill);
  EXPECT_EQ(spc2015_group("rec12"), HeartGroup::kTreadmill);
  EXPECT_EQ(spc2015_group("rec13"), HeartGroup::kArms);
  EXPECT_EQ(spc2015_group("rec00"), HeartGroup::kOther);
  EXPECT_EQ(spc2015_group("rec14"), HeartGroup::kOther);
  EXPECT_EQ(spc2015_group("rec1"), HeartGroup::kOther);
  EXPECT_EQ(spc2015_group("rec013"), HeartGroup::kOther);
  EXPECT_EQ(spc2015_group("Rec01"), HeartGroup::kOther);
}

TEST(HeartMetrics, SummaryIsTheUnweightedMeanPerGroupNotPooledOverWindows) {
  // rec01: 4 windows, MAE 4.75; rec02: 1 window, MAE 1 (pooled over windows it would be 4.0);
  // rec13: MAE 20; "extra": only in the mean over all.
  const HeartScore a = score_heart_rate({100.0, 104.0, 95.0, 110.0}, {100.0, 100.0, 100.0, 100.0});
  const HeartScore b = score_heart_rate({101.0}, {100.0});
  const HeartScore c = score_heart_rate({120.0, 80.0}, {100.0, 100.0});
  const HeartScore d = score_heart_rate({100.0}, {100.0});
  const HeartSummary s =
      summarize_heart_rate({{"rec13", c}, {"rec01", a}, {"extra", d}, {"rec02", b}});
  EXPECT_EQ(s.treadmill.recordings, 2u);
  EXPECT_DOUBLE_EQ(s.treadmill.mae_bpm, (4.75 + 1.0) / 2.0);
  EXPECT_DOUBLE_EQ(s.treadmill.within_5_bpm, (0.75 + 1.0) / 2.0);
  EXPECT_EQ(s.arms.recordings, 1u);
  EXPECT_DOUBLE_EQ(s.arms.mae_bpm, 20.0);
  EXPECT_DOUBLE_EQ(s.arms.within_5_bpm, 0.0);
  EXPECT_EQ(s.all.recordings, 4u);
  EXPECT_DOUBLE_EQ(s.all.mae_bpm, (4.75 + 1.0 + 20.0 + 0.0) / 4.0);
  EXPECT_DOUBLE_EQ(s.all.within_5_bpm, (0.75 + 1.0 + 0.0 + 1.0) / 4.0);
}

TEST(HeartMetrics, AGroupWithoutRecordingsIsNaNAndARecordingWithoutWindowsIsLeftOut) {
  const HeartSummary s = summarize_heart_rate(
      {{"rec01", score_heart_rate({103.0}, {100.0})}, {"rec02", score_heart_rate({}, {})}});
  EXPECT_EQ(s.arms.recordings, 0u);
  EXPECT_TRUE(std::isnan(s.arms.mae_bpm));
  EXPECT_TRUE(std::isnan(s.arms.within_5_bpm));
  EXPECT_EQ(s.treadmill.recordings, 2u);
  EXPECT_DOUBLE_EQ(s.treadmill.mae_bpm, 3.0);
}

}  // namespace
}  // namespace fusetrack::eval
