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
#include "sim/sim_files.hpp"
#include "sim/sim_recording.hpp"
#include "sim/simulator.hpp"

namespace fusetrack::cli {

namespace {

struct SimulateOptions : sim::SimFileOptions {
  bool json = false;
};

void run_simulate(const SimulateOptions& o) {
  const sim::SimFiles files = sim::write_simulation(o);
  const sim::SimSettings& settings = files.settings;
  const sim::SimResult& result = files.result;
  const std::string& recording_path = files.recording;
  const std::string& truth_path = files.truth;
  const std::string scenario = *io::find_metadata(files.metadata, "scenario");
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
  std::cout << "fusetrack simulate: seed " << o.seed << ", " << sim::number_text(duration_s)
            << " s (" << scenario << ")" << where << "\n"
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
                    : ", accelerometer clipped at ±" +
                          sim::number_text(settings.imu.acc_full_scale_g) + " g")
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
      ->check(number_in(sim::kMinImuRate_hz, sim::kMaxImuRate_hz, false, "Hz"));
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
      ->check(number_in(0.0, sim::kMaxPpgFullScale, true, "counts"));
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
      ->check(number_in(0.0, sim::kMaxDurationScale, true))
      ->capture_default_str();
  cmd->add_option("--pose-every", o->pose_every,
                  "write the pose truth at every Nth IMU sample only (smaller truth file), N in "
                  "[1, 1000000]")
      ->check(integer_in(1, sim::kMaxPoseEvery))
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
