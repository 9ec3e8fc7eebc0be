#include "sim/sim_files.hpp"

#include <cstdio>
#include <stdexcept>
#include <string>

#include "io/truth_csv.hpp"
#include "sim/sim_recording.hpp"

namespace fusetrack::sim {
namespace {

// `e`'s message without the settings' "simulator settings: " prefix (the option names the field).
std::string without_settings_prefix(const std::invalid_argument& e) {
  const std::string text = e.what();
  const std::string prefix = "simulator settings: ";
  return text.rfind(prefix, 0) == 0 ? text.substr(prefix.size()) : text;
}

}  // namespace

std::string number_text(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.9g", v);
  return buf;
}

SimFiles write_simulation(const SimFileOptions& o) {
  if (!(o.duration_scale > 0.0) || o.duration_scale > kMaxDurationScale) {
    throw std::invalid_argument("--duration-scale must be in (0, 100], not " +
                                number_text(o.duration_scale));
  }
  if (o.pose_every == 0 || o.pose_every > kMaxPoseEvery) {
    throw std::invalid_argument("--pose-every must be in [1, 1000000]");
  }
  SimSettings settings;
  if (!o.scenario.empty()) {
    try {
      settings.segments = parse_scenario(o.scenario);
    } catch (const std::invalid_argument& e) {
      throw std::invalid_argument("--scenario " + o.scenario + ": " + e.what());
    }
  }
  settings.seed = o.seed;
  settings.imu.gyroscope = !o.no_gyro;
  settings.mag.enabled = !o.no_mag;
  settings.ppg.enabled = !o.no_ppg;
  try {
    settings.placement = parse_placement(o.placement);
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument(std::string("--placement: ") + e.what());
  }
  if (o.imu_rate_hz != 0.0) {
    if (!(o.imu_rate_hz >= kMinImuRate_hz && o.imu_rate_hz <= kMaxImuRate_hz)) {
      throw std::invalid_argument("--imu-rate must be in [12.5, 1000] Hz, not " +
                                  number_text(o.imu_rate_hz));
    }
    settings.imu.clock = with_rate(settings.imu.clock, o.imu_rate_hz);
  }
  if (!o.heart_rate.empty()) {
    try {
      settings.heart_rate_curve = parse_heart_rate_curve(o.heart_rate);
    } catch (const std::invalid_argument& e) {
      throw std::invalid_argument("--heart-rate " + o.heart_rate + ": " + e.what());
    }
  }
  if (!o.ppg_faults.empty()) {
    if (o.no_ppg) {
      throw std::invalid_argument("--ppg-faults " + o.ppg_faults +
                                  ": the faults need the PPG stream (leave out --no-ppg)");
    }
    try {
      settings.ppg.faults = parse_ppg_faults(o.ppg_faults);
    } catch (const std::invalid_argument& e) {
      throw std::invalid_argument("--ppg-faults " + o.ppg_faults + ": " + e.what());
    }
  }
  if (o.ppg_full_scale != 0.0) {
    if (!(o.ppg_full_scale > 0.0 && o.ppg_full_scale <= kMaxPpgFullScale)) {
      throw std::invalid_argument("--ppg-full-scale must be in (0, 1e9] counts, not " +
                                  number_text(o.ppg_full_scale));
    }
    settings.ppg.full_scale = o.ppg_full_scale;
  }
  if (!o.events.empty()) {
    try {
      settings.events = parse_motion_events(o.events);
    } catch (const std::invalid_argument& e) {
      throw std::invalid_argument("--events " + o.events + ": " + e.what());
    }
  }
  if (o.acc_full_scale_g != 0.0) {
    if (!(o.acc_full_scale_g >= 1.0 && o.acc_full_scale_g <= 64.0)) {
      throw std::invalid_argument("--acc-full-scale-g must be in [1, 64] g, not " +
                                  number_text(o.acc_full_scale_g));
    }
    settings.imu.acc_full_scale_g = o.acc_full_scale_g;
  }
  // The duration scale shortens or stretches the whole recording: the segments, and the times of
  // the heart-rate curve, of the fault stretches and of the events' starts with them (an event's
  // own motion keeps its length).
  for (Segment& seg : settings.segments) seg.duration_s *= o.duration_scale;
  for (HeartRatePoint& p : settings.heart_rate_curve) p.t_s *= o.duration_scale;
  for (PpgFaultStretch& f : settings.ppg.faults) {
    f.start_s *= o.duration_scale;
    f.end_s *= o.duration_scale;
  }
  for (MotionEvent& e : settings.events) e.t_s *= o.duration_scale;
  if (settings.duration_s() > kMaxScenarioDuration_s) {
    throw std::invalid_argument("--duration-scale " + number_text(o.duration_scale) +
                                ": the scenario would last " + number_text(settings.duration_s()) +
                                " s, more than 86400 s (one day)");
  }
  try {
    validate_ppg_faults(settings.ppg.faults, settings.duration_s());
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument("--ppg-faults " + o.ppg_faults + ": " + without_settings_prefix(e));
  }
  try {
    validate_motion_events(settings.events, settings.duration_s());
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument("--events " + o.events + ": " + without_settings_prefix(e));
  }
  SimFiles files;
  files.settings = settings;
  files.result = simulate(settings);
  const SimResult& result = files.result;

  const std::string ext = o.gz ? ".csv.gz" : ".csv";
  files.recording = o.out + ext;
  files.truth = o.out + "_truth" + ext;
  const std::string& recording_path = files.recording;
  const std::string& truth_path = files.truth;
  io::Metadata& metadata = files.metadata;
  metadata = simulation_metadata(settings);
  metadata.emplace_back("duration_scale", number_text(o.duration_scale));
  const std::string scenario = *io::find_metadata(metadata, "scenario");
  write_recording(recording_path, result, metadata);
  io::TruthCsvOptions truth_options;
  truth_options.pose_every = o.pose_every;
  truth_options.metadata = metadata;
  truth_options.metadata.emplace_back("pose_every", std::to_string(o.pose_every));
  io::write_truth_csv(truth_path, result.truth, truth_options);
  return files;
}

}  // namespace fusetrack::sim
