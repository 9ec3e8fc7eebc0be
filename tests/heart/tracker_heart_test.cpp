// The heart-rate stage inside the Tracker: outputs and one kHeartRate event per estimate; off (or
// without PPG) it is not available and raises nothing; a saved state resumes the same estimates;
// a lifted watch reaches the wear stage as no PPG contact.
#include <cmath>
#include <cstdint>
#include <vector>

#include <gtest/gtest.h>

#include "fusetrack/tracker.hpp"

namespace fusetrack {
namespace {

constexpr double kTwoPi = 6.283185307179586;

// A wrist at rest: IMU at 100 Hz (gravity, a little tremor), PPG at 25 Hz with a pulse at
// `bpm`, on skin until `lifted_s` (then the level falls to ambient light alone).
struct Feed {
  double bpm = 72.0;
  double lifted_s = 1e9;
  std::vector<Event> events;

  void run(Tracker& t, double from_s, double to_s) {
    for (std::int64_t ms = static_cast<std::int64_t>(from_s * 1000.0);
         ms < static_cast<std::int64_t>(to_s * 1000.0); ms += 10) {
      const double ts = static_cast<double>(ms) * 1e-3;
      ImuSample s;
      s.t_us = ms * 1000;
      s.acc_m_s2 =
          Vec3(0.2f, 0.3f, 9.79f) + 0.02f * Vec3(static_cast<float>(std::sin(37.0 * ts)), 0.0f,
                                                 static_cast<float>(std::cos(23.0 * ts)));
      s.gyr_rad_s = Vec3(0.001f, -0.002f, 0.0f);
      ASSERT_EQ(t.push_imu(s), Status::kOk);
      if (ms % 40 == 0) {
        PpgSample p;
        p.t_us = ms * 1000;
        const double ph = kTwoPi * bpm / 60.0 * ts;
        const double on = ts < lifted_s ? 1.0 : 0.0;
        p.ppg[0] =
            static_cast<float>(on * (30000.0 - 300.0 * (std::sin(ph) + 0.4 * std::sin(2.0 * ph))) +
                               (1.0 - on) * 1900.0 + 10.0 * std::sin(91.0 * ts));
        p.has_ambient = true;
        p.ambient = 1500.0f;
        ASSERT_EQ(t.push_ppg(p), Status::kOk);
      }
      Event e;
      while (t.pop_event(e)) events.push_back(e);
    }
  }
  std::vector<Event> of(EventKind k) const {
    std::vector<Event> out;
    for (const Event& e : events) {
      if (e.kind == k) out.push_back(e);
    }
    return out;
  }
};

TrackerSettings settings() {
  TrackerSettings s;
  s.mag_enabled = false;
  s.ppg_channels = 1;
  return s;
}

TEST(TrackerHeart, EstimatesAndOneEventPerEstimate) {
  Tracker t(settings());
  ASSERT_EQ(t.status(), Status::kOk);
  Feed f;
  f.run(t, 0.0, 60.0);
  const TrackerOutput o = t.output();
  ASSERT_TRUE(o.heart.available);
  EXPECT_TRUE(o.heart.valid);
  EXPECT_NEAR(o.heart.bpm, 72.0f, 1.5f);
  EXPECT_GT(o.heart.confidence, 0.5f);
  // Windows end at 8, 10, ..., 60 s of the PPG stream (the last with the sample at 59.96 s).
  EXPECT_EQ(o.heart.estimates, 27u);
  EXPECT_EQ(o.heart.window_end_us, 60000000);
  const std::vector<Event> hr = f.of(EventKind::kHeartRate);
  ASSERT_EQ(hr.size(), 27u);
  for (std::size_t i = 0; i < hr.size(); ++i) {
    EXPECT_EQ(hr[i].stage, StageId::kHeart);
    EXPECT_EQ(hr[i].stream, StreamId::kPpg);
    EXPECT_EQ(hr[i].count, i + 1);
    // The sample that completed the window is within one grid period (80 ms) of its end: the
    // window's last grid point lies a period before the end, and the sample after it completes it.
    EXPECT_GE(hr[i].duration_us, -80000);
    EXPECT_LE(hr[i].duration_us, 80000);
  }
  EXPECT_EQ(hr.back().code, static_cast<std::uint8_t>(heart::HeartReason::kValid));
  EXPECT_NEAR(hr.back().value, 72.0f, 1.5f);
}

TEST(TrackerHeart, OffOrWithoutPpgIsNotAvailable) {
  TrackerSettings off = settings();
  off.heart.enabled = false;
  TrackerSettings no_ppg = settings();
  no_ppg.ppg_enabled = false;
  for (const TrackerSettings& s : {off, no_ppg}) {
    Tracker t(s);
    Feed f;
    // push_ppg says kStreamDisabled without PPG: feed the IMU only then.
    if (!s.ppg_enabled) {
      for (int i = 0; i < 2000; ++i) {
        ImuSample imu;
        imu.t_us = static_cast<Micros>(i) * 10000;
        imu.acc_m_s2 = Vec3(0.0f, 0.0f, 9.81f);
        ASSERT_EQ(t.push_imu(imu), Status::kOk);
      }
    } else {
      f.run(t, 0.0, 20.0);
    }
    EXPECT_FALSE(t.output().heart.available);
    EXPECT_TRUE(f.of(EventKind::kHeartRate).empty());
  }
}

TEST(TrackerHeart, SavedStateResumesTheSameEstimates) {
  Tracker whole(settings());
  Feed a;
  a.run(whole, 0.0, 40.0);
  std::vector<std::uint8_t> buf(Tracker::state_size());
  ASSERT_EQ(whole.save_state(buf.data(), buf.size()), Status::kOk);
  a.run(whole, 40.0, 70.0);
  Tracker resumed(settings());
  ASSERT_EQ(resumed.restore_state(buf.data(), buf.size()), Status::kOk);
  Feed b;
  b.run(resumed, 40.0, 70.0);
  const TrackerOutput x = whole.output(), y = resumed.output();
  EXPECT_EQ(x.heart.estimates, y.heart.estimates);
  EXPECT_EQ(x.heart.bpm, y.heart.bpm);
  EXPECT_EQ(x.heart.confidence, y.heart.confidence);
  EXPECT_EQ(x.heart.window_end_us, y.heart.window_end_us);
}

TEST(TrackerHeart, ALiftedWatchIsNoContactForTheWearStage) {
  TrackerSettings s = settings();
  ASSERT_EQ(s.wear.ppg_no_contact_below, 0.0f);  // no device-specific level set
  Tracker t(s);
  Feed f;
  f.lifted_s = 40.0;
  f.run(t, 0.0, 70.0);
  const TrackerOutput o = t.output();
  EXPECT_FALSE(o.heart.valid);
  EXPECT_EQ(o.heart.reason, heart::HeartReason::kNoContact);
  EXPECT_FALSE(o.wear.ppg_contact);
  EXPECT_EQ(o.wear.state, WearState::kOffWristSuspected);
}

}  // namespace
}  // namespace fusetrack
