// `fusetrack run [FILE]`: replays a recording through the Tracker (src/replay/), as firmware
// would feed it, once, and prints the day's summary (replay/day.hpp); writes the per-second
// timeline (CSV, JSON) and the day picture into --out; with --details, what the Tracker reports
// stream by stream and stage by stage; with a truth file next to the recording (or --truth),
// scores the orientation after each IMU sample against it; with --svg, draws a timeline.
#include <algorithm>
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
#include <variant>
#include <vector>

#include "cli/commands.hpp"
#include "cli/usage.hpp"
#include "eval/orientation_eval_svg.hpp"
#include "eval/orientation_metrics.hpp"
#include "eval/step_metrics.hpp"
#include "eval/truth_score.hpp"
#include "fusetrack/tracker.hpp"
#include "io/recording.hpp"
#include "io/truth_csv.hpp"
#include "replay/day.hpp"
#include "replay/event_log.hpp"
#include "replay/orientation_trace.hpp"
#include "replay/replay.hpp"
#include "report/json.hpp"
#include "report/orientation_timeline.hpp"
#include "report/svg_common.hpp"

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
  std::string truth;                  // empty: NAME_truth.csv next to NAME.csv, when it exists
  std::string svg;                    // empty: no picture
  std::string out = "fusetrack-out";  // the day's files go here
  bool no_files = false;
  bool details = false;
  bool falls = true;
};

// The bundled sample, found from the command's own location (/proc/self/exe), never from a path
// of the machine that built it: installed, BIN/FUSETRACK_DATA_FROM_BIN/sample.csv (cmake --install
// puts it in share/fusetrack, so ../share/fusetrack from bin/); in a build tree, the copy the
// build puts next to the command, share/fusetrack/sample.csv. Throws std::runtime_error naming
// both places when neither holds it.
std::string bundled_sample() {
  std::error_code ec;
  const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  const std::filesystem::path dir = ec ? std::filesystem::path(".") : exe.parent_path();
  const std::filesystem::path installed =
      (dir / FUSETRACK_DATA_FROM_BIN / "sample.csv").lexically_normal();
  const std::filesystem::path build_tree = dir / "share" / "fusetrack" / "sample.csv";
  for (const std::filesystem::path& p : {installed, build_tree}) {
    if (std::filesystem::is_regular_file(p, ec)) return p.string();
  }
  throw std::runtime_error("no bundled sample next to the command (neither " + installed.string() +
                           " nor " + build_tree.string() + " exists): give a recording FILE");
}

report::Json stream_json(const StreamOutput& s) {
  report::Json j;
  j["accepted"] = s.accepted;
  j["rejected"] = s.rejected;
  j["duplicates"] = s.duplicates;
  j["backwards"] = s.backwards;
  j["not_finite"] = s.not_finite;
  j["beyond_full_scale"] = s.beyond_full_scale;
  j["wrong_shape"] = s.wrong_shape;
  j["clipped"] = s.clipped;
  j["gaps"] = s.gaps;
  j["missing"] = s.missing;
  j["jumps"] = s.jumps;
  j["mean_rate_hz"] = report::number_or_null(s.mean_rate_hz);
  j["rate_hz"] = report::number_or_null(s.rate_hz);
  j["jitter_us"] = report::number_or_null(s.jitter_s * 1e6f);
  j["drift"] = report::number_or_null(s.drift);
  return j;
}

// "9D", "6D" or "acc-only": what orientation runs on.
std::string mode_label(const TrackerSettings& s, bool uses_mag) {
  if (!s.imu_has_gyr) return "acc-only";
  return uses_mag ? "9D" : "6D";
}

// "ekf, 9D", "complementary, 6D", "accelerometer only (no gyroscope)".
std::string mode_name(const TrackerSettings& s, bool uses_mag) {
  if (!s.imu_has_gyr) return "accelerometer only, no gyroscope";
  return std::string(name(s.orientation_filter)) + ", " + mode_label(s, uses_mag);
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
  // Filled when asked for: the orientation after each IMU sample, |mag| of each magnetometer
  // sample (µT) and its time stamp.
  std::vector<replay::OrientationSample> trace;
  std::vector<Micros> mag_t_us;
  std::vector<double> mag_norm_ut;
  replay::EventLog events;  // drained after every push
  // Filled with the trace: the wear / motion state as labelled spans (empty when the stage is
  // off).
  std::vector<report::TimelineSpan> wear;
  std::uint64_t imu_zero_acc = 0;  // IMU samples whose accelerometer reads exactly (0, 0, 0)
  // The smoothed activity as labelled spans, from the first IMU sample ("unknown" until the
  // first window is classified); empty when the stage is off.
  std::vector<report::TimelineSpan> activity;
  // Every step (estimated landing and report stamp); empty when the stage is off.
  eval::DetectedSteps steps;
  // Every heart-rate estimate (from the kHeartRate events): window end, rate, reason.
  struct HeartEstimate {
    Micros window_end_us = 0;
    double bpm = 0.0;
    heart::HeartReason reason = heart::HeartReason::kWarmingUp;
  };
  std::vector<HeartEstimate> heart;
  // The day, built in the same pass: the summary (walking time, cadence, time per activity, ...),
  // the per-second rows and the events.
  replay::DayTimeline day;
};

Replay replay_recording(const RunOptions& opt, const std::string& path, bool keep_trace) {
  replay::ReplayOptions options;
  options.filter = replay::filter_kind(opt.filter);
  options.use_mag = !opt.no_mag;
  options.imu_rate_hz = opt.imu_rate_hz;
  options.mag_rate_hz = opt.mag_rate_hz;
  options.ppg_rate_hz = opt.ppg_rate_hz;
  options.reader.skip_bad_rows = opt.skip_bad_rows;
  options.step_events = true;  // every step, to score and summarise
  options.falls = opt.falls;
  // Rejected samples are counted by the Tracker's stream checks and reported from its output.
  Replay r;
  replay::OrientationTrace trace;
  replay::DayBuilder day;
  const replay::ReplayObserver observer = [&](const io::Record& rec, Status st, Tracker& t) {
    day.after_push(rec, st, t);
    r.events.drain(t, [&r, &day, &t](const Event& e) {
      day.on_event(e, t);
      if (e.kind == EventKind::kHeartRate) {
        // duration_us is within a grid period of 0 either way (events.hpp).
        const Micros end_us = e.duration_us >= 0 ? earlier_us(e.t_us, e.duration_us)
                                                 : later_us(e.t_us, -e.duration_us);
        r.heart.push_back(
            {end_us, static_cast<double>(e.value), static_cast<heart::HeartReason>(e.code)});
        return;
      }
      if (e.kind != EventKind::kStep) return;
      r.steps.t_us.push_back(e.t_us);
      r.steps.reported_us.push_back(later_us(e.t_us, e.duration_us));
    });
    if (const ImuSample* imu = std::get_if<ImuSample>(&rec.sample)) {
      if (imu->acc_m_s2 == Vec3::Zero()) ++r.imu_zero_acc;
    }
    if (rec.kind() == io::StreamKind::kImu && ok(st) && t.settings().activity.enabled) {
      const Micros t_us = rec.t_us();
      const char* label = t.activity_classifier().label_name();
      if (r.activity.empty() || r.activity.back().label != label) {
        // Spans meet: the new one starts where the previous one ends.
        const Micros start = r.activity.empty() ? t_us : r.activity.back().end_us;
        r.activity.push_back(report::TimelineSpan{start, t_us, label});
      }
      r.activity.back().end_us = t_us;
    }
    if (!keep_trace) return;
    trace.observe(rec, st, t);
    if (rec.kind() == io::StreamKind::kImu && ok(st) && t.settings().wear.enabled) {
      const Micros t_us = rec.t_us();
      const char* state = name(t.wear_detector().wear_state());
      if (r.wear.empty() || r.wear.back().label != state) {
        r.wear.push_back(report::TimelineSpan{t_us, t_us, state});
      }
      r.wear.back().end_us = t_us;
    }
    if (const MagSample* m = std::get_if<MagSample>(&rec.sample)) {
      r.mag_t_us.push_back(m->t_us);
      r.mag_norm_ut.push_back(static_cast<double>(m->mag_ut.norm()));
    }
  };
  r.file = replay::replay_file(path, options, observer);
  r.trace = trace.take();
  r.day = day.finish(r.file);
  return r;
}

// A truth file read and the trace scored against it.
struct TruthResult {
  std::string path;
  io::Truth truth;
  eval::TruthScore score;
  bool offset_removed = false;
  bool acc_only = false;  // no heading estimated: only the inclination is meaningful
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
  j["poses_without_imu_sample"] = s.unmatched_poses;
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
  if (t.acc_only) {
    std::printf(
        "  accelerometer only: no heading is estimated, so only the inclination column means "
        "anything\n");
  } else if (t.offset_removed) {
    std::printf("  6D: one constant heading offset of %.2f deg removed (circular mean)\n",
                s.overall.heading_offset_deg);
  }
  if (s.unmatched_poses > 0) {
    std::printf("  %zu truth poses not scored: their IMU rows were skipped\n", s.unmatched_poses);
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

// The timeline picture (report/orientation_timeline.hpp) of a replay, and its truth when there
// is one.
report::OrientationTimelineData timeline_data(const Replay& r, const TruthResult* t) {
  const bool uses_mag = r.file.result.output.orientation.uses_mag;
  report::OrientationTimelineData d;
  d.title = "fusetrack run: " + std::filesystem::path(r.file.path).filename().string() + " (" +
            mode_name(r.file.settings, uses_mag) + ")" +
            (t != nullptr
                 ? ", truth " + std::filesystem::path(t->path).filename().string() +
                       " (the first " + report::svg_number("%.0f", kSkipInitialS) + " s not scored)"
                 : std::string(", no truth"));
  d.reference_name = "truth";
  d.uses_mag = uses_mag;
  d.heading_available = r.file.settings.imu_has_gyr;
  const bool six_d = t != nullptr && t->offset_removed && t->score.overall.valid;
  const eval::Quatd correction =
      six_d ? eval::heading_correction(t->score.overall.heading_offset_deg / kDegPerRadD)
            : eval::Quatd::Identity();
  if (six_d) d.heading_offset_deg = t->score.overall.heading_offset_deg;
  for (const replay::OrientationSample& s : r.trace) {
    d.t_us.push_back(s.t_us);
    d.q_es.push_back((correction * s.q_es.cast<double>()).cast<float>());
    if (d.heading_available) d.gyr_bias_rad_s.push_back(s.gyr_bias_rad_s);  // no gyro, no bias
    d.flags.push_back(s.flags);
  }
  d.mag_t_us = r.mag_t_us;
  d.mag_norm_ut = r.mag_norm_ut;
  d.wear = r.wear;
  if (t == nullptr) return d;

  const eval::TruthScore& score = t->score;
  for (std::size_t k = 0; k < t->truth.pose.size(); ++k) {
    const io::PoseTruth& p = t->truth.pose[k];
    d.ref_t_us.push_back(p.t_us);
    d.ref_q_es.push_back(p.q_es);
    if (d.heading_available) d.ref_gyr_bias_rad_s.push_back(p.gyro_bias_rad_s);
    const bool scored = p.t_us >= score.scored_from_us;
    const double nan = std::nan("");
    d.error_t_us.push_back(p.t_us);
    d.total_error_deg.push_back(scored ? score.errors[k].total_rad * kDegPerRadD : nan);
    d.heading_error_deg.push_back(scored ? score.errors[k].heading_rad * kDegPerRadD : nan);
    d.inclination_error_deg.push_back(scored ? score.errors[k].inclination_rad * kDegPerRadD : nan);
  }
  d.score = eval::score_text(score.overall);
  for (const io::SegmentTruth& seg : t->truth.segments) {
    d.activities.push_back(
        report::TimelineSpan{seg.start_us, seg.end_us, io::activity_name(seg.activity)});
  }
  return d;
}

// The skipped rows' messages, to stderr: diagnostics, not results. The reader keeps the first
// ReaderOptions::max_messages of them; the rest are counted (by reason, in the report).
void print_skipped_rows(const io::ReadReport& report) {
  for (const std::string& m : report.messages) {
    std::fprintf(stderr, "fusetrack run: skipped %s\n", io::printable(m).c_str());
  }
  const std::uint64_t listed = report.messages.size();
  if (report.skipped_total() > listed) {
    std::fprintf(stderr, "fusetrack run: ... and %llu more skipped rows, not listed\n",
                 static_cast<unsigned long long>(report.skipped_total() - listed));
  }
  std::fflush(stderr);
}

// "not_numeric 2, field_count 1": the reasons that occurred, in SkipReason order.
std::string skipped_by_reason_text(const io::ReadReport& report) {
  std::string text;
  for (std::size_t k = 0; k < io::kSkipReasonCount; ++k) {
    const auto reason = static_cast<io::SkipReason>(k);
    if (report.skipped_for(reason) == 0) continue;
    if (!text.empty()) text += ", ";
    text += std::string(io::skip_reason_name(reason)) + " " +
            std::to_string(report.skipped_for(reason));
  }
  return text;
}

// Every skip reason with its count (0 included), keys in SkipReason order.
report::Json skipped_by_reason_json(const io::ReadReport& report) {
  report::Json j = report::Json::object();
  for (std::size_t k = 0; k < io::kSkipReasonCount; ++k) {
    const auto reason = static_cast<io::SkipReason>(k);
    j[io::skip_reason_name(reason)] = report.skipped_for(reason);
  }
  return j;
}

// Throws std::runtime_error naming the file and what it lacks when the replay gave the Tracker
// nothing it could estimate an orientation from: no IMU stream, no rows, or IMU samples that
// never initialised the orientation (e.g. an accelerometer reading all zeros).
void require_usable_data(const Replay& r) {
  const io::ReadReport& report = r.file.result.report;
  const TrackerOutput& out = r.file.result.output;
  const std::string& file = r.file.path;
  const std::string skipped =
      report.skipped_total() > 0
          ? " (" + std::to_string(report.skipped_total()) + " rows skipped as bad)"
          : std::string();
  if (!r.file.header.has_imu) {
    throw std::runtime_error(file +
                             ": no IMU stream (the header has no acc_x_m_s2, acc_y_m_s2, "
                             "acc_z_m_s2 columns): nothing to estimate the orientation from");
  }
  if (report.rows_total() == 0) {
    throw std::runtime_error(file + ": no data rows after the header" + skipped +
                             ": nothing to replay");
  }
  const std::uint64_t imu_rows = report.rows_of(io::StreamKind::kImu);
  if (imu_rows == 0) {
    throw std::runtime_error(file + ": no IMU rows (" + std::to_string(report.rows_total()) +
                             " rows of other streams" + skipped +
                             "): nothing to estimate the orientation from");
  }
  if (!out.orientation.flags.initialized) {
    std::string why;
    if (out.imu.accepted == 0) {
      why = "the Tracker rejected every one of them";
    } else if (r.imu_zero_acc == imu_rows) {
      why = "every accelerometer reading is (0, 0, 0)";
    } else {
      why = std::to_string(r.imu_zero_acc) + " accelerometer readings are (0, 0, 0), " +
            std::to_string(out.imu.rejected) + " samples rejected";
    }
    throw std::runtime_error(file + ": the orientation never initialised from its " +
                             std::to_string(imu_rows) + " IMU samples (" + why +
                             "): no usable IMU data");
  }
}

// The steps against a truth with step times (none: nullopt-like score with true_steps 0).
eval::StepScore steps_vs_truth(const Replay& r, const io::Truth& truth) {
  return eval::score_steps(r.steps, truth.steps_us);
}

report::Json steps_json(const Replay& r, const StepsOutput& s, const io::Truth* truth) {
  report::Json j;
  j["steps"] = s.steps;
  j["bouts"] = s.bouts;
  j["walking_s"] = r.day.summary.walking_s;
  j["distance_m"] = s.distance_m();
  j["cadence_mean_spm"] = r.day.summary.cadence_mean_spm;
  j["cadence_max_spm"] = r.day.summary.cadence_max_spm;
  const eval::StepScore none = eval::score_step_count(r.steps, r.steps.t_us.size());
  j["median_delay_s"] = none.median_delay_s;
  if (truth != nullptr) {
    const eval::StepScore sc = steps_vs_truth(r, *truth);
    report::Json t;
    t["true_steps"] = sc.true_steps;
    t["abs_pct_error"] = report::number_or_null(sc.abs_pct_error);
    t["precision"] = sc.precision;
    t["recall"] = sc.recall;
    t["median_offset_s"] = sc.median_offset_s;
    j["truth"] = std::move(t);
  }
  return j;
}

void print_steps(const Replay& r, const StepsOutput& s, const io::Truth* truth) {
  const eval::StepScore none = eval::score_step_count(r.steps, r.steps.t_us.size());
  std::printf("\nsteps: %llu in %u walking bouts (%.1f s walking), distance %.1f m\n",
              static_cast<unsigned long long>(s.steps), static_cast<unsigned>(s.bouts),
              r.day.summary.walking_s, s.distance_m());
  std::printf(
      "  cadence while walking: mean %.1f, max %.1f steps/min; median report delay %.2f s\n",
      r.day.summary.cadence_mean_spm, r.day.summary.cadence_max_spm, none.median_delay_s);
  if (truth != nullptr) {
    const eval::StepScore sc = steps_vs_truth(r, *truth);
    std::printf(
        "  vs truth: %zu true steps, counted %zu (%.2f %% off); within 0.25 s: precision %.3f, "
        "recall %.3f\n",
        sc.true_steps, sc.counted_steps, sc.abs_pct_error, sc.precision, sc.recall);
  }
}

// The heart-rate estimates summarised: valid share, min / mean / max over the valid ones, the
// reasons of the others, and against a truth with a heart-rate curve (the simulator's) the mean
// absolute error of the valid ones, each against the truth's mean over its window.
struct HeartSummary {
  std::size_t estimates = 0, valid = 0;
  double min_bpm = 0.0, mean_bpm = 0.0, max_bpm = 0.0;
  std::size_t reasons[heart::kHeartReasonCount] = {};
  std::size_t scored = 0;  // valid estimates with truth over their whole window
  double mae_bpm = 0.0, within_5 = 0.0;
};

HeartSummary summarise_heart(const Replay& r, const heart::HeartSettings& hs,
                             const io::Truth* truth) {
  HeartSummary h;
  h.estimates = r.heart.size();
  double sum = 0.0;
  double ae = 0.0;
  std::size_t near = 0;
  const Micros window_us =
      static_cast<Micros>(std::llround(static_cast<double>(hs.window_s) * 1e6));
  for (const Replay::HeartEstimate& e : r.heart) {
    ++h.reasons[static_cast<std::size_t>(e.reason) % heart::kHeartReasonCount];
    if (e.reason != heart::HeartReason::kValid) continue;
    h.min_bpm = h.valid == 0 ? e.bpm : std::min(h.min_bpm, e.bpm);
    h.max_bpm = h.valid == 0 ? e.bpm : std::max(h.max_bpm, e.bpm);
    sum += e.bpm;
    ++h.valid;
    if (truth == nullptr || truth->heart_rate.empty()) continue;
    const Micros from = earlier_us(e.window_end_us, window_us);
    double tsum = 0.0;
    std::size_t n = 0;
    for (const io::HeartRateTruth& ht : truth->heart_rate) {
      if (ht.t_us >= from && ht.t_us < e.window_end_us) {
        tsum += ht.heart_rate_bpm;
        ++n;
      }
    }
    if (n + 1 < static_cast<std::size_t>(hs.window_s)) continue;  // truth ends inside it
    const double err = std::fabs(e.bpm - tsum / static_cast<double>(n));
    ae += err;
    near += err <= 5.0 ? 1 : 0;
    ++h.scored;
  }
  if (h.valid > 0) h.mean_bpm = sum / static_cast<double>(h.valid);
  if (h.scored > 0) {
    h.mae_bpm = ae / static_cast<double>(h.scored);
    h.within_5 = static_cast<double>(near) / static_cast<double>(h.scored);
  }
  return h;
}

report::Json heart_json(const HeartSummary& h, bool has_truth) {
  report::Json j;
  j["estimates"] = h.estimates;
  j["valid_share"] =
      h.estimates > 0 ? static_cast<double>(h.valid) / static_cast<double>(h.estimates) : 0.0;
  j["min_bpm"] = h.valid > 0 ? report::Json(h.min_bpm) : report::Json(nullptr);
  j["mean_bpm"] = h.valid > 0 ? report::Json(h.mean_bpm) : report::Json(nullptr);
  j["max_bpm"] = h.valid > 0 ? report::Json(h.max_bpm) : report::Json(nullptr);
  report::Json reasons = report::Json::object();
  for (std::size_t i = 0; i < heart::kHeartReasonCount; ++i) {
    reasons[heart::name(static_cast<heart::HeartReason>(i))] = h.reasons[i];
  }
  j["reasons"] = std::move(reasons);
  if (has_truth) {
    report::Json t;
    t["scored"] = h.scored;
    t["mae_bpm"] = h.scored > 0 ? report::Json(h.mae_bpm) : report::Json(nullptr);
    t["within_5_bpm"] = h.scored > 0 ? report::Json(h.within_5) : report::Json(nullptr);
    j["truth"] = std::move(t);
  }
  return j;
}

void print_heart(const HeartSummary& h, bool has_truth) {
  const double share = h.estimates > 0
                           ? 100.0 * static_cast<double>(h.valid) / static_cast<double>(h.estimates)
                           : 0.0;
  std::printf("\nheart rate: %zu estimates, %.1f %% valid", h.estimates, share);
  if (h.valid > 0) {
    std::printf("; min %.1f, mean %.1f, max %.1f beats/min\n", h.min_bpm, h.mean_bpm, h.max_bpm);
  } else {
    std::printf("\n");
  }
  if (h.valid < h.estimates) {
    std::printf("  invalid:");
    for (std::size_t i = 1; i < heart::kHeartReasonCount; ++i) {
      if (h.reasons[i] > 0) {
        std::printf(" %s %zu", heart::name(static_cast<heart::HeartReason>(i)), h.reasons[i]);
      }
    }
    std::printf("\n");
  }
  if (has_truth && h.scored > 0) {
    std::printf(
        "  vs truth: %zu valid estimates, mean absolute error %.2f beats/min, %.1f %% within 5\n",
        h.scored, h.mae_bpm, 100.0 * h.within_5);
  }
}

// The class of the wrist models that a simulated activity is; empty for a model without such a
// class. Each activity lists the classes it may be, most specific first: rest, walk and run are
// the STATIC, WALKING and JOGGING of the daily models (else a sitting or standing class); waving
// and hand-talking are HAND (hand activities) or standing; typing is TYPING, HAND or sitting; a
// car ride, seated still but shaken, is STATIC or sitting.
std::string class_of(io::Activity a, const ActivityModel& m) {
  static const std::vector<const char*> kRest = {"STATIC", "SITTING", "STANDING", "SEATED"};
  static const std::vector<const char*> kWalk = {"WALKING"};
  static const std::vector<const char*> kRun = {"JOGGING"};
  static const std::vector<const char*> kWave = {"HAND", "STANDING"};
  static const std::vector<const char*> kType = {"TYPING", "HAND", "SITTING", "SEATED"};
  static const std::vector<const char*> kTalk = {"HAND", "STANDING", "SITTING", "SEATED"};
  static const std::vector<const char*> kCar = {"STATIC", "SITTING", "SEATED"};
  const std::vector<const char*>* wanted = &kRest;
  switch (a) {
    case io::Activity::kRest:
      break;
    case io::Activity::kWalk:
      wanted = &kWalk;
      break;
    case io::Activity::kRun:
      wanted = &kRun;
      break;
    case io::Activity::kWave:
      wanted = &kWave;
      break;
    case io::Activity::kType:
      wanted = &kType;
      break;
    case io::Activity::kTalk:
      wanted = &kTalk;
      break;
    case io::Activity::kCar:
      wanted = &kCar;
      break;
  }
  for (const char* want : *wanted) {
    for (std::uint8_t k = 0; k < m.classes; ++k) {
      if (std::string(m.class_names[k]) == want) return want;
    }
  }
  return {};
}

// "rest = STATIC, walk = WALKING, ...": the class each activity of the truth's segments counts as,
// in order of first appearance ("none" when the model has no such class).
std::string class_mapping_text(const io::Truth& truth, const ActivityModel& m) {
  std::string text;
  std::vector<io::Activity> seen;
  for (const io::SegmentTruth& seg : truth.segments) {
    if (std::find(seen.begin(), seen.end(), seg.activity) != seen.end()) continue;
    seen.push_back(seg.activity);
    const std::string cls = class_of(seg.activity, m);
    if (!text.empty()) text += ", ";
    text += std::string(io::activity_name(seg.activity)) + " = " + (cls.empty() ? "none" : cls);
  }
  return text;
}

// Time-weighted agreement of the activity spans with the truth's segments: the share of the time
// that has a label (after the first decision) where the label is the segment's class.
struct ActivityAgreement {
  double labelled_s = 0.0, agreeing_s = 0.0, unlabelled_s = 0.0;
  double share() const { return labelled_s > 0.0 ? agreeing_s / labelled_s : 0.0; }
};

ActivityAgreement activity_agreement(const std::vector<report::TimelineSpan>& spans,
                                     const io::Truth& truth, const ActivityModel& m) {
  ActivityAgreement a;
  for (const report::TimelineSpan& s : spans) {
    for (const io::SegmentTruth& seg : truth.segments) {
      const Micros lo = std::max(s.start_us, seg.start_us);
      const Micros hi = std::min(s.end_us, seg.end_us);
      if (hi <= lo) continue;
      const double d = static_cast<double>(hi - lo) * 1e-6;
      if (s.label == "unknown") {
        a.unlabelled_s += d;
        continue;
      }
      a.labelled_s += d;
      if (s.label == class_of(seg.activity, m)) a.agreeing_s += d;
    }
  }
  return a;
}

void print_details(const std::string& path, const Replay& r, const TruthResult* truth);

void run(const RunOptions& opt) {
  const std::string path = opt.file.empty() ? bundled_sample() : opt.file;
  const std::string truth_path = !opt.truth.empty() ? opt.truth : truth_next_to(path);
  const bool with_truth = !truth_path.empty();
  const Replay r = replay_recording(opt, path, with_truth || !opt.svg.empty());
  const TrackerSettings& settings = r.file.settings;
  const TrackerOutput& out = r.file.result.output;
  const io::ReadReport& report = r.file.result.report;
  const io::RecordingHeader& header = r.file.header;
  print_skipped_rows(report);
  require_usable_data(r);

  std::unique_ptr<TruthResult> truth;
  if (with_truth) {
    truth = std::make_unique<TruthResult>();
    truth->path = truth_path;
    truth->truth = io::read_truth_csv(truth_path);
    truth->offset_removed = !out.orientation.uses_mag;
    truth->acc_only = out.orientation.flags.acc_only;
    eval::TruthScoreOptions score_options;
    score_options.skip_initial_s = kSkipInitialS;
    score_options.remove_heading_offset = truth->offset_removed;
    // A skipped IMU row leaves its truth pose without a sample: that pose goes unscored.
    score_options.max_unmatched_poses = opt.skip_bad_rows ? report.skipped_total() : 0;
    truth->score = eval::score_against_truth(r.trace, truth->truth, truth_path, score_options);
  }
  if (!opt.svg.empty()) report::write_orientation_timeline(opt.svg, timeline_data(r, truth.get()));
  std::unique_ptr<replay::DayFiles> files;
  if (!opt.no_files) {
    files = std::make_unique<replay::DayFiles>(
        replay::write_day_files(opt.out, replay::recording_name(path), r.day));
  }

  const OrientationOutput& ori = out.orientation;
  const Vec3 rpy = report::roll_pitch_yaw_deg(ori.q_es);
  const Vec3 bias_dps = ori.gyr_bias_rad_s * kDegPerRad;

  if (opt.json) {
    report::Json j;
    j["file"] = path;
    j["filter"] = settings.imu_has_gyr ? name(settings.orientation_filter) : "accelerometer_tilt";
    j["mode"] = mode_label(settings, ori.uses_mag);
    j["rows_skipped"] = report.skipped_total();
    j["rows_skipped_by_reason"] = skipped_by_reason_json(report);
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
    orientation["acc_only"] = ori.flags.acc_only;
    orientation["heading_available"] = ori.heading_available;
    orientation["restarts"] = ori.restarts;
    j["orientation"] = std::move(orientation);
    if (out.wear.available) {
      report::Json wear;
      wear["state"] = name(out.wear.state);
      wear["motion_rms_m_s2"] = report::number_or_null(out.wear.motion_rms_m_s2);
      wear["ppg_contact"] = out.wear.ppg_contact;
      j["wear"] = std::move(wear);
    } else {
      j["wear"] = report::Json(nullptr);
    }
    if (out.activity.available) {
      report::Json act;
      act["model"] = out.activity.model->name;
      act["label"] = out.activity.name;
      act["confidence"] = report::number_or_null(out.activity.confidence);
      act["decisions"] = out.activity.decisions;
      act["changes"] = out.activity.changes;
      report::Json per = report::Json::object();
      for (const auto& [label, seconds] : r.day.summary.seconds_per_activity) per[label] = seconds;
      act["seconds_per_activity"] = std::move(per);
      if (truth) {
        const ActivityAgreement ag =
            activity_agreement(r.activity, truth->truth, *out.activity.model);
        act["truth_agreement"] = ag.share();
        act["truth_labelled_s"] = ag.labelled_s;
        act["truth_unlabelled_s"] = ag.unlabelled_s;
      }
      j["activity"] = std::move(act);
    } else {
      j["activity"] = report::Json(nullptr);
    }
    j["steps"] = out.steps.available ? steps_json(r, out.steps, truth ? &truth->truth : nullptr)
                                     : report::Json(nullptr);
    j["heart"] =
        out.heart.available
            ? heart_json(summarise_heart(r, settings.heart, truth ? &truth->truth : nullptr),
                         truth && !truth->truth.heart_rate.empty())
            : report::Json(nullptr);
    report::Json guard;
    guard["orientation_resets"] = out.guard.orientation_resets;
    guard["wear_resets"] = out.guard.wear_resets;
    guard["heart_resets"] = out.guard.heart_resets;
    j["guard"] = std::move(guard);
    j["events"] = replay::events_json(r.events, out.events);
    j["truth"] = truth ? truth_json(*truth) : report::Json(nullptr);
    j["svg"] = opt.svg.empty() ? report::Json(nullptr) : report::Json(opt.svg);
    j["summary"] = replay::summary_json(r.day.summary);
    if (files) {
      report::Json fj;
      fj["timeline_csv"] = files->csv;
      fj["timeline_json"] = files->json;
      fj["day_svg"] = files->svg;
      j["files"] = std::move(fj);
    } else {
      j["files"] = report::Json(nullptr);
    }
    std::cout << report::json_text(j);
    return;
  }
  replay::print_summary(stdout, r.day.summary);
  if (files) {
    std::printf("\nwritten: %s\n         %s\n         %s\n", files->csv.c_str(),
                files->json.c_str(), files->svg.c_str());
  }
  if (opt.details) print_details(path, r, truth.get());
  if (!opt.svg.empty()) std::printf("\ntimeline written to %s\n", opt.svg.c_str());
}

// The detailed sections of `fusetrack run --details`.
void print_details(const std::string& path, const Replay& r, const TruthResult* truth) {
  const TrackerSettings& settings = r.file.settings;
  const TrackerOutput& out = r.file.result.output;
  const io::ReadReport& report = r.file.result.report;
  const io::RecordingHeader& header = r.file.header;
  const OrientationOutput& ori = out.orientation;
  const Vec3 rpy = report::roll_pitch_yaw_deg(ori.q_es);
  const Vec3 bias_dps = ori.gyr_bias_rad_s * kDegPerRad;
  std::printf("\nfusetrack run: %s\n", path.c_str());
  std::printf("rows read %llu, skipped %llu", static_cast<unsigned long long>(report.rows_total()),
              static_cast<unsigned long long>(report.skipped_total()));
  if (report.skipped_total() > 0) std::printf(": %s", skipped_by_reason_text(report).c_str());
  std::printf("\n\n");
  // rejected = dup + back + nan + range (beyond full scale) + wrong shape; clip: accepted at
  // full scale; jumps: time jumps beyond max_jump_s (accepted).
  std::printf("%-6s %9s %8s %5s %5s %5s %5s %5s %5s %6s %8s %10s %10s %8s\n", "stream", "accepted",
              "rejected", "dup", "back", "nan", "range", "clip", "jumps", "gaps", "missing",
              "rate_Hz", "jitter_us", "drift_%");
  auto row = [](const char* label, const StreamOutput& s) {
    auto u = [](std::uint64_t v) { return static_cast<unsigned long long>(v); };
    std::printf(
        "%-6s %9llu %8llu %5llu %5llu %5llu %5llu %5llu %5llu %6llu %8llu %10.3f %10.1f "
        "%8.3f\n",
        label, u(s.accepted), u(s.rejected), u(s.duplicates), u(s.backwards), u(s.not_finite),
        u(s.beyond_full_scale), u(s.clipped), u(s.jumps), u(s.gaps), u(s.missing),
        static_cast<double>(s.mean_rate_hz), static_cast<double>(s.jitter_s * 1e6f),
        static_cast<double>(s.drift * 100.0f));
  };
  row("imu", out.imu);
  if (header.has_mag) row("mag", out.mag);
  if (header.has_ppg()) row("ppg", out.ppg);
  if (out.guard.orientation_resets + out.guard.wear_resets + out.guard.heart_resets > 0) {
    std::printf(
        "guard: a stage's state became non-finite and was re-initialised: orientation %u, "
        "wear %u, heart %u\n",
        static_cast<unsigned>(out.guard.orientation_resets),
        static_cast<unsigned>(out.guard.wear_resets),
        static_cast<unsigned>(out.guard.heart_resets));
  }
  replay::print_events(r.events, out.events);

  std::printf("\norientation (%s), after the last sample:\n",
              mode_name(settings, ori.uses_mag).c_str());
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
  if (ori.flags.acc_only) {
    std::printf("  no gyroscope: inclination from the accelerometer alone, heading unavailable\n");
  }
  if (out.wear.available) {
    std::printf("\nwear / motion: %s (motion %.3f m/s² RMS%s)\n", name(out.wear.state),
                static_cast<double>(out.wear.motion_rms_m_s2),
                out.wear.ppg_contact ? "" : ", no PPG contact");
  }
  if (out.activity.available) {
    std::printf(
        "\nactivity (model %s): now %s (confidence %.2f), %u windows, %u changes\n",
        out.activity.model->name, out.activity.name, static_cast<double>(out.activity.confidence),
        static_cast<unsigned>(out.activity.decisions), static_cast<unsigned>(out.activity.changes));
    std::printf("  time per activity:");
    for (const auto& [label, seconds] : r.day.summary.seconds_per_activity) {
      std::printf("  %s %.1f s", label.c_str(), seconds);
    }
    std::printf("\n");
    if (truth) {
      const ActivityAgreement ag =
          activity_agreement(r.activity, truth->truth, *out.activity.model);
      std::printf(
          "  vs truth (%s): %.1f %% of the %.1f s with a label agree (%.1f s before the first "
          "window)\n",
          class_mapping_text(truth->truth, *out.activity.model).c_str(), 100.0 * ag.share(),
          ag.labelled_s, ag.unlabelled_s);
    }
  }
  if (out.steps.available) print_steps(r, out.steps, truth ? &truth->truth : nullptr);
  if (out.heart.available) {
    print_heart(summarise_heart(r, settings.heart, truth ? &truth->truth : nullptr),
                truth && !truth->truth.heart_rate.empty());
  }
  if (truth) print_truth(*truth);
}

}  // namespace

void register_run(CLI::App& app) {
  auto opt = std::make_shared<RunOptions>();
  auto* cmd = app.add_subcommand(
      "run",
      "Replay a recording through the streaming Tracker and print the day's summary (duration, "
      "time per activity, steps, distance, cadence, heart rate, energy, falls, faults, events); "
      "write its per-second timeline (CSV and JSON) and the day picture (SVG) into --out. With "
      "--details, what it reports stream by stream: per-stream "
      "counts, measured rates, gaps, duplicates and rejected samples, and the orientation. "
      "With a truth file (NAME_truth.csv next to NAME.csv, or --truth), also the orientation's "
      "error against it (total, heading and inclination RMSE, whole recording and per activity "
      "segment) and the final gyro-bias error. Without FILE, the bundled sample "
      "(data/sample.csv and data/sample_truth.csv, installed in share/fusetrack).");
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
                  "Tracker flags, gyro bias, magnetometer field norm");
  cmd->add_flag("--json", opt->json,
                "print one JSON object instead of the summary (the details and the summary)");
  cmd->add_flag("--details", opt->details,
                "after the summary, the details: per-stream counts and rates, events, "
                "orientation, wear, activity, steps and heart rate (against the truth when there "
                "is one)");
  cmd->add_option("--out", opt->out,
                  "folder for the day's files: NAME_timeline.csv, NAME_timeline.json (one row per "
                  "second, docs/timeline.md) and NAME_day.svg; created when missing")
      ->capture_default_str();
  cmd->add_flag("--no-files", opt->no_files, "write no files into --out");
  cmd->add_flag("--falls,!--no-falls", opt->falls,
                "--no-falls: do not run the fall stage (it runs by default here on wrist "
                "recordings, though the Tracker's settings leave it off)");
  cmd->add_flag("--skip-bad-rows", opt->skip_bad_rows,
                "skip and count malformed rows instead of stopping at the first");
  const CLI::Validator rate = number_in(replay::kMinRateHz, replay::kMaxRateHz, false, "Hz");
  cmd->add_option("--imu-rate", opt->imu_rate_hz,
                  "nominal IMU rate in [0.1, 100000] Hz (default: metadata imu_rate_hz, else 100)")
      ->check(rate);
  cmd->add_option("--mag-rate", opt->mag_rate_hz,
                  "nominal magnetometer rate in [0.1, 100000] Hz (default: metadata mag_rate_hz, "
                  "else 25)")
      ->check(rate);
  cmd->add_option("--ppg-rate", opt->ppg_rate_hz,
                  "nominal PPG rate in [0.1, 100000] Hz (default: metadata ppg_rate_hz, else 25)")
      ->check(rate);
  cmd->callback([opt] { run(*opt); });
}

}  // namespace fusetrack::cli
