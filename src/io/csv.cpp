#include "io/csv.hpp"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>
#include <system_error>
#include <utility>

#include <zlib.h>

namespace fusetrack::io {
namespace {

std::string format_message(const std::string& path, std::size_t line, std::size_t column,
                           const std::string& expected, const std::string& found,
                           std::size_t field) {
  std::string m = path + ':' + std::to_string(line) + ':' + std::to_string(column) + ": expected " +
                  expected + ", found " + found;
  if (field > 0) m += " (field " + std::to_string(field) + ')';
  return m;
}

// Bytes requested from zlib per read; also the initial line buffer size.
constexpr std::size_t kChunkBytes = std::size_t{64} * 1024;
// zlib's own input/output buffer size (its default is 8 KiB, slow for large files).
constexpr unsigned kZlibBufferBytes = 128 * 1024;

gzFile as_gz(void* f) { return static_cast<gzFile>(f); }

std::string_view trim_blanks(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Strips blanks and one leading '+' (std::from_chars accepts '-' only). Returns false if empty.
bool prepare_number(std::string_view& s) {
  s = trim_blanks(s);
  if (s.size() > 1 && s.front() == '+' && s[1] != '-' && s[1] != '+') s.remove_prefix(1);
  return !s.empty();
}

template <typename T>
NumberStatus parse_floating(std::string_view text, T& value, NanPolicy nan) noexcept {
  if (!prepare_number(text)) return NumberStatus::kEmpty;
  T v{};
  const char* first = text.data();
  const char* last = first + text.size();
  const auto [ptr, ec] = std::from_chars(first, last, v, std::chars_format::general);
  if (ec == std::errc::result_out_of_range && ptr == last) return NumberStatus::kOutOfRange;
  if (ec != std::errc() || ptr != last) return NumberStatus::kNotANumber;
  if (std::isnan(v)) {
    if (nan == NanPolicy::kReject) return NumberStatus::kNotFinite;
    v = std::numeric_limits<T>::quiet_NaN();
  } else if (std::isinf(v)) {
    return NumberStatus::kNotFinite;
  }
  value = v;
  return NumberStatus::kOk;
}

}  // namespace

ParseError::ParseError(std::string path_, std::size_t line_, std::size_t column_,
                       std::string expected_, std::string found_, std::size_t field_)
    : std::runtime_error(format_message(path_, line_, column_, expected_, found_, field_)),
      path(std::move(path_)),
      line(line_),
      column(column_),
      expected(std::move(expected_)),
      found(std::move(found_)),
      field(field_) {}

std::string quoted(std::string_view text) {
  constexpr std::size_t kMax = 40;
  std::string q = "'";
  if (text.size() > kMax) {
    q.append(text.substr(0, kMax));
    q += "...";
  } else {
    q.append(text);
  }
  q += '\'';
  return q;
}

std::size_t split_fields(std::string_view line, std::vector<Field>& out, char separator) {
  out.clear();
  std::size_t start = 0;
  for (;;) {
    const std::size_t stop = line.find(separator, start);
    const std::size_t end = stop == std::string_view::npos ? line.size() : stop;
    out.push_back(Field{line.substr(start, end - start), out.size() + 1, start + 1});
    if (stop == std::string_view::npos) break;
    start = stop + 1;
  }
  return out.size();
}

// ---- CsvReader ------------------------------------------------------------------------------

CsvReader::CsvReader(std::string path) : path_(std::move(path)) {
  errno = 0;
  gzFile f = gzopen(path_.c_str(), "rb");
  if (f == nullptr) {
    const int err = errno;
    throw std::runtime_error("cannot open " + path_ + ": " +
                             (err != 0 ? std::strerror(err) : "out of memory"));
  }
  gzbuffer(f, kZlibBufferBytes);
  file_ = f;
  buf_.resize(kChunkBytes);
}

CsvReader::~CsvReader() { close(); }

CsvReader::CsvReader(CsvReader&& other) noexcept
    : path_(std::move(other.path_)),
      file_(std::exchange(other.file_, nullptr)),
      buf_(std::move(other.buf_)),
      begin_(other.begin_),
      end_(other.end_),
      scanned_(other.scanned_),
      eof_(other.eof_),
      truncated_(other.truncated_),
      line_number_(other.line_number_) {}

CsvReader& CsvReader::operator=(CsvReader&& other) noexcept {
  if (this != &other) {
    close();
    path_ = std::move(other.path_);
    file_ = std::exchange(other.file_, nullptr);
    buf_ = std::move(other.buf_);
    begin_ = other.begin_;
    end_ = other.end_;
    scanned_ = other.scanned_;
    eof_ = other.eof_;
    truncated_ = other.truncated_;
    line_number_ = other.line_number_;
  }
  return *this;
}

void CsvReader::close() noexcept {
  if (file_ != nullptr) {
    gzclose_r(as_gz(file_));
    file_ = nullptr;
  }
}

bool CsvReader::fill() {
  if (eof_ || file_ == nullptr) return false;
  // Keep the unreturned tail at the front; grow only when one line fills the whole buffer.
  if (begin_ > 0) {
    std::memmove(buf_.data(), buf_.data() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
  }
  if (buf_.size() - end_ < kChunkBytes / 2) buf_.resize(buf_.size() * 2);
  const std::size_t room = buf_.size() - end_;
  const int n = gzread(as_gz(file_), buf_.data() + end_, static_cast<unsigned>(room));
  int err = Z_OK;
  const char* msg = gzerror(as_gz(file_), &err);
  if (n < 0 || (err != Z_OK && err != Z_STREAM_END)) {
    std::string what = err == Z_ERRNO ? std::strerror(errno) : (msg != nullptr ? msg : "");
    if (err == Z_BUF_ERROR) what = "gzip data cut short (" + what + ")";
    throw std::runtime_error("cannot read " + path_ + ": " + what);
  }
  if (n == 0) {
    eof_ = true;
    return false;
  }
  end_ += static_cast<std::size_t>(n);
  return true;
}

bool CsvReader::next_line(std::string_view& line) {
  for (;;) {
    const char* start = buf_.data() + begin_;
    const auto* nl =
        static_cast<const char*>(std::memchr(start + scanned_, '\n', end_ - begin_ - scanned_));
    if (nl != nullptr) {
      std::size_t len = static_cast<std::size_t>(nl - start);
      begin_ += len + 1;
      scanned_ = 0;
      if (len > 0 && start[len - 1] == '\r') --len;
      line = std::string_view(start, len);
      ++line_number_;
      return true;
    }
    scanned_ = end_ - begin_;
    if (!fill()) break;
  }
  if (begin_ == end_) return false;
  // The file ends without a final newline: return what is left, flagged.
  const char* start = buf_.data() + begin_;
  std::size_t len = end_ - begin_;
  begin_ = end_;
  scanned_ = 0;
  if (len > 0 && start[len - 1] == '\r') --len;
  line = std::string_view(start, len);
  ++line_number_;
  truncated_ = true;
  return true;
}

// ---- numbers --------------------------------------------------------------------------------

NumberStatus try_parse_float(std::string_view text, float& value, NanPolicy nan) noexcept {
  return parse_floating(text, value, nan);
}

NumberStatus try_parse_double(std::string_view text, double& value, NanPolicy nan) noexcept {
  return parse_floating(text, value, nan);
}

NumberStatus try_parse_int64(std::string_view text, std::int64_t& value) noexcept {
  if (!prepare_number(text)) return NumberStatus::kEmpty;
  std::int64_t v = 0;
  const char* last = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), last, v, 10);
  if (ec == std::errc::result_out_of_range && ptr == last) return NumberStatus::kOutOfRange;
  if (ec != std::errc() || ptr != last) return NumberStatus::kNotANumber;
  value = v;
  return NumberStatus::kOk;
}

ParseError number_error(NumberStatus status, const Field& field, const LineRef& where,
                        std::string_view column_name, std::string_view type_name) {
  const bool integer = type_name == "int64";
  const std::string col = " for column '" + std::string(column_name) + "'";
  std::string expected = (integer ? "an integer" : "a number") + col;
  std::string found = io::quoted(field.text);
  switch (status) {
    case NumberStatus::kOk:
    case NumberStatus::kNotANumber:
      break;
    case NumberStatus::kEmpty:
      found = "an empty field";
      break;
    case NumberStatus::kNotFinite:
      expected = "a finite number" + col;
      break;
    case NumberStatus::kOutOfRange:
      expected = (integer ? "an integer" : "a number") + std::string(" within ") +
                 std::string(type_name) + " range" + col;
      break;
  }
  return ParseError(std::string(where.path), where.line, field.column, std::move(expected),
                    std::move(found), field.index);
}

float parse_float(const Field& field, const LineRef& where, std::string_view column_name,
                  NanPolicy nan) {
  float v = 0.0f;
  const NumberStatus s = try_parse_float(field.text, v, nan);
  if (s != NumberStatus::kOk) throw number_error(s, field, where, column_name, "float32");
  return v;
}

double parse_double(const Field& field, const LineRef& where, std::string_view column_name,
                    NanPolicy nan) {
  double v = 0.0;
  const NumberStatus s = try_parse_double(field.text, v, nan);
  if (s != NumberStatus::kOk) throw number_error(s, field, where, column_name, "float64");
  return v;
}

std::int64_t parse_int64(const Field& field, const LineRef& where, std::string_view column_name) {
  std::int64_t v = 0;
  const NumberStatus s = try_parse_int64(field.text, v);
  if (s != NumberStatus::kOk) throw number_error(s, field, where, column_name, "int64");
  return v;
}

}  // namespace fusetrack::io
