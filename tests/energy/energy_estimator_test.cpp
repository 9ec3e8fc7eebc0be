// EnergyEstimator: each published equation against values worked by hand from the paper's own
// coefficients (ACSM's worked speeds, Keytel's coefficients for a stated subject, the 2011
// Compendium's codes); settings out of range are refused by name; a simulated day of 100 Hz
// updates sums to within 0.1 % of the exact sum; a gap adds nothing; hostile inputs give finite
// outputs; the saved state round-trips.
#include <cmath>
#include <cstring>
#include <limits>
#include <type_traits>

#include <gtest/gtest.h>

#include "fusetrack/energy/energy_estimator.hpp"

namespace fusetrack::energy {
namespace {

constexpr double kMetersPerMile = 1609.344;
constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
constexpr float kInf = std::numeric_limits<float>::infinity();

float mph_to_m_min(double mph) { return static_cast<float>(mph * kMetersPerMile / 60.0); }
float mph_to_m_s(double mph) { return static_cast<float>(mph * kMetersPerMile / 3600.0); }

EnergyInputs walking_at(float speed_m_s, EnergyActivity a = EnergyActivity::kWalking) {
  EnergyInputs in;
  in.activity = a;
  in.walking = true;
  in.speed_m_s = speed_m_s;
  in.cadence_spm = 110.0f;
  return in;
}

// ACSM: walking 3.0 mph on level ground is VO2 = 3.5 + 0.1 x 80.5 = 11.5 mL/kg/min, 3.3 METs.
TEST(EnergyEquations, AcsmWalkingThreeMphLevelIsThreePointThreeMets) {
  const float vo2 = acsm_walking_vo2_ml_kg_min(mph_to_m_min(3.0), 0.0f);
  EXPECT_NEAR(vo2, 11.547f, 0.01f);
  EXPECT_NEAR(met_from_vo2(vo2), 3.3f, 0.01f);
}

// ACSM: walking 3.0 mph up a 5 % grade adds 1.8 x 80.47 x 0.05 = 7.24 mL/kg/min.
TEST(EnergyEquations, AcsmWalkingGradeTerm) {
  const float s = mph_to_m_min(3.0);
  EXPECT_NEAR(acsm_walking_vo2_ml_kg_min(s, 0.05f) - acsm_walking_vo2_ml_kg_min(s, 0.0f), 7.242f,
              0.01f);
}

// ACSM: running 6 mph (160.9 m/min) level: VO2 = 3.5 + 0.2 x 160.9 = 35.7 mL/kg/min, 10.2 METs.
TEST(EnergyEquations, AcsmRunningSixMphLevelIsTenPointTwoMets) {
  const float vo2 = acsm_running_vo2_ml_kg_min(mph_to_m_min(6.0), 0.0f);
  EXPECT_NEAR(vo2, 35.687f, 0.01f);
  EXPECT_NEAR(met_from_vo2(vo2), 10.2f, 0.01f);
  // Up 5 %: + 0.9 x 160.9 x 0.05 = 7.24.
  EXPECT_NEAR(acsm_running_vo2_ml_kg_min(mph_to_m_min(6.0), 0.05f) - vo2, 7.242f, 0.01f);
}

// The ACSM values sit near the Compendium's measured ones for the same speeds: 17190 walking
// 2.8-3.2 mph, level, moderate pace 3.5 MET; 12050 running 6 mph (10 min/mile) 9.8 MET.
TEST(EnergyEquations, AcsmAgreesWithCompendiumWithinTenPercent) {
  EXPECT_NEAR(met_from_vo2(acsm_walking_vo2_ml_kg_min(mph_to_m_min(3.0), 0.0f)), 3.5f, 0.35f);
  EXPECT_NEAR(met_from_vo2(acsm_running_vo2_ml_kg_min(mph_to_m_min(6.0), 0.0f)), 9.8f, 0.98f);
}

// 1 MET = 3.5 mL/kg/min; 70 kg at rest: 3.5 x 70 / 200 = 1.225 kcal/min.
TEST(EnergyEquations, KcalPerMinFromMet) {
  EXPECT_FLOAT_EQ(met_from_vo2(3.5f), 1.0f);
  EXPECT_NEAR(kcal_per_min_from_met(1.0f, 70.0f), 1.225f, 1e-6f);
  EXPECT_NEAR(kcal_per_min_from_met(10.0f, 80.0f), 14.0f, 1e-5f);
  EXPECT_NEAR(met_from_kcal_per_min(14.0f, 80.0f), 10.0f, 1e-5f);
}

// Keytel et al. 2005, without VO2max, for a 35-year-old of 70 kg at 140 beats/min:
// male  -55.0969 + 0.6309 x 140 + 0.1988 x 70 + 0.2017 x 35 = 54.2046 kJ/min = 12.955 kcal/min;
// female -20.4022 + 0.4472 x 140 - 0.1263 x 70 + 0.074 x 35 = 35.9548 kJ/min = 8.593 kcal/min.
TEST(EnergyEquations, KeytelFromCoefficients) {
  EXPECT_NEAR(keytel_male_kj_per_min(140.0f, 70.0f, 35.0f), 54.2046f, 1e-3f);
  EXPECT_NEAR(keytel_female_kj_per_min(140.0f, 70.0f, 35.0f), 35.9548f, 1e-3f);
  EXPECT_NEAR(keytel_kcal_per_min(Sex::kMale, 140.0f, 70.0f, 35.0f), 54.2046f / 4.184f, 1e-3f);
  EXPECT_NEAR(keytel_kcal_per_min(Sex::kFemale, 140.0f, 70.0f, 35.0f), 35.9548f / 4.184f, 1e-3f);
  EXPECT_NEAR(keytel_kcal_per_min(Sex::kUnspecified, 140.0f, 70.0f, 35.0f),
              0.5f * (54.2046f + 35.9548f) / 4.184f, 1e-3f);
}

// Tanaka et al. 2001: HRmax = 208 - 0.7 x age; 40 years: 180 beats/min.
TEST(EnergyEquations, TanakaHrMax) {
  EXPECT_NEAR(tanaka_hr_max_bpm(40.0f), 180.0f, 1e-4f);
  EXPECT_NEAR(tanaka_hr_max_bpm(20.0f), 194.0f, 1e-4f);
}

// 2011 Compendium codes: 07011 lying quietly 1.3, 07021 sitting quietly 1.3, 07040 standing
// quietly 1.3, 13030 eating sitting 1.5, 17133 stairs slow 4.0, 17070 descending 3.5 (mixed:
// 3.75), sports the mean of 15610 soccer casual 7.0, 15235 playing catch 2.5, 15072 basketball
// non-game 6.0, 17150 walking household 2.0.
TEST(EnergyEquations, CompendiumValuesByCode) {
  EXPECT_FLOAT_EQ(compendium_met(EnergyActivity::kLying), 1.3f);
  EXPECT_FLOAT_EQ(compendium_met(EnergyActivity::kSitting), 1.3f);
  EXPECT_FLOAT_EQ(compendium_met(EnergyActivity::kStanding), 1.3f);
  EXPECT_FLOAT_EQ(compendium_met(EnergyActivity::kLight), 1.5f);
  EXPECT_FLOAT_EQ(kMetStairsUp, 4.0f);
  EXPECT_FLOAT_EQ(kMetStairsDown, 3.5f);
  EXPECT_FLOAT_EQ(compendium_met(EnergyActivity::kStairs), 3.75f);
  EXPECT_NEAR(compendium_met(EnergyActivity::kSports), 5.1667f, 1e-4f);
  EXPECT_FLOAT_EQ(compendium_met(EnergyActivity::kWalking), 2.0f);
  EXPECT_FLOAT_EQ(compendium_met(EnergyActivity::kUnknown), 1.3f);
}

TEST(EnergyActivityMap, EveryModelClassName) {
  struct Case {
    const char* name;
    EnergyActivity a;
  };
  const Case cases[] = {
      {"STATIC", EnergyActivity::kSitting},
      {"WALKING", EnergyActivity::kWalking},
      {"JOGGING", EnergyActivity::kRunning},
      {"STAIRS", EnergyActivity::kStairs},
      {"HAND", EnergyActivity::kLight},
      {"SPORTS", EnergyActivity::kSports},
      {"SITTING", EnergyActivity::kSitting},
      {"STANDING", EnergyActivity::kStanding},
      {"TYPING", EnergyActivity::kSitting},
      {"BRUSHING_TEETH", EnergyActivity::kLight},
      {"EATING_SOUP", EnergyActivity::kLight},
      {"EATING_CHIPS", EnergyActivity::kLight},
      {"EATING_PASTA", EnergyActivity::kLight},
      {"DRINKING", EnergyActivity::kLight},
      {"EATING_SANDWICH", EnergyActivity::kLight},
      {"KICKING", EnergyActivity::kSports},
      {"PLAYING_CATCH", EnergyActivity::kSports},
      {"DRIBBLING", EnergyActivity::kSports},
      {"WRITING", EnergyActivity::kSitting},
      {"CLAPPING", EnergyActivity::kLight},
      {"FOLDING_CLOTHES", EnergyActivity::kLight},
      {"SEATED", EnergyActivity::kSitting},
      {"STANDING_UP", EnergyActivity::kStanding},
      {"TURNING", EnergyActivity::kStanding},
      {"SITTING_DOWN", EnergyActivity::kSitting},
      {"WALKING_UPSTAIRS", EnergyActivity::kStairs},
      {"WALKING_DOWNSTAIRS", EnergyActivity::kStairs},
      {"LAYING", EnergyActivity::kLying},
  };
  for (const Case& c : cases) EXPECT_EQ(energy_activity(c.name), c.a) << c.name;
  EXPECT_EQ(energy_activity(nullptr), EnergyActivity::kUnknown);
  EXPECT_EQ(energy_activity(""), EnergyActivity::kUnknown);
  EXPECT_EQ(energy_activity("walking"), EnergyActivity::kUnknown);
  EXPECT_EQ(energy_activity("FLYING"), EnergyActivity::kUnknown);
  EXPECT_STREQ(name(EnergyActivity::kStairs), "stairs");
  EXPECT_STREQ(name(EnergyActivity::kUnknown), "unknown");
}

TEST(EnergySettingsTest, DefaultsAreValid) {
  EXPECT_EQ(EnergySettings{}.validate(), Status::kOk);
  EXPECT_EQ(EnergySettings{}.first_invalid_field(), nullptr);
}

TEST(EnergySettingsTest, OutOfRangeAndNaNAreInvalidWithTheFieldName) {
  struct Case {
    const char* field;
    void (*set)(EnergySettings&, float);
    float bad_low, bad_high, good;
  };
  const Case cases[] = {
      {"period_s", [](EnergySettings& s, float v) { s.period_s = v; }, 0.0f, 60.5f, 60.0f},
      {"hr_min_reserve", [](EnergySettings& s, float v) { s.hr_min_reserve = v; }, -0.01f, 1.01f,
       0.0f},
  };
  for (const Case& c : cases) {
    for (float v : {c.bad_low, c.bad_high, kNaN, kInf, -kInf}) {
      EnergySettings s;
      c.set(s, v);
      EXPECT_EQ(s.validate(), Status::kInvalidSettings) << c.field << " = " << v;
      ASSERT_NE(s.first_invalid_field(), nullptr) << c.field;
      EXPECT_STREQ(s.first_invalid_field(), c.field);
    }
    EnergySettings s;
    c.set(s, c.good);
    EXPECT_EQ(s.validate(), Status::kOk) << c.field << " = " << c.good;
  }
}

TEST(UserProfileTest, OutOfRangeAndNaNAreInvalidWithTheFieldName) {
  EXPECT_EQ(UserProfile{}.first_invalid_field(), nullptr);
  struct Case {
    const char* field;
    void (*set)(UserProfile&, float);
    float bad_low, bad_high, good;
  };
  const Case cases[] = {
      {"age_years", [](UserProfile& u, float v) { u.age_years = v; }, 9.9f, 100.5f, 10.0f},
      {"height_m", [](UserProfile& u, float v) { u.height_m = v; }, 0.99f, 2.51f, 2.5f},
      {"mass_kg", [](UserProfile& u, float v) { u.mass_kg = v; }, 19.9f, 300.5f, 20.0f},
      {"resting_hr_bpm", [](UserProfile& u, float v) { u.resting_hr_bpm = v; }, 29.0f, 121.0f,
       120.0f},
  };
  for (const Case& c : cases) {
    for (float v : {c.bad_low, c.bad_high, kNaN, kInf, -kInf}) {
      UserProfile u;
      c.set(u, v);
      EXPECT_EQ(u.validate(), Status::kInvalidSettings) << c.field << " = " << v;
      ASSERT_NE(u.first_invalid_field(), nullptr) << c.field;
      EXPECT_STREQ(u.first_invalid_field(), c.field);
    }
    UserProfile u;
    c.set(u, c.good);
    EXPECT_EQ(u.validate(), Status::kOk) << c.field << " = " << c.good;
  }
  UserProfile u;
  u.sex = static_cast<Sex>(7);
  EXPECT_STREQ(u.first_invalid_field(), "sex");
  EXPECT_EQ(u.validate(), Status::kInvalidSettings);
}

TEST(EnergySettingsTest, HashCoversEveryField) {
  auto hash = [](const EnergySettings& s) {
    SettingsHash h;
    s.hash_into(h);
    return h.value();
  };
  const std::uint32_t base = hash(EnergySettings{});
  EnergySettings s;
  UserProfile u;
  s.enabled = false;
  EXPECT_NE(hash(s), base);
  s = {};
  s.period_s = 2.0f;
  EXPECT_NE(hash(s), base);
  s = {};
  s.use_heart_rate = false;
  EXPECT_NE(hash(s), base);
  s = {};
  s.hr_min_reserve = 0.4f;
  EXPECT_NE(hash(s), base);
}

TEST(UserProfileTest, HashCoversEveryField) {
  auto hash = [](const UserProfile& u) {
    SettingsHash h;
    u.hash_into(h);
    return h.value();
  };
  const std::uint32_t base = hash(UserProfile{});
  UserProfile s;
  s.age_years = 36.0f;
  EXPECT_NE(hash(s), base);
  s = {};
  s.sex = Sex::kMale;
  EXPECT_NE(hash(s), base);
  s = {};
  s.height_m = 1.8f;
  EXPECT_NE(hash(s), base);
  s = {};
  s.mass_kg = 71.0f;
  EXPECT_NE(hash(s), base);
  s = {};
  s.resting_hr_bpm = 61.0f;
  EXPECT_NE(hash(s), base);
}

TEST(EnergyCombination, WalkingUsesAcsmWalkingAndRunningClassUsesRunning) {
  const EnergySettings s;
  const UserProfile u;
  const float v = mph_to_m_s(3.0);
  EXPECT_NEAR(energy_step(s, u, walking_at(v)).met, 3.3f, 0.01f);
  // The same speed jogging: the running equation (ACSM: the gait decides between 3.7 and 5 mph).
  EXPECT_NEAR(energy_step(s, u, walking_at(v, EnergyActivity::kRunning)).met,
              met_from_vo2(acsm_running_vo2_ml_kg_min(60.0f * v, 0.0f)), 1e-4f);
  // 6 mph is beyond any walk: running, whatever the class says.
  EXPECT_NEAR(energy_step(s, u, walking_at(mph_to_m_s(6.0))).met, 10.2f, 0.01f);
  // Unknown class with steps: ACSM from the speed.
  EXPECT_NEAR(energy_step(s, u, walking_at(v, EnergyActivity::kUnknown)).met, 3.3f, 0.01f);
}

TEST(EnergyCombination, WithoutStepsTheCompendiumDecides) {
  const EnergySettings s;
  const UserProfile u;
  EnergyInputs in;
  for (EnergyActivity a :
       {EnergyActivity::kLying, EnergyActivity::kSitting, EnergyActivity::kStanding,
        EnergyActivity::kLight, EnergyActivity::kStairs, EnergyActivity::kSports,
        EnergyActivity::kWalking, EnergyActivity::kRunning, EnergyActivity::kUnknown}) {
    in.activity = a;
    EXPECT_FLOAT_EQ(energy_step(s, u, in).met, compendium_met(a)) << name(a);
    EXPECT_FALSE(energy_step(s, u, in).from_heart_rate);
  }
  // Stairs with steps keep the stairs value; sports with steps take the larger of the two.
  EXPECT_FLOAT_EQ(energy_step(s, u, walking_at(1.0f, EnergyActivity::kStairs)).met, kMetStairs);
  EXPECT_FLOAT_EQ(energy_step(s, u, walking_at(1.0f, EnergyActivity::kSports)).met, kMetSports);
  EXPECT_NEAR(energy_step(s, u, walking_at(3.0f, EnergyActivity::kSports)).met,
              met_from_vo2(acsm_running_vo2_ml_kg_min(180.0f, 0.0f)), 1e-4f);
}

TEST(EnergyCombination, HeartRateBlendsInKeytelAboveTheReserveThreshold) {
  EnergySettings s;
  UserProfile u;
  u.sex = Sex::kMale;  // 35 years, 70 kg, resting 60: HRmax 183.5, reserve 123.5 bpm
  EnergyInputs in = walking_at(1.34f);
  in.heart_valid = true;
  const float motion = energy_step(s, u, in).met;  // no heart rate yet: ACSM
  // Below resting + 0.3 x 123.5 = 97.05 bpm: motion alone.
  in.heart_bpm = 95.0f;
  EXPECT_FLOAT_EQ(energy_step(s, u, in).met, motion);
  EXPECT_FALSE(energy_step(s, u, in).from_heart_rate);
  // Above 0.4 of the reserve (109.4 bpm): Keytel alone.
  in.heart_bpm = 140.0f;
  const EnergyStep e = energy_step(s, u, in);
  EXPECT_TRUE(e.from_heart_rate);
  EXPECT_NEAR(e.kcal_per_min, keytel_kcal_per_min(Sex::kMale, 140.0f, 70.0f, 35.0f), 1e-3f);
  EXPECT_NEAR(e.kcal_per_min, 12.955f, 2e-3f);
  // Between: the blend moves monotonically, without a jump of more than a few percent per beat.
  float prev = energy_step(s, u, in).met;
  in.heart_bpm = 96.0f;
  prev = energy_step(s, u, in).met;
  for (float hr = 97.0f; hr <= 112.0f; hr += 1.0f) {
    in.heart_bpm = hr;
    const float m = energy_step(s, u, in).met;
    EXPECT_LE(std::fabs(m - prev), 0.1f * prev) << hr;
    prev = m;
  }
  // Switched off, or a sedentary class: motion alone.
  in.heart_bpm = 140.0f;
  s.use_heart_rate = false;
  EXPECT_FLOAT_EQ(energy_step(s, u, in).met, motion);
  s.use_heart_rate = true;
  EnergyInputs seated;
  seated.activity = EnergyActivity::kSitting;
  seated.heart_valid = true;
  seated.heart_bpm = 150.0f;
  EXPECT_FLOAT_EQ(energy_step(s, u, seated).met, kMetSitting);
  EXPECT_FALSE(energy_step(s, u, seated).from_heart_rate);
  // Invalid heart rate: motion alone.
  in.heart_valid = false;
  EXPECT_FLOAT_EQ(energy_step(s, u, in).met, motion);
}

TEST(EnergyCombination, NeverBelowOneMet) {
  EnergySettings s;
  UserProfile u;
  s.hr_min_reserve = 0.0f;
  u.sex = Sex::kFemale;
  u.mass_kg = 300.0f;  // Keytel's female equation is negative here at low rates
  EnergyInputs in = walking_at(0.1f);
  in.heart_valid = true;
  in.heart_bpm = 120.0f;
  const EnergyStep e = energy_step(s, u, in);
  EXPECT_TRUE(e.from_heart_rate);
  EXPECT_GE(e.met, 1.0f);
  EXPECT_NEAR(e.kcal_per_min, kcal_per_min_from_met(e.met, 300.0f), 1e-4f);
}

TEST(EnergyEstimatorTest, OutputsFiniteWithNaNAndHugeInputs) {
  EnergyEstimator est;
  const float bad[] = {kNaN, kInf, -kInf, 1e30f, -1e30f, 0.0f};
  Micros t = 0;
  for (float x : bad) {
    for (float y : bad) {
      EnergyInputs in;
      in.activity = EnergyActivity::kRunning;
      in.walking = true;
      in.speed_m_s = x;
      in.cadence_spm = y;
      in.heart_valid = true;
      in.heart_bpm = y;
      for (int k = 0; k < 100; ++k) est.update(t += 10000, 0.01f, in);
      EXPECT_TRUE(std::isfinite(est.met()));
      EXPECT_GE(est.met(), 1.0f);
      EXPECT_LE(est.met(), kMaxMet);
      EXPECT_TRUE(std::isfinite(est.kcal_per_min()));
      EXPECT_TRUE(est.state_finite());
      EXPECT_TRUE(est.plausible(est.state()));
    }
  }
  // Hostile intervals add nothing and change nothing.
  const EnergyState before = est.state();
  for (float dt : {kNaN, kInf, -kInf, -1.0f, 0.0f, 5.01f, 1e30f}) est.update(t, dt, EnergyInputs{});
  EXPECT_EQ(std::memcmp(&before, &est.state(), sizeof before), 0);
  EXPECT_TRUE(std::isfinite(est.kcal_total()));
}

TEST(EnergyEstimatorTest, AGapAddsNothing) {
  EnergyEstimator est;
  const EnergyInputs in = walking_at(1.34f);
  Micros t = 0;
  for (int k = 0; k < 1000; ++k) est.update(t += 10000, 0.01f, in);  // 10 s
  const double total = est.kcal_total();
  EXPECT_GT(total, 0.0);
  est.update(t += 60000000, 60.0f, in);  // a minute's gap
  EXPECT_EQ(est.kcal_total(), total);
  est.update(t += 5500000, 5.5f, in);
  EXPECT_EQ(est.kcal_total(), total);
  // Then updates count again.
  for (int k = 0; k < 100; ++k) est.update(t += 10000, 0.01f, in);
  EXPECT_GT(est.kcal_total(), total);
}

TEST(EnergyEstimatorTest, NothingBeforeTheFirstPeriod) {
  EnergySettings s;
  UserProfile u;
  s.period_s = 10.0f;
  EnergyEstimator est(s, u);
  for (int k = 0; k < 999; ++k) est.update(k * 10000, 0.01f, walking_at(1.34f));
  EXPECT_EQ(est.met(), 0.0f);
  EXPECT_EQ(est.kcal_total(), 0.0);
  for (int k = 0; k < 2; ++k) est.update(0, 0.01f, walking_at(1.34f));
  EXPECT_GT(est.met(), 1.0f);
  // Ten seconds at the step's rate.
  EXPECT_NEAR(est.kcal_total(), static_cast<double>(est.kcal_per_min()) * 10.0 / 60.0, 1e-3);
}

// A day of 100 Hz updates, the activity changing every minute: the totals stay within 0.1 % of
// the exact (double) sum of each step's rate over its time.
TEST(EnergyEstimatorTest, DayTotalsAtOneHundredHertzWithinOneTenthPercent) {
  EnergySettings s;
  UserProfile u;
  u.sex = Sex::kFemale;
  EnergyEstimator est(s, u);
  const EnergyInputs kinds[] = {
      [] {
        EnergyInputs in;
        in.activity = EnergyActivity::kLying;
        return in;
      }(),
      [] {
        EnergyInputs in;
        in.activity = EnergyActivity::kSitting;
        return in;
      }(),
      walking_at(1.34f),
      [] {
        EnergyInputs in = walking_at(3.0f, EnergyActivity::kRunning);
        in.heart_valid = true;
        in.heart_bpm = 160.0f;
        return in;
      }(),
      [] {
        EnergyInputs in;
        in.activity = EnergyActivity::kStairs;
        return in;
      }(),
  };
  const double rest_kcal_per_min = static_cast<double>(kcal_per_min_from_met(1.0f, 70.0f));
  double exact = 0.0, exact_active = 0.0;
  double credited_s = 0.0;
  Micros t = 0;
  std::uint32_t steps_seen = 0;
  constexpr int kPerDay = 100 * 86400;
  for (int k = 0; k < kPerDay; ++k) {
    const EnergyInputs& in = kinds[(k / 6000) % 5];
    est.update(t += 10000, 0.01f, in);
    credited_s += 0.01;
    if (est.state().steps != steps_seen) {
      steps_seen = est.state().steps;
      const double rate = static_cast<double>(energy_step(s, u, in).kcal_per_min);
      exact += rate * credited_s / 60.0;
      exact_active += (rate - rest_kcal_per_min) * credited_s / 60.0;
      credited_s = 0.0;
    }
  }
  EXPECT_NEAR(static_cast<double>(steps_seen), 86400.0, 1.0);
  EXPECT_NEAR(est.kcal_total(), exact, 1e-3 * exact);
  EXPECT_NEAR(est.active_kcal_total(), exact_active, 1e-3 * exact_active);
  EXPECT_GT(est.kcal_total(), 1500.0);  // a plausible day for this mix
  EXPECT_LT(est.kcal_total(), 10000.0);
}

TEST(EnergyEstimatorTest, StateRoundTrip) {
  static_assert(std::is_trivially_copyable<EnergyState>::value, "plain data");
  EnergyEstimator a;
  Micros t = 0;
  for (int k = 0; k < 12345; ++k) a.update(t += 10000, 0.01f, walking_at(1.5f));
  EnergyEstimator b;
  ASSERT_TRUE(b.plausible(a.state()));
  b.set_state(a.state());
  EXPECT_EQ(b.kcal_total(), a.kcal_total());
  for (int k = 0; k < 777; ++k) {
    EnergyInputs in = walking_at(2.5f, EnergyActivity::kRunning);
    in.heart_valid = true;
    in.heart_bpm = 150.0f;
    a.update(t + k * 10000, 0.01f, in);
    b.update(t + k * 10000, 0.01f, in);
  }
  EXPECT_EQ(std::memcmp(&a.state(), &b.state(), sizeof(EnergyState)), 0);
  EXPECT_EQ(a.met(), b.met());
  EXPECT_EQ(a.active_kcal_total(), b.active_kcal_total());
  EXPECT_TRUE(a.from_heart_rate());

  EnergyState bad = a.state();
  bad.met = kNaN;
  EXPECT_FALSE(b.plausible(bad));
  EXPECT_FALSE(EnergyEstimator::finite(bad));
  bad = a.state();
  bad.active_ukcal = bad.total_ukcal + 1;
  EXPECT_FALSE(b.plausible(bad));
  bad = a.state();
  bad.pending_s = -1.0f;
  EXPECT_FALSE(b.plausible(bad));
  bad = a.state();
  bad.met = 0.5f;
  EXPECT_FALSE(b.plausible(bad));

  b.reset();
  EXPECT_EQ(b.kcal_total(), 0.0);
  EXPECT_EQ(b.met(), 0.0f);
  EXPECT_TRUE(b.plausible(b.state()));
}

}  // namespace
}  // namespace fusetrack::energy
