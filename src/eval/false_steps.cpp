#include "eval/false_steps.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <initializer_list>
#include <limits>
#include <stdexcept>
#include <string_view>
#include <utility>

#include "eval/parallel_in_order.hpp"
#include "io/csv.hpp"
#include "report/progress.hpp"
#include "report/text_cells.hpp"

namespace fusetrack::eval {
namespace {

using report::pad_left;
using report::pad_right;

using report::number_or_null;

// An interval longer than this between two rows is a gap in the recording: its time is not the
// label's (the brief's rule; it matches the 1.0 s of wisdm's window validity).
constexpr Micros kMaxIntervalUs = 1'000'000;

// The role of `label` given the dataset's walking and non-walking lists; any other is not scored.
LabelRole role_in(std::string_view label, std::initializer_list<std::string_view> walking,
                  std::initializer_list<std::string_view> non_walking) {
  for (std::string_view w : walking) {
    if (label == w) return LabelRole::kWalking;
  }
  for (std::string_view w : non_walking) {
    if (label == w) return LabelRole::kNonWalking;
  }
  return LabelRole::kNotScored;
}

StepRate pooled(std::string name) {
  StepRate r;
  r.name = std::move(name);
  return r;
}

void add(StepRate& into, const LabelCount& c) {
  into.time_us += c.time_us;
  into.steps += c.steps;
}

report::Json rate_json(const char* name_key, const StepRate& r) {
  report::Json j;
  j[name_key] = r.name;
  j["minutes"] = r.minutes();
  j["steps"] = r.steps;
  j["steps_per_minute"] = number_or_null(r.steps_per_minute());
  return j;
}

std::string number(const char* format, double v) { return report::number_text(format, v); }

// One table: name, minutes, steps, steps/min, a line each.
std::string rate_table(const char* heading, const std::vector<StepRate>& rows) {
  std::size_t name_w = std::string_view(heading).size();
  for (const StepRate& r : rows) name_w = std::max(name_w, io::printable(r.name).size());
  std::string out = pad_right(heading, name_w) + "    minutes     steps  steps/min\n";
  for (const StepRate& r : rows) {
    out += pad_right(io::printable(r.name), name_w) + "  " +
           pad_left(number("%.2f", r.minutes()), 9) + "  " + pad_left(std::to_string(r.steps), 8) +
           "  " + pad_left(number("%.2f", r.steps_per_minute()), 9) + "\n";
  }
  return out;
}

}  // namespace

std::vector<LabelRole> label_roles(const train::HarDataset& dataset) {
  std::vector<LabelRole> roles;
  roles.reserve(dataset.row_label_names.size());
  for (const std::string& label : dataset.row_label_names) {
    switch (dataset.kind) {
      case train::HarDatasetKind::kSpSwHar:
        roles.push_back(
            role_in(label, {"WALKING", "TURNING"}, {"SEATED", "STANDING_UP", "SITTING_DOWN"}));
        break;
      case train::HarDatasetKind::kUciHapt:
        roles.push_back(role_in(label, {"WALKING", "WALKING_UPSTAIRS", "WALKING_DOWNSTAIRS"},
                                {"SITTING", "STANDING", "LAYING", "STAND_TO_SIT", "SIT_TO_STAND",
                                 "SIT_TO_LIE", "LIE_TO_SIT", "STAND_TO_LIE", "LIE_TO_STAND"}));
        break;
      case train::HarDatasetKind::kWisdm:
        // By the README's group table: still or hand activities are not walking; the ball
        // sports are made of steps, runs and jumps that are neither.
        roles.push_back(role_in(train::wisdm_group_of(label), {"WALKING", "JOGGING", "STAIRS"},
                                {"STATIC", "HAND"}));
        break;
    }
  }
  return roles;
}

double StepRate::steps_per_minute() const {
  if (time_us <= 0) return std::numeric_limits<double>::quiet_NaN();
  return static_cast<double>(steps) / minutes();
}

std::vector<LabelCount> count_steps_by_label(const train::HarRecording& r, std::size_t n_labels,
                                             const steps::StepSettings& settings) {
  const std::vector<ImuSample>& s = r.samples;
  const std::vector<std::uint8_t>& label = r.row_labels;
  if (label.size() != s.size()) {
    throw std::invalid_argument("false steps: " + r.path + " has " + std::to_string(s.size()) +
                                " samples but " + std::to_string(label.size()) + " row labels");
  }
  for (const std::uint8_t l : label) {
    if (l != train::kNoRowLabel && l >= n_labels) {
      throw std::invalid_argument("false steps: " + r.path + ": row label " + std::to_string(l) +
                                  " is not one of the " + std::to_string(n_labels) + " labels");
    }
  }
  std::vector<LabelCount> out(n_labels);
  if (s.empty()) return out;

  // The whole file through one detector, as a device would see it.
  std::vector<Micros> step_us;
  steps::StepDetector detector(settings);
  const auto sink = [&](const steps::StepEvent& e) {
    if (e.kind == steps::StepEventKind::kStep) step_us.push_back(e.t_us);
  };
  for (const ImuSample& sample : s) {
    // With the device's gyroscope when it has one, as the Tracker runs the stage.
    if (sample.has_gyr) {
      detector.push(sample.t_us, sample.acc_m_s2, sample.gyr_rad_s, sink);
    } else {
      detector.push(sample.t_us, sample.acc_m_s2, sink);
    }
  }
  // Steps come in time order; sorting keeps the walk below right if that ever changed.
  std::sort(step_us.begin(), step_us.end());

  // Row i is in force over [t_i, t_i+1); the last of equal stamps wins.
  std::size_t row = 0;
  for (const Micros t : step_us) {
    while (row + 1 < s.size() && s[row + 1].t_us <= t) ++row;
    if (label[row] != train::kNoRowLabel) ++out[label[row]].steps;
  }
  for (std::size_t i = 0; i + 1 < s.size(); ++i) {
    const Micros dt = s[i + 1].t_us - s[i].t_us;
    if (label[i] != train::kNoRowLabel && dt > 0 && dt <= kMaxIntervalUs) {
      out[label[i]].time_us += dt;
    }
  }
  return out;
}

FalseStepsReport evaluate_false_steps(const train::HarDataset& dataset,
                                      const FalseStepsOptions& options) {
  const std::vector<LabelRole> roles = label_roles(dataset);
  const std::size_t n_labels = roles.size();
  report::Progress progress("false steps " + dataset.name, dataset.recordings.size(),
                            options.show_progress ? stderr : nullptr);
  const std::vector<std::vector<LabelCount>> counts = parallel_in_order<std::vector<LabelCount>>(
      dataset.recordings.size(), options.threads, [&](std::size_t i) {
        std::vector<LabelCount> c =
            count_steps_by_label(dataset.recordings[i], n_labels, options.settings);
        progress.advance();
        return c;
      });
  progress.finish();

  FalseStepsReport r;
  r.non_walking = pooled("non-walking");
  r.walking = pooled("walking");
  std::vector<std::size_t> activity_of_label(n_labels, n_labels);
  for (std::size_t l = 0; l < n_labels; ++l) {
    if (roles[l] == LabelRole::kNonWalking) {
      activity_of_label[l] = r.per_activity.size();
      r.per_activity.push_back(pooled(dataset.row_label_names[l]));
    } else if (roles[l] == LabelRole::kWalking) {
      r.walking_labels.push_back(dataset.row_label_names[l]);
    }
  }
  for (const std::string& subject : dataset.subjects) r.subjects.push_back(pooled(subject));
  for (std::size_t i = 0; i < counts.size(); ++i) {
    const train::HarRecording& rec = dataset.recordings[i];
    r.samples += rec.samples.size();
    for (std::size_t l = 0; l < n_labels; ++l) {
      const LabelCount& c = counts[i][l];
      if (roles[l] == LabelRole::kWalking) add(r.walking, c);
      if (roles[l] != LabelRole::kNonWalking) continue;
      add(r.non_walking, c);
      add(r.per_activity[activity_of_label[l]], c);
      add(r.subjects.at(rec.subject), c);
    }
  }
  r.recordings = counts.size();
  r.worst_subject = r.subjects.size();
  for (std::size_t k = 0; k < r.subjects.size(); ++k) {
    const double v = r.subjects[k].steps_per_minute();
    if (!std::isfinite(v)) continue;
    if (r.worst_subject == r.subjects.size() ||
        v > r.subjects[r.worst_subject].steps_per_minute()) {
      r.worst_subject = k;
    }
  }
  return r;
}

report::Json to_json(const FalseStepsReport& r) {
  report::Json j;
  j["steps_per_minute"] = number_or_null(r.non_walking.steps_per_minute());
  j["non_walking_minutes"] = r.non_walking.minutes();
  j["non_walking_steps"] = r.non_walking.steps;
  report::Json activities = report::Json::array();
  for (const StepRate& a : r.per_activity) activities.push_back(rate_json("activity", a));
  j["per_activity"] = std::move(activities);
  report::Json subjects = report::Json::array();
  for (const StepRate& s : r.subjects) subjects.push_back(rate_json("subject", s));
  j["subjects"] = std::move(subjects);
  const bool has_worst = r.worst_subject < r.subjects.size();
  j["max_subject_steps_per_minute"] =
      has_worst ? number_or_null(r.subjects[r.worst_subject].steps_per_minute()) : report::Json();
  j["worst_subject"] = has_worst ? report::Json(r.subjects[r.worst_subject].name) : report::Json();
  report::Json walking;
  walking["labels"] = r.walking_labels;
  walking["minutes"] = r.walking.minutes();
  walking["steps"] = r.walking.steps;
  walking["steps_per_minute"] = number_or_null(r.walking.steps_per_minute());
  j["walking"] = std::move(walking);
  j["recordings"] = r.recordings;
  j["samples"] = r.samples;
  return j;
}

std::string format_false_steps(const FalseStepsReport& r) {
  std::string out;
  out += "non-walking: " + number("%.2f", r.non_walking.steps_per_minute()) + " steps/min (" +
         std::to_string(r.non_walking.steps) + " steps in " +
         number("%.2f", r.non_walking.minutes()) + " min)\n";
  if (r.worst_subject < r.subjects.size()) {
    const StepRate& w = r.subjects[r.worst_subject];
    out += "worst subject: " + io::printable(w.name) + ", " + number("%.2f", w.steps_per_minute()) +
           " steps/min (" + std::to_string(w.steps) + " steps in " + number("%.2f", w.minutes()) +
           " min)\n";
  }
  std::string labels;
  for (const std::string& l : r.walking_labels) labels += (labels.empty() ? "" : ", ") + l;
  out += "walking, for comparison (" + labels +
         "): " + number("%.2f", r.walking.steps_per_minute()) + " steps/min (" +
         std::to_string(r.walking.steps) + " steps in " + number("%.2f", r.walking.minutes()) +
         " min)\n\n";
  out += rate_table("activity", r.per_activity);
  out += "\n";
  out += rate_table("subject", r.subjects);
  return out;
}

}  // namespace fusetrack::eval
