// The firmware: the Tracker over the embedded test stream in each configuration of
// run_stream.hpp (orientation only, + steps, + activity, + heart rate, everything), one line per
// configuration with its outputs and the instructions it took, then the stack high-water mark,
// printed through semihosting.
//
// Instructions: SysTick on the processor clock counts down once per 40 instructions under
// QEMU's -icount shift=0 (a 25 MHz SysTick, 1 instruction = 1 ns); without -icount the
// figure follows host time and means nothing.
#include <cstdint>
#include <new>

#include "run_stream.hpp"
#include "semihosting.hpp"

namespace {
volatile std::uint32_t* const kSysTickCtrl = reinterpret_cast<volatile std::uint32_t*>(0xE000E010u);
volatile std::uint32_t* const kSysTickLoad = reinterpret_cast<volatile std::uint32_t*>(0xE000E014u);
volatile std::uint32_t* const kSysTickVal = reinterpret_cast<volatile std::uint32_t*>(0xE000E018u);
constexpr std::uint32_t kInstructionsPerTick = 40;

// One Tracker at a time, built in place for each configuration: static, not on the stack.
alignas(fusetrack::Tracker) unsigned char g_storage[sizeof(fusetrack::Tracker)];

void field(const char* name, std::int64_t v) {
  fw::write(name);
  fw::write("=");
  fw::write_int(v);
  fw::write(" ");
}
}  // namespace

int main() {
  *kSysTickLoad = 0xFFFFFFu;
  *kSysTickVal = 0;
  *kSysTickCtrl = 5;  // enabled, processor clock, no interrupt
  for (int c = 0; c < fw::kConfigs; ++c) {
    fusetrack::Tracker* t = new (g_storage) fusetrack::Tracker(fw::stream_settings(c));
    if (!fusetrack::ok(t->status())) {
      fw::write("firmware: settings rejected\n");
      return 3;
    }
    const std::uint32_t before = *kSysTickVal;
    const fw::StreamResult r = fw::run_stream(*t);
    const std::uint32_t after = *kSysTickVal;
    const std::uint32_t ticks = (before - after) & 0xFFFFFFu;  // one wrap at most (671 M insns)
    fw::write("config=");
    fw::write(fw::kConfigNames[c]);
    fw::write(" ");
    field("status", r.status);
    field("events", r.events);
    field("qw", r.q_e6[0]);
    field("qx", r.q_e6[1]);
    field("qy", r.q_e6[2]);
    field("qz", r.q_e6[3]);
    field("steps", r.steps);
    field("activity", r.activity);
    field("heart_e1", r.heart_bpm_e1);
    field("heart_estimates", r.heart_estimates);
    field("kcal_e3", r.kcal_e3);
    field("insn", static_cast<std::int64_t>(ticks) * kInstructionsPerTick);
    field("imu_samples", sizeof fw::stream::kImu / sizeof fw::stream::kImu[0]);
    fw::write("\n");
    t->~Tracker();
  }
  field("stack", fw::stack_used_bytes());
  fw::write("\n");
  return 0;
}
