#include "train/activity_training.hpp"

#include "train/model_text.hpp"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <stdexcept>

#include "eval/parallel_in_order.hpp"
#include "fusetrack/core/checksum.hpp"
#include "fusetrack/models/pocket_phone.hpp"
#include "fusetrack/models/waist_phone.hpp"
#include "fusetrack/models/watch_tug.hpp"
#include "fusetrack/models/wrist_activities.hpp"
#include "fusetrack/models/wrist_daily.hpp"
#include "fusetrack/models/wrist_daily_acc.hpp"
#include "report/progress.hpp"

namespace fusetrack::train {

namespace {

std::vector<ActivityModelSpec> make_specs() {
  std::vector<ActivityModelSpec> v;
  ActivityModelSpec s;
  // Wrist, 10 s windows at 20 Hz (the WISDM protocol's windows and its interpolation grid).
  s.id = "wrist-daily";
  s.symbol = "kWristDaily";
  s.header = "wrist_daily.hpp";
  s.dataset = "wisdm";
  s.groups = true;
  s.placement = "wrist";
  s.licence = "CC BY 4.0 (WISDM 2019, Weiss et al.)";
  s.rate_hz = 20.0f;
  s.window_samples = 200;
  s.hop_s = 5.0f;
  s.why = "the Tracker's default for a watch: what a wrist does all day, in six groups";
  v.push_back(s);

  s.id = "wrist-daily-acc";
  s.symbol = "kWristDailyAcc";
  s.header = "wrist_daily_acc.hpp";
  s.use_gyr = false;
  s.why = "the wrist daily model for a watch without a gyroscope (the Tracker's default there)";
  v.push_back(s);

  s.use_gyr = true;
  s.id = "wrist-activities";
  s.symbol = "kWristActivities";
  s.header = "wrist_activities.hpp";
  s.groups = false;
  s.why = "the 18 WISDM activities: the first workout and daily-activity types a watch names";
  v.push_back(s);

  // sp-sw-har: 50-sample windows (0.5 s) at the devices' 100 Hz nominal rate, hop 25 samples.
  s = ActivityModelSpec{};
  s.id = "pocket-phone";
  s.symbol = "kPocketPhone";
  s.header = "pocket_phone.hpp";
  s.dataset = "sp-sw-har";
  s.device = HarDevice::kPhone;
  s.placement = "pocket";
  s.licence = "CC BY 4.0 (sp-sw-har, Matey-Sanz et al. 2023)";
  s.rate_hz = 100.0f;
  s.window_samples = 50;
  s.hop_s = 0.25f;
  s.why = "a phone in a trouser pocket: seated, standing up, walking, turning, sitting down";
  v.push_back(s);

  s.id = "watch-tug";
  s.symbol = "kWatchTug";
  s.header = "watch_tug.hpp";
  s.device = HarDevice::kWatch;
  s.placement = "wrist";
  s.why = "Timed-Up-and-Go phases from a watch, the phases clinicians time";
  v.push_back(s);

  // uci-hapt: 128-sample windows at 50 Hz, hop 64.
  s = ActivityModelSpec{};
  s.id = "waist-phone";
  s.symbol = "kWaistPhone";
  s.header = "waist_phone.hpp";
  s.dataset = "uci-hapt";
  s.placement = "waist";
  s.licence = "research only, no commercial use (UCI HAPT, Reyes-Ortiz et al. 2016)";
  s.research_only = true;
  s.rate_hz = 50.0f;
  s.window_samples = 128;
  s.hop_s = 1.28f;
  s.why = "a phone on the belt, six basic activities; RESEARCH ONLY, never a default";
  v.push_back(s);
  return v;
}

std::string join(const std::vector<std::string>& v, const char* sep) {
  std::string s;
  for (std::size_t i = 0; i < v.size(); ++i) s += (i ? sep : "") + v[i];
  return s;
}

std::string fmt(const char* f, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, f, v);
  return buf;
}

std::vector<std::size_t> all_rows(const FeatureTable& t) {
  std::vector<std::size_t> r(t.label.size());
  for (std::size_t i = 0; i < r.size(); ++i) r[i] = i;
  return r;
}

}  // namespace

const std::vector<ActivityModelSpec>& activity_model_specs() {
  static const std::vector<ActivityModelSpec> specs = make_specs();
  return specs;
}

const ActivityModelSpec& activity_model_spec(const std::string& id) {
  std::vector<std::string> ids;
  for (const ActivityModelSpec& s : activity_model_specs()) {
    if (s.id == id) return s;
    ids.push_back(s.id);
  }
  throw std::invalid_argument("unknown model '" + id + "': expected one of " + join(ids, ", "));
}

const ActivityModel* shipped_activity_model(const std::string& id) {
  if (id == "wrist-daily") return &models::kWristDaily;
  if (id == "wrist-daily-acc") return &models::kWristDailyAcc;
  if (id == "wrist-activities") return &models::kWristActivities;
  if (id == "pocket-phone") return &models::kPocketPhone;
  if (id == "watch-tug") return &models::kWatchTug;
  if (id == "waist-phone") return &models::kWaistPhone;
  return nullptr;
}

HarDataset load_for(const ActivityModelSpec& spec, const std::string& dir, std::size_t threads) {
  if (spec.dataset == "wisdm") return load_wisdm(dir, spec.groups, threads);
  if (spec.dataset == "sp-sw-har") return load_sp_sw_har(dir, spec.device, threads);
  return load_uci_hapt(dir, threads);
}

FrontEndOptions front_end_for(const ActivityModelSpec& spec) {
  FrontEndOptions o;
  o.window.rate_hz = spec.rate_hz;
  o.window.window_samples = spec.window_samples;
  o.use_gyr = spec.use_gyr;
  return o;
}

CvResult cross_validate(const FeatureTable& table, const MlpConfig& config, std::size_t threads) {
  const std::size_t n_subjects = table.subjects.size();
  const int classes = static_cast<int>(table.class_names.size());
  struct Fold {
    std::vector<std::size_t> test;
    std::vector<int> q, f;
  };
  report::Progress progress("cross-validation", n_subjects);
  const std::vector<Fold> folds =
      eval::parallel_in_order<Fold>(n_subjects, threads, [&](std::size_t s) {
        Fold fold;
        std::vector<std::size_t> train;
        for (std::size_t i = 0; i < table.subject.size(); ++i) {
          (table.subject[i] == s ? fold.test : train).push_back(i);
        }
        if (!fold.test.empty() && !train.empty()) {
          const FloatMlp m = train_mlp(table.x, table.label, train, classes, config);
          QuantizedMlpData q = quantize_mlp(m, table.x, train);
          fold.f = predict_float(m, table.x, fold.test);
          for (const classify::MlpDecision& d : predict_quantized(q, table.x, fold.test)) {
            fold.q.push_back(d.cls);
          }
        }
        progress.advance();
        return fold;
      });
  progress.finish();
  CvResult r;
  std::vector<std::size_t> subject;
  std::size_t same = 0;
  for (const Fold& fold : folds) {
    if (fold.test.empty() || fold.q.empty()) continue;
    ++r.folds;
    for (std::size_t k = 0; k < fold.test.size(); ++k) {
      r.truth.push_back(table.label[fold.test[k]]);
      r.quantized.push_back(fold.q[k]);
      r.floating.push_back(fold.f[k]);
      subject.push_back(table.subject[fold.test[k]]);
      same += fold.q[k] == fold.f[k] ? 1 : 0;
    }
  }
  r.agreement =
      r.truth.empty() ? 0.0 : static_cast<double>(same) / static_cast<double>(r.truth.size());
  r.report =
      eval::score_classification(table.class_names, table.subjects, r.truth, r.quantized, subject);
  r.float_report =
      eval::score_classification(table.class_names, table.subjects, r.truth, r.floating, subject);
  return r;
}

eval::ClassificationReport score_model(const ActivityModel& model, const FeatureTable& table) {
  std::vector<int> predicted(table.label.size());
  std::vector<float> x(static_cast<std::size_t>(table.x.cols()));
  std::vector<classify::MlpValue> xq(x.size());
  for (std::size_t i = 0; i < table.label.size(); ++i) {
    for (Eigen::Index f = 0; f < table.x.cols(); ++f) {
      x[static_cast<std::size_t>(f)] = table.x(static_cast<Eigen::Index>(i), f);
    }
    classify::quantize_input(model.mlp, x.data(), xq.data());
    predicted[i] = classify::infer(model.mlp, xq.data()).cls;
  }
  return eval::score_classification(table.class_names, table.subjects, table.label, predicted,
                                    table.subject);
}

TrainedModel train_final(const ActivityModelSpec& spec, const FeatureTable& table) {
  TrainedModel t;
  const std::vector<std::size_t> rows = all_rows(table);
  const int classes = static_cast<int>(table.class_names.size());
  t.floating = train_mlp(table.x, table.label, rows, classes, spec.mlp);
  t.quantized = quantize_mlp(t.floating, table.x, rows);
  const std::vector<int> f = predict_float(t.floating, table.x, rows);
  const std::vector<classify::MlpDecision> q = predict_quantized(t.quantized, table.x, rows);
  std::size_t same = 0, fc = 0, qc = 0;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    same += f[i] == q[i].cls ? 1 : 0;
    fc += f[i] == table.label[i] ? 1 : 0;
    qc += q[i].cls == table.label[i] ? 1 : 0;
  }
  const double n = static_cast<double>(std::max<std::size_t>(1, rows.size()));
  t.agreement = static_cast<double>(same) / n;
  t.float_accuracy = static_cast<double>(fc) / n;
  t.quantized_accuracy = static_cast<double>(qc) / n;
  return t;
}

std::string model_header(const ActivityModelSpec& spec, TrainedModel& model,
                         const FeatureTable& table, const CvResult& cv, const std::string& date) {
  QuantizedMlpData& q = model.quantized;
  const classify::QuantizedMlp& mlp = q.view();
  const std::uint32_t id = model_data_id(q);
  std::string shape = std::to_string(mlp.inputs);
  for (const classify::DenseLayer& L : q.layers) shape += "-" + std::to_string(L.outputs);
  // "wrist_daily.hpp" -> namespace wrist_daily_data.
  const std::string ns = spec.header.substr(0, spec.header.size() - 4) + "_data";
  const eval::ClassificationReport& r = cv.report;
  std::string h;
  h += "// fusetrack activity model \"" + spec.id + "\": " + spec.why + ".\n";
  h += "// Generated by `fusetrack train --model " + spec.id +
       " --data DIR --out include/fusetrack/models`; do not edit (regenerate instead).\n";
  h += "//\n";
  h += "// Classes (" + std::to_string(table.class_names.size()) +
       "): " + join(table.class_names, ", ") + ".\n";
  h += "// Placement: " + spec.placement + ". Training data: " + spec.dataset + ", licence " +
       spec.licence + ";\n//   " + std::to_string(table.subjects.size()) + " subjects (" +
       join(table.subjects, " ") + "),\n//   " + std::to_string(table.label.size()) + " windows.\n";
  if (spec.research_only) {
    h += "// RESEARCH ONLY: the training data forbids commercial use. Never ship this model in a\n"
         "// product, and never make it a default.\n";
  }
  h += std::string("// Sensors: ") +
       (spec.use_gyr ? "accelerometer and gyroscope"
                     : "accelerometer only (no gyroscope features)") +
       ".\n";
  h += "// Features: " + std::to_string(mlp.inputs) + " (features/activity_features.hpp), on a " +
       fmt("%g", spec.rate_hz) + " Hz grid, " + std::to_string(spec.window_samples) +
       "-sample windows (" + fmt("%g", spec.window_samples / spec.rate_hz) +
       " s), decisions every " + fmt("%g", spec.hop_s) + " s.\n";
  h += "// Network: " + spec.mlp.describe() + " (" + shape +
       "), ReLU, int8 weights, int16 activations, " + std::to_string(mlp.data_bytes()) +
       " bytes of constant data.\n";
  h += "// Leave-one-subject-out (" + std::to_string(cv.folds) +
       " folds, integer model): accuracy " + fmt("%.3f", r.accuracy) + ", macro-F1 " +
       fmt("%.3f", r.macro_f1) + ", per-subject accuracy " + fmt("%.3f", r.subject_mean) + " +- " +
       fmt("%.3f", r.subject_sd) + " (median " + fmt("%.3f", r.subject_median) + ", min " +
       fmt("%.3f", r.subject_min) + ");\n//   float model accuracy " +
       fmt("%.3f", cv.float_report.accuracy) + ", identical decisions " +
       fmt("%.2f", 100.0 * cv.agreement) + " %.\n";
  h += "// Final fit on all subjects: training accuracy " + fmt("%.3f", model.quantized_accuracy) +
       " (float " + fmt("%.3f", model.float_accuracy) + "), identical decisions " +
       fmt("%.2f", 100.0 * model.agreement) + " %.\n";
  h += "// Trained " + date + ", seed " + std::to_string(spec.mlp.seed) + ", " +
       std::to_string(spec.mlp.epochs) + " epochs, batch " + std::to_string(spec.mlp.batch) + ".\n";
  h += "#pragma once\n\n#include <cstdint>\n\n#include "
       "\"fusetrack/activity/activity_model.hpp\"\n\n";
  h += "namespace fusetrack::models {\n\nnamespace " + ns + " {\n\n";
  h += "inline constexpr const char* kClassNames[] = {";
  for (std::size_t k = 0; k < table.class_names.size(); ++k) {
    h += (k ? ", \"" : "\"") + table.class_names[k] + "\"";
  }
  h += "};\n";
  h += mlp_arrays_text(q);
  h += "\n}  // namespace " + ns + "\n\n";
  char idbuf[16];
  std::snprintf(idbuf, sizeof idbuf, "0x%08Xu", id);
  h += "inline constexpr ActivityModel " + spec.symbol + " = {\n";
  h += "    \"" + spec.id + "\", \"" + spec.placement + "\", " + ns + "::kClassNames, " +
       std::to_string(table.class_names.size()) + ", " + float_literal(spec.rate_hz) + ", " +
       std::to_string(spec.window_samples) + ", " + float_literal(spec.hop_s) + ",\n";
  h += std::string("    ") + (spec.use_gyr ? "true" : "false") + ", " +
       (spec.research_only ? "true" : "false") + ", " + idbuf + ",\n";
  h += "    \"" + join(table.subjects, " ") + "\",\n";
  h += "    {" + std::to_string(mlp.inputs) + ", " + ns + "::kInputOffset, " + ns +
       "::kInputScale, " + ns + "::kLayers, " + std::to_string(q.layers.size()) + ", " +
       std::to_string(table.class_names.size()) + "}};\n\n";
  h += "}  // namespace fusetrack::models\n";
  return h;
}

}  // namespace fusetrack::train
