// A firmware-style consumer: includes the one header, feeds a few samples, checks the counts.
#include <cstdio>

#include <fusetrack/fusetrack.hpp>

int main() {
  fusetrack::Tracker tracker;
  if (!fusetrack::ok(tracker.status())) return 1;
  for (int i = 0; i < 100; ++i) {
    fusetrack::ImuSample s;
    s.t_us = i * 10000;
    s.acc_m_s2 = fusetrack::Vec3(0.0f, 0.0f, fusetrack::kGravity_m_s2);
    if (!fusetrack::ok(tracker.push_imu(s))) return 2;
  }
  const auto out = tracker.output();
  std::printf("consumer: %llu IMU samples at %.1f Hz\n",
              static_cast<unsigned long long>(out.imu.accepted),
              static_cast<double>(out.imu.rate_hz));
  return out.imu.accepted == 100 ? 0 : 3;
}
