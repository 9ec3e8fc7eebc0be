// Step-counting evaluation: runs a fresh steps::StepDetector over every trace of a folder (the
// accelerometer samples in file order, each with its own stamp) and scores its step events with
// eval/step_metrics.hpp, traces in parallel, results in input order (the same for any number of
// threads).
//
// Two folder layouts:
//   A. oxford-steps (DIR/traces.csv exists): ../shared/datasets/oxford-steps/README.md, its
//      protocol; position = the trace's carrying position.
//   B. otherwise, every fusetrack recording below DIR (searched recursively) with a truth file
//      next to it: NAME.csv or NAME.csv.gz with NAME_truth.csv or NAME_truth.csv.gz (as
//      `fusetrack simulate` writes them). The truth's step rows are the true steps; a truth with
//      no step rows and a metadata line `# step_count=N` gives a total only (scored by count).
//      The recording's IMU samples' acc_m_s2 are the detector's input. Name = the recording's
//      path below DIR without its extension; position = its folder below DIR, "-" at the top.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "eval/oxford_steps.hpp"
#include "eval/step_metrics.hpp"
#include "fusetrack/core/types.hpp"
#include "fusetrack/steps/step_detector.hpp"

namespace fusetrack::eval {

enum class StepLayout { kOxfordSteps, kRecordings };

// "oxford-steps" or "recordings".
const char* step_layout_name(StepLayout layout) noexcept;

// The detector's input signal |a| - g (g = 9.80665 m/s²) in fixed time bins: the lowest and the
// highest value of each bin's samples (NaN for a bin without a sample), so a picture of any length
// keeps every peak while the data stay small.
struct SignalEnvelope {
  Micros start_us = 0;    // the first bin's start (a multiple of bin_us)
  Micros bin_us = 50000;  // bin width
  std::vector<float> lo;  // m/s²
  std::vector<float> hi;  // m/s²
  void add(Micros t_us, float value);
  Micros end_us() const noexcept { return start_us + bin_us * static_cast<Micros>(lo.size()); }
};

// What a picture of one trace needs (kept only with StepEvalOptions::keep_details).
struct StepTraceDetail {
  SignalEnvelope signal;
  std::vector<Micros> true_us;  // empty when the truth gives a total only
  DetectedSteps detected;
  StepMatching matching;  // detected against true_us
  Micros first_us = 0;    // the first and last input sample
  Micros last_us = 0;
};

// One trace's outcome.
struct StepTraceResult {
  StepTraceScore trace;  // name, position, paper set, score, every step's delay
  std::size_t n_samples = 0;
  StepTraceDetail detail;  // empty unless asked for
};

struct StepEvalOptions {
  steps::StepSettings settings;  // the detector's settings (default: its defaults)
  std::size_t threads = 0;       // worker threads; 0 = oneTBB's default (all cores)
  bool show_progress = false;    // progress line on stderr, drawn only when stderr is a terminal
  bool keep_details = false;     // fill StepTraceResult::detail (for pictures)
};

struct StepEvalResult {
  StepLayout layout = StepLayout::kOxfordSteps;
  std::filesystem::path dir;
  std::vector<StepTraceResult> traces;  // input order
  StepSummary summary;
  std::size_t n_samples = 0;
  std::vector<std::string> ignored;  // layout B: .csv files below DIR without a truth file
};

// One recording of layout B and its truth file.
struct RecordingWithTruth {
  std::string recording;  // paths as found below DIR
  std::string truth;
  std::string name;      // path below DIR without .csv / .csv.gz
  std::string position;  // folder below DIR, "-" at the top
};

// The recordings with a truth file below `dir` (recursively), ordered by path; `ignored`, when
// given, receives the .csv / .csv.gz files that are neither a truth file nor have one.
std::vector<RecordingWithTruth> find_recordings_with_truth(
    const std::filesystem::path& dir, std::vector<std::string>* ignored = nullptr);

// A truth file's steps: their times, or only their total.
struct StepTruth {
  bool has_step_times = true;
  std::vector<Micros> steps_us;  // ascending (has_step_times)
  std::size_t total = 0;         // steps_us.size(), or the file's step_count
};

// Reads the steps of a truth file (io/truth_csv.hpp). With step rows, they are the truth; a
// `# step_count=N` metadata line must then agree with their number. Without step rows, step_count
// gives the total; with neither, the truth is zero steps (a rest recording). Throws
// io::ParseError (file:line:column) for a step_count that is not a count or disagrees, and as
// io::read_truth_csv does.
StepTruth read_step_truth(const std::string& path);

// Layout A when `dir`/traces.csv exists, else B when a recording with a truth file is below `dir`.
// Throws std::runtime_error when `dir` is not a folder or holds neither.
StepLayout detect_step_layout(const std::filesystem::path& dir);

// Evaluates the oxford-steps traces of `index`.
StepEvalResult evaluate_oxford_steps(const OxfordStepsIndex& index, const StepEvalOptions& options);

// Evaluates `recordings` (layout B) found below `dir`.
StepEvalResult evaluate_recording_steps(const std::filesystem::path& dir,
                                        const std::vector<RecordingWithTruth>& recordings,
                                        const StepEvalOptions& options);

// Detects the layout of `dir` and evaluates it.
StepEvalResult evaluate_steps(const std::filesystem::path& dir, const StepEvalOptions& options);

}  // namespace fusetrack::eval
