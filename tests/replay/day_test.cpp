// The day of a recording (replay/day.hpp): one row per second with the Tracker's final figures in
// the last one, the CSV and JSON forms, and the events of a scripted day (rest, walk, run, rest,
// a fall) in time order at the times the simulator's truth gives.
#include "replay/day.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "../io/io_test_util.hpp"
#include "replay/replay.hpp"
#include "sim/settings.hpp"
#include "sim/sim_recording.hpp"
#include "sim/simulator.hpp"

namespace fusetrack::replay {
namespace {

using io::testing::TempDir;

struct Written {
  std::string path;
  sim::SimResult result;
  double duration_s = 0.0;
};

Written write_sim(const TempDir& dir, const std::string& name, const sim::SimSettings& s) {
  Written w;
  w.path = dir.file(name + ".csv");
  w.result = sim::simulate(s);
  w.duration_s = s.duration_s();
  sim::write_recording(w.path, w.result, sim::simulation_metadata(s));
  return w;
}

TEST(ReplayDay, OneRowPerSecondAndTheLastRowHoldsTheTrackersFinalFigures) {
  const TempDir dir;
  sim::SimSettings s;
  s.segments = {sim::Segment::rest(6.0), sim::Segment::walk(14.0)};
  const Written w = write_sim(dir, "short", s);
  ReplayOptions options;
  const DayTimeline day = replay_day(w.path, options);
  const FileReplay plain = replay_file(w.path, options);
  const TrackerOutput& out = plain.result.output;

  ASSERT_EQ(day.seconds.size(), static_cast<std::size_t>(std::ceil(w.duration_s)));
  EXPECT_NEAR(day.summary.duration_s, w.duration_s, 0.05);
  EXPECT_EQ(day.summary.steps, out.steps.steps);
  EXPECT_GT(day.summary.steps, 0u);
  EXPECT_EQ(day.summary.imu_samples, out.imu.accepted);
  EXPECT_DOUBLE_EQ(day.summary.distance_m, out.steps.distance_m());
  EXPECT_EQ(day.seconds.back().steps_total, out.steps.steps);
  std::uint64_t credited = 0;
  for (std::size_t k = 0; k < day.seconds.size(); ++k) {
    EXPECT_DOUBLE_EQ(day.seconds[k].t_s, static_cast<double>(k));
    credited += day.seconds[k].steps;
    EXPECT_LE(day.seconds[k].roll_min_deg, day.seconds[k].roll_deg);
    EXPECT_GE(day.seconds[k].roll_max_deg, day.seconds[k].roll_deg);
  }
  EXPECT_EQ(credited, out.steps.steps);
  EXPECT_GT(day.summary.walking_s, 0.0);
  EXPECT_GT(day.summary.cadence_mean_spm, 60.0);
  EXPECT_GE(day.summary.cadence_max_spm, day.summary.cadence_mean_spm);
  EXPECT_FALSE(day.summary.seconds_per_activity.empty());
  EXPECT_TRUE(day.summary.stages_falls);  // on by default in a replay of a wrist recording

  std::ostringstream csv;
  write_timeline_csv(csv, day);
  std::istringstream lines(csv.str());
  std::string header;
  std::getline(lines, header);
  EXPECT_EQ(header.rfind("t_s,activity,activity_confidence,wear,walking,steps_total,steps,"
                         "cadence_spm,distance_m,heart_valid,heart_bpm,heart_reason,roll_deg,"
                         "pitch_deg,yaw_deg,",
                         0),
            0u)
      << header;
  std::size_t rows = 0;
  const auto columns = static_cast<std::size_t>(std::count(header.begin(), header.end(), ','));
  for (std::string line; std::getline(lines, line);) {
    ++rows;
    EXPECT_EQ(static_cast<std::size_t>(std::count(line.begin(), line.end(), ',')), columns) << line;
  }
  EXPECT_EQ(rows, day.seconds.size());
  EXPECT_EQ(csv.str().find("nan"), std::string::npos);

  const nlohmann::json j = nlohmann::json::parse(report::json_text(timeline_json(day)));
  EXPECT_EQ(j["seconds"].size(), day.seconds.size());
  EXPECT_EQ(j["columns"].size(), timeline_columns().size());
  EXPECT_EQ(j["seconds"][0].size(), timeline_columns().size());
  EXPECT_EQ(j["summary"]["steps"].get<std::uint64_t>(), out.steps.steps);
}

TEST(ReplayDay, AScriptedDaysEventsArriveInTimeOrderAtTheTruthsTimes) {
  const TempDir dir;
  sim::SimSettings s;
  s.segments = {sim::Segment::rest(20.0), sim::Segment::walk(40.0), sim::Segment::run(30.0),
                sim::Segment::rest(50.0)};
  s.events = sim::parse_motion_events("fall_forward@105+10");
  const Written w = write_sim(dir, "day", s);
  ReplayOptions options;
  options.falls = true;
  const DayTimeline day = replay_day(w.path, options);
  const FileReplay plain = replay_file(w.path, options);
  const io::Truth& truth = w.result.truth;
  ASSERT_FALSE(truth.events.empty());
  ASSERT_GE(truth.segments.size(), 2u);
  const Micros t0 =
      std::min(w.result.imu.front().t_us,
               w.result.ppg.empty() ? w.result.imu.front().t_us : w.result.ppg.front().t_us);
  const double walk_start_s = static_cast<double>(truth.segments[1].start_us - t0) * 1e-6;
  const double impact_s = static_cast<double>(truth.events[0].impact_us - t0) * 1e-6;

  ASSERT_FALSE(day.events.empty());
  for (std::size_t k = 1; k < day.events.size(); ++k) {
    EXPECT_LE(day.events[k - 1].t_us, day.events[k].t_us) << k;
  }
  bool walking_seen = false;
  bool fall_seen = false;
  for (const DayEvent& e : day.events) {
    EXPECT_FALSE(e.detail.empty()) << e.kind;
    EXPECT_NE(e.kind, "step");
    EXPECT_NE(e.kind, "heart_rate");
    if (!walking_seen && e.kind == "activity_changed" &&
        e.detail.find("WALKING") != std::string::npos &&
        e.detail.rfind("WALKING") + 7 == e.detail.find(" (")) {
      walking_seen = true;
      EXPECT_GE(e.t_s, walk_start_s) << e.detail;
      EXPECT_LE(e.t_s, walk_start_s + 16.0) << e.detail;  // about 15 s: windows, smoothing
    }
    if (e.kind == "fall") {
      fall_seen = true;
      EXPECT_NEAR(e.t_s, impact_s, 1.0) << e.detail;
    }
  }
  EXPECT_TRUE(walking_seen);
  EXPECT_TRUE(fall_seen);
  EXPECT_TRUE(day.summary.stages_falls);
  EXPECT_EQ(day.summary.falls, plain.result.output.falls.alarms);
  EXPECT_GE(day.summary.falls, 1u);
  EXPECT_EQ(day.summary.steps, plain.result.output.steps.steps);
}

TEST(ReplayDay, RecordingNameStripsTheExtensions) {
  EXPECT_EQ(recording_name("a/b/walk.csv"), "walk");
  EXPECT_EQ(recording_name("walk.csv.gz"), "walk");
  const DayFiles f = day_files("out", "walk");
  EXPECT_EQ(f.csv, "out/walk_timeline.csv");
  EXPECT_EQ(f.json, "out/walk_timeline.json");
  EXPECT_EQ(f.svg, "out/walk_day.svg");
}

}  // namespace
}  // namespace fusetrack::replay
