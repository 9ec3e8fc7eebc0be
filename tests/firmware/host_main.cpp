// The host build of the firmware's run (bench/firmware/run_stream.hpp): the same stream, the same
// Tracker settings per configuration, the same printed lines (without the instruction and stack
// figures), for run_firmware_test.py to compare with the firmware's under QEMU; then the EKF
// alone. With a configuration's name as its argument it runs that one only (the cost table's
// callgrind count).
#include <cstdio>
#include <cstring>
#include <memory>

#include "run_stream.hpp"

namespace {
void print_line(const char* config, const fw::StreamResult& r) {
  std::printf(
      "config=%s status=%u events=%u qw=%d qx=%d qy=%d qz=%d steps=%u activity=%d heart_e1=%d "
      "heart_estimates=%u kcal_e3=%d\n",
      config, static_cast<unsigned>(r.status), static_cast<unsigned>(r.events),
      static_cast<int>(r.q_e6[0]), static_cast<int>(r.q_e6[1]), static_cast<int>(r.q_e6[2]),
      static_cast<int>(r.q_e6[3]), static_cast<unsigned>(r.steps), static_cast<int>(r.activity),
      static_cast<int>(r.heart_bpm_e1), static_cast<unsigned>(r.heart_estimates),
      static_cast<int>(r.kcal_e3));
}
}  // namespace

int main(int argc, char** argv) {
  const auto wanted = [&](const char* name) { return argc < 2 || std::strcmp(argv[1], name) == 0; };
  for (int c = 0; c < fw::kConfigs; ++c) {
    if (!wanted(fw::kConfigNames[c])) continue;
    const auto tracker = std::make_unique<fusetrack::Tracker>(fw::stream_settings(c));
    if (!fusetrack::ok(tracker->status())) return 3;
    print_line(fw::kConfigNames[c], fw::run_stream(*tracker));
  }
  if (wanted(fw::kReplayOnlyName)) print_line(fw::kReplayOnlyName, fw::run_replay_only());
  if (wanted(fw::kFilterOnlyName)) {
    fusetrack::OrientationEkf ekf{fusetrack::OrientationEkfSettings{}};
    print_line(fw::kFilterOnlyName, fw::run_filter_only(ekf));
  }
  return 0;
}
