// Bare-metal start for the QEMU mps2-an386 board (Cortex-M4F): the vector table, a reset handler
// that enables the FPU before any compiled code runs, the C runtime set-up, and semihosting
// output and exit (bench/firmware/README.md). No newlib start files, no heap.
#include <cstdint>

#include "semihosting.hpp"

extern "C" {
extern std::uint32_t __data_start, __data_end, __data_load, __bss_start, __bss_end;
extern std::uint32_t __stack_bottom, __stack_top;
extern void (*__init_array_start[])();
extern void (*__init_array_end[])();
int main();
void reset_handler();
}

namespace {

constexpr std::uint32_t kStackPaint = 0xDEADBEEFu;

extern "C" [[noreturn]] void start_c() {
  const std::uint32_t* from = &__data_load;
  for (std::uint32_t* to = &__data_start; to < &__data_end;) *to++ = *from++;
  for (std::uint32_t* p = &__bss_start; p < &__bss_end;) *p++ = 0;
  for (void (**f)() = __init_array_start; f < __init_array_end; ++f) (*f)();
  fw::exit(main());
}

[[noreturn]] void fault_handler() {
  fw::write("firmware: fault\n");
  fw::exit(2);
}

}  // namespace

namespace fw {

std::uint32_t stack_used_bytes() {
  const std::uint32_t* p = &__stack_bottom;
  while (p < &__stack_top && *p == kStackPaint) ++p;
  return static_cast<std::uint32_t>(reinterpret_cast<std::uintptr_t>(&__stack_top) -
                                    reinterpret_cast<std::uintptr_t>(p));
}

std::uint32_t stack_size_bytes() {
  return static_cast<std::uint32_t>(reinterpret_cast<std::uintptr_t>(&__stack_top) -
                                    reinterpret_cast<std::uintptr_t>(&__stack_bottom));
}

}  // namespace fw

// CP10/CP11 full access (CPACR, 0xE000ED88) first: any compiled function may use the FPU in its
// prologue. Then the stack is painted (for the high-water mark) and the C runtime starts.
extern "C" __attribute__((naked, noreturn)) void reset_handler() {
  asm volatile(
      "ldr r0, =0xE000ED88\n"
      "ldr r1, [r0]\n"
      "orr r1, r1, #(0xF << 20)\n"
      "str r1, [r0]\n"
      "dsb\n"
      "isb\n"
      "ldr r0, =__stack_bottom\n"
      "ldr r1, =__stack_top\n"
      "ldr r2, =0xDEADBEEF\n"
      "1: cmp r0, r1\n"
      "bhs 2f\n"
      "str r2, [r0], #4\n"
      "b 1b\n"
      "2: b start_c\n");
}

using Handler = void (*)();
extern "C" __attribute__((section(".isr_vector"), used)) const Handler g_vectors[16] = {
    reinterpret_cast<Handler>(&__stack_top),
    reset_handler,
    fault_handler,  // NMI
    fault_handler,  // HardFault
    fault_handler,  // MemManage
    fault_handler,  // BusFault
    fault_handler,  // UsageFault
    nullptr,
    nullptr,
    nullptr,
    nullptr,
    fault_handler,  // SVCall
    fault_handler,  // DebugMonitor
    nullptr,
    fault_handler,  // PendSV
    fault_handler,  // SysTick
};
