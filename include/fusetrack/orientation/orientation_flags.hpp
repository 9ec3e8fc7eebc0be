// Internal decisions of an orientation filter, readable for tests, plots and debugging.
#pragma once

namespace fusetrack {

struct OrientationFlags {
  bool initialized = false;    // an accelerometer sample has set the inclination
  bool heading_set = false;    // a magnetometer sample has set the heading (9D)
  bool at_rest = false;        // the rest detector holds: bias is being learned directly
  bool acc_rejected = false;   // the last accelerometer sample was not trusted as gravity
  bool mag_disturbed = false;  // the last magnetometer sample disagreed with the reference field
  bool recovering = false;     // a long gap or a new field: fast convergence is on
  bool acc_only = false;       // no gyroscope: inclination from the accelerometer alone, no
                               // heading (heading_set stays false), no bias
};

}  // namespace fusetrack
