// Small step-evaluation folders for the tests, made from the simulator (exact step truth): an
// oxford-steps-layout folder (traces.csv, acc/<trace>.csv.gz, steps/<trace>.csv) and recordings
// with truth files (layout B, as `fusetrack simulate` writes them).
#pragma once

#include <cstdio>
#include <exception>
#include <filesystem>
#include <string>
#include <vector>

#include "../io/io_test_util.hpp"
#include "io/truth_csv.hpp"
#include "sim/sim_recording.hpp"
#include "sim/simulator.hpp"

namespace fusetrack::testing {

// The message of the exception `f` throws ("" when it throws none).
template <typename F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const std::exception& e) {
    return e.what();
  }
  return "";
}

// The traces.csv header of the oxford-steps README.
inline constexpr const char* kOxfordIndexHeader =
    "trace,position,surface,subject,phone,accel_sensor,true_steps,n_samples,rate_hz,median_dt_ms,"
    "duration_s,max_gap_s,n_gaps_over_3x,gt_start_s,gt_end_s,in_paper_set,t0_ns,notes\n";

// A short simulated wrist walk: rest, walk, rest (seconds), IMU only, fixed seed.
inline sim::SimResult simulated_walk(double walk_s, std::uint64_t seed = 3) {
  sim::SimSettings s;
  s.seed = seed;
  s.segments = {sim::Segment::rest(3.0), sim::Segment::walk(walk_s), sim::Segment::rest(3.0)};
  s.mag.enabled = false;
  s.ppg.enabled = false;
  return sim::simulate(s);
}

// One traces.csv row for `name` (the other columns plausible placeholders).
inline std::string oxford_index_row(const std::string& name, const std::string& position,
                                    std::size_t true_steps, std::size_t n_samples,
                                    bool in_paper_set, const std::string& notes = "") {
  return name + "," + position + ",hard,s1,pixel,BMI160," + std::to_string(true_steps) + "," +
         std::to_string(n_samples) + ",104.0,9.6,40.0,0.02,0,0.5,39.5," +
         (in_paper_set ? "1" : "0") + ",123456789," + notes + "\n";
}

// The accelerometer file text of `r` (t_s with 6 decimals: the µs stamps exactly).
inline std::string oxford_acc_text(const sim::SimResult& r) {
  std::string text = "t_s,acc_x_m_s2,acc_y_m_s2,acc_z_m_s2\n";
  char buf[160];
  for (const ImuSample& s : r.imu) {
    std::snprintf(buf, sizeof buf, "%.6f,%.4f,%.4f,%.4f\n", static_cast<double>(s.t_us) * 1e-6,
                  static_cast<double>(s.acc_m_s2.x()), static_cast<double>(s.acc_m_s2.y()),
                  static_cast<double>(s.acc_m_s2.z()));
    text += buf;
  }
  return text;
}

// The steps file text of `r`'s true steps.
inline std::string oxford_steps_text(const sim::SimResult& r) {
  std::string text = "t_s,foot\n";
  char buf[64];
  for (std::size_t i = 0; i < r.truth.steps_us.size(); ++i) {
    std::snprintf(buf, sizeof buf, "%.6f,%d\n", static_cast<double>(r.truth.steps_us[i]) * 1e-6,
                  static_cast<int>(i % 2 + 1));
    text += buf;
  }
  return text;
}

// An oxford-steps folder in `dir` holding one trace per entry of `walks` (trace i named
// "sim_<i>", position "hand" for even i and "bag" for odd i, every one in the paper set).
inline void write_oxford_folder(const std::filesystem::path& dir,
                                const std::vector<sim::SimResult>& walks) {
  std::filesystem::create_directories(dir / "acc");
  std::filesystem::create_directories(dir / "steps");
  std::string index = kOxfordIndexHeader;
  for (std::size_t i = 0; i < walks.size(); ++i) {
    const std::string name = "sim_" + std::to_string(i);
    index += oxford_index_row(name, i % 2 == 0 ? "hand" : "bag", walks[i].truth.steps_us.size(),
                              walks[i].imu.size(), true);
    io::testing::write_gzip((dir / "acc" / (name + ".csv.gz")).string(), oxford_acc_text(walks[i]));
    io::testing::write_text((dir / "steps" / (name + ".csv")).string(),
                            oxford_steps_text(walks[i]));
  }
  io::testing::write_text((dir / "traces.csv").string(), index);
}

// Writes `r` as `stem`.csv and `stem`_truth.csv (pose rows thinned: only steps matter here).
inline void write_recording_with_truth(const std::filesystem::path& stem, const sim::SimResult& r,
                                       io::TruthMetadata metadata = {}) {
  std::filesystem::create_directories(stem.parent_path());
  sim::write_recording(stem.string() + ".csv", r, {{"source", "test"}});
  io::TruthCsvOptions options;
  options.pose_every = 50;
  options.metadata = std::move(metadata);
  io::write_truth_csv(stem.string() + "_truth.csv", r.truth, options);
}

}  // namespace fusetrack::testing
