// `fusetrack run [FILE]`: replays a recording through the Tracker, as firmware would feed it,
// and prints what the Tracker reports.
#include <cmath>
#include <cstdio>
#include <iostream>
#include <memory>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "fusetrack/tracker.hpp"
#include "io/recording.hpp"

namespace fusetrack::cli {
namespace {

struct RunOptions {
  std::string file;
  std::string filter = "ekf";
  bool no_mag = false;
  bool json = false;
  bool skip_bad_rows = false;
  float imu_rate_hz = 0.0f;  // 0: from the recording's metadata, else 100 Hz
  float mag_rate_hz = 0.0f;
  float ppg_rate_hz = 0.0f;
};

std::string bundled_sample() { return std::string(FUSETRACK_SAMPLE_DIR) + "/sample.csv"; }

// The nominal rate of a stream: the option if given, else "# <key>=<Hz>" metadata, else fallback.
float nominal_rate(float option, const io::Metadata& meta, const char* key, float fallback) {
  if (option > 0.0f) return option;
  if (const std::string* v = io::find_metadata(meta, key)) {
    try {
      const float r = std::stof(*v);
      if (r > 0.0f) return r;
    } catch (const std::exception&) {
    }
    throw std::runtime_error(std::string("metadata '") + key + "' is not a positive rate: '" + *v +
                             "'");
  }
  return fallback;
}

nlohmann::json stream_json(const StreamOutput& s) {
  return {{"accepted", s.accepted},
          {"rejected", s.rejected},
          {"duplicates", s.duplicates},
          {"backwards", s.backwards},
          {"not_finite", s.not_finite},
          {"gaps", s.gaps},
          {"missing", s.missing},
          {"mean_rate_hz", s.mean_rate_hz},
          {"rate_hz", s.rate_hz},
          {"jitter_us", s.jitter_s * 1e6f},
          {"drift", s.drift}};
}

// Roll, pitch, yaw (deg) of q_ES, ZYX convention: yaw about up, counter-clockwise from east.
Vec3 euler_deg(const Quat& q) {
  const float w = q.w(), x = q.x(), y = q.y(), z = q.z();
  const float roll = std::atan2(2.0f * (w * x + y * z), 1.0f - 2.0f * (x * x + y * y));
  const float pitch = std::asin(std::fmax(-1.0f, std::fmin(1.0f, 2.0f * (w * y - z * x))));
  const float yaw = std::atan2(2.0f * (w * z + x * y), 1.0f - 2.0f * (y * y + z * z));
  return Vec3(roll, pitch, yaw) * kDegPerRad;
}

void run(const RunOptions& opt) {
  const std::string path = opt.file.empty() ? bundled_sample() : opt.file;
  io::ReaderOptions reader_options;
  reader_options.skip_bad_rows = opt.skip_bad_rows;
  io::RecordingReader reader(path, reader_options);
  const io::RecordingHeader& header = reader.header();

  TrackerSettings settings;
  settings.imu.nominal_rate_hz =
      nominal_rate(opt.imu_rate_hz, reader.metadata(), "imu_rate_hz", 100.0f);
  settings.mag_enabled = header.has_mag;
  settings.mag.nominal_rate_hz =
      nominal_rate(opt.mag_rate_hz, reader.metadata(), "mag_rate_hz", 25.0f);
  settings.ppg_enabled = header.has_ppg();
  settings.ppg.nominal_rate_hz =
      nominal_rate(opt.ppg_rate_hz, reader.metadata(), "ppg_rate_hz", 25.0f);
  settings.ppg_channels = header.has_ppg() ? header.ppg_channels : std::uint8_t{1};
  settings.orientation_filter = opt.filter == "complementary"
                                    ? OrientationFilterKind::kComplementary
                                    : OrientationFilterKind::kEkf;
  settings.orientation_uses_mag = !opt.no_mag;
  Tracker tracker(settings);
  if (!ok(tracker.status())) {
    throw std::runtime_error(std::string("tracker settings rejected: ") + name(tracker.status()));
  }

  io::Record rec;
  while (reader.next(rec)) {
    // Rejections are counted by the Tracker's stream checks and reported below.
    switch (rec.kind()) {
      case io::StreamKind::kImu:
        (void)tracker.push_imu(std::get<ImuSample>(rec.sample));
        break;
      case io::StreamKind::kMag:
        (void)tracker.push_mag(std::get<MagSample>(rec.sample));
        break;
      case io::StreamKind::kPpg:
        (void)tracker.push_ppg(std::get<PpgSample>(rec.sample));
        break;
    }
  }
  const TrackerOutput out = tracker.output();
  const io::ReadReport& report = reader.report();
  const OrientationOutput& ori = out.orientation;
  const Vec3 rpy = euler_deg(ori.q_es);
  const Vec3 bias_dps = ori.gyr_bias_rad_s * kDegPerRad;

  if (opt.json) {
    nlohmann::json j;
    j["file"] = path;
    j["filter"] = name(settings.orientation_filter);
    j["mode"] = ori.uses_mag ? "9D" : "6D";
    j["rows_skipped"] = report.skipped_total();
    j["streams"] = {{"imu", stream_json(out.imu)}};
    if (header.has_mag) j["streams"]["mag"] = stream_json(out.mag);
    if (header.has_ppg()) j["streams"]["ppg"] = stream_json(out.ppg);
    j["orientation"] = {
        {"q_es", {ori.q_es.w(), ori.q_es.x(), ori.q_es.y(), ori.q_es.z()}},
        {"roll_pitch_yaw_deg", {rpy.x(), rpy.y(), rpy.z()}},
        {"gravity_s_m_s2",
         {ori.gravity_s_m_s2.x(), ori.gravity_s_m_s2.y(), ori.gravity_s_m_s2.z()}},
        {"linear_acc_e_m_s2",
         {ori.linear_acc_e_m_s2.x(), ori.linear_acc_e_m_s2.y(), ori.linear_acc_e_m_s2.z()}},
        {"gyr_bias_deg_s", {bias_dps.x(), bias_dps.y(), bias_dps.z()}},
        {"at_rest", ori.flags.at_rest},
        {"mag_disturbed", ori.flags.mag_disturbed},
        {"initialized", ori.flags.initialized}};
    std::cout << j.dump(2) << "\n";
    return;
  }

  std::printf("fusetrack run: %s\n", path.c_str());
  std::printf("rows read %llu, skipped %llu\n\n",
              static_cast<unsigned long long>(report.rows_total()),
              static_cast<unsigned long long>(report.skipped_total()));
  std::printf("%-6s %9s %8s %6s %6s %6s %8s %10s %10s %8s\n", "stream", "accepted", "rejected",
              "dup", "back", "gaps", "missing", "rate_Hz", "jitter_us", "drift_%");
  auto row = [](const char* label, const StreamOutput& s) {
    std::printf(
        "%-6s %9llu %8llu %6llu %6llu %6llu %8llu %10.3f %10.1f %8.3f\n", label,
        static_cast<unsigned long long>(s.accepted), static_cast<unsigned long long>(s.rejected),
        static_cast<unsigned long long>(s.duplicates), static_cast<unsigned long long>(s.backwards),
        static_cast<unsigned long long>(s.gaps), static_cast<unsigned long long>(s.missing),
        static_cast<double>(s.mean_rate_hz), static_cast<double>(s.jitter_s * 1e6f),
        static_cast<double>(s.drift * 100.0f));
  };
  row("imu", out.imu);
  if (header.has_mag) row("mag", out.mag);
  if (header.has_ppg()) row("ppg", out.ppg);
  for (const std::string& m : report.messages) std::printf("skipped: %s\n", m.c_str());

  std::printf("\norientation (%s, %s), after the last sample:\n", name(settings.orientation_filter),
              ori.uses_mag ? "9D" : "6D");
  std::printf("  q_ES (w x y z)        %8.4f %8.4f %8.4f %8.4f\n",
              static_cast<double>(ori.q_es.w()), static_cast<double>(ori.q_es.x()),
              static_cast<double>(ori.q_es.y()), static_cast<double>(ori.q_es.z()));
  std::printf("  roll pitch yaw (deg)  %8.2f %8.2f %8.2f\n", static_cast<double>(rpy.x()),
              static_cast<double>(rpy.y()), static_cast<double>(rpy.z()));
  std::printf(
      "  gravity, sensor (m/s²) %7.3f %8.3f %8.3f\n", static_cast<double>(ori.gravity_s_m_s2.x()),
      static_cast<double>(ori.gravity_s_m_s2.y()), static_cast<double>(ori.gravity_s_m_s2.z()));
  std::printf("  linear acc, earth (m/s²) %5.3f %8.3f %8.3f\n",
              static_cast<double>(ori.linear_acc_e_m_s2.x()),
              static_cast<double>(ori.linear_acc_e_m_s2.y()),
              static_cast<double>(ori.linear_acc_e_m_s2.z()));
  std::printf("  gyro bias (deg/s)     %8.3f %8.3f %8.3f\n", static_cast<double>(bias_dps.x()),
              static_cast<double>(bias_dps.y()), static_cast<double>(bias_dps.z()));
  std::printf("  at rest: %s   magnetic disturbance: %s\n", ori.flags.at_rest ? "yes" : "no",
              ori.flags.mag_disturbed ? "yes" : "no");
}

}  // namespace

void register_run(CLI::App& app) {
  auto opt = std::make_shared<RunOptions>();
  auto* cmd = app.add_subcommand(
      "run",
      "Replay a recording through the streaming Tracker and print what it reports: per-stream "
      "counts, measured rates, gaps, duplicates and rejected samples, and the orientation. "
      "Without FILE, the bundled sample (data/sample.csv).");
  cmd->add_option("FILE", opt->file,
                  "recording CSV or CSV.gz in the fusetrack format (docs/recording-format.md)");
  cmd->add_option("--filter", opt->filter, "orientation filter")
      ->check(CLI::IsMember({"ekf", "complementary"}))
      ->capture_default_str();
  cmd->add_flag("--no-mag", opt->no_mag, "6D orientation: do not use the magnetometer");
  cmd->add_flag("--json", opt->json, "print one JSON object instead of the tables");
  cmd->add_flag("--skip-bad-rows", opt->skip_bad_rows,
                "skip and count malformed rows instead of stopping at the first");
  cmd->add_option("--imu-rate", opt->imu_rate_hz,
                  "nominal IMU rate, Hz (default: metadata imu_rate_hz, else 100)");
  cmd->add_option("--mag-rate", opt->mag_rate_hz,
                  "nominal magnetometer rate, Hz (default: metadata, else 25)");
  cmd->add_option("--ppg-rate", opt->ppg_rate_hz,
                  "nominal PPG rate, Hz (default: metadata, else 25)");
  cmd->callback([opt] { run(*opt); });
}

}  // namespace fusetrack::cli
