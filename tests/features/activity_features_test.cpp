// The activity feature vector on signals with known answers: a sine of known frequency gives that
// dominant frequency and its period in the autocorrelation; a tilt gives its posture; a rotated
// or mirrored device (the other wrist, a phone upside down) gives the same features; every
// feature is finite whatever the window holds; the names are one per feature.
#include <cmath>
#include <cstring>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "fusetrack/features/activity_features.hpp"
#include "fusetrack/features/activity_window.hpp"

namespace fusetrack::features {
namespace {

constexpr float kTwoPi = 6.28318530718f;
using F = ActivityFeature;

float at(const std::vector<float>& v, F f) { return v[static_cast<std::size_t>(f)]; }

struct Channels {
  explicit Channels(std::size_t n) : av(n), ah(n), wm(n), wv(n), gx(n), gy(n), gz(n) {}
  ActivityWindowView view(float rate_hz) const {
    ActivityWindowView v;
    v.a_v = av.data();
    v.a_h = ah.data();
    v.w_m = wm.data();
    v.w_v = wv.data();
    v.g[0] = gx.data();
    v.g[1] = gy.data();
    v.g[2] = gz.data();
    v.n = av.size();
    v.rate_hz = rate_hz;
    return v;
  }
  std::vector<float> av, ah, wm, wv, gx, gy, gz;
};

std::vector<float> features_of(const ActivityWindowView& v) {
  auto fft = std::make_unique<RealFft<kActivityFftSize>>();
  auto scratch = std::make_unique<ActivityFeatureScratch>();
  std::vector<float> out(kActivityFeatureCount, -1.0f);
  compute_activity_features(v, *fft, *scratch, out.data());
  return out;
}

TEST(ActivityFeatures, NamesAndUnitsAreOnePerFeatureAndDistinct) {
  std::set<std::string> names;
  for (std::size_t i = 0; i < kActivityFeatureCount; ++i) {
    names.insert(kActivityFeatureNames[i]);
    EXPECT_GT(std::strlen(kActivityFeatureUnits[i]), 0u);
    EXPECT_GT(std::strlen(kActivityFeatureMeanings[i]), 0u);
  }
  EXPECT_EQ(names.size(), kActivityFeatureCount);
  EXPECT_STREQ(kActivityFeatureNames[static_cast<std::size_t>(F::am_dom_hz)], "am_dom_hz");
}

TEST(ActivityFeatures, SineGivesItsDominantFrequencyAndPeriod) {
  for (const float hz : {1.0f, 1.8f, 2.5f}) {
    const float rate = 20.0f;
    Channels c(200);
    for (std::size_t i = 0; i < 200; ++i) {
      const float t = static_cast<float>(i) / rate;
      c.av[i] = 9.81f + 2.0f * std::sin(kTwoPi * hz * t + 0.3f);
      c.gz[i] = 1.0f;
    }
    const std::vector<float> f = features_of(c.view(rate));
    const float bin = rate / static_cast<float>(kActivityFftSize);
    EXPECT_NEAR(at(f, F::am_dom_hz), hz, bin) << hz;
    EXPECT_NEAR(at(f, F::am_ac_period), 1.0f / hz, 1.0f / rate + 1e-4f) << hz;
    EXPECT_GT(at(f, F::am_ac_peak), 0.9f) << hz;
    EXPECT_GT(at(f, F::am_dom_share), 0.5f) << hz;
    EXPECT_NEAR(at(f, F::am_mean), 9.81f, 0.05f);
    EXPECT_NEAR(at(f, F::am_std), 2.0f / std::sqrt(2.0f), 0.05f);
    EXPECT_NEAR(at(f, F::am_max), 11.81f, 0.1f);  // sampled peak
    EXPECT_NEAR(at(f, F::av_crossings), 2.0f * hz, 0.3f);
  }
}

TEST(ActivityFeatures, ConstantSignalGivesZerosNotNaN) {
  Channels c(128);
  for (std::size_t i = 0; i < 128; ++i) {
    c.av[i] = 9.81f;
    c.gz[i] = 1.0f;
  }
  const std::vector<float> f = features_of(c.view(50.0f));
  for (std::size_t i = 0; i < kActivityFeatureCount; ++i) EXPECT_TRUE(std::isfinite(f[i])) << i;
  EXPECT_LT(at(f, F::am_std), 1e-4f);
  EXPECT_EQ(at(f, F::am_dom_hz), 0.0f);
  EXPECT_EQ(at(f, F::am_ac_peak), 0.0f);
  EXPECT_EQ(at(f, F::am_entropy), 0.0f);
}

TEST(ActivityFeatures, TooShortWindowGivesAllZeros) {
  Channels c(5);
  const std::vector<float> f = features_of(c.view(50.0f));
  for (float v : f) EXPECT_EQ(v, 0.0f);
}

TEST(ActivityFeatures, TiltGivesItsPostureAngles) {
  const float tilt = 30.0f * kTwoPi / 360.0f;
  Channels c(100);
  for (std::size_t i = 0; i < 100; ++i) {
    c.av[i] = 9.81f;
    c.gx[i] = -std::sin(tilt);
    c.gz[i] = std::cos(tilt);
  }
  const std::vector<float> f = features_of(c.view(50.0f));
  EXPECT_NEAR(at(f, F::posture_x), 0.5f, 1e-4f);
  EXPECT_NEAR(at(f, F::posture_y), 0.0f, 1e-4f);
  EXPECT_NEAR(at(f, F::posture_z), std::sqrt(3.0f) / 2.0f, 1e-4f);
  EXPECT_NEAR(at(f, F::posture_change), 0.0f, 1e-3f);
  EXPECT_NEAR(at(f, F::tilt_spread), 0.0f, 1e-3f);
}

TEST(ActivityFeatures, PostureChangeMeasuresTheTurnOfGravity) {
  // Gravity turns by 90 degrees from z to x over the window (standing up, lying down).
  Channels c(200);
  for (std::size_t i = 0; i < 200; ++i) {
    const float a = (kTwoPi / 4.0f) * static_cast<float>(i) / 199.0f;
    c.av[i] = 9.81f;
    c.gx[i] = std::sin(a);
    c.gz[i] = std::cos(a);
  }
  const std::vector<float> f = features_of(c.view(20.0f));
  // Mean of the first and last quarter: 3/4 of the 90-degree turn between them.
  EXPECT_NEAR(at(f, F::posture_change), 0.75f * kTwoPi / 4.0f, 0.05f);
  EXPECT_GT(at(f, F::tilt_spread), 0.3f);
}

// A walk-like motion through the front end: specific force and rate in the sensor frame,
// gravity from the front end's low-pass (no orientation stage).
struct Motion {
  Vec3 acc, gyr;
};
std::vector<Motion> motion(std::uint32_t seed, std::size_t n, float rate) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> noise(0.0f, 0.05f);
  std::vector<Motion> m(n);
  const Vec3 up = Vec3(0.3f, -0.5f, 0.8f).normalized();
  for (std::size_t i = 0; i < n; ++i) {
    const float t = static_cast<float>(i) / rate;
    const float step = std::sin(kTwoPi * 1.8f * t);
    m[i].acc = up * (9.81f + 2.5f * step) + Vec3(1.2f * std::sin(kTwoPi * 0.9f * t), 0.4f, 0.0f) +
               Vec3(noise(rng), noise(rng), noise(rng));
    m[i].gyr = Vec3(1.5f * std::sin(kTwoPi * 0.9f * t), 0.3f * step, 0.2f) +
               Vec3(noise(rng), noise(rng), noise(rng));
  }
  return m;
}

std::vector<float> through_front_end(const std::vector<Motion>& m, float rate, const Mat3& r) {
  ActivityWindowSettings s;
  s.rate_hz = 20.0f;
  s.window_samples = 200;
  auto w = std::make_unique<ActivityWindow>(s);
  for (std::size_t i = 0; i < m.size(); ++i) {
    ImuFrame f;
    f.t_us =
        static_cast<Micros>(std::llround(static_cast<double>(i) * 1e6 / static_cast<double>(rate)));
    f.dt_s = i == 0 ? 0.0f : 1.0f / rate;
    f.acc_s_m_s2 = r * m[i].acc;
    f.gyr_rad_s = r * m[i].gyr;
    w->push(f);
  }
  std::vector<float> out(kActivityFeatureCount, 0.0f);
  EXPECT_TRUE(w->features(out.data()));
  return out;
}

bool is_posture_component(std::size_t i) {
  return i == static_cast<std::size_t>(F::posture_x) ||
         i == static_cast<std::size_t>(F::posture_y) || i == static_cast<std::size_t>(F::posture_z);
}

TEST(ActivityFeatures, RotatedDeviceGivesTheSameRotationInvariantFeatures) {
  const float rate = 50.0f;
  const std::vector<Motion> m = motion(7, 700, rate);
  const std::vector<float> base = through_front_end(m, rate, Mat3::Identity());
  const Mat3 r = (Eigen::AngleAxisf(1.1f, Vec3(0.2f, 0.9f, -0.4f).normalized())).toRotationMatrix();
  const std::vector<float> rotated = through_front_end(m, rate, r);
  for (std::size_t i = 0; i < kActivityFeatureCount; ++i) {
    if (is_posture_component(i)) continue;
    EXPECT_NEAR(rotated[i], base[i], 2e-3f * (1.0f + std::fabs(base[i])))
        << kActivityFeatureNames[i];
  }
}

TEST(ActivityFeatures, OtherWristAndUpsideDownGiveTheSameFeaturesPostureIncluded) {
  const float rate = 50.0f;
  const std::vector<Motion> m = motion(11, 700, rate);
  const std::vector<float> base = through_front_end(m, rate, Mat3::Identity());
  // Upside down in a pocket: 180 degrees about z (x and y flip).
  Mat3 flip = Mat3::Identity();
  flip(0, 0) = -1.0f;
  flip(1, 1) = -1.0f;
  // The other wrist: a mirror image (x flips; a left-handed frame, as the mirrored motion is).
  Mat3 mirror = Mat3::Identity();
  mirror(0, 0) = -1.0f;
  for (const Mat3& t : {flip, mirror}) {
    const std::vector<float> other = through_front_end(m, rate, t);
    for (std::size_t i = 0; i < kActivityFeatureCount; ++i) {
      EXPECT_NEAR(other[i], base[i], 2e-3f * (1.0f + std::fabs(base[i])))
          << kActivityFeatureNames[i];
    }
  }
}

}  // namespace
}  // namespace fusetrack::features
