// TrackerSettings::check() names the first field out of range or inconsistent; the placement
// chooses the activity model; the user profile reaches the stages that use it; and the energy
// stage through the Tracker: off means not available, walking spends more than rest, and the
// saved state carries its totals.
#include <cmath>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "../tracker/synthetic_wrist.hpp"
#include "../tracker/tracker_compare.hpp"
#include "fusetrack/fusetrack.hpp"

namespace fusetrack {
namespace {

std::string where(const SettingsCheck& c) {
  if (c.field == nullptr) return "(none)";
  return c.subfield == nullptr ? std::string(c.field) : std::string(c.field) + "." + c.subfield;
}

TEST(TrackerSettingsCheck, DefaultsAreValidAndNameNothing) {
  const SettingsCheck c = TrackerSettings{}.check();
  EXPECT_EQ(c.status, Status::kOk);
  EXPECT_EQ(c.field, nullptr);
  EXPECT_EQ(c.subfield, nullptr);
  EXPECT_EQ(TrackerSettings{}.validate(), Status::kOk);
}

TEST(TrackerSettingsCheck, NamesTheFirstBadField) {
  struct Case {
    const char* expected;
    void (*edit)(TrackerSettings&);
  };
  const Case cases[] = {
      {"placement", [](TrackerSettings& s) { s.placement = static_cast<Placement>(9); }},
      {"user.mass_kg", [](TrackerSettings& s) { s.user.mass_kg = 0.0f; }},
      {"user.age_years", [](TrackerSettings& s) { s.user.age_years = NAN; }},
      {"user.height_m", [](TrackerSettings& s) { s.user.height_m = 3.0f; }},
      {"imu", [](TrackerSettings& s) { s.imu.nominal_rate_hz = -1.0f; }},
      {"ppg_channels", [](TrackerSettings& s) { s.ppg_channels = 0; }},
      {"silent_after_s", [](TrackerSettings& s) { s.silent_after_s = 0.0f; }},
      {"activity.model", [](TrackerSettings& s) { s.placement = Placement::kHand; }},
      {"activity.model", [](TrackerSettings& s) { s.placement = Placement::kWaist; }},
      {"activity.model",
       [](TrackerSettings& s) {
         s.placement = Placement::kPocket;  // the pocket model needs a gyroscope
         s.imu_has_gyr = false;
       }},
      {"falls.enabled",
       [](TrackerSettings& s) {
         s.placement = Placement::kPocket;
         s.falls.enabled = true;
       }},
      {"energy.period_s", [](TrackerSettings& s) { s.energy.period_s = 0.0f; }},
      {"energy.hr_min_reserve", [](TrackerSettings& s) { s.energy.hr_min_reserve = 2.0f; }},
  };
  for (const Case& c : cases) {
    TrackerSettings s;
    c.edit(s);
    const SettingsCheck r = s.check();
    EXPECT_EQ(r.status, Status::kInvalidSettings) << c.expected;
    EXPECT_EQ(where(r), c.expected);
    EXPECT_EQ(s.validate(), Status::kInvalidSettings) << c.expected;
    EXPECT_EQ(Tracker(s).status(), Status::kInvalidSettings) << c.expected;
  }
}

TEST(TrackerSettingsCheck, AStageThatIsOffIsNotChecked) {
  TrackerSettings s;
  s.energy.enabled = false;
  s.energy.period_s = 0.0f;
  EXPECT_EQ(s.check().status, Status::kOk);
  s.placement = Placement::kHand;  // no default model, but no activity stage either
  s.activity.enabled = false;
  EXPECT_EQ(s.check().status, Status::kOk);
  s.activity.enabled = true;
  s.activity.model = &models::kWristDaily;  // a model named by hand runs anywhere
  EXPECT_EQ(s.check().status, Status::kOk);
}

TEST(TrackerPlacement, ChoosesTheDefaultActivityModel) {
  const auto model_of = [](Placement p, bool has_gyr) {
    TrackerSettings s;
    s.placement = p;
    s.imu_has_gyr = has_gyr;
    auto t = std::make_unique<Tracker>(s);
    EXPECT_EQ(t->status(), Status::kOk) << name(p);
    return t->output().activity.model;
  };
  EXPECT_EQ(model_of(Placement::kWristLeft, true), &models::kWristDaily);
  EXPECT_EQ(model_of(Placement::kWristRight, true), &models::kWristDaily);
  EXPECT_EQ(model_of(Placement::kWristLeft, false), &models::kWristDailyAcc);
  EXPECT_EQ(model_of(Placement::kPocket, true), &models::kPocketPhone);
  EXPECT_STREQ(name(Placement::kWaist), "waist");
  EXPECT_EQ(default_activity_model(Placement::kWaist, true), nullptr);  // research-only data
}

TEST(TrackerSettingsHash, PlacementProfileAndEnergyChangeIt) {
  const auto hash = [](const TrackerSettings& s) {
    SettingsHash h;
    s.hash_into(h);
    return h.value();
  };
  const std::uint32_t base = hash(TrackerSettings{});
  TrackerSettings s;
  s.placement = Placement::kWristRight;
  EXPECT_NE(hash(s), base);
  s = {};
  s.user.mass_kg = 80.0f;
  EXPECT_NE(hash(s), base);
  s = {};
  s.energy.period_s = 2.0f;
  EXPECT_NE(hash(s), base);
}

TEST(TrackerUserProfile, TheHeightIsTheStepStages) {
  TrackerSettings s;
  s.user.height_m = 1.92f;
  s.steps.user_height_m = 1.50f;  // not read by a Tracker: the profile is the one source
  auto t = std::make_unique<Tracker>(s);
  ASSERT_EQ(t->status(), Status::kOk);
  EXPECT_EQ(t->step_detector().settings().user_height_m, 1.92f);
  s.user.mass_kg = 90.0f;
  auto u = std::make_unique<Tracker>(s);
  EXPECT_EQ(u->energy_estimator().user().mass_kg, 90.0f);
}

// The synthetic wrist, walking from 20.0 s until walk_end_s.
ImuSample wrist_sample(std::size_t i, double walk_end_s) {
  return test::synthetic_walk_sample(i, 20.0, walk_end_s);
}

TrackerSettings imu_only() {
  TrackerSettings s;
  s.imu.nominal_rate_hz = 50.0f;
  s.mag_enabled = false;
  s.ppg_enabled = false;
  s.activity.enabled = false;  // the energy class is then unknown: motion decides
  return s;
}

TEST(TrackerEnergy, OffMeansNotAvailable) {
  TrackerSettings s = imu_only();
  s.energy.enabled = false;
  auto t = std::make_unique<Tracker>(s);
  for (std::size_t i = 0; i < 50 * 10; ++i)
    ASSERT_EQ(t->push_imu(wrist_sample(i, 0.0)), Status::kOk);
  EXPECT_FALSE(t->output().energy.available);
  EXPECT_EQ(t->output().energy.kcal_total, 0.0);
}

TEST(TrackerEnergy, WalkingSpendsMoreThanRestAndTheTotalsAddUp) {
  auto t = std::make_unique<Tracker>(imu_only());
  ASSERT_EQ(t->status(), Status::kOk);
  // 20 s still: 1 MET at most a little more (the class is unknown: its compendium value).
  for (std::size_t i = 0; i < 50 * 20; ++i)
    ASSERT_EQ(t->push_imu(wrist_sample(i, 80.0)), Status::kOk);
  const EnergyOutput rest = t->output().energy;
  ASSERT_TRUE(rest.available);
  EXPECT_GE(rest.met, 1.0f);
  EXPECT_LT(rest.met, 2.0f);
  // 20 s at rest's rate, less the period not yet completed (the newest second is credited when
  // it ends).
  const double per_s = static_cast<double>(rest.kcal_per_min) / 60.0;
  EXPECT_GE(rest.kcal_total, 19.0 * per_s - 1e-4);
  EXPECT_LE(rest.kcal_total, 20.0 * per_s + 1e-4);
  // A minute of walking at 108 steps/min: ACSM walking from the steps' speed, 3 MET or more.
  for (std::size_t i = 50 * 20; i < 50 * 80; ++i) {
    ASSERT_EQ(t->push_imu(wrist_sample(i, 80.0)), Status::kOk);
  }
  const EnergyOutput walk = t->output().energy;
  EXPECT_TRUE(t->output().steps.walking);
  EXPECT_GT(walk.met, 2.5f);
  EXPECT_LT(walk.met, 5.0f);
  EXPECT_FALSE(walk.from_heart_rate);  // no PPG
  EXPECT_GT(walk.kcal_total - rest.kcal_total, 2.5 * 1.225 * 50.0 / 60.0);
  EXPECT_GT(walk.active_kcal_total, 0.0);
  EXPECT_LT(walk.active_kcal_total, walk.kcal_total);
}

TEST(TrackerEnergy, SavedStateCarriesTheTotals) {
  const TrackerSettings s = imu_only();
  auto a = std::make_unique<Tracker>(s);
  auto b = std::make_unique<Tracker>(s);
  for (std::size_t i = 0; i < 50 * 40; ++i)
    ASSERT_EQ(a->push_imu(wrist_sample(i, 80.0)), Status::kOk);
  std::vector<std::uint8_t> saved(Tracker::state_size());
  ASSERT_EQ(a->save_state(saved.data(), saved.size()), Status::kOk);
  ASSERT_EQ(b->restore_state(saved.data(), saved.size()), Status::kOk);
  EXPECT_GT(b->output().energy.kcal_total, 0.0);
  for (std::size_t i = 50 * 40; i < 50 * 70; ++i) {
    ASSERT_EQ(a->push_imu(wrist_sample(i, 80.0)), Status::kOk);
    ASSERT_EQ(b->push_imu(wrist_sample(i, 80.0)), Status::kOk);
  }
  EXPECT_TRUE(test::same(a->output().energy, b->output().energy));
  // Another wearer is another Tracker: its state is refused.
  TrackerSettings heavier = s;
  heavier.user.mass_kg = 95.0f;
  auto c = std::make_unique<Tracker>(heavier);
  EXPECT_EQ(c->restore_state(saved.data(), saved.size()), Status::kSettingsMismatch);
}

}  // namespace
}  // namespace fusetrack
