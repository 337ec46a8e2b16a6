"""`congress-sim run scenarios/historical.yaml` against the bare import of its dependencies.

Target: the run takes at most twice the wall time of
`python -c "import numpy, pydantic, simpy, yaml, click"` (medians, measured interleaved).

    python bench/startup.py --repeat 15
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def wall(cmd: list[str]) -> float:
    t = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
    return time.perf_counter() - t


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--repeat", type=int, default=15)
    args = p.parse_args()
    exe = shutil.which("congress-sim") or sys.exit("congress-sim is not installed (pip install -e .)")
    baseline = [sys.executable, "-c", "import numpy, pydantic, simpy, yaml, click"]
    run = [exe, "run", "scenarios/historical.yaml"]
    base_t, run_t = [], []
    for _ in range(args.repeat):  # interleaved, so drift on a noisy machine hits both alike
        base_t.append(wall(baseline))
        run_t.append(wall(run))
    b, r = statistics.median(base_t), statistics.median(run_t)
    print(f"import baseline  median {b * 1000:7.1f} ms")
    print(f"congress-sim run median {r * 1000:7.1f} ms")
    print(f"ratio {r / b:.2f} (target <= 2.00)")
    mods = subprocess.run([sys.executable, "-c", "import congress_sim, sys; print('matplotlib' in sys.modules)"],
                          capture_output=True, text=True, check=True).stdout.strip()
    print(f"import congress_sim loads matplotlib: {mods}")


if __name__ == "__main__":
    main()
