// RealFft<N>: against a naive DFT in double at every size, a sine's peak at its bin, Parseval's
// theorem, and the packed layout of CMSIS-DSP's arm_rfft_fast_f32.
#include <array>
#include <cfloat>
#include <cmath>
#include <complex>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <random>
#include <string>
#include <type_traits>
#include <vector>

#include <gtest/gtest.h>

#include "fusetrack/features/fft.hpp"

namespace fusetrack::features {
namespace {

constexpr double kTwoPi = 6.283185307179586;
constexpr double kFloatEps = static_cast<double>(FLT_EPSILON);

// X_k = sum_n x_n exp(-2 pi i k n / N), k = 0 .. N/2, in double (angles reduced exactly, mod N).
std::vector<std::complex<double>> naive_dft(const std::vector<float>& x) {
  const std::size_t n_total = x.size();
  std::vector<std::complex<double>> out(n_total / 2 + 1);
  for (std::size_t k = 0; k <= n_total / 2; ++k) {
    std::complex<double> sum = 0.0;
    for (std::size_t n = 0; n < n_total; ++n) {
      const double a =
          kTwoPi * static_cast<double>((k * n) % n_total) / static_cast<double>(n_total);
      sum += static_cast<double>(x[n]) * std::complex<double>(std::cos(a), -std::sin(a));
    }
    out[k] = sum;
  }
  return out;
}

// The packed output as complex bins 0 .. N/2.
std::vector<std::complex<double>> unpack(const std::vector<float>& packed) {
  const std::size_t n_total = packed.size();
  std::vector<std::complex<double>> out(n_total / 2 + 1);
  out[0] = static_cast<double>(packed[0]);
  out[n_total / 2] = static_cast<double>(packed[1]);
  for (std::size_t k = 1; k < n_total / 2; ++k) {
    out[k] = {static_cast<double>(packed[2 * k]), static_cast<double>(packed[2 * k + 1])};
  }
  return out;
}

std::vector<float> random_signal(std::size_t n, std::uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> u(-1.0f, 1.0f);
  std::vector<float> x(n);
  for (float& v : x) v = u(rng);
  return x;
}

std::vector<float> sine(std::size_t n, double amplitude, double bin, double phase_rad) {
  std::vector<float> x(n);
  for (std::size_t i = 0; i < n; ++i) {
    const double a = kTwoPi * bin * static_cast<double>(i) / static_cast<double>(n) + phase_rad;
    x[i] = static_cast<float>(amplitude * std::sin(a));
  }
  return x;
}

template <class SizeT>
class RealFftAtEverySize : public ::testing::Test {};

struct SizeNames {
  template <class T>
  static std::string GetName(int) {
    return "N" + std::to_string(T::value);
  }
};

template <std::size_t N>
using Size = std::integral_constant<std::size_t, N>;
using Sizes = ::testing::Types<Size<8>, Size<16>, Size<32>, Size<64>, Size<128>, Size<256>,
                               Size<512>, Size<1024>>;
TYPED_TEST_SUITE(RealFftAtEverySize, Sizes, SizeNames);

}  // namespace

TYPED_TEST(RealFftAtEverySize, MatchesANaiveDoubleDftWithinLog2NFloatEpsilonsRelativeError) {
  constexpr std::size_t kN = TypeParam::value;
  const RealFft<kN> fft;
  EXPECT_EQ(RealFft<kN>::size(), kN);
  // Relative RMS error over the spectrum, and the worst bin against the spectrum's RMS: both
  // within log2(N) float epsilons (a radix-2 FFT's error grows with the number of stages).
  const double bound = std::log2(static_cast<double>(kN)) * kFloatEps;
  double worst_rms = 0.0, worst_bin = 0.0;
  for (std::uint32_t seed = 1; seed <= 20; ++seed) {
    std::vector<float> x = random_signal(kN, seed);
    const std::vector<std::complex<double>> ref = naive_dft(x);
    fft.forward(x.data());
    const std::vector<std::complex<double>> got = unpack(x);
    double err2 = 0.0, ref2 = 0.0, max_err = 0.0;
    for (std::size_t k = 0; k <= kN / 2; ++k) {
      err2 += std::norm(got[k] - ref[k]);
      ref2 += std::norm(ref[k]);
      max_err = std::fmax(max_err, std::abs(got[k] - ref[k]));
    }
    const double ref_rms = std::sqrt(ref2 / static_cast<double>(kN / 2 + 1));
    worst_rms = std::fmax(worst_rms, std::sqrt(err2 / ref2));
    worst_bin = std::fmax(worst_bin, max_err / ref_rms);
  }
  EXPECT_LE(worst_rms, bound) << "N = " << kN;
  EXPECT_LE(worst_bin, 2.0 * bound) << "N = " << kN;
}

TYPED_TEST(RealFftAtEverySize, SineOfKnownFrequencyPeaksAtItsBinWithPowerOfHalfNTimesAmplitude) {
  constexpr std::size_t kN = TypeParam::value;
  const RealFft<kN> fft;
  std::array<float, kN / 2 + 1> p{};
  std::array<float, kN> work{};
  for (std::size_t bin : {std::size_t{1}, std::size_t{3}, kN / 4, kN / 2 - 1}) {
    const double amplitude = 2.5;
    const std::vector<float> x = sine(kN, amplitude, static_cast<double>(bin), 0.7);
    fft.power(x.data(), p.data(), work.data());
    const double expected = amplitude * static_cast<double>(kN) / 2.0;
    EXPECT_NEAR(static_cast<double>(p[bin]), expected * expected, 1e-5 * expected * expected)
        << "N = " << kN << ", bin " << bin;
    // Every other bin holds only rounding: 1e-10 of the peak's power (100 dB down).
    for (std::size_t k = 0; k <= kN / 2; ++k) {
      if (k == bin) continue;
      EXPECT_LT(static_cast<double>(p[k]), 1e-10 * expected * expected)
          << "N = " << kN << ", sine at bin " << bin << ", bin " << k;
    }
  }
}

TYPED_TEST(RealFftAtEverySize, PowerSpectrumSatisfiesParseval) {
  // sum x_n^2 = (1/N) sum_{k<N} |X_k|^2 = (P_0 + P_{N/2} + 2 sum_{0<k<N/2} P_k) / N.
  constexpr std::size_t kN = TypeParam::value;
  const RealFft<kN> fft;
  std::array<float, kN / 2 + 1> p{};
  std::array<float, kN> work{};
  for (std::uint32_t seed = 101; seed <= 110; ++seed) {
    const std::vector<float> x = random_signal(kN, seed);
    fft.power(x.data(), p.data(), work.data());
    double energy = 0.0, spectral = static_cast<double>(p[0]) + static_cast<double>(p[kN / 2]);
    for (float v : x) energy += static_cast<double>(v) * static_cast<double>(v);
    for (std::size_t k = 1; k < kN / 2; ++k) spectral += 2.0 * static_cast<double>(p[k]);
    spectral /= static_cast<double>(kN);
    EXPECT_NEAR(spectral, energy, 4.0 * std::log2(static_cast<double>(kN)) * kFloatEps * energy)
        << "N = " << kN << ", seed " << seed;
  }
}

TYPED_TEST(RealFftAtEverySize, PacksDcAndNyquistIntoTheFirstTwoValuesAsCmsisDsp) {
  constexpr std::size_t kN = TypeParam::value;
  const RealFft<kN> fft;
  // 1.5 + 0.25 (-1)^n: X_0 = 1.5 N, X_{N/2} = 0.25 N, nothing else.
  std::array<float, kN> x{};
  for (std::size_t n = 0; n < kN; ++n) x[n] = 1.5f + (n % 2 == 0 ? 0.25f : -0.25f);
  fft.forward(x.data());
  EXPECT_FLOAT_EQ(x[0], 1.5f * static_cast<float>(kN));
  EXPECT_FLOAT_EQ(x[1], 0.25f * static_cast<float>(kN));
  for (std::size_t i = 2; i < kN; ++i) EXPECT_NEAR(x[i], 0.0f, 1e-5f) << "N = " << kN << ", " << i;
  // A cosine at bin 1 is real and positive, a sine at bin 1 imaginary and negative.
  const std::vector<float> c = sine(kN, 1.0, 1.0, kTwoPi / 4.0);
  std::vector<float> s = sine(kN, 1.0, 1.0, 0.0);
  std::vector<float> cc = c;
  fft.forward(cc.data());
  fft.forward(s.data());
  const float half_n = static_cast<float>(kN) / 2.0f;
  EXPECT_NEAR(cc[2], half_n, 1e-4f * half_n);
  EXPECT_NEAR(cc[3], 0.0f, 1e-4f * half_n);
  EXPECT_NEAR(s[2], 0.0f, 1e-4f * half_n);
  EXPECT_NEAR(s[3], -half_n, 1e-4f * half_n);
}

TYPED_TEST(RealFftAtEverySize, PowerEqualsTheSquaredForwardSpectrumAndMayWorkInItsInput) {
  constexpr std::size_t kN = TypeParam::value;
  const RealFft<kN> fft;
  const std::vector<float> x = random_signal(kN, 7);
  std::vector<float> packed = x;
  fft.forward(packed.data());
  std::array<float, kN / 2 + 1> p{};
  std::array<float, kN> work{};
  fft.power(x.data(), p.data(), work.data());
  EXPECT_FLOAT_EQ(p[0], packed[0] * packed[0]);
  EXPECT_FLOAT_EQ(p[kN / 2], packed[1] * packed[1]);
  for (std::size_t k = 1; k < kN / 2; ++k) {
    EXPECT_FLOAT_EQ(p[k], packed[2 * k] * packed[2 * k] + packed[2 * k + 1] * packed[2 * k + 1]);
  }
  // In place: the input serves as the work area, with the same result bit for bit.
  std::vector<float> in_place = x;
  std::array<float, kN / 2 + 1> p2{};
  fft.power(in_place.data(), p2.data(), in_place.data());
  EXPECT_EQ(p2, p);
}

// The tables are constant data, so a transform object holds nothing.
TEST(RealFft, IsEmptyItsTwiddlesAreConstantData) {
  EXPECT_EQ(sizeof(RealFft<8>), 1u);
  EXPECT_EQ(sizeof(RealFft<256>), 1u);
  EXPECT_EQ(sizeof(FftTwiddles<256>::kTable), 256u * sizeof(float));
}

// fft_twiddles.hpp holds cos and sin of 2 pi k / N within one float ulp of the exact values (a
// double reference), with the quadrant values exact (regenerate it with
// tools/gen_fft_twiddles.cpp when this fails). Not compared bit for bit with
// compute_fft_twiddles here: libm's cosf / sinf and the compiler's constant folding may round
// a value differently at different optimisation levels; the table is the one fixed answer.
template <std::size_t N>
void expect_table_is_cos_sin() {
  const float* tw = FftTwiddles<N>::kTable;
  // One ulp of the value, and no less than 1e-12 (the double reference of an exact zero is not).
  const auto ulp = [](float v) {
    return std::fmax(std::nextafter(std::fabs(v), 2.0f) - std::fabs(v), 1e-12f);
  };
  for (std::size_t k = 0; k < N / 2; ++k) {
    const double a = 2.0 * 3.14159265358979323846 * static_cast<double>(k) / static_cast<double>(N);
    const float c = static_cast<float>(std::cos(a));
    const float s = static_cast<float>(std::sin(a));
    EXPECT_LE(std::fabs(tw[2 * k] - c), ulp(c)) << "N = " << N << ", k = " << k;
    EXPECT_LE(std::fabs(tw[2 * k + 1] - s), ulp(s)) << "N = " << N << ", k = " << k;
  }
  EXPECT_EQ(tw[0], 1.0f);
  EXPECT_EQ(tw[1], 0.0f);
  EXPECT_EQ(tw[2 * (N / 4)], 0.0f);
  EXPECT_EQ(tw[2 * (N / 4) + 1], 1.0f);
}

TEST(RealFft, TwiddleTablesAreCosAndSinWithinOneUlp) {
  expect_table_is_cos_sin<8>();
  expect_table_is_cos_sin<16>();
  expect_table_is_cos_sin<32>();
  expect_table_is_cos_sin<64>();
  expect_table_is_cos_sin<128>();
  expect_table_is_cos_sin<256>();
  expect_table_is_cos_sin<512>();
  expect_table_is_cos_sin<1024>();
}

}  // namespace fusetrack::features
