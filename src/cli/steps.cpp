// `fusetrack eval steps`: step counting and step detection of steps::StepDetector on an
// oxford-steps folder (its README's protocol) or on a folder of recordings with truth files
// (src/eval/step_eval.hpp), as tables or JSON, with a picture per trace on request.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include <tbb/task_arena.h>

#include "cli/commands.hpp"
#include "cli/table_text.hpp"
#include "cli/usage.hpp"
#include "eval/orientation_eval_svg.hpp"
#include "eval/parallel_in_order.hpp"
#include "eval/step_eval.hpp"
#include "io/csv.hpp"
#include "report/json.hpp"
#include "report/step_trace_svg.hpp"

namespace fusetrack::cli {

namespace {

using report::number_or_null;

struct StepsOptions {
  std::string data;
  bool json = false;
  std::string svg;  // folder for the pictures; empty: none
  std::size_t threads = 0;
};

report::Json means_json(const eval::StepMeans& m) {
  report::Json j;
  j["n_traces"] = m.n_traces;
  j["mean_abs_pct_error"] = number_or_null(m.abs_pct_error);
  j["mean_accuracy"] = number_or_null(m.accuracy_pct);
  j["mean_precision"] = number_or_null(m.precision);
  j["mean_recall"] = number_or_null(m.recall);
  j["mean_f1"] = number_or_null(m.f1);
  return j;
}

report::Json worst_json(const eval::StepWorst& w) {
  return w.trace.empty() ? report::Json(nullptr) : report::Json(w.trace);
}

report::Json to_json(const eval::StepEvalResult& r, const StepsOptions& o) {
  const eval::StepSummary& s = r.summary;
  report::Json j;
  j["evaluation"] = "steps";
  j["layout"] = eval::step_layout_name(r.layout);
  j["data"] = o.data;
  j["tolerance_s"] = static_cast<double>(eval::kStepToleranceUs) * 1e-6;
  j["n_traces"] = r.traces.size();
  report::Json traces = report::Json::array();
  for (const eval::StepTraceResult& t : r.traces) {
    const eval::StepScore& sc = t.trace.score;
    report::Json tj;
    tj["name"] = t.trace.name;
    tj["position"] = t.trace.position;
    tj["true_steps"] = sc.true_steps;
    tj["counted_steps"] = sc.counted_steps;
    tj["abs_pct_error"] = number_or_null(sc.abs_pct_error);
    tj["precision"] = number_or_null(sc.precision);
    tj["recall"] = number_or_null(sc.recall);
    tj["f1"] = number_or_null(sc.f1);
    tj["median_offset_s"] = number_or_null(sc.median_offset_s);
    tj["median_delay_s"] = number_or_null(sc.median_delay_s);
    tj["matched_steps"] = sc.matched;
    tj["has_step_times"] = sc.has_step_times;
    if (r.layout == eval::StepLayout::kOxfordSteps) tj["in_paper_set"] = t.trace.in_paper_set;
    tj["n_samples"] = t.n_samples;
    traces.push_back(std::move(tj));
  }
  j["traces"] = std::move(traces);
  j["mean_abs_pct_error"] = number_or_null(s.all.abs_pct_error);
  j["max_abs_pct_error"] = number_or_null(s.max_abs_pct_error.value);
  j["max_abs_pct_error_trace"] = worst_json(s.max_abs_pct_error);
  j["mean_precision"] = number_or_null(s.all.precision);
  j["min_precision"] = number_or_null(s.min_precision.value);
  j["min_precision_trace"] = worst_json(s.min_precision);
  j["mean_recall"] = number_or_null(s.all.recall);
  j["min_recall"] = number_or_null(s.min_recall.value);
  j["min_recall_trace"] = worst_json(s.min_recall);
  j["mean_f1"] = number_or_null(s.all.f1);
  j["mean_accuracy"] = number_or_null(s.all.accuracy_pct);
  report::Json positions = report::Json::object();
  for (const auto& [position, m] : s.per_position) positions[position] = means_json(m);
  j["per_position"] = std::move(positions);
  j["paper_set_traces"] = s.paper_set.n_traces;
  j["paper_set_mean_accuracy"] = number_or_null(s.paper_set.accuracy_pct);
  j["paper_set_mean_abs_pct_error"] = number_or_null(s.paper_set.abs_pct_error);
  j["median_delay_s"] = number_or_null(s.median_delay_s);
  j["true_steps"] = s.true_steps;
  j["counted_steps"] = s.counted_steps;
  return j;
}

void print_table(const eval::StepEvalResult& r, const StepsOptions& o) {
  const eval::StepSummary& s = r.summary;
  int name_w = 24, pos_w = 8;
  for (const eval::StepTraceResult& t : r.traces) {
    name_w = std::max(name_w, static_cast<int>(shown(t.trace.name).size()));
    pos_w = std::max(pos_w, static_cast<int>(shown(t.trace.position).size()));
  }
  std::printf("eval steps: %s layout, %zu traces from %s\n", eval::step_layout_name(r.layout),
              r.traces.size(), shown(o.data).c_str());
  std::printf(
      "StepDetector with its default settings; detections matched one to one with the true steps "
      "within +-0.25 s\n\n");
  std::printf("%-*s  %-*s  %6s  %7s  %7s  %9s  %6s  %6s  %8s  %7s\n", name_w, "trace", pos_w,
              "position", "true", "counted", "APE %", "precision", "recall", "F1", "offset s",
              "delay s");
  bool totals_only = false;
  for (const eval::StepTraceResult& t : r.traces) {
    const eval::StepScore& sc = t.trace.score;
    totals_only = totals_only || !sc.has_step_times;
    std::printf("%-*s  %-*s  %6zu  %7zu  %7s  %9s  %6s  %6s  %8s  %7s\n", name_w,
                shown(t.trace.name).c_str(), pos_w, shown(t.trace.position).c_str(), sc.true_steps,
                sc.counted_steps, num("%.2f", sc.abs_pct_error).c_str(),
                num("%.3f", sc.precision).c_str(), num("%.3f", sc.recall).c_str(),
                num("%.3f", sc.f1).c_str(), num("%+.3f", sc.median_offset_s).c_str(),
                num("%.3f", sc.median_delay_s).c_str());
  }
  std::printf("\nmean of %zu traces: APE %s %%, precision %s, recall %s, F1 %s (accuracy %s %%)\n",
              s.all.n_traces, num("%.2f", s.all.abs_pct_error).c_str(),
              num("%.3f", s.all.precision).c_str(), num("%.3f", s.all.recall).c_str(),
              num("%.3f", s.all.f1).c_str(), num("%.2f", s.all.accuracy_pct).c_str());
  const auto worst = [](const char* label, const char* format, const char* unit,
                        const eval::StepWorst& w) {
    if (w.trace.empty()) return;
    std::printf("%-16s %s%s  (%s)\n", label, num(format, w.value).c_str(), unit,
                shown(w.trace).c_str());
  };
  worst("worst APE", "%.2f", " %", s.max_abs_pct_error);
  worst("worst precision", "%.3f", "", s.min_precision);
  worst("worst recall", "%.3f", "", s.min_recall);

  std::printf("\nmean per position%*s  %6s  %7s  %9s  %6s  %6s\n", std::max(0, pos_w - 15), "",
              "traces", "APE %", "precision", "recall", "F1");
  for (const auto& [position, m] : s.per_position) {
    std::printf("  %-*s  %6zu  %7s  %9s  %6s  %6s\n", std::max(pos_w, 15), shown(position).c_str(),
                m.n_traces, num("%.2f", m.abs_pct_error).c_str(), num("%.3f", m.precision).c_str(),
                num("%.3f", m.recall).c_str(), num("%.3f", m.f1).c_str());
  }
  std::printf("\n");
  if (r.layout == eval::StepLayout::kOxfordSteps) {
    std::printf(
        "paper set (%zu in_paper_set traces): mean accuracy %s %% (Salvi et al. 2018: 95 %%), "
        "mean APE %s %%\n",
        s.paper_set.n_traces, num("%.2f", s.paper_set.accuracy_pct).c_str(),
        num("%.2f", s.paper_set.abs_pct_error).c_str());
  }
  std::printf(
      "median report delay %s s over all %zu detected steps (report stamp - estimated landing)\n",
      num("%.3f", s.median_delay_s).c_str(), s.counted_steps);
  std::printf("steps: %zu true, %zu counted\n", s.true_steps, s.counted_steps);
  if (totals_only) {
    std::printf(
        "'-' precision / recall / F1 / offset: the truth file gives a total only (# step_count=N); "
        "left out of the means\n");
  }
}

// Draws every trace's picture into `dir`, in parallel; returns how many were written.
std::size_t write_pictures(const std::string& dir, const eval::StepEvalResult& r,
                           std::size_t threads) {
  const auto written = eval::parallel_in_order<int>(r.traces.size(), threads, [&](std::size_t i) {
    const eval::StepTraceResult& t = r.traces[i];
    const std::string path =
        (std::filesystem::path(dir) / report::step_trace_svg_file_name(t.trace.name)).string();
    report::write_step_trace_svg(path, t);
    return 1;
  });
  return written.size();
}

void run_eval_steps(const StepsOptions& o) {
  const auto start = std::chrono::steady_clock::now();
  // Before the run, so a folder that cannot be made costs no evaluation.
  eval::detect_step_layout(o.data);
  if (!o.svg.empty()) eval::make_picture_folder(o.svg);
  eval::StepEvalOptions options;
  options.threads = o.threads;
  options.show_progress = true;
  options.keep_details = !o.svg.empty();
  const eval::StepEvalResult r = eval::evaluate_steps(o.data, options);

  if (o.json) {
    std::cout << report::json_text(to_json(r, o));
  } else {
    print_table(r, o);
  }
  std::cout.flush();
  std::fflush(stdout);

  const std::size_t pictures = o.svg.empty() ? 0 : write_pictures(o.svg, r, o.threads);
  const double elapsed_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const int threads =
      o.threads > 0 ? static_cast<int>(o.threads) : tbb::this_task_arena::max_concurrency();
  std::fprintf(stderr, "eval steps: %zu traces, %zu samples in %.2f s (%d thread%s)\n",
               r.traces.size(), r.n_samples, elapsed_s, threads, threads == 1 ? "" : "s");
  if (!r.ignored.empty()) {
    std::fprintf(stderr,
                 "eval steps: %zu .csv file%s without a NAME_truth.csv next to %s left out "
                 "(first: %s)\n",
                 r.ignored.size(), r.ignored.size() == 1 ? "" : "s",
                 r.ignored.size() == 1 ? "it" : "them", shown(r.ignored.front()).c_str());
  }
  if (pictures > 0) {
    std::fprintf(stderr, "eval steps: %zu pictures written to %s (<trace>.svg)\n", pictures,
                 shown(o.svg).c_str());
  }
}

void register_eval_steps_impl(CLI::App& eval_cmd) {
  auto o = std::make_shared<StepsOptions>();
  auto* cmd = eval_cmd.add_subcommand(
      "steps",
      "Run the step detector (default settings, a fresh one per trace, the accelerometer samples "
      "in file order with their own stamps) over every trace of DIR and score its steps as the "
      "oxford-steps README's protocol: APE = |C - N| / N, one-to-one matching within 0.25 s "
      "(precision, recall, F1), the median offset of matched detections and the median delay "
      "between a step's estimated landing and its report; then mean and worst over traces, the "
      "mean per position and, on oxford-steps, the mean accuracy over the paper's 36 traces.\n"
      "DIR is an oxford-steps folder when it holds traces.csv; otherwise every recording below "
      "it (searched recursively) with a truth file next to it (NAME.csv + NAME_truth.csv, or "
      ".csv.gz, as fusetrack simulate writes): position = its subfolder. A truth file with no "
      "step rows and a line '# step_count=N' is scored by its count only.");
  o->data = default_dataset_dir("oxford-steps");
  cmd->add_option("--data", o->data,
                  "an oxford-steps folder or a folder of recordings with truth files; default: "
                  "$FUSETRACK_DATASETS/oxford-steps when that variable is set, else "
                  "../shared/datasets/oxford-steps from the working directory")
      ->capture_default_str();
  cmd->add_flag("--json", o->json,
                "print one JSON object instead of tables: traces [{name, position, true_steps, "
                "counted_steps, abs_pct_error, precision, recall, f1, median_offset_s, "
                "median_delay_s, ...}], mean_abs_pct_error, max_abs_pct_error, mean_precision, "
                "mean_recall, per_position, paper_set_mean_accuracy (%), median_delay_s, ...");
  cmd->add_option("--svg", o->svg,
                  "also draw one picture per trace into this folder (created if needed): "
                  "<trace>.svg, the detector's signal |a| - g with the true and detected steps, "
                  "misses and false detections marked, in rows of 30 s");
  cmd->add_option("--threads", o->threads, "worker threads in [0, 1024] (0 = all cores)")
      ->check(integer_in(0, 1024))
      ->capture_default_str();
  cmd->callback([o] { run_eval_steps(*o); });
}

}  // namespace

void register_eval_steps(CLI::App& eval_cmd) { register_eval_steps_impl(eval_cmd); }

}  // namespace fusetrack::cli
