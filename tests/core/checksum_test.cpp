// CRC-32 matches the standard check value; the settings hash changes with any setting and sees
// no padding.
#include <cstdint>
#include <cstring>

#include <gtest/gtest.h>

#include "fusetrack/core/checksum.hpp"
#include "fusetrack/tracker.hpp"

namespace fusetrack {
namespace {

// A reminder, not a rule: when a settings struct grows, its hash_into() must add the new field
// (and a saved state's format version may need a bump). Update the size here with it.
static_assert(sizeof(StreamCheckSettings) == 16, "update StreamCheckSettings::hash_into");
static_assert(sizeof(RestDetectorSettings) == 20, "update RestDetectorSettings::hash_into");
static_assert(sizeof(MagneticReferenceSettings) == 24,
              "update MagneticReferenceSettings::hash_into");
static_assert(sizeof(ComplementaryFilterSettings) == 88,
              "update ComplementaryFilterSettings::hash_into");
static_assert(sizeof(OrientationEkfSettings) == 88, "update OrientationEkfSettings::hash_into");
static_assert(sizeof(AccelerometerTiltSettings) == 28,
              "update AccelerometerTiltSettings::hash_into");
static_assert(sizeof(WearDetectorSettings) == 44, "update WearDetectorSettings::hash_into");
static_assert(sizeof(FullScaleSettings) == 16, "update FullScaleSettings::hash_into");

TEST(Checksum, Crc32OfTheStandardCheckStringIsCbf43926) {
  const char* s = "123456789";
  EXPECT_EQ(crc32(reinterpret_cast<const std::uint8_t*>(s), std::strlen(s)), 0xCBF43926u);
  // Continued over two calls, the same.
  const std::uint32_t first = crc32(reinterpret_cast<const std::uint8_t*>(s), 4);
  EXPECT_EQ(crc32(reinterpret_cast<const std::uint8_t*>(s) + 4, 5, first), 0xCBF43926u);
  EXPECT_EQ(crc32(nullptr, 0), 0u);
}

std::uint32_t hash_of(const TrackerSettings& s) {
  SettingsHash h;
  s.hash_into(h);
  return h.value();
}

TEST(Checksum, SettingsHashChangesWithAnySettingAndIsStableOtherwise) {
  const TrackerSettings base;
  EXPECT_EQ(hash_of(base), hash_of(TrackerSettings{}));
  std::uint32_t seen[12];
  int n = 0;
  auto differs = [&](const TrackerSettings& s) {
    const std::uint32_t h = hash_of(s);
    EXPECT_NE(h, hash_of(base));
    for (int i = 0; i < n; ++i) EXPECT_NE(h, seen[i]);
    seen[n++] = h;
  };
  TrackerSettings s = base;
  s.imu.nominal_rate_hz = 104.0f;
  differs(s);
  s = base;
  s.imu_has_gyr = false;
  differs(s);
  s = base;
  s.ppg_channels = 2;
  differs(s);
  s = base;
  s.silent_after_s = 3.0f;
  differs(s);
  s = base;
  s.orientation_filter = OrientationFilterKind::kComplementary;
  differs(s);
  s = base;
  s.ekf.rest.min_duration_s = 2.0f;
  differs(s);
  s = base;
  s.complementary.mag_reference.adopt_after_s = 10.0f;
  differs(s);
  s = base;
  s.accelerometer_tilt.acc_lp_tau_s = 0.75f;
  differs(s);
  s = base;
  s.wear.enabled = false;
  differs(s);
  s = base;
  s.wear.ppg_no_contact_below = 100.0f;
  differs(s);
}

}  // namespace
}  // namespace fusetrack
