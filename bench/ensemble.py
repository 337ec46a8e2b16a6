"""Ensemble speed against the peers: the same congress written as naive SimPy, Mesa and NumPy.

    python bench/ensemble.py --peers ../shared/peers

Runs each peer and `congress-sim ensemble scenarios/historical.yaml` side by side, in one
sitting, and prints replays per second and the ratios the targets are stated in:
- 2 jobs: at least 10,000 replays/s, 60x naive SimPy and 150x Mesa;
- 1 worker: at least as fast as the hand-written NumPy event list.
The Mesa peer needs `pip install mesa==3.3.1`; it is skipped when Mesa is missing.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def peer(folder: Path, script: str, *args: str) -> float | None:
    try:
        out = subprocess.run([sys.executable, script, *args], cwd=folder, capture_output=True, text=True, check=True)
    except subprocess.CalledProcessError as exc:
        print(f"  {script}: failed ({exc.stderr.strip().splitlines()[-1] if exc.stderr.strip() else exc})")
        return None
    return float(json.loads(out.stdout.strip().splitlines()[-1])["runs_per_s"])


def ours(runs: int, jobs: int) -> tuple[float, float]:
    """(replays/s inside the ensemble, replays/s of the whole command from start to exit)."""
    exe = shutil.which("congress-sim") or sys.exit("congress-sim is not installed (pip install -e .)")
    t = time.perf_counter()
    out = subprocess.run([exe, "ensemble", "scenarios/historical.yaml", "--runs", str(runs), "--seed", "1",
                          "--jobs", str(jobs), "--json"], cwd=ROOT, capture_output=True, text=True, check=True)
    wall = time.perf_counter() - t
    rate = re.search(r"([\d,]+) replays/s", out.stderr)  # the timing is said on the terminal, not in the summary
    if rate is None:
        sys.exit(f"no rate in: {out.stderr}")
    return float(rate.group(1).replace(",", "")), runs / wall


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--peers", type=Path, default=ROOT.parent / "shared" / "peers")
    p.add_argument("--runs", type=int, default=100_000)
    args = p.parse_args()
    if not (args.peers / "naive_simpy.py").exists():
        sys.exit(f"no peers in {args.peers}")
    rates: dict[str, float | None] = {}
    rates["naive SimPy (1 core)"] = peer(args.peers, "naive_simpy.py", "--runs", "300", "--seed", "1")
    rates["Mesa 3 (1 core)"] = peer(args.peers, "mesa_model.py", "--runs", "200", "--seed", "1")
    rates["NumPy event list (1 core)"] = peer(args.peers, "numpy_limit.py", "--runs", "5000", "--seed", "1")
    rates["NumPy batch, not a DES (1 core)"] = peer(args.peers, "numpy_limit.py", "--runs", "10000", "--seed", "1",
                                                    "--batch")
    one, one_wall = ours(args.runs, 1)
    two, two_wall = ours(args.runs, 2)
    rates["congress-sim, 1 worker"] = one
    rates["congress-sim, 2 jobs"] = two
    print(f"{'':36} {'replays/s':>12}")
    for name, r in rates.items():
        print(f"{name:36} {'-' if r is None else f'{r:12,.0f}':>12}")
    print(f"(whole command, start to exit: 1 worker {one_wall:,.0f}/s, 2 jobs {two_wall:,.0f}/s for {args.runs:,} runs)")
    print()
    simpy, mesa, numpy = (rates["naive SimPy (1 core)"], rates["Mesa 3 (1 core)"], rates["NumPy event list (1 core)"])
    if simpy:
        print(f"2 jobs / naive SimPy      {two / simpy:8.1f}x   (target >= 60x)")
    if mesa:
        print(f"2 jobs / Mesa             {two / mesa:8.1f}x   (target >= 150x)")
    print(f"2 jobs                    {two:8,.0f}/s  (target >= 10,000/s)")
    if numpy:
        print(f"1 worker / NumPy list     {one / numpy:8.2f}x   (target >= 1x)")


if __name__ == "__main__":
    main()
