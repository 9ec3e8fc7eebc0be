// The scenario as text (`fusetrack simulate --scenario`, the `scenario` metadata): parsed into
// segments with their activity's typical values, written back the same way, and rejected with a
// message that says what was expected and what was found.
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "sim/settings.hpp"

namespace fusetrack::sim {
namespace {

// The message parse_scenario throws for `text`; empty when it does not throw.
std::string parse_error(const std::string& text) {
  try {
    (void)parse_scenario(text);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "";
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(Scenario, ParsesSegmentsInOrderWithTheTypicalValuesOfTheirActivity) {
  const std::vector<Segment> s = parse_scenario("rest:20,walk:1800,run:1780.5");
  ASSERT_EQ(s.size(), 3u);
  EXPECT_EQ(s[0].activity, Activity::kRest);
  EXPECT_EQ(s[0].duration_s, 20.0);
  EXPECT_EQ(s[1].activity, Activity::kWalk);
  EXPECT_EQ(s[1].duration_s, 1800.0);
  EXPECT_EQ(s[1].cadence_spm, Segment::walk(1.0).cadence_spm);
  EXPECT_EQ(s[2].activity, Activity::kRun);
  EXPECT_EQ(s[2].duration_s, 1780.5);
  EXPECT_EQ(s[2].step_length_m, Segment::run(1.0).step_length_m);
  EXPECT_EQ(s[2].heart_rate_bpm, Segment::run(1.0).heart_rate_bpm);
}

TEST(Scenario, TextOfTheDefaultScenarioIsTheMetadataFormAndParsesBackToIt) {
  const std::string text = scenario_text(default_scenario());
  EXPECT_EQ(text, "rest:40,walk:90,run:60,rest:40");
  const std::vector<Segment> back = parse_scenario(text);
  const std::vector<Segment> def = default_scenario();
  ASSERT_EQ(back.size(), def.size());
  for (std::size_t i = 0; i < def.size(); ++i) {
    EXPECT_EQ(back[i].activity, def[i].activity);
    EXPECT_EQ(back[i].duration_s, def[i].duration_s);
    EXPECT_EQ(back[i].cadence_spm, def[i].cadence_spm);
  }
  EXPECT_EQ(scenario_text(parse_scenario("walk:0.25")), "walk:0.25");
}

TEST(Scenario, RejectsAnUnknownActivityNamingIt) {
  const std::string e = parse_error("rest:10,jog:60");
  EXPECT_TRUE(contains(e, "unknown activity 'jog'")) << e;
  EXPECT_TRUE(contains(e, "item 2 'jog:60'")) << e;
  EXPECT_TRUE(contains(e, "rest, walk or run")) << e;
}

TEST(Scenario, RejectsDurationsThatAreNotFinitePositiveNumbers) {
  for (const char* text : {"walk:0", "walk:-5", "walk:abc", "walk:", "walk:nan", "walk:inf",
                           "walk: 5", "walk:5s", "walk:1e999"}) {
    const std::string e = parse_error(text);
    EXPECT_TRUE(contains(e, "expected a duration in seconds > 0")) << text << ": " << e;
  }
}

TEST(Scenario, RejectsEmptyTextEmptyItemsAndItemsWithoutAColon) {
  EXPECT_TRUE(contains(parse_error(""), "found nothing"));
  EXPECT_TRUE(contains(parse_error("walk:10,"), "found item 2 ''"));
  EXPECT_TRUE(contains(parse_error(",walk:10"), "found item 1 ''"));
  EXPECT_TRUE(contains(parse_error("walk"), "ACTIVITY:SECONDS")) << parse_error("walk");
  EXPECT_TRUE(contains(parse_error("walk:10,,run:5"), "item 2"));
}

TEST(Scenario, RejectsMoreThanOneDayInAll) {
  EXPECT_NO_THROW(parse_scenario("walk:43200,run:43200"));
  const std::string e = parse_error("walk:43200,run:43201");
  EXPECT_TRUE(contains(e, "more than 86400 s")) << e;
  EXPECT_TRUE(contains(e, "item 2")) << e;
}

TEST(Scenario, ParsesTheActivitiesWithoutStepsWithTheirTypicalValues) {
  const std::vector<Segment> s = parse_scenario("wave:10,type:20,talk:30,car:40.5");
  ASSERT_EQ(s.size(), 4u);
  const Activity expected[] = {Activity::kWave, Activity::kType, Activity::kTalk, Activity::kCar};
  for (std::size_t i = 0; i < s.size(); ++i) {
    EXPECT_EQ(s[i].activity, expected[i]);
    EXPECT_EQ(s[i].heart_rate_bpm, Segment::typical(expected[i], 1.0).heart_rate_bpm);
    EXPECT_FALSE(activity_has_steps(s[i].activity));
  }
  EXPECT_EQ(s[3].duration_s, 40.5);
  EXPECT_EQ(scenario_text(s), "wave:10,type:20,talk:30,car:40.5");
}

TEST(Scenario, ACadenceAfterAnAtSetsAWalksOrRunsStepsPerMinuteAndTextRoundTripsIt) {
  const std::vector<Segment> s = parse_scenario("walk:60@90,run:30@172.5,walk:10,rest:5");
  ASSERT_EQ(s.size(), 4u);
  EXPECT_EQ(s[0].cadence_spm, 90.0);
  EXPECT_EQ(s[0].duration_s, 60.0);
  EXPECT_EQ(s[0].step_length_m, Segment::walk(1.0).step_length_m);
  EXPECT_EQ(s[1].cadence_spm, 172.5);
  EXPECT_EQ(s[2].cadence_spm, Segment::walk(1.0).cadence_spm);
  // @ only where the cadence is not the activity's typical one.
  EXPECT_EQ(scenario_text(s), "walk:60@90,run:30@172.5,walk:10,rest:5");
  EXPECT_EQ(scenario_text(parse_scenario("walk:60@110,run:5@165")), "walk:60,run:5");
  const std::vector<Segment> back = parse_scenario(scenario_text(s));
  for (std::size_t i = 0; i < s.size(); ++i) EXPECT_EQ(back[i].cadence_spm, s[i].cadence_spm);
}

TEST(Scenario, RejectsACadenceOutOfRangeMalformedOrOnAnActivityWithoutSteps) {
  for (const char* text : {"walk:60@39", "walk:60@241", "walk:60@", "walk:60@abc", "run:5@nan",
                           "walk:60@90@90", "walk:60@ 90"}) {
    const std::string e = parse_error(text);
    EXPECT_TRUE(contains(e, "expected a cadence in steps/min in [40, 240]")) << text << ": " << e;
  }
  for (const char* text : {"rest:10@90", "car:10@90", "wave:5@100"}) {
    const std::string e = parse_error(text);
    EXPECT_TRUE(contains(e, "for walk or run only")) << text << ": " << e;
  }
  EXPECT_TRUE(contains(parse_error("walk:abc@90"), "expected a duration in seconds > 0"));
  EXPECT_TRUE(contains(parse_error("drive:10"), "wave, type, talk or car"));
}

}  // namespace
}  // namespace fusetrack::sim
