"""Ensembles: many seeded replays of one scenario, summarised as probabilities and intervals.

The replays are cut into fixed blocks; block ``b`` draws from ``SeedSequence(seed).spawn(...)[b]``
and is run by the vectorised kernel (:mod:`congress_sim.batch`). Since the blocks do not depend on
who runs them, the summary is the same for any number of processes, on this machine or on a Dask
cluster. An ensemble keeps each replay's outcomes (results, counts, seats, attendance at key
moments, facts passed), never its event log: memory grows with the outcomes kept.

With an output directory, each finished block is written at once (to a temporary file, then
renamed), so an interrupted ensemble leaves nothing half-written and ``resume`` picks up the
blocks still missing.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import time
from collections.abc import Callable, Generator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from congress_sim.drivers.kernel import Kernel, seeds
from congress_sim.errors import CongressSimError, OutputError
from congress_sim.language import plan as planning
from congress_sim.language.scenario import Scenario
from congress_sim.outputs import atomic_write
from congress_sim.record.facts import Record, record_of

BLOCK = 1000  # replays per block: the unit of work, of seeding and of resuming
GRID = 121  # times at which the attendance band is taken
MAX_RUNS = 100_000_000


class Interrupted(CongressSimError):
    """The ensemble was stopped before it finished; what was done is kept where it was written."""


@dataclass(frozen=True)
class Job:
    """Everything a worker needs to run any block of an ensemble (it pickles)."""

    scenario: Scenario
    record: Record | None
    source: str | None
    seed: int
    runs: int
    block: int = BLOCK
    grid: int = GRID

    @property
    def blocks(self) -> int:
        return -(-self.runs // self.block)

    def size(self, b: int) -> int:
        return min(self.block, self.runs - b * self.block)

    def digest(self) -> str:
        """What identifies the ensemble's results: the merged scenario, the record and the numbers."""
        parts = [self.scenario.model_dump_json(), self.record.model_dump_json() if self.record else "",
                 json.dumps([self.source, self.seed, self.runs, self.block, self.grid])]
        return hashlib.sha256("\x00".join(parts).encode()).hexdigest()[:16]


# --- one block -----------------------------------------------------------------------------

_KERNELS: dict[str, tuple[Kernel, list[tuple[Any, Any]]]] = {}  # per process: built once per ensemble


RESULTS = ("adopted", "rejected", "not taken")  # a vote's outcome codes (-1: not reached, or skipped)


def probes_for(scenario: Scenario, record: Record | None = None) -> dict[str, str | float]:
    """The moments worth a census: the opening, each vote, the closing, and each the record asks about."""
    from congress_sim.record.judge import moments

    out: dict[str, str | float] = {"opening": "opening"}
    for step in planning.of(scenario).steps:
        if step.item.kind == "vote":
            out[f"vote:{step.item.id}"] = step.item.id
    out["closing"] = "closing"
    out.update(moments(record))
    return out


def _kernel(job: Job) -> tuple[Kernel, list[tuple[Any, Any]]]:
    from congress_sim.record.judge import positions

    key = job.digest()
    if key not in _KERNELS:
        kernel = Kernel(job.scenario, probes_for(job.scenario, job.record), grid=job.grid,
                        positions=positions(job.record))
        facts = []
        if job.record is not None:
            for fact in job.record.facts:
                facts.append((fact, next((a for a in fact.attestations if a.source == job.source), None)))
        _KERNELS.clear()
        _KERNELS[key] = (kernel, facts)
    return _KERNELS[key]


def run_block(job: Job, b: int) -> dict[str, np.ndarray]:
    """The outcomes kept of block ``b``: small arrays, one row per replay."""
    from congress_sim.record.judge import judge

    kernel, facts = _kernel(job)
    out = kernel.run(job.size(b), seeds(job.seed, b))
    kept: dict[str, np.ndarray] = {}
    for vote, tally in out.tally.items():
        code = out.code[vote]
        kept[f"result:{vote}"] = np.where(code <= 2, code, -1).astype(np.int8)
        totals = tally.sum(axis=1)[:, :3] + (out.casting[vote][:, None] == np.arange(3)[None, :])
        kept[f"counts:{vote}"] = np.column_stack([totals, out.present[vote]]).astype(np.int32)
    for election, seats in out.seats.items():
        kept[f"seats:{election}"] = seats.astype(np.int32)
    moments = ["opening"] + [m for m in out.census if m.startswith("vote:")] + ["closing"]
    kept["attendance"] = np.column_stack([out.census[m].sum(axis=1) for m in moments]).astype(np.int32)
    if facts:
        columns = []
        for fact, a in facts:
            judged = None if a is None else judge(fact, a, out, kernel)
            columns.append(np.full(out.n, -1, np.int8) if judged is None else judged[0].astype(np.int8))
        kept["facts"] = np.column_stack(columns)
    if out.band is not None:
        kept["band"] = out.band.astype(np.int32)
    if out.drawn is not None:  # what each replay drew for the uncertain assumptions
        kept["drawn"] = out.drawn
    return kept


# --- running many blocks -------------------------------------------------------------------


def _init_worker() -> None:
    import signal
    import sys

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    if sys.platform.startswith("linux"):  # and if the parent is killed outright, go with it
        import ctypes

        with contextlib.suppress(OSError, AttributeError):  # no prctl here: then only the parent stops them
            ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


Blocks = Generator[tuple[int, dict[str, np.ndarray]], None, None]


def _serve(job: Job, conn: Any) -> None:
    """A worker: run the blocks it is sent, one at a time, until it is sent None."""
    _init_worker()
    while (b := conn.recv()) is not None:
        conn.send((b, run_block(job, b)))


def _local(job: Job, todo: list[int], jobs: int, say: Callable[[str], None]) -> Blocks:
    """Run blocks in local worker processes, each with a pipe of its own.

    A worker that dies is seen at once (its pipe closes): its block is run again by a new one.
    (A shared queue, as in concurrent.futures, can be left locked by a worker killed mid-write.)
    """
    if jobs <= 1 or len(todo) <= 1:
        for b in todo:
            yield b, run_block(job, b)
        return
    import multiprocessing as mp
    from multiprocessing.connection import wait

    ctx: Any = mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")
    queue = list(todo)
    busy: dict[Any, tuple[Any, int | None]] = {}  # the parent's end of each pipe -> (process, block)
    deaths = 0

    def hire() -> None:
        mine, theirs = ctx.Pipe()
        proc = ctx.Process(target=_serve, args=(job, theirs), daemon=True)
        proc.start()
        theirs.close()  # so that the worker's death closes the pipe
        busy[mine] = (proc, None)
        give(mine)

    def give(conn: Any) -> None:
        b = queue.pop(0) if queue else None  # None when nothing is left: the worker stops
        busy[conn] = (busy[conn][0], b)
        with contextlib.suppress(OSError):  # a worker that died since: its closed pipe is seen next
            conn.send(b)

    try:
        for _ in range(min(jobs, len(queue))):
            hire()
        while any(b is not None for _, b in busy.values()):
            ready: list[Any] = wait([c for c, (_, b) in busy.items() if b is not None])
            for conn in ready:
                proc, block = busy[conn]
                try:
                    done, kept = conn.recv()
                except (EOFError, OSError):  # the worker died: its block goes back in the queue
                    deaths += 1
                    if deaths > 2 * jobs:
                        raise CongressSimError(f"worker processes died {deaths} times; stopping") from None
                    say(f"a worker process died (exit code {proc.exitcode}); block {block} is run again")
                    queue.insert(0, int(block or 0))
                    del busy[conn]
                    conn.close()
                    hire()
                    continue
                yield done, kept
                give(conn)
    finally:
        for conn, (proc, _) in busy.items():
            if proc.is_alive():
                proc.terminate()
            proc.join(timeout=10)
            conn.close()


def _dask(job: Job, todo: list[int], scheduler: str | None, jobs: int) -> Blocks:
    try:
        from dask.distributed import Client, LocalCluster, as_completed
    except ImportError:
        raise CongressSimError("the dask executor needs Dask: pip install 'congress-sim[dask]'") from None
    cluster = None
    if scheduler:
        client = Client(scheduler, timeout="20s")
    else:
        cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True, dashboard_address=None)
        client = Client(cluster)
    try:
        remote_job = client.scatter(job, broadcast=True)
        futures = {client.submit(run_block, remote_job, b, pure=False, retries=2): b for b in todo}
        for fut in as_completed(futures):
            yield futures[fut], fut.result()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


@dataclass
class Ensemble:
    """The kept outcomes of every replay (arrays in replay order) and how the run went."""

    job: Job
    arrays: dict[str, np.ndarray]
    seconds: float
    workers: int
    executor: str
    names: dict[str, Any] = field(default_factory=dict)

    @property
    def scenario(self) -> Scenario:
        return self.job.scenario

    def summary(self) -> dict[str, Any]:
        """Outcome probabilities, means and 5-95% intervals, seats, attendance, facts: plain data."""
        return summarise(self)

    def table(self) -> tuple[list[str], list[np.ndarray]]:
        """The tidy table: one row per replay, one column per outcome."""
        k = _kernel(self.job)[0]
        cols: list[str] = ["replay"]
        data: list[np.ndarray] = [np.arange(self.job.runs)]
        for key, arr in self.arrays.items():
            kind, _, name = key.partition(":")
            if kind == "result":
                cols.append(f"{name}_result")
                data.append(np.array(RESULTS + ("skipped",))[arr])
            elif kind == "counts":
                for j, part in enumerate(("for", "against", "abstain", "present")):
                    cols.append(f"{name}_{part}")
                    data.append(arr[:, j])
            elif kind == "seats":
                for j, g in enumerate(k.groups[name]):
                    cols.append(f"{name}_{g}")
                    data.append(arr[:, j])
            elif kind == "attendance":
                for j, m in enumerate(self.names["moments"]):
                    cols.append(f"present_{m.replace(':', '_')}")
                    data.append(arr[:, j])
            elif kind == "facts":
                for j, fid in enumerate(self.names["facts"]):
                    cols.append(f"fact_{fid}")
                    data.append(np.array(["fail", "pass", ""])[arr[:, j]])
            elif kind == "drawn":
                from congress_sim.model.draws import assumptions, shown

                for j, a in enumerate(assumptions(k.plan)):
                    cols.append(f"drawn_{a.name}")
                    data.append(shown(a, arr[:, j]))
        return cols, data


def ensemble(
    scenario: Scenario,
    runs: int,
    seed: int = 0,
    *,
    jobs: int | None = None,
    executor: str = "local",
    scheduler: str | None = None,
    out: str | Path | None = None,
    resume: bool = False,
    force: bool = False,
    source: str | None = None,
    table_format: str = "csv",
    progress: Callable[[int, int], None] | None = None,
    say: Callable[[str], None] | None = None,
) -> Ensemble:
    """Run ``runs`` seeded replays of ``scenario`` and keep their outcomes.

    >>> import congress_sim as cs
    >>> e = cs.ensemble(cs.load("scenarios/historical.yaml"), runs=2000, seed=1, jobs=1)
    >>> [round(v["p"]["adopted"], 2) for v in e.summary()["votes"] if v["id"] == "trotsky_resolution"]
    [1.0]
    """
    if not 1 <= runs <= MAX_RUNS:
        raise CongressSimError(f"--runs must be from 1 to {MAX_RUNS:,}, not {runs}")
    if seed < 0:
        raise CongressSimError(f"--seed must be 0 or more, not {seed}")
    if executor not in ("local", "dask"):
        raise CongressSimError(f"no executor {executor!r}: local or dask")
    record = record_of(scenario)
    if record is not None and source is None:
        source = scenario.primary_source
    job = Job(scenario, record, source, seed, runs)
    workers = max(1, jobs or os.cpu_count() or 1)
    store = _Store(Path(out), job, resume, force) if out is not None else None
    if resume and store is None:
        raise CongressSimError("--resume needs --out DIR, where the earlier run kept its blocks")
    results: dict[int, dict[str, np.ndarray]] = store.done() if store else {}
    todo = [b for b in range(job.blocks) if b not in results]
    started = time.perf_counter()
    if progress:
        progress(len(results), job.blocks)
    stream = (_dask(job, todo, scheduler, workers) if executor == "dask"
              else _local(job, todo, workers, say or (lambda message: None)))
    try:
        for b, kept in stream:
            results[b] = kept
            if store:
                store.save(b, kept)
            if progress:
                progress(len(results), job.blocks)
    except KeyboardInterrupt:
        where = f"; the {len(results)} finished blocks are in {out}: run again with --resume" if store else ""
        raise Interrupted(f"interrupted after {len(results)} of {job.blocks} blocks{where}") from None
    finally:
        stream.close()  # stop the workers now, whatever stopped us
    seconds = time.perf_counter() - started
    arrays = {key: np.concatenate([results[b][key] for b in range(job.blocks)]) for key in results[0]}
    kernel = _kernel(job)[0]
    names = {"moments": [m for m in probes_for(scenario) if not m.startswith("fact:")],
             "facts": [f.id for f in record.facts] if record else [], "grid": kernel.grid.tolist()}
    result = Ensemble(job, arrays, seconds, workers, executor, names)
    if store:
        store.finish(result, table_format)
    return result


# --- the output directory ------------------------------------------------------------------


class _Store:
    """An ensemble's folder: manifest.json, blocks/NNNNNN.npz, then summary.json and the table."""

    def __init__(self, path: Path, job: Job, resume: bool, force: bool):
        self.path, self.job = path, job
        self.blocks = path / "blocks"
        manifest = {"digest": job.digest(), "seed": job.seed, "runs": job.runs, "block": job.block,
                    "source": job.source, "scenario": job.scenario.title}
        if resume:
            try:
                old = json.loads((path / "manifest.json").read_text())
            except (OSError, ValueError):
                raise CongressSimError(f"{path}: nothing to resume (no readable manifest.json)") from None
            if old.get("digest") != manifest["digest"]:
                raise CongressSimError(f"{path}: was started with another scenario, seed or number of runs; "
                                       "give the same ones to resume, or another --out")
            return
        if path.exists() and (not path.is_dir() or any(path.iterdir())):
            if not force:
                raise OutputError(f"{path}: exists and is not empty; use --force to replace it, or --resume")
            if not (path / "manifest.json").exists():
                raise OutputError(f"{path}: is not an ensemble's folder; not replacing it")
            import shutil

            shutil.rmtree(path)
        try:
            self.blocks.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(f"{path}: cannot write here: {exc.strerror}") from None
        atomic_write(path / "manifest.json", (json.dumps(manifest, indent=2) + "\n").encode())

    def file(self, b: int) -> Path:
        return self.blocks / f"{b:06d}.npz"

    def done(self) -> dict[int, dict[str, np.ndarray]]:
        for stale in self.blocks.glob(".*.tmp*"):  # a write cut short by a kill
            stale.unlink(missing_ok=True)
        found = {}
        for b in range(self.job.blocks):
            try:
                with np.load(self.file(b)) as data:
                    arrays = {k: data[k] for k in data.files}
            except (OSError, ValueError, EOFError):
                continue  # never written, or unreadable: run it again
            if arrays and all(len(a) == self.job.size(b) for a in arrays.values()):
                found[b] = arrays
        return found

    def save(self, b: int, arrays: dict[str, np.ndarray]) -> None:
        import io

        buf = io.BytesIO()
        np.savez(buf, **arrays)  # type: ignore[arg-type]  # numpy's stubs take the first keyword for a flag
        atomic_write(self.file(b), buf.getvalue())

    def finish(self, result: Ensemble, table_format: str) -> None:
        atomic_write(self.path / "summary.json", (json.dumps(result.summary(), indent=2, ensure_ascii=False) + "\n").encode())
        cols, data = result.table()
        if table_format == "parquet":
            try:
                import pyarrow as pa
                import pyarrow.parquet as pq
            except ImportError:
                raise CongressSimError("--format parquet needs pyarrow: pip install pyarrow") from None
            tmp = self.path / ".outcomes.parquet.tmp"
            pq.write_table(pa.table(dict(zip(cols, data, strict=True))), tmp)
            os.replace(tmp, self.path / "outcomes.parquet")
            return
        import csv
        import io

        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(cols)
        writer.writerows(zip(*(d.tolist() for d in data), strict=True))
        atomic_write(self.path / "outcomes.csv", buf.getvalue().encode())


# --- the summary ---------------------------------------------------------------------------


def _interval(x: np.ndarray) -> dict[str, float]:
    if x.size == 0:
        return {"mean": float("nan"), "p5": float("nan"), "median": float("nan"), "p95": float("nan")}
    p5, p50, p95 = np.percentile(x, [5, 50, 95], method="inverted_cdf")
    return {"mean": round(float(x.mean()), 3), "p5": float(p5), "median": float(p50), "p95": float(p95)}


def _nominal_times(kernel: Kernel) -> dict[str, float]:
    """When each item and moment falls in the deterministic replay: the time an ensemble's rows are labelled with."""
    out = kernel.run(1)
    times = {k: float(v[0]) for k, v in out.start.items() if not np.isnan(v[0])}
    times["opening"] = kernel.plan.opens
    times["closing"] = float(out.closed[kernel.plan.sessions[-1].session.id][0])
    return times


def summarise(e: Ensemble) -> dict[str, Any]:
    job, k = e.job, _kernel(e.job)[0]
    s, clock, n = job.scenario, k.plan.clock, job.runs
    items = k.plan.items
    when = _nominal_times(k)
    votes = []
    for key, codes in e.arrays.items():
        if not key.startswith("result:"):
            continue
        vote = key[7:]
        counts = e.arrays[f"counts:{vote}"]
        taken = codes >= 0
        p = {r: round(float((codes == i).sum() / n), 4) for i, r in enumerate(RESULTS)}
        p["skipped"] = round(float((~taken).sum() / n), 4)
        votes.append({"id": vote, "motion": items[vote].motion, "time": clock.iso(when.get(vote, k.plan.opens)), "p": p,
                      **{part: _interval(counts[taken, j]) for j, part in enumerate(("for", "against", "abstain", "present"))}})
    elections = []
    for key, seats in e.arrays.items():
        if not key.startswith("seats:"):
            continue
        election = key[6:]
        groups = k.groups[election]
        used = [j for j, _ in enumerate(groups) if seats[:, j].any()]
        by_group = {}
        for j in used:
            values, counts = np.unique(seats[:, j], return_counts=True)
            top = sorted(zip(counts.tolist(), values.tolist(), strict=True), reverse=True)[:5]
            by_group[groups[j]] = {**_interval(seats[:, j]),
                                   "distribution": {str(v): round(c / n, 4) for c, v in sorted(top, key=lambda t: t[1])}}
        rows, counts = np.unique(seats[:, used], axis=0, return_counts=True) if used else (np.zeros((0, 0)), np.zeros(0))
        order = np.argsort(-counts, kind="stable")[:5]
        compositions = [{"seats": {groups[j]: int(rows[i][m]) for m, j in enumerate(used) if rows[i][m]},
                         "p": round(float(counts[i] / n), 4)} for i in order]
        elections.append({"id": election, "body": items[election].body, "label": s.bodies[items[election].body].label,
                          "time": clock.iso(when.get(election, k.plan.opens)),
                          "seats": by_group, "compositions": compositions})
    moments = e.names["moments"]
    attendance = [{"moment": m, "time": clock.iso(when.get(m, when.get(m[5:], k.plan.opens))),
                   **_interval(e.arrays["attendance"][:, j])} for j, m in enumerate(moments)]
    summary: dict[str, Any] = {
        "ensemble": True,
        "scenario": s.title,
        "calendar": s.calendar,
        "seed": job.seed,
        "runs": n,
        "blocks": job.blocks,
        "executor": e.executor,
        "workers": e.workers,
        "seconds": round(e.seconds, 3),
        "replays_per_second": round(n / e.seconds, 1) if e.seconds > 0 else None,
        "votes": votes,
        "elections": elections,
        "attendance": attendance,
    }
    if "facts" in e.arrays and job.record is not None:
        fact_rows = []
        for j, fact in enumerate(job.record.facts):
            col = e.arrays["facts"][:, j]
            applies = col >= 0
            fact_rows.append({"id": fact.id, "statement": fact.statement,
                              "pass_rate": round(float(col[applies].mean()), 4) if applies.any() else None})
        summary["facts"] = {"source": job.source, "rows": fact_rows}
    if "drawn" in e.arrays:
        from congress_sim.model.draws import assumptions, shown

        summary["assumptions"] = [
            {"name": a.name, "distribution": a.describe(), **(
                {"shares": {str(v): round(float(c / n), 4) for v, c in zip(*np.unique(shown(a, col), return_counts=True),
                                                                          strict=True)}}
                if a.discrete else _interval(col))}
            for a, col in zip(assumptions(k.plan), e.arrays["drawn"].T, strict=True)]
    if "band" in e.arrays:
        band = e.arrays["band"]
        p5, p50, p95 = np.percentile(band, [5, 50, 95], axis=0, method="inverted_cdf")
        summary["band"] = {"runs": n, "seed": job.seed, "minutes": [round(t, 2) for t in e.names["grid"]],
                           "times": [clock.iso(t) for t in e.names["grid"]],
                           "p5": p5.astype(int).tolist(), "median": p50.astype(int).tolist(),
                           "p95": p95.astype(int).tolist()}
    return summary


def render(summary: dict[str, Any]) -> str:
    """The summary as text for a terminal."""
    lines = [f"{summary['scenario']}: {summary['runs']:,} replays, seed {summary['seed']}, "
             f"{summary['seconds']:.2f} s ({summary['replays_per_second']:,.0f} replays/s, "
             f"{summary['workers']} {summary['executor']} worker{'s' if summary['workers'] != 1 else ''})", ""]
    lines.append(f"{'Votes':<20} {'P(adopted)':>10} {'P(rejected)':>11} {'P(no quorum)':>12}   "
                 f"{'for':>17} {'against':>17} {'abstain':>17}")
    for v in summary["votes"]:
        def ci(part: dict[str, float]) -> str:
            return f"{part['mean']:7.1f} [{part['p5']:.0f}-{part['p95']:.0f}]"

        p = v["p"]
        lines.append(f"  {v['id']:<18} {p['adopted']:>10.3f} {p['rejected']:>11.3f} {p['not taken']:>12.3f}   "
                     f"{ci(v['for']):>17} {ci(v['against']):>17} {ci(v['abstain']):>17}")
    lines.append("  (mean [5%-95%] of each count)")
    for el in summary["elections"]:
        lines += ["", f"Seats of the {el['label']} (election {el['id']}): mean [5%-95%], then the likeliest counts"]
        for g, d in el["seats"].items():
            dist = ", ".join(f"{v}: {pr:.2f}" for v, pr in d["distribution"].items())
            lines.append(f"  {g:<28} mean {d['mean']:6.2f} [{d['p5']:.0f}-{d['p95']:.0f}]   {dist}")
        top = el["compositions"][0] if el["compositions"] else None
        if top:
            lines.append(f"  most often ({top['p']:.1%}): " + ", ".join(f"{g} {n}" for g, n in top["seats"].items()))
    width = max(len(a["moment"]) for a in summary["attendance"]) + 2
    lines += ["", f"{'Delegates present':<{width + 2}} {'time':<17} {'median':>7} {'5%-95%':>12}"]
    for a in summary["attendance"]:
        lines.append(f"  {a['moment']:<{width}} {a['time']:<17} {a['median']:>7.0f} {a['p5']:>6.0f}-{a['p95']:<6.0f}")
    if summary.get("assumptions"):
        lines += ["", "Uncertain assumptions, as drawn: shares of the alternatives, or mean [5%-95%]"]
        for a in summary["assumptions"]:
            drawn = (", ".join(f"{v} {p:.2f}" for v, p in a["shares"].items()) if "shares" in a
                     else f"{a['mean']:g} [{a['p5']:.3g}-{a['p95']:.3g}]")
            lines.append(f"  {a['name']:<50} {drawn}")
    if "facts" in summary:
        lines += ["", f"Facts of the record ({summary['facts']['source']}): share of replays that pass"]
        for r in summary["facts"]["rows"]:
            rate = "skipped" if r["pass_rate"] is None else f"{r['pass_rate']:.3f}"
            lines.append(f"  {r['id']:<30} {rate:>8}")
    return "\n".join(lines)
