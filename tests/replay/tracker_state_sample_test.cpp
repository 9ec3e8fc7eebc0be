// Saved state on the bundled sample: the recording replayed with save_state / restore_state into
// a fresh Tracker at 20 random points gives bit-identical outputs after every sample and the
// same events as the uninterrupted replay, for every orientation configuration.
#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <variant>
#include <vector>

#include <gtest/gtest.h>

#include "../tracker/tracker_compare.hpp"
#include "fusetrack/tracker.hpp"
#include "io/recording.hpp"

namespace fusetrack {
namespace {

const std::string kSample = std::string(FUSETRACK_SAMPLE_DIR) + "/sample.csv";

TrackerSettings settings_for(const io::RecordingHeader& h) {
  TrackerSettings s;
  s.imu.nominal_rate_hz = 104.0f;
  s.imu_has_gyr = h.imu_has_gyr;
  s.mag_enabled = h.has_mag;
  s.ppg_enabled = h.has_ppg();
  s.ppg_channels = h.has_ppg() ? h.ppg_channels : std::uint8_t{1};
  return s;
}

void push(Tracker& t, const io::Record& r) {
  if (const auto* imu = std::get_if<ImuSample>(&r.sample)) (void)t.push_imu(*imu);
  if (const auto* mag = std::get_if<MagSample>(&r.sample)) (void)t.push_mag(*mag);
  if (const auto* ppg = std::get_if<PpgSample>(&r.sample)) (void)t.push_ppg(*ppg);
}

struct Replayed {
  std::vector<TrackerOutput> outputs;
  std::vector<Event> events;
};

Replayed replay(const TrackerSettings& settings, const std::vector<io::Record>& records,
                const std::vector<std::size_t>& splits) {
  Replayed r;
  std::vector<Tracker> trackers(2, Tracker(settings));
  std::size_t active = 0;
  std::vector<std::uint8_t> buf(Tracker::state_size());
  std::size_t next = 0;
  for (std::size_t i = 0; i < records.size(); ++i) {
    if (next < splits.size() && splits[next] == i) {
      ++next;
      EXPECT_EQ(trackers[active].save_state(buf.data(), buf.size()), Status::kOk);
      active = 1 - active;
      trackers[active] = Tracker(settings);  // a fresh one: nothing carried over but the buffer
      EXPECT_EQ(trackers[active].restore_state(buf.data(), buf.size()), Status::kOk);
    }
    push(trackers[active], records[i]);
    r.outputs.push_back(trackers[active].output());
    // Drained now and then, so that saved states carry pending events.
    if (i % 250 == 0) {
      Event e;
      while (trackers[active].pop_event(e)) r.events.push_back(e);
    }
  }
  Event e;
  while (trackers[active].pop_event(e)) r.events.push_back(e);
  return r;
}

TEST(TrackerStateOnSample, SplitAtTwentyRandomPointsGivesBitIdenticalOutputsAndEvents) {
  io::RecordingHeader header;
  const std::vector<io::Record> records = io::read_recording(kSample, &header);
  ASSERT_GT(records.size(), 30000u);
  std::mt19937 rng(2024);
  std::uniform_int_distribution<std::size_t> at(1, records.size() - 1);
  std::vector<std::size_t> splits(20);
  for (std::size_t& s : splits) s = at(rng);
  std::sort(splits.begin(), splits.end());

  for (const OrientationFilterKind kind :
       {OrientationFilterKind::kEkf, OrientationFilterKind::kComplementary}) {
    SCOPED_TRACE(name(kind));
    TrackerSettings settings = settings_for(header);
    settings.orientation_filter = kind;
    const Replayed whole = replay(settings, records, {});
    const Replayed split = replay(settings, records, splits);
    ASSERT_EQ(whole.outputs.size(), split.outputs.size());
    for (std::size_t i = 0; i < whole.outputs.size(); ++i) {
      ASSERT_TRUE(test::same(whole.outputs[i], split.outputs[i])) << "after record " << i;
    }
    ASSERT_EQ(whole.events.size(), split.events.size());
    for (std::size_t i = 0; i < whole.events.size(); ++i) {
      ASSERT_TRUE(test::same(whole.events[i], split.events[i])) << "event " << i;
    }
    // The sample moves from rest to walking and back: the wear stage said so.
    EXPECT_GE(whole.events.size(), 3u);
  }
}

}  // namespace
}  // namespace fusetrack
