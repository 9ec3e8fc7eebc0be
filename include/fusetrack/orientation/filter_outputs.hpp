// What every orientation filter derives from its state for the later stages: gravity in the
// sensor frame and linear acceleration in the earth frame, both zero before initialisation.
// `State` is any filter state with q_es, acc_s_m_s2 and flags.
#pragma once

#include "fusetrack/core/quaternion.hpp"
#include "fusetrack/core/types.hpp"

namespace fusetrack {

// Gravity's specific force in the sensor frame, m/s²: the direction the filter believes is up.
template <typename State>
Vec3 gravity_of(const State& s) noexcept {
  return s.flags.initialized ? gravity_in_sensor(s.q_es) : Vec3::Zero();
}

// The latest accelerometer sample less gravity, in the earth frame, m/s²: what steps, falls and
// activity features use as motion.
template <typename State>
Vec3 linear_acc_of(const State& s) noexcept {
  return s.flags.initialized ? linear_acc_in_earth(s.q_es, s.acc_s_m_s2) : Vec3::Zero();
}

}  // namespace fusetrack
