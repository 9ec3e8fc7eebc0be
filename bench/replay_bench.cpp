// Replay throughput on the host: a folder of simulated wrist recordings (16 of 60 s each: IMU
// 104 Hz, magnetometer 25 Hz, 2-channel PPG 25 Hz) replayed as `fusetrack replay` does, every
// recording read from its file and run through its own Tracker with every stage on (the fall
// stage included), one per oneTBB task, with 1 and 2 threads. Items are the samples replayed
// (all streams); the files' day summaries and timelines are built, not written.
//
// push_recording_in_memory is the C++ side of the Python package's overhead figure
// (bench/python/push_overhead_bench.py): one recording (FUSETRACK_BENCH_RECORDING, default the
// bundled sample) read into memory once, then per iteration a fresh Tracker with the settings
// `fusetrack run` derives, every record pushed in file order and the events drained after each
// push, as a C++ caller would.
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "eval/parallel_in_order.hpp"
#include "io/recording.hpp"
#include "replay/day.hpp"
#include "replay/replay.hpp"
#include "sim/settings.hpp"
#include "sim/sim_recording.hpp"
#include "sim/simulator.hpp"

namespace fusetrack {
namespace {

constexpr std::size_t kRecordings = 16;

const std::vector<std::string>& folder() {
  static const std::vector<std::string> paths = [] {
    const std::filesystem::path dir =
        std::filesystem::temp_directory_path() / "fusetrack_replay_bench";
    std::filesystem::create_directories(dir);
    std::vector<std::string> out;
    for (std::size_t k = 0; k < kRecordings; ++k) {
      sim::SimSettings s;
      s.seed = 100 + k;
      s.segments = sim::parse_scenario("rest:10,walk:25,run:15,rest:10");
      const std::string path = (dir / ("rec" + std::to_string(k) + ".csv")).string();
      sim::write_recording(path, sim::simulate(s), sim::simulation_metadata(s));
      out.push_back(path);
    }
    return out;
  }();
  return paths;
}

void replay_folder(benchmark::State& state) {
  const std::vector<std::string>& paths = folder();
  const auto threads = static_cast<std::size_t>(state.range(0));
  std::int64_t samples = 0;
  for (auto _ : state) {
    const std::vector<std::uint64_t> rows =
        eval::parallel_in_order<std::uint64_t>(paths.size(), threads, [&](std::size_t i) {
          const replay::DayTimeline day = replay::replay_day(paths[i], replay::ReplayOptions{});
          return day.summary.imu_samples + day.summary.mag_samples + day.summary.ppg_samples;
        });
    for (std::uint64_t r : rows) samples += static_cast<std::int64_t>(r);
  }
  state.SetItemsProcessed(samples);
  state.counters["recordings"] = static_cast<double>(paths.size());
}

BENCHMARK(replay_folder)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

void push_recording_in_memory(benchmark::State& state) {
  const char* env = std::getenv("FUSETRACK_BENCH_RECORDING");
  const std::string path = env != nullptr ? env : FUSETRACK_SAMPLE_CSV;
  io::RecordingHeader header;
  io::Metadata metadata;
  const std::vector<io::Record> records = io::read_recording(path, &header, &metadata);
  const TrackerSettings settings =
      replay::tracker_settings(header, metadata, replay::ReplayOptions{});
  std::uint64_t events = 0;
  const replay::ReplayObserver drain = [&events](const io::Record&, Status, Tracker& t) {
    Event e;
    while (t.pop_event(e)) ++events;
  };
  for (auto _ : state) {
    Tracker tracker(settings);
    const replay::ReplayResult r = replay::replay(tracker, records, drain);
    benchmark::DoNotOptimize(r.output.steps.steps);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) *
                          static_cast<std::int64_t>(records.size()));
  state.counters["samples"] = static_cast<double>(records.size());
}

BENCHMARK(push_recording_in_memory)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace fusetrack
