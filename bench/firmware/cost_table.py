"""The device cost table: the Cortex-M4F firmware (-O2 and -Os) built and run under QEMU for each
configuration of run_stream.hpp (an image per configuration, holding only its parts; and the
all-parts image, every configuration chosen by settings), beside the host's Google Benchmark time and callgrind
instruction count on the same stream. Prints the Markdown tables; with --update FILE, rewrites
the part of FILE between the markers <!-- cost-table --> and <!-- /cost-table -->.

    /usr/bin/python3 bench/firmware/cost_table.py [--build build] [--update README.md]

Needs the host build (BUILD/bench/fusetrack_bench_firmware_stream and
BUILD/tests/firmware/fusetrack_firmware_host, Release), the cross tools, QEMU and valgrind.

Flash: .isr_vector + .text + .rodata + .ARM.exidx + .init_array + .data (its initial values), less
the embedded test stream (fw::stream::kImu, kMag, kPpg). RAM: .data + .bss + the stack's
high-water mark. Instructions: SysTick under -icount shift=0 (exact: one instruction per ns),
over the whole stream, divided by its IMU samples (the magnetometer's and PPG's pushes amortised
into them); per second of sensor data: over the stream's 20 s.
"""

import argparse
import json
import pathlib
import re
import statistics
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from firmware_tools import (ALL_IMAGE, CONFIG_IMAGES, IMAGE_RUNS, LEVELS, REPLAY_ONLY,  # noqa: E402
                            build_firmware, by_config,
                            fields, forbidden_symbols, image, run_firmware)

ROOT = pathlib.Path(__file__).resolve().parents[2]
FLASH_SECTIONS = (".isr_vector", ".text", ".rodata", ".ARM.exidx", ".init_array", ".data")
STREAM_SECONDS = 20.0
CLOCK_HZ = 64e6


def sections(elf: pathlib.Path) -> dict:
    out = subprocess.run(["arm-none-eabi-size", "-A", str(elf)], check=True, capture_output=True,
                         text=True).stdout
    return {m.group(1): int(m.group(2)) for m in re.finditer(r"^(\.\S+)\s+(\d+)\s+\d+", out, re.M)}


def stream_bytes(elf: pathlib.Path) -> int:
    out = subprocess.run(["arm-none-eabi-nm", "-S", "-C", str(elf)], check=True,
                         capture_output=True, text=True).stdout
    total = 0
    for line in out.splitlines():
        parts = line.split(maxsplit=3)
        if len(parts) == 4 and re.fullmatch(r"fw::stream::k(Imu|Mag|Ppg)", parts[3]):
            total += int(parts[1], 16)
    return total


def callgrind_per_config(host: str, config: str) -> int:
    """Instructions inside fw::run_stream on the host (valgrind --tool=callgrind, repeatable)."""
    with tempfile.TemporaryDirectory() as tmp:
        out = pathlib.Path(tmp) / "cg.out"
        subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}",
                        # run_stream is a template: its demangled name starts with the return
                        # type (and the replay's lambdas name it too, so no leading *).
                        "--toggle-collect=fw::StreamResult fw::run_stream<*",
                        "--toggle-collect=fw::run_filter_only*",
                        "--toggle-collect=fw::run_replay_only*", host, config],
                       check=True, capture_output=True)
        m = re.search(r"^(?:summary|totals):\s+(\d+)", out.read_text(), re.M)
        return int(m.group(1))


def benchmark_ns(bench: str, repetitions: int) -> dict:
    """Median ns per IMU sample of each configuration (Google Benchmark, repetitions)."""
    out = subprocess.run([bench, f"--benchmark_repetitions={repetitions}",
                          "--benchmark_report_aggregates_only=false", "--benchmark_format=json"],
                         check=True, capture_output=True, text=True).stdout
    per = {}
    for b in json.loads(out)["benchmarks"]:
        if b.get("run_type") == "iteration":
            per.setdefault(b["label"], []).append(b["per_imu_sample"] * 1e9)  # s -> ns
    return {k: statistics.median(v) for k, v in per.items()}


def thousands(v) -> str:
    return f"{v:,.0f}".replace(",", " ")


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--build", default="build", help="the host build folder (Release)")
    p.add_argument("--repetitions", type=int, default=5, help="Google Benchmark repetitions")
    p.add_argument("--update", help="a Markdown file whose cost-table markers are rewritten")
    a = p.parse_args()
    build = pathlib.Path(a.build).resolve()
    host = str(build / "tests" / "firmware" / "fusetrack_firmware_host")
    bench = str(build / "bench" / "fusetrack_bench_firmware_stream")

    with tempfile.TemporaryDirectory() as tmp:
        fw_build = pathlib.Path(tmp) / "build-m4f"
        print("cost_table: cross build", file=sys.stderr)
        build_firmware(ROOT, fw_build, "cmake")
        images = {}  # (name, level) -> figures
        for name in CONFIG_IMAGES + (ALL_IMAGE,):
            for level in LEVELS:
                elf = image(fw_build, name, level)
                print(f"cost_table: QEMU, {name} -{level}", file=sys.stderr)
                run = run_firmware(elf)
                if run.returncode != 0:
                    print(run.stdout + run.stderr, file=sys.stderr)
                    return 1
                text = run.stdout + run.stderr
                s = sections(elf)
                images[(name, level)] = {
                    "flash": sum(s.get(k, 0) for k in FLASH_SECTIONS) - stream_bytes(elf),
                    "data_bss": s.get(".data", 0) + s.get(".bss", 0),
                    "stack": fields(text.strip().splitlines()[-1])["stack"],
                    "runs": by_config(text),
                    "forbidden": forbidden_symbols(image(fw_build, name, level, ".map"))}
    print("cost_table: host callgrind", file=sys.stderr)
    configs = list(CONFIG_IMAGES) + [REPLAY_ONLY]
    image_of = {run: name for name in CONFIG_IMAGES for run in IMAGE_RUNS[name]}
    imu = images[(configs[0], "O2")]["runs"][configs[0]]["imu_samples"]
    cg = {c: callgrind_per_config(host, c) for c in configs}
    if any(v < 10 * imu for v in cg.values()):  # a toggle that missed the replay
        print(f"cost_table: callgrind counted nothing inside the replay: {cg}", file=sys.stderr)
        return 1
    print("cost_table: host Google Benchmark", file=sys.stderr)
    ns = benchmark_ns(bench, a.repetitions)

    def ram(im):
        return (f"{thousands(im['data_bss'] + im['stack'])} "
                f"({thousands(im['data_bss'])} + {thousands(im['stack'])})")

    lines = []
    lines.append("| image | -O2 flash, B | -O2 RAM, B: .data + .bss + stack used | -Os flash, B "
                 "| -Os RAM, B | double, exception, RTTI or printf symbols in the maps |")
    lines.append("|---|---|---|---|---|---|")
    for name in list(CONFIG_IMAGES) + [ALL_IMAGE]:
        o2, os_ = images[(name, "O2")], images[(name, "Os")]
        bad = sorted(set(o2["forbidden"]) | set(os_["forbidden"]))
        label = "all parts (every configuration, chosen by settings)" if name == ALL_IMAGE else name
        lines.append(f"| {label} | {thousands(o2['flash'])} | {ram(o2)} | "
                     f"{thousands(os_['flash'])} | {ram(os_)} | {', '.join(bad) if bad else 'none'} |")
    lines.append("")
    lines.append("| configuration | M4F -O2: instructions per IMU sample | per second of sensor data "
                 "(share of 64 MHz) | M4F -Os: instructions per IMU sample | host: ns per IMU "
                 "sample (Google Benchmark, median) | host: instructions per IMU sample "
                 "(callgrind) |")
    lines.append("|---|---|---|---|---|---|")
    for c in configs:
        o2 = images[(image_of[c], "O2")]["runs"][c]["insn"]
        os_ = images[(image_of[c], "Os")]["runs"][c]["insn"]
        per_s = o2 / STREAM_SECONDS
        lines.append(f"| {c} | {thousands(o2 / imu)} | {thousands(per_s)} "
                     f"({100.0 * per_s / CLOCK_HZ:.2f} %) | {thousands(os_ / imu)} | "
                     f"{f'{ns[c]:.1f}' if c in ns else '-'} | {thousands(cg[c] / imu)} |")
    table = "\n".join(lines)
    print(table)
    if a.update:
        path = pathlib.Path(a.update)
        doc = path.read_text()
        new, n = re.subn(r"(<!-- cost-table -->\n).*?(<!-- /cost-table -->)",
                         lambda m: m.group(1) + table + "\n" + m.group(2), doc, flags=re.S)
        if n != 1:
            print(f"cost_table: {path}: no <!-- cost-table --> ... <!-- /cost-table --> markers",
                  file=sys.stderr)
            return 1
        path.write_text(new)
        print(f"cost_table: {path} updated", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
