// Compiler hints for the per-sample path (no effect on results).
#pragma once

// Marks a per-sample step that must be inlined into each update that calls it: a step shared by
// a single-stream and a combined update stays one function in the source, yet the combined
// update keeps the state in registers across its steps instead of calling out (GCC's -O2
// heuristics would not inline steps this size). Plain `inline` on other compilers.
#if defined(__GNUC__) || defined(__clang__)
#define FUSETRACK_ALWAYS_INLINE inline __attribute__((always_inline))
#else
#define FUSETRACK_ALWAYS_INLINE inline
#endif

// Marks a rarely taken path (a reset after a defect, an error report) that must stay out of the
// per-sample code it is called from, so that code keeps its registers.
#if defined(__GNUC__) || defined(__clang__)
#define FUSETRACK_COLD __attribute__((noinline, cold))
#else
#define FUSETRACK_COLD
#endif
