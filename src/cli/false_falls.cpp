// `fusetrack eval false-falls`: the alarms the shipped FallDetector raises on recordings in which
// nobody falls, per hour of recording, on sp-sw-har, uci-hapt, oxford-steps and wisdm
// (src/eval/false_falls.hpp).
#include <chrono>
#include <cstdio>
#include <memory>
#include <stdexcept>
#include <string>

#include <tbb/task_arena.h>

#include "cli/commands.hpp"
#include "cli/usage.hpp"
#include "eval/false_falls.hpp"
#include "eval/oxford_steps.hpp"
#include "report/json.hpp"
#include "train/har_dataset.hpp"

namespace fusetrack::cli {

namespace {

struct FalseFallsCliOptions {
  std::string dataset;
  std::string device;  // empty: the dataset's own (sp-sw-har: watch)
  std::string data;
  bool json = false;
  std::size_t threads = 0;
};

// The device a dataset is scored on: --device where the folder holds it, else an error that
// says what the folder has (as `eval false-steps` does).
std::string device_for(const FalseFallsCliOptions& o) {
  if (o.dataset == "sp-sw-har") return o.device.empty() ? "watch" : o.device;
  if (o.dataset == "uci-hapt" || o.dataset == "oxford-steps") {
    if (o.device == "watch") {
      throw std::runtime_error("--device watch: " + o.dataset +
                               " has one kind of device, a phone (its README.md)");
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

eval::FalseFallsReport evaluate(const FalseFallsCliOptions& o, const std::string& device) {
  eval::FalseFallsOptions options;
  options.threads = o.threads;
  if (o.dataset == "oxford-steps") {
    return eval::evaluate_false_falls(eval::load_oxford_steps_index(o.data), options);
  }
  train::HarDataset data;
  if (o.dataset == "sp-sw-har") {
    data = train::load_sp_sw_har(
        o.data, device == "phone" ? train::HarDevice::kPhone : train::HarDevice::kWatch, o.threads);
  } else if (o.dataset == "uci-hapt") {
    data = train::load_uci_hapt(o.data, o.threads);
  } else {
    data = train::load_wisdm(o.data, false, o.threads);
  }
  return eval::evaluate_false_falls(data, options);
}

void run_false_falls(FalseFallsCliOptions o) {
  const auto t0 = std::chrono::steady_clock::now();
  if (o.data.empty()) o.data = default_dataset_dir(o.dataset.c_str());
  const std::string device = device_for(o);
  const eval::FalseFallsReport r = evaluate(o, device);

  if (o.json) {
    report::Json j;
    j["evaluation"] = "false-falls";
    j["dataset"] = o.dataset;
    j["device"] = device;
    j["data"] = o.data;
    j["detector"] = "FallDetector, default settings (enabled), default model";
    const report::Json figures = eval::to_json(r);
    for (const auto& item : figures.items()) j[item.key()] = item.value();
    std::printf("%s", report::json_text(j).c_str());
  } else {
    std::printf(
        "eval false-falls: %s (%s), the FallDetector with default settings and model over %zu "
        "whole recordings (%zu samples) of %s; nobody falls, so every alarm is false\n\n",
        o.dataset.c_str(), device.c_str(), r.recordings, r.samples, o.data.c_str());
    std::printf("%s", eval::format_false_falls(r).c_str());
  }
  std::fflush(stdout);
  const double elapsed_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const int threads =
      o.threads > 0 ? static_cast<int>(o.threads) : tbb::this_task_arena::max_concurrency();
  std::fprintf(stderr, "eval false-falls: %zu recordings, %zu samples in %.2f s (%d thread%s)\n",
               r.recordings, r.samples, elapsed_s, threads, threads == 1 ? "" : "s");
}

void register_eval_false_falls_impl(CLI::App& eval_cmd) {
  auto o = std::make_shared<FalseFallsCliOptions>();
  auto* cmd = eval_cmd.add_subcommand(
      "false-falls",
      "Count the alarms the FallDetector (default settings, enabled; the default model) raises "
      "on recordings in which nobody falls: every recording of the dataset is streamed whole, "
      "each sample flagged clipped at the device's accelerometer full scale (its README). An "
      "alarm less than 5 s after the previous counted alarm of the same recording is not "
      "counted again. Each alarm goes, by its impact time, to the label in force then "
      "(oxford-steps: one WALKING label, and the phone's position). Hours: the intervals "
      "between consecutive samples, those above 1 s left out.\n"
      "Prints the false alarms per hour overall, tables per activity (and per position on "
      "oxford-steps) and per subject, and the recordings with alarms.");
  cmd->add_option("--dataset", o->dataset, "dataset layout")
      ->required()
      ->check(CLI::IsMember({"sp-sw-har", "uci-hapt", "oxford-steps", "wisdm"}));
  cmd->add_option("--device", o->device,
                  "sp-sw-har: the watch's (default) or the phone's files; uci-hapt and "
                  "oxford-steps have phones only, wisdm the watch only (the other is refused)")
      ->check(CLI::IsMember({"watch", "phone"}));
  cmd->add_option("--data", o->data,
                  "the dataset's folder; default $FUSETRACK_DATASETS/DATASET, else "
                  "../shared/datasets/DATASET");
  cmd->add_flag("--json", o->json,
                "one JSON object: dataset, device, alarms, hours, false_alarms_per_hour, "
                "per_activity, per_subject, per_position (oxford-steps), "
                "recordings_with_alarms, recordings, samples");
  cmd->add_option("--threads", o->threads, "worker threads in [0, 1024] (0 = all cores)")
      ->check(integer_in(0, 1024))
      ->capture_default_str();
  cmd->callback([o] { run_false_falls(*o); });
}

}  // namespace

void register_eval_false_falls(CLI::App& eval_cmd) { register_eval_false_falls_impl(eval_cmd); }

}  // namespace fusetrack::cli
