#include "replay/corpus.hpp"

#include <algorithm>
#include <exception>
#include <filesystem>
#include <stdexcept>
#include <system_error>
#include <utility>

#include "io/csv.hpp"

namespace fusetrack::replay {
namespace {

bool ends_with(const std::string& s, const std::string& end) {
  return s.size() >= end.size() && s.compare(s.size() - end.size(), end.size(), end) == 0;
}

}  // namespace

bool is_recording_file(const std::string& file_name) {
  if (ends_with(file_name, "_truth.csv") || ends_with(file_name, "_truth.csv.gz")) return false;
  return ends_with(file_name, ".csv") || ends_with(file_name, ".csv.gz");
}

std::vector<std::string> find_recordings(const std::string& dir) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) {
    throw std::runtime_error(dir + ": not a folder");
  }
  std::vector<std::string> found;
  const auto options = std::filesystem::directory_options::follow_directory_symlink;
  for (auto it = std::filesystem::recursive_directory_iterator(dir, options, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    if (!it->is_regular_file(ec)) continue;
    if (!is_recording_file(it->path().filename().string())) continue;
    found.push_back(it->path().lexically_relative(dir).generic_string());
  }
  if (ec) throw std::runtime_error(dir + ": cannot list: " + ec.message());
  std::sort(found.begin(), found.end());
  return found;
}

std::string files_dir_for(const std::string& out_dir, const std::string& name) {
  if (out_dir.empty()) return {};
  const std::filesystem::path n(name);
  if (n.is_absolute()) return out_dir;
  return (std::filesystem::path(out_dir) / n).parent_path().string();
}

ReplayRow replay_row(const std::string& path, const std::string& name, const ReplayOptions& options,
                     const std::string& files_dir) {
  ReplayRow row;
  try {
    DayTimeline day = replay_day(path, options);
    day.summary.file = name;
    row.rows = day.summary.imu_samples + day.summary.mag_samples + day.summary.ppg_samples +
               day.summary.rejected;
    if (!files_dir.empty()) write_day_files(files_dir, recording_name(path), day);
    row.summary = std::move(day.summary);
    row.ok = true;
  } catch (const std::exception& e) {
    row.error = io::printable(e.what());
    row.summary.file = name;
  }
  return row;
}

std::uint64_t fault_count(const DaySummary& s) {
  return s.rejected + s.gaps + s.clipped + s.jumps + s.silences + s.reinits;
}

report::Json row_json(const ReplayRow& row) {
  report::Json r;
  r["file"] = row.summary.file;
  r["status"] = row.ok ? "ok" : "error";
  r["error"] = row.ok ? report::Json(nullptr) : report::Json(row.error);
  r["faults"] = row.ok ? report::Json(fault_count(row.summary)) : report::Json(nullptr);
  r["summary"] = row.ok ? summary_json(row.summary) : report::Json(nullptr);
  return r;
}

}  // namespace fusetrack::replay
