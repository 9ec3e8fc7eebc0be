#include "eval/falls_eval.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <map>
#include <stdexcept>
#include <utility>

#include "eval/parallel_in_order.hpp"
#include "io/csv.hpp"
#include "report/bar_chart_svg.hpp"
#include "report/progress.hpp"
#include "report/text_cells.hpp"

namespace fusetrack::eval {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double ratio(std::size_t num, std::size_t den) {
  return den == 0 ? kNaN : static_cast<double>(num) / static_cast<double>(den);
}

// Runs one trial through the detector and scores it.
FallsTrialResult score_trial(const train::FallTrial& t, const falls::FallSettings& settings) {
  const train::FallRun run = train::run_falls(t, settings);
  FallsTrialResult r;
  r.positive = !run.alarms.empty();
  r.alarms = counted_alarms(run.alarms);
  r.first_alarm_us = run.alarms.empty() ? -1 : run.alarms.front();
  r.candidates = run.candidates.size();
  for (const falls::FallCandidate& c : run.candidates) {
    r.best_confidence = std::max(r.best_confidence, c.confidence);
  }
  if (t.is_fall) {
    (r.positive ? r.counts.tp : r.counts.fn) = 1;
  } else {
    (r.positive ? r.counts.fp : r.counts.tn) = 1;
    r.counts.adl_alarms = r.alarms;
    r.counts.adl_duration_s = t.duration_s;
  }
  return r;
}

std::string text(const char* format, double v) { return report::number_text(format, v); }

report::Json counts_json(const FallsCounts& c) {
  report::Json j;
  j["sensitivity"] = report::number_or_null(c.sensitivity());
  j["specificity"] = report::number_or_null(c.specificity());
  j["geometric_mean"] = report::number_or_null(c.geometric_mean());
  j["false_alarms_per_hour"] = report::number_or_null(c.false_alarms_per_hour());
  j["tp"] = c.tp;
  j["fn"] = c.fn;
  j["fp"] = c.fp;
  j["tn"] = c.tn;
  j["falls"] = c.falls();
  j["adls"] = c.adls();
  j["adl_alarms"] = c.adl_alarms;
  j["adl_hours"] = c.adl_duration_s / 3600.0;
  return j;
}

}  // namespace

std::vector<Micros> counted_alarm_times(std::vector<Micros> alarms_us, Micros repeat_us) {
  std::sort(alarms_us.begin(), alarms_us.end());
  std::vector<Micros> out;
  for (const Micros t : alarms_us) {
    if (out.empty() || t - out.back() >= repeat_us) out.push_back(t);
  }
  return out;
}

std::size_t counted_alarms(const std::vector<Micros>& alarms_us, Micros repeat_us) {
  return counted_alarm_times(alarms_us, repeat_us).size();
}

double FallsCounts::sensitivity() const { return ratio(tp, tp + fn); }
double FallsCounts::specificity() const { return ratio(tn, tn + fp); }
double FallsCounts::geometric_mean() const { return std::sqrt(sensitivity() * specificity()); }
double FallsCounts::false_alarms_per_hour() const {
  return adl_duration_s > 0.0 ? static_cast<double>(adl_alarms) / (adl_duration_s / 3600.0) : kNaN;
}
void FallsCounts::add(const FallsCounts& o) {
  tp += o.tp;
  fn += o.fn;
  fp += o.fp;
  tn += o.tn;
  adl_alarms += o.adl_alarms;
  adl_duration_s += o.adl_duration_s;
}

FallsReport evaluate_falls(const FallsDataset& data, const FallsEvalOptions& options) {
  falls::FallSettings settings = options.settings;
  settings.enabled = true;
  if (const Status st = settings.validate(); st != Status::kOk) {
    throw std::invalid_argument(std::string("eval falls: the fall detector's settings do not "
                                            "validate (") +
                                name(st) + ")");
  }
  FallsReport r;
  r.cross_validated = options.cross_validate;
  r.trials.resize(data.trials.size());
  r.samples = data.samples();

  if (!options.cross_validate) {
    r.model = (settings.model != nullptr ? settings.model : &models::kFallsWrist)->name;
    report::Progress progress("falls " + data.dir.filename().string(), data.trials.size());
    if (!options.show_progress) progress.finish();
    r.trials = parallel_in_order<FallsTrialResult>(
        data.trials.size(), options.threads, [&](std::size_t i) {
          FallsTrialResult t = score_trial(data.trials[i], settings);
          progress.advance();
          return t;
        });
  } else {
    if (data.subjects.size() < 2) {
      throw std::invalid_argument(
          "eval falls --cv subjects: leave-one-subject-out needs at least two subjects, the "
          "folder has " +
          std::to_string(data.subjects.size()));
    }
    r.model = "fitted per fold (leave-one-subject-out)";
    const FallFitter fit =
        options.fit
            ? options.fit
            : FallFitter([](const std::vector<const train::FallTrial*>& tr,
                            const falls::FallSettings& s) { return train::fit_fall_model(tr, s); });
    struct FoldResult {
      FallsFold fold;
      std::vector<std::pair<std::size_t, FallsTrialResult>> scored;
    };
    report::Progress progress("falls cross-validation", data.subjects.size());
    if (!options.show_progress) progress.finish();
    std::vector<FoldResult> folds =
        parallel_in_order<FoldResult>(data.subjects.size(), options.threads, [&](std::size_t f) {
          const std::string& subject = data.subjects[f];
          std::vector<const train::FallTrial*> training;
          for (const train::FallTrial& t : data.trials) {
            if (t.subject != subject) training.push_back(&t);
          }
          const std::unique_ptr<train::FittedFallModel> fitted = fit(training, settings);
          FoldResult out;
          out.fold.subject = subject;
          out.fold.threshold = fitted->model().threshold_logit;
          out.fold.training_rows = fitted->candidates;
          out.fold.training_falls = fitted->fall_candidates;
          falls::FallSettings s = settings;
          s.model = &fitted->model();
          for (std::size_t i = 0; i < data.trials.size(); ++i) {
            if (data.trials[i].subject == subject) {
              out.scored.emplace_back(i, score_trial(data.trials[i], s));
            }
          }
          progress.advance();
          return out;
        });
    for (FoldResult& f : folds) {
      r.folds.push_back(f.fold);
      for (auto& [i, t] : f.scored) r.trials[i] = std::move(t);
    }
  }

  // Pooled, per activity code, per subject, older subjects.
  std::map<std::string, FallsCounts> by_code;
  r.per_subject.resize(data.subjects.size());
  for (std::size_t s = 0; s < data.subjects.size(); ++s) r.per_subject[s].name = data.subjects[s];
  std::vector<std::string> older;
  for (std::size_t i = 0; i < data.trials.size(); ++i) {
    const train::FallTrial& t = data.trials[i];
    const FallsCounts& c = r.trials[i].counts;
    r.pooled.add(c);
    by_code[t.activity_code].add(c);
    for (FallsGroup& g : r.per_subject) {
      if (g.name == t.subject) g.counts.add(c);
    }
    if (t.age_group == "older_50plus") {
      r.older.add(c);
      if (std::find(older.begin(), older.end(), t.subject) == older.end()) {
        older.push_back(t.subject);
      }
    }
  }
  r.older_subjects = older.size();
  for (auto& [code, c] : by_code) r.per_activity.push_back(FallsGroup{code, c});
  double se_sum = 0.0, sp_sum = 0.0;
  std::size_t se_n = 0, sp_n = 0;
  for (const FallsGroup& g : r.per_subject) {
    if (g.counts.falls() > 0) {
      se_sum += g.counts.sensitivity();
      ++se_n;
    }
    if (g.counts.adls() > 0) {
      sp_sum += g.counts.specificity();
      ++sp_n;
    }
  }
  r.mean_subject_sensitivity = se_n > 0 ? se_sum / static_cast<double>(se_n) : kNaN;
  r.mean_subject_specificity = sp_n > 0 ? sp_sum / static_cast<double>(sp_n) : kNaN;
  return r;
}

report::Json to_json(const FallsReport& r, const FallsDataset& data) {
  report::Json j;
  j["mode"] = r.cross_validated ? "leave-one-subject-out" : "fixed";
  j["model"] = r.model;
  j["sensitivity"] = report::number_or_null(r.pooled.sensitivity());
  j["specificity"] = report::number_or_null(r.pooled.specificity());
  j["geometric_mean"] = report::number_or_null(r.pooled.geometric_mean());
  j["false_alarms_per_hour"] = report::number_or_null(r.pooled.false_alarms_per_hour());
  j["counts"] = counts_json(r.pooled);
  j["mean_subject_sensitivity"] = report::number_or_null(r.mean_subject_sensitivity);
  j["mean_subject_specificity"] = report::number_or_null(r.mean_subject_specificity);
  report::Json per_activity = report::Json::array();
  for (const FallsGroup& g : r.per_activity) {
    const bool fall = g.counts.falls() > 0;
    report::Json a;
    a["activity"] = g.name;
    a["fall"] = fall;
    a["trials"] = fall ? g.counts.falls() : g.counts.adls();
    a["positives"] = fall ? g.counts.tp : g.counts.fp;
    a["rate"] =
        report::number_or_null(fall ? g.counts.sensitivity() : 1.0 - g.counts.specificity());
    if (!fall) {
      a["false_alarms_per_hour"] = report::number_or_null(g.counts.false_alarms_per_hour());
    }
    per_activity.push_back(a);
  }
  j["per_activity"] = per_activity;
  report::Json per_subject = report::Json::array();
  for (const FallsGroup& g : r.per_subject) {
    report::Json s = counts_json(g.counts);
    s.erase("geometric_mean");
    report::Json out;
    out["subject"] = g.name;
    for (const auto& item : s.items()) out[item.key()] = item.value();
    per_subject.push_back(out);
  }
  j["per_subject"] = per_subject;
  report::Json older = counts_json(r.older);
  older["subjects"] = r.older_subjects;
  j["older_50plus"] = older;
  if (r.cross_validated) {
    report::Json folds = report::Json::array();
    for (const FallsFold& f : r.folds) {
      report::Json o;
      o["subject"] = f.subject;
      o["threshold"] = f.threshold;
      o["training_rows"] = f.training_rows;
      o["training_falls"] = f.training_falls;
      folds.push_back(o);
    }
    j["folds"] = folds;
  }
  report::Json missed = report::Json::array();
  report::Json false_positive = report::Json::array();
  for (std::size_t i = 0; i < data.trials.size(); ++i) {
    const train::FallTrial& t = data.trials[i];
    if (t.is_fall && !r.trials[i].positive) missed.push_back(t.name);
    if (!t.is_fall && r.trials[i].positive) false_positive.push_back(t.name);
  }
  j["missed_falls"] = missed;
  j["false_positive_trials"] = false_positive;
  j["trials"] = data.trials.size();
  j["samples"] = r.samples;
  return j;
}

std::string format_falls(const FallsReport& r, const FallsDataset& data) {
  std::string out;
  char line[512];
  const FallsCounts& p = r.pooled;
  std::snprintf(line, sizeof line,
                "%s: sensitivity %s (%zu/%zu), specificity %s (%zu/%zu), geometric mean %s\n"
                "false alarms per hour of daily activity: %s (%zu alarms in %.2f h)\n"
                "per-subject means (unweighted): sensitivity %s, specificity %s\n",
                r.cross_validated ? "leave-one-subject-out (pooled)" : "fixed",
                text("%.3f", p.sensitivity()).c_str(), p.tp, p.falls(),
                text("%.3f", p.specificity()).c_str(), p.tn, p.adls(),
                text("%.3f", p.geometric_mean()).c_str(),
                text("%.1f", p.false_alarms_per_hour()).c_str(), p.adl_alarms,
                p.adl_duration_s / 3600.0, text("%.3f", r.mean_subject_sensitivity).c_str(),
                text("%.3f", r.mean_subject_specificity).c_str());
  out += line;
  if (r.older_subjects > 0) {
    std::snprintf(line, sizeof line,
                  "older_50plus (%zu subjects): sensitivity %s (%zu/%zu), specificity %s "
                  "(%zu/%zu)\n",
                  r.older_subjects, text("%.3f", r.older.sensitivity()).c_str(), r.older.tp,
                  r.older.falls(), text("%.3f", r.older.specificity()).c_str(), r.older.tn,
                  r.older.adls());
    out += line;
  }
  out += "\ncode  trials  positives  rate    FA/h\n";
  for (const FallsGroup& g : r.per_activity) {
    const bool fall = g.counts.falls() > 0;
    std::snprintf(
        line, sizeof line, "%-5s %6zu  %9zu  %-6s  %s%s\n", io::printable(g.name).c_str(),
        fall ? g.counts.falls() : g.counts.adls(), fall ? g.counts.tp : g.counts.fp,
        text("%.3f", fall ? g.counts.sensitivity() : 1.0 - g.counts.specificity()).c_str(),
        fall ? "-" : text("%.1f", g.counts.false_alarms_per_hour()).c_str(),
        fall ? "  (sensitivity)" : "  (false-positive rate)");
    out += line;
  }
  out += "\nsubject  falls  detected  adls  false_pos  sensitivity  specificity";
  out += r.cross_validated ? "  threshold\n" : "\n";
  for (std::size_t s = 0; s < r.per_subject.size(); ++s) {
    const FallsGroup& g = r.per_subject[s];
    std::snprintf(line, sizeof line, "%-7s  %5zu  %8zu  %4zu  %9zu  %-11s  %-11s",
                  io::printable(g.name).c_str(), g.counts.falls(), g.counts.tp, g.counts.adls(),
                  g.counts.fp, text("%.3f", g.counts.sensitivity()).c_str(),
                  text("%.3f", g.counts.specificity()).c_str());
    out += line;
    if (r.cross_validated && s < r.folds.size()) {
      std::snprintf(line, sizeof line, "  %d", static_cast<int>(r.folds[s].threshold));
      out += line;
    }
    out += "\n";
  }
  std::string missed, fps;
  for (std::size_t i = 0; i < data.trials.size(); ++i) {
    const train::FallTrial& t = data.trials[i];
    if (t.is_fall && !r.trials[i].positive) missed += " " + io::printable(t.name);
    if (!t.is_fall && r.trials[i].positive) fps += " " + io::printable(t.name);
  }
  out += "\nmissed falls:" + (missed.empty() ? std::string(" none") : missed) + "\n";
  out += "false-positive trials:" + (fps.empty() ? std::string(" none") : fps) + "\n";
  return out;
}

std::vector<std::string> write_falls_svgs(const std::string& dir, const FallsReport& r) {
  std::filesystem::create_directories(dir);
  std::vector<std::string> written;
  const std::string mode = r.cross_validated ? "leave-one-subject-out" : "fixed model " + r.model;
  {
    report::BarChart c;
    c.title = "Fall detection per activity code";
    c.subtitle =
        mode + ": sensitivity for falls (F..), false-positive rate for daily activities (D..)";
    c.x_label = "share of trials with an alarm";
    c.x_max = 1.0;
    // One series: a chart row is either a fall code (its share is the sensitivity) or a
    // daily-activity code (its share is the false-positive rate); the names say which.
    report::BarSeries share{"share of trials with an alarm", "#4d4d4d", 12.0, true, {}};
    for (const FallsGroup& g : r.per_activity) {
      const bool fall = g.counts.falls() > 0;
      c.categories.push_back(g.name + (fall ? " fall, " : " daily, ") +
                             std::to_string(fall ? g.counts.falls() : g.counts.adls()) + " trials");
      share.values.push_back(fall ? g.counts.sensitivity() : 1.0 - g.counts.specificity());
    }
    c.series = {share};
    const std::string path = (std::filesystem::path(dir) / "falls_per_activity.svg").string();
    report::write_bar_chart_svg(path, c);
    written.push_back(path);
  }
  {
    report::BarChart c;
    c.title = "Fall detection per subject";
    c.subtitle = mode;
    c.x_label = "share of trials";
    c.x_max = 1.0;
    report::BarSeries se{"sensitivity", "#1b7837", 10.0, true, {}};
    report::BarSeries sp{"specificity", "#2166ac", 10.0, true, {}};
    for (const FallsGroup& g : r.per_subject) {
      c.categories.push_back(g.name + " (" + std::to_string(g.counts.falls()) + " falls, " +
                             std::to_string(g.counts.adls()) + " ADL)");
      se.values.push_back(g.counts.sensitivity());
      sp.values.push_back(g.counts.specificity());
    }
    c.series = {se, sp};
    c.markers.push_back(report::BarMarker{
        r.pooled.sensitivity(), "pooled sensitivity " + text("%.3f", r.pooled.sensitivity()),
        "#1b7837", true});
    c.markers.push_back(report::BarMarker{
        r.pooled.specificity(), "pooled specificity " + text("%.3f", r.pooled.specificity()),
        "#2166ac", true});
    const std::string path = (std::filesystem::path(dir) / "falls_per_subject.svg").string();
    report::write_bar_chart_svg(path, c);
    written.push_back(path);
  }
  return written;
}

}  // namespace fusetrack::eval
