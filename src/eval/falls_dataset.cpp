#include "eval/falls_dataset.hpp"

#include <array>
#include <cmath>
#include <limits>
#include <string_view>
#include <utility>

#include "eval/parallel_in_order.hpp"
#include "io/csv.hpp"

namespace fusetrack::eval {

namespace {

using io::as_field;
using io::CsvReader;
using io::Field;
using io::LineRef;
using io::ParseError;
using io::QuotedField;

constexpr std::array<const char*, 6> kIndexColumns = {"name",          "subject", "age_group",
                                                      "activity_code", "is_fall", "duration_s"};
constexpr std::array<const char*, 7> kTrialColumns = {
    "t_s", "acc_x_m_s2", "acc_y_m_s2", "acc_z_m_s2", "gyr_x_rad_s", "gyr_y_rad_s", "gyr_z_rad_s"};

// Reads trials/NAME.csv into t.samples.
void read_trial(const std::filesystem::path& dir, train::FallTrial& t) {
  CsvReader reader((dir / "trials" / (t.name + ".csv")).string());
  std::string_view line;
  std::vector<Field> f;
  if (!reader.next_line(line)) {
    throw ParseError(reader.path(), 1, 1, "a header row", "an empty file");
  }
  const std::size_t n_columns = io::split_fields(line, f);
  const auto col = io::find_columns(f, kTrialColumns, reader.where());
  double previous_t_s = -std::numeric_limits<double>::infinity();
  while (reader.next_line(line)) {
    const LineRef where = reader.where();
    if (io::split_fields(line, f) != n_columns) {
      throw io::field_count_error(where, line.size(), n_columns, f.size());
    }
    const Field& t_field = f[col[0]];
    const double t_s = io::parse_double(t_field, where, kTrialColumns[0]);
    if (t_s < previous_t_s) {
      throw ParseError(std::string(where.path), where.line, t_field.column,
                       "t_s at least the previous row's", io::quoted(t_field.text), t_field.index);
    }
    previous_t_s = t_s;
    ImuSample s;
    s.t_us = static_cast<Micros>(std::llround(t_s * 1e6));
    const auto value = [&](std::size_t c) {
      return io::parse_float(f[col[c]], where, kTrialColumns[c]);
    };
    s.acc_m_s2 = Vec3(value(1), value(2), value(3));
    s.gyr_rad_s = Vec3(value(4), value(5), value(6));
    t.samples.push_back(s);
  }
  if (t.samples.size() < 2) {
    throw ParseError(reader.path(), reader.line_number() + 1, 1, "at least two sample rows",
                     std::to_string(t.samples.size()));
  }
}

}  // namespace

std::size_t FallsDataset::samples() const {
  std::size_t n = 0;
  for (const train::FallTrial& t : trials) n += t.samples.size();
  return n;
}

FallsDataset load_falls_dataset(const std::filesystem::path& dir, std::size_t threads) {
  FallsDataset data;
  data.dir = dir;
  CsvReader reader((dir / "trials.csv").string());
  std::string_view line;
  if (!reader.next_line(line)) {
    throw ParseError(reader.path(), 1, 1, "a header row", "an empty file");
  }
  const std::vector<QuotedField> header = io::split_quoted(line, reader.where());
  const auto col = io::find_columns(header, kIndexColumns, reader.where());
  std::vector<std::size_t> index_lines;
  while (reader.next_line(line)) {
    if (line.empty()) continue;
    const LineRef where = reader.where();
    const std::vector<QuotedField> f = io::split_quoted(line, where);
    if (f.size() != header.size()) {
      throw io::field_count_error(where, line.size(), header.size(), f.size());
    }
    train::FallTrial t;
    t.name = f[col[0]].text;
    t.subject = f[col[1]].text;
    t.age_group = f[col[2]].text;
    t.activity_code = f[col[3]].text;
    t.acc_full_scale_m_s2 = kFallsDatasetFullScale_g * kGravity_m_s2;
    const QuotedField& name = f[col[0]];
    if (t.name.empty() || t.name.find_first_of("/\\") != std::string::npos || t.name == "." ||
        t.name == "..") {
      throw ParseError(reader.path(), where.line, name.column,
                       "a trial name (a file stem in trials/, no '/')", io::quoted(t.name),
                       name.index);
    }
    if (t.subject.empty()) {
      throw ParseError(reader.path(), where.line, f[col[1]].column, "a subject", "an empty field",
                       f[col[1]].index);
    }
    const QuotedField& fall = f[col[4]];
    if (fall.text != "0" && fall.text != "1") {
      throw ParseError(reader.path(), where.line, fall.column, "0 or 1 for column 'is_fall'",
                       io::quoted(fall.text), fall.index);
    }
    t.is_fall = fall.text == "1";
    const QuotedField& code = f[col[3]];
    if (code.text.empty() || code.text[0] != (t.is_fall ? 'F' : 'D')) {
      throw ParseError(reader.path(), where.line, code.column,
                       std::string("an activity code starting with '") + (t.is_fall ? 'F' : 'D') +
                           "' (is_fall is " + fall.text + ")",
                       io::quoted(code.text), code.index);
    }
    t.duration_s = io::parse_double(as_field(f[col[5]]), where, kIndexColumns[5]);
    for (std::size_t i = 0; i < data.trials.size(); ++i) {
      if (data.trials[i].name == t.name) {
        throw ParseError(
            reader.path(), where.line, name.column,
            "a trial name not used before (first on line " + std::to_string(index_lines[i]) + ")",
            io::quoted(t.name), name.index);
      }
    }
    bool known = false;
    for (const std::string& s : data.subjects) known = known || s == t.subject;
    if (!known) data.subjects.push_back(t.subject);
    index_lines.push_back(where.line);
    data.trials.push_back(std::move(t));
  }
  struct Loaded {
    std::vector<ImuSample> samples;
  };
  std::vector<Loaded> loaded =
      parallel_in_order<Loaded>(data.trials.size(), threads, [&](std::size_t i) {
        train::FallTrial t;
        t.name = data.trials[i].name;
        read_trial(dir, t);
        return Loaded{std::move(t.samples)};
      });
  for (std::size_t i = 0; i < data.trials.size(); ++i) {
    data.trials[i].samples = std::move(loaded[i].samples);
  }
  return data;
}

}  // namespace fusetrack::eval
