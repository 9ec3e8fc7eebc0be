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
      {"imu.nominal_rate_hz", [](TrackerSettings& s) { s.imu.nominal_rate_hz = -1.0f; }},
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

// A model whose window does not fit features::kActivityWindowCapacity: its grid is the model's.
const ActivityModel* model_with_huge_window() {
  static const ActivityModel m = [] {
    ActivityModel w = models::kWristDaily;
    w.window_samples = 60000;
    return w;
  }();
  return &m;
}

// Every group names the member inside it (or its nested group), and a stage's own validate()
// agrees with what check() reports.
TEST(TrackerSettingsCheck, EveryGroupNamesItsSubfield) {
  struct Case {
    const char* field;
    const char* subfield;
    void (*edit)(TrackerSettings&);
  };
  const Case cases[] = {
      {"user", "resting_hr_bpm", [](TrackerSettings& s) { s.user.resting_hr_bpm = 200.0f; }},
      {"imu", "gap_factor", [](TrackerSettings& s) { s.imu.gap_factor = 1.0f; }},
      {"imu", "rate_time_constant_s",
       [](TrackerSettings& s) { s.imu.rate_time_constant_s = 0.0f; }},
      {"mag", "gap_factor", [](TrackerSettings& s) { s.mag.gap_factor = NAN; }},
      {"ppg", "max_jump_s", [](TrackerSettings& s) { s.ppg.max_jump_s = 0.0f; }},
      {"ppg_channels", nullptr,
       [](TrackerSettings& s) { s.ppg_channels = static_cast<std::uint8_t>(kMaxPpgChannels + 1); }},
      {"full_scale", "acc_m_s2", [](TrackerSettings& s) { s.full_scale.acc_m_s2 = 0.0f; }},
      {"full_scale", "gyr_rad_s", [](TrackerSettings& s) { s.full_scale.gyr_rad_s = NAN; }},
      {"full_scale", "mag_ut", [](TrackerSettings& s) { s.full_scale.mag_ut = 1e6f; }},
      {"full_scale", "clip_band", [](TrackerSettings& s) { s.full_scale.clip_band = 0.5f; }},
      {"accelerometer_tilt", "max_gap_s",
       [](TrackerSettings& s) {
         s.imu_has_gyr = false;
         s.accelerometer_tilt.max_gap_s = 0.0f;
       }},
      {"accelerometer_tilt", "rest",
       [](TrackerSettings& s) {
         s.imu_has_gyr = false;
         s.accelerometer_tilt.rest.filter_tau_s = 0.0f;
       }},
      {"complementary", "bias_walk_rad_s2",
       [](TrackerSettings& s) {
         s.orientation_filter = OrientationFilterKind::kComplementary;
         s.complementary.bias_walk_rad_s2 = -1.0f;
       }},
      {"complementary", "mag_reference",
       [](TrackerSettings& s) {
         s.orientation_filter = OrientationFilterKind::kComplementary;
         s.complementary.mag_reference.norm_threshold = 0.0f;
       }},
      {"ekf", "gyr_noise_density", [](TrackerSettings& s) { s.ekf.gyr_noise_density = 0.0f; }},
      {"ekf", "bias_rotation_tau_s", [](TrackerSettings& s) { s.ekf.bias_rotation_tau_s = 2e3f; }},
      {"ekf", "rest", [](TrackerSettings& s) { s.ekf.rest.min_duration_s = 0.0f; }},
      {"ekf", "mag_reference",
       [](TrackerSettings& s) { s.ekf.mag_reference.norm_threshold = 2.0f; }},
      {"orientation_filter", nullptr,
       [](TrackerSettings& s) { s.orientation_filter = static_cast<OrientationFilterKind>(7); }},
      {"wear", "motion_tau_s", [](TrackerSettings& s) { s.wear.motion_tau_s = 0.0f; }},
      {"wear", "still_below_m_s2",  // above moving_above_m_s2
       [](TrackerSettings& s) { s.wear.still_below_m_s2 = 0.5f; }},
      {"wear", "flat_within_deg", [](TrackerSettings& s) { s.wear.flat_within_deg = 90.0f; }},
      {"activity", "model",  // the wrist model needs a gyroscope
       [](TrackerSettings& s) {
         s.imu_has_gyr = false;
         s.activity.model = &models::kWristDaily;
       }},
      {"activity", "model",
       [](TrackerSettings& s) { s.activity.model = model_with_huge_window(); }},
      {"activity", "gravity_tau_s", [](TrackerSettings& s) { s.activity.gravity_tau_s = 0.0f; }},
      {"activity", "max_gap_s", [](TrackerSettings& s) { s.activity.max_gap_s = 100.0f; }},
      {"activity", "hop_s", [](TrackerSettings& s) { s.activity.hop_s = 0.05f; }},
      {"activity", "smoother", [](TrackerSettings& s) { s.activity.smoother.confirm_windows = 0; }},
      {"steps", "rate_hz", [](TrackerSettings& s) { s.steps.rate_hz = 10.0f; }},
      {"steps", "lowpass_hz", [](TrackerSettings& s) { s.steps.lowpass_hz = 20.0f; }},
      {"steps", "confirm_steps", [](TrackerSettings& s) { s.steps.confirm_steps = 1; }},
      {"steps", "bout_timeout_s",  // below max_step_interval_s
       [](TrackerSettings& s) { s.steps.bout_timeout_s = 1.0f; }},
      {"steps", "step_length_k", [](TrackerSettings& s) { s.steps.step_length_k = 0.0f; }},
      {"heart", "window_s", [](TrackerSettings& s) { s.heart.window_s = 12.0f; }},
      {"heart", "window_s",  // off the 0.08 s grid
       [](TrackerSettings& s) { s.heart.window_s = 8.04f; }},
      {"heart", "hop_s",  // off the grid
       [](TrackerSettings& s) { s.heart.hop_s = 3.0f; }},
      {"heart", "hop_s",  // on the grid, but the window is not whole hops
       [](TrackerSettings& s) { s.heart.hop_s = 3.04f; }},
      {"heart", "min_bpm", [](TrackerSettings& s) { s.heart.min_bpm = 20.0f; }},
      {"heart", "max_bpm", [](TrackerSettings& s) { s.heart.max_bpm = 70.0f; }},
      {"heart", "min_confidence", [](TrackerSettings& s) { s.heart.min_confidence = NAN; }},
      {"falls", "trigger_g",
       [](TrackerSettings& s) {
         s.falls.enabled = true;
         s.falls.trigger_g = 1.0f;
       }},
      {"falls", "recover_active_s",  // longer than confirm_s
       [](TrackerSettings& s) {
         s.falls.enabled = true;
         s.falls.recover_active_s = 40.0f;
       }},
      {"falls", "max_gap_s",
       [](TrackerSettings& s) {
         s.falls.enabled = true;
         s.falls.max_gap_s = 0.0f;
       }},
      {"energy", "period_s", [](TrackerSettings& s) { s.energy.period_s = NAN; }},
  };
  for (const Case& c : cases) {
    const std::string expected =
        c.subfield == nullptr ? std::string(c.field) : std::string(c.field) + "." + c.subfield;
    TrackerSettings s;
    c.edit(s);
    const SettingsCheck r = s.check();
    EXPECT_EQ(r.status, Status::kInvalidSettings) << expected;
    ASSERT_NE(r.field, nullptr) << expected;
    EXPECT_STREQ(r.field, c.field) << expected;
    if (c.subfield == nullptr) {
      EXPECT_EQ(r.subfield, nullptr) << expected;
    } else {
      ASSERT_NE(r.subfield, nullptr) << expected;
      EXPECT_STREQ(r.subfield, c.subfield) << expected;
    }
    EXPECT_EQ(s.validate(), Status::kInvalidSettings) << expected;
  }
}

// Each stage's validate() is first_invalid_field() == nullptr: the defaults name nothing.
TEST(TrackerSettingsCheck, DefaultStageSettingsNameNothing) {
  EXPECT_EQ(StreamCheckSettings{}.first_invalid_field(), nullptr);
  EXPECT_EQ(FullScaleSettings{}.first_invalid_field(), nullptr);
  EXPECT_EQ(ComplementaryFilterSettings{}.first_invalid_field(), nullptr);
  EXPECT_EQ(OrientationEkfSettings{}.first_invalid_field(), nullptr);
  EXPECT_EQ(AccelerometerTiltSettings{}.first_invalid_field(), nullptr);
  EXPECT_EQ(WearDetectorSettings{}.first_invalid_field(), nullptr);
  EXPECT_EQ(ActivitySettings{}.first_invalid_field(true), nullptr);
  EXPECT_EQ(ActivitySettings{}.first_invalid_field(false), nullptr);
  EXPECT_EQ(steps::StepSettings{}.first_invalid_field(), nullptr);
  EXPECT_EQ(heart::HeartSettings{}.first_invalid_field(), nullptr);
  EXPECT_EQ(falls::FallSettings{}.first_invalid_field(), nullptr);
  steps::StepSettings st;
  st.user_height_m = 3.0f;  // not reachable through a Tracker (user.height_m replaces it)
  EXPECT_STREQ(st.first_invalid_field(), "user_height_m");
  EXPECT_EQ(st.validate(), Status::kInvalidSettings);
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
  EXPECT_EQ(t->output().energy.kcal_total(), 0.0);
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
  EXPECT_GE(rest.kcal_total(), 19.0 * per_s - 1e-4);
  EXPECT_LE(rest.kcal_total(), 20.0 * per_s + 1e-4);
  // A minute of walking at 108 steps/min: ACSM walking from the steps' speed, 3 MET or more.
  for (std::size_t i = 50 * 20; i < 50 * 80; ++i) {
    ASSERT_EQ(t->push_imu(wrist_sample(i, 80.0)), Status::kOk);
  }
  const EnergyOutput walk = t->output().energy;
  EXPECT_TRUE(t->output().steps.walking);
  EXPECT_GT(walk.met, 2.5f);
  EXPECT_LT(walk.met, 5.0f);
  EXPECT_FALSE(walk.from_heart_rate);  // no PPG
  EXPECT_GT(walk.kcal_total() - rest.kcal_total(), 2.5 * 1.225 * 50.0 / 60.0);
  EXPECT_GT(walk.active_kcal_total(), 0.0);
  EXPECT_LT(walk.active_kcal_total(), walk.kcal_total());
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
  EXPECT_GT(b->output().energy.kcal_total(), 0.0);
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
