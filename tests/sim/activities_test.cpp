// The scenarios a step counter is tested on: placements (wrist, hand, pocket) that walk with the
// same truth step times, per-segment cadence, IMU rates that leave the truth alone, and the
// activities without steps (wave, type, talk, car), each with the signal character it is meant to
// have and no steps.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "../io/io_test_util.hpp"
#include "io/truth_csv.hpp"
#include "sim/simulator.hpp"
#include "sim/wrist_trajectory.hpp"

namespace fusetrack::sim {
namespace {

using Vec3d = Eigen::Vector3d;

constexpr double kPi = 3.14159265358979323846;
constexpr double kDegPerRad = 180.0 / kPi;

double seconds(Micros t_us) { return static_cast<double>(t_us) * 1e-6; }

SimSettings scenario(const std::string& text, std::uint64_t seed,
                     Placement placement = Placement::kWrist) {
  SimSettings s;
  s.segments = parse_scenario(text);
  s.seed = seed;
  s.placement = placement;
  s.mag.enabled = false;  // not needed here: keeps the tests fast
  s.ppg.enabled = false;
  return s;
}

// The IMU samples of `r` in [from_s, to_s).
struct Window {
  std::vector<double> t;
  std::vector<Vec3d> acc, gyr;
  std::vector<std::size_t> index;  // into r.imu and r.truth.pose
};
Window window(const SimResult& r, double from_s, double to_s) {
  Window w;
  for (std::size_t k = 0; k < r.imu.size(); ++k) {
    const double t = seconds(r.imu[k].t_us);
    if (t < from_s || t >= to_s) continue;
    w.t.push_back(t);
    w.acc.push_back(r.imu[k].acc_m_s2.cast<double>());
    w.gyr.push_back(r.imu[k].gyr_rad_s.cast<double>());
    w.index.push_back(k);
  }
  return w;
}

std::vector<double> norms(const std::vector<Vec3d>& v) {
  std::vector<double> n;
  for (const Vec3d& x : v) n.push_back(x.norm());
  return n;
}

double mean(const std::vector<double>& x) {
  double s = 0.0;
  for (double v : x) s += v;
  return s / static_cast<double>(x.size());
}

double rms_about(const std::vector<double>& x, double centre) {
  double s = 0.0;
  for (double v : x) s += (v - centre) * (v - centre);
  return std::sqrt(s / static_cast<double>(x.size()));
}

// The axis (0, 1, 2) of the largest variance, as a series.
std::vector<double> busiest_axis(const std::vector<Vec3d>& v) {
  Vec3d m = Vec3d::Zero();
  for (const Vec3d& x : v) m += x;
  m /= static_cast<double>(v.size());
  Vec3d var = Vec3d::Zero();
  for (const Vec3d& x : v) var += (x - m).cwiseAbs2();
  Eigen::Index axis = 0;
  var.maxCoeff(&axis);
  std::vector<double> out;
  for (const Vec3d& x : v) out.push_back(x[axis]);
  return out;
}

// Hann-windowed DFT power of the mean-removed samples at f, Hz, at the actual time stamps.
double power_at(const std::vector<double>& t, const std::vector<double>& x, double f) {
  const double m = mean(x);
  const double t0 = t.front();
  const double span = t.back() - t0;
  double re = 0.0, im = 0.0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double tt = t[i] - t0;
    const double v = (0.5 - 0.5 * std::cos(2.0 * kPi * tt / span)) * (x[i] - m);
    re += v * std::cos(2.0 * kPi * f * tt);
    im -= v * std::sin(2.0 * kPi * f * tt);
  }
  return re * re + im * im;
}

// The frequency in [lo, hi] Hz with the largest power, on a `step_hz` grid.
double dominant_hz(const std::vector<double>& t, const std::vector<double>& x, double lo, double hi,
                   double step_hz) {
  double best_hz = lo, best = -1.0;
  for (double f = lo; f <= hi + 1e-9; f += step_hz) {
    const double p = power_at(t, x, f);
    if (p > best) {
      best = p;
      best_hz = f;
    }
  }
  return best_hz;
}

// The share of the power on the grid [lo, hi] within [band_lo, band_hi].
double band_share(const std::vector<double>& t, const std::vector<double>& x, double lo, double hi,
                  double step_hz, double band_lo, double band_hi) {
  double all = 0.0, band = 0.0;
  for (double f = lo; f <= hi + 1e-9; f += step_hz) {
    const double p = power_at(t, x, f);
    all += p;
    if (f >= band_lo && f <= band_hi) band += p;
  }
  return band / all;
}

std::vector<Micros> steps_in(const SimTruth& truth, double from_s, double to_s) {
  std::vector<Micros> out;
  for (const Micros t : truth.steps_us) {
    if (seconds(t) >= from_s && seconds(t) < to_s) out.push_back(t);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Placements

TEST(SimPlacement, EveryPlacementGivesTheSameTruthStepTimesHeartRateAndSegments) {
  const std::string text = "rest:3,walk:15,run:10,type:4,walk:6@95,rest:3";
  const SimResult wrist = simulate(scenario(text, 4, Placement::kWrist));
  ASSERT_GT(wrist.truth.steps_us.size(), 50u);
  for (const Placement p : {Placement::kHand, Placement::kPocket}) {
    const SimResult r = simulate(scenario(text, 4, p));
    EXPECT_EQ(r.truth.steps_us, wrist.truth.steps_us) << placement_name(p);
    ASSERT_EQ(r.truth.heart_rate.size(), wrist.truth.heart_rate.size());
    for (std::size_t i = 0; i < r.truth.heart_rate.size(); ++i) {
      EXPECT_EQ(r.truth.heart_rate[i].heart_rate_bpm, wrist.truth.heart_rate[i].heart_rate_bpm);
    }
    ASSERT_EQ(r.truth.segments.size(), wrist.truth.segments.size());
    for (std::size_t i = 0; i < r.truth.segments.size(); ++i) {
      EXPECT_EQ(r.truth.segments[i].activity, wrist.truth.segments[i].activity);
      EXPECT_EQ(r.truth.segments[i].cadence_spm, wrist.truth.segments[i].cadence_spm);
    }
    // The same time stamps, different motion.
    ASSERT_EQ(r.imu.size(), wrist.imu.size());
    EXPECT_NE(r.imu[2000].acc_m_s2, wrist.imu[2000].acc_m_s2) << placement_name(p);
  }
}

// Half the peak-to-peak angle, degrees, of the pocket phone's top (y axis, along the thigh
// towards the knee) forward of straight down, over [from_s, to_s).
double thigh_swing_deg(const SimResult& r, const WristTrajectory& traj, double from_s,
                       double to_s) {
  double lo = 1e9, hi = -1e9;
  for (std::size_t k = 0; k < r.imu.size(); ++k) {
    const double t = seconds(r.imu[k].t_us);
    if (t < from_s || t >= to_s) continue;
    const Vec3d along = r.truth.pose[k].q_es * Vec3d::UnitY();
    const double heading = traj.heading_rad(t);
    const Vec3d forward(std::cos(heading), std::sin(heading), 0.0);
    const double angle = std::atan2(along.dot(forward), -along.z()) * kDegPerRad;
    lo = std::min(lo, angle);
    hi = std::max(hi, angle);
  }
  return 0.5 * (hi - lo);
}

TEST(SimPlacement, PocketThighSwingsAbout25DegWalkingAnd40DegRunning) {
  // The truth orientation of the phone on the thigh: hip flexion swings ±25° walking and ±40°
  // running about its mean (the mounting misalignment and the pelvis' yaw move it by < 3°).
  const SimSettings s = scenario("rest:3,walk:12,run:12,rest:3", 8, Placement::kPocket);
  const SimResult r = simulate(s);
  const WristTrajectory traj(s);
  EXPECT_NEAR(thigh_swing_deg(r, traj, 6.0, 14.0), s.pocket.walk.thigh_swing_deg, 3.0);
  EXPECT_NEAR(thigh_swing_deg(r, traj, 18.0, 26.0), s.pocket.run.thigh_swing_deg, 4.0);
  EXPECT_LT(thigh_swing_deg(r, traj, 0.0, 2.0), 0.01);  // standing still
}

// Mean over the steps in [from_s, to_s) of the heel-strike transient's size in the true vertical
// linear acceleration: the least-squares amplitude of the template (1 - u²) exp(-u²/2),
// u = (t - t_k) / σ, over the samples within ±4σ (the slower arm and trunk motion barely passes).
double mean_heel_strike_peak(const SimResult& r, double from_s, double to_s, double sigma_s) {
  double sum = 0.0;
  std::size_t n = 0;
  for (const Micros step : steps_in(r.truth, from_s, to_s)) {
    double num = 0.0, den = 0.0;
    for (std::size_t k = 0; k < r.imu.size(); ++k) {
      const double u = seconds(r.imu[k].t_us - step) / sigma_s;
      if (std::fabs(u) > 4.0) continue;
      const double w = (1.0 - u * u) * std::exp(-0.5 * u * u);
      num += w * r.truth.pose[k].lin_acc_e_m_s2.z();
      den += w * w;
    }
    sum += num / den;
    ++n;
  }
  return sum / static_cast<double>(n);
}

TEST(SimPlacement, PocketFeelsHeelStrikesMoreStronglyThanTheWristAndTheHandLess) {
  const std::string text = "rest:2,walk:14,rest:2";
  const SimResult wrist = simulate(without_noise(scenario(text, 3, Placement::kWrist)));
  const SimResult hand = simulate(without_noise(scenario(text, 3, Placement::kHand)));
  const SimResult pocket = simulate(without_noise(scenario(text, 3, Placement::kPocket)));
  const double sigma = SimSettings{}.impact_width_s;
  const double w = mean_heel_strike_peak(wrist, 5.0, 14.0, sigma);
  const double h = mean_heel_strike_peak(hand, 5.0, 14.0, sigma);
  const double p = mean_heel_strike_peak(pocket, 5.0, 14.0, sigma);
  EXPECT_GT(p, 1.5 * w) << "pocket " << p << ", wrist " << w;
  EXPECT_LT(h, w) << "hand " << h << ", wrist " << w;
  EXPECT_GT(h, 2.0) << "the hand still feels each heel strike";
}

TEST(SimPlacement, HandHoldsThePhoneScreenUpAndBackAndTurnsFarLessThanTheWrist) {
  const std::string text = "rest:2,walk:14,rest:2";
  const SimResult wrist = simulate(scenario(text, 5, Placement::kWrist));
  const SimResult hand = simulate(scenario(text, 5, Placement::kHand));
  const Window ww = window(wrist, 5.0, 14.0);
  const Window wh = window(hand, 5.0, 14.0);
  const double wrist_gyr = rms_about(norms(ww.gyr), 0.0);
  const double hand_gyr = rms_about(norms(wh.gyr), 0.0);
  EXPECT_LT(hand_gyr, 0.4 * wrist_gyr) << "hand " << hand_gyr << ", wrist " << wrist_gyr;
  // The screen's normal (sensor z) points up and backwards, towards the face: about 40° from
  // vertical, and against the walking direction.
  for (const std::size_t k : wh.index) {
    const Vec3d screen = hand.truth.pose[k].q_es * Vec3d::UnitZ();
    const Vec3d top = hand.truth.pose[k].q_es * Vec3d::UnitY();
    ASSERT_NEAR(std::acos(screen.z()) * kDegPerRad, 40.0, 10.0);
    ASSERT_LT(screen.head<2>().dot(top.head<2>()), 0.0) << "the screen faces back, the top ahead";
  }
  // The trunk's bounce: the vertical acceleration's dominant frequency is the step frequency.
  std::vector<double> up;
  for (const std::size_t k : wh.index) {
    up.push_back((hand.truth.pose[k].q_es * hand.imu[k].acc_m_s2.cast<double>()).z());
  }
  EXPECT_NEAR(dominant_hz(wh.t, up, 0.5, 4.0, 0.01), 110.0 / 60.0, 0.1);
}

// ---------------------------------------------------------------------------------------------
// Cadence and IMU rate

TEST(SimCadence, SteadyWalksAt90And132StepsPerMinuteHaveStepIntervalsOfThatCadence) {
  for (const double cadence : {90.0, 132.0}) {
    char text[32];
    std::snprintf(text, sizeof text, "walk:60@%g", cadence);
    const SimSettings s = scenario(text, 11);
    const SimResult r = simulate(s);
    ASSERT_EQ(r.truth.segments.size(), 1u);
    EXPECT_EQ(r.truth.segments[0].cadence_spm, cadence);
    const std::vector<Micros> steps = steps_in(r.truth, 2.0, 58.0);
    ASSERT_GT(steps.size(), 80u);
    const double nominal_s = 60.0 / cadence;
    const double mean_s =
        seconds(steps.back() - steps.front()) / static_cast<double>(steps.size() - 1);
    EXPECT_NEAR(mean_s / nominal_s, 1.0, 0.02) << cadence;
    for (std::size_t i = 1; i < steps.size(); ++i) {
      // The step phase's natural variability: every interval within 5 % of the cadence's.
      ASSERT_NEAR(seconds(steps[i] - steps[i - 1]) / nominal_s, 1.0, 0.05) << cadence;
    }
  }
}

TEST(SimImuRate, TruthStepTimesDoNotDependOnTheImuRate) {
  SimSettings base = scenario("rest:2,walk:12,run:6,rest:2", 6);
  const SimResult reference = simulate(base);
  ASSERT_GT(reference.truth.steps_us.size(), 30u);
  for (const double rate : {12.5, 25.0, 50.0, 100.0, 400.0}) {
    SimSettings s = base;
    s.imu.clock = with_rate(s.imu.clock, rate);
    const SimResult r = simulate(s);
    EXPECT_EQ(r.truth.steps_us, reference.truth.steps_us) << rate << " Hz";
    const double expected = rate * (1.0 + s.imu.clock.clock_error) * base.duration_s();
    EXPECT_NEAR(static_cast<double>(r.imu.size()), expected, 2.0) << rate << " Hz";
  }
}

TEST(SimImuRate, JitterShrinksAtHighRatesAndStaysBelowAQuarterPeriod) {
  const StreamClockSettings def = SimSettings{}.imu.clock;
  EXPECT_EQ(with_rate(def, 12.5).jitter_us, def.jitter_us);
  EXPECT_EQ(with_rate(def, 50.0).rate_hz, 50.0);
  for (const double rate : {208.0, 400.0, 1000.0}) {
    const StreamClockSettings c = with_rate(def, rate);
    EXPECT_NEAR(c.jitter_us, def.jitter_us * def.rate_hz / rate, 1e-9);
    EXPECT_LT(c.jitter_us, 0.25e6 / (c.rate_hz * (1.0 + c.clock_error)));
    SimSettings s = scenario("walk:2", 1);
    s.imu.clock = c;
    EXPECT_NO_THROW(s.validate()) << rate;
  }
  EXPECT_THROW(with_rate(def, 0.0), std::invalid_argument);
}

// ---------------------------------------------------------------------------------------------
// Activities without steps

TEST(SimActivity, ActivitiesWithoutStepsHaveNoStepsAndNoCadenceInEveryPlacement) {
  const std::string text = "walk:8,wave:10,type:10,talk:10,car:30,walk:8";
  for (const Placement p : {Placement::kWrist, Placement::kHand, Placement::kPocket}) {
    const SimResult r = simulate(scenario(text, 2, p));
    for (const SegmentTruth& seg : r.truth.segments) {
      const std::vector<Micros> steps =
          steps_in(r.truth, seconds(seg.start_us), seconds(seg.end_us));
      if (activity_has_steps(seg.activity)) {
        EXPECT_GT(steps.size(), 8u) << activity_name(seg.activity);
        EXPECT_GT(seg.cadence_spm, 0.0);
      } else {
        EXPECT_TRUE(steps.empty()) << activity_name(seg.activity) << " in " << placement_name(p);
        EXPECT_EQ(seg.cadence_spm, 0.0) << activity_name(seg.activity);
      }
    }
  }
}

TEST(SimActivity, WaveSwingsTheForearmWithADominantFrequencyBetween15And25Hz) {
  for (const std::uint64_t seed : {1u, 2u, 3u}) {
    const SimResult r = simulate(scenario("rest:2,wave:20,rest:2", seed));
    const Window w = window(r, 4.0, 20.0);
    const double f = dominant_hz(w.t, busiest_axis(w.acc), 0.3, 10.0, 0.02);
    EXPECT_GE(f, 1.5) << "seed " << seed;
    EXPECT_LE(f, 2.5) << "seed " << seed;
    // Large amplitude: several m/s² and well over 1 rad/s.
    EXPECT_GT(rms_about(norms(w.acc), kGravity), 3.0) << "seed " << seed;
    EXPECT_GT(rms_about(norms(w.gyr), 0.0), 2.0) << "seed " << seed;
  }
}

TEST(SimActivity, TypingIsASmallJitterMostlyAbove4Hz) {
  const SimResult r = simulate(scenario("rest:2,type:30,rest:2", 4));
  const Window w = window(r, 4.0, 30.0);
  const std::vector<double> n = norms(w.acc);
  const double rms = rms_about(n, kGravity);
  EXPECT_LT(rms, 0.3) << "rms of |a| - g";
  EXPECT_GT(rms, 0.03) << "more than the accelerometer's noise (0.012 per axis)";
  EXPECT_GT(band_share(w.t, n, 0.2, 50.0, 0.1, 4.0, 50.0), 0.8);
  EXPECT_LT(rms_about(norms(w.gyr), 0.0), 0.5);
}

TEST(SimActivity, TalkingGesturesAreIrregularBetweenHalfAnd3Hz) {
  const SimResult r = simulate(scenario("rest:2,talk:30,rest:2", 5));
  const Window w = window(r, 4.0, 30.0);
  const std::vector<double> axis = busiest_axis(w.acc);
  EXPECT_GT(band_share(w.t, axis, 0.1, 20.0, 0.05, 0.4, 3.2), 0.8);
  EXPECT_GT(rms_about(norms(w.acc), kGravity), 0.3);
  EXPECT_GT(rms_about(norms(w.gyr), 0.0), 0.3);
  // Irregular: no single frequency holds much of the power, and the size of the gestures
  // changes from one 2 s window to the next.
  double all = 0.0, best = 0.0;
  for (double f = 0.4; f <= 3.2; f += 0.02) {
    const double p = power_at(w.t, axis, f);
    all += p;
    best = std::max(best, p);
  }
  EXPECT_LT(best / all, 0.3);
  double lo = 1e9, hi = 0.0;
  for (double from = 4.0; from + 2.0 <= 30.0; from += 2.0) {
    const double rms = rms_about(norms(window(r, from, from + 2.0).acc), kGravity);
    lo = std::min(lo, rms);
    hi = std::max(hi, rms);
  }
  EXPECT_GT(hi / lo, 2.0) << lo << " to " << hi << " m/s²";
}

TEST(SimActivity, CarHasEngineVibrationBetween20And40HzTurnsBrakingAndMeanGravity) {
  const SimSettings s = scenario("rest:2,car:120,rest:2", 7);
  const SimResult r = simulate(s);
  const WristTrajectory traj(s);
  const Window w = window(r, 3.0, 121.0);
  const std::vector<double> n = norms(w.acc);
  EXPECT_NEAR(mean(n), kGravity, 0.25);
  // The engine: the strongest vibration above 15 Hz is the engine's, in 20-40 Hz.
  const Window quiet = window(r, 40.0, 48.0);
  const double engine_hz = dominant_hz(quiet.t, norms(quiet.acc), 15.0, 50.0, 0.1);
  EXPECT_GE(engine_hz, 20.0);
  EXPECT_LE(engine_hz, 40.0);
  // Driving: pulls away, turns (centripetal up to 3 m/s²), brakes, and stops by the end.
  double max_speed = 0.0, max_lateral = 0.0, min_longitudinal = 0.0, max_bump = 0.0;
  for (const std::size_t k : w.index) {
    const double t = seconds(r.imu[k].t_us);
    max_speed = std::max(max_speed, traj.car_speed_m_s(t));
    const Vec3d a = r.truth.pose[k].lin_acc_e_m_s2;
    const double heading = traj.heading_rad(t);
    const Vec3d forward(std::cos(heading), std::sin(heading), 0.0);
    const Vec3d left(-std::sin(heading), std::cos(heading), 0.0);
    max_lateral = std::max(max_lateral, std::fabs(a.dot(left)));
    min_longitudinal = std::min(min_longitudinal, a.dot(forward));
    max_bump = std::max(max_bump, a.z());
  }
  EXPECT_GT(max_speed, s.car_motion.min_speed_m_s);
  EXPECT_LE(max_speed, s.car_motion.max_speed_m_s + 1e-9);
  EXPECT_GT(max_lateral, 0.5 * s.car_motion.min_lateral_m_s2);
  EXPECT_LT(max_lateral, s.car_motion.max_lateral_m_s2 + 0.5);
  EXPECT_LT(min_longitudinal, -0.5) << "it brakes";
  EXPECT_GT(min_longitudinal, -s.car_motion.max_longitudinal_m_s2 - 0.5);
  EXPECT_GT(max_bump, s.car_motion.bump_min_m_s2) << "road bumps";
  EXPECT_EQ(traj.car_speed_m_s(2.5), 0.0);
  EXPECT_EQ(traj.car_speed_m_s(121.5), 0.0);
  EXPECT_NE(traj.heading_rad(1.0), traj.heading_rad(123.0)) << "the car turned the wearer";
}

TEST(SimActivity, GesturesAndCarRidesAreDeterministicFromTheSeed) {
  const std::string text = "wave:4,type:4,talk:4,car:20";
  const SimResult a = simulate(scenario(text, 9));
  const SimResult b = simulate(scenario(text, 9));
  const SimResult c = simulate(scenario(text, 10));
  ASSERT_EQ(a.imu.size(), b.imu.size());
  for (std::size_t k = 0; k < a.imu.size(); ++k) {
    ASSERT_EQ(a.imu[k].acc_m_s2, b.imu[k].acc_m_s2);
    ASSERT_EQ(a.imu[k].gyr_rad_s, b.imu[k].gyr_rad_s);
    ASSERT_EQ(a.truth.pose[k].q_es.coeffs(), b.truth.pose[k].q_es.coeffs());
  }
  // Another seed: other gestures in every segment (not only other noise).
  for (const double t : {2.0, 6.0, 10.0, 16.0}) {
    const WristTrajectory ta(scenario(text, 9));
    const WristTrajectory tc(scenario(text, 10));
    EXPECT_GT((ta.state(t).lin_acc_e_m_s2 - tc.state(t).lin_acc_e_m_s2).norm(), 1e-4) << t;
  }
  EXPECT_NE(a.imu[500].acc_m_s2, c.imu[500].acc_m_s2);
}

TEST(SimActivity, MotionStaysSmoothAcrossBoundariesOfTheNewActivities) {
  // Between 1 ms samples angular velocity and linear acceleration change by at most the largest
  // angular acceleration or jerk times 1 ms (waving: about 60 rad/s² and 300 m/s³; keystrokes
  // and road bumps are narrow transients, so they are off here).
  SimSettings s = scenario("walk:4,wave:4,talk:4,type:4,car:12,wave:4,walk:4", 3);
  s.type_motion.key_min_m_s2 = s.type_motion.key_max_m_s2 = 0.0;
  s.car_motion.bumps_per_s = 0.0;
  s.walk.impact_m_s2 = 0.0;
  for (const Placement p : {Placement::kWrist, Placement::kHand, Placement::kPocket}) {
    s.placement = p;
    s.pocket.walk.impact_m_s2 = 0.0;
    s.hand.walk.impact_m_s2 = 0.0;
    const WristTrajectory traj(s);
    WristState prev = traj.state(0.5);
    for (double t = 0.501; t < 35.5; t += 0.001) {
      const WristState st = traj.state(t);
      ASSERT_LT((st.omega_s_rad_s - prev.omega_s_rad_s).norm(), 0.15)
          << placement_name(p) << " t = " << t;
      ASSERT_LT((st.lin_acc_e_m_s2 - prev.lin_acc_e_m_s2).norm(), 1.0)
          << placement_name(p) << " t = " << t;
      prev = st;
    }
  }
}

TEST(SimActivity, GyroOfTheNewActivitiesIsTheDerivativeOfTheTruthOrientation) {
  // ω from the central difference of the truth orientation over ±0.5 ms matches the truth's ω:
  // a frame, sign or scale error would be off by the whole rate.
  const SimSettings s = scenario("wave:3,type:3,talk:3,car:14", 12, Placement::kHand);
  const WristTrajectory traj(s);
  for (double t = 0.3; t < 22.7; t += 0.137) {
    const double h = 5e-4;
    const Eigen::Quaterniond dq = traj.orientation(t - h).conjugate() * traj.orientation(t + h);
    const Eigen::AngleAxisd aa(dq);
    const Vec3d omega = aa.axis() * aa.angle() / (2.0 * h);
    ASSERT_LT((omega - traj.state(t).omega_s_rad_s).norm(), 2e-3 + 1e-3 * omega.norm())
        << "t = " << t;
  }
}

// ---------------------------------------------------------------------------------------------
// Names and the truth file

TEST(SimActivity, EveryActivityAndPlacementNameParsesBack) {
  for (const Activity a : io::kAllActivities) EXPECT_EQ(parse_activity(activity_name(a)), a);
  for (const Placement p : {Placement::kWrist, Placement::kHand, Placement::kPocket}) {
    EXPECT_EQ(parse_placement(placement_name(p)), p);
  }
  EXPECT_THROW(parse_activity("jog"), std::invalid_argument);
  EXPECT_THROW(parse_placement("knee"), std::invalid_argument);
  EXPECT_FALSE(activity_has_steps(Activity::kCar));
  EXPECT_TRUE(activity_has_steps(Activity::kRun));
}

TEST(SimActivity, TruthFileRoundTripsTheNewActivities) {
  const io::testing::TempDir dir;
  const SimResult r = simulate(scenario("rest:1,wave:1.5,type:1.5,talk:1.5,car:4,walk:2@96", 1));
  io::write_truth_csv(dir.file("t.csv"), r.truth);
  const io::Truth back = io::read_truth_csv(dir.file("t.csv"));
  ASSERT_EQ(back.segments.size(), 6u);
  for (std::size_t i = 0; i < back.segments.size(); ++i) {
    EXPECT_EQ(back.segments[i].activity, r.truth.segments[i].activity);
    EXPECT_EQ(back.segments[i].cadence_spm, r.truth.segments[i].cadence_spm);
  }
  EXPECT_EQ(back.segments[5].cadence_spm, 96.0);
  ASSERT_EQ(back.pose.size(), r.truth.pose.size());
  for (std::size_t k = 0; k < back.pose.size(); ++k) {
    ASSERT_EQ(back.pose[k].activity, r.truth.pose[k].activity);
  }
  EXPECT_EQ(back.steps_us, r.truth.steps_us);
}

}  // namespace
}  // namespace fusetrack::sim
