#include "train/har_dataset.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <map>
#include <stdexcept>
#include <string_view>
#include <utility>

#include "eval/parallel_in_order.hpp"
#include "io/csv.hpp"
#include "report/progress.hpp"

namespace fusetrack::train {
namespace {

using io::CsvReader;
using io::Field;
using io::LineRef;
using io::ParseError;

namespace fs = std::filesystem;

// 1 g in m/s² (uci-hapt stores the accelerometer in mg; its README gives this value).
constexpr double kStandardGravity_m_s2 = 9.80665;

// The windowing of each README's "Evaluation protocol".
constexpr std::size_t kSpSwHarWindowRows = 50;
constexpr std::size_t kSpSwHarHopRows = 25;
constexpr std::size_t kHaptWindowSamples = 128;
constexpr std::size_t kHaptHopSamples = 64;
constexpr std::int64_t kHaptBaseActivities = 6;    // ids 1-6 are scored
constexpr std::int64_t kHaptActivities = 12;       // ids 7-12 are the postural transitions
constexpr Micros kWisdmWindowUs = 10'000'000;      // 10 s
constexpr Micros kWisdmHopUs = 5'000'000;          // 5 s
constexpr Micros kWisdmMaxIntervalUs = 1'000'000;  // a longer interval invalidates the window

// |t_s| beyond this cannot be a recording's time (and t_s * 1e6 would leave int64).
constexpr double kMaxAbsTime_s = 1e12;

const std::array<const char*, 5> kSpSwHarClasses = {"SEATED", "STANDING_UP", "WALKING", "TURNING",
                                                    "SITTING_DOWN"};
const std::array<const char*, 6> kHaptClasses = {
    "WALKING", "WALKING_UPSTAIRS", "WALKING_DOWNSTAIRS", "SITTING", "STANDING", "LAYING"};
// activities.csv ids 7-12, the postural transitions.
const std::array<const char*, 6> kHaptTransitions = {
    "STAND_TO_SIT", "SIT_TO_STAND", "SIT_TO_LIE", "LIE_TO_SIT", "STAND_TO_LIE", "LIE_TO_STAND"};

// wisdm's 18 activities in the README's order (activity codes A ... S) and their group6 class.
struct WisdmActivity {
  const char* label;
  int group;  // index into kWisdmGroups
};
const std::array<const char*, 6> kWisdmGroups = {"STATIC", "WALKING", "JOGGING",
                                                 "STAIRS", "HAND",    "SPORTS"};
const std::array<WisdmActivity, 18> kWisdmActivities = {{{"WALKING", 1},
                                                         {"JOGGING", 2},
                                                         {"STAIRS", 3},
                                                         {"SITTING", 0},
                                                         {"STANDING", 0},
                                                         {"TYPING", 4},
                                                         {"BRUSHING_TEETH", 4},
                                                         {"EATING_SOUP", 4},
                                                         {"EATING_CHIPS", 4},
                                                         {"EATING_PASTA", 4},
                                                         {"DRINKING", 4},
                                                         {"EATING_SANDWICH", 4},
                                                         {"KICKING", 5},
                                                         {"PLAYING_CATCH", 5},
                                                         {"DRIBBLING", 5},
                                                         {"WRITING", 4},
                                                         {"CLAPPING", 4},
                                                         {"FOLDING_CLOTHES", 4}}};

// The sample columns of a data file: time, acc x/y/z, gyr x/y/z.
using ImuColumns = std::array<const char*, 7>;
const ImuColumns kSiColumns = {"t_s",         "acc_x_m_s2",  "acc_y_m_s2", "acc_z_m_s2",
                               "gyr_x_rad_s", "gyr_y_rad_s", "gyr_z_rad_s"};
const ImuColumns kHaptColumns = {"t_s",          "acc_x_mg",     "acc_y_mg",    "acc_z_mg",
                                 "gyr_x_mrad_s", "gyr_y_mrad_s", "gyr_z_mrad_s"};
const std::array<const char*, 1> kLabelColumn = {"label"};

// How a dataset's data files are written.
struct ImuFormat {
  const ImuColumns* columns = &kSiColumns;
  double acc_scale = 1.0;   // file unit -> m/s²
  double gyr_scale = 1.0;   // file unit -> rad/s
  bool time_order = false;  // t_s may not decrease (the windows are cut by time)
};

// One data file to read, as an index file announced it.
struct FileJob {
  std::string relative;     // path under the dataset folder, '/'-separated
  std::size_t rows = 0;     // data rows the index gives
  std::string rows_source;  // where that count is, e.g. "n_samples_sw in executions.csv line 3"
  bool has_labels = false;  // the file has a `label` column, checked against label_names
  std::vector<std::string> label_names;  // allowed labels; a row's label is the position here
  std::string label_expected;            // how an error describes them
  std::string subject;                   // subject id of the index row
  std::string index_path;                // the index file and line, for duplicate errors
  std::size_t index_line = 0;
  std::size_t tag = 0;  // the loader's own key (uci-hapt: index row; wisdm: activity)
};

struct ImuFile {
  std::vector<ImuSample> samples;
  std::vector<std::uint8_t> labels;  // per row, when FileJob::has_labels
};

// A value of `field` in the file's unit, times `scale`, as float32.
float scaled(const Field& field, const LineRef& where, const char* column, double scale) {
  if (scale == 1.0) return io::parse_float(field, where, column);
  const auto v = static_cast<float>(io::parse_double(field, where, column) * scale);
  if (!std::isfinite(v)) {
    throw io::number_error(io::NumberStatus::kOutOfRange, field, where, column, "float32");
  }
  return v;
}

ImuFile read_imu_file(const fs::path& root, const FileJob& job, const ImuFormat& format) {
  CsvReader reader((root / job.relative).string());
  std::string_view line;
  std::vector<Field> fields;
  if (!reader.next_line(line)) {
    throw ParseError(reader.path(), 1, 1, "a header row", "an empty file");
  }
  const std::size_t n_columns = io::split_fields(line, fields);
  const ImuColumns& names = *format.columns;
  const auto col = io::find_columns(fields, names, reader.where());
  const std::size_t label_col =
      job.has_labels ? io::find_columns(fields, kLabelColumn, reader.where())[0] : 0;

  ImuFile file;
  file.samples.reserve(job.rows);
  if (job.has_labels) file.labels.reserve(job.rows);
  Micros previous_us = std::numeric_limits<Micros>::min();
  while (reader.next_line(line)) {
    const LineRef where = reader.where();
    if (io::split_fields(line, fields) != n_columns) {
      throw io::field_count_error(where, line.size(), n_columns, fields.size());
    }
    const Field& t_field = fields[col[0]];
    const double t_s = io::parse_double(t_field, where, names[0]);
    if (!(std::fabs(t_s) <= kMaxAbsTime_s)) {
      throw ParseError(reader.path(), where.line, t_field.column,
                       "a time stamp within +-1e12 s for column 't_s'", io::quoted(t_field.text),
                       t_field.index);
    }
    ImuSample s;
    s.t_us = static_cast<Micros>(std::llround(t_s * 1e6));
    if (format.time_order && s.t_us < previous_us) {
      throw ParseError(reader.path(), where.line, t_field.column,
                       "t_s not less than the previous row's (the windows are cut by time)",
                       io::quoted(t_field.text), t_field.index);
    }
    previous_us = s.t_us;
    for (Eigen::Index a = 0; a < 3; ++a) {
      const auto c = static_cast<std::size_t>(a);
      s.acc_m_s2[a] = scaled(fields[col[1 + c]], where, names[1 + c], format.acc_scale);
      s.gyr_rad_s[a] = scaled(fields[col[4 + c]], where, names[4 + c], format.gyr_scale);
    }
    s.has_gyr = true;
    if (job.has_labels) {
      const Field& f = fields[label_col];
      const auto it = std::find(job.label_names.begin(), job.label_names.end(), f.text);
      if (it == job.label_names.end()) {
        throw ParseError(reader.path(), where.line, f.column,
                         job.label_expected + " for column 'label'", io::quoted(f.text), f.index);
      }
      file.labels.push_back(static_cast<std::uint8_t>(it - job.label_names.begin()));
    }
    file.samples.push_back(s);
  }
  // The index's count must describe this file: catches a cut or mismatched file.
  if (file.samples.size() != job.rows) {
    throw ParseError(reader.path(), reader.line_number() + 1, 1,
                     std::to_string(job.rows) + " data rows (" + job.rows_source + ")",
                     std::to_string(file.samples.size()) + " data rows");
  }
  return file;
}

// Reads the index file `path`: finds `columns` in its header and calls row(fields, where) for
// each data row, fields[c] being column c's field. Blank lines are skipped.
template <std::size_t N, typename Row>
void read_index(const std::string& path, const std::array<const char*, N>& columns,
                const Row& row) {
  CsvReader reader(path);
  std::string_view line;
  std::vector<Field> fields;
  if (!reader.next_line(line)) {
    throw ParseError(reader.path(), 1, 1, "a header row", "an empty file");
  }
  const std::size_t n_columns = io::split_fields(line, fields);
  const auto col = io::find_columns(fields, columns, reader.where());
  while (reader.next_line(line)) {
    if (line.empty()) continue;
    const LineRef where = reader.where();
    if (io::split_fields(line, fields) != n_columns) {
      throw io::field_count_error(where, line.size(), n_columns, fields.size());
    }
    std::array<const Field*, N> f{};
    for (std::size_t c = 0; c < N; ++c) f[c] = &fields[col[c]];
    row(f, where);
  }
}

// An id that becomes part of a path: not empty, no '/' or '\', not "." or "..".
std::string parse_name(const Field& field, const LineRef& where, const char* column) {
  const std::string_view t = field.text;
  if (t.empty() || t.find_first_of("/\\") != std::string_view::npos || t == "." || t == "..") {
    throw ParseError(std::string(where.path), where.line, field.column,
                     std::string("a name without '/' for column '") + column + "'", io::quoted(t),
                     field.index);
  }
  return std::string(t);
}

// A file path relative to the dataset folder: '/'-separated names, none empty, "." or "..".
std::string parse_relative_path(const Field& field, const LineRef& where, const char* column) {
  const std::string_view t = field.text;
  bool ok = !t.empty() && t.find('\\') == std::string_view::npos;
  for (std::size_t start = 0; ok;) {
    const std::size_t stop = t.find('/', start);
    const std::string_view part =
        t.substr(start, stop == std::string_view::npos ? t.npos : stop - start);
    ok = !part.empty() && part != "." && part != "..";
    if (stop == std::string_view::npos) break;
    start = stop + 1;
  }
  if (!ok) {
    throw ParseError(
        std::string(where.path), where.line, field.column,
        std::string("a file path inside the dataset folder for column '") + column + "'",
        io::quoted(t), field.index);
  }
  return std::string(t);
}

// `relative` as found under `root`: the plain file, else the same name with ".gz"; when neither
// exists, the plain name (reading it then reports it missing).
std::string find_file(const fs::path& root, const std::string& relative) {
  if (fs::exists(root / relative)) return relative;
  if (fs::exists(root / (relative + ".gz"))) return relative + ".gz";
  return relative;
}

fs::path require_folder(const std::string& dir, const char* dataset) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    throw std::runtime_error("cannot open dataset folder " + dir + ": " +
                             (fs::exists(dir, ec) ? "not a folder" : "no such folder") +
                             " (expected the " + dataset + " layout of its README.md)");
  }
  return fs::path(dir);
}

// Subject ids in order: whole numbers by value (uci-hapt's users 1 3 5 ... 30), before any other
// ids, which go in byte order (sp-sw-har's s01 ...).
bool subject_less(const std::string& a, const std::string& b) {
  const auto number = [](const std::string& s) {
    return !s.empty() &&
           std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  const bool na = number(a);
  const bool nb = number(b);
  if (na != nb) return na;
  if (na) {
    const std::string_view va =
        std::string_view(a).substr(std::min(a.find_first_not_of('0'), a.size()));
    const std::string_view vb =
        std::string_view(b).substr(std::min(b.find_first_not_of('0'), b.size()));
    if (va.size() != vb.size()) return va.size() < vb.size();
    if (va != vb) return va < vb;
  }
  return a < b;
}

// The files of a dataset, read: recordings sorted by path, with their subjects.
struct Loaded {
  std::vector<HarRecording> recordings;
  std::vector<std::vector<std::uint8_t>> row_labels;  // per recording, when the files have labels
  std::vector<std::size_t> tags;                      // FileJob::tag per recording
  std::vector<std::string> subjects;
};

Loaded load_files(const fs::path& root, std::vector<FileJob> jobs, const ImuFormat& format,
                  const std::string& dataset, std::size_t threads) {
  std::sort(jobs.begin(), jobs.end(),
            [](const FileJob& a, const FileJob& b) { return a.relative < b.relative; });
  for (std::size_t i = 1; i < jobs.size(); ++i) {
    if (jobs[i].relative != jobs[i - 1].relative) continue;
    const FileJob& later = jobs[i].index_line > jobs[i - 1].index_line ? jobs[i] : jobs[i - 1];
    const FileJob& earlier = &later == &jobs[i] ? jobs[i - 1] : jobs[i];
    throw ParseError(
        later.index_path, later.index_line, 1,
        "a file not listed before (first on line " + std::to_string(earlier.index_line) + ")",
        io::quoted(later.relative));
  }

  Loaded out;
  for (const FileJob& j : jobs) out.subjects.push_back(j.subject);
  std::sort(out.subjects.begin(), out.subjects.end(), subject_less);
  out.subjects.erase(std::unique(out.subjects.begin(), out.subjects.end()), out.subjects.end());
  std::map<std::string, std::size_t> subject_index;
  for (std::size_t i = 0; i < out.subjects.size(); ++i) subject_index[out.subjects[i]] = i;

  report::Progress progress("loading " + dataset, jobs.size());
  std::vector<ImuFile> files =
      eval::parallel_in_order<ImuFile>(jobs.size(), threads, [&](std::size_t i) {
        ImuFile f = read_imu_file(root, jobs[i], format);
        progress.advance();
        return f;
      });
  progress.finish();

  out.recordings.resize(jobs.size());
  out.row_labels.resize(jobs.size());
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    HarRecording& r = out.recordings[i];
    r.path = jobs[i].relative;
    r.subject = subject_index.at(jobs[i].subject);
    r.samples = std::move(files[i].samples);
    out.row_labels[i] = std::move(files[i].labels);
    out.tags.push_back(jobs[i].tag);
  }
  return out;
}

template <std::size_t N>
std::vector<std::string> names_of(const std::array<const char*, N>& names) {
  return std::vector<std::string>(names.begin(), names.end());
}

std::string join(const std::vector<std::string>& names, const char* separator) {
  std::string s;
  for (const std::string& n : names) s += (s.empty() ? "" : separator) + n;
  return s;
}

// One labelled segment of uci-hapt's labels.csv.
struct HaptSegment {
  std::int64_t activity = 0;
  std::size_t start = 0;  // 1-based inclusive sample numbers
  std::size_t end = 0;
  std::size_t line = 0;          // in labels.csv
  std::size_t start_column = 0;  // of the start_sample field
  std::size_t start_field = 0;
  std::string start_text;
};

}  // namespace

HarDataset load_sp_sw_har(const std::string& dir, HarDevice device, std::size_t threads) {
  const fs::path root = require_folder(dir, "sp-sw-har");
  const bool phone = device == HarDevice::kPhone;
  HarDataset ds;
  ds.kind = HarDatasetKind::kSpSwHar;
  ds.name = phone ? "sp-sw-har (phone)" : "sp-sw-har (watch)";
  ds.class_names = names_of(kSpSwHarClasses);
  ds.row_label_names = ds.class_names;

  const std::string index_path = (root / "executions.csv").string();
  const char* count_column = phone ? "n_samples_sp" : "n_samples_sw";
  std::vector<FileJob> jobs;
  read_index(
      index_path,
      std::array<const char*, 4>{"execution_id", "subject_id", "n_samples_sp", "n_samples_sw"},
      [&](const auto& f, const LineRef& where) {
        const std::string execution = parse_name(*f[0], where, "execution_id");
        FileJob job;
        job.subject = parse_name(*f[1], where, "subject_id");
        job.rows = io::parse_count(*f[phone ? 2 : 3], where, count_column);
        job.relative =
            find_file(root, job.subject + "/" + execution + (phone ? "_sp" : "_sw") + ".csv");
        job.rows_source =
            std::string(count_column) + " in executions.csv line " + std::to_string(where.line);
        job.has_labels = true;
        job.label_names = ds.class_names;
        job.label_expected = "an activity name (" + join(ds.class_names, ", ") + ")";
        job.index_path = index_path;
        job.index_line = where.line;
        jobs.push_back(std::move(job));
      });

  Loaded loaded = load_files(root, std::move(jobs), ImuFormat{}, ds.name, threads);
  ds.subjects = std::move(loaded.subjects);
  ds.recordings = std::move(loaded.recordings);

  // Majority label of each 50-row window; among tied labels the one that occurs first.
  for (std::size_t r = 0; r < ds.recordings.size(); ++r) {
    const std::vector<ImuSample>& s = ds.recordings[r].samples;
    const std::vector<std::uint8_t>& label = loaded.row_labels[r];
    for (std::size_t first = 0; first + kSpSwHarWindowRows <= s.size(); first += kSpSwHarHopRows) {
      const std::size_t end = first + kSpSwHarWindowRows;
      std::array<std::size_t, kSpSwHarClasses.size()> count{};
      for (std::size_t i = first; i < end; ++i) ++count[label[i]];
      const std::size_t most = *std::max_element(count.begin(), count.end());
      std::size_t i = first;
      while (count[label[i]] != most) ++i;
      ds.windows.push_back(
          HarWindow{r, first, end, s[first].t_us, s[end - 1].t_us, static_cast<int>(label[i])});
    }
    ds.recordings[r].row_labels = std::move(loaded.row_labels[r]);
  }
  return ds;
}

HarDataset load_uci_hapt(const std::string& dir, std::size_t threads) {
  const fs::path root = require_folder(dir, "uci-hapt");
  HarDataset ds;
  ds.kind = HarDatasetKind::kUciHapt;
  ds.name = "uci-hapt";
  ds.class_names = names_of(kHaptClasses);
  ds.row_label_names = ds.class_names;
  ds.row_label_names.insert(ds.row_label_names.end(), kHaptTransitions.begin(),
                            kHaptTransitions.end());

  // recordings.csv: one row per file; a row's position is its tag.
  struct IndexRow {
    std::size_t exp = 0;
    std::size_t user = 0;
    std::size_t n_samples = 0;
    std::size_t line = 0;
  };
  std::vector<IndexRow> index;
  std::vector<FileJob> jobs;
  const std::string index_path = (root / "recordings.csv").string();
  read_index(index_path, std::array<const char*, 4>{"exp", "user", "file", "n_samples"},
             [&](const auto& f, const LineRef& where) {
               IndexRow row;
               row.exp = io::parse_count(*f[0], where, "exp");
               row.user = io::parse_count(*f[1], where, "user");
               row.n_samples = io::parse_count(*f[3], where, "n_samples");
               row.line = where.line;
               for (const IndexRow& other : index) {
                 if (other.exp == row.exp && other.user == row.user) {
                   throw ParseError(index_path, where.line, f[0]->column,
                                    "an (exp, user) pair not listed before (first on line " +
                                        std::to_string(other.line) + ")",
                                    io::quoted(f[0]->text), f[0]->index);
                 }
               }
               FileJob job;
               job.relative = parse_relative_path(*f[2], where, "file");
               job.subject = std::to_string(row.user);
               job.rows = row.n_samples;
               job.rows_source = "n_samples in recordings.csv line " + std::to_string(where.line);
               job.index_path = index_path;
               job.index_line = where.line;
               job.tag = index.size();
               index.push_back(row);
               jobs.push_back(std::move(job));
             });

  // labels.csv, checked before any data file is read.
  std::vector<std::vector<HaptSegment>> segments(index.size());
  const std::string labels_path = (root / "labels.csv").string();
  read_index(
      labels_path,
      std::array<const char*, 5>{"exp", "user", "activity", "start_sample", "end_sample"},
      [&](const auto& f, const LineRef& where) {
        const std::size_t exp = io::parse_count(*f[0], where, "exp");
        const std::size_t user = io::parse_count(*f[1], where, "user");
        std::size_t tag = index.size();
        for (std::size_t i = 0; i < index.size(); ++i) {
          if (index[i].exp == exp && index[i].user == user) tag = i;
        }
        if (tag == index.size()) {
          throw ParseError(
              labels_path, where.line, f[0]->column, "an (exp, user) pair listed in recordings.csv",
              "(" + std::to_string(exp) + ", " + std::to_string(user) + ")", f[0]->index);
        }
        HaptSegment seg;
        seg.activity = io::parse_int64(*f[2], where, "activity");
        if (seg.activity < 1 || seg.activity > kHaptActivities) {
          throw ParseError(labels_path, where.line, f[2]->column,
                           "an activity id 1-12 (activities.csv) for column 'activity'",
                           io::quoted(f[2]->text), f[2]->index);
        }
        seg.start = io::parse_count(*f[3], where, "start_sample");
        seg.end = io::parse_count(*f[4], where, "end_sample");
        seg.line = where.line;
        seg.start_column = f[3]->column;
        seg.start_field = f[3]->index;
        seg.start_text = std::string(f[3]->text);
        if (seg.start < 1) {
          throw ParseError(labels_path, where.line, f[3]->column,
                           "a 1-based sample number >= 1 for column 'start_sample'",
                           io::quoted(f[3]->text), f[3]->index);
        }
        const std::size_t n = index[tag].n_samples;
        if (seg.end < seg.start || seg.end > n) {
          throw ParseError(labels_path, where.line, f[4]->column,
                           "an end_sample from start_sample (" + std::to_string(seg.start) +
                               ") to the recording's n_samples (" + std::to_string(n) +
                               ", recordings.csv line " + std::to_string(index[tag].line) + ")",
                           io::quoted(f[4]->text), f[4]->index);
        }
        segments[tag].push_back(std::move(seg));
      });
  for (std::vector<HaptSegment>& segs : segments) {
    std::sort(segs.begin(), segs.end(),
              [](const HaptSegment& a, const HaptSegment& b) { return a.start < b.start; });
    for (std::size_t i = 1; i < segs.size(); ++i) {
      if (segs[i].start > segs[i - 1].end) continue;
      const HaptSegment& later = segs[i].line > segs[i - 1].line ? segs[i] : segs[i - 1];
      const HaptSegment& earlier = &later == &segs[i] ? segs[i - 1] : segs[i];
      throw ParseError(labels_path, later.line, later.start_column,
                       "a segment not overlapping the one on line " + std::to_string(earlier.line) +
                           " (samples " + std::to_string(earlier.start) + "-" +
                           std::to_string(earlier.end) + ")",
                       io::quoted(later.start_text), later.start_field);
    }
  }

  ImuFormat format;
  format.columns = &kHaptColumns;
  format.acc_scale = kStandardGravity_m_s2 / 1000.0;  // mg -> m/s²
  format.gyr_scale = 1.0 / 1000.0;                    // mrad/s -> rad/s
  Loaded loaded = load_files(root, std::move(jobs), format, ds.name, threads);
  ds.subjects = std::move(loaded.subjects);
  ds.recordings = std::move(loaded.recordings);

  for (std::size_t r = 0; r < ds.recordings.size(); ++r) {
    const std::vector<ImuSample>& s = ds.recordings[r].samples;
    std::vector<std::uint8_t>& row_labels = ds.recordings[r].row_labels;
    row_labels.assign(s.size(), kNoRowLabel);
    for (const HaptSegment& seg : segments[loaded.tags[r]]) {
      std::fill(row_labels.begin() + static_cast<std::ptrdiff_t>(seg.start - 1),
                row_labels.begin() + static_cast<std::ptrdiff_t>(seg.end),
                static_cast<std::uint8_t>(seg.activity - 1));
      if (seg.activity > kHaptBaseActivities) continue;
      // Sample k (1-based) is row k - 1; the window's last sample stays inside the segment.
      for (std::size_t first = seg.start - 1; first + kHaptWindowSamples <= seg.end;
           first += kHaptHopSamples) {
        const std::size_t end = first + kHaptWindowSamples;
        ds.windows.push_back(HarWindow{r, first, end, s[first].t_us, s[end - 1].t_us,
                                       static_cast<int>(seg.activity - 1)});
      }
    }
  }
  return ds;
}

HarDataset load_wisdm(const std::string& dir, bool groups, std::size_t threads) {
  const fs::path root = require_folder(dir, "wisdm");
  HarDataset ds;
  ds.kind = HarDatasetKind::kWisdm;
  ds.name = groups ? "wisdm (6 groups)" : "wisdm (18 activities)";
  std::vector<std::string> activities;
  activities.reserve(kWisdmActivities.size());
  for (const WisdmActivity& a : kWisdmActivities) activities.emplace_back(a.label);
  ds.class_names = groups ? names_of(kWisdmGroups) : activities;
  ds.row_label_names = activities;

  std::vector<FileJob> jobs;
  const std::string index_path = (root / "files.csv").string();
  read_index(index_path, std::array<const char*, 4>{"file", "subject_id", "label", "n_samples"},
             [&](const auto& f, const LineRef& where) {
               FileJob job;
               job.relative = parse_relative_path(*f[0], where, "file");
               job.subject = parse_name(*f[1], where, "subject_id");
               const auto it = std::find(activities.begin(), activities.end(), f[2]->text);
               if (it == activities.end()) {
                 throw ParseError(index_path, where.line, f[2]->column,
                                  "one of the 18 activity labels of the README (" +
                                      join(activities, ", ") + ") for column 'label'",
                                  io::quoted(f[2]->text), f[2]->index);
               }
               job.tag = static_cast<std::size_t>(it - activities.begin());
               job.rows = io::parse_count(*f[3], where, "n_samples");
               job.rows_source = "n_samples in files.csv line " + std::to_string(where.line);
               job.has_labels = true;
               job.label_names = {*it};
               job.label_expected = "'" + *it + "' (the file's label in files.csv line " +
                                    std::to_string(where.line) + ")";
               job.index_path = index_path;
               job.index_line = where.line;
               jobs.push_back(std::move(job));
             });

  ImuFormat format;
  format.time_order = true;
  Loaded loaded = load_files(root, std::move(jobs), format, ds.name, threads);
  ds.subjects = std::move(loaded.subjects);
  ds.recordings = std::move(loaded.recordings);

  for (std::size_t r = 0; r < ds.recordings.size(); ++r) {
    const std::vector<ImuSample>& s = ds.recordings[r].samples;
    // Every row carries the file's label (checked while reading).
    ds.recordings[r].row_labels.assign(s.size(), static_cast<std::uint8_t>(loaded.tags[r]));
    if (s.empty()) continue;
    const WisdmActivity& activity = kWisdmActivities[loaded.tags[r]];
    const int label = groups ? activity.group : static_cast<int>(loaded.tags[r]);
    const Micros last_us = s.back().t_us;
    std::size_t first = 0;
    // Window k = [5k s, 5k + 10 s) while 5k + 10 <= the last row's t_s; rows are in time order,
    // so each window is a run of rows.
    for (Micros start_us = 0; start_us + kWisdmWindowUs <= last_us; start_us += kWisdmHopUs) {
      const Micros end_us = start_us + kWisdmWindowUs;
      while (first < s.size() && s[first].t_us < start_us) ++first;
      std::size_t end = first;
      while (end < s.size() && s[end].t_us < end_us) ++end;
      // Valid when no interval in it exceeds 1.0 s, the window's two ends included (an empty
      // window has the whole 10 s as its one interval).
      bool valid = end > first && s[first].t_us - start_us <= kWisdmMaxIntervalUs &&
                   end_us - s[end - 1].t_us <= kWisdmMaxIntervalUs;
      for (std::size_t i = first + 1; valid && i < end; ++i) {
        valid = s[i].t_us - s[i - 1].t_us <= kWisdmMaxIntervalUs;
      }
      if (valid) ds.windows.push_back(HarWindow{r, first, end, start_us, end_us, label});
    }
  }
  return ds;
}

std::string_view wisdm_group_of(std::string_view activity) {
  for (const WisdmActivity& a : kWisdmActivities) {
    if (activity == a.label) return kWisdmGroups[static_cast<std::size_t>(a.group)];
  }
  return {};
}

std::vector<std::size_t> window_subjects(const HarDataset& dataset) {
  std::vector<std::size_t> out;
  out.reserve(dataset.windows.size());
  for (const HarWindow& w : dataset.windows)
    out.push_back(dataset.recordings.at(w.recording).subject);
  return out;
}

std::vector<int> window_labels(const HarDataset& dataset) {
  std::vector<int> out;
  out.reserve(dataset.windows.size());
  for (const HarWindow& w : dataset.windows) out.push_back(w.label);
  return out;
}

}  // namespace fusetrack::train
