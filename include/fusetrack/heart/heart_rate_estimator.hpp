// HeartRateEstimator: heart rate from wrist PPG (1 to 4 channels) and the accelerometer of the
// same device, causal, one estimate every hop_s over the last window_s, each with a confidence
// and, when the signal cannot carry a rate, marked invalid with the reason.
//
// Mechanism (docs/heart.md has each constant with its measurement):
//  1. Front end. PPG and accelerometer each arrive on their own clock, at any rate. Two one-pole
//     low-passes on the input's clock (kAntiAliasHz) when it is faster than the grid, then the
//     shared resampler puts both on the stage's kGridHz grid, where a 2nd-order Butterworth
//     high-pass and low-pass keep the heart band. PPG channels are each scaled by their running
//     RMS and averaged, so one channel or several give one signal.
//  2. Adaptive noise cancelling: a slow normalized LMS filter predicts that signal from the
//     three accelerometer axes and subtracts the prediction (kAncTaps, kAncStep).
//  3. Spectra. Every hop the last window of the signal and of the three axes is transformed
//     (features::RealFft, kFftSize points, zero-padded); the bins from min_bpm to max_bpm stay.
//  4. Motion suppression in the spectrum: WFPV's two Wiener filters with the accelerometer's
//     spectrum as the noise and a running average of the PPG's spectra as the signal (Temko,
//     "Accurate Heart Rate Monitoring During Physical Exercises Using PPG", IEEE TBME 64(9),
//     2017), then SpaMa's peak matching (Salehizadeh et al., Sensors 16(1), 2016): a PPG peak
//     where the accelerometer peaks is motion until shown otherwise, unless the track is there.
//  5. Tracking: a causal forward filter (the online half of a hidden Markov model) over the
//     band's bins: a Gaussian random walk per hop, a small share spread over the band so a lost
//     track is found again, the cleaned spectrum as the evidence. Its mode is the estimate,
//     refined below one bin by the phase slope of the signal demodulated at that bin over
//     stretches of the window (a generalization of WFPV's phase vocoder that does not lag by a
//     hop); the posterior's mass near the mode is the confidence. Half and double rates need no
//     special case: the track moves continuously, and a jump needs evidence over several hops.
//  6. Validity. The newest hop of raw samples is judged first: a flat channel, samples at full
//     scale, no skin contact (the PPG level drops to what ambient light alone gives), ambient
//     light that moves more than the pulse; then the spectrum: a confidence below
//     min_confidence is no pulse (noise only) at rest or motion that leaves no usable signal.
//     Any of them makes the estimate invalid with that reason; the rate then holds the last
//     valid one (every window has a number, as evaluation protocols ask), never a new guess.
//
// No heap, no exceptions, float32 and integer only; the state is plain data (HeartState), saved
// and restored as bytes by the Tracker; the transform's table and its scratch are not state.
// sizeof(HeartRateEstimator) is 3896 B on the host (3640 B of it state); the 1 KB transform
// scratch lives on the stack during an estimate.
#pragma once

#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <type_traits>

#include "fusetrack/core/checksum.hpp"
#include "fusetrack/core/samples.hpp"
#include "fusetrack/core/status.hpp"
#include "fusetrack/core/types.hpp"
#include "fusetrack/features/fft.hpp"
#include "fusetrack/features/resampler.hpp"
#include "fusetrack/features/window.hpp"

namespace fusetrack {
namespace heart {

// The stage's grid, Hz: the heart band ends at 4 Hz (240 beats/min).
inline constexpr float kGridHz = 12.5f;
// Transform size: the window (100 grid samples at 8 s) zero-padded, so one bin is
// kGridHz / kFftSize Hz (0.049 Hz = 2.93 beats/min; refine_hz() goes below a bin). 512 points
// (1.46 beats/min) measured no better on spc2015 (mean MAE 1.086 against 1.063 BPM) and need
// 4 KiB more.
inline constexpr std::size_t kFftSize = 256;
inline constexpr float kBinHz = kGridHz / static_cast<float>(kFftSize);
// The longest window, grid samples (10.24 s).
inline constexpr std::size_t kWindowCapacity = 128;
// Bins kept: 0 .. 4 Hz.
inline constexpr std::size_t kBandCapacity = static_cast<std::size_t>(4.0f / kBinHz) + 2;
// Window / hop, at most.
inline constexpr std::size_t kMaxBlocks = 20;
// Inputs are limited to +-kMaxPpgCounts (30 bits: beyond any PPG front end) and +-kMaxAcc_m_s2
// (1000 g), so every filter, sum and spectrum stays finite from any finite input.
inline constexpr float kMaxPpgCounts = 1e9f;
inline constexpr float kMaxAcc_m_s2 = 1e4f;
// Front end: two one-pole anti-alias stages at kAntiAliasHz on the input clock, then a
// 2nd-order Butterworth high-pass and low-pass on the grid.
inline constexpr float kAntiAliasHz = 5.0f;
inline constexpr float kHighPassHz = 0.5f;
inline constexpr float kLowPassHz = 4.0f;
// Adaptive noise cancelling: a normalized LMS filter of kAncTaps grid samples per accelerometer
// axis predicts the PPG signal from the motion and subtracts the prediction; kAncStep is its
// normalized step, and the normalization's floor kAncFloor_m2_s4 (the taps' energy of a wrist
// moving at about 1 m/s²) keeps it from learning sensor noise while the wrist is at rest. A
// slow filter learns the arm's steady coupling into the PPG and leaves the heart, whose phase
// drifts against the motion. Measured on spc2015 rec01-rec12 (mean MAE): 1.31 BPM without it,
// 1.07 with it, 1.28 with a step of 0.02 (it removes the heart as well); with a floor of 1e-6
// instead, the track locks onto the arm's swing in 4 of the 12.
inline constexpr std::size_t kAncTaps = 4;
inline constexpr float kAncStep = 0.005f;
inline constexpr float kAncFloor_m2_s4 = 10.0f;
// Validity of the newest hop's raw samples: a rail is a run of at least kRailRun equal values at
// the hop's extreme; more than kClippedShare of the samples clipped makes the estimate invalid.
inline constexpr std::uint32_t kRailRun = 4;
inline constexpr float kClippedShare = 0.2f;
// No contact: the level (less ambient) below kContactDrop of the level in contact, judged where
// that level is at least kDcOverAc times the pulse's RMS (a raw PPG with its DC).
inline constexpr float kContactDrop = 0.5f;
inline constexpr float kDcOverAc = 20.0f;
inline constexpr float kContactGain = 0.1f;  // per valid estimate
// Ambient light: its peak-to-peak over the hop above kAmbientOverPulse x the pulse's.
inline constexpr float kAmbientOverPulse = 1.0f;
// Wiener filters: the accelerometer's normalized spectrum is the noise, scaled by m / (m +
// kMotionRef_m_s2) with m the band's motion level (make_estimate; proportional to the band-passed
// acceleration's RMS), so a wrist at rest does not mask the pulse with its sensor noise; the signal
// is a running average of the PPG's spectra with gain kAverageGain per estimate (about 15
// estimates, WFPV's length).
inline constexpr float kMotionRef_m_s2 = 0.5f;
inline constexpr float kAverageGain = 0.125f;
// Peak matching: an accelerometer peak of at least kMotionPeakMin scales the cleaned spectrum's
// main lobe around it by 1 - kMotionNotch x its height, less within kNotchNearBpm of the track's
// rate (by up to kNotchNearKeep of the depth). Without it: mean MAE 1.99 BPM.
inline constexpr float kMotionPeakMin = 0.2f;
inline constexpr float kMotionNotch = 0.8f;
inline constexpr float kNotchNearBpm = 10.0f;
inline constexpr float kNotchNearKeep = 0.9f;
inline constexpr std::uint8_t kOnMotionMax = 10;
inline constexpr float kOnMotionPeak = 0.5f;
// Track (the forward filter): a Gaussian random-walk step of kStepSigmaBpm per 2 s hop, kJumpShare
// of the posterior spread over the band each hop, evidence kEvidenceFloor + clean^2, a first
// prior of kInitialSigmaBpm around kInitialBpm; the confidence is the posterior mass within
// kConfidenceBpm of the estimate.
inline constexpr float kStepSigmaBpm = 8.0f;
inline constexpr float kJumpShare = 0.002f;
inline constexpr float kEvidenceFloor = 0.1f;
inline constexpr float kInitialBpm = 80.0f;
inline constexpr float kInitialSigmaBpm = 40.0f;
inline constexpr float kConfidenceBpm = 4.0f;
inline constexpr float kPeakNoise = 2.5f;
inline constexpr float kPeakClean = 5.0f;
inline constexpr std::size_t kMaxKernelTaps = 24;
// Frequency refinement (refine_hz): stretches of kRefineShare of the window, kRefineStride_s
// apart.
inline constexpr float kRefineShare = 0.75f;
inline constexpr float kRefineStride_s = 0.4f;

// Why an estimate is not valid (kValid when it is).
enum class HeartReason : std::uint8_t {
  kValid = 0,
  kWarmingUp = 1,     // the window is not full yet (start, or after a gap in the PPG)
  kFlat = 2,          // a PPG channel did not change over the newest hop
  kClipped = 3,       // too many PPG samples at the front end's full scale
  kNoContact = 4,     // the PPG level dropped to what ambient light alone gives: not on skin
  kAmbientLight = 5,  // ambient light moves more than the pulse
  kNoPulse = 6,       // no peak stands out in the cleaned spectrum: noise only
  kMotion = 7,        // motion covers the band and leaves no usable peak
};
inline constexpr std::size_t kHeartReasonCount = 8;

constexpr const char* name(HeartReason r) noexcept {
  switch (r) {
    case HeartReason::kValid:
      return "valid";
    case HeartReason::kWarmingUp:
      return "warming_up";
    case HeartReason::kFlat:
      return "flat";
    case HeartReason::kClipped:
      return "clipped";
    case HeartReason::kNoContact:
      return "no_contact";
    case HeartReason::kAmbientLight:
      return "ambient_light";
    case HeartReason::kNoPulse:
      return "no_pulse";
    case HeartReason::kMotion:
      return "motion";
  }
  return "unknown";
}

struct HeartSettings {
  bool enabled = true;
  // Both in whole grid periods (0.08 s), the window a whole number of hops.
  float window_s = 8.0f;   // spectrum over the last window_s, s, [4, 10.24]
  float hop_s = 2.0f;      // one estimate every hop_s, s, [0.5, window_s]
  float min_bpm = 40.0f;   // beats/min, [30, 100]
  float max_bpm = 220.0f;  // beats/min, [min_bpm + 40, 240]
  // A longer interval between PPG samples restarts the window, s, (0, 4].
  float max_gap_s = 0.5f;
  // PPG front-end full scale, counts: |value| at or above it is clipped. 0: unknown, a run of
  // equal values at the newest hop's extreme counts instead.
  float ppg_full_scale = 0.0f;  // [0, 1e9]
  // An estimate is valid only with at least this confidence, [0, 1].
  float min_confidence = 0.3f;

  // The name of the first field out of its range (NaN included) or inconsistent with an earlier
  // one, or nullptr when all are valid: window_s or hop_s off the grid is that field, a window
  // that is not whole hops (or more than kMaxBlocks of them) is hop_s.
  const char* first_invalid_field() const noexcept {
    if (!(window_s >= 4.0f && window_s <= kWindowCapacity / kGridHz)) return "window_s";
    if (!(hop_s >= 0.5f && hop_s <= window_s)) return "hop_s";
    // Both whole grid periods (0.08 s), the window whole hops.
    const float window_n = window_s * kGridHz, hop_n = hop_s * kGridHz;
    if (!(std::fabs(window_n - std::round(window_n)) < 1e-3f)) return "window_s";
    if (!(std::fabs(hop_n - std::round(hop_n)) < 1e-3f)) return "hop_s";
    const long w = std::lround(window_n), h = std::lround(hop_n);
    if (w % h != 0 || w / h > static_cast<long>(kMaxBlocks)) return "hop_s";
    if (!(min_bpm >= 30.0f && min_bpm <= 100.0f)) return "min_bpm";
    if (!(max_bpm >= min_bpm + 40.0f && max_bpm <= 240.0f)) return "max_bpm";
    if (!(max_gap_s > 0.0f && max_gap_s <= 4.0f)) return "max_gap_s";
    if (!(ppg_full_scale >= 0.0f && ppg_full_scale <= 1e9f)) return "ppg_full_scale";
    if (!(min_confidence >= 0.0f && min_confidence <= 1.0f)) return "min_confidence";
    return nullptr;
  }
  Status validate() const noexcept {
    return first_invalid_field() == nullptr ? Status::kOk : Status::kInvalidSettings;
  }

  void hash_into(SettingsHash& h) const noexcept {
    h.add(enabled);
    h.add(window_s);
    h.add(hop_s);
    h.add(min_bpm);
    h.add(max_bpm);
    h.add(max_gap_s);
    h.add(ppg_full_scale);
    h.add(min_confidence);
  }
};

// One estimate.
struct HeartEstimate {
  Micros window_end_us = 0;  // it covers [window_end_us - window_s, window_end_us) of the PPG
  std::uint32_t index = 0;   // estimates since construction or reset (this one's number)
  float bpm = 0.0f;          // beats/min; the track's rate even when invalid (0 before any)
  float confidence = 0.0f;   // [0, 1]
  bool valid = false;
  HeartReason reason = HeartReason::kWarmingUp;
  std::uint8_t reserved0[2] = {};  // explicit padding, here and below (saved state): always zero
  float motion_hz = 0.0f;          // strongest accelerometer frequency in the band, Hz (0: none)
  std::uint8_t reserved1[4] = {};
};
static_assert(sizeof(HeartEstimate) == 32, "HeartEstimate: no implicit padding");

// Statistics of the raw PPG over one hop (for the validity checks).
struct HeartBlock {
  std::uint32_t samples = 0;
  std::uint32_t clipped = 0;       // at full scale (or, unknown, at the extreme in a run)
  float min = 0.0f, max = 0.0f;    // channel 0, counts
  std::uint8_t changed = 0;        // every channel changed at least once (bit per channel)
  std::uint8_t reserved0[3] = {};  // explicit padding, here and below (saved state): always zero
  float level_sum = 0.0f;          // channel 0 less ambient, summed, counts
  float ambient_min = 0.0f, ambient_max = 0.0f;
  std::uint8_t has_ambient = 0;
  std::uint8_t reserved1[3] = {};
  float run_value = 0.0f;  // channel 0's current run of equal values
  std::uint32_t run = 0;
};
static_assert(sizeof(HeartBlock) == 44, "HeartBlock: no implicit padding");

// Plain data: the stage's memory.
struct HeartState {
  // Front end.
  features::Resampler<kMaxPpgChannels> ppg_resampler;
  features::Resampler<3> acc_resampler;
  std::array<float, kMaxPpgChannels> ppg_pre1{}, ppg_pre2{};
  std::array<float, 3> acc_pre1{}, acc_pre2{};
  Micros ppg_input_t_us = 0, acc_input_t_us = 0;
  std::uint8_t ppg_input_started = 0, acc_input_started = 0;
  std::uint8_t channels = 0;   // PPG channels seen
  std::uint8_t reserved0 = 0;  // explicit padding, here and below (saved state): always zero
  // Band-pass states (two biquads, direct form II transposed): PPG channels, then acc axes.
  std::array<std::array<float, 4>, kMaxPpgChannels + 3> bp{};
  std::array<float, kMaxPpgChannels> ppg_ms{};       // running mean square per channel
  std::array<float, 3> acc_hold{};                   // newest band-passed accelerometer grid point
  std::array<float, 3 * kAncTaps> anc{};             // noise canceller's weights (axis-major)
  std::array<float, kMaxPpgChannels> block_first{};  // each channel's first value this hop
  features::Window<float, 4, kWindowCapacity> window;  // PPG signal, acc x, y, z
  std::uint32_t ppg_grid = 0;                          // PPG grid points since the window restarted
  std::uint32_t acc_grid = 0;                          // accelerometer grid points since start
  Micros last_ppg_grid_us = 0;
  // Validity: the current hop's raw statistics, and the previous ones.
  HeartBlock block;
  HeartBlock last_block;
  float contact_level = 0.0f;  // running PPG level while in contact, counts (0: unknown)
  std::uint8_t dc_judged = 0;  // that level is a DC far above the pulse
  std::uint8_t on_motion = 0;  // estimates in a row with the track on a motion peak
  std::uint8_t reserved1[2] = {};
  // Spectral history.
  std::array<float, kBandCapacity> avg_raw{};    // running average of the normalized spectrum
  std::array<float, kBandCapacity> avg_clean{};  // running average of the cleaned spectrum
  // Track: the posterior over the band's bins.
  std::array<float, kBandCapacity> posterior{};
  // An estimate was made since the start (or reset): the running spectra and the posterior
  // have started. The track's rate is estimate.bpm.
  std::uint8_t tracking = 0;
  std::uint8_t have_valid = 0;  // a valid estimate was made since the window (re)started
  std::uint8_t reserved2[2] = {};
  HeartEstimate estimate;
};
static_assert(sizeof(HeartState) == 3640, "HeartState: no implicit padding");

// The band's spectra behind one estimate (bins k_lo .. k_hi used; the rest stay zero): the PPG's,
// the accelerometer's (motion) and the cleaned one. Working memory of the estimate; a caller that
// draws them gives one with set_spectra_sink.
struct HeartSpectra {
  float ppg[kBandCapacity] = {};
  float acc[kBandCapacity] = {};
  float clean[kBandCapacity] = {};
};

class HeartRateEstimator {
 public:
  explicit HeartRateEstimator(const HeartSettings& s = {}) noexcept;

  // One accelerometer sample of the same device: specific force, m/s² (gravity included), any
  // frame, finite. Its own clock and rate.
  void push_acc(Micros t_us, const Vec3& acc_m_s2) noexcept;

  // One PPG sample (channel_count channels, finite). Returns true when it completed a hop and a
  // new estimate() is ready. Push the accelerometer up to the same time first where the two
  // streams interleave; an accelerometer that lags uses its newest window.
  bool push_ppg(const PpgSample& p) noexcept;

  const HeartEstimate& estimate() const noexcept { return st_.estimate; }
  std::uint32_t estimates() const noexcept { return st_.estimate.index; }
  // The newest hop suggests no skin contact (for the wear stage).
  bool no_contact() const noexcept { return st_.estimate.reason == HeartReason::kNoContact; }

  // The spectra behind the newest estimate, for pictures: bin k (first_bin() <= k <=
  // last_bin()) is at k x kBinHz; values normalized to the band's maximum, [0, 1].
  std::size_t first_bin() const noexcept { return k_lo_; }
  std::size_t last_bin() const noexcept { return k_hi_; }
  // Kept only where a caller gave a place for them (set_spectra_sink): otherwise they live on
  // the stack during the estimate, and these read 0.
  void set_spectra_sink(HeartSpectra* sink) noexcept { sink_ = sink; }
  float ppg_spectrum(std::size_t k) const noexcept {
    return sink_ != nullptr && k < kBandCapacity ? sink_->ppg[k] : 0.0f;
  }
  float acc_spectrum(std::size_t k) const noexcept {
    return sink_ != nullptr && k < kBandCapacity ? sink_->acc[k] : 0.0f;
  }
  float clean_spectrum(std::size_t k) const noexcept {
    return sink_ != nullptr && k < kBandCapacity ? sink_->clean[k] : 0.0f;
  }

  // Forgets everything (signal, track, estimates).
  void reset() noexcept;
  const HeartSettings& settings() const noexcept { return s_; }
  const HeartState& state() const noexcept { return st_; }
  void set_state(const HeartState& s) noexcept { st_ = s; }
  static bool finite(const HeartState& s) noexcept;
  bool state_finite() const noexcept { return finite(st_); }
  // The invariants every state this class made keeps (for one restored from bytes).
  bool consistent(const HeartState& s) const noexcept;

 private:
  bool on_ppg_grid(Micros grid_t_us, const std::array<float, kMaxPpgChannels>& v) noexcept;
  void on_acc_grid(const std::array<float, 3>& v) noexcept;
  float band_pass(std::size_t slot, float x) noexcept;
  void start_block() noexcept;
  void add_to_block(const PpgSample& p) noexcept;
  void make_estimate() noexcept;
  HeartReason judge_block() noexcept;
  // The band's magnitude spectrum of `channel` into out; work[0..kFftSize) is scratch.
  float band_spectrum(std::size_t channel, float* out, float* work) noexcept;
  void dft_at(float omega, std::uint32_t from, std::uint32_t len, float* re,
              float* im) const noexcept;
  float refine_hz(std::size_t k) const noexcept;

  HeartSettings s_;
  HeartState st_;
  // Derived once.
  std::uint32_t window_n_ = 100, hop_n_ = 25;
  std::size_t k_lo_ = 0, k_hi_ = 0;
  Micros grid_step_us_ = 80000;
  float aa_tau_us_ = 0.0f;
  float hp_b_[3] = {}, hp_a_[2] = {}, lp_b_[3] = {}, lp_a_[2] = {};
  float ms_gain_ = 0.0f;
  float kernel_[kMaxKernelTaps + 1] = {};
  std::size_t kernel_taps_ = 0;
  std::size_t conf_bins_ = 0;
  std::uint32_t refine_len_ = 75, refine_stride_ = 5;
  // Not state: the transform (constant tables, no RAM) and where the newest spectra go.
  features::RealFft<kFftSize> fft_;
  HeartSpectra* sink_ = nullptr;
};

}  // namespace heart
}  // namespace fusetrack

#include "fusetrack/heart/heart_rate_estimator_impl.hpp"
