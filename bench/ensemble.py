"""Ensemble speed against the peers: the same congress written as naive SimPy, Mesa and NumPy.

    python bench/ensemble.py --peers ../shared/peers --runs 20000 --repeat 5

Each round runs every contender once, in turn (so that drift on a noisy machine hits all alike):
the peers in `shared/peers`, then `congress-sim ensemble scenarios/historical.yaml --json` on 1
worker and on 2 jobs. Each is timed from start to exit, so ours includes what the user waits for:
loading, the processes' start, every block and the summary with its facts (the package's bytecode
compiled first, as an install or a first run leaves it). A peer's rate is its
own (`runs_per_s`, its loop and its summary, without its start-up), which flatters the peers.
Prints medians with their range over the rounds, the ratios the targets are stated in (each
taken within a round, then their median and range), and the memory of each at its true peak
(the whole process tree, see `measure.py`):
- 2 jobs: at least 50x naive SimPy;
- 1 worker: at least the hand-written NumPy event list.
The Mesa peer needs `pip install mesa==3.3.1`; it is skipped when Mesa is missing.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import shutil
import sys
from pathlib import Path

from measure import MIB, compile_package, fmt, run

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--peers", type=Path, default=ROOT.parent / "shared" / "peers")
    p.add_argument("--runs", type=int, default=20_000, help="replays of each congress-sim ensemble")
    p.add_argument("--repeat", type=int, default=5, help="rounds")
    args = p.parse_args()
    if not (args.peers / "naive_simpy.py").exists():
        sys.exit(f"no peers in {args.peers}")
    exe = shutil.which("congress-sim") or sys.exit("congress-sim is not installed (pip install -e .)")
    py = sys.executable
    compile_package(ROOT)
    contenders: dict[str, tuple[list[str], Path, int | None]] = {  # name -> (command, folder, runs or None: a peer)
        "naive SimPy (1 core)": ([py, "naive_simpy.py", "--runs", "300", "--seed", "1"], args.peers, None),
        "NumPy event list (1 core)": ([py, "numpy_limit.py", "--runs", "5000", "--seed", "1"], args.peers, None),
        "NumPy batch, not a DES (1 core)": ([py, "numpy_limit.py", "--runs", "10000", "--seed", "1", "--batch"],
                                            args.peers, None),
    }
    if importlib.util.find_spec("mesa") is not None:
        contenders["Mesa 3 (1 core)"] = ([py, "mesa_model.py", "--runs", "200", "--seed", "1"], args.peers, None)
    else:
        print("(Mesa is not installed: its peer is skipped)")
    for jobs in (1, 2):
        name = "congress-sim, 1 worker" if jobs == 1 else "congress-sim, 2 jobs"
        contenders[name] = ([exe, "ensemble", "scenarios/historical.yaml", "--runs", str(args.runs), "--seed", "1",
                             "--jobs", str(jobs), "--json"], ROOT, args.runs)
    rates: dict[str, list[float]] = {k: [] for k in contenders}
    peaks: dict[str, list[float]] = {k: [] for k in contenders}
    for _ in range(args.repeat):
        for name, (cmd, cwd, runs) in contenders.items():
            m = run(cmd, cwd)
            if runs is None:  # a peer: its own rate
                rates[name].append(float(json.loads(m.stdout.strip().splitlines()[-1])["runs_per_s"]))
            else:  # ours: start to exit (the summary it prints is checked to be whole)
                assert json.loads(m.stdout)["runs"] == runs
                rates[name].append(runs / m.wall)
            peaks[name].append(m.peak / MIB)
    print(f"{'':34} {'replays/s, median (range)':>30} {'peak memory, MiB':>22}")
    for name in contenders:
        print(f"{name:34} {fmt(rates[name]):>30} {fmt(peaks[name]):>22}")
    print(f"({args.repeat} rounds; congress-sim: {args.runs:,} replays of scenarios/historical.yaml each, from start "
          "to exit, summary included)")
    print()

    def ratio(a: str, b: str) -> str:
        return fmt([x / y for x, y in zip(rates[a], rates[b], strict=True)], digits=2)

    print(f"2 jobs / naive SimPy       {ratio('congress-sim, 2 jobs', 'naive SimPy (1 core)'):>22}x  (target >= 50x)")
    print(f"1 worker / NumPy list      {ratio('congress-sim, 1 worker', 'NumPy event list (1 core)'):>22}x  "
          "(target >= 1x)")
    if "Mesa 3 (1 core)" in rates:
        print(f"2 jobs / Mesa              {ratio('congress-sim, 2 jobs', 'Mesa 3 (1 core)'):>22}x")


if __name__ == "__main__":
    main()
