// The falls evaluation: the loader on hand-made folders (layout, errors with file, line and
// column), the protocol's counting (repeat rule, per-trial decision, pooled and per-subject
// figures), leave-one-subject-out folds that never train on the scored subject, thread
// invariance, and on the real folder (when it exists) the issue's floor of 0.90 for the
// cross-validated sensitivity and specificity.
#include "eval/falls_eval.hpp"

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <mutex>
#include <random>
#include <set>
#include <string>

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "../cli/run_cli.hpp"
#include "../io/io_test_util.hpp"
#include "eval/falls_dataset.hpp"
#include "step_test_data.hpp"

namespace fusetrack::eval {
namespace {

using io::testing::TempDir;
using io::testing::write_text;
using testing::error_of;

constexpr const char* kHeader =
    "name,subject,age,age_group,gender,activity_code,activity,activity_description,is_fall,"
    "position,rate_hz,n_samples,duration_s,fall_time_s,mag_valid,source_file\n";
constexpr const char* kTrialHeader =
    "t_s,acc_x_m_s2,acc_y_m_s2,acc_z_m_s2,gyr_x_rad_s,gyr_y_rad_s,gyr_z_rad_s,mag_x_uT,mag_y_uT,"
    "mag_z_uT\n";

std::string index_row(const std::string& name, const std::string& subject, const std::string& code,
                      bool fall, double duration_s, const std::string& age_group = "adult_18_49") {
  char row[512];
  std::snprintf(row, sizeof row, "%s,%s,30,%s,F,%s,x,\"a, b\",%d,wrist,20,0,%.2f,,1,f.csv\n",
                name.c_str(), subject.c_str(), age_group.c_str(), code.c_str(), fall ? 1 : 0,
                duration_s);
  return row;
}

// 20 Hz with jitter, 16 s. A fall at 8 s: a 0.4 s dip to 0.3 g, an impact of peak_g, then lying
// still with gravity along x. A daily activity: the same without the fall, a 2 Hz arm swing of
// 0.3 g, and (bumps) a few 3 g knocks without a change of attitude.
std::string trial_text(bool fall, unsigned seed, double peak_g = 6.0, bool bumps = false) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> noise(0.0, 0.05);
  std::uniform_real_distribution<double> jitter(-0.01, 0.01);
  const double g = 9.80665;
  std::string out = kTrialHeader;
  for (int i = 0; i < 320; ++i) {
    const double t = 0.05 * i + 0.02 + jitter(rng);
    double ax = 0.0, ay = 0.0, az = g;
    if (fall) {
      const double d = t - 8.0;
      if (d >= -0.4 && d < 0.0) {
        az = 0.3 * g;
      } else if (d >= 0.0 && d < 0.1) {
        ax = peak_g * g;
        az = 0.0;
      } else if (d >= 0.1) {
        ax = g;
        az = 0.0;
      }
    } else {
      ay = 0.3 * g * std::sin(12.566 * t);
      if (bumps && std::fmod(t, 3.0) < 0.05) az = 3.0 * g;
    }
    char row[256];
    std::snprintf(row, sizeof row, "%.3f,%.4f,%.4f,%.4f,0.01,0.02,0.03,0,0,0\n", t, ax + noise(rng),
                  ay + noise(rng), az + noise(rng));
    out += row;
  }
  return out;
}

// A folder of `subjects` subjects with 4 falls and 6 daily activities each.
void write_folder(const TempDir& dir, int subjects) {
  std::filesystem::create_directories(dir.file("trials"));
  std::string index = kHeader;
  unsigned seed = 1;
  for (int s = 1; s <= subjects; ++s) {
    char subject[8];
    std::snprintf(subject, sizeof subject, "S%02d", s);
    for (int r = 1; r <= 10; ++r) {
      const bool fall = r <= 4;
      char name[32];
      std::snprintf(name, sizeof name, "%s_%s_R%02d", subject, fall ? "F01" : "D08", r);
      index += index_row(name, subject, fall ? "F01" : "D08", fall, 15.95,
                         s == subjects ? "older_50plus" : "adult_18_49");
      write_text(dir.file(std::string("trials/") + name + ".csv"),
                 trial_text(fall, seed++, 4.0 + r, r > 7));
    }
  }
  write_text(dir.file("trials.csv"), index);
}

TEST(FallsProtocol, AnAlarmWithinFiveSecondsOfTheLastCountedOneIsNotCountedAgain) {
  EXPECT_EQ(counted_alarms({}), 0u);
  EXPECT_EQ(counted_alarms({1'000'000}), 1u);
  // 1 s counted; 4 s is 3 s after it (not counted); 6 s is 5 s after the counted one (counted,
  // although only 2 s after the uncounted one); 10.9 s is 4.9 s after 6 s (not counted).
  EXPECT_EQ(counted_alarms({1'000'000, 4'000'000, 6'000'000, 10'900'000}), 2u);
  EXPECT_EQ(counted_alarms({0, 5'000'000, 10'000'000}), 3u);
}

TEST(FallsProtocol, CountsGiveTheRatesAndNaNWithoutTrials) {
  FallsCounts c;
  EXPECT_TRUE(std::isnan(c.sensitivity()));
  EXPECT_TRUE(std::isnan(c.false_alarms_per_hour()));
  c.tp = 9;
  c.fn = 1;
  c.fp = 2;
  c.tn = 8;
  c.adl_alarms = 3;
  c.adl_duration_s = 1800.0;
  EXPECT_DOUBLE_EQ(c.sensitivity(), 0.9);
  EXPECT_DOUBLE_EQ(c.specificity(), 0.8);
  EXPECT_DOUBLE_EQ(c.geometric_mean(), std::sqrt(0.72));
  EXPECT_DOUBLE_EQ(c.false_alarms_per_hour(), 6.0);
}

TEST(FallsLoader, ReadsTheIndexAndTrialsWithRepeatedStampsAndTheEightGFullScale) {
  const TempDir dir;
  std::filesystem::create_directories(dir.file("trials"));
  write_text(dir.file("trials.csv"),
             std::string(kHeader) + index_row("S01_F01_R01", "S01", "F01", true, 0.1));
  write_text(dir.file("trials/S01_F01_R01.csv"),
             std::string(kTrialHeader) +
                 "0.002,1,2,3,4,5,6,0,0,0\n0.002,1,2,3,4,5,6,0,0,0\n"
                 "0.0525,0,0,9.81,0,0,0,0,0,0\n");
  const FallsDataset d = load_falls_dataset(dir.file(""));
  ASSERT_EQ(d.trials.size(), 1u);
  const train::FallTrial& t = d.trials[0];
  EXPECT_EQ(t.subject, "S01");
  EXPECT_EQ(t.activity_code, "F01");
  EXPECT_EQ(t.age_group, "adult_18_49");
  EXPECT_TRUE(t.is_fall);
  EXPECT_FLOAT_EQ(t.acc_full_scale_m_s2, 8.0f * kGravity_m_s2);
  ASSERT_EQ(t.samples.size(), 3u);
  EXPECT_EQ(t.samples[0].t_us, 2000);
  EXPECT_EQ(t.samples[1].t_us, 2000);
  EXPECT_EQ(t.samples[2].t_us, 52500);
  EXPECT_FLOAT_EQ(t.samples[0].gyr_rad_s.z(), 6.0f);
  EXPECT_EQ(d.subjects, (std::vector<std::string>{"S01"}));
}

TEST(FallsLoader, ErrorsNameTheFileLineAndColumn) {
  const TempDir dir;
  std::filesystem::create_directories(dir.file("trials"));
  const std::string good =
      std::string(kTrialHeader) + "0.1,0,0,9.8,0,0,0,0,0,0\n0.2,0,0,9.8,0,0,0,0,0,0\n";
  write_text(dir.file("trials/S01_D01_R01.csv"), good);

  write_text(dir.file("trials.csv"),
             std::string(kHeader) + index_row("S01_D01_R01", "S01", "F01", false, 0.1));
  std::string e = error_of([&] { load_falls_dataset(dir.file("")); });
  EXPECT_NE(e.find("trials.csv:2:"), std::string::npos) << e;
  EXPECT_NE(e.find("starting with 'D'"), std::string::npos) << e;

  write_text(
      dir.file("trials.csv"),
      std::string(kHeader) + "S01_D01_R01,S01,30,adult_18_49,F,D01,x,y,2,wrist,20,0,1,,1,f\n");
  e = error_of([&] { load_falls_dataset(dir.file("")); });
  EXPECT_NE(e.find("0 or 1 for column 'is_fall'"), std::string::npos) << e;

  write_text(dir.file("trials.csv"),
             std::string(kHeader) + index_row("S01_D01_R01", "S01", "D01", false, 0.1));
  write_text(dir.file("trials/S01_D01_R01.csv"),
             std::string(kTrialHeader) + "0.2,0,0,9.8,0,0,0,0,0,0\n0.1,0,0,9.8,0,0,0,0,0,0\n");
  e = error_of([&] { load_falls_dataset(dir.file("")); });
  EXPECT_NE(e.find("S01_D01_R01.csv:3:1: expected t_s at least the previous row's"),
            std::string::npos)
      << e;

  write_text(dir.file("trials/S01_D01_R01.csv"),
             std::string(kTrialHeader) + "0.1,0,zero,9.8,0,0,0,0,0,0\n");
  e = error_of([&] { load_falls_dataset(dir.file("")); });
  EXPECT_NE(e.find("S01_D01_R01.csv:2:"), std::string::npos) << e;
  EXPECT_NE(e.find("acc_y_m_s2"), std::string::npos) << e;

  std::filesystem::remove(dir.file("trials/S01_D01_R01.csv"));
  e = error_of([&] { load_falls_dataset(dir.file("")); });
  EXPECT_NE(e.find("S01_D01_R01.csv"), std::string::npos) << e;
}

TEST(FallsEvaluation, FixedModeScoresEveryTrialOnceAndSumsTheCounts) {
  const TempDir dir;
  write_folder(dir, 3);
  const FallsDataset d = load_falls_dataset(dir.file(""));
  FallsEvalOptions o;
  o.show_progress = false;
  const FallsReport r = evaluate_falls(d, o);
  EXPECT_FALSE(r.cross_validated);
  EXPECT_EQ(r.pooled.falls(), 12u);
  EXPECT_EQ(r.pooled.adls(), 18u);
  EXPECT_NEAR(r.pooled.adl_duration_s, 18 * 15.95, 1e-9);
  ASSERT_EQ(r.per_subject.size(), 3u);
  std::size_t fp = 0;
  for (const FallsGroup& g : r.per_subject) {
    EXPECT_EQ(g.counts.falls(), 4u);
    fp += g.counts.fp;
  }
  EXPECT_EQ(fp, r.pooled.fp);
  EXPECT_EQ(r.older_subjects, 1u);
  EXPECT_EQ(r.older.falls(), 4u);
  ASSERT_EQ(r.per_activity.size(), 2u);
  EXPECT_EQ(r.per_activity[0].name, "D08");
  EXPECT_EQ(r.per_activity[1].name, "F01");
  for (std::size_t i = 0; i < d.trials.size(); ++i) {
    EXPECT_EQ(r.trials[i].positive, r.trials[i].alarms > 0) << d.trials[i].name;
  }
  const report::Json j = to_json(r, d);
  for (const char* key : {"sensitivity", "specificity", "false_alarms_per_hour", "per_activity",
                          "per_subject", "geometric_mean", "counts", "mean_subject_sensitivity"}) {
    EXPECT_TRUE(j.contains(key)) << key;
  }
  EXPECT_NE(format_falls(r, d).find("per-subject means"), std::string::npos);
}

TEST(FallsEvaluation, CrossValidationNeverTrainsOnTheScoredSubjectAndIgnoresThreads) {
  const TempDir dir;
  write_folder(dir, 4);
  const FallsDataset d = load_falls_dataset(dir.file(""));
  std::mutex m;
  std::set<std::string> trained_without;
  FallsEvalOptions o;
  o.show_progress = false;
  o.cross_validate = true;
  o.fit = [&](const std::vector<const train::FallTrial*>& tr, const falls::FallSettings& s) {
    std::set<std::string> subjects;
    for (const train::FallTrial* t : tr) subjects.insert(t->subject);
    EXPECT_EQ(subjects.size(), 3u);
    {
      const std::lock_guard<std::mutex> lock(m);
      for (const std::string& all : d.subjects) {
        if (subjects.count(all) == 0) trained_without.insert(all);
      }
    }
    return train::fit_fall_model(tr, s);
  };
  o.threads = 1;
  const FallsReport one = evaluate_falls(d, o);
  o.threads = 3;
  const FallsReport three = evaluate_falls(d, o);
  EXPECT_EQ(trained_without.size(), 4u);  // each subject was left out of one fit
  ASSERT_EQ(one.folds.size(), 4u);
  EXPECT_EQ(one.folds[2].subject, "S03");
  EXPECT_EQ(report::json_text(to_json(one, d)), report::json_text(to_json(three, d)));
  EXPECT_EQ(one.pooled.falls() + one.pooled.adls(), d.trials.size());
  // The synthetic falls and arm swings are easy: the fitted folds must separate them.
  EXPECT_GE(one.pooled.sensitivity(), 0.9);
  EXPECT_GE(one.pooled.specificity(), 0.9);
}

TEST(FallsEvaluation, CrossValidationNeedsTwoSubjects) {
  const TempDir dir;
  write_folder(dir, 1);
  FallsEvalOptions o;
  o.cross_validate = true;
  o.show_progress = false;
  const std::string e = error_of([&] { evaluate_falls(load_falls_dataset(dir.file("")), o); });
  EXPECT_NE(e.find("at least two subjects"), std::string::npos) << e;
}

TEST(FallsCli, JsonHasTheIssuesKeysAndTheSvgsAreWritten) {
  const TempDir dir;
  write_folder(dir, 3);
  const std::string svg = dir.file("svg");
  const fusetrack::testing::CliResult r =
      fusetrack::testing::run_cli("eval falls --cv subjects --json --threads 2 --data '" +
                                      dir.file("") + "' --svg '" + svg + "'",
                                  false);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const nlohmann::json j = nlohmann::json::parse(r.output);
  for (const char* key : {"sensitivity", "specificity", "false_alarms_per_hour", "per_activity",
                          "per_subject", "folds", "older_50plus"}) {
    EXPECT_TRUE(j.contains(key)) << key;
  }
  EXPECT_EQ(j.at("mode"), "leave-one-subject-out");
  EXPECT_EQ(j.at("per_subject").size(), 3u);
  EXPECT_EQ(j.at("folds").size(), 3u);
  EXPECT_TRUE(std::filesystem::exists(svg + "/falls_per_activity.svg"));
  EXPECT_TRUE(std::filesystem::exists(svg + "/falls_per_subject.svg"));

  const fusetrack::testing::CliResult text =
      fusetrack::testing::run_cli("eval falls --data '" + dir.file("") + "'");
  ASSERT_EQ(text.exit_code, 0) << text.output;
  EXPECT_NE(text.output.find("fixed: sensitivity"), std::string::npos) << text.output;

  const fusetrack::testing::CliResult missing =
      fusetrack::testing::run_cli("eval falls --data '" + dir.file("absent") + "'");
  EXPECT_NE(missing.exit_code, 0);
  EXPECT_NE(missing.output.find("trials.csv"), std::string::npos) << missing.output;
}

// The shipped default is what `train-falls` makes from the simulator and the ordinary-life
// folders: regenerated here, byte for byte (it needs sp-sw-har, wisdm and oxford-steps).
TEST(FallsModel, TrainFallsRegeneratesTheShippedHeaderByteForByte) {
  const std::filesystem::path root(FUSETRACK_DATASETS_DIR);
  for (const char* d : {"sp-sw-har", "wisdm", "oxford-steps"}) {
    if (!std::filesystem::exists(root / d)) {
      GTEST_SKIP() << "dataset folder " << (root / d) << " not found: the default is not rebuilt";
    }
  }
  const TempDir dir;
  const fusetrack::testing::CliResult r = fusetrack::testing::run_cli(
      "train-falls --threads 2 --data '" + root.string() + "' --out '" + dir.file("") + "'");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const auto read = [](const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  };
  const std::string shipped = read(std::string(FUSETRACK_MODELS_DIR) + "/falls_wrist.hpp");
  ASSERT_FALSE(shipped.empty());
  EXPECT_TRUE(read(dir.file("falls_wrist.hpp")) == shipped)
      << "build/fusetrack train-falls --out include/fusetrack/models regenerates it";
  EXPECT_LE(models::kFallsWrist.mlp->data_bytes(), 4096u);  // the issue's model budget
  EXPECT_FALSE(models::kFallsWrist.research_only);
}

// The real folder (../shared/datasets/falls): leave-one-subject-out with the shipped training
// code must reach the issue's floor of 0.90 on both sensitivity and specificity (the target is
// 0.95; the note quotes the measured figures).
TEST(FallsDataset, LeaveOneSubjectOutReachesTheFloorOnTheSharedFolder) {
  const std::filesystem::path dir = std::filesystem::path(FUSETRACK_DATASETS_DIR) / "falls";
  if (!std::filesystem::exists(dir / "trials.csv")) {
    GTEST_SKIP() << "dataset folder " << dir << " not found: the falls evaluation is not run";
  }
  const FallsDataset d = load_falls_dataset(dir);
  ASSERT_EQ(d.trials.size(), 535u);
  FallsEvalOptions o;
  o.show_progress = false;
  o.cross_validate = true;
  const FallsReport r = evaluate_falls(d, o);
  std::printf("falls LOSO: sensitivity %.3f (%zu/%zu) specificity %.3f (%zu/%zu) FA/h %.1f\n",
              r.pooled.sensitivity(), r.pooled.tp, r.pooled.falls(), r.pooled.specificity(),
              r.pooled.tn, r.pooled.adls(), r.pooled.false_alarms_per_hour());
  EXPECT_GE(r.pooled.sensitivity(), 0.90);
  EXPECT_GE(r.pooled.specificity(), 0.90);
  EXPECT_GE(r.mean_subject_sensitivity, 0.90);
  EXPECT_GE(r.mean_subject_specificity, 0.90);
}

}  // namespace
}  // namespace fusetrack::eval
