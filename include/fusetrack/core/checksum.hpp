// Hashes and checksums for saved state: FNV-1a over settings fields (so a saved state can tell
// which settings made it) and CRC-32 over the saved bytes (so a damaged buffer is refused).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace fusetrack {

// FNV-1a, 32 bit (Fowler, Noll, Vo), fed field by field: a struct's padding never enters it.
// Floats enter by their bit pattern, so any change of a setting changes the hash.
class SettingsHash {
 public:
  void add(float v) noexcept {
    std::uint32_t bits = 0;
    std::memcpy(&bits, &v, sizeof bits);
    add(bits);
  }
  void add(bool v) noexcept { add_byte(v ? 1u : 0u); }
  void add(std::uint8_t v) noexcept { add_byte(v); }
  void add(std::uint32_t v) noexcept {
    for (int i = 0; i < 4; ++i) add_byte(static_cast<std::uint8_t>(v >> (8 * i)));
  }
  std::uint32_t value() const noexcept { return h_; }

 private:
  void add_byte(std::uint32_t b) noexcept { h_ = (h_ ^ b) * 16777619u; }
  std::uint32_t h_ = 2166136261u;
};

// CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320, as zlib's crc32), bit by bit: no table,
// a few cycles per bit, which is cheap for the occasional save of a few KB. `crc` continues a
// previous call's result (0 to start).
inline std::uint32_t crc32(const std::uint8_t* data, std::size_t n,
                           std::uint32_t crc = 0) noexcept {
  crc = ~crc;
  for (std::size_t i = 0; i < n; ++i) {
    crc ^= data[i];
    for (int k = 0; k < 8; ++k) crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
  }
  return ~crc;
}

}  // namespace fusetrack
