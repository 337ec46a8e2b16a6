"""One replay of the historical scenario inside Python (target: under 5 ms, either mode).

    python bench/replay.py --repeat 500
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import congress_sim as cs

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--repeat", type=int, default=500)
    args = p.parse_args()
    scenario = cs.load(ROOT / "scenarios" / "historical.yaml")
    for label, seed_of in (("deterministic", lambda i: None), ("seeded", lambda i: i)):
        cs.simulate(scenario, seed_of(0))  # warm up
        times = []
        for i in range(args.repeat):
            t = time.perf_counter()
            cs.simulate(scenario, seed_of(i))
            times.append(time.perf_counter() - t)
        times.sort()
        print(f"{label:13s} median {statistics.median(times) * 1000:.3f} ms, "
              f"95th percentile {times[int(0.95 * len(times))] * 1000:.3f} ms (target < 5 ms)")


if __name__ == "__main__":
    main()
