// The oxford-steps loader on small hand-made folders, and the step detector on the real folder
// (when it exists) against the counting bound.
#include "eval/oxford_steps.hpp"

#include <cstdio>
#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include "../io/io_test_util.hpp"
#include "eval/step_eval.hpp"
#include "io/csv.hpp"
#include "step_test_data.hpp"

namespace fusetrack::eval {
namespace {

using io::testing::TempDir;
using io::testing::write_gzip;
using io::testing::write_text;
using testing::error_of;

const std::string kOxfordDir = std::string(FUSETRACK_DATASETS_DIR) + "/oxford-steps";

// A folder with one trace "t" of three samples and two true steps.
void write_tiny(const TempDir& dir, const std::string& index_row) {
  std::filesystem::create_directories(dir.file("acc"));
  std::filesystem::create_directories(dir.file("steps"));
  write_text(dir.file("traces.csv"), std::string(testing::kOxfordIndexHeader) + index_row);
  write_gzip(dir.file("acc/t.csv.gz"),
             "t_s,acc_x_m_s2,acc_y_m_s2,acc_z_m_s2\n0.000000,0,0,9.81\n0.0050004,0,1,9.81\n"
             "0.010000,0,0,9.81\n");
  write_text(dir.file("steps/t.csv"), "t_s,foot\n0.001,1\n0.005,2\n");
}

TEST(OxfordStepsLoader, ReadsTheIndexQuotedNotesAndRoundsTimesToMicroseconds) {
  const TempDir dir;
  write_tiny(dir, testing::oxford_index_row("t", "bag", 2, 3, true, "\"steps, 2\""));
  const OxfordStepsIndex index = load_oxford_steps_index(dir.file(""));
  ASSERT_EQ(index.traces.size(), 1u);
  const OxfordTraceInfo& t = index.traces[0];
  EXPECT_EQ(t.name, "t");
  EXPECT_EQ(t.position, "bag");
  EXPECT_EQ(t.true_steps, 2u);
  EXPECT_EQ(t.n_samples, 3u);
  EXPECT_TRUE(t.in_paper_set);
  EXPECT_EQ(t.index_line, 2u);
  std::vector<Micros> stamps;
  std::vector<float> ys;
  EXPECT_EQ(read_oxford_acc(index, t,
                            [&](Micros t_us, const Vec3& a) {
                              stamps.push_back(t_us);
                              ys.push_back(a.y());
                            }),
            3u);
  EXPECT_EQ(stamps, (std::vector<Micros>{0, 5000, 10000}));  // 0.0050004 s rounds to 5000 µs
  EXPECT_EQ(ys, (std::vector<float>{0.0f, 1.0f, 0.0f}));
  EXPECT_EQ(load_oxford_true_steps(index, t), (std::vector<Micros>{1000, 5000}));
}

TEST(OxfordStepsLoader, ABadIndexRowNamesFileLineAndColumn) {
  const TempDir dir;
  const std::string row = testing::oxford_index_row("t", "bag", 2, 3, true);
  const std::string bad = "t,bag,hard,s1,pixel,BMI160,two" + row.substr(row.find(",2,") + 2);
  write_tiny(dir, bad);
  const std::string message = error_of([&] { load_oxford_steps_index(dir.file("")); });
  EXPECT_NE(message.find("traces.csv:2:28: expected an integer for column 'true_steps', found "
                         "'two'"),
            std::string::npos)
      << message;
}

TEST(OxfordStepsLoader, AMissingColumnAndAnInPaperSetOtherThan01AreRefused) {
  const TempDir dir;
  write_tiny(dir, "");
  write_text(dir.file("traces.csv"), "trace,position\nt,bag\n");
  EXPECT_NE(error_of([&] {
              load_oxford_steps_index(dir.file(""));
            }).find("traces.csv:1:1: expected a column 'surface' in the header"),
            std::string::npos);
  std::string row = testing::oxford_index_row("t", "bag", 2, 3, true);
  row.replace(row.find(",1,123456789"), 2, ",yes");
  write_text(dir.file("traces.csv"), std::string(testing::kOxfordIndexHeader) + row);
  EXPECT_NE(error_of([&] {
              load_oxford_steps_index(dir.file(""));
            }).find("expected 0 or 1 for column 'in_paper_set', found 'yes'"),
            std::string::npos);
}

TEST(OxfordStepsLoader, AStepCountOtherThanTrueStepsIsAnError) {
  const TempDir dir;
  write_tiny(dir, testing::oxford_index_row("t", "bag", 3, 3, true));
  const OxfordStepsIndex index = load_oxford_steps_index(dir.file(""));
  const std::string message = error_of([&] { load_oxford_true_steps(index, index.traces[0]); });
  EXPECT_NE(message.find("t.csv:4:1: expected 3 step rows (true_steps of traces.csv line 2), "
                         "found 2 rows"),
            std::string::npos)
      << message;
}

TEST(OxfordStepsLoader, TimeStampsThatDoNotIncreaseAreRefused) {
  const TempDir dir;
  write_tiny(dir, testing::oxford_index_row("t", "bag", 2, 3, true));
  write_gzip(dir.file("acc/t.csv.gz"),
             "t_s,acc_x_m_s2,acc_y_m_s2,acc_z_m_s2\n0.0,0,0,9.81\n0.01,0,0,9.81\n0.01,0,0,9.81\n");
  const OxfordStepsIndex index = load_oxford_steps_index(dir.file(""));
  const std::string message =
      error_of([&] { read_oxford_acc(index, index.traces[0], [](Micros, const Vec3&) {}); });
  EXPECT_NE(message.find("t.csv.gz:4:1: expected t_s greater than the previous row's, found "
                         "'0.01'"),
            std::string::npos)
      << message;
}

// The bound for the step detector on the oxford-steps traces: mean APE <= 3 % over all
// 48 (the README's simple reference measures 2.9 %).
TEST(OxfordStepsBenchmark, StepDetectorMeanAbsPctErrorIsAtMost3Percent) {
  if (!std::filesystem::exists(kOxfordDir + "/traces.csv")) {
    GTEST_SKIP() << "dataset folder " << kOxfordDir << " is absent";
  }
  const StepEvalResult r = evaluate_steps(kOxfordDir, StepEvalOptions{});
  ASSERT_EQ(r.layout, StepLayout::kOxfordSteps);
  ASSERT_EQ(r.traces.size(), 48u);
  EXPECT_EQ(r.summary.true_steps, 13740u);  // the README's total
  const StepSummary& s = r.summary;
  std::printf(
      "oxford-steps, StepDetector defaults: mean APE %.2f %% (worst %.2f %%, %s), mean precision "
      "%.3f, mean recall %.3f, mean F1 %.3f; paper set (%zu traces) mean accuracy %.2f %%; median "
      "report delay %.3f s\n",
      s.all.abs_pct_error, s.max_abs_pct_error.value, s.max_abs_pct_error.trace.c_str(),
      s.all.precision, s.all.recall, s.all.f1, s.paper_set.n_traces, s.paper_set.accuracy_pct,
      s.median_delay_s);
  for (const auto& [position, m] : s.per_position) {
    std::printf("  %-14s %zu traces: APE %.2f %%, precision %.3f, recall %.3f\n", position.c_str(),
                m.n_traces, m.abs_pct_error, m.precision, m.recall);
  }
  EXPECT_EQ(s.paper_set.n_traces, 36u);
  EXPECT_LE(s.all.abs_pct_error, 3.0) << "mean APE over the 48 oxford-steps traces";
}

}  // namespace
}  // namespace fusetrack::eval
