// `fusetrack replay DIR` and the day files of `fusetrack run`, run as a user would: a folder of
// simulated recordings and a broken one (reported in its row with the reader's message, the
// others finish, status 1), the same output and files for any --jobs, and the three files run
// writes for the bundled sample.
#include <cmath>
#include <cstddef>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "../io/io_test_util.hpp"
#include "run_cli.hpp"
#include "sim/settings.hpp"
#include "sim/sim_recording.hpp"
#include "sim/simulator.hpp"

namespace fusetrack {
namespace {

using io::testing::TempDir;
using testing::CliResult;
using testing::run_cli;
using testing::run_cli_split;

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Every file under `dir`: relative path -> content.
std::map<std::string, std::string> tree(const std::string& dir) {
  std::map<std::string, std::string> files;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir)) {
    if (!e.is_regular_file()) continue;
    files[e.path().lexically_relative(dir).generic_string()] = read_text(e.path().string());
  }
  return files;
}

void write_sim(const std::string& path, std::uint64_t seed, double walk_s) {
  sim::SimSettings s;
  s.seed = seed;
  s.segments = {sim::Segment::rest(4.0), sim::Segment::walk(walk_s)};
  const sim::SimResult r = sim::simulate(s);
  sim::write_recording(path, r, sim::simulation_metadata(s));
}

// DIR/a/one.csv (with a truth file beside it, not a recording), DIR/a/b/two.csv.gz,
// DIR/three.csv, and DIR/broken.csv whose last row is not a number.
void write_folder(const TempDir& dir) {
  std::filesystem::create_directories(dir.file("in/a/b"));
  write_sim(dir.file("in/a/one.csv"), 1, 8.0);
  io::testing::write_text(dir.file("in/a/one_truth.csv"), "not,a,recording\n");
  write_sim(dir.file("in/a/b/two.csv.gz"), 2, 6.0);
  write_sim(dir.file("in/three.csv"), 3, 10.0);
  write_sim(dir.file("in/broken.csv"), 4, 4.0);
  std::ofstream(dir.file("in/broken.csv"), std::ios::app) << "1.5,abc\n";
}

TEST(ReplayCommand, ReportsTheBrokenRecordingInItsRowAndFinishesTheOthers) {
  const TempDir dir;
  write_folder(dir);
  const CliResult r = run_cli_split("replay " + dir.file("in") + " --jobs 2");
  EXPECT_EQ(r.exit_code, 1) << r.output << r.error;
  std::istringstream lines(r.output);
  std::string line;
  std::map<std::string, std::string> rows;
  while (std::getline(lines, line)) {
    const std::string file = line.substr(0, line.find(' '));
    rows[file] = line;
  }
  for (const char* ok : {"a/one.csv", "a/b/two.csv.gz", "three.csv"}) {
    ASSERT_TRUE(rows.count(ok)) << ok << "\n" << r.output;
    EXPECT_TRUE(contains(rows[ok], " ok")) << rows[ok];
  }
  EXPECT_FALSE(contains(r.output, "one_truth")) << r.output;
  ASSERT_TRUE(rows.count("broken.csv")) << r.output;
  // The reader's message: the file, its line and column, and what was expected there.
  EXPECT_TRUE(contains(rows["broken.csv"], "error: ")) << rows["broken.csv"];
  EXPECT_TRUE(contains(rows["broken.csv"], "broken.csv:")) << rows["broken.csv"];
  EXPECT_TRUE(contains(r.output, "4 recordings, 3 ok, 1 failed")) << r.output;
  // In the order of the relative paths.
  EXPECT_LT(r.output.find("a/b/two.csv.gz"), r.output.find("a/one.csv"));
  EXPECT_LT(r.output.find("a/one.csv"), r.output.find("broken.csv"));
  EXPECT_LT(r.output.find("broken.csv"), r.output.find("three.csv"));
  EXPECT_TRUE(contains(r.error, "samples/s")) << r.error;
  EXPECT_TRUE(contains(r.error, "replay: 4/4 done")) << r.error;
}

TEST(ReplayCommand, OutputAndFilesAreTheSameForAnyJobCount) {
  const TempDir dir;
  write_folder(dir);
  const CliResult one =
      run_cli_split("replay " + dir.file("in") + " --jobs 1 --out " + dir.file("out1"));
  const CliResult two =
      run_cli_split("replay " + dir.file("in") + " --jobs 2 --out " + dir.file("out2"));
  EXPECT_EQ(one.exit_code, 1);
  EXPECT_EQ(two.exit_code, 1);
  // Only the --out folder's name differs, on the last line.
  std::string a = one.output, b = two.output;
  a.erase(a.find("day files written under"));
  b.erase(b.find("day files written under"));
  EXPECT_EQ(a, b);
  const auto t1 = tree(dir.file("out1"));
  const auto t2 = tree(dir.file("out2"));
  EXPECT_EQ(t1.size(), 9u);
  EXPECT_TRUE(t1 == t2);
  for (const char* f : {"a/one_timeline.csv", "a/one_timeline.json", "a/one_day.svg",
                        "a/b/two_timeline.csv", "three_day.svg"}) {
    EXPECT_TRUE(t1.count(f)) << f;
  }
  const CliResult json1 = run_cli("replay --json --jobs 1 " + dir.file("in"), false);
  const CliResult json2 = run_cli("replay --json --jobs 2 " + dir.file("in"), false);
  EXPECT_EQ(json1.output, json2.output);
  const nlohmann::json j = nlohmann::json::parse(json1.output, nullptr, false);
  ASSERT_FALSE(j.is_discarded()) << json1.output;
  ASSERT_EQ(j["recordings"].size(), 4u);
  EXPECT_EQ(j["failed"], 1);
  EXPECT_EQ(j["recordings"][2]["file"], "broken.csv");
  EXPECT_EQ(j["recordings"][2]["status"], "error");
  EXPECT_TRUE(j["recordings"][0]["summary"]["steps"].get<int>() > 0);
}

TEST(ReplayCommand, AFolderWithoutRecordingsIsAnError) {
  const TempDir dir;
  const CliResult r = run_cli("replay " + dir.file(""));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(contains(r.output, "no recordings")) << r.output;
}

TEST(RunCommand, WritesTheThreeDayFilesForTheBundledSample) {
  const TempDir dir;
  const CliResult r = run_cli_split("run --out " + dir.file("day"));
  ASSERT_EQ(r.exit_code, 0) << r.output << r.error;
  EXPECT_TRUE(contains(r.output, "sample.csv")) << r.output;
  for (const char* line : {"duration", "activity", "steps", "cadence", "heart", "energy", "falls",
                           "faults", "events"}) {
    EXPECT_TRUE(contains(r.output, std::string("  ") + line)) << line << "\n" << r.output;
  }
  EXPECT_FALSE(contains(r.output, "orientation vs truth")) << "details only with --details";
  const std::string csv = dir.file("day/sample_timeline.csv");
  const std::string json = dir.file("day/sample_timeline.json");
  const std::string svg = dir.file("day/sample_day.svg");
  for (const std::string& f : {csv, json, svg}) {
    EXPECT_TRUE(std::filesystem::is_regular_file(f)) << f;
    EXPECT_TRUE(contains(r.output, f)) << f << "\n" << r.output;
  }
  const nlohmann::json j = nlohmann::json::parse(read_text(json), nullptr, false);
  ASSERT_FALSE(j.is_discarded());
  const double duration_s = j["summary"]["duration_s"].get<double>();
  std::istringstream lines(read_text(csv));
  std::string header;
  std::getline(lines, header);
  EXPECT_EQ(header.rfind("t_s,activity,", 0), 0u) << header;
  std::size_t rows = 0;
  for (std::string line; std::getline(lines, line);) ++rows;
  EXPECT_EQ(rows, static_cast<std::size_t>(std::floor(duration_s)) + 1);
  EXPECT_EQ(rows, j["seconds"].size());

  // The summary agrees with the Tracker's final output in the same command's --json.
  const CliResult jr = run_cli("run --json --no-files", false);
  const nlohmann::json full = nlohmann::json::parse(jr.output, nullptr, false);
  ASSERT_FALSE(full.is_discarded());
  EXPECT_EQ(full["summary"]["steps"], full["steps"]["steps"]);
  EXPECT_EQ(full["summary"]["steps"], j["summary"]["steps"]);
  EXPECT_EQ(full["files"], nullptr);

  const CliResult none = run_cli("run --no-files --out " + dir.file("none"));
  EXPECT_EQ(none.exit_code, 0);
  EXPECT_FALSE(std::filesystem::exists(dir.file("none")));
}

TEST(RunCommand, TheFallStageRunsOnAWristRecordingUnlessNoFalls) {
  const TempDir dir;
  sim::SimSettings s;
  s.segments = {sim::Segment::rest(10.0), sim::Segment::walk(10.0), sim::Segment::rest(30.0)};
  s.events = sim::parse_motion_events("fall_forward@22+10");
  const sim::SimResult r = sim::simulate(s);
  const std::string rec = dir.file("fall.csv");
  sim::write_recording(rec, r, sim::simulation_metadata(s));
  const nlohmann::json j =
      nlohmann::json::parse(run_cli("run --json --no-files " + rec, false).output, nullptr, false);
  ASSERT_FALSE(j.is_discarded());
  EXPECT_GE(j["summary"]["falls"].get<int>(), 1);
  const nlohmann::json off = nlohmann::json::parse(
      run_cli("run --json --no-files --no-falls " + rec, false).output, nullptr, false);
  EXPECT_EQ(off["summary"]["falls"], nullptr);
  // A phone in a pocket: the fall model is a wrist model, so the stage stays off.
  s.placement = sim::Placement::kPocket;
  const sim::SimResult p = sim::simulate(s);
  const std::string pocket = dir.file("pocket.csv");
  sim::write_recording(pocket, p, sim::simulation_metadata(s));
  const nlohmann::json pj = nlohmann::json::parse(
      run_cli("run --json --no-files " + pocket, false).output, nullptr, false);
  ASSERT_FALSE(pj.is_discarded());
  EXPECT_EQ(pj["summary"]["falls"], nullptr);
}

}  // namespace
}  // namespace fusetrack
