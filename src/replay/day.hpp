// A recording's day (day_timeline.hpp) built from one replay, and written out: the per-second
// CSV, the JSON (summary, columns, seconds, events) and the ten-second summary text. The columns
// are documented in docs/timeline.md.
//
// Events: every kind is counted (DaySummary::events_per_kind, DaySecond::events) and listed in
// DayTimeline::events with a short detail, except two kinds that are already in the rows:
// kHeartRate (one per estimate: the heart_* columns) is counted but not listed, and kStep (one per
// step, only with ReplayOptions::step_events) is neither counted nor listed (the steps column has
// every step), so the day does not depend on that option. Listed events are in time-stamp order
// (a fall is stamped at its impact though decided seconds later). A row's `events` counts the
// events stamped in its second, listed or not (kHeartRate included).
#pragma once

#include <cstdint>
#include <cstdio>
#include <ostream>
#include <string>
#include <vector>

#include "fusetrack/events.hpp"
#include "fusetrack/tracker.hpp"
#include "io/recording.hpp"
#include "replay/day_timeline.hpp"
#include "replay/replay.hpp"
#include "report/json.hpp"

namespace fusetrack::replay {

// Builds a DayTimeline during a replay: give it every drained event (on_event) and call
// after_push after every push, then finish with the replay's result. For a caller that runs its
// own observer (fusetrack run); replay_day does it all.
class DayBuilder {
 public:
  // Rows beyond this many seconds (a time stamp jumped days ahead) fold into the last row.
  static constexpr std::size_t kMaxSeconds = 8 * 86400;

  // An event `tracker` raised (drained after the push that raised it).
  void on_event(const Event& e, const Tracker& tracker);
  // After each pushed record, with the Status its push returned.
  void after_push(const io::Record& record, Status status, const Tracker& tracker);
  // The day, with the summary completed from the replay's final output and settings.
  DayTimeline finish(const FileReplay& replay);

 private:
  DaySecond& row_for(Micros t_us);
  std::size_t second_of(Micros t_us) const;

  DayTimeline day_;
  bool started_ = false;
  Micros t0_us_ = 0;
  Micros last_us_ = 0;
  bool oriented_ = false;  // the orientation has initialised
  std::vector<std::uint64_t> kind_counts_ = std::vector<std::uint64_t>(kEventKindCount, 0);
  // Time per activity: the IMU intervals, each to the label after it.
  bool has_last_imu_ = false;
  Micros last_imu_us_ = 0;
  double cadence_weighted_ = 0.0;
  double heart_sum_bpm_ = 0.0;
};

// Replays `path` (replay_file) and builds its day. Throws as replay_file does.
DayTimeline replay_day(const std::string& path, const ReplayOptions& options);

// One column of the per-second table.
struct DayColumn {
  const char* name;
  const char* unit;  // "" for none
  const char* meaning;
};

// The columns of write_timeline_csv and timeline_json's "seconds", in order.
const std::vector<DayColumn>& timeline_columns();

// One row per second, after a header row of the column names (timeline_columns()). Numbers with
// fixed decimals, booleans 0/1; a non-finite value is an empty field (never "nan").
void write_timeline_csv(std::ostream& out, const DayTimeline& day);

// {"summary": summary_json, "columns": [{"name", "unit", "meaning"}], "seconds": [[...], ...]
// (one array per row, in column order, numbers rounded as in the CSV), "events": [{"t_s", "kind",
// "detail"}]}.
report::Json timeline_json(const DayTimeline& day);

report::Json summary_json(const DaySummary& summary);

// The ten-second read, a dozen aligned lines.
void print_summary(std::FILE* out, const DaySummary& summary);

// "NAME" of "DIR/NAME.csv" or "DIR/NAME.csv.gz" (else the file name without its extension).
std::string recording_name(const std::string& path);

// The paths of NAME_timeline.csv, NAME_timeline.json and NAME_day.svg in `dir`.
struct DayFiles {
  std::string csv, json, svg;
};
DayFiles day_files(const std::string& dir, const std::string& name);

// Writes the three files (creating `dir`); throws std::runtime_error naming a path it cannot
// write.
DayFiles write_day_files(const std::string& dir, const std::string& name, const DayTimeline& day);

}  // namespace fusetrack::replay
