// A small seeded random source for the simulator: std::mt19937_64 with its own uniform and normal
// transforms, so the numbers depend only on the seed (not on a standard library's
// distributions). Independent streams are derived from one seed with SplitMix64.
#pragma once

#include <cmath>
#include <cstdint>
#include <random>

namespace fusetrack::sim {

// SplitMix64 (Steele, Lea & Flood, "Fast splittable pseudorandom number generators", OOPSLA 2014):
// a well-mixed 64-bit value from `x`, used to derive one seed per stream.
constexpr std::uint64_t splitmix64(std::uint64_t x) noexcept {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

// Names of the independent random streams: changing how many numbers one stream draws (e.g.
// the PPG channel count) leaves the others unchanged.
enum class RngStream : std::uint64_t {
  kTrajectory = 1,  // heading, step variability, sway and heart-rate phases
  kImuClock = 2,
  kImuNoise = 3,
  kMagClock = 4,
  kMagNoise = 5,
  kPpgClock = 6,
  kPpgNoise = 7,
  kGestures = 8,   // the activities without steps: one generator per segment (seed mixed with it)
  kPpgFaults = 9,  // the ambient-light faults: one generator per stretch (seed mixed with it)
  kMotionEvents = 10,  // falls and fall-like motions: one generator per event (seed mixed with it)
};

class Rng {
 public:
  Rng(std::uint64_t seed, RngStream stream)
      : engine_(splitmix64(seed ^ splitmix64(static_cast<std::uint64_t>(stream)))) {}

  // Uniform in [0, 1), 53 random bits.
  double uniform() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }
  // Uniform in [lo, hi).
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
  // Standard normal (Box-Muller; the second value of each pair is kept for the next call).
  double normal() {
    if (has_spare_) {
      has_spare_ = false;
      return spare_;
    }
    double u1 = uniform();
    while (u1 <= 0.0) u1 = uniform();
    const double u2 = uniform();
    const double r = std::sqrt(-2.0 * std::log(u1));
    const double a = 2.0 * 3.14159265358979323846 * u2;
    spare_ = r * std::sin(a);
    has_spare_ = true;
    return r * std::cos(a);
  }

 private:
  std::mt19937_64 engine_;
  double spare_ = 0.0;
  bool has_spare_ = false;
};

}  // namespace fusetrack::sim
