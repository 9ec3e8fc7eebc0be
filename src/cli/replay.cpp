// `fusetrack replay DIR`: every recording in a folder (and its subfolders) replayed through the
// Tracker in parallel, one summary row each, in the order of their relative paths; with --out,
// each one's day files (replay/day.hpp) in a folder tree mirroring DIR's. What it prints and
// writes does not depend on --jobs: the throughput goes to stderr.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <stdexcept>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

#include "cli/commands.hpp"
#include "cli/usage.hpp"
#include "eval/parallel_in_order.hpp"
#include "io/csv.hpp"
#include "replay/corpus.hpp"
#include "replay/day.hpp"
#include "replay/replay.hpp"
#include "report/json.hpp"
#include "report/progress.hpp"

namespace fusetrack::cli {
namespace {

struct ReplayDirOptions {
  std::string dir;
  std::size_t jobs = 0;  // 0: the hardware threads
  std::string out;       // empty: no files
  bool json = false;
  bool falls = true;
  std::string filter = "ekf";
  bool no_mag = false;
  bool skip_bad_rows = false;
};

// One recording's outcome (replay/corpus.hpp), as the table and the JSON read it.
using Outcome = replay::ReplayRow;

Outcome replay_one(const ReplayDirOptions& opt, const std::string& relative) {
  replay::ReplayOptions options;
  try {
    options.filter = replay::filter_kind(opt.filter);
  } catch (const std::exception& e) {
    Outcome o;
    o.error = e.what();
    o.summary.file = relative;
    return o;
  }
  options.use_mag = !opt.no_mag;
  options.reader.skip_bad_rows = opt.skip_bad_rows;
  options.falls = opt.falls;
  return replay::replay_row((std::filesystem::path(opt.dir) / relative).string(), relative, options,
                            replay::files_dir_for(opt.out, relative));
}

std::string number(const char* format, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, v);
  return buf;
}

void print_table(const std::vector<Outcome>& outcomes) {
  std::size_t width = 4;
  for (const Outcome& o : outcomes) width = std::max(width, o.summary.file.size());
  const int w = static_cast<int>(width);
  std::printf("%-*s %10s %8s %10s %7s %8s %5s %6s  %s\n", w, "file", "duration_s", "steps",
              "distance_m", "hr_bpm", "kcal", "falls", "faults", "status");
  std::size_t failed = 0;
  double duration = 0.0;
  std::uint64_t steps = 0;
  for (const Outcome& o : outcomes) {
    const replay::DaySummary& s = o.summary;
    if (!o.ok) {
      ++failed;
      std::printf("%-*s %10s %8s %10s %7s %8s %5s %6s  error: %s\n", w, s.file.c_str(), "-", "-",
                  "-", "-", "-", "-", "-", o.error.c_str());
      continue;
    }
    duration += s.duration_s;
    steps += s.steps;
    std::printf("%-*s %10.1f %8s %10s %7s %8s %5s %6llu  ok\n", w, s.file.c_str(), s.duration_s,
                s.stages_steps ? std::to_string(s.steps).c_str() : "-",
                s.stages_steps ? number("%.1f", s.distance_m).c_str() : "-",
                s.heart_valid > 0 ? number("%.1f", s.heart_mean_bpm).c_str() : "-",
                s.stages_energy ? number("%.1f", s.kcal_total).c_str() : "-",
                s.stages_falls ? std::to_string(s.falls).c_str() : "-",
                static_cast<unsigned long long>(replay::fault_count(s)));
  }
  std::printf("%zu recordings, %zu ok, %zu failed; %.1f s, %llu steps in the ones that finished\n",
              outcomes.size(), outcomes.size() - failed, failed, duration,
              static_cast<unsigned long long>(steps));
}

report::Json outcomes_json(const ReplayDirOptions& opt, const std::vector<Outcome>& outcomes) {
  report::Json j;
  j["dir"] = opt.dir;
  j["out"] = opt.out.empty() ? report::Json(nullptr) : report::Json(opt.out);
  std::size_t failed = 0;
  report::Json rows = report::Json::array();
  for (const Outcome& o : outcomes) {
    failed += o.ok ? 0 : 1;
    rows.push_back(replay::row_json(o));
  }
  j["recordings"] = std::move(rows);
  j["failed"] = failed;
  return j;
}

int replay_dir(const ReplayDirOptions& opt) {
  const std::vector<std::string> files = replay::find_recordings(opt.dir);
  if (files.empty()) throw std::runtime_error(opt.dir + ": no recordings (*.csv, *.csv.gz)");
  (void)replay::filter_kind(opt.filter);  // an unknown filter fails before the work
  const std::size_t threads =
      opt.jobs > 0 ? opt.jobs : std::max<std::size_t>(1, std::thread::hardware_concurrency());
  if (!opt.out.empty()) {
    // The folders first, one thread: the jobs then only write files.
    for (const std::string& f : files) {
      const std::filesystem::path sub = (std::filesystem::path(opt.out) / f).parent_path();
      std::error_code ec;
      std::filesystem::create_directories(sub, ec);
      if (ec)
        throw std::runtime_error(sub.string() + ": cannot create the folder: " + ec.message());
    }
  }
  const auto start = std::chrono::steady_clock::now();
  std::vector<Outcome> outcomes;
  {
    report::Progress progress("replay", files.size(), stderr,
                              report::Progress::Lines::kWhenNotTerminal);
    outcomes = eval::parallel_in_order<Outcome>(files.size(), threads, [&](std::size_t i) {
      Outcome o = replay_one(opt, files[i]);
      progress.advance();
      return o;
    });
  }
  const double wall_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (opt.json) {
    std::cout << report::json_text(outcomes_json(opt, outcomes));
  } else {
    print_table(outcomes);
    if (!opt.out.empty()) std::printf("day files written under %s\n", opt.out.c_str());
  }
  std::fflush(stdout);
  std::uint64_t rows = 0;
  bool failed = false;
  for (const Outcome& o : outcomes) {
    rows += o.rows;
    failed = failed || !o.ok;
  }
  std::fprintf(stderr,
               "replay: %zu recordings, %llu samples in %.2f s on %zu threads: %.0f samples/s\n",
               files.size(), static_cast<unsigned long long>(rows), wall_s, threads,
               wall_s > 0.0 ? static_cast<double>(rows) / wall_s : 0.0);
  return failed ? 1 : 0;
}

}  // namespace

void register_replay(CLI::App& app) {
  auto opt = std::make_shared<ReplayDirOptions>();
  auto* cmd = app.add_subcommand(
      "replay",
      "Replay every recording in DIR and its subfolders (*.csv, *.csv.gz; not the truth files "
      "NAME_truth.csv) through the streaming Tracker, in parallel, and print one summary row "
      "each, in the order of their paths: duration, steps, distance, mean heart rate, energy, "
      "falls, faults and status. A recording that cannot be read is reported in its row with "
      "the reader's message and the others go on; the exit status is then 1. The output does "
      "not depend on --jobs; the throughput goes to stderr.");
  cmd->add_option("DIR", opt->dir, "folder of recordings in the fusetrack format")->required();
  cmd->add_option("--jobs", opt->jobs,
                  "threads, an integer in [1, 1024] (default: the hardware threads)")
      ->check(integer_in(1, 1024));
  cmd->add_option("--out", opt->out,
                  "write each recording's NAME_timeline.csv, NAME_timeline.json and NAME_day.svg "
                  "here, in subfolders mirroring DIR's");
  cmd->add_flag("--json", opt->json, "print one JSON object instead of the table");
  cmd->add_flag("--falls,!--no-falls", opt->falls,
                "--no-falls: do not run the fall stage (it runs by default here on wrist "
                "recordings, though the Tracker's settings leave it off)");
  cmd->add_option("--filter", opt->filter, "orientation filter")
      ->check(CLI::IsMember({"ekf", "complementary"}))
      ->capture_default_str();
  cmd->add_flag("--no-mag", opt->no_mag, "6D orientation: do not use the magnetometer");
  cmd->add_flag("--skip-bad-rows", opt->skip_bad_rows,
                "skip and count malformed rows instead of stopping at the first");
  cmd->callback([opt] {
    if (replay_dir(*opt) != 0) command_status() = 1;
  });
}

}  // namespace fusetrack::cli
