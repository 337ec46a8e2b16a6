"""The kernel: many replays at once, in lockstep, keeping outcomes instead of an event log.

Each replay of a block is the same discrete-event process as the SimPy engine's: an agenda that
walks its sessions' items, reactions that wait for their delays, and delegates whose moves are
times in arrays. At every step the kernel finds each replay's next event (the agenda's, or the
earliest reaction's, in the engine's order: moves, then the agenda, then reactions in the order
they were set off), groups the replays whose next event is the same, and has the model carry it
out for that group at once (:func:`congress_sim.model.acts.act`). When every replay follows the
same course, which is the usual case, each step is one call over the whole block.

A deterministic run of one replay equals the SimPy engine's outcomes exactly (a test holds the two
side by side on every shipped scenario); seeded blocks match it in distribution.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from functools import partial

import numpy as np

from congress_sim.language import plan as planning
from congress_sim.language.scenario import Close, Election, Scenario
from congress_sim.model import draws, elections, procedure
from congress_sim.model.acts import Done, act
from congress_sim.model.block import HAPPENED, NOT_YET, SKIPPED, Block
from congress_sim.model.params import Params, central

OPEN, STEP, CLOSE = 0, 1, 2
WAITING, RUNNING = 0, 1  # a step not yet started; a step under way until its end


@dataclass
class Outcomes:
    """What a block of replays came to; arrays have the block's replays first."""

    n: int
    code: dict[str, np.ndarray] = field(default_factory=dict)  # item -> outcome code (block.OUTCOMES)
    start: dict[str, np.ndarray] = field(default_factory=dict)  # item -> when it happened (nan: did not)
    end: dict[str, np.ndarray] = field(default_factory=dict)  # item -> when it ended
    tally: dict[str, np.ndarray] = field(default_factory=dict)  # vote -> (n, F, 4)
    present: dict[str, np.ndarray] = field(default_factory=dict)  # vote -> in the hall
    casting: dict[str, np.ndarray] = field(default_factory=dict)  # vote -> the chair's casting vote
    needed: dict[str, np.ndarray] = field(default_factory=dict)  # vote -> votes for needed (-1: voted by party)
    seats: dict[str, np.ndarray] = field(default_factory=dict)  # election -> (n, groups)
    chair: dict[str, np.ndarray] = field(default_factory=dict)  # election -> whether its chair is seated
    winners: dict[str, np.ndarray] = field(default_factory=dict)  # election among candidates -> (n, seats)
    leaving: dict[str, np.ndarray] = field(default_factory=dict)  # walkout -> (n, F) who left
    named: dict[str, np.ndarray] = field(default_factory=dict)  # item with speakers -> (n, N) named persons in the hall
    opened: dict[str, np.ndarray] = field(default_factory=dict)  # session -> when it opened
    closed: dict[str, np.ndarray] = field(default_factory=dict)  # session -> when it closed
    census: dict[str, np.ndarray] = field(default_factory=dict)  # moment -> (n, F) at the assembly
    positions: dict[str, np.ndarray] = field(default_factory=dict)  # name -> (n, bands) delegates in each band
    band: np.ndarray | None = None  # (n, grid) at the assembly at the kernel's grid times
    drawn: np.ndarray | None = None  # (n, assumptions) what each replay drew (model.draws.apply)


class Kernel:
    """A scenario's agenda, laid out once, to run blocks of replays.

    ``moments``: census to keep, by name: ``opening``, ``closing``, an item id (just after it
    happened, before whatever follows it in its minute; after a walkout whose delegates leave over a
    while, once the last of them has gone), a session id (as it opened, before its first item), a
    date in the scenario's calendar, or minutes since the epoch. ``positions``: by name, (moment,
    issue, bands): how many of those present stand in each band [from, to) of an issue. ``grid``:
    how many evenly spaced times to count the attendance at (for a band).
    """

    def __init__(self, scenario: Scenario, moments: dict[str, str | float] | None = None, grid: int = 0,
                 positions: dict[str, tuple[str, str, list[tuple[float, float]]]] | None = None):
        self.scenario = scenario
        self.plan = plan = planning.of(scenario)
        self.factions = list(plan.factions)
        self.index = {f: i for i, f in enumerate(self.factions)}
        self.proc = procedure.Procedure(plan)
        self.flow: list[tuple[int, int, planning.Step | None]] = []  # (kind, session, step)
        for si, sp in enumerate(plan.sessions):
            self.flow.append((OPEN, si, None))
            self.flow += [(STEP, si, st) for st in sp.steps]
            self.flow.append((CLOSE, si, None))
        self.groups = {i: groups_of_election(scenario, item) for i, item in plan.items.items()
                       if isinstance(item, Election)}
        self.moments = {k: self._minutes(v) for k, v in (moments or {}).items()}
        # the named persons who are delegates (the others, guests, are always in the hall)
        self.roster_named = {p for p, person in scenario.persons.items() if person.faction in scenario.factions}
        self.positions = {k: (self._minutes(at), plan.issues.index(issue), bands)
                          for k, (at, issue, bands) in (positions or {}).items()}
        self.grid = np.zeros(0)
        if grid:  # the deterministic replay's span, the same for every block
            closing = self.run(1).closed[plan.sessions[-1].session.id][0]
            self.grid = np.linspace(plan.opens, float(closing), grid)

    def _minutes(self, at: str | float) -> str | float:
        """An item, opening or closing as it is; a date as minutes since the epoch."""
        if isinstance(at, str) and self.plan.moment_kind(at) == "time":
            return float(self.plan.clock.minutes(at))
        return at  # an item, a session, opening or closing; or no such moment: nothing is counted

    def run(self, n: int, rng: np.random.Generator | None = None, params: Params | None = None) -> Outcomes:
        """Outcomes of ``n`` replays drawing from ``rng`` (without one, each replay is deterministic).

        Without ``params``, the scenario's values; seeded, each replay first draws the scenario's
        uncertain assumptions from ``rng`` (and the outcomes keep what it drew)."""
        if n > 1:
            keep_freed_memory()
        drawn = None
        if params is None:
            params = central(self.plan, n)
            if rng is not None and self.plan.scenario.uncertain:
                drawn = draws.draw(self.plan, params, rng)
        out = _Block(self, params, rng).run()
        out.drawn = drawn
        return out


_HEAP: list[bool] = []  # whether this process keeps its freed memory (see keep_freed_memory)


def keep_freed_memory() -> None:
    """Have the C library's allocator keep the memory a block of replays frees for the next block,
    instead of handing each array of a few MiB back to the system and faulting it in again, page
    by page, when the next is made (glibc's malloc does so by default: about 12,000 page faults a
    block of 1,000 replays of the historical scenario, a sixth to a fifth of its time). The peak
    hardly moves; the process holds on to it afterwards. Done once per process, where the C
    library has ``mallopt`` (glibc); elsewhere nothing changes."""
    if _HEAP:
        return
    _HEAP.append(True)
    import ctypes
    import sys

    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(OSError, AttributeError):  # not glibc: its own allocator, left alone
        mallopt = ctypes.CDLL(None).mallopt
        mallopt(-3, 32 << 20)  # M_MMAP_THRESHOLD: arrays up to 32 MiB from the heap (its largest), not mapped each time
        mallopt(-1, 128 << 20)  # M_TRIM_THRESHOLD: up to 128 MiB free at the heap's top kept, not given back


def groups_of_election(scenario: Scenario, item: Election) -> list[str]:
    """The groups an election gives seats to: the factions, then a body's reserved groups, or each
    candidate of no faction (a guest) by name."""
    if item.candidates:
        return [*scenario.factions, *(c for c in item.candidates if not scenario.persons[c].faction)]
    return [*scenario.factions, *scenario.bodies[item.body].reserved]


class _Block:
    def __init__(self, kernel: Kernel, params: Params, rng: np.random.Generator | None):
        self.k, self.n, self.rng = kernel, params.n, rng
        self.b = Block(kernel.plan, params, rng)
        n, T = self.n, len(kernel.plan.triggers)
        self.out = Outcomes(n)
        self.cursor = np.zeros(n, dtype=np.int64)
        self.stage = np.zeros(n, dtype=np.int8)
        self.wake = np.full(n, kernel.plan.sessions[0].opens)
        self.first = np.full(n, -np.inf)  # the earliest the waiting step may start
        self.session = np.full(n, -1, dtype=np.int64)
        self.closer = np.zeros(n, dtype=bool)
        self.done = np.zeros(n, dtype=bool)
        self.pending = np.full((n, T), np.inf)
        self.order = np.zeros((n, T), dtype=np.int64)  # when each reaction was set off, to keep their order
        self.fired = np.zeros((n, T), dtype=bool)
        self.count = 0
        self.history: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []  # (rows, time, members) per defection
        # walkout -> when its last delegate had gone, if later than it began (nan: it did not happen,
        # or they left at once and were counted then)
        self.gone: dict[str, np.ndarray] = {}
        self.initial = self.b.member.copy()
        F = len(kernel.factions)
        # each census and survey to keep: (where, name, moment, how it counts those present, columns); the
        # counting is the class's, not bound to the block, so that no cycle keeps a finished block's arrays
        self.kept = [(self.out.census, name, at, _Block.census_at, F) for name, at in kernel.moments.items()] + \
            [(self.out.positions, name, at, partial(_Block.bands_at, issue=issue, bands=bands), len(bands))
             for name, (at, issue, bands) in kernel.positions.items()]

    # --- the loop -----------------------------------------------------------------------

    def run(self) -> Outcomes:
        k, n = self.k, self.n
        rows_all = np.arange(n)
        while not self.done.all():
            live = ~self.done
            # the earliest reaction of each replay, in the order reactions were set off
            key = np.where(np.isfinite(self.pending), self.order, np.iinfo(np.int64).max)
            r_time = self.pending.min(axis=1, initial=np.inf)  # a scenario may have no reactions at all
            at_first = self.pending == r_time[:, None]
            r_index = np.argmin(np.where(at_first, key, np.iinfo(np.int64).max), axis=1) if key.shape[1] \
                else np.zeros(n, dtype=np.int64)
            reacting = live & (r_time < self.wake)  # the agenda goes first at the same minute
            agenda = live & ~reacting
            if reacting.any():
                S = len(k.plan.sessions) + 1
                kinds = r_index[reacting] * S + self.session[reacting] + 1
                for kind in np.unique(kinds):
                    self.react(rows_all[reacting][kinds == kind], int(kind // S))
            if agenda.any():
                # only the replays furthest behind move on: the others wait for them (they are
                # independent), so that the block stays together and each step is one call
                kinds = self.cursor[agenda] * 2 + self.stage[agenda]
                kind = int(kinds.min())
                self.advance(rows_all[agenda][kinds == kind], kind // 2, kind % 2)
        self.finish()
        return self.out

    def advance(self, rows: np.ndarray, cursor: int, stage: int) -> None:
        kind, si, step = self.k.flow[cursor]
        t = self.wake[rows]
        b, sp = self.b, self.k.plan.sessions[si]
        if kind == OPEN:
            self.session[rows] = si
            b.closed[rows] = False
            self.out.opened.setdefault(sp.session.id, np.full(self.n, np.nan))[rows] = t
            self.take_census(sp.session.id, rows, t)  # as it opened: before its first item, even at the same minute
            self.next(rows, t)
        elif kind == CLOSE:
            self.out.closed.setdefault(sp.session.id, np.full(self.n, np.nan))[rows] = t
            self.session[rows] = -1
            last = cursor == len(self.k.flow) - 1
            if last:
                self.done[rows] = True
                self.wake[rows] = np.inf
                for index in np.flatnonzero(np.isfinite(self.pending[rows]).any(axis=0)):
                    due = rows[np.isfinite(self.pending[rows, index])]  # a reaction due after the last close
                    self.b.mark(self.k.plan.triggers[index].then.id, due, SKIPPED)
                    self.pending[due, index] = np.inf
            else:
                self.cursor[rows] += 1
                self.wake[rows] = np.maximum(t, self.k.plan.sessions[si + 1].opens)
        else:
            assert step is not None
            if stage == RUNNING:  # the step has run its course
                if isinstance(step.item, Close):
                    self.close(rows, t)
                else:
                    self.next(rows, t)
                return
            start = procedure.start(b, step, rows, self.first[rows])
            later = start > t
            if later.any():  # held back (the floor was taken meanwhile): wait again
                self.wake[rows[later]] = start[later]
            rows, t = rows[~later], t[~later]
            if len(rows):
                self.perform(step.item, rows, t, step.until, agenda=True)

    def next(self, rows: np.ndarray, t: np.ndarray) -> None:
        """Move the agenda on to the next step (or the session's close) at ``t``."""
        closed = self.b.closed[rows]
        if closed.any():
            self.close(rows[closed], t[closed])
        rows, t = rows[~closed], t[~closed]
        self.cursor[rows] += 1
        self.stage[rows] = WAITING
        kind, si, step = self.k.flow[int(self.cursor[rows[0]])] if len(rows) else (None, 0, None)
        if step is not None:
            self.first[rows] = procedure.earliest(step, t)
            self.wake[rows] = procedure.start(self.b, step, rows, self.first[rows])
        else:
            self.wake[rows] = t

    def close(self, rows: np.ndarray, t: np.ndarray) -> None:
        """The sitting in progress closes at ``t``: what is left of its agenda is not taken."""
        cursors = self.cursor[rows]
        for c in np.unique(cursors).tolist():  # the replays at the same place in the agenda, at once
            mine = rows[cursors == c]
            while self.k.flow[c][0] == STEP:
                st = self.k.flow[c][2]
                assert st is not None
                code = self.b.outcome.get(st.item.id)
                untaken = mine if code is None else mine[code[mine] == NOT_YET]
                if len(untaken):
                    self.b.mark(st.item.id, untaken, SKIPPED)
                c += 1
            self.cursor[mine] = c
        self.stage[rows] = WAITING
        self.wake[rows] = t
        self.b.closed[rows] = True

    def perform(self, item: object, rows: np.ndarray, t: np.ndarray, until: float | None, agenda: bool) -> None:
        b = self.b
        session = self._session_of(rows)
        skipped = np.zeros(len(rows), dtype=bool)
        for mask, _ in self.k.proc.skips(b, item, rows, t, session):
            skipped |= mask
        if skipped.any():
            b.mark(item.id, rows[skipped], SKIPPED)  # type: ignore[attr-defined]
            if agenda:
                self.next(rows[skipped], t[skipped])
        rows, t = rows[~skipped], t[~skipped]
        if not len(rows):
            return
        done = act(b, item, rows, t, session)
        self.keep(done)
        plan = self.k.plan
        for index in plan.by_cause.get(item.id, ()):  # type: ignore[attr-defined]
            fresh = ~self.fired[rows, index]
            fire = fresh & procedure.fires(b, plan.triggers[index], index, rows, t, session)
            hit = rows[fire]
            self.fired[hit, index] = True
            self.pending[hit, index] = t[fire] + b.p.delay[hit, index]
            self.order[hit, index] = self.count
            self.count += 1
        end = procedure.end(item, t, until)
        b.keep(b.ended, item.id, rows, end, np.nan)  # type: ignore[attr-defined]
        if agenda:
            running = end > t
            self.stage[rows[running]] = RUNNING
            self.wake[rows[running]] = end[running]
            if isinstance(item, Close):
                self.close(rows[~running], t[~running])
            else:
                self.next(rows[~running], t[~running])
        else:
            b.floor[rows] = np.maximum(b.floor[rows], end)  # a reaction holds the floor while it lasts

    def react(self, rows: np.ndarray, index: int) -> None:
        t = self.pending[rows, index].copy()
        self.pending[rows, index] = np.inf
        item = self.k.plan.triggers[index].then
        if isinstance(item, Close):
            sitting = self.session[rows] >= 0
            self.b.mark(item.id, rows[~sitting], SKIPPED)
            rows, t = rows[sitting], t[sitting]
            if not len(rows):
                return
            self.b.mark(item.id, rows, HAPPENED)
            self.b.keep(self.b.started, item.id, rows, t, np.nan)
            self.b.keep(self.b.ended, item.id, rows, t, np.nan)
            self.keep(Done(item, rows, t))  # kept as any item is: when, and the census just after
            # the agenda, interrupted, closes the sitting at once: an item under way has happened
            self.cursor[rows[self.stage[rows] == RUNNING]] += 1
            self.close(rows, t)
            return
        self.perform(item, rows, t, None, agenda=False)

    def _session_of(self, rows: np.ndarray) -> str | None:
        si = int(self.session[rows[0]])  # a group's replays are in the same sitting (or none)
        return self.k.plan.sessions[si].session.id if si >= 0 else None

    # --- what is kept -------------------------------------------------------------------

    def keep(self, done: Done) -> None:
        out, rows, item, n = self.out, done.rows, done.item, self.n
        out.start.setdefault(item.id, np.full(n, np.nan))[rows] = done.t
        if getattr(item, "speakers", None):
            here = self.b.hall(rows, done.t, self._session_of(rows)).named
            out.named.setdefault(item.id, np.zeros((n, here.shape[1]), dtype=bool))[rows] = here
        if done.tally is not None:
            F = len(self.k.factions)
            out.tally.setdefault(item.id, np.zeros((n, F, 4), dtype=np.int32))[rows] = done.tally.counts
            out.present.setdefault(item.id, np.zeros(n, dtype=np.int32))[rows] = done.tally.present
            out.casting.setdefault(item.id, np.full(n, -1, dtype=np.int8))[rows] = done.tally.casting
            assert done.needed is not None
            out.needed.setdefault(item.id, np.full(n, -1, dtype=np.int64))[rows] = done.needed
        if done.seats is not None:
            G = len(self.k.groups[item.id])
            out.seats.setdefault(item.id, np.zeros((n, G), dtype=np.int32))[rows] = done.seats
            assert done.chair is not None
            out.chair.setdefault(item.id, np.zeros(n, dtype=bool))[rows] = done.chair
        if done.election is not None and done.election.winners is not None:
            w = done.election.winners
            out.winners.setdefault(item.id, np.full((n, w.shape[1]), -1, dtype=np.int32))[rows] = w
            seats, chair = elections.seated(self.k.scenario, item, w, self.k.groups[item.id])
            out.seats.setdefault(item.id, np.zeros((n, seats.shape[1]), dtype=np.int32))[rows] = seats
            out.chair.setdefault(item.id, np.zeros(n, dtype=bool))[rows] = chair
        if done.departure is not None:
            F = len(self.k.factions)
            out.leaving.setdefault(item.id, np.zeros((n, F), dtype=np.int32))[rows] = \
                self.b.per_faction(rows, done.departure.leaving, done.departure.first)
        if done.defected is not None:
            self.history.append((rows, done.t, self.b.member[rows].copy()))
        t = done.t
        if done.departure is not None:  # a walkout over a while: counted once its last delegate has gone (see finish)
            leaving = done.departure.leaving
            last = np.where(leaving, done.departure.times, -np.inf).max(axis=1, initial=-np.inf)
            later = last > t
            self.gone.setdefault(item.id, np.full(n, np.nan))[rows[later]] = last[later]
            rows, t = rows[~later], t[~later]
        self.take_census(item.id, rows, t)

    def take_census(self, at: str, rows: np.ndarray, t: np.ndarray) -> None:
        """Keep the census and surveys taken just after ``at`` (an item, or a session's opening) in
        ``rows``, at ``t``: what happens after it within its minute is not yet known, so not counted."""
        if not len(rows):
            return
        for into, name, moment, count, width in self.kept:
            if moment == at:
                into.setdefault(name, np.zeros((self.n, width), dtype=np.int32))[rows] = count(self, rows, t)

    def members_at(self, rows: np.ndarray, t: np.ndarray) -> np.ndarray:
        """Each slot's faction at ``t`` (defections are rare: replay their history)."""
        member = self.initial[rows].copy()
        where = {int(r): i for i, r in enumerate(rows)}
        for hrows, ht, hmember in self.history:
            for j, r in enumerate(hrows):
                i = where.get(int(r))
                if i is not None and ht[j] <= t[i]:
                    member[i] = hmember[j]
        return member

    def census_at(self, rows: np.ndarray, t: np.ndarray) -> np.ndarray:
        if not self.history:  # who is at the assembly: counted by segment, as the hall is
            return self.b.census(rows, t)
        here = self.b.present(rows, t)
        member = self.members_at(rows, t)
        F = len(self.k.factions)
        flat = (np.arange(len(rows))[:, None] * F + member)[here]
        return np.bincount(flat, minlength=len(rows) * F).reshape(len(rows), F)

    def bands_at(self, rows: np.ndarray, t: np.ndarray, issue: int, bands: list[tuple[float, float]]) -> np.ndarray:
        here = self.b.present(rows, t)
        pos = self.b.position(rows, issue)
        return np.stack([(here & (pos >= lo) & (pos < hi)).sum(axis=1) for lo, hi in bands], axis=1)

    def when(self, at: str | float) -> np.ndarray | None:
        """Each replay's time of a moment given as opening, closing or minutes (an item's or a session's
        is kept as it happens)."""
        plan = self.k.plan
        closing = self.out.closed[plan.sessions[-1].session.id]
        if at == "closing":
            return closing
        nominal = self.nominal(at)
        if nominal is None:
            return None
        return np.full(self.n, nominal) if at == "opening" else np.clip(np.full(self.n, nominal), plan.opens, closing)

    def nominal(self, at: str | float) -> float | None:
        """The time of a moment that is the same in every replay: the opening, or minutes since the
        epoch from the opening on (a replay that closed before it counts it at its closing)."""
        opens = self.k.plan.opens
        if at == "opening":
            return opens
        return float(at) if isinstance(at, (int, float)) and at >= opens else None

    def finish(self) -> None:
        out, b, rows = self.out, self.b, np.arange(self.n)
        out.code = {k: v.copy() for k, v in b.outcome.items()}
        out.end = {k: v.copy() for k, v in b.ended.items()}
        plan = self.k.plan
        # the censuses at a time the same in every replay (the opening, a date), counted all at once where no
        # one went over to another faction; a replay that had closed before a date is counted at its closing, apart
        common = {at: nominal for _, _, at, count, _ in self.kept
                  if count is _Block.census_at and (nominal := self.nominal(at)) is not None}
        times = sorted(set(common.values()))
        table = None
        if times and not self.history:
            grid = np.array(times)
            table = _counts_below(b.arrive, grid, b) - _counts_below(b.depart, grid, b)
        for into, name, at, count, width in self.kept:
            t = self.when(at)
            if t is not None and table is not None and count is _Block.census_at and at in common:
                into[name] = got = table[:, :, times.index(common[at])].copy()
                apart = np.flatnonzero(t != common[at])
                if len(apart):
                    got[apart] = count(self, apart, t[apart])
            elif t is not None:
                into[name] = count(self, rows, t)
            elif isinstance(at, str) and (at in plan.items or plan.session_index(at) is not None):
                # an item or session: kept as it happened (none counted where no replay reached it), but
                # a walkout over a while once its last delegate had gone, counted now, when whoever else
                # came, went or switched by then is known too
                counts = into.setdefault(name, np.zeros((self.n, width), dtype=np.int32))
                gone = self.gone.get(at, np.full(self.n, np.nan))
                got = np.flatnonzero(~np.isnan(gone))
                if len(got):
                    counts[got] = count(self, got, gone[got])
        if self.k.grid.size:
            out.band = self.band(self.k.grid)

    def band(self, grid: np.ndarray) -> np.ndarray:
        """At the assembly at each grid time: arrived by then, less gone by then."""
        return _counts_below(self.b.arrive, grid) - _counts_below(self.b.depart, grid)


def _counts_below(times: np.ndarray, grid: np.ndarray, by_faction: Block | None = None) -> np.ndarray:
    """(n, grid): how many of each row's times (one per slot) are at or before each (sorted) grid
    time; with ``by_faction`` (the block, no one in it gone over to another faction): (n, F, grid),
    by the faction each slot came with.

    Most slots' times fall outside the grid's span in every replay (present from the opening, or
    never leaving): they count the same at every grid time. Each of the others is placed at the
    first grid time it is at or before, and each row's placings are counted and summed along the grid.
    """
    early, late = times <= grid[0], times > grid[-1]
    moving = ~(early | late).all(axis=0)
    G, n = grid.size, len(times)
    at = _index(grid, times[:, moving])  # G: after the last grid time (or never)
    early[:, moving] = False
    if by_faction is None:
        fixed = early.sum(axis=1)
        at += (np.arange(n) * (G + 1))[:, None]
    else:
        fixed = by_faction.per_faction(np.arange(n), early)
        at += (np.arange(n)[:, None] * fixed.shape[1] + by_faction.roster.origin[moving]) * (G + 1)
    placed = np.bincount(at.ravel(), minlength=fixed.size * (G + 1)).reshape(fixed.size, G + 1)
    return (np.cumsum(placed[:, :G], axis=1) + fixed.reshape(-1, 1)).reshape(*fixed.shape, G)


def _index(grid: np.ndarray, x: np.ndarray) -> np.ndarray:
    """``np.searchsorted(grid, x, side="left")``: for a long grid (the band's, evenly spaced), a first
    guess from its spacing, moved up or down until each is right (cheaper than a search per time)."""
    G = grid.size
    span = float(grid[-1] - grid[0])
    if G <= 16 or not 0 < span < np.inf:
        return np.searchsorted(grid, x, side="left")
    guess = np.ceil((x - grid[0]) * ((G - 1) / span))
    guess[np.isnan(guess)] = G  # (as a search places nan: last)
    at = np.clip(guess, 0, G, out=guess).astype(np.intp)
    while True:
        up = grid[np.minimum(at, G - 1)] < x  # where the grid time is below: too low (at G: never)
        up &= at < G
        down = grid[np.maximum(at - 1, 0)] >= x  # where the one before already reaches it: too high
        down &= at > 0
        if not (up.any() or down.any()):
            return at
        at += up
        at -= down


def seeds(seed: int, block: int) -> np.random.Generator:
    """The generator of block ``block`` of an ensemble seeded ``seed``: SeedSequence(seed).spawn(...)[block]."""
    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(block,)))


