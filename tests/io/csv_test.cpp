// Tests of the streaming CSV line reader, field splitting and number parsing (src/io/csv.hpp).
#include "io/csv.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <limits>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "io_test_util.hpp"

namespace fusetrack::io {
namespace {

using testing::TempDir;
using testing::write_gzip;
using testing::write_text;

std::vector<std::string> all_lines(CsvReader& reader) {
  std::vector<std::string> lines;
  std::string_view line;
  while (reader.next_line(line)) lines.emplace_back(line);
  return lines;
}

// A field as split_fields would make it, for the parser tests.
Field field(std::string_view text, std::size_t index = 3, std::size_t column = 5) {
  return Field{text, index, column};
}

TEST(CsvReader, ReadsPlainAndGzipFilesLineByLineTheSameWay) {
  TempDir dir;
  const std::string content = "a,b\n1,2\n3,4\n";
  write_text(dir.file("x.csv"), content);
  write_gzip(dir.file("x.csv.gz"), content);
  for (const std::string name : {"x.csv", "x.csv.gz"}) {
    SCOPED_TRACE(name);
    CsvReader reader(dir.file(name));
    EXPECT_EQ(all_lines(reader), (std::vector<std::string>{"a,b", "1,2", "3,4"}));
    EXPECT_EQ(reader.line_number(), 3u);
    EXPECT_FALSE(reader.last_line_truncated());
  }
}

TEST(CsvReader, DetectsGzipByContentNotByName) {
  TempDir dir;
  write_gzip(dir.file("compressed.csv"), "x\n");
  CsvReader reader(dir.file("compressed.csv"));
  EXPECT_EQ(all_lines(reader), (std::vector<std::string>{"x"}));
}

TEST(CsvReader, NumbersLinesFromOneAndStripsCarriageReturns) {
  TempDir dir;
  write_text(dir.file("crlf.csv"), "h1,h2\r\n\r\nv1,v2\r\n");
  CsvReader reader(dir.file("crlf.csv"));
  EXPECT_EQ(reader.line_number(), 0u);
  std::string_view line;
  ASSERT_TRUE(reader.next_line(line));
  EXPECT_EQ(line, "h1,h2");
  EXPECT_EQ(reader.line_number(), 1u);
  ASSERT_TRUE(reader.next_line(line));
  EXPECT_EQ(line, "");
  EXPECT_EQ(reader.line_number(), 2u);
  ASSERT_TRUE(reader.next_line(line));
  EXPECT_EQ(line, "v1,v2");
  EXPECT_EQ(reader.where().line, 3u);
  EXPECT_EQ(reader.where().path, dir.file("crlf.csv"));
  EXPECT_FALSE(reader.next_line(line));
}

TEST(CsvReader, FlagsALastLineWithoutNewlineAsTruncated) {
  TempDir dir;
  write_text(dir.file("cut.csv"), "a,b\n1,2");
  CsvReader reader(dir.file("cut.csv"));
  std::string_view line;
  ASSERT_TRUE(reader.next_line(line));
  EXPECT_FALSE(reader.last_line_truncated());
  ASSERT_TRUE(reader.next_line(line));
  EXPECT_EQ(line, "1,2");
  EXPECT_EQ(reader.line_number(), 2u);
  EXPECT_TRUE(reader.last_line_truncated());
  EXPECT_FALSE(reader.next_line(line));
}

TEST(CsvReader, ReadsAnEmptyFileAsNoLines) {
  TempDir dir;
  write_text(dir.file("empty.csv"), "");
  CsvReader reader(dir.file("empty.csv"));
  std::string_view line;
  EXPECT_FALSE(reader.next_line(line));
  EXPECT_EQ(reader.line_number(), 0u);
  EXPECT_FALSE(reader.last_line_truncated());
}

TEST(CsvReader, ReadsLinesLongerThanItsChunkBuffer) {
  TempDir dir;
  const std::string long_line(300000, 'x');
  write_text(dir.file("long.csv"), "short\n" + long_line + "\nend\n");
  CsvReader reader(dir.file("long.csv"));
  EXPECT_EQ(all_lines(reader), (std::vector<std::string>{"short", long_line, "end"}));
}

TEST(CsvReader, ReadsManyLinesAcrossChunkBoundaries) {
  TempDir dir;
  std::string content;
  for (int i = 0; i < 50000; ++i) content += std::to_string(i) + ",row\n";
  write_gzip(dir.file("many.csv.gz"), content);
  CsvReader reader(dir.file("many.csv.gz"));
  std::string_view line;
  int i = 0;
  while (reader.next_line(line)) {
    ASSERT_EQ(line, std::to_string(i) + ",row") << "line " << reader.line_number();
    ++i;
  }
  EXPECT_EQ(i, 50000);
}

TEST(CsvReader, ThrowsRuntimeErrorNamingThePathWhenTheFileIsMissing) {
  TempDir dir;
  const std::string path = dir.file("missing.csv");
  try {
    CsvReader reader(path);
    FAIL() << "no exception";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
  }
}

TEST(CsvReader, ThrowsRuntimeErrorWhenGzipDataIsCutShort) {
  TempDir dir;
  std::string content;
  for (int i = 0; i < 20000; ++i) content += std::to_string(i * 7919) + "\n";
  const std::string path = dir.file("cut.csv.gz");
  write_gzip(path, content);
  std::filesystem::resize_file(path, std::filesystem::file_size(path) / 2);
  CsvReader reader(path);
  std::string_view line;
  try {
    while (reader.next_line(line)) {
    }
    FAIL() << "no exception";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
  }
}

TEST(CsvSplit, GivesEachFieldItsIndexAndCharacterColumn) {
  std::vector<Field> fields;
  ASSERT_EQ(split_fields("imu,12,-0.5", fields), 3u);
  EXPECT_EQ(fields[0].text, "imu");
  EXPECT_EQ(fields[0].index, 1u);
  EXPECT_EQ(fields[0].column, 1u);
  EXPECT_EQ(fields[1].text, "12");
  EXPECT_EQ(fields[1].index, 2u);
  EXPECT_EQ(fields[1].column, 5u);
  EXPECT_EQ(fields[2].text, "-0.5");
  EXPECT_EQ(fields[2].index, 3u);
  EXPECT_EQ(fields[2].column, 8u);
}

TEST(CsvSplit, KeepsEmptyFieldsIncludingLeadingAndTrailingOnes) {
  std::vector<Field> fields;
  ASSERT_EQ(split_fields(",a,,", fields), 4u);
  EXPECT_EQ(fields[0].text, "");
  EXPECT_EQ(fields[1].text, "a");
  EXPECT_EQ(fields[2].text, "");
  EXPECT_EQ(fields[3].text, "");
  EXPECT_EQ(fields[3].column, 5u);
  ASSERT_EQ(split_fields("", fields), 1u);
  EXPECT_EQ(fields[0].text, "");
  ASSERT_EQ(split_fields("a;b", fields, ';'), 2u);
}

TEST(CsvNumbers, ParseErrorNamesFileLineColumnExpectedAndFound) {
  const LineRef where{"sample.csv", 12};
  try {
    parse_float(field("abc"), where, "acc_x_m_s2");
    FAIL() << "no exception";
  } catch (const ParseError& e) {
    EXPECT_EQ(e.path, "sample.csv");
    EXPECT_EQ(e.line, 12u);
    EXPECT_EQ(e.column, 5u);
    EXPECT_EQ(e.field, 3u);
    EXPECT_EQ(e.expected, "a number for column 'acc_x_m_s2'");
    EXPECT_EQ(e.found, "'abc'");
    EXPECT_EQ(std::string(e.what()),
              "sample.csv:12:5: expected a number for column 'acc_x_m_s2', found 'abc' (field 3)");
  }
}

TEST(CsvNumbers, ParsesFloatsDoublesAndInt64s) {
  const LineRef where{"f.csv", 1};
  EXPECT_EQ(parse_float(field("1.5"), where, "x"), 1.5f);
  EXPECT_EQ(parse_float(field("-2e-3"), where, "x"), -2e-3f);
  EXPECT_EQ(parse_float(field(" +7 "), where, "x"), 7.0f);
  EXPECT_TRUE(std::signbit(parse_float(field("-0"), where, "x")));
  EXPECT_EQ(parse_float(field("1.4e-45"), where, "x"), std::numeric_limits<float>::denorm_min());
  EXPECT_EQ(parse_double(field("0.1"), where, "x"), 0.1);
  EXPECT_EQ(parse_double(field("1e300"), where, "x"), 1e300);
  EXPECT_EQ(parse_int64(field("-9223372036854775808"), where, "t"),
            std::numeric_limits<std::int64_t>::min());
  EXPECT_EQ(parse_int64(field("123456789012"), where, "t"), 123456789012);
}

TEST(CsvNumbers, RejectsNanAndInfinityByDefault) {
  const LineRef where{"f.csv", 4};
  for (const std::string_view text : {"nan", "NaN", "-nan", "inf", "-inf", "infinity"}) {
    SCOPED_TRACE(text);
    float f = 0.0f;
    double d = 0.0;
    EXPECT_EQ(try_parse_float(text, f), NumberStatus::kNotFinite);
    EXPECT_EQ(try_parse_double(text, d), NumberStatus::kNotFinite);
    try {
      parse_float(field(text), where, "gyr_x_rad_s");
      FAIL() << "no exception";
    } catch (const ParseError& e) {
      EXPECT_EQ(e.expected, "a finite number for column 'gyr_x_rad_s'");
      EXPECT_EQ(e.found, io::quoted(text));
    }
  }
}

TEST(CsvNumbers, AcceptsNanWhenAllowedButStillRejectsInfinity) {
  const LineRef where{"f.csv", 4};
  EXPECT_TRUE(std::isnan(parse_float(field("nan"), where, "x", NanPolicy::kAccept)));
  EXPECT_TRUE(std::isnan(parse_double(field("NaN"), where, "x", NanPolicy::kAccept)));
  EXPECT_EQ(parse_float(field("2.5"), where, "x", NanPolicy::kAccept), 2.5f);
  EXPECT_THROW(parse_float(field("inf"), where, "x", NanPolicy::kAccept), ParseError);
  EXPECT_THROW(parse_double(field("-inf"), where, "x", NanPolicy::kAccept), ParseError);
}

TEST(CsvNumbers, RejectsTextAfterTheNumberAndEmptyFields) {
  float f = 3.0f;
  EXPECT_EQ(try_parse_float("1.5x", f), NumberStatus::kNotANumber);
  EXPECT_EQ(try_parse_float("1.5e", f), NumberStatus::kNotANumber);
  EXPECT_EQ(try_parse_float("1,5", f), NumberStatus::kNotANumber);
  EXPECT_EQ(try_parse_float("0x10", f), NumberStatus::kNotANumber);
  EXPECT_EQ(try_parse_float("", f), NumberStatus::kEmpty);
  EXPECT_EQ(try_parse_float("  ", f), NumberStatus::kEmpty);
  EXPECT_EQ(f, 3.0f) << "value must be unchanged on failure";
  std::int64_t i = 0;
  EXPECT_EQ(try_parse_int64("12.0", i), NumberStatus::kNotANumber);
  EXPECT_EQ(try_parse_int64("1e3", i), NumberStatus::kNotANumber);
  try {
    parse_int64(field(""), LineRef{"f.csv", 2}, "t_us");
    FAIL() << "no exception";
  } catch (const ParseError& e) {
    EXPECT_EQ(e.expected, "an integer for column 't_us'");
    EXPECT_EQ(e.found, "an empty field");
  }
}

TEST(CsvNumbers, ReportsValuesOutsideTheTypeRange) {
  float f = 0.0f;
  std::int64_t i = 0;
  EXPECT_EQ(try_parse_float("1e39", f), NumberStatus::kOutOfRange);
  EXPECT_EQ(try_parse_int64("9223372036854775808", i), NumberStatus::kOutOfRange);
  try {
    parse_float(field("1e39"), LineRef{"f.csv", 2}, "mag_x_ut");
    FAIL() << "no exception";
  } catch (const ParseError& e) {
    EXPECT_EQ(e.expected, "a number within float32 range for column 'mag_x_ut'");
  }
}

TEST(CsvNumbers, QuotedCutsLongTextForMessages) {
  EXPECT_EQ(io::quoted("abc"), "'abc'");
  EXPECT_EQ(io::quoted(std::string(100, 'z')), "'" + std::string(40, 'z') + "...'");
}

TEST(CsvNumbers, QuotedEscapesControlCharactersAndBytesThatAreNotUtf8) {
  EXPECT_EQ(io::quoted("a\x1b[31mb"), "'a\\x1b[31mb'");
  EXPECT_EQ(io::quoted(std::string("nul\0x", 5)), "'nul\\x00x'");
  EXPECT_EQ(io::quoted("tab\tcr\rnl\n"), "'tab\\tcr\\rnl\\n'");
  EXPECT_EQ(io::quoted("\x7f"), "'\\x7f'");
  EXPECT_EQ(io::quoted("\xff\xfe"), "'\\xff\\xfe'");  // not UTF-8
  EXPECT_EQ(io::quoted("\xc2\x9b"
                       "2J"),
            "'\\xc2\\x9b2J'");  // C1 CSI, as UTF-8
  EXPECT_EQ(io::quoted("\x9b"
                       "2J"),
            "'\\x9b2J'");                                   // C1 CSI, a raw byte
  EXPECT_EQ(io::quoted("back\\slash"), "'back\\\\slash'");  // unambiguous
  EXPECT_EQ(io::quoted("m/s\xc2\xb2 \xc2\xb5T"),
            "'m/s\xc2\xb2 \xc2\xb5T'");  // printable UTF-8 kept
  // Cut on a character boundary, never inside a UTF-8 sequence.
  const std::string micro = std::string(39, 'a') + "\xc2\xb5" + "tail";
  EXPECT_EQ(io::quoted(micro), "'" + std::string(39, 'a') + "...'");
}

TEST(CsvNumbers, PrintableKeepsBackslashesUnlessAskedAndEscapesEverythingElse) {
  EXPECT_EQ(io::printable("x\\x1b \x1b"), "x\\x1b \\x1b");
  EXPECT_EQ(io::printable("\\", true), "\\\\");
}

TEST(CsvReader, DropsAUtf8ByteOrderMarkAtTheStartOfPlainAndGzipFiles) {
  TempDir dir;
  const std::string content =
      "\xEF\xBB\xBFh1,h2\n\xEF\xBB\xBF"
      "1,2\n";
  write_text(dir.file("bom.csv"), content);
  write_gzip(dir.file("bom.csv.gz"), content);
  for (const std::string name : {"bom.csv", "bom.csv.gz"}) {
    SCOPED_TRACE(name);
    CsvReader reader(dir.file(name));
    // Only at the start of the file: a mark elsewhere is content.
    EXPECT_EQ(all_lines(reader), (std::vector<std::string>{"h1,h2",
                                                           "\xEF\xBB\xBF"
                                                           "1,2"}));
  }
}

TEST(CsvReader, Utf16TextIsAnErrorSayingSo) {
  TempDir dir;
  write_text(dir.file("utf16.csv"), std::string("\xFF\xFEh\0,\0", 6));
  CsvReader reader(dir.file("utf16.csv"));
  std::string_view line;
  try {
    reader.next_line(line);
    FAIL() << "no error";
  } catch (const ParseError& e) {
    EXPECT_EQ(e.line, 1u);
    EXPECT_TRUE(std::string(e.what()).find("UTF-16") != std::string::npos) << e.what();
  }
}

TEST(CsvReader, ALineLongerThanTheCapIsAnErrorNamingFileLineAndLimitThenReadingGoesOn) {
  TempDir dir;
  const std::string at_cap(kMaxLineBytes, 'x');
  const std::string over(kMaxLineBytes * 3 + 17, 'y');
  const std::string content = "first\n" + at_cap + "\r\n" + over + "\r\nlast\n";
  write_text(dir.file("long.csv"), content);
  write_gzip(dir.file("long.csv.gz"), content);
  for (const std::string name : {"long.csv", "long.csv.gz"}) {
    SCOPED_TRACE(name);
    CsvReader reader(dir.file(name));
    std::string_view line;
    ASSERT_TRUE(reader.next_line(line));
    ASSERT_TRUE(reader.next_line(line));
    EXPECT_EQ(line.size(), kMaxLineBytes);  // at the cap: a line like any other
    try {
      reader.next_line(line);
      FAIL() << "no error for a line over the cap";
    } catch (const LineTooLong& e) {
      EXPECT_EQ(e.path, dir.file(name));
      EXPECT_EQ(e.line, 3u);
      EXPECT_EQ(e.length_bytes, over.size());
      const std::string what = e.what();
      EXPECT_TRUE(what.find(dir.file(name) + ":3:") == 0) << what;
      EXPECT_TRUE(what.find("at most " + std::to_string(kMaxLineBytes) + " bytes") !=
                  std::string::npos)
          << what;
    }
    ASSERT_TRUE(reader.next_line(line));
    EXPECT_EQ(line, "last");
    EXPECT_EQ(reader.line_number(), 4u);
    EXPECT_FALSE(reader.next_line(line));
  }
}

// The peak resident memory of this process, kB (VmHWM), after resetting it; -1 when Linux does
// not let the test reset it.
long reset_peak_rss_kb() {
  std::FILE* f = std::fopen("/proc/self/clear_refs", "w");
  if (f == nullptr) return -1;
  const bool ok = std::fputs("5", f) >= 0;
  std::fclose(f);
  return ok ? 0 : -1;
}

long peak_rss_kb() {
  std::ifstream in("/proc/self/status");
  std::string key;
  while (in >> key) {
    if (key == "VmHWM:") {
      long kb = -1;
      in >> kb;
      return kb;
    }
    in.ignore(1 << 12, '\n');
  }
  return -1;
}

TEST(CsvReader, AHundredMegabyteLineCostsNoMoreMemoryThanTheCap) {
  TempDir dir;
  const std::string path = dir.file("huge.csv.gz");
  {
    const std::string block(std::size_t{1} << 20, 'z');
    gzFile f = gzopen(path.c_str(), "wb1");
    ASSERT_NE(f, nullptr);
    for (int i = 0; i < 100; ++i) {
      ASSERT_EQ(gzwrite(f, block.data(), static_cast<unsigned>(block.size())),
                static_cast<int>(block.size()));
    }
    gzwrite(f, "\nok\n", 4);
    ASSERT_EQ(gzclose(f), Z_OK);
  }
  if (reset_peak_rss_kb() != 0) GTEST_SKIP() << "cannot reset the peak RSS (/proc/self/clear_refs)";
  const long before_kb = peak_rss_kb();
  CsvReader reader(path);
  std::string_view line;
  EXPECT_THROW(reader.next_line(line), LineTooLong);
  ASSERT_TRUE(reader.next_line(line));
  EXPECT_EQ(line, "ok");
  const long grown_kb = peak_rss_kb() - before_kb;
  // The cap (1 MiB) plus one read chunk, twice for the buffer's growth: far below the line.
  EXPECT_LT(grown_kb, 8 * 1024) << "peak RSS grew by " << grown_kb << " kB";
}

}  // namespace
}  // namespace fusetrack::io
