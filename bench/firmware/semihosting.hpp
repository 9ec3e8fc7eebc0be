// Semihosting (ARM M-profile, `bkpt 0xAB`): text to the host and the exit status, for QEMU's
// -semihosting-config enable=on,target=native. Plus the stack high-water mark (startup.cpp).
#pragma once

#include <cstdint>

namespace fw {

inline std::uint32_t semihost(std::uint32_t op, const void* arg) {
  register std::uint32_t r0 asm("r0") = op;
  register const void* r1 asm("r1") = arg;
  asm volatile("bkpt 0xAB" : "+r"(r0) : "r"(r1) : "memory");
  return r0;
}

inline void write(const char* text) { semihost(0x04, text); }  // SYS_WRITE0

[[noreturn]] inline void exit(int code) {
  const std::uint32_t block[2] = {0x20026u, static_cast<std::uint32_t>(code)};  // ApplicationExit
  semihost(0x20, block);                                                        // SYS_EXIT_EXTENDED
  for (;;) {
  }
}

// Writes `v` in decimal.
inline void write_int(std::int64_t v) {
  char buf[24];
  char* p = buf + sizeof buf;
  *--p = '\0';
  const bool neg = v < 0;
  std::uint64_t u = neg ? static_cast<std::uint64_t>(-(v + 1)) + 1u : static_cast<std::uint64_t>(v);
  do {
    *--p = static_cast<char>('0' + u % 10u);
    u /= 10u;
  } while (u != 0);
  if (neg) *--p = '-';
  write(p);
}

std::uint32_t stack_used_bytes();
std::uint32_t stack_size_bytes();

}  // namespace fw
