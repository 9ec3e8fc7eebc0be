"""What the Cortex-M4F firmware's test (tests/firmware) and its cost table (cost_table.py) share:
the cross build, the QEMU run, the printed lines and the map check."""

import pathlib
import re
import shutil
import subprocess

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


# The images bench/firmware/CMakeLists.txt builds, at each level: one per configuration (only its
# parts linked, it runs that configuration) and "all" (every part, every configuration).
CONFIG_IMAGES = ("orientation", "steps", "activity", "heart", "everything", "ekf_9d_alone")
ALL_IMAGE = "all"
# What each image prints: its configuration; the EKF's image also the replay alone (the stream's
# own cost); the all-parts image everything.
REPLAY_ONLY = "replay_alone"
IMAGE_RUNS = {name: (REPLAY_ONLY, name) if name == "ekf_9d_alone" else (name,)
              for name in CONFIG_IMAGES}
LEVELS = ("O2", "Os")


def image(build: pathlib.Path, name: str, level: str, suffix: str = ".elf") -> pathlib.Path:
    return build / f"fusetrack_firmware_{name}_{level}{suffix}"


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
