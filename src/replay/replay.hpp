// Replays recorded samples through the streaming Tracker as firmware would feed them: one record
// at a time, in file order, each to the push_* of its stream. The one loop that `fusetrack run`,
// the evaluations and `fusetrack replay` share, so what they report is what the Tracker does.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fusetrack/core/status.hpp"
#include "fusetrack/tracker.hpp"
#include "io/recording.hpp"

namespace fusetrack::replay {

// Nominal rates used when neither an option nor the recording's metadata gives one, Hz.
inline constexpr float kDefaultImuRateHz = 100.0f;
inline constexpr float kDefaultMagRateHz = 25.0f;
inline constexpr float kDefaultPpgRateHz = 25.0f;

// The nominal rates a replay accepts, from an option or the metadata, Hz. The Tracker takes up to
// 100 kHz; below 0.1 Hz no IMU, magnetometer or PPG runs, and the stream checks' float32
// periods and jitter lose their meaning (1e-30 Hz gives a NaN jitter).
// (double, so that "0.1" typed on a command line, read as a double, is in range).
inline constexpr double kMinRateHz = 0.1;
inline constexpr double kMaxRateHz = 100000.0;

// The filter named `name` as the commands spell it (name(OrientationFilterKind)): "ekf" or
// "complementary". Throws std::invalid_argument otherwise.
OrientationFilterKind filter_kind(std::string_view name);

// What the user chooses about a replay; everything else comes from the recording.
struct ReplayOptions {
  OrientationFilterKind filter = OrientationFilterKind::kEkf;  // default settings of that filter
  // false: 6D orientation (gyroscope + accelerometer). The magnetometer stream, when the
  // recording has one, is still pushed, checked and counted; the filter does not use it.
  bool use_mag = true;
  // Nominal stream rates, Hz; 0: from the metadata ("# imu_rate_hz=104"), else the default above.
  float imu_rate_hz = 0.0f;
  float mag_rate_hz = 0.0f;
  float ppg_rate_hz = 0.0f;
  io::ReaderOptions reader{};  // for replay_file: strict, or skip and count bad rows
  // The step stage raises an event per step (StepSettings::step_events), for a caller that
  // scores or draws every step.
  bool step_events = false;
  // The fall stage (off in TrackerSettings' defaults, as on a device that has not opted in):
  // true turns it on with its default settings where the placement is a wrist (the fall model
  // is a wrist model; elsewhere the stage stays off), for a replay that counts falls.
  bool falls = true;
  // When set, the Tracker runs exactly these settings, and the header, the metadata and the
  // options above (but `reader`) decide nothing: for a caller that tunes the settings itself.
  std::optional<TrackerSettings> settings;
};

// The placement a recording names in its metadata ("# placement=pocket"): wrist (a watch on the
// left wrist, as the simulator's), wrist_left, wrist_right, pocket, hand or waist; a recording
// without the key is a left-wrist one. Throws std::runtime_error naming the key and the accepted
// names for any other value.
Placement recording_placement(const io::Metadata& metadata);

// The nominal rate of a stream, Hz: `option_hz` when positive, else the metadata value of `key`,
// else `fallback_hz`. Throws std::runtime_error naming the key and the range when the metadata
// value is not a number in [kMinRateHz, kMaxRateHz]; std::invalid_argument when `option_hz` is
// positive and outside that range.
float nominal_rate_hz(float option_hz, const io::Metadata& metadata, std::string_view key,
                      float fallback_hz);

// The Tracker settings for a recording: the streams the header has (magnetometer, PPG with its
// channel count), their nominal rates (nominal_rate_hz with the keys imu_rate_hz, mag_rate_hz,
// ppg_rate_hz), the placement (recording_placement: it chooses the activity model, and a
// placement without one runs no activity stage), the filter, 6D/9D, the step events and the fall
// stage of `options` (on a wrist only); every other field its default. Throws as nominal_rate_hz
// does (an option's rate above 100 kHz: std::invalid_argument), and std::invalid_argument naming
// the Status when the settings do not validate.
TrackerSettings tracker_settings(const io::RecordingHeader& header, const io::Metadata& metadata,
                                 const ReplayOptions& options);

// Pushes `record` to the Tracker method of its stream (push_imu, push_mag or push_ppg) and
// returns that method's Status.
Status push_record(Tracker& tracker, const io::Record& record) noexcept;

// Called after every pushed record with the record, the Status its push returned, and the
// Tracker: to read its output, or to drain the events the push raised.
using ReplayObserver = std::function<void(const io::Record&, Status, Tracker&)>;

// What a replay ends with.
struct ReplayResult {
  TrackerOutput output;   // the Tracker's output after the last record
  io::ReadReport report;  // rows delivered per stream, rows skipped per reason
};

// Feeds every record `reader` delivers to `tracker`, in file order, calling `observer` (when set)
// after each. Throws std::invalid_argument when the tracker's status() is not kOk (its settings
// were rejected), and what the reader throws (io::ParseError on a bad row in strict mode).
ReplayResult replay(Tracker& tracker, io::RecordingReader& reader,
                    const ReplayObserver& observer = {});

// The same for records held in memory, in vector order; `report` counts them per stream and
// skips none.
ReplayResult replay(Tracker& tracker, const std::vector<io::Record>& records,
                    const ReplayObserver& observer = {});

// A recording file replayed with settings from its header, metadata and `options`.
struct FileReplay {
  std::string path;
  io::RecordingHeader header;
  io::Metadata metadata;
  TrackerSettings settings;  // options.settings, else tracker_settings(header, metadata, options)
  ReplayResult result;
};

// Opens `path` (plain or gzip), builds the Tracker from tracker_settings(...) and replays the
// whole file through it. Throws as RecordingReader and replay do, and as tracker_settings does
// (same exception type) with "PATH: " before the message.
FileReplay replay_file(const std::string& path, const ReplayOptions& options,
                       const ReplayObserver& observer = {});

}  // namespace fusetrack::replay
