#include "eval/false_falls.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <stdexcept>
#include <string_view>
#include <utility>

#include "eval/parallel_in_order.hpp"
#include "fusetrack/core/full_scale.hpp"
#include "io/csv.hpp"
#include "report/progress.hpp"
#include "report/text_cells.hpp"
#include "train/fall_training.hpp"

namespace fusetrack::eval {
namespace {

using report::pad_left;
using report::pad_right;

using report::number_or_null;

// An interval longer than this between two rows is a gap in the recording: its time is nobody's
// (the rule false_steps uses, so the hours of both evaluations agree).
constexpr Micros kMaxIntervalUs = 1'000'000;

AlarmRate pooled(std::string name) {
  AlarmRate r;
  r.name = std::move(name);
  return r;
}

void add(AlarmRate& into, const LabelAlarms& c) {
  into.time_us += c.time_us;
  into.alarms += c.alarms;
}

report::Json rate_json(const char* name_key, const AlarmRate& r) {
  report::Json j;
  j[name_key] = r.name;
  j["hours"] = r.hours();
  j["alarms"] = r.alarms;
  j["alarms_per_hour"] = number_or_null(r.alarms_per_hour());
  return j;
}

std::string number(const char* format, double v) { return report::number_text(format, v); }

// One table: name, hours, alarms, alarms/h, a line each.
std::string rate_table(const char* heading, const std::vector<AlarmRate>& rows) {
  std::size_t name_w = std::string_view(heading).size();
  for (const AlarmRate& r : rows) name_w = std::max(name_w, io::printable(r.name).size());
  std::string out = pad_right(heading, name_w) + "     hours    alarms  alarms/h\n";
  for (const AlarmRate& r : rows) {
    out += pad_right(io::printable(r.name), name_w) + "  " +
           pad_left(number("%.3f", r.hours()), 8) + "  " + pad_left(std::to_string(r.alarms), 8) +
           "  " + pad_left(number("%.2f", r.alarms_per_hour()), 8) + "\n";
  }
  return out;
}

// The text lists at most this many recordings with alarms.
constexpr std::size_t kMaxListed = 20;

double seconds(Micros t_us) { return static_cast<double>(t_us) * 1e-6; }

// The per-recording results pooled into a report: per_activity and per_subject are named by the
// caller (one entry per label and per subject), per_position when `position_of` is not empty.
void pool(FalseFallsReport& r, const std::vector<RecordingFalls>& runs,
          const std::vector<std::size_t>& subject_of, const std::vector<std::size_t>& position_of,
          const std::vector<std::string>& paths) {
  r.overall = pooled("all");
  r.unlabelled = pooled("unlabelled");
  r.training_subjects = pooled("training subjects");
  r.held_out_subjects = pooled("held-out subjects");
  for (std::size_t i = 0; i < runs.size(); ++i) {
    const RecordingFalls& c = runs[i];
    add(r.overall, c.total);
    add(r.unlabelled, c.unlabelled);
    for (std::size_t l = 0; l < c.per_label.size(); ++l) add(r.per_activity[l], c.per_label[l]);
    add(r.per_subject.at(subject_of[i]), c.total);
    if (!position_of.empty()) add(r.per_position.at(position_of[i]), c.total);
    r.raw_alarms += c.raw_alarms;
    r.candidates += c.candidates;
    add(train::fall_training_subject(subject_of[i]) ? r.training_subjects : r.held_out_subjects,
        c.total);
    if (!c.alarm_us.empty()) {
      r.recordings_with_alarms.push_back(
          RecordingWithAlarms{paths[i], r.per_subject.at(subject_of[i]).name, c.alarm_us});
    }
  }
  r.recordings = runs.size();
}

}  // namespace

falls::FallSettings shipped_fall_settings() {
  falls::FallSettings s;
  s.enabled = true;
  return s;
}

float har_acc_full_scale_m_s2(train::HarDatasetKind kind) {
  switch (kind) {
    case train::HarDatasetKind::kSpSwHar:
      return 8.0f * kGravity_m_s2;
    case train::HarDatasetKind::kUciHapt:
    case train::HarDatasetKind::kWisdm:
      return 2.0f * kGravity_m_s2;
  }
  return FullScaleSettings{}.acc_m_s2;
}

float oxford_acc_full_scale_m_s2(const std::string& accel_sensor) {
  if (accel_sensor == "MPU6500" || accel_sensor == "K2HH") return 4.0f * kGravity_m_s2;
  if (accel_sensor == "BMI160") return 8.0f * kGravity_m_s2;
  if (accel_sensor == "MPU6515") return 19.01f;
  return FullScaleSettings{}.acc_m_s2;
}

double AlarmRate::alarms_per_hour() const {
  if (time_us <= 0) return std::numeric_limits<double>::quiet_NaN();
  return static_cast<double>(alarms) / hours();
}

RecordingFalls count_false_falls(const std::string& path, const std::vector<ImuSample>& samples,
                                 const std::vector<std::uint8_t>& row_labels, std::size_t n_labels,
                                 float acc_full_scale_m_s2, const falls::FallSettings& settings) {
  const std::vector<ImuSample>& s = samples;
  const std::vector<std::uint8_t>& label = row_labels;
  if (label.size() != s.size()) {
    throw std::invalid_argument("false falls: " + path + " has " + std::to_string(s.size()) +
                                " samples but " + std::to_string(label.size()) + " row labels");
  }
  for (const std::uint8_t l : label) {
    if (l != train::kNoRowLabel && l >= n_labels) {
      throw std::invalid_argument("false falls: " + path + ": row label " + std::to_string(l) +
                                  " is not one of the " + std::to_string(n_labels) + " labels");
    }
  }
  RecordingFalls out;
  out.per_label.resize(n_labels);
  if (s.empty()) return out;

  // The whole file through one detector, as a device would see it.
  const train::FallRun run = train::run_falls(s, settings, acc_full_scale_m_s2);
  out.candidates = run.candidates.size();
  out.raw_alarms = run.alarms.size();
  out.alarm_us = counted_alarm_times(run.alarms);

  const auto slot = [&](std::size_t row) -> LabelAlarms& {
    return label[row] == train::kNoRowLabel ? out.unlabelled : out.per_label[label[row]];
  };
  // Row i is in force over [t_i, t_i+1); the last of equal stamps wins.
  std::size_t row = 0;
  for (const Micros t : out.alarm_us) {
    while (row + 1 < s.size() && s[row + 1].t_us <= t) ++row;
    ++slot(row).alarms;
    ++out.total.alarms;
  }
  for (std::size_t i = 0; i + 1 < s.size(); ++i) {
    const Micros dt = s[i + 1].t_us - s[i].t_us;
    if (dt > 0 && dt <= kMaxIntervalUs) {
      slot(i).time_us += dt;
      out.total.time_us += dt;
    }
  }
  return out;
}

FalseFallsReport evaluate_false_falls(const train::HarDataset& dataset,
                                      const FalseFallsOptions& options) {
  const std::size_t n_labels = dataset.row_label_names.size();
  const float full_scale = har_acc_full_scale_m_s2(dataset.kind);
  report::Progress progress("false falls " + dataset.name, dataset.recordings.size(),
                            options.show_progress ? stderr : nullptr);
  const std::vector<RecordingFalls> runs = parallel_in_order<RecordingFalls>(
      dataset.recordings.size(), options.threads, [&](std::size_t i) {
        const train::HarRecording& rec = dataset.recordings[i];
        RecordingFalls c = count_false_falls(rec.path, rec.samples, rec.row_labels, n_labels,
                                             full_scale, options.settings);
        progress.advance();
        return c;
      });
  progress.finish();

  FalseFallsReport r;
  switch (dataset.kind) {
    case train::HarDatasetKind::kSpSwHar:
      r.dataset = "sp-sw-har";
      break;
    case train::HarDatasetKind::kUciHapt:
      r.dataset = "uci-hapt";
      break;
    case train::HarDatasetKind::kWisdm:
      r.dataset = "wisdm";
      break;
  }
  r.acc_full_scale_m_s2 = full_scale;
  for (const std::string& l : dataset.row_label_names) r.per_activity.push_back(pooled(l));
  for (const std::string& subject : dataset.subjects) r.per_subject.push_back(pooled(subject));
  std::vector<std::size_t> subject_of;
  std::vector<std::string> paths;
  for (const train::HarRecording& rec : dataset.recordings) {
    subject_of.push_back(rec.subject);
    paths.push_back(rec.path);
    r.samples += rec.samples.size();
  }
  pool(r, runs, subject_of, {}, paths);
  return r;
}

FalseFallsReport evaluate_false_falls(const OxfordStepsIndex& index,
                                      const FalseFallsOptions& options) {
  report::Progress progress("false falls oxford-steps", index.traces.size(),
                            options.show_progress ? stderr : nullptr);
  struct TraceRun {
    RecordingFalls falls;
    std::size_t samples = 0;
  };
  const std::vector<TraceRun> runs =
      parallel_in_order<TraceRun>(index.traces.size(), options.threads, [&](std::size_t i) {
        const OxfordTraceInfo& info = index.traces[i];
        std::vector<ImuSample> samples;
        samples.reserve(info.n_samples);
        read_oxford_acc(index, info, [&](Micros t_us, const Vec3& acc_m_s2) {
          ImuSample s;
          s.t_us = t_us;
          s.acc_m_s2 = acc_m_s2;
          s.has_gyr = false;
          samples.push_back(s);
        });
        const std::vector<std::uint8_t> labels(samples.size(), 0);
        TraceRun t;
        t.falls =
            count_false_falls("acc/" + info.name + ".csv.gz", samples, labels, 1,
                              oxford_acc_full_scale_m_s2(info.accel_sensor), options.settings);
        t.samples = samples.size();
        progress.advance();
        return t;
      });
  progress.finish();

  FalseFallsReport r;
  r.dataset = "oxford-steps";
  r.per_activity.push_back(pooled("WALKING"));
  // Subjects sorted by id; positions in the order traces.csv first names them.
  std::vector<std::string> subjects;
  for (const OxfordTraceInfo& t : index.traces) subjects.push_back(t.subject);
  std::sort(subjects.begin(), subjects.end());
  subjects.erase(std::unique(subjects.begin(), subjects.end()), subjects.end());
  for (const std::string& s : subjects) r.per_subject.push_back(pooled(s));
  std::vector<std::size_t> subject_of, position_of;
  std::vector<std::string> paths;
  std::vector<RecordingFalls> falls;
  for (std::size_t i = 0; i < index.traces.size(); ++i) {
    const OxfordTraceInfo& t = index.traces[i];
    subject_of.push_back(static_cast<std::size_t>(
        std::lower_bound(subjects.begin(), subjects.end(), t.subject) - subjects.begin()));
    std::size_t p = 0;
    while (p < r.per_position.size() && r.per_position[p].name != t.position) ++p;
    if (p == r.per_position.size()) r.per_position.push_back(pooled(t.position));
    position_of.push_back(p);
    paths.push_back(t.name);
    falls.push_back(runs[i].falls);
    r.samples += runs[i].samples;
  }
  pool(r, falls, subject_of, position_of, paths);
  return r;
}

report::Json to_json(const FalseFallsReport& r) {
  report::Json j;
  j["dataset"] = r.dataset;
  j["alarms"] = r.overall.alarms;
  j["hours"] = r.overall.hours();
  j["false_alarms_per_hour"] = number_or_null(r.overall.alarms_per_hour());
  const auto split = [&](const AlarmRate& a, bool training) {
    report::Json o;
    report::Json names = report::Json::array();
    for (std::size_t k = 0; k < r.per_subject.size(); ++k) {
      if (train::fall_training_subject(k) == training) names.push_back(r.per_subject[k].name);
    }
    o["subjects"] = std::move(names);
    o["hours"] = a.hours();
    o["alarms"] = a.alarms;
    o["alarms_per_hour"] = number_or_null(a.alarms_per_hour());
    return o;
  };
  j["held_out"] = split(r.held_out_subjects, false);
  j["training_subjects"] = split(r.training_subjects, true);
  j["raw_alarms"] = r.raw_alarms;
  j["candidates"] = r.candidates;
  j["acc_full_scale_m_s2"] =
      r.acc_full_scale_m_s2 > 0.0f ? number_or_null(r.acc_full_scale_m_s2) : report::Json();
  report::Json activities = report::Json::array();
  for (const AlarmRate& a : r.per_activity) activities.push_back(rate_json("activity", a));
  j["per_activity"] = std::move(activities);
  report::Json unlabelled;
  unlabelled["hours"] = r.unlabelled.hours();
  unlabelled["alarms"] = r.unlabelled.alarms;
  j["unlabelled"] = std::move(unlabelled);
  report::Json subjects = report::Json::array();
  for (const AlarmRate& s : r.per_subject) subjects.push_back(rate_json("subject", s));
  j["per_subject"] = std::move(subjects);
  if (!r.per_position.empty()) {
    report::Json positions = report::Json::array();
    for (const AlarmRate& p : r.per_position) positions.push_back(rate_json("position", p));
    j["per_position"] = std::move(positions);
  }
  report::Json with_alarms = report::Json::array();
  for (const RecordingWithAlarms& w : r.recordings_with_alarms) {
    report::Json rj;
    rj["recording"] = w.recording;
    rj["subject"] = w.subject;
    report::Json times = report::Json::array();
    for (const Micros t : w.alarm_us) times.push_back(seconds(t));
    rj["alarm_s"] = std::move(times);
    with_alarms.push_back(std::move(rj));
  }
  j["recordings_with_alarms"] = std::move(with_alarms);
  j["recordings"] = r.recordings;
  j["samples"] = r.samples;
  return j;
}

std::string format_false_falls(const FalseFallsReport& r) {
  std::string out;
  out += "false alarms: " + number("%.3f", r.overall.alarms_per_hour()) + " per hour (" +
         std::to_string(r.overall.alarms) + " alarms in " + number("%.3f", r.overall.hours()) +
         " h; " + std::to_string(r.raw_alarms) + " before the 5 s rule, " +
         std::to_string(r.candidates) + " impacts judged)\n";
  out += "held-out subjects (odd positions, never trained on): " +
         number("%.3f", r.held_out_subjects.alarms_per_hour()) + " per hour (" +
         std::to_string(r.held_out_subjects.alarms) + " alarms in " +
         number("%.3f", r.held_out_subjects.hours()) +
         " h); training subjects: " + number("%.3f", r.training_subjects.alarms_per_hour()) +
         " per hour (" + std::to_string(r.training_subjects.alarms) + " in " +
         number("%.3f", r.training_subjects.hours()) + " h)\n";
  if (r.unlabelled.time_us > 0) {
    out += "of which without a label: " + std::to_string(r.unlabelled.alarms) + " alarms in " +
           number("%.3f", r.unlabelled.hours()) + " h\n";
  }
  out += "\n" + rate_table("activity", r.per_activity);
  if (!r.per_position.empty()) out += "\n" + rate_table("position", r.per_position);
  out += "\n" + rate_table("subject", r.per_subject);
  if (!r.recordings_with_alarms.empty()) {
    out += "\nrecordings with alarms (impact times, s)\n";
    std::size_t shown = 0;
    for (const RecordingWithAlarms& w : r.recordings_with_alarms) {
      if (shown++ == kMaxListed) {
        out += "  ... and " + std::to_string(r.recordings_with_alarms.size() - kMaxListed) +
               " more (--json lists them all)\n";
        break;
      }
      std::string times;
      for (const Micros t : w.alarm_us) {
        times += (times.empty() ? "" : " ") + number("%.2f", seconds(t));
      }
      out += "  " + io::printable(w.recording) + ": " + times + "\n";
    }
  }
  return out;
}

}  // namespace fusetrack::eval
