// The truth file (docs/simulator.md, "Truth file"): one CSV with a `kind` column, so
// poses, steps, heart rate, segments, PPG faults and motion events share one file and one time
// axis.
//
//   # fusetrack truth v2
//   # key=value                      (metadata, any number of lines)
//   kind,t_us,end_us,qw,qx,qy,qz,gyro_bias_x_rad_s,gyro_bias_y_rad_s,gyro_bias_z_rad_s,activity,cadence_spm,heart_rate_bpm,ppg_fault
//   (version 3 adds ,event,impact_us,peak_g,is_fall: see below)
//   segment,0,40000000,,,,,,,,rest,0,65,
//   ppg_fault,10000000,20000000,,,,,,,,,,,no_contact
//   heart_rate,0,,,,,,,,,,,65.8,
//   pose,5042,,0.1,0.2,0.3,0.9,0.005,-0.003,0.004,rest,,,
//   step,41234567,,,,,,,,,,,,
//
// Rows are ordered by t_us; at equal t_us: segment, ppg_fault, event, heart_rate, step, pose.
// Fields that do not apply to a kind are empty. Version 1 is version 2 without the `ppg_fault`
// column and rows; version 3 adds four columns, `event,impact_us,peak_g,is_fall`, and `event`
// rows (a fall or fall-like motion: t_us its start, end_us its end, event its kind, impact_us the
// time of its true |a| peak, peak_g that peak in g, is_fall 1 or 0):
//   event,20000000,48500000,,,,,,,,,,,,fall_forward,20812345,9.8123,1
// The writer writes the oldest version that holds the truth: version 1 (byte for byte as before
// version 2 existed) without PPG faults and events, version 2 with faults and no events, else
// version 3; so a reader that knows only an older version rejects a newer file at its first line
// instead of misreading it.
#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "io/truth.hpp"

namespace fusetrack::io {

// The newest format version, "# fusetrack truth v3" in the first line; this code reads
// versions 1, 2 and 3.
inline constexpr int kTruthFormatVersion = 3;
// The version with PPG faults but without motion events (written when the truth has faults and
// no events).
inline constexpr int kTruthFormatVersionWithFaults = 2;
// The oldest version still read and written (a truth without PPG faults is written in it).
inline constexpr int kTruthFormatVersionWithoutFaults = 1;

// "key=value" comment lines written after the version line, in order.
using TruthMetadata = std::vector<std::pair<std::string, std::string>>;

struct TruthCsvOptions {
  // Write every Nth pose row (1: every IMU sample). Kept rows are still at IMU time stamps.
  std::size_t pose_every = 1;
  TruthMetadata metadata;  // keys non-empty without '='; neither key nor value holds whitespace
};

// The header row's column names of format `version` (1, 2 or 3; another gives version 3's), in
// order.
const std::vector<std::string>& truth_columns(int version = kTruthFormatVersion);

// Writes `truth` to `path` (gzip when the path ends in ".gz"): format version 1 when it has no
// PPG fault and no event, version 2 with faults and no event, else version 3. Throws
// std::invalid_argument for pose_every = 0 or unreadable metadata, std::runtime_error naming the
// path on I/O errors.
void write_truth_csv(const std::string& path, const Truth& truth,
                     const TruthCsvOptions& options = {});

// Reads a truth file (plain or gzip, format version 1, 2 or 3). Pose rows give t_us, q_es
// (normalized; a norm below 0.5 is an error), gyro_bias_rad_s and activity (omega_s_rad_s and
// lin_acc_e_m_s2 are not stored and read as zero); ppg_fault rows (version 2 only) give
// Truth::ppg_faults in file order, event rows (version 3 only) Truth::events. Throws ParseError
// (file:line:column, expected, found) on a format error and std::runtime_error when the file cannot
// be read. `metadata` receives the key=value lines.
Truth read_truth_csv(const std::string& path, TruthMetadata* metadata = nullptr);

}  // namespace fusetrack::io
