#include "eval/oxford_steps.hpp"

#include <array>
#include <cmath>
#include <limits>
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

// Index columns, in the order OxfordTraceInfo lists them.
constexpr std::array<const char*, 13> kIndexColumns = {
    "trace",     "position", "surface",    "subject",    "phone",    "accel_sensor", "true_steps",
    "n_samples", "rate_hz",  "duration_s", "gt_start_s", "gt_end_s", "in_paper_set"};

constexpr std::array<const char*, 4> kAccColumns = {"t_s", "acc_x_m_s2", "acc_y_m_s2",
                                                    "acc_z_m_s2"};
constexpr std::array<const char*, 2> kStepColumns = {"t_s", "foot"};

// `dir`/`sub`/<name>.csv.gz, else .csv when that exists (CsvReader reads either by content).
std::string trace_file(const std::filesystem::path& dir, const char* sub, const std::string& name,
                       bool gz_first) {
  const std::filesystem::path gz = dir / sub / (name + ".csv.gz");
  const std::filesystem::path plain = dir / sub / (name + ".csv");
  const std::filesystem::path& first = gz_first ? gz : plain;
  const std::filesystem::path& second = gz_first ? plain : gz;
  if (std::filesystem::exists(first) || !std::filesystem::exists(second)) return first.string();
  return second.string();
}

Micros to_us(double t_s) { return static_cast<Micros>(std::llround(t_s * 1e6)); }

// Reads a trace file of `columns` (found by header name; t_s first): for every row, its time,
// which must increase (with `allow_equal`, may repeat), is passed to on_row(t_us, fields, col,
// where). After the last row, the number of rows must be `expected_rows` (`what` names them and
// their count's origin). Returns the number of rows.
template <std::size_t N, typename OnRow>
std::size_t read_trace_file(const std::string& path, const std::array<const char*, N>& columns,
                            bool allow_equal, std::size_t expected_rows, const std::string& what,
                            const OnRow& on_row) {
  CsvReader reader(path);
  std::string_view line;
  std::vector<Field> fields;
  if (!reader.next_line(line)) {
    throw ParseError(reader.path(), 1, 1, "a header row", "an empty file");
  }
  const std::size_t n_columns = io::split_fields(line, fields);
  const auto col = io::find_columns(fields, columns, reader.where());
  std::size_t rows = 0;
  double previous_t_s = -std::numeric_limits<double>::infinity();
  while (reader.next_line(line)) {
    const LineRef where = reader.where();
    if (io::split_fields(line, fields) != n_columns) {
      throw io::field_count_error(where, line.size(), n_columns, fields.size());
    }
    const Field& t_field = fields[col[0]];
    const double t_s = io::parse_double(t_field, where, "t_s");
    if (allow_equal ? t_s < previous_t_s : !(t_s > previous_t_s)) {
      throw ParseError(
          std::string(where.path), where.line, t_field.column,
          allow_equal ? "t_s at least the previous row's" : "t_s greater than the previous row's",
          io::quoted(t_field.text), t_field.index);
    }
    previous_t_s = t_s;
    on_row(to_us(t_s), fields, col, where);
    ++rows;
  }
  if (rows != expected_rows) {
    throw ParseError(reader.path(), reader.line_number() + 1, 1,
                     std::to_string(expected_rows) + " " + what, std::to_string(rows) + " rows");
  }
  return rows;
}

}  // namespace

OxfordStepsIndex load_oxford_steps_index(const std::filesystem::path& dir) {
  OxfordStepsIndex index;
  index.dir = dir;
  CsvReader reader((dir / "traces.csv").string());
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
    const auto number = [&](std::size_t c) {
      return io::parse_double(as_field(f[col[c]]), where, kIndexColumns[c]);
    };
    OxfordTraceInfo t;
    t.index_line = where.line;
    t.name = f[col[0]].text;
    t.position = f[col[1]].text;
    t.surface = f[col[2]].text;
    t.subject = f[col[3]].text;
    t.phone = f[col[4]].text;
    t.accel_sensor = f[col[5]].text;
    t.true_steps = count(6);
    t.n_samples = count(7);
    t.rate_hz = number(8);
    t.duration_s = number(9);
    t.gt_start_s = number(10);
    t.gt_end_s = number(11);
    const QuotedField& paper = f[col[12]];
    if (paper.text != "0" && paper.text != "1") {
      throw ParseError(reader.path(), where.line, paper.column, "0 or 1 for column 'in_paper_set'",
                       io::quoted(paper.text), paper.index);
    }
    t.in_paper_set = paper.text == "1";

    const QuotedField& name = f[col[0]];
    if (t.name.empty() || t.name.find_first_of("/\\") != std::string::npos || t.name == "." ||
        t.name == "..") {
      throw ParseError(reader.path(), where.line, name.column,
                       "a trace name (a file stem in acc/ and steps/, no '/')", io::quoted(t.name),
                       name.index);
    }
    if (t.position.empty()) {
      const QuotedField& p = f[col[1]];
      throw ParseError(reader.path(), where.line, p.column, "a position", "an empty field",
                       p.index);
    }
    for (const OxfordTraceInfo& other : index.traces) {
      if (other.name == t.name) {
        throw ParseError(
            reader.path(), where.line, name.column,
            "a trace name not used before (first on line " + std::to_string(other.index_line) + ")",
            io::quoted(t.name), name.index);
      }
    }
    index.traces.push_back(std::move(t));
  }
  return index;
}

std::size_t read_oxford_acc(const OxfordStepsIndex& index, const OxfordTraceInfo& info,
                            const std::function<void(Micros, const Vec3&)>& on_sample) {
  return read_trace_file(
      trace_file(index.dir, "acc", info.name, true), kAccColumns, false, info.n_samples,
      "sample rows (n_samples of traces.csv line " + std::to_string(info.index_line) + ")",
      [&](Micros t_us, const std::vector<Field>& f, const auto& col, const LineRef& where) {
        on_sample(t_us, Vec3(io::parse_float(f[col[1]], where, kAccColumns[1]),
                             io::parse_float(f[col[2]], where, kAccColumns[2]),
                             io::parse_float(f[col[3]], where, kAccColumns[3])));
      });
}

std::vector<Micros> load_oxford_true_steps(const OxfordStepsIndex& index,
                                           const OxfordTraceInfo& info) {
  std::vector<Micros> steps;
  steps.reserve(info.true_steps);
  // Both feet may land within one foot-switch sample: equal times are two steps.
  read_trace_file(
      trace_file(index.dir, "steps", info.name, false), kStepColumns, true, info.true_steps,
      "step rows (true_steps of traces.csv line " + std::to_string(info.index_line) + ")",
      [&](Micros t_us, const std::vector<Field>&, const auto&, const LineRef&) {
        steps.push_back(t_us);
      });
  return steps;
}

}  // namespace fusetrack::eval
