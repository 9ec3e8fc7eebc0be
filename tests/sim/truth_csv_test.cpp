// The truth file: what is written reads back, its layout is the documented one, and errors name
// the file, line and column.
#include "sim/truth_csv.hpp"

#include <string>

#include <gtest/gtest.h>

#include "../io/io_test_util.hpp"
#include "io/csv.hpp"

namespace fusetrack::sim {
namespace {

using io::testing::read_bytes;
using io::testing::TempDir;
using io::testing::write_text;

SimResult small_run() {
  SimSettings s;
  s.segments = {Segment::rest(3.0), Segment::walk(4.0), Segment::run(3.0)};
  return simulate(s);
}

TEST(TruthCsv, ReadsBackWhatWasWritten) {
  const TempDir dir;
  const SimResult r = small_run();
  TruthCsvOptions options;
  options.metadata = {{"seed", "1"}, {"source", "test"}};
  write_truth_csv(dir.file("t.csv"), r.truth, options);
  TruthMetadata metadata;
  const SimTruth back = read_truth_csv(dir.file("t.csv"), &metadata);

  EXPECT_EQ(metadata, options.metadata);
  EXPECT_EQ(back.steps_us, r.truth.steps_us);
  ASSERT_EQ(back.pose.size(), r.truth.pose.size());
  for (std::size_t k = 0; k < back.pose.size(); ++k) {
    const PoseTruth& a = back.pose[k];
    const PoseTruth& b = r.truth.pose[k];
    ASSERT_EQ(a.t_us, b.t_us);
    // 9 decimals per component: the same rotation within a few 1e-9 rad (written with w >= 0).
    ASSERT_LT(a.q_es.angularDistance(b.q_es), 1e-8);
    ASSERT_NEAR(a.q_es.norm(), 1.0, 1e-15);
    ASSERT_LT((a.gyro_bias_rad_s - b.gyro_bias_rad_s).cwiseAbs().maxCoeff(), 1e-11);
    ASSERT_EQ(a.activity, b.activity);
  }
  ASSERT_EQ(back.heart_rate.size(), r.truth.heart_rate.size());
  for (std::size_t i = 0; i < back.heart_rate.size(); ++i) {
    EXPECT_EQ(back.heart_rate[i].t_us, r.truth.heart_rate[i].t_us);
    EXPECT_NEAR(back.heart_rate[i].heart_rate_bpm, r.truth.heart_rate[i].heart_rate_bpm, 5e-5);
  }
  ASSERT_EQ(back.segments.size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(back.segments[i].start_us, r.truth.segments[i].start_us);
    EXPECT_EQ(back.segments[i].end_us, r.truth.segments[i].end_us);
    EXPECT_EQ(back.segments[i].activity, r.truth.segments[i].activity);
    EXPECT_EQ(back.segments[i].cadence_spm, r.truth.segments[i].cadence_spm);
    EXPECT_EQ(back.segments[i].heart_rate_bpm, r.truth.segments[i].heart_rate_bpm);
  }
}

TEST(TruthCsv, GzipFileReadsBackLikeThePlainOne) {
  const TempDir dir;
  const SimResult r = small_run();
  write_truth_csv(dir.file("t.csv"), r.truth);
  write_truth_csv(dir.file("t.csv.gz"), r.truth);
  EXPECT_LT(read_bytes(dir.file("t.csv.gz")).size(), read_bytes(dir.file("t.csv")).size() / 2);
  const SimTruth plain = read_truth_csv(dir.file("t.csv"));
  const SimTruth gz = read_truth_csv(dir.file("t.csv.gz"));
  EXPECT_EQ(plain.steps_us, gz.steps_us);
  ASSERT_EQ(plain.pose.size(), gz.pose.size());
  EXPECT_EQ(plain.pose.back().q_es.coeffs(), gz.pose.back().q_es.coeffs());
}

TEST(TruthCsv, PoseEveryNKeepsEveryNthImuTimeStamp) {
  const TempDir dir;
  const SimResult r = small_run();
  TruthCsvOptions options;
  options.pose_every = 4;
  write_truth_csv(dir.file("t.csv"), r.truth, options);
  const SimTruth back = read_truth_csv(dir.file("t.csv"));
  ASSERT_EQ(back.pose.size(), (r.truth.pose.size() + 3) / 4);
  for (std::size_t k = 0; k < back.pose.size(); ++k) {
    ASSERT_EQ(back.pose[k].t_us, r.truth.pose[4 * k].t_us);
  }
  EXPECT_EQ(back.steps_us, r.truth.steps_us);
}

TEST(TruthCsv, LayoutIsVersionLineMetadataHeaderThenRowsOrderedByTime) {
  const TempDir dir;
  SimTruth t;
  t.segments = {SegmentTruth{0, 2000000, Activity::kWalk, 110.0, 100.0}};
  t.heart_rate = {HeartRateTruth{0, 65.25}, HeartRateTruth{1000000, 66.0}};
  t.steps_us = {500000};
  PoseTruth p;
  p.t_us = 500000;
  p.q_es = Eigen::Quaterniond(-1.0, 0.0, 0.0, 0.0);  // written with w >= 0
  p.activity = Activity::kWalk;
  t.pose = {p};
  TruthCsvOptions options;
  options.metadata = {{"seed", "3"}};
  write_truth_csv(dir.file("t.csv"), t, options);
  EXPECT_EQ(read_bytes(dir.file("t.csv")),
            "# fusetrack truth v1\n"
            "# seed=3\n"
            "kind,t_us,end_us,qw,qx,qy,qz,gyro_bias_x_rad_s,gyro_bias_y_rad_s,gyro_bias_z_rad_s,"
            "activity,cadence_spm,heart_rate_bpm\n"
            "segment,0,2000000,,,,,,,,walk,110,100\n"
            "heart_rate,0,,,,,,,,,,,65.2500\n"
            "step,500000,,,,,,,,,,,\n"
            "pose,500000,,1.000000000,0.000000000,0.000000000,0.000000000,0,0,0,walk,,\n"
            "heart_rate,1000000,,,,,,,,,,,66.0000\n");
}

TEST(TruthCsv, FormatErrorsNameFileLineAndColumn) {
  const TempDir dir;
  const std::string header =
      "# fusetrack truth v1\n"
      "kind,t_us,end_us,qw,qx,qy,qz,gyro_bias_x_rad_s,gyro_bias_y_rad_s,gyro_bias_z_rad_s,"
      "activity,cadence_spm,heart_rate_bpm\n";
  write_text(dir.file("bad_kind.csv"), header + "jump,5,,,,,,,,,,,\n");
  try {
    read_truth_csv(dir.file("bad_kind.csv"));
    FAIL() << "no error";
  } catch (const io::ParseError& e) {
    EXPECT_EQ(e.line, 3u);
    EXPECT_EQ(e.column, 1u);
    EXPECT_NE(std::string(e.what()).find("bad_kind.csv:3:1"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("'jump'"), std::string::npos) << e.what();
  }
  write_text(dir.file("bad_number.csv"), header + "step,12x,,,,,,,,,,,\n");
  try {
    read_truth_csv(dir.file("bad_number.csv"));
    FAIL() << "no error";
  } catch (const io::ParseError& e) {
    EXPECT_EQ(e.line, 3u);
    EXPECT_EQ(e.column, 6u);
    EXPECT_NE(std::string(e.what()).find("t_us"), std::string::npos) << e.what();
  }
  write_text(dir.file("no_version.csv"), header.substr(header.find('\n') + 1));
  EXPECT_THROW(read_truth_csv(dir.file("no_version.csv")), io::ParseError);
  EXPECT_THROW(read_truth_csv(dir.file("missing.csv")), std::runtime_error);
}

TEST(TruthCsv, RejectsMetadataThatCannotBeReadBack) {
  const TempDir dir;
  TruthCsvOptions options;
  options.metadata = {{"a b", "1"}};
  EXPECT_THROW(write_truth_csv(dir.file("t.csv"), SimTruth{}, options), std::invalid_argument);
  options.metadata = {{"k", "x\ny"}};
  EXPECT_THROW(write_truth_csv(dir.file("t.csv"), SimTruth{}, options), std::invalid_argument);
  options.metadata = {};
  options.pose_every = 0;
  EXPECT_THROW(write_truth_csv(dir.file("t.csv"), SimTruth{}, options), std::invalid_argument);
}

}  // namespace
}  // namespace fusetrack::sim
