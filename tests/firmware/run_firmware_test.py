"""Builds the Cortex-M4F firmware (bench/firmware/, the cross toolchain), runs it under QEMU
(mps2-an386) at -O2 and -Os, and compares its outputs with the host build's on the same stream:
every count and class exactly, the quaternion within 3e-6 per component and the heart rate and
energy within one unit of their last printed digit (float32 on both; the host's libm and newlib's
differ in the last bits); the stack high-water mark inside the 16 KiB stack; and that nothing the
issue rules out is linked: no double-precision routine (__aeabi_d*, the soft-float double
helpers), no exception or RTTI machinery, no printf.

Usage: run_firmware_test.py SOURCE_DIR WORK_DIR HOST_PROGRAM CMAKE
"""

import pathlib
import subprocess
import sys

sys.dont_write_bytecode = True  # nothing written into the source tree
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "bench" / "firmware"))
from firmware_tools import build_firmware, by_config, fields, forbidden_symbols, run_firmware  # noqa: E402

TOLERANCE = {"qw": 3, "qx": 3, "qy": 3, "qz": 3, "heart_e1": 1, "kcal_e3": 1}


def main() -> int:
    source, work, host, cmake = (pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]),
                                 sys.argv[3], sys.argv[4])
    build = work / "build-m4f"
    build_firmware(source, build, cmake)
    expected = by_config(subprocess.run([host], check=True, capture_output=True, text=True).stdout)
    print("host:", expected)
    failed = len(expected) != 6  # five Tracker configurations and the filter alone
    for level in ("O2", "Os"):
        elf = build / f"fusetrack_firmware_{level}.elf"
        bad = forbidden_symbols(build / f"fusetrack_firmware_{level}.map")
        print(f"{level}: forbidden symbols in the map: {', '.join(bad) if bad else 'none'}")
        if bad:
            failed = True
        run = run_firmware(elf)
        text = run.stdout + run.stderr
        print(f"{level}: exit {run.returncode}:\n{text.strip()}")
        if run.returncode != 0:
            failed = True
            continue
        stack = fields(text.strip().splitlines()[-1]).get("stack", 0)
        if not 0 < stack < 16384:
            print(f"{level}: stack high-water mark {stack} B of the 16 KiB stack", file=sys.stderr)
            failed = True
        got_all = by_config(text)
        for config, want_fields in expected.items():
            got = got_all.get(config, {})
            for key, want in want_fields.items():
                if abs(got.get(key, 10**9) - want) > TOLERANCE.get(key, 0):
                    print(f"{level} {config}: {key} = {got.get(key)}, host {want}", file=sys.stderr)
                    failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
