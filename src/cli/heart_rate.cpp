// `fusetrack eval heart-rate`: heart::HeartRateEstimator on an spc2015 folder, its README's causal
// protocol (src/eval/heart_eval.hpp), as a table or JSON, with a picture per recording on
// request.
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
#include "eval/heart_eval.hpp"
#include "eval/orientation_eval_svg.hpp"
#include "eval/parallel_in_order.hpp"
#include "io/csv.hpp"
#include "report/heart_trace_svg.hpp"
#include "report/json.hpp"

namespace fusetrack::cli {

namespace {

using report::number_or_null;

struct HeartRateOptions {
  std::string data;
  bool json = false;
  std::string svg;  // folder for the pictures; empty: none
  std::size_t threads = 0;
};

report::Json to_json(const eval::HeartEvalResult& r) {
  const eval::HeartSummary& s = r.summary;
  report::Json j;
  report::Json recordings = report::Json::array();
  for (const eval::HeartRecordingResult& rec : r.recordings) {
    report::Json rj;
    rj["name"] = rec.info.name;
    rj["mae_bpm"] = number_or_null(rec.score.mae_bpm);
    rj["within_5_bpm"] = number_or_null(rec.score.within_5_bpm);
    rj["valid_share"] = number_or_null(rec.valid_share);
    rj["windows"] = rec.score.windows;
    rj["avre_pct"] = number_or_null(rec.score.avre_pct);
    recordings.push_back(std::move(rj));
  }
  j["recordings"] = std::move(recordings);
  j["mean_mae_bpm_1_12"] = number_or_null(s.treadmill.mae_bpm);
  j["mae_bpm_13"] = number_or_null(s.arms.mae_bpm);
  j["mean_mae_bpm"] = number_or_null(s.all.mae_bpm);
  j["mean_within_5_bpm_1_12"] = number_or_null(s.treadmill.within_5_bpm);
  j["within_5_bpm_13"] = number_or_null(s.arms.within_5_bpm);
  j["mean_within_5_bpm"] = number_or_null(s.all.within_5_bpm);
  return j;
}

void print_table(const eval::HeartEvalResult& r, const HeartRateOptions& o) {
  const eval::HeartSummary& s = r.summary;
  int name_w = 9;
  for (const eval::HeartRecordingResult& rec : r.recordings) {
    name_w = std::max(name_w, static_cast<int>(shown(rec.info.name).size()));
  }
  std::printf("eval heart-rate: spc2015, %zu recordings from %s\n", r.recordings.size(),
              shown(o.data).c_str());
  std::printf(
      "HeartRateEstimator with its default settings, causal: the estimate of each 8 s window "
      "(every 2 s)\nread right after the window's last sample; every window scored, valid or "
      "not\n\n");
  std::printf("%-*s  %4s  %7s  %7s  %9s  %7s  %6s  %8s\n", name_w, "recording", "type", "windows",
              "MAE BPM", "within5 %", "valid %", "avRE %", "sdAE BPM");
  for (const eval::HeartRecordingResult& rec : r.recordings) {
    const eval::HeartScore& sc = rec.score;
    std::printf("%-*s  %4s  %7zu  %7s  %9s  %7s  %6s  %8s\n", name_w, shown(rec.info.name).c_str(),
                shown(rec.info.activity_type).c_str(), sc.windows, num("%.2f", sc.mae_bpm).c_str(),
                num("%.1f", 100.0 * sc.within_5_bpm).c_str(),
                num("%.1f", 100.0 * rec.valid_share).c_str(), num("%.2f", sc.avre_pct).c_str(),
                num("%.2f", sc.sdae_bpm).c_str());
  }
  const auto recordings = [](std::size_t n) {
    return std::to_string(n) + (n == 1 ? " recording" : " recordings");
  };
  const std::string treadmill = "mean rec01-rec12 (" + recordings(s.treadmill.recordings) + "):";
  const std::string arms = s.arms.recordings == 1
                               ? std::string("rec13:")
                               : "rec13 (" + recordings(s.arms.recordings) + "):";
  const std::string all = "mean of all " + std::to_string(s.all.recordings) + ":";
  const int label_w = static_cast<int>(std::max({treadmill.size(), arms.size(), all.size()}));
  const auto line = [&](const std::string& label, const eval::HeartMeans& m) {
    std::printf("%-*s  MAE %s BPM, within 5 BPM %s %%, avRE %s %%\n", label_w, label.c_str(),
                num("%.2f", m.mae_bpm).c_str(), num("%.1f", 100.0 * m.within_5_bpm).c_str(),
                num("%.2f", m.avre_pct).c_str());
  };
  std::printf("\n");
  line(treadmill, s.treadmill);
  line(arms, s.arms);
  line(all, s.all);
  std::printf(
      "\npublished MAE in BPM, rec01-12 / rec13 (Temko 2017, Table III, as in the dataset's "
      "README):\n"
      "  TROIKA 2.34 / -, JOSS 1.28 / -, SpaMa 0.89 / 3.41, WFPV (causal) 1.02 / 3.27\n"
      "  (WFPV: its published estimates scored with these truth files; the paper lists 3.54 for "
      "rec13)\n");
}

// Draws every recording's picture into `dir`, in parallel; returns how many were written.
std::size_t write_pictures(const std::string& dir, const eval::HeartEvalResult& r,
                           std::size_t threads) {
  const auto written =
      eval::parallel_in_order<int>(r.recordings.size(), threads, [&](std::size_t i) {
        const eval::HeartRecordingResult& rec = r.recordings[i];
        const std::string path =
            (std::filesystem::path(dir) / report::heart_trace_svg_file_name(rec.info.name))
                .string();
        report::write_heart_trace_svg(path, rec);
        return 1;
      });
  return written.size();
}

void run_eval_heart_rate(const HeartRateOptions& o) {
  const auto start = std::chrono::steady_clock::now();
  // Before the run, so a folder that is not there or cannot be made costs no evaluation.
  eval::check_spc2015_folder(o.data);
  const eval::Spc2015Index index = eval::load_spc2015_index(o.data);
  if (!o.svg.empty()) eval::make_picture_folder(o.svg);
  eval::HeartEvalOptions options;
  options.threads = o.threads;
  options.show_progress = true;
  options.keep_spectra = !o.svg.empty();
  const eval::HeartEvalResult r = eval::evaluate_heart_rate(index, options);

  if (o.json) {
    std::cout << report::json_text(to_json(r));
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
  std::fprintf(stderr, "eval heart-rate: %zu recordings, %zu samples in %.2f s (%d thread%s)\n",
               r.recordings.size(), r.n_samples, elapsed_s, threads, threads == 1 ? "" : "s");
  if (pictures > 0) {
    std::fprintf(stderr, "eval heart-rate: %zu pictures written to %s (<recording>.svg)\n",
                 pictures, shown(o.svg).c_str());
  }
}

void register_eval_heart_rate_impl(CLI::App& eval_cmd) {
  auto o = std::make_shared<HeartRateOptions>();
  auto* cmd = eval_cmd.add_subcommand(
      "heart-rate",
      "Score the heart-rate estimator on an spc2015 folder with its README's causal protocol. "
      "Default settings, a fresh estimator per recording, each sample in turn (t = index x 8 ms; "
      "the accelerometer, g x 9.80665, then both PPG channels), the estimate of window i read "
      "right after sample 250 i + 999 and required to cover exactly that window (a misaligned "
      "estimator is an error); every window scored with its estimate, valid or not.\n"
      "Per recording: MAE (BPM), the share of windows within 5 BPM, the share the estimator "
      "called valid, avRE (%) and sdAE (BPM); then the mean over rec01-rec12 (T1, treadmill), "
      "rec13 (T2, arm exercises) and all, beside the published figures.");
  o->data = default_dataset_dir("spc2015");
  cmd->add_option("--data", o->data,
                  "an spc2015 folder (recordings.csv, recordings/, truth/); default: "
                  "$FUSETRACK_DATASETS/spc2015 when that variable is set, else "
                  "../shared/datasets/spc2015 from the working directory")
      ->capture_default_str();
  cmd->add_flag("--json", o->json,
                "print one JSON object instead of the table: recordings [{name, mae_bpm, "
                "within_5_bpm, valid_share, windows, avre_pct}], mean_mae_bpm_1_12, mae_bpm_13, "
                "mean_mae_bpm, mean_within_5_bpm_1_12, within_5_bpm_13, mean_within_5_bpm "
                "(shares in [0, 1]; null where a group has no recording)");
  cmd->add_option("--svg", o->svg,
                  "also draw one picture per recording into this folder (created if needed): "
                  "<recording>.svg, the reference, the estimates (valid or not), the cadence and "
                  "the motion frequency over time, and the spectrograms of the cleaned PPG and "
                  "of the accelerometer");
  cmd->add_option("--jobs,--threads", o->threads,
                  "worker threads in [0, 1024] (0 = all cores); recordings run in parallel, the "
                  "output is the same for any number")
      ->check(integer_in(0, 1024))
      ->capture_default_str();
  cmd->callback([o] { run_eval_heart_rate(*o); });
}

}  // namespace

void register_eval_heart_rate(CLI::App& eval_cmd) { register_eval_heart_rate_impl(eval_cmd); }

}  // namespace fusetrack::cli
