#include "replay/orientation_trace.hpp"

#include <utility>

namespace fusetrack::replay {

void OrientationTrace::observe(const io::Record& record, Status /*status*/,
                               const Tracker& tracker) {
  const Micros t_us = record.t_us();
  if (record.kind() == io::StreamKind::kImu) {
    samples_.push_back(OrientationSample{t_us, Quat::Identity(), Vec3::Zero(), {}});
    same_instant_ = true;
  } else {
    same_instant_ = same_instant_ && t_us == samples_.back().t_us;
    if (!same_instant_) return;
  }
  const OrientationOutput o = tracker.output().orientation;
  OrientationSample& s = samples_.back();
  s.q_es = o.q_es;
  s.gyr_bias_rad_s = o.gyr_bias_rad_s;
  s.flags = o.flags;
}

std::vector<OrientationSample> OrientationTrace::take() noexcept {
  std::vector<OrientationSample> out = std::move(samples_);
  samples_.clear();
  same_instant_ = false;
  return out;
}

}  // namespace fusetrack::replay
