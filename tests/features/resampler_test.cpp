// Resampler<D>: the grid starts at the first stamp and stays exact integer µs over a day at any
// rate; jittered, repeated, backwards and gappy stamps are handled as documented; INT64 edge
// stamps are defined behaviour (CI runs this under UBSan).
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <random>
#include <type_traits>
#include <vector>

#include <gtest/gtest.h>

#include "fusetrack/core/status.hpp"
#include "fusetrack/core/types.hpp"
#include "fusetrack/features/resampler.hpp"

namespace fusetrack::features {
namespace {

constexpr double kTwoPi = 6.283185307179586;

template <std::size_t D>
struct GridPoint {
  Micros t_us;
  std::array<float, D> v;
};

// A sink that keeps every grid point it is given.
template <std::size_t D>
struct Collect {
  std::vector<GridPoint<D>>* out;
  void operator()(Micros t_us, const std::array<float, D>& v) const { out->push_back({t_us, v}); }
};

template <std::size_t D>
Collect<D> into(std::vector<GridPoint<D>>& out) {
  return Collect<D>{&out};
}

// Grid point k after the origin, by the documented formula, µs (k * 1e9 stays inside int64 for
// the k < 9e9 of the spans tested here).
Micros grid_offset_us(std::int64_t k, std::int64_t rate_mhz) { return k * 1000000000 / rate_mhz; }

// Input stamps at `rate_hz` nominal with uniform jitter of +-jitter_us (seeded), from t0_us.
std::vector<Micros> jittered_stamps(Micros t0_us, double rate_hz, Micros jitter_us, int count,
                                    std::uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<Micros> jitter(-jitter_us, jitter_us);
  std::vector<Micros> t;
  for (int n = 0; n < count; ++n) {
    t.push_back(t0_us + static_cast<Micros>(std::llround(n * 1e6 / rate_hz)) + jitter(rng));
  }
  return t;
}

}  // namespace

TEST(ResamplerSettings, DefaultsAreValidAndOutOfRangeOrNaNIsInvalidSettings) {
  EXPECT_EQ(ResamplerSettings{}.validate(), Status::kOk);
  EXPECT_EQ((ResamplerSettings{1.0f, 60.0f}.validate()), Status::kOk);
  EXPECT_EQ((ResamplerSettings{1000.0f, 1e-6f}.validate()), Status::kOk);
  const float nan = std::nanf("");
  const float inf = INFINITY;
  for (const ResamplerSettings& s :
       {ResamplerSettings{0.999f, 1.0f}, ResamplerSettings{1000.5f, 1.0f},
        ResamplerSettings{nan, 1.0f}, ResamplerSettings{inf, 1.0f}, ResamplerSettings{20.0f, 0.0f},
        ResamplerSettings{20.0f, -1.0f}, ResamplerSettings{20.0f, 60.01f},
        ResamplerSettings{20.0f, nan}}) {
    EXPECT_EQ(s.validate(), Status::kInvalidSettings)
        << s.rate_hz << " Hz, " << s.max_gap_s << " s";
  }
}

TEST(Resampler, InvalidSettingsAreClampedSoTheObjectStaysSafe) {
  EXPECT_EQ(Resampler<1>(ResamplerSettings{std::nanf(""), std::nanf("")}).rate_hz(), 20.0f);
  EXPECT_EQ(Resampler<1>(ResamplerSettings{std::nanf(""), std::nanf("")}).max_gap_us(), 1000000);
  EXPECT_EQ(Resampler<1>(ResamplerSettings{1e9f, 1e9f}).rate_hz(), 1000.0f);
  EXPECT_EQ(Resampler<1>(ResamplerSettings{1e9f, 1e9f}).max_gap_us(), 60000000);
  EXPECT_EQ(Resampler<1>(ResamplerSettings{-5.0f, -5.0f}).rate_hz(), 1.0f);
  EXPECT_EQ(Resampler<1>(ResamplerSettings{-5.0f, -5.0f}).max_gap_us(), 1);
  EXPECT_TRUE(Resampler<1>(ResamplerSettings{-5.0f, -5.0f}).consistent());
}

TEST(Resampler, RateIsUsedRoundedToOneMilliHertz) {
  EXPECT_EQ(Resampler<1>(ResamplerSettings{12.5f, 1.0f}).rate_hz(), 12.5f);
  EXPECT_EQ(Resampler<1>(ResamplerSettings{104.0f, 1.0f}).rate_hz(), 104.0f);
  EXPECT_EQ(Resampler<1>(ResamplerSettings{33.3333f, 1.0f}).rate_hz(), 33.333f);
}

TEST(Resampler, IsTriviallyCopyable) {
  EXPECT_TRUE(std::is_trivially_copyable<Resampler<1>>::value);
  EXPECT_TRUE(std::is_trivially_copyable<Resampler<8>>::value);
  EXPECT_EQ(sizeof(Resampler<8>), 96u);
}

TEST(Resampler, FirstSampleStartsTheGridAtItsOwnStampAndEmitsNothing) {
  Resampler<2> r;
  EXPECT_FALSE(r.started());
  std::vector<GridPoint<2>> out;
  const ResampleResult first = r.push(1234567, {1.0f, -1.0f}, into(out));
  EXPECT_TRUE(first.restarted);
  EXPECT_EQ(first.emitted, 0u);
  EXPECT_TRUE(out.empty());
  EXPECT_TRUE(r.started());
  EXPECT_EQ(r.next_grid_us(), 1234567);
  EXPECT_EQ(r.restarts(), 0u);  // the first sample is a start, not a restart

  // The next sample emits the origin itself, with the first sample's value exactly.
  const ResampleResult second = r.push(1234567 + 60000, {2.0f, -3.0f}, into(out));
  EXPECT_FALSE(second.restarted);
  ASSERT_EQ(second.emitted, 2u);  // 20 Hz: origin and origin + 50 ms
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].t_us, 1234567);
  EXPECT_EQ(out[0].v[0], 1.0f);
  EXPECT_EQ(out[0].v[1], -1.0f);
  EXPECT_EQ(out[1].t_us, 1234567 + 50000);
  EXPECT_FLOAT_EQ(out[1].v[0], 1.0f + 50.0f / 60.0f);
  EXPECT_FLOAT_EQ(out[1].v[1], -1.0f - 2.0f * 50.0f / 60.0f);
}

TEST(Resampler, ReproducesALineAtExactGridTimesFromJitteredStamps) {
  // 100 Hz input with +-3 ms jitter onto a 20 Hz grid: linear interpolation of a line is exact,
  // so only float rounding remains; every grid time is origin + k * 50 ms exactly.
  Resampler<3> r(ResamplerSettings{20.0f, 1.0f});
  const std::vector<Micros> t = jittered_stamps(5000000, 100.0, 3000, 3000, 11);
  auto line = [&](Micros t_us) {
    const double s = static_cast<double>(t_us - t.front()) * 1e-6;
    return std::array<double, 3>{0.5 + 2.0 * s, -3.0 * s, 7.0};
  };
  std::vector<GridPoint<3>> out;
  for (Micros ti : t) {
    const std::array<double, 3> l = line(ti);
    r.push(ti, {static_cast<float>(l[0]), static_cast<float>(l[1]), static_cast<float>(l[2])},
           into(out));
  }
  ASSERT_EQ(static_cast<Micros>(out.size()), (t.back() - t.front() + 49999) / 50000);
  for (std::size_t k = 0; k < out.size(); ++k) {
    ASSERT_EQ(out[k].t_us, t.front() + static_cast<Micros>(k) * 50000) << "grid point " << k;
    const std::array<double, 3> l = line(out[k].t_us);
    for (std::size_t c = 0; c < 3; ++c) {
      // Values up to 90 in magnitude: a few float ulps (7.6e-6) of the larger end.
      EXPECT_NEAR(out[k].v[c], l[c], 5e-5) << "grid point " << k << " channel " << c;
    }
  }
}

TEST(Resampler, FollowsASineWithinTheLinearInterpolationErrorBound) {
  // Linear interpolation of f on an interval of length h errs by at most h^2 / 8 max|f''|.
  // 1.5 Hz, amplitude 1, 100 Hz input with +-3 ms jitter: h <= 16 ms.
  const double w = kTwoPi * 1.5;
  const double bound = 0.016 * 0.016 / 8.0 * w * w + 1e-6;
  Resampler<1> r(ResamplerSettings{50.0f, 1.0f});
  const std::vector<Micros> t = jittered_stamps(-2000000, 100.0, 3000, 2000, 12);
  std::vector<GridPoint<1>> out;
  for (Micros ti : t) {
    r.push(ti, {static_cast<float>(std::sin(w * static_cast<double>(ti) * 1e-6))}, into(out));
  }
  ASSERT_GT(out.size(), 900u);
  double worst = 0.0;
  for (const GridPoint<1>& p : out) {
    const double truth = std::sin(w * static_cast<double>(p.t_us) * 1e-6);
    worst = std::fmax(worst, std::fabs(static_cast<double>(p.v[0]) - truth));
  }
  EXPECT_LE(worst, bound);
  EXPECT_GT(worst, 0.05 * bound);  // the check can fail: the grid is not on the input stamps
}

TEST(Resampler, AveragesSamplesWithEqualStampsIntoTheirMeanAndCountsThem) {
  Resampler<2> r(ResamplerSettings{20.0f, 1.0f});
  std::vector<GridPoint<2>> out;
  EXPECT_TRUE(r.push(0, {1.0f, 10.0f}, into(out)).restarted);
  for (const std::array<float, 2>& v : {std::array<float, 2>{2.0f, 20.0f}, {6.0f, 30.0f}}) {
    const ResampleResult res = r.push(0, v, into(out));
    EXPECT_EQ(res.emitted, 0u);
    EXPECT_FALSE(res.restarted);
  }
  EXPECT_EQ(r.repeated(), 2u);
  EXPECT_TRUE(out.empty());
  // A batch of three at 50 ms: its mean is what the grid point there gets.
  r.push(50000, {3.0f, 0.0f}, into(out));
  r.push(50000, {4.0f, 0.0f}, into(out));
  r.push(50000, {8.0f, 3.0f}, into(out));
  EXPECT_EQ(r.repeated(), 4u);
  r.push(100000, {0.0f, 0.0f}, into(out));
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].t_us, 0);
  EXPECT_FLOAT_EQ(out[0].v[0], 3.0f);  // (1 + 2 + 6) / 3
  EXPECT_FLOAT_EQ(out[0].v[1], 20.0f);
  EXPECT_EQ(out[1].t_us, 50000);
  EXPECT_FLOAT_EQ(out[1].v[0], 5.0f);  // (3 + 4 + 8) / 3
  EXPECT_FLOAT_EQ(out[1].v[1], 1.0f);
  EXPECT_EQ(r.restarts(), 0u);
  EXPECT_EQ(r.backwards(), 0u);
}

TEST(Resampler, IgnoresOlderStampsWithoutEmittingOrChangingAnything) {
  Resampler<1> r(ResamplerSettings{20.0f, 1.0f});
  std::vector<GridPoint<1>> out;
  r.push(0, {0.0f}, into(out));
  r.push(30000, {3.0f}, into(out));
  ASSERT_EQ(out.size(), 1u);
  const Micros next = r.next_grid_us();
  for (Micros old : {Micros{29999}, Micros{0}, Micros{-1000000}, Micros{INT64_MIN}}) {
    const ResampleResult res = r.push(old, {1000.0f}, into(out));
    EXPECT_EQ(res.emitted, 0u);
    EXPECT_FALSE(res.restarted);
  }
  EXPECT_EQ(r.backwards(), 4u);
  EXPECT_EQ(r.next_grid_us(), next);
  EXPECT_EQ(out.size(), 1u);
  // The next good sample interpolates from the last accepted one (30 ms, 3), untouched.
  r.push(60000, {6.0f}, into(out));
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[1].t_us, 50000);
  EXPECT_FLOAT_EQ(out[1].v[0], 5.0f);
}

TEST(Resampler, RestartsTheGridAfterAGapLongerThanMaxGapWithoutInterpolatingAcrossIt) {
  Resampler<1> r(ResamplerSettings{20.0f, 1.0f});
  std::vector<GridPoint<1>> out;
  for (Micros t = 0; t <= 500000; t += 10000) r.push(t, {1.0f}, into(out));
  ASSERT_EQ(out.size(), 10u);  // 0 .. 450 ms; 500 ms waits for a later sample
  // 2.013 s later: a gap. The grid restarts at the new sample; 500 ms is never emitted.
  const Micros t_after = 500000 + 2013000;
  const ResampleResult res = r.push(t_after, {-1.0f}, into(out));
  EXPECT_TRUE(res.restarted);
  EXPECT_EQ(res.emitted, 0u);
  EXPECT_EQ(r.restarts(), 1u);
  EXPECT_EQ(r.next_grid_us(), t_after);
  for (Micros t = t_after + 10000; t <= t_after + 200000; t += 10000) r.push(t, {-1.0f}, into(out));
  ASSERT_EQ(out.size(), 14u);
  for (std::size_t k = 10; k < out.size(); ++k) {
    EXPECT_EQ(out[k].t_us, t_after + static_cast<Micros>(k - 10) * 50000);
    EXPECT_EQ(out[k].v[0], -1.0f);  // nothing of the level before the gap
  }
  for (std::size_t k = 0; k < 10; ++k) EXPECT_EQ(out[k].v[0], 1.0f);
}

TEST(Resampler, AnIntervalOfExactlyMaxGapIsBridgedAndOneMicrosecondMoreRestarts) {
  Resampler<1> r(ResamplerSettings{20.0f, 0.5f});
  std::vector<GridPoint<1>> out;
  r.push(0, {0.0f}, into(out));
  const ResampleResult bridged = r.push(500000, {10.0f}, into(out));
  EXPECT_FALSE(bridged.restarted);
  ASSERT_EQ(bridged.emitted, 10u);
  EXPECT_FLOAT_EQ(out.back().v[0], 9.0f);  // 450 ms of 500 ms
  const ResampleResult restarted = r.push(1000001, {0.0f}, into(out));
  EXPECT_TRUE(restarted.restarted);
  EXPECT_EQ(restarted.emitted, 0u);
  EXPECT_EQ(r.restarts(), 1u);
}

TEST(Resampler, OnePushNeverEmitsMoreThanTheDocumentedBound) {
  const std::array<ResamplerSettings, 5> settings = {
      ResamplerSettings{20.0f, 1.0f}, ResamplerSettings{3.0f, 1.0f},
      ResamplerSettings{104.0f, 0.25f}, ResamplerSettings{1000.0f, 0.0105f},
      ResamplerSettings{7.77f, 2.5f}};
  for (const ResamplerSettings& s : settings) {
    Resampler<1> r(s);
    const std::uint32_t bound = r.max_emitted_per_push();
    EXPECT_LE(bound, static_cast<std::uint32_t>(std::ceil(s.max_gap_s * s.rate_hz)) + 1u);
    // Intervals of up to max_gap at random phases: the bound holds and is reached.
    std::mt19937 rng(21);
    std::uniform_int_distribution<Micros> dt(1, r.max_gap_us());
    Micros t = 777;
    std::uint32_t most = 0;
    auto count = [](Micros, const std::array<float, 1>&) {};
    r.push(t, {0.0f}, count);
    for (int i = 0; i < 20000; ++i) {
      // Every fourth interval is the longest allowed, the others random.
      t += i % 4 == 0 ? r.max_gap_us() : dt(rng);
      const ResampleResult res = r.push(t, {0.0f}, count);
      ASSERT_FALSE(res.restarted);
      most = std::max(most, res.emitted);
    }
    EXPECT_LE(most, bound) << s.rate_hz << " Hz";
    EXPECT_GE(most + 1u, bound) << s.rate_hz << " Hz";  // tight to one point
  }
}

TEST(Resampler, TwentyFourHoursAtTwentyFiftyAndHundredHzEmitExactlyTheExpectedCountWithoutDrift) {
  // 104 Hz input with +-1 ms jitter for a day; the grid's times must be origin + k * period to
  // the µs at the end as at the start, and its values the sine's at those times.
  constexpr Micros kDay_us = 86400LL * kMicrosPerSecond;
  const double w = kTwoPi * 0.5;
  const double h_s = 1.0 / 104.0 + 0.002;
  const double bound = h_s * h_s / 8.0 * w * w + 1e-5;
  for (float rate_hz : {20.0f, 50.0f, 100.0f}) {
    Resampler<1> r(ResamplerSettings{rate_hz, 1.0f});
    const Micros period_us = static_cast<Micros>(1e6f / rate_hz);
    std::mt19937 rng(31);
    std::uniform_int_distribution<Micros> jitter(-1000, 1000);
    const Micros t0 = 1700000000LL * kMicrosPerSecond;  // a wall-clock epoch, far from zero
    std::int64_t k = 0;
    std::int64_t bad_time = 0;
    double worst = 0.0;
    auto check = [&](Micros t_us, const std::array<float, 1>& v) {
      if (t_us != t0 + k * period_us) ++bad_time;
      const double truth = std::sin(w * static_cast<double>(t_us - t0) * 1e-6);
      worst = std::fmax(worst, std::fabs(static_cast<double>(v[0]) - truth));
      ++k;
    };
    const std::int64_t n_in = kDay_us * 104 / kMicrosPerSecond;
    Micros last = t0;
    for (std::int64_t n = 0; n <= n_in; ++n) {
      const Micros nominal = t0 + n * kMicrosPerSecond / 104;
      last = n == 0 || n == n_in ? nominal : nominal + jitter(rng);
      const double s = static_cast<double>(last - t0) * 1e-6;
      r.push(last, {static_cast<float>(std::sin(w * s))}, check);
    }
    ASSERT_EQ(last, t0 + kDay_us);
    // Grid points in [t0, t0 + 1 day): exactly a day's worth, the last one period before the end.
    EXPECT_EQ(k, static_cast<std::int64_t>(rate_hz) * 86400) << rate_hz << " Hz";
    EXPECT_EQ(bad_time, 0) << rate_hz << " Hz";
    EXPECT_EQ(r.next_grid_us(), t0 + kDay_us) << rate_hz << " Hz";
    EXPECT_LE(worst, bound) << rate_hz << " Hz";
    EXPECT_EQ(r.restarts(), 0u);
  }
}

TEST(Resampler, GridTimesAreExactForRatesThatDoNotDivideOneSecond) {
  // 3 Hz (333 333.3 µs) and 104 Hz (9615.38 µs): grid point k is at origin + floor(k * 1e6 /
  // rate) µs, so whole seconds fall on a grid point exactly every 3 (or 13) points, a day on.
  for (float rate_hz : {3.0f, 104.0f}) {
    Resampler<1> r(ResamplerSettings{rate_hz, 1.0f});
    const std::int64_t rate_mhz = static_cast<std::int64_t>(rate_hz) * 1000;
    const Micros t0 = -123456789;
    std::int64_t k = 0;
    std::int64_t bad_time = 0;
    auto check = [&](Micros t_us, const std::array<float, 1>&) {
      if (t_us != t0 + grid_offset_us(k, rate_mhz)) ++bad_time;
      ++k;
    };
    // Input at 250 Hz, exact, for a day.
    const Micros span_us = 86400LL * kMicrosPerSecond;
    for (Micros t = t0; t <= t0 + span_us; t += 4000) r.push(t, {0.0f}, check);
    const std::int64_t expected = static_cast<std::int64_t>(rate_hz) * 86400;  // [t0, t0 + 1 d)
    EXPECT_EQ(k, expected) << rate_hz << " Hz";
    EXPECT_EQ(bad_time, 0) << rate_hz << " Hz";
    EXPECT_EQ(r.next_grid_us(), t0 + span_us) << rate_hz << " Hz";  // no µs lost in a day
  }
  // And the first points of 3 Hz by hand: 0, 333333, 666666, 1000000.
  Resampler<1> r(ResamplerSettings{3.0f, 2.0f});
  std::vector<GridPoint<1>> out;
  r.push(0, {0.0f}, into(out));
  r.push(1000001, {0.0f}, into(out));
  ASSERT_EQ(out.size(), 4u);
  EXPECT_EQ(out[1].t_us, 333333);
  EXPECT_EQ(out[2].t_us, 666666);
  EXPECT_EQ(out[3].t_us, 1000000);
}

TEST(Resampler, Int64EdgeStampsAreDefinedBehaviour) {
  Resampler<1> r(ResamplerSettings{20.0f, 1.0f});
  std::vector<GridPoint<1>> out;
  EXPECT_TRUE(r.push(INT64_MIN, {1.0f}, into(out)).restarted);
  EXPECT_EQ(r.push(INT64_MIN + 60000, {2.0f}, into(out)).emitted, 2u);
  EXPECT_EQ(out[0].t_us, INT64_MIN);
  EXPECT_EQ(out[1].t_us, INT64_MIN + 50000);
  // INT64_MIN + ... to INT64_MAX: the interval saturates; a gap, not an overflow.
  EXPECT_TRUE(r.push(INT64_MAX, {3.0f}, into(out)).restarted);
  EXPECT_EQ(r.restarts(), 1u);
  EXPECT_EQ(r.push(INT64_MIN, {9.0f}, into(out)).emitted, 0u);  // backwards, the longest way
  EXPECT_EQ(r.backwards(), 1u);
  EXPECT_EQ(r.push(INT64_MAX, {5.0f}, into(out)).emitted, 0u);  // equal: averaged
  EXPECT_EQ(r.repeated(), 1u);
  EXPECT_TRUE(r.consistent());

  // A run ending at INT64_MAX: the grid point after the last one would pass INT64_MAX, which
  // saturates there and is never emitted (no stamp can be later).
  for (float rate_hz : {20.0f, 3.0f, 1000.0f}) {
    Resampler<1> e(ResamplerSettings{rate_hz, 1.0f});
    out.clear();
    const Micros t0 = INT64_MAX - 2500000;
    for (Micros t = t0;; t += 10000) {
      const Micros ti = t > INT64_MAX - 10000 ? INT64_MAX : t;
      e.push(ti, {0.0f}, into(out));
      if (ti == INT64_MAX) break;
    }
    e.push(INT64_MAX, {0.0f}, into(out));
    const std::int64_t rate_mhz = static_cast<std::int64_t>(rate_hz) * 1000;
    std::int64_t expected = 0;
    while (grid_offset_us(expected, rate_mhz) < INT64_MAX - t0) ++expected;
    ASSERT_EQ(static_cast<std::int64_t>(out.size()), expected) << rate_hz << " Hz";
    for (std::size_t k = 0; k < out.size(); ++k) {
      ASSERT_EQ(out[k].t_us, t0 + grid_offset_us(static_cast<std::int64_t>(k), rate_mhz));
    }
    EXPECT_TRUE(e.consistent());
  }

  // A grid whose next point lands exactly on INT64_MAX - 1 and then past it.
  Resampler<1> f(ResamplerSettings{1000.0f, 1.0f});
  out.clear();
  f.push(INT64_MAX - 2001, {0.0f}, into(out));
  f.push(INT64_MAX, {0.0f}, into(out));
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[2].t_us, INT64_MAX - 1);
  EXPECT_EQ(f.next_grid_us(), INT64_MAX);
}

TEST(Resampler, ResetForgetsTheGridTheSampleAndTheCounters) {
  Resampler<1> r(ResamplerSettings{20.0f, 1.0f});
  std::vector<GridPoint<1>> out;
  r.push(0, {1.0f}, into(out));
  r.push(0, {1.0f}, into(out));
  r.push(-5, {1.0f}, into(out));
  r.push(5000000, {1.0f}, into(out));
  EXPECT_EQ(r.restarts(), 1u);
  r.reset();
  EXPECT_FALSE(r.started());
  EXPECT_EQ(r.restarts(), 0u);
  EXPECT_EQ(r.repeated(), 0u);
  EXPECT_EQ(r.backwards(), 0u);
  // An earlier stamp is now a fresh start, not a backwards one.
  EXPECT_TRUE(r.push(-7000000, {2.0f}, into(out)).restarted);
  EXPECT_EQ(r.next_grid_us(), -7000000);
  EXPECT_EQ(r.restarts(), 0u);
}

TEST(Resampler, ACopyMadeMidStreamContinuesIdentically) {
  Resampler<2> a(ResamplerSettings{104.0f, 0.1f});
  const std::vector<Micros> t = jittered_stamps(0, 52.0, 4000, 400, 41);
  std::vector<GridPoint<2>> out_a, out_b;
  for (std::size_t i = 0; i < 200; ++i) {
    a.push(t[i], {static_cast<float>(i), 1.0f}, into(out_a));
  }
  Resampler<2> b(ResamplerSettings{});
  std::memcpy(static_cast<void*>(&b), &a, sizeof a);  // as a stage's saved state is restored
  EXPECT_TRUE(b.consistent());
  out_a.clear();
  for (std::size_t i = 200; i < t.size(); ++i) {
    a.push(t[i], {static_cast<float>(i), 1.0f}, into(out_a));
    b.push(t[i], {static_cast<float>(i), 1.0f}, into(out_b));
  }
  ASSERT_EQ(out_a.size(), out_b.size());
  ASSERT_GT(out_a.size(), 350u);
  for (std::size_t k = 0; k < out_a.size(); ++k) {
    EXPECT_EQ(out_a[k].t_us, out_b[k].t_us);
    EXPECT_EQ(out_a[k].v, out_b[k].v);
  }
}

TEST(Resampler, ConsistentIsFalseForDamagedBytes) {
  Resampler<1> r(ResamplerSettings{3.0f, 1.0f});  // every derived field non-zero
  auto push_nothing = [](Micros, const std::array<float, 1>&) {};
  r.push(0, {0.0f}, push_nothing);
  r.push(70000, {0.0f}, push_nothing);
  EXPECT_TRUE(r.consistent());
  // Each 4-byte word of the derived fields and the remainder, zeroed or set to a wild value.
  for (std::size_t offset = 0; offset < 16; offset += 4) {
    for (std::int32_t wild : {0, -1, 2000000000}) {
      Resampler<1> d = r;
      std::memcpy(reinterpret_cast<unsigned char*>(&d) + offset, &wild, sizeof wild);
      EXPECT_FALSE(d.consistent()) << "offset " << offset << " value " << wild;
    }
  }
  // A next grid point far behind the last sample (it would emit for ages).
  Resampler<1> behind = r;
  const Micros far = INT64_MIN;
  std::memcpy(reinterpret_cast<unsigned char*>(&behind) + 16, &far, sizeof far);
  EXPECT_FALSE(behind.consistent());
}

TEST(Resampler, StateFiniteIsFalseOnlyAfterNonFiniteInput) {
  Resampler<2> r;
  auto push_nothing = [](Micros, const std::array<float, 2>&) {};
  EXPECT_TRUE(r.state_finite());
  r.push(0, {1.0f, 2.0f}, push_nothing);
  EXPECT_TRUE(r.state_finite());
  r.push(10000, {1.0f, std::nanf("")}, push_nothing);
  EXPECT_FALSE(r.state_finite());
  r.reset();
  EXPECT_TRUE(r.state_finite());
}

}  // namespace fusetrack::features
