// fusetrack: the command-line front end of the host tools.
#include <cstdio>
#include <exception>
#include <string>

#include <CLI/CLI.hpp>

#include "cli/commands.hpp"
#include "cli/usage.hpp"
#include "io/csv.hpp"

int main(int argc, char** argv) {
  CLI::App app{
      "fusetrack: sensor fusion and activity tracking for wrist devices. Replays recordings "
      "through the streaming Tracker, simulates wrist recordings with exact truth, and evaluates "
      "the estimators on public datasets.",
      "fusetrack"};
  // Before the subcommands: each copies its parent's formatter when it is added.
  app.formatter(fusetrack::cli::wrapping_formatter(fusetrack::cli::help_width()));
  app.set_version_flag("--version", std::string("fusetrack ") + FUSETRACK_VERSION,
                       "print the version (fusetrack X.Y.Z) and exit");
  app.require_subcommand(1);
  fusetrack::cli::register_run(app);
  fusetrack::cli::register_replay(app);
  fusetrack::cli::register_simulate(app);
  fusetrack::cli::register_eval(app);
  fusetrack::cli::register_train(app);
  fusetrack::cli::register_train_falls(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help and --version "fail" with status 0: CLI11 prints them.
    if (e.get_exit_code() == 0) return app.exit(e);
    std::fprintf(stderr, "%s\n", fusetrack::cli::usage_error_line(app, e).c_str());
    return 1;
  } catch (const std::exception& e) {
    // One line, whatever the message holds (file content is escaped where it is quoted; this
    // catches the rest, e.g. a path given on the command line).
    std::fprintf(stderr, "fusetrack: error: %s\n", fusetrack::io::printable(e.what()).c_str());
    return 1;
  }
  return fusetrack::cli::command_status();
}
