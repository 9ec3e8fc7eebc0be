// StreamCheck: classifies each incoming time stamp of one sensor stream and measures the
// stream's actual rate, jitter and drift against its nominal rate.
#pragma once

#include <cmath>
#include <cstdint>

#include "fusetrack/core/checksum.hpp"
#include "fusetrack/core/status.hpp"
#include "fusetrack/core/types.hpp"

namespace fusetrack {

struct StreamCheckSettings {
  float nominal_rate_hz = 100.0f;  // what the sensor was configured for; [0.01, 100000]
  // An interval longer than gap_factor times the measured period is a gap (samples lost).
  float gap_factor = 1.8f;  // (1, 100]
  // Time constant of the running period and jitter estimates, s. Long enough to average
  // jitter, short enough to follow a clock that drifts with temperature. Capped at 60 s: with a
  // longer one the float32 running mean's steps fall below its resolution at high rates.
  float rate_time_constant_s = 5.0f;  // (0, 60]
  // A time stamp further than this from the previous one, forward or backward, is a time jump:
  // the clock was reset or a time stamp is garbage, and no sample was evidently lost. It is
  // accepted (counted in `jumps`) and what cannot bridge it starts over; a smaller step backward
  // is still rejected. Accepting the far step backward too is what lets a stream recover from
  // one wild time stamp instead of rejecting every later sample, s; (0, 3.2e7] (about a year).
  float max_jump_s = 3600.0f;

  // Every field, in order, into `h` (the saved state records the settings that made it).
  void hash_into(SettingsHash& h) const noexcept {
    h.add(nominal_rate_hz);
    h.add(gap_factor);
    h.add(rate_time_constant_s);
    h.add(max_jump_s);
  }

  // The name of the first field out of its range (NaN included), or nullptr when all are valid.
  const char* first_invalid_field() const noexcept {
    if (!(nominal_rate_hz >= 0.01f && nominal_rate_hz <= 100000.0f)) return "nominal_rate_hz";
    if (!(gap_factor > 1.0f && gap_factor <= 100.0f)) return "gap_factor";
    if (!(rate_time_constant_s > 0.0f && rate_time_constant_s <= 60.0f)) {
      return "rate_time_constant_s";
    }
    if (!(max_jump_s > 0.0f && max_jump_s <= 3.2e7f)) return "max_jump_s";
    return nullptr;
  }
  Status validate() const noexcept {
    return first_invalid_field() == nullptr ? Status::kOk : Status::kInvalidSettings;
  }
};

// How one time stamp relates to the previous accepted one.
enum class TimeClass : std::uint8_t {
  kFirst,      // first sample of the stream: accepted
  kOk,         // later than the previous one by a plausible interval: accepted
  kGap,        // later, but samples were evidently lost in between: accepted, counted
  kDuplicate,  // equal to the previous one: rejected
  kBackwards,  // earlier than the previous one (by at most max_jump_s): rejected
  kJump,       // further than max_jump_s from the previous one, either way: accepted, counted
};

constexpr const char* name(TimeClass c) noexcept {
  switch (c) {
    case TimeClass::kFirst:
      return "first";
    case TimeClass::kOk:
      return "ok";
    case TimeClass::kGap:
      return "gap";
    case TimeClass::kDuplicate:
      return "duplicate";
    case TimeClass::kBackwards:
      return "backwards";
    case TimeClass::kJump:
      return "jump";
  }
  return "unknown";
}

constexpr bool accepted(TimeClass c) noexcept {
  return c == TimeClass::kFirst || c == TimeClass::kOk || c == TimeClass::kGap ||
         c == TimeClass::kJump;
}

// Counters and running estimates: plain data.
struct StreamCheckState {
  Micros first_t_us = 0;
  Micros last_t_us = 0;                 // last accepted time stamp
  std::uint64_t seen = 0;               // every call to check() or reject_not_finite()
  std::uint64_t accepted = 0;           // first + ok + gap + jump
  std::uint64_t duplicates = 0;         // rejected: same time stamp as the previous accepted one
  std::uint64_t backwards = 0;          // rejected: earlier than the previous accepted one
  std::uint64_t not_finite = 0;         // rejected by the caller because a value was NaN/Inf
  std::uint64_t gaps = 0;               // accepted intervals that were gaps
  std::uint64_t jumps = 0;              // accepted time jumps (beyond max_jump_s)
  std::uint64_t missing = 0;            // estimated samples lost inside gaps
  std::uint64_t regular_intervals = 0;  // intervals that were not gaps
  std::int64_t regular_span_us = 0;     // sum of those intervals
  float period_s = 0.0f;                // running mean interval (gaps excluded)
  float jitter_var_s2 = 0.0f;           // running mean of (interval - period)²
  float max_abs_deviation_s = 0.0f;     // largest |interval - period| seen (gaps excluded)
  std::uint32_t reserved = 0;           // explicit padding (part of the saved state): always zero
};
static_assert(sizeof(StreamCheckState) == 12 * 8 + 4 * 4, "StreamCheckState: no implicit padding");

class StreamCheck {
 public:
  StreamCheck() noexcept : StreamCheck(StreamCheckSettings{}) {}
  // Settings must be valid (see validate()); the Tracker checks them before constructing.
  explicit StreamCheck(const StreamCheckSettings& settings) noexcept
      : settings_(settings), max_jump_us_(to_micros(settings.max_jump_s)) {
    reset();
  }

  // Classifies `t_us` and, when accepted, updates the rate estimates.
  TimeClass check(Micros t_us) noexcept {
    ++state_.seen;
    if (state_.accepted == 0) {
      state_.first_t_us = t_us;
      state_.last_t_us = t_us;
      ++state_.accepted;
      return TimeClass::kFirst;
    }
    // Overflow-free for any two int64 time stamps (saturated beyond ±2^63 µs).
    const Micros dt_us = elapsed_us(state_.last_t_us, t_us);
    if (dt_us == 0) {
      ++state_.duplicates;
      return TimeClass::kDuplicate;
    }
    if (dt_us > max_jump_us_ || dt_us < -max_jump_us_) {
      state_.last_t_us = t_us;
      ++state_.accepted;
      ++state_.jumps;
      return TimeClass::kJump;
    }
    if (dt_us < 0) {
      ++state_.backwards;
      return TimeClass::kBackwards;
    }
    const float dt_s = us_to_seconds(dt_us);
    state_.last_t_us = t_us;
    ++state_.accepted;
    if (dt_s > settings_.gap_factor * state_.period_s) {
      ++state_.gaps;
      // Whole periods that fit in the interval, less the one that arrived. The interval is at
      // most max_jump_s, so the count fits; the upper bound also keeps a restored state with a
      // damaged period from converting an out-of-range float.
      const float periods = std::round(dt_s / state_.period_s);
      state_.missing += (periods > 1.0f && periods < 1e18f)
                            ? static_cast<std::uint64_t>(trunc_to_i64(periods)) - 1u
                            : 0u;
      return TimeClass::kGap;
    }
    ++state_.regular_intervals;
    state_.regular_span_us = later_us(state_.regular_span_us, dt_us);  // jumps back can repeat
    // First-order low-pass with time constant tau, weight from the interval itself so that
    // the estimate's memory is in seconds whatever the rate.
    const float a = dt_s / (settings_.rate_time_constant_s + dt_s);
    const float dev = dt_s - state_.period_s;
    state_.period_s += a * dev;
    state_.jitter_var_s2 += a * (dev * dev - state_.jitter_var_s2);
    const float abs_dev = std::fabs(dev);
    if (abs_dev > state_.max_abs_deviation_s) state_.max_abs_deviation_s = abs_dev;
    return TimeClass::kOk;
  }

  // Counts a sample the caller rejected for a non-finite value (its time is not used).
  void reject_not_finite() noexcept {
    ++state_.seen;
    ++state_.not_finite;
  }

  void reset() noexcept {
    assign_default(state_);
    state_.period_s = 1.0f / settings_.nominal_rate_hz;
  }

  const StreamCheckSettings& settings() const noexcept { return settings_; }
  const StreamCheckState& state() const noexcept { return state_; }
  void set_state(const StreamCheckState& s) noexcept { state_ = s; }
  // Whether a state (e.g. one read back from a saved state) is one check() could have produced:
  // a positive finite period, a finite non-negative jitter and largest deviation.
  static bool plausible(const StreamCheckState& s) noexcept {
    return std::isfinite(s.period_s) && s.period_s > 0.0f && std::isfinite(s.jitter_var_s2) &&
           s.jitter_var_s2 >= 0.0f && std::isfinite(s.max_abs_deviation_s) &&
           s.max_abs_deviation_s >= 0.0f && s.accepted <= s.seen;
  }

  // Recent rate from the running period, Hz (the nominal rate until two samples arrived).
  float rate_hz() const noexcept { return 1.0f / state_.period_s; }
  // Mean rate over every regular (non-gap) interval since reset, Hz; 0 before two samples.
  float mean_rate_hz() const noexcept {
    if (state_.regular_intervals == 0) return 0.0f;
    if (state_.regular_span_us <= 0) return 0.0f;
    return ratio_to_float(state_.regular_intervals * 1000000u,
                          static_cast<std::uint64_t>(state_.regular_span_us));
  }
  // Relative deviation of the recent rate from the nominal one: +0.05 = 5 % fast.
  float drift() const noexcept { return rate_hz() / settings_.nominal_rate_hz - 1.0f; }
  // RMS deviation of intervals from the running period, s.
  float jitter_s() const noexcept { return std::sqrt(state_.jitter_var_s2); }

 private:
  // Seconds to µs; a value out of the setting's range (invalid settings, which the caller should
  // have refused) gives the default rather than an undefined conversion.
  static Micros to_micros(float s) noexcept {
    if (!(s > 0.0f && s <= 3.2e7f)) s = StreamCheckSettings{}.max_jump_s;
    return seconds_to_us(s);
  }

  StreamCheckSettings settings_;
  Micros max_jump_us_ = 0;  // settings_.max_jump_s in µs
  StreamCheckState state_;
};

}  // namespace fusetrack
