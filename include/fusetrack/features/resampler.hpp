// Resampler<D>: D-channel samples on their own time stamps (jittered, repeated in batches, with
// gaps) onto a uniform time grid, by linear interpolation between consecutive inputs.
//
// The grid: the first sample (after construction, reset() or a gap) is grid point 0, its origin.
// Grid point k lies at origin + floor(k * 1e9 / rate_mhz) µs exactly, where rate_mhz is rate_hz
// rounded to the nearest mHz (rate_hz() returns the rate actually used). The points are stepped
// in integer µs with an exact integer remainder (the floor's numerator modulo rate_mhz), so no
// rounding accumulates: grid point k is where the formula puts it after any number of points,
// at any rate (3 Hz, 104 Hz, ... need not divide 1 s).
//
// Each push of (t_us, v) that advances time emits every grid point g with previous_t <= g < t_us,
// interpolated between the previous input and this one. A grid point is emitted once the sample
// after it has arrived, so the output lags the input by at most one input interval.
//   - Equal stamp: averaged into the previous sample (running mean over the run of equal stamps;
//     counted in repeated()). Nothing is emitted.
//   - Older stamp: ignored (counted in backwards()). Nothing is emitted, nothing changes.
//   - Interval > max_gap_s: the grid restarts at this sample (counted in restarts()); nothing is
//     interpolated across the gap, and the points between the previous sample and the gap are
//     not emitted.
// Bound: one push emits at most max_emitted_per_push() = ceil(max_gap_us * rate_mhz / 1e9)
// points, which is at most ceil(max_gap_s * rate_hz) + 1 (20 at the defaults, 60 000 at the
// extreme 60 s x 1000 Hz). A sink that buffers the points needs no more room than that.
//
// Values are taken as given: they must be finite (the Tracker's StreamCheck rejects NaN and Inf
// before a stage sees them). Any int64 time stamp is accepted without undefined behaviour.
// Per push: the interval from the stamps and one float division; per grid point D
// multiply-adds and a few integer adds (no 64-bit division, no double). Plain data, trivially
// copyable, without padding: sizeof is 64 + 4 D bytes rounded up to 8 (96 B for D = 8), the same on
// the host and on a Cortex-M.
#pragma once

#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <type_traits>

#include "fusetrack/core/checksum.hpp"
#include "fusetrack/core/status.hpp"
#include "fusetrack/core/types.hpp"

namespace fusetrack::features {

struct ResamplerSettings {
  float rate_hz = 20.0f;   // grid rate, Hz, [1, 1000]; used rounded to 1 mHz
  float max_gap_s = 1.0f;  // an input interval longer than this restarts the grid, s, (0, 60]

  // kInvalidSettings when a field is out of range or NaN.
  Status validate() const noexcept {
    if (!(rate_hz >= 1.0f && rate_hz <= 1000.0f)) return Status::kInvalidSettings;
    if (!(max_gap_s > 0.0f && max_gap_s <= 60.0f)) return Status::kInvalidSettings;
    return Status::kOk;
  }

  // Every field, in order, into `h` (for the settings hash of a stage's saved state).
  void hash_into(SettingsHash& h) const noexcept {
    h.add(rate_hz);
    h.add(max_gap_s);
  }
};

// What one push did.
struct ResampleResult {
  std::uint32_t emitted = 0;  // grid points passed to the sink
  bool restarted = false;     // the sample started a new grid (first sample or after a gap)
};

namespace detail {

// A Resampler's fields. An odd D leaves 4 bytes between prev_ and the 64-bit counters (on the
// host and on a Cortex-M alike): the specialisation for odd D names them (reserved_, explicit
// padding: always zero), so every byte of a Resampler in a saved state is defined.
template <std::size_t D, bool kOddD = (D % 2 != 0)>
struct ResamplerFields {
  // Derived from the settings at construction.
  std::int32_t rate_mhz_ = 20000;      // grid rate, mHz, [1000, 1e6]
  std::int32_t step_us_ = 50000;       // floor(1e9 / rate_mhz_), µs
  std::int32_t step_rem_ = 0;          // 1e9 mod rate_mhz_, in 1/rate_mhz_ µs
  std::int32_t max_gap_us_ = 1000000;  // µs, [1, 60e6]
  // The grid and the previous sample.
  Micros next_grid_us_ = 0;    // next grid point not yet emitted
  std::int32_t grid_rem_ = 0;  // its floor's remainder, in 1/rate_mhz_ µs, [0, rate_mhz_)
  std::uint32_t run_ = 0;      // samples averaged into prev_ (equal stamps); 0: no sample yet
  Micros prev_t_us_ = 0;
  std::array<float, D> prev_{};
  std::uint64_t restarts_ = 0;
  std::uint64_t repeated_ = 0;
  std::uint64_t backwards_ = 0;
};

// The same fields, and the explicit padding after prev_.
template <std::size_t D>
struct ResamplerFields<D, true> {
  std::int32_t rate_mhz_ = 20000;
  std::int32_t step_us_ = 50000;
  std::int32_t step_rem_ = 0;
  std::int32_t max_gap_us_ = 1000000;
  Micros next_grid_us_ = 0;
  std::int32_t grid_rem_ = 0;
  std::uint32_t run_ = 0;
  Micros prev_t_us_ = 0;
  std::array<float, D> prev_{};
  std::uint32_t reserved_ = 0;  // explicit padding (part of the saved state): always zero
  std::uint64_t restarts_ = 0;
  std::uint64_t repeated_ = 0;
  std::uint64_t backwards_ = 0;
};

}  // namespace detail

template <std::size_t D>
class Resampler : private detail::ResamplerFields<D> {
  static_assert(D > 0, "Resampler needs at least one channel");
  static_assert(sizeof(detail::ResamplerFields<D>) == 64 + 4 * (D + D % 2),
                "Resampler: no implicit padding");

 public:
  using Vector = std::array<float, D>;

  // Derives the grid step and the gap in µs once. Settings that do not validate are clamped into
  // their ranges (NaN: the default), so the object is always safe to use; validate() first.
  explicit Resampler(const ResamplerSettings& s = {}) noexcept {
    static_assert(std::is_trivially_copyable<Resampler>::value,
                  "a stage keeps its Resampler in its saved state, as bytes");
    const ResamplerSettings d{};
    const float rate = s.rate_hz >= 1.0f ? (s.rate_hz <= 1000.0f ? s.rate_hz : 1000.0f)
                                         : (s.rate_hz < 1.0f ? 1.0f : d.rate_hz);
    const float gap = s.max_gap_s > 0.0f ? (s.max_gap_s <= 60.0f ? s.max_gap_s : 60.0f)
                                         : (s.max_gap_s <= 0.0f ? 1e-6f : d.max_gap_s);
    // In range, so both fit int32 (rounded to the nearest mHz and µs).
    rate_mhz_ = static_cast<std::int32_t>(std::lround(rate * 1000.0f));
    step_us_ = static_cast<std::int32_t>(kGridScale / rate_mhz_);
    step_rem_ = static_cast<std::int32_t>(kGridScale % rate_mhz_);
    const std::int32_t gap_us = static_cast<std::int32_t>(std::lround(gap * 1e6f));
    max_gap_us_ = gap_us > 0 ? gap_us : 1;
  }

  // Feeds one input sample (t_us, v) and calls sink(Micros grid_t_us, const Vector& value) for
  // every grid point g with previous_t <= g < t_us, in time order, value linearly interpolated
  // between the previous input and this one. See the file comment for equal and older stamps,
  // gaps and the bound on the number of points.
  template <typename Sink>
  ResampleResult push(Micros t_us, const Vector& v, Sink&& sink) noexcept {
    ResampleResult result;
    if (run_ == 0) {
      start(t_us, v);
      result.restarted = true;
      return result;
    }
    // Saturated, never overflowing: any two int64 stamps give a defined interval.
    const Micros dt_us = elapsed_us(prev_t_us_, t_us);
    if (dt_us < 0) {
      ++backwards_;
      return result;
    }
    if (dt_us == 0) {
      average_in(v);
      return result;
    }
    if (dt_us > max_gap_us_) {
      ++restarts_;
      start(t_us, v);
      result.restarted = true;
      return result;
    }
    // From here dt_us is in (0, 60e6]: int32, and in float to 2^-24 relative. Every grid point
    // emitted lies in [prev_t, t_us), so its offset from prev_t is in [0, dt_us) as well.
    const float inv_dt = 1.0f / static_cast<float>(static_cast<std::int32_t>(dt_us));
    Vector value;
    while (next_grid_us_ < t_us) {
      const float w =
          static_cast<float>(static_cast<std::int32_t>(next_grid_us_ - prev_t_us_)) * inv_dt;
      for (std::size_t c = 0; c < D; ++c) value[c] = prev_[c] + w * (v[c] - prev_[c]);
      const Micros grid_t_us = next_grid_us_;  // the sink gets copies, never our state
      sink(grid_t_us, static_cast<const Vector&>(value));
      ++result.emitted;
      advance_grid();
    }
    prev_t_us_ = t_us;
    prev_ = v;
    run_ = 1;
    return result;
  }

  // Forgets everything (samples, grid, counters); the next sample starts a new grid.
  void reset() noexcept {
    prev_ = Vector{};
    prev_t_us_ = 0;
    next_grid_us_ = 0;
    grid_rem_ = 0;
    run_ = 0;
    restarts_ = 0;
    repeated_ = 0;
    backwards_ = 0;
  }

  // Gaps longer than max_gap_s that restarted the grid (the first sample is not counted).
  std::uint64_t restarts() const noexcept { return restarts_; }
  // Samples averaged into the previous one because their stamp equalled it.
  std::uint64_t repeated() const noexcept { return repeated_; }
  // Samples ignored because their stamp was older than the previous one.
  std::uint64_t backwards() const noexcept { return backwards_; }
  // The grid rate in use, Hz: the setting rounded to 1 mHz (and clamped into [1, 1000]).
  float rate_hz() const noexcept { return static_cast<float>(rate_mhz_) / 1000.0f; }
  // The longest interval bridged by interpolation, µs (max_gap_s rounded to 1 µs).
  Micros max_gap_us() const noexcept { return max_gap_us_; }
  // The most grid points one push can emit: ceil(max_gap_us * rate_mhz / 1e9) <= ceil(max_gap_s
  // * rate_hz) + 1.
  std::uint32_t max_emitted_per_push() const noexcept {
    const std::int64_t num = static_cast<std::int64_t>(max_gap_us_) * rate_mhz_;
    return static_cast<std::uint32_t>((num + kGridScale - 1) / kGridScale);
  }
  // Whether a sample has started the grid (false after construction, reset()).
  bool started() const noexcept { return run_ != 0; }
  // Time of the next grid point to be emitted, µs (>= the last accepted stamp); when started().
  Micros next_grid_us() const noexcept { return next_grid_us_; }
  // The previous sample's values are finite (a probe: false only after non-finite input).
  bool state_finite() const noexcept {
    float probe = 0.0f;
    for (std::size_t c = 0; c < D; ++c) probe += prev_[c] * 0.0f;
    return probe == 0.0f;
  }
  // Whether the fields keep the invariants every Resampler maintains (true for any object this
  // class made; a check for one restored from bytes, whose loop could otherwise run unbounded).
  bool consistent() const noexcept {
    if (rate_mhz_ < 1000 || rate_mhz_ > 1000000) return false;
    if (step_us_ != kGridScale / rate_mhz_ || step_rem_ != kGridScale % rate_mhz_) {
      return false;
    }
    if (grid_rem_ < 0 || grid_rem_ >= rate_mhz_) return false;
    if (max_gap_us_ < 1 || max_gap_us_ > 60000000) return false;
    if (run_ == 0) return true;
    const Micros ahead_us = elapsed_us(prev_t_us_, next_grid_us_);
    return ahead_us >= 0 && ahead_us <= static_cast<Micros>(step_us_) + 1;
  }

 private:
  // 1e9 = µs per s x mHz per Hz: grid point k is floor(k * kGridScale / rate_mhz_) µs after
  // the origin.
  static constexpr std::int64_t kGridScale = 1000000000;

  void start(Micros t_us, const Vector& v) noexcept {
    prev_t_us_ = t_us;
    prev_ = v;
    run_ = 1;
    next_grid_us_ = t_us;
    grid_rem_ = 0;
  }

  void average_in(const Vector& v) noexcept {
    if (run_ < UINT32_MAX) ++run_;
    ++repeated_;
    const float inv_n = 1.0f / static_cast<float>(run_);
    for (std::size_t c = 0; c < D; ++c) prev_[c] += (v[c] - prev_[c]) * inv_n;
  }

  // Next grid point: + floor(1e9 / rate_mhz) µs, and 1 µs more whenever the remainder carries.
  // A point past INT64_MAX saturates there: no stamp can be later, so it is never emitted.
  void advance_grid() noexcept {
    if (next_grid_us_ > INT64_MAX - step_us_ - 1) {
      next_grid_us_ = INT64_MAX;
      return;
    }
    next_grid_us_ += step_us_;
    grid_rem_ += step_rem_;
    if (grid_rem_ >= rate_mhz_) {
      grid_rem_ -= rate_mhz_;
      ++next_grid_us_;
    }
  }

  // The fields (detail::ResamplerFields), named here as members of this class.
  using Fields = detail::ResamplerFields<D>;
  using Fields::backwards_;
  using Fields::grid_rem_;
  using Fields::max_gap_us_;
  using Fields::next_grid_us_;
  using Fields::prev_;
  using Fields::prev_t_us_;
  using Fields::rate_mhz_;
  using Fields::repeated_;
  using Fields::restarts_;
  using Fields::run_;
  using Fields::step_rem_;
  using Fields::step_us_;
};

}  // namespace fusetrack::features
