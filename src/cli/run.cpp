// `fusetrack run [FILE]`: replays a recording through the Tracker (src/replay/), as firmware
// would feed it, and prints what the Tracker reports; with a truth file next to the recording (or
// --truth), scores the orientation after each IMU sample against it; with --svg, draws a timeline.
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <stdexcept>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include "cli/commands.hpp"
#include "eval/orientation_metrics.hpp"
#include "eval/truth_score.hpp"
#include "fusetrack/tracker.hpp"
#include "io/recording.hpp"
#include "io/truth_csv.hpp"
#include "replay/orientation_trace.hpp"
#include "replay/replay.hpp"
#include "report/json.hpp"
#include "report/timeline_svg.hpp"

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
  std::string truth;  // empty: NAME_truth.csv next to NAME.csv, when it exists
  std::string svg;    // empty: no picture
};

std::string bundled_sample() { return std::string(FUSETRACK_SAMPLE_DIR) + "/sample.csv"; }

report::Json stream_json(const StreamOutput& s) {
  report::Json j;
  j["accepted"] = s.accepted;
  j["rejected"] = s.rejected;
  j["duplicates"] = s.duplicates;
  j["backwards"] = s.backwards;
  j["not_finite"] = s.not_finite;
  j["gaps"] = s.gaps;
  j["missing"] = s.missing;
  j["mean_rate_hz"] = report::number_or_null(s.mean_rate_hz);
  j["rate_hz"] = report::number_or_null(s.rate_hz);
  j["jitter_us"] = report::number_or_null(s.jitter_s * 1e6f);
  j["drift"] = report::number_or_null(s.drift);
  return j;
}

// `v` formatted with printf's `format`.
std::string fmt_double(const char* format, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, v);
  return buf;
}

// Roll, pitch, yaw (deg) of q_ES, ZYX convention: yaw about up, counter-clockwise from east.
Vec3 euler_deg(const Quat& q) {
  const float w = q.w(), x = q.x(), y = q.y(), z = q.z();
  const float roll = std::atan2(2.0f * (w * x + y * z), 1.0f - 2.0f * (x * x + y * y));
  const float pitch = std::asin(std::fmax(-1.0f, std::fmin(1.0f, 2.0f * (w * y - z * x))));
  const float yaw = std::atan2(2.0f * (w * z + x * y), 1.0f - 2.0f * (y * y + z * z));
  return Vec3(roll, pitch, yaw) * kDegPerRad;
}

// The truth file next to a recording, "NAME_truth.csv" for "NAME.csv" (".csv.gz" alike), when it
// exists; empty otherwise.
std::string truth_next_to(const std::string& recording) {
  for (const std::string ext : {".csv.gz", ".csv"}) {
    if (recording.size() > ext.size() &&
        recording.compare(recording.size() - ext.size(), ext.size(), ext) == 0) {
      const std::string candidate =
          recording.substr(0, recording.size() - ext.size()) + "_truth" + ext;
      std::error_code ec;
      return std::filesystem::is_regular_file(candidate, ec) ? candidate : std::string();
    }
  }
  return {};
}

// Everything the replay of a recording produced.
struct Replay {
  replay::FileReplay file;
  std::vector<replay::OrientationSample> trace;  // after each IMU sample; filled when asked for
};

Replay replay_recording(const RunOptions& opt, const std::string& path, bool keep_trace) {
  replay::ReplayOptions options;
  options.filter = replay::filter_kind(opt.filter);
  options.use_mag = !opt.no_mag;
  options.imu_rate_hz = opt.imu_rate_hz;
  options.mag_rate_hz = opt.mag_rate_hz;
  options.ppg_rate_hz = opt.ppg_rate_hz;
  options.reader.skip_bad_rows = opt.skip_bad_rows;
  // Rejected samples are counted by the Tracker's stream checks and reported from its output.
  replay::OrientationTrace trace;
  replay::ReplayObserver observer;
  if (keep_trace) {
    observer = [&trace](const io::Record& r, Status st, Tracker& t) { trace.observe(r, st, t); };
  }
  Replay r;
  r.file = replay::replay_file(path, options, observer);
  r.trace = trace.take();
  return r;
}

// A truth file read and the trace scored against it.
struct TruthResult {
  std::string path;
  io::Truth truth;
  eval::TruthScore score;
  bool offset_removed = false;
};

constexpr double kSkipInitialS = 2.0;  // initialisation: not scored
constexpr double kDegPerRadD = 180.0 / 3.14159265358979323846;

report::Json truth_json(const TruthResult& t) {
  using report::number_or_null;
  const eval::TruthScore& s = t.score;
  report::Json j;
  j["file"] = t.path;
  j["skipped_initial_s"] = kSkipInitialS;
  j["scored_from_s"] = static_cast<double>(s.scored_from_us) * 1e-6;
  j["samples_scored"] = s.overall.n_scored;
  j["heading_offset_removed"] = t.offset_removed;
  j["heading_offset_deg"] = number_or_null(s.overall.heading_offset_deg);
  j["total_rmse_deg"] = number_or_null(s.overall.total_rmse_deg);
  j["heading_rmse_deg"] = number_or_null(s.overall.heading_rmse_deg);
  j["inclination_rmse_deg"] = number_or_null(s.overall.inclination_rmse_deg);
  j["bias_error_deg_s"] = number_or_null(s.bias_error_rad_s * kDegPerRadD);
  j["bias_estimate_deg_s"] =
      report::vec3_json(Eigen::Vector3d(s.bias_estimate_rad_s * kDegPerRadD));
  j["bias_truth_deg_s"] = report::vec3_json(Eigen::Vector3d(s.bias_truth_rad_s * kDegPerRadD));
  report::Json segments = report::Json::array();
  for (const eval::SegmentScore& seg : s.segments) {
    report::Json sj;
    sj["activity"] = io::activity_name(seg.segment.activity);
    sj["start_s"] = static_cast<double>(seg.segment.start_us) * 1e-6;
    sj["end_s"] = static_cast<double>(seg.segment.end_us) * 1e-6;
    sj["samples_scored"] = seg.score.n_scored;
    sj["total_rmse_deg"] = number_or_null(seg.score.total_rmse_deg);
    sj["heading_rmse_deg"] = number_or_null(seg.score.heading_rmse_deg);
    sj["inclination_rmse_deg"] = number_or_null(seg.score.inclination_rmse_deg);
    segments.push_back(std::move(sj));
  }
  j["segments"] = std::move(segments);
  return j;
}

void print_truth(const TruthResult& t) {
  const eval::TruthScore& s = t.score;
  std::printf("\norientation vs truth %s\n", t.path.c_str());
  std::printf(
      "  RMSE in deg (BROAD error definitions); the first %.0f s (initialisation) skipped\n",
      kSkipInitialS);
  if (t.offset_removed) {
    std::printf("  6D: one constant heading offset of %.2f deg removed (circular mean)\n",
                s.overall.heading_offset_deg);
  }
  std::printf("  %-8s %8s %8s %8s %8s %8s %12s\n", "segment", "start_s", "end_s", "samples",
              "total", "heading", "inclination");
  auto row = [](const char* label, double start_s, double end_s, const eval::TrialScore& sc) {
    std::printf("  %-8s %8.1f %8.1f %8zu ", label, start_s, end_s, sc.n_scored);
    if (sc.valid) {
      std::printf("%8.2f %8.2f %12.2f\n", sc.total_rmse_deg, sc.heading_rmse_deg,
                  sc.inclination_rmse_deg);
    } else {
      std::printf("%8s %8s %12s\n", "-", "-", "-");
    }
  };
  const Micros last_us = t.truth.pose.back().t_us;
  row("all", static_cast<double>(s.scored_from_us) * 1e-6, static_cast<double>(last_us) * 1e-6,
      s.overall);
  for (const eval::SegmentScore& seg : s.segments) {
    row(io::activity_name(seg.segment.activity), static_cast<double>(seg.segment.start_us) * 1e-6,
        static_cast<double>(seg.segment.end_us) * 1e-6, seg.score);
  }
  const Eigen::Vector3d est = s.bias_estimate_rad_s * kDegPerRadD;
  const Eigen::Vector3d tru = s.bias_truth_rad_s * kDegPerRadD;
  std::printf(
      "  gyro bias at the end (deg/s): estimate %.3f %.3f %.3f, truth %.3f %.3f %.3f, "
      "error %.3f\n",
      est.x(), est.y(), est.z(), tru.x(), tru.y(), tru.z(), s.bias_error_rad_s * kDegPerRadD);
}

// ---- the timeline picture
// ------------------------------------------------------------------------

const char* const kAxisColor[3] = {"#d62728", "#2ca02c", "#1f77b4"};  // x/roll, y/pitch, z/yaw

// Appends (t, y) to `line`, with a break first where y jumps by more than half a turn (an angle
// wrapping from +180° to -180°).
void append_angle(report::TimelineLine& line, double t_s, double y_deg) {
  if (!line.y.empty() && std::fabs(y_deg - line.y.back()) > 180.0) {
    line.t_s.push_back(t_s);
    line.y.push_back(std::nan(""));
  }
  line.t_s.push_back(t_s);
  line.y.push_back(y_deg);
}

report::TimelineLine make_line(std::string label, const char* color, bool dashed) {
  report::TimelineLine l;
  l.label = std::move(label);
  l.color = color;
  l.dashed = dashed;
  l.width_px = dashed ? 1.2 : 1.6;
  return l;
}

report::Timeline make_timeline(const Replay& r, const TruthResult* t) {
  const std::vector<replay::OrientationSample>& trace = r.trace;
  // Seconds on the time stamps' clock, from a whole second at or before the first sample.
  const Micros t0_us =
      trace.empty() ? 0 : (trace.front().t_us >= 0 ? trace.front().t_us / 1000000 * 1000000 : 0);
  auto seconds = [t0_us](Micros t_us) { return static_cast<double>(t_us - t0_us) * 1e-6; };
  const bool six_d = t != nullptr && t->offset_removed;
  const eval::Quatd correction =
      six_d ? eval::heading_correction(t->score.overall.heading_offset_deg / kDegPerRadD)
            : eval::Quatd::Identity();

  report::Timeline tl;
  tl.title = "fusetrack run: " + std::filesystem::path(r.file.path).filename().string() + " (" +
             name(r.file.settings.orientation_filter) + ", " +
             (r.file.result.output.orientation.uses_mag ? "9D" : "6D") + ")" +
             (t != nullptr ? ", truth " + std::filesystem::path(t->path).filename().string()
                           : std::string(", no truth"));
  tl.x_label =
      t0_us == 0 ? std::string("time (s)") : "time (s) after t_us = " + std::to_string(t0_us);
  if (!trace.empty()) {
    tl.t_min_s = 0.0;
    tl.t_max_s = seconds(trace.back().t_us);
  }

  // Panel 1: roll, pitch, yaw.
  report::TimelinePanel angles;
  angles.title = t == nullptr ? "Orientation, estimated"
                 : six_d      ? "Orientation, estimated (solid; 6D: heading offset " +
                               fmt_double("%.1f", t->score.overall.heading_offset_deg) +
                               " deg removed) vs truth (dashed)"
                         : std::string("Orientation, estimated (solid) vs truth (dashed)");
  angles.y_label = "angle (deg)";
  angles.y_min = -180.0;
  angles.y_max = 180.0;
  angles.y_tick_step = 90.0;
  const char* const angle_names[3] = {"roll", "pitch", "yaw"};
  for (int a = 0; a < 3; ++a)
    angles.lines.push_back(make_line(angle_names[a], kAxisColor[a], false));
  for (const replay::OrientationSample& s : trace) {
    const Quat q = (correction * s.q_es.cast<double>()).cast<float>();
    const Vec3 rpy = euler_deg(q);
    for (int a = 0; a < 3; ++a) {
      append_angle(angles.lines[static_cast<std::size_t>(a)], seconds(s.t_us),
                   static_cast<double>(rpy[a]));
    }
  }
  if (t != nullptr) {
    for (int a = 0; a < 3; ++a) {
      angles.lines.push_back(
          make_line(std::string(angle_names[a]) + " truth", kAxisColor[a], true));
    }
    for (const io::PoseTruth& p : t->truth.pose) {
      const Vec3 rpy = euler_deg(p.q_es.cast<float>());
      for (int a = 0; a < 3; ++a) {
        append_angle(angles.lines[static_cast<std::size_t>(3 + a)], seconds(p.t_us),
                     static_cast<double>(rpy[a]));
      }
    }
  }
  tl.panels.push_back(std::move(angles));

  // Panel 2: the error against the truth.
  if (t != nullptr) {
    report::TimelinePanel err;
    err.title = "Orientation error vs truth (first " + fmt_double("%.0f", kSkipInitialS) +
                " s not scored, grey)";
    err.y_label = "error (deg)";
    err.y_min = 0.0;
    err.lines.push_back(make_line("total", "#333333", false));
    err.lines.push_back(make_line("inclination", "#9467bd", false));
    for (std::size_t k = 0; k < t->truth.pose.size(); ++k) {
      const Micros t_us = t->truth.pose[k].t_us;
      if (t_us < t->score.scored_from_us) continue;
      err.lines[0].t_s.push_back(seconds(t_us));
      err.lines[0].y.push_back(t->score.errors[k].total_rad * kDegPerRadD);
      err.lines[1].t_s.push_back(seconds(t_us));
      err.lines[1].y.push_back(t->score.errors[k].inclination_rad * kDegPerRadD);
    }
    report::TimelineBand skipped;
    skipped.start_s = seconds(trace.front().t_us);
    skipped.end_s = seconds(t->score.scored_from_us);
    skipped.color = "#bbbbbb";
    skipped.opacity = 0.5;
    err.bands.push_back(skipped);
    tl.panels.push_back(std::move(err));
  }

  // Panel 3: activity segments (truth) and the Tracker's flags.
  report::TimelinePanel flags;
  flags.title = t != nullptr ? "Activity (truth) and Tracker flags" : "Tracker flags";
  if (t != nullptr) {
    flags.lanes.push_back("activity");
    for (const io::SegmentTruth& seg : t->truth.segments) {
      report::TimelineBand b;
      b.start_s = seconds(seg.start_us);
      b.end_s = seconds(seg.end_us);
      b.label = io::activity_name(seg.activity);
      b.color = seg.activity == io::Activity::kRest   ? "#c6dbef"
                : seg.activity == io::Activity::kWalk ? "#fdd0a2"
                                                      : "#fc9272";
      flags.bands.push_back(b);
    }
  }
  const std::size_t rest_lane = flags.lanes.size();
  flags.lanes.push_back("at_rest");
  flags.lanes.push_back(r.file.result.output.orientation.uses_mag ? "mag_disturbed"
                                                                  : "mag (6D: unused)");
  std::vector<double> t_s(trace.size());
  std::vector<std::uint8_t> at_rest(trace.size());
  std::vector<std::uint8_t> disturbed(trace.size());
  for (std::size_t k = 0; k < trace.size(); ++k) {
    t_s[k] = seconds(trace[k].t_us);
    at_rest[k] = trace[k].flags.at_rest ? 1 : 0;
    disturbed[k] = trace[k].flags.mag_disturbed ? 1 : 0;
  }
  for (report::TimelineBand& b : report::bands_where(t_s, at_rest, rest_lane, "#3182bd")) {
    flags.bands.push_back(std::move(b));
  }
  for (report::TimelineBand& b : report::bands_where(t_s, disturbed, rest_lane + 1, "#e6550d")) {
    flags.bands.push_back(std::move(b));
  }
  tl.panels.push_back(std::move(flags));

  // Panel 4: gyroscope bias.
  report::TimelinePanel bias;
  bias.title = t != nullptr ? "Gyroscope bias, estimated (solid) vs truth (dashed)"
                            : "Gyroscope bias, estimated";
  bias.y_label = "bias (deg/s)";
  const char* const axis_names[3] = {"x", "y", "z"};
  for (int a = 0; a < 3; ++a) bias.lines.push_back(make_line(axis_names[a], kAxisColor[a], false));
  for (const replay::OrientationSample& s : trace) {
    for (int a = 0; a < 3; ++a) {
      bias.lines[static_cast<std::size_t>(a)].t_s.push_back(seconds(s.t_us));
      bias.lines[static_cast<std::size_t>(a)].y.push_back(static_cast<double>(s.gyr_bias_rad_s[a]) *
                                                          kDegPerRadD);
    }
  }
  if (t != nullptr) {
    for (int a = 0; a < 3; ++a) {
      bias.lines.push_back(make_line(std::string(axis_names[a]) + " truth", kAxisColor[a], true));
    }
    for (const io::PoseTruth& p : t->truth.pose) {
      for (int a = 0; a < 3; ++a) {
        bias.lines[static_cast<std::size_t>(3 + a)].t_s.push_back(seconds(p.t_us));
        bias.lines[static_cast<std::size_t>(3 + a)].y.push_back(p.gyro_bias_rad_s[a] * kDegPerRadD);
      }
    }
  }
  tl.panels.push_back(std::move(bias));
  return tl;
}

void run(const RunOptions& opt) {
  const std::string path = opt.file.empty() ? bundled_sample() : opt.file;
  const std::string truth_path = !opt.truth.empty() ? opt.truth : truth_next_to(path);
  const bool with_truth = !truth_path.empty();
  const Replay r = replay_recording(opt, path, with_truth || !opt.svg.empty());
  const TrackerSettings& settings = r.file.settings;
  const TrackerOutput& out = r.file.result.output;
  const io::ReadReport& report = r.file.result.report;
  const io::RecordingHeader& header = r.file.header;

  std::unique_ptr<TruthResult> truth;
  if (with_truth) {
    truth = std::make_unique<TruthResult>();
    truth->path = truth_path;
    truth->truth = io::read_truth_csv(truth_path);
    truth->offset_removed = !out.orientation.uses_mag;
    eval::TruthScoreOptions score_options;
    score_options.skip_initial_s = kSkipInitialS;
    score_options.remove_heading_offset = truth->offset_removed;
    truth->score = eval::score_against_truth(r.trace, truth->truth, truth_path, score_options);
  }
  if (!opt.svg.empty()) report::write_timeline_svg(opt.svg, make_timeline(r, truth.get()));

  const OrientationOutput& ori = out.orientation;
  const Vec3 rpy = euler_deg(ori.q_es);
  const Vec3 bias_dps = ori.gyr_bias_rad_s * kDegPerRad;

  if (opt.json) {
    report::Json j;
    j["file"] = path;
    j["filter"] = name(settings.orientation_filter);
    j["mode"] = ori.uses_mag ? "9D" : "6D";
    j["rows_skipped"] = report.skipped_total();
    report::Json streams;
    streams["imu"] = stream_json(out.imu);
    if (header.has_mag) streams["mag"] = stream_json(out.mag);
    if (header.has_ppg()) streams["ppg"] = stream_json(out.ppg);
    j["streams"] = std::move(streams);
    report::Json orientation;
    orientation["q_es"] = report::quat_json(ori.q_es);
    orientation["roll_pitch_yaw_deg"] = report::vec3_json(rpy);
    orientation["gravity_s_m_s2"] = report::vec3_json(ori.gravity_s_m_s2);
    orientation["linear_acc_e_m_s2"] = report::vec3_json(ori.linear_acc_e_m_s2);
    orientation["gyr_bias_deg_s"] = report::vec3_json(bias_dps);
    orientation["at_rest"] = ori.flags.at_rest;
    orientation["mag_disturbed"] = ori.flags.mag_disturbed;
    orientation["initialized"] = ori.flags.initialized;
    j["orientation"] = std::move(orientation);
    j["truth"] = truth ? truth_json(*truth) : report::Json(nullptr);
    j["svg"] = opt.svg.empty() ? report::Json(nullptr) : report::Json(opt.svg);
    std::cout << report::json_text(j);
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
  std::printf("  q_ES (w x y z)              %8.4f %8.4f %8.4f %8.4f\n",
              static_cast<double>(ori.q_es.w()), static_cast<double>(ori.q_es.x()),
              static_cast<double>(ori.q_es.y()), static_cast<double>(ori.q_es.z()));
  std::printf("  roll pitch yaw (deg)        %8.2f %8.2f %8.2f\n", static_cast<double>(rpy.x()),
              static_cast<double>(rpy.y()), static_cast<double>(rpy.z()));
  std::printf("  gravity, sensor (m/s²)      %8.3f %8.3f %8.3f\n",
              static_cast<double>(ori.gravity_s_m_s2.x()),
              static_cast<double>(ori.gravity_s_m_s2.y()),
              static_cast<double>(ori.gravity_s_m_s2.z()));
  std::printf("  linear acc, earth (m/s²)    %8.3f %8.3f %8.3f\n",
              static_cast<double>(ori.linear_acc_e_m_s2.x()),
              static_cast<double>(ori.linear_acc_e_m_s2.y()),
              static_cast<double>(ori.linear_acc_e_m_s2.z()));
  std::printf("  gyro bias (deg/s)           %8.3f %8.3f %8.3f\n",
              static_cast<double>(bias_dps.x()), static_cast<double>(bias_dps.y()),
              static_cast<double>(bias_dps.z()));
  std::printf("  at rest: %s   magnetic disturbance: %s\n", ori.flags.at_rest ? "yes" : "no",
              ori.flags.mag_disturbed ? "yes" : "no");
  if (truth) print_truth(*truth);
  if (!opt.svg.empty()) std::printf("\ntimeline written to %s\n", opt.svg.c_str());
}

}  // namespace

void register_run(CLI::App& app) {
  auto opt = std::make_shared<RunOptions>();
  auto* cmd = app.add_subcommand(
      "run",
      "Replay a recording through the streaming Tracker and print what it reports: per-stream "
      "counts, measured rates, gaps, duplicates and rejected samples, and the orientation. "
      "With a truth file (NAME_truth.csv next to NAME.csv, or --truth), also the orientation's "
      "error against it (total, heading and inclination RMSE, whole recording and per activity "
      "segment) and the final gyro-bias error. Without FILE, the bundled sample "
      "(data/sample.csv, with data/sample_truth.csv).");
  cmd->add_option("FILE", opt->file,
                  "recording CSV or CSV.gz in the fusetrack format (docs/recording-format.md)");
  cmd->add_option("--filter", opt->filter, "orientation filter")
      ->check(CLI::IsMember({"ekf", "complementary"}))
      ->capture_default_str();
  cmd->add_flag("--no-mag", opt->no_mag,
                "6D orientation: do not use the magnetometer (scored against the truth with one "
                "constant heading offset removed)");
  cmd->add_option("--truth", opt->truth,
                  "the simulator's truth file to score the orientation against (default: "
                  "NAME_truth.csv next to NAME.csv, when it exists; docs/simulator.md)");
  cmd->add_option("--svg", opt->svg,
                  "write a timeline picture (SVG): orientation vs truth, its error, activity and "
                  "Tracker flags, gyro bias");
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
