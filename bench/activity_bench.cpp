// Cost of activity recognition on a simulated wrist stream (walking then running, IMU at 100 Hz
// with clock error and jitter), for each shipped model: the feature vector of one window
// (ActivityWindow::features, items: windows), one inference (quantize the features, run the
// integer network and decide; items: inferences), and the front end per input sample (gravity,
// channels, resampling onto the model's grid; items: samples). Counters report sizeof and the
// model's constant data.
#include <cstdint>
#include <memory>
#include <vector>

#include <benchmark/benchmark.h>

#include "fusetrack/activity/activity_classifier.hpp"
#include "fusetrack/models/pocket_phone.hpp"
#include "fusetrack/models/waist_phone.hpp"
#include "fusetrack/models/watch_tug.hpp"
#include "fusetrack/models/wrist_activities.hpp"
#include "fusetrack/models/wrist_daily.hpp"
#include "sim/simulator.hpp"

namespace fusetrack {
namespace {

const std::vector<ImuFrame>& frames() {
  static const std::vector<ImuFrame> f = [] {
    sim::SimSettings settings;
    settings.segments = {sim::Segment::walk(60.0), sim::Segment::run(60.0)};
    settings.imu.clock = {100.0, 0.002, 30.0};
    settings.mag.enabled = false;
    settings.ppg.enabled = false;
    const sim::SimResult r = sim::simulate(settings);
    std::vector<ImuFrame> out;
    for (std::size_t i = 0; i < r.imu.size(); ++i) {
      ImuFrame x;
      x.t_us = r.imu[i].t_us;
      x.dt_s = i == 0 ? 0.0f : seconds_between(r.imu[i - 1].t_us, r.imu[i].t_us);
      x.acc_s_m_s2 = r.imu[i].acc_m_s2;
      x.gyr_rad_s = r.imu[i].gyr_rad_s;
      out.push_back(x);
    }
    return out;
  }();
  return f;
}

features::ActivityWindowSettings window_of(const ActivityModel& m) {
  ActivitySettings s;
  s.model = &m;
  return s.window_settings();
}

void window_features(benchmark::State& state, const ActivityModel* m) {
  auto w = std::make_unique<features::ActivityWindow>(window_of(*m));
  const std::vector<ImuFrame>& f = frames();
  std::size_t i = 0;
  float x[features::kActivityFeatureCount];
  for (auto _ : state) {
    // A new sample between windows, so each window's storage has to be put in order again.
    state.PauseTiming();
    w->push(f[i]);
    i = (i + 1) % f.size();
    state.ResumeTiming();
    benchmark::DoNotOptimize(w->features(x));
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["window_samples"] = m->window_samples;
  state.counters["sizeof_ActivityWindow_B"] = sizeof(features::ActivityWindow);
}

void inference(benchmark::State& state, const ActivityModel* m) {
  auto w = std::make_unique<features::ActivityWindow>(window_of(*m));
  std::vector<std::vector<float>> windows;
  float x[features::kActivityFeatureCount];
  const std::vector<ImuFrame>& f = frames();
  for (std::size_t i = 0; i < f.size(); ++i) {
    w->push(f[i]);
    if (i % 97 == 0 && w->full() && w->features(x)) windows.emplace_back(x, x + std::size(x));
  }
  std::size_t k = 0;
  classify::MlpValue xq[features::kActivityFeatureCount];
  for (auto _ : state) {
    classify::quantize_input(m->mlp, windows[k].data(), xq);
    benchmark::DoNotOptimize(classify::infer(m->mlp, xq));
    k = (k + 1) % windows.size();
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["model_data_B"] = static_cast<double>(m->mlp.data_bytes());
}

void front_end_per_sample(benchmark::State& state, const ActivityModel* m) {
  auto w = std::make_unique<features::ActivityWindow>(window_of(*m));
  const std::vector<ImuFrame>& f = frames();
  std::size_t i = 0;
  Micros offset = 0;
  const Micros span = f.back().t_us - f.front().t_us + kMicrosPerSecond;
  for (auto _ : state) {
    ImuFrame x = f[i];
    x.t_us += offset;
    benchmark::DoNotOptimize(w->push(x));
    if (++i == f.size()) {
      i = 0;
      offset += span;
    }
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["sizeof_ActivityClassifier_B"] = sizeof(ActivityClassifier);
  state.counters["sizeof_ActivityState_B"] = sizeof(ActivityState);
}

BENCHMARK_CAPTURE(window_features, wrist_daily, &models::kWristDaily);
BENCHMARK_CAPTURE(window_features, waist_phone, &models::kWaistPhone);
BENCHMARK_CAPTURE(window_features, watch_tug, &models::kWatchTug);
BENCHMARK_CAPTURE(inference, wrist_daily, &models::kWristDaily);
BENCHMARK_CAPTURE(inference, wrist_activities, &models::kWristActivities);
BENCHMARK_CAPTURE(inference, pocket_phone, &models::kPocketPhone);
BENCHMARK_CAPTURE(inference, watch_tug, &models::kWatchTug);
BENCHMARK_CAPTURE(inference, waist_phone, &models::kWaistPhone);
BENCHMARK_CAPTURE(front_end_per_sample, wrist_daily, &models::kWristDaily);
BENCHMARK_CAPTURE(front_end_per_sample, watch_tug, &models::kWatchTug);

}  // namespace
}  // namespace fusetrack
