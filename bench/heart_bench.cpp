// Cost of the heart-rate stage on simulated wrist streams (rest, walk, run; PPG with arm-swing
// artefacts) with the PPG at 25, 64 and 125 Hz and the accelerometer at 100 Hz:
//  - push: one HeartRateEstimator::push_ppg per item, with the accelerometer samples up to its
//    time pushed first (their cost included: the ns per PPG sample is the stage's whole cost
//    amortized over the PPG stream), estimates included;
//  - estimate: one hop (2 s) of both streams per iteration, so the time per iteration is the
//    cost per estimate (the hop's pushes included).
// Counters report sizeof(HeartRateEstimator) and the estimates made.
#include <cstdint>
#include <vector>

#include <benchmark/benchmark.h>

#include "fusetrack/heart/heart_rate_estimator.hpp"
#include "sim/simulator.hpp"

namespace fusetrack {
namespace {

struct Streams {
  std::vector<ImuSample> imu;
  std::vector<PpgSample> ppg;
};

Streams streams(double ppg_hz) {
  sim::SimSettings settings;
  settings.segments = {sim::Segment::rest(30.0), sim::Segment::walk(60.0), sim::Segment::run(60.0)};
  settings.imu.clock = sim::with_rate(settings.imu.clock, 100.0);
  settings.ppg.clock = sim::with_rate(settings.ppg.clock, ppg_hz);
  settings.mag.enabled = false;
  const sim::SimResult r = sim::simulate(settings);
  return {r.imu, r.ppg};
}

void push(benchmark::State& state, double ppg_hz) {
  const Streams s = streams(ppg_hz);
  heart::HeartRateEstimator est;
  std::size_t i = 0, j = 0;
  std::uint64_t estimates = 0;
  for (auto _ : state) {
    while (i < s.imu.size() && s.imu[i].t_us <= s.ppg[j].t_us) {
      est.push_acc(s.imu[i].t_us, s.imu[i].acc_m_s2);
      ++i;
    }
    if (est.push_ppg(s.ppg[j])) ++estimates;
    if (++j == s.ppg.size()) {
      state.PauseTiming();
      i = j = 0;
      est.reset();
      state.ResumeTiming();
    }
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["sizeof_B"] = static_cast<double>(sizeof(heart::HeartRateEstimator));
  state.counters["estimates"] = static_cast<double>(estimates);
}

void estimate(benchmark::State& state, double ppg_hz) {
  const Streams s = streams(ppg_hz);
  heart::HeartRateEstimator est;
  std::size_t i = 0, j = 0;
  std::uint64_t estimates = 0;
  for (auto _ : state) {
    bool made = false;
    while (!made) {
      if (j == s.ppg.size()) {
        i = j = 0;
        est.reset();
      }
      while (i < s.imu.size() && s.imu[i].t_us <= s.ppg[j].t_us) {
        est.push_acc(s.imu[i].t_us, s.imu[i].acc_m_s2);
        ++i;
      }
      made = est.push_ppg(s.ppg[j++]);
    }
    ++estimates;
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["estimates"] = static_cast<double>(estimates);
}

BENCHMARK_CAPTURE(push, ppg_25hz, 25.0);
BENCHMARK_CAPTURE(push, ppg_64hz, 64.0);
BENCHMARK_CAPTURE(push, ppg_125hz, 125.0);
BENCHMARK_CAPTURE(estimate, ppg_25hz, 25.0);
BENCHMARK_CAPTURE(estimate, ppg_125hz, 125.0);

}  // namespace
}  // namespace fusetrack
