// Saved-state bytes depend only on the history: every state struct the Tracker copies into its
// saved state as bytes has no implicit padding and no member without an initializer, so two
// objects default-initialised over different garbage hold the same bytes; and two Trackers
// built over different garbage and fed the same samples save byte-identical states.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <new>
#include <vector>

#include <gtest/gtest.h>

#include "fusetrack/tracker.hpp"

namespace fusetrack {
namespace {

// The first offset at which `a` and `b` differ, or `n` when they are equal.
std::size_t first_difference(const std::uint8_t* a, const std::uint8_t* b, std::size_t n) {
  std::size_t i = 0;
  while (i < n && a[i] == b[i]) ++i;
  return i;
}

// Default-initialises a T (placement new without parentheses: only the member initializers run)
// into two buffers pre-filled with 0xAA and 0x55 and compares their bytes: a byte that differs is
// implicit padding or a member without an initializer.
template <typename T>
::testing::AssertionResult every_byte_defined(const char* name) {
  alignas(T) static std::uint8_t a[sizeof(T)];
  alignas(T) static std::uint8_t b[sizeof(T)];
  std::memset(a, 0xAA, sizeof a);
  std::memset(b, 0x55, sizeof b);
  T* ta = new (a) T;
  T* tb = new (b) T;
  const std::size_t at = first_difference(a, b, sizeof(T));
  ta->~T();
  tb->~T();
  if (at == sizeof(T)) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << name << " (" << sizeof(T) << " B): byte " << at
         << " is not set by default initialisation (implicit padding or a member without an "
            "initializer)";
}

#define EXPECT_EVERY_BYTE_DEFINED(...) EXPECT_TRUE(every_byte_defined<__VA_ARGS__>(#__VA_ARGS__))

TEST(StatePadding, TrackerOwnState) {
  EXPECT_EVERY_BYTE_DEFINED(TrackerMonitorState);
  EXPECT_EVERY_BYTE_DEFINED(Tracker::Queue);
}

TEST(StatePadding, StreamCheckEventAndFallStates) {
  EXPECT_EVERY_BYTE_DEFINED(StreamCheckState);
  EXPECT_EVERY_BYTE_DEFINED(Event);
  EXPECT_EVERY_BYTE_DEFINED(falls::FallState);
  EXPECT_EVERY_BYTE_DEFINED(falls::FallCell);
  EXPECT_EVERY_BYTE_DEFINED(falls::FallCandidate);
}

TEST(StatePadding, OrientationStates) {
  EXPECT_EVERY_BYTE_DEFINED(OrientationEkfState);
  EXPECT_EVERY_BYTE_DEFINED(ComplementaryFilterState);
  EXPECT_EVERY_BYTE_DEFINED(AccelerometerTiltState);
  EXPECT_EVERY_BYTE_DEFINED(StreamClock);
  EXPECT_EVERY_BYTE_DEFINED(OrientationFlags);
  EXPECT_EVERY_BYTE_DEFINED(RestDetectorState);
  EXPECT_EVERY_BYTE_DEFINED(MagneticReferenceState);
}

TEST(StatePadding, StageStates) {
  EXPECT_EVERY_BYTE_DEFINED(WearDetectorState);
  EXPECT_EVERY_BYTE_DEFINED(ActivityState);
  EXPECT_EVERY_BYTE_DEFINED(features::ActivityWindowState);
  EXPECT_EVERY_BYTE_DEFINED(classify::SmootherState);
  EXPECT_EVERY_BYTE_DEFINED(ActivityCounters);
  EXPECT_EVERY_BYTE_DEFINED(steps::StepState);
  EXPECT_EVERY_BYTE_DEFINED(heart::HeartState);
  EXPECT_EVERY_BYTE_DEFINED(heart::HeartBlock);
  EXPECT_EVERY_BYTE_DEFINED(heart::HeartEstimate);
  EXPECT_EVERY_BYTE_DEFINED(energy::EnergyState);
}

// Odd channel counts have explicit padding after the previous sample; even ones need none.
TEST(StatePadding, Resamplers) {
  EXPECT_EVERY_BYTE_DEFINED(features::Resampler<1>);
  EXPECT_EVERY_BYTE_DEFINED(features::Resampler<3>);
  EXPECT_EVERY_BYTE_DEFINED(features::Resampler<4>);
  EXPECT_EVERY_BYTE_DEFINED(features::Resampler<6>);
  EXPECT_EVERY_BYTE_DEFINED(features::Resampler<7>);
}

// Every stage on, falls too (on a wrist); `has_gyr` false: accelerometer only.
TrackerSettings every_stage(OrientationFilterKind filter, bool has_gyr) {
  TrackerSettings s;
  s.placement = Placement::kWristLeft;
  s.imu_has_gyr = has_gyr;
  s.orientation_filter = filter;
  s.falls.enabled = true;
  return s;
}

// 12 s of a wrist: 100 Hz IMU, 25 Hz magnetometer and PPG. It rests, walks with an arm swing,
// takes an impact at 5 s and lies still in another attitude.
void feed(Tracker& tr, bool has_gyr) {
  constexpr float kTwoPi = 6.2831853f;
  for (Micros t = 0; t < 12000000; t += 10000) {
    const float ts = static_cast<float>(t) * 1e-6f;
    const bool walking = ts > 1.0f && ts < 5.0f;
    const float swing = walking ? 0.6f * std::sin(kTwoPi * 0.9f * ts) : 0.0f;
    const float bounce = walking ? 2.5f * std::sin(kTwoPi * 1.8f * ts) : 0.0f;
    const float tilt = ts >= 5.0f ? 1.2f : 0.0f;
    const Quat q(Eigen::AngleAxisf(swing + tilt, Vec3::UnitX()));
    ImuSample imu;
    imu.t_us = t;
    imu.has_gyr = has_gyr;
    imu.acc_m_s2 = q.conjugate() * Vec3(0.0f, 0.0f, kGravity_m_s2 + bounce);
    if (ts >= 5.0f && ts < 5.05f) imu.acc_m_s2 = Vec3(4.0f, -3.0f, 3.5f * kGravity_m_s2);
    if (has_gyr) {
      const float rate = walking ? 0.6f * kTwoPi * 0.9f * std::cos(kTwoPi * 0.9f * ts) : 0.0f;
      imu.gyr_rad_s = Vec3(rate + 0.003f, -0.002f, 0.001f);
    }
    (void)tr.push_imu(imu);
    if (t % 40000 == 0) {
      MagSample mag;
      mag.t_us = t + 1;
      mag.mag_ut = q.conjugate() * Vec3(0.0f, 20.0f, -40.0f);
      (void)tr.push_mag(mag);
      PpgSample ppg;
      ppg.t_us = t + 2;
      ppg.ppg[0] = 50000.0f + 300.0f * std::sin(kTwoPi * 1.2f * ts);
      (void)tr.push_ppg(ppg);
    }
  }
}

// A Tracker constructed in a buffer full of `garbage`, fed the samples, and its saved state.
std::vector<std::uint8_t> saved_over_garbage(const TrackerSettings& s, std::uint8_t garbage) {
  alignas(Tracker) static std::uint8_t storage[sizeof(Tracker)];
  std::memset(storage, garbage, sizeof storage);
  Tracker* tr = new (storage) Tracker(s);
  EXPECT_EQ(tr->status(), Status::kOk);
  feed(*tr, s.imu_has_gyr);
  std::vector<std::uint8_t> saved(Tracker::state_size());
  EXPECT_EQ(tr->save_state(saved.data(), saved.size()), Status::kOk);
  // The samples did reach what the state must carry: pending events, an activity decision,
  // heart-rate estimates, a fall candidate.
  const TrackerOutput out = tr->output();
  EXPECT_GT(out.events.pending, 0u);
  EXPECT_GT(out.activity.decisions, 0u);
  EXPECT_GT(out.heart.estimates, 0u);
  EXPECT_GT(out.falls.candidates, 0u);
  tr->~Tracker();
  return saved;
}

TEST(StatePadding, TrackersBuiltOverDifferentGarbageSaveTheSameBytes) {
  struct Case {
    const char* name;
    OrientationFilterKind filter;
    bool has_gyr;
  };
  const Case cases[] = {{"ekf", OrientationFilterKind::kEkf, true},
                        {"complementary", OrientationFilterKind::kComplementary, true},
                        {"accelerometer only", OrientationFilterKind::kEkf, false}};
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    const TrackerSettings s = every_stage(c.filter, c.has_gyr);
    const std::vector<std::uint8_t> a = saved_over_garbage(s, 0xAA);
    const std::vector<std::uint8_t> b = saved_over_garbage(s, 0x55);
    ASSERT_EQ(a.size(), b.size());
    const std::size_t at = first_difference(a.data(), b.data(), a.size());
    EXPECT_EQ(at, a.size()) << "the saved states differ first at byte " << at << " of " << a.size();
  }
}

}  // namespace
}  // namespace fusetrack
