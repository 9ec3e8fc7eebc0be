// `fusetrack eval steps`, run as a user would, on small simulated folders and bad inputs.
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "../eval/step_test_data.hpp"
#include "../io/io_test_util.hpp"
#include "../report/svg_check.hpp"
#include "run_cli.hpp"

namespace fusetrack {
namespace {

using io::testing::TempDir;
using io::testing::write_text;
using testing::run_cli;
using testing::run_cli_split;

std::string quoted_path(const std::string& p) { return "'" + p + "'"; }

std::string read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(EvalStepsCli, HelpNamesEveryOptionAndEvalListsSteps) {
  const testing::CliResult r = run_cli("eval steps --help");
  EXPECT_EQ(r.exit_code, 0);
  for (const char* option : {"--data", "--json", "--svg", "--threads"}) {
    EXPECT_NE(r.output.find(option), std::string::npos) << option << "\n" << r.output;
  }
  EXPECT_NE(run_cli("eval --help").output.find("steps"), std::string::npos);
}

TEST(EvalStepsCli, MissingDataFolderFailsWithAMessage) {
  const testing::CliResult r = run_cli("eval steps --data /nonexistent/fusetrack/oxford-steps");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.output.find("fusetrack: error: --data /nonexistent/fusetrack/oxford-steps: no such "
                          "folder"),
            std::string::npos)
      << r.output;
}

TEST(EvalStepsCli, AFolderWithNeitherLayoutFailsWithAMessage) {
  const TempDir dir;
  write_text(dir.file("x.txt"), "x\n");
  const testing::CliResult r = run_cli("eval steps --data " + quoted_path(dir.file("")));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.output.find("neither traces.csv"), std::string::npos) << r.output;
}

TEST(EvalStepsCli, ABadTracesCsvRowNamesFileLineAndColumn) {
  const TempDir dir;
  testing::write_oxford_folder(dir.file(""), {testing::simulated_walk(4.0)});
  const sim::SimResult walk = testing::simulated_walk(4.0);
  std::string row =
      testing::oxford_index_row("sim_0", "hand", walk.truth.steps_us.size(), walk.imu.size(), true);
  row.replace(row.find(",104.0,"), 7, ",fast,");  // rate_hz, field 9
  write_text(dir.file("traces.csv"), std::string(testing::kOxfordIndexHeader) + row);
  const std::size_t column = row.find("fast") + 1;
  const testing::CliResult r = run_cli("eval steps --data " + quoted_path(dir.file("")));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.output.find("traces.csv:2:" + std::to_string(column) +
                          ": expected a number for column 'rate_hz', found 'fast' (field 9)"),
            std::string::npos)
      << r.output;
}

TEST(EvalStepsCli, AStepsFileShorterThanTrueStepsIsAnErrorNamingIt) {
  const TempDir dir;
  testing::write_oxford_folder(dir.file(""), {testing::simulated_walk(6.0)});
  write_text(dir.file("steps/sim_0.csv"), "t_s,foot\n1.0,1\n");
  const testing::CliResult r = run_cli("eval steps --data " + quoted_path(dir.file("")));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.output.find("sim_0.csv:3:1: expected "), std::string::npos) << r.output;
}

TEST(EvalStepsCli, OxfordLayoutTableJsonAndPicturesAreTheSameForAnyThreadCount) {
  const TempDir dir;
  testing::write_oxford_folder(
      dir.file("data"), {testing::simulated_walk(12.0, 3), testing::simulated_walk(12.0, 4)});
  const std::string data = " --data " + quoted_path(dir.file("data"));
  const testing::CliResult one = run_cli_split("eval steps --threads 1" + data);
  const testing::CliResult two = run_cli_split("eval steps --threads 2" + data);
  ASSERT_EQ(one.exit_code, 0) << one.error;
  ASSERT_EQ(two.exit_code, 0) << two.error;
  EXPECT_EQ(one.output, two.output);
  for (const char* text : {"sim_0", "sim_1", "mean of 2 traces", "worst APE", "mean per position",
                           "paper set (2 in_paper_set traces)", "median report delay"}) {
    EXPECT_NE(one.output.find(text), std::string::npos) << text << "\n" << one.output;
  }

  const testing::CliResult j1 =
      run_cli_split("eval steps --json --threads 1 --svg " + quoted_path(dir.file("svg1")) + data);
  const testing::CliResult j2 =
      run_cli_split("eval steps --json --threads 2 --svg " + quoted_path(dir.file("svg2")) + data);
  ASSERT_EQ(j1.exit_code, 0) << j1.error;
  EXPECT_EQ(j1.output, j2.output);
  const nlohmann::json j = nlohmann::json::parse(j1.output);
  ASSERT_EQ(j.at("traces").size(), 2u);
  for (const auto& t : j["traces"]) {
    for (const char* key : {"name", "position", "true_steps", "counted_steps", "abs_pct_error",
                            "precision", "recall", "f1", "median_offset_s", "median_delay_s"}) {
      EXPECT_TRUE(t.contains(key)) << key;
    }
    EXPECT_GE(t["precision"].get<double>(), 0.0);
    EXPECT_LE(t["recall"].get<double>(), 1.0);
  }
  for (const char* key :
       {"mean_abs_pct_error", "max_abs_pct_error", "mean_precision", "mean_recall", "per_position",
        "paper_set_mean_accuracy", "median_delay_s"}) {
    EXPECT_TRUE(j.contains(key)) << key;
  }
  EXPECT_EQ(j["layout"], "oxford-steps");
  EXPECT_TRUE(j["per_position"].contains("hand"));
  for (const char* name : {"sim_0.svg", "sim_1.svg"}) {
    const std::string a = read_all(dir.file(std::string("svg1/") + name));
    EXPECT_EQ(testing::svg_problem(a), "") << name;
    EXPECT_EQ(a, read_all(dir.file(std::string("svg2/") + name))) << name;
  }
}

TEST(EvalStepsCli, RecordingsLayoutShowsTotalOnlyTracesWithDashes) {
  const TempDir dir;
  sim::SimResult walk = testing::simulated_walk(8.0);
  testing::write_recording_with_truth(dir.file("wrist/times"), walk);
  const std::size_t n = walk.truth.steps_us.size();
  walk.truth.steps_us.clear();
  testing::write_recording_with_truth(dir.file("total"), walk, {{"step_count", std::to_string(n)}});
  const testing::CliResult r = run_cli_split("eval steps --data " + quoted_path(dir.file("")));
  ASSERT_EQ(r.exit_code, 0) << r.error;
  EXPECT_NE(r.output.find("recordings layout, 2 traces"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("wrist/times"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("total only"), std::string::npos) << r.output;
  EXPECT_EQ(r.output.find("paper set"), std::string::npos) << r.output;
  const testing::CliResult j =
      run_cli_split("eval steps --json --data " + quoted_path(dir.file("")));
  ASSERT_EQ(j.exit_code, 0) << j.error;
  const nlohmann::json json = nlohmann::json::parse(j.output);
  EXPECT_EQ(json["traces"][0]["name"], "total");
  EXPECT_TRUE(json["traces"][0]["precision"].is_null());
  EXPECT_EQ(json["traces"][1]["position"], "wrist");
  EXPECT_TRUE(json["paper_set_mean_accuracy"].is_null());
}

}  // namespace
}  // namespace fusetrack
