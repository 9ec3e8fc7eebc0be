// `fusetrack eval false-steps`: the steps the shipped StepDetector counts while the wearer is not
// walking (seated, standing, lying, postural transitions, hand activities), per minute of that
// time, on the labelled HAR datasets (sp-sw-har, uci-hapt, wisdm; src/eval/false_steps.hpp).
#include <chrono>
#include <cstdio>
#include <memory>
#include <stdexcept>
#include <string>

#include <tbb/task_arena.h>

#include "cli/commands.hpp"
#include "cli/usage.hpp"
#include "eval/false_steps.hpp"
#include "report/json.hpp"
#include "train/har_dataset.hpp"

namespace fusetrack::cli {

namespace {

struct FalseStepsOptions {
  std::string dataset;
  std::string device;  // empty: the dataset's own (sp-sw-har: watch)
  std::string data;
  bool json = false;
  std::size_t threads = 0;
};

// The device a dataset is scored on: --device where the folder holds it, else an error that
// says what the folder has.
std::string device_for(const FalseStepsOptions& o) {
  if (o.dataset == "sp-sw-har") return o.device.empty() ? "watch" : o.device;
  if (o.dataset == "uci-hapt") {
    if (o.device == "watch") {
      throw std::runtime_error(
          "--device watch: uci-hapt has one device, a phone on the waist (its README.md)");
    }
    return "phone";
  }
  if (o.device == "phone") {
    throw std::runtime_error(
        "--device phone: the wisdm folder holds the watch only (its README.md, \"What is "
        "included\": the smartphone's files are not part of it)");
  }
  return "watch";
}

train::HarDataset load(const FalseStepsOptions& o, const std::string& device) {
  if (o.dataset == "sp-sw-har") {
    return train::load_sp_sw_har(
        o.data, device == "phone" ? train::HarDevice::kPhone : train::HarDevice::kWatch, o.threads);
  }
  if (o.dataset == "uci-hapt") return train::load_uci_hapt(o.data, o.threads);
  return train::load_wisdm(o.data, false, o.threads);
}

void run_false_steps(FalseStepsOptions o) {
  const auto t0 = std::chrono::steady_clock::now();
  if (o.data.empty()) o.data = default_dataset_dir(o.dataset.c_str());
  const std::string device = device_for(o);
  const train::HarDataset data = load(o, device);
  eval::FalseStepsOptions options;
  options.threads = o.threads;
  const eval::FalseStepsReport r = eval::evaluate_false_steps(data, options);

  if (o.json) {
    report::Json j;
    j["evaluation"] = "false-steps";
    j["dataset"] = o.dataset;
    j["device"] = device;
    j["data"] = o.data;
    j["detector"] = "StepDetector, default settings";
    const report::Json figures = eval::to_json(r);
    for (const auto& item : figures.items()) j[item.key()] = item.value();
    std::printf("%s", report::json_text(j).c_str());
  } else {
    std::printf(
        "eval false-steps: %s (%s), the StepDetector with default settings over %zu whole "
        "recordings (%zu samples) of %s; steps counted while the label is not walking\n\n",
        o.dataset.c_str(), device.c_str(), r.recordings, r.samples, o.data.c_str());
    std::printf("%s", eval::format_false_steps(r).c_str());
  }
  std::fflush(stdout);
  const double elapsed_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const int threads =
      o.threads > 0 ? static_cast<int>(o.threads) : tbb::this_task_arena::max_concurrency();
  std::fprintf(stderr, "eval false-steps: %zu recordings, %zu samples in %.2f s (%d thread%s)\n",
               r.recordings, r.samples, elapsed_s, threads, threads == 1 ? "" : "s");
}

void register_eval_false_steps_impl(CLI::App& eval_cmd) {
  auto o = std::make_shared<FalseStepsOptions>();
  auto* cmd = eval_cmd.add_subcommand(
      "false-steps",
      "Count the steps the StepDetector (default settings) finds while the wearer is NOT "
      "walking. Every recording of the dataset is streamed whole, so the detector sees the "
      "transitions as on a device; each step goes, by its time (the estimated foot landing), to "
      "the label in force then. Non-walking: sp-sw-har SEATED, STANDING_UP, SITTING_DOWN; "
      "uci-hapt sitting, standing, laying and the six postural transitions (unlabelled samples "
      "not scored); wisdm the STATIC and HAND groups of its README (ball sports not scored). "
      "Time of a label: the intervals between its consecutive samples, those above 1 s left "
      "out.\n"
      "Prints the steps per minute of non-walking time overall, the worst subject, the walking "
      "figure for comparison, and tables per activity and per subject.");
  cmd->add_option("--dataset", o->dataset, "dataset layout")
      ->required()
      ->check(CLI::IsMember({"sp-sw-har", "uci-hapt", "wisdm"}));
  cmd->add_option("--device", o->device,
                  "sp-sw-har: the watch's (default) or the phone's files; uci-hapt has the waist "
                  "phone only, wisdm the watch only (the other is refused)")
      ->check(CLI::IsMember({"watch", "phone"}));
  cmd->add_option("--data", o->data,
                  "the dataset's folder; default $FUSETRACK_DATASETS/DATASET, else "
                  "../shared/datasets/DATASET");
  cmd->add_flag("--json", o->json,
                "one JSON object: steps_per_minute, non_walking_minutes, per_activity, subjects, "
                "max_subject_steps_per_minute, worst_subject, walking, dataset, device");
  cmd->add_option("--threads", o->threads, "worker threads in [0, 1024] (0 = all cores)")
      ->check(integer_in(0, 1024))
      ->capture_default_str();
  cmd->callback([o] { run_false_steps(*o); });
}

}  // namespace

void register_eval_false_steps(CLI::App& eval_cmd) { register_eval_false_steps_impl(eval_cmd); }

}  // namespace fusetrack::cli
