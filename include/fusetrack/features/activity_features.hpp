// The activity feature vector, defined in one place: FUSETRACK_ACTIVITY_FEATURES lists every
// feature once (name, unit, meaning) in the order the classifier reads them, and
// compute_activity_features() fills them from one window of uniform-grid samples.
//
// The window holds, per grid sample, the signals a device's attitude does not change (the
// rotation-invariant channels) and the gravity direction:
//   a_v   vertical specific force a·ĝ, m/s² (about +9.81 at rest)
//   a_h   horizontal specific force |a − (a·ĝ)ĝ|, m/s²
//   w_m   angular-rate magnitude |ω|, rad/s (0 without a gyroscope)
//   w_v   angular rate about the vertical ω·ĝ, rad/s
//   g     the unit gravity direction ĝ in the sensor frame (3 channels)
// ĝ comes from the orientation stage when it runs, from a low-pass of the accelerometer
// otherwise (the activity stage decides). Every feature but the three posture components is
// invariant to any rotation of the device: a watch on the other wrist or a phone upside down in
// a pocket gives the same values. The posture components are |ĝx|, |ĝy|, |ĝz| of the window's
// mean gravity: invariant to flipping any axis (other wrist, upside down), not to an arbitrary
// rotation, which is what lets posture (arm hanging, face up, lying) be told apart at all.
//
// Spectra: Hann-weighted, mean removed, zero-padded to kActivityFftSize (features/fft.hpp).
// Band energies are shares of the power above 0.3 Hz; a band above the Nyquist frequency of the
// window's rate reads 0. Periodicity: the peak of the normalized autocorrelation for periods in
// [0.25 s, 2 s] (limited to half the window), and that period.
//
// Sources: the time / frequency statistics follow Anguita et al., ESANN 2013 (UCI HAR) and
// Weiss et al., BHI 2016 (WISDM); gravity-aligned vertical / horizontal decomposition as in
// Mizell, ISWC 2003 ("using gravity to estimate accelerometer orientation").
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>

#include "fusetrack/features/fft.hpp"

namespace fusetrack::features {

// X(identifier, unit, meaning): one line per feature, in classifier order.
#define FUSETRACK_ACTIVITY_FEATURES(X)                                                     \
  X(am_mean, "m/s2", "mean of |a|")                                                        \
  X(am_std, "m/s2", "standard deviation of |a|")                                           \
  X(am_min, "m/s2", "minimum of |a|")                                                      \
  X(am_max, "m/s2", "maximum of |a|")                                                      \
  X(am_p10, "m/s2", "10th percentile of |a|")                                              \
  X(am_p50, "m/s2", "median of |a|")                                                       \
  X(am_p90, "m/s2", "90th percentile of |a|")                                              \
  X(av_mean, "m/s2", "mean vertical specific force")                                       \
  X(av_std, "m/s2", "standard deviation of the vertical specific force")                   \
  X(av_min, "m/s2", "minimum vertical specific force")                                     \
  X(av_max, "m/s2", "maximum vertical specific force")                                     \
  X(av_p10, "m/s2", "10th percentile of the vertical specific force")                      \
  X(av_p90, "m/s2", "90th percentile of the vertical specific force")                      \
  X(av_crossings, "1/s", "mean crossings of the vertical specific force per second")       \
  X(av_trend, "m/s2", "mean vertical specific force of the second half minus the first")   \
  X(ah_mean, "m/s2", "mean horizontal specific force")                                     \
  X(ah_std, "m/s2", "standard deviation of the horizontal specific force")                 \
  X(ah_max, "m/s2", "maximum horizontal specific force")                                   \
  X(ah_trend, "m/s2", "mean horizontal specific force of the second half minus the first") \
  X(avh_corr, "1", "correlation of vertical and horizontal specific force")                \
  X(jerk_mean, "m/s3", "mean jerk of the (vertical, horizontal) specific force")           \
  X(jerk_std, "m/s3", "standard deviation of that jerk")                                   \
  X(wm_mean, "rad/s", "mean of |w|")                                                       \
  X(wm_std, "rad/s", "standard deviation of |w|")                                          \
  X(wm_max, "rad/s", "maximum of |w|")                                                     \
  X(wm_p10, "rad/s", "10th percentile of |w|")                                             \
  X(wm_p50, "rad/s", "median of |w|")                                                      \
  X(wm_p90, "rad/s", "90th percentile of |w|")                                             \
  X(wv_mean_abs, "rad/s", "magnitude of the mean rate about the vertical (turning)")       \
  X(wv_std, "rad/s", "standard deviation of the rate about the vertical")                  \
  X(wh_mean, "rad/s", "mean rate about horizontal axes (raising, pitching)")               \
  X(wh_std, "rad/s", "standard deviation of the rate about horizontal axes")               \
  X(wh_max, "rad/s", "maximum rate about horizontal axes")                                 \
  X(am_band_0, "1", "share of |a| power in 0.3-1 Hz")                                      \
  X(am_band_1, "1", "share of |a| power in 1-2.5 Hz")                                      \
  X(am_band_2, "1", "share of |a| power in 2.5-5 Hz")                                      \
  X(am_band_3, "1", "share of |a| power in 5-10 Hz")                                       \
  X(am_dom_hz, "Hz", "dominant frequency of |a| in 0.3-10 Hz")                             \
  X(am_dom_share, "1", "share of |a| power in the dominant peak (3 bins)")                 \
  X(am_entropy, "1", "normalized spectral entropy of |a| in 0.3-10 Hz")                    \
  X(wm_band_0, "1", "share of |w| power in 0.3-1 Hz")                                      \
  X(wm_band_1, "1", "share of |w| power in 1-2.5 Hz")                                      \
  X(wm_band_2, "1", "share of |w| power in 2.5-5 Hz")                                      \
  X(wm_band_3, "1", "share of |w| power in 5-10 Hz")                                       \
  X(wm_dom_hz, "Hz", "dominant frequency of |w| in 0.3-10 Hz")                             \
  X(wm_dom_share, "1", "share of |w| power in the dominant peak (3 bins)")                 \
  X(wm_entropy, "1", "normalized spectral entropy of |w| in 0.3-10 Hz")                    \
  X(am_ac_peak, "1", "autocorrelation peak of |a| for periods 0.25-2 s")                   \
  X(am_ac_period, "s", "period of that peak")                                              \
  X(wm_ac_peak, "1", "autocorrelation peak of |w| for periods 0.25-2 s")                   \
  X(wm_ac_period, "s", "period of that peak")                                              \
  X(posture_x, "1", "|x| of the mean gravity direction (sensor frame)")                    \
  X(posture_y, "1", "|y| of the mean gravity direction")                                   \
  X(posture_z, "1", "|z| of the mean gravity direction")                                   \
  X(posture_change, "rad", "angle between the mean gravity of the first and last quarter") \
  X(posture_dx, "1", "|x| of the last quarter's mean gravity direction minus the first's") \
  X(posture_dy, "1", "the same for |y|")                                                   \
  X(posture_dz, "1", "the same for |z|")                                                   \
  X(tilt_spread, "rad", "mean angle of the gravity direction from its window mean")

enum class ActivityFeature : std::uint8_t {
#define FUSETRACK_FEATURE_ENUM(id, unit, meaning) id,
  FUSETRACK_ACTIVITY_FEATURES(FUSETRACK_FEATURE_ENUM)
#undef FUSETRACK_FEATURE_ENUM
      kCount
};

inline constexpr std::size_t kActivityFeatureCount =
    static_cast<std::size_t>(ActivityFeature::kCount);

// Names ("am_mean", ...) and units, indexed by feature: for model headers, reports and tests.
inline constexpr const char* kActivityFeatureNames[kActivityFeatureCount] = {
#define FUSETRACK_FEATURE_NAME(id, unit, meaning) #id,
    FUSETRACK_ACTIVITY_FEATURES(FUSETRACK_FEATURE_NAME)
#undef FUSETRACK_FEATURE_NAME
};
inline constexpr const char* kActivityFeatureUnits[kActivityFeatureCount] = {
#define FUSETRACK_FEATURE_UNIT(id, unit, meaning) unit,
    FUSETRACK_ACTIVITY_FEATURES(FUSETRACK_FEATURE_UNIT)
#undef FUSETRACK_FEATURE_UNIT
};
inline constexpr const char* kActivityFeatureMeanings[kActivityFeatureCount] = {
#define FUSETRACK_FEATURE_MEANING(id, unit, meaning) meaning,
    FUSETRACK_ACTIVITY_FEATURES(FUSETRACK_FEATURE_MEANING)
#undef FUSETRACK_FEATURE_MEANING
};

// The channels of one window, each `n` grid samples at `rate_hz`, oldest first.
struct ActivityWindowView {
  const float* a_v = nullptr;
  const float* a_h = nullptr;
  const float* w_m = nullptr;
  const float* w_v = nullptr;
  const float* g[3] = {nullptr, nullptr, nullptr};
  std::size_t n = 0;
  float rate_hz = 0.0f;
};

// Spectra are taken on this many points (zero-padded); windows hold at most kActivityMaxWindow
// samples.
inline constexpr std::size_t kActivityFftSize = 256;
inline constexpr std::size_t kActivityMaxWindow = 200;
static_assert(kActivityMaxWindow <= kActivityFftSize, "a window must fit the spectrum");

// Working memory of compute_activity_features (no allocation; reused from window to window).
struct ActivityFeatureScratch {
  float a_m[kActivityMaxWindow];
  // One work area for what is never needed at once, in the order the features use it: sorted
  // copies (percentiles) and the horizontal rate, then each spectrum's input (also the FFT's
  // work area) and power, then each autocorrelation.
  float work[kActivityFftSize + kActivityFftSize / 2 + 1];
  float* sorted() noexcept { return work; }
  float* fft_in() noexcept { return work; }
  float* power() noexcept { return work + kActivityFftSize; }
  float* autocorrelation() noexcept { return work; }
};
static_assert(kActivityMaxWindow / 2 + 1 <= kActivityFftSize, "the autocorrelation fits");

namespace detail {

struct Moments {
  float mean = 0.0f, sd = 0.0f, min = 0.0f, max = 0.0f;
};

inline Moments moments(const float* x, std::size_t n) noexcept {
  Moments m;
  if (n == 0) return m;
  float sum = 0.0f, lo = x[0], hi = x[0];
  for (std::size_t i = 0; i < n; ++i) {
    sum += x[i];
    lo = std::min(lo, x[i]);
    hi = std::max(hi, x[i]);
  }
  m.mean = sum / static_cast<float>(n);
  float ss = 0.0f;
  for (std::size_t i = 0; i < n; ++i) ss += (x[i] - m.mean) * (x[i] - m.mean);
  m.sd = std::sqrt(ss / static_cast<float>(n));
  m.min = lo;
  m.max = hi;
  return m;
}

// The p-quantile (p in [0, 1]) of sorted[0, n) by nearest rank, partially ordering `sorted`.
inline float quantile(float* sorted, std::size_t n, float p) noexcept {
  const std::size_t k =
      std::min(n - 1, static_cast<std::size_t>(p * static_cast<float>(n - 1) + 0.5f));
  std::nth_element(sorted, sorted + k, sorted + n);
  return sorted[k];
}

// Below this variance ((1e-4 m/s² or rad/s)², far below any sensor's noise) a signal counts as
// constant: it has no spectrum and no period.
inline constexpr float kQuietVariance = 1e-8f;

struct SpectralFeatures {
  float band[4] = {0.0f, 0.0f, 0.0f, 0.0f};
  float dom_hz = 0.0f, dom_share = 0.0f, entropy = 0.0f;
};

// Band shares, dominant peak and entropy of x[0, n) (mean `mean` removed, Hann-weighted).
inline SpectralFeatures spectral(const float* x, std::size_t n, float mean, float rate_hz,
                                 const RealFft<kActivityFftSize>& fft,
                                 ActivityFeatureScratch& s) noexcept {
  SpectralFeatures f;
  constexpr float kTwoPi = 6.28318530718f;
  const float step = n > 1 ? kTwoPi / static_cast<float>(n - 1) : 0.0f;
  for (std::size_t i = 0; i < kActivityFftSize; ++i) {
    s.fft_in()[i] =
        i < n ? (x[i] - mean) * (0.5f - 0.5f * std::cos(step * static_cast<float>(i))) : 0.0f;
  }
  // A signal quieter than any sensor (float rounding of a constant) has no spectrum.
  float ss = 0.0f;
  for (std::size_t i = 0; i < n; ++i) ss += (x[i] - mean) * (x[i] - mean);
  if (!(ss > kQuietVariance * static_cast<float>(n))) return f;
  float* const power = s.power();
  fft.power(s.fft_in(), power, s.fft_in());
  const float bin_hz = rate_hz / static_cast<float>(kActivityFftSize);
  constexpr float kEdges[5] = {0.3f, 1.0f, 2.5f, 5.0f, 10.0f};
  float total = 0.0f;
  std::size_t best = 0;
  std::size_t bins = 0;
  for (std::size_t k = 1; k <= kActivityFftSize / 2; ++k) {
    const float hz = bin_hz * static_cast<float>(k);
    if (hz < kEdges[0]) continue;
    total += power[k];
    for (std::size_t b = 0; b < 4; ++b) {
      if (hz >= kEdges[b] && hz < kEdges[b + 1]) f.band[b] += power[k];
    }
    if (hz < kEdges[4]) {
      ++bins;
      if (best == 0 || power[k] > power[best]) best = k;
    }
  }
  if (!(total > 1e-12f) || best == 0) {
    for (float& b : f.band) b = 0.0f;
    return f;
  }
  for (float& b : f.band) b /= total;
  f.dom_hz = bin_hz * static_cast<float>(best);
  const float peak = power[best - 1] * (best > 1 ? 1.0f : 0.0f) + power[best] +
                     (best < kActivityFftSize / 2 ? power[best + 1] : 0.0f);
  f.dom_share = std::min(1.0f, peak / total);
  float in_range = 0.0f;
  for (std::size_t k = 1; k <= kActivityFftSize / 2; ++k) {
    const float hz = bin_hz * static_cast<float>(k);
    if (hz >= kEdges[0] && hz < kEdges[4]) in_range += power[k];
  }
  if (in_range > 1e-12f && bins > 1) {
    float h = 0.0f;
    for (std::size_t k = 1; k <= kActivityFftSize / 2; ++k) {
      const float hz = bin_hz * static_cast<float>(k);
      if (hz < kEdges[0] || hz >= kEdges[4]) continue;
      const float p = power[k] / in_range;
      if (p > 1e-12f) h -= p * std::log(p);
    }
    f.entropy = std::min(1.0f, h / std::log(static_cast<float>(bins)));
  }
  return f;
}

// Peak of the normalized autocorrelation of x (mean removed) over periods in [0.25 s, 2 s]
// (and at most half the window), and that period in s; zeros when no lag is in range or the
// signal is constant.
inline void periodicity(const float* x, std::size_t n, float mean, float rate_hz, float* r,
                        float& peak, float& period_s) noexcept {
  peak = 0.0f;
  period_s = 0.0f;
  const std::size_t lo = static_cast<std::size_t>(std::ceil(0.25f * rate_hz));
  const std::size_t hi = std::min(static_cast<std::size_t>(2.0f * rate_hz), n / 2);
  if (lo < 1 || lo > hi) return;
  float var = 0.0f;
  for (std::size_t i = 0; i < n; ++i) var += (x[i] - mean) * (x[i] - mean);
  var /= static_cast<float>(n);
  if (!(var > kQuietVariance)) return;
  // The period is the first lag whose correlation is within 10 % of the highest one (a periodic
  // signal correlates as well at two periods as at one: the fundamental is the first).
  float best = -2.0f;  // r: kActivityMaxWindow / 2 + 1 values, the caller's work area
  for (std::size_t lag = lo; lag <= hi; ++lag) {
    float acc = 0.0f;
    for (std::size_t i = 0; i + lag < n; ++i) acc += (x[i] - mean) * (x[i + lag] - mean);
    r[lag] = acc / static_cast<float>(n - lag) / var;
    best = std::max(best, r[lag]);
  }
  const float bar = best - 0.1f * std::fabs(best);
  for (std::size_t lag = lo; lag <= hi; ++lag) {
    const bool local_max =
        (lag == lo || r[lag] >= r[lag - 1]) && (lag == hi || r[lag] >= r[lag + 1]);
    if (r[lag] >= bar && local_max) {
      peak = std::max(-1.0f, std::min(1.0f, r[lag]));
      period_s = static_cast<float>(lag) / rate_hz;
      return;
    }
  }
}

inline float angle_between(const float a[3], const float b[3]) noexcept {
  const float na = std::sqrt(a[0] * a[0] + a[1] * a[1] + a[2] * a[2]);
  const float nb = std::sqrt(b[0] * b[0] + b[1] * b[1] + b[2] * b[2]);
  if (!(na > 1e-6f && nb > 1e-6f)) return 0.0f;
  const float c = (a[0] * b[0] + a[1] * b[1] + a[2] * b[2]) / (na * nb);
  return std::acos(std::max(-1.0f, std::min(1.0f, c)));
}

inline void mean_direction(const float* const g[3], std::size_t from, std::size_t to,
                           float out[3]) noexcept {
  out[0] = out[1] = out[2] = 0.0f;
  for (std::size_t i = from; i < to; ++i) {
    for (std::size_t c = 0; c < 3; ++c) out[c] += g[c][i];
  }
}

}  // namespace detail

// Fills out[0, kActivityFeatureCount) from window `w` (n in [8, kActivityMaxWindow], rate > 0;
// anything else gives all zeros). Every output is finite for finite input. No allocation.
inline void compute_activity_features(const ActivityWindowView& w,
                                      const RealFft<kActivityFftSize>& fft,
                                      ActivityFeatureScratch& s, float* out) noexcept {
  for (std::size_t i = 0; i < kActivityFeatureCount; ++i) out[i] = 0.0f;
  const std::size_t n = w.n;
  if (n < 8 || n > kActivityMaxWindow || !(w.rate_hz > 0.0f)) return;
  auto set = [out](ActivityFeature f, float v) {
    out[static_cast<std::size_t>(f)] = std::isfinite(v) ? v : 0.0f;
  };
  using F = ActivityFeature;

  // |a| from its vertical and horizontal parts.
  for (std::size_t i = 0; i < n; ++i)
    s.a_m[i] = std::sqrt(w.a_v[i] * w.a_v[i] + w.a_h[i] * w.a_h[i]);
  const detail::Moments am = detail::moments(s.a_m, n);
  set(F::am_mean, am.mean);
  set(F::am_std, am.sd);
  set(F::am_min, am.min);
  set(F::am_max, am.max);
  // The 10th, 50th and 90th percentiles of x, listed together from `p10`.
  auto set_percentiles = [&set, &s, n](F p10, const float* x) {
    std::copy(x, x + n, s.sorted());
    const float p[3] = {0.1f, 0.5f, 0.9f};
    for (std::size_t k = 0; k < 3; ++k) {
      set(static_cast<F>(static_cast<std::size_t>(p10) + k), detail::quantile(s.sorted(), n, p[k]));
    }
  };
  static_assert(static_cast<std::size_t>(F::am_p90) - static_cast<std::size_t>(F::am_p10) == 2 &&
                    static_cast<std::size_t>(F::wm_p90) - static_cast<std::size_t>(F::wm_p10) == 2,
                "percentiles are listed together");
  set_percentiles(F::am_p10, s.a_m);

  const detail::Moments av = detail::moments(w.a_v, n);
  set(F::av_mean, av.mean);
  set(F::av_std, av.sd);
  set(F::av_min, av.min);
  set(F::av_max, av.max);
  std::copy(w.a_v, w.a_v + n, s.sorted());
  set(F::av_p10, detail::quantile(s.sorted(), n, 0.1f));
  set(F::av_p90, detail::quantile(s.sorted(), n, 0.9f));
  std::size_t crossings = 0;
  for (std::size_t i = 1; i < n; ++i) {
    if ((w.a_v[i - 1] - av.mean) * (w.a_v[i] - av.mean) < 0.0f) ++crossings;
  }
  const float duration_s = static_cast<float>(n) / w.rate_hz;
  set(F::av_crossings, static_cast<float>(crossings) / duration_s);

  const std::size_t half = n / 2;
  set(F::av_trend,
      detail::moments(w.a_v + half, n - half).mean - detail::moments(w.a_v, half).mean);
  const detail::Moments ah = detail::moments(w.a_h, n);
  set(F::ah_trend,
      detail::moments(w.a_h + half, n - half).mean - detail::moments(w.a_h, half).mean);
  set(F::ah_mean, ah.mean);
  set(F::ah_std, ah.sd);
  set(F::ah_max, ah.max);
  if (av.sd > 1e-5f && ah.sd > 1e-5f) {
    float c = 0.0f;
    for (std::size_t i = 0; i < n; ++i) c += (w.a_v[i] - av.mean) * (w.a_h[i] - ah.mean);
    set(F::avh_corr, std::max(-1.0f, std::min(1.0f, c / static_cast<float>(n) / (av.sd * ah.sd))));
  }

  // Jerk of the (vertical, horizontal) pair, per grid step.
  float jsum = 0.0f, jss = 0.0f;
  for (std::size_t i = 1; i < n; ++i) {
    const float dv = w.a_v[i] - w.a_v[i - 1];
    const float dh = w.a_h[i] - w.a_h[i - 1];
    const float j = std::sqrt(dv * dv + dh * dh) * w.rate_hz;
    jsum += j;
    jss += j * j;
  }
  const float jm = jsum / static_cast<float>(n - 1);
  set(F::jerk_mean, jm);
  set(F::jerk_std, std::sqrt(std::max(0.0f, jss / static_cast<float>(n - 1) - jm * jm)));

  const detail::Moments wm = detail::moments(w.w_m, n);
  set(F::wm_mean, wm.mean);
  set(F::wm_std, wm.sd);
  set(F::wm_max, wm.max);
  set_percentiles(F::wm_p10, w.w_m);
  const detail::Moments wv = detail::moments(w.w_v, n);
  set(F::wv_mean_abs, std::fabs(wv.mean));
  set(F::wv_std, wv.sd);
  // The rate about horizontal axes, from |w| and its vertical part.
  for (std::size_t i = 0; i < n; ++i) {
    s.sorted()[i] = std::sqrt(std::max(0.0f, w.w_m[i] * w.w_m[i] - w.w_v[i] * w.w_v[i]));
  }
  const detail::Moments wh = detail::moments(s.sorted(), n);
  set(F::wh_mean, wh.mean);
  set(F::wh_std, wh.sd);
  set(F::wh_max, wh.max);

  // The seven spectral features of a signal, in list order from its first band.
  auto set_spectral = [&set](F first, const detail::SpectralFeatures& sp) {
    const float v[7] = {sp.band[0], sp.band[1],   sp.band[2], sp.band[3],
                        sp.dom_hz,  sp.dom_share, sp.entropy};
    for (std::size_t k = 0; k < 7; ++k)
      set(static_cast<F>(static_cast<std::size_t>(first) + k), v[k]);
  };
  static_assert(
      static_cast<std::size_t>(F::am_entropy) - static_cast<std::size_t>(F::am_band_0) == 6 &&
          static_cast<std::size_t>(F::wm_entropy) - static_cast<std::size_t>(F::wm_band_0) == 6,
      "the spectral features of a signal are listed together, bands first");
  set_spectral(F::am_band_0, detail::spectral(s.a_m, n, am.mean, w.rate_hz, fft, s));
  set_spectral(F::wm_band_0, detail::spectral(w.w_m, n, wm.mean, w.rate_hz, fft, s));

  float peak = 0.0f, period = 0.0f;
  detail::periodicity(s.a_m, n, am.mean, w.rate_hz, s.autocorrelation(), peak, period);
  set(F::am_ac_peak, peak);
  set(F::am_ac_period, period);
  detail::periodicity(w.w_m, n, wm.mean, w.rate_hz, s.autocorrelation(), peak, period);
  set(F::wm_ac_peak, peak);
  set(F::wm_ac_period, period);

  // Posture: the mean gravity direction, its change from the first to the last quarter, and how
  // far the direction wanders about its mean.
  float g_mean[3];
  detail::mean_direction(w.g, 0, n, g_mean);
  const float gn = std::sqrt(g_mean[0] * g_mean[0] + g_mean[1] * g_mean[1] + g_mean[2] * g_mean[2]);
  if (gn > 1e-6f) {
    set(F::posture_x, std::fabs(g_mean[0]) / gn);
    set(F::posture_y, std::fabs(g_mean[1]) / gn);
    set(F::posture_z, std::fabs(g_mean[2]) / gn);
    float first[3], last[3];
    const std::size_t q = n / 4;
    detail::mean_direction(w.g, 0, q, first);
    detail::mean_direction(w.g, n - q, n, last);
    set(F::posture_change, detail::angle_between(first, last));
    const float nf = std::sqrt(first[0] * first[0] + first[1] * first[1] + first[2] * first[2]);
    const float nl = std::sqrt(last[0] * last[0] + last[1] * last[1] + last[2] * last[2]);
    if (nf > 1e-6f && nl > 1e-6f) {
      set(F::posture_dx, std::fabs(last[0]) / nl - std::fabs(first[0]) / nf);
      set(F::posture_dy, std::fabs(last[1]) / nl - std::fabs(first[1]) / nf);
      set(F::posture_dz, std::fabs(last[2]) / nl - std::fabs(first[2]) / nf);
    }
    float spread = 0.0f;
    for (std::size_t i = 0; i < n; ++i) {
      const float gi[3] = {w.g[0][i], w.g[1][i], w.g[2][i]};
      spread += detail::angle_between(gi, g_mean);
    }
    set(F::tilt_spread, spread / static_cast<float>(n));
  }
}

}  // namespace fusetrack::features
