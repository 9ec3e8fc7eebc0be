// The shipped activity models, on the datasets they were trained on, when those folders exist
// (skipped with a message otherwise): `fusetrack train` regenerates each model header byte for
// byte from the same data and seed, and each model's leave-one-subject-out figure stays within
// 5 points of the target (or, where the model misses its target by more than that, does
// not fall below the figure it was shipped with; those are named below). About 40 s in Release
// for all five; left out of the sanitizer pass (.ci/run), where the trainer is covered by the
// mlp tests.
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "train/activity_training.hpp"

namespace fusetrack::train {
namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// "YYYY-MM-DD" of the header's "// Trained YYYY-MM-DD, seed ..." line.
std::string trained_date(const std::string& header) {
  const std::size_t at = header.find("// Trained ");
  return at == std::string::npos ? std::string() : header.substr(at + 11, 10);
}

struct Target {
  const char* model;
  double accuracy;  // the target (0: none)
  double macro_f1;  // the target (0: none)
  // The shipped model's own figure, the floor where the target is missed by more than 5 points.
  double shipped_floor;
};

void check_model(const Target& target) {
  const ActivityModelSpec& spec = activity_model_spec(target.model);
  const std::string dir = (std::filesystem::path(FUSETRACK_DATASETS_DIR) / spec.dataset).string();
  if (!std::filesystem::is_directory(dir)) {
    GTEST_SKIP() << "dataset folder " << dir << " not found: " << spec.id << " not checked";
  }
  const HarDataset data = load_for(spec, dir, 2);
  const FeatureTable table = extract_features(data, front_end_for(spec), 2);
  const CvResult cv = cross_validate(table, spec.mlp, 2);
  TrainedModel model = train_final(spec, table);

  const std::string shipped_path =
      (std::filesystem::path(FUSETRACK_MODELS_DIR) / spec.header).string();
  const std::string shipped = read_file(shipped_path);
  ASSERT_FALSE(shipped.empty()) << shipped_path;
  const std::string regenerated = model_header(spec, model, table, cv, trained_date(shipped));
  EXPECT_TRUE(regenerated == shipped)
      << spec.header << " is not what `fusetrack train --model " << spec.id
      << "` makes from this data: regenerate it (README, Activity recognition)";

  EXPECT_GE(cv.agreement, 0.99) << "identical float / integer decisions";
  EXPECT_LE(std::fabs(cv.report.accuracy - cv.float_report.accuracy), 0.005);
  const double floor_acc = target.accuracy > 0.0 ? target.accuracy - 0.05 : 0.0;
  const double floor_f1 = target.macro_f1 > 0.0 ? target.macro_f1 - 0.05 : 0.0;
  if (target.shipped_floor > 0.0) {
    // Missed by more than 5 points: guard the shipped figure instead (within 1 point).
    const double measured = target.macro_f1 > 0.0 ? cv.report.macro_f1 : cv.report.accuracy;
    EXPECT_GE(measured, target.shipped_floor - 0.01) << spec.id;
  } else {
    EXPECT_GE(cv.report.accuracy, floor_acc) << spec.id;
    EXPECT_GE(cv.report.macro_f1, floor_f1) << spec.id;
  }
}

TEST(ActivityModelsReal, WristDailyIsReproducibleAndNear093Accuracy090MacroF1) {
  check_model({"wrist-daily", 0.93, 0.90, 0.0});
}
TEST(ActivityModelsReal, WristDailyAccIsReproducibleAndNear093Accuracy090MacroF1) {
  // No target of its own: the wrist daily model's, without a gyroscope.
  check_model({"wrist-daily-acc", 0.93, 0.90, 0.0});
}
TEST(ActivityModelsReal, WristActivitiesIsReproducibleAndGuardsItsMacroF1) {
  // Target macro-F1 0.82; shipped at 0.766 (the README's random forest: 0.755).
  check_model({"wrist-activities", 0.0, 0.82, 0.766});
}
TEST(ActivityModelsReal, PocketPhoneIsReproducibleAndNear090Accuracy) {
  check_model({"pocket-phone", 0.90, 0.0, 0.0});
}
TEST(ActivityModelsReal, WatchTugIsReproducibleAndGuardsItsAccuracy) {
  // Target 0.90; shipped at 0.848 (the README's CNN on 23 subjects: 0.867).
  check_model({"watch-tug", 0.90, 0.0, 0.848});
}
TEST(ActivityModelsReal, WaistPhoneIsReproducibleAndNear095Accuracy) {
  check_model({"waist-phone", 0.95, 0.0, 0.0});
}

}  // namespace
}  // namespace fusetrack::train
