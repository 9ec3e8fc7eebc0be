#include "eval/step_eval.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string_view>
#include <utility>
#include <variant>

#include "eval/parallel_in_order.hpp"
#include "io/csv.hpp"
#include "io/recording.hpp"
#include "io/truth_csv.hpp"
#include "report/progress.hpp"

namespace fusetrack::eval {

namespace {

// Samples between two progress updates.
constexpr std::size_t kProgressChunk = 4096;
// Bins an envelope holds at most (about 6 days at 50 ms): a recording whose stamps jump further
// is drawn up to there.
constexpr std::size_t kMaxEnvelopeBins = std::size_t{10'000'000};

constexpr float kNaNf = std::numeric_limits<float>::quiet_NaN();

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// `name` without ".csv" or ".csv.gz"; empty when it has neither.
std::string csv_stem(const std::string& name) {
  if (ends_with(name, ".csv.gz")) return name.substr(0, name.size() - 7);
  if (ends_with(name, ".csv")) return name.substr(0, name.size() - 4);
  return "";
}

Micros floor_to(Micros t, Micros step) {
  const Micros q = t / step;
  return (t % step != 0 && t < 0 ? q - 1 : q) * step;
}

// Runs a fresh detector over the samples `feed` delivers (feed(push) calls push(t_us, acc, gyr)
// for each in order, gyr nullptr without a gyroscope) and collects its steps, and the signal
// envelope when `detail` is given.
template <typename Feed>
std::size_t run_detector(const StepEvalOptions& options, const Feed& feed, DetectedSteps& out,
                         StepTraceDetail* detail, report::Progress* progress) {
  steps::StepDetector detector(options.settings);
  std::size_t n = 0;
  std::size_t since_progress = 0;
  Micros last_us = 0;
  const auto sink = [&](const steps::StepEvent& e) {
    if (e.kind != steps::StepEventKind::kStep) return;
    out.t_us.push_back(e.t_us);
    out.reported_us.push_back(e.reported_us);
  };
  feed([&](Micros t_us, const Vec3& acc_m_s2, const Vec3* gyr_rad_s) {
    if (gyr_rad_s != nullptr) {
      detector.push(t_us, acc_m_s2, *gyr_rad_s, sink);
    } else {
      detector.push(t_us, acc_m_s2, sink);
    }
    last_us = t_us;
    if (detail != nullptr) {
      if (n == 0) detail->first_us = t_us;
      detail->last_us = t_us;
      // The detector's own signal before its resampling and low-pass, in double so the picture
      // does not depend on float rounding of the norm.
      const double norm = std::sqrt(static_cast<double>(acc_m_s2.squaredNorm()));
      detail->signal.add(t_us, static_cast<float>(norm - static_cast<double>(kGravity_m_s2)));
    }
    ++n;
    if (progress != nullptr && ++since_progress == kProgressChunk) {
      progress->advance(since_progress);
      since_progress = 0;
    }
  });
  if (progress != nullptr && since_progress > 0) progress->advance(since_progress);
  // A bout still open at the end ends here (only its event; no step is added or lost).
  detector.end_bout(last_us, [](const steps::StepEvent&) {});
  return n;
}

// Scores the detected steps against the truth and fills the trace's figures.
void score_trace(StepTraceResult& r, DetectedSteps detected, const StepTruth& truth,
                 bool keep_details) {
  StepMatching matching;
  r.trace.score = truth.has_step_times ? score_steps(detected, truth.steps_us, &matching)
                                       : score_step_count(detected, truth.total);
  r.trace.delays_s.reserve(detected.t_us.size());
  for (std::size_t k = 0; k < detected.t_us.size(); ++k) {
    r.trace.delays_s.push_back(static_cast<double>(detected.reported_us[k] - detected.t_us[k]) /
                               1e6);
  }
  if (keep_details) {
    r.detail.true_us = truth.steps_us;
    r.detail.detected = std::move(detected);
    r.detail.matching = std::move(matching);
  }
}

StepEvalResult finish(StepLayout layout, const std::filesystem::path& dir,
                      std::vector<StepTraceResult> traces) {
  StepEvalResult r;
  r.layout = layout;
  r.dir = dir;
  r.traces = std::move(traces);
  std::vector<StepTraceScore> scores;
  scores.reserve(r.traces.size());
  for (const StepTraceResult& t : r.traces) {
    scores.push_back(t.trace);
    r.n_samples += t.n_samples;
  }
  r.summary = summarize_steps(scores);
  return r;
}

}  // namespace

const char* step_layout_name(StepLayout layout) noexcept {
  return layout == StepLayout::kOxfordSteps ? "oxford-steps" : "recordings";
}

void SignalEnvelope::add(Micros t_us, float value) {
  if (bin_us <= 0) bin_us = 50000;
  if (lo.empty()) start_us = floor_to(t_us, bin_us);
  if (t_us < start_us) return;
  const auto bin = static_cast<std::size_t>((t_us - start_us) / bin_us);
  if (bin >= kMaxEnvelopeBins) return;
  if (bin >= lo.size()) {
    lo.resize(bin + 1, kNaNf);
    hi.resize(bin + 1, kNaNf);
  }
  // NaN compares false: the first value of a bin replaces its NaN.
  if (!(value >= lo[bin])) lo[bin] = value;
  if (!(value <= hi[bin])) hi[bin] = value;
}

std::vector<RecordingWithTruth> find_recordings_with_truth(const std::filesystem::path& dir,
                                                           std::vector<std::string>* ignored) {
  namespace fs = std::filesystem;
  std::vector<fs::path> files;
  for (const fs::directory_entry& e : fs::recursive_directory_iterator(dir)) {
    if (e.is_regular_file() && !csv_stem(e.path().filename().string()).empty()) {
      files.push_back(e.path());
    }
  }
  std::sort(files.begin(), files.end(), [&](const fs::path& a, const fs::path& b) {
    return a.lexically_relative(dir).generic_string() < b.lexically_relative(dir).generic_string();
  });
  std::vector<RecordingWithTruth> out;
  for (const fs::path& f : files) {
    const std::string stem = csv_stem(f.filename().string());
    if (ends_with(stem, "_truth")) continue;
    fs::path truth;
    for (const char* ext : {"_truth.csv", "_truth.csv.gz"}) {
      const fs::path candidate = f.parent_path() / (stem + ext);
      if (fs::is_regular_file(candidate)) {
        truth = candidate;
        break;
      }
    }
    if (truth.empty()) {
      if (ignored != nullptr) ignored->push_back(f.string());
      continue;
    }
    RecordingWithTruth r;
    r.recording = f.string();
    r.truth = truth.string();
    const fs::path folder = f.parent_path().lexically_relative(dir);
    r.position = folder.empty() || folder == "." ? "-" : folder.generic_string();
    r.name = r.position == "-" ? stem : r.position + "/" + stem;
    out.push_back(std::move(r));
  }
  return out;
}

StepTruth read_step_truth(const std::string& path) {
  // Where the step_count line is, for its error messages: read the comment lines again (the
  // truth reader keeps the values only).
  std::size_t count_line = 0, count_column = 0;
  std::string count_text;
  {
    io::CsvReader reader(path);
    std::string_view line;
    while (reader.next_line(line) && !line.empty() && line.front() == '#') {
      const std::size_t key = line.find("step_count=");
      std::string_view before = line.substr(1, key == std::string_view::npos ? 0 : key - 1);
      while (!before.empty() && before.front() == ' ') before.remove_prefix(1);
      if (key != std::string_view::npos && before.empty()) {
        count_line = reader.line_number();
        count_column = key + 12;  // 1-based, after "step_count="
        count_text = std::string(line.substr(key + 11));
      }
    }
  }
  const io::Truth truth = io::read_truth_csv(path);
  StepTruth s;
  s.steps_us = truth.steps_us;
  std::sort(s.steps_us.begin(), s.steps_us.end());
  s.total = s.steps_us.size();
  if (count_line == 0) return s;
  std::int64_t count = 0;
  if (io::try_parse_int64(count_text, count) != io::NumberStatus::kOk || count < 0) {
    throw io::ParseError(path, count_line, count_column, "a count >= 0 for metadata 'step_count'",
                         io::quoted(count_text));
  }
  if (!s.steps_us.empty()) {
    if (static_cast<std::size_t>(count) != s.steps_us.size()) {
      throw io::ParseError(
          path, count_line, count_column,
          "step_count equal to the file's " + std::to_string(s.steps_us.size()) + " step rows",
          io::quoted(count_text));
    }
    return s;
  }
  s.has_step_times = false;
  s.total = static_cast<std::size_t>(count);
  return s;
}

StepLayout detect_step_layout(const std::filesystem::path& dir) {
  if (!std::filesystem::is_directory(dir)) {
    throw std::runtime_error("--data " + dir.string() +
                             ": no such folder (expected an oxford-steps folder holding "
                             "traces.csv, or a folder of recordings with truth files)");
  }
  if (std::filesystem::exists(dir / "traces.csv")) return StepLayout::kOxfordSteps;
  if (!find_recordings_with_truth(dir).empty()) return StepLayout::kRecordings;
  throw std::runtime_error(
      "--data " + dir.string() +
      ": neither traces.csv (the oxford-steps layout) nor any recording with a truth file next "
      "to it (NAME.csv + NAME_truth.csv, or .csv.gz, as fusetrack simulate writes) below it");
}

StepEvalResult evaluate_oxford_steps(const OxfordStepsIndex& index,
                                     const StepEvalOptions& options) {
  std::size_t total = 0;
  for (const OxfordTraceInfo& t : index.traces) total += t.n_samples;
  report::Progress progress("eval steps", total, options.show_progress ? stderr : nullptr);
  auto traces =
      parallel_in_order<StepTraceResult>(index.traces.size(), options.threads, [&](std::size_t i) {
        const OxfordTraceInfo& info = index.traces[i];
        StepTraceResult r;
        r.trace.name = info.name;
        r.trace.position = info.position;
        r.trace.in_paper_set = info.in_paper_set;
        StepTruth truth;
        truth.steps_us = load_oxford_true_steps(index, info);
        truth.total = truth.steps_us.size();
        DetectedSteps detected;
        r.n_samples = run_detector(
            options,
            [&](const auto& push) {
              read_oxford_acc(index, info, [&](Micros t, const Vec3& a) { push(t, a, nullptr); });
            },
            detected, options.keep_details ? &r.detail : nullptr, &progress);
        score_trace(r, std::move(detected), truth, options.keep_details);
        return r;
      });
  progress.finish();
  return finish(StepLayout::kOxfordSteps, index.dir, std::move(traces));
}

StepEvalResult evaluate_recording_steps(const std::filesystem::path& dir,
                                        const std::vector<RecordingWithTruth>& recordings,
                                        const StepEvalOptions& options) {
  report::Progress progress("eval steps", recordings.size(),
                            options.show_progress ? stderr : nullptr);
  auto traces =
      parallel_in_order<StepTraceResult>(recordings.size(), options.threads, [&](std::size_t i) {
        const RecordingWithTruth& rec = recordings[i];
        StepTraceResult r;
        r.trace.name = rec.name;
        r.trace.position = rec.position;
        const StepTruth truth = read_step_truth(rec.truth);
        io::RecordingReader reader(rec.recording);
        if (!reader.header().has_imu) {
          throw std::runtime_error(rec.recording +
                                   ": no IMU stream (the step evaluation needs accelerometer "
                                   "samples, columns acc_x_m_s2, acc_y_m_s2, acc_z_m_s2)");
        }
        DetectedSteps detected;
        r.n_samples = run_detector(
            options,
            [&](const auto& push) {
              io::Record record;
              while (reader.next(record)) {
                if (record.kind() != io::StreamKind::kImu) continue;
                const ImuSample& s = std::get<ImuSample>(record.sample);
                push(s.t_us, s.acc_m_s2, s.has_gyr ? &s.gyr_rad_s : nullptr);
              }
            },
            detected, options.keep_details ? &r.detail : nullptr, nullptr);
        score_trace(r, std::move(detected), truth, options.keep_details);
        progress.advance();
        return r;
      });
  progress.finish();
  StepEvalResult r = finish(StepLayout::kRecordings, dir, std::move(traces));
  return r;
}

StepEvalResult evaluate_steps(const std::filesystem::path& dir, const StepEvalOptions& options) {
  if (detect_step_layout(dir) == StepLayout::kOxfordSteps) {
    return evaluate_oxford_steps(load_oxford_steps_index(dir), options);
  }
  std::vector<std::string> ignored;
  const std::vector<RecordingWithTruth> recordings = find_recordings_with_truth(dir, &ignored);
  StepEvalResult r = evaluate_recording_steps(dir, recordings, options);
  r.ignored = std::move(ignored);
  return r;
}

}  // namespace fusetrack::eval
