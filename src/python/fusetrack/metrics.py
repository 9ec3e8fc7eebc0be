"""The scores `fusetrack eval` reports, as functions of NumPy arrays: the same C++ code
(src/eval/), so a notebook scores its own variants exactly as the command does.

- orientation_rmse: the BROAD protocol (total, heading, inclination RMSE in degrees).
- step_scores: the oxford-steps protocol (one-to-one matching within 0.25 s, APE, precision,
  recall, F1, median offset and report delay).
- heart_rate_scores: the spc2015 protocol (MAE, share within 5 BPM, avRE, sdAE).
"""

from __future__ import annotations

from . import _core

STEP_TOLERANCE_US = _core.STEP_TOLERANCE_US
HEART_WITHIN_BPM = _core.HEART_WITHIN_BPM


def orientation_rmse(est, ref, movement=None, remove_heading_offset: bool = False) -> dict:
    """Scores estimated against reference orientations, both (N, 4) quaternions (w, x, y, z),
    sensor to ENU earth, either sign, as the BROAD README's protocol: samples with movement != 0
    (all when None) and a finite reference; remove_heading_offset=True for 6D filters (the
    circular mean heading offset is removed first). Returns {valid, invalid_reason, n_scored,
    heading_offset_deg, total_rmse_deg, heading_rmse_deg, inclination_rmse_deg}."""
    return _core.orientation_rmse(est, ref, movement, remove_heading_offset)


def step_scores(detected_us, true_us, reported_us=None) -> dict:
    """Scores detected step times (int µs, the estimated landings) against true ones as the
    oxford-steps README's protocol. reported_us: when each step was reported (for the delay; the
    landings themselves when None). Returns the figures and the matching (true_of_detection,
    detection_of_true: indices, -1 for none)."""
    return _core.step_scores(detected_us, true_us, reported_us)


def heart_rate_scores(estimate_bpm, reference_bpm) -> dict:
    """Scores per-window heart-rate estimates against the reference (beats/min) as the spc2015
    README's protocol; every window counts. Returns {windows, mae_bpm, within_5_bpm (share),
    avre_pct, sdae_bpm, max_ae_bpm}."""
    return _core.heart_rate_scores(estimate_bpm, reference_bpm)
