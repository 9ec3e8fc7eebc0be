// RestDetector: decides from the gyroscope and accelerometer whether the device is at rest
// (still on a table, or a wrist held still), and provides the low-passed gyroscope reading that
// the orientation filters use as a direct gyroscope-bias measurement while at rest.
//
// Rest = for at least `min_duration_s`, every gyroscope sample stays within
// `gyr_threshold_rad_s` of its low-passed value, every accelerometer sample within
// `acc_threshold_m_s2` of its low-passed value, and the low-passed rate itself is small enough
// to be a bias (`max_bias_rad_s`). The idea follows the rest detection of VQF (Laidig & Seel,
// 2023, Sec. 3.4); thresholds are ours.
#pragma once

#include "fusetrack/core/checksum.hpp"
#include "fusetrack/core/status.hpp"
#include "fusetrack/core/types.hpp"

namespace fusetrack {

struct RestDetectorSettings {
  float gyr_threshold_rad_s = 2.0f * kRadPerDeg;  // allowed deviation from the low-pass, (0, 1]
  float acc_threshold_m_s2 = 0.5f;                // allowed deviation from the low-pass, (0, 10]
  float max_bias_rad_s = 3.0f * kRadPerDeg;       // largest gyro bias a still device shows, (0, 1]
  float min_duration_s = 1.5f;                    // quiet this long before rest, (0, 60]
  float filter_tau_s = 0.5f;                      // low-pass time constant, (0, 10]

  // Every field, in order, into `h` (the saved state records the settings that made it).
  void hash_into(SettingsHash& h) const noexcept {
    h.add(gyr_threshold_rad_s);
    h.add(acc_threshold_m_s2);
    h.add(max_bias_rad_s);
    h.add(min_duration_s);
    h.add(filter_tau_s);
  }

  Status validate() const noexcept {
    if (!(gyr_threshold_rad_s > 0.0f && gyr_threshold_rad_s <= 1.0f))
      return Status::kInvalidSettings;
    if (!(acc_threshold_m_s2 > 0.0f && acc_threshold_m_s2 <= 10.0f))
      return Status::kInvalidSettings;
    if (!(max_bias_rad_s > 0.0f && max_bias_rad_s <= 1.0f)) return Status::kInvalidSettings;
    if (!(min_duration_s > 0.0f && min_duration_s <= 60.0f)) return Status::kInvalidSettings;
    if (!(filter_tau_s > 0.0f && filter_tau_s <= 10.0f)) return Status::kInvalidSettings;
    return Status::kOk;
  }
};

// Plain data; at_rest is the decision, gyr_lp_rad_s the bias measurement while at rest.
struct RestDetectorState {
  Vec3 gyr_lp_rad_s = Vec3::Zero();
  Vec3 acc_lp_m_s2 = Vec3::Zero();
  float quiet_s = 0.0f;  // how long every check has passed
  bool gyr_seen = false;
  bool acc_seen = false;
  bool acc_quiet = false;  // latest accelerometer sample passed its check
  bool at_rest = false;
};

// The decision logic: settings and the coefficients derived from them. It holds no state of its
// own; each call reads and updates the caller's RestDetectorState, so the filter that owns the
// state (and saves it) holds the only copy.
class RestDetector {
 public:
  RestDetector() noexcept : RestDetector(RestDetectorSettings{}) {}
  explicit RestDetector(const RestDetectorSettings& s) noexcept : settings_(s) {
    gyr_th2_ = s.gyr_threshold_rad_s * s.gyr_threshold_rad_s;
    acc_th2_ = s.acc_threshold_m_s2 * s.acc_threshold_m_s2;
    bias_max2_ = s.max_bias_rad_s * s.max_bias_rad_s;
  }

  // One gyroscope sample, `dt_s` after the previous one (the caller validated both).
  void update_gyr(RestDetectorState& st, const Vec3& gyr_rad_s, float dt_s) const noexcept {
    if (!st.gyr_seen) {
      st.gyr_lp_rad_s = gyr_rad_s;
      st.gyr_seen = true;
      return;
    }
    const float dev2 = track(st.gyr_lp_rad_s, gyr_rad_s, gain(dt_s));
    // The accelerometer's verdict first: while the device moves it settles the question alone.
    const bool quiet =
        st.acc_quiet && dev2 < gyr_th2_ && st.gyr_lp_rad_s.squaredNorm() < bias_max2_;
    st.quiet_s = quiet ? st.quiet_s + dt_s : 0.0f;
    st.at_rest = st.quiet_s >= settings_.min_duration_s;
  }

  // One accelerometer sample, `dt_s` after the previous one.
  void update_acc(RestDetectorState& st, const Vec3& acc_m_s2, float dt_s) const noexcept {
    if (!st.acc_seen) {
      st.acc_lp_m_s2 = acc_m_s2;
      st.acc_seen = true;
      return;
    }
    st.acc_quiet = track(st.acc_lp_m_s2, acc_m_s2, gain(dt_s)) < acc_th2_;
    if (!st.acc_quiet) {
      st.quiet_s = 0.0f;
      st.at_rest = false;
    }
  }

  // One accelerometer sample on a device without a gyroscope: rest is then decided from the
  // accelerometer alone (quiet for min_duration_s).
  void update_acc_only(RestDetectorState& st, const Vec3& acc_m_s2, float dt_s) const noexcept {
    update_acc(st, acc_m_s2, dt_s);
    st.quiet_s = st.acc_quiet ? st.quiet_s + dt_s : 0.0f;
    st.at_rest = st.quiet_s >= settings_.min_duration_s;
  }

  const RestDetectorSettings& settings() const noexcept { return settings_; }

 private:
  float gain(float dt_s) const noexcept { return dt_s / (settings_.filter_tau_s + dt_s); }
  // Moves the low-pass `lp` a fraction k of the way to the sample `v` and returns the sample's
  // squared distance from the moved low-pass. Works on scalar copies, so that the store to `lp`
  // cannot force `v` to be read again.
  static float track(Vec3& lp, const Vec3& v, float k) noexcept {
    const float vx = v.x(), vy = v.y(), vz = v.z();
    const float lx = lp.x() + k * (vx - lp.x());
    const float ly = lp.y() + k * (vy - lp.y());
    const float lz = lp.z() + k * (vz - lp.z());
    lp = Vec3(lx, ly, lz);
    return (vx - lx) * (vx - lx) + (vy - ly) * (vy - ly) + (vz - lz) * (vz - lz);
  }

  RestDetectorSettings settings_;
  float gyr_th2_ = 0.0f;
  float acc_th2_ = 0.0f;
  float bias_max2_ = 0.0f;
};

}  // namespace fusetrack
