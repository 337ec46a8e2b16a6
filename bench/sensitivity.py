"""Sobol sensitivity of the historical scenario: 10 uncertain assumptions, 4,096 base samples.

    python bench/sensitivity.py [--samples 4096] [--jobs 2] [--chance]

Runs `congress-sim sensitivity scenarios/historical-uncertain.yaml` with Saltelli's design
(N (d + 2) = 49,152 replays for 10 assumptions and 4,096 base samples) on two outcomes, and prints
the wall time of the whole command and the replays per second. Target: under a minute on 2 cores.
It also checks the indices it gets: S1 <= ST within their intervals, and the sum of S1 at most 1.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUTCOMES = ["margin:government", "left:walkout"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=4096)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--chance", action="store_true", help="seeded replays (the replays' own randomness included)")
    args = parser.parse_args()
    exe = shutil.which("congress-sim") or sys.exit("congress-sim is not installed (pip install -e .)")
    command = [exe, "sensitivity", "scenarios/historical-uncertain.yaml", "--samples", str(args.samples),
               "--jobs", str(args.jobs), "--json", *(["--chance"] if args.chance else [])]
    for o in OUTCOMES:
        command += ["--outcome", o]
    started = time.perf_counter()
    out = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True)
    wall = time.perf_counter() - started
    result = json.loads(out.stdout)
    d = len(result["assumptions"])
    print(f"{d} assumptions, {args.samples:,} base samples: {result['replays']:,} replays on {args.jobs} jobs")
    print(f"  analysis {result['seconds']:.1f} s ({result['replays'] / result['seconds']:,.0f} replays/s); "
          f"whole command {wall:.1f} s; target under 60 s: {'met' if wall < 60 else 'NOT met'}")
    for o in result["outcomes"]:
        rows = o["indices"]
        ordered = all(r["S1"] - r["S1_conf"] <= r["ST"] + r["ST_conf"] for r in rows)
        total = sum(r["S1"] for r in rows)
        top = ", ".join(f"{r['assumption']} S1 {r['S1']:.2f} ST {r['ST']:.2f}" for r in rows[:3])
        print(f"  {o['outcome']}: sum of S1 {total:.3f}; S1 <= ST within intervals: {ordered}; {top}")


if __name__ == "__main__":
    main()
