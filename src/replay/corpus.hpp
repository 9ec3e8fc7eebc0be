// A folder of recordings replayed one summary row each: what `fusetrack replay` and the Python
// package (fusetrack.replay_row, fusetrack.replay_files, fusetrack.dask) share, so that every
// way of replaying a corpus gives the same rows and writes the same files.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "replay/day.hpp"
#include "replay/replay.hpp"
#include "report/json.hpp"

namespace fusetrack::replay {

// A recording's file name: NAME.csv or NAME.csv.gz, but not a truth file (NAME_truth.csv[.gz]).
bool is_recording_file(const std::string& file_name);

// The recordings under `dir` (and its subfolders, following links), as '/'-separated paths
// relative to it, sorted by byte value. Throws std::runtime_error naming `dir` when it is not a
// folder or cannot be listed.
std::vector<std::string> find_recordings(const std::string& dir);

// One recording's outcome.
struct ReplayRow {
  bool ok = false;
  std::string error;       // when not ok: the reader's message (file, line, column) or another
  DaySummary summary;      // summary.file is the row's name
  std::uint64_t rows = 0;  // samples replayed (accepted and rejected), for throughput figures
};

// Replays `path` (replay_day with `options`) into a row named `name` (summary.file). With a
// non-empty `files_dir`, writes the day files (write_day_files) of recording_name(path) into that
// folder. Never throws for a recording that cannot be read or written: the row says why.
ReplayRow replay_row(const std::string& path, const std::string& name, const ReplayOptions& options,
                     const std::string& files_dir = {});

// Where a corpus replay writes the day files of the recording named `name` (a path relative to
// the corpus folder): `out_dir` joined with the folder part of `name`, so the files mirror the
// corpus' tree; `out_dir` itself for an absolute name. Empty when `out_dir` is empty.
std::string files_dir_for(const std::string& out_dir, const std::string& name);

// The faults of a summary, summed: rejected + gaps + clipped + jumps + silences + reinits.
std::uint64_t fault_count(const DaySummary& summary);

// {"file", "status" ("ok" or "error"), "error" (null when ok), "faults" (null when not ok),
// "summary" (summary_json; null when not ok)}: a row of `fusetrack replay --json`.
report::Json row_json(const ReplayRow& row);

}  // namespace fusetrack::replay
