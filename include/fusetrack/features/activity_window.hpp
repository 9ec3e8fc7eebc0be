// ActivityWindow: the front end of activity recognition, shared by the activity stage and by
// training (so a model is trained on exactly the values it later sees). Per accepted IMU frame it
// computes the rotation-invariant channels of activity_features.hpp, with gravity from the
// orientation stage when the frame has it and from its own low-pass of the accelerometer
// otherwise; resamples them from the time stamps onto a uniform grid (resampler.hpp: jitter,
// repeated stamps and gaps are handled there, no rate is assumed); and keeps the last
// kActivityWindowCapacity grid samples. features() computes the feature vector of the newest
// window_samples of them.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "fusetrack/core/imu_frame.hpp"
#include "fusetrack/core/status.hpp"
#include "fusetrack/core/types.hpp"
#include "fusetrack/features/activity_features.hpp"
#include "fusetrack/features/fft.hpp"
#include "fusetrack/features/resampler.hpp"
#include "fusetrack/features/window.hpp"

namespace fusetrack::features {

// Grid samples the window holds: a model's window must not be longer.
inline constexpr std::size_t kActivityWindowCapacity = kActivityMaxWindow;
// Channels per grid sample: a_v, a_h, w_m, w_v, g_x, g_y, g_z (activity_features.hpp).
inline constexpr std::size_t kActivityChannels = 7;
// Fewest grid samples features() works on.
inline constexpr std::size_t kMinActivityWindow = 8;

struct ActivityWindowSettings {
  float rate_hz = 20.0f;               // grid rate, Hz; [1, 1000]
  std::uint16_t window_samples = 200;  // grid samples per feature window; [8, capacity]
  float gravity_tau_s = 1.0f;          // low-pass of the accelerometer for gravity, s; (0, 60]
  float max_gap_s = 1.0f;              // a longer input interval empties the window, s; (0, 60]

  // The name of the first field out of its range (NaN included), or nullptr when all are valid.
  const char* first_invalid_field() const noexcept {
    if (!(rate_hz >= 1.0f && rate_hz <= 1000.0f)) return "rate_hz";
    if (window_samples < 8 || window_samples > kActivityWindowCapacity) return "window_samples";
    if (!(gravity_tau_s > 0.0f && gravity_tau_s <= 60.0f)) return "gravity_tau_s";
    if (!(max_gap_s > 0.0f && max_gap_s <= 60.0f)) return "max_gap_s";
    return nullptr;
  }
  Status validate() const noexcept {
    return first_invalid_field() == nullptr ? Status::kOk : Status::kInvalidSettings;
  }
};

struct ActivityWindowState {
  Resampler<kActivityChannels> resampler{};
  Window<float, kActivityChannels, kActivityWindowCapacity> window{};
  float gravity_lp[3] = {0.0f, 0.0f, 0.0f};  // low-pass of the specific force, m/s²
  bool gravity_lp_valid = false;
  std::uint8_t reserved[3] = {};      // explicit padding (part of the saved state): always zero
  std::uint32_t grid_since_mark = 0;  // grid samples since the owner last called mark()
  std::uint32_t restarts = 0;         // gaps that emptied the window
};
static_assert(sizeof(ActivityWindowState) ==
                  sizeof(Resampler<kActivityChannels>) +
                      sizeof(Window<float, kActivityChannels, kActivityWindowCapacity>) + 24,
              "ActivityWindowState: no implicit padding");

class ActivityWindow {
 public:
  explicit ActivityWindow(const ActivityWindowSettings& s = {}) noexcept
      : settings_(s), valid_(ok(s.validate())) {
    reset();
  }

  bool valid() const noexcept { return valid_; }
  const ActivityWindowSettings& settings() const noexcept { return settings_; }

  // Takes one accepted frame; returns the number of grid samples it added.
  std::uint32_t push(const ImuFrame& f) noexcept {
    if (!valid_) return 0;
    float g[3];
    gravity_direction(f, g);
    const float a[3] = {f.acc_s_m_s2.x(), f.acc_s_m_s2.y(), f.acc_s_m_s2.z()};
    const float av = a[0] * g[0] + a[1] * g[1] + a[2] * g[2];
    const float hx = a[0] - av * g[0], hy = a[1] - av * g[1], hz = a[2] - av * g[2];
    const float ah = std::sqrt(hx * hx + hy * hy + hz * hz);
    float wm = 0.0f, wv = 0.0f;
    if (f.has_gyr) {
      const Vec3& w = f.gyr_rad_s;
      wm = w.norm();
      wv = w.x() * g[0] + w.y() * g[1] + w.z() * g[2];
    }
    const typename Resampler<kActivityChannels>::Vector v = {av, ah, wm, wv, g[0], g[1], g[2]};
    ActivityWindowState& st = state_;
    const ResampleResult r = st.resampler.push(f.t_us, v, [&st](Micros, const auto& value) {
      st.window.push(value);
      ++st.grid_since_mark;
    });
    // The grid started over after a gap (a restart emits nothing: the new grid begins at this
    // sample): what the window held cannot be joined to what follows.
    if (r.restarted && !st.window.empty()) {
      st.window.clear();
      st.grid_since_mark = 0;
      ++st.restarts;
    }
    return r.emitted;
  }

  bool full() const noexcept { return state_.window.size() >= settings_.window_samples; }
  std::uint32_t since_mark() const noexcept { return state_.grid_since_mark; }
  void mark() noexcept { state_.grid_since_mark = 0; }

  // The features of the newest window_samples grid samples (all of them while fewer are there,
  // as at the start of a recording) into out[kActivityFeatureCount]; false (out untouched) while
  // the window holds fewer than kMinActivityWindow samples.
  bool features(float* out) noexcept {
    if (!valid_ || state_.window.size() < kMinActivityWindow) return false;
    const std::size_t n = std::min<std::size_t>(settings_.window_samples, state_.window.size());
    state_.window.linearize();
    const std::size_t first = state_.window.size() - n;
    ActivityWindowView v;
    v.a_v = state_.window.channel(0) + first;
    v.a_h = state_.window.channel(1) + first;
    v.w_m = state_.window.channel(2) + first;
    v.w_v = state_.window.channel(3) + first;
    for (std::size_t c = 0; c < 3; ++c) v.g[c] = state_.window.channel(4 + c) + first;
    v.n = n;
    v.rate_hz = settings_.rate_hz;
    // Working memory of one decision, on the stack (2.3 KB once per hop, not per sample): only
    // the window is state, so the Tracker's RAM holds no scratch.
    ActivityFeatureScratch scratch;
    compute_activity_features(v, fft_, scratch, out);
    return true;
  }

  // Forget everything (a time jump, the guard).
  void reset() noexcept {
    assign_default(state_);
    if (valid_)
      state_.resampler = Resampler<kActivityChannels>({settings_.rate_hz, settings_.max_gap_s});
  }

  const ActivityWindowState& state() const noexcept { return state_; }
  void set_state(const ActivityWindowState& s) noexcept { state_ = s; }
  // 0 when every float of the state is finite, NaN otherwise (sum of x * 0 probes).
  static float finite_probe(const ActivityWindowState& s) noexcept {
    return s.gravity_lp[0] * 0.0f + s.gravity_lp[1] * 0.0f + s.gravity_lp[2] * 0.0f +
           (s.resampler.state_finite() ? 0.0f : NAN) + s.window.finite_probe();
  }

 private:
  // The unit gravity direction for f: the orientation stage's when valid, else the low-pass of
  // the specific force (kept up to date either way, so a switch between them is seamless).
  void gravity_direction(const ImuFrame& f, float g[3]) noexcept {
    ActivityWindowState& st = state_;
    const float a[3] = {f.acc_s_m_s2.x(), f.acc_s_m_s2.y(), f.acc_s_m_s2.z()};
    if (!st.gravity_lp_valid) {
      for (int c = 0; c < 3; ++c) st.gravity_lp[c] = a[c];
      st.gravity_lp_valid = true;
    } else {
      const float alpha = f.dt_s / (settings_.gravity_tau_s + f.dt_s);
      for (int c = 0; c < 3; ++c) st.gravity_lp[c] += alpha * (a[c] - st.gravity_lp[c]);
    }
    float src[3] = {st.gravity_lp[0], st.gravity_lp[1], st.gravity_lp[2]};
    if (f.orientation_valid) {
      src[0] = f.gravity_s_m_s2.x();
      src[1] = f.gravity_s_m_s2.y();
      src[2] = f.gravity_s_m_s2.z();
    }
    const float n = std::sqrt(src[0] * src[0] + src[1] * src[1] + src[2] * src[2]);
    if (n > 1e-3f) {
      for (int c = 0; c < 3; ++c) g[c] = src[c] / n;
    } else {
      g[0] = 0.0f;
      g[1] = 0.0f;
      g[2] = 1.0f;
    }
  }

  ActivityWindowSettings settings_;
  bool valid_ = false;
  ActivityWindowState state_{};
  // Derived once / working memory: not part of the state.
  RealFft<kActivityFftSize> fft_{};
};

}  // namespace fusetrack::features
