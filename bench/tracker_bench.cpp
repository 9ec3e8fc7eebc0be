// Cost of one push_imu through the Tracker: stream check plus the chosen orientation filter.
#include <cmath>
#include <vector>

#include <benchmark/benchmark.h>

#include "fusetrack/tracker.hpp"

namespace fusetrack {
namespace {

std::vector<ImuSample> wrist_stream() {
  // 100 Hz FIFO with ±50 µs jitter, a swinging arm (1 Hz) and its accelerations.
  std::vector<ImuSample> v;
  for (int k = 0; k < 6000; ++k) {
    const float t = static_cast<float>(k) * 0.01f;
    ImuSample s;
    s.t_us = static_cast<Micros>(k) * 10000 + ((k * 37) % 101) - 50;
    s.gyr_rad_s = Vec3(1.2f * std::sin(6.283f * t), 0.3f * std::cos(6.283f * t), 0.1f);
    const float a = 0.6f * std::sin(6.283f * t);
    s.acc_m_s2 = Vec3(kGravity_m_s2 * std::sin(a), 0.8f * std::sin(12.566f * t),
                      kGravity_m_s2 * std::cos(a));
    v.push_back(s);
  }
  return v;
}

void push_imu(benchmark::State& state, OrientationFilterKind kind) {
  const std::vector<ImuSample> samples = wrist_stream();
  TrackerSettings settings;
  settings.orientation_filter = kind;
  Tracker tracker(settings);
  std::size_t i = 0;
  Micros offset = 0;
  for (auto _ : state) {
    if (i == samples.size()) {
      i = 0;
      offset += 60 * kMicrosPerSecond;
    }
    ImuSample s = samples[i++];
    s.t_us += offset;
    benchmark::DoNotOptimize(tracker.push_imu(s));
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["sizeof_Tracker_B"] = static_cast<double>(sizeof(Tracker));
}

BENCHMARK_CAPTURE(push_imu, ekf, OrientationFilterKind::kEkf);
BENCHMARK_CAPTURE(push_imu, complementary, OrientationFilterKind::kComplementary);

}  // namespace
}  // namespace fusetrack
