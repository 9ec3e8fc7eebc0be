// One trace of the step evaluation as a self-contained SVG picture: the detector's input signal
// |a| - g over time (its lowest and highest value per column, so every peak of a 3-minute 400 Hz
// trace survives in a small file), the true steps on one row of marks and the detected steps on
// another, coloured by the matching (matched true step grey, missed step vermilion, matched
// detection blue, false detection purple; a thin line joins each matched pair, so its slant shows
// the offset), and a time axis. The trace is cut into stacked rows of 30 s (longer rows for a
// trace longer than 15 minutes, at most 30 rows), so every step stays visible.
#pragma once

#include <string>

#include "eval/step_eval.hpp"

namespace fusetrack::report {

// Layout of the picture.
struct StepTraceSvgOptions {
  double width_px = 1240.0;        // the whole picture
  double row_s = 30.0;             // seconds per row (grown for a long trace, see above)
  std::size_t max_rows = 30;       // rows at most
  double signal_height_px = 84.0;  // the signal panel of a row
};

// The SVG document (UTF-8, starting with "<svg") for trace `t`, whose detail must have been kept
// (eval::StepEvalOptions::keep_details); a trace without samples gives the title and figures only.
std::string step_trace_svg(const eval::StepTraceResult& t, const StepTraceSvgOptions& options = {});

// The picture's file name for a trace: its name with '/' (layout B's folders) replaced by "__"
// and ".svg" appended.
std::string step_trace_svg_file_name(const std::string& trace_name);

// Writes step_trace_svg(...) to `path`; throws std::runtime_error naming the path when that fails.
void write_step_trace_svg(const std::string& path, const eval::StepTraceResult& t,
                          const StepTraceSvgOptions& options = {});

}  // namespace fusetrack::report
