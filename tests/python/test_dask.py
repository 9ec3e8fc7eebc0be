"""fusetrack.dask and `python3 -m fusetrack replay`: the same rows and files as one process.

Run with the package on the path:
    PYTHONPATH=build/python FUSETRACK_COMMAND=build/fusetrack \\
        /usr/bin/python3 -m unittest tests/python/test_dask.py
FUSETRACK_COMMAND (the `fusetrack` command) is optional: without it the comparisons with the C++
command are skipped.

One local cluster (two single-threaded worker processes on 127.0.0.1) replays 200 short simulated
recordings in a folder tree; its rows must equal [fusetrack.replay_row(p) ...] exactly, and its
day files those of the single-process replay and of `fusetrack replay DIR --out`, byte for byte.
"""

import filecmp
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import time
import unittest

import dask
import distributed
import pandas

import fusetrack
import fusetrack.dask
from fusetrack.__main__ import table_text

COMMAND = os.environ.get("FUSETRACK_COMMAND") or None
RECORDINGS = 200

# Scenarios of 20-40 s, cycled over the recordings with their own seeds and placements.
SCENARIOS = (
    ("rest:8,walk:16,run:8", ""),
    ("walk:25", ""),
    ("rest:10,walk:12,rest:6", ""),
    ("run:20,walk:12", ""),
    ("rest:6,wave:8,walk:14,type:6", ""),
    ("talk:10,walk:18", ""),
    ("walk:20@90,run:14@170", ""),
    ("rest:20", ""),
    ("walk:12,rest:26", "fall_forward@14+10"),
    ("car:14,walk:16", ""),
)
PLACEMENTS = ("wrist", "wrist", "hand", "pocket")


def simulate_corpus(root: str, count: int) -> list[str]:
    """`count` recordings under root (in subfolders, some gzipped, some without a stream); their
    paths relative to root, sorted as find_recordings lists them."""
    relative = []
    for i in range(count):
        scenario, events = SCENARIOS[i % len(SCENARIOS)]
        placement = PLACEMENTS[(i // len(SCENARIOS)) % len(PLACEMENTS)]
        if events and placement != "wrist":
            events = ""
        folder = ("wrist" if placement == "wrist" else f"phone/{placement}") + f"/batch{i % 3}"
        os.makedirs(os.path.join(root, folder), exist_ok=True)
        name = f"{folder}/rec{i:03d}"
        info = fusetrack.simulate(os.path.join(root, name), scenario=scenario, seed=1000 + i,
                                  placement=placement, gz=i % 7 == 3, no_gyro=i % 11 == 5,
                                  no_mag=i % 13 == 7, no_ppg=i % 17 == 9, events=events)
        relative.append(os.path.relpath(info["recording"], root).replace(os.sep, "/"))
    return sorted(relative)


def tree_files(root: str) -> list[str]:
    """Every file under root, relative, sorted."""
    found = []
    for folder, _, files in os.walk(root):
        found += [os.path.relpath(os.path.join(folder, f), root) for f in files]
    return sorted(found)


def single_process_rows(folder: str, out: str | None = None, **options) -> list[dict]:
    """What one process gives: replay_row per recording, named as `fusetrack replay` names it."""
    return [fusetrack.replay_row(os.path.join(folder, r), name=r, out_dir=out, **options)
            for r in fusetrack.find_recordings(folder)]


def command_rows(rows: list[dict]) -> list[dict]:
    """The rows as `fusetrack replay --json` lists them (without "samples")."""
    return [{k: r[k] for k in ("file", "status", "error", "faults", "summary")} for r in rows]


def run_command(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([COMMAND, *args], capture_output=True, text=True, timeout=120)


def scratch_env() -> dict:
    """The environment for the subprocesses: Dask's scratch space in the test's folder."""
    return dict(os.environ, DASK_TEMPORARY_DIRECTORY=dask.config.get("temporary-directory"))


def run_module(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "fusetrack", *args], capture_output=True,
                          text=True, timeout=120, env=scratch_env())


def break_recordings(folder: str, good: str) -> None:
    """Copies `good` into folder as three good recordings and two broken ones: one cut in the
    middle of a row, one with a garbled row."""
    with open(good, "rb") as f:
        text = f.read()
    for name in ("a_good.csv", "c_good.csv", "e_good.csv"):
        with open(os.path.join(folder, name), "wb") as f:
            f.write(text)
    with open(os.path.join(folder, "b_truncated.csv"), "wb") as f:
        f.write(text[: len(text) // 2 + 7])
    lines = text.split(b"\n")
    lines[len(lines) // 3] = b"imu,12x4,not-a-number,,,"
    with open(os.path.join(folder, "d_garbled.csv"), "wb") as f:
        f.write(b"\n".join(lines))


class DaskReplayTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.started = time.monotonic()
        cls.tmp = tempfile.mkdtemp(prefix="fusetrack-dask-test-")
        cls.dask_config = dask.config.set({"temporary-directory": cls.tmp})
        cls.corpus = os.path.join(cls.tmp, "corpus")
        cls.relative = simulate_corpus(cls.corpus, RECORDINGS)
        cls.broken = os.path.join(cls.tmp, "broken")
        os.makedirs(cls.broken)
        wrist = next(r for r in cls.relative if r.startswith("wrist/"))
        break_recordings(cls.broken, os.path.join(cls.corpus, wrist))
        cls.cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                               host="127.0.0.1", dashboard_address=None)
        cls.client = distributed.Client(cls.cluster)
        # The reference: one process, day files in out_single.
        cls.out_single = os.path.join(cls.tmp, "out_single")
        cls.single_rows = single_process_rows(cls.corpus, cls.out_single)
        # The same on the cluster, day files in out_dask.
        cls.out_dask = os.path.join(cls.tmp, "out_dask")
        cls.dask_rows = fusetrack.dask.replay_rows(cls.corpus, cls.client, out=cls.out_dask,
                                                   progress=False)

    @classmethod
    def tearDownClass(cls):
        cls.client.close()
        cls.cluster.close()
        cls.dask_config.__exit__(None, None, None)
        shutil.rmtree(cls.tmp, ignore_errors=True)
        print(f"\n{cls.__name__}: {time.monotonic() - cls.started:.1f} s", file=sys.stderr)

    # ---- rows and files ---------------------------------------------------------------------

    def test_corpus_is_varied(self):
        self.assertEqual(len(self.relative), RECORDINGS)
        self.assertEqual(fusetrack.find_recordings(self.corpus), self.relative)
        self.assertTrue(any(r.endswith(".csv.gz") for r in self.relative))
        self.assertTrue(all(r["status"] == "ok" for r in self.single_rows),
                        [r["error"] for r in self.single_rows if r["status"] != "ok"][:3])
        self.assertGreater(sum(r["summary"]["steps"] for r in self.single_rows), 0)

    def test_rows_equal_single_process(self):
        self.assertEqual([r["file"] for r in self.dask_rows], self.relative)
        self.assertEqual(self.dask_rows, self.single_rows)

    def test_day_files_equal_single_process(self):
        files = tree_files(self.out_single)
        self.assertEqual(len(files), 3 * RECORDINGS)
        self.assertEqual(tree_files(self.out_dask), files)
        _, mismatch, errors = filecmp.cmpfiles(self.out_single, self.out_dask, files,
                                               shallow=False)
        self.assertEqual((mismatch, errors), ([], []))

    def test_list_and_glob_equal_replay_row(self):
        paths = [os.path.join(self.corpus, r) for r in self.relative[::5]]
        expected = [fusetrack.replay_row(p) for p in paths]
        self.assertEqual(fusetrack.dask.replay_rows(paths, self.client, progress=False), expected)
        # A glob selects what it matches (here not the truth files, nor the .csv.gz ones).
        pattern = os.path.join(self.corpus, "phone", "**", "rec???.csv")
        matches = sorted(os.path.join(self.corpus, r) for r in self.relative
                         if r.startswith("phone/") and r.endswith(".csv"))
        rows = fusetrack.dask.replay_rows(pattern, self.client, progress=False)
        self.assertEqual([r["file"] for r in rows], matches)
        self.assertEqual(rows, [fusetrack.replay_row(p) for p in matches])

    def test_settings_and_options_reach_the_workers(self):
        paths = [os.path.join(self.corpus, r) for r in self.relative[:12]]
        settings = fusetrack.TrackerSettings()
        settings.steps.enabled = False
        options = dict(filter="complementary", use_mag=False, falls=False)
        expected = [fusetrack.replay_row(p, settings=settings, **options) for p in paths]
        rows = fusetrack.dask.replay_rows(paths, self.client, settings, progress=False, **options)
        self.assertEqual(rows, expected)
        self.assertFalse(any(r["summary"]["stages"]["steps"] for r in rows))
        self.assertNotEqual(rows, self.single_rows[:12])

    @unittest.skipUnless(COMMAND, "FUSETRACK_COMMAND not set")
    def test_rows_and_files_equal_command(self):
        out = os.path.join(self.tmp, "out_command")
        done = run_command("replay", self.corpus, "--json", "--jobs", "2", "--out", out)
        self.assertEqual(done.returncode, 0, done.stderr)
        document = json.loads(done.stdout)
        self.assertEqual(document["failed"], 0)
        self.assertEqual(document["recordings"], command_rows(self.dask_rows))
        files = tree_files(out)
        self.assertEqual(files, tree_files(self.out_dask))
        _, mismatch, errors = filecmp.cmpfiles(out, self.out_dask, files, shallow=False)
        self.assertEqual((mismatch, errors), ([], []))

    # ---- the DataFrame ----------------------------------------------------------------------

    def test_frame(self):
        frame = fusetrack.dask.replay(self.broken, self.client, progress=False)
        rows = single_process_rows(self.broken)
        self.assertEqual(list(frame["file"]), [r["file"] for r in rows])
        base = [c for c, *_ in fusetrack.dask.BASE_COLUMNS]
        fixed = [c for c, *_ in fusetrack.dask.SUMMARY_COLUMNS]
        self.assertEqual(list(frame.columns[: len(base) + len(fixed)]), base + fixed)
        self.assertIn("heart_mean_bpm", frame.columns)
        self.assertTrue(any(c.startswith("events_per_kind_") for c in frame.columns))
        self.assertTrue(any(c.startswith("seconds_per_activity_") for c in frame.columns))
        for i, row in enumerate(rows):
            got = frame.iloc[i]
            self.assertEqual(got["status"], row["status"])
            if row["status"] == "ok":
                s = row["summary"]
                self.assertIsNone(got["error"])
                self.assertEqual(got["steps"], s["steps"])
                self.assertEqual(got["faults"], row["faults"])
                self.assertEqual(got["duration_s"], s["duration_s"])
                self.assertEqual(got["faults_gaps"], s["faults"]["gaps"])
                for label, seconds in s["seconds_per_activity"].items():
                    self.assertEqual(got[f"seconds_per_activity_{label}"], seconds)
            else:
                self.assertEqual(got["error"], row["error"])
                self.assertTrue(math.isnan(got["duration_s"]))
                self.assertTrue(pandas.isna(got["steps"]))
        again = fusetrack.dask.replay(self.broken, self.client, progress=False)
        self.assertEqual(list(again.columns), list(frame.columns))

    # ---- broken recordings ------------------------------------------------------------------

    def test_broken_recording_is_its_own_row(self):
        rows = fusetrack.dask.replay_rows(self.broken, self.client, progress=False)
        self.assertEqual(rows, single_process_rows(self.broken))
        status = {r["file"]: r["status"] for r in rows}
        self.assertEqual(status, {"a_good.csv": "ok", "b_truncated.csv": "error",
                                  "c_good.csv": "ok", "d_garbled.csv": "error",
                                  "e_good.csv": "ok"})
        for r in rows:
            if r["status"] == "error":
                self.assertIsNone(r["summary"])
                self.assertIsNone(r["faults"])
                self.assertIn(r["file"], r["error"])
            else:
                self.assertIsNone(r["error"])
        self.assertEqual(rows[0]["summary"]["steps"], rows[2]["summary"]["steps"])
        if COMMAND:
            done = run_command("replay", self.broken, "--json", "--jobs", "2")
            self.assertEqual(done.returncode, 1, done.stderr)
            self.assertEqual(json.loads(done.stdout)["recordings"], command_rows(rows))

    # ---- python3 -m fusetrack replay --------------------------------------------------------

    def test_module_command_table(self):
        out = os.path.join(self.tmp, "out_module")
        done = run_module("replay", self.broken, "--workers", "2", "--out", out)
        self.assertEqual(done.returncode, 1, done.stderr)
        rows = single_process_rows(self.broken)
        expected = table_text(rows) + f"day files written under {out}\n"
        self.assertEqual(done.stdout, expected)
        self.assertIn("replay: 5 recordings", done.stderr)
        self.assertEqual(len(tree_files(out)), 9)
        if COMMAND:
            command = run_command("replay", self.broken, "--jobs", "2", "--out", out)
            self.assertEqual(command.returncode, 1, command.stderr)
            self.assertEqual(done.stdout, command.stdout)
            # The whole corpus's table, from the rows already replayed.
            command = run_command("replay", self.corpus, "--jobs", "2")
            self.assertEqual(command.returncode, 0, command.stderr)
            self.assertEqual(table_text(self.dask_rows), command.stdout)

    def test_module_command_json(self):
        done = run_module("replay", self.broken, "--workers", "1", "--json", "--no-mag",
                          "--filter", "complementary")
        self.assertEqual(done.returncode, 1, done.stderr)
        rows = single_process_rows(self.broken, use_mag=False, filter="complementary")
        document = json.loads(done.stdout)
        self.assertEqual(document["recordings"], command_rows(rows))
        self.assertEqual(document["failed"], 2)
        self.assertIsNone(document["out"])
        if COMMAND:
            command = run_command("replay", self.broken, "--jobs", "1", "--json", "--no-mag",
                                  "--filter", "complementary")
            self.assertEqual(done.stdout, command.stdout)

    def test_module_command_on_a_scheduler(self):
        """`dask scheduler` and `dask worker` as docs/python-scale-out.md starts them."""
        space = os.path.join(self.tmp, "scheduler")
        os.makedirs(space)
        scheduler_file = os.path.join(space, "scheduler.json")
        command = [sys.executable, "-m", "dask"]
        processes = []
        try:
            processes.append(subprocess.Popen(
                command + ["scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
                        "--scheduler-file", scheduler_file],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=scratch_env()))
            processes.append(subprocess.Popen(
                command + ["worker", "--scheduler-file", scheduler_file, "--nworkers", "2",
                        "--nthreads", "1", "--host", "127.0.0.1", "--no-dashboard",
                        "--local-directory", space],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=scratch_env()))
            with distributed.Client(scheduler_file=scheduler_file, timeout=30) as client:
                client.wait_for_workers(2, timeout=30)
                address = client.scheduler.address
                rows = fusetrack.dask.replay_rows(self.broken, client, progress=False)
            self.assertEqual(rows, single_process_rows(self.broken))
            done = run_module("replay", self.broken, "--scheduler", address, "--json")
            self.assertEqual(done.returncode, 1, done.stderr)
            self.assertEqual(json.loads(done.stdout)["recordings"], command_rows(rows))
            self.assertIn("on 2 workers", done.stderr)
        finally:
            for p in reversed(processes):
                p.terminate()
            for p in reversed(processes):
                try:
                    p.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    p.kill()
                    p.wait()

    def test_module_command_usage_errors(self):
        missing = os.path.join(self.tmp, "no-such-folder")
        done = run_module("replay", missing)
        self.assertEqual(done.returncode, 2)
        self.assertIn("not a folder", done.stderr)
        self.assertEqual(run_module("replay", self.broken, "--filter", "kalman").returncode, 2)
        self.assertEqual(run_module("replay").returncode, 2)


if __name__ == "__main__":
    unittest.main()
