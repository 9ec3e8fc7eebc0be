// `fusetrack eval orientation`, run as a user would, on tiny BROAD-layout folders.
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "../cli/run_cli.hpp"
#include "../report/svg_check.hpp"
#include "broad_test_data.hpp"
#include "spc2015_test_data.hpp"

namespace fusetrack {
namespace {

using Result = testing::CliResult;
using testing::run_cli;

std::string quoted_path(const std::filesystem::path& p) { return "'" + p.string() + "'"; }

// An spc2015 truth file whose second window's bpm (line 3, column 7) is not a number.
void folder_write_truth(const std::string& path) {
  io::testing::write_text(
      path, std::string(testing::kSpc2015TruthHeader) + "0,0,8,90\n1,2,10,fast\n2,4,12,90\n");
}

// Two short trials, still and slowly turning, with gravity and field consistent with the truth.
void write_tiny_broad(const testing::TempFolder& folder) {
  io::BroadTrial a = testing::rotating_trial("a_still", Eigen::Quaterniond::Identity(),
                                             Eigen::Vector3d::Zero(), 1200, 600);
  io::BroadTrial b = testing::rotating_trial(
      "b_turning", Eigen::Quaterniond(Eigen::AngleAxisd(0.5, Eigen::Vector3d::UnitZ())),
      Eigen::Vector3d(0.0, 0.0, 0.2), 1200, 600);
  b.info.condition = "disturbed";
  b.info.disturbance = "tapping";
  folder.write_broad({a, b});
}

TEST(EvalCli, EvalListsOrientationAndNeedsASubcommand) {
  const Result help = run_cli("eval --help");
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.output.find("orientation"), std::string::npos) << help.output;
  EXPECT_NE(run_cli("eval").exit_code, 0);
}

TEST(EvalCli, OrientationHelpNamesEveryOption) {
  const Result r = run_cli("eval orientation --help");
  EXPECT_EQ(r.exit_code, 0);
  for (const char* option : {"--data", "--filter", "--no-mag", "--json", "--threads", "--svg"}) {
    EXPECT_NE(r.output.find(option), std::string::npos) << option << "\n" << r.output;
  }
}

TEST(EvalCli, MissingDataFolderFailsWithAMessage) {
  const Result r = run_cli("eval orientation --data /nonexistent/fusetrack/broad");
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.output.find("no such folder"), std::string::npos) << r.output;
}

TEST(EvalCli, UnknownFilterIsRejected) {
  EXPECT_NE(run_cli("eval orientation --filter madgwick").exit_code, 0);
}

TEST(EvalCli, FormatErrorNamesFileLineAndColumn) {
  testing::TempFolder folder("cli_bad");
  write_tiny_broad(folder);
  folder.write("trials/b_turning.csv",
               std::string(testing::kBroadTrialHeader) + "0,0,0,0,0,0,9.81,1,x,0,1,0,0,0,0\n");
  const Result r = run_cli("eval orientation --data " + quoted_path(folder.dir()));
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.output.find("b_turning.csv:2:20: expected a number for column 'mag_y_uT', found 'x'"),
            std::string::npos)
      << r.output;
}

TEST(EvalCli, TextFromTheDatasetsFilesIsPrintedWithControlCharactersEscaped) {
  testing::TempFolder folder("cli_escape");
  io::BroadTrial a = testing::rotating_trial("a_still", Eigen::Quaterniond::Identity(),
                                             Eigen::Vector3d::Zero(), 1200, 600);
  a.info.condition = "un\x1b[2Jdisturbed";
  a.info.disturbance = "no\x1b]0;x\x07ne";
  folder.write_broad({a});
  const Result r = run_cli("eval orientation --data " + quoted_path(folder.dir()));
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(r.output.find('\x1b'), std::string::npos) << r.output;
  EXPECT_EQ(r.output.find('\x07'), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("no\\x1b]0;x\\x07ne"), std::string::npos) << r.output;
}

TEST(EvalCli, JsonHasTheStableKeysAndTrialsInIndexOrder) {
  testing::TempFolder folder("cli_json");
  write_tiny_broad(folder);
  for (const bool six_d : {false, true}) {
    const Result r = run_cli(
        "eval orientation --json --data " + quoted_path(folder.dir()) + (six_d ? " --no-mag" : ""),
        false);
    ASSERT_EQ(r.exit_code, 0) << r.output;
    const nlohmann::json j = nlohmann::json::parse(r.output);  // exactly one object
    EXPECT_EQ(j.at("filter"), "ekf");                          // the default filter
    EXPECT_EQ(j.at("mode"), six_d ? "6D" : "9D");
    ASSERT_EQ(j.at("trials").size(), 2u);
    EXPECT_EQ(j["trials"][0].at("name"), "a_still");
    EXPECT_EQ(j["trials"][1].at("name"), "b_turning");
    for (const auto& t : j["trials"]) {
      for (const char* key : {"total_rmse_deg", "heading_rmse_deg", "inclination_rmse_deg"}) {
        EXPECT_TRUE(t.at(key).is_number()) << key;
      }
      EXPECT_EQ(t.at("n_scored"), 600);
    }
    for (const char* key :
         {"mean_total_rmse_deg", "mean_heading_rmse_deg", "mean_inclination_rmse_deg"}) {
      EXPECT_TRUE(j.at(key).is_number()) << key;
    }
    const double mean = (j["trials"][0]["total_rmse_deg"].get<double>() +
                         j["trials"][1]["total_rmse_deg"].get<double>()) /
                        2.0;
    EXPECT_NEAR(j["mean_total_rmse_deg"].get<double>(), mean, 1e-12);
    EXPECT_EQ(j.at("by_condition").at("disturbed").at("n_trials"), 1);
  }
}

TEST(EvalCli, JsonKeysComeInTheOrderTheCommandSetsThem) {
  testing::TempFolder folder("cli_json_order");
  write_tiny_broad(folder);
  const Result r = run_cli("eval orientation --json --data " + quoted_path(folder.dir()), false);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const nlohmann::ordered_json j = nlohmann::ordered_json::parse(r.output);
  std::vector<std::string> keys;
  for (const auto& item : j.items()) keys.push_back(item.key());
  EXPECT_EQ(keys, (std::vector<std::string>{"evaluation", "dataset", "data", "filter", "mode",
                                            "valid", "n_trials", "mean_total_rmse_deg",
                                            "mean_heading_rmse_deg", "mean_inclination_rmse_deg",
                                            "trials", "by_condition", "by_disturbance"}));
  EXPECT_EQ(j["trials"][0].begin().key(), "name");
}

TEST(EvalCli, EkfFilterRunsAndIsNamedInTheJson) {
  testing::TempFolder folder("cli_ekf");
  write_tiny_broad(folder);
  const Result r = run_cli(
      "eval orientation --filter ekf --no-mag --json --data " + quoted_path(folder.dir()), false);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const nlohmann::json j = nlohmann::json::parse(r.output);
  EXPECT_EQ(j.at("filter"), "ekf");
  EXPECT_EQ(j.at("mode"), "6D");
  EXPECT_TRUE(j.at("valid").get<bool>());
}

TEST(EvalCli, OutputIsIdenticalForAnyThreadCount) {
  testing::TempFolder folder("cli_threads");
  write_tiny_broad(folder);
  const std::string base = "eval orientation --json --data " + quoted_path(folder.dir());
  const Result one = run_cli(base + " --threads 1", false);
  const Result two = run_cli(base + " --threads 2", false);
  ASSERT_EQ(one.exit_code, 0);
  EXPECT_EQ(one.output, two.output);
}

TEST(EvalCli, TableShowsEveryTrialTheMeansAndTheTimeTaken) {
  testing::TempFolder folder("cli_table");
  write_tiny_broad(folder);
  const Result r = run_cli("eval orientation --data " + quoted_path(folder.dir()));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  for (const char* text : {"a_still", "b_turning", "tapping", "mean of 2 trials", "undisturbed (1)",
                           "disturbed (1)", "2 trials, 2400 samples in"}) {
    EXPECT_NE(r.output.find(text), std::string::npos) << text << "\n" << r.output;
  }
}

std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

TEST(EvalCli, SvgWritesASummaryAndOneWellFormedTimelinePerTrial) {
  testing::TempFolder folder("cli_svg");
  write_tiny_broad(folder);
  for (const bool six_d : {false, true}) {
    const std::filesystem::path dir = folder.dir() / (six_d ? "six" : "nine") / "pictures";
    const Result r =
        run_cli("eval orientation --filter complementary --data " + quoted_path(folder.dir()) +
                " --svg " + quoted_path(dir) + (six_d ? " --no-mag" : ""));
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_NE(r.output.find("3 pictures written to " + dir.string()), std::string::npos)
        << r.output;
    std::size_t files = 0;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
      (void)entry;
      ++files;
    }
    EXPECT_EQ(files, 3u);
    const std::string summary = read_file(dir / "summary.svg");
    EXPECT_EQ(testing::svg_problem(summary), "");
    for (const std::string& text :
         {std::string("BROAD orientation RMSE per trial: complementary, ") + (six_d ? "6D" : "9D"),
          std::string("a_still"), std::string("b_turning"), std::string("mean total")}) {
      EXPECT_NE(summary.find(text), std::string::npos) << text;
    }
    for (const char* trial : {"a_still", "b_turning"}) {
      const std::string doc = read_file(dir / (std::string(trial) + ".svg"));
      EXPECT_EQ(testing::svg_problem(doc), "") << trial;
      for (const std::string& text :
           {std::string("BROAD trial ") + trial + ": complementary, " + (six_d ? "6D" : "9D"),
            std::string("Orientation error vs reference"),
            std::string("Scored samples and Tracker flags"), std::string("Magnetometer field norm"),
            std::string("acc_rejected")}) {
        EXPECT_NE(doc.find(text), std::string::npos) << trial << ": " << text;
      }
    }
  }
}

TEST(EvalCli, JsonIsByteIdenticalWithAndWithoutSvg) {
  testing::TempFolder folder("cli_svg_json");
  write_tiny_broad(folder);
  for (const char* mode : {"", " --no-mag"}) {
    const std::string base = "eval orientation --json --data " + quoted_path(folder.dir()) + mode;
    const Result plain = run_cli(base, false);
    const Result with_svg = run_cli(base + " --svg " + quoted_path(folder.dir() / "svg"), false);
    ASSERT_EQ(plain.exit_code, 0);
    ASSERT_EQ(with_svg.exit_code, 0);
    EXPECT_EQ(plain.output, with_svg.output);
    EXPECT_TRUE(std::filesystem::exists(folder.dir() / "svg" / "summary.svg"));
  }
}

TEST(EvalCli, SvgFolderThatCannotBeCreatedFailsNamingIt) {
  testing::TempFolder folder("cli_svg_bad");
  write_tiny_broad(folder);
  const std::filesystem::path dir = folder.dir() / "trials.csv" / "pictures";  // under a file
  const Result r = run_cli("eval orientation --data " + quoted_path(folder.dir()) + " --svg " +
                           quoted_path(dir));
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.output.find("--svg " + dir.string() + ": cannot create the folder"),
            std::string::npos)
      << r.output;
  EXPECT_EQ(r.output.find("mean of 2 trials"), std::string::npos) << "fails before the run";
}

// ---- eval heart-rate ----

TEST(EvalCli, HeartRateHelpNamesEveryOptionAndEvalListsIt) {
  const Result r = run_cli("eval heart-rate --help");
  EXPECT_EQ(r.exit_code, 0);
  for (const char* option : {"--data", "--json", "--svg", "--jobs"}) {
    EXPECT_NE(r.output.find(option), std::string::npos) << option << "\n" << r.output;
  }
  EXPECT_NE(run_cli("eval --help").output.find("heart-rate"), std::string::npos);
}

TEST(EvalCli, HeartRateMissingDataFolderFailsNamingIt) {
  const Result r = run_cli("eval heart-rate --data /nonexistent/fusetrack/spc2015");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.output.find("fusetrack: error: --data /nonexistent/fusetrack/spc2015: no such "
                          "folder"),
            std::string::npos)
      << r.output;
}

TEST(EvalCli, HeartRateFormatErrorNamesFileLineAndColumn) {
  const io::testing::TempDir dir;
  testing::SyntheticRecording rec;
  rec.n_samples = 1500;
  testing::write_spc2015_folder(dir.file(""), {rec});
  folder_write_truth(dir.file("truth/rec01_bpm.csv"));
  const Result r = run_cli("eval heart-rate --data " + quoted_path(dir.file("")));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.output.find("rec01_bpm.csv:3:8: expected a number for column 'bpm', found 'fast'"),
            std::string::npos)
      << r.output;
}

TEST(EvalCli, HeartRateJsonHasTheStableKeysAndOutputIsTheSameForAnyJobCount) {
  const io::testing::TempDir dir;
  testing::SyntheticRecording a, b;
  a.n_samples = b.n_samples = 3000;
  b.name = "rec13";
  b.activity_type = "T2";
  b.bpm = 120.0;
  testing::write_spc2015_folder(dir.file("data"), {a, b});
  const std::string data = " --data " + quoted_path(dir.file("data"));

  const Result one = run_cli("eval heart-rate --json --jobs 1" + data, false);
  const Result two = run_cli(
      "eval heart-rate --json --jobs 2 --svg " + quoted_path(dir.file("svg")) + data, false);
  ASSERT_EQ(one.exit_code, 0) << one.output;
  ASSERT_EQ(two.exit_code, 0) << two.output;
  EXPECT_EQ(one.output, two.output);
  const nlohmann::ordered_json j = nlohmann::ordered_json::parse(one.output);
  std::vector<std::string> keys;
  for (const auto& item : j.items()) keys.push_back(item.key());
  EXPECT_EQ(keys, (std::vector<std::string>{"recordings", "mean_mae_bpm_1_12", "mae_bpm_13",
                                            "mean_mae_bpm", "mean_within_5_bpm_1_12",
                                            "within_5_bpm_13", "mean_within_5_bpm"}));
  ASSERT_EQ(j["recordings"].size(), 2u);
  EXPECT_EQ(j["recordings"][0].at("name"), "rec01");
  EXPECT_EQ(j["recordings"][1].at("name"), "rec13");
  for (const auto& rec : j["recordings"]) {
    for (const char* key : {"mae_bpm", "within_5_bpm", "valid_share", "avre_pct"}) {
      EXPECT_TRUE(rec.at(key).is_number()) << key;
    }
    EXPECT_EQ(rec.at("windows"), 9);
    EXPECT_GE(rec["within_5_bpm"].get<double>(), 0.0);
    EXPECT_LE(rec["within_5_bpm"].get<double>(), 1.0);
  }
  // One recording per group: the group means are those recordings' own figures.
  EXPECT_EQ(j["mean_mae_bpm_1_12"], j["recordings"][0]["mae_bpm"]);
  EXPECT_EQ(j["mae_bpm_13"], j["recordings"][1]["mae_bpm"]);
  EXPECT_NEAR(
      j["mean_mae_bpm"].get<double>(),
      (j["recordings"][0]["mae_bpm"].get<double>() + j["recordings"][1]["mae_bpm"].get<double>()) /
          2.0,
      1e-12);

  for (const char* name : {"rec01.svg", "rec13.svg"}) {
    const std::string svg = io::testing::read_bytes(dir.file("svg/" + std::string(name)));
    EXPECT_EQ(testing::svg_problem(svg), "") << name;
  }

  const Result table = run_cli("eval heart-rate --jobs 2" + data, false);
  ASSERT_EQ(table.exit_code, 0);
  for (const char* text :
       {"rec01", "rec13", "mean rec01-rec12 (1 recording)", "mean of all 2", "TROIKA 2.34",
        "JOSS 1.28", "WFPV (causal) 1.02 / 3.27", "SpaMa 0.89 / 3.41"}) {
    EXPECT_NE(table.output.find(text), std::string::npos) << text << "\n" << table.output;
  }
}

}  // namespace
}  // namespace fusetrack
