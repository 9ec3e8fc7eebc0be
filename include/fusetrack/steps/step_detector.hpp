// StepDetector: steps, cadence, walking bouts and distance from an accelerometer (and, when the
// device has one, its gyroscope), wherever the device is carried (wrist, hand, pocket, bag, arm
// band, neck pouch).
//
// Mechanism (docs/steps.md has each constant with its measurement):
//  1. Anti-alias and resample. When the input is faster than the grid, two one-pole low-passes
//     at kAntiAliasHz on the input's own clock; then the shared resampler puts the sample, at any
//     rate and with irregular or repeated stamps, on the stage's uniform grid (50 Hz).
//  2. Signal. s = |a| - g: independent of how the device is held, so no orientation is needed.
//     A 2nd-order Butterworth low-pass (3 Hz) keeps the step rhythm and drops heel-strike
//     ringing, tremor and vehicle vibration.
//  3. Candidates. A local maximum whose rise from the lowest point since the previous candidate
//     is at least max(min_prominence, relative_prominence x the running amplitude) is held; a
//     higher maximum closer than the minimum gap (inside a bout a fraction of its rhythm)
//     replaces it. Its time is the maximum's interpolated time minus the filters' delay: the
//     estimated foot landing, not the later moment it is reported (StepEvent::reported_us).
//  4. Confirmation. confirm_steps candidates whose intervals agree within interval_tolerance
//     start a bout when the recent motion is vertical enough (the body bounces at every step)
//     and, with a gyroscope, the wrist does not turn the same way at every "step" (a gesture:
//     repeats_every_step). The confirming candidates and the earlier ones that kept the rhythm
//     are credited then, so none is lost; inside the bout each candidate that follows counts at
//     once. A bout ends when no step follows within bout_timeout_s, at a gap, or when the motion
//     stops looking like walking. A running stride that hides one landing under the arm's swing
//     holds two steps (holds_two_steps).
//  5. Cadence is 60 / the median of the last kIntervalHistory step intervals of the bout;
//     distance adds one step length per step: speed / step frequency when the caller gave a
//     speed (set_speed), otherwise the height model K x height x sqrt(step frequency) of
//     Tian et al. 2016 (see StepSettings::step_length_k).
//
// No heap, no exceptions, float32 and integer only; the state is plain data (StepState), saved
// and restored as bytes by the Tracker. The step count is 64-bit (never wraps in practice), the
// distance is kept in whole millimetres (uint64, exact over any lifetime).
#pragma once

#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <type_traits>

#include "fusetrack/core/checksum.hpp"
#include "fusetrack/core/status.hpp"
#include "fusetrack/core/types.hpp"
#include "fusetrack/features/resampler.hpp"

namespace fusetrack {
namespace steps {

struct StepSettings {
  bool enabled = true;
  float rate_hz = 50.0f;    // the stage's grid, Hz, [20, 200]
  float max_gap_s = 0.5f;   // a longer input interval restarts the filter (and ends a bout), s
  float lowpass_hz = 3.0f;  // low-pass cut-off, Hz, [1, rate_hz / 4]
  // A candidate's rise above the lowest point since the previous one must reach
  // max(min_prominence_m_s2, relative_prominence x the running step amplitude).
  float min_prominence_m_s2 = 1.0f;   // m/s², [0.05, 20]
  float relative_prominence = 0.35f;  // [0, 1]
  float min_step_interval_s = 0.25f;  // s, shortest step (240 steps/min), [0.1, 1]
  float max_step_interval_s = 1.5f;   // s, longest step inside a bout (40 steps/min), (min, 4]
  std::uint8_t confirm_steps = 4;     // regular candidates that confirm walking, [2, kMaxPending]
  float interval_tolerance = 0.3f;    // confirming intervals agree within ±this x their mean
  float bout_timeout_s = 2.0f;        // no step for this long ends the bout, s, [max_step, 10]
  // Step length without a speed: K x height x sqrt(step frequency in Hz) (Tian et al. 2016's
  // form); K = 0.415 / sqrt(1.8) makes a 108 steps/min walk the classic 0.415 x height.
  float user_height_m = 1.70f;           // m, [0.5, 2.5]
  float step_length_k = 0.309f;          // [0.1, 1]
  std::uint32_t milestone_steps = 1000;  // a milestone event every this many steps (0: none)
  // The Tracker raises an event for every step (EventKind::kStep) when true; the detector itself
  // always reports each step to its sink.
  bool step_events = false;

  // The name of the first field out of its range (NaN included) or inconsistent with an earlier
  // one, or nullptr when all are valid.
  const char* first_invalid_field() const noexcept;
  Status validate() const noexcept {
    return first_invalid_field() == nullptr ? Status::kOk : Status::kInvalidSettings;
  }
  void hash_into(SettingsHash& h) const noexcept;
};

// Gestures. An arm swinging while walking turns the wrist back and forth once per stride, so
// the gyroscope's main axis is anti-correlated with itself one step later; clapping, brushing
// teeth or waving turn it once per "step", and it correlates with itself. Measured at the counted
// steps of the 32 wisdm watch subjects, the normalized autocorrelation at one step interval has
// medians of -0.65 walking, -0.75 jogging, -0.28 on stairs, and +0.75 clapping, +0.81 brushing
// teeth. Walking confirms only below kGestureConfirmCorrelation, a bout ends above
// kGestureKeepCorrelation; both only while the wrist turns at least kGestureMinRate_rad_s (RMS)
// and for intervals up to kGestureMaxInterval_s, over the last kGyroHistory samples. Measured:
// wisdm's non-walking false steps 7.6 -> 3.9 per minute (clapping 45.6 -> 13.4), the steps
// counted while walking 0.8 % fewer there and 1.1 % fewer on uci-hapt; no change on a device
// without a gyroscope (oxford-steps).
inline constexpr std::size_t kGyroHistory = 26;
inline constexpr std::uint32_t kGyroDecimation = 4;
inline constexpr float kGestureConfirmCorrelation = 0.2f;
inline constexpr float kGestureKeepCorrelation = 0.4f;
inline constexpr float kGestureMinRate_rad_s = 0.5f;
inline constexpr float kGestureMaxInterval_s = 1.0f;
// Corner of the anti-alias pre-filter (two one-pole stages at the input rate), Hz.
inline constexpr float kAntiAliasHz = 8.0f;
// Candidates waiting for confirmation, at most.
inline constexpr std::size_t kMaxPending = 16;
// Inside a bout, two candidates are at least this fraction of the median step interval apart.
inline constexpr float kMinGapFraction = 0.6f;
// The running step amplitude is an envelope of the candidates' prominences: it moves
// kAmplitudeAttack of the way to a larger one and kAmplitudeRelease of the way to a smaller one
// (about the last 8 steps), and outside a bout it forgets with a time constant of
// kAmplitudeTau_s (a walk resumed after a pause starts near the old threshold; one after a long
// rest starts from min_prominence).
inline constexpr float kAmplitudeAttack = 0.5f;
inline constexpr float kAmplitudeRelease = 0.125f;
inline constexpr float kAmplitudeTau_s = 8.0f;
// Running strides. At a rhythm slower than 1 / kMaxStrideInterval_s (67/min) a candidate
// interval whose half is still a step (>= min_step_interval_s) holds two steps when the running
// step amplitude is at least kStrideAmplitude_m_s2: on a wrist while running, the arm's swing
// once per stride can outweigh one foot's landing, so only every second step rises to a
// candidate. The window is a running stride (two steps at 140-200 steps/min); the amplitude
// keeps walking out: over the 48 oxford-steps traces (seven carry positions) it first makes a
// walk's count wrong at 10 m/s², while running reaches 20 m/s² on the simulated wrist.
inline constexpr float kMinStrideInterval_s = 0.6f;
inline constexpr float kMaxStrideInterval_s = 0.86f;
inline constexpr float kStrideAmplitude_m_s2 = 16.0f;
// Verticality: the share of the step band's recent motion (time constant kVerticalityTau_s) that
// is vertical, along gravity from a kGravityTau_s low-pass. Motion in every direction alike gives
// 1/3. Walking confirms only at kConfirmVerticalFraction or more (the candidates before it that
// kept the rhythm are credited then), and a bout ends at a candidate below
// kKeepVerticalFraction. At counted steps walking has a median of 0.56 on a wrist (wisdm, 32
// subjects), 0.47-0.51 in a pocket and 0.65 in the hand (oxford-steps); over whole recordings
// clapping, brushing teeth, folding clothes and eating have medians of 0.10-0.29. The 1 s time
// constant lets a walk of four steps after standing up confirm (sp-sw-har). Measured: the gate
// takes wisdm's non-walking false steps from 22.4 to 7.6 per minute; oxford-steps mean APE
// 1.32 -> 1.28 %.
inline constexpr float kConfirmVerticalFraction = 0.3f;
inline constexpr float kKeepVerticalFraction = 0.15f;
inline constexpr float kVerticalityTau_s = 1.0f;
inline constexpr float kGravityTau_s = 1.0f;
// Step intervals kept for the cadence, at most.
inline constexpr std::size_t kIntervalHistory = 8;

enum class StepEventKind : std::uint8_t {
  kStep = 0,         // one credited step
  kBoutStarted = 1,  // walking confirmed (before the credited confirming steps)
  kBoutEnded = 2,    // no step within bout_timeout_s, a gap or reset of the input
  kMilestone = 3,    // the total passed a multiple of milestone_steps
};

struct StepEvent {
  StepEventKind kind = StepEventKind::kStep;
  // kStep: the estimated foot landing; kBoutStarted: the bout's first step; kBoutEnded: its last
  // step; kMilestone: the step that reached it. µs, on the input's clock.
  Micros t_us = 0;
  Micros reported_us = 0;        // the input stamp whose push emitted the event
  std::uint64_t count = 0;       // total steps after the event
  std::uint32_t bout_steps = 0;  // steps of the bout so far (kBoutEnded: all of them)
  Micros bout_start_us = 0;      // the bout's first step
};

// Everything the detector remembers: plain data, the single source of truth.
struct StepState {
  // Anti-alias pre-filter at the input rate: two one-pole low-passes per axis.
  float pre1[3] = {}, pre2[3] = {};
  Micros input_t_us = 0;  // the previous input stamp
  std::uint8_t input_started = 0;
  std::uint8_t anti_alias = 0;  // the input is faster than the grid and is being filtered
  std::uint8_t pad_in[6] = {};
  // Accelerometer (anti-aliased) and gyroscope (zero without one), onto the grid together.
  features::Resampler<6> resampler;
  // Low-pass (transposed direct form II) and the last three filtered values.
  float z1 = 0.0f, z2 = 0.0f;
  float y0 = 0.0f, y1 = 0.0f, y2 = 0.0f;
  std::uint32_t grid_points = 0;  // since the last restart (saturating)
  Micros grid_t_us = 0;           // the latest grid point
  // Verticality: gravity (low-pass of the grid values), the low-passed dynamic acceleration per
  // axis (same low-pass as the magnitude), and running energies of its vertical part and of all
  // of it, m²/s⁴.
  float gravity[3] = {};
  float dz1[3] = {}, dz2[3] = {};
  float energy_vertical = 0.0f;
  float energy_total = 0.0f;
  // Gyroscope, every kGyroDecimation-th grid point (12.5 Hz at the default grid), newest at
  // gyro_next - 1: the gesture check (repeats_every_step).
  float gyro_history[kGyroHistory][3] = {};
  std::uint8_t gyro_next = 0;
  std::uint8_t gyro_count = 0;
  std::uint8_t gyro_seen = 0;  // a sample with a gyroscope reading has arrived
  std::uint8_t pad_gyro = 0;
  // Candidate search.
  float lowest = 0.0f;             // lowest filtered value since the last candidate was final
  float lowest_after_held = 0.0f;  // lowest since the held candidate
  float held_value = 0.0f;
  float held_prominence = 0.0f;
  Micros held_t_us = 0;  // estimated landing of the held candidate
  std::uint8_t has_held = 0;
  std::uint8_t walking = 0;
  std::uint8_t pending = 0;    // confirming candidates in `pending_us`
  std::uint8_t intervals = 0;  // in `interval_s`
  float amplitude = 0.0f;      // running step amplitude (prominence), m/s²
  Micros pending_us[kMaxPending] = {};
  float interval_s[kIntervalHistory] = {};
  std::uint8_t interval_next = 0;
  std::uint8_t pad[3] = {};
  std::uint8_t reserved[4] = {};  // explicit padding (part of the saved state): always zero
  Micros last_candidate_us = 0;   // the latest final candidate (pending or counted)
  Micros last_step_us = 0;        // the latest counted step
  Micros bout_start_us = 0;
  std::uint32_t bout_steps = 0;
  std::uint32_t bouts = 0;
  std::uint64_t steps = 0;
  std::uint64_t distance_mm = 0;
  float speed_m_s = 0.0f;  // 0: no speed given
  std::uint32_t pad2 = 0;
  Micros speed_until_us = 0;
};
static_assert(sizeof(StepState) == 784, "StepState: no implicit padding");

class StepDetector {
 public:
  explicit StepDetector(const StepSettings& s = {}) noexcept;

  // One accelerometer sample: specific force in m/s² (gravity included), any frame, finite.
  // Calls sink(const StepEvent&) for every event it causes, in time order.
  template <typename Sink>
  void push(Micros t_us, const Vec3& acc_m_s2, Sink&& sink) noexcept {
    push_sample(t_us, acc_m_s2, Vec3::Zero(), false, sink);
  }
  // The same with the gyroscope of the same device (rad/s, same frame): used to tell arm
  // gestures from walking (repeats_every_step).
  template <typename Sink>
  void push(Micros t_us, const Vec3& acc_m_s2, const Vec3& gyr_rad_s, Sink&& sink) noexcept {
    push_sample(t_us, acc_m_s2, gyr_rad_s, true, sink);
  }

  // The walking speed from elsewhere (GPS, a treadmill), m/s, valid until `until_us`; steps
  // until then get speed / step frequency as their length. A value <= 0 or non-finite clears it.
  void set_speed(float speed_m_s, Micros until_us) noexcept;

  std::uint64_t steps() const noexcept { return st_.steps; }
  // Steps per minute over the current bout (0 outside one).
  float cadence_spm() const noexcept;
  // [0, 1]: how regular the bout's recent steps are (0 outside a bout).
  float cadence_confidence() const noexcept;
  double distance_m() const noexcept { return static_cast<double>(st_.distance_mm) * 1e-3; }
  bool walking() const noexcept { return st_.walking != 0; }
  std::uint32_t bouts() const noexcept { return st_.bouts; }
  // Share of the recent step-band motion that is vertical, [0, 1] (1/3 for motion in every
  // direction alike).
  float vertical_fraction() const noexcept;
  // Length of one step at a step frequency in Hz with no speed given, m.
  float step_length_m(float step_hz) const noexcept;
  // The delay subtracted from a maximum's time to estimate the landing, µs: the low-pass's group
  // delay, and the anti-alias stages' while the input is faster than the grid.
  Micros filter_delay_us() const noexcept {
    return delay_us_ + (st_.anti_alias ? anti_alias_delay_us_ : 0);
  }

  // Forgets the signal and any bout; the totals (steps, distance, bouts) stay. The caller ends a
  // bout first with end_bout() when it wants the event.
  void reset() noexcept;
  // Ends the current bout now (an event when there was one); pending candidates are dropped.
  template <typename Sink>
  void end_bout(Micros now_us, Sink&& sink) noexcept;

  const StepSettings& settings() const noexcept { return s_; }
  const StepState& state() const noexcept { return st_; }
  void set_state(const StepState& st) noexcept { st_ = st; }
  // Whether `st` is one this detector could have reached (finite values, counts in range,
  // bools 0/1, the resampler consistent with these settings).
  bool plausible(const StepState& st) const noexcept;

 private:
  template <typename Sink>
  void push_sample(Micros t_us, const Vec3& acc_m_s2, const Vec3& gyr_rad_s, bool has_gyr,
                   Sink&& sink) noexcept;
  template <typename Sink>
  void on_grid(Micros t_us, const std::array<float, 6>& a, Micros reported_us,
               Sink&& sink) noexcept;
  // Whether the gyroscope's main axis repeats itself after `interval_us` by more than
  // `correlation` (false without a gyroscope, a still wrist, or too little history).
  bool repeats_every_step(Micros interval_us, float correlation) const noexcept;
  void update_verticality(const std::array<float, 3>& a) noexcept;
  template <typename Sink>
  void on_candidate(Micros t_us, float prominence, Micros reported_us, Sink&& sink) noexcept;
  template <typename Sink>
  void credit(Micros t_us, Micros reported_us, Sink&& sink) noexcept;
  template <typename Sink>
  void credit_after(Micros t_us, Micros interval_us, bool two, Micros reported_us,
                    Sink&& sink) noexcept;
  // An event of `kind` with the totals and the bout as they are now.
  StepEvent event(StepEventKind kind, Micros t_us, Micros reported_us) const noexcept;
  bool pending_regular() const noexcept;
  Micros min_gap_now_us() const noexcept;
  bool holds_two_steps(Micros interval_us) const noexcept;
  // The step interval a candidate interval stands for: half of it for a running stride.
  Micros step_interval_of(Micros interval_us) const noexcept {
    return holds_two_steps(interval_us) ? interval_us / 2 : interval_us;
  }
  float median_interval_s() const noexcept;
  void add_interval(float s) noexcept;
  void restart_signal() noexcept;

  StepSettings s_;
  // Derived once from the settings.
  float b0_ = 0.0f, b1_ = 0.0f, b2_ = 0.0f, a1_ = 0.0f, a2_ = 0.0f;
  float grid_dt_s_ = 0.02f;
  Micros delay_us_ = 0;
  float anti_alias_tau_us_ = 0.0f;  // 1e6 / (2π kAntiAliasHz)
  Micros anti_alias_delay_us_ = 0;  // both stages' delay, 2 tau
  Micros grid_step_us_ = 20000;     // one grid period (rounded)
  float amplitude_decay_ = 1.0f;
  float gravity_gain_ = 0.0f;  // per grid point, for a 1 s gravity low-pass
  float energy_gain_ = 0.0f;  // per grid point, for kVerticalityTau_s  // per grid point: exp(-grid
                              // dt / kAmplitudeTau_s)
  Micros min_interval_us_ = 0, max_interval_us_ = 0, timeout_us_ = 0, max_stride_us_ = 0,
         min_stride_us_ = 0;
  StepState st_;
};

// ---------------------------------------------------------------------------------------------

inline const char* StepSettings::first_invalid_field() const noexcept {
  if (!(rate_hz >= 20.0f && rate_hz <= 200.0f)) return "rate_hz";
  if (!(max_gap_s > 0.0f && max_gap_s <= 60.0f)) return "max_gap_s";
  if (!(lowpass_hz >= 1.0f && lowpass_hz <= rate_hz / 4.0f)) return "lowpass_hz";
  if (!(min_prominence_m_s2 >= 0.05f && min_prominence_m_s2 <= 20.0f)) {
    return "min_prominence_m_s2";
  }
  if (!(relative_prominence >= 0.0f && relative_prominence <= 1.0f)) return "relative_prominence";
  if (!(min_step_interval_s >= 0.1f && min_step_interval_s <= 1.0f)) return "min_step_interval_s";
  if (!(max_step_interval_s > min_step_interval_s && max_step_interval_s <= 4.0f)) {
    return "max_step_interval_s";
  }
  if (confirm_steps < 2 || confirm_steps > kMaxPending) return "confirm_steps";
  if (!(interval_tolerance > 0.0f && interval_tolerance <= 1.0f)) return "interval_tolerance";
  if (!(bout_timeout_s >= max_step_interval_s && bout_timeout_s <= 10.0f)) {
    return "bout_timeout_s";
  }
  if (!(user_height_m >= 0.5f && user_height_m <= 2.5f)) return "user_height_m";
  if (!(step_length_k >= 0.1f && step_length_k <= 1.0f)) return "step_length_k";
  return nullptr;
}

inline void StepSettings::hash_into(SettingsHash& h) const noexcept {
  h.add(enabled);
  h.add(rate_hz);
  h.add(max_gap_s);
  h.add(lowpass_hz);
  h.add(min_prominence_m_s2);
  h.add(relative_prominence);
  h.add(min_step_interval_s);
  h.add(max_step_interval_s);
  h.add(confirm_steps);
  h.add(interval_tolerance);
  h.add(bout_timeout_s);
  h.add(user_height_m);
  h.add(step_length_k);
  h.add(milestone_steps);
  h.add(step_events);
}

inline StepDetector::StepDetector(const StepSettings& s) noexcept : s_(s) {
  static_assert(std::is_trivially_copyable<StepState>::value,
                "StepState is saved as bytes: it must stay plain data");
  const StepSettings d{};
  if (!ok(s_.validate())) s_ = d;
  features::ResamplerSettings rs;
  rs.rate_hz = s_.rate_hz;
  rs.max_gap_s = s_.max_gap_s;
  st_.resampler = features::Resampler<6>(rs);
  grid_dt_s_ = 1.0f / st_.resampler.rate_hz();
  // Butterworth low-pass by the bilinear transform with pre-warping (RBJ cookbook, Q = 1/√2).
  const float w0 = 2.0f * kPi * s_.lowpass_hz * grid_dt_s_;
  const float alpha = std::sin(w0) / std::sqrt(2.0f);
  const float cw = std::cos(w0);
  const float a0 = 1.0f + alpha;
  b0_ = (1.0f - cw) * 0.5f / a0;
  b1_ = (1.0f - cw) / a0;
  b2_ = b0_;
  a1_ = -2.0f * cw / a0;
  a2_ = (1.0f - alpha) / a0;
  // Delay at low frequency: the 2nd-order Butterworth's group delay √2 / (2π fc), and tau for
  // each of the two one-pole anti-alias stages when they run.
  anti_alias_tau_us_ = 1e6f / (2.0f * kPi * kAntiAliasHz);
  delay_us_ =
      static_cast<Micros>(std::lround(1e6f * std::sqrt(2.0f) / (2.0f * kPi * s_.lowpass_hz)));
  anti_alias_delay_us_ = static_cast<Micros>(std::lround(2.0f * anti_alias_tau_us_));
  grid_step_us_ = static_cast<Micros>(std::lround(1e6f / st_.resampler.rate_hz()));
  amplitude_decay_ = std::exp(-grid_dt_s_ / kAmplitudeTau_s);
  gravity_gain_ = grid_dt_s_ / (kGravityTau_s + grid_dt_s_);
  energy_gain_ = grid_dt_s_ / (kVerticalityTau_s + grid_dt_s_);
  min_interval_us_ = static_cast<Micros>(std::lround(s_.min_step_interval_s * 1e6f));
  max_interval_us_ = static_cast<Micros>(std::lround(s_.max_step_interval_s * 1e6f));
  timeout_us_ = static_cast<Micros>(std::lround(s_.bout_timeout_s * 1e6f));
  max_stride_us_ = static_cast<Micros>(std::lround(kMaxStrideInterval_s * 1e6f));
  min_stride_us_ = static_cast<Micros>(std::lround(kMinStrideInterval_s * 1e6f));
}

inline void StepDetector::restart_signal() noexcept {
  st_.z1 = st_.z2 = 0.0f;
  st_.y0 = st_.y1 = st_.y2 = 0.0f;
  st_.grid_points = 0;
  st_.gyro_count = 0;
  st_.has_held = 0;
  st_.lowest = 0.0f;
  st_.lowest_after_held = 0.0f;
}

inline void StepDetector::reset() noexcept {
  // The totals survive; the resampler keeps its settings.
  auto resampler = st_.resampler;
  resampler.reset();
  const auto steps = st_.steps;
  const auto distance_mm = st_.distance_mm;
  const auto bouts = st_.bouts;
  assign_default(st_);
  st_.resampler = resampler;
  st_.steps = steps;
  st_.distance_mm = distance_mm;
  st_.bouts = bouts;
}

inline void StepDetector::set_speed(float speed_m_s, Micros until_us) noexcept {
  if (std::isfinite(speed_m_s) && speed_m_s > 0.0f && speed_m_s < 20.0f) {
    st_.speed_m_s = speed_m_s;
    st_.speed_until_us = until_us;
  } else {
    st_.speed_m_s = 0.0f;
    st_.speed_until_us = 0;
  }
}

inline float StepDetector::step_length_m(float step_hz) const noexcept {
  if (!(step_hz > 0.0f)) return 0.0f;
  return s_.step_length_k * s_.user_height_m * std::sqrt(step_hz);
}

template <typename Sink>
void StepDetector::push_sample(Micros t_us, const Vec3& acc_m_s2, const Vec3& gyr_rad_s,
                               bool has_gyr, Sink&& sink) noexcept {
  // Anti-alias: two one-pole low-passes at kAntiAliasHz on the input's own clock, so vibration
  // near a multiple of the grid rate (a 48 Hz motor under a 400 Hz accelerometer) cannot fold
  // into the step band when the grid samples the input.
  StepState& s = st_;
  const float in[3] = {acc_m_s2.x(), acc_m_s2.y(), acc_m_s2.z()};
  const Micros dt_us = s.input_started ? elapsed_us(s.input_t_us, t_us) : -1;
  if (!s.input_started || dt_us > st_.resampler.max_gap_us()) {
    for (std::size_t k = 0; k < 3; ++k) s.pre1[k] = s.pre2[k] = in[k];
    s.input_started = 1;
    s.input_t_us = t_us;
  } else if (dt_us >= grid_step_us_) {
    // Not faster than the grid: the grid interpolates, nothing can fold; pass it through.
    for (std::size_t k = 0; k < 3; ++k) s.pre1[k] = s.pre2[k] = in[k];
    s.input_t_us = t_us;
    s.anti_alias = 0;
  } else if (dt_us > 0) {
    // dt / (tau + dt): exact for any interval, and the delay is tau at any rate.
    s.anti_alias = 1;
    const float dt = static_cast<float>(static_cast<std::int32_t>(dt_us));
    const float alpha = dt / (anti_alias_tau_us_ + dt);
    for (std::size_t k = 0; k < 3; ++k) {
      s.pre1[k] += alpha * (in[k] - s.pre1[k]);
      s.pre2[k] += alpha * (s.pre1[k] - s.pre2[k]);
    }
    s.input_t_us = t_us;
  }
  if (has_gyr) s.gyro_seen = 1;
  const std::array<float, 6> v{s.pre2[0],     s.pre2[1],     s.pre2[2],
                               gyr_rad_s.x(), gyr_rad_s.y(), gyr_rad_s.z()};
  const features::ResampleResult r = st_.resampler.push(
      t_us, v,
      [&](Micros grid_t_us, const std::array<float, 6>& a) { on_grid(grid_t_us, a, t_us, sink); });
  if (r.restarted) {
    // A gap (or the first sample): nothing is known across it.
    if (st_.walking) end_bout(t_us, sink);
    st_.pending = 0;
    restart_signal();
  }
  // A bout ends when no step follows in time (checked on the input clock).
  if (st_.walking && elapsed_us(st_.last_step_us, t_us) > timeout_us_ + filter_delay_us()) {
    end_bout(t_us, sink);
  }
}

template <typename Sink>
void StepDetector::on_grid(Micros t_us, const std::array<float, 6>& in, Micros reported_us,
                           Sink&& sink) noexcept {
  StepState& s = st_;
  const std::array<float, 3> acc{in[0], in[1], in[2]};
  if (s.gyro_seen && s.grid_points % kGyroDecimation == 0) {
    for (std::size_t k = 0; k < 3; ++k) s.gyro_history[s.gyro_next][k] = in[3 + k];
    s.gyro_next = static_cast<std::uint8_t>((s.gyro_next + 1) % kGyroHistory);
    if (s.gyro_count < kGyroHistory) ++s.gyro_count;
  }
  const float x = std::sqrt(acc[0] * acc[0] + acc[1] * acc[1] + acc[2] * acc[2]) - kGravity_m_s2;
  update_verticality(acc);
  // Low-pass, transposed direct form II.
  if (s.grid_points == 0) {
    // Start at rest on the first value: no step transient from the filter's own start.
    s.z2 = (b2_ - a2_) * x;  // the steady state of a constant input (DC gain 1): y = x
    s.z1 = (b1_ - a1_) * x + s.z2;
    s.y0 = s.y1 = s.y2 = x;
    s.lowest = s.lowest_after_held = x;
  }
  const float y = b0_ * x + s.z1;
  s.z1 = b1_ * x - a1_ * y + s.z2;
  s.z2 = b2_ * x - a2_ * y;
  s.y2 = s.y1;
  s.y1 = s.y0;
  s.y0 = y;
  if (s.grid_points < UINT32_MAX) ++s.grid_points;
  s.grid_t_us = t_us;
  if (!s.walking) s.amplitude *= amplitude_decay_;
  if (y < s.lowest) s.lowest = y;
  if (s.has_held && y < s.lowest_after_held) s.lowest_after_held = y;

  // A held candidate becomes final once no higher maximum can replace it.
  // The minimum gap (a median of the bout's intervals) only where a held candidate needs it.
  if (s.has_held &&
      elapsed_us(s.held_t_us, earlier_us(t_us, filter_delay_us())) >= min_gap_now_us()) {
    s.has_held = 0;
    s.lowest = s.lowest_after_held;
    on_candidate(s.held_t_us, s.held_prominence, reported_us, sink);
  }
  if (s.grid_points < 3) return;
  // A local maximum at the previous grid point.
  const float a = s.y2, b = s.y1, c = s.y0;
  if (!(b > a && b >= c)) return;
  const float den = a - 2.0f * b + c;
  const float delta = den < 0.0f ? 0.5f * (a - c) / den : 0.0f;  // in (-0.5, 0.5]
  const float peak = b - 0.25f * (a - c) * delta;
  // Stamps may lie anywhere in int64: every step in time saturates instead of overflowing.
  const Micros offset_us =
      static_cast<Micros>(std::lround(delta * static_cast<float>(grid_step_us_)));
  const Micros previous_us = earlier_us(t_us, grid_step_us_);
  const Micros peak_us =
      offset_us >= 0 ? later_us(previous_us, offset_us) : earlier_us(previous_us, -offset_us);
  const Micros landing_us = earlier_us(peak_us, filter_delay_us());
  if (s.has_held) {
    if (elapsed_us(s.held_t_us, landing_us) < min_gap_now_us()) {
      if (peak > s.held_value) {
        // A higher maximum close by replaces the held one; its rise counts from the same low.
        s.held_value = peak;
        s.held_prominence = peak - s.lowest;
        s.held_t_us = landing_us;
        s.lowest_after_held = c;
      }
      return;
    }
    s.has_held = 0;
    s.lowest = s.lowest_after_held;
    on_candidate(s.held_t_us, s.held_prominence, reported_us, sink);
  }
  const float threshold = std::fmax(s_.min_prominence_m_s2, s_.relative_prominence * s.amplitude);
  const float prominence = peak - s.lowest;
  if (prominence >= threshold) {
    s.has_held = 1;
    s.held_value = peak;
    s.held_prominence = prominence;
    s.held_t_us = landing_us;
    s.lowest_after_held = c;
  }
}

template <typename Sink>
void StepDetector::on_candidate(Micros t_us, float prominence, Micros reported_us,
                                Sink&& sink) noexcept {
  StepState& s = st_;
  const Micros since = s.pending > 0 || s.walking ? elapsed_us(s.last_candidate_us, t_us) : 0;
  s.last_candidate_us = t_us;
  // The amplitude follows every candidate (an envelope: quick to rise, slow to fall), so a small
  // second bump inside a step stays below relative_prominence of it from the first steps on.
  const float rate = prominence > s.amplitude ? kAmplitudeAttack : kAmplitudeRelease;
  s.amplitude += rate * (prominence - s.amplitude);
  const float vf = vertical_fraction();
  if (s.walking &&
      (vf < kKeepVerticalFraction ||
       repeats_every_step(trunc_to_i64(median_interval_s() * 1e6f), kGestureKeepCorrelation))) {
    // Not the motion of walking: the bout ends here, and this candidate does not count.
    end_bout(reported_us, sink);
    return;
  }
  if (s.walking) {
    if (since <= max_interval_us_) {
      credit_after(t_us, since, holds_two_steps(since), reported_us, sink);
      return;
    }
    end_bout(reported_us, sink);
  }
  // Not walking: collect candidates until they are regular enough to confirm walking.
  if (s.pending > 0 && (since > max_interval_us_ || since < min_interval_us_)) s.pending = 0;
  if (s.pending == kMaxPending) {
    for (std::size_t i = 1; i < kMaxPending; ++i) s.pending_us[i - 1] = s.pending_us[i];
    --s.pending;
  }
  s.pending_us[s.pending++] = t_us;
  if (s.pending >= s_.confirm_steps && pending_regular() && vf >= kConfirmVerticalFraction &&
      !repeats_every_step(step_interval_of(since), kGestureConfirmCorrelation)) {
    // Walking: credit the confirming candidates, and the earlier pending ones that keep their
    // rhythm (walking can be regular before it is vertical enough to confirm), oldest first.
    const std::uint8_t n = s.pending;
    std::size_t first = n - s_.confirm_steps;
    const float mean_us = static_cast<float>(elapsed_us(s.pending_us[first], s.pending_us[n - 1])) /
                          static_cast<float>(s_.confirm_steps - 1);
    while (first > 0) {
      const float d = static_cast<float>(elapsed_us(s.pending_us[first - 1], s.pending_us[first]));
      if (std::fabs(d - mean_us) > s_.interval_tolerance * mean_us) break;
      --first;
    }
    s.walking = 1;
    s.intervals = 0;
    s.interval_next = 0;
    s.bout_steps = 0;
    s.bout_start_us = s.pending_us[first];
    ++s.bouts;
    sink(event(StepEventKind::kBoutStarted, s.bout_start_us, reported_us));
    const Micros span_us = elapsed_us(s.pending_us[first], s.pending_us[n - 1]);
    const bool strides = holds_two_steps(span_us / static_cast<Micros>(n - 1 - first));
    credit(s.pending_us[first], reported_us, sink);
    for (std::size_t i = first + 1; i < n; ++i) {
      credit_after(s.pending_us[i], elapsed_us(s.pending_us[i - 1], s.pending_us[i]), strides,
                   reported_us, sink);
    }
    s.pending = 0;
  }
}

// The shortest interval between two candidates: min_step_interval_s, and inside a bout also
// min_gap_fraction of the bout's median step interval (a second bump inside one step is not a
// step).
inline Micros StepDetector::min_gap_now_us() const noexcept {
  if (!st_.walking || st_.intervals == 0) return min_interval_us_;
  const Micros rhythm_us = trunc_to_i64(kMinGapFraction * median_interval_s() * 1e6f);
  return rhythm_us > min_interval_us_ ? rhythm_us : min_interval_us_;
}

// Walking moves the body up and down at every step wherever the device is carried, so much of
// the step band's motion is vertical; hand activities (brushing teeth, clapping, eating,
// folding clothes, typing) move the hand mostly sideways or every which way.
inline void StepDetector::update_verticality(const std::array<float, 3>& a) noexcept {
  StepState& s = st_;
  if (s.grid_points == 0) {
    for (std::size_t k = 0; k < 3; ++k) {
      s.gravity[k] = a[k];
      s.dz1[k] = s.dz2[k] = 0.0f;
    }
  }
  float df[3];
  float g2 = 0.0f;
  for (std::size_t k = 0; k < 3; ++k) {
    s.gravity[k] += gravity_gain_ * (a[k] - s.gravity[k]);
    const float d = a[k] - s.gravity[k];
    const float y = b0_ * d + s.dz1[k];
    s.dz1[k] = b1_ * d - a1_ * y + s.dz2[k];
    s.dz2[k] = b2_ * d - a2_ * y;
    df[k] = y;
    g2 += s.gravity[k] * s.gravity[k];
  }
  // Vertical part along the gravity estimate (no direction in free fall: all counts as vertical).
  const float total = df[0] * df[0] + df[1] * df[1] + df[2] * df[2];
  float vertical2 = total;
  if (g2 > 1.0f) {
    const float v = df[0] * s.gravity[0] + df[1] * s.gravity[1] + df[2] * s.gravity[2];
    vertical2 = v * v / g2;
  }
  s.energy_vertical += energy_gain_ * (vertical2 - s.energy_vertical);
  s.energy_total += energy_gain_ * (total - s.energy_total);
}

inline float StepDetector::vertical_fraction() const noexcept {
  const StepState& s = st_;
  return s.energy_total > 1e-6f ? s.energy_vertical / s.energy_total : 1.0f;
}

inline bool StepDetector::repeats_every_step(Micros interval_us, float correlation) const noexcept {
  const StepState& s = st_;
  if (!s.gyro_seen || interval_us <= 0 ||
      static_cast<float>(interval_us) * 1e-6f > kGestureMaxInterval_s) {
    return false;
  }
  const float dt = grid_dt_s_ * static_cast<float>(kGyroDecimation);
  const std::size_t lag =
      static_cast<std::size_t>(static_cast<float>(interval_us) * 1e-6f / dt + 0.5f);
  const std::size_t n = s.gyro_count;
  if (lag < 2 || n < lag + 8) return false;
  auto at = [&s](std::size_t back) {  // back = 0: the newest
    return s.gyro_history[(s.gyro_next + 2 * kGyroHistory - 1 - back) % kGyroHistory];
  };
  // Mean and covariance over the kept samples, the main axis by power iteration.
  float m[3] = {0.0f, 0.0f, 0.0f};
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t k = 0; k < 3; ++k) m[k] += at(i)[k];
  }
  for (float& x : m) x /= static_cast<float>(n);
  float c[3][3] = {};
  for (std::size_t i = 0; i < n; ++i) {
    const float* g = at(i);
    for (std::size_t a = 0; a < 3; ++a) {
      for (std::size_t b = 0; b < 3; ++b) c[a][b] += (g[a] - m[a]) * (g[b] - m[b]);
    }
  }
  const float trace = c[0][0] + c[1][1] + c[2][2];
  if (trace < kGestureMinRate_rad_s * kGestureMinRate_rad_s * static_cast<float>(n)) return false;
  std::size_t big = 0;
  for (std::size_t k = 1; k < 3; ++k) {
    if (c[k][k] > c[big][big]) big = k;
  }
  float e[3] = {0.0f, 0.0f, 0.0f};
  e[big] = 1.0f;
  for (int it = 0; it < 8; ++it) {
    float f[3];
    for (std::size_t a = 0; a < 3; ++a) f[a] = c[a][0] * e[0] + c[a][1] * e[1] + c[a][2] * e[2];
    const float norm = std::sqrt(f[0] * f[0] + f[1] * f[1] + f[2] * f[2]);
    if (!(norm > 0.0f)) return false;
    for (std::size_t a = 0; a < 3; ++a) e[a] = f[a] / norm;
  }
  // Normalized autocorrelation of the projection at the lag, over the pairs the history holds.
  float sab = 0.0f, saa = 0.0f, sbb = 0.0f;
  for (std::size_t i = 0; i + lag < n; ++i) {
    const float* p = at(i);
    const float* q = at(i + lag);
    const float u = (p[0] - m[0]) * e[0] + (p[1] - m[1]) * e[1] + (p[2] - m[2]) * e[2];
    const float v = (q[0] - m[0]) * e[0] + (q[1] - m[1]) * e[1] + (q[2] - m[2]) * e[2];
    sab += u * v;
    saa += u * u;
    sbb += v * v;
  }
  const float den = std::sqrt(saa * sbb);
  return den > 1e-12f && sab / den > correlation;
}

inline bool StepDetector::holds_two_steps(Micros interval_us) const noexcept {
  return interval_us <= max_stride_us_ && interval_us >= min_stride_us_ &&
         st_.amplitude >= kStrideAmplitude_m_s2;
}

inline bool StepDetector::pending_regular() const noexcept {
  const StepState& s = st_;
  const std::size_t n = s_.confirm_steps;
  const std::size_t first = s.pending - n;
  float lo = 1e9f, hi = 0.0f, sum = 0.0f;
  for (std::size_t i = first + 1; i < s.pending; ++i) {
    const float d = static_cast<float>(elapsed_us(s.pending_us[i - 1], s.pending_us[i])) * 1e-6f;
    lo = std::fmin(lo, d);
    hi = std::fmax(hi, d);
    sum += d;
  }
  const float mean = sum / static_cast<float>(n - 1);
  return lo >= (1.0f - s_.interval_tolerance) * mean && hi <= (1.0f + s_.interval_tolerance) * mean;
}

template <typename Sink>
void StepDetector::credit(Micros t_us, Micros reported_us, Sink&& sink) noexcept {
  StepState& s = st_;
  ++s.steps;
  ++s.bout_steps;
  // Distance: this step's length from the speed (when given) or the height model.
  const float med = median_interval_s();
  if (med > 0.0f) {
    const float hz = 1.0f / med;
    const bool speed = s.speed_m_s > 0.0f && t_us <= s.speed_until_us;
    const float len = speed ? s.speed_m_s * med : step_length_m(hz);
    s.distance_mm += static_cast<std::uint64_t>(std::lround(len * 1000.0f));
  }
  s.last_step_us = t_us;
  sink(event(StepEventKind::kStep, t_us, reported_us));
  if (s_.milestone_steps != 0 && s.steps % s_.milestone_steps == 0) {
    sink(event(StepEventKind::kMilestone, t_us, reported_us));
  }
}

// The step at t_us, `interval_us` after the previous one; with `two`, a hidden step half-way
// (a running stride) is credited first.
template <typename Sink>
void StepDetector::credit_after(Micros t_us, Micros interval_us, bool two, Micros reported_us,
                                Sink&& sink) noexcept {
  if (two) {
    const Micros half_us = interval_us / 2;
    add_interval(static_cast<float>(half_us) * 1e-6f);
    credit(earlier_us(t_us, interval_us - half_us), reported_us, sink);
    interval_us -= half_us;
  }
  add_interval(static_cast<float>(interval_us) * 1e-6f);
  credit(t_us, reported_us, sink);
}

inline StepEvent StepDetector::event(StepEventKind kind, Micros t_us,
                                     Micros reported_us) const noexcept {
  StepEvent e;
  e.kind = kind;
  e.t_us = t_us;
  e.reported_us = reported_us;
  e.count = st_.steps;
  e.bout_steps = st_.bout_steps;
  e.bout_start_us = st_.bout_start_us;
  return e;
}

template <typename Sink>
void StepDetector::end_bout(Micros now_us, Sink&& sink) noexcept {
  StepState& s = st_;
  if (s.walking) sink(event(StepEventKind::kBoutEnded, s.last_step_us, now_us));
  s.walking = 0;
  s.pending = 0;
  s.intervals = 0;
  s.interval_next = 0;
  s.bout_steps = 0;
}

inline void StepDetector::add_interval(float d) noexcept {
  StepState& s = st_;
  s.interval_s[s.interval_next] = d;
  s.interval_next = static_cast<std::uint8_t>((s.interval_next + 1) % kIntervalHistory);
  if (s.intervals < kIntervalHistory) ++s.intervals;
}

inline float StepDetector::median_interval_s() const noexcept {
  const StepState& s = st_;
  if (s.intervals == 0) return 0.0f;
  float v[kIntervalHistory];
  for (std::size_t i = 0; i < s.intervals; ++i) v[i] = s.interval_s[i];
  // Insertion sort of at most 8 values.
  for (std::size_t i = 1; i < s.intervals; ++i) {
    const float x = v[i];
    std::size_t j = i;
    for (; j > 0 && v[j - 1] > x; --j) v[j] = v[j - 1];
    v[j] = x;
  }
  const std::size_t n = s.intervals;
  return n % 2 == 1 ? v[n / 2] : 0.5f * (v[n / 2 - 1] + v[n / 2]);
}

inline float StepDetector::cadence_spm() const noexcept {
  if (!st_.walking) return 0.0f;
  const float med = median_interval_s();
  return med > 0.0f ? 60.0f / med : 0.0f;
}

inline float StepDetector::cadence_confidence() const noexcept {
  const StepState& s = st_;
  if (!s.walking || s.intervals < 2) return 0.0f;
  const float med = median_interval_s();
  // 1 - the mean relative deviation from the median, scaled so a 25 % spread gives 0.
  float dev = 0.0f;
  for (std::size_t i = 0; i < s.intervals; ++i) dev += std::fabs(s.interval_s[i] - med);
  dev /= static_cast<float>(s.intervals) * med;
  const float c = 1.0f - 4.0f * dev;
  return c < 0.0f ? 0.0f : (c > 1.0f ? 1.0f : c);
}

inline bool StepDetector::plausible(const StepState& st) const noexcept {
  if (!st.resampler.consistent() || !st.resampler.state_finite()) return false;
  for (std::size_t k = 0; k < 3; ++k) {
    if (!std::isfinite(st.pre1[k]) || !std::isfinite(st.pre2[k])) return false;
  }
  if (st.input_started > 1 || st.anti_alias > 1 || st.gyro_seen > 1) return false;
  if (st.gyro_next >= kGyroHistory || st.gyro_count > kGyroHistory) return false;
  for (const auto& g : st.gyro_history) {
    for (float x : g) {
      if (!std::isfinite(x)) return false;
    }
  }
  const float f[] = {st.z1,
                     st.z2,
                     st.y0,
                     st.y1,
                     st.y2,
                     st.lowest,
                     st.lowest_after_held,
                     st.held_value,
                     st.held_prominence,
                     st.amplitude,
                     st.speed_m_s,
                     st.gravity[0],
                     st.gravity[1],
                     st.gravity[2],
                     st.dz1[0],
                     st.dz1[1],
                     st.dz1[2],
                     st.dz2[0],
                     st.dz2[1],
                     st.dz2[2],
                     st.energy_vertical,
                     st.energy_total};
  for (float x : f) {
    if (!std::isfinite(x)) return false;
  }
  for (float x : st.interval_s) {
    if (!(x >= 0.0f && x <= 60.0f)) return false;
  }
  if (st.has_held > 1 || st.walking > 1) return false;
  if (st.pending > kMaxPending || st.intervals > kIntervalHistory) return false;
  if (st.interval_next >= kIntervalHistory) return false;

  if (st.amplitude < 0.0f || st.speed_m_s < 0.0f) return false;
  if (st.energy_vertical < 0.0f || st.energy_total < 0.0f) return false;
  return true;
}

}  // namespace steps
}  // namespace fusetrack
