// The spc2015 loader on small hand-made folders, the heart-rate evaluation's protocol on a
// synthetic pulse, and the estimator on the real folder (when it exists) against the bound.
#include "eval/spc2015.hpp"

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "../io/io_test_util.hpp"
#include "eval/heart_eval.hpp"
#include "io/csv.hpp"
#include "spc2015_test_data.hpp"
#include "step_test_data.hpp"

namespace fusetrack::eval {
namespace {

using io::testing::TempDir;
using io::testing::write_text;
using testing::error_of;
using testing::SyntheticRecording;

const std::string kSpc2015Dir = std::string(FUSETRACK_DATASETS_DIR) + "/spc2015";

// A recording of 1500 samples (12 s: 3 windows) at 90 BPM.
SyntheticRecording tiny(const std::string& name = "rec01") {
  SyntheticRecording r;
  r.name = name;
  r.n_samples = 1500;
  return r;
}

TEST(Spc2015Loader, ReadsTheIndexWithQuotedTextTheSignalsInGAndTheReference) {
  const TempDir dir;
  SyntheticRecording r = tiny();
  r.activity = "walk, then run";
  testing::write_spc2015_folder(dir.file(""), {r});
  const Spc2015Index index = load_spc2015_index(dir.file(""));
  ASSERT_EQ(index.recordings.size(), 1u);
  const Spc2015RecordingInfo& info = index.recordings[0];
  EXPECT_EQ(info.name, "rec01");
  EXPECT_EQ(info.original_name, "DATA_rec01");
  EXPECT_EQ(info.activity_type, "T1");
  EXPECT_EQ(info.activity, "walk, then run");
  EXPECT_EQ(info.n_samples, 1500u);
  EXPECT_DOUBLE_EQ(info.duration_s, 12.0);
  EXPECT_EQ(info.n_windows, 3u);
  EXPECT_TRUE(info.has_ecg);
  EXPECT_EQ(info.index_line, 2u);

  std::vector<std::size_t> indices;
  float z_sum = 0.0f;
  float ppg1_at_2 = 0.0f;
  EXPECT_EQ(read_spc2015_signals(index, info,
                                 [&](const Spc2015Sample& s) {
                                   indices.push_back(s.index);
                                   z_sum += s.acc_g.z();
                                   if (s.index == 2) ppg1_at_2 = s.ppg1;
                                 }),
            1500u);
  ASSERT_EQ(indices.size(), 1500u);
  EXPECT_EQ(indices.front(), 0u);
  EXPECT_EQ(indices.back(), 1499u);
  EXPECT_NEAR(z_sum / 1500.0f, 1.0f, 1e-6f);  // in g, as the file has it
  // 100 sin(2 pi 1.5 Hz x 0.016 s), written with one decimal.
  EXPECT_FLOAT_EQ(ppg1_at_2, 15.0f);
  EXPECT_EQ(load_spc2015_truth(index, info), (std::vector<double>{90.0, 90.0, 90.0}));
}

TEST(Spc2015Loader, WindowCountIsTheReadmeFormula) {
  EXPECT_EQ(spc2015_window_count(999), 0u);
  EXPECT_EQ(spc2015_window_count(1000), 1u);
  EXPECT_EQ(spc2015_window_count(1249), 1u);
  EXPECT_EQ(spc2015_window_count(1250), 2u);
  EXPECT_EQ(spc2015_window_count(37937), 148u);  // rec01 of the README's index
}

TEST(Spc2015Loader, ABadNumberInASignalFileNamesFileLineAndColumn) {
  const TempDir dir;
  testing::write_spc2015_folder(dir.file(""), {tiny()});
  std::string text = testing::spc2015_signal_text(tiny());
  // Line 4 is sample 2: "0.016,15.0,...": its ppg1_au (column 7) becomes "x".
  const std::size_t line4 = text.find("0.016,");
  ASSERT_NE(line4, std::string::npos);
  text.replace(line4 + 6, 4, "x");
  write_text(dir.file("recordings/rec01.csv"), text);
  const Spc2015Index index = load_spc2015_index(dir.file(""));
  const std::string message = error_of(
      [&] { read_spc2015_signals(index, index.recordings[0], [](const Spc2015Sample&) {}); });
  EXPECT_NE(message.find("rec01.csv:4:7: expected a number for column 'ppg1_au', found 'x' "
                         "(field 2)"),
            std::string::npos)
      << message;
}

TEST(Spc2015Loader, AGapInTheSamplesIsRefusedAtItsTimeStamp) {
  const TempDir dir;
  testing::write_spc2015_folder(dir.file(""), {tiny()});
  std::string text = testing::spc2015_signal_text(tiny());
  // Sample 3 (line 5) claims 0.032 s: one sample missing.
  text.replace(text.find("0.024,"), 6, "0.032,");
  write_text(dir.file("recordings/rec01.csv"), text);
  const Spc2015Index index = load_spc2015_index(dir.file(""));
  const std::string message = error_of(
      [&] { read_spc2015_signals(index, index.recordings[0], [](const Spc2015Sample&) {}); });
  EXPECT_NE(message.find("rec01.csv:5:1: expected t_s = sample index / 125 = 0.024 (sample 3; "
                         "125 Hz without gaps), found '0.032'"),
            std::string::npos)
      << message;
}

TEST(Spc2015Loader, ASignalFileShorterThanTheIndexSaysIsAnError) {
  const TempDir dir;
  SyntheticRecording shorter = tiny();
  shorter.n_samples = 1499;
  testing::write_spc2015_folder(dir.file(""), {tiny()});
  write_text(dir.file("recordings/rec01.csv"), testing::spc2015_signal_text(shorter));
  const Spc2015Index index = load_spc2015_index(dir.file(""));
  const std::string message = error_of(
      [&] { read_spc2015_signals(index, index.recordings[0], [](const Spc2015Sample&) {}); });
  EXPECT_NE(message.find("rec01.csv:1501:1: expected 1500 sample rows (n_samples of "
                         "recordings.csv line 2), found 1499 rows"),
            std::string::npos)
      << message;
}

TEST(Spc2015Loader, TruthWindowsMustBeTheReadmesWindows) {
  const TempDir dir;
  testing::write_spc2015_folder(dir.file(""), {tiny()});
  write_text(dir.file("truth/rec01_bpm.csv"),
             std::string(testing::kSpc2015TruthHeader) + "0,0,8,90\n1,2,9,90\n2,4,12,90\n");
  const Spc2015Index index = load_spc2015_index(dir.file(""));
  std::string message = error_of([&] { load_spc2015_truth(index, index.recordings[0]); });
  EXPECT_NE(message.find("rec01_bpm.csv:3:5: expected window_end_s = 2 i + 8 = 10.000, found '9'"),
            std::string::npos)
      << message;

  write_text(dir.file("truth/rec01_bpm.csv"),
             std::string(testing::kSpc2015TruthHeader) + "0,0,8,90\n1,2,10,0\n2,4,12,90\n");
  message = error_of([&] { load_spc2015_truth(index, index.recordings[0]); });
  EXPECT_NE(message.find("rec01_bpm.csv:3:8: expected a heart rate > 0 beats/min for column "
                         "'bpm', found '0'"),
            std::string::npos)
      << message;
}

TEST(Spc2015Loader, AnIndexWhoseWindowCountDisagreesWithItsSamplesIsRefused) {
  const TempDir dir;
  testing::write_spc2015_folder(dir.file(""), {tiny()});
  write_text(dir.file("recordings.csv"),
             std::string(testing::kSpc2015IndexHeader) + "rec01,DATA_01,T1,walk,1500,12.000,4,1\n");
  const std::string message = error_of([&] { load_spc2015_index(dir.file("")); });
  EXPECT_NE(message.find("recordings.csv:2:35: expected n_windows = floor((n_samples - 1000) / "
                         "250) + 1 = 3, found '4' (field 7)"),
            std::string::npos)
      << message;
}

TEST(Spc2015Loader, AMissingFolderOrIndexIsNamed) {
  EXPECT_NE(error_of([] {
              check_spc2015_folder("/nonexistent/fusetrack/spc2015");
            }).find("--data /nonexistent/fusetrack/spc2015: no such folder"),
            std::string::npos);
  const TempDir dir;
  EXPECT_NE(error_of([&] { check_spc2015_folder(dir.file("")); }).find("no recordings.csv"),
            std::string::npos);
}

TEST(HeartEval, EveryWindowIsReadAtItsEndAndScoredAgainstItsReference) {
  const TempDir dir;
  testing::write_spc2015_folder(dir.file(""), {SyntheticRecording{}});
  const HeartEvalResult r = evaluate_heart_rate(dir.file(""), HeartEvalOptions{});
  ASSERT_EQ(r.recordings.size(), 1u);
  const HeartRecordingResult& rec = r.recordings[0];
  ASSERT_EQ(rec.windows.size(), 27u);
  EXPECT_EQ(rec.n_samples, 7500u);
  std::vector<double> estimates, reference;
  for (std::size_t i = 0; i < rec.windows.size(); ++i) {
    EXPECT_EQ(rec.windows[i].window_end_us, static_cast<Micros>(250 * i + 1000) * 8000);
    EXPECT_DOUBLE_EQ(rec.windows[i].reference_bpm, 90.0);
    estimates.push_back(static_cast<double>(rec.windows[i].bpm));
    reference.push_back(90.0);
  }
  EXPECT_DOUBLE_EQ(rec.score.mae_bpm, score_heart_rate(estimates, reference).mae_bpm);
  // A clean 90 BPM pulse on a still wrist: once the track has settled, the estimates are on it.
  for (std::size_t i = rec.windows.size() / 2; i < rec.windows.size(); ++i) {
    EXPECT_NEAR(rec.windows[i].bpm, 90.0f, 3.0f) << "window " << i;
  }
  EXPECT_TRUE(rec.spectra.clean.empty());  // not asked for
}

TEST(HeartEval, ResultsAndSpectraAreTheSameForAnyThreadCount) {
  const TempDir dir;
  SyntheticRecording a, b;
  a.n_samples = b.n_samples = 3000;
  b.name = "rec13";
  b.bpm = 120.0;
  b.sway_hz = 1.1;
  testing::write_spc2015_folder(dir.file(""), {a, b});
  HeartEvalOptions options;
  options.keep_spectra = true;
  options.threads = 1;
  const HeartEvalResult one = evaluate_heart_rate(dir.file(""), options);
  options.threads = 2;
  const HeartEvalResult two = evaluate_heart_rate(dir.file(""), options);
  ASSERT_EQ(one.recordings.size(), 2u);
  ASSERT_EQ(two.recordings.size(), 2u);
  for (std::size_t i = 0; i < 2; ++i) {
    const HeartRecordingResult& x = one.recordings[i];
    const HeartRecordingResult& y = two.recordings[i];
    EXPECT_EQ(x.info.name, y.info.name);
    ASSERT_EQ(x.windows.size(), y.windows.size());
    for (std::size_t w = 0; w < x.windows.size(); ++w) {
      EXPECT_EQ(x.windows[w].bpm, y.windows[w].bpm);
      EXPECT_EQ(x.windows[w].reason, y.windows[w].reason);
    }
    EXPECT_EQ(x.spectra.clean, y.spectra.clean);
    EXPECT_EQ(x.spectra.acc, y.spectra.acc);
    EXPECT_EQ(x.spectra.windows, x.windows.size());
    EXPECT_EQ(x.spectra.clean.size(), x.spectra.windows * x.spectra.bins());
  }
  EXPECT_EQ(one.summary.treadmill.mae_bpm, two.summary.treadmill.mae_bpm);
  EXPECT_EQ(one.summary.arms.recordings, 1u);
}

TEST(HeartEval, AnEstimatorWhoseWindowsDoNotLineUpWithTheProtocolIsAnError) {
  const TempDir dir;
  SyntheticRecording r = tiny();
  testing::write_spc2015_folder(dir.file(""), {r});
  HeartEvalOptions options;
  // Estimates every 1.6 s: the one read for window 1 (ending at 10 s) ends at 9.6 s.
  options.settings.hop_s = 1.6f;
  const std::string message = error_of([&] { evaluate_heart_rate(dir.file(""), options); });
  EXPECT_NE(message.find("rec01: window 1: the estimate read after sample 1249 (t = 9.992 s) "
                         "covers the PPG up to 9.600 s"),
            std::string::npos)
      << message;
  EXPECT_NE(message.find("expected 10.000 s"), std::string::npos) << message;
}

TEST(HeartEval, SettingsThatDoNotValidateAreRefused) {
  const TempDir dir;
  testing::write_spc2015_folder(dir.file(""), {tiny()});
  HeartEvalOptions options;
  options.settings.window_s = 1.0f;
  EXPECT_THROW(evaluate_heart_rate(dir.file(""), options), std::invalid_argument);
}

// The bound for the heart-rate estimator on spc2015: mean MAE over rec01-rec12 at most
// 1.5 BPM with its default settings (the README's causal WFPV scores 1.02).
TEST(Spc2015Benchmark, HeartRateMeanMaeOverRec01ToRec12IsAtMost1Point5Bpm) {
  if (!std::filesystem::exists(kSpc2015Dir + "/recordings.csv")) {
    GTEST_SKIP() << "dataset folder " << kSpc2015Dir << " is absent";
  }
  const HeartEvalResult r = evaluate_heart_rate(kSpc2015Dir, HeartEvalOptions{});
  ASSERT_EQ(r.recordings.size(), 13u);
  for (const HeartRecordingResult& rec : r.recordings) {
    EXPECT_EQ(rec.windows.size(), rec.info.n_windows) << rec.info.name;
    std::printf("  %s: MAE %.2f BPM, within 5 BPM %.1f %%, valid %.1f %%\n", rec.info.name.c_str(),
                rec.score.mae_bpm, 100.0 * rec.score.within_5_bpm, 100.0 * rec.valid_share);
  }
  const HeartSummary& s = r.summary;
  std::printf(
      "spc2015, HeartRateEstimator defaults: mean MAE rec01-12 %.2f BPM (within 5 BPM %.1f %%), "
      "rec13 %.2f BPM (%.1f %%), all %.2f BPM\n",
      s.treadmill.mae_bpm, 100.0 * s.treadmill.within_5_bpm, s.arms.mae_bpm,
      100.0 * s.arms.within_5_bpm, s.all.mae_bpm);
  EXPECT_EQ(s.treadmill.recordings, 12u);
  EXPECT_EQ(s.arms.recordings, 1u);
  EXPECT_LE(s.treadmill.mae_bpm, 1.5) << "mean MAE over rec01-rec12, BPM";
}

}  // namespace
}  // namespace fusetrack::eval
