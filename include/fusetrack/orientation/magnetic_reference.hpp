// MagneticReference: learns the undisturbed magnetic field (norm and dip angle) and flags
// samples that disagree with it, so that orientation filters use the magnetometer only in a
// clean field. After a long, steady disturbance it adopts the new field as the reference (the
// device moved to another place, or a magnet is now fixed to it).
#pragma once

#include <cmath>
#include <cstdint>

#include "fusetrack/core/checksum.hpp"
#include "fusetrack/core/status.hpp"
#include "fusetrack/core/types.hpp"

namespace fusetrack {

struct MagneticReferenceSettings {
  float norm_threshold = 0.1f;                  // allowed relative norm deviation, (0, 1]
  float dip_threshold_rad = 5.0f * kRadPerDeg;  // allowed dip deviation, (0, π/2]
  float reference_tau_s = 30.0f;                // how slowly the reference follows, (0, 3600]
  float adopt_after_s = 20.0f;                  // a steady new field becomes the reference, s
  float first_adopt_after_s = 5.0f;             // same, before any field was confirmed, s
  // A new field only counts as steady while the device turns at least this fast: a field that
  // keeps its strength and dip while the device turns is homogeneous, whereas a magnet carried
  // along with the device (or any field seen from one pose) proves nothing. rad/s, [0, 10].
  float adopt_min_rate_rad_s = 10.0f * kRadPerDeg;

  // Every field, in order, into `h` (the saved state records the settings that made it).
  void hash_into(SettingsHash& h) const noexcept {
    h.add(norm_threshold);
    h.add(dip_threshold_rad);
    h.add(reference_tau_s);
    h.add(adopt_after_s);
    h.add(first_adopt_after_s);
    h.add(adopt_min_rate_rad_s);
  }

  Status validate() const noexcept {
    if (!(norm_threshold > 0.0f && norm_threshold <= 1.0f)) return Status::kInvalidSettings;
    if (!(dip_threshold_rad > 0.0f && dip_threshold_rad <= 0.5f * kPi)) {
      return Status::kInvalidSettings;
    }
    if (!(reference_tau_s > 0.0f && reference_tau_s <= 3600.0f)) return Status::kInvalidSettings;
    if (!(adopt_after_s > 0.0f && adopt_after_s <= 3600.0f)) return Status::kInvalidSettings;
    if (!(first_adopt_after_s > 0.0f && first_adopt_after_s <= adopt_after_s)) {
      return Status::kInvalidSettings;
    }
    if (!(adopt_min_rate_rad_s >= 0.0f && adopt_min_rate_rad_s <= 10.0f)) {
      return Status::kInvalidSettings;
    }
    return Status::kOk;
  }
};

struct MagneticReferenceState {
  float norm_ut = 0.0f;       // reference field strength, µT
  float dip_rad = 0.0f;       // reference dip (inclination below the horizon), rad
  float cand_norm_ut = 0.0f;  // candidate new field while disturbed
  float cand_dip_rad = 0.0f;
  float cand_steady_s = 0.0f;  // how long the candidate has stayed consistent
  float clean_s = 0.0f;        // time spent undisturbed since the reference was set
  bool has_reference = false;
  bool confirmed = false;  // the reference has been undisturbed for a while
  bool disturbed = false;
  std::uint8_t reserved = 0;  // explicit padding (part of the saved state): always zero
};
static_assert(sizeof(MagneticReferenceState) == 28, "MagneticReferenceState: no implicit padding");

// The decision logic: settings only. Each call reads and updates the caller's
// MagneticReferenceState, so the filter that owns the state holds the only copy.
class MagneticReference {
 public:
  MagneticReference() noexcept : MagneticReference(MagneticReferenceSettings{}) {}
  explicit MagneticReference(const MagneticReferenceSettings& s) noexcept : settings_(s) {}

  // Classifies one field sample: `norm_ut` its strength, `dip_rad` its dip below the earth
  // horizon (from the current orientation estimate), `rate_rad_s` how fast the device turns.
  // Returns true when the field is clean.
  bool update(MagneticReferenceState& st, float norm_ut, float dip_rad, float dt_s,
              float rate_rad_s) const noexcept {
    if (!st.has_reference) {
      adopt(st, norm_ut, dip_rad);
      return true;
    }
    if (agrees(norm_ut, dip_rad, st.norm_ut, st.dip_rad)) {
      const float k = dt_s / (settings_.reference_tau_s + dt_s);
      st.norm_ut += k * (norm_ut - st.norm_ut);
      st.dip_rad += k * (dip_rad - st.dip_rad);
      st.clean_s += dt_s;
      if (st.clean_s >= settings_.first_adopt_after_s) st.confirmed = true;
      st.disturbed = false;
      st.cand_steady_s = 0.0f;
      return true;
    }
    st.disturbed = true;
    if (st.cand_steady_s > 0.0f && agrees(norm_ut, dip_rad, st.cand_norm_ut, st.cand_dip_rad)) {
      const float k = dt_s / (1.0f + dt_s);
      st.cand_norm_ut += k * (norm_ut - st.cand_norm_ut);
      st.cand_dip_rad += k * (dip_rad - st.cand_dip_rad);
      if (rate_rad_s >= settings_.adopt_min_rate_rad_s) st.cand_steady_s += dt_s;
    } else {
      st.cand_norm_ut = norm_ut;
      st.cand_dip_rad = dip_rad;
      st.cand_steady_s = 1e-6f;  // started, not yet steady
    }
    const float adopt_s = st.confirmed ? settings_.adopt_after_s : settings_.first_adopt_after_s;
    if (st.cand_steady_s >= adopt_s) {
      adopt(st, st.cand_norm_ut, st.cand_dip_rad);
      return true;
    }
    return false;
  }

  const MagneticReferenceSettings& settings() const noexcept { return settings_; }

 private:
  bool agrees(float norm_ut, float dip_rad, float ref_norm_ut, float ref_dip_rad) const noexcept {
    return std::fabs(norm_ut - ref_norm_ut) < settings_.norm_threshold * ref_norm_ut &&
           std::fabs(dip_rad - ref_dip_rad) < settings_.dip_threshold_rad;
  }
  static void adopt(MagneticReferenceState& st, float norm_ut, float dip_rad) noexcept {
    st.norm_ut = norm_ut;
    st.dip_rad = dip_rad;
    st.has_reference = true;
    st.disturbed = false;
    st.cand_steady_s = 0.0f;
    st.clean_s = 0.0f;
  }

  MagneticReferenceSettings settings_;
};

}  // namespace fusetrack
