// Simulated streams written as a recording read back sample for sample, merged in time order.
#include "sim/sim_recording.hpp"

#include <gtest/gtest.h>

#include "../io/io_test_util.hpp"

namespace fusetrack::sim {
namespace {

using io::testing::TempDir;

TEST(SimRecording, ReadsBackEverySampleOfEveryStreamMergedByTime) {
  const TempDir dir;
  SimSettings s;
  s.segments = {Segment::rest(2.0), Segment::walk(3.0)};
  const SimResult r = simulate(s);
  io::Metadata metadata = {{"source", "test"}, {"seed", "1"}};
  write_recording(dir.file("rec.csv"), r, metadata);

  io::RecordingHeader header;
  io::Metadata read_metadata;
  const std::vector<io::Record> records =
      io::read_recording(dir.file("rec.csv"), &header, &read_metadata);
  EXPECT_EQ(read_metadata, metadata);
  EXPECT_TRUE(header.has_imu);
  EXPECT_TRUE(header.has_mag);
  EXPECT_EQ(header.ppg_channels, 2);
  EXPECT_TRUE(header.ppg_ambient);
  ASSERT_EQ(records.size(), r.imu.size() + r.mag.size() + r.ppg.size());

  std::size_t i = 0, m = 0, p = 0;
  Micros last = -1;
  for (const io::Record& rec : records) {
    ASSERT_GE(rec.t_us(), last);
    last = rec.t_us();
    switch (rec.kind()) {
      case io::StreamKind::kImu: {
        const auto& a = std::get<ImuSample>(rec.sample);
        ASSERT_EQ(a.t_us, r.imu[i].t_us);
        ASSERT_EQ(a.acc_m_s2, r.imu[i].acc_m_s2);
        ASSERT_EQ(a.gyr_rad_s, r.imu[i].gyr_rad_s);
        ++i;
        break;
      }
      case io::StreamKind::kMag: {
        const auto& a = std::get<MagSample>(rec.sample);
        ASSERT_EQ(a.t_us, r.mag[m].t_us);
        ASSERT_EQ(a.mag_ut, r.mag[m].mag_ut);
        ++m;
        break;
      }
      case io::StreamKind::kPpg: {
        const auto& a = std::get<PpgSample>(rec.sample);
        ASSERT_EQ(a.t_us, r.ppg[p].t_us);
        ASSERT_EQ(a.ppg[0], r.ppg[p].ppg[0]);
        ASSERT_EQ(a.ppg[1], r.ppg[p].ppg[1]);
        ASSERT_EQ(a.ambient, r.ppg[p].ambient);
        ++p;
        break;
      }
    }
  }
  EXPECT_EQ(i, r.imu.size());
  EXPECT_EQ(m, r.mag.size());
  EXPECT_EQ(p, r.ppg.size());
}

TEST(SimRecording, MetadataNamesSeedScenarioAndNominalRates) {
  SimSettings s;
  s.seed = 42;
  s.mag.enabled = false;
  const io::Metadata m = simulation_metadata(s);
  ASSERT_NE(io::find_metadata(m, "seed"), nullptr);
  EXPECT_EQ(*io::find_metadata(m, "seed"), "42");
  EXPECT_EQ(*io::find_metadata(m, "scenario"), "rest:40,walk:90,run:60,rest:40");
  EXPECT_EQ(*io::find_metadata(m, "imu_rate_hz"), "104");
  EXPECT_EQ(io::find_metadata(m, "mag_rate_hz"), nullptr);
  EXPECT_EQ(*io::find_metadata(m, "ppg_rate_hz"), "25");
}

TEST(SimRecording, HeaderFollowsTheEnabledStreams) {
  SimSettings s;
  s.segments = {Segment::walk(2.0)};
  s.mag.enabled = false;
  s.ppg.channels = 1;
  s.ppg.ambient = false;
  const io::RecordingHeader h = recording_header(simulate(s));
  EXPECT_TRUE(h.has_imu);
  EXPECT_FALSE(h.has_mag);
  EXPECT_EQ(h.ppg_channels, 1);
  EXPECT_FALSE(h.ppg_ambient);
}

TEST(SimRecording, AccelerometerOnlyDeviceKeepsTheAccelerometerValuesAndTruthOfTheSameSeed) {
  const TempDir dir;
  SimSettings s;
  s.segments = {Segment::rest(2.0), Segment::walk(3.0)};
  const SimResult full = simulate(s);
  s.imu.gyroscope = false;
  const SimResult acc = simulate(s);

  ASSERT_EQ(acc.imu.size(), full.imu.size());
  for (std::size_t k = 0; k < acc.imu.size(); ++k) {
    ASSERT_EQ(acc.imu[k].t_us, full.imu[k].t_us);
    ASSERT_EQ(acc.imu[k].acc_m_s2, full.imu[k].acc_m_s2);
    ASSERT_FALSE(acc.imu[k].has_gyr);
    ASSERT_EQ(acc.imu[k].gyr_rad_s, Vec3::Zero());
  }
  ASSERT_EQ(acc.truth.pose.size(), full.truth.pose.size());
  for (std::size_t k = 0; k < acc.truth.pose.size(); ++k) {
    ASSERT_EQ(acc.truth.pose[k].q_es.coeffs(), full.truth.pose[k].q_es.coeffs());
    ASSERT_EQ(acc.truth.pose[k].gyro_bias_rad_s, full.truth.pose[k].gyro_bias_rad_s);
  }
  EXPECT_EQ(acc.truth.steps_us, full.truth.steps_us);
  EXPECT_EQ(acc.mag.size(), full.mag.size());
  EXPECT_EQ(acc.ppg.size(), full.ppg.size());

  const io::RecordingHeader h = recording_header(acc);
  EXPECT_TRUE(h.has_imu);
  EXPECT_FALSE(h.imu_has_gyr);
  EXPECT_TRUE(recording_header(full).imu_has_gyr);
  write_recording(dir.file("acc.csv"), acc);
  io::RecordingHeader read_header;
  const std::vector<io::Record> records = io::read_recording(dir.file("acc.csv"), &read_header);
  EXPECT_EQ(read_header, h);
  EXPECT_EQ(records.size(), acc.imu.size() + acc.mag.size() + acc.ppg.size());
}

}  // namespace
}  // namespace fusetrack::sim
