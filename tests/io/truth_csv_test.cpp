// The truth file: what is written reads back, its layout is the documented one, and errors name
// the file, line and column.
#include "io/truth_csv.hpp"

#include <algorithm>
#include <string>

#include <Eigen/Geometry>

#include <gtest/gtest.h>

#include "../io/io_test_util.hpp"
#include "io/csv.hpp"
#include "io/truth.hpp"

namespace fusetrack::io {
namespace {

using io::testing::read_bytes;
using io::testing::TempDir;
using io::testing::write_text;

// Ten seconds of truth with every kind of row: a pose at every 104 Hz IMU time stamp, turning
// about a skew axis with a slowly growing bias; a step every half second while walking and
// running; the heart rate once a second; rest, walk and run segments.
Truth small_truth() {
  Truth t;
  t.segments = {SegmentTruth{0, 3000000, Activity::kRest, 0.0, 65.0},
                SegmentTruth{3000000, 7000000, Activity::kWalk, 110.0, 100.0},
                SegmentTruth{7000000, 10000000, Activity::kRun, 165.0, 150.0}};
  const Eigen::Vector3d axis = Eigen::Vector3d(1.0, 2.0, 3.0).normalized();
  for (Micros t_us = 5042; t_us < 10000000; t_us += 9615) {
    const double t_s = static_cast<double>(t_us) * 1e-6;
    PoseTruth p;
    p.t_us = t_us;
    p.q_es = Eigen::Quaterniond(Eigen::AngleAxisd(0.7 * t_s, axis));
    p.gyro_bias_rad_s = Eigen::Vector3d(0.005, -0.003, 0.004) * (1.0 + 0.01 * t_s);
    p.activity = t_us < 3000000   ? Activity::kRest
                 : t_us < 7000000 ? Activity::kWalk
                                  : Activity::kRun;
    t.pose.push_back(p);
  }
  for (Micros t_us = 3001234; t_us < 10000000; t_us += 500000) t.steps_us.push_back(t_us);
  for (int i = 0; i < 10; ++i) {
    t.heart_rate.push_back(HeartRateTruth{Micros{i} * 1000000, 65.123456 + 3.7 * i});
  }
  return t;
}

TEST(TruthCsv, ReadsBackWhatWasWritten) {
  const TempDir dir;
  const Truth truth = small_truth();
  TruthCsvOptions options;
  options.metadata = {{"seed", "1"}, {"source", "test"}};
  write_truth_csv(dir.file("t.csv"), truth, options);
  TruthMetadata metadata;
  const Truth back = read_truth_csv(dir.file("t.csv"), &metadata);

  EXPECT_EQ(metadata, options.metadata);
  EXPECT_EQ(back.steps_us, truth.steps_us);
  ASSERT_EQ(back.pose.size(), truth.pose.size());
  for (std::size_t k = 0; k < back.pose.size(); ++k) {
    const PoseTruth& a = back.pose[k];
    const PoseTruth& b = truth.pose[k];
    ASSERT_EQ(a.t_us, b.t_us);
    // 9 decimals per component: the same rotation within a few 1e-9 rad (written with w >= 0).
    ASSERT_LT(a.q_es.angularDistance(b.q_es), 1e-8);
    ASSERT_NEAR(a.q_es.norm(), 1.0, 1e-15);
    ASSERT_LT((a.gyro_bias_rad_s - b.gyro_bias_rad_s).cwiseAbs().maxCoeff(), 1e-11);
    ASSERT_EQ(a.activity, b.activity);
  }
  ASSERT_EQ(back.heart_rate.size(), truth.heart_rate.size());
  for (std::size_t i = 0; i < back.heart_rate.size(); ++i) {
    EXPECT_EQ(back.heart_rate[i].t_us, truth.heart_rate[i].t_us);
    EXPECT_NEAR(back.heart_rate[i].heart_rate_bpm, truth.heart_rate[i].heart_rate_bpm, 5e-5);
  }
  ASSERT_EQ(back.segments.size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(back.segments[i].start_us, truth.segments[i].start_us);
    EXPECT_EQ(back.segments[i].end_us, truth.segments[i].end_us);
    EXPECT_EQ(back.segments[i].activity, truth.segments[i].activity);
    EXPECT_EQ(back.segments[i].cadence_spm, truth.segments[i].cadence_spm);
    EXPECT_EQ(back.segments[i].heart_rate_bpm, truth.segments[i].heart_rate_bpm);
  }
}

TEST(TruthCsv, GzipFileReadsBackLikeThePlainOne) {
  const TempDir dir;
  const Truth truth = small_truth();
  write_truth_csv(dir.file("t.csv"), truth);
  write_truth_csv(dir.file("t.csv.gz"), truth);
  EXPECT_LT(read_bytes(dir.file("t.csv.gz")).size(), read_bytes(dir.file("t.csv")).size() / 2);
  const Truth plain = read_truth_csv(dir.file("t.csv"));
  const Truth gz = read_truth_csv(dir.file("t.csv.gz"));
  EXPECT_EQ(plain.steps_us, gz.steps_us);
  ASSERT_EQ(plain.pose.size(), gz.pose.size());
  EXPECT_EQ(plain.pose.back().q_es.coeffs(), gz.pose.back().q_es.coeffs());
}

TEST(TruthCsv, PoseEveryNKeepsEveryNthImuTimeStamp) {
  const TempDir dir;
  const Truth truth = small_truth();
  TruthCsvOptions options;
  options.pose_every = 4;
  write_truth_csv(dir.file("t.csv"), truth, options);
  const Truth back = read_truth_csv(dir.file("t.csv"));
  ASSERT_EQ(back.pose.size(), (truth.pose.size() + 3) / 4);
  for (std::size_t k = 0; k < back.pose.size(); ++k) {
    ASSERT_EQ(back.pose[k].t_us, truth.pose[4 * k].t_us);
  }
  EXPECT_EQ(back.steps_us, truth.steps_us);
}

TEST(TruthCsv, LayoutIsVersionLineMetadataHeaderThenRowsOrderedByTime) {
  const TempDir dir;
  Truth t;
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

TEST(TruthCsv, PpgFaultStretchesMakeAVersion2FileThatReadsBack) {
  const TempDir dir;
  Truth truth = small_truth();
  truth.ppg_faults = {PpgFaultTruth{1000000, 2500000, PpgFault::kNoContact},
                      PpgFaultTruth{3000000, 4000000, PpgFault::kClipped},
                      PpgFaultTruth{5000000, 6000000, PpgFault::kAmbient},
                      PpgFaultTruth{8000000, 9500000, PpgFault::kFlat}};
  write_truth_csv(dir.file("t.csv"), truth);
  EXPECT_EQ(read_bytes(dir.file("t.csv")).rfind("# fusetrack truth v2\n", 0), 0u);
  const Truth back = read_truth_csv(dir.file("t.csv"));
  ASSERT_EQ(back.ppg_faults.size(), 4u);
  for (std::size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(back.ppg_faults[i].start_us, truth.ppg_faults[i].start_us);
    EXPECT_EQ(back.ppg_faults[i].end_us, truth.ppg_faults[i].end_us);
    EXPECT_EQ(back.ppg_faults[i].kind, truth.ppg_faults[i].kind);
  }
  // Everything else reads as from the version 1 file of the same truth.
  EXPECT_EQ(back.steps_us, truth.steps_us);
  ASSERT_EQ(back.pose.size(), truth.pose.size());
  EXPECT_EQ(back.pose.back().t_us, truth.pose.back().t_us);
  EXPECT_LT(back.pose.back().q_es.angularDistance(truth.pose.back().q_es), 1e-8);
  EXPECT_EQ(back.pose.back().activity, truth.pose.back().activity);
  ASSERT_EQ(back.heart_rate.size(), truth.heart_rate.size());
  EXPECT_NEAR(back.heart_rate[3].heart_rate_bpm, truth.heart_rate[3].heart_rate_bpm, 5e-5);
  ASSERT_EQ(back.segments.size(), 3u);
  EXPECT_EQ(back.segments[1].cadence_spm, 110.0);
  EXPECT_EQ(back.segments[2].heart_rate_bpm, 150.0);
  // Without faults the same truth is a version 1 file, and has no fault.
  truth.ppg_faults.clear();
  write_truth_csv(dir.file("v1.csv"), truth);
  EXPECT_EQ(read_bytes(dir.file("v1.csv")).rfind("# fusetrack truth v1\n", 0), 0u);
  EXPECT_TRUE(read_truth_csv(dir.file("v1.csv")).ppg_faults.empty());
}

TEST(TruthCsv, Version2LayoutAddsThePpgFaultColumnAndRows) {
  const TempDir dir;
  Truth t;
  t.segments = {SegmentTruth{0, 2000000, Activity::kWalk, 110.0, 100.0}};
  t.heart_rate = {HeartRateTruth{0, 65.25}, HeartRateTruth{1000000, 66.0}};
  t.steps_us = {500000};
  t.ppg_faults = {PpgFaultTruth{0, 1500000, PpgFault::kFlat},
                  PpgFaultTruth{1500000, 2000000, PpgFault::kAmbient}};
  PoseTruth p;
  p.t_us = 500000;
  p.activity = Activity::kWalk;
  t.pose = {p};
  write_truth_csv(dir.file("t.csv"), t);
  EXPECT_EQ(read_bytes(dir.file("t.csv")),
            "# fusetrack truth v2\n"
            "kind,t_us,end_us,qw,qx,qy,qz,gyro_bias_x_rad_s,gyro_bias_y_rad_s,gyro_bias_z_rad_s,"
            "activity,cadence_spm,heart_rate_bpm,ppg_fault\n"
            "segment,0,2000000,,,,,,,,walk,110,100,\n"
            "ppg_fault,0,1500000,,,,,,,,,,,flat\n"
            "heart_rate,0,,,,,,,,,,,65.2500,\n"
            "step,500000,,,,,,,,,,,,\n"
            "pose,500000,,1.000000000,0.000000000,0.000000000,0.000000000,0,0,0,walk,,,\n"
            "heart_rate,1000000,,,,,,,,,,,66.0000,\n"
            "ppg_fault,1500000,2000000,,,,,,,,,,,ambient\n");
}

TEST(TruthCsv, RejectsPpgFaultRowsInVersion1AndBadStretchesNamingLineAndColumn) {
  const TempDir dir;
  const std::string v1 =
      "# fusetrack truth v1\n"
      "kind,t_us,end_us,qw,qx,qy,qz,gyro_bias_x_rad_s,gyro_bias_y_rad_s,gyro_bias_z_rad_s,"
      "activity,cadence_spm,heart_rate_bpm\n";
  const std::string v2 =
      "# fusetrack truth v2\n"
      "kind,t_us,end_us,qw,qx,qy,qz,gyro_bias_x_rad_s,gyro_bias_y_rad_s,gyro_bias_z_rad_s,"
      "activity,cadence_spm,heart_rate_bpm,ppg_fault\n";
  auto error_of = [&](const std::string& name, const std::string& text) -> std::string {
    write_text(dir.file(name), text);
    try {
      read_truth_csv(dir.file(name));
    } catch (const ParseError& e) {
      return e.what();
    }
    return "";
  };
  std::string e = error_of("in_v1.csv", v1 + "ppg_fault,0,1000000,,,,,,,,flat,,\n");
  EXPECT_NE(e.find("in_v1.csv:3:1"), std::string::npos) << e;
  EXPECT_NE(e.find("'# fusetrack truth v2'"), std::string::npos) << e;
  e = error_of("kind.csv", v2 + "ppg_fault,0,1000000,,,,,,,,,,,dropout\n");
  EXPECT_NE(e.find("kind.csv:3:"), std::string::npos) << e;
  EXPECT_NE(e.find("no_contact, clipped, ambient or flat"), std::string::npos) << e;
  EXPECT_NE(e.find("'dropout'"), std::string::npos) << e;
  e = error_of("order.csv", v2 + "ppg_fault,2000000,1000000,,,,,,,,,,,flat\n");
  EXPECT_NE(e.find("order.csv:3:"), std::string::npos) << e;
  EXPECT_NE(e.find("an end_us after the stretch's start"), std::string::npos) << e;
  // Version 2's header in a file that says version 1, and the other way round.
  EXPECT_NE(error_of("h1.csv", "# fusetrack truth v1\n" + v2.substr(v2.find('\n') + 1)), "");
  EXPECT_NE(error_of("h2.csv", "# fusetrack truth v2\n" + v1.substr(v1.find('\n') + 1)), "");
  // A version 2 row needs all 14 fields.
  e = error_of("short.csv", v2 + "step,5,,,,,,,,,,,\n");
  EXPECT_NE(e.find("14 fields"), std::string::npos) << e;
  e = error_of("v4.csv", "# fusetrack truth v4\n" + v2.substr(v2.find('\n') + 1));
  EXPECT_NE(e.find("v4.csv:1:1"), std::string::npos) << e;
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
  EXPECT_THROW(write_truth_csv(dir.file("t.csv"), Truth{}, options), std::invalid_argument);
  options.metadata = {{"k", "x\ny"}};
  EXPECT_THROW(write_truth_csv(dir.file("t.csv"), Truth{}, options), std::invalid_argument);
  options.metadata = {};
  options.pose_every = 0;
  EXPECT_THROW(write_truth_csv(dir.file("t.csv"), Truth{}, options), std::invalid_argument);
}

TEST(TruthCsv, AcceptsAByteOrderMarkAndBlankLinesAtTheEndButNotBlankLinesBeforeARow) {
  const TempDir dir;
  write_truth_csv(dir.file("t.csv"), small_truth());
  const std::string text = read_bytes(dir.file("t.csv"));
  write_text(dir.file("edited.csv"), "\xEF\xBB\xBF" + text + "\n\n");
  const Truth edited = read_truth_csv(dir.file("edited.csv"));
  EXPECT_EQ(edited.pose.size(), small_truth().pose.size());
  const std::size_t last_row = text.rfind('\n', text.size() - 2) + 1;
  write_text(dir.file("gap.csv"), text.substr(0, last_row) + "\n" + text.substr(last_row));
  try {
    read_truth_csv(dir.file("gap.csv"));
    FAIL() << "no error for a blank line before a row";
  } catch (const ParseError& e) {
    EXPECT_EQ(e.found, "an empty line");
    EXPECT_EQ(e.line, static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')));
  }
}

}  // namespace
}  // namespace fusetrack::io
