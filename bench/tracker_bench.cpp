// Cost of one push_imu through the Tracker (stream check plus the chosen orientation filter),
// over the simulator's default wrist scenario (rest, walk, run, rest at 104 Hz with jitter),
// and of one push_mag; with every optional stage off, and with the wear, activity and step
// stages on (one at a time, and all). The heart-rate stage needs the PPG: push_imu_and_ppg pushes
// both streams as recorded (104 Hz IMU, 25 Hz PPG) and reports the cost per IMU sample, the
// PPG's included (amortized). end_to_end: every stream and the stages added one by one.
#include <vector>

#include <benchmark/benchmark.h>

#include "fusetrack/tracker.hpp"
#include "sim/simulator.hpp"

namespace fusetrack {
namespace {

const sim::SimResult& wrist_recording() {
  static const sim::SimResult r = sim::simulate(sim::SimSettings{});
  return r;
}

// Time stamps of the n-th pass over the recording move forward by whole recording spans.
Micros pass_offset(std::size_t pass, const std::vector<ImuSample>& imu) {
  return static_cast<Micros>(pass) * (imu.back().t_us - imu.front().t_us + kMicrosPerSecond);
}

// Which optional stages run: none, wear, activity (wrist daily model), steps, falls, or all of
// them.
enum class Stages { kOff, kWear, kActivity, kSteps, kFalls, kAll };

// What a stage costs per sample: every optional stage off, or some on.
void push_imu(benchmark::State& state, OrientationFilterKind kind, Stages stages) {
  const std::vector<ImuSample>& imu = wrist_recording().imu;
  TrackerSettings settings;
  settings.imu.nominal_rate_hz = 104.0f;
  settings.orientation_filter = kind;
  settings.wear.enabled = stages == Stages::kWear || stages == Stages::kAll;
  settings.activity.enabled = stages == Stages::kActivity || stages == Stages::kAll;
  settings.steps.enabled = stages == Stages::kSteps || stages == Stages::kAll;
  settings.heart.enabled = stages == Stages::kAll;  // without PPG it only takes the accelerometer
  settings.falls.enabled = stages == Stages::kFalls || stages == Stages::kAll;
  settings.energy.enabled = stages == Stages::kAll;
  Tracker tracker(settings);
  std::size_t i = 0;
  std::size_t pass = 0;
  Micros offset = 0;
  for (auto _ : state) {
    if (i == imu.size()) {
      i = 0;
      offset = pass_offset(++pass, imu);
    }
    ImuSample s = imu[i++];
    s.t_us += offset;
    benchmark::DoNotOptimize(tracker.push_imu(s));
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["sizeof_Tracker_B"] = static_cast<double>(sizeof(Tracker));
  state.counters["state_size_B"] = static_cast<double>(Tracker::state_size());
}

// IMU and magnetometer interleaved as recorded (104 Hz and 25 Hz): cost per pushed sample.
void push_imu_and_mag(benchmark::State& state, OrientationFilterKind kind) {
  const sim::SimResult& r = wrist_recording();
  TrackerSettings settings;
  settings.imu.nominal_rate_hz = 104.0f;
  settings.orientation_filter = kind;
  settings.wear.enabled = false;
  settings.activity.enabled = false;
  settings.steps.enabled = false;
  settings.heart.enabled = false;
  settings.energy.enabled = false;
  Tracker tracker(settings);
  std::size_t i = 0, j = 0, pass = 0;
  Micros offset = 0;
  for (auto _ : state) {
    if (i == r.imu.size()) {
      i = 0;
      j = 0;
      offset = pass_offset(++pass, r.imu);
    }
    if (j < r.mag.size() && r.mag[j].t_us < r.imu[i].t_us) {
      MagSample m = r.mag[j++];
      m.t_us += offset;
      benchmark::DoNotOptimize(tracker.push_mag(m));
    } else {
      ImuSample s = r.imu[i++];
      s.t_us += offset;
      benchmark::DoNotOptimize(tracker.push_imu(s));
    }
  }
  state.SetItemsProcessed(state.iterations());
}

// IMU and PPG interleaved as recorded: the heart stage alone (heart_on) or with every stage;
// items are IMU samples, the PPG pushes' time included.
void push_imu_and_ppg(benchmark::State& state, bool heart, bool all) {
  const sim::SimResult& r = wrist_recording();
  TrackerSettings settings;
  settings.imu.nominal_rate_hz = 104.0f;
  settings.mag_enabled = false;
  settings.ppg_channels = r.ppg.front().channel_count;
  settings.wear.enabled = all;
  settings.activity.enabled = all;
  settings.steps.enabled = all;
  settings.heart.enabled = heart;
  settings.falls.enabled = all;
  settings.energy.enabled = all;
  Tracker tracker(settings);
  std::size_t i = 0, j = 0, pass = 0;
  Micros offset = 0;
  std::int64_t imu_items = 0;
  for (auto _ : state) {
    if (i == r.imu.size()) {
      i = 0;
      j = 0;
      offset = pass_offset(++pass, r.imu);
    }
    while (j < r.ppg.size() && r.ppg[j].t_us < r.imu[i].t_us) {
      PpgSample p = r.ppg[j++];
      p.t_us += offset;
      benchmark::DoNotOptimize(tracker.push_ppg(p));
    }
    ImuSample s = r.imu[i++];
    s.t_us += offset;
    benchmark::DoNotOptimize(tracker.push_imu(s));
    ++imu_items;
  }
  state.SetItemsProcessed(imu_items);
  state.counters["heart_estimates"] = static_cast<double>(tracker.output().heart.estimates);
  state.counters["sizeof_Tracker_B"] = static_cast<double>(sizeof(Tracker));
}

BENCHMARK_CAPTURE(push_imu, ekf_stages_off, OrientationFilterKind::kEkf, Stages::kOff);
BENCHMARK_CAPTURE(push_imu, complementary_stages_off, OrientationFilterKind::kComplementary,
                  Stages::kOff);
BENCHMARK_CAPTURE(push_imu, ekf_wear_on, OrientationFilterKind::kEkf, Stages::kWear);
BENCHMARK_CAPTURE(push_imu, complementary_wear_on, OrientationFilterKind::kComplementary,
                  Stages::kWear);
BENCHMARK_CAPTURE(push_imu, ekf_activity_on, OrientationFilterKind::kEkf, Stages::kActivity);
BENCHMARK_CAPTURE(push_imu, ekf_steps_on, OrientationFilterKind::kEkf, Stages::kSteps);
BENCHMARK_CAPTURE(push_imu, ekf_falls_on, OrientationFilterKind::kEkf, Stages::kFalls);
BENCHMARK_CAPTURE(push_imu, ekf_all_on, OrientationFilterKind::kEkf, Stages::kAll);
BENCHMARK_CAPTURE(push_imu_and_mag, ekf, OrientationFilterKind::kEkf);
BENCHMARK_CAPTURE(push_imu_and_ppg, ekf_ppg_heart_off, false, false);
BENCHMARK_CAPTURE(push_imu_and_ppg, ekf_ppg_heart_on, true, false);
BENCHMARK_CAPTURE(push_imu_and_ppg, ekf_ppg_all_on, true, true);
BENCHMARK_CAPTURE(push_imu_and_mag, complementary, OrientationFilterKind::kComplementary);

// The end-to-end case: IMU 100 Hz, magnetometer 50 Hz and PPG 25 Hz (2 channels) from
// the simulator's wrist (rest, walk, run, rest), pushed in time order through one Tracker with
// 9D EKF orientation and the optional stages added one by one, in the order the Tracker runs
// them: the difference between two rows is what that stage costs. Items are IMU samples; the
// magnetometer and PPG pushes are included (amortized per IMU sample).
const sim::SimResult& end_to_end_recording() {
  static const sim::SimResult r = [] {
    sim::SimSettings s;
    s.imu.clock = {100.0, 0.0, 0.0};
    s.mag.clock = {50.0, 0.0, 0.0};
    s.ppg.clock = {25.0, 0.0, 0.0};
    return sim::simulate(s);
  }();
  return r;
}

// How many optional stages run, in the Tracker's order: 0 none, then wear, activity, steps,
// heart, falls, energy (7: all).
void end_to_end(benchmark::State& state, int stages) {
  const sim::SimResult& r = end_to_end_recording();
  TrackerSettings settings;
  settings.imu.nominal_rate_hz = 100.0f;
  settings.mag.nominal_rate_hz = 50.0f;
  settings.ppg.nominal_rate_hz = 25.0f;
  settings.ppg_channels = r.ppg.front().channel_count;
  settings.wear.enabled = stages >= 1;
  settings.activity.enabled = stages >= 2;
  settings.steps.enabled = stages >= 3;
  settings.heart.enabled = stages >= 4;
  settings.falls.enabled = stages >= 5;
  settings.energy.enabled = stages >= 6;
  Tracker tracker(settings);
  if (!ok(tracker.status())) {
    state.SkipWithError("settings rejected");
    return;
  }
  std::size_t i = 0, j = 0, k = 0, pass = 0;
  Micros offset = 0;
  std::int64_t imu_items = 0;
  for (auto _ : state) {
    if (i == r.imu.size()) {
      i = j = k = 0;
      offset = pass_offset(++pass, r.imu);
    }
    while (j < r.mag.size() && r.mag[j].t_us < r.imu[i].t_us) {
      MagSample m = r.mag[j++];
      m.t_us += offset;
      benchmark::DoNotOptimize(tracker.push_mag(m));
    }
    while (k < r.ppg.size() && r.ppg[k].t_us < r.imu[i].t_us) {
      PpgSample p = r.ppg[k++];
      p.t_us += offset;
      benchmark::DoNotOptimize(tracker.push_ppg(p));
    }
    ImuSample s = r.imu[i++];
    s.t_us += offset;
    benchmark::DoNotOptimize(tracker.push_imu(s));
    ++imu_items;
    Event e;
    while (tracker.pop_event(e)) benchmark::DoNotOptimize(e);
  }
  state.SetItemsProcessed(imu_items);
  state.counters["sizeof_Tracker_B"] = static_cast<double>(sizeof(Tracker));
  state.counters["steps"] = static_cast<double>(tracker.output().steps.steps);
  state.counters["heart_estimates"] = static_cast<double>(tracker.output().heart.estimates);
}

BENCHMARK_CAPTURE(end_to_end, 0_orientation_9d, 0);
BENCHMARK_CAPTURE(end_to_end, 1_plus_wear, 1);
BENCHMARK_CAPTURE(end_to_end, 2_plus_activity, 2);
BENCHMARK_CAPTURE(end_to_end, 3_plus_steps, 3);
BENCHMARK_CAPTURE(end_to_end, 4_plus_heart, 4);
BENCHMARK_CAPTURE(end_to_end, 5_plus_falls, 5);
BENCHMARK_CAPTURE(end_to_end, 6_every_stage, 6);

}  // namespace
}  // namespace fusetrack
