// The firmware: the Tracker over the embedded test stream in each configuration of
// run_stream.hpp (orientation only, + steps, + activity, + heart rate, everything), then the EKF
// alone (9D), one line each with the outputs and the instructions taken, then the stack
// high-water mark, printed through semihosting.
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

// Instructions since `before` (SysTick counts down; one wrap at most: 671 M instructions).
std::int64_t instructions_since(std::uint32_t before) {
  const std::uint32_t after = *kSysTickVal;
  return static_cast<std::int64_t>((before - after) & 0xFFFFFFu) * kInstructionsPerTick;
}

void print_line(const char* config, const fw::StreamResult& r, std::int64_t insn) {
  fw::write("config=");
  fw::write(config);
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
  field("insn", insn);
  field("imu_samples", sizeof fw::stream::kImu / sizeof fw::stream::kImu[0]);
  fw::write("\n");
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
    print_line(fw::kConfigNames[c], r, instructions_since(before));
    t->~Tracker();
  }
  static_assert(sizeof(fusetrack::OrientationEkf) <= sizeof g_storage, "the filter fits");
  auto* ekf = new (g_storage) fusetrack::OrientationEkf(fusetrack::OrientationEkfSettings{});
  const std::uint32_t before = *kSysTickVal;
  const fw::StreamResult r = fw::run_filter_only(*ekf);
  print_line(fw::kFilterOnlyName, r, instructions_since(before));
  field("stack", fw::stack_used_bytes());
  fw::write("\n");
  return 0;
}
