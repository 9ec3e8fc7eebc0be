// A heart-rate curve set apart from the activities: the truth's heart rate and the PPG's beats
// follow it exactly while the motion stays that of the scenario, so a test can ramp the heart
// rate through a fixed cadence; its text form parses, round-trips and refuses bad points.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "../io/io_test_util.hpp"
#include "io/truth_csv.hpp"
#include "sim/settings.hpp"
#include "sim/sim_recording.hpp"
#include "sim/simulator.hpp"
#include "sim/wrist_trajectory.hpp"

namespace fusetrack::sim {
namespace {

constexpr double kPi = 3.14159265358979323846;

// The curve's value at t by linear interpolation, constant outside its points.
double curve_at(const std::vector<HeartRatePoint>& c, double t) {
  if (t <= c.front().t_s) return c.front().bpm;
  for (std::size_t i = 0; i + 1 < c.size(); ++i) {
    if (t < c[i + 1].t_s) {
      return c[i].bpm + (t - c[i].t_s) / (c[i + 1].t_s - c[i].t_s) * (c[i + 1].bpm - c[i].bpm);
    }
  }
  return c.back().bpm;
}

// Walking 120 s at a fixed 110 steps/min after 20 s of rest, the heart ramping from 80 to 140
// beats/min through the cadence.
SimSettings crossing() {
  SimSettings s;
  s.seed = 9;
  s.segments = parse_scenario("rest:20,walk:120@110");
  s.mag.enabled = false;
  s.heart_rate_curve = {{0.0, 80.0}, {20.0, 80.0}, {140.0, 140.0}};
  return s;
}

TEST(HeartRateCurve, TruthHeartRateFollowsTheCurveExactlyWithoutBreathingModulation) {
  SimSettings s = crossing();
  s.heart_rate_variability_bpm = 0.0;
  const SimResult r = simulate(s);
  ASSERT_EQ(r.truth.heart_rate.size(), 140u);
  for (const HeartRateTruth& h : r.truth.heart_rate) {
    const double t = static_cast<double>(h.t_us) * 1e-6;
    ASSERT_NEAR(h.heart_rate_bpm, curve_at(s.heart_rate_curve, t), 1e-9) << t;
  }
  // It crosses the walk's cadence: below it at the walk's start, above it at the end.
  EXPECT_LT(r.truth.heart_rate[25].heart_rate_bpm, 100.0);
  EXPECT_GT(r.truth.heart_rate[139].heart_rate_bpm, 120.0);
  // The segments' truth says what the curve does there: its mean.
  ASSERT_EQ(r.truth.segments.size(), 2u);
  EXPECT_NEAR(r.truth.segments[0].heart_rate_bpm, 80.0, 1e-9);
  EXPECT_NEAR(r.truth.segments[1].heart_rate_bpm, 110.0, 1e-9);
  EXPECT_EQ(r.truth.segments[1].cadence_spm, 110.0);
}

TEST(HeartRateCurve, BreathingModulationStaysOnTopOfTheCurve) {
  const SimSettings s = crossing();
  const SimResult r = simulate(s);
  double largest = 0.0;
  for (const HeartRateTruth& h : r.truth.heart_rate) {
    const double d =
        h.heart_rate_bpm - curve_at(s.heart_rate_curve, static_cast<double>(h.t_us) * 1e-6);
    ASSERT_LE(std::fabs(d), s.heart_rate_variability_bpm + 1e-9);
    largest = std::max(largest, std::fabs(d));
  }
  EXPECT_GT(largest, 0.5 * s.heart_rate_variability_bpm);
}

TEST(HeartRateCurve, BeatsCountTheCurvesIntegral) {
  SimSettings s = crossing();
  s.heart_rate_variability_bpm = 0.0;
  const WristTrajectory traj(s);
  // ∫ HR / 60: 20 s at 80, then a linear ramp 80 -> 140 over 120 s = 220 beats in all.
  EXPECT_NEAR(traj.beat_phase_cycles(140.0) - traj.beat_phase_cycles(0.0),
              (20.0 * 80.0 + 120.0 * 110.0) / 60.0, 1e-9);
  EXPECT_NEAR(traj.beat_phase_cycles(200.0) - traj.beat_phase_cycles(140.0), 60.0 * 140.0 / 60.0,
              1e-9);
  for (double t = 0.5; t < 140.0; t += 7.3) {
    // The phase's rate is the heart rate: a central difference of the phase.
    const double rate =
        (traj.beat_phase_cycles(t + 1e-3) - traj.beat_phase_cycles(t - 1e-3)) / 2e-3 * 60.0;
    EXPECT_NEAR(rate, traj.heart_rate_bpm(t), 1e-4) << t;
  }
}

TEST(HeartRateCurve, PpgBeatsAtTheCurvesRateNotTheSegmentsTarget) {
  SimSettings s;
  s.seed = 4;
  s.segments = parse_scenario("rest:40");  // rest's own target is 65 beats/min
  s.heart_rate_curve = {{0.0, 96.0}};
  s.mag.enabled = false;
  const SimResult r = simulate(s);
  // Strongest frequency of channel 1 over the recording in 0.7-3 Hz (a direct Fourier sum).
  double mean = 0.0;
  for (const PpgSample& p : r.ppg) mean += static_cast<double>(p.ppg[0]);
  mean /= static_cast<double>(r.ppg.size());
  double best = -1.0, best_hz = 0.0;
  for (double f = 0.7; f <= 3.0; f += 0.005) {
    double re = 0.0, im = 0.0;
    for (const PpgSample& p : r.ppg) {
      const double t = static_cast<double>(p.t_us) * 1e-6;
      const double x = static_cast<double>(p.ppg[0]) - mean;
      re += x * std::cos(2.0 * kPi * f * t);
      im += x * std::sin(2.0 * kPi * f * t);
    }
    if (re * re + im * im > best) {
      best = re * re + im * im;
      best_hz = f;
    }
  }
  EXPECT_NEAR(best_hz * 60.0, 96.0, 1.0);
}

TEST(HeartRateCurve, LeavesTheMotionAndTheStepsAsTheScenarioHasThem) {
  SimSettings without = crossing();
  without.heart_rate_curve.clear();
  const SimResult a = simulate(crossing());
  const SimResult b = simulate(without);
  EXPECT_EQ(a.truth.steps_us, b.truth.steps_us);
  ASSERT_EQ(a.imu.size(), b.imu.size());
  for (std::size_t k = 0; k < a.imu.size(); k += 97) {
    ASSERT_EQ(a.imu[k].acc_m_s2, b.imu[k].acc_m_s2) << k;
    ASSERT_EQ(a.imu[k].gyr_rad_s, b.imu[k].gyr_rad_s) << k;
  }
  EXPECT_NE(a.ppg[1000].ppg[0], b.ppg[1000].ppg[0]);
}

TEST(HeartRateCurve, TruthFileHoldsTheCurveAndTheMetadataNamesIt) {
  const io::testing::TempDir dir;
  SimSettings s = crossing();
  s.heart_rate_variability_bpm = 0.0;
  const SimResult r = simulate(s);
  io::TruthCsvOptions options;
  options.metadata = simulation_metadata(s);
  io::write_truth_csv(dir.file("t.csv"), r.truth, options);
  io::TruthMetadata metadata;
  const io::Truth back = io::read_truth_csv(dir.file("t.csv"), &metadata);
  ASSERT_EQ(back.heart_rate.size(), r.truth.heart_rate.size());
  for (const HeartRateTruth& h : back.heart_rate) {
    // Written with 4 decimals.
    ASSERT_NEAR(h.heart_rate_bpm, curve_at(s.heart_rate_curve, static_cast<double>(h.t_us) * 1e-6),
                5e-5);
  }
  bool named = false;
  for (const auto& [key, value] : metadata) {
    if (key == "heart_rate") {
      EXPECT_EQ(value, "0:80,20:80,140:140");
      named = true;
    }
  }
  EXPECT_TRUE(named);
  EXPECT_EQ(io::find_metadata(simulation_metadata(SimSettings{}), "heart_rate"), nullptr);
}

// The message of parse_heart_rate_curve's exception for `text`.
std::string parse_error(const std::string& text) {
  try {
    parse_heart_rate_curve(text);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "";
}

bool contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

TEST(HeartRateCurve, TextParsesRoundTripsAndRejectsBadPoints) {
  const std::vector<HeartRatePoint> c = parse_heart_rate_curve("0:80,120.5:130,300:62.25");
  ASSERT_EQ(c.size(), 3u);
  EXPECT_EQ(c[1].t_s, 120.5);
  EXPECT_EQ(c[1].bpm, 130.0);
  EXPECT_EQ(c[2].bpm, 62.25);
  EXPECT_EQ(heart_rate_curve_text(c), "0:80,120.5:130,300:62.25");

  EXPECT_TRUE(contains(parse_error("0:80,60:90,60:100"), "expected a time after 60 s"));
  EXPECT_TRUE(contains(parse_error("0:80,60:90,60:100"), "item 3 '60:100'"));
  EXPECT_TRUE(contains(parse_error("10:80,5:90"), "time order"));
  EXPECT_TRUE(contains(parse_error("0:250"), "expected a heart rate in beats/min in [30, 220]"));
  EXPECT_TRUE(contains(parse_error("0:29"), "[30, 220]"));
  EXPECT_TRUE(contains(parse_error("-1:80"), "expected a time in seconds >= 0"));
  EXPECT_TRUE(contains(parse_error("80"), "TIME_S:BPM"));
  EXPECT_TRUE(contains(parse_error(""), "found nothing"));
  EXPECT_TRUE(contains(parse_error("0:80,"), "found item 2 ''"));
  EXPECT_TRUE(contains(parse_error("0:8o"), "found '8o'"));
}

TEST(HeartRateCurve, ValidationRejectsPointsOutOfOrderOrRange) {
  SimSettings s = crossing();
  EXPECT_NO_THROW(s.validate());
  s.heart_rate_curve = {{10.0, 80.0}, {10.0, 90.0}};
  EXPECT_THROW(s.validate(), std::invalid_argument);
  s.heart_rate_curve = {{0.0, 300.0}};
  EXPECT_THROW(s.validate(), std::invalid_argument);
  s.heart_rate_curve = {{-1.0, 80.0}};
  EXPECT_THROW(s.validate(), std::invalid_argument);
  try {
    s.heart_rate_curve = {{0.0, 80.0}, {30.0, 80.0}, {20.0, 90.0}};
    s.validate();
    FAIL() << "no error";
  } catch (const std::invalid_argument& e) {
    EXPECT_TRUE(contains(e.what(), "heart_rate_curve[2].t_s must be after the point before it"))
        << e.what();
  }
}

}  // namespace
}  // namespace fusetrack::sim
