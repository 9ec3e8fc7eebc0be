// ImuFrame: what the Tracker hands to every later stage with each accepted IMU sample: the raw
// sample, its interval, and what orientation made of it. Stages never include each other; this
// plain value is how one stage's result reaches the next.
#pragma once

#include "fusetrack/core/samples.hpp"
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

// The frame for accepted sample `s` (interval dt_s) after `filter` (any orientation filter:
// flags(), gravity_s_m_s2(), linear_acc_e_m_s2()) has taken it. The Tracker builds its frames
// with this, and so does host code that feeds a stage without a Tracker (training), so both
// see the same values.
template <typename Filter>
ImuFrame make_imu_frame(const ImuSample& s, float dt_s, const Filter& filter, bool acc_clipped,
                        bool gyr_clipped) noexcept {
  ImuFrame f;
  f.t_us = s.t_us;
  f.dt_s = dt_s;
  f.acc_s_m_s2 = s.acc_m_s2;
  f.has_gyr = s.has_gyr;
  if (s.has_gyr) f.gyr_rad_s = s.gyr_rad_s;
  f.orientation_valid = filter.flags().initialized;
  f.at_rest = filter.flags().at_rest;
  f.acc_clipped = acc_clipped;
  f.gyr_clipped = gyr_clipped;
  f.gravity_s_m_s2 = filter.gravity_s_m_s2();
  f.linear_acc_e_m_s2 = filter.linear_acc_e_m_s2();
  return f;
}

}  // namespace fusetrack
