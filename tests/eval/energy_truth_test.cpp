// truth_energy_kcal on a hand-made truth: a minute of rest, a minute's walk and a minute's run,
// with and without a heart rate, against the equations worked by hand.
#include <stdexcept>

#include <gtest/gtest.h>

#include "eval/energy_truth.hpp"

namespace fusetrack::eval {
namespace {

constexpr Micros kMinute = 60 * kMicrosPerSecond;

io::Truth three_minutes() {
  io::Truth t;
  t.segments.push_back({0, kMinute, io::Activity::kRest, 0.0, 70.0});
  t.segments.push_back({kMinute, 2 * kMinute, io::Activity::kWalk, 110.0, 100.0});
  t.segments.push_back({2 * kMinute, 3 * kMinute, io::Activity::kRun, 160.0, 150.0});
  return t;
}

TEST(EnergyTruth, WithoutHeartRateTheMotionEquations) {
  const energy::EnergySettings s;
  const UserProfile u;  // 70 kg: 1.225 kcal/min per MET
  const double step_m = 0.75;
  // Rest: sitting 1.3 MET. Walk: 110 x 0.75 = 82.5 m/min, ACSM walking (3.5 + 8.25) / 3.5.
  // Run: 160 x 0.75 = 120 m/min, ACSM running (3.5 + 24) / 3.5.
  const double per_met = 3.5 * 70.0 / 200.0;
  const double expected = per_met * (1.3 + (3.5 + 8.25) / 3.5 + (3.5 + 24.0) / 3.5);
  EXPECT_NEAR(truth_energy_kcal(three_minutes(), s, u, step_m), expected, 1e-4 * expected);
}

TEST(EnergyTruth, HeartRateBlendsInAsOnTheDevice) {
  io::Truth t = three_minutes();
  for (int k = 0; k < 180; ++k) {
    const double bpm = k < 60 ? 70.0 : (k < 120 ? 100.0 : 150.0);
    t.heart_rate.push_back({k * kMicrosPerSecond, bpm});
  }
  energy::EnergySettings s;
  UserProfile u;
  u.sex = Sex::kMale;
  const double per_met = 3.5 * 70.0 / 200.0;
  // Walk at 100 bpm: reserve (100 - 60) / 123.5 = 0.324, weight 0.24 of Keytel. Run at 150 bpm:
  // reserve 0.73, Keytel alone (male, 70 kg, 35 years).
  const double keytel_run = (-55.0969 + 0.6309 * 150.0 + 0.1988 * 70.0 + 0.2017 * 35.0) / 4.184;
  const double walk_met = (3.5 + 8.25) / 3.5;
  const double keytel_walk_met =
      (-55.0969 + 0.6309 * 100.0 + 0.1988 * 70.0 + 0.2017 * 35.0) / 4.184 / per_met;
  const double w = ((100.0 - 60.0) / (208.0 - 0.7 * 35.0 - 60.0) - 0.3) / 0.1;
  const double expected =
      per_met * (1.3 + walk_met + w * (keytel_walk_met - walk_met)) + keytel_run;
  EXPECT_NEAR(truth_energy_kcal(t, s, u, 0.75), expected, 1e-4 * expected);
  // Without the heart rate in the settings: as if the truth had none.
  s.use_heart_rate = false;
  EXPECT_NEAR(truth_energy_kcal(t, s, u, 0.75), truth_energy_kcal(three_minutes(), s, u, 0.75),
              1e-9);
}

TEST(EnergyTruth, ActivityMap) {
  EXPECT_EQ(energy_activity_of(io::Activity::kRest), energy::EnergyActivity::kSitting);
  EXPECT_EQ(energy_activity_of(io::Activity::kWalk), energy::EnergyActivity::kWalking);
  EXPECT_EQ(energy_activity_of(io::Activity::kRun), energy::EnergyActivity::kRunning);
  EXPECT_EQ(energy_activity_of(io::Activity::kWave), energy::EnergyActivity::kLight);
  EXPECT_EQ(energy_activity_of(io::Activity::kType), energy::EnergyActivity::kSitting);
  EXPECT_EQ(energy_activity_of(io::Activity::kTalk), energy::EnergyActivity::kLight);
  EXPECT_EQ(energy_activity_of(io::Activity::kCar), energy::EnergyActivity::kSitting);
}

TEST(EnergyTruth, PartialSecondsAndBadArguments) {
  io::Truth t;
  t.segments.push_back({0, 1500000, io::Activity::kRest, 0.0, 70.0});  // 1.5 s
  const energy::EnergySettings s;
  const UserProfile u;
  EXPECT_NEAR(truth_energy_kcal(t, s, u, 0.7), 1.3 * 1.225 * 1.5 / 60.0, 1e-7);
  EXPECT_THROW(truth_energy_kcal(t, s, u, 0.0), std::invalid_argument);
  UserProfile bad;
  bad.mass_kg = 0.0f;
  EXPECT_THROW(truth_energy_kcal(t, s, bad, 0.7), std::invalid_argument);
  EXPECT_EQ(truth_energy_kcal(io::Truth{}, s, u, 0.7), 0.0);
}

}  // namespace
}  // namespace fusetrack::eval
