// CSV reading shared by every loader: a streaming line reader for plain and gzip files, field
// splitting with positions, and number parsing that reports errors as file:line:column.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace fusetrack::io {

// A format error in a text file. what() reads
//   "PATH:LINE:COLUMN: expected EXPECTED, found FOUND"            (field == 0)
//   "PATH:LINE:COLUMN: expected EXPECTED, found FOUND (field N)"  (field > 0)
// e.g. "sample.csv:12:5: expected a number for column 'acc_x_m_s2', found 'abc' (field 3)".
// Line, column and field are 1-based; column counts characters (bytes) from the line start.
class ParseError : public std::runtime_error {
 public:
  ParseError(std::string path, std::size_t line, std::size_t column, std::string expected,
             std::string found, std::size_t field = 0);

  std::string path;      // the file as the caller named it
  std::size_t line;      // 1-based line number
  std::size_t column;    // 1-based character position in the line
  std::string expected;  // what the format requires there, e.g. "a number for column 'gyr_x'"
  std::string found;     // what is there, ready to print: quoted text ('abc') or a description
  std::size_t field;     // 1-based field index in the row, 0 when not about one field
};

// Quotes `text` for ParseError::found: 'text', cut to 40 bytes (on a character boundary) with
// "..." when longer, and escaped as printable() does, so file content cannot reach a terminal
// as control sequences.
std::string quoted(std::string_view text);

// `text` made safe to print on a terminal: control characters (C0, DEL, and the C1 range
// U+0080..U+009F) and bytes that are not valid UTF-8 become \xNN ('\t', '\n', '\r' become \t, \n,
// \r); valid printable UTF-8 is kept. With `escape_backslash`, '\' becomes \\ so the result is
// unambiguous (quoted() does this; a message that may already hold escapes is printed without).
std::string printable(std::string_view text, bool escape_backslash = false);

// One field of a split line. `text` views the line it came from (valid while that line is).
struct Field {
  std::string_view text;
  std::size_t index = 0;   // 1-based field number in the line
  std::size_t column = 0;  // 1-based character position of the field's first character
};

// Splits `line` on `separator` into `out` (cleared first; its capacity is reused). No quoting or
// escaping: every separator splits. An empty line gives one empty field. Returns out.size().
std::size_t split_fields(std::string_view line, std::vector<Field>& out, char separator = ',');

// Where a line is, for error messages: the file (as named by the caller) and the 1-based line.
struct LineRef {
  std::string_view path;
  std::size_t line = 0;
};

// One field of a line split with quoting (split_quoted): its text unquoted, so it owns it.
struct QuotedField {
  std::string text;
  std::size_t index = 0;   // 1-based field number in the line
  std::size_t column = 0;  // 1-based character position of the field's first character
};

// Splits one line on ',' with RFC 4180 quoting (for dataset index files whose free-text column may
// hold commas): a field that starts with '"' runs to the next lone '"', and '""' inside it is one
// '"'. Throws ParseError at `where` on an unterminated quote or text after a closing one.
std::vector<QuotedField> split_quoted(std::string_view line, const LineRef& where);

// A QuotedField as a Field for the number parsers (viewing `f`'s text, valid while `f` is).
inline Field as_field(const QuotedField& f) { return Field{f.text, f.index, f.column}; }

// Finds each of `names` in the header row `header` (fields with .text, .index and .column, e.g.
// Field) and returns their positions in the row, in the order of `names`; other columns may be
// present in any order. Throws ParseError at `where` naming the first column that is missing or
// appears twice.
template <std::size_t N, typename HeaderField>
std::array<std::size_t, N> find_columns(const std::vector<HeaderField>& header,
                                        const std::array<const char*, N>& names,
                                        const LineRef& where) {
  std::array<std::size_t, N> pos{};
  for (std::size_t c = 0; c < N; ++c) {
    bool found = false;
    for (std::size_t h = 0; h < header.size(); ++h) {
      if (std::string_view(header[h].text) == names[c]) {
        if (found) {
          throw ParseError(std::string(where.path), where.line, header[h].column,
                           std::string("column '") + names[c] + "' once in the header",
                           "it a second time", header[h].index);
        }
        pos[c] = h;
        found = true;
      }
    }
    if (!found) {
      throw ParseError(std::string(where.path), where.line, 1,
                       std::string("a column '") + names[c] + "' in the header", "no such column",
                       0);
    }
  }
  return pos;
}

// The error for a row of `found` fields where the header has `expected`: at the end of the line
// (`line_length` + 1) when fields are missing, at column 1 when there are too many.
ParseError field_count_error(const LineRef& where, std::size_t line_length, std::size_t expected,
                             std::size_t found);

// The longest line a CsvReader returns, bytes without the line ending: 1 MiB, thousands of times
// a recording, truth or dataset row, so only a file that is not one of those (a binary file, a
// file without newlines) reaches it. A longer line is an error, read past without being buffered.
inline constexpr std::size_t kMaxLineBytes = std::size_t{1} << 20;

// Reads a text file line by line, streaming: plain files and gzip files (.gz, detected from the
// content, not the name) are read the same way through zlib, a chunk at a time; the whole file is
// never held in memory, nor a line beyond kMaxLineBytes. Lines end in "\n" or "\r\n" (the "\r" is
// removed). A UTF-8 byte-order mark at the start of the file is dropped (column 1 is the
// character after it); a UTF-16 one is an error (the formats are UTF-8 text).
class CsvReader {
 public:
  // Opens `path`. Throws std::runtime_error naming the path when it cannot be opened.
  explicit CsvReader(std::string path);
  ~CsvReader();
  CsvReader(const CsvReader&) = delete;
  CsvReader& operator=(const CsvReader&) = delete;
  CsvReader(CsvReader&& other) noexcept;
  CsvReader& operator=(CsvReader&& other) noexcept;

  // Reads the next line into `line` (without its line ending). The view stays valid until the
  // next call. Returns false at end of file. Throws std::runtime_error naming the path on a read
  // error or corrupt/cut gzip data; ParseError for a UTF-16 byte-order mark on line 1, and
  // LineTooLong for a line longer than kMaxLineBytes, which has then been read past (line_number()
  // is that line's; the next call returns the line after it).
  bool next_line(std::string_view& line);

  // 1-based number of the line last returned by next_line; 0 before the first.
  std::size_t line_number() const noexcept { return line_number_; }
  // True when the line last returned was the file's last and had no final newline: the file may
  // have been cut while it was written. The caller decides whether that is an error.
  bool last_line_truncated() const noexcept { return truncated_; }
  // The path as given to the constructor.
  const std::string& path() const noexcept { return path_; }
  // The path and number of the line last returned, for ParseError.
  LineRef where() const noexcept { return LineRef{path_, line_number_}; }

 private:
  bool fill();  // reads more bytes after end_; false at end of file
  void close() noexcept;
  [[noreturn]] void skip_long_line();  // drops bytes up to the next '\n', throws LineTooLong
  void check_start();                  // byte-order mark handling on the first line

  std::string path_;
  void* file_ = nullptr;   // gzFile (kept opaque so this header does not include zlib.h)
  std::vector<char> buf_;  // bytes read but not yet returned live in [begin_, end_)
  std::size_t begin_ = 0;
  std::size_t end_ = 0;
  std::size_t scanned_ = 0;  // bytes after begin_ already known to hold no '\n'
  bool eof_ = false;
  bool truncated_ = false;
  bool started_ = false;  // the start of the file (byte-order mark) has been looked at
  std::size_t line_number_ = 0;
};

// A line longer than kMaxLineBytes: "PATH:LINE:1048577: expected a line of at most 1048576 bytes
// (kMaxLineBytes), found a longer line (N bytes)".
class LineTooLong : public ParseError {
 public:
  LineTooLong(std::string path, std::size_t line, std::size_t length_bytes);
  std::size_t length_bytes;  // the whole line's length without its line ending
};

// Whether a number parser accepts NaN ("nan", "NaN", "-nan"). Infinity is always rejected.
enum class NanPolicy : std::uint8_t {
  kReject,  // NaN is an error (the default)
  kAccept,  // NaN is returned as a quiet NaN (dataset files mark missing values with "nan")
};

// Result of the non-throwing number parsers.
enum class NumberStatus : std::uint8_t {
  kOk,
  kEmpty,       // the field is empty (or blanks only)
  kNotANumber,  // not a decimal number, or trailing characters after it
  kNotFinite,   // NaN (when rejected) or infinity
  kOutOfRange,  // a number, but outside the type's range (e.g. 1e39 for float)
};

// Non-throwing parsers. Accept optional blanks (space, tab) around the number and an optional
// leading '+'. Floating forms: decimal or scientific ("1.5", "-2e-3"), as std::from_chars reads
// them (round to nearest). Integers: decimal digits with an optional sign. On failure `value` is
// left unchanged.
NumberStatus try_parse_float(std::string_view text, float& value,
                             NanPolicy nan = NanPolicy::kReject) noexcept;
NumberStatus try_parse_double(std::string_view text, double& value,
                              NanPolicy nan = NanPolicy::kReject) noexcept;
NumberStatus try_parse_int64(std::string_view text, std::int64_t& value) noexcept;

// Throwing parsers for field `field` of the line at `where`, described as column `column_name`.
// Throw ParseError at the field's line and column, e.g. "expected a number for column 'acc_x_m_s2',
// found 'abc'", "expected a finite number ..., found 'inf'", "expected a number within float32
// range ..., found '1e39'".
float parse_float(const Field& field, const LineRef& where, std::string_view column_name,
                  NanPolicy nan = NanPolicy::kReject);
double parse_double(const Field& field, const LineRef& where, std::string_view column_name,
                    NanPolicy nan = NanPolicy::kReject);
std::int64_t parse_int64(const Field& field, const LineRef& where, std::string_view column_name);

// A count: an integer >= 0 for column `column_name`; throws ParseError as parse_int64 does, and
// "expected a count >= 0 for column ..." for a negative one.
std::size_t parse_count(const Field& field, const LineRef& where, std::string_view column_name);

// Builds the ParseError that a failed parse of `field` reports (status must not be kOk);
// `type_name` is "float32", "float64" or "int64". For loaders that use the try_ forms.
ParseError number_error(NumberStatus status, const Field& field, const LineRef& where,
                        std::string_view column_name, std::string_view type_name);

}  // namespace fusetrack::io
