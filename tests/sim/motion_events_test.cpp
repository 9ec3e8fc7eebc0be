// Falls and fall-like motions laid over the scenario (docs/simulator.md, "Falls and fall-like
// motions"), and the accelerometer's full-scale clipping: recordings without events are the
// bundled sample byte for byte, every kind has its truth row and shows its phases in the true
// specific force and attitude, the truth file keeps the events, clipping clamps and is flagged,
// and bad text is refused with one line.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "../cli/run_cli.hpp"
#include "../io/io_test_util.hpp"
#include "fusetrack/core/full_scale.hpp"
#include "io/truth_csv.hpp"
#include "sim/motion_cases.hpp"
#include "sim/sim_recording.hpp"
#include "sim/simulator.hpp"
#include "sim/wrist_trajectory.hpp"

namespace fusetrack::sim {
namespace {

using io::testing::read_bytes;
using io::testing::TempDir;
using Vec3d = Eigen::Vector3d;

constexpr double kPi = 3.14159265358979323846;
constexpr double kDegPerRad = 180.0 / kPi;

double seconds(Micros t_us) { return static_cast<double>(t_us) * 1e-6; }

// |true specific force| at pose k, g.
double true_g(const SimResult& r, std::size_t k) {
  return (r.truth.pose[k].lin_acc_e_m_s2 + Vec3d(0.0, 0.0, kGravity)).norm() / kGravity;
}

// The pose index nearest t.
std::size_t at_time(const SimResult& r, double t_s) {
  const auto it =
      std::lower_bound(r.truth.pose.begin(), r.truth.pose.end(), t_s,
                       [](const io::PoseTruth& p, double t) { return seconds(p.t_us) < t; });
  return static_cast<std::size_t>(std::min<std::ptrdiff_t>(
      it - r.truth.pose.begin(), static_cast<std::ptrdiff_t>(r.truth.pose.size()) - 1));
}

// Angle between the gravity directions in the sensor frame at two instants, degrees: the
// attitude change a fall detector sees (rotation about vertical does not count).
double attitude_change_deg(const SimResult& r, double t1_s, double t2_s) {
  const Vec3d up = Vec3d::UnitZ();
  const Vec3d g1 = r.truth.pose[at_time(r, t1_s)].q_es.conjugate() * up;
  const Vec3d g2 = r.truth.pose[at_time(r, t2_s)].q_es.conjugate() * up;
  return std::acos(std::clamp(g1.dot(g2), -1.0, 1.0)) * kDegPerRad;
}

// Lowest and highest |true specific force| over [from, to), g.
std::pair<double, double> g_range(const SimResult& r, double from_s, double to_s) {
  double lo = 1e9, hi = 0.0;
  for (std::size_t k = at_time(r, from_s); k < r.truth.pose.size(); ++k) {
    if (seconds(r.truth.pose[k].t_us) >= to_s) break;
    lo = std::min(lo, true_g(r, k));
    hi = std::max(hi, true_g(r, k));
  }
  return {lo, hi};
}

// A clean motion case at 1 kHz (every impact sampled within 0.5 ms of its peak).
SimResult clean_case(MotionKind kind, std::uint64_t seed) {
  return simulate(without_noise(motion_case_settings(kind, 1000.0, seed, 0.0)));
}

TEST(MotionEvents, TheBundledSampleIsTheSimulatorsOutputByteForByte) {
  // data/sample*.csv were written by the command in data/README.md: seed 1, the scenario and
  // the fall below, everything else the simulator's defaults.
  const TempDir dir;
  SimSettings s;
  s.segments = parse_scenario("rest:40,walk:90,run:60,wave:20,type:20,rest:60");
  s.events = parse_motion_events("fall_forward@255+25");
  const SimResult r = simulate(s);
  io::Metadata metadata = simulation_metadata(s);
  metadata.emplace_back("duration_scale", "1");
  write_recording(dir.file("sample.csv"), r, metadata);
  io::TruthCsvOptions options;
  options.metadata = metadata;
  options.metadata.emplace_back("pose_every", "1");
  write_truth_csv(dir.file("sample_truth.csv"), r.truth, options);
  const std::string sample_dir = FUSETRACK_SAMPLE_DIR;
  EXPECT_TRUE(read_bytes(dir.file("sample.csv")) == read_bytes(sample_dir + "/sample.csv"));
  EXPECT_TRUE(read_bytes(dir.file("sample_truth.csv")) ==
              read_bytes(sample_dir + "/sample_truth.csv"));
}

TEST(MotionEvents, AnEventLeavesEverySampleBeforeItUnchanged) {
  SimSettings s;
  s.segments = {Segment::walk(30.0), Segment::rest(30.0)};
  const SimResult plain = simulate(s);
  s.events = {MotionEvent{MotionKind::kFallLateral, 25.0, 20.0}};
  const SimResult fall = simulate(s);
  ASSERT_EQ(plain.imu.size(), fall.imu.size());
  std::size_t same = 0;
  for (std::size_t k = 0; k < plain.imu.size() && seconds(plain.imu[k].t_us) < 24.0; ++k) {
    ASSERT_EQ(plain.imu[k].acc_m_s2, fall.imu[k].acc_m_s2) << k;
    ASSERT_EQ(plain.imu[k].gyr_rad_s, fall.imu[k].gyr_rad_s) << k;
    ++same;
  }
  EXPECT_GT(same, 2000u);
  EXPECT_EQ(plain.mag.size(), fall.mag.size());
}

TEST(MotionEvents, EveryKindHasItsTruthRowWithThePeakOfTheTrueSpecificForceAtItsImpact) {
  for (const MotionKind kind : io::kAllMotionKinds) {
    for (const std::uint64_t seed : {1u, 2u, 3u}) {
      SCOPED_TRACE(std::string(motion_kind_name(kind)) + " seed " + std::to_string(seed));
      const SimResult r = clean_case(kind, seed);
      ASSERT_EQ(r.truth.events.size(), 1u);
      const io::MotionEventTruth& e = r.truth.events[0];
      EXPECT_EQ(e.kind, kind);
      EXPECT_EQ(e.is_fall, motion_kind_is_fall(kind));
      EXPECT_EQ(e.start_us, 20'000'000);
      EXPECT_GT(e.impact_us, e.start_us);
      EXPECT_GT(e.end_us, e.impact_us);
      // The stated peak ranges (docs/simulator.md), true specific force.
      double lo = 0.0, hi = 0.0;
      switch (kind) {
        case MotionKind::kFallForward:
        case MotionKind::kFallBackward:
        case MotionKind::kFallLateral:
          lo = 2.0, hi = 17.0;
          break;
        case MotionKind::kClap:
          lo = 3.0, hi = 11.0;
          break;
        case MotionKind::kHop:
        case MotionKind::kArmDrop:
          lo = 3.0, hi = 7.5;
          break;
        case MotionKind::kSitHard:
          lo = 2.0, hi = 4.5;
          break;
      }
      EXPECT_GE(e.peak_g, lo);
      EXPECT_LE(e.peak_g, hi);
      // The samples reach it within 1 ms of impact_s (1 kHz, no noise), and nothing in the event
      // is stronger.
      const double t_i = seconds(e.impact_us);
      const auto [near_lo, near_hi] = g_range(r, t_i - 0.001, t_i + 0.001);
      EXPECT_NEAR(near_hi, e.peak_g, 0.02 * e.peak_g);
      const auto [all_lo, all_hi] = g_range(r, seconds(e.start_us), seconds(e.end_us));
      EXPECT_LE(all_hi, e.peak_g + 1e-6);
      (void)near_lo;
      (void)all_lo;
    }
  }
}

TEST(MotionEvents, FallsDipBelow09gBeforeTheImpactTurnTheAttitudeByAtLeast25DegAndLieStill) {
  for (const MotionKind kind :
       {MotionKind::kFallForward, MotionKind::kFallBackward, MotionKind::kFallLateral}) {
    for (const std::uint64_t seed : {1u, 2u, 3u, 4u, 5u}) {
      SCOPED_TRACE(std::string(motion_kind_name(kind)) + " seed " + std::to_string(seed));
      const SimResult r = clean_case(kind, seed);
      const double t_i = seconds(r.truth.events[0].impact_us);
      const auto [dip, unused] = g_range(r, t_i - 1.0, t_i - 0.02);
      (void)unused;
      EXPECT_LT(dip, 0.9);
      // A real posture change: from the start of the stumble to lying.
      EXPECT_GE(attitude_change_deg(r, seconds(r.truth.events[0].start_us), t_i + 3.0), 25.0);
      // Lying still: from 7 s after the impact (settled, the restlessness over) |a| stays within
      // 0.05 g of 1 g.
      const auto [still_lo, still_hi] = g_range(r, t_i + 7.0, t_i + 12.0);
      EXPECT_GT(still_lo, 0.95);
      EXPECT_LT(still_hi, 1.05);
    }
  }
}

// What a wrist fall detector sees of one fall at 20 Hz (the detector's features: speed gained in
// the second before the impact, the strongest reading near it, |a| s.d. 1-3 s after it).
struct FallLook {
  double dip_speed_m_s = 0.0;  // Σ max(0, g - |a|) dt over the second before the impact
  double dip_g = 1e9;          // lowest |a| in that second
  double peak_g = 0.0;         // strongest |a| within 0.5 s of the impact
  int strong = 0;              // readings >= 2 g within 0.5 s of the impact
  double post_sd_g = 0.0;      // s.d. of |a| 1-3 s after the impact
  double turn_deg = 0.0;       // attitude change, start to 3 s after the impact (truth)
};

FallLook look_at_fall(MotionKind kind, std::uint64_t seed) {
  const SimResult r = simulate_motion_case(kind, 20.0, seed, 0.0);
  const double t_i = seconds(r.truth.events[0].impact_us);
  FallLook f;
  double sum = 0.0, sum2 = 0.0;
  int n = 0;
  for (std::size_t k = 0; k < r.imu.size(); ++k) {
    const double t = seconds(r.imu[k].t_us);
    const double a = r.imu[k].acc_m_s2.cast<double>().norm();
    if (t >= t_i - 1.0 && t < t_i) {
      f.dip_speed_m_s += std::max(0.0, kGravity - a) * 0.05;
      f.dip_g = std::min(f.dip_g, a / kGravity);
    }
    if (std::fabs(t - t_i) <= 0.5) {
      f.peak_g = std::max(f.peak_g, a / kGravity);
      if (a >= 2.0 * kGravity) ++f.strong;
    }
    if (t >= t_i + 1.0 && t < t_i + 3.0) {
      sum += a / kGravity;
      sum2 += (a / kGravity) * (a / kGravity);
      ++n;
    }
  }
  const double mean = sum / n;
  f.post_sd_g = std::sqrt(std::max(0.0, sum2 / n - mean * mean));
  f.turn_deg = attitude_change_deg(r, seconds(r.truth.events[0].start_us), t_i + 3.0);
  return f;
}

TEST(MotionEvents, FallsRangeFromHardDropsToSoftCaughtOnes) {
  // 30 falls at 20 Hz: some hard drops (fast, one sharp peak, still after it), the rest softer
  // (braked, spread impacts, restless after): the ranges real wrist falls show.
  std::vector<FallLook> falls;
  for (const MotionKind kind :
       {MotionKind::kFallForward, MotionKind::kFallBackward, MotionKind::kFallLateral}) {
    for (std::uint64_t seed = 1; seed <= 10; ++seed) falls.push_back(look_at_fall(kind, seed));
  }
  auto lowest = [&](auto member) {
    double v = 1e9;
    for (const FallLook& f : falls) v = std::min(v, static_cast<double>(f.*member));
    return v;
  };
  auto highest = [&](auto member) {
    double v = -1e9;
    for (const FallLook& f : falls) v = std::max(v, static_cast<double>(f.*member));
    return v;
  };
  auto count = [&](auto pred) { return std::count_if(falls.begin(), falls.end(), pred); };
  std::printf(
      "30 falls at 20 Hz: dip speed %.2f-%.2f m/s, dip %.2f-%.2f g, peak %.1f-%.1f g, "
      "strong readings %d-%d, post s.d. %.3f-%.3f g, turn %.0f-%.0f deg\n",
      lowest(&FallLook::dip_speed_m_s), highest(&FallLook::dip_speed_m_s), lowest(&FallLook::dip_g),
      highest(&FallLook::dip_g), lowest(&FallLook::peak_g), highest(&FallLook::peak_g),
      static_cast<int>(lowest(&FallLook::strong)), static_cast<int>(highest(&FallLook::strong)),
      lowest(&FallLook::post_sd_g), highest(&FallLook::post_sd_g), lowest(&FallLook::turn_deg),
      highest(&FallLook::turn_deg));
  // Every one a fall: a strong impact and a real posture change.
  EXPECT_GE(lowest(&FallLook::peak_g), 1.15);  // sampled: 20 Hz can miss a narrow peak
  EXPECT_GE(lowest(&FallLook::turn_deg), 25.0);
  EXPECT_LE(highest(&FallLook::turn_deg), 140.0);
  EXPECT_LT(highest(&FallLook::post_sd_g), 0.25);
  // Hard ones: a fast, deep drop ...
  EXPECT_GE(count([](const FallLook& f) { return f.dip_speed_m_s > 2.0 && f.dip_g < 0.5; }), 5);
  // ... and soft ones: braked, restless afterwards, a mild posture change.
  EXPECT_GE(count([](const FallLook& f) { return f.dip_speed_m_s < 1.3; }), 5);
  EXPECT_GE(count([](const FallLook& f) { return f.dip_g > 0.5; }), 5);
  EXPECT_GE(count([](const FallLook& f) { return f.peak_g < 6.0; }), 5);
  EXPECT_GE(count([](const FallLook& f) { return f.strong >= 2; }), 5);
  EXPECT_GE(count([](const FallLook& f) { return f.post_sd_g > 0.01; }), 10);
  EXPECT_GE(count([](const FallLook& f) { return f.turn_deg < 60.0; }), 3);
}

TEST(MotionEvents, ClapsAndHopsLeaveNoLastingAttitudeChange) {
  for (const MotionKind kind : {MotionKind::kClap, MotionKind::kHop}) {
    for (const std::uint64_t seed : {1u, 2u, 3u}) {
      SCOPED_TRACE(std::string(motion_kind_name(kind)) + " seed " + std::to_string(seed));
      // Standing still before and after (the hop case walks before: here it stands, so the
      // arm's pose before and after is the same one).
      SimSettings s = without_noise(motion_case_settings(kind, 200.0, seed, 0.0));
      s.segments = {Segment::rest(55.0)};
      const SimResult r = simulate(s);
      const io::MotionEventTruth& e = r.truth.events[0];
      EXPECT_LT(attitude_change_deg(r, seconds(e.start_us) - 2.0, seconds(e.end_us) + 3.0), 1.0);
      // ... while during it the forearm moves (raised to clap, swinging with the hops).
      double most = 0.0;
      for (double t = seconds(e.start_us); t < seconds(e.end_us); t += 0.05) {
        most = std::max(most, attitude_change_deg(r, seconds(e.start_us) - 2.0, t));
      }
      EXPECT_GT(most, 5.0);
    }
  }
}

TEST(MotionEvents, SitHardAndArmDropChangeThePostureModeratelyAndStayStill) {
  for (const std::uint64_t seed : {1u, 2u, 3u}) {
    const SimResult sit = clean_case(MotionKind::kSitHard, seed);
    const double t_sit = seconds(sit.truth.events[0].impact_us);
    const double sit_turn = attitude_change_deg(sit, t_sit - 2.0, t_sit + 3.0);
    EXPECT_GT(sit_turn, 15.0) << seed;
    EXPECT_LT(sit_turn, 75.0) << seed;
    const auto [sit_dip, sit_hi] = g_range(sit, t_sit - 0.5, t_sit - 0.02);
    EXPECT_LT(sit_dip, 0.75) << seed;
    (void)sit_hi;

    const SimResult drop = clean_case(MotionKind::kArmDrop, seed);
    const double t_drop = seconds(drop.truth.events[0].impact_us);
    const double drop_turn = attitude_change_deg(drop, t_drop - 1.0, t_drop + 3.0);
    EXPECT_GT(drop_turn, 45.0) << seed;
    EXPECT_LT(drop_turn, 100.0) << seed;
    const auto [rest_lo, rest_hi] = g_range(drop, t_drop + 3.0, t_drop + 7.5);
    EXPECT_GT(rest_lo, 0.97) << seed;
    EXPECT_LT(rest_hi, 1.03) << seed;
  }
}

TEST(MotionEvents, GyroMinusTrueBiasIntegratesThroughAFallToTheTruthOrientation) {
  // The tumble is part of the orientation, ω its derivative: integrating ω (truth) over the
  // fall reproduces the truth attitude after it.
  const SimResult r =
      simulate(without_noise(motion_case_settings(MotionKind::kFallForward, 1000.0, 7, 0.0)));
  const std::size_t from = at_time(r, 19.0);
  const std::size_t to = at_time(r, 24.0);
  Eigen::Quaterniond q = r.truth.pose[from].q_es;
  for (std::size_t k = from; k + 1 <= to; ++k) {
    const double dt = seconds(r.truth.pose[k + 1].t_us - r.truth.pose[k].t_us);
    const Vec3d w = 0.5 * (r.truth.pose[k].omega_s_rad_s + r.truth.pose[k + 1].omega_s_rad_s);
    const double angle = w.norm() * dt;
    if (angle > 0.0) q = q * Eigen::Quaterniond(Eigen::AngleAxisd(angle, w.normalized()));
    q.normalize();
  }
  const double w = std::fabs((q.conjugate() * r.truth.pose[to].q_es).w());
  EXPECT_LT(2.0 * std::acos(std::min(1.0, w)) * kDegPerRad, 0.5);
}

TEST(MotionEvents, NoStepsAreCountedWhileAFallenWearerLies) {
  SimSettings s;
  s.segments = {Segment::walk(60.0)};
  s.events = {MotionEvent{MotionKind::kFallBackward, 10.0, 30.0}};
  const SimResult r = simulate(s);
  const io::MotionEventTruth& e = r.truth.events[0];
  for (const Micros t : r.truth.steps_us) {
    EXPECT_FALSE(t > e.start_us + 500'000 && t < e.end_us - 1'500'000) << t;
  }
  EXPECT_GT(r.truth.steps_us.size(), 30u);  // walking before and after
}

TEST(MotionEvents, ClippingAt8gClampsEveryAxisAndTheDeviceCoreFlagsIt) {
  // The first seed whose forward fall peaks above 11 g (the truth's true peak).
  std::uint64_t seed = 1;
  while (simulate_motion_case(MotionKind::kFallForward, 104.0, seed, 0.0).truth.events[0].peak_g <
         11.0) {
    ASSERT_LT(++seed, 30u);
  }
  const SimResult r = simulate_motion_case(MotionKind::kFallForward, 104.0, seed, 8.0);
  const SimResult open = simulate_motion_case(MotionKind::kFallForward, 104.0, seed, 0.0);
  ASSERT_EQ(r.imu.size(), open.imu.size());
  const float fs = static_cast<float>(8.0 * kGravity);
  const FullScale full_scale(fs, FullScaleSettings{}.clip_band);
  std::size_t clipped = 0, flagged = 0;
  for (std::size_t k = 0; k < r.imu.size(); ++k) {
    for (int i = 0; i < 3; ++i) {
      const float a = open.imu[k].acc_m_s2[i];
      EXPECT_LE(std::fabs(r.imu[k].acc_m_s2[i]), fs);
      if (std::fabs(a) > fs) {
        ++clipped;
        EXPECT_EQ(r.imu[k].acc_m_s2[i], std::copysign(fs, a));
      } else {
        EXPECT_EQ(r.imu[k].acc_m_s2[i], a);
      }
    }
    if (full_scale.classify(r.imu[k].acc_m_s2) == RangeClass::kClipped) ++flagged;
  }
  EXPECT_GT(clipped, 0u);
  EXPECT_GE(flagged, 1u);
  // The truth is that of the motion, not of the clipped samples.
  EXPECT_EQ(r.truth.events[0].peak_g, open.truth.events[0].peak_g);
}

TEST(MotionEvents, MotionCasesWorkAt20And50And200Hz) {
  for (const double rate : {20.0, 50.0, 200.0}) {
    for (const MotionKind kind : io::kAllMotionKinds) {
      SCOPED_TRACE(std::string(motion_kind_name(kind)) + " at " + std::to_string(rate) + " Hz");
      const SimResult r = simulate_motion_case(kind, rate, 11, 16.0);
      EXPECT_NEAR(static_cast<double>(r.imu.size()), 55.0 * rate, 0.01 * 55.0 * rate + 2.0);
      EXPECT_TRUE(r.ppg.empty());
      EXPECT_TRUE(r.imu.front().has_gyr);
      ASSERT_EQ(r.truth.events.size(), 1u);
      // The sampled |a| near the impact shows a clear impact at every rate (at 20 Hz a sample
      // can miss a narrow peak, so only half of it is required).
      const double t_i = seconds(r.truth.events[0].impact_us);
      double sampled = 0.0;
      for (const ImuSample& s : r.imu) {
        if (std::fabs(seconds(s.t_us) - t_i) < 0.15) {
          sampled = std::max(sampled, s.acc_m_s2.cast<double>().norm() / kGravity);
        }
      }
      // A soft fall's short impact can fall between 20 Hz samples: 1.2 g of it is enough there.
      const double floor_g = rate < 30.0 && motion_kind_is_fall(kind) ? 1.2 : 1.5;
      EXPECT_GT(sampled, std::min(floor_g, 0.5 * r.truth.events[0].peak_g));
      EXPECT_LE(sampled, r.truth.events[0].peak_g + 0.1);
    }
  }
}

TEST(MotionEvents, TheTruthFileKeepsTheEventsAndOldFilesStillRead) {
  const TempDir dir;
  const SimResult r = simulate_motion_case(MotionKind::kHop, 50.0, 5, 0.0);
  write_truth_csv(dir.file("t.csv"), r.truth);
  const std::string text = read_bytes(dir.file("t.csv"));
  EXPECT_EQ(text.rfind("# fusetrack truth v3\n", 0), 0u);
  const io::Truth back = io::read_truth_csv(dir.file("t.csv"));
  ASSERT_EQ(back.events.size(), 1u);
  const io::MotionEventTruth& a = r.truth.events[0];
  const io::MotionEventTruth& b = back.events[0];
  EXPECT_EQ(b.kind, a.kind);
  EXPECT_EQ(b.start_us, a.start_us);
  EXPECT_EQ(b.impact_us, a.impact_us);
  EXPECT_EQ(b.end_us, a.end_us);
  EXPECT_NEAR(b.peak_g, a.peak_g, 1e-4);
  EXPECT_EQ(b.is_fall, a.is_fall);
  EXPECT_EQ(back.pose.size(), r.truth.pose.size());
  // The bundled sample's truth holds its one fall.
  const io::Truth sample =
      io::read_truth_csv(std::string(FUSETRACK_SAMPLE_DIR) + "/sample_truth.csv");
  ASSERT_EQ(sample.events.size(), 1u);
  EXPECT_TRUE(sample.events[0].is_fall);
  EXPECT_FALSE(sample.pose.empty());
  // An event row in a version 2 file is refused, naming the version it needs.
  io::testing::write_text(
      dir.file("v2.csv"),
      "# fusetrack truth v2\n"
      "kind,t_us,end_us,qw,qx,qy,qz,gyro_bias_x_rad_s,gyro_bias_y_rad_s,gyro_bias_z_rad_s,"
      "activity,cadence_spm,heart_rate_bpm,ppg_fault\n"
      "event,0,1000000,,,,,,,,,,,\n");
  try {
    io::read_truth_csv(dir.file("v2.csv"));
    FAIL() << "no error";
  } catch (const io::ParseError& e) {
    EXPECT_NE(std::string(e.what()).find("v3"), std::string::npos) << e.what();
  }
}

TEST(MotionEvents, ParseReadsKindsTimesAndLyingTimesAndWritesThemBack) {
  const std::vector<MotionEvent> e =
      parse_motion_events("fall_forward@20,clap@80.5,fall_lateral@120+60");
  ASSERT_EQ(e.size(), 3u);
  EXPECT_EQ(e[0].kind, MotionKind::kFallForward);
  EXPECT_EQ(e[0].t_s, 20.0);
  EXPECT_EQ(e[0].lie_s, 30.0);
  EXPECT_EQ(e[1].kind, MotionKind::kClap);
  EXPECT_EQ(e[1].t_s, 80.5);
  EXPECT_EQ(e[2].lie_s, 60.0);
  EXPECT_EQ(motion_events_text(e), "fall_forward@20,clap@80.5,fall_lateral@120+60");
  for (const MotionKind k : io::kAllMotionKinds) {
    EXPECT_EQ(parse_motion_kind(motion_kind_name(k)), k);
  }
}

TEST(MotionEvents, BadTextIsRefusedWithOneLineNamingWhatWasExpected) {
  auto message = [](const std::string& text) -> std::string {
    try {
      parse_motion_events(text);
    } catch (const std::invalid_argument& e) {
      return e.what();
    }
    return "";
  };
  for (const std::string& bad :
       {std::string(""), std::string("fall"), std::string("fall@20"), std::string("clap@"),
        std::string("clap@-1"), std::string("clap@x"), std::string("hop@5+3"),
        std::string("fall_forward@5+-1"), std::string("fall_forward@5+4000"),
        std::string("clap@5,,hop@30"), std::string("clap@ 5")}) {
    const std::string m = message(bad);
    EXPECT_FALSE(m.empty()) << "'" << bad << "' accepted";
    EXPECT_EQ(m.find('\n'), std::string::npos) << m;
    EXPECT_TRUE(m.find("expected") != std::string::npos || m.find("not hop") != std::string::npos)
        << m;
  }
  EXPECT_NE(message("fall@20").find("fall_forward, fall_backward"), std::string::npos);
}

TEST(MotionEvents, ValidateRefusesEventsOutsideTheScenarioOrOverlapping) {
  SimSettings s;
  s.segments = {Segment::rest(60.0)};
  s.events = {MotionEvent{MotionKind::kClap, 55.0, 30.0}};
  EXPECT_THROW(s.validate(), std::invalid_argument);  // clap needs 8 s
  s.events = {MotionEvent{MotionKind::kFallForward, 10.0, 30.0},
              MotionEvent{MotionKind::kHop, 30.0, 30.0}};
  try {
    s.validate();
    FAIL() << "no error";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("overlaps events[0]"), std::string::npos) << e.what();
  }
  s.events = {MotionEvent{MotionKind::kFallForward, 10.0, 10.0},
              MotionEvent{MotionKind::kHop, 30.0, 30.0}};
  EXPECT_NO_THROW(s.validate());
  s.imu.acc_full_scale_g = 0.5;
  EXPECT_THROW(s.validate(), std::invalid_argument);
}

TEST(MotionEvents, TheCommandTakesEventsAndAFullScaleAndRefusesBadOnesInOneLine) {
  const TempDir dir;
  const auto ok =
      ::fusetrack::testing::run_cli("simulate --out " + dir.file("f") +
                                    " --scenario walk:20,rest:40 --no-ppg "
                                    "--events fall_backward@15+20 --acc-full-scale-g 8");
  ASSERT_EQ(ok.exit_code, 0) << ok.output;
  const std::string truth = read_bytes(dir.file("f_truth.csv"));
  EXPECT_NE(truth.find("\nevent,15000000,"), std::string::npos);
  EXPECT_NE(truth.find("# events=fall_backward@15+20\n"), std::string::npos);
  EXPECT_NE(read_bytes(dir.file("f.csv")).find("# acc_full_scale_g=8\n"), std::string::npos);
  for (const std::string& bad :
       {std::string("--events fall@3"), std::string("--events clap@300"),
        std::string("--events clap@3+4"), std::string("--acc-full-scale-g 0.5")}) {
    const auto r = ::fusetrack::testing::run_cli("simulate --out " + dir.file("b") + " " + bad);
    EXPECT_NE(r.exit_code, 0) << bad;
    EXPECT_NE(r.output.find("--"), std::string::npos) << r.output;
    const std::string line = r.output.substr(0, r.output.find_last_not_of('\n') + 1);
    EXPECT_EQ(line.find('\n'), std::string::npos) << r.output;
  }
}

}  // namespace
}  // namespace fusetrack::sim
