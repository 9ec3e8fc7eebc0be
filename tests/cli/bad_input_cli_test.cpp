// `fusetrack run` on recordings that are damaged or hold nothing usable, run as a user would:
// what it prints where (results on stdout, diagnostics on stderr), exit status, what it keeps.
#include <cstddef>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "../io/io_test_util.hpp"
#include "io/truth_csv.hpp"
#include "run_cli.hpp"
#include "sim/sim_recording.hpp"
#include "sim/simulator.hpp"

namespace fusetrack {
namespace {

using io::testing::TempDir;
using io::testing::write_text;
using testing::CliResult;
using testing::run_cli;
using testing::run_cli_split;

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

std::size_t count_of(const std::string& text, const std::string& part) {
  std::size_t n = 0;
  for (std::size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) {
    ++n;
  }
  return n;
}

std::vector<std::string> read_lines(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

void write_lines(const std::string& path, const std::vector<std::string>& lines) {
  std::string text;
  for (const std::string& l : lines) text += l + "\n";
  write_text(path, text);
}

// A short simulated recording (rest 6 s, walk 6 s) and its truth in `dir`: NAME.csv and
// NAME_truth.csv.
struct Sim {
  std::string recording;
  std::string truth;
};

Sim write_sim(const TempDir& dir, const std::string& name) {
  sim::SimSettings s;
  s.segments = {sim::Segment::rest(6.0), sim::Segment::walk(6.0)};
  const sim::SimResult r = sim::simulate(s);
  Sim out{dir.file(name + ".csv"), dir.file(name + "_truth.csv")};
  sim::write_recording(out.recording, r, sim::simulation_metadata(s));
  io::write_truth_csv(out.truth, r.truth);
  return out;
}

// The line indices (0-based) of the IMU rows of `lines`.
std::vector<std::size_t> imu_rows(const std::vector<std::string>& lines) {
  std::vector<std::size_t> rows;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].rfind("imu,", 0) == 0) rows.push_back(i);
  }
  return rows;
}

// Replaces the first value after the time stamp (acc_x) of `row` by `text`.
std::string with_acc_x(const std::string& row, const std::string& text) {
  const std::size_t a = row.find(',', row.find(',') + 1) + 1;
  const std::size_t b = row.find(',', a);
  return row.substr(0, a) + text + row.substr(b);
}

nlohmann::json parse(const CliResult& r) { return nlohmann::json::parse(r.output, nullptr, false); }

TEST(RunBadInput, SkippedImuRowsLeaveOnlyTheirOwnTruthPosesUnscored) {
  const TempDir dir;
  const Sim sim = write_sim(dir, "clean");
  const CliResult clean = run_cli("run --details --no-files --json " + sim.recording, false);
  ASSERT_EQ(clean.exit_code, 0) << clean.output;
  const nlohmann::json cj = parse(clean);

  std::vector<std::string> lines = read_lines(sim.recording);
  const std::vector<std::size_t> imu = imu_rows(lines);
  ASSERT_GT(imu.size(), 1000u);
  for (const std::size_t k : {400u, 700u, 701u}) lines[imu[k]] = with_acc_x(lines[imu[k]], "abc");
  const std::string damaged = dir.file("damaged.csv");
  write_lines(damaged, lines);

  const CliResult r = run_cli(
      "run --details --no-files --json --skip-bad-rows " + damaged + " --truth " + sim.truth,
      false);
  ASSERT_EQ(r.exit_code, 0) << run_cli("run --details --no-files --skip-bad-rows " + damaged +
                                       " --truth " + sim.truth)
                                   .output;
  const nlohmann::json j = parse(r);
  ASSERT_TRUE(j.is_object() && j["truth"].is_object()) << r.output;
  EXPECT_EQ(j["rows_skipped"], 3);
  EXPECT_EQ(j["truth"]["poses_without_imu_sample"], 3);
  EXPECT_EQ(j["truth"]["samples_scored"].get<std::size_t>(),
            cj["truth"]["samples_scored"].get<std::size_t>() - 3);
  // Every other pose still meets its own sample: the score hardly moves.
  EXPECT_NEAR(j["truth"]["total_rmse_deg"].get<double>(),
              cj["truth"]["total_rmse_deg"].get<double>(), 0.2);
  // The table says why poses went unscored.
  const CliResult text =
      run_cli("run --details --no-files --skip-bad-rows " + damaged + " --truth " + sim.truth);
  EXPECT_TRUE(contains(text.output, "3 truth poses not scored")) << text.output;
  // Strict reading still stops at the first bad row.
  const CliResult strict = run_cli("run --details --no-files " + damaged + " --truth " + sim.truth);
  EXPECT_EQ(strict.exit_code, 1);
  EXPECT_TRUE(contains(strict.output, damaged + ":" + std::to_string(imu[400] + 1) + ":"))
      << strict.output;
}

TEST(RunBadInput, SkippedRowsAreCountedByReasonInTheTableAndTheJson) {
  const TempDir dir;
  const Sim sim = write_sim(dir, "r");
  std::vector<std::string> lines = read_lines(sim.recording);
  const std::vector<std::size_t> imu = imu_rows(lines);
  lines[imu[10]] = with_acc_x(lines[imu[10]], "abc");  // not_numeric
  lines[imu[20]] = with_acc_x(lines[imu[20]], "x");    // not_numeric
  lines[imu[30]] = with_acc_x(lines[imu[30]], "nan");  // not_finite
  lines[imu[40]] = "imu,1";                            // field_count
  write_lines(sim.recording, lines);

  const CliResult r = run_cli_split("run --details --no-files --skip-bad-rows " + sim.recording);
  ASSERT_EQ(r.exit_code, 0) << r.output << r.error;
  EXPECT_TRUE(contains(r.output, "skipped 4: not_numeric 2, not_finite 1, field_count 1"))
      << r.output;
  const CliResult json =
      run_cli_split("run --details --no-files --json --skip-bad-rows " + sim.recording);
  const nlohmann::json j = parse(json);
  ASSERT_TRUE(j.is_object()) << json.output;
  EXPECT_EQ(j["rows_skipped"], 4);
  const nlohmann::json& by = j["rows_skipped_by_reason"];
  EXPECT_EQ(by["not_numeric"], 2);
  EXPECT_EQ(by["not_finite"], 1);
  EXPECT_EQ(by["field_count"], 1);
  EXPECT_EQ(by["line_too_long"], 0);  // every reason, 0 when it did not happen
  EXPECT_EQ(by.size(), 8u);
}

TEST(RunBadInput, SkippedRowMessagesGoToStderrAndSayHowManyMoreWereNotListed) {
  const TempDir dir;
  const Sim sim = write_sim(dir, "many");
  std::vector<std::string> lines = read_lines(sim.recording);
  const std::vector<std::size_t> imu = imu_rows(lines);
  for (std::size_t k = 0; k < 15; ++k) {
    lines[imu[100 + 7 * k]] = with_acc_x(lines[imu[100 + 7 * k]], "bad");
  }
  write_lines(sim.recording, lines);
  for (const char* json : {"", "--json "}) {
    SCOPED_TRACE(json);
    const CliResult r = run_cli_split(std::string("run --details --no-files ") + json +
                                      "--skip-bad-rows " + sim.recording);
    ASSERT_EQ(r.exit_code, 0) << r.error;
    EXPECT_FALSE(contains(r.output, "expected a number")) << "diagnostics among the results";
    EXPECT_EQ(count_of(r.error, "expected a number for column 'acc_x_m_s2'"), 10u) << r.error;
    EXPECT_TRUE(contains(r.error, "and 5 more skipped rows")) << r.error;
  }
}

TEST(RunBadInput, ARecordingWithNoUsableDataIsAnErrorNamingTheFileAndWhatIsMissing) {
  const TempDir dir;
  const std::string header =
      "stream,t_us,acc_x_m_s2,acc_y_m_s2,acc_z_m_s2,gyr_x_rad_s,gyr_y_rad_s,gyr_z_rad_s\n";
  std::string zeros = header;
  for (int i = 0; i < 300; ++i) zeros += "imu," + std::to_string(i * 10000) + ",0,0,0,0.1,0,0\n";
  std::string mag_only = "stream,t_us,mag_x_ut,mag_y_ut,mag_z_ut\n";
  for (int i = 0; i < 50; ++i) mag_only += "mag," + std::to_string(i * 40000) + ",20,0,-40\n";
  std::string all_bad = header;
  for (int i = 0; i < 5; ++i) all_bad += "imu," + std::to_string(i) + ",a,0,0,0,0,0\n";
  struct Case {
    const char* name;
    std::string content;
    const char* says;
    const char* options;
  };
  for (const Case& c : {Case{"header_only.csv", header, "no data rows", ""},
                        Case{"mag_only.csv", mag_only, "no IMU stream", ""},
                        Case{"zeros.csv", zeros, "every accelerometer reading is (0, 0, 0)", ""},
                        Case{"all_bad.csv", all_bad, "5 rows skipped", "--skip-bad-rows "}}) {
    SCOPED_TRACE(c.name);
    const std::string path = dir.file(c.name);
    write_text(path, c.content);
    for (const char* json : {"", "--json "}) {
      const CliResult r =
          run_cli_split(std::string("run --details --no-files ") + json + c.options + path);
      EXPECT_EQ(r.exit_code, 1) << r.output << r.error;
      EXPECT_TRUE(contains(r.error, path + ": ")) << r.error;
      EXPECT_TRUE(contains(r.error, c.says)) << r.error;
      EXPECT_FALSE(contains(r.output, "q_ES")) << "no identity quaternion as a result\n"
                                               << r.output;
    }
  }
}

}  // namespace
}  // namespace fusetrack
