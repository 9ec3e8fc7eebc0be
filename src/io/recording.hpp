// Recording files, format v1 (docs/recording-format.md): one CSV file (optionally gzip) holding
// time-stamped IMU, magnetometer and PPG samples, each stream with its own time stamps and rate.
// RecordingReader streams rows one at a time; RecordingWriter writes floats in shortest
// round-trip form, so a written recording reads back bit for bit.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "fusetrack/core/samples.hpp"
#include "io/csv.hpp"

namespace fusetrack::io {

// The format version this code reads and writes ("# fusetrack recording v1").
inline constexpr int kRecordingFormatVersion = 1;

// Which sensor stream a row belongs to; the value is the index in Record::sample.
enum class StreamKind : std::uint8_t { kImu = 0, kMag = 1, kPpg = 2 };
inline constexpr std::size_t kStreamKindCount = 3;

// The row label of a stream: "imu", "mag" or "ppg".
const char* stream_name(StreamKind kind) noexcept;

// Which streams (and which IMU and PPG columns) a recording has: decided by the header row.
struct RecordingHeader {
  bool has_imu = false;           // columns acc_{x,y,z}_m_s2 (and gyr_* when imu_has_gyr)
  bool imu_has_gyr = true;        // with has_imu: columns gyr_{x,y,z}_rad_s too; false: an
                                  // accelerometer-only IMU stream (ignored without has_imu)
  bool has_mag = false;           // columns mag_{x,y,z}_ut
  std::uint8_t ppg_channels = 0;  // columns ppg_1 .. ppg_N, N in 0..4 (0: no PPG stream)
  bool ppg_ambient = false;       // column ppg_ambient (only with ppg_channels > 0)

  bool has_ppg() const noexcept { return ppg_channels > 0; }
  bool has(StreamKind kind) const noexcept;
  // The header row's column names in the order the writer emits them.
  std::vector<std::string> column_names() const;
  // imu_has_gyr counts only when there is an IMU stream.
  friend bool operator==(const RecordingHeader& a, const RecordingHeader& b) noexcept {
    return a.has_imu == b.has_imu && (!a.has_imu || a.imu_has_gyr == b.imu_has_gyr) &&
           a.has_mag == b.has_mag && a.ppg_channels == b.ppg_channels &&
           a.ppg_ambient == b.ppg_ambient;
  }
};

// Metadata from "# key=value" comment lines, in file order (a later duplicate key wins in find).
using Metadata = std::vector<std::pair<std::string, std::string>>;

// The value of `key` in `metadata` (the last one when repeated), or nullptr.
const std::string* find_metadata(const Metadata& metadata, std::string_view key) noexcept;

// One data row: the sample of one stream. kind() tells which alternative `sample` holds.
struct Record {
  std::variant<ImuSample, MagSample, PpgSample> sample;

  StreamKind kind() const noexcept { return static_cast<StreamKind>(sample.index()); }
  // The sample's time stamp, µs.
  Micros t_us() const noexcept;
};

// Why a row was skipped (ReaderOptions::skip_bad_rows). The value indexes ReadReport::skipped.
enum class SkipReason : std::uint8_t {
  kNotNumeric = 0,     // text (or an empty field) where a number is required; int64 overflow
  kNotFinite,          // NaN or infinity, or a value outside float32 range
  kFieldCount,         // not as many fields as the header has columns (an empty line too)
  kTimeNotIncreasing,  // t_us earlier than or equal to the stream's previous accepted row
  kBadStream,          // stream label not imu/mag/ppg, or a stream the header has no columns for
  kOtherStreamValue,   // a non-empty field in a column of another stream
  kTruncatedLine,      // the last line has no final newline (the row may be cut)
  kLineTooLong,        // a line longer than io::kMaxLineBytes (read past, never buffered whole)
};
inline constexpr std::size_t kSkipReasonCount = 8;

// A short stable name for each reason ("not_numeric", "not_finite", ...).
const char* skip_reason_name(SkipReason reason) noexcept;

// How a RecordingReader treats bad data rows. Header errors always throw.
struct ReaderOptions {
  // false (strict): the first bad row throws ParseError. true: bad rows are skipped, counted by
  // reason in ReadReport::skipped, and their messages kept (the first max_messages of them).
  bool skip_bad_rows = false;
  std::size_t max_messages = 10;  // skip messages kept in ReadReport::messages
};

// What a reader has done so far: rows delivered per stream, rows skipped per reason.
struct ReadReport {
  std::array<std::uint64_t, kStreamKindCount> rows{};     // indexed by StreamKind
  std::array<std::uint64_t, kSkipReasonCount> skipped{};  // indexed by SkipReason
  std::vector<std::string> messages;  // ParseError::what() of the first skipped rows

  std::uint64_t rows_of(StreamKind kind) const noexcept {
    return rows[static_cast<std::size_t>(kind)];
  }
  std::uint64_t skipped_for(SkipReason reason) const noexcept {
    return skipped[static_cast<std::size_t>(reason)];
  }
  std::uint64_t rows_total() const noexcept;
  std::uint64_t skipped_total() const noexcept;
};

// Streams a recording file (plain or gzip), one row per next() call; memory use does not grow
// with the file. The constructor reads the comment lines and the header.
class RecordingReader {
 public:
  // Opens `path` and reads comments and header. Throws std::runtime_error naming the path when
  // the file cannot be opened or read, ParseError for an empty file, a comment that declares
  // another format version, and header errors (missing, unknown or duplicate columns, an
  // incomplete column group, no stream at all).
  explicit RecordingReader(std::string path, ReaderOptions options = {});

  // Reads the next valid row into `out`; returns false at end of file. Strict mode throws
  // ParseError on a bad row (see SkipReason for the cases); skip mode skips and counts it.
  // Blank lines (empty, or blanks only) at the end of the file are accepted; a blank line
  // followed by a row is a bad row (kFieldCount), reported at the blank line.
  // IMU samples of an accelerometer-only stream (header().imu_has_gyr false) come with
  // has_gyr = false and zero gyr_rad_s.
  bool next(Record& out);

  const RecordingHeader& header() const noexcept { return header_; }
  // "# key=value" pairs from the comment lines before the header.
  const Metadata& metadata() const noexcept { return metadata_; }
  // Counts so far (final once next() has returned false).
  const ReadReport& report() const noexcept { return report_; }
  const std::string& path() const noexcept { return csv_.path(); }

 private:
  // Where each stream's values sit in a row (field indices, 0-based).
  struct Layout {
    std::size_t stream = 0;
    std::size_t t_us = 0;
    std::array<std::size_t, 6> imu{};  // acc x y z, gyr x y z (gyr only when imu_has_gyr)
    std::array<std::size_t, 3> mag{};
    std::array<std::size_t, kMaxPpgChannels> ppg{};
    std::size_t ppg_ambient = 0;
    // For each stream: the fields that belong to other streams and must be empty.
    std::array<std::vector<std::size_t>, kStreamKindCount> must_be_empty;
  };

  void read_preamble();
  void parse_header(std::string_view line);
  bool parse_row(std::string_view line, Record& out);  // throws ParseError; false: not a row
  void skip(const ParseError& e, SkipReason reason);
  void reject_blank_lines();  // the pending blank lines were not the file's last: bad rows

  CsvReader csv_;
  ReaderOptions options_;
  RecordingHeader header_;
  Metadata metadata_;
  ReadReport report_;
  Layout layout_;
  std::vector<std::string> columns_;  // header names, by field index
  std::vector<Field> fields_;
  std::array<Micros, kStreamKindCount> last_t_us_{};
  std::array<std::size_t, kStreamKindCount> last_line_{};  // 0: no row of that stream yet
  // Blank lines read but not yet judged: allowed when nothing but blank lines follows them.
  std::size_t first_blank_line_ = 0;  // 0: none pending
  std::size_t blank_lines_ = 0;
};

// Writes a recording file: gzip when `path` ends in ".gz", plain text otherwise. Rows are written
// in call order; write them ordered by time (the format requires strictly increasing time within
// each stream, and writers keep rows globally ordered by time).
class RecordingWriter {
 public:
  // Creates (or replaces) `path` and writes the version comment, one "# key=value" line per
  // metadata entry, and the header row for `header`. Throws std::invalid_argument for a header
  // with no stream or more than 4 PPG channels, or metadata that cannot be read back (empty key,
  // whitespace or newline anywhere, '=' in a key); std::runtime_error naming the path when the
  // file cannot be created.
  RecordingWriter(std::string path, const RecordingHeader& header, const Metadata& metadata = {});
  // Closes the file if close() was not called; errors are lost then, so call close().
  ~RecordingWriter();
  RecordingWriter(const RecordingWriter&) = delete;
  RecordingWriter& operator=(const RecordingWriter&) = delete;

  // Append one row. Throw std::invalid_argument when the header has no columns for the stream,
  // an IMU sample's has_gyr differs from the header's imu_has_gyr, a PPG sample's channel_count
  // or has_ambient differs from the header, a value is NaN or infinite, or t_us does not
  // increase over the stream's previous row; std::runtime_error on a write error;
  // std::logic_error after close().
  void write(const ImuSample& s);
  void write(const MagSample& s);
  void write(const PpgSample& s);
  void write(const Record& r);

  // Flushes and closes the file. Throws std::runtime_error naming the path if that fails.
  // Calling it again does nothing.
  void close();

  const RecordingHeader& header() const noexcept { return header_; }
  const std::string& path() const noexcept { return path_; }

 private:
  void begin_row(StreamKind kind, Micros t_us);
  void append_float(float v);
  void append_empty(std::size_t n);
  void end_row();
  void flush();

  std::string path_;
  RecordingHeader header_;
  void* file_ = nullptr;  // gzFile
  std::string buf_;
  std::array<Micros, kStreamKindCount> last_t_us_{};
  std::array<bool, kStreamKindCount> has_last_{};
};

// Writes `records` to `path` (see RecordingWriter), ordered by time: a stable sort on t_us, so
// rows with equal time stamps keep their order. Throws as RecordingWriter does.
void write_recording(const std::string& path, const RecordingHeader& header,
                     const std::vector<Record>& records, const Metadata& metadata = {});

// Rewrites the recording `in` as `out` (gzip when it ends in ".gz") without the gyroscope: the
// same metadata, rows and values, but an accelerometer-only IMU stream (no gyr_* columns); a
// recording that has no gyroscope columns keeps its content. Streams row by row, strict mode.
// Throws std::invalid_argument when `in` and `out` are the same file, otherwise as
// RecordingReader and RecordingWriter do.
void drop_gyroscope(const std::string& in, const std::string& out);

// Reads a whole recording into memory, strict mode (for small files; stream large ones with
// RecordingReader). Throws as RecordingReader does. `header` and `metadata` are filled when given.
std::vector<Record> read_recording(const std::string& path, RecordingHeader* header = nullptr,
                                   Metadata* metadata = nullptr);

}  // namespace fusetrack::io
