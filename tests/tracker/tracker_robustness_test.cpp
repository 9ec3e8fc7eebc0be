// Hostile and unusual input through the Tracker: time stamps anywhere in int64, finite glitches
// far beyond any sensor's range, values at full scale, and a state that became non-finite. Each
// case failed before the robustness work (overflow, NaN for the rest of the stream, or a stream
// that rejected every later sample).
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <vector>

#include <gtest/gtest.h>

#include "fusetrack/tracker.hpp"
#include "tracker_compare.hpp"

namespace fusetrack {
namespace {

constexpr Micros kMin = std::numeric_limits<Micros>::min();
constexpr Micros kMax = std::numeric_limits<Micros>::max();
constexpr Micros kPeriod = 10000;  // 100 Hz

ImuSample imu_at(Micros t_us, float yaw_rate = 0.0f) {
  ImuSample s;
  s.t_us = t_us;
  s.acc_m_s2 = Vec3(0.5f, -0.3f, kGravity_m_s2);
  s.gyr_rad_s = Vec3(0.002f, -0.001f, 0.003f + yaw_rate);
  return s;
}

MagSample mag_at(Micros t_us) {
  MagSample s;
  s.t_us = t_us;
  s.mag_ut = Vec3(20.0f, 5.0f, -40.0f);
  return s;
}

TrackerSettings settings_for(OrientationFilterKind kind) {
  TrackerSettings s;
  s.orientation_filter = kind;
  s.ppg_enabled = false;
  return s;
}

// Every number the outputs carry is finite.
void expect_finite(const TrackerOutput& o) {
  const OrientationOutput& ori = o.orientation;
  EXPECT_TRUE(std::isfinite(ori.q_es.w()) && std::isfinite(ori.q_es.x()) &&
              std::isfinite(ori.q_es.y()) && std::isfinite(ori.q_es.z()));
  EXPECT_NEAR(ori.q_es.norm(), 1.0f, 1e-5f);
  EXPECT_TRUE(ori.gravity_s_m_s2.allFinite());
  EXPECT_TRUE(ori.linear_acc_e_m_s2.allFinite());
  EXPECT_TRUE(ori.gyr_bias_rad_s.allFinite());
  for (const StreamOutput* s : {&o.imu, &o.mag, &o.ppg}) {
    EXPECT_TRUE(std::isfinite(s->rate_hz));
    EXPECT_TRUE(std::isfinite(s->mean_rate_hz));
    EXPECT_TRUE(std::isfinite(s->jitter_s));
    EXPECT_TRUE(std::isfinite(s->drift));
    EXPECT_GE(s->rate_hz, 0.0f);
  }
  EXPECT_TRUE(std::isfinite(o.wear.motion_rms_m_s2));
  EXPECT_TRUE(std::isfinite(o.heart.bpm) && std::isfinite(o.heart.confidence) &&
              std::isfinite(o.heart.motion_hz));
}

std::vector<Event> drain(Tracker& t) {
  std::vector<Event> out;
  Event e;
  while (t.pop_event(e)) out.push_back(e);
  return out;
}

std::size_t count_kind(const std::vector<Event>& events, EventKind kind) {
  std::size_t n = 0;
  for (const Event& e : events) n += e.kind == kind ? 1u : 0u;
  return n;
}

// Offsets of the saved state's parts (the layout tracker.hpp documents): the header, the three
// streams, the monitor, then the running filter's state, then the wear stage's, then the
// activity stage's.
constexpr std::size_t kAtMonitor = 16 + kStreamCount * sizeof(StreamCheckState);
constexpr std::size_t kAtFilter = kAtMonitor + sizeof(TrackerMonitorState);
constexpr std::size_t kAtWear =
    kAtFilter + std::max({sizeof(ComplementaryFilterState), sizeof(OrientationEkfState),
                          sizeof(AccelerometerTiltState)});
constexpr std::size_t kAtActivity = kAtWear + sizeof(WearDetectorState);

class TrackerRobustness : public ::testing::TestWithParam<OrientationFilterKind> {};

INSTANTIATE_TEST_SUITE_P(BothFilters, TrackerRobustness,
                         ::testing::Values(OrientationFilterKind::kEkf,
                                           OrientationFilterKind::kComplementary),
                         [](const ::testing::TestParamInfo<OrientationFilterKind>& p) {
                           return std::string(name(p.param));
                         });

// Before: t_us - last_t_us overflowed (UBSan), the rate read -1e6 Hz and the jitter NaN.
TEST_P(TrackerRobustness, ImuSamplesAtTheInt64ExtremesAreATimeJumpWithFiniteOutputs) {
  Tracker t(settings_for(GetParam()));
  EXPECT_EQ(t.push_imu(imu_at(kMin)), Status::kOk);
  EXPECT_EQ(t.push_imu(imu_at(kMax)), Status::kOk);
  const TrackerOutput o = t.output();
  expect_finite(o);
  EXPECT_EQ(o.imu.accepted, 2u);
  EXPECT_EQ(o.imu.jumps, 1u);
  EXPECT_EQ(o.imu.gaps, 0u);
  EXPECT_EQ(o.imu.missing, 0u);
  const std::vector<Event> events = drain(t);
  ASSERT_EQ(count_kind(events, EventKind::kTimeJump), 1u);
  for (const Event& e : events) {
    if (e.kind == EventKind::kTimeJump) {
      EXPECT_EQ(e.stream, StreamId::kImu);
      EXPECT_EQ(e.duration_us, kMax);  // saturated: the true jump is 2^64 - 1 µs
    }
  }
  // Magnetometer and silence checks near the end of time do not overflow either.
  EXPECT_EQ(t.push_mag(mag_at(kMax - 5)), Status::kOk);
  EXPECT_EQ(t.push_mag(mag_at(kMax)), Status::kOk);
  expect_finite(t.output());
}

// Before: one far-future time stamp was accepted and every later, correct sample was rejected
// as going backwards, for the rest of the stream.
TEST_P(TrackerRobustness, OneWildTimeStampCostsTwoJumpsAndTheStreamGoesOn) {
  Tracker t(settings_for(GetParam()));
  Micros time = 5000000;
  for (int i = 0; i < 300; ++i, time += kPeriod) ASSERT_EQ(t.push_imu(imu_at(time)), Status::kOk);
  EXPECT_EQ(t.push_imu(imu_at(time + 1000000000000000LL)), Status::kOk);  // 31 years ahead
  time += kPeriod;
  for (int i = 0; i < 300; ++i, time += kPeriod) {
    ASSERT_EQ(t.push_imu(imu_at(time)), Status::kOk) << i;
  }
  const TrackerOutput o = t.output();
  expect_finite(o);
  EXPECT_EQ(o.imu.accepted, 601u);
  EXPECT_EQ(o.imu.rejected, 0u);
  EXPECT_EQ(o.imu.jumps, 2u);
  EXPECT_EQ(o.orientation.restarts, 2u);
  EXPECT_NEAR(o.imu.rate_hz, 100.0f, 0.5f);
  const std::vector<Event> events = drain(t);
  EXPECT_EQ(count_kind(events, EventKind::kTimeJump), 2u);
  std::size_t jump_restarts = 0;
  for (const Event& e : events) {
    if (e.kind == EventKind::kStageReinitialized && e.stage == StageId::kOrientation &&
        e.code == static_cast<std::uint8_t>(ReinitReason::kTimeJump)) {
      ++jump_restarts;
    }
  }
  EXPECT_EQ(jump_restarts, 2u);
  // Inclination re-converged: gravity in the sensor frame points along the specific force.
  const Vec3 g = o.orientation.gravity_s_m_s2.normalized();
  EXPECT_GT(g.dot(imu_at(0).acc_m_s2.normalized()), std::cos(1.0f * kRadPerDeg));
}

// The same on a magnetometer's stream: it is not stuck behind its own wild time stamp.
TEST_P(TrackerRobustness, WildMagnetometerTimeStampDoesNotStopTheHeadingUpdates) {
  Tracker t(settings_for(GetParam()));
  Micros time = 5000000;
  for (int i = 0; i < 400; ++i, time += kPeriod) {
    ASSERT_EQ(t.push_imu(imu_at(time)), Status::kOk);
    if (i % 4 == 0) {
      EXPECT_EQ(t.push_mag(mag_at(time)), Status::kOk);
    }
    if (i == 200) {
      EXPECT_EQ(t.push_mag(mag_at(time + 7200000000LL)), Status::kOk);
    }
  }
  const TrackerOutput o = t.output();
  expect_finite(o);
  EXPECT_EQ(o.mag.rejected, 0u);
  EXPECT_EQ(o.mag.jumps, 2u);
  EXPECT_TRUE(o.orientation.heading_available);
}

// Before: acc_x = 1e25 (EKF) or a gyroscope of 1e30 (both filters) left q_ES NaN for the rest of
// the stream while push_imu returned ok and `rejected` stayed 0; a 1e3 rad/s spike was accepted
// and turned the heading for good. Now each is rejected beyond full scale, and the Tracker goes
// on exactly as if the sample had never come.
TEST_P(TrackerRobustness, GlitchesBeyondFullScaleAreRejectedAndChangeNothing) {
  ImuSample acc_glitch = imu_at(0);
  acc_glitch.acc_m_s2.x() = 1e25f;
  ImuSample gyr_glitch = imu_at(0);
  gyr_glitch.gyr_rad_s = Vec3(1e30f, -1e30f, 1e30f);
  ImuSample spike = imu_at(0);
  spike.gyr_rad_s.z() = 1e3f;
  for (const ImuSample& glitch : {acc_glitch, gyr_glitch, spike}) {
    Tracker clean(settings_for(GetParam()));
    Tracker hit(settings_for(GetParam()));
    Micros time = 5000000;
    for (int i = 0; i < 600; ++i, time += kPeriod) {
      const ImuSample s = imu_at(time, i > 300 ? 0.5f : 0.0f);
      ASSERT_EQ(clean.push_imu(s), Status::kOk);
      ASSERT_EQ(hit.push_imu(s), Status::kOk);
      if (i % 4 == 0) {
        EXPECT_EQ(clean.push_mag(mag_at(time)), Status::kOk);
        EXPECT_EQ(hit.push_mag(mag_at(time)), Status::kOk);
      }
      if (i == 200 || i == 400) {
        ImuSample g = glitch;
        g.t_us = time + kPeriod / 2;
        EXPECT_EQ(hit.push_imu(g), Status::kOutOfRange);
      }
    }
    const TrackerOutput a = clean.output();
    const TrackerOutput b = hit.output();
    expect_finite(b);
    EXPECT_EQ(b.imu.rejected, 2u);
    EXPECT_EQ(b.imu.beyond_full_scale, 2u);
    EXPECT_EQ(b.imu.accepted, a.imu.accepted);
    EXPECT_TRUE(test::same_bits(a.orientation.q_es.coeffs(), b.orientation.q_es.coeffs()));
    EXPECT_TRUE(test::same_bits(a.orientation.gyr_bias_rad_s, b.orientation.gyr_bias_rad_s));
    std::size_t rejected_events = 0;
    for (const Event& e : drain(hit)) {
      if (e.kind == EventKind::kSampleRejected) {
        EXPECT_EQ(e.code, static_cast<std::uint8_t>(Status::kOutOfRange));
        ++rejected_events;
      }
    }
    EXPECT_EQ(rejected_events, 2u);
  }
}

TEST_P(TrackerRobustness, ValuesAtFullScaleAreAcceptedAndCountedAsClipped) {
  TrackerSettings settings = settings_for(GetParam());
  const FullScaleSettings fs = settings.full_scale;
  Tracker t(settings);
  Micros time = 5000000;
  for (int i = 0; i < 100; ++i, time += kPeriod) ASSERT_EQ(t.push_imu(imu_at(time)), Status::kOk);
  ImuSample impact = imu_at(time);
  impact.acc_m_s2.z() = fs.acc_m_s2;  // exactly at full scale: the sensor saturated
  EXPECT_EQ(t.push_imu(impact), Status::kOk);
  impact.t_us = (time += kPeriod);
  impact.acc_m_s2.z() = -fs.acc_m_s2 * 32767.0f / 32768.0f;  // one LSB short of it
  EXPECT_EQ(t.push_imu(impact), Status::kOk);
  impact.t_us = (time += kPeriod);
  impact.acc_m_s2.z() = fs.acc_m_s2 * (1.0f + 0.5f * fs.clip_band);  // a calibration gain past
  EXPECT_EQ(t.push_imu(impact), Status::kOk);
  ImuSample spin = imu_at(time += kPeriod);
  spin.gyr_rad_s.x() = -fs.gyr_rad_s;
  EXPECT_EQ(t.push_imu(spin), Status::kOk);
  ImuSample beyond = imu_at(time += kPeriod);
  beyond.acc_m_s2.y() = fs.acc_m_s2 * (1.0f + 2.0f * fs.clip_band);
  EXPECT_EQ(t.push_imu(beyond), Status::kOutOfRange);
  ImuSample inside = imu_at(time += kPeriod);
  inside.acc_m_s2.z() = fs.acc_m_s2 * (1.0f - 2.0f * fs.clip_band);
  EXPECT_EQ(t.push_imu(inside), Status::kOk);
  MagSample mag = mag_at(time);
  mag.mag_ut.x() = fs.mag_ut;
  EXPECT_EQ(t.push_mag(mag), Status::kOk);
  mag.t_us += 40000;
  mag.mag_ut.x() = 2.0f * fs.mag_ut;
  EXPECT_EQ(t.push_mag(mag), Status::kOutOfRange);

  const TrackerOutput o = t.output();
  expect_finite(o);
  EXPECT_EQ(o.imu.clipped, 4u);
  EXPECT_EQ(o.imu.beyond_full_scale, 1u);
  EXPECT_EQ(o.imu.accepted, 105u);
  EXPECT_EQ(o.mag.clipped, 1u);
  EXPECT_EQ(o.mag.beyond_full_scale, 1u);
  EXPECT_EQ(o.mag.rejected, 1u);
}

// The guard: a state that became non-finite (here a saved state whose quaternion was made NaN,
// resealed as a writer would have) is re-initialised at the next sample, with an event, a
// count, and finite outputs; the stream goes on.
TEST_P(TrackerRobustness, NonFiniteOrientationStateIsReinitialisedCountedAndRaised) {
  const TrackerSettings settings = settings_for(GetParam());
  Tracker t(settings);
  Micros time = 5000000;
  for (int i = 0; i < 200; ++i, time += kPeriod) ASSERT_EQ(t.push_imu(imu_at(time)), Status::kOk);
  std::vector<std::uint8_t> state(Tracker::state_size());
  ASSERT_EQ(t.save_state(state.data(), state.size()), Status::kOk);
  // q_es comes first in the filter's state (its x, as Eigen stores x, y, z, w).
  const float nan = std::numeric_limits<float>::quiet_NaN();
  std::memcpy(state.data() + kAtFilter, &nan, sizeof nan);
  test::reseal(state);
  Tracker restored(settings);
  ASSERT_EQ(restored.restore_state(state.data(), state.size()), Status::kOk);
  drain(restored);
  ASSERT_EQ(restored.push_imu(imu_at(time)), Status::kOk);
  TrackerOutput o = restored.output();
  expect_finite(o);
  EXPECT_EQ(o.guard.orientation_resets, 1u);
  const std::vector<Event> events = drain(restored);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].kind, EventKind::kStageReinitialized);
  EXPECT_EQ(events[0].stage, StageId::kOrientation);
  EXPECT_EQ(events[0].code, static_cast<std::uint8_t>(ReinitReason::kNotFinite));
  for (int i = 0; i < 200; ++i) ASSERT_EQ(restored.push_imu(imu_at(time += kPeriod)), Status::kOk);
  o = restored.output();
  expect_finite(o);
  EXPECT_EQ(o.guard.orientation_resets, 1u);
  EXPECT_TRUE(o.orientation.flags.initialized);
}

// A bool byte that is neither 0 nor 1 is undefined behaviour to read: a resealed state carrying
// one (the fuzzer's finding) is refused, and the Tracker is unchanged.
TEST_P(TrackerRobustness, ResealedStateWithABoolByteOtherThanZeroOrOneIsRefused) {
  const TrackerSettings settings = settings_for(GetParam());
  Tracker t(settings);
  Micros time = 5000000;
  for (int i = 0; i < 50; ++i, time += kPeriod) ASSERT_EQ(t.push_imu(imu_at(time)), Status::kOk);
  std::vector<std::uint8_t> state(Tracker::state_size());
  ASSERT_EQ(t.save_state(state.data(), state.size()), Status::kOk);
  const std::size_t flags_at = GetParam() == OrientationFilterKind::kEkf
                                   ? offsetof(OrientationEkfState, flags)
                                   : offsetof(ComplementaryFilterState, flags);
  for (const std::size_t at :
       {kAtMonitor + offsetof(TrackerMonitorState, mag_disturbed), kAtFilter + flags_at + 2}) {
    std::vector<std::uint8_t> bad = state;
    bad[at] = 65;
    test::reseal(bad);
    Tracker other(settings);
    EXPECT_EQ(other.restore_state(bad.data(), bad.size()), Status::kCorruptState) << at;
    EXPECT_EQ(other.output().imu.accepted, 0u);
  }
}

TEST(TrackerRobustnessWear, ResealedStateWithANonFiniteWearStateIsRefused) {
  const TrackerSettings settings;
  Tracker t(settings);
  for (int i = 0; i < 50; ++i) ASSERT_EQ(t.push_imu(imu_at(5000000 + i * kPeriod)), Status::kOk);
  std::vector<std::uint8_t> state(Tracker::state_size());
  ASSERT_EQ(t.save_state(state.data(), state.size()), Status::kOk);
  const float inf = std::numeric_limits<float>::infinity();
  std::memcpy(state.data() + kAtWear + offsetof(WearDetectorState, motion_ms), &inf, sizeof inf);
  test::reseal(state);
  Tracker other(settings);
  EXPECT_EQ(other.restore_state(state.data(), state.size()), Status::kCorruptState);
}

// The activity stage's saved window, its indices, its smoother and its bool byte are checked
// before anything is restored: a NaN in the window, a window size beyond its capacity, a label
// beyond the model's classes or a bool byte of 2 are refused, and the Tracker stays as it was.
TEST(TrackerRobustnessActivity, ResealedStateWithAnImpossibleActivityStateIsRefused) {
  const TrackerSettings settings;
  Tracker t(settings);
  for (int i = 0; i < 2500; ++i) ASSERT_EQ(t.push_imu(imu_at(5000000 + i * kPeriod)), Status::kOk);
  ASSERT_TRUE(t.output().activity.has_label);
  std::vector<std::uint8_t> state(Tracker::state_size());
  ASSERT_EQ(t.save_state(state.data(), state.size()), Status::kOk);
  using W = features::ActivityWindowState;
  const std::size_t window_at = kAtActivity + offsetof(ActivityState, window);
  const std::size_t window_obj = window_at + offsetof(W, window);
  const std::size_t smoother_at = kAtActivity + offsetof(ActivityState, smoother);
  const std::size_t counters_at = kAtActivity + offsetof(ActivityState, counters);
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const std::uint32_t huge = 100000;
  const std::uint8_t class_99 = 99;
  struct Edit {
    const char* what;
    std::size_t at;
    const void* bytes;
    std::size_t n;
  };
  // The window's size is its last member (uint32 after the uint32 write index).
  const Edit edits[] = {
      {"NaN in the window", window_obj + 3 * sizeof(float), &nan, sizeof nan},
      {"NaN in the gravity low-pass", window_at + offsetof(W, gravity_lp), &nan, sizeof nan},
      {"window size beyond capacity", window_obj + sizeof(W::window) - 4, &huge, sizeof huge},
      {"label beyond the classes", smoother_at + offsetof(classify::SmootherState, label),
       &class_99, 1},
      {"raw class beyond the classes", counters_at + offsetof(ActivityCounters, raw_class),
       &class_99, 1},
      {"bool byte 2", window_at + offsetof(W, gravity_lp_valid), &class_99, 1},
  };
  for (const Edit& e : edits) {
    std::vector<std::uint8_t> bad = state;
    std::memcpy(bad.data() + e.at, e.bytes, e.n);
    test::reseal(bad);
    Tracker other(settings);
    EXPECT_EQ(other.restore_state(bad.data(), bad.size()), Status::kCorruptState) << e.what;
    EXPECT_EQ(other.output().imu.accepted, 0u) << e.what;
    EXPECT_FALSE(other.output().activity.has_label) << e.what;
  }
  Tracker good(settings);
  EXPECT_EQ(good.restore_state(state.data(), state.size()), Status::kOk);
}

TEST(TrackerRobustnessWear, PpgLevelThatOverflowsResetsTheWearStageOnce) {
  TrackerSettings settings;
  settings.mag_enabled = false;
  Tracker t(settings);
  ASSERT_TRUE(t.settings().wear.enabled);
  PpgSample p;
  p.t_us = 1000000;
  p.ppg[0] = 3e38f;
  p.has_ambient = true;
  p.ambient = -3e38f;  // finite, but their difference is not
  ASSERT_EQ(t.push_ppg(p), Status::kOk);
  const TrackerOutput o = t.output();
  EXPECT_EQ(o.guard.wear_resets, 1u);
  EXPECT_TRUE(t.wear_detector().state_finite());
  const std::vector<Event> events = drain(t);
  ASSERT_EQ(count_kind(events, EventKind::kStageReinitialized), 1u);
  EXPECT_EQ(events.back().stage, StageId::kWear);
}

// PPG at the float range's ends, alternating: the heart stage limits its inputs (30 bits of
// counts), so its filters, sums and spectra stay finite without a reset; the estimates are
// invalid (a rail at both ends is clipping), never NaN.
TEST(TrackerRobustnessHeart, PpgAtTheFloatRangeStaysFiniteWithoutAReset) {
  TrackerSettings settings;
  settings.mag_enabled = false;
  settings.wear.enabled = false;
  Tracker t(settings);
  ASSERT_TRUE(t.settings().heart.enabled);
  PpgSample p;
  for (int i = 0; i < 25 * 20; ++i) {
    p.t_us = 1000000 + static_cast<Micros>(i) * 40000;
    p.ppg[0] = (i % 2) ? 3e38f : -3e38f;
    p.has_ambient = true;
    p.ambient = (i % 3) ? 3e38f : -3e38f;
    ASSERT_EQ(t.push_ppg(p), Status::kOk);
    expect_finite(t.output());
    ASSERT_TRUE(t.heart_estimator().state_finite()) << i;
  }
  const TrackerOutput o = t.output();
  EXPECT_EQ(o.guard.heart_resets, 0u);
  EXPECT_GT(o.heart.estimates, 0u);
  EXPECT_FALSE(o.heart.valid);
}

TEST(TrackerRobustnessAccOnly, AccelerometerOnlyDeviceSurvivesTheExtremesToo) {
  TrackerSettings settings;
  settings.imu_has_gyr = false;
  settings.ppg_enabled = false;
  Tracker t(settings);
  ImuSample s = imu_at(kMin);
  s.has_gyr = false;
  s.gyr_rad_s = Vec3(1e30f, 1e30f, 1e30f);  // ignored without a gyroscope
  EXPECT_EQ(t.push_imu(s), Status::kOk);
  s.t_us = kMax;
  EXPECT_EQ(t.push_imu(s), Status::kOk);
  s.t_us = 0;
  EXPECT_EQ(t.push_imu(s), Status::kOk);
  s.t_us = kPeriod;
  s.acc_m_s2.x() = 1e25f;
  EXPECT_EQ(t.push_imu(s), Status::kOutOfRange);
  const TrackerOutput o = t.output();
  expect_finite(o);
  EXPECT_EQ(o.imu.jumps, 2u);
  EXPECT_EQ(o.imu.beyond_full_scale, 1u);
}

TEST(TrackerRobustnessSettings, FullScaleSettingsOutsideTheirRangesAreInvalid) {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  EXPECT_EQ(FullScaleSettings{}.validate(), Status::kOk);
  for (const float v : {0.0f, -1.0f, nan, 1e6f}) {
    TrackerSettings s;
    s.full_scale.acc_m_s2 = v;
    EXPECT_EQ(s.validate(), Status::kInvalidSettings) << v;
    s = TrackerSettings{};
    s.full_scale.gyr_rad_s = v;
    EXPECT_EQ(s.validate(), Status::kInvalidSettings) << v;
    s = TrackerSettings{};
    s.full_scale.mag_ut = v;
    EXPECT_EQ(s.validate(), Status::kInvalidSettings) << v;
  }
  for (const float band : {-0.01f, 0.2f, nan}) {
    TrackerSettings s;
    s.full_scale.clip_band = band;
    EXPECT_EQ(s.validate(), Status::kInvalidSettings) << band;
  }
  TrackerSettings narrow;
  narrow.full_scale.acc_m_s2 = 8.0f * kGravity_m_s2;  // a ±8 g part
  EXPECT_EQ(narrow.validate(), Status::kOk);
}

}  // namespace
}  // namespace fusetrack
