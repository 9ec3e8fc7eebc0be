"""python3 -m fusetrack replay DIR: `fusetrack replay DIR` on a Dask cluster.

Every recording under DIR (and its subfolders) is replayed as one Dask task, on the scheduler
given by --scheduler or on a local cluster on 127.0.0.1 (--workers processes, default the CPU
count). It prints what `fusetrack replay DIR` prints, byte for byte: the same table or, with
--json, the same JSON object, and with --out it writes the same day files. The throughput goes to
stderr. Exit status: 0 when every recording was replayed, 1 when one failed (or the cluster
failed), 2 on a usage error (bad options, DIR not a folder or without recordings).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import sys
import time

import fusetrack
import fusetrack.dask

_USAGE_ERROR = 2


def _left(text: str, width: int) -> str:
    """`text` padded on the right to `width` bytes of UTF-8, as printf's %-*s pads."""
    return text + " " * max(0, width - len(text.encode("utf-8")))


def _fixed1(value) -> str:
    """printf's %.1f of a summary number (None: a non-finite one, printed "nan")."""
    return "nan" if value is None or (isinstance(value, float) and math.isnan(value)) else (
        f"{value:.1f}")


def table_text(rows: list[dict]) -> str:
    """The table `fusetrack replay DIR` prints for these rows, with its closing line."""
    width = max([4] + [len(r["file"].encode("utf-8")) for r in rows])
    lines = [f"{_left('file', width)} {'duration_s':>10} {'steps':>8} {'distance_m':>10} "
             f"{'hr_bpm':>7} {'kcal':>8} {'falls':>5} {'faults':>6}  status"]
    failed, duration, steps = 0, 0.0, 0
    for r in rows:
        if r["status"] != "ok":
            failed += 1
            lines.append(f"{_left(r['file'], width)} {'-':>10} {'-':>8} {'-':>10} {'-':>7} "
                         f"{'-':>8} {'-':>5} {'-':>6}  error: {r['error']}")
            continue
        s = r["summary"]
        stages = s["stages"]
        duration += s["duration_s"] if s["duration_s"] is not None else math.nan
        steps += s["steps"]
        lines.append(
            f"{_left(r['file'], width)} {_fixed1(s['duration_s']):>10} "
            f"{str(s['steps']) if stages['steps'] else '-':>8} "
            f"{_fixed1(s['distance_m']) if stages['steps'] else '-':>10} "
            f"{_fixed1(s['heart']['mean_bpm']) if s['heart']['valid'] > 0 else '-':>7} "
            f"{_fixed1(s['energy']['kcal_total']) if stages['energy'] else '-':>8} "
            f"{str(s['falls']) if stages['falls'] else '-':>5} "
            f"{r['faults']:>6}  ok")
    lines.append(f"{len(rows)} recordings, {len(rows) - failed} ok, {failed} failed; "
                 f"{_fixed1(duration)} s, {steps} steps in the ones that finished")
    return "\n".join(lines) + "\n"


def json_text(folder: str, out: str | None, rows: list[dict]) -> str:
    """The JSON object `fusetrack replay DIR --json` prints for these rows."""
    recordings = [{"file": r["file"], "status": r["status"], "error": r["error"],
                   "faults": r["faults"], "summary": r["summary"]} for r in rows]
    document = {"dir": folder, "out": out, "recordings": recordings,
                "failed": sum(r["status"] != "ok" for r in rows)}
    return json.dumps(document, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def _parser() -> tuple[argparse.ArgumentParser, argparse.ArgumentParser]:
    """The command line's parser and its replay subcommand's."""
    parser = argparse.ArgumentParser(
        prog="python3 -m fusetrack",
        description="fusetrack on a Dask cluster (see docs/python-scale-out.md).")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    replay = commands.add_parser(
        "replay",
        help="replay every recording in DIR on a Dask cluster",
        description=(
            "Replay every recording in DIR and its subfolders (*.csv, *.csv.gz; not the truth "
            "files NAME_truth.csv) through the streaming Tracker, one Dask task each, and print "
            "one summary row each, in the order of their paths, as `fusetrack replay DIR` "
            "prints them. A recording that cannot be read is reported in its row and the others "
            "go on; the exit status is then 1. The output does not depend on the number of "
            "workers; the throughput goes to stderr."))
    replay.add_argument("dir", metavar="DIR", help="folder of recordings in the fusetrack format")
    replay.add_argument("--scheduler", metavar="tcp://HOST:PORT",
                        help="the Dask scheduler to use (default: a local cluster on 127.0.0.1); "
                             "its workers open DIR and write --out themselves, so give them as "
                             "absolute paths on a shared file system")
    replay.add_argument("--workers", type=int, metavar="N",
                        help="worker processes of the local cluster, one thread each (default: "
                             "the CPU count); not with --scheduler")
    replay.add_argument("--out", metavar="DIR",
                        help="write each recording's NAME_timeline.csv, NAME_timeline.json and "
                             "NAME_day.svg here, in subfolders mirroring DIR's")
    replay.add_argument("--json", action="store_true",
                        help="print one JSON object instead of the table")
    replay.add_argument("--no-falls", dest="falls", action="store_false",
                        help="do not run the fall stage (it runs by default on wrist "
                             "recordings)")
    replay.add_argument("--filter", choices=("ekf", "complementary"), default="ekf",
                        help="orientation filter (default: ekf)")
    replay.add_argument("--no-mag", action="store_true",
                        help="6D orientation: do not use the magnetometer")
    replay.add_argument("--skip-bad-rows", action="store_true",
                        help="skip and count malformed rows instead of stopping at the first")
    return parser, replay


def _replay(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    if args.scheduler is not None and args.workers is not None:
        parser.error("--workers is for the local cluster, not with --scheduler")
    if args.workers is not None and not 1 <= args.workers <= 1024:
        parser.error("--workers: an integer in [1, 1024]")
    if not os.path.isdir(args.dir):
        print(f"fusetrack: error: {args.dir}: not a folder", file=sys.stderr)
        return _USAGE_ERROR
    if not fusetrack.find_recordings(args.dir):
        print(f"fusetrack: error: {args.dir}: no recordings (*.csv, *.csv.gz)", file=sys.stderr)
        return _USAGE_ERROR

    import distributed

    start = time.monotonic()
    options = dict(out=args.out, falls=args.falls, filter=args.filter, use_mag=not args.no_mag,
                   skip_bad_rows=args.skip_bad_rows, progress=None)
    with contextlib.ExitStack() as stack:
        try:
            if args.scheduler is not None:
                client = stack.enter_context(distributed.Client(args.scheduler))
            else:
                client = stack.enter_context(fusetrack.dask.local_cluster(args.workers))
        except OSError as e:
            where = args.scheduler or "a local cluster"
            print(f"fusetrack: error: cannot reach {where}: {e}", file=sys.stderr)
            return 1
        try:
            workers = len(client.scheduler_info()["workers"])
            if workers == 0:
                print("replay: the scheduler has no workers yet: waiting for one",
                      file=sys.stderr)
            replay_start = time.monotonic()
            rows = fusetrack.dask.replay_rows(args.dir, client, **options)
            workers = max(workers, len(client.scheduler_info()["workers"]))
        except Exception as e:  # the cluster failed (a worker without fusetrack, ...)
            print(f"fusetrack: error: {type(e).__name__}: {e}", file=sys.stderr)
            return 1
        wall_s = time.monotonic() - replay_start
    cluster_s = replay_start - start

    if args.json:
        sys.stdout.write(json_text(args.dir, args.out, rows))
    else:
        sys.stdout.write(table_text(rows))
        if args.out is not None:
            sys.stdout.write(f"day files written under {args.out}\n")
    sys.stdout.flush()
    samples = sum(r["samples"] for r in rows)
    rate = samples / wall_s if wall_s > 0 else 0.0
    print(f"replay: {len(rows)} recordings, {samples} samples in {wall_s:.2f} s on {workers} "
          f"workers: {rate:.0f} samples/s (cluster ready in {cluster_s:.2f} s)", file=sys.stderr)
    return 1 if any(r["status"] != "ok" for r in rows) else 0


def main(argv: list[str] | None = None) -> int:
    """The command line; returns the exit status."""
    parser, replay = _parser()
    args = parser.parse_args(argv)
    if args.command == "replay":
        return _replay(replay, args)
    parser.error(f"unknown command {args.command}")
    return _USAGE_ERROR


if __name__ == "__main__":
    sys.exit(main())
