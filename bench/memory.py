"""Peak memory of large ensembles: it must not grow with the number of runs.

    python bench/memory.py                        # both targets
    python bench/memory.py --out-runs 100000 --runs 1000000   # smaller, to try it

Runs, each in a fresh process under `/usr/bin/time -v`:
- `congress-sim ensemble scenarios/historical.yaml --runs 1000000 --jobs 2 --out DIR`
- `congress-sim ensemble scenarios/historical.yaml --runs 10000000 --jobs 2`
Target: each under 500 MB at its peak. GNU time reports the largest single process (here the
parent or a worker); the process tree (parent and workers together) is also sampled from /proc
every 0.1 s, and that sum is held to the same target.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_MB = 500


def tree_rss(top: int) -> int:
    """Resident memory (bytes) of a process and all its descendants, from /proc."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            status = (entry / "status").read_text()
        except OSError:
            continue
        parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
        found = re.search(r"^VmRSS:\s+(\d+) kB", status, re.M)
        rss[int(entry.name)] = int(found.group(1)) * 1024 if found else 0
    mine, grew = {top}, True
    while grew:
        more = {pid for pid, parent in parents.items() if parent in mine} - mine
        mine |= more
        grew = bool(more)
    return sum(rss.get(pid, 0) for pid in mine)


def measure(args: list[str]) -> dict[str, float]:
    exe = shutil.which("congress-sim") or sys.exit("congress-sim is not installed (pip install -e .)")
    timer = shutil.which("time", path="/usr/bin") or sys.exit("needs GNU time at /usr/bin/time")
    start = time.perf_counter()
    proc = subprocess.Popen([timer, "-v", exe, "ensemble", "scenarios/historical.yaml", *args, "--quiet"],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    peak = [0]

    def sample() -> None:
        while proc.poll() is None:
            peak[0] = max(peak[0], tree_rss(proc.pid))
            time.sleep(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = proc.communicate()
    sampler.join()
    if proc.returncode != 0:
        sys.exit(f"congress-sim ensemble {' '.join(args)} failed:\n{err}")
    largest = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", err).group(1)) * 1024  # type: ignore[union-attr]
    cpu = sum(float(re.search(rf"{k} time \(seconds\): ([\d.]+)", err).group(1)) for k in ("User", "System"))  # type: ignore[union-attr]
    return {"seconds": time.perf_counter() - start, "cpu": cpu, "largest": largest, "tree": peak[0]}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out-runs", type=int, default=1_000_000, help="runs of the ensemble written to --out")
    p.add_argument("--runs", type=int, default=10_000_000, help="runs of the ensemble without --out")
    p.add_argument("--jobs", type=int, default=2)
    args = p.parse_args()
    rows = []
    with tempfile.TemporaryDirectory(prefix="congress-sim-bench-") as tmp:
        out = Path(tmp) / "ensemble"
        cases = [(f"--runs {args.out_runs:,} --out DIR", ["--runs", str(args.out_runs), "--out", str(out)]),
                 (f"--runs {args.runs:,}", ["--runs", str(args.runs)])]
        for label, extra in cases:
            r = measure([*extra, "--jobs", str(args.jobs), "--seed", "1"])
            if "--out" in extra:
                r["disk"] = sum(f.stat().st_size for f in out.rglob("*") if f.is_file())
            rows.append((label, r))
    print(f"{'congress-sim ensemble historical.yaml':42} {'wall s':>8} {'CPU s':>8} {'largest MB':>11} {'all MB':>8}")
    for label, r in rows:
        print(f"{label + f' --jobs {args.jobs}':42} {r['seconds']:8.1f} {r['cpu']:8.1f} {r['largest'] / 1e6:11.0f} "
              f"{r['tree'] / 1e6:8.0f}" + (f"   ({r['disk'] / 1e6:,.0f} MB written)" if "disk" in r else ""))
    worst = max(max(r["largest"], r["tree"]) for _, r in rows) / 1e6
    print(f"\npeak {worst:.0f} MB (target under {TARGET_MB} MB): {'met' if worst < TARGET_MB else 'NOT met'}")


if __name__ == "__main__":
    main()
