// Runs the fusetrack command as a user would (through the shell) and captures what it prints.
// Shared by the command tests; FUSETRACK_CLI_PATH is the built executable (tests/CMakeLists.txt).
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace fusetrack::testing {

struct CliResult {
  int exit_code = -1;  // -1 when the command could not be started or did not exit normally
  std::string output;  // stdout, plus stderr when asked for
  std::string error;   // stderr, from run_cli_split only
};

// Runs the shell command `cmd`; `output` is what it writes to stdout.
inline CliResult run_shell(const std::string& cmd) {
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

// Runs `fusetrack ARGS` (ARGS as a shell would split them); `output` is stdout, plus stderr when
// `with_stderr` (else stderr is discarded, e.g. to parse --json output).
inline CliResult run_cli(const std::string& args, bool with_stderr = true) {
  return run_shell(std::string(FUSETRACK_CLI_PATH) + " " + args +
                   (with_stderr ? " 2>&1" : " 2>/dev/null"));
}

// Runs `fusetrack ARGS` like run_cli, keeping stdout (`output`) and stderr (`error`) apart.
inline CliResult run_cli_split(const std::string& args) {
  static int counter = 0;
  const std::filesystem::path err_file =
      std::filesystem::temp_directory_path() /
      ("fusetrack-cli-stderr-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
  CliResult r = run_shell(std::string(FUSETRACK_CLI_PATH) + " " + args + " 2>" + err_file.string());
  std::ifstream in(err_file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  r.error = text.str();
  std::error_code ec;
  std::filesystem::remove(err_file, ec);
  return r;
}

}  // namespace fusetrack::testing
