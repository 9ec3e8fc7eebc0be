// The step stage through the Tracker: outputs available only when on, walking started / ended
// and milestone events around the steps, an event per step when asked, a time jump that ends the
// bout and starts the stage over, and a saved state that continues exactly.
#include <cmath>
#include <memory>
#include <vector>

#include <gtest/gtest.h>

#include "../tracker/synthetic_wrist.hpp"
#include "../tracker/tracker_compare.hpp"
#include "fusetrack/tracker.hpp"

namespace fusetrack {
namespace {

// The synthetic wrist, walking from 5.0 s until walk_end_s.
ImuSample walk_sample(std::size_t i, double walk_end_s = 1e9) {
  return test::synthetic_walk_sample(i, 5.0, walk_end_s);
}

TrackerSettings imu_only() {
  TrackerSettings s;
  s.imu.nominal_rate_hz = 50.0f;
  s.mag_enabled = false;
  s.ppg_enabled = false;
  s.activity.enabled = false;
  return s;
}

std::vector<Event> drain(Tracker& t) {
  std::vector<Event> out;
  Event e;
  while (t.pop_event(e)) out.push_back(e);
  return out;
}

TEST(TrackerSteps, OffMeansNotAvailableAndNoEvents) {
  TrackerSettings s = imu_only();
  s.steps.enabled = false;
  auto t = std::make_unique<Tracker>(s);
  for (std::size_t i = 0; i < 50 * 30; ++i) ASSERT_EQ(t->push_imu(walk_sample(i)), Status::kOk);
  EXPECT_FALSE(t->output().steps.available);
  EXPECT_EQ(t->output().steps.steps, 0u);
  for (const Event& e : drain(*t)) EXPECT_NE(e.stage, StageId::kSteps);
}

TEST(TrackerSteps, CountsTheWalkWithItsBoutAndMilestoneEvents) {
  TrackerSettings s = imu_only();
  s.steps.milestone_steps = 20;
  s.steps.step_events = true;
  auto t = std::make_unique<Tracker>(s);
  std::vector<Event> events;
  // 54 steps (the walk stops as the body comes down from the last one), then 5 s still.
  for (std::size_t i = 0; i < 50 * 40; ++i) {
    ASSERT_EQ(t->push_imu(walk_sample(i, 5.0 + 53.5 / 1.8)), Status::kOk);
    for (const Event& e : drain(*t)) events.push_back(e);
  }
  const StepsOutput o = t->output().steps;
  EXPECT_TRUE(o.available);
  EXPECT_EQ(o.steps, 54u);
  EXPECT_EQ(o.bouts, 1u);
  EXPECT_FALSE(o.walking);
  EXPECT_GT(o.distance_m(), 30.0);
  std::size_t started = 0, ended = 0, milestones = 0, steps = 0;
  for (const Event& e : events) {
    if (e.stage != StageId::kSteps) continue;
    switch (e.kind) {
      case EventKind::kWalkingStarted:
        ++started;
        EXPECT_NEAR(static_cast<double>(e.t_us) * 1e-6, 5.14, 0.15);
        EXPECT_GT(e.duration_us, 0);
        break;
      case EventKind::kWalkingEnded:
        ++ended;
        EXPECT_EQ(e.count, 54u);
        EXPECT_EQ(e.t_us, o.last_step_us);
        break;
      case EventKind::kStepMilestone:
        ++milestones;
        EXPECT_EQ(e.count % 20, 0u);
        break;
      case EventKind::kStep:
        ++steps;
        EXPECT_EQ(e.count, steps);
        EXPECT_GT(e.duration_us, 0);  // reported after the landing
        break;
      default:
        ADD_FAILURE() << name(e.kind);
    }
  }
  EXPECT_EQ(started, 1u);
  EXPECT_EQ(ended, 1u);
  EXPECT_EQ(milestones, 2u);
  EXPECT_EQ(steps, 54u);
}

TEST(TrackerSteps, ATimeJumpEndsTheBoutAndStartsTheStageOver) {
  auto t = std::make_unique<Tracker>(imu_only());
  for (std::size_t i = 0; i < 50 * 20; ++i) ASSERT_EQ(t->push_imu(walk_sample(i)), Status::kOk);
  ASSERT_TRUE(t->output().steps.walking);
  const std::uint64_t before = t->output().steps.steps;
  drain(*t);
  ImuSample s = walk_sample(50 * 20);
  s.t_us += 7200 * kMicrosPerSecond;
  ASSERT_EQ(t->push_imu(s), Status::kOk);
  bool reinit = false, ended = false;
  for (const Event& e : drain(*t)) {
    if (e.kind == EventKind::kStageReinitialized && e.stage == StageId::kSteps) reinit = true;
    if (e.kind == EventKind::kWalkingEnded) ended = true;
  }
  EXPECT_TRUE(reinit);
  EXPECT_TRUE(ended);
  EXPECT_FALSE(t->output().steps.walking);
  EXPECT_EQ(t->output().steps.steps, before);  // totals survive
}

TEST(TrackerSteps, SavedStateContinuesExactlyMidBout) {
  const TrackerSettings s = imu_only();
  auto a = std::make_unique<Tracker>(s);
  auto b = std::make_unique<Tracker>(s);
  const std::size_t n = 50 * 40, split = 50 * 17 + 3;
  std::vector<std::uint8_t> buf(Tracker::state_size());
  for (std::size_t i = 0; i < n; ++i) {
    const ImuSample x = walk_sample(i);
    ASSERT_EQ(a->push_imu(x), Status::kOk);
    if (i < split) {
      ASSERT_EQ(b->push_imu(x), Status::kOk);
    }
    if (i + 1 == split) {
      ASSERT_TRUE(b->output().steps.walking);
      ASSERT_EQ(b->save_state(buf.data(), buf.size()), Status::kOk);
      b = std::make_unique<Tracker>(s);
      ASSERT_EQ(b->restore_state(buf.data(), buf.size()), Status::kOk);
    }
    if (i >= split) {
      ASSERT_EQ(b->push_imu(x), Status::kOk);
    }
  }
  EXPECT_TRUE(test::same(a->output(), b->output()));
  EXPECT_GT(a->output().steps.steps, 50u);
}

TEST(TrackerSteps, ARestoredStateWithAnImpossibleStepStateIsRefused) {
  const TrackerSettings s = imu_only();
  auto a = std::make_unique<Tracker>(s);
  for (std::size_t i = 0; i < 50 * 20; ++i) ASSERT_EQ(a->push_imu(walk_sample(i)), Status::kOk);
  std::vector<std::uint8_t> buf(Tracker::state_size());
  ASSERT_EQ(a->save_state(buf.data(), buf.size()), Status::kOk);
  // A resealed state whose step detector says walking = 7 (not a bool): refused.
  steps::StepState st = a->step_detector().state();
  st.walking = 7;
  const std::uint8_t* p = reinterpret_cast<const std::uint8_t*>(&a->step_detector().state());
  // Locate the step state inside the buffer (its bytes appear there verbatim).
  std::size_t at = buf.size();
  for (std::size_t i = 0; i + sizeof(steps::StepState) <= buf.size(); ++i) {
    if (std::memcmp(buf.data() + i, p, sizeof(steps::StepState)) == 0) {
      at = i;
      break;
    }
  }
  ASSERT_LT(at, buf.size());
  std::memcpy(buf.data() + at, &st, sizeof st);
  test::reseal(buf);
  auto b = std::make_unique<Tracker>(s);
  EXPECT_EQ(b->restore_state(buf.data(), buf.size()), Status::kCorruptState);
}

}  // namespace
}  // namespace fusetrack
