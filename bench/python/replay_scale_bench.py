"""Replay throughput at scale: one process, the oneTBB replay and a Dask cluster.

    PYTHONPATH=build/python /usr/bin/python3 bench/python/replay_scale_bench.py \\
        [--recordings 2000] [--distinct 100] [--minutes 2.5] [--workers 2] [--workdir DIR] [--json]

Simulates --distinct recordings of --minutes each (varied scenarios, placements and seeds) and
lists them over and over (the same paths repeated) to make --recordings replay tasks, then replays
that list three ways and prints what it measured:
  (a) one process: fusetrack.replay_row in a loop;
  (b) the oneTBB replay: fusetrack.replay_files(paths, jobs=WORKERS);
  (c) a Dask LocalCluster on 127.0.0.1 with WORKERS single-threaded worker processes:
      fusetrack.dask.replay_rows(paths, client), one task per recording.
Recordings/s and samples/s (rows replayed: accepted samples of every stream + rejected) for each,
the speed-up against (a), the scheduling overhead per task (a Dask map of a no-op over as many
tasks on the same cluster; (c's wall x workers - (a)'s CPU time) / tasks; and (the workers' CPU
time in (c) - (a)'s CPU time) / tasks), the CPU time each way used, each worker's peak
resident memory (VmHWM) before and after (c), and whether the three gave the same rows.
Repeated paths are read from the page cache after their first read, alike in all three.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sys
import tempfile
import time

import fusetrack
import fusetrack.dask

# Scenario shapes: (activity, share of the recording), cycled over the distinct recordings.
SHAPES = (
    (("rest", 0.2), ("walk", 0.5), ("run", 0.3)),
    (("walk", 0.6), ("rest", 0.2), ("walk", 0.2)),
    (("rest", 0.3), ("wave", 0.1), ("walk", 0.4), ("type", 0.2)),
    (("run", 0.4), ("walk", 0.4), ("rest", 0.2)),
    (("talk", 0.3), ("walk", 0.5), ("car", 0.2)),
)
PLACEMENTS = ("wrist", "wrist", "hand", "pocket")


def scenario_text(shape, seconds: int) -> str:
    """ACTIVITY:SECONDS,... adding up to `seconds`."""
    parts, used = [], 0
    for k, (activity, share) in enumerate(shape):
        length = seconds - used if k == len(shape) - 1 else max(1, round(seconds * share))
        used += length
        parts.append(f"{activity}:{length}")
    return ",".join(parts)


def simulate_distinct(folder: str, count: int, minutes: float) -> list[dict]:
    """`count` distinct recordings of `minutes` each in `folder`; simulate()'s dicts."""
    seconds = max(10, round(minutes * 60))
    made = []
    for i in range(count):
        scenario = scenario_text(SHAPES[i % len(SHAPES)], seconds)
        placement = PLACEMENTS[(i // len(SHAPES)) % len(PLACEMENTS)]
        made.append(fusetrack.simulate(os.path.join(folder, f"rec{i:04d}"), scenario=scenario,
                                       seed=7000 + i, placement=placement))
    return made


def read_peak_memory_kb() -> dict:
    """VmHWM and VmRSS of this process from /proc/self/status, kB."""
    values = {}
    with open("/proc/self/status") as status:
        for line in status:
            key, _, rest = line.partition(":")
            if key in ("VmHWM", "VmRSS"):
                values[key] = int(rest.split()[0])
    return values


def read_cpu_s() -> float:
    """CPU time (user + system) this process has used, s."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def import_fusetrack() -> str:
    """Imports fusetrack in a worker (so the import is not timed as the first task's)."""
    import fusetrack as loaded

    return loaded.__name__


def noop(i):
    return i


def timed(function):
    start_wall, start_cpu = time.perf_counter(), time.process_time()
    result = function()
    return result, time.perf_counter() - start_wall, time.process_time() - start_cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--recordings", type=int, default=2000, metavar="N",
                        help="replay tasks (default 2000)")
    parser.add_argument("--distinct", type=int, default=100, metavar="K",
                        help="distinct simulated recordings, each listed N/K times (default 100)")
    parser.add_argument("--minutes", type=float, default=2.5, metavar="M",
                        help="length of each recording, min (default 2.5)")
    parser.add_argument("--workers", type=int, default=2, metavar="W",
                        help="oneTBB threads in (b) and Dask worker processes in (c) (default 2)")
    parser.add_argument("--workdir", metavar="DIR",
                        help="folder for the recordings (kept); default: a temporary one")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args()
    if args.recordings < 1 or not 1 <= args.distinct <= args.recordings:
        parser.error("need 1 <= --distinct <= --recordings")
    if args.minutes <= 0 or args.workers < 1:
        parser.error("--minutes > 0 and --workers >= 1")

    import dask
    import distributed

    load_before = os.getloadavg()[0]
    workdir = args.workdir or tempfile.mkdtemp(prefix="fusetrack-scale-bench-")
    folder = os.path.join(workdir, "recordings")
    os.makedirs(folder, exist_ok=True)
    try:
        made, gen_wall, _ = timed(lambda: simulate_distinct(folder, args.distinct, args.minutes))
        distinct_paths = [m["recording"] for m in made]
        disk_bytes = sum(os.path.getsize(p) for p in distinct_paths)
        largest_bytes = max(os.path.getsize(p) for p in distinct_paths)
        paths = [distinct_paths[i % args.distinct] for i in range(args.recordings)]
        log = (lambda text: None) if args.json else (lambda text: print(text, file=sys.stderr))

        log(f"(a) one process, {len(paths)} recordings ...")
        rows_a, wall_a, cpu_a = timed(lambda: [fusetrack.replay_row(p) for p in paths])
        log(f"(b) replay_files, jobs={args.workers} ...")
        rows_b, wall_b, cpu_b = timed(lambda: fusetrack.replay_files(paths, jobs=args.workers))

        log(f"(c) Dask LocalCluster, {args.workers} workers ...")
        # The cluster fusetrack.dask.local_cluster() starts (its configuration), with the
        # scratch space in the work folder.
        with dask.config.set({"temporary-directory": workdir,
                              **fusetrack.dask.LOCAL_CLUSTER_CONFIG}):
            start = time.perf_counter()
            cluster = distributed.LocalCluster(n_workers=args.workers, threads_per_worker=1,
                                               processes=True, host="127.0.0.1",
                                               dashboard_address=None)
            client = distributed.Client(cluster)
            client.wait_for_workers(args.workers)
            client.run(import_fusetrack)
            cluster_start_s = time.perf_counter() - start
            try:
                memory_before = client.run(read_peak_memory_kb)
                workers_cpu_before = client.run(read_cpu_s)
                rows_c, wall_c, cpu_c_here = timed(
                    lambda: fusetrack.dask.replay_rows(paths, client, progress=False))
                workers_cpu_after = client.run(read_cpu_s)
                memory_after = client.run(read_peak_memory_kb)
                cpu_c = sum(workers_cpu_after[w] - workers_cpu_before[w]
                            for w in workers_cpu_after)
                _, noop_wall, _ = timed(lambda: client.gather(
                    client.map(noop, range(len(paths)), pure=False)))
            finally:
                client.close()
                cluster.close()
    finally:
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)

    samples = sum(r["samples"] for r in rows_a)
    tasks = len(paths)
    methods = []
    for label, wall, cpu in (("(a) one process, replay_row loop", wall_a, cpu_a),
                             (f"(b) oneTBB replay_files, jobs={args.workers}", wall_b, cpu_b),
                             (f"(c) Dask LocalCluster, {args.workers} workers", wall_c, cpu_c)):
        methods.append({"method": label, "wall_s": wall, "cpu_s": cpu,
                        "recordings_per_s": tasks / wall, "samples_per_s": samples / wall,
                        "speed_up": wall_a / wall})
    workers = sorted(memory_after)
    result = {
        "tasks": tasks,
        "distinct_recordings": args.distinct,
        "listing": "each distinct recording's path repeated in the task list",
        "minutes_per_recording": args.minutes,
        "samples_per_task_mean": samples / tasks,
        "samples_total": samples,
        "distinct_bytes_on_disk": disk_bytes,
        "largest_recording_bytes": largest_bytes,
        "largest_recording_samples": max(m["samples"] for m in made),
        "generation_s": gen_wall,
        "cpus": os.cpu_count(),
        "load_average_1min": [load_before, os.getloadavg()[0]],
        "workers": args.workers,
        "methods": methods,
        "single_process_cpu_s": cpu_a,
        "dask_cluster_start_s": cluster_start_s,
        "noop_map_wall_s": noop_wall,
        "overhead_per_task_noop_ms": 1e3 * noop_wall / tasks,
        "overhead_per_task_noop_worker_ms": 1e3 * noop_wall * args.workers / tasks,
        "overhead_per_task_vs_single_cpu_ms": 1e3 * (wall_c * args.workers - cpu_a) / tasks,
        "overhead_per_task_worker_cpu_ms": 1e3 * (cpu_c - cpu_a) / tasks,
        "client_and_scheduler_cpu_s": cpu_c_here,
        "worker_memory_kb": [{"worker": w, "rss_before": memory_before[w]["VmRSS"],
                              "peak_before": memory_before[w]["VmHWM"],
                              "peak_after": memory_after[w]["VmHWM"]} for w in workers],
        "rows_identical": rows_a == rows_b == rows_c,
        "failed": sum(r["status"] != "ok" for r in rows_a),
    }
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print_report(result)
    return 0 if result["rows_identical"] and result["failed"] == 0 else 1


def print_report(r: dict) -> None:
    print(f"{r['tasks']} replay tasks: {r['distinct_recordings']} distinct simulated recordings "
          f"of {r['minutes_per_recording']:g} min, each path listed "
          f"{r['tasks'] / r['distinct_recordings']:g} times")
    print(f"  {r['samples_per_task_mean']:.0f} samples per recording on average, "
          f"{r['samples_total']} in all; {r['distinct_bytes_on_disk'] / 1e6:.1f} MB on disk, "
          f"simulated in {r['generation_s']:.1f} s")
    print(f"  {r['cpus']} CPUs; 1-minute load average {r['load_average_1min'][0]:.2f} before, "
          f"{r['load_average_1min'][1]:.2f} after (other work on the machine skews the figures)")
    print()
    print(f"{'method':<36} {'wall_s':>8} {'cpu_s':>8} {'recordings/s':>13} {'samples/s':>12} "
          f"{'speed-up':>9}")
    for m in r["methods"]:
        print(f"{m['method']:<36} {m['wall_s']:8.2f} {m['cpu_s']:8.2f} "
              f"{m['recordings_per_s']:13.1f} {m['samples_per_s']:12.4g} {m['speed_up']:9.2f}")
    print("  cpu_s: CPU time of the replaying processes ((c): the workers'; the client and the "
          f"scheduler used {r['client_and_scheduler_cpu_s']:.2f} s more)")
    print()
    print(f"Dask cluster start (not in (c)): {r['dask_cluster_start_s']:.2f} s")
    print(f"scheduling overhead per task: no-op map of {r['tasks']} tasks "
          f"{r['noop_map_wall_s']:.2f} s = {r['overhead_per_task_noop_ms']:.3f} ms wall "
          f"({r['overhead_per_task_noop_worker_ms']:.3f} ms of worker time) per task;")
    print(f"  ((c) wall x {r['workers']} workers - (a) CPU {r['single_process_cpu_s']:.2f} s) / "
          f"{r['tasks']} = {r['overhead_per_task_vs_single_cpu_ms']:.3f} ms per task;")
    print(f"  ((c) workers' CPU - (a) CPU) / {r['tasks']} = "
          f"{r['overhead_per_task_worker_cpu_ms']:.3f} ms of worker CPU per task")
    print(f"worker memory (the largest recording: {r['largest_recording_bytes'] / 1e6:.1f} MB on "
          f"disk, {r['largest_recording_samples']} samples):")
    for w in r["worker_memory_kb"]:
        print(f"  {w['worker']}: resident {w['rss_before'] / 1024:.1f} MB before (c); peak "
              f"(VmHWM) {w['peak_before'] / 1024:.1f} MB before, {w['peak_after'] / 1024:.1f} MB "
              f"after {r['tasks']} tasks")
    print(f"rows identical in (a), (b) and (c): {'yes' if r['rows_identical'] else 'NO'}; "
          f"failed recordings: {r['failed']}")


if __name__ == "__main__":
    sys.exit(main())
