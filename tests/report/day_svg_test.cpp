// The day picture: well formed, every panel titled, one marker per fall, never "nan" or "inf",
// a day of seconds drawn per pixel column, stages that were off said so, an empty day drawn.
#include "report/day_svg.hpp"

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>

#include <gtest/gtest.h>

#include "../io/io_test_util.hpp"
#include "svg_check.hpp"

namespace fusetrack::report {
namespace {

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

std::size_t count(const std::string& text, const std::string& part) {
  std::size_t n = 0;
  for (std::size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) {
    ++n;
  }
  return n;
}

// The class of second `t` of a rest-walk-run-rest pattern repeated every `period` seconds.
const char* activity_at(std::size_t t, std::size_t period) {
  const std::size_t phase = t % period * 10 / period;
  if (phase < 2) return "STATIC";
  if (phase < 5) return "WALKING";
  if (phase < 8) return "JOGGING";
  return "STATIC";
}

// `n` seconds of rest, walk, run, rest (one cycle per `period` s), heart rate invalid from 20 %
// to 30 % of each cycle (motion), a fall one minute before the end.
replay::DayTimeline synthetic_day(std::size_t n, std::size_t period) {
  replay::DayTimeline day;
  replay::DaySummary& s = day.summary;
  s.file = "walk<&>run.csv";
  s.duration_s = static_cast<double>(n);
  s.stages_activity = s.stages_steps = s.stages_heart = s.stages_falls = s.stages_energy = true;
  std::uint64_t steps = 0;
  double kcal = 0.0;
  std::string previous;
  for (std::size_t t = 0; t < n; ++t) {
    replay::DaySecond r;
    r.t_s = static_cast<double>(t);
    r.t_us = static_cast<Micros>(t) * 1000000;
    r.activity = t < 3 ? "unknown" : activity_at(t, period);
    r.activity_confidence = 0.9f;
    r.wear = "worn";
    const bool walk = r.activity == std::string("WALKING");
    const bool run = r.activity == std::string("JOGGING");
    r.walking = walk || run;
    r.cadence_spm = walk ? 108.0f : (run ? 165.0f : 0.0f);
    r.steps = static_cast<std::uint32_t>(r.cadence_spm / 60.0f + 0.5f);
    steps += r.steps;
    r.steps_total = steps;
    const std::size_t phase = t % period * 10 / period;
    r.heart_valid = t >= 8 && phase != 2;
    r.heart_reason = t < 8 ? "none" : (r.heart_valid ? "valid" : "motion");
    r.heart_bpm = t < 8 ? 0.0f
                        : (walk ? 105.0f : (run ? 150.0f : 72.0f)) +
                              3.0f * static_cast<float>(std::sin(0.05 * static_cast<double>(t)));
    const double swing = run ? 40.0 : (walk ? 20.0 : 2.0);
    r.roll_deg = static_cast<float>(10.0 + swing * std::sin(0.7 * static_cast<double>(t)));
    r.pitch_deg = static_cast<float>(-20.0 + 0.5 * swing * std::cos(0.3 * static_cast<double>(t)));
    r.roll_min_deg = r.roll_deg - static_cast<float>(swing);
    r.roll_max_deg = r.roll_deg + static_cast<float>(swing);
    r.pitch_min_deg = r.pitch_deg - static_cast<float>(0.5 * swing);
    r.pitch_max_deg = r.pitch_deg + static_cast<float>(0.5 * swing);
    r.yaw_deg = static_cast<float>(std::fmod(static_cast<double>(t) * 0.5, 360.0) - 180.0);
    r.met = run ? 8.0f : (walk ? 3.5f : 1.2f);
    r.kcal_per_min = r.met * 70.0f / 60.0f;
    kcal += static_cast<double>(r.kcal_per_min) / 60.0;
    r.kcal_total = kcal;
    if (r.activity != previous) {
      day.events.push_back({r.t_s, r.t_us, "activity_changed", r.activity});
      previous = r.activity;
    }
    if (r.steps > 0) day.events.push_back({r.t_s + 0.5, r.t_us, "step", ""});
    if (t % 2 == 0) day.events.push_back({r.t_s, r.t_us, "heart_rate", ""});
    day.seconds.push_back(r);
  }
  s.steps = steps;
  s.kcal_total = kcal;
  if (n > 120) {
    const double t = static_cast<double>(n - 60);
    day.events.push_back({t, static_cast<Micros>(t * 1e6), "fall", "impact 4.1 g"});
    day.events.push_back({t + 10.0, static_cast<Micros>(t * 1e6), "fall_follow_up", "still"});
    day.events.push_back({t - 200.0, 0, "stream_gap", "stream imu, 0.31 s"});
    day.events.push_back({t - 100.0, 0, "sample_rejected", "stream ppg"});
    s.falls = 1;
  }
  return day;
}

TEST(DaySvg, TenMinutesIsWellFormedWithEveryPanelAndOneMarkerPerFall) {
  const replay::DayTimeline day = synthetic_day(600, 600);
  const std::string doc = day_svg(day);
  EXPECT_EQ(testing::svg_problem(doc), "");
  for (const char* title :
       {"Activity", "Steps", "Heart rate", "Orientation", "Energy", "Events",
        "walk&lt;&amp;&gt;run.csv", "WALKING", "JOGGING", "STATIC", "motion", "0:10"}) {
    EXPECT_TRUE(contains(doc, title)) << title;
  }
  EXPECT_EQ(count(doc, "class=\"fall\""), 1u);
  EXPECT_FALSE(contains(doc, "stage off"));
  EXPECT_FALSE(contains(doc, "nan"));
  EXPECT_FALSE(contains(doc, "inf"));
  EXPECT_FALSE(contains(doc, "yaw")) << "no heading: no yaw";
}

TEST(DaySvg, DrawsYawOnlyWithHeadingAndOneMarkerPerFall) {
  replay::DayTimeline day = synthetic_day(600, 600);
  day.summary.heading_available = true;
  day.events.push_back({100.0, 0, "fall", ""});
  day.events.push_back({101.0, 0, "fall", ""});
  const std::string doc = day_svg(day);
  EXPECT_EQ(testing::svg_problem(doc), "");
  EXPECT_TRUE(contains(doc, "yaw"));
  EXPECT_EQ(count(doc, "class=\"fall\""), 3u);
}

TEST(DaySvg, ADayOfSecondsStaysSmall) {
  const replay::DayTimeline day = synthetic_day(86400, 3600);
  const std::string doc = day_svg(day);
  EXPECT_EQ(testing::svg_problem(doc), "");
  EXPECT_LT(doc.size(), 1000000u);
  EXPECT_TRUE(contains(doc, "h:mm"));
  EXPECT_TRUE(contains(doc, "12:00"));
  EXPECT_EQ(count(doc, "class=\"fall\""), 1u);
  EXPECT_FALSE(contains(doc, "nan"));
  EXPECT_FALSE(contains(doc, "inf"));
}

TEST(DaySvg, StagesThatWereOffSaySo) {
  replay::DayTimeline day = synthetic_day(600, 600);
  day.summary.stages_heart = false;
  day.summary.stages_energy = false;
  const std::string doc = day_svg(day);
  EXPECT_EQ(testing::svg_problem(doc), "");
  EXPECT_EQ(count(doc, "stage off"), 2u);
  EXPECT_TRUE(contains(doc, "Heart rate"));
  EXPECT_TRUE(contains(doc, "Energy"));
  EXPECT_FALSE(contains(doc, "bpm")) << "no heart axis";
}

TEST(DaySvg, NotFiniteValuesNeverReachTheDocument) {
  replay::DayTimeline day = synthetic_day(600, 600);
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const float fnan = std::numeric_limits<float>::quiet_NaN();
  const float finf = std::numeric_limits<float>::infinity();
  for (std::size_t t = 100; t < 200; ++t) {
    replay::DaySecond& r = day.seconds[t];
    r.roll_deg = fnan;
    r.pitch_max_deg = finf;
    r.heart_bpm = fnan;
    r.met = finf;
    r.cadence_spm = fnan;
    r.kcal_total = nan;
  }
  day.summary.kcal_total = nan;
  day.summary.duration_s = nan;
  day.events.push_back({nan, 0, "fall", ""});
  const std::string doc = day_svg(day);
  EXPECT_EQ(testing::svg_problem(doc), "");
  EXPECT_FALSE(contains(doc, "nan"));
  EXPECT_FALSE(contains(doc, "inf"));
}

TEST(DaySvg, OneSecondAndNoSeconds) {
  const std::string one = day_svg(synthetic_day(1, 600));
  EXPECT_EQ(testing::svg_problem(one), "");
  EXPECT_TRUE(contains(one, "Orientation"));
  EXPECT_FALSE(contains(one, "nan"));

  replay::DayTimeline empty;
  empty.summary.file = "empty.csv";
  const std::string none = day_svg(empty);
  EXPECT_EQ(testing::svg_problem(none), "");
  EXPECT_TRUE(contains(none, "no data"));
  EXPECT_TRUE(contains(none, "empty.csv"));
}

TEST(DaySvg, WritesTheFileAndNamesAPathItCannotWrite) {
  const io::testing::TempDir dir;
  const std::string path = dir.file("day.svg");
  const replay::DayTimeline day = synthetic_day(10, 600);
  write_day_svg(path, day);
  EXPECT_EQ(io::testing::read_bytes(path), day_svg(day));
  const std::string bad = dir.file("no/such/folder/day.svg");
  try {
    write_day_svg(bad, day);
    FAIL() << "expected an error";
  } catch (const std::runtime_error& e) {
    EXPECT_TRUE(contains(e.what(), bad)) << e.what();
  }
}

}  // namespace
}  // namespace fusetrack::report
