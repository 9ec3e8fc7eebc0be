// Tracker events: every kind arrives once, in time order, with its payload, on a scripted
// recording (a NaN sample, an IMU gap, a silent magnetometer, a magnet passing by); a full queue
// drops its oldest events and counts them.
#include <cstdint>
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "fusetrack/events.hpp"
#include "fusetrack/tracker.hpp"

namespace fusetrack {
namespace {

constexpr Micros kImuPeriodUs = 10000;  // 100 Hz
constexpr Micros kMagPeriodUs = 40000;  // 25 Hz

// A device lying still, the earth's field 20 µT north and 40 µT down, with seeded noise.
struct Script {
  std::mt19937 rng{7};
  std::normal_distribution<float> acc_noise{0.0f, 0.01f};
  std::normal_distribution<float> mag_noise{0.0f, 0.2f};
  ImuSample imu(Micros t_us) {
    ImuSample s;
    s.t_us = t_us;
    s.acc_m_s2 = Vec3(acc_noise(rng), acc_noise(rng), kGravity_m_s2 + acc_noise(rng));
    s.gyr_rad_s = Vec3(0.002f, -0.001f, 0.0015f);
    return s;
  }
  MagSample mag(Micros t_us, bool magnet) {
    MagSample m;
    m.t_us = t_us;
    m.mag_ut = Vec3(mag_noise(rng), 20.0f + mag_noise(rng), -40.0f + mag_noise(rng));
    if (magnet) m.mag_ut += Vec3(45.0f, 0.0f, 30.0f);
    return m;
  }
};

TrackerSettings script_settings() {
  TrackerSettings s;
  s.imu.nominal_rate_hz = 100.0f;
  s.mag.nominal_rate_hz = 25.0f;
  s.ppg_enabled = false;
  return s;
}

constexpr Micros us(double seconds) { return static_cast<Micros>(seconds * 1e6 + 0.5); }

// The scripted recording, pushed in time order; every event drained as it comes.
std::vector<Event> run_script(Tracker& tracker) {
  Script script;
  std::vector<Event> events;
  Micros next_mag = 0;
  for (Micros t = 0; t <= us(20.0); t += kImuPeriodUs) {
    const bool imu_gap = t > us(6.0) && t < us(6.5);
    const bool mag_silent = t > us(8.0) && t < us(12.0);
    const bool magnet = t >= us(15.0) && t < us(17.0);
    while (next_mag <= t) {
      if (!(next_mag > us(8.0) && next_mag < us(12.0))) {
        EXPECT_EQ(tracker.push_mag(script.mag(next_mag, magnet)), Status::kOk);
      }
      next_mag += kMagPeriodUs;
    }
    (void)mag_silent;
    if (imu_gap) continue;
    ImuSample s = script.imu(t);
    if (t == us(5.0)) {
      s.acc_m_s2.x() = std::numeric_limits<float>::quiet_NaN();
      EXPECT_EQ(tracker.push_imu(s), Status::kNotFinite);
    } else {
      EXPECT_EQ(tracker.push_imu(s), Status::kOk);
    }
    Event e;
    while (tracker.pop_event(e)) events.push_back(e);
  }
  return events;
}

TEST(TrackerEvents, ScriptedRecordingGivesEveryKindInTimeOrderWithItsPayload) {
  for (const OrientationFilterKind kind :
       {OrientationFilterKind::kEkf, OrientationFilterKind::kComplementary}) {
    SCOPED_TRACE(name(kind));
    TrackerSettings settings = script_settings();
    settings.orientation_filter = kind;
    Tracker tracker(settings);
    ASSERT_EQ(tracker.status(), Status::kOk);
    const std::vector<Event> events = run_script(tracker);

    for (std::size_t i = 1; i < events.size(); ++i) {
      EXPECT_LE(events[i - 1].t_us, events[i].t_us) << "event " << i << " out of time order";
    }
    // Everything but wear and activity changes (tested with their stages), in order.
    std::vector<Event> seen;
    for (const Event& e : events) {
      if (e.kind != EventKind::kWearStateChanged && e.kind != EventKind::kActivityChanged) {
        seen.push_back(e);
      }
    }
    const EventKind expected[] = {EventKind::kSampleRejected,   EventKind::kStreamGap,
                                  EventKind::kStreamGap,        EventKind::kStageReinitialized,
                                  EventKind::kStreamSilent,     EventKind::kStreamGap,
                                  EventKind::kStreamResumed,    EventKind::kMagDisturbanceBegin,
                                  EventKind::kMagDisturbanceEnd};
    ASSERT_EQ(seen.size(), std::size(expected));
    for (std::size_t i = 0; i < seen.size(); ++i) {
      EXPECT_EQ(seen[i].kind, expected[i]) << i << ": " << name(seen[i].kind);
    }
    // The NaN sample, at its own time, with its reason.
    EXPECT_EQ(seen[0].t_us, us(5.0));
    EXPECT_EQ(seen[0].stream, StreamId::kImu);
    EXPECT_EQ(seen[0].code, static_cast<std::uint8_t>(Status::kNotFinite));
    // Rejected, that sample is missing from the stream: a gap of one sample.
    EXPECT_EQ(seen[1].t_us, us(5.01));
    EXPECT_EQ(seen[1].count, 1u);
    seen.erase(seen.begin() + 1);
    // The IMU gap: 6.0 s -> 6.5 s, 49 samples missing; the filter starts over there.
    EXPECT_EQ(seen[1].stream, StreamId::kImu);
    EXPECT_EQ(seen[1].t_us, us(6.5));
    EXPECT_EQ(seen[1].duration_us, us(0.5));
    EXPECT_EQ(seen[1].count, 49u);
    EXPECT_EQ(seen[2].t_us, us(6.5));
    EXPECT_EQ(seen[2].duration_us, us(0.5));
    // The magnetometer's last sample before the silence is at 8.0 s: silent once 2 s passed
    // (noticed by the first IMU sample after 10.0 s), resumed at 12.0 s after 4 s.
    EXPECT_EQ(seen[3].stream, StreamId::kMag);
    EXPECT_EQ(seen[3].t_us, us(10.01));
    EXPECT_EQ(seen[3].duration_us, us(2.01));
    EXPECT_EQ(seen[4].stream, StreamId::kMag);
    EXPECT_EQ(seen[4].t_us, us(12.0));
    EXPECT_EQ(seen[4].count, 99u);
    EXPECT_EQ(seen[5].t_us, us(12.0));
    EXPECT_EQ(seen[5].duration_us, us(4.0));
    // The magnet: disturbed from its first sample to its last.
    EXPECT_EQ(seen[6].t_us, us(15.0));
    EXPECT_EQ(seen[7].t_us, us(17.0));
    EXPECT_EQ(seen[7].duration_us, us(2.0));
    // The device lay still throughout: the wear stage says so once and for good.
    std::vector<Event> wear;
    for (const Event& e : events) {
      if (e.kind == EventKind::kWearStateChanged) wear.push_back(e);
    }
    ASSERT_EQ(wear.size(), 1u);
    EXPECT_EQ(wear[0].code, static_cast<std::uint8_t>(WearState::kStill));
    EXPECT_EQ(wear[0].previous, static_cast<std::uint8_t>(WearState::kUnknown));
    EXPECT_NEAR(static_cast<double>(wear[0].t_us), 2.0e6, 0.05e6);

    const TrackerOutput out = tracker.output();
    EXPECT_EQ(out.events.total, events.size());
    EXPECT_EQ(out.events.dropped, 0u);
    EXPECT_EQ(out.events.pending, 0u);
    EXPECT_FALSE(out.mag.silent);
  }
}

TEST(TrackerEvents, FullQueueDropsTheOldestAndCountsThem) {
  Tracker tracker(script_settings());
  Script script;
  ASSERT_EQ(tracker.push_imu(script.imu(0)), Status::kOk);
  const std::size_t n = kEventCapacity + 9;
  for (std::size_t i = 0; i < n; ++i) {
    ImuSample s = script.imu(static_cast<Micros>(i + 1) * kImuPeriodUs);
    s.gyr_rad_s.z() = std::numeric_limits<float>::infinity();
    ASSERT_EQ(tracker.push_imu(s), Status::kNotFinite);
  }
  TrackerOutput out = tracker.output();
  EXPECT_EQ(out.events.total, n);
  EXPECT_EQ(out.events.dropped, 9u);
  EXPECT_EQ(out.events.pending, kEventCapacity);
  // The oldest kept is the tenth rejection.
  std::vector<Event> drained(kEventCapacity + 5);
  const std::size_t got = tracker.drain_events(drained.data(), drained.size());
  ASSERT_EQ(got, kEventCapacity);
  EXPECT_EQ(drained[0].t_us, 10 * kImuPeriodUs);
  EXPECT_EQ(drained[got - 1].t_us, static_cast<Micros>(n) * kImuPeriodUs);
  out = tracker.output();
  EXPECT_EQ(out.events.pending, 0u);
  EXPECT_EQ(out.events.dropped, 9u);  // the count stays: a loss is never forgotten
  Event e;
  EXPECT_FALSE(tracker.pop_event(e));
}

TEST(TrackerEvents, WrongShapeIsRejectedWithAnEvent) {
  Tracker tracker(script_settings());
  ImuSample s;
  s.acc_m_s2 = Vec3(0.0f, 0.0f, kGravity_m_s2);
  s.has_gyr = false;  // a gyroscope-equipped Tracker cannot use it
  EXPECT_EQ(tracker.push_imu(s), Status::kOutOfRange);
  Event e;
  ASSERT_TRUE(tracker.pop_event(e));
  EXPECT_EQ(e.kind, EventKind::kSampleRejected);
  EXPECT_EQ(e.code, static_cast<std::uint8_t>(Status::kOutOfRange));
  EXPECT_EQ(tracker.output().imu.rejected, 1u);
  EXPECT_EQ(tracker.output().imu.accepted, 0u);
}

TEST(TrackerEvents, EveryKindHasADistinctName) {
  for (std::size_t i = 0; i < kEventKindCount; ++i) {
    const char* a = name(static_cast<EventKind>(i));
    EXPECT_STRNE(a, "unknown");
    for (std::size_t j = 0; j < i; ++j) EXPECT_STRNE(a, name(static_cast<EventKind>(j)));
  }
}

}  // namespace
}  // namespace fusetrack
