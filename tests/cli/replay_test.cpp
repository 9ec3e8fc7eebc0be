// The replay library (src/replay/): settings from a recording's header, metadata and options;
// every record pushed once, in order, with the observer called after each; the same final
// output from a file, from memory and from `fusetrack run --json`; and the orientation trace
// taken once each IMU sample's instant is complete.
#include "replay/replay.hpp"

#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <Eigen/Geometry>
#include <nlohmann/json.hpp>

#include "../io/io_test_util.hpp"
#include "replay/orientation_trace.hpp"
#include "run_cli.hpp"

namespace fusetrack::replay {
namespace {

using io::testing::TempDir;

const std::string kSample = std::string(FUSETRACK_SAMPLE_DIR) + "/sample.csv";

io::RecordingHeader header_with(bool mag, std::uint8_t ppg_channels) {
  io::RecordingHeader h;
  h.has_imu = true;
  h.has_mag = mag;
  h.ppg_channels = ppg_channels;
  return h;
}

TEST(ReplaySettings, NominalRatesComeFromTheOptionThenTheMetadataThenTheDefault) {
  const io::Metadata metadata = {{"imu_rate_hz", "104"}, {"mag_rate_hz", "25.5"}};
  ReplayOptions options;
  TrackerSettings s = tracker_settings(header_with(true, 2), metadata, options);
  EXPECT_EQ(s.imu.nominal_rate_hz, 104.0f);
  EXPECT_EQ(s.mag.nominal_rate_hz, 25.5f);
  EXPECT_EQ(s.ppg.nominal_rate_hz, kDefaultPpgRateHz);
  options.imu_rate_hz = 208.0f;
  options.ppg_rate_hz = 50.0f;
  s = tracker_settings(header_with(true, 2), metadata, options);
  EXPECT_EQ(s.imu.nominal_rate_hz, 208.0f);
  EXPECT_EQ(s.mag.nominal_rate_hz, 25.5f);
  EXPECT_EQ(s.ppg.nominal_rate_hz, 50.0f);
  s = tracker_settings(header_with(false, 0), {}, ReplayOptions{});
  EXPECT_EQ(s.imu.nominal_rate_hz, kDefaultImuRateHz);
  EXPECT_EQ(s.mag.nominal_rate_hz, kDefaultMagRateHz);
}

TEST(ReplaySettings, StreamsFilterAndModeFollowTheHeaderAndOptions) {
  ReplayOptions options;
  TrackerSettings s = tracker_settings(header_with(true, 2), {}, options);
  EXPECT_TRUE(s.mag_enabled);
  EXPECT_TRUE(s.ppg_enabled);
  EXPECT_EQ(s.ppg_channels, 2);
  EXPECT_EQ(s.orientation_filter, OrientationFilterKind::kEkf);
  EXPECT_TRUE(s.orientation_uses_mag);
  options.filter = OrientationFilterKind::kComplementary;
  options.use_mag = false;
  s = tracker_settings(header_with(false, 0), {}, options);
  EXPECT_FALSE(s.mag_enabled);
  EXPECT_FALSE(s.ppg_enabled);
  EXPECT_EQ(s.ppg_channels, 1);
  EXPECT_EQ(s.orientation_filter, OrientationFilterKind::kComplementary);
  EXPECT_FALSE(s.orientation_uses_mag);
  EXPECT_EQ(s.ekf.validate(), Status::kOk) << "every other field keeps its default";
}

TEST(ReplaySettings, AMetadataRateThatIsNotAPositiveNumberIsAnErrorNamingTheKey) {
  for (const char* value : {"fast", "-3", "0", ""}) {
    try {
      tracker_settings(header_with(true, 0), {{"mag_rate_hz", value}}, ReplayOptions{});
      FAIL() << "no error for '" << value << "'";
    } catch (const std::runtime_error& e) {
      EXPECT_NE(std::string(e.what()).find("mag_rate_hz"), std::string::npos) << e.what();
    }
  }
}

TEST(ReplaySettings, FilterNamesAreTheOnesTheCommandsAccept) {
  EXPECT_EQ(filter_kind("ekf"), OrientationFilterKind::kEkf);
  EXPECT_EQ(filter_kind("complementary"), OrientationFilterKind::kComplementary);
  EXPECT_THROW(filter_kind("madgwick"), std::invalid_argument);
}

TEST(ReplaySettings, ARateTheTrackerRejectsIsAnError) {
  ReplayOptions options;
  options.imu_rate_hz = 2e5f;  // above StreamCheckSettings' 100 kHz
  EXPECT_THROW(tracker_settings(header_with(false, 0), {}, options), std::invalid_argument);
}

TEST(Replay, ATrackerWhoseSettingsWereRejectedIsRefused) {
  TrackerSettings bad;
  bad.ppg_channels = 0;
  Tracker tracker(bad);
  EXPECT_THROW(replay(tracker, std::vector<io::Record>{}), std::invalid_argument);
}

TEST(Replay, ObserverIsCalledOncePerRecordInFileOrder) {
  const std::vector<io::Record> records = io::read_recording(kSample);
  std::vector<io::Record> seen;
  seen.reserve(records.size());
  const FileReplay f =
      replay_file(kSample, ReplayOptions{}, [&seen](const io::Record& r, Status st, Tracker&) {
        EXPECT_EQ(st, Status::kOk);  // the sample is clean
        seen.push_back(r);
      });
  ASSERT_EQ(seen.size(), records.size());
  for (std::size_t i = 0; i < records.size(); ++i) {
    ASSERT_EQ(seen[i].kind(), records[i].kind()) << i;
    ASSERT_EQ(seen[i].t_us(), records[i].t_us()) << i;
  }
  EXPECT_EQ(f.result.report.rows_total(), records.size());
  EXPECT_EQ(f.result.output.imu.accepted, f.result.report.rows_of(io::StreamKind::kImu));
}

TEST(Replay, ObserverSeesTheStatusOfEveryPushAndTheTrackerAfterIt) {
  ImuSample a;
  a.t_us = 1000;
  a.acc_m_s2 = Vec3(0.0f, 0.0f, 9.81f);
  ImuSample nan = a;
  nan.t_us = 2000;
  nan.acc_m_s2.x() = std::nanf("");
  const std::vector<io::Record> records = {io::Record{a}, io::Record{a}, io::Record{nan},
                                           io::Record{MagSample{1500, Vec3(0.0f, 20.0f, -40.0f)}}};
  TrackerSettings settings;
  settings.ppg_enabled = false;
  Tracker tracker(settings);
  std::vector<Status> statuses;
  std::vector<std::uint64_t> imu_accepted;
  const ReplayResult r = replay(tracker, records, [&](const io::Record&, Status st, Tracker& t) {
    statuses.push_back(st);
    imu_accepted.push_back(t.output().imu.accepted);
  });
  EXPECT_EQ(statuses, (std::vector<Status>{Status::kOk, Status::kDuplicateTime, Status::kNotFinite,
                                           Status::kOk}));
  EXPECT_EQ(imu_accepted, (std::vector<std::uint64_t>{1, 1, 1, 1}));
  EXPECT_EQ(r.report.rows_of(io::StreamKind::kImu), 3u);
  EXPECT_EQ(r.report.rows_of(io::StreamKind::kMag), 1u);
  EXPECT_EQ(r.output.imu.rejected, 2u);
}

void expect_same_output(const TrackerOutput& a, const TrackerOutput& b) {
  EXPECT_EQ(a.imu.accepted, b.imu.accepted);
  EXPECT_EQ(a.mag.accepted, b.mag.accepted);
  EXPECT_EQ(a.ppg.accepted, b.ppg.accepted);
  EXPECT_EQ(a.imu.mean_rate_hz, b.imu.mean_rate_hz);
  EXPECT_EQ(a.orientation.q_es.coeffs(), b.orientation.q_es.coeffs());
  EXPECT_EQ(a.orientation.gyr_bias_rad_s, b.orientation.gyr_bias_rad_s);
}

TEST(Replay, RecordsFromMemoryGiveTheSameOutputAsTheFile) {
  io::RecordingHeader header;
  io::Metadata metadata;
  const std::vector<io::Record> records = io::read_recording(kSample, &header, &metadata);
  const FileReplay f = replay_file(kSample, ReplayOptions{});
  Tracker tracker(tracker_settings(header, metadata, ReplayOptions{}));
  const ReplayResult m = replay(tracker, records);
  expect_same_output(f.result.output, m.output);
  EXPECT_EQ(f.result.report.rows, m.report.rows);
}

// `fusetrack run --json` is this library plus printing: its final figures are the library's.
TEST(Replay, BundledSampleEndsWithTheOutputRunJsonPrints) {
  for (const bool complementary : {false, true}) {
    ReplayOptions options;
    options.filter =
        complementary ? OrientationFilterKind::kComplementary : OrientationFilterKind::kEkf;
    options.use_mag = !complementary;
    const TrackerOutput out = replay_file(kSample, options).result.output;
    const ::fusetrack::testing::CliResult r = ::fusetrack::testing::run_cli(
        complementary ? "run --json --no-files --filter complementary --no-mag"
                      : "run --json --no-files",
        false);
    ASSERT_EQ(r.exit_code, 0) << r.output;
    const nlohmann::json j = nlohmann::json::parse(r.output);
    EXPECT_EQ(j["mode"], complementary ? "6D" : "9D");
    EXPECT_EQ(j["streams"]["imu"]["accepted"].get<std::uint64_t>(), out.imu.accepted);
    EXPECT_EQ(j["streams"]["mag"]["accepted"].get<std::uint64_t>(), out.mag.accepted);
    EXPECT_EQ(j["streams"]["ppg"]["accepted"].get<std::uint64_t>(), out.ppg.accepted);
    EXPECT_EQ(j["streams"]["imu"]["mean_rate_hz"].get<double>(),
              static_cast<double>(out.imu.mean_rate_hz));
    const Quat& q = out.orientation.q_es;
    const float q_wxyz[4] = {q.w(), q.x(), q.y(), q.z()};
    for (std::size_t i = 0; i < 4; ++i) {
      EXPECT_EQ(j["orientation"]["q_es"][i].get<double>(), static_cast<double>(q_wxyz[i])) << i;
    }
    EXPECT_EQ(j["orientation"]["at_rest"].get<bool>(), out.orientation.flags.at_rest);
  }
}

// A still device turned 30° from east, so the first magnetometer sample turns the estimate.
ImuSample still_imu(Micros t_us, const Eigen::Quaternionf& q_es) {
  ImuSample s;
  s.t_us = t_us;
  s.acc_m_s2 = q_es.conjugate() * Vec3(0.0f, 0.0f, 9.81f);
  return s;
}
MagSample still_mag(Micros t_us, const Eigen::Quaternionf& q_es) {
  return MagSample{t_us, q_es.conjugate() * Vec3(0.0f, 20.0f, -40.0f)};
}

TEST(OrientationTrace, OneSamplePerImuRecordTakenAfterTheRecordsOfTheSameInstant) {
  const Eigen::Quaternionf q(Eigen::AngleAxisf(0.5236f, Vec3::UnitZ()));
  const Eigen::Quaternionf turned(Eigen::AngleAxisf(0.9f, Vec3::UnitZ()));
  // IMU and magnetometer read together at 0; at 12 ms a magnetometer sample of its own.
  const std::vector<io::Record> records = {
      io::Record{still_imu(0, q)}, io::Record{still_mag(0, q)}, io::Record{still_imu(10000, q)},
      io::Record{still_mag(12000, turned)}, io::Record{still_imu(20000, q)}};
  TrackerSettings settings;
  settings.ppg_enabled = false;
  // What a Tracker reports after each record, pushed by hand.
  Tracker by_hand(settings);
  std::vector<Quat> after;
  for (const io::Record& r : records) {
    (void)push_record(by_hand, r);
    after.push_back(by_hand.output().orientation.q_es);
  }
  ASSERT_NE(after[0].coeffs(), after[1].coeffs()) << "the first field sample sets the heading";
  ASSERT_NE(after[2].coeffs(), after[3].coeffs()) << "the later one turns it";

  Tracker tracker(settings);
  OrientationTrace trace;
  replay(tracker, records,
         [&trace](const io::Record& r, Status st, Tracker& t) { trace.observe(r, st, t); });
  const std::vector<OrientationSample>& s = trace.samples();
  ASSERT_EQ(s.size(), 3u);
  EXPECT_EQ(s[0].t_us, 0);
  EXPECT_EQ(s[0].q_es.coeffs(), after[1].coeffs()) << "after the magnetometer read with it";
  EXPECT_EQ(s[1].t_us, 10000);
  EXPECT_EQ(s[1].q_es.coeffs(), after[2].coeffs()) << "not after the later magnetometer sample";
  EXPECT_EQ(s[2].q_es.coeffs(), after[4].coeffs());
  EXPECT_TRUE(s[2].flags.initialized);
  EXPECT_EQ(trace.take().size(), 3u);
  EXPECT_TRUE(trace.samples().empty());
}

TEST(ReplaySettings, AMetadataRateOutsideTheRangeIsAnErrorNamingTheFileTheKeyAndTheRange) {
  const TempDir dir;
  for (const std::string rate : {"0", "-5", "1e-30", "1e30", "nan", "inf", "104abc"}) {
    SCOPED_TRACE(rate);
    const std::string path = dir.file("rate.csv");
    io::testing::write_text(path, "# imu_rate_hz=" + rate +
                                      "\nstream,t_us,acc_x_m_s2,acc_y_m_s2,acc_z_m_s2\n"
                                      "imu,0,0,0,9.8\n");
    try {
      replay_file(path, ReplayOptions{});
      FAIL() << "no error";
    } catch (const std::runtime_error& e) {
      const std::string what = e.what();
      EXPECT_EQ(what.rfind(path + ": metadata imu_rate_hz: expected a rate in [0.1, 100000] Hz", 0),
                0u)
          << what;
      EXPECT_NE(what.find("'" + rate + "'"), std::string::npos) << what;
    }
  }
}

TEST(ReplaySettings, PlacementComesFromTheMetadataAndChoosesModelAndFalls) {
  ReplayOptions options;
  TrackerSettings s = tracker_settings(header_with(true, 2), {}, options);
  EXPECT_EQ(s.placement, Placement::kWristLeft);
  EXPECT_TRUE(s.activity.enabled);
  EXPECT_TRUE(s.falls.enabled);
  s = tracker_settings(header_with(true, 2), {{"placement", "wrist_right"}}, options);
  EXPECT_EQ(s.placement, Placement::kWristRight);
  EXPECT_TRUE(s.falls.enabled);
  s = tracker_settings(header_with(true, 2), {{"placement", "pocket"}}, options);
  EXPECT_EQ(s.placement, Placement::kPocket);
  EXPECT_TRUE(s.activity.enabled);
  EXPECT_EQ(s.activity_settings().model, &models::kPocketPhone);
  EXPECT_FALSE(s.falls.enabled);  // the fall model is a wrist model
  s = tracker_settings(header_with(true, 2), {{"placement", "hand"}}, options);
  EXPECT_FALSE(s.activity.enabled);  // no model for a phone in the hand
  EXPECT_FALSE(s.falls.enabled);
  options.falls = false;
  s = tracker_settings(header_with(true, 2), {{"placement", "wrist"}}, options);
  EXPECT_FALSE(s.falls.enabled);
  try {
    (void)tracker_settings(header_with(true, 2), {{"placement", "ankle"}}, options);
    FAIL() << "an unknown placement was accepted";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("metadata placement"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("'ankle'"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace fusetrack::replay
