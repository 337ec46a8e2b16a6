"""One replay of the historical scenario inside Python (target: under 5 ms).

    python bench/replay.py --repeat 200

Four contenders, taken in turn within each round (so that drift on a noisy machine hits all
alike): the deterministic and a seeded replay (`simulate`), each alone and followed by the JSON summary
that `congress-sim run --json` prints. Prints the median and range of the CPU time (this
process's, which other load on the machine disturbs less) and of the wall time, and each one's
memory at its true peak: the most the replay holds at once above what was held before it (Python's
allocator and NumPy's arrays, traced in a pass of its own, as tracing slows the replay).
"""

from __future__ import annotations

import argparse
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

from measure import MIB, fmt

import congress_sim as cs

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--repeat", type=int, default=200)
    args = p.parse_args()
    scenario = cs.load(ROOT / "scenarios" / "historical.yaml")
    seeds = iter(range(10**9))
    contenders: dict[str, Callable[[], object]] = {
        "deterministic": lambda: cs.simulate(scenario),
        "seeded": lambda: cs.simulate(scenario, next(seeds)),
        "deterministic + JSON": lambda: cs.simulate(scenario).to_json(),
        "seeded + JSON": lambda: cs.simulate(scenario, next(seeds)).to_json(),
    }
    for f in contenders.values():  # warm up
        f()
    cpu: dict[str, list[float]] = {k: [] for k in contenders}
    wall: dict[str, list[float]] = {k: [] for k in contenders}
    for _ in range(args.repeat):
        for name, f in contenders.items():
            c, w = time.process_time(), time.perf_counter()
            f()
            wall[name].append(time.perf_counter() - w)
            cpu[name].append(time.process_time() - c)
    peak: dict[str, float] = {}
    for name, f in contenders.items():
        tracemalloc.start()
        tracemalloc.reset_peak()
        before = tracemalloc.get_traced_memory()[0]
        f()
        peak[name] = (tracemalloc.get_traced_memory()[1] - before) / MIB
        tracemalloc.stop()
    print(f"{'':24} {'CPU ms, median (range)':>26} {'wall ms, median (range)':>26} {'peak MiB':>9}")
    for name in contenders:
        print(f"{name:24} {fmt(cpu[name], 1000, 2):>26} {fmt(wall[name], 1000, 2):>26} {peak[name]:9.1f}")
    print(f"({args.repeat} rounds; target: one replay under 5 ms)")


if __name__ == "__main__":
    main()
