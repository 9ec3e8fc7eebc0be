// Cost of the step stage per accelerometer sample, on simulated streams (a wrist walking then
// running; a phone in a pocket) at 25, 50, 104, 200 and 400 Hz with clock error and jitter, with
// and without the gyroscope: one StepDetector::push per item (anti-alias, resampling onto the 50 Hz
// grid, the low-pass, the verticality, candidates and bouts). Counters report sizeof(StepDetector)
// and the steps found.
#include <cstdint>
#include <vector>

#include <benchmark/benchmark.h>

#include "fusetrack/steps/step_detector.hpp"
#include "sim/simulator.hpp"

namespace fusetrack {
namespace {

std::vector<ImuSample> stream(double rate_hz, sim::Placement placement) {
  sim::SimSettings settings;
  settings.segments = {sim::Segment::rest(10.0), sim::Segment::walk(60.0), sim::Segment::run(60.0)};
  settings.placement = placement;
  settings.imu.clock = sim::with_rate(settings.imu.clock, rate_hz);
  settings.mag.enabled = false;
  settings.ppg.enabled = false;
  return sim::simulate(settings).imu;
}

void push(benchmark::State& state, double rate_hz, sim::Placement placement, bool gyro) {
  const std::vector<ImuSample> s = stream(rate_hz, placement);
  steps::StepDetector d;
  std::size_t i = 0;
  std::uint64_t events = 0;
  const auto sink = [&events](const steps::StepEvent&) { ++events; };
  for (auto _ : state) {
    if (gyro) {
      d.push(s[i].t_us, s[i].acc_m_s2, s[i].gyr_rad_s, sink);
    } else {
      d.push(s[i].t_us, s[i].acc_m_s2, sink);
    }
    if (++i == s.size()) {
      // Start the stream over: a fresh detector, so every pass sees the same samples.
      state.PauseTiming();
      i = 0;
      d = steps::StepDetector();
      state.ResumeTiming();
    }
  }
  benchmark::DoNotOptimize(events);
  state.SetItemsProcessed(state.iterations());
  state.counters["sizeof_B"] = static_cast<double>(sizeof(steps::StepDetector));
  state.counters["rate_hz"] = rate_hz;
}

BENCHMARK_CAPTURE(push, wrist_25hz, 25.0, sim::Placement::kWrist, false);
BENCHMARK_CAPTURE(push, wrist_50hz, 50.0, sim::Placement::kWrist, false);
BENCHMARK_CAPTURE(push, wrist_104hz, 104.0, sim::Placement::kWrist, false);
BENCHMARK_CAPTURE(push, wrist_200hz, 200.0, sim::Placement::kWrist, false);
BENCHMARK_CAPTURE(push, wrist_400hz, 400.0, sim::Placement::kWrist, false);
BENCHMARK_CAPTURE(push, pocket_104hz, 104.0, sim::Placement::kPocket, false);
// With the gyroscope (the gesture check at each candidate).
BENCHMARK_CAPTURE(push, wrist_gyro_25hz, 25.0, sim::Placement::kWrist, true);
BENCHMARK_CAPTURE(push, wrist_gyro_104hz, 104.0, sim::Placement::kWrist, true);

}  // namespace
}  // namespace fusetrack
