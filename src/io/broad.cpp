#include "io/broad.hpp"

#include <array>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string_view>
#include <utility>

#include "io/csv.hpp"

namespace fusetrack::io {

namespace {

// Index columns, in the order BroadTrialInfo lists them.
constexpr std::array<const char*, 12> kIndexColumns = {"name",
                                                       "condition",
                                                       "motion",
                                                       "speed",
                                                       "breaks",
                                                       "disturbance",
                                                       "sampling_rate_hz",
                                                       "n_samples",
                                                       "duration_s",
                                                       "n_movement",
                                                       "n_movement_ref_missing",
                                                       "description"};

// Trial-file columns, in the order load_broad_trial reads them.
constexpr std::array<const char*, 15> kTrialColumns = {
    "t_s",        "gyr_x_rad_s", "gyr_y_rad_s", "gyr_z_rad_s", "acc_x_m_s2",
    "acc_y_m_s2", "acc_z_m_s2",  "mag_x_uT",    "mag_y_uT",    "mag_z_uT",
    "ref_qw",     "ref_qx",      "ref_qy",      "ref_qz",      "movement"};

std::string trial_path(const std::filesystem::path& dir, const std::string& name) {
  const std::filesystem::path plain = dir / "trials" / (name + ".csv");
  if (std::filesystem::exists(plain)) return plain.string();
  const std::filesystem::path gz = dir / "trials" / (name + ".csv.gz");
  if (std::filesystem::exists(gz)) return gz.string();
  return plain.string();  // CsvReader then reports that it cannot be opened
}

}  // namespace

BroadIndex load_broad_index(const std::filesystem::path& dir) {
  BroadIndex index;
  index.dir = dir;
  CsvReader reader((dir / "trials.csv").string());
  std::string_view line;
  if (!reader.next_line(line)) {
    throw ParseError(reader.path(), 1, 1, "a header row", "an empty file");
  }
  const std::vector<QuotedField> header = split_quoted(line, reader.where());
  const auto col = find_columns(header, kIndexColumns, reader.where());

  while (reader.next_line(line)) {
    if (line.empty()) continue;  // tolerate blank lines (e.g. a hand-edited index)
    const LineRef where = reader.where();
    const std::vector<QuotedField> f = split_quoted(line, where);
    if (f.size() != header.size()) {
      throw field_count_error(where, line.size(), header.size(), f.size());
    }
    BroadTrialInfo t;
    t.index_line = where.line;
    t.name = f[col[0]].text;
    t.condition = f[col[1]].text;
    t.motion = f[col[2]].text;
    t.speed = f[col[3]].text;
    t.breaks = f[col[4]].text;
    t.disturbance = f[col[5]].text;
    t.sampling_rate_hz = parse_double(as_field(f[col[6]]), where, kIndexColumns[6]);
    t.n_samples = parse_count(as_field(f[col[7]]), where, kIndexColumns[7]);
    t.duration_s = parse_double(as_field(f[col[8]]), where, kIndexColumns[8]);
    t.n_movement = parse_count(as_field(f[col[9]]), where, kIndexColumns[9]);
    t.n_movement_ref_missing = parse_count(as_field(f[col[10]]), where, kIndexColumns[10]);
    t.description = f[col[11]].text;

    const QuotedField& name = f[col[0]];
    if (t.name.empty() || t.name.find_first_of("/\\") != std::string::npos || t.name == "." ||
        t.name == "..") {
      throw ParseError(reader.path(), where.line, name.column,
                       "a trial name (a file stem in trials/, no '/')", io::quoted(t.name),
                       name.index);
    }
    for (const BroadTrialInfo& other : index.trials) {
      if (other.name == t.name) {
        throw ParseError(
            reader.path(), where.line, name.column,
            "a trial name not used before (first on line " + std::to_string(other.index_line) + ")",
            io::quoted(t.name), name.index);
      }
    }
    index.trials.push_back(std::move(t));
  }
  return index;
}

BroadTrial load_broad_trial(const std::filesystem::path& dir, const BroadTrialInfo& info) {
  BroadTrial trial;
  trial.info = info;
  CsvReader reader(trial_path(dir, info.name));
  std::string_view line;
  std::vector<Field> fields;
  if (!reader.next_line(line)) {
    throw ParseError(reader.path(), 1, 1, "a header row", "an empty file");
  }
  split_fields(line, fields);
  const std::size_t n_columns = fields.size();
  const auto col = find_columns(fields, kTrialColumns, reader.where());

  trial.t_us.reserve(info.n_samples);
  trial.gyr_rad_s.reserve(info.n_samples);
  trial.acc_m_s2.reserve(info.n_samples);
  trial.mag_ut.reserve(info.n_samples);
  trial.ref.reserve(info.n_samples);
  trial.movement.reserve(info.n_samples);

  std::size_t n_movement = 0;
  std::size_t n_movement_ref_missing = 0;
  double previous_t_s = -std::numeric_limits<double>::infinity();
  const auto vec3 = [&](std::size_t first, const LineRef& where) {
    return Vec3(parse_float(fields[col[first]], where, kTrialColumns[first]),
                parse_float(fields[col[first + 1]], where, kTrialColumns[first + 1]),
                parse_float(fields[col[first + 2]], where, kTrialColumns[first + 2]));
  };
  while (reader.next_line(line)) {
    const LineRef where = reader.where();
    if (split_fields(line, fields) != n_columns) {
      throw field_count_error(where, line.size(), n_columns, fields.size());
    }
    const Field& t_field = fields[col[0]];
    const double t_s = parse_double(t_field, where, kTrialColumns[0]);
    if (!(t_s > previous_t_s)) {
      throw ParseError(reader.path(), where.line, t_field.column,
                       "t_s greater than the previous row's", io::quoted(t_field.text),
                       t_field.index);
    }
    previous_t_s = t_s;
    trial.t_us.push_back(static_cast<Micros>(std::llround(t_s * 1e6)));
    trial.gyr_rad_s.push_back(vec3(1, where));
    trial.acc_m_s2.push_back(vec3(4, where));
    trial.mag_ut.push_back(vec3(7, where));
    const Eigen::Quaterniond q(
        parse_double(fields[col[10]], where, kTrialColumns[10], NanPolicy::kAccept),
        parse_double(fields[col[11]], where, kTrialColumns[11], NanPolicy::kAccept),
        parse_double(fields[col[12]], where, kTrialColumns[12], NanPolicy::kAccept),
        parse_double(fields[col[13]], where, kTrialColumns[13], NanPolicy::kAccept));
    trial.ref.push_back(q);
    const Field& m_field = fields[col[14]];
    const std::int64_t m = parse_int64(m_field, where, kTrialColumns[14]);
    if (m != 0 && m != 1) {
      throw ParseError(reader.path(), where.line, m_field.column, "0 or 1 for column 'movement'",
                       io::quoted(m_field.text), m_field.index);
    }
    trial.movement.push_back(static_cast<std::uint8_t>(m));
    if (m == 1) {
      ++n_movement;
      if (!(std::isfinite(q.w()) && std::isfinite(q.x()) && std::isfinite(q.y()) &&
            std::isfinite(q.z()))) {
        ++n_movement_ref_missing;
      }
    }
  }

  // The index's counts must describe this file: catches a cut or mismatched file.
  const auto check = [&](std::size_t found, std::size_t expected, const char* what,
                         const char* column) {
    if (found == expected) return;
    throw ParseError(reader.path(), reader.line_number() + 1, 1,
                     std::to_string(expected) + " " + what + " (" + column +
                         " in trials.csv line " + std::to_string(info.index_line) + ")",
                     std::to_string(found));
  };
  check(trial.size(), info.n_samples, "data rows", "n_samples");
  check(n_movement, info.n_movement, "rows with movement = 1", "n_movement");
  check(n_movement_ref_missing, info.n_movement_ref_missing, "movement rows with a nan reference",
        "n_movement_ref_missing");
  return trial;
}

std::vector<BroadTrial> load_broad(const std::filesystem::path& dir) {
  const BroadIndex index = load_broad_index(dir);
  std::vector<BroadTrial> trials;
  trials.reserve(index.trials.size());
  for (const BroadTrialInfo& info : index.trials) trials.push_back(load_broad_trial(dir, info));
  return trials;
}

}  // namespace fusetrack::io
