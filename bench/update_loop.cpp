// Runs N orientation updates of one filter over a hand-motion stream, for instruction counts
// that do not depend on the machine's load:
//   valgrind --tool=callgrind --callgrind-out-file=cg.out
//       build/bench/fusetrack_update_loop complementary 9d 20000   (one command line)
//   callgrind_annotate --inclusive=yes cg.out | grep -m1 run_updates   (divide by N)
// The stream is generated before the measured function, so only the updates are counted.
// Modes `tracker-ekf`, `tracker-complementary` (every optional stage off), `tracker-ekf-wear`,
// `tracker-ekf-activity`, `tracker-ekf-steps` and `tracker-ekf-falls` (that stage on) push the same
// stream through Tracker::push_imu (6D; `9d` pushes each magnetometer sample too) and are counted
// the same way, with run_pushes in place of run_updates.
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "fusetrack/orientation/complementary_filter.hpp"
#include "fusetrack/orientation/orientation_ekf.hpp"
#include "fusetrack/tracker.hpp"

namespace {

using fusetrack::Micros;
using fusetrack::Quat;
using fusetrack::Vec3;

struct Stream {
  std::vector<Vec3> gyr, acc, mag;
};

// A device turning about all axes (up to ~200 °/s) with linear acceleration, at 286 Hz.
Stream hand_motion(int n) {
  Stream s;
  Quat q = Quat::Identity();
  const float dt = 0.0035f;
  for (int k = 0; k < n; ++k) {
    const float t = static_cast<float>(k) * dt;
    const Vec3 w(2.0f * std::sin(1.3f * t), 1.5f * std::sin(0.7f * t + 1.0f),
                 3.0f * std::sin(0.45f * t + 2.0f));
    q = (q * Quat(Eigen::AngleAxisf(w.norm() * dt, w.normalized()))).normalized();
    s.gyr.push_back(w);
    s.acc.push_back(q.conjugate() * Vec3(0.3f * std::sin(t), 0.0f, 9.81f));
    s.mag.push_back(q.conjugate() * Vec3(0.0f, 15.7f, -40.8f));
  }
  return s;
}

template <typename Filter>
__attribute__((noinline)) float run_updates(Filter& f, const Stream& s, bool use_mag) {
  for (std::size_t k = 0; k < s.gyr.size(); ++k) {
    const Micros t = static_cast<Micros>(k) * 3500;
    if (use_mag) {
      (void)f.update(t, s.gyr[k], s.acc[k], s.mag[k]);
    } else {
      (void)f.update(t, s.gyr[k], s.acc[k]);
    }
  }
  return f.orientation().w();
}

__attribute__((noinline)) float run_pushes(fusetrack::Tracker& tr, const Stream& s, bool use_mag) {
  for (std::size_t k = 0; k < s.gyr.size(); ++k) {
    const Micros t = static_cast<Micros>(k) * 3500;
    fusetrack::ImuSample imu;
    imu.t_us = t;
    imu.acc_m_s2 = s.acc[k];
    imu.gyr_rad_s = s.gyr[k];
    (void)tr.push_imu(imu);
    if (use_mag) (void)tr.push_mag(fusetrack::MagSample{t, s.mag[k]});
  }
  return tr.output().orientation.q_es.w();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4 || (std::strcmp(argv[2], "9d") != 0 && std::strcmp(argv[2], "6d") != 0)) {
    std::fprintf(
        stderr,
        "usage: %s complementary|ekf|tracker-ekf|tracker-complementary|"
        "tracker-ekf-wear|tracker-ekf-activity|tracker-ekf-steps|tracker-ekf-falls 9d|6d N\n",
        argv[0]);
    return 2;
  }
  const int n = std::atoi(argv[3]);
  const Stream s = hand_motion(n > 0 ? n : 1);
  const bool use_mag = std::strcmp(argv[2], "9d") == 0;
  float w = 0.0f;
  if (std::strncmp(argv[1], "tracker-", 8) == 0) {
    fusetrack::TrackerSettings settings;
    settings.imu.nominal_rate_hz = 1.0f / 0.0035f;
    settings.mag.nominal_rate_hz = settings.imu.nominal_rate_hz;
    settings.ppg_enabled = false;
    settings.orientation_uses_mag = use_mag;
    settings.orientation_filter = std::strstr(argv[1], "complementary") != nullptr
                                      ? fusetrack::OrientationFilterKind::kComplementary
                                      : fusetrack::OrientationFilterKind::kEkf;
    settings.wear.enabled = std::strstr(argv[1], "-wear") != nullptr;
    settings.activity.enabled = std::strstr(argv[1], "-activity") != nullptr;
    settings.steps.enabled = std::strstr(argv[1], "-steps") != nullptr;
    settings.falls.enabled = std::strstr(argv[1], "-falls") != nullptr;
    fusetrack::Tracker tr(settings);
    w = run_pushes(tr, s, use_mag);
  } else if (std::strcmp(argv[1], "ekf") == 0) {
    fusetrack::OrientationEkf f;
    w = run_updates(f, s, use_mag);
  } else {
    fusetrack::ComplementaryFilter f;
    w = run_updates(f, s, use_mag);
  }
  std::printf("q_w after %d updates: %f\n", n, static_cast<double>(w));
  return 0;
}
