// `fusetrack run [FILE]`
#include <iostream>
#include <string>

#include "cli/commands.hpp"
#include "fusetrack/tracker.hpp"

namespace fusetrack::cli {

void register_run(CLI::App& app) {
  auto* cmd =
      app.add_subcommand("run", "Replay a recording through the Tracker and print a summary");
  auto file = std::make_shared<std::string>();
  cmd->add_option("FILE", *file, "recording CSV (default: the bundled sample)");
  cmd->callback([file] {
    Tracker tracker;
    std::cout << "fusetrack run: " << (file->empty() ? "bundled sample" : *file) << "\n";
  });
}

}  // namespace fusetrack::cli
