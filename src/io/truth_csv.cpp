#include "io/truth_csv.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <memory>
#include <stdexcept>
#include <string_view>

#include <zlib.h>

#include "io/csv.hpp"

namespace fusetrack::io {

namespace {

enum Column : std::size_t {
  kKind = 0,
  kT,
  kEnd,
  kQw,
  kQx,
  kQy,
  kQz,
  kBiasX,
  kBiasY,
  kBiasZ,
  kActivity,
  kCadence,
  kHeartRate,
  kColumnCountV1,
  kPpgFault = kColumnCountV1,
  kColumnCountV2,
  kEvent = kColumnCountV2,
  kImpact,
  kPeak,
  kIsFall,
  kColumnCountV3
};

// Fields per row of format `version`.
std::size_t column_count(int version) {
  switch (version) {
    case kTruthFormatVersionWithoutFaults:
      return kColumnCountV1;
    case kTruthFormatVersionWithFaults:
      return kColumnCountV2;
    default:
      return kColumnCountV3;
  }
}

// The version line's text after "# ".
std::string version_text(int version) { return "fusetrack truth v" + std::to_string(version); }

bool ends_with(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// A text file written through zlib (gzip) or stdio (plain).
class TextSink {
 public:
  explicit TextSink(std::string path) : path_(std::move(path)), gz_(ends_with(path_, ".gz")) {
    if (gz_) {
      gz_file_ = gzopen(path_.c_str(), "wb6");
      if (gz_file_ == nullptr) throw std::runtime_error(path_ + ": cannot create file");
    } else {
      plain_ = std::fopen(path_.c_str(), "wb");
      if (plain_ == nullptr) throw std::runtime_error(path_ + ": cannot create file");
    }
  }
  ~TextSink() {
    if (gz_file_ != nullptr) gzclose(gz_file_);
    if (plain_ != nullptr) std::fclose(plain_);
  }
  TextSink(const TextSink&) = delete;
  TextSink& operator=(const TextSink&) = delete;

  void write(const std::string& text) {
    if (text.empty()) return;
    if (gz_) {
      const int n = gzwrite(gz_file_, text.data(), static_cast<unsigned>(text.size()));
      if (n != static_cast<int>(text.size())) throw std::runtime_error(path_ + ": write failed");
    } else if (std::fwrite(text.data(), 1, text.size(), plain_) != text.size()) {
      throw std::runtime_error(path_ + ": write failed");
    }
  }
  void close() {
    int rc = 0;
    if (gz_file_ != nullptr) rc = gzclose(gz_file_) == Z_OK ? 0 : -1;
    if (plain_ != nullptr) rc = std::fclose(plain_);
    gz_file_ = nullptr;
    plain_ = nullptr;
    if (rc != 0) throw std::runtime_error(path_ + ": cannot close file");
  }

 private:
  std::string path_;
  bool gz_ = false;
  gzFile gz_file_ = nullptr;
  std::FILE* plain_ = nullptr;
};

// printf-style formatting of one number; a negative value that rounds to zero is written without
// its sign ("0.000000000", not "-0.000000000").
void append_format(std::string& out, const char* fmt, double v) {
  std::array<char, 64> buf{};
  const int n = std::snprintf(buf.data(), buf.size(), fmt, v);
  std::string_view text(buf.data(), static_cast<std::size_t>(n));
  if (!text.empty() && text.front() == '-' &&
      text.find_first_not_of("-0.", 0) == std::string_view::npos) {
    text.remove_prefix(1);
  }
  out.append(text);
}

// One output row and its sort key.
enum RowKind : int { kSegmentRow = 0, kPpgFaultRow, kEventRow, kHeartRateRow, kStepRow, kPoseRow };
struct Row {
  Micros t_us;
  int order;  // the RowKind: the tie-break at equal t_us
  std::size_t index;
};

// Appends row `r` in format `version` (version 2 adds the ppg_fault column, empty but in
// ppg_fault rows; version 3 the four event columns, empty but in event rows).
void append_row(std::string& out, const Truth& truth, const Row& r, int version) {
  switch (r.order) {
    case kSegmentRow: {
      const SegmentTruth& s = truth.segments[r.index];
      out += "segment," + std::to_string(s.start_us) + ',' + std::to_string(s.end_us) + ",,,,,,,," +
             activity_name(s.activity) + ',';
      append_format(out, "%.9g", s.cadence_spm);
      out += ',';
      append_format(out, "%.9g", s.heart_rate_bpm);
      break;
    }
    case kPpgFaultRow: {
      const PpgFaultTruth& f = truth.ppg_faults[r.index];
      out += "ppg_fault," + std::to_string(f.start_us) + ',' + std::to_string(f.end_us) +
             ",,,,,,,,,,," + ppg_fault_name(f.kind);
      if (version >= kTruthFormatVersion) out += ",,,,";
      out += '\n';
      return;
    }
    case kEventRow: {
      const MotionEventTruth& e = truth.events[r.index];
      out += "event," + std::to_string(e.start_us) + ',' + std::to_string(e.end_us) +
             ",,,,,,,,,,,," + motion_kind_name(e.kind) + ',' + std::to_string(e.impact_us) + ',';
      append_format(out, "%.4f", e.peak_g);
      out += e.is_fall ? ",1\n" : ",0\n";
      return;
    }
    case kHeartRateRow: {
      const HeartRateTruth& h = truth.heart_rate[r.index];
      out += "heart_rate," + std::to_string(h.t_us) + ",,,,,,,,,,,";
      append_format(out, "%.4f", h.heart_rate_bpm);
      break;
    }
    case kStepRow:
      out += "step," + std::to_string(truth.steps_us[r.index]) + ",,,,,,,,,,,";
      break;
    default: {
      const PoseTruth& p = truth.pose[r.index];
      // Sign convention: w >= 0 (q and -q are the same rotation).
      const Eigen::Quaterniond q = p.q_es.w() < 0.0 ? Eigen::Quaterniond(-p.q_es.coeffs()) : p.q_es;
      out += "pose," + std::to_string(p.t_us) + ',';
      for (const double c : {q.w(), q.x(), q.y(), q.z()}) {
        out += ',';
        append_format(out, "%.9f", c);
      }
      for (int i = 0; i < 3; ++i) {
        out += ',';
        append_format(out, "%.9g", p.gyro_bias_rad_s[i]);
      }
      out += ',';
      out += activity_name(p.activity);
      out += ",,";
      break;
    }
  }
  if (version != kTruthFormatVersionWithoutFaults) out += ',';
  if (version >= kTruthFormatVersion) out += ",,,,";
  out += '\n';
}

void check_metadata(const TruthMetadata& metadata) {
  for (const auto& [key, value] : metadata) {
    const bool bad_key = key.empty() || key.find_first_of("= \t\n\r") != std::string::npos;
    const bool bad_value = value.find_first_of(" \t\n\r") != std::string::npos;
    if (bad_key || bad_value) {
      throw std::invalid_argument("truth metadata '" + key + "' cannot be written");
    }
  }
}

}  // namespace

const std::vector<std::string>& truth_columns(int version) {
  static const std::vector<std::string> kColumnsV1 = {"kind",
                                                      "t_us",
                                                      "end_us",
                                                      "qw",
                                                      "qx",
                                                      "qy",
                                                      "qz",
                                                      "gyro_bias_x_rad_s",
                                                      "gyro_bias_y_rad_s",
                                                      "gyro_bias_z_rad_s",
                                                      "activity",
                                                      "cadence_spm",
                                                      "heart_rate_bpm"};
  static const std::vector<std::string> kColumnsV2 = [] {
    std::vector<std::string> c = kColumnsV1;
    c.emplace_back("ppg_fault");
    return c;
  }();
  static const std::vector<std::string> kColumnsV3 = [] {
    std::vector<std::string> c = kColumnsV2;
    for (const char* name : {"event", "impact_us", "peak_g", "is_fall"}) c.emplace_back(name);
    return c;
  }();
  switch (version) {
    case kTruthFormatVersionWithoutFaults:
      return kColumnsV1;
    case kTruthFormatVersionWithFaults:
      return kColumnsV2;
    default:
      return kColumnsV3;
  }
}

void write_truth_csv(const std::string& path, const Truth& truth, const TruthCsvOptions& options) {
  if (options.pose_every == 0) throw std::invalid_argument("pose_every must be >= 1");
  check_metadata(options.metadata);

  // The oldest version that holds the truth: files without PPG faults and events stay version 1,
  // with faults only version 2.
  const int version = !truth.events.empty()       ? kTruthFormatVersion
                      : !truth.ppg_faults.empty() ? kTruthFormatVersionWithFaults
                                                  : kTruthFormatVersionWithoutFaults;
  std::vector<Row> rows;
  rows.reserve(truth.segments.size() + truth.ppg_faults.size() + truth.events.size() +
               truth.heart_rate.size() + truth.steps_us.size() +
               truth.pose.size() / options.pose_every + 1);
  for (std::size_t i = 0; i < truth.segments.size(); ++i) {
    rows.push_back(Row{truth.segments[i].start_us, kSegmentRow, i});
  }
  for (std::size_t i = 0; i < truth.ppg_faults.size(); ++i) {
    rows.push_back(Row{truth.ppg_faults[i].start_us, kPpgFaultRow, i});
  }
  for (std::size_t i = 0; i < truth.events.size(); ++i) {
    rows.push_back(Row{truth.events[i].start_us, kEventRow, i});
  }
  for (std::size_t i = 0; i < truth.heart_rate.size(); ++i) {
    rows.push_back(Row{truth.heart_rate[i].t_us, kHeartRateRow, i});
  }
  for (std::size_t i = 0; i < truth.steps_us.size(); ++i) {
    rows.push_back(Row{truth.steps_us[i], kStepRow, i});
  }
  for (std::size_t i = 0; i < truth.pose.size(); i += options.pose_every) {
    rows.push_back(Row{truth.pose[i].t_us, kPoseRow, i});
  }
  std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
    return a.t_us != b.t_us ? a.t_us < b.t_us : a.order < b.order;
  });

  TextSink sink(path);
  std::string out = "# " + version_text(version) + "\n";
  for (const auto& [key, value] : options.metadata) {
    out.append("# ").append(key).append("=").append(value).append("\n");
  }
  const std::vector<std::string>& cols = truth_columns(version);
  for (std::size_t i = 0; i < cols.size(); ++i) out += (i == 0 ? "" : ",") + cols[i];
  out += '\n';
  for (const Row& r : rows) {
    append_row(out, truth, r, version);
    if (out.size() > (1u << 16)) {
      sink.write(out);
      out.clear();
    }
  }
  sink.write(out);
  sink.close();
}

Truth read_truth_csv(const std::string& path, TruthMetadata* metadata) {
  CsvReader reader(path);
  Truth truth;
  std::vector<Field> fields;
  std::string_view line;
  bool have_header = false;
  bool first_line = true;
  std::size_t blank_line = 0;         // the first of the blank lines just read; 0: none
  int version = kTruthFormatVersion;  // from the first line
  const std::string any_version = "'# " + version_text(kTruthFormatVersion) + "' (or v" +
                                  std::to_string(kTruthFormatVersionWithFaults) + ", v" +
                                  std::to_string(kTruthFormatVersionWithoutFaults) + ")";
  while (reader.next_line(line)) {
    const LineRef where = reader.where();
    // Blank lines are accepted at the end of the file only (as in recordings).
    if (line.find_first_not_of(" \t") == std::string_view::npos) {
      if (blank_line == 0) blank_line = where.line;
      continue;
    }
    if (blank_line != 0) {
      throw ParseError(path, blank_line, 1,
                       have_header ? std::to_string(column_count(version)) +
                                         " fields (blank lines only at the end of the file)"
                                   : any_version + " and the truth header row",
                       "an empty line");
    }
    if (!line.empty() && line.front() == '#') {
      std::string_view text = line.substr(1);
      while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
      if (first_line) {
        if (text == version_text(kTruthFormatVersionWithoutFaults)) {
          version = kTruthFormatVersionWithoutFaults;
        } else if (text == version_text(kTruthFormatVersionWithFaults)) {
          version = kTruthFormatVersionWithFaults;
        } else if (text != version_text(kTruthFormatVersion)) {
          throw ParseError(path, where.line, 1, any_version, quoted(line));
        }
      } else if (metadata != nullptr) {
        const std::size_t eq = text.find('=');
        if (eq != std::string_view::npos) {
          metadata->emplace_back(std::string(text.substr(0, eq)), std::string(text.substr(eq + 1)));
        }
      }
      first_line = false;
      continue;
    }
    if (first_line) {
      throw ParseError(path, where.line, 1, any_version, quoted(line));
    }
    const std::vector<std::string>& cols = truth_columns(version);
    const std::size_t columns = column_count(version);
    split_fields(line, fields);
    if (!have_header) {
      for (std::size_t i = 0; i < cols.size(); ++i) {
        if (fields.size() != cols.size() || fields[i].text != cols[i]) {
          const Field& f = fields[std::min(i, fields.size() - 1)];
          throw ParseError(path, where.line, f.column,
                           "the truth header row (column '" + cols[i] + "')", quoted(line),
                           f.index);
        }
      }
      have_header = true;
      continue;
    }
    if (fields.size() != columns) {
      throw ParseError(path, where.line, 1, std::to_string(columns) + " fields",
                       std::to_string(fields.size()) + " fields");
    }
    const std::string_view kind = fields[kKind].text;
    const Micros t_us = parse_int64(fields[kT], where, cols[kT]);
    auto activity_of = [&](const Field& f) {
      for (const Activity a : kAllActivities) {
        if (f.text == activity_name(a)) return a;
      }
      throw ParseError(path, where.line, f.column, "rest, walk, run, wave, type, talk or car",
                       quoted(f.text), f.index);
    };
    if (kind == "pose") {
      PoseTruth p;
      p.t_us = t_us;
      p.q_es = Eigen::Quaterniond(
          parse_double(fields[kQw], where, cols[kQw]), parse_double(fields[kQx], where, cols[kQx]),
          parse_double(fields[kQy], where, cols[kQy]), parse_double(fields[kQz], where, cols[kQz]));
      if (!(p.q_es.norm() > 0.5)) {
        throw ParseError(path, where.line, fields[kQw].column, "a unit quaternion",
                         "norm " + std::to_string(p.q_es.norm()), fields[kQw].index);
      }
      p.q_es.normalize();
      for (std::size_t i = 0; i < 3; ++i) {
        p.gyro_bias_rad_s[static_cast<Eigen::Index>(i)] =
            parse_double(fields[kBiasX + i], where, cols[kBiasX + i]);
      }
      p.activity = activity_of(fields[kActivity]);
      truth.pose.push_back(p);
    } else if (kind == "step") {
      truth.steps_us.push_back(t_us);
    } else if (kind == "heart_rate") {
      truth.heart_rate.push_back(
          HeartRateTruth{t_us, parse_double(fields[kHeartRate], where, cols[kHeartRate])});
    } else if (kind == "segment") {
      SegmentTruth s;
      s.start_us = t_us;
      s.end_us = parse_int64(fields[kEnd], where, cols[kEnd]);
      s.activity = activity_of(fields[kActivity]);
      s.cadence_spm = parse_double(fields[kCadence], where, cols[kCadence]);
      s.heart_rate_bpm = parse_double(fields[kHeartRate], where, cols[kHeartRate]);
      truth.segments.push_back(s);
    } else if (kind == "ppg_fault" && version != kTruthFormatVersionWithoutFaults) {
      PpgFaultTruth f;
      f.start_us = t_us;
      f.end_us = parse_int64(fields[kEnd], where, cols[kEnd]);
      const Field& k = fields[kPpgFault];
      try {
        f.kind = parse_ppg_fault(k.text);
      } catch (const std::invalid_argument&) {
        throw ParseError(path, where.line, k.column, "no_contact, clipped, ambient or flat",
                         quoted(k.text), k.index);
      }
      if (!(f.end_us > f.start_us)) {
        throw ParseError(path, where.line, fields[kEnd].column,
                         "an end_us after the stretch's start " + std::to_string(f.start_us),
                         quoted(fields[kEnd].text), fields[kEnd].index);
      }
      truth.ppg_faults.push_back(f);
    } else if (kind == "event" && version >= kTruthFormatVersion) {
      MotionEventTruth e;
      e.start_us = t_us;
      e.end_us = parse_int64(fields[kEnd], where, cols[kEnd]);
      const Field& k = fields[kEvent];
      try {
        e.kind = parse_motion_kind(k.text);
      } catch (const std::invalid_argument&) {
        throw ParseError(path, where.line, k.column,
                         "fall_forward, fall_backward, fall_lateral, clap, hop, sit_hard or "
                         "arm_drop",
                         quoted(k.text), k.index);
      }
      e.impact_us = parse_int64(fields[kImpact], where, cols[kImpact]);
      e.peak_g = parse_double(fields[kPeak], where, cols[kPeak]);
      const Field& f = fields[kIsFall];
      if (f.text != "0" && f.text != "1") {
        throw ParseError(path, where.line, f.column, "is_fall 0 or 1", quoted(f.text), f.index);
      }
      e.is_fall = f.text == "1";
      if (!(e.end_us > e.start_us)) {
        throw ParseError(path, where.line, fields[kEnd].column,
                         "an end_us after the event's start " + std::to_string(e.start_us),
                         quoted(fields[kEnd].text), fields[kEnd].index);
      }
      truth.events.push_back(e);
    } else {
      throw ParseError(
          path, where.line, fields[kKind].column,
          version == kTruthFormatVersionWithoutFaults
              ? "kind pose, step, heart_rate or segment (ppg_fault rows need '# " +
                    version_text(kTruthFormatVersionWithFaults) + "' or later)"
          : version == kTruthFormatVersionWithFaults
              ? "kind pose, step, heart_rate, segment or ppg_fault (event rows need '# " +
                    version_text(kTruthFormatVersion) + "')"
              : "kind pose, step, heart_rate, segment, ppg_fault or event",
          quoted(kind), 1);
    }
  }
  if (!have_header) {
    throw ParseError(path, reader.line_number() + 1, 1, "the truth header row", "end of file");
  }
  return truth;
}

}  // namespace fusetrack::io
