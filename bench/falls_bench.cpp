// Cost of the fall stage per accelerometer sample, on a simulated wrist day-life stream (rest,
// walking, running, waving, typing, talking) at 20, 50, 100 and 200 Hz with clock error and
// jitter: one FallDetector::update per sample (the 50 ms cells, the trigger, and for every impact
// the features and the integer network). A second benchmark times the judgement of one impact
// alone (features of a full ring + the network). Counters report sizeof(FallDetector), the
// model's constant bytes and the impacts judged per pass.
#include <cstdint>
#include <vector>

#include <benchmark/benchmark.h>

#include "fusetrack/falls/fall_detector.hpp"
#include "sim/simulator.hpp"

namespace fusetrack {
namespace {

falls::FallSettings on() {
  falls::FallSettings s;
  s.enabled = true;
  return s;
}

std::vector<ImuSample> stream(double rate_hz) {
  sim::SimSettings settings;
  settings.segments = {sim::Segment::rest(20.0), sim::Segment::walk(60.0),
                       sim::Segment::run(40.0),  sim::Segment::wave(20.0),
                       sim::Segment::type(20.0), sim::Segment::talk(20.0)};
  settings.imu.clock = sim::with_rate(settings.imu.clock, rate_hz);
  settings.mag.enabled = false;
  settings.ppg.enabled = false;
  return sim::simulate(settings).imu;
}

void update(benchmark::State& state, double rate_hz) {
  const std::vector<ImuSample> s = stream(rate_hz);
  const falls::FallSettings settings = on();
  falls::FallDetector d(settings);
  std::size_t i = 0;
  std::uint64_t bits = 0;
  std::uint32_t candidates = 0;
  for (auto _ : state) {
    bits += d.update(s[i].t_us, s[i].acc_m_s2, false);
    if (++i == s.size()) {
      state.PauseTiming();
      candidates = d.candidates();
      i = 0;
      d = falls::FallDetector(settings);
      state.ResumeTiming();
    }
  }
  benchmark::DoNotOptimize(bits);
  state.SetItemsProcessed(state.iterations());
  state.counters["sizeof_B"] = static_cast<double>(sizeof(falls::FallDetector));
  state.counters["model_B"] = static_cast<double>(d.model().mlp->data_bytes());
  state.counters["impacts_per_pass"] = candidates;
  state.counters["rate_hz"] = rate_hz;
}

BENCHMARK_CAPTURE(update, wrist_20hz, 20.0);
BENCHMARK_CAPTURE(update, wrist_50hz, 50.0);
BENCHMARK_CAPTURE(update, wrist_100hz, 100.0);
BENCHMARK_CAPTURE(update, wrist_200hz, 200.0);

// The features of one impact over a full ring, and the network's decision on them.
void judge(benchmark::State& state) {
  const std::vector<ImuSample> s = stream(50.0);
  falls::FallDetector d(on());
  for (std::size_t i = 0; i < 400; ++i) d.update(s[i].t_us, s[i].acc_m_s2, false);
  const std::uint32_t impact = d.state().closed - falls::kPostCells;
  const classify::QuantizedMlp& mlp = *d.model().mlp;
  float x[falls::kFallFeatureCount];
  classify::MlpValue x_q[falls::kFallFeatureCount];
  std::int32_t logits[2];
  for (auto _ : state) {
    d.features(impact, x);
    classify::quantize_input(mlp, x, x_q);
    classify::infer_logits(mlp, x_q, logits);
    benchmark::DoNotOptimize(logits);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(judge);

}  // namespace
}  // namespace fusetrack
