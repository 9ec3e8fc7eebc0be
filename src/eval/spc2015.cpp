#include "eval/spc2015.hpp"

#include <array>
#include <cmath>
#include <cstdio>
#include <stdexcept>
#include <string_view>
#include <utility>

#include "io/csv.hpp"

namespace fusetrack::eval {

namespace {

using io::as_field;
using io::CsvReader;
using io::Field;
using io::LineRef;
using io::ParseError;
using io::QuotedField;

// Index columns, in the order Spc2015RecordingInfo lists them.
constexpr std::array<const char*, 8> kIndexColumns = {"recording", "original_name", "activity_type",
                                                      "activity",  "n_samples",     "duration_s",
                                                      "n_windows", "has_ecg"};

// The signal columns the evaluation reads (ecg_au is left alone on purpose).
constexpr std::array<const char*, 6> kSignalColumns = {"t_s",     "ppg1_au", "ppg2_au",
                                                       "acc_x_g", "acc_y_g", "acc_z_g"};

constexpr std::array<const char*, 4> kTruthColumns = {"window", "window_start_s", "window_end_s",
                                                      "bpm"};

// The files give times with three decimals (t_s = index / 125 exactly, 8 ms apart): half a
// millisecond tells a rounded time from a wrong one.
constexpr double kTimeTolerance_s = 0.0005;

// "%.3f" of a time or duration, for messages.
std::string seconds_text(double s) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.3f", s);
  return buf;
}

// Reads the header row of `reader` and finds `columns` in it; returns their positions and, in
// `n_columns`, the header's field count.
template <std::size_t N>
std::array<std::size_t, N> read_header(CsvReader& reader, const std::array<const char*, N>& columns,
                                       std::vector<Field>& fields, std::size_t& n_columns) {
  std::string_view line;
  if (!reader.next_line(line)) {
    throw ParseError(reader.path(), 1, 1, "a header row", "an empty file");
  }
  n_columns = io::split_fields(line, fields);
  return io::find_columns(fields, columns, reader.where());
}

}  // namespace

std::size_t spc2015_window_count(std::size_t n_samples) noexcept {
  if (n_samples < kSpc2015WindowSamples) return 0;
  return (n_samples - kSpc2015WindowSamples) / kSpc2015HopSamples + 1;
}

void check_spc2015_folder(const std::filesystem::path& dir) {
  if (!std::filesystem::is_directory(dir)) {
    throw std::runtime_error("--data " + dir.string() +
                             ": no such folder (expected an spc2015 folder holding "
                             "recordings.csv, recordings/ and truth/)");
  }
  if (!std::filesystem::exists(dir / "recordings.csv")) {
    throw std::runtime_error("--data " + dir.string() +
                             ": no recordings.csv in it (expected an spc2015 folder holding "
                             "recordings.csv, recordings/ and truth/)");
  }
}

Spc2015Index load_spc2015_index(const std::filesystem::path& dir) {
  Spc2015Index index;
  index.dir = dir;
  CsvReader reader((dir / "recordings.csv").string());
  std::string_view line;
  if (!reader.next_line(line)) {
    throw ParseError(reader.path(), 1, 1, "a header row", "an empty file");
  }
  const std::vector<QuotedField> header = io::split_quoted(line, reader.where());
  const auto col = io::find_columns(header, kIndexColumns, reader.where());

  while (reader.next_line(line)) {
    if (line.empty()) continue;  // a blank line (a hand-edited index)
    const LineRef where = reader.where();
    const std::vector<QuotedField> f = io::split_quoted(line, where);
    if (f.size() != header.size()) {
      throw io::field_count_error(where, line.size(), header.size(), f.size());
    }
    const auto count = [&](std::size_t c) {
      return io::parse_count(as_field(f[col[c]]), where, kIndexColumns[c]);
    };
    Spc2015RecordingInfo r;
    r.index_line = where.line;
    r.name = f[col[0]].text;
    r.original_name = f[col[1]].text;
    r.activity_type = f[col[2]].text;
    r.activity = f[col[3]].text;
    r.n_samples = count(4);
    r.duration_s = io::parse_double(as_field(f[col[5]]), where, kIndexColumns[5]);
    r.n_windows = count(6);

    const QuotedField& name = f[col[0]];
    if (r.name.empty() || r.name.find_first_of("/\\") != std::string::npos || r.name == "." ||
        r.name == "..") {
      throw ParseError(reader.path(), where.line, name.column,
                       "a recording name (a file stem in recordings/ and truth/, no '/')",
                       io::quoted(r.name), name.index);
    }
    for (const Spc2015RecordingInfo& other : index.recordings) {
      if (other.name == r.name) {
        throw ParseError(reader.path(), where.line, name.column,
                         "a recording name not used before (first on line " +
                             std::to_string(other.index_line) + ")",
                         io::quoted(r.name), name.index);
      }
    }
    const double expected_s = static_cast<double>(r.n_samples) / kSpc2015RateHz;
    if (!(std::fabs(r.duration_s - expected_s) <= kTimeTolerance_s)) {
      const QuotedField& d = f[col[5]];
      throw ParseError(reader.path(), where.line, d.column,
                       "duration_s = n_samples / 125 = " + seconds_text(expected_s),
                       io::quoted(d.text), d.index);
    }
    const std::size_t windows = spc2015_window_count(r.n_samples);
    if (r.n_windows != windows) {
      const QuotedField& w = f[col[6]];
      throw ParseError(
          reader.path(), where.line, w.column,
          "n_windows = floor((n_samples - 1000) / 250) + 1 = " + std::to_string(windows),
          io::quoted(w.text), w.index);
    }
    const QuotedField& ecg = f[col[7]];
    if (ecg.text != "0" && ecg.text != "1") {
      throw ParseError(reader.path(), where.line, ecg.column, "0 or 1 for column 'has_ecg'",
                       io::quoted(ecg.text), ecg.index);
    }
    r.has_ecg = ecg.text == "1";
    index.recordings.push_back(std::move(r));
  }
  return index;
}

std::size_t read_spc2015_signals(const Spc2015Index& index, const Spc2015RecordingInfo& info,
                                 const std::function<void(const Spc2015Sample&)>& on_sample) {
  CsvReader reader((index.dir / "recordings" / (info.name + ".csv")).string());
  std::vector<Field> fields;
  std::size_t n_columns = 0;
  const auto col = read_header(reader, kSignalColumns, fields, n_columns);
  std::string_view line;
  Spc2015Sample s;
  std::size_t rows = 0;
  while (reader.next_line(line)) {
    const LineRef where = reader.where();
    if (io::split_fields(line, fields) != n_columns) {
      throw io::field_count_error(where, line.size(), n_columns, fields.size());
    }
    const Field& t_field = fields[col[0]];
    const double t_s = io::parse_double(t_field, where, kSignalColumns[0]);
    const double expected_s = static_cast<double>(rows) / kSpc2015RateHz;
    if (!(std::fabs(t_s - expected_s) <= kTimeTolerance_s)) {
      throw ParseError(std::string(where.path), where.line, t_field.column,
                       "t_s = sample index / 125 = " + seconds_text(expected_s) + " (sample " +
                           std::to_string(rows) + "; 125 Hz without gaps)",
                       io::quoted(t_field.text), t_field.index);
    }
    s.index = rows;
    s.ppg1 = io::parse_float(fields[col[1]], where, kSignalColumns[1]);
    s.ppg2 = io::parse_float(fields[col[2]], where, kSignalColumns[2]);
    s.acc_g = Vec3(io::parse_float(fields[col[3]], where, kSignalColumns[3]),
                   io::parse_float(fields[col[4]], where, kSignalColumns[4]),
                   io::parse_float(fields[col[5]], where, kSignalColumns[5]));
    on_sample(s);
    ++rows;
  }
  if (rows != info.n_samples) {
    throw ParseError(reader.path(), reader.line_number() + 1, 1,
                     std::to_string(info.n_samples) +
                         " sample rows (n_samples of recordings.csv "
                         "line " +
                         std::to_string(info.index_line) + ")",
                     std::to_string(rows) + " rows");
  }
  return rows;
}

std::vector<double> load_spc2015_truth(const Spc2015Index& index,
                                       const Spc2015RecordingInfo& info) {
  CsvReader reader((index.dir / "truth" / (info.name + "_bpm.csv")).string());
  std::vector<Field> fields;
  std::size_t n_columns = 0;
  const auto col = read_header(reader, kTruthColumns, fields, n_columns);
  std::vector<double> bpm;
  bpm.reserve(info.n_windows);
  std::string_view line;
  while (reader.next_line(line)) {
    const LineRef where = reader.where();
    if (io::split_fields(line, fields) != n_columns) {
      throw io::field_count_error(where, line.size(), n_columns, fields.size());
    }
    const std::size_t i = bpm.size();
    const Field& w = fields[col[0]];
    if (io::parse_count(w, where, kTruthColumns[0]) != i) {
      throw ParseError(std::string(where.path), where.line, w.column,
                       "window " + std::to_string(i) + " (the row's 0-based index)",
                       io::quoted(w.text), w.index);
    }
    // The window's bounds, as the README defines them.
    const double bounds_s[2] = {2.0 * static_cast<double>(i), 2.0 * static_cast<double>(i) + 8.0};
    for (std::size_t b = 0; b < 2; ++b) {
      const Field& f = fields[col[1 + b]];
      const double v = io::parse_double(f, where, kTruthColumns[1 + b]);
      if (!(std::fabs(v - bounds_s[b]) <= kTimeTolerance_s)) {
        throw ParseError(std::string(where.path), where.line, f.column,
                         std::string(kTruthColumns[1 + b]) + " = " +
                             (b == 0 ? "2 i = " : "2 i + 8 = ") + seconds_text(bounds_s[b]),
                         io::quoted(f.text), f.index);
      }
    }
    const Field& rate = fields[col[3]];
    const double v = io::parse_double(rate, where, kTruthColumns[3]);
    if (!(v > 0.0)) {
      throw ParseError(std::string(where.path), where.line, rate.column,
                       "a heart rate > 0 beats/min for column 'bpm'", io::quoted(rate.text),
                       rate.index);
    }
    bpm.push_back(v);
  }
  if (bpm.size() != info.n_windows) {
    throw ParseError(reader.path(), reader.line_number() + 1, 1,
                     std::to_string(info.n_windows) +
                         " window rows (n_windows of recordings.csv line " +
                         std::to_string(info.index_line) + ")",
                     std::to_string(bpm.size()) + " rows");
  }
  return bpm;
}

}  // namespace fusetrack::eval
