// The heart-rate estimator on synthetic PPG with a known heart-rate curve: it follows the heart,
// not the steps, also where the heart rate crosses the cadence; flat, clipped, no-contact,
// ambient-light and noise-only PPG give invalid estimates with their reasons; PPG at 25 to 256 Hz
// gives the same answer; the schedule, gaps, settings and saved states are checked.
#include <cmath>
#include <cstdint>
#include <functional>
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "fusetrack/heart/heart_rate_estimator.hpp"

namespace fusetrack {
namespace {

using heart::HeartEstimate;
using heart::HeartRateEstimator;
using heart::HeartReason;
using heart::HeartSettings;

constexpr double kTwoPi = 6.283185307179586;

// A wrist during exercise, as continuous functions of time: the heart rate curve (beats/min),
// the cadence (steps/min, 0 at rest) and what the sensors see.
struct Scene {
  std::function<double(double)> heart_bpm = [](double) { return 75.0; };
  std::function<double(double)> cadence_spm = [](double) { return 0.0; };
  double duration_s = 120.0;
  double pulse = 300.0;       // counts, pulse amplitude
  double dc = 30000.0;        // counts
  double artefact = 900.0;    // counts per unit of motion (3 x the pulse at full motion)
  double noise = 20.0;        // counts, white
  double acc_amp_m_s2 = 6.0;  // step-frequency acceleration at full motion
  // Faults: [from, to) seconds.
  double flat_from = -1, flat_to = -1;
  double clip_from = -1, clip_to = -1;
  double off_from = -1, off_to = -1;      // lifted off the skin
  double light_from = -1, light_to = -1;  // ambient light leaking in
  double noise_from = -1, noise_to = -1;  // no pulse, noise only (level unchanged)
  double full_scale = 40000.0;            // counts, the front end's full scale
};

bool in(double t, double from, double to) { return t >= from && t < to; }

// Integrates the phases once on a fine clock so every rate samples the same signal.
class Signals {
 public:
  explicit Signals(const Scene& s) : s_(s) {
    const double dt = 1.0 / kFine;
    const std::size_t n = static_cast<std::size_t>(s.duration_s * kFine) + 2;
    heart_.resize(n);
    step_.resize(n);
    double h = 0.0, st = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
      heart_[i] = h;
      step_[i] = st;
      const double t = static_cast<double>(i) * dt;
      h += kTwoPi * s.heart_bpm(t) / 60.0 * dt;
      st += kTwoPi * s.cadence_spm(t) / 60.0 * dt;
    }
  }
  double heart_phase(double t) const { return at(heart_, t); }
  double step_phase(double t) const { return at(step_, t); }
  // Motion level in [0, 1]: the cadence switched on or off.
  double motion(double t) const { return s_.cadence_spm(t) > 0.0 ? 1.0 : 0.0; }

  Vec3 acc(double t) const {
    const double m = motion(t);
    const double p = step_phase(t);
    // Bounce at every step, the arm's swing once per stride.
    const double bounce = s_.acc_amp_m_s2 * m * std::sin(p);
    const double swing = 0.7 * s_.acc_amp_m_s2 * m * std::sin(0.5 * p + 0.3);
    return Vec3(static_cast<float>(swing), static_cast<float>(0.5 * bounce + 2.0),
                static_cast<float>(9.0 + bounce));
  }

  PpgSample ppg(double t, std::mt19937& rng) const {
    std::normal_distribution<double> gauss(0.0, 1.0);
    const double ph = heart_phase(t);
    const double wave = std::sin(ph) + 0.4 * std::sin(2.0 * ph + 0.5);
    const double m = motion(t);
    const double p = step_phase(t);
    const double art = s_.artefact * m * (std::sin(p + 0.8) + 0.5 * std::sin(0.5 * p + 1.1));
    double v = s_.dc - s_.pulse * wave + art + s_.noise * gauss(rng);
    double ambient = 1500.0 + 5.0 * gauss(rng);
    if (in(t, s_.noise_from, s_.noise_to)) v = s_.dc + 3.0 * s_.noise * gauss(rng);
    if (in(t, s_.off_from, s_.off_to)) v = 1500.0 + 400.0 + s_.noise * gauss(rng);
    if (in(t, s_.light_from, s_.light_to)) {
      const double flicker =
          3000.0 * std::sin(kTwoPi * 1.7 * t) + 2000.0 * std::sin(kTwoPi * 0.9 * t);
      ambient += flicker;
      v += 0.3 * flicker;
    }
    // The light level rises to the front end's full scale: half of each beat sits at the rail.
    if (in(t, s_.clip_from, s_.clip_to)) v = std::fmin(v + s_.full_scale - s_.dc, s_.full_scale);
    if (in(t, s_.flat_from, s_.flat_to)) v = 32767.0;
    PpgSample s;
    s.t_us = static_cast<Micros>(std::llround(t * 1e6));
    s.channel_count = 1;
    s.ppg[0] = static_cast<float>(v);
    s.has_ambient = true;
    s.ambient = static_cast<float>(ambient);
    return s;
  }

 private:
  static constexpr double kFine = 2000.0;
  double at(const std::vector<double>& v, double t) const {
    const double x = t * kFine;
    const std::size_t i = static_cast<std::size_t>(x);
    if (i + 1 >= v.size()) return v.back();
    const double w = x - static_cast<double>(i);
    return v[i] + w * (v[i + 1] - v[i]);
  }
  Scene s_;
  std::vector<double> heart_, step_;
};

struct Result {
  std::vector<HeartEstimate> estimates;
};

// Feeds PPG at ppg_hz and the accelerometer at acc_hz (0: none), in time order.
Result run(const Scene& scene, double ppg_hz, double acc_hz = 100.0,
           const HeartSettings& settings = {}, std::uint32_t seed = 7) {
  const Signals sig(scene);
  HeartRateEstimator est(settings);
  std::mt19937 rng(seed);
  Result r;
  std::size_t ip = 0, ia = 0;
  for (;;) {
    const double tp = static_cast<double>(ip) / ppg_hz;
    const double ta = acc_hz > 0.0 ? static_cast<double>(ia) / acc_hz : 1e300;
    if (tp >= scene.duration_s && ta >= scene.duration_s) break;
    if (ta <= tp) {
      est.push_acc(static_cast<Micros>(std::llround(ta * 1e6)), sig.acc(ta));
      ++ia;
    } else {
      if (est.push_ppg(sig.ppg(tp, rng))) r.estimates.push_back(est.estimate());
      ++ip;
    }
  }
  return r;
}

double end_s(const HeartEstimate& e) { return static_cast<double>(e.window_end_us) * 1e-6; }
// The truth for a window: the mean heart rate over [end - 8 s, end).
double truth(const Scene& s, const HeartEstimate& e) {
  double sum = 0.0;
  const int n = 80;
  for (int i = 0; i < n; ++i) sum += s.heart_bpm(end_s(e) - 8.0 + (i + 0.5) * 8.0 / n);
  return sum / n;
}

TEST(HeartRateEstimator, FirstEstimateAfterOneWindowThenEveryHop) {
  Scene s;
  s.duration_s = 30.0;
  const Result r = run(s, 25.0);
  ASSERT_EQ(r.estimates.size(), 12u);  // windows ending at 8, 10, ..., 30 s (30 s itself: no)
  for (std::size_t i = 0; i < r.estimates.size(); ++i) {
    EXPECT_EQ(r.estimates[i].window_end_us, static_cast<Micros>(8000000 + 2000000 * i));
    EXPECT_EQ(r.estimates[i].index, i + 1);
  }
}

TEST(HeartRateEstimator, AtRestFollowsTheHeartRateCurve) {
  Scene s;
  s.heart_bpm = [](double t) { return 62.0 + 20.0 * std::sin(kTwoPi * t / 120.0); };
  const Result r = run(s, 25.0);
  double ae = 0.0;
  int n = 0;
  for (const HeartEstimate& e : r.estimates) {
    EXPECT_TRUE(e.valid) << end_s(e);
    // The confidence builds over the first estimates (the track starts broad).
    if (e.index > 1) {
      EXPECT_GT(e.confidence, 0.5f) << end_s(e);
    }
    ae += std::fabs(static_cast<double>(e.bpm) - truth(s, e));
    ++n;
  }
  EXPECT_LT(ae / n, 1.5);
}

// Running at 165 steps/min with a motion artefact three times the pulse: a peak picker locks onto
// the steps; the estimator stays on the heart.
TEST(HeartRateEstimator, TracksTheHeartNotTheSteps) {
  Scene s;
  s.duration_s = 180.0;
  s.heart_bpm = [](double t) { return t < 20.0 ? 90.0 : 90.0 + std::fmin(t - 20.0, 40.0); };
  s.cadence_spm = [](double t) { return t < 20.0 ? 0.0 : 165.0; };
  const Result r = run(s, 25.0);
  int near = 0, n = 0;
  double ae = 0.0;
  for (const HeartEstimate& e : r.estimates) {
    const double h = truth(s, e);
    ae += std::fabs(static_cast<double>(e.bpm) - h);
    ++n;
    if (std::fabs(static_cast<double>(e.bpm) - h) <= 5.0) ++near;
    EXPECT_GT(std::fabs(static_cast<double>(e.bpm) - 165.0), 10.0) << "at " << end_s(e) << " s";
    EXPECT_GT(std::fabs(static_cast<double>(e.bpm) - 82.5), 5.0) << "at " << end_s(e) << " s";
  }
  EXPECT_LT(ae / n, 3.0);
  EXPECT_GT(near, n * 95 / 100);
}

// The heart rate rises from 120 to 170 beats/min through a cadence of 150 steps/min.
TEST(HeartRateEstimator, FollowsTheHeartRateThroughTheCadence) {
  Scene s;
  s.duration_s = 200.0;
  s.heart_bpm = [](double t) {
    return t < 30.0 ? 120.0 : std::fmin(120.0 + (t - 30.0) * 0.4, 170.0);
  };
  s.cadence_spm = [](double) { return 150.0; };
  const Result r = run(s, 25.0);
  double ae = 0.0;
  int n = 0;
  double ae_cross = 0.0;
  int n_cross = 0;
  for (const HeartEstimate& e : r.estimates) {
    if (end_s(e) < 20.0) continue;  // the noise canceller learns the arm first
    const double h = truth(s, e);
    ae += std::fabs(static_cast<double>(e.bpm) - h);
    ++n;
    if (std::fabs(h - 150.0) < 10.0) {
      ae_cross += std::fabs(static_cast<double>(e.bpm) - h);
      ++n_cross;
    }
  }
  ASSERT_GT(n_cross, 5);
  EXPECT_LT(ae / n, 3.0);
  EXPECT_LT(ae_cross / n_cross, 5.0);
  // After the crossing it is on the heart again, not left behind at the cadence.
  EXPECT_NEAR(r.estimates.back().bpm, 170.0, 3.0);
}

// Each fault over [60, 90) s: every estimate whose window ends at least 4 s into it is invalid
// with the fault's reason; valid again once a window is clear of it.
void expect_fault(Scene s, double from, double to, HeartReason want, HeartReason also,
                  const HeartSettings& settings = {}) {
  s.duration_s = 130.0;
  s.heart_bpm = [](double t) { return 70.0 + 0.1 * t; };
  const Result r = run(s, 25.0, 100.0, settings);
  int flagged = 0;
  bool valid_after = false;
  for (const HeartEstimate& e : r.estimates) {
    const double t = end_s(e);
    if (t >= from + 4.0 && t <= to) {
      EXPECT_FALSE(e.valid) << "at " << t << " s";
      EXPECT_TRUE(e.reason == want || e.reason == also)
          << "at " << t << " s: " << heart::name(e.reason);
      EXPECT_EQ(e.confidence, 0.0f);
      ++flagged;
    }
    if (t >= to + 8.0 + 6.0 && e.valid) valid_after = true;
    EXPECT_TRUE(std::isfinite(e.bpm));
  }
  EXPECT_GT(flagged, 10);
  EXPECT_TRUE(valid_after) << "no valid estimate after the fault";
}

TEST(HeartRateEstimator, FlatSignalIsInvalid) {
  Scene s;
  s.flat_from = 60.0;
  s.flat_to = 90.0;
  expect_fault(s, 60.0, 90.0, HeartReason::kFlat, HeartReason::kFlat);
}

TEST(HeartRateEstimator, ClippedSignalIsInvalidWithAndWithoutTheFullScale) {
  Scene s;
  s.clip_from = 60.0;
  s.clip_to = 90.0;
  expect_fault(s, 60.0, 90.0, HeartReason::kClipped, HeartReason::kClipped);
  HeartSettings known;
  known.ppg_full_scale = 40000.0f;
  expect_fault(s, 60.0, 90.0, HeartReason::kClipped, HeartReason::kClipped, known);
}

TEST(HeartRateEstimator, NoSkinContactIsInvalid) {
  Scene s;
  s.off_from = 60.0;
  s.off_to = 90.0;
  expect_fault(s, 60.0, 90.0, HeartReason::kNoContact, HeartReason::kNoPulse);
}

TEST(HeartRateEstimator, AmbientLightIsInvalid) {
  Scene s;
  s.light_from = 60.0;
  s.light_to = 90.0;
  expect_fault(s, 60.0, 90.0, HeartReason::kAmbientLight, HeartReason::kAmbientLight);
}

TEST(HeartRateEstimator, NoiseOnlyIsInvalid) {
  Scene s;
  s.noise_from = 60.0;
  s.noise_to = 90.0;
  // The spectrum needs most of a window of noise before no peak stands out.
  expect_fault(s, 64.0, 90.0, HeartReason::kNoPulse, HeartReason::kMotion);
}

// The same scene through PPG at 25, 64, 125 and 256 Hz (accelerometer at 100 Hz): each window's
// estimate within 1 beat/min of the 25 Hz one. (Where the heart rate lingers at the cadence or
// at the arm's swing, which of the two peaks keeps the track can differ between rates: the
// rounding differs, the evidence is even. FollowsTheHeartRateThroughTheCadence covers crossing.)
TEST(HeartRateEstimator, SameAnswerAtAnyPpgRate) {
  Scene s;
  s.duration_s = 150.0;
  // Clear of the cadence (150 steps/min) and of the arm's swing (75 per minute).
  s.heart_bpm = [](double t) { return 102.0 + 15.0 * std::sin(kTwoPi * t / 150.0); };
  s.cadence_spm = [](double t) { return t < 30.0 ? 0.0 : 150.0; };
  const Result base = run(s, 25.0);
  for (double hz : {64.0, 125.0, 256.0}) {
    const Result r = run(s, hz);
    ASSERT_EQ(r.estimates.size(), base.estimates.size()) << hz;
    double worst = 0.0;
    for (std::size_t i = 0; i < r.estimates.size(); ++i) {
      EXPECT_EQ(r.estimates[i].window_end_us, base.estimates[i].window_end_us);
      worst = std::fmax(worst,
                        std::fabs(static_cast<double>(r.estimates[i].bpm - base.estimates[i].bpm)));
    }
    EXPECT_LE(worst, 1.0) << hz << " Hz";
  }
}

TEST(HeartRateEstimator, WithoutAnAccelerometerAtRest) {
  Scene s;
  s.heart_bpm = [](double) { return 66.0; };
  const Result r = run(s, 50.0, 0.0);
  ASSERT_FALSE(r.estimates.empty());
  for (const HeartEstimate& e : r.estimates) {
    EXPECT_TRUE(e.valid);
    EXPECT_NEAR(e.bpm, 66.0, 1.5);
  }
}

TEST(HeartRateEstimator, AGapRestartsTheWindowAndKeepsTheCount) {
  Scene s;
  s.heart_bpm = [](double) { return 72.0; };
  const Signals sig(s);
  HeartRateEstimator est;
  std::mt19937 rng(3);
  std::vector<HeartEstimate> got;
  for (int i = 0; i < 25 * 60; ++i) {
    double t = i / 25.0;
    if (t >= 30.0) t += 5.0;  // 5 s without PPG
    if (est.push_ppg(sig.ppg(t, rng))) got.push_back(est.estimate());
  }
  // 12 windows before the gap (8 .. 30 s); the next ends a full window after it (43 s).
  ASSERT_GT(got.size(), 13u);
  EXPECT_EQ(got[11].window_end_us, 30000000);
  EXPECT_EQ(got[12].window_end_us, 43000000);
  EXPECT_EQ(got[12].index, 13u);
  EXPECT_NEAR(got[12].bpm, 72.0, 2.0);
}

TEST(HeartRateEstimator, SavedStateContinuesIdentically) {
  Scene s;
  s.heart_bpm = [](double t) { return 80.0 + 0.2 * t; };
  s.cadence_spm = [](double t) { return t > 20.0 ? 140.0 : 0.0; };
  const Signals sig(s);
  HeartRateEstimator whole, resumed;
  std::mt19937 rng(5);
  std::vector<HeartEstimate> a, b;
  for (int i = 0; i < 25 * 100; ++i) {
    const double t = i / 25.0;
    const PpgSample p = sig.ppg(t, rng);
    for (int k = 0; k < 4; ++k) {
      const double ta = t + k * 0.01;
      const Micros t_us = static_cast<Micros>(std::llround(ta * 1e6));
      whole.push_acc(t_us, sig.acc(ta));
      if (i > 25 * 50) resumed.push_acc(t_us, sig.acc(ta));
    }
    if (whole.push_ppg(p) && i > 25 * 50) a.push_back(whole.estimate());
    if (i == 25 * 50) {
      ASSERT_TRUE(resumed.consistent(whole.state()));
      ASSERT_TRUE(HeartRateEstimator::finite(whole.state()));
      resumed.set_state(whole.state());
    } else if (i > 25 * 50 && resumed.push_ppg(p)) {
      b.push_back(resumed.estimate());
    }
  }
  ASSERT_EQ(a.size(), b.size());
  ASSERT_GT(a.size(), 20u);
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].index, b[i].index);
    EXPECT_EQ(a[i].bpm, b[i].bpm);
    EXPECT_EQ(a[i].confidence, b[i].confidence);
    EXPECT_EQ(a[i].reason, b[i].reason);
  }
}

TEST(HeartRateEstimator, ExtremeValuesStayFinite) {
  HeartRateEstimator est;
  std::mt19937 rng(11);
  std::uniform_real_distribution<float> u(-3e37f, 3e37f);
  for (int i = 0; i < 25 * 40; ++i) {
    const Micros t = static_cast<Micros>(i) * 40000;
    est.push_acc(t, Vec3(u(rng), u(rng), u(rng)));
    PpgSample p;
    p.t_us = t;
    p.channel_count = 2;
    p.ppg[0] = u(rng);
    p.ppg[1] = i % 2 ? 3e38f : -3e38f;
    est.push_ppg(p);
    const HeartEstimate& e = est.estimate();
    ASSERT_TRUE(std::isfinite(e.bpm) && std::isfinite(e.confidence) && std::isfinite(e.motion_hz));
    ASSERT_GE(e.bpm, 0.0f);
    ASSERT_LE(e.bpm, 240.0f);
  }
}

TEST(HeartSettings, RangesAreChecked) {
  EXPECT_EQ(HeartSettings{}.validate(), Status::kOk);
  auto bad = [](auto edit) {
    HeartSettings s;
    edit(s);
    return s.validate() == Status::kInvalidSettings;
  };
  EXPECT_TRUE(bad([](HeartSettings& s) { s.window_s = 3.0f; }));
  EXPECT_TRUE(bad([](HeartSettings& s) { s.window_s = 11.0f; }));
  EXPECT_TRUE(bad([](HeartSettings& s) { s.window_s = NAN; }));
  EXPECT_TRUE(bad([](HeartSettings& s) { s.hop_s = 3.0f; }));  // 8 / 3 is not whole
  EXPECT_TRUE(bad([](HeartSettings& s) { s.hop_s = 0.1f; }));
  EXPECT_TRUE(bad([](HeartSettings& s) { s.min_bpm = 20.0f; }));
  EXPECT_TRUE(bad([](HeartSettings& s) { s.max_bpm = 250.0f; }));
  EXPECT_TRUE(bad([](HeartSettings& s) { s.max_bpm = s.min_bpm + 10.0f; }));
  EXPECT_TRUE(bad([](HeartSettings& s) { s.max_gap_s = 0.0f; }));
  EXPECT_TRUE(bad([](HeartSettings& s) { s.ppg_full_scale = -1.0f; }));
  EXPECT_TRUE(bad([](HeartSettings& s) { s.min_confidence = 1.5f; }));
  EXPECT_TRUE(bad([](HeartSettings& s) { s.hop_s = 1.0f; }));  // 12.5 grid samples
  HeartSettings other;
  other.window_s = 6.0f;
  other.hop_s = 1.2f;
  EXPECT_EQ(other.validate(), Status::kOk);
}

TEST(HeartSettings, OtherWindowAndHop) {
  Scene s;
  s.duration_s = 40.0;
  s.heart_bpm = [](double) { return 100.0; };
  HeartSettings hs;
  hs.window_s = 6.0f;
  hs.hop_s = 1.2f;
  const Result r = run(s, 32.0, 100.0, hs);
  ASSERT_EQ(r.estimates.size(), 29u);  // 6, 7.2, ..., 39.6 s
  EXPECT_EQ(r.estimates.front().window_end_us, 6000000);
  EXPECT_EQ(r.estimates[1].window_end_us, 7200000);
  EXPECT_NEAR(r.estimates.back().bpm, 100.0, 2.0);
}

}  // namespace
}  // namespace fusetrack
