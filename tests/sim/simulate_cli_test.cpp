// `fusetrack simulate`, run as a user would: help, the two files it writes, byte-identical
// regeneration, and errors with a non-zero exit status.
#include <array>
#include <cstdio>
#include <string>

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

}  // namespace
}  // namespace fusetrack::sim
