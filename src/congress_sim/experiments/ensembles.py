"""Ensembles: many seeded replays of one scenario, summarised as probabilities and intervals.

The replays are cut into fixed blocks; block ``b`` draws from ``SeedSequence(seed).spawn(...)[b]``
and is run by the vectorised kernel (:mod:`congress_sim.drivers.kernel`). Since the blocks do not
depend on who runs them, the summary is the same for any number of processes, on this machine or
on a Dask cluster. An ensemble keeps each replay's outcomes (results, counts, seats, attendance
at key moments, facts passed, and any outcomes asked of it, :mod:`.outcomes`), never its event
log, and only as long as it takes to count them into the summary (:mod:`.tally`) and, with an
output folder, to write them there (:mod:`.store`): memory does not grow with the number of replays.
"""

from __future__ import annotations

import contextlib
import copy
import hashlib
import json
import os
import time
from collections.abc import Callable, Generator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from congress_sim.drivers.kernel import Kernel, seeds
from congress_sim.errors import ArgumentError, CongressSimError, Wording
from congress_sim.language import plan as planning
from congress_sim.language.limits import scale
from congress_sim.language.scenario import Scenario, Vote
from congress_sim.model.block import SKIPPED
from congress_sim.model.draws import require_seed
from congress_sim.record.facts import Record, record_of, require_source

from .store import Store, table_columns
from .tally import RESULTS, Tally, elected_when, fact_name, render, vote_name  # noqa: F401 - render is the ensemble's, for the command line

if TYPE_CHECKING:
    from .outcomes import Outcome

BLOCK = 1000  # replays per block: the unit of work, of seeding and of resuming
GRID = 121  # times at which the attendance band is taken
MAX_RUNS = 100_000_000
BLOCK_BYTES = 64 << 20  # what the kernel may hold for one block (an estimate, see _block_for)
MOVE_BYTES = 48  # per delegate who comes or goes at a time of its own: the times and their copies
KEEP_BYTES = 512 << 20  # per-replay outcomes kept in memory when asked (keep=True); twice that, joined


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
    wide: bool = False  # counts may pass 2**31: kept as 64-bit integers
    # asked besides, measured in the same blocks: parsed once, by the parent (small: no scenario in them)
    outcomes: tuple[Outcome, ...] = ()

    @property
    def blocks(self) -> int:
        return -(-self.runs // self.block)

    def size(self, b: int) -> int:
        return min(self.block, self.runs - b * self.block)

    @property
    def asked(self) -> list[str]:
        """The outcomes asked, as written (what the digest and an ensemble's folder keep)."""
        return [o.text for o in self.outcomes]

    def digest(self) -> str:
        """What identifies the ensemble's results: the merged scenario, the record and the numbers
        (worked out once: a job does not change, and each block asks)."""
        got = self.__dict__.get("_digest")
        if got is None:
            parts = [self.scenario.model_dump_json(), self.record.model_dump_json() if self.record else "",
                     json.dumps([self.source, self.seed, self.runs, self.block, self.grid])]
            if self.outcomes:  # (an ensemble that asks none keeps the digest it always had)
                parts.append(json.dumps(self.asked))
            got = hashlib.sha256("\x00".join(parts).encode()).hexdigest()[:16]
            object.__setattr__(self, "_digest", got)
        return got


# --- one block -----------------------------------------------------------------------------

_KERNELS: dict[str, tuple[Kernel, list[tuple[Any, Any]], list[Any]]] = {}  # per process: built once per ensemble


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


def _kernel(job: Job) -> tuple[Kernel, list[tuple[Any, Any]], list[Any]]:
    """(the kernel, each fact of the record with the source's attestation, the outcomes asked)."""
    from congress_sim.record.judge import positions

    from . import outcomes

    key = job.digest()
    if key not in _KERNELS:
        asked = list(job.outcomes)
        kernel = Kernel(job.scenario, {**probes_for(job.scenario, job.record), **outcomes.probes(asked)},
                        grid=job.grid, positions=positions(job.record))
        outcomes.measurable(asked, kernel)  # said in the parent, which builds it first, before any block runs
        facts = []
        if job.record is not None:
            for fact in job.record.facts:
                facts.append((fact, next((a for a in fact.attestations if a.source == job.source), None)))
        _KERNELS.clear()
        _KERNELS[key] = (kernel, facts, asked)
    return _KERNELS[key]


def schema(job: Job) -> dict[str, tuple[int, ...]]:
    """The outcomes :func:`run_block` keeps, each with the shape of one replay's row, in order."""
    kernel, facts, asked = _kernel(job)
    out: dict[str, tuple[int, ...]] = {}
    for item in kernel.plan.items.values():  # every vote, on the agenda or a reaction, whether any replay takes it
        if isinstance(item, Vote):
            out[f"result:{item.id}"], out[f"counts:{item.id}"] = (), (4,)
    for election, groups in kernel.groups.items():
        out[f"seats:{election}"] = (len(groups),)
        if candidates := kernel.plan.items[election].candidates:  # and who was elected: 1 or 0 each
            out[f"elected:{election}"] = (len(candidates),)
    out["attendance"] = (len(_moments(job.scenario)),)
    if facts:
        out["facts"] = (len(facts),)
    if kernel.grid.size:
        out["band"] = (kernel.grid.size,)
    if job.scenario.uncertain:  # what each replay drew (the only outcome that is not a whole number)
        from congress_sim.model.draws import assumptions

        out["drawn"] = (len(assumptions(kernel.plan)),)
    for o in asked:  # a count, or 1 where it happens and 0 where not
        out[f"outcome:{o.text}"] = ()
    return out


def run_block(job: Job, b: int) -> dict[str, np.ndarray]:
    """The outcomes kept of block ``b``: small arrays, one row per replay (see :func:`schema`)."""
    from congress_sim.record.judge import judge

    from .outcomes import measure

    kernel, facts, asked = _kernel(job)
    out = kernel.run(job.size(b), seeds(job.seed, b))
    whole = np.int64 if job.wide else np.int32
    kept: dict[str, np.ndarray] = {}
    for key, shape in schema(job).items():
        kind, _, name = key.partition(":")
        if kind == "result":  # adopted, rejected, not taken; -1: not reached; -2: skipped
            code = out.code.get(name)
            kept[key] = (np.full(out.n, -1, np.int8) if code is None
                         else np.where(code <= 2, code, np.where(code == SKIPPED, -2, -1)).astype(np.int8))
        elif kind == "counts":  # a vote no replay of the block reached has no tally: zeros, never read
            tally = out.tally.get(name)
            if tally is None:
                kept[key] = np.zeros((out.n, 4), whole)
            else:  # the chair's casting vote counted with the others
                totals = tally.sum(axis=1)[:, :3] + (out.casting[name][:, None] == np.arange(3)[None, :])
                kept[key] = np.column_stack([totals, out.present[name]]).astype(whole)
        elif kind == "seats":  # likewise an election no replay held: no seats
            kept[key] = out.seats[name].astype(whole) if name in out.seats else np.zeros((out.n, *shape), whole)
        elif kind == "elected":
            won = out.winners.get(name, np.full((out.n, 1), -1))
            kept[key] = (won[:, :, None] == np.arange(shape[0])).any(axis=1).astype(whole)
        elif kind == "attendance":  # at a vote, only in the replays that reached it (-1: not counted)
            kept[key] = np.column_stack([np.where(_reached(out, m), out.census[m].sum(axis=1), -1)
                                         for m in _moments(job.scenario)]).astype(whole)
        elif kind == "facts":
            columns = []
            for fact, a in facts:
                judged = None if a is None else judge(fact, a, out, kernel)
                columns.append(np.full(out.n, -1, np.int8) if judged is None else judged[0].astype(np.int8))
            kept[key] = np.column_stack(columns)
        elif kind == "band":
            assert out.band is not None
            kept[key] = out.band.astype(whole)
        elif kind == "drawn":
            assert out.drawn is not None
            kept[key] = out.drawn.astype(np.float64)
        elif kind == "outcome":  # every outcome is a whole number
            kept[key] = np.rint(measure(next(o for o in asked if o.text == name), out, kernel)).astype(whole)
    return kept


def _reached(out: Any, moment: str) -> Any:
    """Whether each replay reached a moment: a vote taken (or short of its quorum); the opening and closing always."""
    if not moment.startswith("vote:"):
        return True
    code = out.code.get(moment[5:])
    return False if code is None else (code >= 0) & (code <= 2)


def _moments(scenario: Scenario) -> list[str]:
    return ["opening"] + [m for m in probes_for(scenario) if m.startswith("vote:")] + ["closing"]


def _block_for(scenario: Scenario, record: Record | None) -> tuple[int, bool]:
    """Replays per block, so that a block stays within BLOCK_BYTES; and whether counts need 64 bits.

    The kernel holds, for every replay of a block at once, a time for each delegate who arrives
    or leaves (at once or in a window), each faction's tally of each vote and its numbers at each
    moment counted: a block holds fewer replays when these are many. A scenario one replay of
    which needs more than a block may hold is refused.
    """
    size = scale(scenario)
    factions = len(scenario.factions)
    moments = size.votes + 2 + (len(record.facts) if record else 0)
    per_replay = MOVE_BYTES * size.moves + factions * (12 * size.votes + 8 * moments) + 16_384
    if per_replay > BLOCK_BYTES:
        raise CongressSimError(
            f"a replay of this scenario needs about {per_replay / 2**20:,.0f} MiB in an ensemble (delegates who come "
            f"or go: {size.moves:,}; votes: {size.votes:,} of {factions:,} factions); at most {BLOCK_BYTES / 2**20:.0f} MiB")
    return min(BLOCK, BLOCK_BYTES // per_replay), size.most >= 2**31


# --- running many blocks -------------------------------------------------------------------


def _init_worker() -> None:
    import signal
    import sys

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    signal.signal(signal.SIGTERM, _stopped)  # when the parent stops it
    if sys.platform.startswith("linux"):  # and if the parent is killed outright, go with it
        import ctypes

        with contextlib.suppress(OSError, AttributeError):  # no prctl here: then only the parent stops them
            ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


_STOPPED: list[int] = []  # per worker: the signal its parent stopped it with


def _stopped(signum: int, frame: Any) -> None:
    """A worker stopped by its parent exits as from an error: a block it was writing is removed,
    not left half-written beside the finished ones (outputs.atomic_file)."""
    _STOPPED.append(signum)
    raise SystemExit(128 + signum)


Blocks = Generator[tuple[int, dict[str, np.ndarray]], None, None]


Save = Callable[[int, dict[str, np.ndarray]], None]


def _serve(job: Job, conn: Any, save: Save | None) -> None:
    """A worker: run the blocks it is sent, one at a time, until it is sent None; save each (if
    there is a folder), so that writing them is shared out too."""
    _init_worker()
    try:
        while (b := conn.recv()) is not None:
            kept = run_block(job, b)
            if save is not None:
                save(b, kept)
            conn.send((b, kept))
    except BaseException:
        if _STOPPED:  # what the stop cut short may fail on its way out (a zip left open): no error of ours
            raise SystemExit(128 + _STOPPED[0]) from None
        raise


def _local(job: Job, todo: list[int], jobs: int, say: Callable[[str], None], save: Save | None) -> Blocks:
    """Run blocks in local worker processes, each with a pipe of its own; each block is saved
    (with ``save``) before it is given back.

    A worker that dies is seen at once (its pipe closes): its block is run again by a new one.
    (A shared queue, as in concurrent.futures, can be left locked by a worker killed mid-write.)
    """
    if jobs <= 1 or len(todo) <= 1:
        for b in todo:
            kept = run_block(job, b)
            if save is not None:
                save(b, kept)
            yield b, kept
        return
    import multiprocessing as mp
    from multiprocessing.connection import wait

    ctx: Any = mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")
    queue = list(todo)
    busy: dict[Any, tuple[Any, int | None]] = {}  # the parent's end of each pipe -> (process, block)
    deaths = 0

    def hire() -> None:
        mine, theirs = ctx.Pipe()
        proc = ctx.Process(target=_serve, args=(job, theirs, save), daemon=True)
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
    finally:  # all stopped at once, then each awaited: one that will not stop is killed
        for proc, _ in busy.values():
            if proc.is_alive():
                proc.terminate()
        for conn, (proc, _) in busy.items():
            proc.join(timeout=10)
            if proc.is_alive():
                proc.kill()
                proc.join()
            conn.close()


def _cores() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))  # the cores this process may use, not the machine's
    return os.cpu_count() or 1


# --- the ensemble --------------------------------------------------------------------------


@dataclass
class Ensemble:
    """An ensemble's summary, how the run went, and (asked with ``keep``) each replay's outcomes."""

    job: Job
    summary_data: dict[str, Any]
    seconds: float  # this run's, not counting blocks found done in --out
    ran: int  # replays run now (the others were found done)
    workers: int
    executor: str
    kept: dict[str, np.ndarray] | None = None
    names: dict[str, Any] | None = None

    @property
    def scenario(self) -> Scenario:
        """The scenario replayed."""
        return self.job.scenario

    def __repr__(self) -> str:
        from congress_sim.views.labels import overrides, short

        s = self.summary_data
        facts = f", {len(s['facts']['rows'])} facts of {s['facts']['source']}" if "facts" in s else ""
        sets = overrides(s.get("sets", []))
        return (f"<Ensemble of {s['runs']:,} replays of {short(s['scenario'], 50)!r}, seed {s['seed']}{sets}: "
                f"{len(s['votes'])} votes, {len(s['elections'])} elections{facts}>")

    def __str__(self) -> str:
        """What ``congress-sim ensemble`` prints: ``print(ensemble)``."""
        return render(self.summary_data, None, self.scenario)

    def _repr_html_(self) -> str:
        """In a notebook: the outcomes asked, each vote's chances and counts, each body's seats, what
        the uncertain assumptions drew, then how often each fact of the record passes."""
        from congress_sim.views import labels as name
        from congress_sim.views.html import escape, table
        from congress_sim.views.labels import overrides, short

        from .tally import (
            PULLED,
            ci,
            columns,
            drawn_name,
            drawn_value,
            outcome_value,
            pulled,
            pulled_seats,
            seats_notes,
            share,
            unheld,
        )

        s = self.summary_data
        unreached, unput = columns(s["votes"])  # as `ensemble` prints them: a column only where a vote needs it
        rows = [[short(vote_name(v, self.scenario), 60),
                 *(share(v["p"].get(w, 0)) for w in ("adopted", "rejected", "not taken", *unput)),
                 ci(v["for"]), ci(v["against"]), ci(v["abstain"])] if v["id"] not in unreached else
                [short(vote_name(v, self.scenario), 60), unheld(v.get("skipped_in", 0), s["runs"]),
                 *[""] * (5 + len(unput))]
                for v in s["votes"]]
        out = [f"<p><b>{escape(s['scenario'])}</b>: {s['runs']:,} replays, seed {escape(s['seed'])}"
               + escape(overrides(s.get("sets", []))) + "; a vote's counts as mean [5%-95%] of the replays that reached it"
               + (f" ({PULLED})" if pulled(s["votes"]) else "") + "</p>"]
        if s.get("outcomes"):  # asked for by name: first
            out.append(table(["Outcome asked", "As written", "Share of replays, or mean [5%-95%]"],
                             [[r["description"], r["outcome"], outcome_value(r)] for r in s["outcomes"]], {2}))
        head = ["Vote", "P(adopted)", "P(rejected)", "P(no quorum)", *(f"P({w})" for w in unput), "For", "Against",
                "Abstaining"]
        out += [table(head, rows, set(range(1, len(head))))]
        pulled_at = pulled_seats(s["elections"])
        for el in s["elections"]:  # each body's seats, as `ensemble` prints them
            notes = "; ".join(seats_notes(el, self.scenario) + ([PULLED] if el["id"] == pulled_at else []))
            body = name.the(el["label"]) + elected_when(el, s["elections"], planning.of(self.scenario).clock.label_iso)
            out.append(f"<p>Seats of {escape(body)}" + (f": {escape(notes)}" if notes else "") + "</p>")
            out.append(table(["Group", "Seats: mean [5%-95%]", "The likeliest counts: share of replays"],
                             [[name.group(self.scenario, g), f"{d['mean']:.2f} [{d['p5']:.0f}-{d['p95']:.0f}]",
                               ", ".join(f"{v}: {share(p, 2)}" for v, p in d["distribution"].items())]
                              for g, d in el["seats"].items()], {1}))
        if s.get("assumptions"):  # what the replays drew, as `ensemble` prints it
            out.append(table(["Uncertain assumption", "As drawn: shares of the alternatives, or mean [5%-95%]"],
                             [[drawn_name(a, self.scenario), drawn_value(a, self.scenario)] for a in s["assumptions"]]))
        if "facts" in s:
            def rate(r: dict[str, Any]) -> str:  # a fact skipped says why, as `ensemble` does
                if r["pass_rate"] is not None:
                    return share(r["pass_rate"])
                return f"skipped ({r['skipped_because']})" if r.get("skipped_because") else "skipped"

            rows = [[fact_name(r), rate(r)] for r in s["facts"]["rows"]]
            out.append(table(["Fact", f"Share of replays that pass ({s['facts']['source']})"], rows, {1}))
        return "\n".join(out)

    def summary(self) -> dict[str, Any]:
        """Outcome probabilities, means and 5-95% intervals, seats, attendance, facts: plain data."""
        return copy.deepcopy(self.summary_data)

    def timing(self) -> str:
        """How long it took and on what, in words (not in the summary: it differs from run to run)."""
        rate = f", {self.ran / self.seconds:,.0f} replays/s" if self.seconds > 0 and self.ran else ""
        resumed = f"; {self.job.runs - self.ran:,} found done" if self.ran < self.job.runs else ""
        return (f"{self.seconds:.2f} s ({self.ran:,} replays run{rate}, {self.workers} {self.executor} "
                f"worker{'s' if self.workers != 1 else ''}{resumed})")

    @property
    def arrays(self) -> dict[str, np.ndarray]:
        """Each replay's outcomes, in replay order (only with ``ensemble(..., keep=True)``), as the
        kernel keeps them: a vote's result as a code (``result:VOTE``: 0 adopted, 1 rejected, 2 not
        taken, -1 not reached, -2 skipped) and its counts (``counts:VOTE``: for, against, abstaining, present).
        :meth:`table` gives the same in words, a named column each.

        >>> import congress_sim as cs
        >>> e = cs.ensemble(cs.load("scenarios/historical.yaml"), runs=200, seed=1, jobs=1, keep=True)
        >>> adopted = float((e.arrays["result:martov_proposal"] == 0).mean())
        >>> adopted == e.summary()["votes"][0]["p"]["adopted"], e.arrays["counts:martov_proposal"].shape
        (True, (200, 4))
        """
        if self.kept is None:
            raise CongressSimError("each replay's outcomes were not kept: run the ensemble with keep=True, "
                                   "or with out=DIR and read the table written there")
        return self.kept

    def table(self) -> tuple[list[str], list[np.ndarray]]:
        """The tidy table, one row per replay and one column per outcome (with ``keep=True``), as
        (names, columns): each column an array of one value per replay, in replay order; a vote's
        result in words (``VOTE_result``: adopted, rejected, not taken, not reached or skipped), as
        the table ``out=DIR`` keeps.

        >>> import congress_sim as cs
        >>> e = cs.ensemble(cs.load("scenarios/historical.yaml"), runs=20, seed=1, jobs=1, keep=True)
        >>> table = dict(zip(*e.table()))
        >>> len(table["appeal_result"]), str(table["appeal_result"][0])
        (20, 'adopted')
        """
        arrays = self.arrays
        assert self.names is not None
        kernel = _kernel(self.job)[0]
        cols, rows = table_columns(schema(self.job), kernel.groups, self.names, self.job.runs, _drawn(kernel))
        return cols, rows(0, arrays)


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
    keep: bool = False,
    outcomes: list[str] | tuple[str, ...] | str = (),
    progress: Callable[[str, int, int], None] | None = None,
    say: Callable[[str], None] | None = None,
) -> Ensemble:
    """Run ``runs`` seeded replays of ``scenario`` and summarise their outcomes.

    With ``out``, every block is written to that folder as it finishes, and at the end the
    summary and a per-replay table (``table_format``: csv or parquet); ``resume`` finishes an
    interrupted ensemble there. ``keep`` keeps each replay's outcomes in memory as well
    (:attr:`Ensemble.arrays`). ``outcomes`` are outcomes of one's own (``government=adopted``,
    ``margin:government<0``: :mod:`congress_sim.experiments.outcomes`), measured in the same replays:
    the summary gives the share of replays where each happens, or a number's mean and 5-95%.
    ``progress(step, done, total)`` is called as blocks finish.

    >>> import congress_sim as cs
    >>> e = cs.ensemble(cs.load("scenarios/historical.yaml"), runs=2000, seed=1, jobs=1)
    >>> [round(v["p"]["adopted"], 2) for v in e.summary()["votes"] if v["id"] == "trotsky_resolution"]
    [1.0]
    """
    from .outcomes import parse

    say = say or (lambda message: None)
    _options(runs, seed, executor, table_format, out, resume)
    texts = [outcomes] if isinstance(outcomes, str) else list(outcomes)
    asked = tuple(dict.fromkeys(parse(text, scenario) for text in texts))  # each once; a mistake said now
    record = record_of(scenario)
    block, wide = _block_for(scenario, record)
    job = Job(scenario, record, require_source(scenario, record, source), seed, runs, block, GRID, wide, asked)
    kernel, _, parsed = _kernel(job)
    shapes = schema(job)
    per_replay = sum((8 if wide else 4) * int(np.prod(s)) for s in shapes.values())
    if keep and runs * per_replay > KEEP_BYTES:
        raise CongressSimError(f"keeping each replay's outcomes in memory would take {runs * per_replay / 2**30:,.1f} GiB; "
                               f"at most {KEEP_BYTES / 2**30:.1f} GiB: give out=DIR and read the table written there")
    names: dict[str, Any] = {"moments": _moments(scenario), "facts": [f.id for f in record.facts] if record else [],
                             "grid": kernel.grid.tolist(), "candidates": _candidates(kernel)}
    table = table_columns(shapes, kernel.groups, names, block, _drawn(kernel))
    # on disk, a replay takes its compressed block (a fraction of this) and its row of the table
    store = Store(out, job, shapes, resume, force, say, per_replay + 6 * len(table[0])) if out is not None else None
    tally = Tally(kernel.groups, len(names["facts"]), _drawn(kernel), parsed)
    kept: dict[int, dict[str, np.ndarray]] | None = {} if keep else None
    progress = progress or (lambda step, done, total: None)
    seconds, ran, workers = _fold(job, tally, store, kept, lambda todo: _executor(
        job, todo, jobs, executor, scheduler, say, store.save if store else None), progress, say)
    try:
        summary = tally.summary(job, kernel, names)
        if store is not None:
            store.finish(summary, *table, table_format, progress)
    except KeyboardInterrupt:
        raise Interrupted("interrupted while summing up" if out is None else Wording(
            f"interrupted while writing the table; every block is in {out}: run again with {{resume}} to finish it",
            "resume")) from None
    arrays = {key: np.concatenate([kept[b][key] for b in range(job.blocks)]) for key in shapes} if kept is not None else None
    return Ensemble(job, summary, seconds, ran, workers, executor, arrays, names)


def _options(runs: int, seed: int, executor: str, table_format: str, out: str | Path | None, resume: bool) -> None:
    if not 1 <= runs <= MAX_RUNS:
        raise ArgumentError(f"{{runs}} must be from 1 to {MAX_RUNS:,}, not {runs}", "runs")
    require_seed(seed)  # from Python, anything
    if executor not in ("local", "dask"):
        raise CongressSimError(f"no executor {executor!r}: local or dask")
    if table_format not in ("csv", "parquet"):
        raise CongressSimError(f"no table format {table_format!r}: csv or parquet")
    if out is not None and table_format == "parquet":
        try:
            import pyarrow.parquet  # noqa: F401 - asked now, not after the replays
        except ImportError:
            raise ArgumentError("a parquet table ({table_format}) needs pyarrow: pip install pyarrow", "table_format") from None
    if resume and out is None:
        raise ArgumentError("{resume} needs {out}, the folder where the earlier run kept its blocks", "resume", "out")


def _fold(job: Job, tally: Tally, store: Store | None, kept: dict[int, dict[str, np.ndarray]] | None,
          start: Callable[[list[int]], tuple[int, Blocks]], progress: Callable[[str, int, int], None],
          say: Callable[[str], None]) -> tuple[float, int, int]:
    """Count every block into the tally: those found done in the folder, then those run now.
    (seconds, replays run, workers)."""
    done: set[int] = set()
    stream: Blocks | None = None
    step = "reading finished blocks"

    def add(b: int, arrays: dict[str, np.ndarray]) -> None:
        tally.add(arrays)
        done.add(b)
        if kept is not None:
            kept[b] = arrays
        progress(step, len(done), job.blocks)

    try:
        for b, arrays in store.finished(say) if store is not None else ():
            add(b, arrays)
        todo = [b for b in range(job.blocks) if b not in done]
        step, started = "replaying", time.perf_counter()
        workers, stream = start(todo)
        progress(step, len(done), job.blocks)
        for b, arrays in stream:
            add(b, arrays)
    except KeyboardInterrupt:
        where = f"; the finished blocks are in {store.path}: run again with {{resume}}" if store is not None else ""
        raise Interrupted(Wording(f"interrupted after {len(done)} of {job.blocks} blocks{where}", "resume")) from None
    finally:
        if stream is not None:
            with contextlib.suppress(KeyboardInterrupt):  # a second Ctrl-C: the workers go with the parent
                stream.close()  # stop the workers now, whatever stopped us
    return time.perf_counter() - started, sum(job.size(b) for b in todo), workers


def _executor(job: Job, todo: list[int], jobs: int | None, executor: str, scheduler: str | None,
              say: Callable[[str], None], save: Save | None) -> tuple[int, Blocks]:
    """(workers, the blocks as they are done and saved): local processes, never more than help, or Dask."""
    if executor == "dask":
        from .cluster import connect, run_on

        client, cluster, workers = connect(scheduler, min(jobs or _cores(), _cores()))
        return workers, _saved(run_on(client, cluster, run_block, job, todo, workers), save)
    cores = _cores()
    if jobs is not None and jobs > cores:
        say(Wording(f"{{jobs}}={jobs}: this machine lets congress-sim use {cores} cores; more processes would not be "
                    "faster", "jobs"))
    workers = max(1, min(jobs or cores, cores, len(todo)))
    return workers, _local(job, todo, workers, say, save)


def _saved(blocks: Blocks, save: Save | None) -> Blocks:
    """The blocks from a cluster, each saved here as it comes (the workers may not see this disk)."""
    try:
        for b, kept in blocks:
            if save is not None:
                save(b, kept)
            yield b, kept
    finally:
        blocks.close()



def _candidates(kernel: Kernel) -> dict[str, list[str]]:
    """Each election among candidates: its candidates, in the order their columns are kept."""
    return {e: kernel.plan.items[e].candidates for e in kernel.groups if kernel.plan.items[e].candidates}


def _drawn(kernel: Kernel) -> list[Any]:
    """The scenario's uncertain assumptions (model.draws.Assumption), in the order drawn."""
    from congress_sim.model.draws import assumptions

    return assumptions(kernel.plan) if kernel.plan.scenario.uncertain else []
