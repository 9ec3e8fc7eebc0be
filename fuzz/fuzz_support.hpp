// What every harness uses: FUZZ_CHECK for its properties, and ByteReader to decode its input.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>

// A property that must hold: when it does not, names it on stderr (file, line, condition) and
// traps, which libFuzzer reports as a crash and the replay programs die of.
#define FUZZ_CHECK(cond)                                                                    \
  do {                                                                                      \
    if (!(cond)) {                                                                          \
      std::fprintf(stderr, "%s:%d: fuzz property failed: %s\n", __FILE__, __LINE__, #cond); \
      std::fflush(stderr);                                                                  \
      __builtin_trap();                                                                     \
    }                                                                                       \
  } while (false)

namespace fusetrack::fuzz {

// Reads a fuzzer's input left to right as small integers and floats. Past the end every read
// gives zero bytes, so any input, however short, decodes to something.
class ByteReader {
 public:
  ByteReader(const std::uint8_t* data, std::size_t size) noexcept : data_(data), size_(size) {}

  bool empty() const noexcept { return pos_ >= size_; }

  // sizeof(T) bytes copied as they are (little-endian on every machine we build for), zero-padded
  // past the end: arbitrary bit patterns, NaNs and infinities included for floats.
  template <typename T>
  T raw() noexcept {
    unsigned char bytes[sizeof(T)] = {};
    for (std::size_t i = 0; i < sizeof(T) && pos_ < size_; ++i) bytes[i] = data_[pos_++];
    T v;
    std::memcpy(&v, bytes, sizeof(T));
    return v;
  }
  std::uint8_t u8() noexcept { return raw<std::uint8_t>(); }
  std::int8_t i8() noexcept { return raw<std::int8_t>(); }
  std::uint16_t u16() noexcept { return raw<std::uint16_t>(); }
  std::int16_t i16() noexcept { return raw<std::int16_t>(); }
  std::uint32_t u32() noexcept { return raw<std::uint32_t>(); }
  std::int64_t i64() noexcept { return raw<std::int64_t>(); }
  float f32() noexcept { return raw<float>(); }

 private:
  const std::uint8_t* data_;
  std::size_t size_;
  std::size_t pos_ = 0;
};

}  // namespace fusetrack::fuzz
