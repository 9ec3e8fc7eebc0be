// Tracker saved state: a stream split by save/restore continues bit for bit (outputs and
// events); a damaged, truncated, foreign-settings or other-version buffer is refused with its
// Status and leaves the Tracker exactly as it was.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "fusetrack/tracker.hpp"
#include "tracker_compare.hpp"

namespace fusetrack {
namespace {

// Firmware sizes its buffer at compile time.
static_assert(Tracker::state_size() > 0, "state_size() is usable in a constant expression");
std::uint8_t g_static_buffer[Tracker::state_size()];

// One pushed sample of any stream.
struct Push {
  int stream = 0;  // 0 imu, 1 mag, 2 ppg
  ImuSample imu;
  MagSample mag;
  PpgSample ppg;
};

// 30 s of a wrist that rests, swings and rests again, at 100 Hz IMU, 25 Hz mag and PPG, with a
// NaN sample and a gap, so the saved state holds events, rejections and a re-initialisation.
std::vector<Push> script(bool has_gyr) {
  std::mt19937 rng(3);
  std::normal_distribution<float> noise(0.0f, 0.02f);
  std::vector<Push> out;
  for (Micros t = 0; t < 30000000; t += 10000) {
    if (t > 20000000 && t < 20600000) continue;  // a gap
    const float ts = static_cast<float>(t) * 1e-6f;
    const float swing = (ts > 8.0f && ts < 18.0f) ? 0.6f * std::sin(6.0f * ts) : 0.0f;
    Push p;
    p.imu.t_us = t;
    p.imu.has_gyr = has_gyr;
    const Quat q(Eigen::AngleAxisf(swing, Vec3::UnitX()));
    p.imu.acc_m_s2 =
        q.conjugate() * Vec3(0.0f, 0.0f, kGravity_m_s2) + Vec3(noise(rng), noise(rng), noise(rng));
    if (has_gyr) {
      const float rate = (ts > 8.0f && ts < 18.0f) ? 3.6f * std::cos(6.0f * ts) : 0.0f;
      p.imu.gyr_rad_s = Vec3(rate + 0.003f, -0.002f, 0.001f);
    }
    if (t == 4000000) p.imu.acc_m_s2.y() = std::numeric_limits<float>::quiet_NaN();
    out.push_back(p);
    if (t % 40000 == 0) {
      Push m;
      m.stream = 1;
      m.mag.t_us = t + 1;
      m.mag.mag_ut = q.conjugate() * Vec3(0.0f, 20.0f, -40.0f);
      out.push_back(m);
      Push g;
      g.stream = 2;
      g.ppg.t_us = t + 2;
      g.ppg.ppg[0] = 50000.0f + 300.0f * std::sin(7.0f * ts);
      out.push_back(g);
    }
  }
  return out;
}

void push(Tracker& tr, const Push& p) {
  if (p.stream == 0) (void)tr.push_imu(p.imu);
  if (p.stream == 1) (void)tr.push_mag(p.mag);
  if (p.stream == 2) (void)tr.push_ppg(p.ppg);
}

struct Replayed {
  std::vector<TrackerOutput> outputs;
  std::vector<Event> events;
};

// Feeds `pushes`; at each index in `splits` saves the state, makes a new Tracker from the
// settings and restores into it, and goes on with the new one.
Replayed replay(const TrackerSettings& settings, const std::vector<Push>& pushes,
                const std::vector<std::size_t>& splits) {
  Replayed r;
  Tracker a(settings);
  Tracker b(settings);
  Tracker* tr = &a;
  Tracker* spare = &b;
  std::vector<std::uint8_t> buf(Tracker::state_size());
  std::size_t next = 0;
  for (std::size_t i = 0; i < pushes.size(); ++i) {
    if (next < splits.size() && splits[next] == i) {
      ++next;
      EXPECT_EQ(tr->save_state(buf.data(), buf.size()), Status::kOk);
      *spare = Tracker(settings);
      EXPECT_EQ(spare->restore_state(buf.data(), buf.size()), Status::kOk);
      std::swap(tr, spare);
    }
    push(*tr, pushes[i]);
    r.outputs.push_back(tr->output());
    Event e;
    // Drain only now and then, so saved states carry pending events.
    if (i % 97 == 0) {
      while (tr->pop_event(e)) r.events.push_back(e);
    }
  }
  Event e;
  while (tr->pop_event(e)) r.events.push_back(e);
  return r;
}

std::vector<TrackerSettings> every_configuration() {
  std::vector<TrackerSettings> all;
  TrackerSettings s;
  s.ppg_channels = 1;
  s.orientation_filter = OrientationFilterKind::kEkf;
  all.push_back(s);
  s.orientation_filter = OrientationFilterKind::kComplementary;
  all.push_back(s);
  s.imu_has_gyr = false;
  all.push_back(s);
  return all;
}

TEST(TrackerState, StreamSplitAtTwentyRandomPointsContinuesBitForBit) {
  for (const TrackerSettings& settings : every_configuration()) {
    SCOPED_TRACE(settings.imu_has_gyr ? name(settings.orientation_filter) : "accelerometer only");
    const std::vector<Push> pushes = script(settings.imu_has_gyr);
    std::mt19937 rng(11);
    std::uniform_int_distribution<std::size_t> at(1, pushes.size() - 1);
    std::vector<std::size_t> splits(20);
    for (std::size_t& s : splits) s = at(rng);
    std::sort(splits.begin(), splits.end());
    splits.erase(std::unique(splits.begin(), splits.end()), splits.end());

    const Replayed whole = replay(settings, pushes, {});
    const Replayed split = replay(settings, pushes, splits);
    ASSERT_EQ(whole.outputs.size(), split.outputs.size());
    for (std::size_t i = 0; i < whole.outputs.size(); ++i) {
      ASSERT_TRUE(test::same(whole.outputs[i], split.outputs[i])) << "output after push " << i;
    }
    ASSERT_EQ(whole.events.size(), split.events.size());
    for (std::size_t i = 0; i < whole.events.size(); ++i) {
      ASSERT_TRUE(test::same(whole.events[i], split.events[i])) << "event " << i;
    }
    // The script did exercise what the state must carry.
    EXPECT_GT(whole.events.size(), 3u);
    EXPECT_EQ(whole.outputs.back().imu.rejected, 1u);
    EXPECT_TRUE(whole.outputs.back().orientation.flags.initialized);
  }
}

// A Tracker part way through the script, and its saved state.
struct Midway {
  explicit Midway(const TrackerSettings& s) : tracker(s), saved(Tracker::state_size()) {
    const std::vector<Push> pushes = script(s.imu_has_gyr);
    for (std::size_t i = 0; i < pushes.size() / 2; ++i) push(tracker, pushes[i]);
    EXPECT_EQ(tracker.save_state(saved.data(), saved.size()), Status::kOk);
  }
  Tracker tracker;
  std::vector<std::uint8_t> saved;
};

// `tracker`'s state is still `saved`, and it goes on as a fresh restore of `saved` would.
void expect_unchanged(Tracker& tracker, const std::vector<std::uint8_t>& saved,
                      const TrackerSettings& settings) {
  std::vector<std::uint8_t> now(Tracker::state_size());
  ASSERT_EQ(tracker.save_state(now.data(), now.size()), Status::kOk);
  Tracker twin(settings);
  ASSERT_EQ(twin.restore_state(saved.data(), saved.size()), Status::kOk);
  EXPECT_TRUE(test::same(tracker.output(), twin.output()));
  const std::vector<Push> pushes = script(settings.imu_has_gyr);
  for (std::size_t i = pushes.size() / 2; i < pushes.size(); ++i) {
    push(tracker, pushes[i]);
    push(twin, pushes[i]);
  }
  EXPECT_TRUE(test::same(tracker.output(), twin.output()));
}

TEST(TrackerState, BufferWithOneFlippedBitIsRefusedAndChangesNothing) {
  const TrackerSettings settings;
  Midway m(settings);
  std::mt19937 rng(5);
  std::uniform_int_distribution<std::size_t> byte(0, m.saved.size() - 1);
  for (int trial = 0; trial < 50; ++trial) {
    std::vector<std::uint8_t> bad = m.saved;
    const std::size_t at = byte(rng);
    bad[at] ^= static_cast<std::uint8_t>(1u << (trial % 8));
    const Status st = m.tracker.restore_state(bad.data(), bad.size());
    // Bytes 4-5 hold the version, 12-15 the size: a flip there is refused as such.
    if (at == 4 || at == 5) {
      EXPECT_EQ(st, Status::kVersionMismatch) << "byte " << at;
    } else if (at >= 12 && at < 16) {
      EXPECT_EQ(st, Status::kSizeMismatch) << "byte " << at;
    } else {
      EXPECT_EQ(st, Status::kCorruptState) << "byte " << at;
    }
  }
  expect_unchanged(m.tracker, m.saved, settings);
}

TEST(TrackerState, TruncatedBufferIsRefusedAndChangesNothing) {
  const TrackerSettings settings;
  Midway m(settings);
  Tracker fresh(settings);
  for (const std::size_t size : {std::size_t{0}, std::size_t{8}, m.saved.size() - 1}) {
    EXPECT_EQ(m.tracker.restore_state(m.saved.data(), size), Status::kSizeMismatch) << size;
  }
  EXPECT_EQ(m.tracker.restore_state(nullptr, m.saved.size()), Status::kSizeMismatch);
  std::vector<std::uint8_t> small(Tracker::state_size() - 1);
  EXPECT_EQ(fresh.save_state(small.data(), small.size()), Status::kSizeMismatch);
  expect_unchanged(m.tracker, m.saved, settings);
}

TEST(TrackerState, BufferFromOtherSettingsIsRefusedAndChangesNothing) {
  const TrackerSettings settings;
  Midway m(settings);
  TrackerSettings other = settings;
  other.ekf.acc_lp_tau_s = 2.5f;  // one setting differs
  Tracker foreign(other);
  EXPECT_EQ(foreign.restore_state(m.saved.data(), m.saved.size()), Status::kSettingsMismatch);
  TrackerSettings cf = settings;
  cf.orientation_filter = OrientationFilterKind::kComplementary;
  Tracker complementary(cf);
  EXPECT_EQ(complementary.restore_state(m.saved.data(), m.saved.size()), Status::kSettingsMismatch);
  EXPECT_TRUE(test::same(foreign.output(), Tracker(other).output()));
  // And the other way round, on the midway Tracker.
  std::vector<std::uint8_t> theirs(Tracker::state_size());
  ASSERT_EQ(foreign.save_state(theirs.data(), theirs.size()), Status::kOk);
  EXPECT_EQ(m.tracker.restore_state(theirs.data(), theirs.size()), Status::kSettingsMismatch);
  expect_unchanged(m.tracker, m.saved, settings);
}

TEST(TrackerState, BufferFromAnotherVersionIsRefusedAndChangesNothing) {
  const TrackerSettings settings;
  Midway m(settings);
  std::vector<std::uint8_t> other = m.saved;
  other[4] = static_cast<std::uint8_t>(Tracker::kStateFormatVersion + 1);
  other[5] = 0;
  test::reseal(other);  // a state another version wrote is intact
  EXPECT_EQ(m.tracker.restore_state(other.data(), other.size()), Status::kVersionMismatch);
  expect_unchanged(m.tracker, m.saved, settings);
}

TEST(TrackerState, IntactBufferWithImpossibleQueueIndicesIsRefused) {
  const TrackerSettings settings;
  Midway m(settings);
  std::vector<std::uint8_t> bad = m.saved;
  // The event queue sits just before the checksum; its ring's size field follows the items and
  // the head index (RingBuffer layout).
  const std::size_t queue_at = bad.size() - 4 - sizeof(Tracker::Queue);
  const std::size_t size_at = queue_at + sizeof(Event) * kEventCapacity + sizeof(std::size_t);
  const std::size_t impossible = kEventCapacity + 1;
  std::uint8_t bytes[sizeof impossible];
  std::memcpy(bytes, &impossible, sizeof impossible);
  ASSERT_LT(size_at + sizeof bytes, bad.size());
  for (std::size_t i = 0; i < sizeof bytes; ++i) bad[size_at + i] = bytes[i];
  test::reseal(bad);
  EXPECT_EQ(m.tracker.restore_state(bad.data(), bad.size()), Status::kCorruptState);
  expect_unchanged(m.tracker, m.saved, settings);
}

TEST(TrackerState, SaveIntoAStaticBufferOfStateSizeSucceeds) {
  Tracker t;
  EXPECT_EQ(t.save_state(g_static_buffer, sizeof g_static_buffer), Status::kOk);
  Tracker u;
  EXPECT_EQ(u.restore_state(g_static_buffer, sizeof g_static_buffer), Status::kOk);
}

TEST(TrackerState, InvalidSettingsTrackerNeitherSavesNorRestores) {
  TrackerSettings bad;
  bad.silent_after_s = -1.0f;
  Tracker t(bad);
  EXPECT_EQ(t.save_state(g_static_buffer, sizeof g_static_buffer), Status::kInvalidSettings);
  EXPECT_EQ(t.restore_state(g_static_buffer, sizeof g_static_buffer), Status::kInvalidSettings);
}

}  // namespace
}  // namespace fusetrack
