// fusetrack: the command-line front end of the host tools.
#include <exception>
#include <iostream>

#include <CLI/CLI.hpp>

#include "cli/commands.hpp"

int main(int argc, char** argv) {
  CLI::App app{
      "fusetrack: sensor fusion and activity tracking for wrist devices.\n"
      "Replays recordings through the streaming Tracker, simulates wrist recordings with exact\n"
      "truth, and evaluates the estimators on public datasets.",
      "fusetrack"};
  app.require_subcommand(1);
  fusetrack::cli::register_run(app);
  fusetrack::cli::register_simulate(app);
  fusetrack::cli::register_eval(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const std::exception& e) {
    std::cerr << "fusetrack: error: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
