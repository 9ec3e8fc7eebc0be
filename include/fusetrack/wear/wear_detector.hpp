// WearDetector: whether the device is still, moving, or suspected off the wrist, from the
// accelerometer (works without a gyroscope), the gravity direction orientation provides, and,
// when PPG is on, whether the optical sensor still sees skin.
//
// Motion measure: the running mean square (time constant motion_tau_s) of the deviation of the
// specific force from its own low-pass (same time constant), so gravity, whatever the attitude,
// does not count. Each sample's contribution is capped at (2 moving_above_m_s2)²: a run or a
// shake then ends in the measure within about three time constants instead of the many a mean
// square of 100 (m/s²)² would take to decay. Moving above moving_above_m_s2 (RMS); still once
// below still_below_m_s2 for still_after_s (the gap between the two thresholds is hysteresis).
// Off-wrist suspected: either perfectly still (below perfectly_still_below_m_s2, quieter than a
// living wrist stays) in a flat attitude (display within flat_within_deg of face up or face down,
// where a device lies on a table) for off_wrist_after_s, or no skin contact (the PPG level less
// ambient below ppg_no_contact_below when set, or the heart stage's no-contact judgement passed in
// by the Tracker) for ppg_no_contact_after_s. It is a suspicion,
// not a proof: a wrist resting flat and motionless for minutes looks the same to an accelerometer.
#pragma once

#include <cmath>
#include <cstdint>

#include "fusetrack/core/checksum.hpp"
#include "fusetrack/core/imu_frame.hpp"
#include "fusetrack/core/samples.hpp"
#include "fusetrack/core/status.hpp"
#include "fusetrack/core/types.hpp"

namespace fusetrack {

enum class WearState : std::uint8_t {
  kUnknown = 0,  // not enough input yet
  kStill = 1,    // on the wrist (or not known otherwise) and not moving
  kMoving = 2,   // moving
  kOffWristSuspected = 3,
};

constexpr const char* name(WearState s) noexcept {
  switch (s) {
    case WearState::kUnknown:
      return "unknown";
    case WearState::kStill:
      return "still";
    case WearState::kMoving:
      return "moving";
    case WearState::kOffWristSuspected:
      return "off_wrist_suspected";
  }
  return "unknown";
}

struct WearDetectorSettings {
  bool enabled = true;
  float motion_tau_s = 0.5f;                 // time constant of the motion measure, s; (0, 60]
  float moving_above_m_s2 = 0.3f;            // RMS above which the device moves; (0, 50]
  float still_below_m_s2 = 0.15f;            // RMS below which it is still; (0, moving_above]
  float still_after_s = 2.0f;                // still this long before kStill, s; (0, 600]
  float perfectly_still_below_m_s2 = 0.04f;  // RMS no worn wrist keeps up; (0, still_below]
  float off_wrist_after_s = 120.0f;          // perfectly still and flat this long, s; (0, 1e5]
  float flat_within_deg = 10.0f;             // of face up / face down: flat, deg; (0, 90)
  // PPG level (channel 1 less ambient, when the sample has ambient), front-end counts, below
  // which the sensor sees no skin; 0 turns the PPG judgement off (levels are device-specific).
  float ppg_no_contact_below = 0.0f;    // [0, 1e9]
  float ppg_no_contact_after_s = 5.0f;  // s; (0, 600]
  float ppg_tau_s = 1.0f;               // low-pass of the PPG level, s; (0, 60]

  // Every field, in order, into `h` (the saved state records the settings that made it).
  void hash_into(SettingsHash& h) const noexcept {
    h.add(enabled);
    h.add(motion_tau_s);
    h.add(moving_above_m_s2);
    h.add(still_below_m_s2);
    h.add(still_after_s);
    h.add(perfectly_still_below_m_s2);
    h.add(off_wrist_after_s);
    h.add(flat_within_deg);
    h.add(ppg_no_contact_below);
    h.add(ppg_no_contact_after_s);
    h.add(ppg_tau_s);
  }

  // The name of the first field out of its range (NaN included), or nullptr when all are valid.
  const char* first_invalid_field() const noexcept {
    if (!(motion_tau_s > 0.0f && motion_tau_s <= 60.0f)) return "motion_tau_s";
    if (!(moving_above_m_s2 > 0.0f && moving_above_m_s2 <= 50.0f)) return "moving_above_m_s2";
    if (!(still_below_m_s2 > 0.0f && still_below_m_s2 <= moving_above_m_s2)) {
      return "still_below_m_s2";
    }
    if (!(still_after_s > 0.0f && still_after_s <= 600.0f)) return "still_after_s";
    if (!(perfectly_still_below_m_s2 > 0.0f && perfectly_still_below_m_s2 <= still_below_m_s2)) {
      return "perfectly_still_below_m_s2";
    }
    if (!(off_wrist_after_s > 0.0f && off_wrist_after_s <= 1e5f)) return "off_wrist_after_s";
    if (!(flat_within_deg > 0.0f && flat_within_deg < 90.0f)) return "flat_within_deg";
    if (!(ppg_no_contact_below >= 0.0f && ppg_no_contact_below <= 1e9f)) {
      return "ppg_no_contact_below";
    }
    if (!(ppg_no_contact_after_s > 0.0f && ppg_no_contact_after_s <= 600.0f)) {
      return "ppg_no_contact_after_s";
    }
    if (!(ppg_tau_s > 0.0f && ppg_tau_s <= 60.0f)) return "ppg_tau_s";
    return nullptr;
  }
  Status validate() const noexcept {
    return first_invalid_field() == nullptr ? Status::kOk : Status::kInvalidSettings;
  }
};

// Plain data.
struct WearDetectorState {
  Vec3 acc_lp_m_s2 = Vec3::Zero();  // low-passed specific force, sensor frame
  float motion_ms = 0.0f;           // mean square deviation from it, (m/s²)²
  float quiet_s = 0.0f;             // time below still_below_m_s2
  float flat_still_s = 0.0f;        // time perfectly still in a flat attitude
  float ppg_level = 0.0f;           // low-passed PPG level, counts
  float no_contact_s = 0.0f;        // time with the PPG level below ppg_no_contact_below
  bool imu_seen = false;
  bool ppg_seen = false;
  bool heart_no_contact = false;           // the heart stage's judgement of the newest hop
  WearState motion = WearState::kUnknown;  // kStill, kMoving or kUnknown from motion alone
  WearState state = WearState::kUnknown;   // the decision
  std::uint8_t reserved[3] = {};  // explicit padding (part of the saved state): always zero
};
static_assert(sizeof(WearDetectorState) == 40, "WearDetectorState: no implicit padding");

class WearDetector {
 public:
  // The longest interval one sample may add to a duration (quiet, flat and still, no contact):
  // time inside a gap in the stream is not evidence of anything.
  static constexpr float kMaxCreditedInterval_s = 1.0f;

  explicit WearDetector(const WearDetectorSettings& s = {}) noexcept : settings_(s) {
    moving2_ = s.moving_above_m_s2 * s.moving_above_m_s2;
    dev2_cap_ = 4.0f * moving2_;
    still2_ = s.still_below_m_s2 * s.still_below_m_s2;
    perfect2_ = s.perfectly_still_below_m_s2 * s.perfectly_still_below_m_s2;
    const float c = std::cos(s.flat_within_deg * kRadPerDeg);
    flat_cos2_ = c * c;
  }

  // One accepted IMU sample with what orientation made of it.
  void update(const ImuFrame& f) noexcept {
    WearDetectorState& s = state_;
    if (!s.imu_seen) {
      s.acc_lp_m_s2 = f.acc_s_m_s2;
      s.imu_seen = true;
      return;
    }
    const float dt = std::fmin(f.dt_s, kMaxCreditedInterval_s);
    const float k = dt / (settings_.motion_tau_s + dt);
    s.acc_lp_m_s2 += k * (f.acc_s_m_s2 - s.acc_lp_m_s2);
    const float dev2 = (f.acc_s_m_s2 - s.acc_lp_m_s2).squaredNorm();
    s.motion_ms += k * (std::fmin(dev2, dev2_cap_) - s.motion_ms);
    if (s.motion_ms > moving2_) {
      s.motion = WearState::kMoving;
      s.quiet_s = 0.0f;
    } else if (s.motion_ms < still2_) {
      s.quiet_s += dt;
      if (s.quiet_s >= settings_.still_after_s) s.motion = WearState::kStill;
    }
    // Flat: gravity (or, before orientation has it, the low-passed force) within the cone
    // about the sensor's z axis, up or down.
    const Vec3& g = f.orientation_valid ? f.gravity_s_m_s2 : s.acc_lp_m_s2;
    const float gz2 = g.z() * g.z();
    const bool flat = gz2 > flat_cos2_ * g.squaredNorm();
    s.flat_still_s = (flat && s.motion_ms < perfect2_) ? s.flat_still_s + dt : 0.0f;
    decide();
  }

  // One accepted PPG sample, `dt_s` after the previous one.
  void update_ppg(const PpgSample& p, float interval_s) noexcept {
    WearDetectorState& s = state_;
    const float dt_s = std::fmin(interval_s, kMaxCreditedInterval_s);
    const float level = p.ppg[0] - (p.has_ambient ? p.ambient : 0.0f);
    if (!s.ppg_seen) {
      s.ppg_level = level;
      s.ppg_seen = true;
    } else {
      s.ppg_level += dt_s / (settings_.ppg_tau_s + dt_s) * (level - s.ppg_level);
    }
    const bool no_contact =
        (settings_.ppg_no_contact_below > 0.0f && s.ppg_level < settings_.ppg_no_contact_below) ||
        s.heart_no_contact;
    s.no_contact_s = no_contact ? s.no_contact_s + dt_s : 0.0f;
    decide();
  }

  // The heart stage's own judgement (the PPG level fell to what ambient light gives, see
  // heart::HeartReason::kNoContact), passed in by the Tracker; it counts like a level below
  // ppg_no_contact_below, without a device-specific level to set.
  void set_heart_no_contact(bool no_contact) noexcept { state_.heart_no_contact = no_contact; }

  WearState wear_state() const noexcept { return state_.state; }
  float motion_rms_m_s2() const noexcept { return std::sqrt(state_.motion_ms); }
  // Whether the PPG sensor sees skin: false when the level stayed below ppg_no_contact_below
  // (when set) or the heart stage judged no contact, for ppg_no_contact_after_s.
  bool ppg_contact() const noexcept {
    return !(state_.no_contact_s >= settings_.ppg_no_contact_after_s);
  }
  const WearDetectorState& state() const noexcept { return state_; }
  void set_state(const WearDetectorState& s) noexcept { state_ = s; }
  const WearDetectorSettings& settings() const noexcept { return settings_; }
  // Starts over as if constructed (the Tracker's guard, after a time jump or a non-finite state).
  void reset() noexcept { assign_default(state_); }
  // Every number in a state is finite (a PPG level near the float range can overflow).
  static bool finite(const WearDetectorState& s) noexcept {
    const float probe = s.motion_ms * 0.0f + s.quiet_s * 0.0f + s.flat_still_s * 0.0f +
                        s.ppg_level * 0.0f + s.no_contact_s * 0.0f;
    return probe == 0.0f && all_finite(s.acc_lp_m_s2);
  }
  bool state_finite() const noexcept { return finite(state_); }

 private:
  void decide() noexcept {
    WearDetectorState& s = state_;
    const bool off = s.flat_still_s >= settings_.off_wrist_after_s || !ppg_contact();
    s.state = off ? WearState::kOffWristSuspected : s.motion;
  }

  WearDetectorSettings settings_;
  WearDetectorState state_;
  float moving2_ = 0.0f;
  float dev2_cap_ = 0.0f;
  float still2_ = 0.0f;
  float perfect2_ = 0.0f;
  float flat_cos2_ = 0.0f;
};

}  // namespace fusetrack
