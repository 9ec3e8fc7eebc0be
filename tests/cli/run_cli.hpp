// Runs the fusetrack command as a user would (through the shell) and captures what it prints.
// Shared by the command tests; FUSETRACK_CLI_PATH is the built executable (tests/CMakeLists.txt).
#pragma once

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <string>

namespace fusetrack::testing {

struct CliResult {
  int exit_code = -1;  // -1 when the command could not be started or did not exit normally
  std::string output;  // stdout, plus stderr when asked for
};

// Runs `fusetrack ARGS` (ARGS as a shell would split them); `output` is stdout, plus stderr when
// `with_stderr` (else stderr is discarded, e.g. to parse --json output).
inline CliResult run_cli(const std::string& args, bool with_stderr = true) {
  const std::string cmd =
      std::string(FUSETRACK_CLI_PATH) + " " + args + (with_stderr ? " 2>&1" : " 2>/dev/null");
  CliResult r;
  FILE* pipe = popen(cmd.c_str(), "r");
  if (pipe == nullptr) return r;
  std::array<char, 4096> buf{};
  std::size_t n = 0;
  while ((n = std::fread(buf.data(), 1, buf.size(), pipe)) > 0) r.output.append(buf.data(), n);
  const int status = pclose(pipe);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

}  // namespace fusetrack::testing
