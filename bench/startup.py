"""`congress-sim run scenarios/historical.yaml` against the bare import of its dependencies.

Target: the run takes at most twice the wall time of
`python -c "import numpy, pydantic, simpy, yaml, click"` (medians, measured in turn within each
round so that drift on a noisy machine hits both alike; the package's bytecode is compiled first).
The run is timed from start to exit: it loads and validates the scenario and its record, replays,
checks the record's facts and prints the transcript. Prints medians with their range of the wall
time and of the CPU time (the command's own, which other load on the machine disturbs less), the
ratios (taken within each round, then their median and range), and each command's memory at its
peak.

    python bench/startup.py --repeat 15
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

from measure import MIB, compile_package, fmt, run

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--repeat", type=int, default=15)
    args = p.parse_args()
    exe = shutil.which("congress-sim") or sys.exit("congress-sim is not installed (pip install -e .)")
    compile_package(ROOT)
    contenders = {
        "import baseline": [sys.executable, "-c", "import numpy, pydantic, simpy, yaml, click"],
        "congress-sim run": [exe, "run", "scenarios/historical.yaml"],
    }
    wall: dict[str, list[float]] = {k: [] for k in contenders}
    cpu: dict[str, list[float]] = {k: [] for k in contenders}
    peak: dict[str, list[float]] = {k: [] for k in contenders}
    for _ in range(args.repeat):
        for name, cmd in contenders.items():
            m = run(cmd, ROOT)
            wall[name].append(m.wall)
            cpu[name].append(m.cpu)
            peak[name].append(m.peak / MIB)
    print(f"{'':18} {'wall ms, median (range)':>26} {'CPU ms, median (range)':>26} {'peak MiB':>14}")
    for name in contenders:
        print(f"{name:18} {fmt(wall[name], 1000):>26} {fmt(cpu[name], 1000):>26} {fmt(peak[name]):>14}")
    for label, xs in (("wall", wall), ("CPU", cpu)):
        ratios = [r / b for r, b in zip(xs["congress-sim run"], xs["import baseline"], strict=True)]
        print(f"ratio of {label} times {fmt(ratios, digits=2)} (target <= 2.00; {args.repeat} rounds)")
    mods = subprocess.run([sys.executable, "-c", "import congress_sim, sys; print('matplotlib' in sys.modules)"],
                          capture_output=True, text=True, check=True).stdout.strip()
    print(f"import congress_sim loads matplotlib: {mods}")


if __name__ == "__main__":
    main()
