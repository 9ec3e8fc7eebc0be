// Sensor full scale: the measuring range of the accelerometer, gyroscope and magnetometer, and
// how a value relates to it. A real sensor cannot report beyond its full scale, so such a value
// is a glitch (a corrupted FIFO read, a wrong unit) and is rejected; a value at full scale is the
// sensor saturating (an impact, a fast spin) and is kept, flagged as clipped: the fall detector
// needs exactly those samples, and the orientation filters must know the value is a bound.
#pragma once

#include <cmath>
#include <cstdint>

#include "fusetrack/core/checksum.hpp"
#include "fusetrack/core/status.hpp"
#include "fusetrack/core/types.hpp"

namespace fusetrack {

struct FullScaleSettings {
  // Full scale of each axis (the sensor reports [-fs, +fs]); the defaults are the widest ranges
  // of common wrist IMUs (e.g. ±16 g, ±2000 °/s) and magnetometers (±4900 µT).
  float acc_m_s2 = 16.0f * kGravity_m_s2;  // m/s²; (0, 10000]
  float gyr_rad_s = 2000.0f * kRadPerDeg;  // rad/s; (0, 1000]
  float mag_ut = 4900.0f;                  // µT; (0, 100000]
  // A component within this fraction of full scale, either side, is at full scale (clipped):
  // a saturated 16-bit reading is 32767/32768 of the range, and a calibration gain may move it a
  // little past. Beyond fs × (1 + clip_band) is out of range. [0, 0.1]
  float clip_band = 0.01f;

  void hash_into(SettingsHash& h) const noexcept {
    h.add(acc_m_s2);
    h.add(gyr_rad_s);
    h.add(mag_ut);
    h.add(clip_band);
  }

  // The name of the first field out of its range (NaN included), or nullptr when all are valid.
  const char* first_invalid_field() const noexcept {
    if (!(acc_m_s2 > 0.0f && acc_m_s2 <= 10000.0f)) return "acc_m_s2";
    if (!(gyr_rad_s > 0.0f && gyr_rad_s <= 1000.0f)) return "gyr_rad_s";
    if (!(mag_ut > 0.0f && mag_ut <= 100000.0f)) return "mag_ut";
    if (!(clip_band >= 0.0f && clip_band <= 0.1f)) return "clip_band";
    return nullptr;
  }
  Status validate() const noexcept {
    return first_invalid_field() == nullptr ? Status::kOk : Status::kInvalidSettings;
  }
};

// Where a vector's largest component lies relative to full scale.
enum class RangeClass : std::uint8_t {
  kInRange = 0,  // every component inside the clip band's lower edge
  kClipped,      // at least one at full scale (within the band), none beyond
  kBeyond,       // at least one beyond full scale (or not a number): the sample is rejected
};

// One sensor's full scale, with what the checks need derived once.
class FullScale {
 public:
  FullScale() noexcept = default;
  FullScale(float full_scale, float clip_band) noexcept
      : inv_full_scale_(1.0f / full_scale),
        clip_from_(1.0f - clip_band),
        beyond_(1.0f + clip_band) {}

  // The largest |component| as a fraction of full scale (1: at full scale). For a vector with
  // a NaN the result is meaningless: callers check finiteness first.
  float peak(const Vec3& v) const noexcept {
    const float x = std::fabs(v.x()), y = std::fabs(v.y()), z = std::fabs(v.z());
    const float xy = x > y ? x : y;  // a plain max (maxss), not fmax's NaN rules: see above
    return (xy > z ? xy : z) * inv_full_scale_;
  }

  // Where a peak (of this or another sensor's FullScale with the same clip band) lies. A NaN
  // compares false with everything, so it classifies as kBeyond.
  RangeClass classify(float peak) const noexcept {
    if (!(peak <= beyond_)) return RangeClass::kBeyond;
    return peak >= clip_from_ ? RangeClass::kClipped : RangeClass::kInRange;
  }
  RangeClass classify(const Vec3& v) const noexcept { return classify(peak(v)); }
  bool clipped_or_beyond(float peak) const noexcept { return peak >= clip_from_; }

 private:
  float inv_full_scale_ = 0.0f;  // default: no limit (every finite peak is 0)
  float clip_from_ = INFINITY;
  float beyond_ = INFINITY;
};

}  // namespace fusetrack
