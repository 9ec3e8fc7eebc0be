// A synthetic wrist for Tracker tests that need steps without the simulator: still, then walking
// at 1.8 steps/s with an arm swing at half that, then still again.
#pragma once

#include <cmath>
#include <cstddef>

#include "fusetrack/core/samples.hpp"

namespace fusetrack::test {

// Sample i at 50 Hz (t_us = 1000 + 20 ms i): still before walk_start_s and from walk_end_s on.
inline ImuSample synthetic_walk_sample(std::size_t i, double walk_start_s, double walk_end_s) {
  constexpr double kTwoPi = 6.283185307179586;
  const double t = static_cast<double>(i) / 50.0;
  ImuSample s;
  s.t_us = 1000 + static_cast<Micros>(i) * 20000;
  const Eigen::Vector3d up = Eigen::Vector3d(-0.8, 0.2, 0.56).normalized();
  double v = 0.0, h = 0.0;
  if (t >= walk_start_s && t < walk_end_s) {
    v = 2.5 * std::sin(kTwoPi * 1.8 * (t - walk_start_s));
    h = 1.0 * std::sin(kTwoPi * 0.9 * (t - walk_start_s));
  }
  s.acc_m_s2 = ((9.80665 + v) * up + h * up.unitOrthogonal()).cast<float>();
  s.gyr_rad_s = Vec3(static_cast<float>(0.8 * h), 0.0f, 0.1f);
  return s;
}

}  // namespace fusetrack::test
