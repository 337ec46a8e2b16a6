"""Many replays at once: the engine's rules, vectorised over a block of replays with NumPy.

An ensemble needs each replay's outcomes (tallies, results, seats, who was there at given
moments), not its event log. Because every agenda item and every possible reaction happens at a
time fixed by the plan (only *whether* and *how many* vary between replays), the timeline can
be laid out once, in the engine's order (moves, then the agenda, then reactions, at each
minute), and walked with arrays of shape (replays, factions). Deterministic mode (no
generator) reproduces the SimPy engine exactly; a test holds the two side by side, and another
compares their distributions when seeded.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from congress_sim.language import plan as planning
from congress_sim.language.scenario import (
    Announcement,
    Close,
    Debate,
    Decision,
    Defection,
    Election,
    Recess,
    Scenario,
    Vote,
    Walkout,
)
from congress_sim.model.apportion import highest_averages_many, split
from congress_sim.model.rules import passes, quorum_needed, rules_for, shares

MOVE, AGENDA, REACTION, PROBE = 0, 1, 2, 3
ADOPTED, REJECTED, NOT_TAKEN = 0, 1, 2
RESULTS = ("adopted", "rejected", "not taken")
DECISIONS = ("accepted", "declined")


@dataclass(frozen=True)
class Action:
    time: float
    phase: int
    seq: int
    kind: str  # open, item, close, probe
    item: Any = None  # the agenda item or reaction
    session: str | None = None
    trigger: Any = None  # for a reaction: the trigger that may fire it
    probe: str | None = None


@dataclass
class Outcomes:
    """What a block of replays came to; arrays have the block's replays first."""

    n: int
    happened: dict[str, np.ndarray] = field(default_factory=dict)  # item -> bool
    result: dict[str, np.ndarray] = field(default_factory=dict)  # vote or decision -> code
    tally: dict[str, np.ndarray] = field(default_factory=dict)  # vote -> (n, factions, 3)
    present: dict[str, np.ndarray] = field(default_factory=dict)  # vote -> those present
    census: dict[str, np.ndarray] = field(default_factory=dict)  # probe -> (n, factions)
    seats: dict[str, np.ndarray] = field(default_factory=dict)  # election -> (n, groups)
    chair: dict[str, np.ndarray] = field(default_factory=dict)  # election -> bool
    band: np.ndarray | None = None  # (n, grid): delegates present at the kernel's grid times


class _Moves:
    """Delegates of one faction who come (+1) or go (-1) at their own times, in each replay."""

    def __init__(self, faction: int, sign: int, times: np.ndarray):
        self.faction, self.sign, self.times = faction, sign, times  # times: (n, k), sorted, inf = never
        self.done = np.zeros(times.shape[0], dtype=np.int64)
        self.next = times[:, 0].copy() if times.shape[1] else np.full(times.shape[0], np.inf)

    def due(self, t: float) -> np.ndarray | None:
        if not (self.next <= t).any():
            return None
        count = (self.times <= t).sum(axis=1)
        new = count - self.done
        self.done = count
        k = self.times.shape[1]
        self.next = np.where(count < k, self.times[np.arange(len(count)), np.minimum(count, k - 1)], np.inf)
        return new


class Kernel:
    """A scenario's timeline, laid out once, to run blocks of replays."""

    def __init__(self, scenario: Scenario, probes: dict[str, float] | None = None, grid: int = 0):
        self.scenario = scenario
        self.plan = plan = planning.of(scenario)
        self.factions = list(plan.factions)
        self.index = {f: i for i, f in enumerate(self.factions)}
        self.groups: dict[str, list[str]] = {}  # election -> the groups its seats go to
        for sp in plan.sessions:
            for step in sp.steps:
                if isinstance(step.item, Election):
                    self.groups[step.item.id] = self.factions + [
                        g for g in scenario.bodies[step.item.body].reserved if g not in self.index]
        self.actions = self._timeline(probes or {})
        # where each item and session stands in the timeline, for facts about times and order
        self.when: dict[tuple[str, str], float] = {}
        self.order: dict[str, int] = {}
        for i, a in enumerate(self.actions):
            key = a.item.id if a.kind == "item" else a.session if a.kind == "open" else None
            if key is not None and key not in self.order:
                self.order[key] = i
                self.when[(key, "start")] = a.time
            if a.kind == "close" and a.session is not None:
                self.when[(a.session, "end")] = a.time
        for sp in plan.sessions:
            for step in sp.steps:
                if isinstance(step.item, Recess):
                    self.when[(step.item.id, "end")] = step.end
        self.grid = np.linspace(plan.opens, plan.closes, grid) if grid else np.zeros(0)
        self.opening = np.array([scenario.factions[f].delegates for f in self.factions], dtype=np.int64)

    def _timeline(self, probes: dict[str, float]) -> list[Action]:
        plan, seq = self.plan, 0
        heap: list[tuple[float, int, int, Action]] = []

        def push(a: Action) -> None:
            heapq.heappush(heap, (a.time, a.phase, a.seq, a))

        for sp in plan.sessions:
            push(Action(sp.opens, AGENDA, seq := seq + 1, "open", session=sp.session.id))
            for step in sp.steps:
                push(Action(step.start, AGENDA, seq := seq + 1, "item", step.item, sp.session.id))
            push(Action(sp.closes, AGENDA, seq := seq + 1, "close", session=sp.session.id))
        push(Action(plan.opens, PROBE, seq := seq + 1, "probe", probe="opening"))
        push(Action(plan.closes, PROBE, seq := seq + 1, "probe", probe="closing"))
        for name, t in probes.items():
            if t >= plan.opens:  # before the opening there is nothing to count; after the close, the close
                push(Action(min(t, plan.closes), PROBE, seq := seq + 1, "probe", probe=name))
        out: list[Action] = []
        while heap:
            a = heapq.heappop(heap)[3]
            out.append(a)
            if a.kind == "item":
                for trig in plan.triggers.get(a.item.id, ()):
                    push(Action(a.time + trig.delay, REACTION, seq := seq + 1, "item", trig.then, a.session, trig))
        # the replay ends as the last session closes: what would come after it never happens
        last = max(i for i, a in enumerate(out) if a.kind == "close")
        return [a for i, a in enumerate(out) if i <= last or a.kind == "probe"]

    # --- running a block ----------------------------------------------------------------

    def run(self, n: int, rng: np.random.Generator | None = None) -> Outcomes:
        """Outcomes of ``n`` replays drawing from ``rng`` (deterministic, n = 1, without one)."""
        if rng is None and n != 1:
            raise ValueError("a deterministic run is one replay")
        return _Block(self, n, rng).run()


class _Block:
    def __init__(self, kernel: Kernel, n: int, rng: np.random.Generator | None):
        self.k, self.n, self.rng = kernel, n, rng
        nf = len(kernel.factions)
        self.present = np.zeros((n, nf), dtype=np.int64)
        self.leaving = np.zeros((n, nf), dtype=np.int64)
        self.registered = np.zeros(n, dtype=np.int64)
        self.opening_total = np.zeros(n, dtype=np.int64)
        self.declined: dict[str, np.ndarray] = {}  # body -> (n, factions) bool
        self.moves: list[_Moves] = []
        self.all_moves: list[_Moves] = []
        self.out = Outcomes(n)
        self.session = ""
        self.opened = False

    # randomness, as the engine draws it
    def chance(self, p: float) -> np.ndarray:
        if self.rng is None:
            return np.full(self.n, p >= 0.5)
        return self.rng.random(self.n) < p

    def spread(self, counts: np.ndarray, start: float, width: float) -> np.ndarray:
        """(n, max count) times, sorted, inf beyond each replay's count."""
        k = int(counts.max()) if counts.size else 0
        if k == 0:
            return np.zeros((self.n, 0))
        if width <= 0:
            times = np.full((self.n, k), start)
        elif self.rng is None:
            c = int(counts[0])
            times = np.array([[start + width * (i + 0.5) / c for i in range(c)] + [np.inf] * (k - c)])
            return times
        else:
            times = np.sort(start + width * self.rng.random((self.n, k)), axis=1)
        return np.where(np.arange(k)[None, :] < counts[:, None], times, np.inf)

    def run(self) -> Outcomes:
        k = self.k
        for a in k.plan.arrivals:
            counts = np.full(self.n, a.arrival.count)
            times = self.spread(counts, a.start, a.end - a.start)
            self.add_moves(_Moves(k.index[a.arrival.faction], +1, times))
        for action in k.actions:
            self.advance(action.time)
            if action.kind == "open":
                self.session = action.session or ""
                if not self.opened:  # the delegates present at the first opening
                    self.opened = True
                    self.present += k.opening
                    self.registered += k.opening.sum()
                    self.opening_total = self.registered.copy()
            elif action.kind == "probe":
                self.out.census[action.probe or ""] = self.present.copy()
            elif action.kind == "item":
                self.perform(action)
        if k.grid.size:
            self.out.band = self.band()
        return self.out

    def add_moves(self, m: _Moves) -> None:
        self.moves.append(m)
        self.all_moves.append(m)

    def advance(self, t: float) -> None:
        """Everyone due to come or go by ``t`` does (moves come first at any minute)."""
        for m in self.moves:
            new = m.due(t)
            if new is None:
                continue
            self.present[:, m.faction] += m.sign * new
            if m.sign > 0:
                self.registered += new
            else:
                self.leaving[:, m.faction] -= new
        self.moves = [m for m in self.moves if np.isfinite(m.next).any()]

    def live(self, action: Action) -> np.ndarray:
        """Where this item takes place: its trigger fired, and what it depends on came about."""
        item, out = action.item, self.out
        mask = np.ones(self.n, dtype=bool)
        trig = action.trigger
        if trig is not None:
            cause = trig.when.item
            mask &= out.happened.get(cause, np.zeros(self.n, dtype=bool))
            if trig.when.result is not None:
                mask &= self._outcome_is(cause, trig.when.result)
            mask &= self.chance(trig.probability)
        cond = item.only_if
        if cond is not None:
            mask &= out.happened.get(cond.item, np.zeros(self.n, dtype=bool))
            if cond.result is not None:
                mask &= self._outcome_is(cond.item, cond.result)
        return mask

    def _outcome_is(self, item: str, wanted: str) -> np.ndarray:
        code = self.out.result.get(item)
        if code is None:
            return np.full(self.n, wanted == "happened")
        names = DECISIONS if wanted in DECISIONS else RESULTS
        return code == names.index(wanted) if wanted in names else np.zeros(self.n, dtype=bool)

    def perform(self, action: Action) -> None:
        item, k = action.item, self.k
        live = self.live(action)
        self.out.happened[item.id] = live
        if not live.any():
            if isinstance(item, Vote):
                self.out.result[item.id] = np.full(self.n, -1, dtype=np.int8)
            return
        if isinstance(item, Walkout):
            for f in item.factions:
                i = k.index[f]
                counts = np.floor((self.present[:, i] - self.leaving[:, i]) * item.share + 0.5).astype(np.int64)
                counts = np.where(live, counts, 0)
                self.leaving[:, i] += counts
                self.add_moves(_Moves(i, -1, self.spread(counts, action.time, item.over)))
            self.advance(action.time)  # those who leave at once are gone before the next item
        elif isinstance(item, Defection):
            src, dst = k.index[item.source_faction], k.index[item.target_faction]
            have = self.present[:, src] - self.leaving[:, src]
            moved = np.minimum(have, item.count) if item.count is not None else \
                np.floor(have * (item.share or 0) + 0.5).astype(np.int64)
            moved = np.where(live, moved, 0)
            self.present[:, src] -= moved
            self.present[:, dst] += moved
        elif isinstance(item, Vote):
            self.vote(item, live)
        elif isinstance(item, Election):
            self.elect(item, live)
        elif isinstance(item, Decision):
            accepts = np.full(self.n, item.accepts) if isinstance(item.accepts, bool) else self.chance(item.accepts)
            body = self.declined.setdefault(item.body, np.zeros((self.n, len(k.factions)), dtype=bool))
            body[:, k.index[item.faction]] |= live & ~accepts
            self.out.result[item.id] = np.where(accepts, 0, 1).astype(np.int8)
        elif not isinstance(item, (Debate, Announcement, Recess, Close)):  # pragma: no cover
            raise TypeError(type(item))

    def vote(self, item: Vote, live: np.ndarray) -> None:
        k, s = self.k, self.k.scenario
        quorum, majority = rules_for(s, item)
        present = self.present.sum(axis=1)
        base = self.registered if quorum is None or quorum.of == "registered" else self.opening_total
        bases, where = np.unique(base, return_inverse=True)  # few distinct totals: the rule once for each
        needed = np.array([quorum_needed(quorum, int(b)) for b in bases], dtype=np.int64)[where]
        taken = live & (present >= needed)
        absent = k.plan.absent.get(self.session, {})
        voters = self.present - np.array([absent.get(f, 0) for f in k.factions])
        voters = np.where(taken[:, None], np.maximum(voters, 0), 0)
        p = np.array([shares(s, f, item) for f in k.factions])
        if self.rng is None:
            tally = np.array([[split(int(voters[0, i]), p[i]) for i in range(len(k.factions))]])
        else:
            tally = self.rng.multinomial(voters, p)
        fr, ag = tally[:, :, 0].sum(1), tally[:, :, 1].sum(1)
        ok = passes(majority, fr, ag, present)
        code = np.where(taken, np.where(ok, ADOPTED, REJECTED), NOT_TAKEN).astype(np.int8)
        self.out.result[item.id] = np.where(live, code, -1).astype(np.int8)
        self.out.tally[item.id] = tally.astype(np.int32)
        self.out.present[item.id] = present.astype(np.int32)

    def elect(self, item: Election, live: np.ndarray) -> None:
        k, body = self.k, self.k.scenario.bodies[item.body]
        nf = len(k.factions)
        taking = self.present > 0
        if item.body in self.declined:
            taking &= ~self.declined[item.body]
        if body.among is not None:
            taking &= np.isin(np.array(k.factions), body.among)[None, :]
        groups = k.groups[item.id]
        seats = np.zeros((self.n, len(groups)), dtype=np.int64)
        if body.method == "offered":
            offered = np.array([(body.offered or {}).get(f, 0) for f in k.factions])
            seats[:, :nf] = np.where(taking, offered[None, :], 0)
        else:
            assert body.seats is not None
            free = body.seats - sum(body.reserved.values())
            seats[:, :nf] = allocate(np.where(taking, self.present, 0), free, body.method)
        for g, n in body.reserved.items():
            seats[:, groups.index(g) if g in groups else k.index[g]] += n
        seats = np.where(live[:, None], seats, 0)
        self.out.seats[item.id] = seats.astype(np.int32)
        if body.chair is not None:
            cf = k.scenario.persons[body.chair].faction
            self.out.chair[item.id] = live & (seats[:, k.index[cf]] > 0) if cf in k.index else np.zeros(self.n, bool)

    def band(self) -> np.ndarray:
        """Delegates present at each grid time: arrivals by then, less departures by then."""
        grid = self.k.grid
        total = np.zeros((self.n, grid.size), dtype=np.int64)
        opened = grid >= self.k.plan.opens
        total += np.where(opened, self.k.opening.sum(), 0)[None, :]
        for m in self.all_moves:
            t = m.times
            if t.shape[1] == 0:
                continue
            # moves by each grid time, row by row, with one sorted search over the whole block
            offset = (np.arange(self.n) * (grid[-1] - grid[0] + t[np.isfinite(t)].max(initial=0) + 10.0))[:, None]
            flat = np.where(np.isfinite(t), t, 1e300) + offset
            found = np.searchsorted(flat.ravel(), (grid[None, :] + offset).ravel(), side="right")
            found = found.reshape(self.n, grid.size) - (np.arange(self.n) * t.shape[1])[:, None]
            total += m.sign * np.clip(found, 0, t.shape[1])
        return total


def allocate(counts: np.ndarray, seats: int, method: str) -> np.ndarray:
    """:func:`congress_sim.apportion.allocate` for many replays at once (rows of ``counts``)."""
    n, g = counts.shape
    total = counts.sum(axis=1)
    out = np.zeros_like(counts)
    has = total > 0
    if seats <= 0 or not has.any():
        return out
    if method in ("hare", "droop"):
        safe = np.where(has, total, 1)[:, None]
        if method == "hare":
            base, rem = counts * seats // safe, counts * seats % safe
        else:
            q = safe // (seats + 1) + 1
            base, rem = counts // q, counts % q
        positive = counts > 0
        left = seats - base.sum(axis=1)
        order = np.argsort(-np.where(positive, rem, -1), axis=1, kind="stable")
        rank = np.empty_like(order)
        np.put_along_axis(rank, order, np.broadcast_to(np.arange(g), (n, g)).copy(), axis=1)
        npos = np.maximum(positive.sum(axis=1), 1)
        extra = (left // npos)[:, None] + (rank < (left % npos)[:, None])
        return np.where(has[:, None], base + np.where(positive, extra, 0), 0)
    return highest_averages_many(counts, seats, method)


def seeds(seed: int, block: int) -> np.random.Generator:
    """The generator of block ``block`` of an ensemble seeded ``seed``: SeedSequence(seed).spawn(...)[block]."""
    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(block,)))


def probes_for(scenario: Scenario, record: Any = None) -> dict[str, float]:
    """Moments worth a census: each vote, and each moment a fact of the record asks about."""
    plan = planning.of(scenario)
    out = {}
    for sp in plan.sessions:
        for step in sp.steps:
            if isinstance(step.item, Vote):
                out[f"vote:{step.item.id}"] = step.start
    if record is not None:
        for fact in record.facts:
            if fact.check.kind == "census" and fact.check.at not in ("opening", "closing"):
                t = plan.moment(fact.check.at)
                if t is not None:
                    out[f"fact:{fact.id}"] = t
    return out

