"""Builds the Cortex-M4F firmware (bench/firmware/, the cross toolchain): an image per
configuration, holding only that configuration's parts, and the all-parts image that runs every
configuration, each at -O2 and -Os. Runs every image under QEMU (mps2-an386) and compares its
outputs with the host build's (the Tracker with all parts) on the same stream: every count and
class exactly, the quaternion within 3e-6 per component and the heart rate and energy within one
unit of their last printed digit (float32 on both; the host's libm and newlib's differ in the
last bits); the stack high-water mark inside the 16 KiB stack; and that nothing the issue rules
out is linked: no double-precision routine (__aeabi_d*, the soft-float double helpers), no
exception or RTTI machinery, no printf.

Usage: run_firmware_test.py SOURCE_DIR WORK_DIR HOST_PROGRAM CMAKE
"""

import pathlib
import subprocess
import sys

sys.dont_write_bytecode = True  # nothing written into the source tree
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "bench" / "firmware"))
from firmware_tools import (ALL_IMAGE, CONFIG_IMAGES, IMAGE_RUNS, LEVELS, REPLAY_ONLY,  # noqa: E402
                            build_firmware, by_config, fields, forbidden_symbols, image,
                            run_firmware)

TOLERANCE = {"qw": 3, "qx": 3, "qy": 3, "qz": 3, "heart_e1": 1, "kcal_e3": 1}


def main() -> int:
    source, work, host, cmake = (pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]),
                                 sys.argv[3], sys.argv[4])
    build = work / "build-m4f"
    build_firmware(source, build, cmake)
    expected = by_config(subprocess.run([host], check=True, capture_output=True, text=True).stdout)
    print("host:", expected)
    # five configurations, the EKF alone and the replay alone
    failed = sorted(expected) != sorted(CONFIG_IMAGES + (REPLAY_ONLY,))
    for name in (ALL_IMAGE,) + CONFIG_IMAGES:
        for level in LEVELS:
            label = f"{name} -{level}"
            bad = forbidden_symbols(image(build, name, level, ".map"))
            print(f"{label}: forbidden symbols in the map: {', '.join(bad) if bad else 'none'}")
            if bad:
                failed = True
            run = run_firmware(image(build, name, level))
            text = run.stdout + run.stderr
            print(f"{label}: exit {run.returncode}:\n{text.strip()}")
            if run.returncode != 0:
                failed = True
                continue
            stack = fields(text.strip().splitlines()[-1]).get("stack", 0)
            if not 0 < stack < 16384:
                print(f"{label}: stack high-water mark {stack} B of the 16 KiB stack",
                      file=sys.stderr)
                failed = True
            got_all = by_config(text)
            want_configs = list(expected) if name == ALL_IMAGE else list(IMAGE_RUNS[name])
            if sorted(got_all) != sorted(want_configs):
                print(f"{label}: ran {sorted(got_all)}, expected {want_configs}", file=sys.stderr)
                failed = True
            for config in want_configs:
                got = got_all.get(config, {})
                for key, want in expected[config].items():
                    if abs(got.get(key, 10**9) - want) > TOLERANCE.get(key, 0):
                        print(f"{label} {config}: {key} = {got.get(key)}, host {want}",
                              file=sys.stderr)
                        failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
