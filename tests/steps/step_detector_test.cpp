// The step detector on synthetic accelerometer signals with known step times: walks are counted
// exactly at any input rate, with jittered and repeated stamps; rest, tremor, a vibrating table
// and sideways arm waving count nothing; the count never wraps; bouts, milestones, cadence and
// distance follow the steps; settings and saved states are checked.
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "fusetrack/steps/step_detector.hpp"

namespace fusetrack {
namespace {

using steps::StepDetector;
using steps::StepEvent;
using steps::StepEventKind;
using steps::StepSettings;

constexpr double kTwoPi = 6.283185307179586;

// A walk seen by a device held at a tilt: the body rises and falls once per step (vertical
// acceleration amplitude `amp`, its peaks at the foot landings start + (k + 1/4) / step_hz for
// k = 0 .. steps - 1), plus a sideways sway once per stride. Still before start_s and from the
// fall after the last landing on (steps = 0: the walk goes on for ever).
struct Walk {
  double step_hz = 1.8;
  double amp_m_s2 = 2.5;
  double start_s = 5.0;
  int steps = 108;
  double sway_m_s2 = 0.8;

  double end_s() const {
    return steps == 0 ? 1e300 : start_s + (static_cast<double>(steps) - 0.5) / step_hz;
  }
  std::vector<double> step_times() const {
    std::vector<double> t;
    for (int k = 0; k < steps; ++k)
      t.push_back(start_s + (static_cast<double>(k) + 0.25) / step_hz);
    return t;
  }
  Vec3 acc(double t) const {
    const double end_s = this->end_s();
    const Eigen::Vector3d up = Eigen::Vector3d(0.3, -0.5, 0.81).normalized();
    const Eigen::Vector3d side = up.unitOrthogonal();
    double v = 0.0, h = 0.0;
    if (t >= start_s && t < end_s) {
      // Peaks a quarter period after the start, on every landing.
      v = amp_m_s2 * std::sin(kTwoPi * step_hz * (t - start_s));
      h = sway_m_s2 * std::sin(kTwoPi * 0.5 * step_hz * (t - start_s));
    }
    return ((9.80665 + v) * up + h * side).cast<float>();
  }
};

struct Feed {
  std::vector<StepEvent> steps;
  std::vector<StepEvent> events;  // every kind
};

// Feeds acc(t) at rate_hz from 0 to duration_s, stamps jittered by ±jitter_us (seeded).
template <typename Acc>
Feed feed(StepDetector& d, const Acc& acc, double rate_hz, double duration_s,
          double jitter_us = 0.0, std::uint64_t seed = 1) {
  Feed r;
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u(-1.0, 1.0);
  const auto n = static_cast<std::int64_t>(duration_s * rate_hz);
  for (std::int64_t i = 0; i < n; ++i) {
    const double t = static_cast<double>(i) / rate_hz + 1e-6 * jitter_us * u(rng);
    const Micros t_us = 1000000 + static_cast<Micros>(std::llround(t * 1e6));
    d.push(t_us, acc(t), [&r](const StepEvent& e) {
      r.events.push_back(e);
      if (e.kind == StepEventKind::kStep) r.steps.push_back(e);
    });
  }
  return r;
}

// True steps matched one to one within 0.25 s, greedily in time order (the steps are 0.45 s or
// more apart, so this is the one-to-one matching).
std::size_t matched(const std::vector<StepEvent>& found, const std::vector<double>& truth) {
  std::size_t m = 0, j = 0;
  for (const StepEvent& e : found) {
    const double t = static_cast<double>(e.t_us - 1000000) * 1e-6;
    while (j < truth.size() && truth[j] < t - 0.25) ++j;
    if (j < truth.size() && std::fabs(truth[j] - t) <= 0.25) {
      ++m;
      ++j;
    }
  }
  return m;
}

TEST(StepDetector, DefaultsAreValidAndEachFieldIsChecked) {
  EXPECT_EQ(StepSettings{}.validate(), Status::kOk);
  auto bad = [](auto mutate) {
    StepSettings s;
    mutate(s);
    return s.validate() == Status::kInvalidSettings;
  };
  EXPECT_TRUE(bad([](StepSettings& s) { s.rate_hz = 10.0f; }));
  EXPECT_TRUE(bad([](StepSettings& s) { s.rate_hz = NAN; }));
  EXPECT_TRUE(bad([](StepSettings& s) { s.max_gap_s = 0.0f; }));
  EXPECT_TRUE(bad([](StepSettings& s) { s.lowpass_hz = 20.0f; }));
  EXPECT_TRUE(bad([](StepSettings& s) { s.min_prominence_m_s2 = 0.0f; }));
  EXPECT_TRUE(bad([](StepSettings& s) { s.relative_prominence = 1.5f; }));
  EXPECT_TRUE(bad([](StepSettings& s) { s.min_step_interval_s = 0.05f; }));
  EXPECT_TRUE(bad([](StepSettings& s) { s.max_step_interval_s = 0.2f; }));
  EXPECT_TRUE(bad([](StepSettings& s) { s.confirm_steps = 1; }));
  EXPECT_TRUE(bad([](StepSettings& s) { s.confirm_steps = 17; }));
  EXPECT_TRUE(bad([](StepSettings& s) { s.interval_tolerance = 0.0f; }));
  EXPECT_TRUE(bad([](StepSettings& s) { s.bout_timeout_s = 1.0f; }));
  EXPECT_TRUE(bad([](StepSettings& s) { s.user_height_m = 3.0f; }));
  EXPECT_TRUE(bad([](StepSettings& s) { s.step_length_k = 0.0f; }));
}

TEST(StepDetector, IsSmallPlainData) {
  EXPECT_LE(sizeof(StepDetector), 1024u);
  EXPECT_TRUE(std::is_trivially_copyable<steps::StepState>::value);
}

class WalkAtCadence : public ::testing::TestWithParam<double> {};

// Every step of a steady walk is counted, the confirming ones included, each within 0.25 s of
// its landing; cadence is the walk's.
TEST_P(WalkAtCadence, EveryStepIsCountedAtItsLanding) {
  Walk w;
  w.step_hz = GetParam();
  w.steps = static_cast<int>(std::lround(60.0 * w.step_hz));
  StepDetector d;
  const Feed r = feed(
      d, [&w](double t) { return w.acc(t); }, 100.0, 75.0);
  const std::vector<double> truth = w.step_times();
  EXPECT_EQ(r.steps.size(), truth.size());
  EXPECT_EQ(matched(r.steps, truth), truth.size());

  EXPECT_EQ(d.steps(), truth.size());
  EXPECT_EQ(d.bouts(), 1u);
}

INSTANTIATE_TEST_SUITE_P(StepDetector, WalkAtCadence, ::testing::Values(1.5, 1.8, 2.2, 2.8));

class WalkAtRate : public ::testing::TestWithParam<double> {};

// The same walk at every input rate from 12.5 to 400 Hz, with jittered stamps, within 1 %.
TEST_P(WalkAtRate, CountsWithinOnePercent) {
  Walk w;
  StepDetector d;
  const double period_us = 1e6 / GetParam();
  const Feed r = feed(
      d, [&w](double t) { return w.acc(t); }, GetParam(), 75.0, 0.2 * period_us);
  const double n = static_cast<double>(w.step_times().size());
  EXPECT_NEAR(static_cast<double>(r.steps.size()), n, 0.01 * n) << GetParam() << " Hz";
  EXPECT_GE(static_cast<double>(matched(r.steps, w.step_times())), 0.99 * n);
}

INSTANTIATE_TEST_SUITE_P(StepDetector, WalkAtRate,
                         ::testing::Values(12.5, 25.0, 50.0, 100.0, 104.0, 200.0, 400.0));

TEST(StepDetector, CadenceFollowsTheWalkAndIsConfident) {
  Walk w;
  w.step_hz = 1.75;
  w.steps = 0;
  StepDetector d;
  (void)feed(
      d, [&w](double t) { return w.acc(t); }, 50.0, 40.0);
  EXPECT_TRUE(d.walking());
  EXPECT_NEAR(d.cadence_spm(), 105.0f, 1.0f);
  EXPECT_GT(d.cadence_confidence(), 0.9f);
}

TEST(StepDetector, ABurstOfJitterAndRepeatedStampsChangesNothing) {
  Walk w;
  StepDetector clean, messy;
  const Feed a = feed(
      clean, [&w](double t) { return w.acc(t); }, 100.0, 75.0);
  // The same samples, with every sample between 20 and 30 s sent three times with its stamp
  // (a FIFO read twice), and 2 ms jitter between 40 and 45 s.
  Feed b;
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> u(-2000.0, 2000.0);
  for (std::int64_t i = 0; i < 7500; ++i) {
    const double t = static_cast<double>(i) / 100.0;
    Micros t_us = 1000000 + i * 10000;
    if (t >= 40.0 && t < 45.0) t_us += static_cast<Micros>(u(rng));
    const int copies = (t >= 20.0 && t < 30.0) ? 3 : 1;
    for (int c = 0; c < copies; ++c) {
      messy.push(t_us, w.acc(t), [&b](const StepEvent& e) {
        if (e.kind == StepEventKind::kStep) b.steps.push_back(e);
      });
    }
  }
  EXPECT_EQ(a.steps.size(), b.steps.size());
  EXPECT_EQ(matched(b.steps, w.step_times()), w.step_times().size());
}

TEST(StepDetector, RestCountsNothing) {
  std::mt19937_64 rng(3);
  std::normal_distribution<double> noise(0.0, 0.02);
  StepDetector d;
  const Feed r = feed(
      d,
      [&](double) {
        return Vec3(static_cast<float>(noise(rng)), static_cast<float>(noise(rng)),
                    static_cast<float>(9.81 + noise(rng)));
      },
      100.0, 600.0);
  EXPECT_EQ(r.steps.size(), 0u);
  EXPECT_EQ(d.bouts(), 0u);
}

TEST(StepDetector, TypingLikeTremorCountsNothing) {
  // Bursts of 6-10 Hz tremor of up to 0.8 m/s² on the resting forearm.
  std::mt19937_64 rng(5);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  std::vector<double> freq(120), amp(120);
  for (std::size_t k = 0; k < freq.size(); ++k) {
    freq[k] = 6.0 + 4.0 * u(rng);
    amp[k] = u(rng) < 0.6 ? 0.8 * u(rng) : 0.0;
  }
  StepDetector d;
  const Feed r = feed(
      d,
      [&](double t) {
        const std::size_t k = static_cast<std::size_t>(t / 2.5) % freq.size();
        const double a = amp[k] * std::sin(kTwoPi * freq[k] * t);
        return Vec3(static_cast<float>(0.6 * a), static_cast<float>(2.0 + 0.3 * a),
                    static_cast<float>(9.6 + a));
      },
      100.0, 300.0);
  EXPECT_EQ(r.steps.size(), 0u);
}

TEST(StepDetector, AVibratingTableCountsNothing) {
  // A phone on a table next to a machine: 20-40 Hz vertical vibration of 3 m/s², swept.
  for (double rate : {100.0, 400.0}) {
    StepDetector d;
    const Feed r = feed(
        d,
        [](double t) {
          // Instantaneous frequency 30 + 10 sin(2π 0.05 t) Hz: the phase is its integral.
          const double phase =
              kTwoPi * (30.0 * t - 10.0 / (kTwoPi * 0.05) * std::cos(kTwoPi * 0.05 * t));
          return Vec3(0.0f, 0.0f, static_cast<float>(9.81 + 3.0 * std::sin(phase)));
        },
        rate, 120.0);
    EXPECT_EQ(r.steps.size(), 0u) << rate << " Hz";
  }
}

TEST(StepDetector, SidewaysArmWavingWithoutWalkingCountsNothing) {
  // Standing, waving the forearm side to side at 2 Hz: 6 m/s² horizontally, no vertical motion.
  StepDetector d;
  const Feed r = feed(
      d,
      [](double t) {
        const double a = 6.0 * std::sin(kTwoPi * 2.0 * t);
        return Vec3(static_cast<float>(a), static_cast<float>(0.3 * a), 9.81f);
      },
      100.0, 120.0);
  EXPECT_EQ(r.steps.size(), 0u);
}

// Clapping in front of the chest: the hands meet 3 times a second, each clap a vertical-ish jolt
// of the wrist and a turn of the forearm there and back. Without the gyroscope its rhythm and
// verticality look like a brisk walk; with it, the wrist turning the same way at every "step"
// is a gesture.
TEST(StepDetector, ClappingWithAGyroscopeCountsNothing) {
  const auto acc = [](double t) {
    const double a = 3.0 * std::sin(kTwoPi * 3.0 * t);
    return Vec3(static_cast<float>(0.5 * a), 0.0f, static_cast<float>(9.81 + a));
  };
  const auto gyr = [](double t) {
    return Vec3(static_cast<float>(2.5 * std::sin(kTwoPi * 3.0 * t + 0.3)), 0.2f,
                static_cast<float>(0.8 * std::sin(kTwoPi * 3.0 * t)));
  };
  StepDetector without, with;
  const Feed a = feed(without, acc, 100.0, 120.0);
  EXPECT_GT(a.steps.size(), 300u);  // the accelerometer alone takes it for walking
  std::size_t steps = 0;
  for (std::int64_t i = 0; i < 12000; ++i) {
    const double t = static_cast<double>(i) / 100.0;
    with.push(1000000 + i * 10000, acc(t), gyr(t),
              [&steps](const StepEvent& e) { steps += e.kind == StepEventKind::kStep; });
  }
  EXPECT_EQ(steps, 0u);
}

// Walking with the arm's swing in the gyroscope (once per stride, 2 rad/s): every step counted.
TEST(StepDetector, AnArmSwingingOncePerStrideIsWalking) {
  for (double hz : {1.5, 1.8, 2.2, 2.8}) {
    Walk w;
    w.step_hz = hz;
    w.steps = static_cast<int>(std::lround(60.0 * hz));
    StepDetector d;
    std::vector<StepEvent> found;
    for (std::int64_t i = 0; i < 7500; ++i) {
      const double t = static_cast<double>(i) / 100.0;
      const double swing = t >= w.start_s && t < w.end_s()
                               ? 2.0 * std::cos(kTwoPi * 0.5 * hz * (t - w.start_s))
                               : 0.0;
      const Vec3 gyr(static_cast<float>(swing), static_cast<float>(0.3 * swing), 0.05f);
      d.push(1000000 + i * 10000, w.acc(t), gyr, [&found](const StepEvent& e) {
        if (e.kind == StepEventKind::kStep) found.push_back(e);
      });
    }
    EXPECT_EQ(found.size(), w.step_times().size()) << hz;
    EXPECT_EQ(matched(found, w.step_times()), w.step_times().size()) << hz;
  }
}

TEST(StepDetector, IsolatedMovementsNeverConfirmAWalk) {
  // A phone picked up and put down every 3 s: one jolt each time.
  StepDetector d;
  const Feed r = feed(
      d,
      [](double t) {
        const double ph = std::fmod(t, 3.0);
        const double a = ph < 0.3 ? 6.0 * std::sin(kTwoPi * ph / 0.3) : 0.0;
        return Vec3(0.0f, 0.0f, static_cast<float>(9.81 + a));
      },
      100.0, 120.0);
  EXPECT_EQ(r.steps.size(), 0u);
}

TEST(StepDetector, TheCountNeverWrapsPast32Bits) {
  Walk w;
  w.steps = 0;
  StepDetector d;
  steps::StepState st = d.state();
  st.steps = 0xFFFFFFFFull - 10;
  d.set_state(st);
  const Feed r = feed(
      d, [&w](double t) { return w.acc(t); }, 50.0, 30.0);
  ASSERT_GT(r.steps.size(), 20u);
  EXPECT_GT(d.steps(), 0xFFFFFFFFull);
  for (std::size_t i = 1; i < r.steps.size(); ++i) {
    EXPECT_EQ(r.steps[i].count, r.steps[i - 1].count + 1);
  }
}

TEST(StepDetector, BoutsStartAndEndAroundTheirSteps) {
  Walk w;
  w.steps = 50;
  StepSettings s;
  s.milestone_steps = 10;
  StepDetector d(s);
  const Feed r = feed(
      d, [&w](double t) { return w.acc(t); }, 100.0, 45.0);
  ASSERT_FALSE(r.events.empty());
  EXPECT_EQ(r.events.front().kind, StepEventKind::kBoutStarted);
  EXPECT_EQ(r.events.front().t_us, r.steps.front().t_us);
  // The start is reported once the confirming steps are in, before any step.
  EXPECT_GT(r.events.front().reported_us, r.events.front().t_us);
  std::size_t ended = 0, milestones = 0;
  for (const StepEvent& e : r.events) {
    if (e.kind == StepEventKind::kBoutEnded) {
      ++ended;
      EXPECT_EQ(e.t_us, r.steps.back().t_us);
      EXPECT_EQ(e.bout_steps, r.steps.size());
      EXPECT_GE(e.reported_us - e.t_us, 2000000);  // bout_timeout_s after the last step
    }
    if (e.kind == StepEventKind::kMilestone) {
      ++milestones;
      EXPECT_EQ(e.count % 10, 0u);
    }
  }
  EXPECT_EQ(ended, 1u);
  EXPECT_EQ(milestones, r.steps.size() / 10);
  EXPECT_FALSE(d.walking());
  EXPECT_EQ(d.cadence_spm(), 0.0f);
}

TEST(StepDetector, AGapEndsTheBoutAndTheWalkStartsAgainAfterIt) {
  Walk w;
  w.steps = 0;
  StepDetector d;
  Feed r;
  for (std::int64_t i = 0; i < 6000; ++i) {
    if (i >= 2500 && i < 2600) continue;  // 1 s without samples
    const double t = static_cast<double>(i) / 100.0;
    d.push(1000000 + i * 10000, w.acc(t), [&r](const StepEvent& e) { r.events.push_back(e); });
  }
  std::size_t started = 0, ended = 0;
  for (const StepEvent& e : r.events) {
    started += e.kind == StepEventKind::kBoutStarted;
    ended += e.kind == StepEventKind::kBoutEnded;
  }
  EXPECT_EQ(started, 2u);
  EXPECT_EQ(ended, 1u);
  EXPECT_TRUE(d.walking());
}

TEST(StepDetector, DistanceUsesTheHeightModelOrAGivenSpeed) {
  Walk w;
  w.step_hz = 1.8;
  w.steps = 0;
  StepSettings s;
  s.user_height_m = 1.80f;
  StepDetector by_height(s), by_speed(s);
  (void)feed(
      by_height, [&w](double t) { return w.acc(t); }, 50.0, 65.0);
  // 0.309 x 1.80 m x sqrt(1.8): 0.746 m a step (the classic 0.415 x height at 108 steps/min).
  const double per_step = by_height.distance_m() / static_cast<double>(by_height.steps());
  EXPECT_NEAR(per_step, by_height.step_length_m(1.8f), 0.01);
  EXPECT_NEAR(per_step, 0.746, 0.01);
  by_speed.set_speed(1.44f, INT64_MAX);  // 1.44 m/s at 1.8 steps/s: 0.8 m a step
  (void)feed(
      by_speed, [&w](double t) { return w.acc(t); }, 50.0, 65.0);
  EXPECT_NEAR(by_speed.distance_m() / static_cast<double>(by_speed.steps()), 0.8, 0.01);
}

TEST(StepDetector, SavedStateContinuesBitForBitAndBadStatesAreRefused) {
  Walk w;
  StepDetector a, b;
  Feed ra, rb;
  for (std::int64_t i = 0; i < 7000; ++i) {
    const double t = static_cast<double>(i) / 100.0;
    if (i == 3000) b.set_state(a.state());  // b takes over mid-bout
    a.push(1000000 + i * 10000, w.acc(t), [&](const StepEvent& e) { ra.events.push_back(e); });
    if (i >= 3000) {
      b.push(1000000 + i * 10000, w.acc(t), [&](const StepEvent& e) { rb.events.push_back(e); });
    }
  }
  EXPECT_EQ(a.steps(), b.steps());
  EXPECT_EQ(std::memcmp(&a.state(), &b.state(), sizeof(steps::StepState)), 0);
  ASSERT_LE(rb.events.size(), ra.events.size());
  EXPECT_TRUE(a.plausible(a.state()));
  steps::StepState bad = a.state();
  bad.z1 = NAN;
  EXPECT_FALSE(a.plausible(bad));
  bad = a.state();
  bad.walking = 2;
  EXPECT_FALSE(a.plausible(bad));
  bad = a.state();
  bad.pending = 200;
  EXPECT_FALSE(a.plausible(bad));
  bad = a.state();
  bad.interval_next = 9;
  EXPECT_FALSE(a.plausible(bad));
  bad = a.state();
  bad.gyro_next = 26;
  EXPECT_FALSE(a.plausible(bad));
  bad = a.state();
  bad.gyro_history[3][1] = INFINITY;
  EXPECT_FALSE(a.plausible(bad));
}

}  // namespace
}  // namespace fusetrack
