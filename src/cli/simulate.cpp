// `fusetrack simulate --out PREFIX`: simulates a recording (by default a watch on the wrist: rest,
// walk, run, rest) with exact truth and writes PREFIX.csv (the recording) and PREFIX_truth.csv
// (docs/simulator.md).
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <limits>
#include <memory>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/usage.hpp"
#include "io/truth_csv.hpp"
#include "sim/settings.hpp"
#include "sim/sim_recording.hpp"
#include "sim/simulator.hpp"

namespace fusetrack::cli {

namespace {

struct SimulateOptions {
  std::string out;
  std::uint64_t seed = 1;
  std::string scenario;  // empty: the default scenario
  double duration_scale = 1.0;
  std::size_t pose_every = 1;
  bool gz = false;
  bool no_gyro = false;
  bool no_mag = false;
  bool no_ppg = false;
  std::string placement = "wrist";
  double imu_rate_hz = 0.0;       // 0: the default rate (104 Hz)
  std::string heart_rate;         // empty: the segments' heart rates
  std::string ppg_faults;         // empty: none
  double ppg_full_scale = 0.0;    // 0: the default (65535)
  std::string events;             // empty: none
  double acc_full_scale_g = 0.0;  // 0: no clipping
  bool json = false;
};

// A number as "%.9g": no blanks, so it can be a metadata value.
std::string number_text(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.9g", v);
  return buf;
}

// The options' ranges (checked by the parser, and again here for callers of run_simulate).
constexpr double kMaxDurationScale = 100.0;
constexpr std::uint64_t kMaxPoseEvery = 1000000;
constexpr double kMinImuRate_hz = 12.5;
constexpr double kMaxImuRate_hz = 1000.0;
constexpr double kMaxPpgFullScale = 1e9;

// `e`'s message without the settings' "simulator settings: " prefix (the option names the field).
std::string without_settings_prefix(const std::invalid_argument& e) {
  const std::string text = e.what();
  const std::string prefix = "simulator settings: ";
  return text.rfind(prefix, 0) == 0 ? text.substr(prefix.size()) : text;
}

void run_simulate(const SimulateOptions& o) {
  if (!(o.duration_scale > 0.0) || o.duration_scale > kMaxDurationScale) {
    throw std::invalid_argument("--duration-scale must be in (0, 100], not " +
                                number_text(o.duration_scale));
  }
  if (o.pose_every == 0 || o.pose_every > kMaxPoseEvery) {
    throw std::invalid_argument("--pose-every must be in [1, 1000000]");
  }
  sim::SimSettings settings;
  if (!o.scenario.empty()) {
    try {
      settings.segments = sim::parse_scenario(o.scenario);
    } catch (const std::invalid_argument& e) {
      throw std::invalid_argument("--scenario " + o.scenario + ": " + e.what());
    }
  }
  settings.seed = o.seed;
  settings.imu.gyroscope = !o.no_gyro;
  settings.mag.enabled = !o.no_mag;
  settings.ppg.enabled = !o.no_ppg;
  try {
    settings.placement = sim::parse_placement(o.placement);
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument(std::string("--placement: ") + e.what());
  }
  if (o.imu_rate_hz != 0.0) {
    if (!(o.imu_rate_hz >= kMinImuRate_hz && o.imu_rate_hz <= kMaxImuRate_hz)) {
      throw std::invalid_argument("--imu-rate must be in [12.5, 1000] Hz, not " +
                                  number_text(o.imu_rate_hz));
    }
    settings.imu.clock = sim::with_rate(settings.imu.clock, o.imu_rate_hz);
  }
  if (!o.heart_rate.empty()) {
    try {
      settings.heart_rate_curve = sim::parse_heart_rate_curve(o.heart_rate);
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
      settings.ppg.faults = sim::parse_ppg_faults(o.ppg_faults);
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
      settings.events = sim::parse_motion_events(o.events);
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
  for (sim::Segment& seg : settings.segments) seg.duration_s *= o.duration_scale;
  for (sim::HeartRatePoint& p : settings.heart_rate_curve) p.t_s *= o.duration_scale;
  for (sim::PpgFaultStretch& f : settings.ppg.faults) {
    f.start_s *= o.duration_scale;
    f.end_s *= o.duration_scale;
  }
  for (sim::MotionEvent& e : settings.events) e.t_s *= o.duration_scale;
  if (settings.duration_s() > sim::kMaxScenarioDuration_s) {
    throw std::invalid_argument("--duration-scale " + number_text(o.duration_scale) +
                                ": the scenario would last " + number_text(settings.duration_s()) +
                                " s, more than 86400 s (one day)");
  }
  try {
    sim::validate_ppg_faults(settings.ppg.faults, settings.duration_s());
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument("--ppg-faults " + o.ppg_faults + ": " + without_settings_prefix(e));
  }
  try {
    sim::validate_motion_events(settings.events, settings.duration_s());
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument("--events " + o.events + ": " + without_settings_prefix(e));
  }
  const sim::SimResult result = sim::simulate(settings);

  const std::string ext = o.gz ? ".csv.gz" : ".csv";
  const std::string recording_path = o.out + ext;
  const std::string truth_path = o.out + "_truth" + ext;
  io::Metadata metadata = sim::simulation_metadata(settings);
  metadata.emplace_back("duration_scale", number_text(o.duration_scale));
  const std::string scenario = *io::find_metadata(metadata, "scenario");
  sim::write_recording(recording_path, result, metadata);
  io::TruthCsvOptions truth_options;
  truth_options.pose_every = o.pose_every;
  truth_options.metadata = metadata;
  truth_options.metadata.emplace_back("pose_every", std::to_string(o.pose_every));
  io::write_truth_csv(truth_path, result.truth, truth_options);

  const double duration_s = settings.duration_s();
  if (o.json) {
    nlohmann::ordered_json j;
    j["recording"] = recording_path;
    j["truth"] = truth_path;
    j["seed"] = o.seed;
    j["duration_s"] = duration_s;
    j["scenario"] = scenario;
    j["imu_samples"] = result.imu.size();
    j["imu_has_gyr"] = settings.imu.gyroscope;
    j["imu_rate_hz"] = settings.imu.clock.rate_hz;
    j["placement"] = sim::placement_name(settings.placement);
    j["mag_samples"] = result.mag.size();
    j["ppg_samples"] = result.ppg.size();
    j["steps"] = result.truth.steps_us.size();
    j["heart_rate"] = sim::heart_rate_curve_text(settings.heart_rate_curve);
    j["ppg_faults"] = sim::ppg_faults_text(settings.ppg.faults);
    j["events"] = sim::motion_events_text(settings.events);
    j["acc_full_scale_g"] = settings.imu.acc_full_scale_g;
    j["pose_every"] = o.pose_every;
    std::cout << j.dump(2) << "\n";
    return;
  }
  const std::string where = settings.placement == sim::Placement::kWrist
                                ? ""
                                : std::string(", ") + sim::placement_name(settings.placement);
  std::cout << "fusetrack simulate: seed " << o.seed << ", " << number_text(duration_s) << " s ("
            << scenario << ")" << where << "\n"
            << "  recording " << recording_path << ": " << result.imu.size() << " imu"
            << (settings.imu.gyroscope ? "" : " (accelerometer only)") << ", " << result.mag.size()
            << " mag, " << result.ppg.size() << " ppg samples\n"
            << "  truth     " << truth_path << ": " << result.truth.steps_us.size()
            << " steps, pose every " << o.pose_every << " imu sample(s)"
            << (settings.ppg.faults.empty()
                    ? std::string()
                    : ", ppg faults " + sim::ppg_faults_text(settings.ppg.faults) + " (s)")
            << (settings.heart_rate_curve.empty()
                    ? std::string()
                    : ", heart rate " + sim::heart_rate_curve_text(settings.heart_rate_curve) +
                          " (s:bpm)")
            << (settings.events.empty()
                    ? std::string()
                    : ", events " + sim::motion_events_text(settings.events) + " (kind@s)")
            << (settings.imu.acc_full_scale_g == 0.0
                    ? std::string()
                    : ", accelerometer clipped at ±" + number_text(settings.imu.acc_full_scale_g) +
                          " g")
            << "\n";
}

}  // namespace

void register_simulate(CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "simulate",
      "Simulate a recording with exact truth: by default a watch on the left wrist, rest 40 s, "
      "walk 90 s, run 60 s, rest 40 s (--scenario sets the segments, --placement where the "
      "device is). "
      "Writes PREFIX.csv (IMU 104 Hz, magnetometer 25 Hz, 2-channel PPG 25 Hz, each on its own "
      "clock; see docs/recording-format.md) and PREFIX_truth.csv (orientation and gyro bias per "
      "IMU sample, step times, heart rate, segments; see docs/simulator.md). The same seed gives "
      "the same files, byte for byte. --no-gyro writes an accelerometer-only IMU stream; "
      "--heart-rate sets the heart rate apart from the activities, --ppg-faults the stretches "
      "where the PPG front end fails (written to the truth as ppg_fault rows), --events falls and "
      "fall-like motions (written as event rows), --acc-full-scale-g the accelerometer's range.");
  auto o = std::make_shared<SimulateOptions>();
  cmd->add_option("--out", o->out, "output prefix: writes PREFIX.csv and PREFIX_truth.csv")
      ->required();
  cmd->add_option("--seed", o->seed,
                  "random seed (noise, jitter, heading, variability), an integer in [0, 2^64-1]")
      ->check(integer_in(0, std::numeric_limits<std::uint64_t>::max()))
      ->capture_default_str();
  cmd->add_option("--scenario", o->scenario,
                  "the segments in order, ACTIVITY:SECONDS[@STEPS_PER_MIN],... with ACTIVITY rest, "
                  "walk or run, or without steps wave, type, talk or car; @ sets a walk's or run's "
                  "cadence in [40, 240] (default rest:40,walk:90,run:60,rest:40; at most 86400 s "
                  "in all)");
  cmd->add_option("--placement", o->placement,
                  "where the device is: wrist (a watch on the left wrist), hand (a phone held in "
                  "front of the chest) or pocket (a phone in the left front trouser pocket); the "
                  "truth step times do not depend on it")
      ->check(CLI::IsMember({"wrist", "hand", "pocket"}))
      ->capture_default_str();
  cmd->add_option("--imu-rate", o->imu_rate_hz,
                  "IMU output data rate in [12.5, 1000] Hz (default 104; the time-stamp jitter "
                  "shrinks in proportion above 104 Hz); the truth step times do not depend on it")
      ->check(number_in(kMinImuRate_hz, kMaxImuRate_hz, false, "Hz"));
  cmd->add_option("--heart-rate", o->heart_rate,
                  "the heart rate as a curve of TIME_S:BPM points, in time order, linear between "
                  "them and constant before the first and after the last (e.g. 0:80,120:130 ramps "
                  "from 80 to 130 beats/min over the first 120 s; rates in [30, 220]); replaces "
                  "the activities' heart rates (the breathing modulation of +-1.5 stays); the "
                  "truth's heart_rate rows follow it");
  cmd->add_option("--ppg-faults", o->ppg_faults,
                  "stretches where the PPG front end fails, KIND:START_S..END_S,... (e.g. "
                  "no_contact:60..90,clipped:120..140), not overlapping, within the scenario: "
                  "no_contact (off the skin: LED leakage, 3 % of the light, plus the ambient "
                  "light; no pulse, no motion artefact), clipped (the baseline moves above the "
                  "full scale: half or more of the samples sit at it), ambient (strong 0.5-3 Hz "
                  "ambient light, 30 % of it left in the PPG channels), flat (every channel "
                  "holds one value); the truth gets one ppg_fault row per stretch (truth format "
                  "v2)");
  cmd->add_option("--ppg-full-scale", o->ppg_full_scale,
                  "the PPG converter's full scale in counts, in (0, 1e9] (default 65535): no "
                  "channel reads above it, and a clipped stretch sits at it")
      ->check(number_in(0.0, kMaxPpgFullScale, true, "counts"));
  cmd->add_option("--events", o->events,
                  "falls and fall-like motions over the scenario, KIND@START_S[+LIE_S],... (e.g. "
                  "fall_forward@20,clap@80): fall_forward, fall_backward, fall_lateral (a stumble, "
                  "a drop of ~0.9 m with a free-fall dip, a 4-14 g impact, a 60-120° tumble, "
                  "lying still LIE_S s, default 30, then getting up), clap, hop, sit_hard, "
                  "arm_drop (fall-like daily motions a fall detector must not alarm on); each "
                  "inside the scenario and apart from the others; the truth gets one event row "
                  "per event (truth format v3)");
  cmd->add_option("--acc-full-scale-g", o->acc_full_scale_g,
                  "the accelerometer's full scale in g, in [1, 64] (default: no clipping): each "
                  "axis is clamped to it, as a saturating sensor reads")
      ->check(number_in(1.0, 64.0, false, "g"));
  cmd->add_option("--duration-scale", o->duration_scale,
                  "multiply every segment's duration by this factor, in (0, 100] (0.1: 23 s); "
                  "the times of --heart-rate and --ppg-faults scale with it")
      ->check(number_in(0.0, kMaxDurationScale, true))
      ->capture_default_str();
  cmd->add_option("--pose-every", o->pose_every,
                  "write the pose truth at every Nth IMU sample only (smaller truth file), N in "
                  "[1, 1000000]")
      ->check(integer_in(1, kMaxPoseEvery))
      ->capture_default_str();
  cmd->add_flag("--gz", o->gz, "gzip both files (PREFIX.csv.gz, PREFIX_truth.csv.gz)");
  cmd->add_flag("--no-gyro", o->no_gyro,
                "an accelerometer-only device: the recording has no gyr_* columns (the same seed "
                "gives the same accelerometer values and the same truth file)");
  cmd->add_flag("--no-mag", o->no_mag, "no magnetometer stream (the other streams are unchanged)");
  cmd->add_flag("--no-ppg", o->no_ppg, "no PPG stream (the other streams are unchanged)");
  cmd->add_flag("--json", o->json, "print the summary as JSON");
  cmd->callback([o] {
    const std::filesystem::path parent = std::filesystem::path(o->out).parent_path();
    if (!parent.empty() && !std::filesystem::is_directory(parent)) {
      throw std::runtime_error("--out " + o->out + ": folder " + parent.string() +
                               " does not exist");
    }
    run_simulate(*o);
  });
}

}  // namespace fusetrack::cli
