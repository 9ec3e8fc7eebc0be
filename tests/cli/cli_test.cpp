// The fusetrack command, run as a user would: exit status and what it prints.
#include <string>

#include <gtest/gtest.h>

#include "run_cli.hpp"

namespace {

using fusetrack::testing::CliResult;
using fusetrack::testing::run_cli;

TEST(Cli, HelpDescribesEverySubcommand) {
  const CliResult r = run_cli("--help");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.output.find("run"), std::string::npos) << r.output;
}

TEST(Cli, UnknownSubcommandFailsWithNonZeroStatus) {
  const CliResult r = run_cli("no-such-command");
  EXPECT_NE(r.exit_code, 0);
}

}  // namespace
