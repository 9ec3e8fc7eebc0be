#include "eval/truth_score.hpp"

#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <string_view>

#include "io/csv.hpp"

namespace fusetrack::eval {
namespace {

constexpr double kRadPerDegD = 3.14159265358979323846 / 180.0;

// The 1-based line of the `index`-th (0-based) pose row of the truth file at `path`, and the
// column of its t_us field; {0, 0} when the file holds fewer pose rows.
struct RowPosition {
  std::size_t line = 0;
  std::size_t column = 0;
};

RowPosition pose_row_position(const std::string& path, std::size_t index) {
  io::CsvReader reader(path);
  std::string_view line;
  constexpr std::string_view kPose = "pose,";
  std::size_t seen = 0;
  while (reader.next_line(line)) {
    if (line.substr(0, kPose.size()) != kPose) continue;
    if (seen++ == index) return RowPosition{reader.line_number(), kPose.size() + 1};
  }
  return RowPosition{};
}

[[noreturn]] void throw_unmatched(const std::string& truth_path, std::size_t pose_index,
                                  Micros t_us, const std::vector<replay::OrientationSample>& trace,
                                  std::size_t next_trace) {
  std::string found = io::quoted(std::to_string(t_us));
  if (next_trace < trace.size()) {
    found += " (next IMU sample at " + std::to_string(trace[next_trace].t_us) + ")";
  } else {
    found += " (after the last IMU sample, " + std::to_string(trace.back().t_us) + ")";
  }
  const std::string expected = "the time stamp t_us of an IMU sample of the recording";
  if (truth_path.empty()) {
    throw std::invalid_argument("truth pose " + std::to_string(pose_index) + ": expected " +
                                expected + ", found " + found);
  }
  const RowPosition at = pose_row_position(truth_path, pose_index);
  throw io::ParseError(truth_path, at.line, at.column, expected, found, 2);
}

}  // namespace

TruthScore score_against_truth(const std::vector<replay::OrientationSample>& trace,
                               const io::Truth& truth, const std::string& truth_path,
                               const TruthScoreOptions& options) {
  if (trace.empty()) throw std::invalid_argument("no IMU samples to score against the truth");
  const std::vector<io::PoseTruth>& poses = truth.pose;
  if (poses.empty()) {
    throw std::invalid_argument("truth file '" + truth_path + "' has no pose rows");
  }

  TruthScore out;
  // Pair every truth pose with the trace sample at its time stamp (both ordered by time).
  out.trace_index.resize(poses.size());
  std::size_t i = 0;
  std::size_t first_unmatched = kNoSample;
  std::size_t last_matched = kNoSample;
  for (std::size_t k = 0; k < poses.size(); ++k) {
    while (i < trace.size() && trace[i].t_us < poses[k].t_us) ++i;
    if (i == trace.size() || trace[i].t_us != poses[k].t_us) {
      if (first_unmatched == kNoSample) first_unmatched = k;
      if (++out.unmatched_poses > options.max_unmatched_poses) {
        // Name the first unmatched pose: where the truth and the recording part ways.
        std::size_t at = 0;
        while (at < trace.size() && trace[at].t_us < poses[first_unmatched].t_us) ++at;
        throw_unmatched(truth_path, first_unmatched, poses[first_unmatched].t_us, trace, at);
      }
      out.trace_index[k] = kNoSample;
      continue;
    }
    out.trace_index[k] = i++;
    last_matched = k;
  }
  if (last_matched == kNoSample) {
    throw std::invalid_argument("truth file '" + truth_path +
                                "': no pose sits on the time stamp of an IMU sample");
  }

  const double skip_us = std::fmax(0.0, options.skip_initial_s) * 1e6;
  out.scored_from_us = trace.front().t_us + static_cast<Micros>(std::llround(skip_us));
  std::vector<Quatd> est(poses.size());
  std::vector<Quatd> ref(poses.size());
  std::vector<std::uint8_t> scored(poses.size());
  for (std::size_t k = 0; k < poses.size(); ++k) {
    const bool matched = out.trace_index[k] != kNoSample;
    est[k] = matched ? trace[out.trace_index[k]].q_es.cast<double>() : Quatd::Identity();
    ref[k] = poses[k].q_es;
    scored[k] = matched && poses[k].t_us >= out.scored_from_us ? 1 : 0;
  }
  out.overall = score_trial(est, ref, scored, options.remove_heading_offset);

  // One offset for the whole recording: rotate the estimates once, then score the segments and
  // the per-sample errors without removing another.
  if (options.remove_heading_offset && out.overall.valid) {
    const Quatd correction = heading_correction(out.overall.heading_offset_deg * kRadPerDegD);
    for (Quatd& q : est) q = correction * q.normalized();
  }
  out.errors.resize(poses.size());
  const double nan = std::nan("");
  for (std::size_t k = 0; k < poses.size(); ++k) {
    out.errors[k] = out.trace_index[k] != kNoSample ? error_angles(error_quaternion(est[k], ref[k]))
                                                    : ErrorAngles{nan, nan, nan};
  }
  for (const io::SegmentTruth& seg : truth.segments) {
    std::vector<std::uint8_t> in_segment(poses.size());
    for (std::size_t k = 0; k < poses.size(); ++k) {
      in_segment[k] =
          scored[k] != 0 && poses[k].t_us >= seg.start_us && poses[k].t_us < seg.end_us ? 1 : 0;
    }
    out.segments.push_back(SegmentScore{seg, score_trial(est, ref, in_segment, false)});
  }

  const replay::OrientationSample& last = trace[out.trace_index[last_matched]];
  out.bias_estimate_rad_s = last.gyr_bias_rad_s.cast<double>();
  out.bias_truth_rad_s = poses[last_matched].gyro_bias_rad_s;
  out.bias_error_rad_s = (out.bias_estimate_rad_s - out.bias_truth_rad_s).norm();
  return out;
}

}  // namespace fusetrack::eval
