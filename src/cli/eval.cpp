// `fusetrack eval ...`: evaluations of the estimators on public datasets. Here: `eval
// orientation`, the BROAD protocol (../shared/datasets/broad/README.md); `eval activity`,
// `eval steps`, `eval false-steps` and `eval heart-rate` register from their own files.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <tbb/task_arena.h>

#include "cli/commands.hpp"
#include "cli/table_text.hpp"
#include "cli/usage.hpp"
#include "eval/orientation_eval.hpp"
#include "eval/orientation_eval_svg.hpp"
#include "io/broad.hpp"
#include "io/csv.hpp"
#include "replay/replay.hpp"
#include "report/json.hpp"

namespace fusetrack::cli {

namespace {

using report::number_or_null;

// Options of `eval orientation`.
struct OrientationOptions {
  std::string data;
  std::string filter = "ekf";
  bool no_mag = false;
  bool json = false;
  std::size_t threads = 0;
  std::string svg;  // folder for the pictures; empty: none
};

// "%.3f" of an RMSE in degrees; "-" when not valid (NaN).
std::string deg(double v) {
  if (v != v) return "-";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", v);
  return buf;
}

report::Json mean_json(const eval::MeanScore& m) {
  report::Json j;
  j["n_trials"] = m.n_trials;
  j["valid"] = m.valid;
  j["mean_total_rmse_deg"] = number_or_null(m.total_rmse_deg);
  j["mean_heading_rmse_deg"] = number_or_null(m.heading_rmse_deg);
  j["mean_inclination_rmse_deg"] = number_or_null(m.inclination_rmse_deg);
  return j;
}

report::Json to_json(const eval::OrientationEvalResult& r, const OrientationOptions& o,
                     const std::vector<eval::GroupMean>& by_condition,
                     const std::vector<eval::GroupMean>& by_disturbance) {
  report::Json j;
  j["evaluation"] = "orientation";
  j["dataset"] = "BROAD";
  j["data"] = o.data;
  j["filter"] = o.filter;
  j["mode"] = r.use_mag ? "9D" : "6D";
  j["valid"] = r.valid();
  j["n_trials"] = r.trials.size();
  j["mean_total_rmse_deg"] = number_or_null(r.mean.total_rmse_deg);
  j["mean_heading_rmse_deg"] = number_or_null(r.mean.heading_rmse_deg);
  j["mean_inclination_rmse_deg"] = number_or_null(r.mean.inclination_rmse_deg);
  report::Json trials = report::Json::array();
  for (const eval::TrialResult& t : r.trials) {
    report::Json tj;
    tj["name"] = t.info.name;
    tj["condition"] = t.info.condition;
    tj["motion"] = t.info.motion;
    tj["speed"] = t.info.speed;
    tj["breaks"] = t.info.breaks;
    tj["disturbance"] = t.info.disturbance;
    tj["valid"] = t.score.valid;
    if (!t.score.valid) tj["invalid_reason"] = t.score.invalid_reason;
    tj["total_rmse_deg"] = number_or_null(t.score.total_rmse_deg);
    tj["heading_rmse_deg"] = number_or_null(t.score.heading_rmse_deg);
    tj["inclination_rmse_deg"] = number_or_null(t.score.inclination_rmse_deg);
    tj["heading_offset_deg"] = number_or_null(t.score.heading_offset_deg);
    tj["n_samples"] = t.n_samples;
    tj["n_scored"] = t.score.n_scored;
    tj["n_updates_not_ok"] = t.n_updates_not_ok;
    if (t.n_updates_not_ok > 0) {
      tj["first_not_ok_status"] = name(t.first_not_ok);
      tj["first_not_ok_sample"] = t.first_not_ok_sample;
    }
    trials.push_back(std::move(tj));
  }
  j["trials"] = std::move(trials);
  report::Json conditions = report::Json::object();
  for (const eval::GroupMean& g : by_condition) conditions[g.label] = mean_json(g.mean);
  j["by_condition"] = std::move(conditions);
  report::Json disturbances = report::Json::object();
  for (const eval::GroupMean& g : by_disturbance) disturbances[g.label] = mean_json(g.mean);
  j["by_disturbance"] = std::move(disturbances);
  return j;
}

void print_table(const eval::OrientationEvalResult& r, const OrientationOptions& o,
                 const std::vector<eval::GroupMean>& by_condition,
                 const std::vector<eval::GroupMean>& by_disturbance) {
  int name_w = 24;
  int dist_w = 12;
  for (const eval::TrialResult& t : r.trials) {
    name_w = std::max(name_w, static_cast<int>(shown(t.info.name).size()));
    dist_w = std::max(dist_w, static_cast<int>(shown(t.info.disturbance).size()));
  }
  const int label_w = name_w + 2 + dist_w;
  std::printf("BROAD orientation: filter %s, %s, %zu trials from %s\n", o.filter.c_str(),
              r.use_mag ? "9D (gyr + acc + mag)" : "6D (gyr + acc; heading offset removed)",
              r.trials.size(), o.data.c_str());
  std::printf("RMSE in degrees\n\n");
  std::printf("%-*s  %-*s  %8s  %8s  %8s  %8s\n", name_w, "trial", dist_w, "disturbance", "total",
              "heading", "inclin.", "scored");
  for (const eval::TrialResult& t : r.trials) {
    std::printf("%-*s  %-*s  %8s  %8s  %8s  %8zu\n", name_w, shown(t.info.name).c_str(), dist_w,
                shown(t.info.disturbance).c_str(), deg(t.score.total_rmse_deg).c_str(),
                deg(t.score.heading_rmse_deg).c_str(), deg(t.score.inclination_rmse_deg).c_str(),
                t.score.n_scored);
  }
  const auto mean_row = [&](const std::string& label, const eval::MeanScore& m) {
    std::printf("%-*s  %8s  %8s  %8s\n", label_w, label.c_str(), deg(m.total_rmse_deg).c_str(),
                deg(m.heading_rmse_deg).c_str(), deg(m.inclination_rmse_deg).c_str());
  };
  std::printf("\n");
  mean_row("mean of " + std::to_string(r.mean.n_trials) + " trials", r.mean);
  std::printf("\nmean by condition\n");
  for (const eval::GroupMean& g : by_condition) {
    mean_row("  " + shown(g.label) + " (" + std::to_string(g.mean.n_trials) + ")", g.mean);
  }
  std::printf("\nmean by disturbance\n");
  for (const eval::GroupMean& g : by_disturbance) {
    mean_row("  " + shown(g.label) + " (" + std::to_string(g.mean.n_trials) + ")", g.mean);
  }
  bool first_note = true;
  for (const eval::TrialResult& t : r.trials) {
    if (t.score.valid && t.n_updates_not_ok == 0) continue;
    if (first_note) std::printf("\n");
    first_note = false;
    if (!t.score.valid) {
      std::printf("invalid: %s: %s\n", shown(t.info.name).c_str(),
                  shown(t.score.invalid_reason).c_str());
    }
    if (t.n_updates_not_ok > 0) {
      std::printf("note: %s: %zu updates returned %s (first at sample %zu)\n",
                  shown(t.info.name).c_str(), t.n_updates_not_ok, name(t.first_not_ok),
                  t.first_not_ok_sample);
    }
  }
}

void run_orientation(const OrientationOptions& o) {
  const auto start = std::chrono::steady_clock::now();
  if (!std::filesystem::is_directory(o.data)) {
    throw std::runtime_error("--data " + o.data +
                             ": no such folder (expected a BROAD-layout folder holding "
                             "trials.csv and trials/; the default is $FUSETRACK_DATASETS/broad, "
                             "else ../shared/datasets/broad from the working directory)");
  }
  const io::BroadIndex index = io::load_broad_index(o.data);
  // Before the run, so a folder that cannot be made costs no evaluation.
  if (!o.svg.empty()) eval::make_picture_folder(o.svg);

  eval::OrientationEvalOptions options;
  // Default settings: one common parameter set for all trials, as the BROAD protocol asks of a
  // tunable filter.
  options.filter = replay::filter_kind(o.filter);
  options.use_mag = !o.no_mag;
  options.threads = o.threads;
  options.show_progress = true;
  options.keep_traces = !o.svg.empty();
  const eval::OrientationEvalResult r = eval::evaluate_orientation(index, options);
  const auto by_condition =
      eval::group_means(r.trials, [](const io::BroadTrialInfo& t) { return t.condition; });
  const auto by_disturbance =
      eval::group_means(r.trials, [](const io::BroadTrialInfo& t) { return t.disturbance; });

  if (o.json) {
    std::cout << report::json_text(to_json(r, o, by_condition, by_disturbance));
  } else {
    print_table(r, o, by_condition, by_disturbance);
  }
  std::cout.flush();
  std::fflush(stdout);

  // Pictures also of a run that is not valid: they show where it went wrong.
  std::size_t pictures = 0;
  if (!o.svg.empty()) {
    pictures = eval::write_orientation_pictures(
                   o.svg, r, eval::EvalPictureLabels{"BROAD", o.filter}, o.threads)
                   .size();
  }

  std::size_t samples = 0;
  for (const eval::TrialResult& t : r.trials) samples += t.n_samples;
  const double elapsed_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const int threads =
      o.threads > 0 ? static_cast<int>(o.threads) : tbb::this_task_arena::max_concurrency();
  std::fprintf(stderr, "eval orientation: %zu trials, %zu samples in %.2f s (%d thread%s)\n",
               r.trials.size(), samples, elapsed_s, threads, threads == 1 ? "" : "s");
  if (pictures > 0) {
    std::fprintf(stderr,
                 "eval orientation: %zu pictures written to %s (summary.svg, <trial>.svg)\n",
                 pictures, o.svg.c_str());
  }

  if (!r.valid()) {
    for (const eval::TrialResult& t : r.trials) {
      if (!t.score.valid) {
        throw std::runtime_error("the run is invalid: trial " + t.info.name + ": " +
                                 t.score.invalid_reason);
      }
    }
    throw std::runtime_error("the run is invalid: no trials in " + o.data + "/trials.csv");
  }
}

void register_orientation(CLI::App& eval_cmd) {
  auto o = std::make_shared<OrientationOptions>();
  auto* cmd = eval_cmd.add_subcommand(
      "orientation",
      "Replay every trial of a BROAD-layout folder through the Tracker (the chosen filter with "
      "its default settings, nominal rates from the trial's sampling rate) and score its "
      "orientation: total, heading and inclination RMSE per trial (degrees), their means over "
      "trials and per condition and disturbance.\n"
      "9D by default (gyr + acc + mag); --no-mag for 6D, which removes one constant heading "
      "offset per trial. The protocol is the one in the dataset's README.");
  o->data = default_dataset_dir("broad");
  cmd->add_option("--data", o->data,
                  "BROAD-layout folder (trials.csv, trials/); default: $FUSETRACK_DATASETS/broad "
                  "when that variable is set, else ../shared/datasets/broad from the working "
                  "directory")
      ->capture_default_str();
  cmd->add_option("--filter", o->filter, "orientation filter, default settings")
      ->check(CLI::IsMember({"complementary", "ekf"}))
      ->capture_default_str();
  cmd->add_flag("--no-mag", o->no_mag, "6D: feed gyroscope and accelerometer only");
  cmd->add_flag("--json", o->json, "print one JSON object instead of tables");
  cmd->add_option("--threads", o->threads, "worker threads in [0, 1024] (0 = all cores)")
      ->check(integer_in(0, 1024))
      ->capture_default_str();
  cmd->add_option("--svg", o->svg,
                  "also draw pictures into this folder (created if needed): summary.svg, the "
                  "RMSE of every trial; <trial>.svg, its error per sample, movement phase, filter "
                  "flags and magnetometer field norm over time");
  cmd->callback([o] { run_orientation(*o); });
}

}  // namespace

void register_eval(CLI::App& app) {
  auto* cmd = app.add_subcommand("eval", "Evaluate the estimators on public datasets");
  cmd->require_subcommand(1);
  register_orientation(*cmd);
  register_eval_activity(*cmd);
  register_eval_steps(*cmd);
  register_eval_false_steps(*cmd);
  register_eval_falls(*cmd);
  register_eval_false_falls(*cmd);
  register_eval_heart_rate(*cmd);
}

}  // namespace fusetrack::cli
