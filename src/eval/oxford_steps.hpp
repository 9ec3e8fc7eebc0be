// Loader for folders in the oxford-steps layout (../shared/datasets/oxford-steps/README.md):
//   traces.csv            index, one row per trace
//   acc/<trace>.csv.gz    accelerometer: t_s, acc_x_m_s2, acc_y_m_s2, acc_z_m_s2 (gravity included)
//   steps/<trace>.csv     true steps: t_s (the foot landing), foot
// Every time becomes t_us = round(t_s x 1e6) on the trace's own clock. The accelerometer file is
// streamed (never held whole). Format errors are io::ParseError ("FILE:LINE:COLUMN: expected ...,
// found ..."); a file that cannot be opened is a std::runtime_error naming it.
#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "fusetrack/core/types.hpp"

namespace fusetrack::eval {

// One row of traces.csv (the columns the evaluation uses; others are allowed and ignored).
struct OxfordTraceInfo {
  std::string name;      // `trace`: the file stem in acc/ and steps/
  std::string position;  // hand, hand_swinging, front_pocket, back_pocket, bag, neck_pouch, armband
  std::string surface;   // hard or carpet
  std::string subject;   // s1, s2, s3
  std::string phone;     // nexus, pixel, samsung
  std::string accel_sensor;
  std::size_t true_steps = 0;  // rows in steps/<trace>.csv
  std::size_t n_samples = 0;   // rows in acc/<trace>.csv.gz
  double rate_hz = 0.0;        // 1 / median sample interval
  double duration_s = 0.0;
  double gt_start_s = 0.0;  // first and last foot-switch sample: true steps exist only inside
  double gt_end_s = 0.0;
  bool in_paper_set = false;   // one of the 36 traces of Salvi et al. 2018's headline figure
  std::size_t index_line = 0;  // line of this row in traces.csv (1 = header)
};

// The index of an oxford-steps folder: its traces in file order.
struct OxfordStepsIndex {
  std::filesystem::path dir;  // the folder holding traces.csv
  std::vector<OxfordTraceInfo> traces;
};

// Reads `dir`/traces.csv. Columns are found by header name (order free; extra columns ignored;
// the notes column may be quoted). Throws ParseError on a missing column, a row with another
// number of fields than the header, a value that is not a number (counts: an integer >= 0;
// in_paper_set: 0 or 1), an empty or path-like trace name, or a name used twice.
OxfordStepsIndex load_oxford_steps_index(const std::filesystem::path& dir);

// Streams `index.dir`/acc/<trace>.csv.gz (or .csv), calling on_sample(t_us, acc_m_s2) for every
// row in file order. Throws ParseError on a missing column, a bad number, a time stamp that does
// not increase, or a row count other than info.n_samples. Returns the number of samples.
std::size_t read_oxford_acc(const OxfordStepsIndex& index, const OxfordTraceInfo& info,
                            const std::function<void(Micros, const Vec3&)>& on_sample);

// The true step times of the trace (steps/<trace>.csv, or .csv.gz), µs, ascending. Throws
// ParseError on a missing column, a bad number, a time before the previous row's, or a row count
// other than info.true_steps (reported after the last row).
std::vector<Micros> load_oxford_true_steps(const OxfordStepsIndex& index,
                                           const OxfordTraceInfo& info);

}  // namespace fusetrack::eval
