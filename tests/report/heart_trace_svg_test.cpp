// The heart-rate evaluation's per-recording picture: well formed, its figures in the title, both
// kinds of estimate and the spectrograms drawn when kept, and text from the dataset escaped.
#include "report/heart_trace_svg.hpp"

#include <string>

#include <gtest/gtest.h>

#include "svg_check.hpp"

namespace fusetrack::report {
namespace {

// Three windows at 90 BPM, the middle one invalid (motion); spectra with one peak per window at
// the estimate's bin when `spectra`.
eval::HeartRecordingResult synthetic_recording(bool spectra) {
  eval::HeartRecordingResult r;
  r.info.name = "rec<01>&";
  r.info.original_name = "DATA_01";
  r.info.activity_type = "T1";
  r.info.activity = "walk";
  r.info.n_samples = 1500;
  r.info.duration_s = 12.0;
  for (std::size_t i = 0; i < 3; ++i) {
    eval::HeartWindow w;
    w.window_end_us = static_cast<Micros>(250 * i + 1000) * 8000;
    w.reference_bpm = 90.0;
    w.bpm = 88.0f + static_cast<float>(i);
    w.valid = i != 1;
    w.reason = i == 1 ? heart::HeartReason::kMotion : heart::HeartReason::kValid;
    w.cadence_spm = 110.0f;
    w.motion_hz = 0.9f;
    r.windows.push_back(w);
  }
  r.score = eval::score_heart_rate({88.0, 89.0, 90.0}, {90.0, 90.0, 90.0});
  r.valid_share = 2.0 / 3.0;
  if (spectra) {
    eval::HeartSpectrogram& sp = r.spectra;
    sp.first_bin = 27;
    sp.last_bin = 150;
    sp.windows = 3;
    for (std::size_t i = 0; i < 3; ++i) {
      for (std::size_t k = sp.first_bin; k <= sp.last_bin; ++k) {
        sp.clean.push_back(k == 61 ? 1.0f : 0.05f);
        sp.acc.push_back(k == 37 ? 1.0f : 0.0f);
      }
    }
  }
  return r;
}

TEST(HeartTraceSvg, IsWellFormedWithTheFiguresInTheTitleAndTheNameEscaped) {
  const std::string doc = heart_trace_svg(synthetic_recording(true));
  EXPECT_EQ(testing::svg_problem(doc), "") << doc.substr(0, 400);
  EXPECT_NE(doc.find("rec&lt;01&gt;&amp; \u2014 MAE 1.00 BPM, within 5 BPM 100.0 %"),
            std::string::npos);
  EXPECT_NE(doc.find("valid 66.7 % of 3 windows"), std::string::npos);
  EXPECT_NE(doc.find("cleaned PPG spectrum"), std::string::npos);
  EXPECT_NE(doc.find("accelerometer spectrum"), std::string::npos);
  // One invalid estimate (hollow, white fill) and the reasons' legend with their counts.
  EXPECT_NE(doc.find("fill=\"#ffffff\" stroke=\"#8c8c8c\""), std::string::npos);
  EXPECT_NE(doc.find("valid 2"), std::string::npos);
  EXPECT_NE(doc.find("motion 1"), std::string::npos);
}

TEST(HeartTraceSvg, WithoutSpectraOrWindowsItIsStillAWholePicture) {
  const std::string no_spectra = heart_trace_svg(synthetic_recording(false));
  EXPECT_EQ(testing::svg_problem(no_spectra), "");
  EXPECT_EQ(no_spectra.find("cleaned PPG spectrum"), std::string::npos);
  eval::HeartRecordingResult empty;
  empty.info.name = "rec02";
  EXPECT_EQ(testing::svg_problem(heart_trace_svg(empty)), "");
}

TEST(HeartTraceSvg, FileNameIsTheRecordingsName) {
  EXPECT_EQ(heart_trace_svg_file_name("rec07"), "rec07.svg");
}

}  // namespace
}  // namespace fusetrack::report
