// `fusetrack eval activity` and `fusetrack train`: activity recognition on the HAR datasets
// (sp-sw-har, uci-hapt, wisdm; each folder's README gives the windows and the protocol).
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "cli/usage.hpp"
#include "eval/classification_metrics.hpp"
#include "report/confusion_svg.hpp"
#include "report/json.hpp"
#include "train/activity_training.hpp"

namespace fusetrack::cli {

namespace {

// The shipped model that a dataset (and device / task) is scored with.
// With acc_only, the accelerometer-only model where there is one (wisdm groups); elsewhere the
// model with a gyroscope, fed without one (what such a device would get from it).
std::string model_for(const std::string& dataset, const std::string& device, bool groups,
                      bool acc_only) {
  if (dataset == "sp-sw-har") return device == "phone" ? "pocket-phone" : "watch-tug";
  if (dataset == "uci-hapt") return "waist-phone";
  if (groups) return acc_only ? "wrist-daily-acc" : "wrist-daily";
  return "wrist-activities";
}

void require_folder(const std::string& dir, const std::string& what) {
  if (!std::filesystem::is_directory(dir)) {
    throw std::runtime_error("--data " + dir + ": no such folder (expected " + what + ")");
  }
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// Subjects of `table` that the model's training data held (its trained_on list).
std::size_t subjects_trained_on(const ActivityModel& m, const train::FeatureTable& table) {
  const std::string list = std::string(" ") + m.trained_on + " ";
  std::size_t n = 0;
  for (const std::string& s : table.subjects) n += list.find(" " + s + " ") != std::string::npos;
  return n;
}

struct EvalOptions {
  std::string dataset;
  std::string device = "watch";
  bool groups = false;
  std::string data;
  std::string cv;
  bool json = false;
  bool acc_only = false;
  std::string svg;
  std::size_t threads = 0;
};

void run_eval_activity(EvalOptions o) {
  const auto t0 = std::chrono::steady_clock::now();
  if (o.data.empty()) o.data = default_dataset_dir(o.dataset.c_str());
  require_folder(o.data, "a " + o.dataset + "-layout folder, see its README.md");
  if (o.dataset != "sp-sw-har" && o.device != "watch") {
    throw std::runtime_error("--device applies to sp-sw-har only (" + o.dataset +
                             " has one device)");
  }
  if (o.dataset != "wisdm" && o.groups) throw std::runtime_error("--groups applies to wisdm only");
  const train::ActivityModelSpec& spec =
      train::activity_model_spec(model_for(o.dataset, o.device, o.groups, o.acc_only));
  const train::HarDataset data = train::load_for(spec, o.data, o.threads);
  train::FrontEndOptions front = train::front_end_for(spec);
  front.use_gyr = !o.acc_only;
  const train::FeatureTable table = train::extract_features(data, front, o.threads);
  eval::ClassificationReport r;
  std::string mode;
  std::string note;
  double agreement = -1.0, float_accuracy = -1.0;
  if (o.cv == "subjects") {
    const train::CvResult cv = train::cross_validate(table, spec.mlp, o.threads);
    r = cv.report;
    agreement = cv.agreement;
    float_accuracy = cv.float_report.accuracy;
    mode = "leave-one-subject-out";
    note = "leave-one-subject-out over the " + std::to_string(cv.folds) + " subjects in " + o.data +
           " (" + spec.mlp.describe() + ", integer model): held-out figures";
  } else {
    const ActivityModel* m = train::shipped_activity_model(spec.id);
    r = train::score_model(*m, table);
    mode = "shipped";
    const std::size_t seen = subjects_trained_on(*m, table);
    note = "the shipped model '" + spec.id + "' on every subject in " + o.data + "; " +
           std::to_string(seen) + " of the " + std::to_string(table.subjects.size()) +
           " subjects were in its training data" +
           (seen > 0 ? ", so on them this is TRAINING accuracy (use --cv subjects for held-out "
                       "figures)"
                     : " (all held out)");
  }
  if (!o.svg.empty()) {
    std::ofstream out(o.svg);
    if (!out) throw std::runtime_error("--svg " + o.svg + ": cannot write the file");
    out << report::confusion_svg(r, data.name + ", " + spec.id + " (" + mode + ")");
  }
  if (o.json) {
    report::Json j = eval::to_json(r);
    j["evaluation"] = "activity";
    j["dataset"] = data.name;
    j["data"] = o.data;
    j["model"] = spec.id;
    j["mode"] = mode;
    j["acc_only"] = o.acc_only;
    j["note"] = note;
    if (agreement >= 0.0) {
      j["identical_decisions"] = agreement;
      j["float_accuracy"] = float_accuracy;
    }
    j["seconds"] = seconds_since(t0);
    std::printf("%s\n", j.dump(2).c_str());
    return;
  }
  std::printf("eval activity: %s, model %s: %s\n\n", data.name.c_str(), spec.id.c_str(),
              note.c_str());
  std::printf("%s", eval::format_report(r).c_str());
  if (agreement >= 0.0) {
    std::printf("\nfloat model accuracy %.4f; identical float / integer decisions %.2f %%\n",
                float_accuracy, 100.0 * agreement);
  }
  std::printf("\n%zu windows in %.1f s\n", r.windows, seconds_since(t0));
}

void register_eval_activity_impl(CLI::App& eval_cmd) {
  auto o = std::make_shared<EvalOptions>();
  auto* cmd = eval_cmd.add_subcommand(
      "activity",
      "Score activity recognition on a HAR dataset with its README's windows and protocol. "
      "Plain: the SHIPPED model of that dataset (sp-sw-har: watch-tug or pocket-phone; uci-hapt: "
      "waist-phone; wisdm: wrist-activities, or wrist-daily with --groups) on every subject of "
      "DIR; on subjects it was trained on that is training accuracy, and the output says so. "
      "--cv subjects: leave-one-subject-out training and testing inside DIR, the honest "
      "figures.");
  cmd->add_option("--dataset", o->dataset, "dataset layout")
      ->required()
      ->check(CLI::IsMember({"sp-sw-har", "uci-hapt", "wisdm"}));
  cmd->add_option("--device", o->device, "sp-sw-har: which device's files")
      ->check(CLI::IsMember({"watch", "phone"}))
      ->capture_default_str();
  cmd->add_flag("--groups", o->groups, "wisdm: the six groups instead of the 18 activities");
  cmd->add_flag("--acc-only", o->acc_only,
                "as an accelerometer-only device: the gyroscope dropped (gravity from the "
                "accelerometer's low-pass, rate features 0); plain: the shipped model, trained "
                "with a gyroscope; with --cv subjects: accelerometer-only models trained and "
                "tested");
  cmd->add_option("--data", o->data,
                  "the dataset's folder; default $FUSETRACK_DATASETS/DATASET, else "
                  "../shared/datasets/DATASET");
  cmd->add_option("--cv", o->cv, "cross-validation inside DIR")->check(CLI::IsMember({"subjects"}));
  cmd->add_flag("--json", o->json,
                "one JSON object: accuracy, macro_f1, per_class, confusion (rows = truth), "
                "windows, per_subject");
  cmd->add_option("--svg", o->svg, "also draw the confusion matrix into this SVG file");
  cmd->add_option("--threads", o->threads, "worker threads in [0, 1024] (0 = all cores)")
      ->check(integer_in(0, 1024))
      ->capture_default_str();
  cmd->callback([o] { run_eval_activity(*o); });
}

struct TrainOptions {
  std::string model = "all";
  std::string data;
  std::string out;
  std::string date;
  bool compare = false;
  std::size_t threads = 0;
};

// --date, else $SOURCE_DATE_EPOCH (reproducible builds), else today (UTC), as YYYY-MM-DD.
std::string training_date(const std::string& given) {
  if (!given.empty()) return given;
  std::time_t t = std::time(nullptr);
  if (const char* e = std::getenv("SOURCE_DATE_EPOCH"); e != nullptr && *e != '\0') {
    t = static_cast<std::time_t>(std::strtoll(e, nullptr, 10));
  }
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

// The model-family comparison: leave-one-subject-out for each candidate network.
void compare_families(const train::ActivityModelSpec& spec, const train::FeatureTable& table,
                      std::size_t threads) {
  std::vector<train::MlpConfig> candidates;
  train::MlpConfig c = spec.mlp;
  c.hidden = {};
  candidates.push_back(c);
  for (int h : {16, 32, 64}) {
    c.hidden = {h};
    candidates.push_back(c);
  }
  c.hidden = {32, 32};
  candidates.push_back(c);
  std::printf("model families, %s (leave-one-subject-out, %zu windows):\n", spec.id.c_str(),
              table.label.size());
  std::printf("  %-20s %9s %9s %9s %9s %10s %8s\n", "network", "accuracy", "macro-F1", "float acc",
              "identical", "bytes", "seconds");
  for (const train::MlpConfig& cfg : candidates) {
    const auto t0 = std::chrono::steady_clock::now();
    const train::CvResult cv = train::cross_validate(table, cfg, threads);
    // Size of that network's constant data.
    const std::size_t F = static_cast<std::size_t>(table.x.cols());
    std::size_t bytes = F * 8, in = F;
    std::vector<int> widths = cfg.hidden;
    widths.push_back(static_cast<int>(table.class_names.size()));
    for (int w : widths) {
      bytes += classify::dense_data_bytes(in, static_cast<std::size_t>(w));
      in = static_cast<std::size_t>(w);
    }
    std::printf("  %-20s %9.4f %9.4f %9.4f %8.2f%% %10zu %8.1f\n", cfg.describe().c_str(),
                cv.report.accuracy, cv.report.macro_f1, cv.float_report.accuracy,
                100.0 * cv.agreement, bytes, seconds_since(t0));
    std::fflush(stdout);
  }
}

void run_train(const TrainOptions& o) {
  const std::string root = o.data.empty() ? default_dataset_dir("") : o.data;
  std::vector<const train::ActivityModelSpec*> specs;
  if (o.model == "all") {
    for (const train::ActivityModelSpec& s : train::activity_model_specs()) specs.push_back(&s);
  } else {
    specs.push_back(&train::activity_model_spec(o.model));
  }
  if (!o.compare && o.out.empty()) {
    throw std::runtime_error(
        "--out is required: the folder the model headers go to "
        "(include/fusetrack/models to replace the shipped ones)");
  }
  const std::string date = training_date(o.date);
  for (const train::ActivityModelSpec* spec : specs) {
    const auto t0 = std::chrono::steady_clock::now();
    const std::string dir = (std::filesystem::path(root) / spec->dataset).string();
    require_folder(dir, "the datasets folder holding " + spec->dataset + "/");
    const train::HarDataset data = train::load_for(*spec, dir, o.threads);
    const train::FeatureTable table =
        train::extract_features(data, train::front_end_for(*spec), o.threads);
    if (o.compare) {
      compare_families(*spec, table, o.threads);
      continue;
    }
    const train::CvResult cv = train::cross_validate(table, spec->mlp, o.threads);
    train::TrainedModel model = train::train_final(*spec, table);
    const std::string text = train::model_header(*spec, model, table, cv, date);
    std::filesystem::create_directories(o.out);
    const std::string path = (std::filesystem::path(o.out) / spec->header).string();
    std::ofstream out(path, std::ios::binary);
    if (!out) throw std::runtime_error("cannot write " + path);
    out << text;
    std::printf(
        "%s: %zu windows, %zu subjects; leave-one-subject-out accuracy %.4f, macro-F1 "
        "%.4f (float %.4f, identical decisions %.2f %%); %s written (%.1f s)\n",
        spec->id.c_str(), table.label.size(), table.subjects.size(), cv.report.accuracy,
        cv.report.macro_f1, cv.float_report.accuracy, 100.0 * cv.agreement, path.c_str(),
        seconds_since(t0));
    std::fflush(stdout);
  }
}

}  // namespace

void register_eval_activity(CLI::App& eval_cmd) { register_eval_activity_impl(eval_cmd); }

void register_train(CLI::App& app) {
  auto o = std::make_shared<TrainOptions>();
  auto* cmd = app.add_subcommand(
      "train",
      "Train the activity models on the HAR datasets: for each model, leave-one-subject-out "
      "cross-validation (the figures that go into the header), then the fit on every subject, "
      "quantization to int8 and the model header the core compiles in. Same data and seed give "
      "the same header, byte for byte.");
  cmd->add_option("--model", o->model,
                  "a model id (wrist-daily, wrist-daily-acc, wrist-activities, pocket-phone, "
                  "watch-tug, waist-phone) or all")
      ->capture_default_str();
  cmd->add_option("--data", o->data,
                  "the datasets folder (one sub-folder per dataset); default $FUSETRACK_DATASETS, "
                  "else ../shared/datasets");
  cmd->add_option("--out", o->out, "folder for the model headers (include/fusetrack/models)");
  cmd->add_option("--date", o->date,
                  "the training date written into the header (YYYY-MM-DD); default "
                  "$SOURCE_DATE_EPOCH, else today");
  cmd->add_flag("--compare", o->compare,
                "instead of training: the model-family table (softmax regression and MLPs of "
                "several sizes, leave-one-subject-out)");
  cmd->add_option("--threads", o->threads, "worker threads in [0, 1024] (0 = all cores)")
      ->check(integer_in(0, 1024))
      ->capture_default_str();
  cmd->callback([o] { run_train(*o); });
}

}  // namespace fusetrack::cli
