// Fuzz harness of the recording reader (src/io/recording.hpp): the input is the content of a
// recording file, plain or gzip (the reader tells them apart by content). The reader opens files
// by path, so the bytes go into an in-memory file (memfd) named by its /proc/self/fd path. Each
// input is read
//   1. in strict mode and in skip-bad-rows mode;
//   2. when it is not gzip already, gzip-compressed in memory and read again in both modes;
//   3. when skip mode read it without an error, written back with RecordingWriter and read again.
// Checked (a failure traps): only ParseError or std::runtime_error escape the reader (a header
// error, a bad row in strict mode, damaged gzip data); every delivered row has finite values, the
// header's shape (has_gyr, PPG channel count and ambient) and a time stamp later than the previous
// row of its stream; report() counts exactly the rows delivered; a strict read that succeeds
// gives the same rows as skip mode with nothing skipped, and one that fails gives a prefix of
// them; plain and gzip give the same outcome, message for message; a write/read round trip
// gives the same header, metadata and rows, bit for bit.
#include <sys/mman.h>
#include <unistd.h>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

#include <zlib.h>

#include "fuzz_support.hpp"
#include "io/csv.hpp"
#include "io/recording.hpp"

namespace {

using fusetrack::ImuSample;
using fusetrack::MagSample;
using fusetrack::PpgSample;
namespace io = fusetrack::io;

// An in-memory file, rewritten for each input.
class MemFile {
 public:
  explicit MemFile(const char* name) : fd_(memfd_create(name, 0)) {
    FUZZ_CHECK(fd_ >= 0);
    path_ = "/proc/self/fd/" + std::to_string(fd_);
  }
  void write(const std::uint8_t* data, std::size_t size) const {
    FUZZ_CHECK(ftruncate(fd_, 0) == 0);
    std::size_t done = 0;
    while (done < size) {
      const ssize_t n = pwrite(fd_, data + done, size - done, static_cast<off_t>(done));
      FUZZ_CHECK(n > 0);
      done += static_cast<std::size_t>(n);
    }
  }
  const std::string& path() const { return path_; }

 private:
  int fd_;
  std::string path_;
};

bool same_bits(float a, float b) { return std::memcmp(&a, &b, sizeof a) == 0; }
template <typename M>
bool same_bits(const M& a, const M& b) {
  for (int i = 0; i < a.size(); ++i) {
    if (!same_bits(a.data()[i], b.data()[i])) return false;
  }
  return true;
}

bool same(const io::Record& a, const io::Record& b) {
  if (a.kind() != b.kind() || a.t_us() != b.t_us()) return false;
  if (const auto* x = std::get_if<ImuSample>(&a.sample)) {
    const auto& y = std::get<ImuSample>(b.sample);
    return x->has_gyr == y.has_gyr && same_bits(x->acc_m_s2, y.acc_m_s2) &&
           same_bits(x->gyr_rad_s, y.gyr_rad_s);
  }
  if (const auto* x = std::get_if<MagSample>(&a.sample)) {
    return same_bits(x->mag_ut, std::get<MagSample>(b.sample).mag_ut);
  }
  const auto& x = std::get<PpgSample>(a.sample);
  const auto& y = std::get<PpgSample>(b.sample);
  if (x.channel_count != y.channel_count || x.has_ambient != y.has_ambient) return false;
  for (std::size_t i = 0; i < fusetrack::kMaxPpgChannels; ++i) {
    if (!same_bits(x.ppg[i], y.ppg[i])) return false;
  }
  return same_bits(x.ambient, y.ambient);
}

// What one read gave.
struct Outcome {
  bool opened = false;  // the constructor (comments and header) succeeded
  bool failed = false;  // an exception ended the read
  std::string message;  // its what()
  io::RecordingHeader header;
  io::Metadata metadata;
  std::vector<io::Record> rows;
  io::ReadReport report;
};

bool same_rows(const std::vector<io::Record>& a, const std::vector<io::Record>& b, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) {
    if (!same(a[i], b[i])) return false;
  }
  return true;
}

bool same(const Outcome& a, const Outcome& b) {
  return a.opened == b.opened && a.failed == b.failed && a.message == b.message &&
         a.header == b.header && a.metadata == b.metadata && a.rows.size() == b.rows.size() &&
         same_rows(a.rows, b.rows, a.rows.size()) && a.report.rows == b.report.rows &&
         a.report.skipped == b.report.skipped && a.report.messages == b.report.messages;
}

// The properties every delivered row has.
void check_rows(const Outcome& o) {
  fusetrack::Micros last[io::kStreamKindCount] = {};
  bool seen[io::kStreamKindCount] = {};
  std::uint64_t count[io::kStreamKindCount] = {};
  for (const io::Record& r : o.rows) {
    const auto k = static_cast<std::size_t>(r.kind());
    FUZZ_CHECK(o.header.has(r.kind()));
    if (seen[k]) FUZZ_CHECK(r.t_us() > last[k]);
    seen[k] = true;
    last[k] = r.t_us();
    ++count[k];
    if (const auto* s = std::get_if<ImuSample>(&r.sample)) {
      FUZZ_CHECK(s->has_gyr == o.header.imu_has_gyr);
      FUZZ_CHECK(fusetrack::all_finite(*s));
      if (!s->has_gyr) FUZZ_CHECK(s->gyr_rad_s.isZero());
    } else if (const auto* m = std::get_if<MagSample>(&r.sample)) {
      FUZZ_CHECK(fusetrack::all_finite(*m));
    } else {
      const auto& p = std::get<PpgSample>(r.sample);
      FUZZ_CHECK(p.channel_count == o.header.ppg_channels);
      FUZZ_CHECK(p.has_ambient == o.header.ppg_ambient);
      FUZZ_CHECK(fusetrack::all_finite(p));
    }
  }
  for (std::size_t k = 0; k < io::kStreamKindCount; ++k) FUZZ_CHECK(o.report.rows[k] == count[k]);
  FUZZ_CHECK(o.report.messages.size() <= io::ReaderOptions{}.max_messages);
  FUZZ_CHECK(o.report.messages.size() <= o.report.skipped_total());
}

Outcome read(const std::string& path, bool skip) {
  Outcome o;
  io::ReaderOptions options;
  options.skip_bad_rows = skip;
  try {
    io::RecordingReader reader(path, options);
    o.opened = true;
    o.header = reader.header();
    o.metadata = reader.metadata();
    io::Record r;
    try {
      while (reader.next(r)) o.rows.push_back(r);
    } catch (const std::runtime_error& e) {  // ParseError is one
      o.failed = true;
      o.message = e.what();
    }
    o.report = reader.report();
  } catch (const std::runtime_error& e) {
    o.failed = true;
    o.message = e.what();
  }
  // Anything else (std::logic_error, std::bad_alloc, ...) escapes and libFuzzer reports it.
  check_rows(o);
  return o;
}

// Strict and skip mode of the same bytes agree.
void check_modes(const Outcome& strict, const Outcome& skip) {
  FUZZ_CHECK(strict.opened == skip.opened);
  if (!strict.opened) {
    FUZZ_CHECK(strict.message == skip.message);  // header errors throw in both modes
    return;
  }
  FUZZ_CHECK(strict.header == skip.header && strict.metadata == skip.metadata);
  if (!strict.failed) {
    FUZZ_CHECK(!skip.failed && skip.report.skipped_total() == 0);
    FUZZ_CHECK(same(strict, skip));
  } else {
    FUZZ_CHECK(strict.rows.size() <= skip.rows.size());
    FUZZ_CHECK(same_rows(strict.rows, skip.rows, strict.rows.size()));
  }
}

std::vector<std::uint8_t> gzip(const std::uint8_t* data, std::size_t size) {
  z_stream z{};
  FUZZ_CHECK(deflateInit2(&z, 1, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) == Z_OK);
  std::vector<std::uint8_t> out(deflateBound(&z, static_cast<uLong>(size)) + 32);
  z.next_in = const_cast<Bytef*>(data);
  z.avail_in = static_cast<uInt>(size);
  z.next_out = out.data();
  z.avail_out = static_cast<uInt>(out.size());
  FUZZ_CHECK(deflate(&z, Z_FINISH) == Z_STREAM_END);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

void round_trip(const Outcome& o, const MemFile& file) {
  if (!o.opened || o.failed) return;
  try {
    io::RecordingWriter w(file.path(), o.header, o.metadata);
    for (const io::Record& r : o.rows) w.write(r);
    w.close();
  } catch (const std::invalid_argument&) {
    return;  // metadata the writer refuses (it only writes what reads back the same)
  }
  const Outcome back = read(file.path(), false);
  FUZZ_CHECK(back.opened && !back.failed);
  FUZZ_CHECK(back.header == o.header && back.metadata == o.metadata);
  FUZZ_CHECK(back.rows.size() == o.rows.size() && same_rows(back.rows, o.rows, o.rows.size()));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const MemFile input("fuzz-recording");
  static const MemFile output("fuzz-recording-out");
  input.write(data, size);
  const Outcome strict = read(input.path(), false);
  const Outcome skip = read(input.path(), true);
  check_modes(strict, skip);
  const bool is_gzip = size >= 2 && data[0] == 0x1f && data[1] == 0x8b;
  if (!is_gzip) {
    const std::vector<std::uint8_t> gz = gzip(data, size);
    input.write(gz.data(), gz.size());
    FUZZ_CHECK(same(read(input.path(), false), strict));
    FUZZ_CHECK(same(read(input.path(), true), skip));
  }
  round_trip(skip, output);
  return 0;
}
