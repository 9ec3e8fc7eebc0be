// `fusetrack eval false-falls`, run as a user would: on a tiny sp-sw-har-layout folder made here
// (the JSON keys, the text, the same output for any thread count) and with bad input (a missing
// folder, a device the dataset does not have).
#include <cstdio>
#include <sstream>
#include <string>

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

// One device file at 100 Hz: 20 s SEATED still, then 10 s WALKING with a 30 ms 4 g impact along
// z every 2 s (the posture unchanged).
std::string device_file() {
  std::string s = train::testing::kSpSwHarHeader;
  for (int i = 0; i < 3000; ++i) {
    const bool impact = i >= 2000 && (i - 2000) % 200 >= 100 && (i - 2000) % 200 < 103;
    char row[160];
    std::snprintf(row, sizeof row, "%.3f,0.0,0.0,%.4f,0.0,0.0,0.0,%s\n", 0.01 * i,
                  static_cast<double>((impact ? 4.0f : 1.0f) * kGravity_m_s2),
                  i < 2000 ? "SEATED" : "WALKING");
    s += row;
  }
  return s;
}

void write_folder(const DatasetFolder& f) {
  std::string index =
      "execution_id,subject_id,t0_unix_ms,phone_orientation,first_turn,second_turn,n_samples_sp,"
      "n_samples_sw\n";
  for (const char* subject : {"s01", "s02"}) {
    const std::string name = std::string(subject) + "_01";
    f.write(std::string(subject) + "/" + name + "_sw.csv", device_file());
    f.write(std::string(subject) + "/" + name + "_sp.csv", device_file());
    index += name + "," + subject + ",1657533977810,back,l,r,3000,3000\n";
  }
  f.write("executions.csv", index);
}

std::string args_for(const DatasetFolder& f, const std::string& more) {
  return "eval false-falls --dataset sp-sw-har --data '" + f.dir() + "' " + more;
}

TEST(FalseFallsCli, JsonHasTheKeysOfTheBriefAndIsTheSameForAnyThreadCount) {
  DatasetFolder f;
  write_folder(f);
  const CliResult r = run_cli_split(args_for(f, "--json --threads 1"));
  ASSERT_EQ(r.exit_code, 0) << r.error;
  const nlohmann::json j = nlohmann::json::parse(r.output);
  for (const char* key :
       {"evaluation", "dataset", "device", "alarms", "hours", "false_alarms_per_hour",
        "per_activity", "per_subject", "recordings", "samples"}) {
    EXPECT_TRUE(j.contains(key)) << key << "\n" << r.output;
  }
  EXPECT_EQ(j["dataset"], "sp-sw-har");
  EXPECT_EQ(j["device"], "watch");
  EXPECT_EQ(j["recordings"], 2);
  EXPECT_EQ(j["samples"], 6000);
  EXPECT_NEAR(j["hours"].get<double>(), 2 * 29.99 / 3600.0, 1e-9);
  EXPECT_EQ(j["per_activity"].size(), 5u);
  EXPECT_EQ(j["per_subject"].size(), 2u);
  const CliResult two = run_cli_split(args_for(f, "--json --threads 2"));
  ASSERT_EQ(two.exit_code, 0) << two.error;
  EXPECT_EQ(two.output, r.output);
}

TEST(FalseFallsCli, TextNamesTheOverallFigureAndEveryActivityAndSubject) {
  DatasetFolder f;
  write_folder(f);
  const CliResult r = run_cli_split(args_for(f, "--device phone"));
  ASSERT_EQ(r.exit_code, 0) << r.error;
  for (const char* part : {"(phone)", "false alarms: ", "per hour", "SEATED", "SITTING_DOWN", "s01",
                           "s02", "alarms/h"}) {
    EXPECT_TRUE(contains(r.output, part)) << part << "\n" << r.output;
  }
  EXPECT_TRUE(contains(r.error, "eval false-falls: 2 recordings")) << r.error;
}

TEST(FalseFallsCli, AMissingFolderIsOneErrorLineNamingIt) {
  for (const char* dataset : {"sp-sw-har", "oxford-steps"}) {
    const std::string dir = std::string("/nonexistent/fusetrack/") + dataset;
    const CliResult r =
        run_cli_split(std::string("eval false-falls --dataset ") + dataset + " --data " + dir);
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_EQ(r.output, "");
    EXPECT_EQ(line_count(r.error), 1u) << r.error;
    EXPECT_TRUE(contains(r.error, dir)) << r.error;
  }
}

TEST(FalseFallsCli, ADeviceTheDatasetDoesNotHaveIsRefusedSayingWhich) {
  const CliResult wisdm = run_cli_split("eval false-falls --dataset wisdm --device phone");
  EXPECT_EQ(wisdm.exit_code, 1);
  EXPECT_TRUE(contains(wisdm.error, "watch only")) << wisdm.error;
  const CliResult oxford = run_cli_split("eval false-falls --dataset oxford-steps --device watch");
  EXPECT_EQ(oxford.exit_code, 1);
  EXPECT_TRUE(contains(oxford.error, "phone")) << oxford.error;
  const CliResult bad = run_cli_split("eval false-falls --dataset falls");
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_TRUE(contains(bad.error, "--dataset")) << bad.error;
}

}  // namespace
}  // namespace fusetrack
