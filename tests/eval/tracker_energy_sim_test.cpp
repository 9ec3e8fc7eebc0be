// The Tracker's energy on a simulated wrist against the energy the simulator's truth implies by
// the stage's own combination rule (eval/energy_truth.hpp): rest, a walk, a run and rest again,
// with PPG throughout. Both sides use the same equations, so this checks consistency (the
// Tracker's activity, steps, speed and heart rate feed the equations well enough to land near
// what the exact inputs give), not validity: the simulator has no metabolism, and no
// calorimetry was measured. The differences come from the step-length model (the Tracker knows
// the height, the simulator sets the length), the activity decisions' delay, and the heart-rate
// estimate's errors.
#include <cstdio>
#include <memory>

#include <gtest/gtest.h>

#include "eval/energy_truth.hpp"
#include "fusetrack/tracker.hpp"
#include "sim/settings.hpp"
#include "sim/simulator.hpp"

namespace fusetrack {
namespace {

struct EnergyRun {
  double tracker_kcal = 0.0;
  double truth_kcal = 0.0;
  bool from_heart_rate_seen = false;
};

EnergyRun simulate_and_track(const std::vector<sim::Segment>& segments, std::uint64_t seed) {
  sim::SimSettings ss;
  ss.seed = seed;
  ss.segments = segments;
  ss.imu.clock = {100.0, 0.0, 0.0};
  ss.mag.clock = {50.0, 0.0, 0.0};
  ss.ppg.clock = {25.0, 0.0, 0.0};
  const sim::SimResult r = sim::simulate(ss);
  TrackerSettings ts;
  ts.imu.nominal_rate_hz = 100.0f;
  ts.mag.nominal_rate_hz = 50.0f;
  ts.ppg.nominal_rate_hz = 25.0f;
  ts.ppg_channels = 2;  // the simulator's green and ambient channels
  auto t = std::make_unique<Tracker>(ts);
  EXPECT_EQ(t->status(), Status::kOk);
  EnergyRun out;
  struct Push {
    Tracker& t;
    EnergyRun& out;
    void operator()(const ImuSample& s) {
      (void)t.push_imu(s);
      if (t.output().energy.from_heart_rate) out.from_heart_rate_seen = true;
      drain();
    }
    void operator()(const MagSample& s) {
      (void)t.push_mag(s);
      drain();
    }
    void operator()(const PpgSample& s) {
      (void)t.push_ppg(s);
      drain();
    }
    void drain() {
      Event e;
      while (t.pop_event(e)) {
      }
    }
  };
  sim::visit_in_time_order(r, Push{*t, out});
  out.tracker_kcal = t->output().energy.kcal_total();
  // The truth segment by segment, each with its own simulated step length.
  for (std::size_t k = 0; k < r.truth.segments.size(); ++k) {
    io::Truth one;
    one.segments.push_back(r.truth.segments[k]);
    one.heart_rate = r.truth.heart_rate;
    const double len = segments[k].step_length_m > 0.0 ? segments[k].step_length_m : 0.7;
    out.truth_kcal += eval::truth_energy_kcal(one, ts.energy, ts.user, len);
  }
  std::printf("energy: Tracker %.2f kcal, truth %.2f kcal (%+.1f %%)\n", out.tracker_kcal,
              out.truth_kcal, 100.0 * (out.tracker_kcal / out.truth_kcal - 1.0));
  return out;
}

TEST(TrackerEnergySim, RestWalkRunRestWithinFifteenPercentOfTheTruthsEnergy) {
  const EnergyRun r = simulate_and_track({sim::Segment::rest(120.0), sim::Segment::walk(300.0),
                                          sim::Segment::run(180.0), sim::Segment::rest(120.0)},
                                         4242);
  EXPECT_TRUE(r.from_heart_rate_seen);  // the run's heart rate blends Keytel in
  EXPECT_GT(r.truth_kcal, 0.0);
  EXPECT_NEAR(r.tracker_kcal, r.truth_kcal, 0.15 * r.truth_kcal);
}

TEST(TrackerEnergySim, RestAloneWithinTenPercent) {
  const EnergyRun r = simulate_and_track({sim::Segment::rest(300.0)}, 4243);
  EXPECT_NEAR(r.tracker_kcal, r.truth_kcal, 0.10 * r.truth_kcal);
}

}  // namespace
}  // namespace fusetrack
