// WearDetector: a still device is still after still_after_s and a shaken one moving; a device
// perfectly still and flat for off_wrist_after_s is suspected off the wrist, one that is still
// but tilted as on a wrist is not; with PPG judged, a lost contact is suspected too; through the
// Tracker the stage is "not available" when off and costs no events.
#include <cmath>
#include <random>

#include <gtest/gtest.h>

#include "fusetrack/tracker.hpp"
#include "fusetrack/wear/wear_detector.hpp"

namespace fusetrack {
namespace {

constexpr float kDt = 0.01f;

struct Feed {
  explicit Feed(std::uint32_t seed, float noise) : rng(seed), n(0.0f, noise) {}
  // `seconds` of samples with gravity along `up` (sensor frame) plus noise and a shake of
  // amplitude `shake_m_s2` at 2 Hz; returns the state after each second.
  void run(WearDetector& d, float seconds, const Vec3& up, float shake_m_s2 = 0.0f) {
    const int steps = static_cast<int>(seconds / kDt + 0.5f);
    for (int k = 0; k < steps; ++k) {
      t += kDt;
      ImuFrame f;
      f.dt_s = first ? 0.0f : kDt;
      first = false;
      const float shake = shake_m_s2 * std::sin(2.0f * kPi * 2.0f * t);
      f.acc_s_m_s2 = up.normalized() * kGravity_m_s2 + Vec3(shake + n(rng), n(rng), n(rng));
      f.gravity_s_m_s2 = up.normalized() * kGravity_m_s2;
      f.orientation_valid = true;
      d.update(f);
    }
  }
  std::mt19937 rng;
  std::normal_distribution<float> n;
  float t = 0.0f;
  bool first = true;
};

const Vec3 kFaceUp(0.0f, 0.0f, 1.0f);
const Vec3 kOnWrist(0.5f, 0.6f, 0.62f);  // a forearm on a desk: tilted ~50° from flat

TEST(WearDetector, StillDeviceIsStillAfterStillAfterSAndShakenOneIsMoving) {
  const WearDetectorSettings s;
  ASSERT_EQ(s.validate(), Status::kOk);
  WearDetector d(s);
  Feed feed(1, 0.02f);
  feed.run(d, 1.0f, kOnWrist);
  EXPECT_EQ(d.wear_state(), WearState::kUnknown);
  feed.run(d, 2.0f, kOnWrist);
  EXPECT_EQ(d.wear_state(), WearState::kStill);
  feed.run(d, 1.0f, kOnWrist, 2.0f);  // walking-like shake
  EXPECT_EQ(d.wear_state(), WearState::kMoving);
  EXPECT_GT(d.motion_rms_m_s2(), s.moving_above_m_s2);
  feed.run(d, 1.0f, kOnWrist);  // not yet still again: the measure decays, then 2 s quiet
  EXPECT_EQ(d.wear_state(), WearState::kMoving);
  feed.run(d, 6.0f, kOnWrist);
  EXPECT_EQ(d.wear_state(), WearState::kStill);
}

TEST(WearDetector, PerfectlyStillAndFlatForOffWristAfterSIsSuspectedOffWrist) {
  WearDetectorSettings s;
  s.off_wrist_after_s = 60.0f;
  WearDetector d(s);
  Feed feed(2, 0.01f);  // a sensor's own noise, no living wrist
  feed.run(d, 59.0f, kFaceUp);
  EXPECT_EQ(d.wear_state(), WearState::kStill);
  feed.run(d, 3.0f, kFaceUp);
  EXPECT_EQ(d.wear_state(), WearState::kOffWristSuspected);
  // Face down too.
  WearDetector down(s);
  Feed feed2(3, 0.01f);
  feed2.run(down, 62.0f, -kFaceUp);
  EXPECT_EQ(down.wear_state(), WearState::kOffWristSuspected);
  // Picked up: moving again at once.
  feed.run(d, 0.5f, kFaceUp, 3.0f);
  EXPECT_EQ(d.wear_state(), WearState::kMoving);
}

TEST(WearDetector, PerfectlyStillButTiltedAsOnAWristIsNotSuspected) {
  WearDetectorSettings s;
  s.off_wrist_after_s = 60.0f;
  WearDetector d(s);
  Feed feed(4, 0.01f);
  feed.run(d, 120.0f, kOnWrist);
  EXPECT_EQ(d.wear_state(), WearState::kStill);
}

TEST(WearDetector, FlatButWithAWristsMicroMotionIsNotSuspected) {
  WearDetectorSettings s;
  s.off_wrist_after_s = 60.0f;
  WearDetector d(s);
  Feed feed(5, 0.06f);  // above perfectly_still_below_m_s2, below still_below_m_s2
  feed.run(d, 120.0f, kFaceUp);
  EXPECT_EQ(d.wear_state(), WearState::kStill);
}

TEST(WearDetector, LostPpgContactIsSuspectedOffWristOnlyWhenJudged) {
  for (const float threshold : {0.0f, 1000.0f}) {
    WearDetectorSettings s;
    s.ppg_no_contact_below = threshold;
    WearDetector d(s);
    Feed feed(6, 0.05f);
    feed.run(d, 3.0f, kOnWrist);
    ASSERT_EQ(d.wear_state(), WearState::kStill);
    PpgSample p;
    p.has_ambient = true;
    for (int k = 0; k < 25 * 4; ++k) {  // 4 s in contact: level 50 000 over ambient 800
      p.ppg[0] = 50800.0f;
      p.ambient = 800.0f;
      d.update_ppg(p, 0.04f);
    }
    EXPECT_TRUE(d.ppg_contact());
    // 12 s off the skin, the sensor seeing only ambient: the level falls below the threshold
    // within about 4 s (1 s low-pass), then ppg_no_contact_after_s passes.
    for (int k = 0; k < 25 * 12; ++k) {
      p.ppg[0] = 900.0f;
      d.update_ppg(p, 0.04f);
    }
    if (threshold > 0.0f) {
      EXPECT_FALSE(d.ppg_contact());
      EXPECT_EQ(d.wear_state(), WearState::kOffWristSuspected);
    } else {
      EXPECT_TRUE(d.ppg_contact());
      EXPECT_EQ(d.wear_state(), WearState::kStill);
    }
  }
}

TEST(WearDetector, SettingsOutOfRangeAreInvalid) {
  WearDetectorSettings s;
  s.still_below_m_s2 = s.moving_above_m_s2 * 2.0f;
  EXPECT_EQ(s.validate(), Status::kInvalidSettings);
  s = WearDetectorSettings{};
  s.flat_within_deg = 90.0f;
  EXPECT_EQ(s.validate(), Status::kInvalidSettings);
  s = WearDetectorSettings{};
  s.motion_tau_s = std::numeric_limits<float>::quiet_NaN();
  EXPECT_EQ(s.validate(), Status::kInvalidSettings);
}

TEST(WearDetector, SwitchedOffInTheTrackerItReadsNotAvailableAndRaisesNoEvent) {
  TrackerSettings s;
  s.wear.enabled = false;
  s.mag_enabled = false;
  s.ppg_enabled = false;
  Tracker tracker(s);
  ImuSample imu;
  imu.acc_m_s2 = Vec3(0.0f, 0.0f, kGravity_m_s2);
  for (int k = 0; k < 500; ++k) {
    imu.t_us = k * 10000;
    ASSERT_EQ(tracker.push_imu(imu), Status::kOk);
  }
  const TrackerOutput out = tracker.output();
  EXPECT_FALSE(out.wear.available);
  EXPECT_EQ(out.wear.state, WearState::kUnknown);
  EXPECT_EQ(out.events.total, 0u);
  // Switched on, the same input makes it still, with an event.
  s.wear.enabled = true;
  Tracker on(s);
  for (int k = 0; k < 500; ++k) {
    imu.t_us = k * 10000;
    ASSERT_EQ(on.push_imu(imu), Status::kOk);
  }
  EXPECT_TRUE(on.output().wear.available);
  EXPECT_EQ(on.output().wear.state, WearState::kStill);
  EXPECT_EQ(on.output().events.total, 1u);
}

}  // namespace
}  // namespace fusetrack

namespace fusetrack {
namespace {

TEST(WearDetector, AGapInTheStreamIsNotTimeSpentStillOrFlat) {
  WearDetectorSettings s;
  s.off_wrist_after_s = 60.0f;
  WearDetector d(s);
  ImuFrame f;
  f.acc_s_m_s2 = Vec3(0.0f, 0.0f, kGravity_m_s2);
  f.gravity_s_m_s2 = f.acc_s_m_s2;
  f.orientation_valid = true;
  d.update(f);
  f.dt_s = 0.01f;
  d.update(f);
  f.dt_s = 3600.0f;  // an hour without samples
  d.update(f);
  EXPECT_NE(d.wear_state(), WearState::kOffWristSuspected);
  EXPECT_LE(d.state().flat_still_s, 1.1f);
}

}  // namespace
}  // namespace fusetrack
