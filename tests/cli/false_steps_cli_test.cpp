// `fusetrack eval false-steps`, run as a user would: on a tiny sp-sw-har-layout folder made here
// (the JSON keys and figures, the text, the same output for any thread count) and with bad input
// (a missing folder, an unknown dataset, a device the dataset does not have).
#include <cmath>
#include <cstdio>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "../train/har_test_folders.hpp"
#include "fusetrack/core/types.hpp"
#include "run_cli.hpp"

namespace fusetrack {
namespace {

using testing::CliResult;
using testing::run_cli_split;
using train::testing::DatasetFolder;

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

std::size_t line_count(const std::string& text) {
  std::istringstream in(text);
  std::size_t n = 0;
  for (std::string line; std::getline(in, line);) ++n;
  return n;
}

constexpr double kTwoPi = 6.283185307179586;

// One device file at 100 Hz: `seated_s` of SEATED whose |a| swings ±3 m/s² at `step_hz` (a
// step rhythm the detector counts), then `walking_s` of WALKING with the same rhythm.
std::string device_file(double seated_s, double walking_s, double step_hz) {
  std::string s = train::testing::kSpSwHarHeader;
  const int n_seated = static_cast<int>(seated_s * 100.0);
  const int n = n_seated + static_cast<int>(walking_s * 100.0);
  for (int i = 0; i < n; ++i) {
    const double t = 0.01 * i;
    const double a = static_cast<double>(kGravity_m_s2) + 3.0 * std::sin(kTwoPi * step_hz * t);
    char row[160];
    std::snprintf(row, sizeof row, "%.3f,0.0,0.0,%.4f,0.0,0.0,0.0,%s\n", t, a,
                  i < n_seated ? "SEATED" : "WALKING");
    s += row;
  }
  return s;
}

// Subjects s01 (still rhythm 1.6 Hz) and s02 (2 Hz), one execution each, both devices.
void write_folder(const DatasetFolder& f) {
  std::string index =
      "execution_id,subject_id,t0_unix_ms,phone_orientation,first_turn,second_turn,n_samples_sp,"
      "n_samples_sw\n";
  const struct {
    const char* subject;
    double step_hz;
  } subjects[] = {{"s01", 1.6}, {"s02", 2.0}};
  for (const auto& s : subjects) {
    const std::string name = std::string(s.subject) + "_01";
    const std::string file = device_file(20.0, 10.0, s.step_hz);
    f.write(std::string(s.subject) + "/" + name + "_sw.csv", file);
    f.write(std::string(s.subject) + "/" + name + "_sp.csv", file);
    index += name + "," + s.subject + ",1657533977810,back,l,r,3000,3000\n";
  }
  f.write("executions.csv", index);
}

std::string args_for(const DatasetFolder& f, const std::string& more) {
  return "eval false-steps --dataset sp-sw-har --data '" + f.dir() + "' " + more;
}

TEST(FalseStepsCli, JsonHasTheKeysAndFiguresOfTheBrief) {
  DatasetFolder f;
  write_folder(f);
  const CliResult r = run_cli_split(args_for(f, "--json --threads 1"));
  ASSERT_EQ(r.exit_code, 0) << r.error;
  const nlohmann::json j = nlohmann::json::parse(r.output);
  for (const char* key : {"dataset", "device", "steps_per_minute", "non_walking_minutes",
                          "per_activity", "subjects", "max_subject_steps_per_minute"}) {
    EXPECT_TRUE(j.contains(key)) << key << "\n" << r.output;
  }
  EXPECT_EQ(j["dataset"], "sp-sw-har");
  EXPECT_EQ(j["device"], "watch");
  // 20 s seated per subject (the interval into the walk included).
  EXPECT_NEAR(j["non_walking_minutes"].get<double>(), 2.0 * 20.0 / 60.0, 1e-9);
  const double steps = j["non_walking_steps"].get<double>();
  EXPECT_GE(steps, 60.0) << "the seated rhythm is counted";
  EXPECT_NEAR(j["steps_per_minute"].get<double>(), steps / (40.0 / 60.0), 1e-9);
  ASSERT_EQ(j["per_activity"].size(), 3u);
  EXPECT_EQ(j["per_activity"][0]["activity"], "SEATED");
  for (const char* key : {"activity", "minutes", "steps", "steps_per_minute"}) {
    EXPECT_TRUE(j["per_activity"][0].contains(key)) << key;
  }
  ASSERT_EQ(j["subjects"].size(), 2u);
  EXPECT_EQ(j["subjects"][0]["subject"], "s01");
  EXPECT_EQ(j["subjects"][1]["subject"], "s02");
  for (const char* key : {"subject", "minutes", "steps", "steps_per_minute"}) {
    EXPECT_TRUE(j["subjects"][0].contains(key)) << key;
  }
  EXPECT_EQ(j["worst_subject"], "s02") << "2 Hz gives more steps per minute than 1.6 Hz";
  EXPECT_EQ(j["max_subject_steps_per_minute"], j["subjects"][1]["steps_per_minute"]);

  const CliResult phone = run_cli_split(args_for(f, "--json --device phone"));
  ASSERT_EQ(phone.exit_code, 0) << phone.error;
  EXPECT_EQ(nlohmann::json::parse(phone.output)["device"], "phone");
}

TEST(FalseStepsCli, OutputIsIdenticalForAnyThreadCount) {
  DatasetFolder f;
  write_folder(f);
  const CliResult one = run_cli_split(args_for(f, "--json --threads 1"));
  const CliResult three = run_cli_split(args_for(f, "--json --threads 3"));
  const CliResult all = run_cli_split(args_for(f, "--json --threads 0"));
  ASSERT_EQ(one.exit_code, 0) << one.error;
  EXPECT_EQ(three.output, one.output);
  EXPECT_EQ(all.output, one.output);
  const CliResult text1 = run_cli_split(args_for(f, "--threads 1"));
  const CliResult text3 = run_cli_split(args_for(f, "--threads 3"));
  EXPECT_EQ(text3.output, text1.output);
}

TEST(FalseStepsCli, TextNamesTheOverallFigureTheWorstSubjectAndEveryActivity) {
  DatasetFolder f;
  write_folder(f);
  const CliResult r = run_cli_split(args_for(f, ""));
  ASSERT_EQ(r.exit_code, 0) << r.error;
  for (const char* part : {"non-walking: ", "worst subject: s02", "walking, for comparison",
                           "SEATED", "STANDING_UP", "SITTING_DOWN", "s01", "steps/min"}) {
    EXPECT_TRUE(contains(r.output, part)) << part << "\n" << r.output;
  }
  EXPECT_TRUE(contains(r.error, "eval false-steps: 2 recordings")) << r.error;
}

TEST(FalseStepsCli, AMissingFolderIsOneErrorLineNamingIt) {
  const CliResult r =
      run_cli_split("eval false-steps --dataset sp-sw-har --data /nonexistent/fusetrack/sp-sw-har");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.output, "");
  EXPECT_EQ(line_count(r.error), 1u) << r.error;
  EXPECT_TRUE(contains(r.error, "/nonexistent/fusetrack/sp-sw-har")) << r.error;
  EXPECT_TRUE(contains(r.error, "no such folder")) << r.error;
}

TEST(FalseStepsCli, AnUnknownOrMissingDatasetIsAUsageError) {
  for (const std::string args :
       {"eval false-steps --dataset oxford-steps --data /tmp", "eval false-steps --data /tmp"}) {
    SCOPED_TRACE(args);
    const CliResult r = run_cli_split(args);
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_EQ(r.output, "");
    EXPECT_EQ(line_count(r.error), 1u) << r.error;
    EXPECT_TRUE(contains(r.error, "--dataset")) << r.error;
    EXPECT_TRUE(contains(r.error, "see fusetrack eval false-steps --help")) << r.error;
  }
}

TEST(FalseStepsCli, ADeviceTheDatasetDoesNotHaveIsRefusedSayingWhich) {
  const CliResult wisdm = run_cli_split("eval false-steps --dataset wisdm --device phone");
  EXPECT_EQ(wisdm.exit_code, 1);
  EXPECT_TRUE(contains(wisdm.error, "watch only")) << wisdm.error;
  const CliResult hapt = run_cli_split("eval false-steps --dataset uci-hapt --device watch");
  EXPECT_EQ(hapt.exit_code, 1);
  EXPECT_TRUE(contains(hapt.error, "waist")) << hapt.error;
  const CliResult bad = run_cli_split("eval false-steps --dataset sp-sw-har --device pocket");
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_TRUE(contains(bad.error, "--device")) << bad.error;
}

TEST(FalseStepsCli, HelpNamesEveryOptionAndTheDefaultDevice) {
  const CliResult r = run_cli_split("eval false-steps --help");
  EXPECT_EQ(r.exit_code, 0);
  for (const char* part : {"--dataset", "--device", "--data", "--json", "--threads", "default"}) {
    EXPECT_TRUE(contains(r.output, part)) << part << "\n" << r.output;
  }
  EXPECT_TRUE(contains(run_cli_split("eval --help").output, "false-steps"));
}

}  // namespace
}  // namespace fusetrack
