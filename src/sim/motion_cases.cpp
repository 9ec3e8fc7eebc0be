#include "sim/motion_cases.hpp"

#include <stdexcept>

namespace fusetrack::sim {

SimSettings motion_case_settings(MotionKind kind, double imu_rate_hz, std::uint64_t seed,
                                 double acc_full_scale_g) {
  if (!(imu_rate_hz >= 12.5 && imu_rate_hz <= 1000.0)) {
    throw std::invalid_argument("a motion case's IMU rate must be in [12.5, 1000] Hz");
  }
  SimSettings s;
  s.seed = seed;
  s.placement = Placement::kWrist;
  s.imu.gyroscope = true;
  s.imu.clock = with_rate(s.imu.clock, imu_rate_hz);
  s.imu.acc_full_scale_g = acc_full_scale_g;
  s.ppg.enabled = false;
  const double after_s = 35.0;
  switch (kind) {
    case MotionKind::kClap:
    case MotionKind::kArmDrop:
      s.segments = {Segment::rest(kMotionCaseEventS), Segment::rest(after_s)};
      break;
    case MotionKind::kSitHard:
      // Walking up to the chair; the walk's end blends away under the event.
      s.segments = {Segment::walk(kMotionCaseEventS + 0.5), Segment::type(after_s - 0.5)};
      break;
    case MotionKind::kFallForward:
    case MotionKind::kFallBackward:
    case MotionKind::kFallLateral:
    case MotionKind::kHop:
      s.segments = {Segment::walk(kMotionCaseEventS + 1.0), Segment::rest(after_s - 1.0)};
      break;
  }
  MotionEvent e;
  e.kind = kind;
  e.t_s = kMotionCaseEventS;
  e.lie_s = kMotionCaseLieS;
  s.events = {e};
  s.validate();
  return s;
}

SimResult simulate_motion_case(MotionKind kind, double imu_rate_hz, std::uint64_t seed,
                               double acc_full_scale_g) {
  return simulate(motion_case_settings(kind, imu_rate_hz, seed, acc_full_scale_g));
}

}  // namespace fusetrack::sim
