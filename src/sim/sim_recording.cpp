#include "sim/sim_recording.hpp"

#include <cstdio>

namespace fusetrack::sim {

namespace {

std::string number_text(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.9g", v);
  return buf;
}

}  // namespace

io::Metadata simulation_metadata(const SimSettings& settings) {
  io::Metadata m = {{"source", "fusetrack-simulate"},
                    {"seed", std::to_string(settings.seed)},
                    {"scenario", scenario_text(settings.segments)},
                    {"imu_rate_hz", number_text(settings.imu.clock.rate_hz)}};
  if (settings.placement != Placement::kWrist) {
    m.emplace_back("placement", placement_name(settings.placement));
  }
  if (settings.mag.enabled) m.emplace_back("mag_rate_hz", number_text(settings.mag.clock.rate_hz));
  if (settings.ppg.enabled) m.emplace_back("ppg_rate_hz", number_text(settings.ppg.clock.rate_hz));
  // Only where used, so a recording without them is as it was before they existed.
  if (!settings.heart_rate_curve.empty()) {
    m.emplace_back("heart_rate", heart_rate_curve_text(settings.heart_rate_curve));
  }
  if (settings.ppg.enabled &&
      (!settings.ppg.faults.empty() || settings.ppg.full_scale != PpgSimSettings{}.full_scale)) {
    m.emplace_back("ppg_full_scale", number_text(settings.ppg.full_scale));
  }
  if (!settings.ppg.faults.empty()) {
    m.emplace_back("ppg_faults", ppg_faults_text(settings.ppg.faults));
  }
  if (settings.imu.acc_full_scale_g != 0.0) {
    m.emplace_back("acc_full_scale_g", number_text(settings.imu.acc_full_scale_g));
  }
  if (!settings.events.empty()) m.emplace_back("events", motion_events_text(settings.events));
  return m;
}

io::RecordingHeader recording_header(const SimResult& result) {
  io::RecordingHeader h;
  h.has_imu = true;
  h.imu_has_gyr = result.imu.empty() || result.imu.front().has_gyr;
  h.has_mag = !result.mag.empty();
  if (!result.ppg.empty()) {
    h.ppg_channels = result.ppg.front().channel_count;
    h.ppg_ambient = result.ppg.front().has_ambient;
  }
  return h;
}

void write_recording(const std::string& path, const SimResult& result,
                     const io::Metadata& metadata) {
  io::RecordingWriter writer(path, recording_header(result), metadata);
  visit_in_time_order(result, [&writer](const auto& sample) { writer.write(sample); });
  writer.close();
}

}  // namespace fusetrack::sim
