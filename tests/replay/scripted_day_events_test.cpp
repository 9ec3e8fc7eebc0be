// Events on a scripted day: rest 30 s, walk 60 s, run 45 s, rest 60 s with a forward fall at
// 155 s, simulated on the left wrist with PPG throughout and replayed through one Tracker with
// every stage on. The story must arrive in order, each event stamped near the truth's time and
// delivered soon after it (no event from the future, none later than its stage's own delay).
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "fusetrack/tracker.hpp"
#include "sim/settings.hpp"
#include "sim/simulator.hpp"

namespace fusetrack {
namespace {

struct Arrived {
  Event e;
  Micros at_us;       // the time stamp of the sample whose push delivered it
  std::string label;  // kActivityChanged: the new activity's name
};

std::vector<Arrived> scripted_day_events(sim::SimResult& r) {
  sim::SimSettings ss;
  ss.seed = 7;
  ss.segments = sim::parse_scenario("rest:30,walk:60,run:45,rest:60");
  ss.events = sim::parse_motion_events("fall_forward@155+20");
  r = sim::simulate(ss);
  TrackerSettings ts;
  ts.imu.nominal_rate_hz = 104.0f;
  ts.ppg_channels = 2;
  ts.falls.enabled = true;
  auto t = std::make_unique<Tracker>(ts);
  EXPECT_EQ(t->status(), Status::kOk);
  std::vector<Arrived> out;
  struct Push {
    Tracker& t;
    std::vector<Arrived>& out;
    void operator()(const ImuSample& s) { drain(t.push_imu(s), s.t_us); }
    void operator()(const MagSample& s) { drain(t.push_mag(s), s.t_us); }
    void operator()(const PpgSample& s) { drain(t.push_ppg(s), s.t_us); }
    void drain(Status st, Micros at) {
      EXPECT_EQ(st, Status::kOk);
      Event e;
      while (t.pop_event(e)) {
        const bool act = e.kind == EventKind::kActivityChanged;
        out.push_back({e, at, act ? t.activity_classifier().label_name() : ""});
      }
    }
  };
  sim::visit_in_time_order(r, Push{*t, out});
  EXPECT_EQ(t->output().events.dropped, 0u);
  return out;
}

// The index of the first event at or after `from` of `kind` (and, for activity changes, of
// `label`), or -1.
int find(const std::vector<Arrived>& ev, std::size_t from, EventKind kind, const char* label = "") {
  for (std::size_t i = from; i < ev.size(); ++i) {
    if (ev[i].e.kind == kind && (*label == '\0' || ev[i].label == label))
      return static_cast<int>(i);
  }
  return -1;
}

double s(Micros us) { return static_cast<double>(us) * 1e-6; }

TEST(ScriptedDay, RestWalkRunRestFallArriveInOrderWithSensibleTimes) {
  sim::SimResult r;
  const std::vector<Arrived> ev = scripted_day_events(r);
  for (const Arrived& a : ev) {
    if (a.e.kind == EventKind::kHeartRate) continue;
    std::printf("  arrived %7.2f s  %-18s t %7.2f s  %s\n", s(a.at_us), name(a.e.kind), s(a.e.t_us),
                a.label.c_str());
  }
  // Nothing from the future, nothing stale: each stage reports within its own delay (the
  // activity windows, a bout's confirmation, the fall's 30 s follow-up at most).
  for (std::size_t i = 0; i < ev.size(); ++i) {
    EXPECT_LE(ev[i].e.t_us, ev[i].at_us) << i << " " << name(ev[i].e.kind);
    EXPECT_LE(ev[i].at_us - ev[i].e.t_us, 35'000'000) << i << " " << name(ev[i].e.kind);
    if (i > 0) {
      EXPECT_GE(ev[i].at_us, ev[i - 1].at_us);
    }
  }
  // The story, in arrival order.
  const int walk = find(ev, 0, EventKind::kActivityChanged, "WALKING");
  ASSERT_GE(walk, 0) << "no change to WALKING";
  const int bout = find(ev, 0, EventKind::kWalkingStarted);
  ASSERT_GE(bout, 0) << "no walking_started";
  const int run = find(ev, static_cast<std::size_t>(walk), EventKind::kActivityChanged, "SPORTS");
  ASSERT_GT(run, walk) << "no change to SPORTS after WALKING";
  const int ended = find(ev, static_cast<std::size_t>(bout), EventKind::kWalkingEnded);
  ASSERT_GT(ended, run) << "the bout did not end after the run began";
  const int rest = find(ev, static_cast<std::size_t>(run), EventKind::kActivityChanged, "STATIC");
  ASSERT_GT(rest, run) << "no change to STATIC after the run";
  const int fall = find(ev, static_cast<std::size_t>(rest), EventKind::kFall);
  ASSERT_GT(fall, rest) << "no fall after the rest began";
  const int follow = find(ev, static_cast<std::size_t>(fall), EventKind::kFallFollowUp);
  ASSERT_GT(follow, fall) << "no follow-up after the fall";
  // One bout (the run continues the walk's steps), one fall, no other alarm.
  EXPECT_EQ(find(ev, static_cast<std::size_t>(bout) + 1, EventKind::kWalkingStarted), -1);
  EXPECT_EQ(find(ev, static_cast<std::size_t>(fall) + 1, EventKind::kFall), -1);
  EXPECT_EQ(find(ev, 0, EventKind::kFall), fall);
  // Times against the script (segment edges at 30, 90, 135 s) and the truth's impact.
  ASSERT_EQ(r.truth.events.size(), 1u);
  const double impact_s = s(r.truth.events[0].impact_us);
  EXPECT_NEAR(s(ev[static_cast<std::size_t>(bout)].e.t_us), 30.5, 1.5);
  EXPECT_GT(s(ev[static_cast<std::size_t>(walk)].e.t_us), 30.0);
  // An activity change needs a window that holds the new activity and confirm_windows hops of
  // agreement (wrist model: 5 s hops, two to confirm), so 15-25 s after the script's edge.
  EXPECT_LE(s(ev[static_cast<std::size_t>(walk)].e.t_us), 60.0);
  EXPECT_GT(s(ev[static_cast<std::size_t>(run)].e.t_us), 90.0);
  EXPECT_LE(s(ev[static_cast<std::size_t>(run)].e.t_us), 115.0);
  EXPECT_NEAR(s(ev[static_cast<std::size_t>(ended)].e.t_us), 135.0, 1.5);
  EXPECT_GT(s(ev[static_cast<std::size_t>(rest)].e.t_us), 135.0);
  EXPECT_LE(s(ev[static_cast<std::size_t>(rest)].e.t_us), 160.0);
  EXPECT_NEAR(s(ev[static_cast<std::size_t>(fall)].e.t_us), impact_s, 1.0);
  EXPECT_GT(ev[static_cast<std::size_t>(follow)].e.t_us, ev[static_cast<std::size_t>(fall)].e.t_us);
}

}  // namespace
}  // namespace fusetrack
