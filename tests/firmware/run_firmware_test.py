"""Builds the Cortex-M4F firmware (bench/firmware/, the cross toolchain), runs it under QEMU
(mps2-an386) at -O2 and -Os, and compares its outputs with the host build's on the same stream:
every count and class exactly, the quaternion within 3e-6 per component and the heart rate and
energy within one unit of their last printed digit (float32 on both; the host's libm and newlib's
differ in the last bits); and the stack high-water mark inside the 16 KiB stack.

Usage: run_firmware_test.py SOURCE_DIR WORK_DIR HOST_PROGRAM CMAKE
"""

import pathlib
import re
import shutil
import subprocess
import sys

TOLERANCE = {"qw": 3, "qx": 3, "qy": 3, "qz": 3, "heart_e1": 1, "kcal_e3": 1}


def fields(line: str) -> dict:
    return {k: int(v) for k, v in re.findall(r"(\w+)=(-?\d+)", line)}


def main() -> int:
    source, work, host, cmake = (pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]),
                                 sys.argv[3], sys.argv[4])
    build = work / "build-m4f"
    shutil.rmtree(build, ignore_errors=True)  # a fresh cross build: nothing of another tree
    subprocess.run([cmake, "-S", str(source / "bench" / "firmware"), "-B", str(build),
                    f"-DCMAKE_TOOLCHAIN_FILE={source / 'cmake' / 'arm-none-eabi-cortex-m4f.cmake'}"],
                   check=True, stdout=subprocess.DEVNULL)
    subprocess.run([cmake, "--build", str(build), "-j2"], check=True, stdout=subprocess.DEVNULL)
    expected = fields(subprocess.run([host], check=True, capture_output=True, text=True).stdout)
    print("host:", expected)
    failed = False
    for level in ("O2", "Os"):
        elf = build / f"fusetrack_firmware_{level}.elf"
        run = subprocess.run(["qemu-system-arm", "-M", "mps2-an386", "-nographic", "-icount", "shift=0",
                              "-semihosting-config", "enable=on,target=native", "-kernel", str(elf)],
                             capture_output=True, text=True, timeout=120)
        line = (run.stdout + run.stderr).strip().splitlines()[-1] if (run.stdout + run.stderr).strip() else ""
        got = fields(line)
        print(f"{level}: exit {run.returncode}: {line}")
        if run.returncode != 0:
            failed = True
            continue
        if not 0 < got.get("stack", 0) < 16384:
            print(f"{level}: stack high-water mark {got.get('stack')} B of the 16 KiB stack",
                  file=sys.stderr)
            failed = True
        for key, want in expected.items():
            if abs(got.get(key, 10**9) - want) > TOLERANCE.get(key, 0):
                print(f"{level}: {key} = {got.get(key)}, host {want}", file=sys.stderr)
                failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
