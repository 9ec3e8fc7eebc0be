// The fusetrack command's subcommands: each file in src/cli/ registers one with the app.
#pragma once

#include <CLI/CLI.hpp>

namespace fusetrack::cli {

// `fusetrack run [FILE]`: replays a recording through the Tracker and prints a summary.
void register_run(CLI::App& app);

// `fusetrack simulate --out PREFIX`: writes a simulated wrist recording and its exact truth
// (src/cli/simulate.cpp, docs/simulator.md).
void register_simulate(CLI::App& app);

// `fusetrack eval orientation ...`: evaluations on public datasets (src/cli/eval.cpp).
void register_eval(CLI::App& app);

// `fusetrack eval activity ...`: activity recognition on the HAR datasets (src/cli/activity.cpp).
void register_eval_activity(CLI::App& eval_cmd);

// `fusetrack eval steps ...`: step counting on oxford-steps or on recordings with truth files
// (src/cli/steps.cpp).
void register_eval_steps(CLI::App& eval_cmd);
// `fusetrack eval false-steps ...`: steps counted while not walking, on the HAR datasets
// (src/cli/false_steps.cpp).
void register_eval_false_steps(CLI::App& eval_cmd);
// `fusetrack eval falls ...`: fall detection on the falls layout (src/cli/falls.cpp).
void register_eval_falls(CLI::App& eval_cmd);
// `fusetrack eval false-falls ...`: fall alarms on recordings without falls
// (src/cli/false_falls.cpp).
void register_eval_false_falls(CLI::App& eval_cmd);
// `fusetrack eval heart-rate ...`: heart rate from wrist PPG on spc2015 (src/cli/heart_rate.cpp).
void register_eval_heart_rate(CLI::App& eval_cmd);

// `fusetrack train ...`: trains, cross-validates and exports the activity models
// (src/cli/activity.cpp).
void register_train(CLI::App& app);
// `fusetrack train-falls`: fits the shipped fall model (src/cli/train_falls.cpp).
void register_train_falls(CLI::App& app);

// `fusetrack replay DIR`: every recording in a folder replayed in parallel, one summary row each
// (src/cli/replay.cpp).
void register_replay(CLI::App& app);

// (helpers add one declaration per subcommand here)

// The exit status main returns after a command ran to its end: a command that finished but has
// something to report as failed (fusetrack replay: a recording it could not read) sets 1.
inline int& command_status() {
  static int status = 0;
  return status;
}

}  // namespace fusetrack::cli
