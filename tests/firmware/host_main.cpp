// The host build of the firmware's run (bench/firmware/run_stream.hpp): the same stream, the same
// Tracker settings, the same printed line (without the stack figure), for
// run_firmware_test.py to compare with the firmware's under QEMU.
#include <cstdio>

#include "run_stream.hpp"

int main() {
  static fusetrack::Tracker tracker(fw::stream_settings());
  if (!fusetrack::ok(tracker.status())) return 3;
  const fw::StreamResult r = fw::run_stream(tracker);
  std::printf(
      "status=%u events=%u qw=%d qx=%d qy=%d qz=%d steps=%u activity=%d heart_e1=%d "
      "heart_estimates=%u kcal_e3=%d\n",
      static_cast<unsigned>(r.status), static_cast<unsigned>(r.events), static_cast<int>(r.q_e6[0]),
      static_cast<int>(r.q_e6[1]), static_cast<int>(r.q_e6[2]), static_cast<int>(r.q_e6[3]),
      static_cast<unsigned>(r.steps), static_cast<int>(r.activity),
      static_cast<int>(r.heart_bpm_e1), static_cast<unsigned>(r.heart_estimates),
      static_cast<int>(r.kcal_e3));
  return 0;
}
