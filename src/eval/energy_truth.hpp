// The energy the simulator's truth implies, by the energy stage's own equations and combination
// rule (energy::energy_step): for a consistency check of the Tracker's energy output against
// what its inputs would have given had every stage been exact. It is not a validation of the
// equations themselves (docs/energy.md, "Limits").
#pragma once

#include "fusetrack/energy/energy_estimator.hpp"
#include "io/truth.hpp"

namespace fusetrack::eval {

// The energy class of a simulated activity: rest, typing and car -> sitting (all 1.3 MET in the
// compendium's quiet values; the simulated car is ridden in, not driven, as far as the stage can
// tell), wave and talk -> light hand activity, walk -> walking, run -> running.
energy::EnergyActivity energy_activity_of(io::Activity a) noexcept;

// Total energy, kcal, over the truth's segments, in 1 s slices (the last of a segment shorter):
// each slice's activity from its segment, walking with speed = cadence x step_length_m / 60 when
// the segment has steps and a cadence, the heart rate the newest truth sample at or before the
// slice's start (the first one before it; no heart rate when the truth has none), and
// energy_step's rate for the slice's duration, summed in double. Throws std::invalid_argument
// when `s` or `user` is invalid or step_length_m is not in (0, 3] m.
double truth_energy_kcal(const io::Truth& truth, const energy::EnergySettings& s,
                         const UserProfile& user, double step_length_m);

}  // namespace fusetrack::eval
