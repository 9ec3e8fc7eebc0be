// The simulator's streams against its own exact truth: physics consistency (gyro integrates to
// the orientation, accelerometer and magnetometer are the rotated reference vectors), step and
// heart-rate truth visible in the signals, clocks, and reproducibility.
#include "sim/simulator.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <vector>

#include <gtest/gtest.h>

#include "sim/wrist_trajectory.hpp"

namespace fusetrack::sim {
namespace {

using Quatd = Eigen::Quaterniond;
using Vec3d = Eigen::Vector3d;

constexpr double kPi = 3.14159265358979323846;
constexpr double kDegPerRad = 180.0 / kPi;

double seconds(Micros t_us) { return static_cast<double>(t_us) * 1e-6; }

// Rotation angle between two orientations, degrees.
double angle_deg(const Quatd& a, const Quatd& b) {
  const double w = std::fabs((a.conjugate() * b).normalized().w());
  return 2.0 * std::acos(std::min(1.0, w)) * kDegPerRad;
}

// The default scenario, simulated once per test binary (about 0.1 s each).
const SimResult& noisy() {
  static const SimResult r = simulate(SimSettings{});
  return r;
}
const SimResult& clean() {
  static const SimResult r = simulate(without_noise(SimSettings{}));
  return r;
}

// Whether t lies inside a segment of `activity`, at least `margin_s` from its ends (so away
// from the blends between segments).
bool inside(const SimTruth& truth, Micros t_us, Activity activity, double margin_s) {
  const auto margin_us = static_cast<Micros>(margin_s * 1e6);
  for (const SegmentTruth& s : truth.segments) {
    if (s.activity == activity && t_us >= s.start_us + margin_us && t_us < s.end_us - margin_us) {
      return true;
    }
  }
  return false;
}

// Integrates gyro samples minus the true bias from the first truth orientation and returns the
// largest angle to the truth over the recording. q̇ = ½ q ⊗ (0, ω); ω between samples is the
// cubic through four neighbouring samples, integrated with 4 RK4 sub-steps per interval. Its
// own error is O(dt⁴): 5e-4° over the default scenario (with trapezoidal integration instead it
// would be 0.5°, all of it integration error: it falls 16-fold at 4x the rate), so the bound of
// the tests below measures the simulator, not the integrator.
double max_integration_error_deg(const SimResult& r) {
  const std::size_t n = r.imu.size();
  std::vector<Vec3d> w(n);
  std::vector<double> t(n);
  for (std::size_t k = 0; k < n; ++k) {
    w[k] = r.imu[k].gyr_rad_s.cast<double>() - r.truth.pose[k].gyro_bias_rad_s;
    t[k] = seconds(r.imu[k].t_us);
  }
  auto omega = [&](std::size_t k, double tt) {
    const std::size_t first = std::min(k == 0 ? 0 : k - 1, n - 4);
    Vec3d sum = Vec3d::Zero();
    for (std::size_t a = first; a < first + 4; ++a) {
      double lagrange = 1.0;
      for (std::size_t b = first; b < first + 4; ++b) {
        if (b != a) lagrange *= (tt - t[b]) / (t[a] - t[b]);
      }
      sum += lagrange * w[a];
    }
    return sum;
  };
  auto rate = [](const Quatd& q, const Vec3d& om) {
    Quatd d = q * Quatd(0.0, om.x(), om.y(), om.z());
    d.coeffs() *= 0.5;
    return d.coeffs();
  };
  Quatd q = r.truth.pose.front().q_es;
  double worst = 0.0;
  for (std::size_t k = 0; k + 1 < n; ++k) {
    constexpr int kSub = 4;
    const double h = (t[k + 1] - t[k]) / kSub;
    for (int j = 0; j < kSub; ++j) {
      const double t0 = t[k] + j * h;
      const Vec3d w1 = omega(k, t0);
      const Vec3d w2 = omega(k, t0 + 0.5 * h);
      const Vec3d w4 = omega(k, t0 + h);
      const Eigen::Vector4d k1 = rate(q, w1);
      Quatd q2 = q;
      q2.coeffs() += 0.5 * h * k1;
      const Eigen::Vector4d k2 = rate(q2, w2);
      Quatd q3 = q;
      q3.coeffs() += 0.5 * h * k2;
      const Eigen::Vector4d k3 = rate(q3, w2);
      Quatd q4 = q;
      q4.coeffs() += h * k3;
      const Eigen::Vector4d k4 = rate(q4, w4);
      q.coeffs() += h / 6.0 * (k1 + 2.0 * k2 + 2.0 * k3 + k4);
      q.normalize();
    }
    worst = std::max(worst, angle_deg(q, r.truth.pose[k + 1].q_es));
  }
  return worst;
}

TEST(Simulator, GyroMinusTrueBiasIntegratesToTruthOrientationWithin001DegWithoutNoise) {
  // Bound: 20x the integrator's own error; a gyro that were not the orientation's derivative
  // (wrong frame, sign or scale) would drift by degrees within the first walking stride.
  EXPECT_LT(max_integration_error_deg(clean()), 0.01);
}

TEST(Simulator, NoisyGyroMinusTrueBiasIntegratesToTruthOrientationWithin05Deg) {
  // White noise σ = 1e-3 rad/s per sample gives an angle random walk of σ·√(dt·T) = 1.5e-3 rad
  // (0.09°) per axis after 230 s; 0.5° is beyond 4σ of the 3-axis error.
  EXPECT_LT(max_integration_error_deg(noisy()), 0.5);
}

TEST(Simulator, AccelerometerAtRestReadsGravityRotatedIntoSensorFrame) {
  const SimResult& r = noisy();
  const double sigma = SimSettings{}.imu.acc_noise_m_s2;
  std::size_t n = 0;
  Vec3d mean_residual = Vec3d::Zero();
  for (std::size_t k = 0; k < r.imu.size(); ++k) {
    if (!inside(r.truth, r.imu[k].t_us, Activity::kRest, 1.0)) continue;
    const Vec3d g_s = r.truth.pose[k].q_es.conjugate() * Vec3d(0.0, 0.0, kGravity);
    const Vec3d residual = r.imu[k].acc_m_s2.cast<double>() - g_s;
    ASSERT_LT(residual.cwiseAbs().maxCoeff(), 6.0 * sigma) << "at t_us " << r.imu[k].t_us;
    mean_residual += residual;
    ++n;
  }
  ASSERT_GT(n, 6000u);
  mean_residual /= static_cast<double>(n);
  EXPECT_LT(mean_residual.norm(), 5.0 * sigma / std::sqrt(static_cast<double>(n)));
}

// Means over groups of four whole strides (step k to step k + 8) inside segments of `activity`:
// earth-frame specific force, sensor-frame specific force, and gravity in the sensor frame.
struct StrideMeans {
  Vec3d acc_e;
  Vec3d acc_s;
  Vec3d gravity_s;
};
std::vector<StrideMeans> stride_means(const SimResult& r, Activity activity) {
  std::vector<StrideMeans> out;
  const std::vector<Micros>& steps = r.truth.steps_us;
  std::size_t k = 0;
  for (std::size_t j = 0; j + 8 < steps.size(); j += 8) {
    if (!inside(r.truth, steps[j], activity, 2.0) ||
        !inside(r.truth, steps[j + 8], activity, 2.0)) {
      continue;
    }
    StrideMeans m{Vec3d::Zero(), Vec3d::Zero(), Vec3d::Zero()};
    std::size_t n = 0;
    while (k < r.imu.size() && r.imu[k].t_us < steps[j]) ++k;
    for (; k < r.imu.size() && r.imu[k].t_us < steps[j + 8]; ++k) {
      const Vec3d acc = r.imu[k].acc_m_s2.cast<double>();
      const Quatd& q = r.truth.pose[k].q_es;
      m.acc_e += q * acc;
      m.acc_s += acc;
      m.gravity_s += q.conjugate() * Vec3d(0.0, 0.0, kGravity);
      ++n;
    }
    const double inv = 1.0 / static_cast<double>(n);
    out.push_back(StrideMeans{m.acc_e * inv, m.acc_s * inv, m.gravity_s * inv});
  }
  return out;
}

TEST(Simulator, AccelerometerMeanOverWholeStridesIsGravityInEarthFrame) {
  // Over whole strides the wrist's velocity returns to its start, so the mean linear acceleration
  // is zero except for turns of the path: centripetal v²·|ψ'(s)| is at most 0.08 m/s² walking
  // (1.28 m/s) and 0.41 m/s² running (3.0 m/s) with the default heading model. The vertical mean
  // only differs by sampling a window that is not a whole number of samples.
  const Vec3d g(0.0, 0.0, kGravity);
  for (const auto& [activity, horizontal_bound] :
       {std::pair{Activity::kWalk, 0.15}, std::pair{Activity::kRun, 0.5}}) {
    const std::vector<StrideMeans> means = stride_means(noisy(), activity);
    ASSERT_GE(means.size(), 5u) << activity_name(activity);
    for (const StrideMeans& m : means) {
      EXPECT_LT((m.acc_e - g).head<2>().norm(), horizontal_bound) << activity_name(activity);
      EXPECT_NEAR(m.acc_e.z(), kGravity, 0.1) << activity_name(activity);
    }
  }
}

TEST(Simulator, AccelerometerMeanOverWholeWalkingStridesPointsAlongGravityInSensorFrame) {
  // In the sensor frame the swinging forearm adds its centripetal acceleration (towards the
  // shoulder, about 1 m/s² walking), so the mean is gravity tilted by a few degrees, not more.
  const std::vector<StrideMeans> means = stride_means(noisy(), Activity::kWalk);
  ASSERT_GE(means.size(), 5u);
  for (const StrideMeans& m : means) {
    const double cos_angle = m.acc_s.normalized().dot(m.gravity_s.normalized());
    EXPECT_LT(std::acos(std::min(1.0, cos_angle)) * kDegPerRad, 4.0);
    EXPECT_NEAR(m.acc_s.norm(), kGravity, 1.5);
  }
}

TEST(Simulator, MagnetometerEqualsEarthFieldRotatedIntoSensorFrame) {
  const SimSettings settings;
  const SimResult& r = noisy();
  const WristTrajectory traj(settings);
  const Vec3d field_e = earth_field_ut(settings.mag);
  const double sigma = settings.mag.noise_ut;
  ASSERT_GT(r.mag.size(), 5000u);
  double norm_sum = 0.0;
  double dip_sum = 0.0;
  for (const MagSample& m : r.mag) {
    const Quatd q = traj.orientation(seconds(m.t_us));
    const Vec3d mag = m.mag_ut.cast<double>();
    ASSERT_LT((mag - q.conjugate() * field_e).cwiseAbs().maxCoeff(), 6.0 * sigma)
        << "at t_us " << m.t_us;
    norm_sum += mag.norm();
    const Vec3d mag_e = q * mag;
    dip_sum += std::asin(-mag_e.z() / mag_e.norm()) * kDegPerRad;
  }
  const double n = static_cast<double>(r.mag.size());
  EXPECT_NEAR(norm_sum / n, settings.mag.field_ut, 0.05);
  EXPECT_NEAR(dip_sum / n, settings.mag.dip_deg, 0.05);
  EXPECT_NEAR(field_e.norm(), 48.0, 1e-12);
  EXPECT_NEAR(field_e.x(), 0.0, 1e-12);  // no declination: horizontal field points north
  EXPECT_GT(field_e.y(), 0.0);
}

TEST(Simulator, StepTimesFollowTheSegmentCadenceWithin2Percent) {
  const SimSettings settings;
  const SimTruth& truth = noisy().truth;
  for (const SegmentTruth& seg : truth.segments) {
    if (seg.activity == Activity::kRest) continue;
    std::vector<Micros> steps;
    for (const Micros t : truth.steps_us) {
      if (inside(truth, t, seg.activity, 2.0) && t >= seg.start_us && t < seg.end_us) {
        steps.push_back(t);
      }
    }
    ASSERT_GT(steps.size(), 50u) << activity_name(seg.activity);
    const double nominal_s = 60.0 / seg.cadence_spm;
    const double mean_s =
        seconds(steps.back() - steps.front()) / static_cast<double>(steps.size() - 1);
    EXPECT_NEAR(mean_s / nominal_s, 1.0, 0.02) << activity_name(seg.activity);
    for (std::size_t i = 1; i < steps.size(); ++i) {
      // Natural variability: every interval within 5 % of the cadence's.
      EXPECT_NEAR(seconds(steps[i] - steps[i - 1]) / nominal_s, 1.0, 0.05);
    }
  }
}

TEST(Simulator, NoStepsDuringRestSegments) {
  const SimTruth& truth = noisy().truth;
  ASSERT_FALSE(truth.steps_us.empty());
  for (const Micros t : truth.steps_us) {
    EXPECT_FALSE(inside(truth, t, Activity::kRest, 0.0)) << "step at t_us " << t;
  }
}

TEST(Simulator, VerticalAccelerationShowsAnImpactAtEveryStepAndNowhereElse) {
  // Earth-frame vertical specific force (rotated with the truth orientation), through a matched
  // filter for a heel-strike transient of width σ: the least-squares amplitude of the Ricker
  // template (1 - u²) exp(-u²/2), u = (t - t_k) / σ, fitted over ±4 samples. The template has
  // zero mean, so the slower arm and trunk motion (up to ±18 m/s² running) barely passes.
  const SimSettings settings;
  const SimResult& r = noisy();
  const std::size_t n = r.imu.size();
  std::vector<double> up(n);
  for (std::size_t k = 0; k < n; ++k) {
    up[k] = (r.truth.pose[k].q_es * r.imu[k].acc_m_s2.cast<double>()).z();
  }
  std::vector<double> impact(n, 0.0);
  for (std::size_t k = 4; k + 4 < n; ++k) {
    double num = 0.0, den = 0.0;
    for (std::size_t j = k - 4; j <= k + 4; ++j) {
      const double u = seconds(r.imu[j].t_us - r.imu[k].t_us) / settings.impact_width_s;
      const double w = (1.0 - u * u) * std::exp(-0.5 * u * u);
      num += w * up[j];
      den += w * w;
    }
    impact[k] = num / den;
  }
  auto near_step = [&](Micros t_us, Micros within_us) {
    const auto it =
        std::lower_bound(r.truth.steps_us.begin(), r.truth.steps_us.end(), t_us - within_us);
    return it != r.truth.steps_us.end() && *it <= t_us + within_us;
  };

  for (const Activity activity : {Activity::kWalk, Activity::kRun}) {
    // Steady-state impacts peak at impact_m_s2 (4 walking, 12 running); the threshold is 40 %.
    const double threshold = 0.4 * settings.gait(activity).impact_m_s2;
    std::size_t steps = 0;
    for (const Micros step : r.truth.steps_us) {
      if (!inside(r.truth, step, activity, 2.0)) continue;
      double peak = -1e9;
      for (std::size_t k = 0; k < n; ++k) {
        if (std::llabs(r.imu[k].t_us - step) <= 15000) peak = std::max(peak, impact[k]);
      }
      EXPECT_GT(peak, threshold) << "no impact within 15 ms of the step at t_us " << step;
      ++steps;
    }
    EXPECT_GT(steps, 100u) << activity_name(activity);
    for (std::size_t k = 0; k < n; ++k) {
      if (!inside(r.truth, r.imu[k].t_us, activity, 2.0) || near_step(r.imu[k].t_us, 25000)) {
        continue;
      }
      ASSERT_LT(impact[k], threshold)
          << activity_name(activity) << ": impact-like transient without a step at t_us "
          << r.imu[k].t_us;
    }
  }
}

// The frequency (Hz) in [0.7, 3.5] Hz with the largest Hann-windowed DFT magnitude of the
// detrended samples, on a 0.01 Hz grid, evaluated at the actual time stamps.
double dominant_hz(const std::vector<double>& t, const std::vector<double>& x) {
  const std::size_t n = x.size();
  const double t0 = t.front();
  const double span = t.back() - t0;
  // Least-squares line through the samples, removed.
  double st = 0, sx = 0, stt = 0, stx = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const double tt = t[i] - t0;
    st += tt;
    sx += x[i];
    stt += tt * tt;
    stx += tt * x[i];
  }
  const double nn = static_cast<double>(n);
  const double slope = (nn * stx - st * sx) / (nn * stt - st * st);
  const double offset = (sx - slope * st) / nn;
  double best_hz = 0.0;
  double best = -1.0;
  for (double f = 0.7; f <= 3.5; f += 0.01) {
    double re = 0.0, im = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
      const double tt = t[i] - t0;
      const double hann = 0.5 - 0.5 * std::cos(2.0 * kPi * tt / span);
      const double v = hann * (x[i] - offset - slope * tt);
      re += v * std::cos(2.0 * kPi * f * tt);
      im -= v * std::sin(2.0 * kPi * f * tt);
    }
    const double mag = re * re + im * im;
    if (mag > best) {
      best = mag;
      best_hz = f;
    }
  }
  return best_hz;
}

TEST(Simulator, PpgDominantFrequencyAtRestMatchesTruthHeartRateWithin3Bpm) {
  const SimSettings settings;
  const SimResult& r = noisy();
  const WristTrajectory traj(settings);
  std::size_t windows = 0;
  for (const SegmentTruth& seg : r.truth.segments) {
    if (seg.activity != Activity::kRest) continue;
    // 8 s windows, 4 s apart, where the truth heart rate is steady (within 3 bpm).
    for (double start = seconds(seg.start_us); start + 8.0 <= seconds(seg.end_us); start += 4.0) {
      std::vector<double> t, x;
      double lo = 1e9, hi = -1e9, sum = 0.0;
      for (const PpgSample& p : r.ppg) {
        const double tp = seconds(p.t_us);
        if (tp < start || tp >= start + 8.0) continue;
        t.push_back(tp);
        x.push_back(p.ppg[0]);
        const double hr = traj.heart_rate_bpm(tp);
        lo = std::min(lo, hr);
        hi = std::max(hi, hr);
        sum += hr;
      }
      if (hi - lo > 3.0) continue;
      const double truth_bpm = sum / static_cast<double>(t.size());
      EXPECT_NEAR(dominant_hz(t, x) * 60.0, truth_bpm, 3.0) << "window at " << start << " s";
      ++windows;
    }
  }
  EXPECT_GE(windows, 8u);
}

TEST(Simulator, PpgSamplesCarryTheConfiguredChannelsAndStayPositive) {
  const SimResult& r = noisy();
  ASSERT_GT(r.ppg.size(), 5000u);
  for (const PpgSample& p : r.ppg) {
    ASSERT_EQ(p.channel_count, 2);
    ASSERT_TRUE(p.has_ambient);
    ASSERT_GT(p.ppg[0], 0.0f);
    ASSERT_GT(p.ppg[1], 0.0f);
    ASSERT_GT(p.ambient, 0.0f);
    ASSERT_TRUE(all_finite(p));
  }
}

TEST(Simulator, HeartRateTruthSettlesToEachSegmentsTarget) {
  const SimSettings settings;
  const SimTruth& truth = noisy().truth;
  for (const SegmentTruth& seg : truth.segments) {
    // Steady from one heart-rate transition after the segment starts to its end.
    const Micros settle_us = static_cast<Micros>(settings.heart_rate_transition_s * 1e6);
    std::size_t n = 0;
    for (const HeartRateTruth& h : truth.heart_rate) {
      if (h.t_us < seg.start_us + settle_us || h.t_us >= seg.end_us) continue;
      EXPECT_NEAR(h.heart_rate_bpm, seg.heart_rate_bpm, settings.heart_rate_variability_bpm + 1e-9);
      ++n;
    }
    EXPECT_GE(n, 9u) << activity_name(seg.activity);
  }
}

TEST(Simulator, StreamTimeStampsStrictlyIncrease) {
  const SimResult& r = noisy();
  auto check = [](const auto& samples, const char* name) {
    ASSERT_GT(samples.size(), 100u) << name;
    EXPECT_GE(samples.front().t_us, 0) << name;
    for (std::size_t i = 1; i < samples.size(); ++i) {
      ASSERT_GT(samples[i].t_us, samples[i - 1].t_us) << name << " sample " << i;
    }
  };
  check(r.imu, "imu");
  check(r.mag, "mag");
  check(r.ppg, "ppg");
}

TEST(Simulator, StreamRatesMatchSettingsIncludingClockError) {
  // Over 230 s the ±jitter moves the measured rate by < 1e-6 relative, far below the clock
  // errors (2e-3, -1e-3, 5e-4) that the rate must include.
  const SimSettings s;
  const SimResult& r = noisy();
  auto measured_hz = [](const auto& samples) {
    return static_cast<double>(samples.size() - 1) /
           seconds(samples.back().t_us - samples.front().t_us);
  };
  auto expected_hz = [](const StreamClockSettings& c) { return c.rate_hz * (1.0 + c.clock_error); };
  EXPECT_NEAR(measured_hz(r.imu) / expected_hz(s.imu.clock), 1.0, 1e-5);
  EXPECT_NEAR(measured_hz(r.mag) / expected_hz(s.mag.clock), 1.0, 1e-5);
  EXPECT_NEAR(measured_hz(r.ppg) / expected_hz(s.ppg.clock), 1.0, 1e-5);
  // Jitter is present and bounded.
  double max_dev_us = 0.0;
  const double period_us = 1e6 / expected_hz(s.imu.clock);
  for (std::size_t i = 1; i < r.imu.size(); ++i) {
    max_dev_us = std::max(
        max_dev_us, std::fabs(static_cast<double>(r.imu[i].t_us - r.imu[i - 1].t_us) - period_us));
  }
  EXPECT_GT(max_dev_us, 0.5 * s.imu.clock.jitter_us);
  EXPECT_LE(max_dev_us, 2.0 * s.imu.clock.jitter_us + 1.0);
}

TEST(Simulator, PoseTruthHasOneEntryPerImuSampleAtItsTimeStamp) {
  const SimResult& r = noisy();
  ASSERT_EQ(r.truth.pose.size(), r.imu.size());
  for (std::size_t k = 0; k < r.imu.size(); ++k) {
    ASSERT_EQ(r.truth.pose[k].t_us, r.imu[k].t_us);
    ASSERT_NEAR(r.truth.pose[k].q_es.norm(), 1.0, 1e-12);
  }
  // Duration: the default scenario is 230 s.
  EXPECT_EQ(r.truth.segments.back().end_us, 230 * kMicrosPerSecond);
  EXPECT_EQ(r.truth.heart_rate.size(), 230u);
}

bool same(const SimResult& a, const SimResult& b) {
  if (a.imu.size() != b.imu.size() || a.mag.size() != b.mag.size() ||
      a.ppg.size() != b.ppg.size() || a.truth.steps_us != b.truth.steps_us) {
    return false;
  }
  for (std::size_t k = 0; k < a.imu.size(); ++k) {
    if (a.imu[k].t_us != b.imu[k].t_us || a.imu[k].acc_m_s2 != b.imu[k].acc_m_s2 ||
        a.imu[k].gyr_rad_s != b.imu[k].gyr_rad_s ||
        a.truth.pose[k].q_es.coeffs() != b.truth.pose[k].q_es.coeffs()) {
      return false;
    }
  }
  for (std::size_t k = 0; k < a.mag.size(); ++k) {
    if (a.mag[k].t_us != b.mag[k].t_us || a.mag[k].mag_ut != b.mag[k].mag_ut) return false;
  }
  for (std::size_t k = 0; k < a.ppg.size(); ++k) {
    if (a.ppg[k].t_us != b.ppg[k].t_us || a.ppg[k].ppg != b.ppg[k].ppg ||
        a.ppg[k].ambient != b.ppg[k].ambient) {
      return false;
    }
  }
  return true;
}

TEST(Simulator, SameSeedGivesIdenticalOutput) {
  SimSettings s;
  s.seed = 7;
  s.segments = {Segment::rest(5.0), Segment::walk(10.0), Segment::run(5.0)};
  EXPECT_TRUE(same(simulate(s), simulate(s)));
}

TEST(Simulator, DifferentSeedGivesDifferentOutput) {
  SimSettings a;
  a.segments = {Segment::rest(5.0), Segment::walk(10.0)};
  SimSettings b = a;
  b.seed = a.seed + 1;
  const SimResult ra = simulate(a);
  const SimResult rb = simulate(b);
  EXPECT_FALSE(same(ra, rb));
  EXPECT_NE(ra.imu[100].acc_m_s2, rb.imu[100].acc_m_s2);
  EXPECT_NE(ra.truth.steps_us, rb.truth.steps_us);
}

TEST(Simulator, DisabledStreamsAreEmptyAndOneChannelPpgHasOneChannel) {
  SimSettings s;
  s.segments = {Segment::walk(4.0)};
  s.mag.enabled = false;
  s.ppg.channels = 1;
  s.ppg.ambient = false;
  const SimResult r = simulate(s);
  EXPECT_TRUE(r.mag.empty());
  ASSERT_FALSE(r.ppg.empty());
  EXPECT_EQ(r.ppg.front().channel_count, 1);
  EXPECT_FALSE(r.ppg.front().has_ambient);
  s.ppg.enabled = false;
  EXPECT_TRUE(simulate(s).ppg.empty());
}

TEST(Simulator, RejectsInvalidSettings) {
  SimSettings s;
  s.segments.clear();
  EXPECT_THROW(simulate(s), std::invalid_argument);
  s = SimSettings{};
  s.segments[1].cadence_spm = 0.0;  // walking needs a cadence
  EXPECT_THROW(simulate(s), std::invalid_argument);
  s = SimSettings{};
  s.imu.clock.jitter_us = 5000.0;  // more than a quarter period: order could break
  EXPECT_THROW(simulate(s), std::invalid_argument);
  s = SimSettings{};
  s.ppg.channels = 3;
  EXPECT_THROW(simulate(s), std::invalid_argument);
}

}  // namespace
}  // namespace fusetrack::sim
