"""What the Python package costs per sample over C++, on the same recording.

C++: the Google Benchmark `push_recording_in_memory` of fusetrack_bench_replay (the recording in
memory, a fresh Tracker per repetition, every record pushed in file order, events drained after
each push). Python: the same recording read once with fusetrack.read_recording, then per
repetition a fresh fusetrack.Tracker with the same settings and
  - push_recording: one call, the file order;
  - push (merged): one call, the three streams merged by time stamp in C++;
  - push in 1 s and in 10 s chunks: one push() per chunk of data (what a notebook streaming a
    long recording does), the chunks sliced with NumPy beforehand.
Both sides report the median over repetitions, in ns per sample; the overhead is Python / C++ - 1.

Usage (from the build tree's parent):
  PYTHONPATH=build/python /usr/bin/python3 bench/python/push_overhead_bench.py \
      --bench build/bench/fusetrack_bench_replay [--recording data/sample.csv] [--repetitions 9]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

import fusetrack


def cpp_ns_per_sample(bench: str, recording: str, repetitions: int) -> tuple[float, int]:
    out = subprocess.run(
        [bench, "--benchmark_filter=push_recording_in_memory",
         f"--benchmark_repetitions={repetitions}", "--benchmark_report_aggregates_only=true",
         "--benchmark_format=json"],
        check=True, capture_output=True, text=True,
        env=dict(os.environ, FUSETRACK_BENCH_RECORDING=recording)).stdout
    runs = json.loads(out)["benchmarks"]
    median = next(r for r in runs if r.get("aggregate_name") == "median")
    samples = int(median["samples"])
    seconds = median["real_time"] * {"ms": 1e-3, "us": 1e-6, "ns": 1e-9, "s": 1.0}[median["time_unit"]]
    return seconds / samples * 1e9, samples


def chunks_of(rec: fusetrack.Recording, seconds: float) -> list[dict]:
    step = int(seconds * 1e6)
    t0 = min(int(s["t_us"][0]) for s in (rec.imu, rec.mag, rec.ppg) if s is not None)
    t1 = max(int(s["t_us"][-1]) for s in (rec.imu, rec.mag, rec.ppg) if s is not None)
    out = []
    for start in range(t0, t1 + 1, step):
        chunk = {}
        for key in ("imu", "mag", "ppg"):
            s = getattr(rec, key)
            if s is None:
                continue
            sel = (s["t_us"] >= start) & (s["t_us"] < start + step)
            chunk[key] = {k: (None if v is None else v[sel]) for k, v in s.items()}
        out.append(chunk)
    return out


def python_ns_per_sample(rec, settings, how: str, repetitions: int) -> float:
    chunks = chunks_of(rec, float(how.split("_")[1])) if how.startswith("chunks") else None
    times = []
    for _ in range(repetitions + 1):  # the first one warms up
        t = fusetrack.Tracker(settings)
        start = time.perf_counter()
        if how == "file_order":
            t.push_recording(rec)
        elif how == "merged":
            t.push(rec.imu, rec.mag, rec.ppg)
        else:
            for c in chunks:
                t.push(**c)
        t.drain_events()
        times.append(time.perf_counter() - start)
    return statistics.median(times[1:]) / rec.samples * 1e9


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--bench", default="build/bench/fusetrack_bench_replay")
    p.add_argument("--recording", default="data/sample.csv")
    p.add_argument("--repetitions", type=int, default=9)
    p.add_argument("--json", action="store_true")
    a = p.parse_args()
    rec = fusetrack.read_recording(a.recording)
    settings = fusetrack.settings_for(rec)
    cpp, samples = cpp_ns_per_sample(a.bench, a.recording, a.repetitions)
    if samples != rec.samples:
        print(f"the benchmark pushed {samples} samples, Python {rec.samples}", file=sys.stderr)
        return 1
    rows = [("C++ replay (in memory, events drained)", cpp)]
    for how, label in (("file_order", "Python push_recording (file order)"),
                       ("merged", "Python push (streams merged in C++)"),
                       ("chunks_1", "Python push, 1 s chunks"),
                       ("chunks_10", "Python push, 10 s chunks")):
        rows.append((label, python_ns_per_sample(rec, settings, how, a.repetitions)))
    if a.json:
        print(json.dumps({"recording": a.recording, "samples": rec.samples,
                          "repetitions": a.repetitions,
                          "rows": [{"what": w, "ns_per_sample": ns,
                                    "overhead": ns / cpp - 1.0} for w, ns in rows]}, indent=2))
        return 0
    print(f"{a.recording}: {rec.samples} samples, median of {a.repetitions} repetitions")
    print(f"{'':40s} {'ns/sample':>10s} {'vs C++':>8s}")
    for what, ns in rows:
        print(f"{what:40s} {ns:10.1f} {100.0 * (ns / cpp - 1.0):+7.1f}%")
    return 0


if __name__ == "__main__":
    sys.exit(main())
