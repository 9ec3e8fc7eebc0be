// MagneticReference: a clean field is never flagged; a sudden change of strength or dip is; a
// steady new field is adopted only when it has been seen while the device turned.
#include <cstdint>
#include <limits>
#include <random>

#include <gtest/gtest.h>

#include "fusetrack/orientation/magnetic_reference.hpp"

namespace fusetrack {
namespace {

constexpr float kDt = 0.04f;  // 25 Hz
constexpr float kNormUt = 48.0f;
constexpr float kDipRad = 60.0f * kRadPerDeg;

// A field sample with seeded noise: 0.3 µT on the strength, 0.4° on the dip.
struct Field {
  explicit Field(std::uint32_t seed) : rng(seed) {}
  float norm(float ut) { return ut + dn(rng); }
  float dip(float rad) { return rad + dd(rng); }
  std::mt19937 rng;
  std::normal_distribution<float> dn{0.0f, 0.3f};
  std::normal_distribution<float> dd{0.0f, 0.4f * kRadPerDeg};
};

// The reference's logic with a state of its own, as a filter holds the two.
struct Reference {
  explicit Reference(const MagneticReferenceSettings& s = {}) : logic(s) {}
  bool update(float norm_ut, float dip_rad, float dt_s, float rate_rad_s) {
    return logic.update(st, norm_ut, dip_rad, dt_s, rate_rad_s);
  }
  bool disturbed() const { return st.disturbed; }
  const MagneticReferenceState& state() const { return st; }
  MagneticReference logic;
  MagneticReferenceState st;
};

// Feeds `seconds` of a field (norm_ut, dip_rad) at turn rate rate_rad_s; returns how many
// samples were flagged disturbed.
int feed(Reference& ref, Field& f, float seconds, float norm_ut, float dip_rad, float rate_rad_s) {
  int disturbed = 0;
  const int n = static_cast<int>(seconds / kDt + 0.5f);
  for (int k = 0; k < n; ++k) {
    const bool clean = ref.update(f.norm(norm_ut), f.dip(dip_rad), kDt, rate_rad_s);
    EXPECT_EQ(clean, !ref.disturbed());
    if (ref.disturbed()) ++disturbed;
  }
  return disturbed;
}

TEST(MagneticReference, CleanFieldIsNeverDisturbed) {
  Reference ref;
  Field f(1);
  EXPECT_EQ(feed(ref, f, 60.0f, kNormUt, kDipRad, 0.0f), 0);
  EXPECT_TRUE(ref.state().confirmed);
  EXPECT_NEAR(ref.state().norm_ut, kNormUt, 0.3f);
  EXPECT_NEAR(ref.state().dip_rad, kDipRad, 0.3f * kRadPerDeg);
  // Turning does not matter for a clean field.
  EXPECT_EQ(feed(ref, f, 10.0f, kNormUt, kDipRad, 1.0f), 0);
}

TEST(MagneticReference, SuddenThirtyPercentNormChangeIsDisturbed) {
  for (const float factor : {1.3f, 0.7f}) {
    Reference ref;
    Field f(2);
    ASSERT_EQ(feed(ref, f, 10.0f, kNormUt, kDipRad, 0.0f), 0);
    EXPECT_FALSE(ref.update(kNormUt * factor, kDipRad, kDt, 0.0f)) << "factor " << factor;
    EXPECT_TRUE(ref.disturbed());
    // Static device: the new field is never adopted, however long it lasts.
    const int n = static_cast<int>(60.0f / kDt + 0.5f);
    EXPECT_EQ(feed(ref, f, 60.0f, kNormUt * factor, kDipRad, 0.0f), n) << "factor " << factor;
    // The old field comes back: clean at once.
    EXPECT_TRUE(ref.update(kNormUt, kDipRad, kDt, 0.0f));
    EXPECT_FALSE(ref.disturbed());
  }
}

TEST(MagneticReference, SuddenDipChangeIsDisturbed) {
  Reference ref;
  Field f(3);
  ASSERT_EQ(feed(ref, f, 10.0f, kNormUt, kDipRad, 0.0f), 0);
  EXPECT_FALSE(ref.update(kNormUt, kDipRad - 10.0f * kRadPerDeg, kDt, 0.0f));
  EXPECT_TRUE(ref.disturbed());
}

TEST(MagneticReference, SteadyNewFieldSeenWhileTurningIsAdoptedAfterAdoptAfterS) {
  const MagneticReferenceSettings s;
  Reference ref(s);
  Field f(4);
  ASSERT_EQ(feed(ref, f, 10.0f, kNormUt, kDipRad, 0.0f), 0);
  ASSERT_TRUE(ref.state().confirmed);
  const float new_norm = 1.3f * kNormUt;
  const float rate = 0.5f;  // rad/s, well above adopt_min_rate_rad_s
  const int before = static_cast<int>((s.adopt_after_s - 1.0f) / kDt);
  EXPECT_EQ(feed(ref, f, s.adopt_after_s - 1.0f, new_norm, kDipRad, rate), before);
  EXPECT_EQ(feed(ref, f, 2.0f, new_norm, kDipRad, rate) < static_cast<int>(2.0f / kDt), true)
      << "adopted within a second of adopt_after_s";
  EXPECT_FALSE(ref.disturbed());
  EXPECT_NEAR(ref.state().norm_ut, new_norm, 1.0f);
  EXPECT_EQ(feed(ref, f, 10.0f, new_norm, kDipRad, 0.0f), 0);
}

TEST(MagneticReference, InvalidSettingsAreReported) {
  MagneticReferenceSettings s;
  EXPECT_EQ(s.validate(), Status::kOk);
  s.norm_threshold = 0.0f;
  EXPECT_EQ(s.validate(), Status::kInvalidSettings);
  s = MagneticReferenceSettings{};
  s.dip_threshold_rad = std::numeric_limits<float>::quiet_NaN();
  EXPECT_EQ(s.validate(), Status::kInvalidSettings);
  s = MagneticReferenceSettings{};
  s.first_adopt_after_s = s.adopt_after_s + 1.0f;
  EXPECT_EQ(s.validate(), Status::kInvalidSettings);
}

}  // namespace
}  // namespace fusetrack
