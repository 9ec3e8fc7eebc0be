// The activity stage: it classifies once a window is full and then every hop; its settings are
// checked; through the Tracker it is "not available" when off, raises an activity-changed event
// with the first label and on every change, starts over after a time jump, survives saved state
// exactly, and works on an accelerometer-only device.
#include <cmath>
#include <memory>
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "../tracker/tracker_compare.hpp"
#include "fusetrack/activity/activity_classifier.hpp"
#include "fusetrack/tracker.hpp"

namespace fusetrack {
namespace {

constexpr float kTwoPi = 6.28318530718f;

// A wrist at rate_hz: still for still_s, then an arm swing with steps (walking-like).
ImuSample sample_at(std::size_t i, float rate_hz, float still_s, bool has_gyr = true) {
  const float t = static_cast<float>(i) / rate_hz;
  ImuSample s;
  s.t_us = 1000 + static_cast<Micros>(
                      std::llround(static_cast<double>(i) * 1e6 / static_cast<double>(rate_hz)));
  s.has_gyr = has_gyr;
  const Vec3 up = Vec3(-0.9f, 0.1f, 0.4f).normalized();
  s.acc_m_s2 = up * 9.81f;
  if (t > still_s) {
    const float step = std::sin(kTwoPi * 1.8f * t);
    s.acc_m_s2 += Vec3(3.0f * step, 1.5f * std::sin(kTwoPi * 0.9f * t), 1.0f * step);
    if (has_gyr) s.gyr_rad_s = Vec3(2.0f * std::sin(kTwoPi * 0.9f * t), 0.5f * step, 0.3f);
  }
  return s;
}

TEST(ActivityClassifier, SettingsOutOfRangeAreInvalid) {
  EXPECT_EQ(ActivitySettings{}.validate(), Status::kOk);
  ActivitySettings s;
  // No model named: the device's wrist daily model, with or without a gyroscope.
  EXPECT_EQ(&s.model_for(true), &models::kWristDaily);
  EXPECT_EQ(&s.model_for(false), &models::kWristDailyAcc);
  EXPECT_EQ(s.validate(false), Status::kOk);
  s.hop_s = 0.05f;
  EXPECT_EQ(s.validate(), Status::kInvalidSettings);
  s.hop_s = std::nanf("");
  EXPECT_EQ(s.validate(), Status::kInvalidSettings);
  s = ActivitySettings{};
  s.gravity_tau_s = 0.0f;
  EXPECT_EQ(s.validate(), Status::kInvalidSettings);
  s = ActivitySettings{};
  s.max_gap_s = 100.0f;
  EXPECT_EQ(s.validate(), Status::kInvalidSettings);
  // A model whose first layer reads more inputs than there are features is refused.
  classify::DenseLayer layers[2] = {models::kWristDaily.mlp.layers[0],
                                    models::kWristDaily.mlp.layers[1]};
  layers[0].inputs = static_cast<std::uint16_t>(layers[0].inputs + 1);
  ActivityModel broken = models::kWristDaily;
  broken.mlp.layers = layers;
  s = ActivitySettings{};
  s.model = &broken;
  EXPECT_EQ(s.validate(), Status::kInvalidSettings);
  layers[0].inputs = static_cast<std::uint16_t>(layers[0].inputs - 1);
  EXPECT_EQ(s.validate(), Status::kOk);
  layers[1].relu = true;  // the last layer must give logits
  EXPECT_EQ(s.validate(), Status::kInvalidSettings);
  TrackerSettings t;
  t.activity.hop_s = -1.0f;
  EXPECT_EQ(t.validate(), Status::kInvalidSettings);
  t.activity.enabled = false;  // a stage that is off is not checked
  EXPECT_EQ(t.validate(), Status::kOk);
}

TEST(ActivityClassifier, ClassifiesOnceTheWindowIsFullThenEveryHop) {
  auto c = std::make_unique<ActivityClassifier>(ActivitySettings{});
  ASSERT_TRUE(c->valid());
  const ActivityModel& m = c->model();
  const float window_s = static_cast<float>(m.window_samples) / m.rate_hz;
  const float rate = 50.0f;
  std::vector<float> decided_at;
  for (std::size_t i = 0; i < static_cast<std::size_t>(rate * (window_s + 3.0f * m.hop_s)) + 2;
       ++i) {
    const ImuSample s = sample_at(i, rate, 1e9f);
    ImuFrame f;
    f.t_us = s.t_us;
    f.dt_s = i == 0 ? 0.0f : 1.0f / rate;
    f.acc_s_m_s2 = s.acc_m_s2;
    f.gyr_rad_s = s.gyr_rad_s;
    if (c->update(f)) decided_at.push_back(static_cast<float>(i) / rate);
    EXPECT_EQ(c->has_label(), !decided_at.empty());
  }
  ASSERT_EQ(decided_at.size(), 4u);
  EXPECT_NEAR(decided_at[0], window_s, 2.0f / m.rate_hz + 1.0f / rate);
  for (std::size_t k = 1; k < decided_at.size(); ++k) {
    EXPECT_NEAR(decided_at[k] - decided_at[k - 1], m.hop_s, 1.0f / rate + 1e-3f);
  }
  EXPECT_LT(c->label(), m.classes);
  EXPECT_STREQ(c->label_name(), m.class_names[c->label()]);
  EXPECT_GT(c->confidence_q8(), 0u);
}

std::vector<Event> drain(Tracker& t) {
  std::vector<Event> out;
  Event e;
  while (t.pop_event(e)) out.push_back(e);
  return out;
}

TrackerSettings imu_only() {
  TrackerSettings s;
  s.mag_enabled = false;
  s.ppg_enabled = false;
  s.imu.nominal_rate_hz = 50.0f;
  return s;
}

TEST(ActivityClassifier, OffInTheTrackerIsNotAvailableAndRaisesNothing) {
  TrackerSettings s = imu_only();
  s.activity.enabled = false;
  auto t = std::make_unique<Tracker>(s);
  for (std::size_t i = 0; i < 50 * 30; ++i)
    ASSERT_EQ(t->push_imu(sample_at(i, 50.0f, 10.0f)), Status::kOk);
  const TrackerOutput o = t->output();
  EXPECT_FALSE(o.activity.available);
  EXPECT_FALSE(o.activity.has_label);
  EXPECT_STREQ(o.activity.name, "unknown");
  for (const Event& e : drain(*t)) EXPECT_NE(e.kind, EventKind::kActivityChanged);
}

TEST(ActivityClassifier, TrackerRaisesTheFirstActivityAndEveryChange) {
  auto t = std::make_unique<Tracker>(imu_only());
  std::vector<Event> changes;
  std::uint8_t last = 0xFF;
  for (std::size_t i = 0; i < 50 * 60; ++i) {
    ASSERT_EQ(t->push_imu(sample_at(i, 50.0f, 25.0f)), Status::kOk);
    for (const Event& e : drain(*t)) {
      if (e.kind != EventKind::kActivityChanged) continue;
      EXPECT_EQ(e.stage, StageId::kActivity);
      EXPECT_EQ(e.previous, last);
      EXPECT_NE(e.code, last);
      EXPECT_GT(e.value, 0.0f);
      EXPECT_LE(e.value, 1.0f);
      last = e.code;
      changes.push_back(e);
    }
  }
  const TrackerOutput o = t->output();
  ASSERT_TRUE(o.activity.available);
  ASSERT_TRUE(o.activity.has_label);
  ASSERT_FALSE(changes.empty());
  EXPECT_EQ(changes.front().previous, 0xFF);
  EXPECT_EQ(o.activity.changes + 1, changes.size());
  EXPECT_EQ(o.activity.label, last);
  EXPECT_EQ(o.activity.model, &models::kWristDaily);
}

TEST(ActivityClassifier, TimeJumpStartsTheWindowOver) {
  auto t = std::make_unique<Tracker>(imu_only());
  for (std::size_t i = 0; i < 50 * 20; ++i)
    ASSERT_EQ(t->push_imu(sample_at(i, 50.0f, 5.0f)), Status::kOk);
  ASSERT_TRUE(t->output().activity.has_label);
  drain(*t);
  ImuSample s = sample_at(50 * 20, 50.0f, 5.0f);
  s.t_us += 7200 * kMicrosPerSecond;  // two hours later
  ASSERT_EQ(t->push_imu(s), Status::kOk);
  bool reinit = false;
  for (const Event& e : drain(*t)) {
    if (e.kind == EventKind::kStageReinitialized && e.stage == StageId::kActivity) {
      EXPECT_EQ(e.code, static_cast<std::uint8_t>(ReinitReason::kTimeJump));
      reinit = true;
    }
  }
  EXPECT_TRUE(reinit);
  EXPECT_FALSE(t->output().activity.has_label);
}

TEST(ActivityClassifier, SavedStateContinuesExactly) {
  const TrackerSettings s = imu_only();
  auto a = std::make_unique<Tracker>(s);
  auto b = std::make_unique<Tracker>(s);
  const std::size_t n = 50 * 40, split = 50 * 17 + 3;
  std::vector<std::uint8_t> buf(Tracker::state_size());
  for (std::size_t i = 0; i < n; ++i) {
    const ImuSample x = sample_at(i, 50.0f, 12.0f);
    ASSERT_EQ(a->push_imu(x), Status::kOk);
    if (i < split) {
      ASSERT_EQ(b->push_imu(x), Status::kOk);
    }
    if (i + 1 == split) {
      ASSERT_EQ(b->save_state(buf.data(), buf.size()), Status::kOk);
      b = std::make_unique<Tracker>(s);
      ASSERT_EQ(b->restore_state(buf.data(), buf.size()), Status::kOk);
    }
    if (i >= split) {
      ASSERT_EQ(b->push_imu(x), Status::kOk);
    }
  }
  EXPECT_TRUE(test::same(a->output(), b->output()));
  EXPECT_GT(a->output().activity.decisions, 3u);
}

TEST(ActivityClassifier, WorksOnAnAccelerometerOnlyDevice) {
  TrackerSettings s = imu_only();
  s.imu_has_gyr = false;
  auto t = std::make_unique<Tracker>(s);
  for (std::size_t i = 0; i < 50 * 30; ++i) {
    ASSERT_EQ(t->push_imu(sample_at(i, 50.0f, 10.0f, false)), Status::kOk);
  }
  const TrackerOutput o = t->output();
  EXPECT_TRUE(o.activity.available);
  EXPECT_TRUE(o.activity.has_label);
  EXPECT_TRUE(std::isfinite(o.activity.confidence));
  // Its default is the accelerometer-only twin of the wrist daily model ...
  EXPECT_EQ(o.activity.model, &models::kWristDailyAcc);
  EXPECT_FALSE(models::kWristDailyAcc.uses_gyr);
  // ... and a model trained with a gyroscope is refused there.
  s.activity.model = &models::kWristDaily;
  EXPECT_EQ(s.validate(), Status::kInvalidSettings);
}

}  // namespace
}  // namespace fusetrack
