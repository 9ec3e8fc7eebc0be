#include "replay/day.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <system_error>
#include <utility>

#include "fusetrack/falls/fall_detector.hpp"
#include "fusetrack/heart/heart_rate_estimator.hpp"
#include "fusetrack/wear/wear_detector.hpp"
#include "replay/event_log.hpp"
#include "report/day_svg.hpp"
#include "report/orientation_timeline.hpp"

namespace fusetrack::replay {
namespace {

double seconds(Micros us) { return static_cast<double>(us) * 1e-6; }

std::string printf_text(const char* format, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, v);
  return buf;
}

// The event's detail: what happened, in a few words.
std::string event_detail(const Event& e, const Tracker& tracker) {
  switch (e.kind) {
    case EventKind::kActivityChanged: {
      const ActivityModel& m = tracker.activity_classifier().model();
      auto class_name = [&m](std::uint8_t k) {
        return k < m.classes ? std::string(m.class_names[k]) : "class " + std::to_string(k);
      };
      return (e.previous == 0xFF ? std::string() : class_name(e.previous) + " -> ") +
             class_name(e.code) + printf_text(" (%.2f)", static_cast<double>(e.value));
    }
    case EventKind::kStreamGap:
    case EventKind::kStreamSilent:
    case EventKind::kStreamResumed:
    case EventKind::kSampleRejected:
    case EventKind::kTimeJump:
      return std::string(name(e.stream)) + ": " + describe(e);
    case EventKind::kMagDisturbanceBegin:
      return "the magnetometer disagrees with the reference field";
    default:
      return describe(e);
  }
}

}  // namespace

std::size_t DayBuilder::second_of(Micros t_us) const {
  if (t_us <= t0_us_) return 0;
  const auto k = static_cast<std::uint64_t>(elapsed_us(t0_us_, t_us) / 1000000);
  return static_cast<std::size_t>(std::min<std::uint64_t>(k, kMaxSeconds - 1));
}

DaySecond& DayBuilder::row_for(Micros t_us) {
  std::vector<DaySecond>& rows = day_.seconds;
  const std::size_t k = second_of(t_us);
  if (rows.empty()) {
    DaySecond first;
    first.t_us = t0_us_;
    rows.push_back(first);
  }
  while (rows.size() <= k) {
    // A new second starts from the previous one's values; its counts start at zero and its
    // envelope at the orientation it starts with.
    DaySecond next = rows.back();
    next.t_s = static_cast<double>(rows.size());
    next.t_us = later_us(t0_us_, static_cast<Micros>(rows.size()) * 1000000);
    next.steps = 0;
    next.events = 0;
    next.roll_min_deg = next.roll_max_deg = next.roll_deg;
    next.pitch_min_deg = next.pitch_max_deg = next.pitch_deg;
    rows.push_back(std::move(next));
  }
  return rows[k];
}

void DayBuilder::on_event(const Event& e, const Tracker& tracker) {
  if (e.kind == EventKind::kStep) return;  // the steps column has them
  const auto kind = static_cast<std::size_t>(e.kind);
  if (kind < kind_counts_.size()) ++kind_counts_[kind];
  if (!started_) {
    started_ = true;
    t0_us_ = e.t_us;
  }
  ++row_for(e.t_us).events;
  DaySummary& s = day_.summary;
  if (e.kind == EventKind::kHeartRate) {
    ++s.heart_estimates;
    if (static_cast<heart::HeartReason>(e.code) == heart::HeartReason::kValid) {
      const double bpm = static_cast<double>(e.value);
      s.heart_min_bpm = s.heart_valid == 0 ? bpm : std::min(s.heart_min_bpm, bpm);
      s.heart_max_bpm = s.heart_valid == 0 ? bpm : std::max(s.heart_max_bpm, bpm);
      heart_sum_bpm_ += bpm;
      ++s.heart_valid;
    }
    return;  // the heart columns have them
  }
  DayEvent de;
  de.t_us = e.t_us;
  de.t_s = seconds(e.t_us - t0_us_);
  de.kind = name(e.kind);
  de.detail = event_detail(e, tracker);
  day_.events.push_back(std::move(de));
}

void DayBuilder::after_push(const io::Record& record, Status status, const Tracker& tracker) {
  const Micros t_us = record.t_us();
  if (!started_) {
    started_ = true;
    t0_us_ = t_us;
  }
  if (!ok(status)) return;
  last_us_ = std::max(last_us_, t_us);
  // A sample stamped before the newest row (time went backwards) updates the newest row.
  const Micros row_us = day_.seconds.empty() ? t_us : std::max(t_us, day_.seconds.back().t_us);
  DaySecond& row = row_for(row_us);
  const TrackerOutput out = tracker.output();
  DaySummary& s = day_.summary;

  if (out.activity.available) {
    row.activity = out.activity.has_label ? out.activity.name : "unknown";
    row.activity_confidence = out.activity.has_label ? out.activity.confidence : 0.0f;
  }
  if (out.wear.available) row.wear = name(out.wear.state);
  if (out.steps.available) {
    row.walking = out.steps.walking;
    // The row's total is the newest one up to now: what it grew by belongs to this second.
    row.steps +=
        static_cast<std::uint32_t>(out.steps.steps - std::min(row.steps_total, out.steps.steps));
    row.steps_total = out.steps.steps;
    row.cadence_spm = out.steps.walking ? out.steps.cadence_spm : 0.0f;
    row.distance_m = out.steps.distance_m();
  }
  if (out.heart.available) {
    row.heart_valid = out.heart.valid;
    row.heart_bpm = out.heart.bpm;
    row.heart_reason = out.heart.estimates > 0 ? heart::name(out.heart.reason) : "none";
  }
  if (out.orientation.flags.initialized) {
    const Vec3 rpy = report::roll_pitch_yaw_deg(out.orientation.q_es);
    row.roll_deg = rpy.x();
    row.pitch_deg = rpy.y();
    row.yaw_deg = rpy.z();
    if (!oriented_) {
      // The first orientation: the rows before it stay at zero.
      row.roll_min_deg = row.roll_max_deg = row.roll_deg;
      row.pitch_min_deg = row.pitch_max_deg = row.pitch_deg;
      oriented_ = true;
    }
    row.roll_min_deg = std::min(row.roll_min_deg, row.roll_deg);
    row.roll_max_deg = std::max(row.roll_max_deg, row.roll_deg);
    row.pitch_min_deg = std::min(row.pitch_min_deg, row.pitch_deg);
    row.pitch_max_deg = std::max(row.pitch_max_deg, row.pitch_deg);
  }
  if (out.energy.available) {
    row.met = out.energy.met;
    row.kcal_per_min = out.energy.kcal_per_min;
    row.kcal_total = out.energy.kcal_total();
  }

  if (record.kind() != io::StreamKind::kImu) return;
  // Walking time and cadence over the IMU intervals while walking (an interval of a second or
  // more is a pause, not walking); time per activity over every IMU interval, each to the label
  // after it.
  if (has_last_imu_) {
    const double dt = seconds(elapsed_us(last_imu_us_, t_us));
    if (out.steps.available && out.steps.walking) {
      if (dt > 0.0 && dt < 1.0) {
        s.walking_s += dt;
        cadence_weighted_ += dt * static_cast<double>(out.steps.cadence_spm);
      }
      s.cadence_max_spm = std::max(s.cadence_max_spm, static_cast<double>(out.steps.cadence_spm));
    }
    if (out.activity.available) {
      auto& per = s.seconds_per_activity;
      auto it = std::find_if(per.begin(), per.end(),
                             [&row](const auto& p) { return p.first == row.activity; });
      if (it == per.end()) {
        per.emplace_back(row.activity, dt);
      } else {
        it->second += dt;
      }
    }
  } else if (out.activity.available) {
    s.seconds_per_activity.emplace_back(row.activity, 0.0);
  }
  last_imu_us_ = t_us;
  has_last_imu_ = true;
}

DayTimeline DayBuilder::finish(const FileReplay& replay) {
  const TrackerOutput& out = replay.result.output;
  const TrackerSettings& settings = replay.settings;
  DaySummary& s = day_.summary;
  s.file = replay.path;
  s.duration_s = started_ && last_us_ > t0_us_ ? seconds(elapsed_us(t0_us_, last_us_)) : 0.0;
  s.imu_samples = out.imu.accepted;
  s.mag_samples = out.mag.accepted;
  s.ppg_samples = out.ppg.accepted;
  if (out.steps.available) {
    s.steps = out.steps.steps;
    s.distance_m = out.steps.distance_m();
  }
  s.cadence_mean_spm = s.walking_s > 0.0 ? cadence_weighted_ / s.walking_s : 0.0;
  if (s.heart_valid > 0) s.heart_mean_bpm = heart_sum_bpm_ / static_cast<double>(s.heart_valid);
  if (out.energy.available) {
    s.kcal_total = out.energy.kcal_total();
    s.active_kcal_total = out.energy.active_kcal_total();
    double met = 0.0;
    for (const DaySecond& row : day_.seconds) met += static_cast<double>(row.met);
    s.met_mean = day_.seconds.empty() ? 0.0 : met / static_cast<double>(day_.seconds.size());
  }
  s.falls = out.falls.available ? out.falls.alarms : 0;
  for (const StreamOutput* stream : {&out.imu, &out.mag, &out.ppg}) {
    s.rejected += stream->rejected;
    s.gaps += stream->gaps;
    s.clipped += stream->clipped;
    s.jumps += stream->jumps;
  }
  s.silences = kind_counts_[static_cast<std::size_t>(EventKind::kStreamSilent)];
  s.reinits = kind_counts_[static_cast<std::size_t>(EventKind::kStageReinitialized)];
  s.events_per_kind.clear();
  for (std::size_t k = 0; k < kEventKindCount; ++k) {
    if (kind_counts_[k] > 0)
      s.events_per_kind.emplace_back(name(static_cast<EventKind>(k)), kind_counts_[k]);
  }
  s.events_dropped = out.events.dropped;
  s.stages_activity = settings.activity.enabled;
  s.stages_steps = settings.steps.enabled;
  s.stages_heart = settings.heart.enabled && settings.ppg_enabled;
  s.stages_falls = settings.falls.enabled;
  s.stages_energy = out.energy.available;
  s.heading_available = out.orientation.heading_available;
  std::stable_sort(day_.events.begin(), day_.events.end(),
                   [](const DayEvent& a, const DayEvent& b) { return a.t_us < b.t_us; });
  return std::move(day_);
}

DayTimeline replay_day(const std::string& path, const ReplayOptions& options) {
  DayBuilder builder;
  const ReplayObserver observer = [&builder](const io::Record& record, Status st, Tracker& t) {
    builder.after_push(record, st, t);
    Event e;
    while (t.pop_event(e)) builder.on_event(e, t);
  };
  const FileReplay f = replay_file(path, options, observer);
  return builder.finish(f);
}

// ---- the per-second table

const std::vector<DayColumn>& timeline_columns() {
  static const std::vector<DayColumn> columns = {
      {"t_s", "s", "the second's start, since the first sample of any stream"},
      {"activity", "", "the smoothed activity's class (unknown: none yet, or the stage is off)"},
      {"activity_confidence", "1", "its confidence, [0, 1]"},
      {"wear", "", "wear / motion state (unknown: the stage is off)"},
      {"walking", "0/1", "inside a confirmed walking bout"},
      {"steps_total", "steps", "steps since the start"},
      {"steps", "steps", "steps credited during this second"},
      {"cadence_spm", "steps/min", "cadence (0 outside a walking bout)"},
      {"distance_m", "m", "distance since the start"},
      {"heart_valid", "0/1", "the newest heart-rate estimate is valid"},
      {"heart_bpm", "beats/min", "its rate (the last valid one when not valid; 0: none)"},
      {"heart_reason", "", "its reason (valid, or why not; none: no estimate yet)"},
      {"roll_deg", "deg", "roll at the second's end (ENU, ZYX Euler)"},
      {"pitch_deg", "deg", "pitch at the second's end"},
      {"yaw_deg", "deg", "yaw at the second's end (meaningless without heading)"},
      {"roll_min_deg", "deg", "the second's smallest roll"},
      {"roll_max_deg", "deg", "the second's largest roll"},
      {"pitch_min_deg", "deg", "the second's smallest pitch"},
      {"pitch_max_deg", "deg", "the second's largest pitch"},
      {"met", "MET", "energy: metabolic equivalents (0: the stage is off)"},
      {"kcal_per_min", "kcal/min", "energy expenditure rate"},
      {"kcal_total", "kcal", "energy since the start"},
      {"events", "events", "events stamped in this second (all kinds but step)"},
  };
  return columns;
}

namespace {

// One cell of a row: text, a boolean, an integer, or a real with fixed decimals.
struct Cell {
  enum Kind { kText, kBool, kInt, kReal } kind = kReal;
  std::string text;
  double value = 0.0;
  int decimals = 0;
};

Cell text(const std::string& t) { return Cell{Cell::kText, t, 0.0, 0}; }
Cell boolean(bool b) { return Cell{Cell::kBool, {}, b ? 1.0 : 0.0, 0}; }
Cell integer(std::uint64_t v) { return Cell{Cell::kInt, std::to_string(v), 0.0, 0}; }
Cell real(double v, int decimals) { return Cell{Cell::kReal, {}, v, decimals}; }
Cell real(float v, int decimals) { return real(static_cast<double>(v), decimals); }

std::vector<Cell> cells(const DaySecond& r) {
  return {real(r.t_s, 0),
          text(r.activity),
          real(r.activity_confidence, 3),
          text(r.wear),
          boolean(r.walking),
          integer(r.steps_total),
          integer(r.steps),
          real(r.cadence_spm, 1),
          real(r.distance_m, 2),
          boolean(r.heart_valid),
          real(r.heart_bpm, 1),
          text(r.heart_reason),
          real(r.roll_deg, 2),
          real(r.pitch_deg, 2),
          real(r.yaw_deg, 2),
          real(r.roll_min_deg, 2),
          real(r.roll_max_deg, 2),
          real(r.pitch_min_deg, 2),
          real(r.pitch_max_deg, 2),
          real(r.met, 2),
          real(r.kcal_per_min, 3),
          real(r.kcal_total, 3),
          integer(r.events)};
}

// `v` with `decimals` decimals; empty when not finite; "-0.00" written "0.00".
std::string fixed(double v, int decimals) {
  if (!std::isfinite(v)) return {};
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  std::string s = buf;
  if (s[0] == '-' && s.find_first_not_of("-0.") == std::string::npos) s.erase(0, 1);
  return s;
}

// A CSV field: quoted when it holds a comma, a quote or a line break.
std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string q = "\"";
  for (const char c : s) {
    if (c == '"') q += '"';
    q += c;
  }
  return q + "\"";
}

std::string cell_text(const Cell& c) {
  switch (c.kind) {
    case Cell::kText:
      return csv_field(c.text);
    case Cell::kBool:
      return c.value != 0.0 ? "1" : "0";
    case Cell::kInt:
      return c.text;
    case Cell::kReal:
      return fixed(c.value, c.decimals);
  }
  return {};
}

report::Json cell_json(const Cell& c) {
  switch (c.kind) {
    case Cell::kText:
      return c.text;
    case Cell::kBool:
      return c.value != 0.0;
    case Cell::kInt:
      return report::Json(std::stoull(c.text));
    case Cell::kReal: {
      if (!std::isfinite(c.value)) return nullptr;
      const double scale = std::pow(10.0, c.decimals);
      const double v = std::round(c.value * scale) / scale;
      return c.decimals == 0 ? report::Json(static_cast<std::int64_t>(v))
                             : report::Json(v == 0.0 ? 0.0 : v);
    }
  }
  return nullptr;
}

}  // namespace

void write_timeline_csv(std::ostream& out, const DayTimeline& day) {
  const std::vector<DayColumn>& columns = timeline_columns();
  for (std::size_t k = 0; k < columns.size(); ++k) out << (k > 0 ? "," : "") << columns[k].name;
  out << '\n';
  for (const DaySecond& r : day.seconds) {
    const std::vector<Cell> row = cells(r);
    for (std::size_t k = 0; k < row.size(); ++k) out << (k > 0 ? "," : "") << cell_text(row[k]);
    out << '\n';
  }
}

report::Json summary_json(const DaySummary& s) {
  using report::number_or_null;
  report::Json j;
  j["file"] = s.file;
  j["duration_s"] = number_or_null(s.duration_s);
  report::Json samples;
  samples["imu"] = s.imu_samples;
  samples["mag"] = s.mag_samples;
  samples["ppg"] = s.ppg_samples;
  j["samples_accepted"] = std::move(samples);
  report::Json stages;
  stages["activity"] = s.stages_activity;
  stages["steps"] = s.stages_steps;
  stages["heart"] = s.stages_heart;
  stages["falls"] = s.stages_falls;
  stages["energy"] = s.stages_energy;
  j["stages"] = std::move(stages);
  j["heading_available"] = s.heading_available;
  report::Json per = report::Json::object();
  for (const auto& [label, secs] : s.seconds_per_activity) per[label] = number_or_null(secs);
  j["seconds_per_activity"] = std::move(per);
  j["steps"] = s.steps;
  j["distance_m"] = number_or_null(s.distance_m);
  j["walking_s"] = number_or_null(s.walking_s);
  j["cadence_mean_spm"] = number_or_null(s.cadence_mean_spm);
  j["cadence_max_spm"] = number_or_null(s.cadence_max_spm);
  report::Json heart;
  heart["estimates"] = s.heart_estimates;
  heart["valid"] = s.heart_valid;
  const bool hr = s.heart_valid > 0;
  heart["min_bpm"] = hr ? number_or_null(s.heart_min_bpm) : report::Json(nullptr);
  heart["mean_bpm"] = hr ? number_or_null(s.heart_mean_bpm) : report::Json(nullptr);
  heart["max_bpm"] = hr ? number_or_null(s.heart_max_bpm) : report::Json(nullptr);
  j["heart"] = std::move(heart);
  report::Json energy;
  energy["kcal_total"] = s.stages_energy ? number_or_null(s.kcal_total) : report::Json(nullptr);
  energy["active_kcal_total"] =
      s.stages_energy ? number_or_null(s.active_kcal_total) : report::Json(nullptr);
  energy["met_mean"] = s.stages_energy ? number_or_null(s.met_mean) : report::Json(nullptr);
  j["energy"] = std::move(energy);
  j["falls"] = s.stages_falls ? report::Json(s.falls) : report::Json(nullptr);
  report::Json faults;
  faults["rejected"] = s.rejected;
  faults["gaps"] = s.gaps;
  faults["clipped"] = s.clipped;
  faults["jumps"] = s.jumps;
  faults["silences"] = s.silences;
  faults["reinits"] = s.reinits;
  j["faults"] = std::move(faults);
  report::Json kinds = report::Json::object();
  for (const auto& [kind, n] : s.events_per_kind) kinds[kind] = n;
  j["events_per_kind"] = std::move(kinds);
  j["events_dropped"] = s.events_dropped;
  return j;
}

report::Json timeline_json(const DayTimeline& day) {
  report::Json j;
  j["summary"] = summary_json(day.summary);
  report::Json columns = report::Json::array();
  for (const DayColumn& c : timeline_columns()) {
    report::Json cj;
    cj["name"] = c.name;
    cj["unit"] = c.unit;
    cj["meaning"] = c.meaning;
    columns.push_back(std::move(cj));
  }
  j["columns"] = std::move(columns);
  report::Json rows = report::Json::array();
  for (const DaySecond& r : day.seconds) {
    report::Json row = report::Json::array();
    for (const Cell& c : cells(r)) row.push_back(cell_json(c));
    rows.push_back(std::move(row));
  }
  j["seconds"] = std::move(rows);
  report::Json events = report::Json::array();
  for (const DayEvent& e : day.events) {
    report::Json ej;
    ej["t_s"] = cell_json(real(e.t_s, 3));
    ej["kind"] = e.kind;
    ej["detail"] = e.detail;
    events.push_back(std::move(ej));
  }
  j["events"] = std::move(events);
  return j;
}

namespace {

// "1 h 02 min 05 s", "3 min 20 s", "12.3 s".
std::string duration_text(double s) {
  if (!(s >= 60.0)) return printf_text("%.1f s", s);
  const auto total = static_cast<long long>(std::llround(s));
  char buf[64];
  if (total >= 3600) {
    std::snprintf(buf, sizeof buf, "%lld h %02lld min %02lld s", total / 3600, total / 60 % 60,
                  total % 60);
  } else {
    std::snprintf(buf, sizeof buf, "%lld min %02lld s", total / 60, total % 60);
  }
  return buf;
}

}  // namespace

void print_summary(std::FILE* out, const DaySummary& s) {
  auto ull = [](std::uint64_t v) { return static_cast<unsigned long long>(v); };
  std::fprintf(out, "%s\n", s.file.c_str());
  std::fprintf(out, "  %-10s %s (%s), samples imu %llu, mag %llu, ppg %llu\n", "duration",
               printf_text("%.1f s", s.duration_s).c_str(), duration_text(s.duration_s).c_str(),
               ull(s.imu_samples), ull(s.mag_samples), ull(s.ppg_samples));
  if (s.stages_activity) {
    std::string per;
    for (const auto& [label, secs] : s.seconds_per_activity) {
      if (!per.empty()) per += ", ";
      per += label + " " + duration_text(secs);
    }
    std::fprintf(out, "  %-10s %s\n", "activity", per.empty() ? "-" : per.c_str());
  } else {
    std::fprintf(out, "  %-10s off\n", "activity");
  }
  if (s.stages_steps) {
    std::fprintf(out, "  %-10s %llu, %.1f m, walking %s\n", "steps", ull(s.steps), s.distance_m,
                 duration_text(s.walking_s).c_str());
    if (s.walking_s > 0.0) {
      std::fprintf(out, "  %-10s mean %.1f, max %.1f steps/min while walking\n", "cadence",
                   s.cadence_mean_spm, s.cadence_max_spm);
    } else {
      std::fprintf(out, "  %-10s - (never walking)\n", "cadence");
    }
  } else {
    std::fprintf(out, "  %-10s off\n", "steps");
  }
  if (!s.stages_heart) {
    std::fprintf(out, "  %-10s off (no PPG)\n", "heart");
  } else if (s.heart_valid > 0) {
    std::fprintf(out,
                 "  %-10s min %.1f, mean %.1f, max %.1f beats/min (%zu of %zu estimates valid)\n",
                 "heart", s.heart_min_bpm, s.heart_mean_bpm, s.heart_max_bpm, s.heart_valid,
                 s.heart_estimates);
  } else {
    std::fprintf(out, "  %-10s - (%zu estimates, none valid)\n", "heart", s.heart_estimates);
  }
  if (s.stages_energy) {
    std::fprintf(out, "  %-10s %.1f kcal (active %.1f), mean %.2f MET\n", "energy", s.kcal_total,
                 s.active_kcal_total, s.met_mean);
  } else {
    std::fprintf(out, "  %-10s off\n", "energy");
  }
  if (s.stages_falls) {
    std::fprintf(out, "  %-10s %u\n", "falls", static_cast<unsigned>(s.falls));
  } else {
    std::fprintf(out, "  %-10s off (--no-falls, or not a wrist recording)\n", "falls");
  }
  std::fprintf(out,
               "  %-10s rejected %llu, gaps %llu, clipped %llu, jumps %llu, silences %llu, "
               "re-initialisations %llu\n",
               "faults", ull(s.rejected), ull(s.gaps), ull(s.clipped), ull(s.jumps),
               ull(s.silences), ull(s.reinits));
  std::string kinds;
  for (const auto& [kind, n] : s.events_per_kind) {
    if (!kinds.empty()) kinds += ", ";
    kinds += kind + " " + std::to_string(n);
  }
  if (s.events_dropped > 0)
    kinds += (kinds.empty() ? "" : "; ") + std::to_string(s.events_dropped) + " dropped";
  std::fprintf(out, "  %-10s %s\n", "events", kinds.empty() ? "none" : kinds.c_str());
}

std::string recording_name(const std::string& path) {
  const std::string file = std::filesystem::path(path).filename().string();
  for (const std::string ext : {".csv.gz", ".csv"}) {
    if (file.size() > ext.size() && file.compare(file.size() - ext.size(), ext.size(), ext) == 0) {
      return file.substr(0, file.size() - ext.size());
    }
  }
  return std::filesystem::path(file).stem().string();
}

DayFiles day_files(const std::string& dir, const std::string& name) {
  const std::filesystem::path d(dir);
  return DayFiles{(d / (name + "_timeline.csv")).string(), (d / (name + "_timeline.json")).string(),
                  (d / (name + "_day.svg")).string()};
}

DayFiles write_day_files(const std::string& dir, const std::string& name, const DayTimeline& day) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw std::runtime_error(dir + ": cannot create the folder: " + ec.message());
  const DayFiles files = day_files(dir, name);
  {
    std::ofstream csv(files.csv, std::ios::binary);
    write_timeline_csv(csv, day);
    csv.close();
    if (!csv) throw std::runtime_error(files.csv + ": cannot write");
  }
  {
    std::ofstream json(files.json, std::ios::binary);
    json << report::json_text(timeline_json(day));
    json.close();
    if (!json) throw std::runtime_error(files.json + ": cannot write");
  }
  report::write_day_svg(files.svg, day);
  return files;
}

}  // namespace fusetrack::replay
