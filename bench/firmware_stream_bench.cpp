// The firmware's test stream (bench/firmware/run_stream.hpp) through the Tracker on the host, in
// each of its configurations (orientation only, + steps, + activity, + heart rate, everything):
// the host column of the device cost table (bench/firmware/cost_table.py). One iteration is the
// whole 20 s stream, Tracker construction included as on the device; ns per IMU sample is the
// time over the IMU samples (the magnetometer's and PPG's pushes amortised into it).
#include <memory>

#include <benchmark/benchmark.h>

#include "run_stream.hpp"

namespace {

constexpr double kImuSamples = sizeof fw::stream::kImu / sizeof fw::stream::kImu[0];

// Time per IMU sample of the stream (shown in ns; in s in the JSON).
void count_per_imu_sample(benchmark::State& state) {
  state.counters["per_imu_sample"] =
      benchmark::Counter(kImuSamples * static_cast<double>(state.iterations()),
                         benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

void firmware_stream(benchmark::State& state) {
  const int config = static_cast<int>(state.range(0));
  state.SetLabel(fw::kConfigNames[config]);
  std::uint32_t steps = 0;
  for (auto _ : state) {
    const auto tracker = std::make_unique<fusetrack::Tracker>(fw::stream_settings(config));
    const fw::StreamResult r = fw::run_stream(*tracker);
    steps += r.steps;
    benchmark::DoNotOptimize(steps);
  }
  count_per_imu_sample(state);
  state.counters["sizeof_tracker"] = static_cast<double>(sizeof(fusetrack::Tracker));
}
BENCHMARK(firmware_stream)->DenseRange(0, fw::kConfigs - 1)->Unit(benchmark::kMillisecond);

// The EKF alone (9D) over the same stream, as the firmware's last line.
void firmware_stream_filter_only(benchmark::State& state) {
  state.SetLabel(fw::kFilterOnlyName);
  float w = 0.0f;
  for (auto _ : state) {
    fusetrack::OrientationEkf ekf{fusetrack::OrientationEkfSettings{}};
    w += static_cast<float>(fw::run_filter_only(ekf).q_e6[0]);
    benchmark::DoNotOptimize(w);
  }
  count_per_imu_sample(state);
  state.counters["sizeof_filter"] = static_cast<double>(sizeof(fusetrack::OrientationEkf));
}
BENCHMARK(firmware_stream_filter_only)->Unit(benchmark::kMillisecond);

}  // namespace
