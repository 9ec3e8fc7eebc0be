// The HeartRateEstimator's definitions (included by heart_rate_estimator.hpp; not on its own).
#pragma once

namespace fusetrack {
namespace heart {

// x limited to [-limit, limit] (a NaN stays NaN; the Tracker never passes one).
inline float bounded(float x, float limit) noexcept {
  return x > limit ? limit : (x < -limit ? -limit : x);
}

// A 2nd-order Butterworth section by the bilinear transform with pre-warping (RBJ cookbook,
// Q = 1/√2): b[0..2], a[0..1] (a0 = 1, a[0] = a1, a[1] = a2).
inline void butterworth(float fc_hz, float fs_hz, bool high_pass, float* b, float* a) noexcept {
  const float w0 = 2.0f * kPi * fc_hz / fs_hz;
  const float alpha = std::sin(w0) / std::sqrt(2.0f);
  const float cw = std::cos(w0);
  const float a0 = 1.0f + alpha;
  if (high_pass) {
    b[0] = (1.0f + cw) * 0.5f / a0;
    b[1] = -(1.0f + cw) / a0;
  } else {
    b[0] = (1.0f - cw) * 0.5f / a0;
    b[1] = (1.0f - cw) / a0;
  }
  b[2] = b[0];
  a[0] = -2.0f * cw / a0;
  a[1] = (1.0f - alpha) / a0;
}

inline HeartRateEstimator::HeartRateEstimator(const HeartSettings& s) noexcept : s_(s) {
  static_assert(std::is_trivially_copyable<HeartState>::value,
                "the Tracker saves a HeartState as bytes");
  if (!ok(s_.validate())) s_ = HeartSettings{};
  window_n_ = static_cast<std::uint32_t>(std::lround(s_.window_s * kGridHz));
  hop_n_ = static_cast<std::uint32_t>(std::lround(s_.hop_s * kGridHz));
  if (hop_n_ < 1) hop_n_ = 1;
  if (window_n_ > kWindowCapacity) window_n_ = kWindowCapacity;
  // Whole hops in a window (validate() asked for it; rounding to the grid keeps it).
  window_n_ = (window_n_ / hop_n_) * hop_n_;
  k_lo_ = static_cast<std::size_t>(std::floor(s_.min_bpm / 60.0f / kBinHz));
  k_hi_ = static_cast<std::size_t>(std::ceil(s_.max_bpm / 60.0f / kBinHz));
  if (k_hi_ >= kBandCapacity) k_hi_ = kBandCapacity - 1;
  if (k_lo_ < 1) k_lo_ = 1;
  grid_step_us_ = static_cast<Micros>(std::lround(1e6f / kGridHz));
  aa_tau_us_ = 1e6f / (2.0f * kPi * kAntiAliasHz);
  butterworth(kHighPassHz, kGridHz, true, hp_b_, hp_a_);
  butterworth(kLowPassHz, kGridHz, false, lp_b_, lp_a_);
  const float dt = 1.0f / kGridHz;
  ms_gain_ = dt / (s_.window_s + dt);
  // The forward filter's step kernel over bins: sigma kStepSigmaBpm per 2 s hop, as a random walk
  // (sigma grows with the square root of the hop).
  const float bin_bpm = 60.0f * kBinHz;
  const float sigma_bins = kStepSigmaBpm * std::sqrt(s_.hop_s / 2.0f) / bin_bpm;
  kernel_taps_ = static_cast<std::size_t>(std::ceil(3.0f * sigma_bins));
  if (kernel_taps_ > kMaxKernelTaps) kernel_taps_ = kMaxKernelTaps;
  float ksum = 0.0f;
  for (std::size_t d = 0; d <= kernel_taps_; ++d) {
    const float u = static_cast<float>(d) / sigma_bins;
    kernel_[d] = std::exp(-0.5f * u * u);
    ksum += d == 0 ? kernel_[d] : 2.0f * kernel_[d];
  }
  for (std::size_t d = 0; d <= kernel_taps_; ++d) kernel_[d] /= ksum;
  conf_bins_ = static_cast<std::size_t>(std::lround(kConfidenceBpm / bin_bpm));
  refine_len_ =
      static_cast<std::uint32_t>(std::lround(kRefineShare * static_cast<float>(window_n_)));
  refine_stride_ = static_cast<std::uint32_t>(std::lround(kRefineStride_s * kGridHz));
  if (refine_stride_ < 1) refine_stride_ = 1;
  reset();
}

inline void HeartRateEstimator::reset() noexcept {
  assign_default(st_);
  features::ResamplerSettings rs;
  rs.rate_hz = kGridHz;
  rs.max_gap_s = s_.max_gap_s;
  st_.ppg_resampler = features::Resampler<kMaxPpgChannels>(rs);
  st_.acc_resampler = features::Resampler<3>(rs);
  if (sink_ != nullptr) assign_default(*sink_);
}

// Two biquads in series (high-pass, then low-pass), transposed direct form II; slot's state is
// st_.bp[slot] = {hp z1, hp z2, lp z1, lp z2}.
inline float HeartRateEstimator::band_pass(std::size_t slot, float x) noexcept {
  std::array<float, 4>& z = st_.bp[slot];
  const float h = hp_b_[0] * x + z[0];
  z[0] = hp_b_[1] * x - hp_a_[0] * h + z[1];
  z[1] = hp_b_[2] * x - hp_a_[1] * h;
  const float y = lp_b_[0] * h + z[2];
  z[2] = lp_b_[1] * h - lp_a_[0] * y + z[3];
  z[3] = lp_b_[2] * h - lp_a_[1] * y;
  return y;
}

inline void HeartRateEstimator::push_acc(Micros t_us, const Vec3& acc_m_s2) noexcept {
  HeartState& s = st_;
  const float in[3] = {bounded(acc_m_s2.x(), kMaxAcc_m_s2), bounded(acc_m_s2.y(), kMaxAcc_m_s2),
                       bounded(acc_m_s2.z(), kMaxAcc_m_s2)};
  const Micros dt_us = s.acc_input_started ? elapsed_us(s.acc_input_t_us, t_us) : -1;
  if (!s.acc_input_started || dt_us > s.acc_resampler.max_gap_us() || dt_us >= grid_step_us_) {
    for (std::size_t k = 0; k < 3; ++k) s.acc_pre1[k] = s.acc_pre2[k] = in[k];
    s.acc_input_started = 1;
    s.acc_input_t_us = t_us;
  } else if (dt_us > 0) {
    const float dt = static_cast<float>(static_cast<std::int32_t>(dt_us));
    const float alpha = dt / (aa_tau_us_ + dt);
    for (std::size_t k = 0; k < 3; ++k) {
      s.acc_pre1[k] += alpha * (in[k] - s.acc_pre1[k]);
      s.acc_pre2[k] += alpha * (s.acc_pre1[k] - s.acc_pre2[k]);
    }
    s.acc_input_t_us = t_us;
  }
  const features::ResampleResult r = s.acc_resampler.push(
      t_us, s.acc_pre2, [&](Micros, const std::array<float, 3>& v) { on_acc_grid(v); });
  if (r.restarted) {
    for (std::size_t k = 0; k < 3; ++k) s.bp[kMaxPpgChannels + k] = {in[k] * 0.0f, 0, 0, 0};
    s.acc_grid = 0;
  }
}

inline void HeartRateEstimator::on_acc_grid(const std::array<float, 3>& v) noexcept {
  HeartState& s = st_;
  // The band-pass's start-up (a step of gravity) is not motion: the first grid points prime it.
  if (s.acc_grid == 0) {
    for (std::size_t k = 0; k < 3; ++k) {
      // Steady state of the high-pass for a constant input: output 0, z chosen accordingly.
      std::array<float, 4>& z = s.bp[kMaxPpgChannels + k];
      const float x = v[k];
      // For a constant x the high-pass's steady output is 0: h = 0 gives z1 = -b0 x,
      // z2 = b2 x (from h = b0 x + z1 and z2 = b2 x - a2 h).
      z = {-hp_b_[0] * x, hp_b_[2] * x, 0.0f, 0.0f};
    }
  }
  if (s.acc_grid < UINT32_MAX) ++s.acc_grid;
  for (std::size_t k = 0; k < 3; ++k) s.acc_hold[k] = band_pass(kMaxPpgChannels + k, v[k]);
}

inline void HeartRateEstimator::start_block() noexcept { st_.block = HeartBlock{}; }

inline void HeartRateEstimator::add_to_block(const PpgSample& p) noexcept {
  HeartBlock& b = st_.block;
  const float x = p.ppg[0];
  const std::uint8_t n = p.channel_count;
  if (b.samples == 0) {
    b.min = b.max = x;
    for (std::uint8_t c = 0; c < n && c < kMaxPpgChannels; ++c) st_.block_first[c] = p.ppg[c];
    b.run_value = x;
    b.run = 0;
  }
  for (std::uint8_t c = 0; c < n && c < kMaxPpgChannels; ++c) {
    if (p.ppg[c] != st_.block_first[c]) b.changed |= static_cast<std::uint8_t>(1u << c);
  }
  b.min = x < b.min ? x : b.min;
  b.max = x > b.max ? x : b.max;
  // Clipping: at the known full scale; unknown, in a run of kRailRun or more equal values at
  // the hop's extreme so far (a rail).
  bool clipped = false;
  for (std::uint8_t c = 0; c < n && c < kMaxPpgChannels; ++c) {
    if (s_.ppg_full_scale > 0.0f && std::fabs(p.ppg[c]) >= s_.ppg_full_scale) clipped = true;
  }
  if (x == b.run_value) {
    if (b.run < UINT32_MAX) ++b.run;
  } else {
    b.run_value = x;
    b.run = 1;
  }
  if (s_.ppg_full_scale <= 0.0f && b.run >= kRailRun && (x == b.max || x == b.min)) {
    // The run's earlier samples count once it qualifies.
    b.clipped += b.run == kRailRun ? kRailRun - 1 : 0;
    clipped = true;
  }
  if (clipped && b.clipped < UINT32_MAX) ++b.clipped;
  const float level = x - (p.has_ambient ? p.ambient : 0.0f);
  b.level_sum += level;
  if (p.has_ambient) {
    if (!b.has_ambient) b.ambient_min = b.ambient_max = p.ambient;
    b.has_ambient = 1;
    b.ambient_min = p.ambient < b.ambient_min ? p.ambient : b.ambient_min;
    b.ambient_max = p.ambient > b.ambient_max ? p.ambient : b.ambient_max;
  }
  ++b.samples;
}

inline bool HeartRateEstimator::push_ppg(const PpgSample& p) noexcept {
  HeartState& s = st_;
  const std::uint8_t n = p.channel_count < 1                 ? 1
                         : p.channel_count > kMaxPpgChannels ? kMaxPpgChannels
                                                             : p.channel_count;
  std::array<float, kMaxPpgChannels> in{};
  // Bounded inputs keep every sum finite (no guard needed per sample): see kMaxPpgCounts.
  PpgSample q = p;
  for (std::uint8_t c = 0; c < n; ++c) q.ppg[c] = bounded(p.ppg[c], kMaxPpgCounts);
  q.ambient = bounded(p.ambient, kMaxPpgCounts);
  for (std::uint8_t c = 0; c < n; ++c) in[c] = q.ppg[c];
  const Micros dt_us = s.ppg_input_started ? elapsed_us(s.ppg_input_t_us, p.t_us) : -1;
  if (!s.ppg_input_started || dt_us > s.ppg_resampler.max_gap_us() || dt_us >= grid_step_us_ ||
      n != s.channels) {
    s.ppg_pre1 = s.ppg_pre2 = in;
    s.ppg_input_started = 1;
    s.ppg_input_t_us = p.t_us;
  } else if (dt_us > 0) {
    const float dt = static_cast<float>(static_cast<std::int32_t>(dt_us));
    const float alpha = dt / (aa_tau_us_ + dt);
    for (std::uint8_t c = 0; c < n; ++c) {
      s.ppg_pre1[c] += alpha * (in[c] - s.ppg_pre1[c]);
      s.ppg_pre2[c] += alpha * (s.ppg_pre1[c] - s.ppg_pre2[c]);
    }
    s.ppg_input_t_us = p.t_us;
  }
  bool made = false;
  const features::ResampleResult r = s.ppg_resampler.push(
      p.t_us, s.ppg_pre2, [&](Micros grid_t_us, const std::array<float, kMaxPpgChannels>& v) {
        if (on_ppg_grid(grid_t_us, v)) made = true;
      });
  if (r.restarted || n != s.channels) {
    // First sample, a gap or another channel count: the window starts over (the track stays).
    if (n != s.channels) s.ppg_resampler.reset();
    if (n != s.channels) s.ppg_resampler.push(p.t_us, s.ppg_pre2, [](Micros, const auto&) {});
    s.channels = n;
    s.window.clear();
    s.ppg_grid = 0;
    for (std::uint8_t c = 0; c < kMaxPpgChannels; ++c) {
      s.bp[c] = {-hp_b_[0] * in[c], hp_b_[2] * in[c], 0.0f, 0.0f};
      s.ppg_ms[c] = 0.0f;
    }
    start_block();
    s.last_block = HeartBlock{};
  }
  add_to_block(q);
  return made;
}

inline bool HeartRateEstimator::on_ppg_grid(Micros grid_t_us,
                                            const std::array<float, kMaxPpgChannels>& v) noexcept {
  HeartState& s = st_;
  float z = 0.0f;
  for (std::uint8_t c = 0; c < s.channels; ++c) {
    const float y = band_pass(c, v[c]);
    // The running mean square starts at the first value, so one channel's scale is right at once.
    s.ppg_ms[c] = s.ppg_grid == 0 ? y * y : s.ppg_ms[c] + ms_gain_ * (y * y - s.ppg_ms[c]);
    z += y / std::sqrt(s.ppg_ms[c] + 1e-20f);
  }
  z /= static_cast<float>(s.channels > 0 ? s.channels : 1);
  // Noise cancelling (kAncTaps): z less its prediction from the newest accelerometer samples.
  {
    float taps[3 * kAncTaps];
    const std::size_t size = s.window.size();
    float energy = kAncFloor_m2_s4;
    for (std::size_t c = 0; c < 3; ++c) {
      taps[c * kAncTaps] = s.acc_hold[c];
      for (std::size_t j = 1; j < kAncTaps; ++j) {
        taps[c * kAncTaps + j] = size >= j ? s.window.at(c + 1, size - j) : 0.0f;
      }
    }
    float y = 0.0f;
    for (std::size_t i = 0; i < 3 * kAncTaps; ++i) {
      y += s.anc[i] * taps[i];
      energy += taps[i] * taps[i];
    }
    const float err = z - y;
    const float mu = kAncStep / energy;
    for (std::size_t i = 0; i < 3 * kAncTaps; ++i) s.anc[i] += mu * err * taps[i];
    z = err;
  }
  s.window.push({z, s.acc_hold[0], s.acc_hold[1], s.acc_hold[2]});
  if (s.ppg_grid < UINT32_MAX) ++s.ppg_grid;
  if (s.ppg_grid % hop_n_ != 0) return false;
  // A hop ends here.
  s.last_block = s.block;
  start_block();
  if (s.ppg_grid < window_n_) return false;
  s.estimate.window_end_us = later_us(grid_t_us, grid_step_us_);
  make_estimate();
  return true;
}

// Sum over the PPG signal's samples [from, from + len) of the window (0 = its oldest) of
// (x_n - mean) exp(-i omega n), n counted from the window's start so that the phases of
// different stretches compare; omega in rad per grid sample.
inline void HeartRateEstimator::dft_at(float omega, std::uint32_t from, std::uint32_t len,
                                       float* re, float* im) const noexcept {
  const features::Window<float, 4, kWindowCapacity>& w = st_.window;
  const std::size_t first = w.size() - window_n_ + from;
  float mean = 0.0f;
  for (std::uint32_t n = 0; n < len; ++n) mean += w.at(0, first + n);
  mean /= static_cast<float>(len);
  // Rotating phasor from exp(-i omega from), renormalized every 32 steps (float drift).
  const float start = -omega * static_cast<float>(from);
  float cr = std::cos(start), ci = std::sin(start);
  const float sr = std::cos(omega), si = -std::sin(omega);
  float ar = 0.0f, ai = 0.0f;
  for (std::uint32_t n = 0; n < len; ++n) {
    const float x = w.at(0, first + n) - mean;
    ar += x * cr;
    ai += x * ci;
    const float nr = cr * sr - ci * si;
    ci = cr * si + ci * sr;
    cr = nr;
    if ((n & 31u) == 31u) {
      const float m = 1.0f / std::sqrt(cr * cr + ci * ci);
      cr *= m;
      ci *= m;
    }
  }
  *re = ar;
  *im = ai;
}

// |X_k| of channel c's window for the band's bins into out[k_lo_..k_hi_]; returns the band max.
inline float HeartRateEstimator::band_spectrum(std::size_t c, float* out, float* work) noexcept {
  st_.window.copy_last(c, window_n_, work);
  float mean = 0.0f;
  for (std::uint32_t n = 0; n < window_n_; ++n) mean += work[n];
  mean /= static_cast<float>(window_n_);
  for (std::uint32_t n = 0; n < window_n_; ++n) work[n] -= mean;
  std::memset(work + window_n_, 0, (kFftSize - window_n_) * sizeof(float));
  fft_.forward(work);
  float peak = 0.0f;
  for (std::size_t k = k_lo_; k <= k_hi_; ++k) {
    const float m = std::sqrt(work[2 * k] * work[2 * k] + work[2 * k + 1] * work[2 * k + 1]);
    out[k] = m;
    peak = m > peak ? m : peak;
  }
  return peak;
}

// The frequency near bin k, refined from the phase of the PPG signal demodulated at the bin's
// frequency over kRefineSpans stretches of kRefineLength of the window, kRefineStride apart: a
// sinusoid at f turns the demodulated phase by 2 pi (f - f_k) per second, so a straight line
// through the (unwrapped) phases gives f - f_k. It generalizes the phase vocoder of WFPV (the
// phase advance of one bin between two windows a hop apart) to stretches inside the current
// window, so the estimate does not lag by a hop. A result outside the peak's main lobe is noise:
// the bin's own frequency is kept then.
inline float HeartRateEstimator::refine_hz(std::size_t k) const noexcept {
  const float bin_hz = static_cast<float>(k) * kBinHz;
  const float omega = 2.0f * kPi * bin_hz / kGridHz;
  const std::uint32_t len = refine_len_;
  const std::uint32_t stride = refine_stride_;
  if (len < 4 || len > window_n_ || stride < 1) return bin_hz;
  const std::uint32_t spans = (window_n_ - len) / stride + 1;
  if (spans < 2) return bin_hz;
  float prev = 0.0f, sum_x = 0.0f, sum_p = 0.0f, sum_xx = 0.0f, sum_xp = 0.0f;
  for (std::uint32_t j = 0; j < spans; ++j) {
    float re, im;
    dft_at(omega, j * stride, len, &re, &im);
    float ph = std::atan2(im, re);
    if (j > 0) {
      while (ph - prev > kPi) ph -= 2.0f * kPi;
      while (ph - prev < -kPi) ph += 2.0f * kPi;
    }
    prev = ph;
    const float x = static_cast<float>(j * stride);
    sum_x += x;
    sum_p += ph;
    sum_xx += x * x;
    sum_xp += x * ph;
  }
  const float n = static_cast<float>(spans);
  const float den = n * sum_xx - sum_x * sum_x;
  if (!(den > 0.0f)) return bin_hz;
  const float slope = (n * sum_xp - sum_x * sum_p) / den;  // rad per grid sample
  const float f = bin_hz + slope * kGridHz / (2.0f * kPi);
  return std::fabs(f - bin_hz) <= 2.0f * kBinHz ? f : bin_hz;
}

inline HeartReason HeartRateEstimator::judge_block() noexcept {
  HeartState& s = st_;
  const HeartBlock& b = s.last_block;
  if (b.samples == 0) return HeartReason::kWarmingUp;
  const std::uint8_t all = static_cast<std::uint8_t>((1u << s.channels) - 1u);
  if ((b.changed & all) != all) return HeartReason::kFlat;
  if (static_cast<float>(b.clipped) > kClippedShare * static_cast<float>(b.samples)) {
    return HeartReason::kClipped;
  }
  // AC amplitude of channel 0 (band-passed), counts.
  const float ac = std::sqrt(s.ppg_ms[0]);
  const float level = b.level_sum / static_cast<float>(b.samples);
  // No contact: the level (less ambient) fell below kContactDrop of the level seen in contact,
  // judged only where the level is a real DC (far above the pulse), not a signal with its
  // baseline removed.
  if (s.dc_judged && std::fabs(level) < kContactDrop * std::fabs(s.contact_level)) {
    return HeartReason::kNoContact;
  }
  if (b.has_ambient && (b.ambient_max - b.ambient_min) > kAmbientOverPulse * 2.8f * ac) {
    return HeartReason::kAmbientLight;
  }
  return HeartReason::kValid;
}

inline void HeartRateEstimator::make_estimate() noexcept {
  HeartState& s = st_;
  HeartEstimate& e = s.estimate;
  ++e.index;
  // Working memory of one estimate, on the stack (1 KiB once per hop, not per sample): the
  // transform's work area, then the second cleaned spectrum and the motion mask, then the
  // predicted posterior.
  float work[kFftSize];
  HeartSpectra local{};
  HeartSpectra& sp = sink_ != nullptr ? *sink_ : local;
  float* const ppg_sp = sp.ppg;
  float* const acc_sp = sp.acc;
  float* const clean_sp = sp.clean;
  // Spectra.
  const float ppg_peak = band_spectrum(0, ppg_sp, work);
  float acc_total = 0.0f;
  for (std::size_t k = k_lo_; k <= k_hi_; ++k) acc_sp[k] = 0.0f;
  float motion_best = 0.0f;
  std::size_t motion_k = 0;
  for (std::size_t c = 1; c <= 3; ++c) {
    const float peak = band_spectrum(c, clean_sp, work);
    for (std::size_t k = k_lo_; k <= k_hi_; ++k) acc_total += clean_sp[k] * clean_sp[k];
    if (peak > 0.0f) {
      const float inv = 1.0f / peak;
      for (std::size_t k = k_lo_; k <= k_hi_; ++k) acc_sp[k] += clean_sp[k] * inv * (1.0f / 3.0f);
    }
  }
  // Motion level: the square root of the three axes' energy in the band over the window length.
  // By Parseval it is proportional to the band-passed acceleration's RMS (about its RMS in m/s²
  // times sqrt(window samples / 2)); kMotionRef_m_s2 and the 0.5 of motion_weight are on this
  // scale.
  const float motion = std::sqrt(acc_total) / static_cast<float>(window_n_);
  const float motion_weight = motion / (motion + kMotionRef_m_s2);
  for (std::size_t k = k_lo_; k <= k_hi_; ++k) {
    acc_sp[k] *= motion_weight;
    if (acc_sp[k] > motion_best) {
      motion_best = acc_sp[k];
      motion_k = k;
    }
  }
  e.motion_hz = motion_weight > 0.5f ? static_cast<float>(motion_k) * kBinHz : 0.0f;
  // Wiener filters (WFPV's two, on magnitudes): W1 = 1 - noise / signal average (floored at
  // -1), W2 = signal average / (signal average + noise).
  const float inv_peak = ppg_peak > 0.0f ? 1.0f / ppg_peak : 0.0f;
  float avg1_max = 0.0f, avg2_max = 0.0f;
  for (std::size_t k = k_lo_; k <= k_hi_; ++k) {
    const float v = ppg_sp[k] * inv_peak;
    s.avg_raw[k] = s.tracking ? s.avg_raw[k] + kAverageGain * (v - s.avg_raw[k]) : v;
    avg1_max = s.avg_raw[k] > avg1_max ? s.avg_raw[k] : avg1_max;
    avg2_max = s.avg_clean[k] > avg2_max ? s.avg_clean[k] : avg2_max;
  }
  const float inv1 = avg1_max > 0.0f ? 1.0f / avg1_max : 0.0f;
  const float inv2 = avg2_max > 0.0f ? 1.0f / avg2_max : 0.0f;
  float c1_sum = 0.0f, c1_sq = 0.0f, c2_sum = 0.0f, c2_sq = 0.0f, c2_max = 0.0f;
  const float nb = static_cast<float>(k_hi_ - k_lo_ + 1);
  for (std::size_t k = k_lo_; k <= k_hi_; ++k) {
    const float sig1 = s.avg_raw[k] * inv1;
    float w1 = sig1 > 0.0f ? 1.0f - acc_sp[k] / sig1 : -1.0f;
    w1 = w1 < -1.0f ? -1.0f : w1;
    const float sig2 = s.tracking ? s.avg_clean[k] * inv2 : sig1;
    const float w2 = sig2 + acc_sp[k] > 0.0f ? sig2 / (sig2 + acc_sp[k]) : 0.0f;
    const float c1 = ppg_sp[k] * w1;
    const float c2 = ppg_sp[k] * w2;
    clean_sp[k] = c1;  // held here for the second pass
    work[k] = c2;
    c1_sum += c1;
    c1_sq += c1 * c1;
    c2_sum += c2;
    c2_sq += c2 * c2;
    c2_max = c2 > c2_max ? c2 : c2_max;
  }
  const float c1_sd = std::sqrt(std::fmax(c1_sq / nb - (c1_sum / nb) * (c1_sum / nb), 0.0f));
  const float c2_sd = std::sqrt(std::fmax(c2_sq / nb - (c2_sum / nb) * (c2_sum / nb), 0.0f));
  const float inv_c1 = c1_sd > 0.0f ? 1.0f / c1_sd : 0.0f;
  const float inv_c2 = c2_sd > 0.0f ? 1.0f / c2_sd : 0.0f;
  const float inv_c2max = c2_max > 0.0f ? 1.0f / c2_max : 0.0f;
  float best = 0.0f;
  for (std::size_t k = k_lo_; k <= k_hi_; ++k) {
    const float v2 = work[k] * inv_c2max;
    s.avg_clean[k] = s.tracking ? s.avg_clean[k] + kAverageGain * (v2 - s.avg_clean[k]) : v2;
    clean_sp[k] = clean_sp[k] * inv_c1 + work[k] * inv_c2;
  }
  // Where the accelerometer itself peaks, a PPG peak is motion until shown otherwise (the peak
  // matching of SpaMa: Salehizadeh et al., "A Novel Time-Varying Spectral Filtering Algorithm for
  // Reconstruction of Motion Artifact Corrupted Heart Rate Signals During Intense Physical
  // Activities Using a Wearable Photoplethysmogram Sensor", Sensors 16(1), 2016): the whole main
  // lobe around each accelerometer peak is scaled by one factor, so the PPG peak keeps its shape
  // and place (a heart rate equal to the cadence stays where it is, weaker) and no flank becomes
  // a peak of its own.
  const std::size_t lobe_bins = kFftSize / window_n_;
  for (std::size_t k = k_lo_; k <= k_hi_; ++k) work[kFftSize / 2 + k] = 1.0f;
  // How long the track has sat on a motion peak: the heart may meet the cadence, but a track
  // that stays on the motion is more likely the motion; the fade of the notch wears off.
  bool on_motion = false;
  const float near_keep =
      kNotchNearKeep * (s.on_motion >= kOnMotionMax ? 0.0f
                                                    : 1.0f - static_cast<float>(s.on_motion) /
                                                                 static_cast<float>(kOnMotionMax));
  for (std::size_t k = k_lo_ + 1; k < k_hi_; ++k) {
    const float a = acc_sp[k];
    if (a < kMotionPeakMin || a < acc_sp[k - 1] || a < acc_sp[k + 1]) continue;
    // Near the heart rate the track predicts, the peak may be the heart's as well: the notch
    // fades there.
    float depth = kMotionNotch;
    if (s.tracking) {
      const float d = (static_cast<float>(k) * 60.0f * kBinHz - e.bpm) * (1.0f / kNotchNearBpm);
      depth *= 1.0f - near_keep * std::exp(-0.5f * d * d);
      if (a >= kOnMotionPeak && std::fabs(d) < 0.5f) on_motion = true;
    }
    const float keep = 1.0f - depth * a;
    const std::size_t lo = k > k_lo_ + lobe_bins ? k - lobe_bins : k_lo_;
    const std::size_t hi = k + lobe_bins < k_hi_ ? k + lobe_bins : k_hi_;
    for (std::size_t j = lo; j <= hi; ++j) {
      float& f = work[kFftSize / 2 + j];
      f = keep < f ? keep : f;
    }
  }
  s.on_motion = on_motion ? (s.on_motion < 255 ? s.on_motion + 1 : 255) : 0;
  for (std::size_t k = k_lo_; k <= k_hi_; ++k) {
    clean_sp[k] *= work[kFftSize / 2 + k] > 0.0f ? work[kFftSize / 2 + k] : 0.0f;
    best = clean_sp[k] > best ? clean_sp[k] : best;
  }
  // Normalize the cleaned spectrum to [0, 1] (negative bins: no evidence).
  const float inv_best = best > 0.0f ? 1.0f / best : 0.0f;
  for (std::size_t k = k_lo_; k <= k_hi_; ++k) {
    clean_sp[k] = clean_sp[k] > 0.0f ? clean_sp[k] * inv_best : 0.0f;
  }
  for (std::size_t k = k_lo_; k <= k_hi_; ++k) ppg_sp[k] *= inv_peak;
  // Tracking: a causal forward filter over the band's bins (the online half of a hidden Markov
  // model's forward-backward pass; Temko's WFPV+VD decodes the same model offline). The
  // posterior of the heart rate moves by a Gaussian step of kStepSigmaBpm per hop, with
  // kJumpShare of it spread over the band (so a lost track is found again), and is weighted by
  // kEvidenceFloor + the cleaned spectrum squared. The estimate is the posterior's mode refined
  // by refine_hz(); the confidence is the posterior's mass within kConfidenceBpm of it.
  const HeartReason block_reason = judge_block();
  const std::size_t nbins = k_hi_ - k_lo_ + 1;
  float* post = s.posterior.data() + k_lo_;
  float* tmp = work;  // free again: the spectra are done
  if (!s.tracking) {
    // Before any evidence: a broad prior around a resting heart rate.
    float sum = 0.0f;
    for (std::size_t i = 0; i < nbins; ++i) {
      const float d = (static_cast<float>(k_lo_ + i) * 60.0f * kBinHz - kInitialBpm) *
                      (1.0f / kInitialSigmaBpm);
      post[i] = std::exp(-0.5f * d * d);
      sum += post[i];
    }
    for (std::size_t i = 0; i < nbins; ++i) post[i] /= sum;
  }
  // Predict: convolve with the step kernel (taps derived once), then mix in the jump share.
  const float jump = kJumpShare;
  for (std::size_t i = 0; i < nbins; ++i) {
    float acc = kernel_[0] * post[i];
    for (std::size_t d = 1; d <= kernel_taps_; ++d) {
      if (i >= d) acc += kernel_[d] * post[i - d];
      if (i + d < nbins) acc += kernel_[d] * post[i + d];
    }
    tmp[i] = (1.0f - jump) * acc + jump / static_cast<float>(nbins);
  }
  // Update with the evidence (none when the block says the signal is unusable).
  float norm = 0.0f;
  const bool evidence = block_reason == HeartReason::kValid;
  for (std::size_t i = 0; i < nbins; ++i) {
    float e_k = 1.0f;
    if (evidence) {
      const float c = clean_sp[k_lo_ + i];
      e_k = kEvidenceFloor + c * c;
    }
    tmp[i] *= e_k;
    norm += tmp[i];
  }
  const float inv_norm = norm > 0.0f ? 1.0f / norm : 0.0f;
  std::size_t i_best = 0;
  for (std::size_t i = 0; i < nbins; ++i) {
    post[i] = norm > 0.0f ? tmp[i] * inv_norm : 1.0f / static_cast<float>(nbins);
    i_best = post[i] > post[i_best] ? i : i_best;
  }
  s.tracking = 1;
  const std::size_t k_best = k_lo_ + i_best;
  float mass = 0.0f;
  const std::size_t reach = conf_bins_;
  for (std::size_t i = i_best > reach ? i_best - reach : 0; i < nbins && i <= i_best + reach; ++i) {
    mass += post[i];
  }
  // The confidence: the track is sharp (the posterior's mass near its mode) and this window
  // shows a peak there (the cleaned spectrum at the mode against its mean over the band: about 2
  // for noise alone, 5 to 20 for a pulse), mapped from kPeakNoise .. kPeakClean to 0 .. 1.
  float mean_clean = 0.0f;
  for (std::size_t k = k_lo_; k <= k_hi_; ++k) mean_clean += clean_sp[k];
  mean_clean /= static_cast<float>(nbins);
  const float peak_ratio = mean_clean > 0.0f ? clean_sp[k_best] / mean_clean : 0.0f;
  float shows = (peak_ratio - kPeakNoise) / (kPeakClean - kPeakNoise);
  shows = shows < 0.0f ? 0.0f : (shows > 1.0f ? 1.0f : shows);
  const float conf = evidence ? mass * shows : 0.0f;
  HeartReason reason = block_reason;
  if (reason == HeartReason::kValid && conf < s_.min_confidence) {
    reason = motion_weight > 0.5f ? HeartReason::kMotion : HeartReason::kNoPulse;
  }
  // An invalid estimate holds the last valid rate (the posterior's mode wanders when the
  // evidence is weak); the first estimates take the mode so that every window has a number.
  if (reason == HeartReason::kValid || !s.have_valid) {
    e.bpm = 60.0f * refine_hz(k_best);
    if (reason == HeartReason::kValid) s.have_valid = 1;
  }
  if (e.bpm < s_.min_bpm) e.bpm = s_.min_bpm;
  if (e.bpm > s_.max_bpm) e.bpm = s_.max_bpm;
  // The level in contact is learned from valid estimates; it is a DC worth judging only when
  // far above the pulse (a PPG whose baseline the front end removed has none).
  if (reason == HeartReason::kValid && s.last_block.samples > 0) {
    const float level = s.last_block.level_sum / static_cast<float>(s.last_block.samples);
    s.contact_level = s.dc_judged || s.contact_level != 0.0f
                          ? s.contact_level + kContactGain * (level - s.contact_level)
                          : level;
    s.dc_judged = std::fabs(s.contact_level) > kDcOverAc * std::sqrt(s.ppg_ms[0]) ? 1 : 0;
  }
  e.confidence = reason == HeartReason::kValid ? conf : 0.0f;
  e.valid = reason == HeartReason::kValid;
  e.reason = reason;
}

inline bool HeartRateEstimator::finite(const HeartState& s) noexcept {
  float probe = 0.0f;
  for (float v : s.avg_raw) probe += v * 0.0f;
  for (float v : s.avg_clean) probe += v * 0.0f;
  for (const auto& z : s.bp) probe += z[0] * 0.0f + z[1] * 0.0f + z[2] * 0.0f + z[3] * 0.0f;
  for (float v : s.ppg_ms) probe += v * 0.0f;
  for (float v : s.acc_hold) probe += v * 0.0f;
  for (float v : s.anc) probe += v * 0.0f;
  probe += s.window.finite_probe();
  probe += s.contact_level * 0.0f;
  for (float v : s.posterior) probe += v * 0.0f;
  probe += s.estimate.bpm * 0.0f + s.estimate.confidence * 0.0f + s.estimate.motion_hz * 0.0f;
  probe += s.block.level_sum * 0.0f + s.last_block.level_sum * 0.0f;
  return probe == 0.0f && s.ppg_resampler.state_finite() && s.acc_resampler.state_finite();
}

inline bool HeartRateEstimator::consistent(const HeartState& s) const noexcept {
  if (!s.ppg_resampler.consistent() || !s.acc_resampler.consistent()) return false;
  if (!s.window.consistent()) return false;
  if (s.channels > kMaxPpgChannels) return false;
  if (s.tracking > 1 || s.ppg_input_started > 1 || s.acc_input_started > 1 || s.have_valid > 1 ||
      s.dc_judged > 1) {
    return false;
  }
  return static_cast<std::size_t>(s.estimate.reason) < kHeartReasonCount;
}

}  // namespace heart
}  // namespace fusetrack
