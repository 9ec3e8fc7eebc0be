// Classification scores against a confusion matrix computed by hand: accuracy, precision,
// recall, F1, macro-F1 (classes without support left out), per-subject accuracy and its spread,
// the JSON keys and the text table.
#include "eval/classification_metrics.hpp"

#include <cmath>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace fusetrack::eval {
namespace {

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// Classes A B C, and D that is neither true nor predicted anywhere; subjects s1 s2 s3, and s4
// without windows. Per window (truth, predicted):
//   s1: (A,A) (A,A) (A,B) (B,B) (C,C)   4 of 5 correct
//   s2: (A,A) (B,B) (B,C) (C,B) (C,C)   3 of 5
//   s3: (B,B) (C,C)                     2 of 2
// Confusion (rows truth): A [3 1 0 0], B [0 3 1 0], C [0 1 3 0], D [0 0 0 0]; column sums 3 5 4 0.
struct HandMade {
  std::vector<std::string> classes = {"A", "B", "C", "D"};
  std::vector<std::string> subjects = {"s1", "s2", "s3", "s4"};
  std::vector<int> truth = {0, 0, 0, 1, 2, 0, 1, 1, 2, 2, 1, 2};
  std::vector<int> predicted = {0, 0, 1, 1, 2, 0, 1, 2, 1, 2, 1, 2};
  std::vector<std::size_t> subject = {0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 2};
  ClassificationReport score() const {
    return score_classification(classes, subjects, truth, predicted, subject);
  }
};

TEST(ClassificationMetrics, ScoresAHandComputedConfusion) {
  const ClassificationReport r = HandMade().score();
  EXPECT_EQ(r.confusion, (std::vector<std::vector<std::size_t>>{
                             {3, 1, 0, 0}, {0, 3, 1, 0}, {0, 1, 3, 0}, {0, 0, 0, 0}}));
  EXPECT_EQ(r.windows, 12u);
  EXPECT_DOUBLE_EQ(r.accuracy, 9.0 / 12.0);
  ASSERT_EQ(r.per_class.size(), 4u);
  // A: P = 3/3, R = 3/4; B: P = 3/5, R = 3/4; C: P = 3/4, R = 3/4.
  EXPECT_DOUBLE_EQ(r.per_class[0].precision, 1.0);
  EXPECT_DOUBLE_EQ(r.per_class[0].recall, 0.75);
  EXPECT_DOUBLE_EQ(r.per_class[0].f1, 2.0 * 0.75 / 1.75);
  EXPECT_DOUBLE_EQ(r.per_class[1].precision, 0.6);
  EXPECT_DOUBLE_EQ(r.per_class[1].f1, 2.0 * 0.6 * 0.75 / 1.35);
  EXPECT_DOUBLE_EQ(r.per_class[2].f1, 0.75);
  EXPECT_EQ(r.per_class[2].support, 4u);
  // D: no support and no predictions: 0 everywhere, and left out of macro-F1.
  EXPECT_EQ(r.per_class[3].name, "D");
  EXPECT_EQ(r.per_class[3].support, 0u);
  EXPECT_EQ(r.per_class[3].precision, 0.0);
  EXPECT_EQ(r.per_class[3].recall, 0.0);
  EXPECT_EQ(r.per_class[3].f1, 0.0);
  EXPECT_NEAR(r.macro_f1, (6.0 / 7.0 + 2.0 / 3.0 + 0.75) / 3.0, 1e-15);
}

TEST(ClassificationMetrics, PerSubjectAccuracyHasSampleSdMedianAndMinOverSubjectsWithWindows) {
  const ClassificationReport r = HandMade().score();
  ASSERT_EQ(r.per_subject.size(), 3u);  // s4 has no windows
  EXPECT_EQ(r.per_subject[1].subject, "s2");
  EXPECT_EQ(r.per_subject[1].windows, 5u);
  EXPECT_DOUBLE_EQ(r.per_subject[0].accuracy, 0.8);
  EXPECT_DOUBLE_EQ(r.per_subject[1].accuracy, 0.6);
  EXPECT_DOUBLE_EQ(r.per_subject[2].accuracy, 1.0);
  // Mean 0.8; deviations 0, -0.2, +0.2: sample s.d. sqrt(0.08 / 2) = 0.2.
  EXPECT_NEAR(r.subject_mean, 0.8, 1e-15);
  EXPECT_NEAR(r.subject_sd, 0.2, 1e-15);
  EXPECT_DOUBLE_EQ(r.subject_median, 0.8);
  EXPECT_DOUBLE_EQ(r.subject_min, 0.6);
}

TEST(ClassificationMetrics, AClassPredictedButNeverTrueHasF1ZeroAndIsLeftOutOfMacroF1) {
  // Truth A A B B, predicted A C B B: C has one prediction and no support.
  const ClassificationReport r =
      score_classification({"A", "B", "C"}, {"s"}, {0, 0, 1, 1}, {0, 2, 1, 1}, {0, 0, 0, 0});
  EXPECT_EQ(r.per_class[2].precision, 0.0);
  EXPECT_EQ(r.per_class[2].f1, 0.0);
  // A: P 1, R 0.5, F1 2/3; B: F1 1. Macro over A and B only.
  EXPECT_NEAR(r.macro_f1, (2.0 / 3.0 + 1.0) / 2.0, 1e-15);
  // One subject: no sample s.d.
  EXPECT_TRUE(std::isnan(r.subject_sd));
  EXPECT_DOUBLE_EQ(r.subject_median, 0.75);
}

TEST(ClassificationMetrics, JsonHasTheStableKeysInOrderWithNullForNaN) {
  const report::Json j = to_json(HandMade().score());
  std::vector<std::string> keys;
  for (const auto& item : j.items()) keys.push_back(item.key());
  EXPECT_EQ(keys, (std::vector<std::string>{"accuracy", "macro_f1", "per_class", "confusion",
                                            "windows", "per_subject", "subject_accuracy"}));
  EXPECT_DOUBLE_EQ(j["accuracy"].get<double>(), 0.75);
  EXPECT_EQ(j["per_class"][1]["name"], "B");
  EXPECT_DOUBLE_EQ(j["per_class"][1]["precision"].get<double>(), 0.6);
  EXPECT_EQ(j["per_class"][1]["support"], 4);
  std::vector<std::string> class_keys;
  for (const auto& item : j["per_class"][0].items()) class_keys.push_back(item.key());
  EXPECT_EQ(class_keys, (std::vector<std::string>{"name", "f1", "precision", "recall", "support"}));
  EXPECT_EQ(j["confusion"][2][1], 1);
  EXPECT_EQ(j["windows"], 12);
  EXPECT_EQ(j["per_subject"][2]["subject"], "s3");
  EXPECT_EQ(j["per_subject"][2]["windows"], 2);
  EXPECT_DOUBLE_EQ(j["subject_accuracy"]["sd"].get<double>(), 0.2);
  EXPECT_DOUBLE_EQ(j["subject_accuracy"]["min"].get<double>(), 0.6);
  const report::Json one = to_json(score_classification({"A"}, {"s"}, {0}, {0}, {0}));
  EXPECT_TRUE(one["subject_accuracy"]["sd"].is_null());
}

TEST(ClassificationMetrics, TextReportShowsEveryFigureAndANumberedConfusionMatrix) {
  const std::string text = format_report(HandMade().score());
  EXPECT_TRUE(contains(text, "accuracy   0.7500  (9 of 12 windows)")) << text;
  EXPECT_TRUE(contains(text, "macro-F1   0.7579")) << text;
  EXPECT_TRUE(contains(text, "0.800 \u00b1 0.200  (median 0.800, min 0.600 for s2) over 3"))
      << text;
  EXPECT_TRUE(contains(text, "B          0.600   0.750   0.667        4")) << text;
  EXPECT_TRUE(contains(text, "      0 1 2 3\n0 A     3 1 0 0\n")) << text;
  EXPECT_TRUE(contains(text, "\n3 D     0 0 0 0\n")) << text;
}

TEST(ClassificationMetrics, MismatchedLengthsOrIndicesOutOfRangeAreRejected) {
  EXPECT_THROW(score_classification({"A", "B"}, {"s"}, {0, 1}, {0}, {0, 0}), std::invalid_argument);
  EXPECT_THROW(score_classification({"A", "B"}, {"s"}, {0, 2}, {0, 1}, {0, 0}),
               std::invalid_argument);
  EXPECT_THROW(score_classification({"A", "B"}, {"s"}, {0, 1}, {0, -1}, {0, 0}),
               std::invalid_argument);
  EXPECT_THROW(score_classification({"A", "B"}, {"s"}, {0, 1}, {0, 1}, {0, 1}),
               std::invalid_argument);
}

}  // namespace
}  // namespace fusetrack::eval
