// One recording of the heart-rate evaluation as a self-contained SVG picture, so a reader can see
// where the track went wrong and why:
//  - top: the reference heart rate (line), the estimate of every window (a filled dot when the
//    estimator called it valid, a hollow grey ring when not), the step detector's cadence
//    (steps/min) and the accelerometer's strongest frequency x 60, all per minute over time, with
//    a strip below coloured by the estimator's reason for each window;
//  - middle: the spectrogram of the cleaned PPG spectrum (after motion suppression), time x
//    beats/min in grey (darker = stronger, each window normalized to its maximum), with the
//    reference as a thin line and the estimates as dots;
//  - bottom: the accelerometer's spectrogram on the same axes, with the reference and the
//    cadence, so a motion harmonic crossing the heart rate shows as such.
// Each window is drawn at its end (the moment its estimate is read), a spectrogram column one hop
// wide centred there.
#pragma once

#include <string>

#include "eval/heart_eval.hpp"

namespace fusetrack::report {

// Layout of the picture.
struct HeartTraceSvgOptions {
  double width_px = 1240.0;           // the whole picture
  double track_height_px = 250.0;     // the top panel
  double spectrum_height_px = 230.0;  // the cleaned PPG's spectrogram
  double acc_height_px = 150.0;       // the accelerometer's spectrogram
};

// The SVG document (UTF-8, starting with "<svg") for recording `r`. The spectrograms are drawn
// when its spectra were kept (eval::HeartEvalOptions::keep_spectra); a recording without windows
// gives the title and figures only.
std::string heart_trace_svg(const eval::HeartRecordingResult& r,
                            const HeartTraceSvgOptions& options = {});

// The picture's file name for a recording: its name with ".svg" appended.
std::string heart_trace_svg_file_name(const std::string& recording);

// Writes heart_trace_svg(...) to `path`; throws std::runtime_error naming the path when that
// fails.
void write_heart_trace_svg(const std::string& path, const eval::HeartRecordingResult& r,
                           const HeartTraceSvgOptions& options = {});

}  // namespace fusetrack::report
