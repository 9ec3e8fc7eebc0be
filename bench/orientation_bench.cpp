// Cost of one orientation update (gyro + acc [+ mag]) for each filter, over a realistic
// hand-held motion stream at 286 Hz. Counters report the filter's sizeof.
#include <cmath>
#include <random>
#include <vector>

#include <benchmark/benchmark.h>

#include "fusetrack/orientation/complementary_filter.hpp"
#include "fusetrack/orientation/orientation_ekf.hpp"

namespace fusetrack {
namespace {

struct Stream {
  std::vector<Micros> t_us;
  std::vector<Vec3> gyr, acc, mag;
};

// 60 s of a hand turning the device about all axes (sums of sinusoids, up to ~200 °/s), with
// linear acceleration, gyroscope bias and sensor noise, sampled at 286 Hz.
const Stream& hand_motion() {
  static const Stream s = [] {
    Stream out;
    std::mt19937 rng(7);
    std::normal_distribution<float> n(0.0f, 1.0f);
    const float dt = 0.0035f;
    Quat q = Quat::Identity();
    const Vec3 b_e(0.0f, 15.7f, -40.8f);
    const Vec3 bias(0.004f, -0.003f, 0.002f);
    for (int k = 0; k < 17143; ++k) {
      const float t = static_cast<float>(k) * dt;
      const Vec3 w(2.0f * std::sin(1.3f * t), 1.5f * std::sin(0.7f * t + 1.0f),
                   3.0f * std::sin(0.45f * t + 2.0f));
      q = (q * Quat(Eigen::AngleAxisf(w.norm() * dt, w.normalized()))).normalized();
      const Vec3 lin(1.5f * std::sin(2.1f * t), 1.0f * std::cos(1.7f * t),
                     0.5f * std::sin(3.0f * t));
      out.t_us.push_back(static_cast<Micros>(k) * 3500);
      out.gyr.push_back(w + bias + 0.003f * Vec3(n(rng), n(rng), n(rng)));
      out.acc.push_back(q.conjugate() * (lin + Vec3(0.0f, 0.0f, kGravity_m_s2)) +
                        0.02f * Vec3(n(rng), n(rng), n(rng)));
      out.mag.push_back(q.conjugate() * b_e + 0.3f * Vec3(n(rng), n(rng), n(rng)));
    }
    return out;
  }();
  return s;
}

template <typename Filter, bool kUseMag>
void BM_Update(benchmark::State& state) {
  const Stream& s = hand_motion();
  Filter f;
  std::size_t i = 0;
  Micros t_offset = 0;
  const Micros span = s.t_us.back() + 3500;
  for (auto _ : state) {
    if (i == s.t_us.size()) {
      i = 0;
      t_offset += span;  // keep time moving forward across passes
    }
    const Micros t = s.t_us[i] + t_offset;
    if constexpr (kUseMag) {
      benchmark::DoNotOptimize(f.update(t, s.gyr[i], s.acc[i], s.mag[i]));
    } else {
      benchmark::DoNotOptimize(f.update(t, s.gyr[i], s.acc[i]));
    }
    ++i;
  }
  benchmark::DoNotOptimize(f.orientation());
  state.SetItemsProcessed(state.iterations());
  state.counters["sizeof_B"] = static_cast<double>(sizeof(Filter));
}

BENCHMARK(BM_Update<ComplementaryFilter, true>)->Name("Complementary/9D");
BENCHMARK(BM_Update<ComplementaryFilter, false>)->Name("Complementary/6D");
BENCHMARK(BM_Update<OrientationEkf, true>)->Name("Ekf/9D");
BENCHMARK(BM_Update<OrientationEkf, false>)->Name("Ekf/6D");

}  // namespace
}  // namespace fusetrack
