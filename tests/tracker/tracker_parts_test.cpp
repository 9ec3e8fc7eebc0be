// BasicTracker<Parts>: a type with parts left out refuses settings that ask for them (the field
// named), runs what it has exactly as the Tracker with every part does on the same settings,
// holds less and saves a smaller state that only its own type restores.
#include <cstdint>
#include <cstring>
#include <memory>
#include <vector>

#include <gtest/gtest.h>

#include "fusetrack/tracker.hpp"
#include "synthetic_wrist.hpp"
#include "tracker_compare.hpp"

namespace fusetrack {
namespace {

namespace tp = tracker_parts;
using StepsOnly = BasicTracker<tp::kEkf | tp::kSteps>;
using AccOnlySteps = BasicTracker<tp::kAccelerometerTilt | tp::kSteps>;
using Complementary = BasicTracker<tp::kComplementary | tp::kActivity | tp::kSteps | tp::kEnergy>;

std::uint32_t hash_of(const TrackerSettings& s) {
  SettingsHash h;
  s.hash_into(h);
  return h.value();
}

// The same settings with only the steps stage on (the magnetometer and PPG streams off).
TrackerSettings steps_settings() {
  TrackerSettings s;
  s.imu.nominal_rate_hz = 50.0f;
  s.mag_enabled = false;
  s.ppg_enabled = false;
  s.wear.enabled = false;
  s.activity.enabled = false;
  s.heart.enabled = false;
  s.falls.enabled = false;
  s.energy.enabled = false;
  s.steps.enabled = true;
  return s;
}

TEST(TrackerParts, TheFullTrackerDefaultsAreTrackerSettings) {
  static_assert(Tracker::kParts == tp::kAll, "Tracker has every part");
  EXPECT_EQ(hash_of(Tracker::default_settings()), hash_of(TrackerSettings{}));
  EXPECT_TRUE(ok(Tracker{}.status()));
}

TEST(TrackerParts, DefaultSettingsRunOnlyWhatTheTypeHas) {
  const TrackerSettings s = StepsOnly::default_settings();
  EXPECT_TRUE(s.steps.enabled);
  EXPECT_FALSE(s.activity.enabled);
  EXPECT_FALSE(s.heart.enabled);
  EXPECT_FALSE(s.wear.enabled);
  EXPECT_FALSE(s.energy.enabled);
  EXPECT_EQ(s.orientation_filter, OrientationFilterKind::kEkf);
  EXPECT_TRUE(ok(StepsOnly{}.status()));

  EXPECT_EQ(Complementary::default_settings().orientation_filter,
            OrientationFilterKind::kComplementary);
  const Complementary c;
  ASSERT_TRUE(ok(c.status()));
  EXPECT_NE(c.complementary_filter(), nullptr);
  EXPECT_EQ(c.orientation_ekf(), nullptr);

  EXPECT_FALSE(AccOnlySteps::default_settings().imu_has_gyr);
  const AccOnlySteps a;
  ASSERT_TRUE(ok(a.status()));
  EXPECT_NE(a.accelerometer_tilt(), nullptr);
}

TEST(TrackerParts, SettingsAskingForAMissingPartAreRefusedWithTheField) {
  struct Case {
    void (*edit)(TrackerSettings&);
    const char* field;
    const char* subfield;
  };
  const Case cases[] = {
      {[](TrackerSettings& s) { s.activity.enabled = true; }, "activity", "enabled"},
      {[](TrackerSettings& s) { s.heart.enabled = true; }, "heart", "enabled"},
      {[](TrackerSettings& s) { s.wear.enabled = true; }, "wear", "enabled"},
      {[](TrackerSettings& s) { s.energy.enabled = true; }, "energy", "enabled"},
      {[](TrackerSettings& s) { s.falls.enabled = true; }, "falls", "enabled"},
      {[](TrackerSettings& s) { s.orientation_filter = OrientationFilterKind::kComplementary; },
       "orientation_filter", nullptr},
      {[](TrackerSettings& s) { s.imu_has_gyr = false; }, "imu_has_gyr", nullptr},
  };
  for (const Case& c : cases) {
    TrackerSettings s = StepsOnly::default_settings();
    c.edit(s);
    const SettingsCheck check = s.check<StepsOnly::kParts>();
    EXPECT_EQ(check.status, Status::kInvalidSettings) << c.field;
    EXPECT_STREQ(check.field, c.field);
    if (c.subfield == nullptr) {
      EXPECT_EQ(check.subfield, nullptr) << c.field;
    } else {
      EXPECT_STREQ(check.subfield, c.subfield);
    }
    // The full Tracker takes every one of them (falls needs nothing else on a wrist).
    EXPECT_TRUE(ok(s.check().status)) << c.field;
    StepsOnly t(s);
    EXPECT_EQ(t.status(), Status::kInvalidSettings) << c.field;
    EXPECT_EQ(t.push_imu(test::synthetic_walk_sample(0, 1.0, 2.0)), Status::kInvalidSettings);
  }
  // An out-of-range value of a part the type has is still reported as such.
  TrackerSettings s = StepsOnly::default_settings();
  s.silent_after_s = -1.0f;
  EXPECT_STREQ(s.check<StepsOnly::kParts>().field, "silent_after_s");
}

TEST(TrackerParts, WhatTheTypeHasRunsAsInTheFullTracker) {
  const TrackerSettings s = steps_settings();
  const auto full = std::make_unique<Tracker>(s);
  const auto part = std::make_unique<StepsOnly>(s);
  ASSERT_TRUE(ok(full->status()));
  ASSERT_TRUE(ok(part->status()));
  std::vector<Event> ef, ep;
  for (std::size_t i = 0; i < 50 * 40; ++i) {
    const ImuSample x = test::synthetic_walk_sample(i, 5.0, 30.0);
    ASSERT_EQ(full->push_imu(x), part->push_imu(x));
    Event e;
    while (full->pop_event(e)) ef.push_back(e);
    while (part->pop_event(e)) ep.push_back(e);
  }
  const TrackerOutput a = full->output();
  const TrackerOutput b = part->output();
  EXPECT_GT(a.steps.steps, 20u);
  EXPECT_TRUE(test::same(a, b));
  ASSERT_EQ(ef.size(), ep.size());
  for (std::size_t i = 0; i < ef.size(); ++i) EXPECT_TRUE(test::same(ef[i], ep[i])) << i;
}

TEST(TrackerParts, ASmallerObjectAndStateThatOnlyItsOwnTypeRestores) {
  EXPECT_LT(sizeof(StepsOnly), sizeof(Tracker) / 3);
  EXPECT_LT(StepsOnly::state_size(), Tracker::state_size() / 3);
  const TrackerSettings s = steps_settings();
  StepsOnly a(s);
  for (std::size_t i = 0; i < 50 * 20; ++i) {
    ASSERT_TRUE(ok(a.push_imu(test::synthetic_walk_sample(i, 2.0, 30.0))));
  }
  std::vector<std::uint8_t> saved(StepsOnly::state_size());
  ASSERT_EQ(a.save_state(saved.data(), saved.size()), Status::kOk);
  StepsOnly b(s);
  ASSERT_EQ(b.restore_state(saved.data(), saved.size()), Status::kOk);
  for (std::size_t i = 50 * 20; i < 50 * 30; ++i) {
    const ImuSample x = test::synthetic_walk_sample(i, 2.0, 30.0);
    ASSERT_EQ(a.push_imu(x), b.push_imu(x));
  }
  EXPECT_TRUE(test::same(a.output(), b.output()));
  EXPECT_GT(b.output().steps.steps, 0u);

  // The full Tracker's state (same settings) has another layout: refused, nothing changed.
  const Tracker full(s);
  std::vector<std::uint8_t> other(Tracker::state_size());
  ASSERT_EQ(full.save_state(other.data(), other.size()), Status::kOk);
  const TrackerOutput before = b.output();
  EXPECT_EQ(b.restore_state(other.data(), other.size()), Status::kSizeMismatch);
  EXPECT_TRUE(test::same(before, b.output()));
}

TEST(TrackerParts, AnAccelerometerOnlyBuildCountsSteps) {
  TrackerSettings s = steps_settings();
  s.imu_has_gyr = false;
  AccOnlySteps t(s);
  ASSERT_TRUE(ok(t.status()));
  for (std::size_t i = 0; i < 50 * 40; ++i) {
    ImuSample x = test::synthetic_walk_sample(i, 5.0, 30.0);
    x.has_gyr = false;
    x.gyr_rad_s = Vec3::Zero();
    ASSERT_TRUE(ok(t.push_imu(x)));
  }
  EXPECT_GT(t.output().steps.steps, 20u);
  EXPECT_FALSE(t.output().activity.available);
}

}  // namespace
}  // namespace fusetrack
