// `cmake --install` puts a command that works from anywhere: the installed `fusetrack run` reads
// the installed sample (share/fusetrack/, found from the command's own location), not the source
// or build tree; `eval --data` defaults to no path of the machine that built it.
#include <filesystem>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "../io/io_test_util.hpp"
#include "run_cli.hpp"

namespace {

using fusetrack::io::testing::TempDir;
using fusetrack::testing::CliResult;
using fusetrack::testing::run_shell;

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(InstalledCommand, RunsTheInstalledSampleFromAnotherWorkingDirectory) {
  const TempDir prefix;
  const TempDir elsewhere;
  const std::filesystem::path root = std::filesystem::path(prefix.file("root"));
  const CliResult install =
      run_shell(std::string(FUSETRACK_CMAKE_COMMAND) + " --install \"" + FUSETRACK_BUILD_DIR +
                "\" --prefix \"" + root.string() + "\" 2>&1");
  ASSERT_EQ(install.exit_code, 0) << install.output;
  const std::filesystem::path bin = root / "bin" / "fusetrack";
  const std::filesystem::path share = root / "share" / "fusetrack";
  ASSERT_TRUE(std::filesystem::is_regular_file(bin)) << bin;
  ASSERT_TRUE(std::filesystem::is_regular_file(share / "sample.csv"));
  ASSERT_TRUE(std::filesystem::is_regular_file(share / "sample_truth.csv"));

  const std::string in_elsewhere = "cd \"" + elsewhere.file("") + "\" && ";
  const CliResult r =
      run_shell(in_elsewhere + "\"" + bin.string() + "\" run --json --no-files 2>/dev/null");
  ASSERT_EQ(r.exit_code, 0) << run_shell(in_elsewhere + "\"" + bin.string() + "\" run 2>&1").output;
  const nlohmann::json j = nlohmann::json::parse(r.output, nullptr, false);
  ASSERT_TRUE(j.is_object()) << r.output;
  EXPECT_EQ(j["file"], (share / "sample.csv").string());
  ASSERT_TRUE(j["truth"].is_object());
  EXPECT_EQ(j["truth"]["file"], (share / "sample_truth.csv").string());

  // --data: from $FUSETRACK_DATASETS, else relative to the working directory.
  const CliResult help = run_shell(in_elsewhere + "env -u FUSETRACK_DATASETS \"" + bin.string() +
                                   "\" eval orientation --help");
  EXPECT_TRUE(contains(help.output, "=../shared/datasets/broad")) << help.output;
  const CliResult env = run_shell(in_elsewhere + "FUSETRACK_DATASETS=/data/sets \"" + bin.string() +
                                  "\" eval orientation --help");
  EXPECT_TRUE(contains(env.output, "=/data/sets/broad")) << env.output;
}

}  // namespace
