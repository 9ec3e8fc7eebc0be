"""Runs the README's Python example: extracts the block between <!-- python-example --> and
<!-- /python-example -->, runs it from the repository root with the picture written into OUT_DIR,
and checks what it printed and drew.

Usage: run_readme_example.py README.md OUT_DIR
"""

import os
import pathlib
import re
import subprocess
import sys


def main() -> int:
    readme, out_dir = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
    m = re.search(r"<!-- python-example -->\n```python\n(.*?)```\n<!-- /python-example -->",
                  readme.read_text(), re.S)
    if not m:
        print(f"{readme}: no Python example block", file=sys.stderr)
        return 2
    out_dir.mkdir(parents=True, exist_ok=True)
    script = out_dir / "readme_example.py"
    script.write_text(m.group(1))
    picture = out_dir / "sample_day.png"
    picture.unlink(missing_ok=True)
    env = dict(os.environ, FUSETRACK_EXAMPLE_OUT=str(out_dir))
    run = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, env=env)
    sys.stdout.write(run.stdout)
    sys.stderr.write(run.stderr)
    if run.returncode != 0:
        print(f"the example exited with {run.returncode}", file=sys.stderr)
        return 1
    if not re.search(r"\d+ steps, [\d.]+ kcal, \d+ fall", run.stdout):
        print("the example did not print its readout line", file=sys.stderr)
        return 1
    if not picture.exists() or picture.stat().st_size < 10_000:
        print(f"the example did not draw {picture}", file=sys.stderr)
        return 1
    print(f"ok: {picture} ({picture.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
