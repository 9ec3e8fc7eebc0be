"""fusetrack for Python: the same C++ Tracker, bit for bit, with NumPy in and pandas out.

    import fusetrack
    timeline, summary = fusetrack.run_recording("walk.csv")     # what `fusetrack run` reports
    rec = fusetrack.read_recording("walk.csv")                   # the samples as NumPy arrays
    tracker = fusetrack.Tracker(fusetrack.settings_for(rec))     # settings as `run` makes them
    status = tracker.push_recording(rec)                         # the GIL is released meanwhile
    events = tracker.drain_events()                              # a NumPy structured array

Units are the library's: time stamps in integer microseconds, accelerations m/s², angular rates
rad/s, magnetic field µT, PPG in counts. docs/python.md has the whole API; fusetrack.dask replays a
corpus on a Dask cluster, and `python3 -m fusetrack replay DIR` does it from a shell.
"""

from __future__ import annotations

import copyreg
import dataclasses
from typing import Any

import numpy as np

from . import _core
from ._core import (  # noqa: F401  (re-exported)
    EVENT_DTYPE,
    EVENT_KINDS,
    SAMPLE_OUTPUT_DTYPE,
    STAGES,
    STATE_SIZE,
    STATUS_NAMES,
    STREAMS,
    TIMELINE_COLUMNS,
    AccelerometerTiltSettings,
    ActivitySettings,
    ComplementaryFilterSettings,
    EnergySettings,
    FallSettings,
    FullScaleSettings,
    HeartSettings,
    MagneticReferenceSettings,
    OrientationEkfSettings,
    OrientationFilter,
    Placement,
    RecordingError,
    RestDetectorSettings,
    SettingsError,
    Sex,
    SmootherSettings,
    StatusError,
    StepSettings,
    StreamCheckSettings,
    Tracker,
    TrackerSettings,
    UserProfile,
    WearDetectorSettings,
    activity_models,
    find_recordings,
    replay_files,
    replay_row,
    simulate,
)
from . import metrics  # noqa: F401

__all__ = [
    "Recording", "Tracker", "TrackerSettings", "read_recording", "read_truth", "run_recording",
    "settings_for", "settings_to_dict", "settings_from_dict", "events_frame", "replay_row",
    "replay_files", "find_recordings", "simulate", "activity_models", "metrics", "StatusError",
    "SettingsError", "RecordingError", "EVENT_KINDS", "STATUS_NAMES", "TIMELINE_COLUMNS",
]

__version__ = "0.1.0"


# ---- settings as plain data: dicts, pickling (Dask ships settings to its workers) ------------

def _is_group(value: Any) -> bool:
    return type(value).__module__ == _core.__name__ and not isinstance(
        value, (Placement, Sex, OrientationFilter))


def _fields(obj: Any) -> list[str]:
    cls = type(obj)
    return [k for k in dir(cls) if not k.startswith("_") and isinstance(getattr(cls, k), property)]


def settings_to_dict(settings: Any) -> dict:
    """Every field of a settings object (TrackerSettings or one of its groups) as nested dicts;
    enums by name, models by name (None: the default)."""
    out = {}
    for name in _fields(settings):
        value = getattr(settings, name)
        if _is_group(value):
            out[name] = settings_to_dict(value)
        elif isinstance(value, (Placement, Sex, OrientationFilter)):
            out[name] = value.name
        else:
            out[name] = value
    return out


def _assign(target: Any, values: dict, where: str) -> None:
    fields = set(_fields(target))
    for name, value in values.items():
        if name not in fields:
            raise KeyError(f"{where}{name}: not a field of {type(target).__name__}")
        current = getattr(target, name)
        if _is_group(current):
            if not isinstance(value, dict):
                raise TypeError(f"{where}{name}: expected a dict of its fields")
            _assign(current, value, f"{where}{name}.")
        elif isinstance(current, (Placement, Sex, OrientationFilter)) and isinstance(value, str):
            enum = type(current)
            if value not in enum.__members__:
                raise ValueError(f"{where}{name}: '{value}' is not one of "
                                 f"{', '.join(enum.__members__)}")
            setattr(target, name, enum.__members__[value])
        else:
            setattr(target, name, value)


def settings_from_dict(values: dict) -> TrackerSettings:
    """A TrackerSettings from (part of) settings_to_dict's output; absent fields keep their
    defaults. Raises KeyError for an unknown field; validate() checks the ranges."""
    s = TrackerSettings()
    _assign(s, values, "")
    return s


def _settings_eq(a: TrackerSettings, b: Any) -> bool:
    return isinstance(b, TrackerSettings) and settings_to_dict(a) == settings_to_dict(b)


TrackerSettings.__eq__ = _settings_eq
TrackerSettings.__hash__ = None
TrackerSettings.to_dict = settings_to_dict
TrackerSettings.from_dict = staticmethod(settings_from_dict)
copyreg.pickle(TrackerSettings, lambda s: (settings_from_dict, (settings_to_dict(s),)))


# ---- recordings --------------------------------------------------------------------------

@dataclasses.dataclass
class Recording:
    """A recording file's samples as NumPy arrays (docs/recording-format.md).

    imu: {"t_us": int64[N], "acc_m_s2": float32[N,3], "gyr_rad_s": float32[N,3] or None}
    mag: {"t_us": int64[M], "mag_ut": float32[M,3]} or None
    ppg: {"t_us": int64[P], "ppg": float32[P,C], "ambient": float32[P] or None} or None
    order: uint8[N+M+P], the stream of each row in file order (0 imu, 1 mag, 2 ppg)
    """

    path: str
    header: dict
    metadata: dict
    imu: dict | None
    mag: dict | None
    ppg: dict | None
    order: np.ndarray
    report: dict

    @property
    def samples(self) -> int:
        return int(self.order.size)

    def streams(self) -> dict:
        """{"imu": ..., "mag": ..., "ppg": ..., "order": ...}: Tracker.push(**rec.streams())."""
        return {"imu": self.imu, "mag": self.mag, "ppg": self.ppg, "order": self.order}


def read_recording(path, skip_bad_rows: bool = False) -> Recording:
    """Reads a recording (.csv or .csv.gz). A malformed row raises RecordingError naming the file,
    line and column (or, with skip_bad_rows, is skipped and counted in .report)."""
    d = _core.read_recording(str(path), skip_bad_rows)
    d["metadata"] = dict(d["metadata"])
    return Recording(**d)


def read_truth(path) -> dict:
    """A simulator truth file (NAME_truth.csv): pose {"t_us", "q_es" (w, x, y, z)}, steps_us,
    heart_rate {"t_us", "bpm"}, segments, events, metadata."""
    d = _core.read_truth(str(path))
    d["metadata"] = dict(d["metadata"])
    return d


def _push_recording(self: Tracker, recording: Recording, outputs: bool = False) -> dict:
    """Pushes a whole recording in its file order (what `fusetrack run` does)."""
    return self.push(recording.imu, recording.mag, recording.ppg, order=recording.order,
                     outputs=outputs)


Tracker.push_recording = _push_recording


def settings_for(recording: Recording, *, falls: bool = True, filter: str = "ekf",
                 use_mag: bool = True) -> TrackerSettings:
    """The TrackerSettings `fusetrack run` uses for this recording: its streams, nominal rates
    and placement from the header and metadata, the fall stage on a wrist unless falls=False."""
    return _core.settings_for(recording.path, falls, filter, use_mag)


def events_frame(events: np.ndarray):
    """Tracker.drain_events()'s array as a pandas DataFrame with the kind, stream and stage by
    name."""
    import pandas as pd

    df = pd.DataFrame(events)
    df["kind"] = [EVENT_KINDS[k] for k in events["kind"]]
    df["stream"] = [STREAMS[k] for k in events["stream"]]
    df["stage"] = [STAGES[k] for k in events["stage"]]
    return df


# ---- a recording's day --------------------------------------------------------------------

def run_recording(path, settings: TrackerSettings | None = None, *, out_dir=None,
                  falls: bool = True, filter: str = "ekf", use_mag: bool = True,
                  skip_bad_rows: bool = False):
    """Replays a recording through the Tracker as `fusetrack run` does and returns
    (timeline, summary): the per-second timeline as a pandas DataFrame (docs/timeline.md; full
    precision, where the CSV rounds) with the listed events in timeline.attrs["events"] (a
    DataFrame: t_s, t_us, kind, detail), and the summary as a dict (the JSON of `fusetrack run
    --json`'s "summary"). settings None: derived from the recording as the command does (falls,
    filter, use_mag as its options); else exactly these settings. With out_dir, writes
    NAME_timeline.csv, NAME_timeline.json and NAME_day.svg there, byte for byte the command's."""
    import pandas as pd

    d = _core.run_day(str(path), settings, None if out_dir is None else str(out_dir), falls,
                      filter, use_mag, skip_bad_rows)
    timeline = pd.DataFrame(d["seconds"], columns=[c[0] for c in TIMELINE_COLUMNS])
    timeline.attrs["units"] = {c[0]: c[1] for c in TIMELINE_COLUMNS}
    timeline.attrs["events"] = pd.DataFrame(d["events"], columns=["t_s", "t_us", "kind", "detail"])
    if d["files"] is not None:
        timeline.attrs["files"] = d["files"]
    return timeline, d["summary"]
