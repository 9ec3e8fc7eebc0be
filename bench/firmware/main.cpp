// The firmware: the Tracker over the embedded test stream (run_stream.hpp), one line per run with
// the outputs and the instructions taken, then the stack high-water mark, printed through
// semihosting. FW_CONFIG chooses what the image holds and runs:
// - 0 .. kConfigs - 1: one configuration (orientation only, + steps, + activity, + heart rate,
//   everything), built as BasicTracker<kConfigParts[FW_CONFIG]>: only its parts are linked, so
//   the image's flash and RAM are that configuration's;
// - kConfigs: the EKF alone (9D), no Tracker;
// - -1: every configuration through the Tracker with all parts (chosen by settings at run time),
//   then the EKF alone.
//
// Instructions: SysTick on the processor clock counts down once per 40 instructions under
// QEMU's -icount shift=0 (a 25 MHz SysTick, 1 instruction = 1 ns); without -icount the
// figure follows host time and means nothing.
#include <cstddef>
#include <cstdint>
#include <new>
#include <utility>

#include "run_stream.hpp"
#include "semihosting.hpp"

namespace {
volatile std::uint32_t* const kSysTickCtrl = reinterpret_cast<volatile std::uint32_t*>(0xE000E010u);
volatile std::uint32_t* const kSysTickLoad = reinterpret_cast<volatile std::uint32_t*>(0xE000E014u);
volatile std::uint32_t* const kSysTickVal = reinterpret_cast<volatile std::uint32_t*>(0xE000E018u);
constexpr std::uint32_t kInstructionsPerTick = 40;

#ifndef FW_CONFIG
#error \
    "FW_CONFIG: a configuration of run_stream.hpp (0 .. kConfigs - 1), kConfigs (the EKF alone) or -1 (all)"
#endif
constexpr bool kAllConfigs = FW_CONFIG < 0;

// The parts configuration c runs with: its own, or all of them in the all-parts image.
constexpr std::uint32_t parts_for(int c) {
  return kAllConfigs || c >= fw::kConfigs ? fusetrack::tracker_parts::kAll : fw::kConfigParts[c];
}
template <int C>
using TrackerFor = fusetrack::BasicTracker<parts_for(C)>;

// What the image runs: one type, built in place in g_storage (static, not on the stack).
template <int Config>
struct ImageType {
  using type = TrackerFor<Config>;
};
template <>
struct ImageType<fw::kConfigs> {
  using type = fusetrack::OrientationEkf;
};
using Largest = typename ImageType<(FW_CONFIG < 0 ? 0 : FW_CONFIG)>::type;  // all: every Tracker
alignas(Largest) unsigned char g_storage[sizeof(Largest)];

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

// The Tracker built in g_storage. Not inlined: a firmware builds it once at start, so the
// settings (about 0.5 KB) are not on the stack while it runs.
template <int C>
[[gnu::noinline]] TrackerFor<C>* make_tracker() {
  using T = TrackerFor<C>;
  static_assert(sizeof(T) <= sizeof g_storage && alignof(T) <= alignof(Largest), "it fits");
  return new (g_storage) T(fw::stream_settings(C));
}

template <int C>
bool run_tracker() {
  using T = TrackerFor<C>;
  T* t = make_tracker<C>();
  if (!fusetrack::ok(t->status())) {
    fw::write("firmware: settings rejected\n");
    return false;
  }
  const std::uint32_t before = *kSysTickVal;
  const fw::StreamResult r = fw::run_stream(*t);
  print_line(fw::kConfigNames[C], r, instructions_since(before));
  t->~T();
  return true;
}

void run_ekf_alone() {
  const std::uint32_t start = *kSysTickVal;
  const fw::StreamResult replay_only = fw::run_replay_only();
  print_line(fw::kReplayOnlyName, replay_only, instructions_since(start));
  static_assert(sizeof(fusetrack::OrientationEkf) <= sizeof g_storage &&
                    alignof(fusetrack::OrientationEkf) <= alignof(Largest),
                "the filter fits");
  auto* ekf = new (g_storage) fusetrack::OrientationEkf(fusetrack::OrientationEkfSettings{});
  const std::uint32_t before = *kSysTickVal;
  const fw::StreamResult r = fw::run_filter_only(*ekf);
  print_line(fw::kFilterOnlyName, r, instructions_since(before));
}

template <int... C>
bool run_all(std::integer_sequence<int, C...>) {
  return (run_tracker<C>() && ...);
}

// What image `Config` runs (a template: the runs it does not do are not instantiated).
template <int Config>
bool run_image() {
  if constexpr (Config < 0) {
    if (!run_all(std::make_integer_sequence<int, fw::kConfigs>{})) return false;
    run_ekf_alone();
  } else if constexpr (Config < fw::kConfigs) {
    if (!run_tracker<Config>()) return false;
  } else {
    run_ekf_alone();
  }
  return true;
}
}  // namespace

int main() {
  *kSysTickLoad = 0xFFFFFFu;
  *kSysTickVal = 0;
  *kSysTickCtrl = 5;  // enabled, processor clock, no interrupt
  if (!run_image<FW_CONFIG>()) return 3;
  field("stack", fw::stack_used_bytes());
  fw::write("\n");
  return 0;
}
