// The fall detector on synthetic wrist signals: a fall (a free-fall dip, an impact, lying still at
// a new attitude) alarms once at any input rate, with jittered and repeated stamps and with a
// clipped impact; hops and a bump without a change of attitude do not; a gap during the impact
// neither crashes nor counts twice; the follow-up says still or recovered; settings and saved
// states are checked.
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "fusetrack/falls/fall_detector.hpp"

namespace fusetrack {
namespace {

using falls::FallDetector;
using falls::FallFollowUp;
using falls::FallSettings;

constexpr float kG = kGravity_m_s2;
constexpr double kGd = kGravity_m_s2;

struct Sample {
  Micros t_us;
  Vec3 acc;
};

// Specific force of a wrist: standing with the forearm hanging (gravity along +z of the sensor)
// until fall_s; then a free fall of 0.4 s (|a| down to dip_g), an impact of peak_g for 60 ms with
// a 0.3 s ringing, and lying still with gravity along +x (the forearm turned by 90°), a small
// tremor throughout. Samples at rate_hz with a jitter of +-jitter_frac of the period.
struct FallSignal {
  double rate_hz = 20.0;
  double fall_s = 10.0;
  double end_s = 45.0;
  double dip_g = 0.5;
  double peak_g = 8.0;
  double jitter_frac = 0.2;
  bool turn = true;           // lie at a new attitude (false: a bump, the attitude unchanged)
  double moves_from_s = 1e9;  // the wearer gets up and moves from this time on
  std::uint32_t seed = 7;

  Vec3 at(double t, std::mt19937& rng) const {
    std::normal_distribution<float> tremor(0.0f, 0.03f);
    const Vec3 up(0.0f, 0.0f, kG);
    const Vec3 down(turn ? kG : 0.0f, 0.0f, turn ? 0.0f : kG);
    Vec3 a;
    const double d = t - fall_s;
    if (d < -0.4) {
      a = up;
    } else if (d < 0.0) {
      // Free fall: |a| falls to dip_g and the forearm starts to turn.
      const float w = static_cast<float>((d + 0.4) / 0.4);
      const Vec3 dir = (up * (1.0f - w) + down * w).normalized();
      a = dir * static_cast<float>(
                    kGd * (1.0 - (1.0 - dip_g) * std::sin(static_cast<double>(w) * 3.14159)));
      if (w > 0.5f) a = dir * static_cast<float>(dip_g * kGd);
    } else if (d < 0.06) {
      a = down.normalized() * static_cast<float>(peak_g * kGd);
    } else if (d < 0.36) {
      const double ring = std::exp(-(d - 0.06) / 0.08) * std::cos(40.0 * (d - 0.06));
      a = down + down.normalized() * static_cast<float>(1.5 * kGd * ring);
    } else {
      a = down;
    }
    if (t >= moves_from_s) {
      // Getting up and walking: a 2 Hz swing of 0.4 g.
      a += Vec3(0.0f, static_cast<float>(0.4 * kGd * std::sin(12.566 * t)), 0.0f);
    }
    return a + Vec3(tremor(rng), tremor(rng), tremor(rng));
  }

  std::vector<Sample> samples() const {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> j(-jitter_frac, jitter_frac);
    std::vector<Sample> out;
    const double period = 1.0 / rate_hz;
    for (double t = 0.0; t < end_s; t += period) {
      const double tj = t + j(rng) * period;
      out.push_back({static_cast<Micros>(std::llround(tj * 1e6)) + 1'000'000, at(tj, rng)});
    }
    return out;
  }
};

struct Outcome {
  std::vector<falls::FallCandidate> alarms;
  std::vector<FallFollowUp> follow_ups;
  std::vector<Micros> follow_up_us;
  std::uint32_t candidates = 0;
};

Outcome run(FallDetector& d, const std::vector<Sample>& s, float clip_m_s2 = 1e9f) {
  Outcome r;
  for (const Sample& x : s) {
    Vec3 a = x.acc;
    bool clipped = false;
    for (int k = 0; k < 3; ++k) {
      if (std::fabs(a[k]) >= clip_m_s2) {
        a[k] = std::copysign(clip_m_s2, a[k]);
        clipped = true;
      }
    }
    const std::uint8_t u = d.update(x.t_us, a, clipped);
    if (u & falls::kFallAlarm) r.alarms.push_back(d.last_candidate());
    if (u & falls::kFallFollowUp) {
      r.follow_ups.push_back(d.follow_up());
      r.follow_up_us.push_back(x.t_us);
    }
  }
  r.candidates = d.candidates();
  return r;
}

FallSettings on() {
  FallSettings s;
  s.enabled = true;
  return s;
}

TEST(FallDetector, AFallAlarmsOnceAtItsImpactAtEveryRate) {
  for (double rate : {20.0, 25.0, 50.0, 100.0, 200.0}) {
    FallSignal f;
    f.rate_hz = rate;
    FallDetector d(on());
    const Outcome r = run(d, f.samples());
    ASSERT_EQ(r.alarms.size(), 1u) << rate << " Hz";
    const double impact_s = (static_cast<double>(r.alarms[0].impact_us) - 1e6) * 1e-6;
    EXPECT_NEAR(impact_s, f.fall_s, 0.1) << rate << " Hz";
    EXPECT_GT(r.alarms[0].impact_g, 4.0f) << rate << " Hz";
    EXPECT_GT(r.alarms[0].confidence, 0.5f);
    EXPECT_LE(r.alarms[0].confidence, 1.0f);
    // No motion after: the follow-up is "still", confirm_s after the impact.
    ASSERT_EQ(r.follow_ups.size(), 1u) << rate << " Hz";
    EXPECT_EQ(r.follow_ups[0], FallFollowUp::kStill);
    EXPECT_NEAR((static_cast<double>(r.follow_up_us[0] - r.alarms[0].impact_us)) * 1e-6, 30.0, 0.2);
  }
}

TEST(FallDetector, RepeatedStampsChangeNothing) {
  FallSignal f;
  f.jitter_frac = 0.0;
  std::vector<Sample> s = f.samples();
  std::vector<Sample> twice;
  for (const Sample& x : s) {
    twice.push_back(x);
    twice.push_back(x);  // a packet delivered again
  }
  FallDetector a(on()), b(on());
  const Outcome ra = run(a, s), rb = run(b, twice);
  ASSERT_EQ(ra.alarms.size(), 1u);
  ASSERT_EQ(rb.alarms.size(), 1u);
  EXPECT_EQ(ra.alarms[0].impact_us, rb.alarms[0].impact_us);
  for (std::size_t k = 0; k < falls::kFallFeatureCount; ++k) {
    EXPECT_FLOAT_EQ(ra.alarms[0].features[k], rb.alarms[0].features[k]) << k;
  }
}

TEST(FallDetector, AClippedImpactStillCounts) {
  FallSignal f;
  f.peak_g = 12.0;
  FallDetector d(on());
  const Outcome r = run(d, f.samples(), 8.0f * kG);
  ASSERT_EQ(r.alarms.size(), 1u);
  EXPECT_TRUE(r.alarms[0].clipped);
  EXPECT_NEAR(r.alarms[0].impact_g, 8.0f, 0.05f);  // a lower bound: the sensor's full scale
}

TEST(FallDetector, ABumpWithoutAChangeOfAttitudeDoesNotAlarm) {
  FallSignal f;
  f.turn = false;
  f.peak_g = 4.0;
  FallDetector d(on());
  const Outcome r = run(d, f.samples());
  EXPECT_EQ(r.candidates, 1u);
  EXPECT_TRUE(r.alarms.empty());
}

TEST(FallDetector, HopsDoNotAlarm) {
  // Ten hops at 2 Hz: flight at 0.2 g, landings at 4 g, upright throughout.
  std::vector<Sample> s;
  std::mt19937 rng(3);
  std::normal_distribution<float> n(0.0f, 0.05f);
  for (int i = 0; i < 50 * 30; ++i) {
    const double t = i / 50.0;
    float g = 1.0f;
    if (t > 10.0 && t < 15.0) {
      const double ph = std::fmod(t - 10.0, 0.5);
      g = ph < 0.3 ? 0.2f : (ph < 0.35 ? 4.0f : 1.3f);
    }
    s.push_back(
        {static_cast<Micros>(i) * 20'000 + 1'000'000, Vec3(n(rng), n(rng), g * kG + n(rng))});
  }
  FallDetector d(on());
  const Outcome r = run(d, s);
  EXPECT_GE(r.candidates, 2u);
  EXPECT_TRUE(r.alarms.empty());
}

TEST(FallDetector, GettingUpIsRecovered) {
  FallSignal f;
  f.moves_from_s = f.fall_s + 8.0;
  FallDetector d(on());
  const Outcome r = run(d, f.samples());
  ASSERT_EQ(r.alarms.size(), 1u);
  ASSERT_EQ(r.follow_ups.size(), 1u);
  EXPECT_EQ(r.follow_ups[0], FallFollowUp::kRecovered);
  const double after_s = static_cast<double>(r.follow_up_us[0] - r.alarms[0].impact_us) * 1e-6;
  EXPECT_GT(after_s, 8.0);
  EXPECT_LT(after_s, 8.0 + 2.0 * static_cast<double>(d.settings().recover_active_s));
  // Recovered: a second fall alarms again.
}

TEST(FallDetector, AGapDuringTheImpactNeitherCrashesNorCountsTwice) {
  for (double gap_s : {0.3, 0.8, 1.5, 4.0}) {
    FallSignal f;
    f.rate_hz = 50.0;
    std::vector<Sample> s;
    for (const Sample& x : f.samples()) {
      const double t = (static_cast<double>(x.t_us) - 1e6) * 1e-6;
      if (t > f.fall_s - 0.1 && t < f.fall_s - 0.1 + gap_s) continue;  // the impact is lost
      s.push_back(x);
    }
    FallDetector d(on());
    const Outcome r = run(d, s);
    EXPECT_LE(r.alarms.size(), 1u) << gap_s;
    EXPECT_TRUE(d.state_finite());
  }
  // The gap splits the impact: half of it before, half after (a long gap drops the candidate).
  FallSignal f;
  std::vector<Sample> s;
  for (const Sample& x : f.samples()) {
    const double t = (static_cast<double>(x.t_us) - 1e6) * 1e-6;
    if (t > f.fall_s + 0.02 && t < f.fall_s + 2.5) continue;
    s.push_back(x);
  }
  FallDetector d(on());
  const Outcome r = run(d, s);
  EXPECT_TRUE(r.alarms.empty());
  EXPECT_LE(r.candidates, 1u);
}

TEST(FallDetector, FreeFallForeverAndFullScaleStayFinite) {
  FallDetector d(on());
  for (int i = 0; i < 20 * 60; ++i) {
    const float v = (i / 40) % 2 == 0 ? 0.0f : 16.0f * kG;
    (void)d.update(static_cast<Micros>(i) * 50'000, Vec3(v, -v, v), v > 0.0f);
    ASSERT_TRUE(d.state_finite());
  }
  const falls::FallCandidate& c = d.last_candidate();
  for (float x : c.features) EXPECT_TRUE(std::isfinite(x));
  EXPECT_TRUE(std::isfinite(c.confidence));
}

TEST(FallDetector, SplitAtAnySampleWithASavedStateGivesTheSameResult) {
  FallSignal f;
  f.rate_hz = 25.0;
  const std::vector<Sample> s = f.samples();
  FallDetector whole(on());
  const Outcome rw = run(whole, s);
  for (std::size_t cut : {std::size_t{10}, s.size() / 4, s.size() / 4 + 3, s.size() / 2}) {
    FallDetector first(on());
    const std::vector<Sample> a(s.begin(), s.begin() + static_cast<std::ptrdiff_t>(cut));
    const std::vector<Sample> b(s.begin() + static_cast<std::ptrdiff_t>(cut), s.end());
    const Outcome ra = run(first, a);
    ASSERT_TRUE(FallDetector::plausible(first.state()));
    FallDetector second(on());
    second.set_state(first.state());
    const Outcome rb = run(second, b);
    EXPECT_EQ(ra.alarms.size() + rb.alarms.size(), rw.alarms.size()) << cut;
    EXPECT_EQ(second.alarms(), whole.alarms());
    EXPECT_EQ(second.candidates(), whole.candidates());
    EXPECT_EQ(second.follow_up(), whole.follow_up());
  }
}

TEST(FallDetector, SettingsOutOfRangeAreInvalid) {
  EXPECT_EQ(on().validate(), Status::kOk);
  auto bad = [](auto change) {
    FallSettings s = on();
    change(s);
    return s.validate();
  };
  EXPECT_EQ(bad([](FallSettings& s) { s.trigger_g = 1.0f; }), Status::kInvalidSettings);
  EXPECT_EQ(bad([](FallSettings& s) { s.trigger_g = NAN; }), Status::kInvalidSettings);
  EXPECT_EQ(bad([](FallSettings& s) { s.confirm_s = 2.0f; }), Status::kInvalidSettings);
  EXPECT_EQ(bad([](FallSettings& s) { s.recover_active_s = 40.0f; }), Status::kInvalidSettings);
  EXPECT_EQ(bad([](FallSettings& s) { s.active_above_g = 0.0f; }), Status::kInvalidSettings);
  EXPECT_EQ(bad([](FallSettings& s) { s.max_gap_s = NAN; }), Status::kInvalidSettings);
  falls::FallModel broken;
  EXPECT_EQ(bad([&](FallSettings& s) { s.model = &broken; }), Status::kInvalidSettings);
}

TEST(FallDetector, ADamagedSavedStateIsNotPlausible) {
  FallDetector d(on());
  FallSignal f;
  (void)run(d, f.samples());
  falls::FallState s = d.state();
  ASSERT_TRUE(FallDetector::plausible(s));
  s.valid = s.closed + 1;
  EXPECT_FALSE(FallDetector::plausible(s));
  s = d.state();
  s.active_s = NAN;
  EXPECT_FALSE(FallDetector::plausible(s));
  s = d.state();
  s.follow_up = static_cast<FallFollowUp>(9);
  EXPECT_FALSE(FallDetector::plausible(s));
}

TEST(FallDetector, TheShippedModelIsSmallAndNotResearchOnly) {
  const falls::FallModel& m = FallDetector(on()).model();
  EXPECT_TRUE(m.consistent());
  EXPECT_FALSE(m.research_only);
  EXPECT_LE(m.mlp->data_bytes(), 4096u);
  EXPECT_LE(sizeof(FallDetector), 2048u);
}

}  // namespace
}  // namespace fusetrack
