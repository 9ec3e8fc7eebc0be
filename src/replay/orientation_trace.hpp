// The orientation the Tracker reports after each IMU sample of a replay: what the evaluations
// score and the timelines draw.
#pragma once

#include <cstddef>
#include <vector>

#include "fusetrack/core/status.hpp"
#include "fusetrack/core/types.hpp"
#include "fusetrack/orientation/orientation_flags.hpp"
#include "fusetrack/tracker.hpp"
#include "io/recording.hpp"

namespace fusetrack::replay {

// What the Tracker reported at one IMU sample.
struct OrientationSample {
  Micros t_us = 0;                     // the IMU sample's time stamp
  Quat q_es = Quat::Identity();        // orientation estimate, sensor -> earth (ENU)
  Vec3 gyr_bias_rad_s = Vec3::Zero();  // estimated gyroscope bias, rad/s
  OrientationFlags flags{};            // the filter's decisions (rest, rejected acc, disturbed mag)
};

// Collects one OrientationSample per IMU record of a replay (accepted or not), read from
// tracker.output().orientation once the instant of that sample is complete: right after the IMU
// record, and again after every record at the same time stamp that follows it without another
// time in between (a magnetometer read together with the IMU, as in BROAD), so the sample holds
// the estimate that used everything measured at that instant. Call observe() from a
// ReplayObserver.
class OrientationTrace {
 public:
  // Room for `n` samples, e.g. the number of IMU records.
  void reserve(std::size_t n) { samples_.reserve(n); }

  // Records `tracker`'s orientation as described above; `status` is not used (a rejected sample
  // has a sample too, holding the estimate it left unchanged).
  void observe(const io::Record& record, Status status, const Tracker& tracker);

  const std::vector<OrientationSample>& samples() const noexcept { return samples_; }
  // Moves the samples out; the trace is empty afterwards.
  std::vector<OrientationSample> take() noexcept;

 private:
  std::vector<OrientationSample> samples_;
  bool same_instant_ = false;  // every record since the last IMU record had its time stamp
};

}  // namespace fusetrack::replay
