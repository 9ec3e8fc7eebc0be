// The fusetrack command, run as a user would: exit status and what it prints.
#include <array>
#include <cstdio>
#include <string>

#include <gtest/gtest.h>

namespace {

struct Result {
  int exit_code = -1;
  std::string output;  // stdout and stderr together
};

Result run_cli(const std::string& args) {
  const std::string cmd = std::string(FUSETRACK_CLI_PATH) + " " + args + " 2>&1";
  Result r;
  FILE* pipe = popen(cmd.c_str(), "r");
  if (pipe == nullptr) return r;
  std::array<char, 4096> buf{};
  size_t n = 0;
  while ((n = fread(buf.data(), 1, buf.size(), pipe)) > 0) r.output.append(buf.data(), n);
  const int status = pclose(pipe);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

TEST(Cli, HelpDescribesEverySubcommand) {
  const Result r = run_cli("--help");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.output.find("run"), std::string::npos) << r.output;
}

TEST(Cli, UnknownSubcommandFailsWithNonZeroStatus) {
  const Result r = run_cli("no-such-command");
  EXPECT_NE(r.exit_code, 0);
}

}  // namespace
