"""The Python API against the C++ one: settings (every field, validation), batch pushes (the
same Status, outputs and events as the recording replayed in C++), refused inputs, saved state,
recordings, the day of `fusetrack run` byte for byte, and the metrics.

Run: PYTHONPATH=<build>/python FUSETRACK_COMMAND=<build>/fusetrack python3 -m unittest test_api
"""

import json
import os
import pathlib
import pickle
import subprocess
import sys
import tempfile
import unittest

import numpy as np

import fusetrack

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import header_fields  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "data" / "sample.csv"
COMMAND = os.environ.get("FUSETRACK_COMMAND")

# Each Python settings class and the C++ struct it binds.
BOUND_STRUCTS = {
    "TrackerSettings": "TrackerSettings",
    "UserProfile": "UserProfile",
    "StreamCheckSettings": "StreamCheckSettings",
    "FullScaleSettings": "FullScaleSettings",
    "RestDetectorSettings": "RestDetectorSettings",
    "MagneticReferenceSettings": "MagneticReferenceSettings",
    "ComplementaryFilterSettings": "ComplementaryFilterSettings",
    "OrientationEkfSettings": "OrientationEkfSettings",
    "AccelerometerTiltSettings": "AccelerometerTiltSettings",
    "WearDetectorSettings": "WearDetectorSettings",
    "SmootherSettings": "SmootherSettings",
    "ActivitySettings": "ActivitySettings",
    "StepSettings": "StepSettings",
    "HeartSettings": "HeartSettings",
    "FallSettings": "FallSettings",
    "EnergySettings": "EnergySettings",
}


def properties(cls):
    return {k for k in dir(cls) if isinstance(getattr(cls, k), property)}


class SettingsTest(unittest.TestCase):
    def test_every_field_of_every_settings_struct_is_bound(self):
        for py_name, cpp_name in BOUND_STRUCTS.items():
            with self.subTest(struct=cpp_name):
                fields = header_fields.data_members(ROOT, cpp_name)
                self.assertGreater(len(fields), 0)
                self.assertEqual(set(fields), properties(getattr(fusetrack, py_name)))

    def test_defaults_are_the_cpp_defaults_and_groups_change_in_place(self):
        s = fusetrack.TrackerSettings()
        self.assertEqual(s.placement, fusetrack.Placement.wrist_left)
        self.assertAlmostEqual(s.imu.nominal_rate_hz, 100.0)
        self.assertFalse(s.falls.enabled)
        self.assertIsNone(s.activity.model)
        s.ekf.max_gap_s = 2.5
        s.activity.smoother.confirm_windows = 3
        self.assertAlmostEqual(s.ekf.max_gap_s, 2.5)
        self.assertEqual(s.activity.smoother.confirm_windows, 3)

    def test_invalid_settings_raise_a_value_error_naming_status_and_field(self):
        s = fusetrack.TrackerSettings()
        s.imu.nominal_rate_hz = -1.0
        self.assertEqual(s.check(), ("invalid_settings", "imu.nominal_rate_hz"))
        with self.assertRaises(ValueError) as ctx:
            fusetrack.Tracker(s)
        self.assertIsInstance(ctx.exception, fusetrack.SettingsError)
        self.assertEqual(ctx.exception.status, "invalid_settings")
        self.assertEqual(ctx.exception.field, "imu.nominal_rate_hz")
        self.assertIn("invalid_settings", str(ctx.exception))
        s = fusetrack.TrackerSettings()
        s.placement = fusetrack.Placement.pocket
        s.falls.enabled = True
        self.assertEqual(s.check(), ("invalid_settings", "falls.enabled"))
        self.assertEqual(fusetrack.TrackerSettings().check(), ("ok", None))

    def test_models_by_name(self):
        s = fusetrack.TrackerSettings()
        s.activity.model = "pocket-phone"
        self.assertEqual(s.activity.model, "pocket-phone")
        with self.assertRaises(ValueError):
            s.activity.model = "no-such-model"
        self.assertIn("wrist-daily", fusetrack.activity_models())
        self.assertTrue(fusetrack.activity_models()["waist-phone"]["research_only"])

    def test_dict_and_pickle_round_trip(self):
        s = fusetrack.TrackerSettings()
        s.placement = fusetrack.Placement.wrist_right
        s.user.mass_kg = 82.5
        s.steps.step_events = True
        s.activity.model = "wrist-activities"
        d = s.to_dict()
        self.assertEqual(d["placement"], "wrist_right")
        self.assertEqual(fusetrack.settings_from_dict(d), s)
        self.assertEqual(pickle.loads(pickle.dumps(s)), s)
        self.assertNotEqual(fusetrack.TrackerSettings(), s)
        with self.assertRaises(KeyError):
            fusetrack.settings_from_dict({"imu": {"no_such_field": 1}})


class TrackerTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.rec = fusetrack.read_recording(SAMPLE)
        cls.settings = fusetrack.settings_for(cls.rec)

    def test_recording_arrays(self):
        rec = self.rec
        n_imu, n_mag, n_ppg = (len(rec.imu["t_us"]), len(rec.mag["t_us"]), len(rec.ppg["t_us"]))
        self.assertEqual(rec.imu["acc_m_s2"].shape, (n_imu, 3))
        self.assertEqual(rec.imu["acc_m_s2"].dtype, np.float32)
        self.assertEqual(rec.imu["t_us"].dtype, np.int64)
        self.assertEqual(rec.samples, n_imu + n_mag + n_ppg)
        self.assertEqual(list(np.bincount(rec.order)), [n_imu, n_mag, n_ppg])
        self.assertEqual(rec.metadata["source"], "fusetrack-simulate")

    def test_push_recording_equals_the_cpp_run(self):
        t = fusetrack.Tracker(self.settings)
        status = t.push_recording(self.rec)
        self.assertTrue(all(np.all(v == 0) for v in status.values()))
        _, summary = fusetrack.run_recording(SAMPLE)
        out = t.output()
        self.assertEqual(out["steps"]["steps"], summary["steps"])
        self.assertAlmostEqual(out["energy"]["kcal_total"], summary["energy"]["kcal_total"], 3)
        events = t.drain_events()
        kinds = [fusetrack.EVENT_KINDS[k] for k in events["kind"]]
        self.assertEqual(kinds.count("fall"), summary["falls"])
        self.assertEqual(len(events), out["events"]["total"])
        self.assertEqual(out["events"]["dropped"], 0)

    def test_merged_push_of_the_streams_equals_the_file_order(self):
        # The simulator writes rows by time, IMU before mag before PPG at equal stamps: the
        # merge reproduces the file order, so the state bytes are the same.
        a = fusetrack.Tracker(self.settings)
        a.push_recording(self.rec)
        b = fusetrack.Tracker(self.settings)
        b.push(self.rec.imu, self.rec.mag, self.rec.ppg)
        self.assertEqual(a.save_state(), b.save_state())
        self.assertTrue(np.array_equal(a.drain_events(), b.drain_events()))

    def test_chunked_pushes_equal_one_push(self):
        # Pushing in chunks of 1 s (per stream, in time order) gives the state of one push.
        a = fusetrack.Tracker(self.settings)
        a.push(self.rec.imu, self.rec.mag, self.rec.ppg)
        b = fusetrack.Tracker(self.settings)
        t_end = int(self.rec.imu["t_us"][-1]) + 1
        for start in range(0, t_end, 1_000_000):
            chunk = {}
            for key in ("imu", "mag", "ppg"):
                s = getattr(self.rec, key)
                sel = (s["t_us"] >= start) & (s["t_us"] < start + 1_000_000)
                chunk[key] = {k: (None if v is None else v[sel]) for k, v in s.items()}
            b.push(**chunk)
        self.assertEqual(a.save_state(), b.save_state())

    def test_per_sample_outputs(self):
        t = fusetrack.Tracker(self.settings)
        r = t.push(self.rec.imu, self.rec.mag, self.rec.ppg, outputs=True)
        o = r["outputs"]
        self.assertEqual(len(o), len(self.rec.imu["t_us"]))
        self.assertTrue(np.array_equal(o["t_us"], self.rec.imu["t_us"]))
        q = np.stack([o["qw"], o["qx"], o["qy"], o["qz"]], axis=1)
        self.assertTrue(np.allclose(np.linalg.norm(q, axis=1), 1.0, atol=1e-4))
        self.assertEqual(int(o["steps"][-1]), t.output()["steps"]["steps"])
        self.assertTrue(np.all(np.diff(o["steps"].astype(np.int64)) >= 0))

    def test_save_and_restore_state(self):
        n = 5000
        imu = {k: v[:n] for k, v in self.rec.imu.items()}
        rest = {k: v[n:] for k, v in self.rec.imu.items()}
        a = fusetrack.Tracker(self.settings)
        a.push_imu(imu["t_us"], imu["acc_m_s2"], imu["gyr_rad_s"])
        state = a.save_state()
        self.assertIsInstance(state, bytes)
        self.assertEqual(len(state), fusetrack.STATE_SIZE)
        b = fusetrack.Tracker(self.settings)
        b.restore_state(state)
        a.push_imu(rest["t_us"], rest["acc_m_s2"], rest["gyr_rad_s"])
        b.push_imu(rest["t_us"], rest["acc_m_s2"], rest["gyr_rad_s"])
        self.assertEqual(a.save_state(), b.save_state())
        with self.assertRaises(fusetrack.StatusError) as ctx:
            b.restore_state(state[:-1])
        self.assertEqual(ctx.exception.status, "size_mismatch")
        damaged = bytearray(state)
        damaged[len(damaged) // 2] ^= 0xFF
        with self.assertRaises(fusetrack.StatusError) as ctx:
            b.restore_state(bytes(damaged))
        self.assertEqual(ctx.exception.status, "corrupt_state")
        other = fusetrack.Tracker()
        with self.assertRaises(fusetrack.StatusError) as ctx:
            other.restore_state(state)
        self.assertEqual(ctx.exception.status, "settings_mismatch")

    def test_bad_inputs_are_refused_or_converted_never_a_crash(self):
        t = fusetrack.Tracker()
        ts = np.arange(3, dtype=np.int64) * 10_000
        acc = np.zeros((3, 3))
        acc[:, 2] = 9.81
        with self.assertRaisesRegex(TypeError, "t_us: expected integer time stamps"):
            t.push_imu(ts.astype(np.float64), acc, acc)
        with self.assertRaisesRegex(ValueError, r"acc_m_s2: expected shape \(N, 3\) with N = 3"):
            t.push_imu(ts, acc[:, :2], acc)
        with self.assertRaisesRegex(ValueError, "acc_m_s2"):
            t.push_imu(ts, acc[:2], acc[:2])
        with self.assertRaisesRegex(TypeError, "acc_m_s2: expected real numbers"):
            t.push_imu(ts, np.array([["a", "b", "c"]] * 3), acc)
        with self.assertRaisesRegex(TypeError, "expected an array"):
            t.push_imu(None, acc, acc)
        with self.assertRaisesRegex(ValueError, "ppg: expected shape"):
            t.push_ppg(ts, np.zeros((3, 5)))
        with self.assertRaisesRegex(ValueError, "order"):
            t.push({"t_us": ts, "acc_m_s2": acc, "gyr_rad_s": acc}, order=[0, 0])
        # Converted: float64 values, a non-contiguous view, a list, int32 stamps.
        view = np.zeros((3, 6))[:, ::2]
        view[:, 2] = 9.81
        st = t.push_imu(ts.astype(np.int32), view, [[0.0, 0.0, 0.0]] * 3)
        self.assertEqual(list(st), [0, 0, 0])
        # A NaN is the Tracker's to reject, sample by sample, with its Status.
        bad = acc.copy()
        bad[0, 0] = np.nan
        st = t.push_imu(ts + 1_000_000, bad, acc * 0)
        self.assertEqual(fusetrack.STATUS_NAMES[st[0]], "not_finite")
        self.assertEqual(list(st[1:]), [0, 0])
        st = t.push_imu(ts[:1] + 1_000_000 + 10_000, acc[:1], acc[:1] * 0)
        self.assertEqual(fusetrack.STATUS_NAMES[st[0]], "time_backwards")
        kinds = [fusetrack.EVENT_KINDS[k] for k in t.drain_events()["kind"]]
        self.assertEqual(kinds.count("sample_rejected"), 2)

    def test_no_nan_in_outputs(self):
        t = fusetrack.Tracker(self.settings)
        r = t.push(self.rec.imu, self.rec.mag, self.rec.ppg, outputs=True)
        for name in r["outputs"].dtype.names:
            self.assertTrue(np.all(np.isfinite(r["outputs"][name].astype(np.float64))), name)


@unittest.skipUnless(COMMAND, "FUSETRACK_COMMAND is not set: the C++ command is not compared")
class SameAsTheCommandTest(unittest.TestCase):
    def test_run_recording_writes_the_commands_files_byte_for_byte(self):
        with tempfile.TemporaryDirectory() as tmp:
            py_dir, cpp_dir = pathlib.Path(tmp, "py"), pathlib.Path(tmp, "cpp")
            timeline, summary = fusetrack.run_recording(SAMPLE, out_dir=py_dir)
            subprocess.run([COMMAND, "run", str(SAMPLE), "--out", str(cpp_dir)], check=True,
                           stdout=subprocess.DEVNULL)
            for name in ("sample_timeline.csv", "sample_timeline.json", "sample_day.svg"):
                self.assertEqual((py_dir / name).read_bytes(), (cpp_dir / name).read_bytes(), name)
            # The DataFrame holds what the CSV rounds.
            import pandas as pd

            text = pd.read_csv(cpp_dir / "sample_timeline.csv", dtype=str, keep_default_na=False)
            self.assertEqual(list(text.columns), list(timeline.columns))
            self.assertEqual(len(text), len(timeline))
            for col in timeline.columns:
                if timeline[col].dtype == object:
                    self.assertEqual(list(text[col]), list(timeline[col]), col)
                    continue
                # Each number as the CSV rounds it: to its fixed decimals.
                decimals = max(len(v.partition(".")[2]) for v in text[col])
                tolerance = 0.5 * 10.0 ** -decimals + 1e-9
                csv_values = text[col].astype(float).to_numpy()
                diff = np.abs(csv_values - timeline[col].astype(float).to_numpy())
                self.assertLessEqual(diff.max(), tolerance, col)
            cpp = json.loads((cpp_dir / "sample_timeline.json").read_text())
            self.assertEqual(summary, cpp["summary"])
            events = timeline.attrs["events"]
            self.assertEqual(list(events["kind"]), [e["kind"] for e in cpp["events"]])

    def test_replay_rows_equal_the_commands_json(self):
        with tempfile.TemporaryDirectory() as tmp:
            for seed in (1, 2):
                fusetrack.simulate(f"{tmp}/rec{seed}", scenario="rest:10,walk:20", seed=seed)
            out = subprocess.run([COMMAND, "replay", tmp, "--json", "--jobs", "2"], check=True,
                                 capture_output=True, text=True).stdout
            cpp_rows = json.loads(out)["recordings"]
            names = fusetrack.find_recordings(tmp)
            self.assertEqual(names, ["rec1.csv", "rec2.csv"])
            rows = fusetrack.replay_files([f"{tmp}/{n}" for n in names], names=names, jobs=2)
            for row, cpp in zip(rows, cpp_rows):
                self.assertEqual({k: v for k, v in row.items() if k != "samples"}, cpp)
            one = fusetrack.replay_row(f"{tmp}/rec1.csv", name="rec1.csv")
            self.assertEqual(one, rows[0])

    def test_simulate_writes_the_commands_files(self):
        with tempfile.TemporaryDirectory() as tmp:
            info = fusetrack.simulate(f"{tmp}/py", scenario="rest:5,walk:10", seed=4)
            subprocess.run([COMMAND, "simulate", "--out", f"{tmp}/cpp", "--scenario",
                            "rest:5,walk:10", "--seed", "4"], check=True,
                           stdout=subprocess.DEVNULL)
            self.assertEqual(pathlib.Path(info["recording"]).read_bytes(),
                             pathlib.Path(f"{tmp}/cpp.csv").read_bytes())
            self.assertEqual(pathlib.Path(info["truth"]).read_bytes(),
                             pathlib.Path(f"{tmp}/cpp_truth.csv").read_bytes())


@unittest.skipUnless(os.environ.get("FUSETRACK_BUILD_DIR") and os.environ.get("FUSETRACK_CMAKE_COMMAND"),
                     "FUSETRACK_BUILD_DIR / FUSETRACK_CMAKE_COMMAND not set: no install checked")
class InstalledPackageTest(unittest.TestCase):
    def test_cmake_install_gives_an_importable_package(self):
        with tempfile.TemporaryDirectory() as prefix:
            subprocess.run([os.environ["FUSETRACK_CMAKE_COMMAND"], "--install",
                            os.environ["FUSETRACK_BUILD_DIR"], "--prefix", prefix], check=True,
                           stdout=subprocess.DEVNULL)
            version = f"python{sys.version_info.major}.{sys.version_info.minor}"
            site = pathlib.Path(prefix, "lib", version, "dist-packages")
            self.assertTrue((site / "fusetrack" / "__init__.py").exists())
            code = ("import fusetrack, fusetrack.dask, fusetrack.metrics; "
                    "t = fusetrack.Tracker(); print(fusetrack.__file__, t.status)")
            run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                 env=dict(os.environ, PYTHONPATH=str(site)), cwd=prefix)
            self.assertEqual(run.returncode, 0, run.stderr)
            self.assertTrue(run.stdout.startswith(str(site)), run.stdout)
            self.assertIn(" ok", run.stdout)


class RecordingErrorsTest(unittest.TestCase):
    def test_a_bad_row_names_file_line_and_column(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = pathlib.Path(tmp, "bad.csv")
            lines = SAMPLE.read_text().splitlines()[:40]
            header = next(i for i, l in enumerate(lines) if not l.startswith("#"))
            lines[header + 3] = lines[header + 3].replace(",", ",x", 2)
            path.write_text("\n".join(lines) + "\n")
            with self.assertRaises(fusetrack.RecordingError) as ctx:
                fusetrack.read_recording(path)
            self.assertIsInstance(ctx.exception, ValueError)
            self.assertEqual(ctx.exception.line, header + 4)
            self.assertIn("bad.csv", str(ctx.exception))
            rec = fusetrack.read_recording(path, skip_bad_rows=True)
            self.assertEqual(sum(rec.report["skipped"].values()), 1)
            row = fusetrack.replay_row(str(path))
            self.assertEqual(row["status"], "error")
            self.assertIn(f":{header + 4}:", row["error"])
        with self.assertRaises(FileNotFoundError):
            fusetrack.read_recording("no/such/file.csv")


class MetricsTest(unittest.TestCase):
    def test_orientation_rmse(self):
        n = 100
        ref = np.tile([1.0, 0.0, 0.0, 0.0], (n, 1))
        angle = np.deg2rad(2.0)
        est = np.tile([np.cos(angle / 2), np.sin(angle / 2), 0.0, 0.0], (n, 1))
        r = fusetrack.metrics.orientation_rmse(est, ref)
        self.assertTrue(r["valid"])
        self.assertAlmostEqual(r["total_rmse_deg"], 2.0, places=6)
        self.assertAlmostEqual(r["inclination_rmse_deg"], 2.0, places=6)
        self.assertAlmostEqual(r["heading_rmse_deg"], 0.0, places=6)
        est_z = np.tile([np.cos(angle / 2), 0.0, 0.0, np.sin(angle / 2)], (n, 1))
        r = fusetrack.metrics.orientation_rmse(est_z, ref, remove_heading_offset=True)
        self.assertAlmostEqual(r["total_rmse_deg"], 0.0, places=6)
        r = fusetrack.metrics.orientation_rmse(est, ref, movement=np.zeros(n))
        self.assertFalse(r["valid"])

    def test_step_scores(self):
        true = np.array([1_000_000, 1_500_000, 2_000_000, 2_500_000])
        detected = np.array([1_100_000, 1_520_000, 2_900_000])
        r = fusetrack.metrics.step_scores(detected, true)
        self.assertEqual((r["true_steps"], r["counted_steps"], r["matched"]), (4, 3, 2))
        self.assertAlmostEqual(r["abs_pct_error"], 25.0)
        self.assertAlmostEqual(r["precision"], 2 / 3)
        self.assertAlmostEqual(r["recall"], 0.5)
        self.assertEqual(list(r["true_of_detection"]), [0, 1, -1])

    def test_heart_rate_scores(self):
        r = fusetrack.metrics.heart_rate_scores([100.0, 110.0, 90.0], [100.0, 100.0, 100.0])
        self.assertEqual(r["windows"], 3)
        self.assertAlmostEqual(r["mae_bpm"], 20.0 / 3)
        self.assertAlmostEqual(r["within_5_bpm"], 1.0 / 3)
        with self.assertRaises(ValueError):
            fusetrack.metrics.heart_rate_scores([100.0], [0.0])


if __name__ == "__main__":
    unittest.main()
