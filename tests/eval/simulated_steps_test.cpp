// The step detector on the simulator's exact truth: walks at 1.5 and 2.2 steps/s counted
// exactly wherever the device is carried, walking and running counted within 1 % at every rate
// from 12.5 to 400 Hz, and the simulated non-walking activities (waving, typing, a car ride)
// counting no step.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "eval/step_metrics.hpp"
#include "fusetrack/steps/step_detector.hpp"
#include "sim/settings.hpp"
#include "sim/simulator.hpp"

namespace fusetrack {
namespace {

struct Counted {
  eval::DetectedSteps steps;
  std::vector<Micros> truth;
};

// The detector over the simulated IMU stream: the accelerometer, and the gyroscope too when
// `with_gyro`.
Counted count(const sim::SimSettings& settings, bool with_gyro = false) {
  const sim::SimResult r = sim::simulate(settings);
  steps::StepDetector d;
  Counted c;
  const auto sink = [&c](const steps::StepEvent& e) {
    if (e.kind != steps::StepEventKind::kStep) return;
    c.steps.t_us.push_back(e.t_us);
    c.steps.reported_us.push_back(e.reported_us);
  };
  for (const ImuSample& s : r.imu) {
    if (with_gyro) {
      d.push(s.t_us, s.acc_m_s2, s.gyr_rad_s, sink);
    } else {
      d.push(s.t_us, s.acc_m_s2, sink);
    }
  }
  c.truth = r.truth.steps_us;
  return c;
}

sim::SimSettings scenario(const std::string& text, sim::Placement placement, double rate_hz) {
  sim::SimSettings s;
  s.segments = sim::parse_scenario(text);
  s.placement = placement;
  s.imu.clock = sim::with_rate(s.imu.clock, rate_hz);
  s.mag.enabled = false;
  s.ppg.enabled = false;
  return s;
}

class SimulatedWalk : public ::testing::TestWithParam<std::tuple<sim::Placement, int>> {};

// A walk that starts and ends sharply (0.2 s blend), at 1.5 and 2.2 steps/s, wherever the device
// is carried.
TEST_P(SimulatedWalk, IsCountedExactly) {
  const auto [placement, cadence] = GetParam();
  sim::SimSettings s =
      scenario("rest:5,walk:60@" + std::to_string(cadence) + ",rest:5", placement, 104.0);
  s.transition_s = 0.2;
  const Counted c = count(s);
  const eval::StepScore sc = eval::score_steps(c.steps, c.truth);
  // Every step inside the walk is found at its landing; at the two edges, where the simulator's
  // truth starts and stops counting at half the motion, one step more or less may be counted
  // (docs/steps.md, "Edges of a bout").
  EXPECT_LE(std::abs(static_cast<long>(sc.counted_steps) - static_cast<long>(sc.true_steps)), 2)
      << sim::placement_name(placement) << " " << cadence;
  EXPECT_GE(sc.matched + 1, sc.true_steps) << sim::placement_name(placement) << " " << cadence;
}

INSTANTIATE_TEST_SUITE_P(Steps, SimulatedWalk,
                         ::testing::Combine(::testing::Values(sim::Placement::kWrist,
                                                              sim::Placement::kHand,
                                                              sim::Placement::kPocket),
                                            ::testing::Values(90, 132)));

class SimulatedRate : public ::testing::TestWithParam<std::tuple<sim::Placement, double>> {};

// Walking at two cadences and running, with the default (1.5 s) blends between segments, at
// every rate: within 1 % of the same recording at 104 Hz, and within 2 % of the truth (the
// blends hold 4-6 step-like bounces the truth does not count: six bout edges).
TEST_P(SimulatedRate, WalkingAndRunningAreCountedWithinOnePercent) {
  const auto [placement, rate] = GetParam();
  const std::string text = "rest:10,walk:60@90,rest:10,walk:60@132,rest:10,run:60,rest:10";
  const Counted c = count(scenario(text, placement, rate));
  const Counted ref = count(scenario(text, placement, 104.0));
  const double n = static_cast<double>(c.truth.size());
  const double counted = static_cast<double>(c.steps.t_us.size());
  EXPECT_NEAR(counted, static_cast<double>(ref.steps.t_us.size()), 0.01 * n)
      << sim::placement_name(placement) << " " << rate << " Hz";
  EXPECT_NEAR(counted, n, 0.02 * n) << sim::placement_name(placement) << " " << rate << " Hz";
  const eval::StepScore sc = eval::score_steps(c.steps, c.truth);
  EXPECT_GE(sc.recall, 0.99);
}

INSTANTIATE_TEST_SUITE_P(Steps, SimulatedRate,
                         ::testing::Combine(::testing::Values(sim::Placement::kWrist,
                                                              sim::Placement::kHand,
                                                              sim::Placement::kPocket),
                                            ::testing::Values(12.5, 25.0, 50.0, 100.0, 400.0)));

class SimulatedWithGyroscope : public ::testing::TestWithParam<sim::Placement> {};

// The gyroscope's gesture check leaves every placement's walking and running as it was.
TEST_P(SimulatedWithGyroscope, CountsTheSameAsTheAccelerometerAlone) {
  const std::string text = "rest:10,walk:60@90,rest:10,walk:60@132,rest:10,run:60,rest:10";
  const sim::SimSettings s = scenario(text, GetParam(), 104.0);
  const Counted acc = count(s, false);
  const Counted both = count(s, true);
  const double n = static_cast<double>(acc.truth.size());
  EXPECT_NEAR(static_cast<double>(both.steps.t_us.size()),
              static_cast<double>(acc.steps.t_us.size()), 0.01 * n)
      << sim::placement_name(GetParam());
  EXPECT_GE(eval::score_steps(both.steps, both.truth).recall, 0.99);
}

INSTANTIATE_TEST_SUITE_P(Steps, SimulatedWithGyroscope,
                         ::testing::Values(sim::Placement::kWrist, sim::Placement::kHand,
                                           sim::Placement::kPocket));

class SimulatedNonWalking
    : public ::testing::TestWithParam<std::tuple<sim::Placement, const char*>> {};

TEST_P(SimulatedNonWalking, CountsNoStep) {
  const auto [placement, activity] = GetParam();
  sim::SimSettings s =
      scenario(std::string("rest:5,") + activity + ":180,rest:5", placement, 104.0);
  s.seed = 3;
  for (bool gyro : {false, true}) {
    const Counted c = count(s, gyro);
    ASSERT_TRUE(c.truth.empty());
    EXPECT_EQ(c.steps.t_us.size(), 0u)
        << sim::placement_name(placement) << " " << activity << (gyro ? " with gyro" : "");
  }
}

INSTANTIATE_TEST_SUITE_P(Steps, SimulatedNonWalking,
                         ::testing::Combine(::testing::Values(sim::Placement::kWrist,
                                                              sim::Placement::kHand,
                                                              sim::Placement::kPocket),
                                            ::testing::Values("rest", "wave", "type", "car")));

}  // namespace
}  // namespace fusetrack
