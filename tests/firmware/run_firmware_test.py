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
import re
import shutil
import subprocess
import sys

# Symbols whose presence in a firmware's map means something was pulled in by accident.
FORBIDDEN = re.compile(r"\b(__aeabi_d\w+|__aeabi_\w*2d|__(add|sub|mul|div)df3|__extendsfdf2|"
                       r"__truncdfsf2|__fix(uns)?df\w+|__float(un)?(si|di)df|__(eq|ne|lt|le|gt|ge|unord)df2|"
                       r"__cxa_throw|__cxa_begin_catch|__gxx_personality_v0|_ZTI\w+|_ZTS\w+|"
                       r"_?v?[fs]?n?i?printf)\b")


def forbidden_symbols(map_file: pathlib.Path) -> list:
    """Symbols defined or referenced in a GNU ld map that the core must not need."""
    found = set()
    for line in map_file.read_text(errors="replace").splitlines():
        for m in FORBIDDEN.finditer(line):
            found.add(m.group(0))
    return sorted(found)


TOLERANCE = {"qw": 3, "qx": 3, "qy": 3, "qz": 3, "heart_e1": 1, "kcal_e3": 1}


def fields(line: str) -> dict:
    return {k: int(v) for k, v in re.findall(r"(\w+)=(-?\d+)", line)}


def by_config(text: str) -> dict:
    """{configuration: {field: value}} of the lines that start with config=NAME."""
    out = {}
    for line in text.splitlines():
        m = re.match(r"config=(\w+) (.*)", line.strip())
        if m:
            out[m.group(1)] = fields(m.group(2))
    return out


def run_firmware(elf: pathlib.Path) -> subprocess.CompletedProcess:
    return subprocess.run(["qemu-system-arm", "-M", "mps2-an386", "-nographic", "-icount", "shift=0",
                           "-semihosting-config", "enable=on,target=native", "-kernel", str(elf)],
                          capture_output=True, text=True, timeout=300)


def build_firmware(source: pathlib.Path, build: pathlib.Path, cmake: str) -> None:
    shutil.rmtree(build, ignore_errors=True)  # a fresh cross build: nothing of another tree
    subprocess.run([cmake, "-S", str(source / "bench" / "firmware"), "-B", str(build),
                    f"-DCMAKE_TOOLCHAIN_FILE={source / 'cmake' / 'arm-none-eabi-cortex-m4f.cmake'}"],
                   check=True, stdout=subprocess.DEVNULL)
    subprocess.run([cmake, "--build", str(build), "-j2"], check=True, stdout=subprocess.DEVNULL)


def main() -> int:
    source, work, host, cmake = (pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]),
                                 sys.argv[3], sys.argv[4])
    build = work / "build-m4f"
    build_firmware(source, build, cmake)
    expected = by_config(subprocess.run([host], check=True, capture_output=True, text=True).stdout)
    print("host:", expected)
    failed = len(expected) != 5
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
