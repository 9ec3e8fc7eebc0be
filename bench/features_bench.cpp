// Cost of the feature building blocks on a simulated wrist stream (walking then running, IMU at
// 100 Hz with clock error and time-stamp jitter): RealFft<N>::power() on successive windows of the
// specific-force magnitude (items: transforms), and Resampler<8> from the 100 Hz input onto a
// 20 Hz grid (items: input samples). Counters report sizeof.
#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include <benchmark/benchmark.h>

#include "fusetrack/features/fft.hpp"
#include "fusetrack/features/resampler.hpp"
#include "sim/simulator.hpp"

namespace fusetrack {
namespace {

struct Stream {
  std::vector<Micros> t_us;
  std::vector<std::array<float, 8>> v;  // acc x y z, gyr x y z, |acc|, |gyr|
  std::vector<float> acc_norm_m_s2;
};

const Stream& wrist_stream() {
  static const Stream s = [] {
    sim::SimSettings settings;
    settings.segments = {sim::Segment::walk(60.0), sim::Segment::run(60.0)};
    settings.imu.clock = {100.0, 0.002, 30.0};
    settings.mag.enabled = false;
    settings.ppg.enabled = false;
    const sim::SimResult r = sim::simulate(settings);
    Stream out;
    for (const ImuSample& imu : r.imu) {
      out.t_us.push_back(imu.t_us);
      const Vec3& a = imu.acc_m_s2;
      const Vec3& g = imu.gyr_rad_s;
      out.v.push_back({a.x(), a.y(), a.z(), g.x(), g.y(), g.z(), a.norm(), g.norm()});
      out.acc_norm_m_s2.push_back(a.norm());
    }
    return out;
  }();
  return s;
}

template <std::size_t N>
void BM_RealFftPower(benchmark::State& state) {
  const std::vector<float>& x = wrist_stream().acc_norm_m_s2;
  const features::RealFft<N> fft;
  std::array<float, N> work{};
  std::array<float, N / 2 + 1> power{};
  std::size_t start = 0;
  for (auto _ : state) {
    // Windows hop by N/2 samples through the recording, as a feature stage's would.
    if (start + N > x.size()) start = 0;
    fft.power(x.data() + start, power.data(), work.data());
    benchmark::DoNotOptimize(power.data());
    benchmark::ClobberMemory();
    start += N / 2;
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["sizeof_B"] = static_cast<double>(sizeof(fft));
}

void BM_Resampler8(benchmark::State& state) {
  const Stream& s = wrist_stream();
  features::Resampler<8> r(features::ResamplerSettings{20.0f, 1.0f});
  const Micros span = s.t_us.back() - s.t_us.front() + 10000;
  std::size_t i = 0;
  Micros offset = 0;
  float sum = 0.0f;
  std::uint64_t grid_points = 0;
  auto sink = [&sum](Micros, const std::array<float, 8>& v) { sum += v[6]; };
  for (auto _ : state) {
    if (i == s.t_us.size()) {
      i = 0;
      offset += span;  // keep time moving forward across passes
    }
    grid_points += r.push(s.t_us[i] + offset, s.v[i], sink).emitted;
    ++i;
  }
  benchmark::DoNotOptimize(sum);
  state.SetItemsProcessed(state.iterations());
  state.counters["grid_per_input"] =
      static_cast<double>(grid_points) / static_cast<double>(state.iterations());
  state.counters["sizeof_B"] = static_cast<double>(sizeof(r));
}

BENCHMARK(BM_RealFftPower<64>)->Name("RealFft/64/power");
BENCHMARK(BM_RealFftPower<128>)->Name("RealFft/128/power");
BENCHMARK(BM_RealFftPower<256>)->Name("RealFft/256/power");
BENCHMARK(BM_Resampler8)->Name("Resampler8/100Hz_to_20Hz/per_input_sample");

}  // namespace
}  // namespace fusetrack
