"""Replaying many recordings on a Dask cluster, one task per recording.

`replay` (a pandas DataFrame) and `replay_rows` (the raw row dicts) replay a folder, a glob or a
list of recordings on a `distributed` cluster: each task calls `fusetrack.replay_row` on a worker
and sends back only that recording's row (never its timeline), so a worker holds one recording at
a time. Rows come back in input order and equal, field for field, what
`[fusetrack.replay_row(p) for p in paths]` returns in one process; with `out`, the day files are
the same bytes `fusetrack replay --out` writes. Nothing depends on the number of workers.

    import fusetrack.dask
    frame = fusetrack.dask.replay("recordings/", out="days/")          # a local cluster
    frame = fusetrack.dask.replay("recordings/", client="tcp://host:8786")

Paths are opened by the workers: on a cluster of several machines they must name the same files
on every machine (a shared file system, absolute paths, or the same working directory).
"""

from __future__ import annotations

import collections.abc
import contextlib
import glob
import math
import os
import sys
import time

import fusetrack

__all__ = [
    "BASE_COLUMNS",
    "GATHER_CHUNK",
    "LOCAL_CLUSTER_CONFIG",
    "SUMMARY_COLUMNS",
    "flatten_row",
    "local_cluster",
    "replay",
    "replay_rows",
    "rows_to_frame",
]

_FILTERS = ("ekf", "complementary")

# The Dask configuration local_cluster() runs with (see there).
LOCAL_CLUSTER_CONFIG = {
    "distributed.scheduler.work-stealing": False,
    "distributed.worker.profile.enabled": False,
}

# The row's own fields, first in the DataFrame: (column, dtype, unit, meaning).
BASE_COLUMNS = (
    ("file", "object", "", "the recording: its path relative to the folder, or as given"),
    ("status", "object", "", '"ok" or "error"'),
    ("error", "object", "", "why the recording could not be replayed (None when ok)"),
    ("faults", "Int64", "count",
     "rejected + gaps + clipped + jumps + silences + reinits (the table's faults column)"),
    ("samples", "Int64", "count", "rows replayed: accepted samples of every stream + rejected"),
)

# The summary's fields (the "summary" object of `fusetrack replay --json`), flattened with '_':
# (column, dtype, unit, meaning), in this order. Failed recordings have NA / NaN in all of them.
SUMMARY_COLUMNS = (
    ("duration_s", "float64", "s", "from the first to the last sample of any stream"),
    ("samples_accepted_imu", "Int64", "count", "IMU samples the Tracker accepted"),
    ("samples_accepted_mag", "Int64", "count", "magnetometer samples accepted"),
    ("samples_accepted_ppg", "Int64", "count", "PPG samples accepted"),
    ("stages_activity", "boolean", "", "the activity stage ran"),
    ("stages_steps", "boolean", "", "the step stage ran"),
    ("stages_heart", "boolean", "", "the heart-rate stage ran"),
    ("stages_falls", "boolean", "", "the fall stage ran"),
    ("stages_energy", "boolean", "", "the energy stage ran"),
    ("heading_available", "boolean", "", "the orientation had a heading (magnetometer)"),
    ("steps", "Int64", "count", "steps counted"),
    ("distance_m", "float64", "m", "distance walked and run"),
    ("walking_s", "float64", "s", "time inside walking bouts"),
    ("cadence_mean_spm", "float64", "steps/min", "mean cadence while walking (0: never walking)"),
    ("cadence_max_spm", "float64", "steps/min", "highest cadence"),
    ("heart_estimates", "Int64", "count", "heart-rate estimates"),
    ("heart_valid", "Int64", "count", "valid heart-rate estimates"),
    ("heart_min_bpm", "float64", "beats/min", "lowest valid rate (NaN: none valid)"),
    ("heart_mean_bpm", "float64", "beats/min", "mean valid rate (NaN: none valid)"),
    ("heart_max_bpm", "float64", "beats/min", "highest valid rate (NaN: none valid)"),
    ("energy_kcal_total", "float64", "kcal", "energy expended (NaN: energy stage off)"),
    ("energy_active_kcal_total", "float64", "kcal", "energy above rest (NaN: stage off)"),
    ("energy_met_mean", "float64", "MET", "time-weighted mean METs (NaN: stage off)"),
    ("falls", "Int64", "count", "fall alarms (NA: fall stage off)"),
    ("faults_rejected", "Int64", "count", "samples rejected"),
    ("faults_gaps", "Int64", "count", "stream gaps"),
    ("faults_clipped", "Int64", "count", "clipped (saturated) samples"),
    ("faults_jumps", "Int64", "count", "time jumps"),
    ("faults_silences", "Int64", "count", "streams that fell silent"),
    ("faults_reinits", "Int64", "count", "stage re-initialisations"),
    ("events_dropped", "Int64", "count", "events lost to a full queue"),
)

# Summary maps whose keys vary with the recording: each key becomes a column PREFIX_KEY, after the
# fixed columns, sorted by key within each map; an ok row that lacks a key has 0 there (the
# summary lists only the activities seen and the event kinds raised).
_OPEN_MAPS = (
    ("seconds_per_activity", "float64"),  # s spent in each activity class
    ("events_per_kind", "Int64"),         # events raised, per event kind
)
_SKIPPED_SUMMARY_KEYS = ("file",)  # the same as the row's "file"


def _recording_name(path: str) -> str:
    """NAME of DIR/NAME.csv or DIR/NAME.csv.gz, as the day files are named."""
    base = path.replace("\\", "/").rsplit("/", 1)[-1]
    for ext in (".csv.gz", ".csv"):
        if base.endswith(ext):
            return base[: -len(ext)]
    return os.path.splitext(base)[0]


def _tasks(paths_or_glob, out):
    """(paths, names) of the recordings `paths_or_glob` names, in replay order.

    A folder: find_recordings' paths, named relative to the folder. A string that is not a
    folder: a glob pattern ("**" matches subfolders), its matches sorted, named None (the path).
    Another iterable: its paths in order, named None. With `out`, two rows that would write the
    same day files are refused.
    """
    if isinstance(paths_or_glob, (str, os.PathLike)):
        text = os.fspath(paths_or_glob)
        if os.path.isdir(text):
            relative = list(fusetrack.find_recordings(text))
            if not relative:
                raise ValueError(f"{text}: no recordings (*.csv, *.csv.gz)")
            return [os.path.join(text, r) for r in relative], relative
        paths = sorted(glob.glob(text, recursive=True))
        if not paths:
            raise ValueError(f"{text}: not a folder, and no file matches it")
    elif isinstance(paths_or_glob, collections.abc.Iterable):
        paths = [os.fspath(p) for p in paths_or_glob]
    else:
        raise TypeError("paths_or_glob: a folder, a glob pattern or a list of paths")
    if out is not None:
        # replay_row without a name writes into `out` itself.
        seen = {}
        for p in paths:
            target = os.path.normpath(os.path.join(os.fspath(out), _recording_name(p)))
            if target in seen:
                raise ValueError(f"{seen[target]} and {p} would write the same day files "
                                 f"({target}_*)")
            seen[target] = p
    return paths, [None] * len(paths)


def _replay_on_worker(path, name, settings, options):
    """The task: one recording replayed on the worker; returns only its row."""
    return fusetrack.replay_row(path, name=name, settings=settings, **options)


class _Counter:
    """A progress counter on stderr: a redrawn line on a terminal, else a plain line a second."""

    def __init__(self, label: str, total: int, stream=None):
        self.label, self.total, self.done = label, total, 0
        self.stream = stream if stream is not None else sys.stderr
        self.redraw = self.stream.isatty()
        self.start = self.last = time.monotonic()

    def advance(self, n: int = 1) -> None:
        self.done += n
        now = time.monotonic()
        if self.done < self.total and now - self.last < (0.1 if self.redraw else 1.0):
            return
        self.last = now
        if self.redraw:
            filled = int(30 * self.done / self.total) if self.total else 30
            bar = "#" * filled + "." * (30 - filled)
            self.stream.write(f"\r{self.label} [{bar}] {self.done}/{self.total}  "
                              f"{now - self.start:.1f} s")
        else:
            self.stream.write(f"{self.label}: {self.done}/{self.total} done\n")
        self.stream.flush()

    def finish(self) -> None:
        if self.redraw:
            self.stream.write("\r\033[K")
            self.stream.flush()


@contextlib.contextmanager
def local_cluster(n_workers: int | None = None):
    """A Client on a new LocalCluster on loopback, closed on exit.

    n_workers worker processes (default: the CPU count), one thread each, no dashboard, listening
    on 127.0.0.1 only.
    """
    import distributed

    import dask

    workers = n_workers if n_workers is not None else (os.cpu_count() or 1)
    if workers < 1:
        raise ValueError("n_workers: at least 1")
    # Tasks of one kind and similar length: work stealing only costs scheduler time, and the
    # workers' statistical profiler (a stack sample every 10 ms) only worker time.
    with dask.config.set(LOCAL_CLUSTER_CONFIG), \
            distributed.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                     host="127.0.0.1", dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        yield client


def _killed_row(path, name, error):
    return {"file": name if name is not None else path, "status": "error",
            "error": f"a worker died while replaying it ({type(error).__name__}: {error})",
            "faults": None, "summary": None, "samples": 0}


# Rows are gathered this many at a time, in input order: few round trips for the client and the
# scheduler, and a worker holds at most about this many finished rows (a few kB each), whatever
# the corpus's size.
GATHER_CHUNK = 256


def _collect(client, futures, paths, names, show_progress):
    """The rows of `futures`, in their order, gathered GATHER_CHUNK at a time (the chunk waited
    for, then fetched in one call and released)."""
    import distributed

    counter = _Counter("replay", len(futures)) if show_progress else None
    rows = [None] * len(futures)
    try:
        for start in range(0, len(futures), GATHER_CHUNK):
            chunk = futures[start:start + GATHER_CHUNK]
            distributed.wait(chunk)
            finished = [k for k, f in enumerate(chunk) if f.status == "finished"]
            for k, row in zip(finished, client.gather([chunk[k] for k in finished])):
                rows[start + k] = row
            for k, f in enumerate(chunk):
                if rows[start + k] is not None:
                    continue
                error = f.exception()
                if not isinstance(error, distributed.KilledWorker):
                    raise error
                rows[start + k] = _killed_row(paths[start + k], names[start + k], error)
            for f in chunk:
                f.release()
            if counter:
                counter.advance(len(chunk))
    except BaseException:
        client.cancel(futures)
        raise
    finally:
        if counter:
            counter.finish()
    return rows


def replay_rows(paths_or_glob, client=None, settings=None, out=None, *, falls=True, filter="ekf",
                use_mag=True, skip_bad_rows=False, progress=None) -> list[dict]:
    """Replays recordings on a Dask cluster; the rows, in input order.

    paths_or_glob: a folder (every recording under it, as `fusetrack.find_recordings` lists them:
        each row's "file" is the path relative to the folder, and with `out` the day files go to
        subfolders of `out` mirroring the folder's, as `fusetrack replay DIR --out OUT` writes
        them); a glob pattern (its matches, sorted; "**" matches subfolders; "file" is the path);
        or a list of paths (in that order; "file" is the path as given; repeats allowed).
    client: a `distributed.Client`, a scheduler address ("tcp://HOST:8786"), or None to start a
        LocalCluster on 127.0.0.1 (one single-threaded worker process per CPU), use it and close
        it.
    settings: None (each recording's settings derived from it, as `fusetrack replay` does) or a
        `fusetrack.TrackerSettings`, sent to the cluster once.
    out: None, or the folder that receives each recording's NAME_timeline.csv,
        NAME_timeline.json and NAME_day.svg, written by the workers where
        `fusetrack.replay_row(path, name=..., out_dir=out)` writes them: for a folder, in the
        subfolders of `out` that mirror it; for a list or glob, in `out` itself. Two rows that
        would write the same files (a path listed twice, two NAME.csv in different folders)
        are refused.
    falls, filter ("ekf" or "complementary"), use_mag, skip_bad_rows: as `fusetrack.replay_row`.
    progress: show a progress counter on stderr; None: only when stderr is a terminal.

    Each row is `fusetrack.replay_row`'s: {"file", "status" ("ok" or "error"), "error" (None or
    the message), "faults" (count or None), "summary" (dict or None), "samples" (rows replayed)}.
    A recording that cannot be read is an "error" row and the others complete; a worker that
    dies on a recording (after the scheduler's retries) makes that recording's row an "error"
    row. Any other failure of a task (e.g. fusetrack not importable on a worker) is raised.
    """
    if filter not in _FILTERS:
        raise ValueError(f"filter: {filter!r}, expected one of {', '.join(_FILTERS)}")
    if settings is not None and not isinstance(settings, fusetrack.TrackerSettings):
        raise TypeError("settings: None or a fusetrack.TrackerSettings")
    paths, names = _tasks(paths_or_glob, out)
    if not paths:
        return []
    if progress is None:
        progress = sys.stderr is not None and sys.stderr.isatty()
    options = {"out_dir": None if out is None else os.fspath(out), "falls": bool(falls),
               "filter": filter, "use_mag": bool(use_mag), "skip_bad_rows": bool(skip_bad_rows)}

    if client is None:
        with local_cluster() as own:
            return _replay_with(own, paths, names, settings, options, progress)
    if isinstance(client, str):
        import distributed

        with distributed.Client(client) as connected:
            return _replay_with(connected, paths, names, settings, options, progress)
    return _replay_with(client, paths, names, settings, options, progress)


def _check_workers(client):
    """Raises RuntimeError when a worker cannot import fusetrack or has another version of it.

    A task whose function a worker cannot unpickle makes that worker's process exit rather than
    fail the task, so this is checked first. The check is a lambda: cloudpickle sends it by
    value, and it needs nothing from this module on the worker.
    """
    try:
        versions = client.run(lambda: __import__("fusetrack").__version__)
    except ImportError as e:
        raise RuntimeError(f"a Dask worker cannot import fusetrack ({e}): install the same "
                           "fusetrack build on every worker and put it on their PYTHONPATH") from e
    other = {w: v for w, v in versions.items() if v != fusetrack.__version__}
    if other:
        raise RuntimeError(f"Dask workers with another fusetrack than this one "
                           f"({fusetrack.__version__}): {other}")


def _replay_with(client, paths, names, settings, options, progress):
    _check_workers(client)
    shared = None if settings is None else client.scatter(settings, broadcast=True, hash=False)
    futures = client.map(_replay_on_worker, paths, names, key="fusetrack-replay",
                         pure=False, settings=shared, options=options)
    try:
        return _collect(client, futures, paths, names, progress)
    finally:
        if shared is not None:
            shared.release()


def flatten_row(row: dict) -> dict:
    """One row as a flat dict: the BASE_COLUMNS, then the summary's keys joined with '_'.

    None / NaN stand for what the summary has not (a failed recording, a stage that was off).
    """
    flat = {name: row.get(name) for name, *_ in BASE_COLUMNS}

    def walk(prefix, value):
        if isinstance(value, dict):
            for k, v in value.items():
                walk(f"{prefix}_{k}" if prefix else k, v)
        else:
            flat[prefix] = value

    summary = row.get("summary") or {}
    for key, value in summary.items():
        if key in _SKIPPED_SUMMARY_KEYS:
            continue
        walk(key, value)
    return flat


def rows_to_frame(rows: list[dict]):
    """The DataFrame of `rows` (replay_rows' or replay_row's), one row per recording, in order.

    Columns, in this order (units in BASE_COLUMNS and SUMMARY_COLUMNS):
      file, status, error, faults, samples;
      the summary's fixed fields, flattened with '_' (SUMMARY_COLUMNS: duration_s,
      samples_accepted_imu, ..., heart_mean_bpm, ..., energy_kcal_total, ..., falls,
      faults_rejected, ..., events_dropped);
      then seconds_per_activity_CLASS (s, one per activity class seen in any row, sorted) and
      events_per_kind_KIND (count, one per event kind raised in any row, sorted), 0 where an ok
      row has none;
      then any summary field not listed above, in order of first appearance.
    Integer counts are pandas' nullable "Int64", flags "boolean", reals float64: a failed
    recording has <NA> / NaN in every column after "samples" ("faults" too).
    """
    import pandas

    flats = [flatten_row(r) for r in rows]
    fixed = [c for c, *_ in BASE_COLUMNS] + [c for c, *_ in SUMMARY_COLUMNS]
    dtypes = {c: t for c, t, *_ in BASE_COLUMNS + SUMMARY_COLUMNS}
    open_columns, extra = [], []
    for prefix, dtype in _OPEN_MAPS:
        keys = sorted({k for f in flats for k in f if k.startswith(prefix + "_")})
        open_columns += keys
        dtypes.update({k: dtype for k in keys})
    known = set(fixed) | set(open_columns)
    for f in flats:
        extra += [k for k in f if k not in known and k not in extra]
    columns = fixed + open_columns + extra

    data = {}
    for c in columns:
        values = []
        for row, f in zip(rows, flats):
            v = f.get(c)
            if v is None and c in open_columns and row.get("status") == "ok":
                v = 0
            values.append(v)
        dtype = dtypes.get(c)
        if dtype in ("Int64", "boolean"):
            data[c] = pandas.array([pandas.NA if v is None else v for v in values], dtype=dtype)
        elif dtype == "float64":
            data[c] = pandas.array([math.nan if v is None else float(v) for v in values],
                                   dtype="float64")
        else:
            data[c] = pandas.Series(values, dtype="object").array
    return pandas.DataFrame(data, columns=columns)


def replay(paths_or_glob, client=None, settings=None, out=None, *, falls=True, filter="ekf",
           use_mag=True, skip_bad_rows=False, progress=None):
    """Replays recordings on a Dask cluster; a pandas DataFrame, one row per recording.

    The arguments are replay_rows'; the frame is rows_to_frame(replay_rows(...)): columns file,
    status, error, faults, samples, then the summary flattened (duration_s in s, steps,
    distance_m in m, heart_mean_bpm in beats/min, energy_kcal_total in kcal, falls, ...; see
    rows_to_frame). Rows are in input order; failed recordings have NA / NaN after "samples".
    """
    return rows_to_frame(replay_rows(paths_or_glob, client, settings, out, falls=falls,
                                     filter=filter, use_mag=use_mag,
                                     skip_bad_rows=skip_bad_rows, progress=progress))
