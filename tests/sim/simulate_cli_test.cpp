// `fusetrack simulate`, run as a user would: help, the two files it writes, byte-identical
// regeneration, and errors with a non-zero exit status.
#include <array>
#include <cstdio>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include <gtest/gtest.h>

#include "../cli/run_cli.hpp"
#include "../io/io_test_util.hpp"
#include "io/recording.hpp"
#include "io/truth_csv.hpp"

namespace fusetrack::sim {
namespace {

using io::testing::read_bytes;
using io::testing::TempDir;

using CommandResult = ::fusetrack::testing::CliResult;

CommandResult fusetrack(const std::string& args) { return ::fusetrack::testing::run_cli(args); }

TEST(SimulateCommand, HelpSaysWhatItWrites) {
  const CommandResult r = fusetrack("simulate --help");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.output.find("PREFIX_truth.csv"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("--seed"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("--duration-scale"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("--no-gyro"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("--heart-rate"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("--ppg-faults"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("KIND:START_S..END_S"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("no_contact"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("--ppg-full-scale"), std::string::npos) << r.output;
  EXPECT_NE(fusetrack("--help").output.find("simulate"), std::string::npos);
}

TEST(SimulateCommand, WritesARecordingAndTruthThatReadBackAndRegenerateByteForByte) {
  const TempDir dir;
  const std::string args = " --seed 5 --duration-scale 0.1";
  const CommandResult r = fusetrack("simulate --out " + dir.file("a") + args);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  ASSERT_EQ(fusetrack("simulate --out " + dir.file("b") + args).exit_code, 0);

  EXPECT_EQ(read_bytes(dir.file("a.csv")), read_bytes(dir.file("b.csv")));
  EXPECT_EQ(read_bytes(dir.file("a_truth.csv")), read_bytes(dir.file("b_truth.csv")));

  io::Metadata metadata;
  const std::vector<io::Record> records = io::read_recording(dir.file("a.csv"), nullptr, &metadata);
  const std::string* seed = io::find_metadata(metadata, "seed");
  ASSERT_NE(seed, nullptr);
  EXPECT_EQ(*seed, "5");
  // 23 s: about 104 + 25 + 25 samples per second.
  EXPECT_GT(records.size(), 23u * 150u);
  const io::Truth truth = io::read_truth_csv(dir.file("a_truth.csv"));
  EXPECT_EQ(truth.segments.size(), 4u);
  EXPECT_EQ(truth.segments.back().end_us, 23000000);
  EXPECT_FALSE(truth.steps_us.empty());
}

TEST(SimulateCommand, NoGyroWritesAnAccelerometerOnlyRecordingWithTheSameAccelerometerValues) {
  const TempDir dir;
  const std::string args = " --seed 5 --duration-scale 0.1";
  ASSERT_EQ(fusetrack("simulate --out " + dir.file("full") + args).exit_code, 0);
  const CommandResult r = fusetrack("simulate --no-gyro --out " + dir.file("acc") + args);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("accelerometer only"), std::string::npos) << r.output;

  io::RecordingHeader full_header, acc_header;
  const std::vector<io::Record> full = io::read_recording(dir.file("full.csv"), &full_header);
  const std::vector<io::Record> acc = io::read_recording(dir.file("acc.csv"), &acc_header);
  EXPECT_TRUE(full_header.imu_has_gyr);
  EXPECT_TRUE(acc_header.has_imu);
  EXPECT_FALSE(acc_header.imu_has_gyr);
  EXPECT_EQ(read_bytes(dir.file("acc.csv")).find("gyr_"), std::string::npos);
  ASSERT_EQ(acc.size(), full.size());
  std::size_t imu_rows = 0;
  for (std::size_t i = 0; i < acc.size(); ++i) {
    ASSERT_EQ(acc[i].kind(), full[i].kind());
    ASSERT_EQ(acc[i].t_us(), full[i].t_us());
    if (acc[i].kind() != io::StreamKind::kImu) continue;
    const auto& a = std::get<ImuSample>(acc[i].sample);
    ASSERT_FALSE(a.has_gyr);
    ASSERT_EQ(a.acc_m_s2, std::get<ImuSample>(full[i].sample).acc_m_s2);
    ++imu_rows;
  }
  EXPECT_GT(imu_rows, 23u * 100u);
  // The truth does not depend on the gyroscope; and the recording is the full one with its
  // gyroscope columns dropped, byte for byte (same metadata, same values).
  EXPECT_EQ(read_bytes(dir.file("acc_truth.csv")), read_bytes(dir.file("full_truth.csv")));
  io::drop_gyroscope(dir.file("full.csv"), dir.file("dropped.csv"));
  EXPECT_EQ(read_bytes(dir.file("acc.csv")), read_bytes(dir.file("dropped.csv")));
}

TEST(SimulateCommand, ScenarioSetsTheSegmentsOfTheRecordingAndTheTruth) {
  const TempDir dir;
  const CommandResult r =
      fusetrack("simulate --out " + dir.file("s") + " --scenario rest:2,run:3,walk:1.5 --json");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("\"scenario\": \"rest:2,run:3,walk:1.5\""), std::string::npos)
      << r.output;
  io::Metadata metadata;
  (void)io::read_recording(dir.file("s.csv"), nullptr, &metadata);
  ASSERT_NE(io::find_metadata(metadata, "scenario"), nullptr);
  EXPECT_EQ(*io::find_metadata(metadata, "scenario"), "rest:2,run:3,walk:1.5");
  const io::Truth truth = io::read_truth_csv(dir.file("s_truth.csv"));
  ASSERT_EQ(truth.segments.size(), 3u);
  EXPECT_EQ(truth.segments[0].activity, io::Activity::kRest);
  EXPECT_EQ(truth.segments[1].activity, io::Activity::kRun);
  EXPECT_EQ(truth.segments[1].start_us, 2000000);
  EXPECT_EQ(truth.segments[2].activity, io::Activity::kWalk);
  EXPECT_EQ(truth.segments[2].end_us, 6500000);
}

TEST(SimulateCommand, DurationScaleMultipliesTheGivenScenario) {
  const TempDir dir;
  const CommandResult r = fusetrack("simulate --out " + dir.file("s") +
                                    " --scenario walk:20,run:10 --duration-scale 0.5 --json");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("\"scenario\": \"walk:10,run:5\""), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("\"duration_s\": 15"), std::string::npos) << r.output;
}

TEST(SimulateCommand, BadScenarioIsAOneLineErrorNamingTheOptionAndTheItem) {
  const TempDir dir;
  for (const char* bad : {"walk:abc", "jog:10", "walk:10,", "walk:-1", "walk:90000"}) {
    const CommandResult r =
        fusetrack("simulate --out " + dir.file("x") + " --scenario " + std::string(bad));
    EXPECT_NE(r.exit_code, 0) << bad;
    EXPECT_EQ(r.output.rfind("fusetrack: error: --scenario " + std::string(bad) + ": ", 0), 0u)
        << bad << ": " << r.output;
    EXPECT_EQ(r.output.find('\n'), r.output.size() - 1) << "one line: " << r.output;
  }
  const CommandResult r = fusetrack("simulate --out " + dir.file("x") +
                                    " --scenario walk:50000,run:30000 --duration-scale 2");
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.output.find("--duration-scale 2: the scenario would last 160000 s"),
            std::string::npos)
      << r.output;
}

TEST(SimulateCommand, FailsWithAMessageOnBadArguments) {
  const TempDir dir;
  CommandResult r = fusetrack("simulate");
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.output.find("--out"), std::string::npos) << r.output;
  r = fusetrack("simulate --out " + dir.file("x") + " --duration-scale -1");
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.output.find("--duration-scale"), std::string::npos) << r.output;
  r = fusetrack("simulate --out " + dir.file("no/such/folder/x"));
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.output.find("does not exist"), std::string::npos) << r.output;
}

TEST(SimulateCommand, PlacementImuRateAndNoMagNoPpgShapeTheRecordingButNotTheStepTruth) {
  const TempDir dir;
  const std::string scenario = " --seed 3 --scenario rest:1,walk:6@96,car:3";
  ASSERT_EQ(fusetrack("simulate --out " + dir.file("w") + scenario).exit_code, 0);
  const CommandResult r = fusetrack("simulate --out " + dir.file("p") + scenario +
                                    " --placement pocket --imu-rate 50 --no-mag --no-ppg --json");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("\"placement\": \"pocket\""), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("\"imu_rate_hz\": 50"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("\"mag_samples\": 0"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("\"ppg_samples\": 0"), std::string::npos) << r.output;

  io::RecordingHeader header;
  io::Metadata metadata;
  const std::vector<io::Record> records = io::read_recording(dir.file("p.csv"), &header, &metadata);
  EXPECT_TRUE(header.has_imu);
  EXPECT_FALSE(header.has_mag);
  EXPECT_FALSE(header.has_ppg());
  ASSERT_NE(io::find_metadata(metadata, "placement"), nullptr);
  EXPECT_EQ(*io::find_metadata(metadata, "placement"), "pocket");
  EXPECT_EQ(*io::find_metadata(metadata, "imu_rate_hz"), "50");
  EXPECT_EQ(*io::find_metadata(metadata, "scenario"), "rest:1,walk:6@96,car:3");
  EXPECT_NEAR(static_cast<double>(records.size()), 50.0 * 1.002 * 10.0, 2.0);

  const io::Truth wrist = io::read_truth_csv(dir.file("w_truth.csv"));
  const io::Truth pocket = io::read_truth_csv(dir.file("p_truth.csv"));
  EXPECT_FALSE(pocket.steps_us.empty());
  EXPECT_EQ(pocket.steps_us, wrist.steps_us);
  ASSERT_EQ(pocket.segments.size(), 3u);
  EXPECT_EQ(pocket.segments[1].cadence_spm, 96.0);
  EXPECT_EQ(pocket.segments[2].activity, io::Activity::kCar);
  EXPECT_EQ(pocket.segments[2].cadence_spm, 0.0);
}

TEST(SimulateCommand, RefusesAnUnknownPlacementAndAnImuRateOutOf12p5To1000Hz) {
  const TempDir dir;
  for (const char* bad : {"--placement knee", "--imu-rate 12", "--imu-rate 1001", "--imu-rate x"}) {
    const CommandResult r = fusetrack("simulate --out " + dir.file("x") + " " + bad);
    EXPECT_NE(r.exit_code, 0) << bad;
    EXPECT_NE(r.output.find(std::string(bad).substr(0, std::string(bad).find(' '))),
              std::string::npos)
        << bad << ": " << r.output;
  }
  EXPECT_EQ(
      fusetrack("simulate --out " + dir.file("y") + " --imu-rate 1000 --scenario walk:1").exit_code,
      0);
}

TEST(SimulateCommand, PpgFaultsAndHeartRateReachTheTruthScaledWithTheDuration) {
  const TempDir dir;
  const CommandResult r =
      fusetrack("simulate --out " + dir.file("f") +
                " --seed 2 --scenario rest:20,walk:60@100,rest:20 --duration-scale 0.5"
                " --ppg-faults no_contact:10..20,clipped:40..50,ambient:60..70,flat:80..90"
                " --heart-rate 0:70,100:130 --ppg-full-scale 40000 --json");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("\"ppg_faults\": \"no_contact:5..10,clipped:20..25,ambient:30..35,"
                          "flat:40..45\""),
            std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("\"heart_rate\": \"0:70,50:130\""), std::string::npos) << r.output;
  EXPECT_EQ(read_bytes(dir.file("f_truth.csv")).rfind("# fusetrack truth v2\n", 0), 0u);
  io::TruthMetadata truth_metadata;
  const io::Truth truth = io::read_truth_csv(dir.file("f_truth.csv"), &truth_metadata);
  ASSERT_EQ(truth.ppg_faults.size(), 4u);
  EXPECT_EQ(truth.ppg_faults[0].kind, io::PpgFault::kNoContact);
  EXPECT_EQ(truth.ppg_faults[0].start_us, 5000000);
  EXPECT_EQ(truth.ppg_faults[0].end_us, 10000000);
  EXPECT_EQ(truth.ppg_faults[3].kind, io::PpgFault::kFlat);
  EXPECT_EQ(truth.ppg_faults[3].end_us, 45000000);
  // The heart rate ramps 70 -> 130 over the 50 s (+-1.5 breathing modulation).
  ASSERT_EQ(truth.heart_rate.size(), 50u);
  EXPECT_NEAR(truth.heart_rate[25].heart_rate_bpm, 100.0, 1.6);
  EXPECT_NEAR(truth.heart_rate[49].heart_rate_bpm, 128.8, 1.6);

  io::Metadata metadata;
  const std::vector<io::Record> records = io::read_recording(dir.file("f.csv"), nullptr, &metadata);
  ASSERT_NE(io::find_metadata(metadata, "ppg_full_scale"), nullptr);
  EXPECT_EQ(*io::find_metadata(metadata, "ppg_full_scale"), "40000");
  EXPECT_EQ(*io::find_metadata(metadata, "heart_rate"), "0:70,50:130");
  std::size_t at_rail = 0;
  for (const io::Record& rec : records) {
    const auto* p = std::get_if<PpgSample>(&rec.sample);
    if (p == nullptr) continue;
    ASSERT_LE(p->ppg[0], 40000.0f);
    if (p->ppg[0] == 40000.0f) {
      ++at_rail;
      EXPECT_GE(p->t_us, 20000000);
      EXPECT_LT(p->t_us, 25000000);
    }
  }
  EXPECT_GT(at_rail, 60u);  // of 125 samples in the clipped stretch
}

TEST(SimulateCommand, BadPpgFaultsAndHeartRateAreOneLineErrorsNamingTheOption) {
  const TempDir dir;
  const std::pair<const char*, const char*> cases[] = {
      {"--ppg-faults dropout:10..20", "unknown PPG fault 'dropout'"},
      {"--ppg-faults flat:20..10", "the end must come after the start"},
      {"--ppg-faults flat:10-20", "KIND:START_S..END_S"},
      {"--ppg-faults flat:10..20,clipped:15..30", "overlaps ppg.faults[0] (flat 10..20 s)"},
      {"--ppg-faults flat:200..300", "end_s must be at most the scenario's duration, 230 s"},
      {"--ppg-faults flat:10..20 --no-ppg", "the faults need the PPG stream"},
      {"--heart-rate 0:80,0:90", "expected a time after 0 s"},
      {"--heart-rate 0:300", "[30, 220]"},
      {"--ppg-full-scale 0", "--ppg-full-scale"},
  };
  for (const auto& [args, expected] : cases) {
    const CommandResult r = fusetrack("simulate --out " + dir.file("x") + " " + args);
    EXPECT_NE(r.exit_code, 0) << args;
    const std::string option = std::string(args).substr(0, std::string(args).find(' '));
    EXPECT_NE(r.output.find(option), std::string::npos) << args << ": " << r.output;
    EXPECT_NE(r.output.find(expected), std::string::npos) << args << ": " << r.output;
    EXPECT_EQ(r.output.find('\n'), r.output.size() - 1) << "one line: " << r.output;
  }
}

}  // namespace
}  // namespace fusetrack::sim
