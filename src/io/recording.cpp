#include "io/recording.hpp"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <numeric>
#include <stdexcept>

#include <zlib.h>

namespace fusetrack::io {
namespace {

// Every column name of format v1, indexed by Col.
enum Col : std::size_t {
  kColStream,
  kColTime,
  kColAcc,                // 3 columns: acc x y z (the imu stream)
  kColGyr = kColAcc + 3,  // 3 columns: gyr x y z (optional: absent for accelerometer only)
  kColMag = kColGyr + 3,
  kColPpg = kColMag + 3,  // kMaxPpgChannels columns: ppg_1 .. ppg_4
  kColAmbient = kColPpg + kMaxPpgChannels,
  kColCount,
};

constexpr std::array<const char*, kColCount> kColumnNames = {
    "stream",      "t_us",        "acc_x_m_s2", "acc_y_m_s2", "acc_z_m_s2", "gyr_x_rad_s",
    "gyr_y_rad_s", "gyr_z_rad_s", "mag_x_ut",   "mag_y_ut",   "mag_z_ut",   "ppg_1",
    "ppg_2",       "ppg_3",       "ppg_4",      "ppg_ambient"};

constexpr std::size_t kNone = static_cast<std::size_t>(-1);

// Rows are buffered and handed to zlib in blocks of about this size.
constexpr std::size_t kWriteBlockBytes = std::size_t{64} * 1024;

constexpr std::string_view kVersionLine = "# fusetrack recording v1";

bool is_blank(char c) { return c == ' ' || c == '\t'; }

std::string_view trim_blanks(std::string_view s) {
  while (!s.empty() && is_blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_blank(s.back())) s.remove_suffix(1);
  return s;
}

// Splits a comment's text into blank-separated tokens with their 1-based columns in the line.
std::vector<Field> comment_tokens(std::string_view line) {
  std::vector<Field> tokens;
  std::size_t i = 1;  // skip '#'
  while (i < line.size()) {
    while (i < line.size() && is_blank(line[i])) ++i;
    const std::size_t start = i;
    while (i < line.size() && !is_blank(line[i])) ++i;
    if (i > start) {
      tokens.push_back(Field{line.substr(start, i - start), tokens.size() + 1, start + 1});
    }
  }
  return tokens;
}

gzFile as_gz(void* f) { return static_cast<gzFile>(f); }

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool has_whitespace(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
  });
}

SkipReason reason_for(NumberStatus s) {
  return (s == NumberStatus::kNotFinite || s == NumberStatus::kOutOfRange)
             ? SkipReason::kNotFinite
             : SkipReason::kNotNumeric;
}

// Number of imu columns (acc, then gyr when present) of `h`: 0, 3 or 6.
std::size_t imu_column_count(const RecordingHeader& h) {
  return h.has_imu ? (h.imu_has_gyr ? 6 : 3) : 0;
}

// The error thrown for one bad row, with the reason a skipping reader counts it under.
struct RowError {
  ParseError error;
  SkipReason reason;
};

}  // namespace

// ---- small types ----------------------------------------------------------------------------

const char* stream_name(StreamKind kind) noexcept {
  switch (kind) {
    case StreamKind::kImu:
      return "imu";
    case StreamKind::kMag:
      return "mag";
    case StreamKind::kPpg:
      return "ppg";
  }
  return "unknown";
}

const char* skip_reason_name(SkipReason reason) noexcept {
  switch (reason) {
    case SkipReason::kNotNumeric:
      return "not_numeric";
    case SkipReason::kNotFinite:
      return "not_finite";
    case SkipReason::kFieldCount:
      return "field_count";
    case SkipReason::kTimeNotIncreasing:
      return "time_not_increasing";
    case SkipReason::kBadStream:
      return "bad_stream";
    case SkipReason::kOtherStreamValue:
      return "other_stream_value";
    case SkipReason::kTruncatedLine:
      return "truncated_line";
    case SkipReason::kLineTooLong:
      return "line_too_long";
  }
  return "unknown";
}

bool RecordingHeader::has(StreamKind kind) const noexcept {
  switch (kind) {
    case StreamKind::kImu:
      return has_imu;
    case StreamKind::kMag:
      return has_mag;
    case StreamKind::kPpg:
      return has_ppg();
  }
  return false;
}

std::vector<std::string> RecordingHeader::column_names() const {
  std::vector<std::string> names = {kColumnNames[kColStream], kColumnNames[kColTime]};
  for (std::size_t i = 0; i < imu_column_count(*this); ++i) {
    names.emplace_back(kColumnNames[kColAcc + i]);
  }
  if (has_mag) {
    for (std::size_t i = 0; i < 3; ++i) names.emplace_back(kColumnNames[kColMag + i]);
  }
  for (std::size_t i = 0; i < ppg_channels && i < kMaxPpgChannels; ++i) {
    names.emplace_back(kColumnNames[kColPpg + i]);
  }
  if (has_ppg() && ppg_ambient) names.emplace_back(kColumnNames[kColAmbient]);
  return names;
}

const std::string* find_metadata(const Metadata& metadata, std::string_view key) noexcept {
  const std::string* found = nullptr;
  for (const auto& [k, v] : metadata) {
    if (k == key) found = &v;
  }
  return found;
}

Micros Record::t_us() const noexcept {
  // get_if, not std::visit: visit may throw (on a valueless variant) and this is noexcept.
  if (const auto* imu = std::get_if<ImuSample>(&sample)) return imu->t_us;
  if (const auto* mag = std::get_if<MagSample>(&sample)) return mag->t_us;
  if (const auto* ppg = std::get_if<PpgSample>(&sample)) return ppg->t_us;
  return 0;
}

std::uint64_t ReadReport::rows_total() const noexcept {
  std::uint64_t n = 0;
  for (const auto r : rows) n += r;
  return n;
}

std::uint64_t ReadReport::skipped_total() const noexcept {
  std::uint64_t n = 0;
  for (const auto s : skipped) n += s;
  return n;
}

// ---- reader ---------------------------------------------------------------------------------

RecordingReader::RecordingReader(std::string path, ReaderOptions options)
    : csv_(std::move(path)), options_(options) {
  read_preamble();
}

void RecordingReader::read_preamble() {
  std::string_view line;
  while (csv_.next_line(line)) {
    if (!line.empty() && line.front() == '#') {
      const std::vector<Field> tokens = comment_tokens(line);
      if (tokens.size() >= 2 && tokens[0].text == "fusetrack" && tokens[1].text == "recording") {
        const std::string v = "v" + std::to_string(kRecordingFormatVersion);
        if (tokens.size() < 3 || tokens[2].text != v) {
          const std::size_t col = tokens.size() < 3 ? line.size() + 1 : tokens[2].column;
          throw ParseError(csv_.path(), csv_.line_number(), col,
                           "format version " + v + " in '" + std::string(kVersionLine) + "'",
                           tokens.size() < 3 ? "no version" : io::quoted(tokens[2].text));
        }
        continue;
      }
      for (const Field& t : tokens) {
        const std::size_t eq = t.text.find('=');
        if (eq != std::string_view::npos && eq > 0) {
          metadata_.emplace_back(std::string(t.text.substr(0, eq)),
                                 std::string(t.text.substr(eq + 1)));
        }
      }
      continue;
    }
    if (csv_.last_line_truncated()) {
      throw ParseError(csv_.path(), csv_.line_number(), line.size() + 1,
                       "a newline after the header row", "end of file");
    }
    parse_header(line);
    return;
  }
  throw ParseError(csv_.path(), csv_.line_number() + 1, 1,
                   "a header row with the columns stream,t_us and those of each stream",
                   csv_.line_number() == 0 ? "an empty file" : "end of file after the comments");
}

void RecordingReader::parse_header(std::string_view line) {
  split_fields(line, fields_);
  std::array<std::size_t, kColCount> pos;
  pos.fill(kNone);
  const std::string& file = csv_.path();
  const std::size_t line_no = csv_.line_number();
  for (const Field& f : fields_) {
    const auto it = std::find(kColumnNames.begin(), kColumnNames.end(), f.text);
    if (it == kColumnNames.end()) {
      const bool ppg_like = f.text.size() > 4 && f.text.substr(0, 4) == "ppg_" &&
                            std::all_of(f.text.begin() + 4, f.text.end(),
                                        [](char c) { return c >= '0' && c <= '9'; });
      throw ParseError(
          file, line_no, f.column,
          ppg_like ? "PPG channel columns ppg_1 .. ppg_4"
                   : "a column name of format v1 (stream, t_us, acc_x_m_s2, ..., "
                     "gyr_x_rad_s, ..., mag_x_ut, ..., ppg_1 .. ppg_4, ppg_ambient)",
          f.text.empty() ? "an empty column name" : "unknown column " + io::quoted(f.text),
          f.index);
    }
    const auto c = static_cast<std::size_t>(it - kColumnNames.begin());
    if (pos[c] != kNone) {
      throw ParseError(file, line_no, f.column, "each column once",
                       "a second " + io::quoted(f.text) + " (the first is field " +
                           std::to_string(pos[c] + 1) + ")",
                       f.index);
    }
    pos[c] = f.index - 1;
  }
  for (const std::size_t c : {kColStream, kColTime}) {
    if (pos[c] == kNone) {
      throw ParseError(file, line_no, 1, "the required columns stream and t_us",
                       std::string("missing column ") + kColumnNames[c]);
    }
  }
  // A group is all-or-nothing; `name` is for the message.
  auto group = [&](std::size_t first, std::size_t count, const char* what) {
    std::size_t present = kNone;
    for (std::size_t i = first; i < first + count; ++i) {
      if (pos[i] != kNone && present == kNone) present = i;
    }
    if (present == kNone) return false;
    for (std::size_t i = first; i < first + count; ++i) {
      if (pos[i] == kNone) {
        const Field& f = fields_[pos[present]];
        throw ParseError(file, line_no, f.column, what,
                         std::string("missing column ") + kColumnNames[i], f.index);
      }
    }
    return true;
  };
  header_.has_imu = group(kColAcc, 3, "all 3 acc columns (acc_*_m_s2) of the imu stream");
  const bool gyr = group(kColGyr, 3,
                         "all 3 gyr columns (gyr_*_rad_s) or none (an accelerometer-only imu "
                         "stream)");
  if (gyr && !header_.has_imu) {
    const Field& f = fields_[pos[kColGyr]];
    throw ParseError(file, line_no, f.column, "the 3 acc columns (acc_*_m_s2) with the gyr columns",
                     std::string("missing column ") + kColumnNames[kColAcc], f.index);
  }
  header_.imu_has_gyr = !header_.has_imu || gyr;
  header_.has_mag = group(kColMag, 3, "all 3 mag columns (mag_*_ut)");
  std::size_t channels = 0;
  for (std::size_t i = 0; i < kMaxPpgChannels; ++i) {
    if (pos[kColPpg + i] != kNone) channels = i + 1;
  }
  if (pos[kColAmbient] != kNone && channels == 0) {
    const Field& f = fields_[pos[kColAmbient]];
    throw ParseError(file, line_no, f.column, "ppg_ambient together with PPG channel columns",
                     "missing column ppg_1", f.index);
  }
  if (channels > 0) {
    group(kColPpg, channels, "PPG channel columns numbered from ppg_1 without gaps");
  }
  header_.ppg_channels = static_cast<std::uint8_t>(channels);
  header_.ppg_ambient = pos[kColAmbient] != kNone;
  if (!header_.has_imu && !header_.has_mag && !header_.has_ppg()) {
    throw ParseError(file, line_no, line.size() + 1,
                     "the columns of at least one stream (imu, mag or ppg)",
                     "only stream and t_us");
  }

  columns_.clear();
  for (const Field& f : fields_) columns_.emplace_back(f.text);
  layout_.stream = pos[kColStream];
  layout_.t_us = pos[kColTime];
  for (std::size_t i = 0; i < 6; ++i) layout_.imu[i] = pos[kColAcc + i];
  for (std::size_t i = 0; i < 3; ++i) layout_.mag[i] = pos[kColMag + i];
  for (std::size_t i = 0; i < kMaxPpgChannels; ++i) layout_.ppg[i] = pos[kColPpg + i];
  layout_.ppg_ambient = pos[kColAmbient];
  for (std::size_t k = 0; k < kStreamKindCount; ++k) layout_.must_be_empty[k].clear();
  for (std::size_t c = kColAcc; c < kColCount; ++c) {
    if (pos[c] == kNone) continue;
    const std::size_t owner = c < kColMag ? 0 : (c < kColPpg ? 1 : 2);
    for (std::size_t k = 0; k < kStreamKindCount; ++k) {
      if (k != owner) layout_.must_be_empty[k].push_back(pos[c]);
    }
  }
}

bool RecordingReader::next(Record& out) {
  std::string_view line;
  for (;;) {
    try {
      if (!csv_.next_line(line)) break;
    } catch (const LineTooLong& e) {
      reject_blank_lines();
      if (!options_.skip_bad_rows) throw;
      skip(e, SkipReason::kLineTooLong);
      continue;
    }
    if (trim_blanks(line).empty()) {
      // Editors often leave a blank line at the end: judged only once we know what follows.
      if (blank_lines_++ == 0) first_blank_line_ = csv_.line_number();
      continue;
    }
    reject_blank_lines();
    try {
      if (parse_row(line, out)) return true;
    } catch (const RowError& e) {
      if (!options_.skip_bad_rows) throw e.error;
      skip(e.error, e.reason);
    }
  }
  return false;  // blank lines still pending are the file's last: accepted
}

void RecordingReader::reject_blank_lines() {
  const std::size_t n = blank_lines_;
  blank_lines_ = 0;
  for (std::size_t i = 0; i < n; ++i) {
    // Blanks only count as empty: the line holds no field.
    ParseError e(csv_.path(), first_blank_line_ + i, 1,
                 std::to_string(columns_.size()) +
                     " fields, one per header column (blank lines only at the end of the file)",
                 "an empty line");
    if (!options_.skip_bad_rows) throw e;
    skip(e, SkipReason::kFieldCount);
  }
}

void RecordingReader::skip(const ParseError& e, SkipReason reason) {
  ++report_.skipped[static_cast<std::size_t>(reason)];
  if (report_.messages.size() < options_.max_messages) report_.messages.emplace_back(e.what());
}

bool RecordingReader::parse_row(std::string_view line, Record& out) {
  const std::string& file = csv_.path();
  const std::size_t line_no = csv_.line_number();
  const LineRef where = csv_.where();
  auto fail = [&](SkipReason reason, std::size_t column, std::string expected, std::string found,
                  std::size_t field) {
    return RowError{ParseError(file, line_no, column, std::move(expected), std::move(found), field),
                    reason};
  };

  if (csv_.last_line_truncated()) {
    throw fail(SkipReason::kTruncatedLine, line.size() + 1, "a newline at the end of the last row",
               "end of file (the row may be cut)", 0);
  }
  if (!line.empty() && line.front() == '#') {
    throw fail(SkipReason::kBadStream, 1,
               "a data row (comments are only allowed before the header)", io::quoted(line), 1);
  }
  const std::size_t n = split_fields(line, fields_);
  if (n != columns_.size()) {
    const bool extra = n > columns_.size();
    throw fail(SkipReason::kFieldCount, extra ? fields_[columns_.size()].column : line.size() + 1,
               std::to_string(columns_.size()) + " fields, one per header column",
               line.empty() ? "an empty line" : std::to_string(n) + " fields",
               extra ? columns_.size() + 1 : 0);
  }

  const Field& sf = fields_[layout_.stream];
  StreamKind kind;
  if (sf.text == "imu") {
    kind = StreamKind::kImu;
  } else if (sf.text == "mag") {
    kind = StreamKind::kMag;
  } else if (sf.text == "ppg") {
    kind = StreamKind::kPpg;
  } else {
    throw fail(SkipReason::kBadStream, sf.column, "a stream name (imu, mag or ppg)",
               sf.text.empty() ? "an empty field" : io::quoted(sf.text), sf.index);
  }
  if (!header_.has(kind)) {
    throw fail(SkipReason::kBadStream, sf.column, "a stream whose columns are in the header",
               io::quoted(sf.text) + " (the header has no " + stream_name(kind) + " columns)",
               sf.index);
  }

  const Field& tf = fields_[layout_.t_us];
  std::int64_t t_us = 0;
  if (const NumberStatus s = try_parse_int64(tf.text, t_us); s != NumberStatus::kOk) {
    throw RowError{number_error(s, tf, where, columns_[layout_.t_us], "int64"),
                   SkipReason::kNotNumeric};
  }

  auto value = [&](std::size_t index) {
    const Field& f = fields_[index];
    float v = 0.0f;
    if (const NumberStatus s = try_parse_float(f.text, v); s != NumberStatus::kOk) {
      throw RowError{number_error(s, f, where, columns_[index], "float32"), reason_for(s)};
    }
    return v;
  };
  switch (kind) {
    case StreamKind::kImu: {
      ImuSample s;
      s.t_us = t_us;
      for (Eigen::Index i = 0; i < 3; ++i) {
        s.acc_m_s2[i] = value(layout_.imu[static_cast<std::size_t>(i)]);
      }
      s.has_gyr = header_.imu_has_gyr;
      for (Eigen::Index i = 0; i < 3 && s.has_gyr; ++i) {
        s.gyr_rad_s[i] = value(layout_.imu[static_cast<std::size_t>(i) + 3]);
      }
      out.sample = s;
      break;
    }
    case StreamKind::kMag: {
      MagSample s;
      s.t_us = t_us;
      for (Eigen::Index i = 0; i < 3; ++i) {
        s.mag_ut[i] = value(layout_.mag[static_cast<std::size_t>(i)]);
      }
      out.sample = s;
      break;
    }
    case StreamKind::kPpg: {
      PpgSample s;
      s.t_us = t_us;
      s.channel_count = header_.ppg_channels;
      for (std::size_t i = 0; i < header_.ppg_channels; ++i) s.ppg[i] = value(layout_.ppg[i]);
      s.has_ambient = header_.ppg_ambient;
      if (s.has_ambient) s.ambient = value(layout_.ppg_ambient);
      out.sample = s;
      break;
    }
  }

  const auto k = static_cast<std::size_t>(kind);
  for (const std::size_t index : layout_.must_be_empty[k]) {
    const Field& f = fields_[index];
    if (!trim_blanks(f.text).empty()) {
      throw fail(SkipReason::kOtherStreamValue, f.column,
                 "an empty field (column '" + columns_[index] + "' is not part of the " +
                     stream_name(kind) + " stream)",
                 io::quoted(f.text), f.index);
    }
  }

  if (last_line_[k] != 0 && t_us <= last_t_us_[k]) {
    const bool duplicate = t_us == last_t_us_[k];
    throw fail(
        SkipReason::kTimeNotIncreasing, tf.column,
        std::string("a t_us later than the previous ") + stream_name(kind) + " row's " +
            std::to_string(last_t_us_[k]) + " (line " + std::to_string(last_line_[k]) + ")",
        io::quoted(tf.text) + (duplicate ? " (a duplicate time)" : " (time going backwards)"),
        tf.index);
  }
  last_t_us_[k] = t_us;
  last_line_[k] = line_no;
  ++report_.rows[k];
  return true;
}

// ---- writer ---------------------------------------------------------------------------------

RecordingWriter::RecordingWriter(std::string path, const RecordingHeader& header,
                                 const Metadata& metadata)
    : path_(std::move(path)), header_(header) {
  if (header_.ppg_channels > kMaxPpgChannels) {
    throw std::invalid_argument(path_ + ": a recording holds at most 4 PPG channels, not " +
                                std::to_string(header_.ppg_channels));
  }
  if (header_.ppg_ambient && !header_.has_ppg()) {
    throw std::invalid_argument(path_ + ": ppg_ambient needs at least one PPG channel");
  }
  if (!header_.has_imu && !header_.has_mag && !header_.has_ppg()) {
    throw std::invalid_argument(path_ + ": a recording needs at least one stream");
  }
  for (const auto& [key, value] : metadata) {
    if (key.empty() || key.find('=') != std::string::npos || has_whitespace(key) ||
        has_whitespace(value)) {
      throw std::invalid_argument(path_ + ": metadata entry '" + key + "=" + value +
                                  "' cannot be written (the key must be non-empty without '=', "
                                  "and neither may hold whitespace)");
    }
  }

  const bool gz = ends_with(path_, ".gz");
  errno = 0;
  gzFile f = gzopen(path_.c_str(), gz ? "wb6" : "wbT");
  if (f == nullptr) {
    const int err = errno;
    throw std::runtime_error("cannot create " + path_ + ": " +
                             (err != 0 ? std::strerror(err) : "out of memory"));
  }
  gzbuffer(f, 128 * 1024);
  file_ = f;

  buf_.reserve(kWriteBlockBytes + 1024);
  buf_.append(kVersionLine);
  buf_ += '\n';
  for (const auto& [key, value] : metadata) {
    buf_ += "# ";
    buf_ += key;
    buf_ += '=';
    buf_ += value;
    buf_ += '\n';
  }
  const std::vector<std::string> names = header_.column_names();
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) buf_ += ',';
    buf_ += names[i];
  }
  buf_ += '\n';
}

RecordingWriter::~RecordingWriter() {
  try {
    close();
  } catch (...) {
    // Destructors must not throw; close() reports errors to callers who call it.
  }
}

void RecordingWriter::begin_row(StreamKind kind, Micros t_us) {
  if (file_ == nullptr) throw std::logic_error(path_ + ": write after close");
  const auto k = static_cast<std::size_t>(kind);
  if (!header_.has(kind)) {
    throw std::invalid_argument(path_ + ": the header has no " + stream_name(kind) + " columns");
  }
  if (has_last_[k] && t_us <= last_t_us_[k]) {
    throw std::invalid_argument(path_ + ": " + stream_name(kind) + " time " + std::to_string(t_us) +
                                " us does not follow " + std::to_string(last_t_us_[k]) +
                                " us (time must increase)");
  }
  has_last_[k] = true;
  last_t_us_[k] = t_us;
  buf_ += stream_name(kind);
  buf_ += ',';
  char tmp[24];
  const auto r = std::to_chars(tmp, tmp + sizeof tmp, t_us);
  buf_.append(tmp, r.ptr);
}

void RecordingWriter::append_float(float v) {
  // Shortest form that reads back as the same float32 (std::to_chars round-trip guarantee).
  char tmp[32];
  const auto r = std::to_chars(tmp, tmp + sizeof tmp, v);
  buf_ += ',';
  buf_.append(tmp, r.ptr);
}

void RecordingWriter::append_empty(std::size_t n) { buf_.append(n, ','); }

void RecordingWriter::end_row() {
  buf_ += '\n';
  if (buf_.size() >= kWriteBlockBytes) flush();
}

void RecordingWriter::flush() {
  if (buf_.empty() || file_ == nullptr) return;
  const int n = gzwrite(as_gz(file_), buf_.data(), static_cast<unsigned>(buf_.size()));
  if (n <= 0 || static_cast<std::size_t>(n) != buf_.size()) {
    int err = Z_OK;
    const char* msg = gzerror(as_gz(file_), &err);
    throw std::runtime_error("cannot write " + path_ + ": " +
                             (err == Z_ERRNO ? std::strerror(errno) : msg));
  }
  buf_.clear();
}

void RecordingWriter::write(const ImuSample& s) {
  if (header_.has_imu && s.has_gyr != header_.imu_has_gyr) {
    throw std::invalid_argument(
        path_ + (s.has_gyr ? ": imu sample has gyroscope values (has_gyr true); the header is "
                             "accelerometer-only (no gyr columns)"
                           : ": imu sample has no gyroscope values (has_gyr false); the header "
                             "has gyr columns"));
  }
  if (!all_finite(s)) throw std::invalid_argument(path_ + ": imu sample holds NaN or infinity");
  begin_row(StreamKind::kImu, s.t_us);
  for (Eigen::Index i = 0; i < 3; ++i) append_float(s.acc_m_s2[i]);
  for (Eigen::Index i = 0; i < 3 && s.has_gyr; ++i) append_float(s.gyr_rad_s[i]);
  if (header_.has_mag) append_empty(3);
  append_empty(header_.ppg_channels + (header_.ppg_ambient ? 1u : 0u));
  end_row();
}

void RecordingWriter::write(const MagSample& s) {
  if (!all_finite(s)) throw std::invalid_argument(path_ + ": mag sample holds NaN or infinity");
  begin_row(StreamKind::kMag, s.t_us);
  append_empty(imu_column_count(header_));
  for (Eigen::Index i = 0; i < 3; ++i) append_float(s.mag_ut[i]);
  append_empty(header_.ppg_channels + (header_.ppg_ambient ? 1u : 0u));
  end_row();
}

void RecordingWriter::write(const PpgSample& s) {
  if (header_.has_ppg() &&
      (s.channel_count != header_.ppg_channels || s.has_ambient != header_.ppg_ambient)) {
    throw std::invalid_argument(path_ + ": ppg sample has " + std::to_string(s.channel_count) +
                                " channels" + (s.has_ambient ? " with" : " without") +
                                " ambient; the header has " + std::to_string(header_.ppg_channels) +
                                (header_.ppg_ambient ? " with" : " without"));
  }
  if (!all_finite(s)) throw std::invalid_argument(path_ + ": ppg sample holds NaN or infinity");
  begin_row(StreamKind::kPpg, s.t_us);
  append_empty(imu_column_count(header_));
  if (header_.has_mag) append_empty(3);
  for (std::size_t i = 0; i < header_.ppg_channels; ++i) append_float(s.ppg[i]);
  if (header_.ppg_ambient) append_float(s.ambient);
  end_row();
}

void RecordingWriter::write(const Record& r) {
  std::visit([this](const auto& s) { write(s); }, r.sample);
}

void RecordingWriter::close() {
  if (file_ == nullptr) return;
  try {
    flush();
  } catch (...) {
    gzclose_w(as_gz(file_));
    file_ = nullptr;
    throw;
  }
  const int rc = gzclose_w(as_gz(file_));
  file_ = nullptr;
  if (rc != Z_OK) {
    throw std::runtime_error("cannot close " + path_ + ": " +
                             (rc == Z_ERRNO ? std::strerror(errno) : "zlib error"));
  }
}

// ---- whole-file helpers ---------------------------------------------------------------------

void write_recording(const std::string& path, const RecordingHeader& header,
                     const std::vector<Record>& records, const Metadata& metadata) {
  // Sorts indices, not the records: moving the variants inside std::stable_sort makes GCC 12
  // warn (maybe-uninitialized, a false positive) about ImuSample's padding.
  std::vector<std::size_t> order(records.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&records](std::size_t a, std::size_t b) {
    return records[a].t_us() < records[b].t_us();
  });
  RecordingWriter w(path, header, metadata);
  for (const std::size_t i : order) w.write(records[i]);
  w.close();
}

void drop_gyroscope(const std::string& in, const std::string& out) {
  std::error_code ec;  // a missing `out` is no error here: it is about to be created
  if (std::filesystem::equivalent(in, out, ec)) {
    throw std::invalid_argument(out + ": the output of drop_gyroscope must not be its input " + in);
  }
  RecordingReader reader(in);
  RecordingHeader header = reader.header();
  header.imu_has_gyr = false;
  RecordingWriter writer(out, header, reader.metadata());
  Record r;
  while (reader.next(r)) {
    if (auto* imu = std::get_if<ImuSample>(&r.sample)) {
      imu->has_gyr = false;
      imu->gyr_rad_s = Vec3::Zero();
    }
    writer.write(r);
  }
  writer.close();
}

std::vector<Record> read_recording(const std::string& path, RecordingHeader* header,
                                   Metadata* metadata) {
  RecordingReader reader(path);
  std::vector<Record> records;
  Record r;
  while (reader.next(r)) records.push_back(r);
  if (header != nullptr) *header = reader.header();
  if (metadata != nullptr) *metadata = reader.metadata();
  return records;
}

}  // namespace fusetrack::io
