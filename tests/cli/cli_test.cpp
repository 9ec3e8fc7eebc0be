// The fusetrack command, run as a user would: exit status and what it prints, usage errors, help.
#include <cstddef>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "../io/io_test_util.hpp"
#include "run_cli.hpp"

namespace {

using fusetrack::io::testing::TempDir;
using fusetrack::testing::CliResult;
using fusetrack::testing::run_cli;
using fusetrack::testing::run_cli_split;
using fusetrack::testing::run_shell;

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

TEST(Cli, HelpDescribesEverySubcommand) {
  const CliResult r = run_cli("--help");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.output.find("run"), std::string::npos) << r.output;
}

TEST(Cli, UnknownSubcommandFailsWithNonZeroStatus) {
  const CliResult r = run_cli("no-such-command");
  EXPECT_NE(r.exit_code, 0);
}

// README: "Errors go to stderr as one line ...; exit status 1."
TEST(Cli, EveryUsageErrorIsOneLineOnStderrWithStatus1) {
  const TempDir dir;
  for (const std::string args : {"", "bogus", "eval", "eval bogus", "run --bogus",
                                 "run a.csv b.csv", "run --filter madgwick", "run --imu-rate",
                                 "simulate", "simulate --out", "eval orientation --threads x"}) {
    SCOPED_TRACE(args);
    const CliResult r = run_cli_split(args);
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_EQ(r.output, "") << "usage errors go to stderr";
    ASSERT_EQ(lines_of(r.error).size(), 1u) << r.error;
    EXPECT_EQ(r.error.rfind("fusetrack: ", 0), 0u) << r.error;
    EXPECT_TRUE(contains(r.error, " --help\n")) << "points to the help\n" << r.error;
  }
}

TEST(Cli, AnUnknownCommandIsNamedWithTheCommandsThereAre) {
  const CliResult r = run_cli_split("bogus");
  EXPECT_EQ(r.error,
            "fusetrack: unknown command 'bogus' (commands: run, replay, simulate, eval, train, "
            "train-falls); see "
            "fusetrack --help\n");
  const CliResult sub = run_cli_split("eval bogus");
  EXPECT_TRUE(contains(sub.error,
                       "unknown command 'bogus' of eval (commands: orientation, activity, steps, "
                       "false-steps, falls, false-falls, heart-rate)"))
      << sub.error;
  EXPECT_TRUE(contains(sub.error, "see fusetrack eval --help")) << sub.error;
}

// Each numeric option of each subcommand, with values a shell or a script could pass by mistake:
// the error names the option and its accepted range.
TEST(Cli, EveryNumericOptionRefusesValuesOutsideItsRangeNamingTheOptionAndTheRange) {
  const TempDir dir;
  const std::string out = " --out " + dir.file("sim");
  struct Case {
    std::string command;  // subcommand and any other argument it needs
    std::string option;
    std::string range;
    std::vector<std::string> values;
  };
  const std::vector<Case> cases = {
      {"run", "--imu-rate", "[0.1, 100000] Hz", {"0", "-5", "nan", "inf", "1e-30", "1e30", "abc"}},
      {"run", "--mag-rate", "[0.1, 100000] Hz", {"0", "-1", "nan", "1e30"}},
      {"run", "--ppg-rate", "[0.1, 100000] Hz", {"0", "-1", "nan", "1e30"}},
      {"simulate" + out,
       "--seed",
       "[0, 18446744073709551615]",
       {"-1", "18446744073709551616", "1.5", "x"}},
      {"simulate" + out, "--duration-scale", "(0, 100]", {"0", "-1", "nan", "101", "1e-400x"}},
      {"simulate" + out, "--pose-every", "[1, 1000000]", {"0", "-1", "1000001", "2.5"}},
      {"eval orientation", "--threads", "[0, 1024]", {"-1", "1025", "x"}},
      {"eval heart-rate", "--jobs", "[0, 1024]", {"-1", "1025", "x"}},
  };
  for (const Case& c : cases) {
    for (const std::string& v : c.values) {
      SCOPED_TRACE(c.command + " " + c.option + " " + v);
      const CliResult r = run_cli_split(c.command + " " + c.option + " '" + v + "'");
      EXPECT_EQ(r.exit_code, 1);
      EXPECT_EQ(r.error.rfind("fusetrack: " + c.option + ": must be ", 0), 0u) << r.error;
      EXPECT_TRUE(contains(r.error, c.range)) << r.error;
      EXPECT_TRUE(contains(r.error, "(got ")) << r.error;
      const std::string sub = c.command.substr(0, c.command.find(" --out"));
      EXPECT_TRUE(contains(r.error, "; see fusetrack " + sub + " --help\n")) << r.error;
    }
  }
  // A negative seed is refused, not wrapped to 2^64 - 1, and nothing is written.
  EXPECT_FALSE(std::filesystem::exists(dir.file("sim.csv")));
  // The edges of each range are accepted.
  EXPECT_EQ(
      run_cli("simulate --seed 18446744073709551615 --duration-scale 0.01 --pose-every 1000000" +
              out)
          .exit_code,
      0);
}

TEST(Cli, AcceptedRatesAtTheRangesEdgesGiveFiniteStreamFigures) {
  for (const char* rate : {"0.1", "100000"}) {
    const CliResult r = run_cli(std::string("run --json --no-files --imu-rate ") + rate, false);
    ASSERT_EQ(r.exit_code, 0) << rate;
    EXPECT_FALSE(contains(r.output, "\"jitter_us\": null")) << rate;
  }
}

TEST(Cli, VersionPrintsTheProjectVersion) {
  const CliResult r = run_cli_split("--version");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.output, std::string("fusetrack ") + FUSETRACK_VERSION + "\n");
}

TEST(Cli, HelpTextWrapsToTheTerminalWidth) {
  for (const std::size_t width : {60u, 80u, 100u}) {
    for (const char* command :
         {"", "run", "replay", "simulate", "eval", "eval orientation", "eval heart-rate"}) {
      SCOPED_TRACE(std::to_string(width) + " " + command);
      const CliResult r = run_shell("COLUMNS=" + std::to_string(width) + " " +
                                    std::string(FUSETRACK_CLI_PATH) + " " + command + " --help");
      ASSERT_EQ(r.exit_code, 0);
      const std::vector<std::string> lines = lines_of(r.output);
      EXPECT_GT(lines.size(), 5u);
      for (const std::string& line : lines) EXPECT_LE(line.size(), width) << line;
    }
  }
}

TEST(Cli, ArgumentsAreEscapedInUsageErrors) {
  const CliResult r = run_cli_split("run --imu-rate \"$(printf '\\033[2J')\"");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.error.find('\x1b'), std::string::npos) << r.error;
  EXPECT_TRUE(contains(r.error, "\\x1b[2J")) << r.error;
}

}  // namespace
