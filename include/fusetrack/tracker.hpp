// Tracker: the one streaming API. Feed it time-stamped IMU, magnetometer and PPG samples as they
// arrive; read back the latest outputs. Owns one of each stage and passes values between them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <variant>

#include "fusetrack/core/samples.hpp"
#include "fusetrack/core/status.hpp"
#include "fusetrack/core/stream_check.hpp"
#include "fusetrack/core/types.hpp"
#include "fusetrack/orientation/complementary_filter.hpp"
#include "fusetrack/orientation/orientation_ekf.hpp"

namespace fusetrack {

// Which orientation filter the Tracker runs.
enum class OrientationFilterKind : std::uint8_t {
  kComplementary,  // cheapest: a few tens of ns per sample
  kEkf,            // most accurate: error-state Kalman filter with bias in the state
};

constexpr const char* name(OrientationFilterKind k) noexcept {
  return k == OrientationFilterKind::kEkf ? "ekf" : "complementary";
}

struct TrackerSettings {
  StreamCheckSettings imu{};  // accelerometer + gyroscope FIFO; always on
  bool mag_enabled = true;
  StreamCheckSettings mag{25.0f, 1.8f, 5.0f};
  bool ppg_enabled = true;
  StreamCheckSettings ppg{25.0f, 1.8f, 5.0f};
  std::uint8_t ppg_channels = 1;  // channels every PPG sample must carry; [1, kMaxPpgChannels]
  OrientationFilterKind orientation_filter = OrientationFilterKind::kEkf;
  bool orientation_uses_mag = true;  // 9D when the magnetometer is enabled too, else 6D
  ComplementaryFilterSettings complementary{};
  OrientationEkfSettings ekf{};

  // kInvalidSettings when a stream's settings are out of range or the channel count is impossible.
  Status validate() const noexcept {
    if (!ok(imu.validate())) return Status::kInvalidSettings;
    if (mag_enabled && !ok(mag.validate())) return Status::kInvalidSettings;
    if (ppg_enabled && !ok(ppg.validate())) return Status::kInvalidSettings;
    if (ppg_channels < 1 || ppg_channels > kMaxPpgChannels) return Status::kInvalidSettings;
    if (orientation_filter == OrientationFilterKind::kComplementary) {
      if (!ok(complementary.validate())) return Status::kInvalidSettings;
    } else if (orientation_filter == OrientationFilterKind::kEkf) {
      if (!ok(ekf.validate())) return Status::kInvalidSettings;
    } else {
      return Status::kInvalidSettings;
    }
    return Status::kOk;
  }
};

// What the Tracker knows about one stream.
struct StreamOutput {
  std::uint64_t accepted = 0;
  std::uint64_t rejected = 0;  // duplicates + backwards + not finite + wrong shape
  std::uint64_t duplicates = 0;
  std::uint64_t backwards = 0;
  std::uint64_t not_finite = 0;
  std::uint64_t gaps = 0;
  std::uint64_t missing = 0;  // estimated samples lost inside gaps
  float rate_hz = 0.0f;       // recent measured rate
  float mean_rate_hz = 0.0f;  // over the whole stream, gaps excluded
  float jitter_s = 0.0f;      // RMS interval deviation
  float drift = 0.0f;         // recent rate / nominal - 1
  Micros last_t_us = 0;
};

// Orientation and what follows from it, after the latest IMU sample.
struct OrientationOutput {
  Quat q_es = Quat::Identity();           // sensor -> earth (ENU)
  Vec3 gravity_s_m_s2 = Vec3::Zero();     // gravity's specific force in the sensor frame
  Vec3 linear_acc_e_m_s2 = Vec3::Zero();  // specific force minus gravity, earth frame
  Vec3 gyr_bias_rad_s = Vec3::Zero();     // estimated gyroscope bias
  OrientationFlags flags{};               // initialized, at_rest, mag_disturbed, ...
  bool uses_mag = false;                  // 9D (heading from the magnetometer) or 6D
};

struct TrackerOutput {
  StreamOutput imu;
  StreamOutput mag;
  StreamOutput ppg;
  OrientationOutput orientation;
};

class Tracker {
 public:
  // Construct with settings; check status() before use: when the settings are invalid it is
  // kInvalidSettings and every push returns that status.
  explicit Tracker(const TrackerSettings& settings = TrackerSettings{}) noexcept
      : settings_(settings),
        status_(settings.validate()),
        imu_check_(ok(status_) ? settings.imu : StreamCheckSettings{}),
        mag_check_(ok(status_) && settings.mag_enabled ? settings.mag : StreamCheckSettings{}),
        ppg_check_(ok(status_) && settings.ppg_enabled ? settings.ppg : StreamCheckSettings{}),
        orientation_(make_orientation(settings)) {}

  Status status() const noexcept { return status_; }
  const TrackerSettings& settings() const noexcept { return settings_; }

  // Pushes one IMU FIFO entry. Rejected (state unchanged but for the counters) with kNotFinite,
  // kDuplicateTime or kTimeBackwards.
  Status push_imu(const ImuSample& s) noexcept {
    if (!ok(status_)) return status_;
    const Status st = admit(imu_check_, all_finite(s), s.t_us, imu_shape_rejects_, true);
    if (!ok(st)) return st;
    last_acc_s_ = s.acc_m_s2;
    // Time and values were validated above, so the sample is accepted. A filter can still
    // decline to use a degenerate vector (zero specific force in free fall); it says so in
    // its flags (acc_rejected), not by rejecting a sample the stream has counted.
    with_filter([&s](auto& filter) { (void)filter.update(s); });
    return Status::kOk;
  }

  // Pushes one magnetometer reading; kStreamDisabled when the settings turned it off.
  Status push_mag(const MagSample& s) noexcept {
    if (!ok(status_)) return status_;
    if (!settings_.mag_enabled) return Status::kStreamDisabled;
    const Status st = admit(mag_check_, all_finite(s), s.t_us, mag_shape_rejects_, true);
    if (!ok(st) || !settings_.orientation_uses_mag) return st;
    // As for the IMU: a field without horizontal part is flagged (mag_disturbed), not rejected.
    with_filter([&s](auto& filter) { (void)filter.update_mag(s.t_us, s.mag_ut); });
    return Status::kOk;
  }

  // Pushes one PPG reading; kOutOfRange when its channel count differs from the settings'.
  Status push_ppg(const PpgSample& s) noexcept {
    if (!ok(status_)) return status_;
    if (!settings_.ppg_enabled) return Status::kStreamDisabled;
    const bool shape_ok = s.channel_count == settings_.ppg_channels;
    return admit(ppg_check_, all_finite(s), s.t_us, ppg_shape_rejects_, shape_ok);
  }

  // Batch forms (e.g. one FIFO read): every sample is offered in order, a rejected one does not
  // stop the rest. Returns kOk when all were accepted, else the first rejection's status;
  // `accepted` (optional) receives how many were accepted.
  Status push_imu(const ImuSample* samples, std::size_t n,
                  std::size_t* accepted = nullptr) noexcept {
    return push_batch(samples, n, accepted, [this](const ImuSample& s) { return push_imu(s); });
  }
  Status push_mag(const MagSample* samples, std::size_t n,
                  std::size_t* accepted = nullptr) noexcept {
    return push_batch(samples, n, accepted, [this](const MagSample& s) { return push_mag(s); });
  }
  Status push_ppg(const PpgSample* samples, std::size_t n,
                  std::size_t* accepted = nullptr) noexcept {
    return push_batch(samples, n, accepted, [this](const PpgSample& s) { return push_ppg(s); });
  }

  // The latest outputs.
  TrackerOutput output() const noexcept {
    TrackerOutput o;
    o.imu = stream_output(imu_check_, imu_shape_rejects_);
    o.mag = stream_output(mag_check_, mag_shape_rejects_);
    o.ppg = stream_output(ppg_check_, ppg_shape_rejects_);
    OrientationOutput& ori = o.orientation;
    with_filter([&ori](const auto& filter) {
      ori.q_es = filter.orientation();
      ori.gyr_bias_rad_s = filter.gyr_bias_rad_s();
      ori.flags = filter.flags();
    });
    ori.uses_mag = settings_.mag_enabled && settings_.orientation_uses_mag;
    if (ori.flags.initialized) {
      ori.gravity_s_m_s2 = ori.q_es.conjugate() * Vec3(0.0f, 0.0f, kGravity_m_s2);
      ori.linear_acc_e_m_s2 = ori.q_es * last_acc_s_ - Vec3(0.0f, 0.0f, kGravity_m_s2);
    }
    return o;
  }

  // The running filter, for its full state and settings; nullptr for the one not chosen.
  const ComplementaryFilter* complementary_filter() const noexcept {
    return std::get_if<ComplementaryFilter>(&orientation_);
  }
  const OrientationEkf* orientation_ekf() const noexcept {
    return std::get_if<OrientationEkf>(&orientation_);
  }

  const StreamCheck& imu_check() const noexcept { return imu_check_; }
  const StreamCheck& mag_check() const noexcept { return mag_check_; }
  const StreamCheck& ppg_check() const noexcept { return ppg_check_; }

 private:
  using OrientationFilter = std::variant<ComplementaryFilter, OrientationEkf>;
  // Calls fn with the running filter (std::get_if: no exception path, unlike std::visit).
  template <typename Fn>
  void with_filter(Fn fn) noexcept {
    if (auto* c = std::get_if<ComplementaryFilter>(&orientation_)) {
      fn(*c);
    } else if (auto* e = std::get_if<OrientationEkf>(&orientation_)) {
      fn(*e);
    }
  }
  template <typename Fn>
  void with_filter(Fn fn) const noexcept {
    if (const auto* c = std::get_if<ComplementaryFilter>(&orientation_)) {
      fn(*c);
    } else if (const auto* e = std::get_if<OrientationEkf>(&orientation_)) {
      fn(*e);
    }
  }

  static OrientationFilter make_orientation(const TrackerSettings& s) noexcept {
    if (s.orientation_filter == OrientationFilterKind::kComplementary) {
      return OrientationFilter(std::in_place_type<ComplementaryFilter>, s.complementary);
    }
    return OrientationFilter(std::in_place_type<OrientationEkf>, s.ekf);
  }

  static Status admit(StreamCheck& check, bool finite, Micros t_us, std::uint64_t& shape_rejects,
                      bool shape_ok) noexcept {
    if (!shape_ok) {
      ++shape_rejects;
      return Status::kOutOfRange;
    }
    if (!finite) {
      check.reject_not_finite();
      return Status::kNotFinite;
    }
    switch (check.check(t_us)) {
      case TimeClass::kDuplicate:
        return Status::kDuplicateTime;
      case TimeClass::kBackwards:
        return Status::kTimeBackwards;
      default:
        return Status::kOk;
    }
  }

  template <typename Sample, typename Push>
  static Status push_batch(const Sample* samples, std::size_t n, std::size_t* accepted,
                           Push push) noexcept {
    Status first = Status::kOk;
    std::size_t count = 0;
    for (std::size_t i = 0; i < n; ++i) {
      const Status st = push(samples[i]);
      if (ok(st)) {
        ++count;
      } else if (ok(first)) {
        first = st;
      }
    }
    if (accepted != nullptr) *accepted = count;
    return first;
  }

  static StreamOutput stream_output(const StreamCheck& c, std::uint64_t shape_rejects) noexcept {
    const StreamCheckState& s = c.state();
    StreamOutput o;
    o.accepted = s.accepted;
    o.duplicates = s.duplicates;
    o.backwards = s.backwards;
    o.not_finite = s.not_finite;
    o.rejected = s.duplicates + s.backwards + s.not_finite + shape_rejects;
    o.gaps = s.gaps;
    o.missing = s.missing;
    o.rate_hz = s.accepted > 1 ? c.rate_hz() : 0.0f;
    o.mean_rate_hz = c.mean_rate_hz();
    o.jitter_s = c.jitter_s();
    o.drift = s.accepted > 1 ? c.drift() : 0.0f;
    o.last_t_us = s.last_t_us;
    return o;
  }

  TrackerSettings settings_;
  Status status_;
  StreamCheck imu_check_;
  StreamCheck mag_check_;
  StreamCheck ppg_check_;
  std::uint64_t imu_shape_rejects_ = 0;
  std::uint64_t mag_shape_rejects_ = 0;
  std::uint64_t ppg_shape_rejects_ = 0;
  // Only the filter chosen in the settings exists.
  OrientationFilter orientation_;
  Vec3 last_acc_s_ = Vec3::Zero();
};

}  // namespace fusetrack
