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

namespace {

// The length of the valid UTF-8 sequence at the start of `s` (1 to 4), or 0 when it is not one
// (a stray continuation byte, a cut sequence, an overlong form, a surrogate, above U+10FFFF).
std::size_t utf8_length(std::string_view s) {
  const auto b0 = static_cast<unsigned char>(s[0]);
  if (b0 < 0x80) return 1;
  std::size_t n = 0;
  unsigned char lo = 0x80;
  unsigned char hi = 0xBF;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    n = 2;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    n = 3;
    if (b0 == 0xE0) lo = 0xA0;  // overlong
    if (b0 == 0xED) hi = 0x9F;  // surrogates
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    n = 4;
    if (b0 == 0xF0) lo = 0x90;  // overlong
    if (b0 == 0xF4) hi = 0x8F;  // above U+10FFFF
  } else {
    return 0;
  }
  if (s.size() < n) return 0;
  for (std::size_t i = 1; i < n; ++i) {
    const auto b = static_cast<unsigned char>(s[i]);
    if (b < (i == 1 ? lo : 0x80) || b > (i == 1 ? hi : 0xBF)) return 0;
  }
  return n;
}

void append_hex_escape(std::string& out, unsigned char b) {
  constexpr const char* kHex = "0123456789abcdef";
  out += "\\x";
  out += kHex[b >> 4];
  out += kHex[b & 0x0F];
}

}  // namespace

std::string printable(std::string_view text, bool escape_backslash) {
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    const auto b = static_cast<unsigned char>(text[i]);
    if (b >= 0x20 && b < 0x7F) {
      if (b == '\\' && escape_backslash) out += '\\';
      out += static_cast<char>(b);
      ++i;
      continue;
    }
    if (b == '\t' || b == '\n' || b == '\r') {
      out += b == '\t' ? "\\t" : (b == '\n' ? "\\n" : "\\r");
      ++i;
      continue;
    }
    const std::size_t n = b >= 0x80 ? utf8_length(text.substr(i)) : 0;
    // C1 controls (U+0080..U+009F, encoded C2 80..C2 9F) act as escape sequences on some terminals.
    const bool c1 = n == 2 && b == 0xC2 && static_cast<unsigned char>(text[i + 1]) < 0xA0;
    if (n == 0 || c1) {
      for (std::size_t k = 0; k < std::max<std::size_t>(n, 1); ++k) {
        append_hex_escape(out, static_cast<unsigned char>(text[i + k]));
      }
      i += std::max<std::size_t>(n, 1);
      continue;
    }
    out.append(text.substr(i, n));
    i += n;
  }
  return out;
}

std::string quoted(std::string_view text) {
  constexpr std::size_t kMax = 40;
  std::string q = "'";
  if (text.size() > kMax) {
    // Cut on a character boundary: never inside a UTF-8 sequence.
    std::size_t cut = kMax;
    while (cut > kMax - 3 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    q += printable(text.substr(0, cut), true);
    q += "...";
  } else {
    q += printable(text, true);
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

std::vector<QuotedField> split_quoted(std::string_view line, const LineRef& where) {
  std::vector<QuotedField> out;
  std::size_t i = 0;
  for (;;) {
    QuotedField f;
    f.index = out.size() + 1;
    f.column = i + 1;
    if (i < line.size() && line[i] == '"') {
      ++i;
      for (;;) {
        if (i >= line.size()) {
          throw ParseError(std::string(where.path), where.line, line.size() + 1,
                           "a closing '\"' for the quoted field that starts at column " +
                               std::to_string(f.column),
                           "the end of the line", f.index);
        }
        if (line[i] == '"') {
          if (i + 1 < line.size() && line[i + 1] == '"') {
            f.text += '"';
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        f.text += line[i++];
      }
      if (i < line.size() && line[i] != ',') {
        throw ParseError(std::string(where.path), where.line, i + 1,
                         "',' or the end of the line after a closing '\"'",
                         quoted(line.substr(i, 1)), f.index);
      }
    } else {
      const std::size_t stop = line.find(',', i);
      const std::size_t end = stop == std::string_view::npos ? line.size() : stop;
      f.text.assign(line.substr(i, end - i));
      i = end;
    }
    out.push_back(std::move(f));
    if (i >= line.size()) break;
    ++i;  // skip the ','
  }
  return out;
}

ParseError field_count_error(const LineRef& where, std::size_t line_length, std::size_t expected,
                             std::size_t found) {
  return ParseError(std::string(where.path), where.line, found < expected ? line_length + 1 : 1,
                    std::to_string(expected) + " fields (as in the header)",
                    std::to_string(found) + " fields");
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

LineTooLong::LineTooLong(std::string path_, std::size_t line_, std::size_t length_bytes_)
    : ParseError(std::move(path_), line_, kMaxLineBytes + 1,
                 "a line of at most " + std::to_string(kMaxLineBytes) + " bytes (kMaxLineBytes)",
                 "a longer line (" + std::to_string(length_bytes_) + " bytes)"),
      length_bytes(length_bytes_) {}

CsvReader::CsvReader(CsvReader&& other) noexcept
    : path_(std::move(other.path_)),
      file_(std::exchange(other.file_, nullptr)),
      buf_(std::move(other.buf_)),
      begin_(other.begin_),
      end_(other.end_),
      scanned_(other.scanned_),
      eof_(other.eof_),
      truncated_(other.truncated_),
      started_(other.started_),
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
    started_ = other.started_;
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

void CsvReader::check_start() {
  started_ = true;
  while (end_ - begin_ < 3 && fill()) {
  }
  const auto* b = reinterpret_cast<const unsigned char*>(buf_.data() + begin_);
  const std::size_t n = end_ - begin_;
  if (n >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF) {
    begin_ += 3;  // UTF-8 byte-order mark, as some editors and spreadsheets write: not content
  } else if (n >= 2 && ((b[0] == 0xFF && b[1] == 0xFE) || (b[0] == 0xFE && b[1] == 0xFF))) {
    throw ParseError(path_, 1, 1, "UTF-8 (or ASCII) text",
                     "a UTF-16 byte-order mark (save the file as UTF-8)");
  }
}

void CsvReader::skip_long_line() {
  // Count the line's bytes while dropping them, so memory stays at the cap however long it is.
  std::size_t length = end_ - begin_;
  char last = length > 0 ? buf_[end_ - 1] : '\0';
  begin_ = end_ = 0;
  scanned_ = 0;
  ++line_number_;
  const std::size_t line = line_number_;
  for (;;) {
    if (!fill()) {
      truncated_ = true;
      break;
    }
    const auto* nl = static_cast<const char*>(std::memchr(buf_.data(), '\n', end_));
    if (nl != nullptr) {
      const auto len = static_cast<std::size_t>(nl - buf_.data());
      length += len;
      if (len > 0) last = buf_[len - 1];
      begin_ = len + 1;
      break;
    }
    length += end_;
    last = buf_[end_ - 1];
    begin_ = end_ = 0;
  }
  if (last == '\r') --length;
  throw LineTooLong(path_, line, length);
}

bool CsvReader::next_line(std::string_view& line) {
  if (!started_) check_start();
  for (;;) {
    const char* start = buf_.data() + begin_;
    const auto* nl =
        static_cast<const char*>(std::memchr(start + scanned_, '\n', end_ - begin_ - scanned_));
    if (nl != nullptr) {
      std::size_t len = static_cast<std::size_t>(nl - start);
      begin_ += len + 1;
      scanned_ = 0;
      if (len > 0 && start[len - 1] == '\r') --len;
      ++line_number_;
      if (len > kMaxLineBytes) throw LineTooLong(path_, line_number_, len);
      line = std::string_view(start, len);
      return true;
    }
    scanned_ = end_ - begin_;
    // One more byte than the cap may be the '\r' of "\r\n".
    if (scanned_ > kMaxLineBytes + 1) skip_long_line();
    if (!fill()) break;
  }
  if (begin_ == end_) return false;
  // The file ends without a final newline: return what is left, flagged.
  const char* start = buf_.data() + begin_;
  std::size_t len = end_ - begin_;
  begin_ = end_;
  scanned_ = 0;
  if (len > 0 && start[len - 1] == '\r') --len;
  ++line_number_;
  truncated_ = true;
  if (len > kMaxLineBytes) throw LineTooLong(path_, line_number_, len);
  line = std::string_view(start, len);
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

std::size_t parse_count(const Field& field, const LineRef& where, std::string_view column_name) {
  const std::int64_t v = parse_int64(field, where, column_name);
  if (v < 0) {
    throw ParseError(std::string(where.path), where.line, field.column,
                     "a count >= 0 for column '" + std::string(column_name) + "'",
                     io::quoted(field.text), field.index);
  }
  return static_cast<std::size_t>(v);
}

}  // namespace fusetrack::io
