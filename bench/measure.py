"""What the benchmarks share: a command's wall time and its memory at the true peak, and medians
with their range over repeats taken in turn.

The peak is that of the whole process tree (a command and the workers it starts), summed at each
moment: the tree's resident memory is sampled from /proc every 10 ms while it runs (the tree
itself found again every 100 ms). The largest single process's own peak, which the kernel keeps
exactly (``ru_maxrss``), is a lower bound and is given beside it.
"""

from __future__ import annotations

import compileall
import itertools
import os
import resource
import statistics
import subprocess
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

PAGE = os.sysconf("SC_PAGE_SIZE")
MIB = 2**20


@dataclass
class Measured:
    wall: float  # seconds, start to exit
    cpu: float  # seconds of CPU the command and the processes it waited for used (user and system)
    peak: int  # bytes: the largest sum of the tree's resident memory seen
    stdout: str


def _tree(root: int) -> list[int]:
    """``root`` and every process descended from it (read from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(")") + 2:].split()[1])
        children.setdefault(ppid, []).append(int(entry))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(children.get(pid, ()))
    return out


def _rss(pid: int) -> int:
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE
    except (OSError, IndexError, ValueError):
        return 0


def run(cmd: Sequence[str], cwd: Path, every: float = 0.01) -> Measured:
    """Run ``cmd`` to its end (one at a time): its wall and CPU time, peak memory (the tree's, sampled) and output."""
    peak = 0
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    proc = subprocess.Popen(list(cmd), cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    done = threading.Event()

    def sample() -> None:
        # the tree is looked for again every tenth sample: walking /proc takes a share of the cores
        # the command runs on (a worker starts early, and lives to the end)
        nonlocal peak
        tree: list[int] = []
        for i in itertools.count():
            if done.is_set():
                return
            if i % 10 == 0:
                tree = _tree(proc.pid)
            peak = max(peak, sum(_rss(p) for p in tree))
            done.wait(every)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    wall = time.perf_counter() - t
    done.set()
    sampler.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    if proc.returncode:
        raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}): {err.strip()[-500:]}")
    return Measured(wall, cpu, peak, out)


def compile_package(root: Path) -> None:
    """Compile the package's bytecode, as an install or a first run does: where
    PYTHONDONTWRITEBYTECODE is set, every start of a command would otherwise compile it again."""
    compileall.compile_dir(root / "src", quiet=1)


def largest_child_peak() -> int:
    """Bytes: the largest peak resident memory of any child process waited for so far (exact)."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024


def spread(xs: Sequence[float]) -> tuple[float, float, float]:
    """(median, lowest, highest)."""
    return statistics.median(xs), min(xs), max(xs)


def fmt(xs: Sequence[float], scale: float = 1.0, digits: int = 0) -> str:
    """A median and its range, e.g. ``1,234 (1,100-1,300)``."""
    m, lo, hi = spread([x * scale for x in xs])
    return f"{m:,.{digits}f} ({lo:,.{digits}f}-{hi:,.{digits}f})"
