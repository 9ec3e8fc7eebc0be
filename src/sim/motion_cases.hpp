// Short simulated recordings of one fall or fall-like motion each, for the fall detector's tests
// and training (docs/simulator.md, "Falls and fall-like motions").
#pragma once

#include <cstdint>
#include <vector>

#include "sim/settings.hpp"
#include "sim/simulator.hpp"

namespace fusetrack::sim {

// When a motion case's event starts, s.
inline constexpr double kMotionCaseEventS = 20.0;
// How long a fall lies still in a motion case, s (it gets up before the recording ends).
inline constexpr double kMotionCaseLieS = 25.0;

// The settings of one motion case: a watch on the left wrist with the gyroscope, the magnetometer
// and no PPG; 20 s before the event (walking before a fall, a hop or sitting down; standing still
// before clapping or an arm drop), the event of `kind` at kMotionCaseEventS (a fall lying
// kMotionCaseLieS), then 35 s of the segment's activity after it (rest; typing, seated, after
// sit_hard): 55 s in all. `imu_rate_hz` in [12.5, 1000] (with_rate), `acc_full_scale_g` 0 (no
// clipping) or in [1, 64]. Throws std::invalid_argument for values out of range.
SimSettings motion_case_settings(MotionKind kind, double imu_rate_hz, std::uint64_t seed,
                                 double acc_full_scale_g);

// simulate(motion_case_settings(...)): the recording and its truth (truth.events has the one
// event, with its impact time and true peak).
SimResult simulate_motion_case(MotionKind kind, double imu_rate_hz, std::uint64_t seed,
                               double acc_full_scale_g);

}  // namespace fusetrack::sim
