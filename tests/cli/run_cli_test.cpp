// `fusetrack run`, run as a user would: the truth table and its figures against the simulator's
// truth, --json keys, the --svg picture, and truth files that do not fit the recording.
#include <cmath>
#include <cstddef>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "../io/io_test_util.hpp"
#include "../report/svg_check.hpp"
#include "fusetrack/events.hpp"
#include "io/recording.hpp"
#include "io/truth_csv.hpp"
#include "run_cli.hpp"
#include "sim/sim_recording.hpp"
#include "sim/simulator.hpp"

namespace fusetrack {
namespace {

using io::testing::TempDir;
using testing::CliResult;
using testing::run_cli;

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The bundled sample's JSON report with `args`; fails the test when it does not parse.
nlohmann::json sample_json(const std::string& args) {
  const CliResult r = run_cli("run --json --no-files " + args, false);
  EXPECT_EQ(r.exit_code, 0) << r.output;
  return nlohmann::json::parse(r.output, nullptr, false);
}

// A short simulated recording (rest 6 s, walk 6 s) and its truth, written into `dir` as
// NAME.csv and NAME_truth.csv; `shift_pose` >= 0 moves that pose's time stamp by 1 µs.
struct ShortSim {
  std::string recording;
  std::string truth;
};

ShortSim write_short_sim(const TempDir& dir, const std::string& name, std::size_t pose_every = 1,
                         long shift_pose = -1) {
  sim::SimSettings s;
  s.segments = {sim::Segment::rest(6.0), sim::Segment::walk(6.0)};
  sim::SimResult r = sim::simulate(s);
  ShortSim out{dir.file(name + ".csv"), dir.file(name + "_truth.csv")};
  sim::write_recording(out.recording, r, sim::simulation_metadata(s));
  if (shift_pose >= 0) r.truth.pose[static_cast<std::size_t>(shift_pose)].t_us += 1;
  io::TruthCsvOptions options;
  options.pose_every = pose_every;
  io::write_truth_csv(out.truth, r.truth, options);
  return out;
}

TEST(RunCommand, BundledSampleExitsZeroAndPrintsTheTruthTable) {
  const CliResult r = run_cli("run --details --no-files");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(contains(r.output, "orientation vs truth")) << r.output;
  EXPECT_TRUE(contains(r.output, "sample_truth.csv")) << r.output;
  EXPECT_TRUE(contains(r.output, "first 2 s (initialisation) skipped")) << r.output;
  for (const char* column : {"segment", "total", "heading", "inclination", "all", "rest", "walk",
                             "run", "gyro bias at the end"}) {
    EXPECT_TRUE(contains(r.output, column)) << column << "\n" << r.output;
  }
  EXPECT_FALSE(contains(r.output, "heading offset")) << "9D removes no offset\n" << r.output;
}

TEST(RunCommand, BothFiltersTrackTheBundledSampleWithin3DegTotalRmseAnd01DegPerSecBias) {
  for (const char* filter : {"ekf", "complementary"}) {
    for (const char* mode : {"", "--no-mag"}) {
      const nlohmann::json j = sample_json(std::string("--filter ") + filter + " " + mode);
      ASSERT_TRUE(j.is_object() && j["truth"].is_object()) << filter << " " << mode;
      const nlohmann::json& t = j["truth"];
      EXPECT_LT(t["total_rmse_deg"].get<double>(), 3.0) << filter << " " << mode;
      EXPECT_LT(t["inclination_rmse_deg"].get<double>(), 3.0) << filter << " " << mode;
      EXPECT_LT(t["bias_error_deg_s"].get<double>(), 0.1) << filter << " " << mode;
      EXPECT_GT(t["samples_scored"].get<std::size_t>(), 23000u);
    }
  }
}

TEST(RunCommand, JsonHasTheTruthKeysAndOneEntryPerSegment) {
  const nlohmann::json j = sample_json("");
  ASSERT_TRUE(j.is_object());
  ASSERT_TRUE(j.contains("truth"));
  const nlohmann::json& t = j["truth"];
  for (const char* key :
       {"file", "skipped_initial_s", "samples_scored", "heading_offset_removed",
        "heading_offset_deg", "total_rmse_deg", "heading_rmse_deg", "inclination_rmse_deg",
        "bias_error_deg_s", "bias_estimate_deg_s", "bias_truth_deg_s", "segments"}) {
    EXPECT_TRUE(t.contains(key)) << key;
  }
  EXPECT_EQ(t["skipped_initial_s"].get<double>(), 2.0);
  EXPECT_FALSE(t["heading_offset_removed"].get<bool>());
  // The scenario of data/README.md: rest 40 s, walk 90 s, run 60 s, wave 20 s, type 20 s,
  // rest 60 s.
  const nlohmann::json& segs = t["segments"];
  ASSERT_EQ(segs.size(), 6u);
  const char* activity[6] = {"rest", "walk", "run", "wave", "type", "rest"};
  const double start_s[6] = {0.0, 40.0, 130.0, 190.0, 210.0, 230.0};
  const double end_s[6] = {40.0, 130.0, 190.0, 210.0, 230.0, 290.0};
  for (std::size_t i = 0; i < 6; ++i) {
    EXPECT_EQ(segs[i]["activity"].get<std::string>(), activity[i]);
    EXPECT_DOUBLE_EQ(segs[i]["start_s"].get<double>(), start_s[i]);
    EXPECT_DOUBLE_EQ(segs[i]["end_s"].get<double>(), end_s[i]);
    for (const char* key :
         {"samples_scored", "total_rmse_deg", "heading_rmse_deg", "inclination_rmse_deg"}) {
      ASSERT_TRUE(segs[i][key].is_number()) << i << " " << key;
    }
  }
  EXPECT_TRUE(j["svg"].is_null());
}

// Keys in the order the command sets them (the same order as the table), not sorted.
TEST(RunCommand, JsonKeysComeInTheirDocumentedOrder) {
  const CliResult r = run_cli("run --details --no-files --json", false);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const nlohmann::ordered_json j = nlohmann::ordered_json::parse(r.output);
  std::vector<std::string> keys;
  for (const auto& item : j.items()) keys.push_back(item.key());
  EXPECT_EQ(keys, (std::vector<std::string>{"file", "filter", "mode", "rows_skipped",
                                            "rows_skipped_by_reason", "streams", "orientation",
                                            "wear", "activity", "steps", "heart", "guard", "events",
                                            "truth", "svg", "summary", "files"}));
  keys.clear();
  for (const auto& item : j["streams"]["imu"].items()) keys.push_back(item.key());
  EXPECT_EQ(keys, (std::vector<std::string>{"accepted", "rejected", "duplicates", "backwards",
                                            "not_finite", "beyond_full_scale", "wrong_shape",
                                            "clipped", "gaps", "missing", "jumps", "mean_rate_hz",
                                            "rate_hz", "jitter_us", "drift"}));
  EXPECT_EQ(j["truth"].begin().key(), "file");
}

// The segments partition the scored samples, so the whole recording's mean square error is the
// sample-weighted mean of the segments'; in 6D that holds only when one heading offset serves
// the whole recording and every segment.
TEST(RunCommand, SegmentScoresAddUpToTheWholeRecordingWithOneHeadingOffsetIn6D) {
  for (const char* mode : {"", "--no-mag"}) {
    const nlohmann::json j = sample_json(mode);
    ASSERT_TRUE(j.is_object() && j["truth"].is_object()) << mode;
    const nlohmann::json& t = j["truth"];
    for (const char* key : {"total_rmse_deg", "heading_rmse_deg", "inclination_rmse_deg"}) {
      double n = 0.0;
      double sum_sq = 0.0;
      for (const nlohmann::json& seg : t["segments"]) {
        const double k = seg["samples_scored"].get<double>();
        n += k;
        sum_sq += k * seg[key].get<double>() * seg[key].get<double>();
      }
      EXPECT_EQ(n, t["samples_scored"].get<double>()) << mode;
      const double whole = t[key].get<double>();
      EXPECT_NEAR(std::sqrt(sum_sq / n), whole, 1e-9 * whole) << mode << " " << key;
    }
  }
}

TEST(RunCommand, NoMagRemovesOneHeadingOffsetAndSaysSo) {
  const CliResult r = run_cli("run --details --no-files --no-mag");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(contains(r.output, "6D: one constant heading offset of")) << r.output;
  const nlohmann::json j = sample_json("--no-mag");
  ASSERT_TRUE(j.is_object());
  EXPECT_EQ(j["mode"], "6D");
  EXPECT_TRUE(j["truth"]["heading_offset_removed"].get<bool>());
  EXPECT_TRUE(j["truth"]["heading_offset_deg"].is_number());
}

TEST(RunCommand, SvgIsWellFormedAndHasEveryPanelTitle) {
  const TempDir dir;
  const std::string svg = dir.file("timeline.svg");
  const CliResult r = run_cli("run --details --no-files --svg " + svg);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const std::string doc = read_text(svg);
  EXPECT_EQ(testing::svg_problem(doc), "");
  for (const char* title :
       {"Orientation, estimated (solid) vs truth (dashed)", "Orientation error vs truth",
        "Activity (truth) and Tracker flags", "Gyroscope bias, estimated (solid) vs truth",
        "Magnetometer field norm"}) {
    EXPECT_TRUE(contains(doc, title)) << title;
  }
  EXPECT_LT(doc.size(), 1000000u) << "decimated lines keep the picture small";
}

TEST(RunCommand, WithoutTruthPrintsNoTruthTableAndDrawsThePanelsThatNeedNone) {
  const TempDir dir;
  const ShortSim sim = write_short_sim(dir, "alone");
  std::filesystem::remove(sim.truth);
  const std::string svg = dir.file("alone.svg");
  const CliResult r = run_cli("run --details --no-files " + sim.recording + " --svg " + svg);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_FALSE(contains(r.output, "orientation vs truth")) << r.output;
  const std::string doc = read_text(svg);
  EXPECT_EQ(testing::svg_problem(doc), "");
  EXPECT_TRUE(contains(doc, "Orientation, estimated"));
  EXPECT_TRUE(contains(doc, "Tracker flags"));
  EXPECT_TRUE(contains(doc, "Gyroscope bias, estimated"));
  EXPECT_FALSE(contains(doc, "Orientation error vs truth"));
  const CliResult json = run_cli("run --details --no-files --json " + sim.recording, false);
  ASSERT_EQ(json.exit_code, 0) << json.output;
  const nlohmann::json j = nlohmann::json::parse(json.output, nullptr, false);
  ASSERT_TRUE(j.is_object() && j.contains("truth"));
  EXPECT_TRUE(j["truth"].is_null());
}

TEST(RunCommand, TruthNextToARecordingIsFoundAndEveryNthPoseIsScored) {
  const TempDir dir;
  const ShortSim sim = write_short_sim(dir, "short", 4);
  const CliResult r = run_cli("run --details --no-files --json " + sim.recording, false);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const nlohmann::json j = nlohmann::json::parse(r.output, nullptr, false);
  ASSERT_TRUE(j.is_object() && j["truth"].is_object()) << r.output;
  // 12 s at 104 Hz, every 4th pose, the first 2 s skipped: about 10 * 104 / 4 = 260.
  const std::size_t scored = j["truth"]["samples_scored"].get<std::size_t>();
  EXPECT_GT(scored, 250u);
  EXPECT_LT(scored, 270u);
  EXPECT_LT(j["truth"]["total_rmse_deg"].get<double>(), 3.0);
  ASSERT_EQ(j["truth"]["segments"].size(), 2u);
}

TEST(RunCommand, TruthWithAPoseOffTheImuTimeStampsIsAnErrorNamingTheFileAndLine) {
  const TempDir dir;
  const ShortSim sim = write_short_sim(dir, "shifted", 1, 300);
  // The line of the shifted pose row, counted in the file itself.
  std::ifstream in(sim.truth);
  std::string line;
  std::size_t line_no = 0;
  std::size_t pose_seen = 0;
  std::size_t expected_line = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (line.rfind("pose,", 0) == 0 && pose_seen++ == 300) expected_line = line_no;
  }
  ASSERT_GT(expected_line, 0u);
  const CliResult r =
      run_cli("run --details --no-files " + sim.recording + " --truth " + sim.truth);
  EXPECT_NE(r.exit_code, 0);
  EXPECT_TRUE(contains(r.output, sim.truth + ":" + std::to_string(expected_line) + ":"))
      << "expected " << sim.truth << ":" << expected_line << "\n"
      << r.output;
  EXPECT_TRUE(contains(r.output, "IMU sample")) << r.output;
}

TEST(RunCommand, TruthOfAnotherRecordingIsAnErrorNamingTheTruthFile) {
  const TempDir dir;
  const ShortSim sim = write_short_sim(dir, "short");
  const CliResult r = run_cli("run --details --no-files " + sim.recording + " --truth " +
                              std::string(FUSETRACK_SAMPLE_DIR) + "/sample_truth.csv");
  EXPECT_NE(r.exit_code, 0);
  EXPECT_TRUE(contains(r.output, "sample_truth.csv:")) << r.output;
}

TEST(RunCommand, MissingTruthFileIsAnErrorNamingIt) {
  const TempDir dir;
  const std::string missing = dir.file("no_such_truth.csv");
  const CliResult r = run_cli("run --details --no-files --truth " + missing);
  EXPECT_NE(r.exit_code, 0);
  EXPECT_TRUE(contains(r.output, missing)) << r.output;
}

}  // namespace
}  // namespace fusetrack

namespace fusetrack {
namespace {

TEST(RunCommand, ListsTheEventsOfTheBundledSampleByKindWithTheirTimes) {
  const nlohmann::json j = sample_json("");
  const nlohmann::json& ev = j["events"];
  ASSERT_TRUE(ev.is_object());
  EXPECT_EQ(ev["dropped"], 0);
  ASSERT_EQ(ev["kinds"].size(), kEventKindCount);  // every kind, 0 when it did not happen
  std::uint64_t sum = 0;
  for (const auto& k : ev["kinds"]) sum += k["count"].get<std::uint64_t>();
  EXPECT_EQ(ev["total"].get<std::uint64_t>(), sum);
  // The wrist rests, walks, runs, waves, types and rests: still, then moving (near 40 s), then
  // still again (after 190 s, while typing); the activity follows (checked below); the fall at
  // 255 s raises one alarm and its follow-up; and nothing else happens in a clean recording.
  const nlohmann::json* wear = nullptr;
  const nlohmann::json* activity = nullptr;
  for (const auto& k : ev["kinds"]) {
    if (k["kind"] == "wear_state_changed") {
      wear = &k;
    } else if (k["kind"] == "activity_changed") {
      activity = &k;
    } else if (k["kind"] == "walking_started" || k["kind"] == "walking_ended") {
      // One bout: from the first steps after 40 s to the last before 190 s.
      ASSERT_EQ(k["count"], 1) << k["kind"];
      const double t = k["first"][0]["t_s"].get<double>();
      if (k["kind"] == "walking_started") {
        EXPECT_NEAR(t, 40.0, 0.6);
      } else {
        EXPECT_NEAR(t, 189.5, 0.6);
      }
    } else if (k["kind"] == "step") {
      // run asks for an event per step: as many as the stage counted.
      EXPECT_EQ(k["count"], j["steps"]["steps"]);
    } else if (k["kind"] == "fall" || k["kind"] == "fall_follow_up") {
      ASSERT_EQ(k["count"], 1) << k["kind"];
      const double t = k["first"][0]["t_s"].get<double>();
      if (k["kind"] == "fall") {
        EXPECT_NEAR(t, 255.8, 1.0);  // the truth's impact: 255.79 s
      } else {
        EXPECT_GT(t, 260.0);  // once the wearer got up (lying 25 s) or the follow-up timed out
        EXPECT_LT(t, 290.0);
      }
    } else if (k["kind"] == "heart_rate") {
      // One per heart-rate estimate (every 2 s once the first 8 s window is full).
      EXPECT_EQ(k["count"], j["heart"]["estimates"]);
      EXPECT_GT(k["count"].get<int>(), 100);
    } else {
      EXPECT_EQ(k["count"], 0) << k["kind"];
    }
  }
  // Rest, walk, run, rest in the wrist daily model's classes (STATIC 0, WALKING 1, JOGGING 2):
  // the first label is STATIC, walking is recognised within one window and two hops of the
  // truth's boundary at 40 s, and a vigorous class follows once the run starts at 130 s.
  ASSERT_NE(activity, nullptr);
  const nlohmann::json& act = (*activity)["first"];
  ASSERT_GE(act.size(), 3u);
  EXPECT_EQ(act[0]["code"], 0);
  EXPECT_EQ(act[1]["code"], 1);
  EXPECT_GE(act[1]["t_s"].get<double>(), 40.0);
  EXPECT_LE(act[1]["t_s"].get<double>(), 40.0 + 10.0 + 2 * 5.0 + 1.0);
  // JOGGING (2) or SPORTS (5): the simulator's running arm is vigorous, but not WISDM's jog.
  EXPECT_TRUE(act[2]["code"] == 2 || act[2]["code"] == 5) << act[2]["code"];
  EXPECT_GE(act[2]["t_s"].get<double>(), 130.0);
  EXPECT_GT(j["activity"]["truth_agreement"].get<double>(), 0.5);
  ASSERT_NE(wear, nullptr);
  ASSERT_GE((*wear)["count"], 3);
  const nlohmann::json& first = (*wear)["first"];
  EXPECT_EQ(first[0]["what"], "unknown -> still");
  EXPECT_EQ(first[1]["what"], "still -> moving");
  EXPECT_NEAR(first[1]["t_s"].get<double>(), 40.0, 2.0);
  EXPECT_EQ(first[2]["what"], "moving -> still");
  EXPECT_GT(first[2]["t_s"].get<double>(), 210.0);  // typing: the arm barely moves
  EXPECT_LT(first[2]["t_s"].get<double>(), 230.0);
  EXPECT_EQ(j["wear"]["state"], "still");
  // The table says the same.
  const CliResult text = run_cli("run --details --no-files", false);
  EXPECT_TRUE(contains(text.output, "wear_state_changed")) << text.output;
  EXPECT_TRUE(contains(text.output, "still -> moving")) << text.output;
}

// The bundled sample with its gyroscope removed: orientation is the accelerometer's inclination,
// within 3 degrees of the truth over the first rest segment; no heading is claimed.
TEST(RunCommand, AccelerometerOnlySampleGivesInclinationWithin3DegAtRest) {
  const TempDir dir;
  const std::string rec = dir.file("acc.csv");
  io::drop_gyroscope(std::string(FUSETRACK_SAMPLE_DIR) + "/sample.csv", rec);
  const CliResult r = run_cli("run --json --no-files " + rec + " --truth " +
                                  std::string(FUSETRACK_SAMPLE_DIR) + "/sample_truth.csv",
                              false);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const nlohmann::json j = nlohmann::json::parse(r.output);
  EXPECT_EQ(j["mode"], "acc-only");
  EXPECT_EQ(j["orientation"]["acc_only"], true);
  EXPECT_EQ(j["orientation"]["heading_available"], false);
  const nlohmann::json& seg = j["truth"]["segments"];
  ASSERT_EQ(seg.size(), 6u);
  EXPECT_EQ(seg[0]["activity"], "rest");
  EXPECT_LT(seg[0]["inclination_rmse_deg"].get<double>(), 3.0);
  // Walking and running swing the wrist: the accelerometer alone cannot follow (README), but
  // the estimate stays finite and inside a right angle.
  for (std::size_t i = 1; i < seg.size(); ++i) {
    EXPECT_LT(seg[i]["inclination_rmse_deg"].get<double>(), 45.0) << seg[i]["activity"];
  }
  EXPECT_EQ(j["wear"]["state"], "still");
  const CliResult text = run_cli("run --details --no-files " + rec, false);
  EXPECT_TRUE(contains(text.output, "heading unavailable")) << text.output;
  // The picture draws what exists: no yaw, no heading error, no gyroscope bias.
  const std::string svg = dir.file("acc.svg");
  ASSERT_EQ(run_cli("run --details --no-files " + rec + " --svg " + svg, false).exit_code, 0);
  const std::string picture = read_text(svg);
  EXPECT_TRUE(contains(picture, "roll and pitch only")) << svg;
  EXPECT_FALSE(contains(picture, "Gyroscope bias")) << svg;
}

}  // namespace
}  // namespace fusetrack
