// ImuFrame: what the Tracker hands to every later stage with each accepted IMU sample: the raw
// sample, its interval, and what orientation made of it. Stages never include each other; this
// plain value is how one stage's result reaches the next.
#pragma once

#include "fusetrack/core/types.hpp"

namespace fusetrack {

struct ImuFrame {
  Micros t_us = 0;
  float dt_s = 0.0f;                      // interval since the previous accepted IMU sample, s
  Vec3 acc_s_m_s2 = Vec3::Zero();         // specific force, sensor frame
  Vec3 gyr_rad_s = Vec3::Zero();          // angular rate, sensor frame; zero when !has_gyr
  Vec3 gravity_s_m_s2 = Vec3::Zero();     // gravity's specific force, sensor frame (zero until
                                          // orientation_valid)
  Vec3 linear_acc_e_m_s2 = Vec3::Zero();  // specific force minus gravity, earth frame (ENU)
  bool has_gyr = true;                    // false on an accelerometer-only device
  bool orientation_valid = false;         // gravity and linear acceleration are meaningful
  bool at_rest = false;                   // the orientation filter's rest detector holds
  bool acc_clipped = false;  // an accelerometer component is at full scale (FullScaleSettings)
  bool gyr_clipped = false;  // a gyroscope component is at full scale
};

}  // namespace fusetrack
