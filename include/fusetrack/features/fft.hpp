// RealFft<N>: the discrete Fourier transform of N real samples, float32, in place, and the power
// spectrum, for N a power of two in [8, 1024].
//
// Convention: X_k = sum_n x_n exp(-2 pi i k n / N), unscaled (as CMSIS-DSP's forward
// transform), so a sine of amplitude A at bin k0 (0 < k0 < N/2) gives |X_k0| = A N / 2.
// Output layout: that of CMSIS-DSP's arm_rfft_fast_f32, so code and test vectors written against
// it carry over: data[0] = Re X_0, data[1] = Re X_{N/2} (both bins are real for real input),
// then data[2k] = Re X_k, data[2k + 1] = Im X_k for k = 1 .. N/2 - 1. The other half of the
// spectrum is the conjugate mirror, X_{N-k} = conj(X_k).
//
// Method (the one CMSIS-DSP's arm_rfft_fast_f32 and KISS FFT's kiss_fftr use; this is our own
// code): the N real samples are read as N/2 complex ones z_m = x_{2m} + i x_{2m+1}, transformed
// by an iterative radix-2 decimation-in-time complex FFT of size N/2 (bit-reversal permutation,
// then log2(N/2) stages of butterflies, the first two merged into one radix-4 pass since their
// twiddles are 1 and -i), then split: with Z the complex transform, the transforms of the even
// and odd samples are E_k = (Z_k + conj Z_{N/2-k}) / 2 and O_k = (Z_k - conj Z_{N/2-k}) / 2i, and
// X_k = E_k + W^k O_k, X_{N/2-k} = conj(E_k - W^k O_k), W = exp(-2 pi i / N).
//
// The one table, W^k for k = 0 .. N/2 - 1, is constant data (fft_twiddles.hpp, generated from
// compute_fft_twiddles below): in flash on a device, shared by every transform of that size and
// identical on every target (no libm cos/sin at run time). The transform uses only float
// multiply-adds, no double, no allocation, nothing mutable: forward() is const, and the object
// is empty (sizeof 1), so a stage that holds one pays no RAM for it. 4 N bytes of constant data
// per size used: 1 KiB for N = 256. Accuracy against an exact DFT: a relative
// RMS error of about one float epsilon (1.3e-7 at N = 1024 on uniform noise); the tests bound it
// by log2(N) epsilons at every N.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstring>

#include "fusetrack/core/types.hpp"
#include "fusetrack/features/fft_twiddles.hpp"

namespace fusetrack::features {

// The twiddle table W^k, k < n/2, as fft_twiddles.hpp holds it: computed in float from the first
// octant and its symmetries (so the quadrant values are exact). The generator of that header
// (tools/gen_fft_twiddles.cpp) calls this; the transform itself only reads the
// constant table. tw[0..n) receives cos, sin pairs.
inline void compute_fft_twiddles(std::size_t n, float* tw) noexcept {
  const std::size_t eighth = n / 8;
  const std::size_t quarter = n / 4;
  const std::size_t half = n / 2;
  const float step_rad = 2.0f * kPi / static_cast<float>(n);
  // First octant directly, the second by cos(pi/2 - a) = sin a, the second quadrant by
  // cos(pi/2 + a) = -sin a, sin(pi/2 + a) = cos a.
  for (std::size_t k = 0; k <= eighth; ++k) {
    const float a = static_cast<float>(k) * step_rad;
    tw[2 * k] = std::cos(a);
    tw[2 * k + 1] = std::sin(a);
  }
  for (std::size_t k = eighth + 1; k <= quarter; ++k) {
    tw[2 * k] = tw[2 * (quarter - k) + 1];
    tw[2 * k + 1] = tw[2 * (quarter - k)];
  }
  for (std::size_t k = quarter + 1; k < half; ++k) {
    tw[2 * k] = -tw[2 * (k - quarter) + 1];
    tw[2 * k + 1] = tw[2 * (k - quarter)];
  }
}

template <std::size_t N>
class RealFft {
  static_assert(N >= 8 && N <= 1024 && (N & (N - 1)) == 0,
                "RealFft size must be a power of two in [8, 1024]");

 public:
  static constexpr std::size_t size() noexcept { return N; }

  // In-place forward transform of data[0..N) (real samples) into the packed spectrum described
  // above. Finite input gives finite output unless |x| sums past the float range (~1e38 / N).
  void forward(float* data) const noexcept {
    complex_fft(data);
    split(data);
  }

  // Power spectrum |X_k|^2, k = 0 .. N/2, into power_out[0..N/2] (N/2 + 1 values, unscaled like
  // X), of the N samples in[0..N). work[0..N) is scratch, overwritten; work may be `in` itself
  // (which is then destroyed), but neither may overlap power_out.
  void power(const float* in, float* power_out, float* work) const noexcept {
    if (work != in) std::memcpy(work, in, N * sizeof(float));
    forward(work);
    power_out[0] = work[0] * work[0];
    power_out[kHalf] = work[1] * work[1];
    for (std::size_t k = 1; k < kHalf; ++k) {
      power_out[k] = work[2 * k] * work[2 * k] + work[2 * k + 1] * work[2 * k + 1];
    }
  }

 private:
  static constexpr std::size_t kHalf = N / 2;  // size of the complex transform, M

  // Complex FFT of the M = N/2 values (data[2m], data[2m + 1]), in place, forward sign.
  void complex_fft(float* data) const noexcept {
    constexpr std::size_t kM = kHalf;
    // Bit-reversal permutation (j is i with its log2(M) bits reversed, counted in reverse).
    for (std::size_t i = 1, j = 0; i < kM; ++i) {
      std::size_t bit = kM >> 1;
      for (; (j & bit) != 0; bit >>= 1) j ^= bit;
      j ^= bit;
      if (i < j) {
        const float re = data[2 * i], im = data[2 * i + 1];
        data[2 * i] = data[2 * j];
        data[2 * i + 1] = data[2 * j + 1];
        data[2 * j] = re;
        data[2 * j + 1] = im;
      }
    }
    // Stages of length 2 and 4 at once: a 4-point DFT of each group (twiddles 1 and -i).
    for (std::size_t s = 0; s < 2 * kM; s += 8) {
      float* a = data + s;
      const float b0r = a[0] + a[2], b0i = a[1] + a[3];
      const float b1r = a[0] - a[2], b1i = a[1] - a[3];
      const float b2r = a[4] + a[6], b2i = a[5] + a[7];
      const float b3r = a[4] - a[6], b3i = a[5] - a[7];
      a[0] = b0r + b2r;
      a[1] = b0i + b2i;
      a[4] = b0r - b2r;
      a[5] = b0i - b2i;
      // b1 +- (-i) b3, with (-i)(x + iy) = y - ix.
      a[2] = b1r + b3i;
      a[3] = b1i - b3r;
      a[6] = b1r - b3i;
      a[7] = b1i + b3r;
    }
    // Stages of length 8 .. M: butterflies (u, v) -> (u + W v, u - W v) with W = W_len^j =
    // W_N^(j N / len), one table read per twiddle.
    for (std::size_t len = 8; len <= kM; len <<= 1) {
      const std::size_t half = len / 2;
      const std::size_t stride = N / len;
      for (std::size_t j = 0; j < half; ++j) {
        const float c = tw_[2 * j * stride];
        const float sn = tw_[2 * j * stride + 1];
        for (std::size_t g = j; g < kM; g += len) {
          float* u = data + 2 * g;
          float* v = u + 2 * half;
          // v (c - i sn)
          const float tr = v[0] * c + v[1] * sn;
          const float ti = v[1] * c - v[0] * sn;
          v[0] = u[0] - tr;
          v[1] = u[1] - ti;
          u[0] += tr;
          u[1] += ti;
        }
      }
    }
  }

  // The split step from the complex transform Z of the packed samples to X (file comment).
  void split(float* data) const noexcept {
    const float z0r = data[0], z0i = data[1];
    data[0] = z0r + z0i;  // X_0 = E_0 + O_0
    data[1] = z0r - z0i;  // X_{N/2} = E_0 - O_0
    // k = M/2 pairs with itself; the formulas still hold (X_{N/4} = conj Z_{N/4}).
    for (std::size_t k = 1; k <= kHalf / 2; ++k) {
      const std::size_t m = kHalf - k;
      const float ar = data[2 * k], ai = data[2 * k + 1];
      const float br = data[2 * m], bi = data[2 * m + 1];
      const float er = 0.5f * (ar + br), ei = 0.5f * (ai - bi);
      // (Z_k - conj Z_m) / 2i, with (x + iy) / i = y - ix.
      const float orr = 0.5f * (ai + bi), oi = -0.5f * (ar - br);
      const float c = tw_[2 * k], sn = tw_[2 * k + 1];
      const float tr = orr * c + oi * sn;  // W^k O_k, W^k = c - i sn
      const float ti = oi * c - orr * sn;
      data[2 * k] = er + tr;
      data[2 * k + 1] = ei + ti;
      data[2 * m] = er - tr;
      data[2 * m + 1] = ti - ei;
    }
  }

  // tw_[2k] = cos(2 pi k / N), tw_[2k + 1] = sin(2 pi k / N), k < N/2: constant data (flash).
  static constexpr const float* tw_ = FftTwiddles<N>::kTable;
};

}  // namespace fusetrack::features
