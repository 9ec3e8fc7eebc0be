// The fusetrack command's subcommands: each file in src/cli/ registers one with the app.
#pragma once

#include <CLI/CLI.hpp>

namespace fusetrack::cli {

// `fusetrack run [FILE]`: replays a recording through the Tracker and prints a summary.
void register_run(CLI::App& app);

}  // namespace fusetrack::cli
