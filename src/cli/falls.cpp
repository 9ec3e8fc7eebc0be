// `fusetrack eval falls`: fall detection on a folder in the falls layout (UMAFall's wrist node),
// with exactly its README's protocol (src/eval/falls_eval.hpp): the shipped detector scored once,
// or, with --cv subjects, models and thresholds fitted leave-one-subject-out inside the folder.
#include <chrono>
#include <cstdio>
#include <memory>
#include <string>

#include <tbb/task_arena.h>

#include "cli/commands.hpp"
#include "cli/usage.hpp"
#include "eval/falls_dataset.hpp"
#include "eval/falls_eval.hpp"
#include "report/json.hpp"

namespace fusetrack::cli {

namespace {

struct FallsOptions {
  std::string data;
  std::string cv;  // "" (fixed) or "subjects"
  bool json = false;
  std::string svg_dir;
  std::size_t threads = 0;
};

void run_falls_eval(FallsOptions o) {
  const auto t0 = std::chrono::steady_clock::now();
  if (o.data.empty()) o.data = default_dataset_dir("falls");
  const eval::FallsDataset data = eval::load_falls_dataset(o.data, o.threads);
  eval::FallsEvalOptions options;
  options.cross_validate = o.cv == "subjects";
  options.threads = o.threads;
  const eval::FallsReport r = eval::evaluate_falls(data, options);
  std::vector<std::string> pictures;
  if (!o.svg_dir.empty()) pictures = eval::write_falls_svgs(o.svg_dir, r);

  if (o.json) {
    report::Json j;
    j["evaluation"] = "falls";
    j["data"] = o.data;
    const report::Json figures = eval::to_json(r, data);
    for (const auto& item : figures.items()) j[item.key()] = item.value();
    if (!pictures.empty()) j["svg"] = pictures;
    std::printf("%s", report::json_text(j).c_str());
  } else {
    std::printf(
        "eval falls: %zu trials (%zu falls, %zu daily activities) of %zu subjects in %s; "
        "per-trial decision (positive: at least one alarm), the fall detector %s\n\n",
        data.trials.size(), r.pooled.falls(), r.pooled.adls(), data.subjects.size(), o.data.c_str(),
        options.cross_validate
            ? "with its model and threshold fitted on the other subjects in each fold"
            : ("with the model " + r.model).c_str());
    std::printf("%s", eval::format_falls(r, data).c_str());
    for (const std::string& p : pictures) std::printf("wrote %s\n", p.c_str());
  }
  std::fflush(stdout);
  const double elapsed_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const int threads =
      o.threads > 0 ? static_cast<int>(o.threads) : tbb::this_task_arena::max_concurrency();
  std::fprintf(stderr, "eval falls: %zu trials, %zu samples in %.2f s (%d thread%s)\n",
               data.trials.size(), r.samples, elapsed_s, threads, threads == 1 ? "" : "s");
}

}  // namespace

void register_eval_falls(CLI::App& eval_cmd) {
  auto o = std::make_shared<FallsOptions>();
  auto* cmd = eval_cmd.add_subcommand(
      "falls",
      "Score the fall detector on a folder in the falls layout (trials.csv + trials/NAME.csv, "
      "the wrist node of UMAFall) with its README's protocol: each trial streamed through a "
      "fresh detector; a trial is positive when any alarm occurs in it; sensitivity over the "
      "fall trials, specificity over the daily-activity trials, their geometric mean, false "
      "alarms per hour of daily activity (an alarm within 5 s of the previous counted one is "
      "not counted again), rates per activity code, per subject, and for older_50plus "
      "subjects.\n"
      "Without --cv the shipped model is scored once on every trial. With --cv subjects the "
      "model and its alarm threshold are fitted leave-one-subject-out inside the folder, and "
      "the counts are pooled over the folds.");
  cmd->add_option("--data", o->data,
                  "the folder; default $FUSETRACK_DATASETS/falls, else ../shared/datasets/falls");
  cmd->add_option("--cv", o->cv, "subjects: leave-one-subject-out cross-validation (fit per fold)")
      ->check(CLI::IsMember({"subjects"}));
  cmd->add_flag("--json", o->json,
                "one JSON object: sensitivity, specificity, geometric_mean, "
                "false_alarms_per_hour, counts, mean_subject_sensitivity, "
                "mean_subject_specificity, per_activity, per_subject, older_50plus, folds, "
                "missed_falls, false_positive_trials");
  cmd->add_option("--svg", o->svg_dir,
                  "write falls_per_activity.svg and falls_per_subject.svg into this folder");
  cmd->add_option("--threads", o->threads, "worker threads in [0, 1024] (0 = all cores)")
      ->check(integer_in(0, 1024))
      ->capture_default_str();
  cmd->callback([o] { run_falls_eval(*o); });
}

}  // namespace fusetrack::cli
