"""The state of a block of replays: who the delegates are, where they stand, who is in the hall,
where things stand, and how each item came out.

Every array has the block's replays first. A delegate is a slot: the slots of each faction are
contiguous (those present at the opening, then each arrival's), and a named person holds one of
its faction's slots. Within a faction, delegates differ along one line: a delegate's offset ``z``
from its faction's centre is the same on every issue, scaled by the faction's spread there
(``position = centre + spread * z``), so that a caucus's median member is well defined and a
utility difference is linear in ``z``. In a deterministic replay the offsets are evenly spaced
quantiles of the standard normal; in a seeded one they are drawn.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from functools import cached_property, lru_cache
from statistics import NormalDist
from typing import Any

import numpy as np

from congress_sim.language.plan import Plan

from .params import Params

# how an item came out, per replay
NOT_YET, ADOPTED, REJECTED, NOT_TAKEN, ACCEPTED, DECLINED, HAPPENED, SKIPPED = -1, 0, 1, 2, 3, 4, 5, 6
OUTCOMES = {"adopted": ADOPTED, "rejected": REJECTED, "not taken": NOT_TAKEN, "accepted": ACCEPTED,
            "declined": DECLINED, "happened": HAPPENED, "skipped": SKIPPED}
NAMES = {v: k for k, v in OUTCOMES.items()}
FOR, AGAINST, ABSTAIN, NOT_VOTING = 0, 1, 2, 3
AWAY = 1e3  # the offset of a slot that stays empty in a replay (sorted after everyone who comes)
ROW = 5e3  # rows of offsets laid end to end for one search over a whole block


@lru_cache(maxsize=4096)
def quantiles(m: int) -> np.ndarray:
    """``m`` evenly spaced quantiles of the standard normal: the offsets of a deterministic faction."""
    nd = NormalDist()
    return np.array([nd.inv_cdf((i + 0.5) / m) for i in range(m)])


@dataclass
class Stake:
    """What a change gains each delegate: ``alpha + beta * z`` for a faction's delegates (by the
    faction they came with), and a gain of their own for the named persons."""

    alpha: np.ndarray  # (n, F)
    beta: np.ndarray  # (n, F)
    named: np.ndarray  # (n, N) in the roster's named order

    def scaled(self, sign: np.ndarray) -> Stake:
        """The stake with each replay's sign (-1: the reverse change)."""
        return Stake(self.alpha * sign[:, None], self.beta * sign[:, None], self.named * sign[:, None])

    def plus(self, other: Stake) -> Stake:
        """The gain of two changes together."""
        return Stake(self.alpha + other.alpha, self.beta + other.beta, self.named + other.named)

    def shifted(self, shift: np.ndarray, origin_of_named: np.ndarray) -> Stake:
        """Every delegate of faction f gains ``shift[:, f]`` more (a caucus's mood)."""
        return Stake(self.alpha + shift, self.beta, self.named + shift[:, origin_of_named])


class Hall:
    """Who is in the hall at a moment (kept and handed out again while no one comes or goes), with
    what counting needs, each part worked out on first use.

    Within a segment (a group of a faction's delegates, sorted by offset) the delegates who have
    arrived are its first slots: arrivals are spread in slot order, and a slot that stays empty
    comes last. So who of a segment is in the hall is a count (``k``) less those who have left
    (few, and listed), and how many stand beyond an offset follows from where the offset falls
    among the slots.
    """

    def __init__(self, block: Block, rows: np.ndarray, t: np.ndarray, session: str | None, key: tuple[object, ...]):
        # the block keeps its last hall: a weak reference back, so that a finished block is freed at
        # once rather than by the cycle collector (an ensemble's memory would grow with its blocks)
        self._block = weakref.ref(block)
        self.rows, self.t, self.session, self.key = rows, t, session, key
        self.take = block.take(rows)
        self.until = t  # (rows,) the next time anyone comes or goes: only worked out for one replay
        if len(rows) == 1:
            tt = float(t[0])
            a, d = block.arrive[rows[0]], block.depart[rows[0]]
            self.until = np.array([min(a[a > tt].min(initial=np.inf), d[d > tt].min(initial=np.inf))])

    @property
    def block(self) -> Block:
        block = self._block()
        assert block is not None, "a hall outlived its block"
        return block

    def valid(self, rows: np.ndarray, t: np.ndarray, key: tuple[object, ...]) -> bool:
        """Whether this hall is the hall of ``rows`` at ``t``."""
        if self.key != key or len(self.rows) != len(rows):
            return False
        if len(rows) == 1:
            return bool(self.rows[0] == rows[0] and self.t[0] <= t[0] < self.until[0])
        if not np.array_equal(self.rows, rows):
            return False
        if np.array_equal(self.t, t):
            return True
        # the same hall if no one came or went, in any replay, between the earliest and latest of the times
        lo, hi = min(self.t.min(), t.min()), max(self.t.max(), t.max())
        return not any(last > lo and first <= hi for first, last in self.block.moves)

    @cached_property
    def here(self) -> np.ndarray:
        """(rows, D) who is in the hall: present, less the named persons who do not attend the session."""
        b = self.block
        here = b.present(self.rows, self.t)
        for slot in b.absent_slots(self.session):
            here[:, slot] = False
        here.flags.writeable = False  # handed out again while it holds: a caller must not change it
        return here

    def here_in(self, a: int, e: int) -> np.ndarray:
        """(rows, e - a) who of the slots [a, e) is in the hall."""
        if "here" in self.__dict__:
            return self.here[:, a:e]
        b = self.block
        tt = self.t[:, None]
        out = (b.arrive[self.take, a:e] <= tt) & (tt < b.depart[self.take, a:e])
        for slot in b.absent_slots(self.session):
            if a <= slot < e:
                out[:, slot - a] = False
        return out

    @cached_property
    def named(self) -> np.ndarray:
        """(rows, N) whether each named person is in the hall."""
        b = self.block
        slots = b.roster.named_slots
        tt = self.t[:, None]
        out = (b.arrive[:, slots][self.take] <= tt) & (tt < b.depart[:, slots][self.take])
        for slot in b.absent_slots(self.session):
            out[:, b.named_index[slot]] = False
        return out

    @cached_property
    def k(self) -> np.ndarray:
        """(rows, segments) how many of each segment have arrived by now."""
        b = self.block
        k = np.where(self.t[:, None] >= b.opens, b.coming[self.take], 0)
        if b.arrival_segments.size:
            k[:, b.arrival_segments] = np.add.reduceat(b.arrival_times[self.take] <= self.t[:, None],
                                                       b.arrival_starts, axis=1)
        return k

    def gone(self, seg: int) -> np.ndarray | None:
        """Who of a segment had left by now, as sorted keys ``row * L + slot`` (``row`` its position
        in ``rows``, ``slot`` within the segment, ``L`` the segment's length); None for a segment no
        one has left."""
        left = self.block.departures(seg)
        if left is None:
            return None
        r, c, when, keys, last = left
        if not isinstance(self.take, slice):
            n = len(self.rows)
            pos = np.minimum(np.searchsorted(self.rows, r), n - 1)
            mine = (self.rows[pos] == r) & (when <= self.t[pos])
            return pos[mine] * self.block.segment_length[seg] + c[mine]
        if last > self.t.min():  # some are still on their way out
            return keys[when <= self.t[r]]
        return keys

    @cached_property
    def left(self) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
        """How many had left by now of each row's first slots, in every segment anyone leaves, as one
        table: (those segments, the table, where segment ``j``'s rows start in it). Row ``p`` of
        segment ``j`` (of length ``L``) is ``L + 1`` counts from ``offsets[j] + p * (L + 1)``: of its
        first 0, 1, ..., L slots, how many had left. None if no one leaves. For a block's rows all at
        once, once all have gone who go, it is the same for every hall until the next walkout (kept
        by the block)."""
        b = self.block
        whole = isinstance(self.take, slice)
        kept = b._left
        if whole and kept is not None and kept[0] == b.version and kept[1] <= self.t.min():
            return kept[2]
        n, lengths = len(self.rows), b.segment_length
        segs, parts, offsets, latest = [], [], [], -np.inf
        at = 0
        for seg in range(len(lengths)):
            keys = self.gone(seg)
            if keys is None:
                continue
            latest = max(latest, b.departures(seg)[4])  # type: ignore[index]
            L = int(lengths[seg])
            gone = np.zeros(n * L, dtype=bool)
            gone[keys] = True
            counts = np.zeros((n, L + 1), dtype=np.int32)
            np.cumsum(gone.reshape(n, L), axis=1, dtype=np.int32, out=counts[:, 1:])
            segs.append(seg)
            parts.append(counts.ravel())
            offsets.append(at)
            at += n * (L + 1)
        out = None
        if segs:
            out = (np.array(segs, dtype=np.int64), np.concatenate(parts), np.array(offsets, dtype=np.int64))
        if whole and latest <= self.t.min():  # no one on the way out: the same for any later hall
            b._left = (b.version, latest, out)
        return out

    def _rows_of(self, j: np.ndarray, segs: np.ndarray) -> np.ndarray:
        """(rows, len(j)) where each row of the segments ``segs`` (``j``: their places in ``left``) starts
        in the table of :attr:`left`."""
        assert self.left is not None
        return self.left[2][j][None, :] + np.arange(len(self.rows))[:, None] * (self.block.segment_length[segs] + 1)[None, :]

    @cached_property
    def in_segments(self) -> np.ndarray:
        """(rows, segments) how many of each segment are in the hall."""
        out = self.k.copy()
        left = self.left
        if left is not None:
            segs, table, _ = left
            out[:, segs] -= np.take(table, self._rows_of(np.arange(len(segs)), segs) + self.block.segment_length[segs])
        return out

    def below(self, segs: np.ndarray, at: np.ndarray) -> np.ndarray:
        """(reps * rows, len(segs)) how many of a segment's first ``at`` slots are in the hall, for
        ``at`` given per row (repeated ``reps`` times) and segment: of the first ``k``, who have
        arrived, those who have not left (whoever left had arrived)."""
        n = len(self.rows)
        reps = len(at) // n
        k = self.k[:, segs]
        out = np.minimum(at, np.tile(k, (reps, 1)) if reps > 1 else k)
        left = self.left
        if left is None:
            return out
        gone_segs, table, _ = left
        j = np.searchsorted(gone_segs, segs)
        cols = np.flatnonzero(gone_segs[np.minimum(j, len(gone_segs) - 1)] == segs)
        if not len(cols):
            return out
        start = self._rows_of(j[cols], segs[cols])
        out[:, cols] -= np.take(table, (np.tile(start, (reps, 1)) if reps > 1 else start) + at[:, cols])
        return out

    @cached_property
    def by_faction(self) -> np.ndarray:
        """(rows, F) delegates in the hall, by the faction each belongs to now."""
        b = self.block
        if b.defected or len(self.rows) == 1:  # one replay: its delegates counted at once, cheaper than by segment
            return b.per_faction(self.rows, self.here)
        return self.in_segments @ b.segment_faction + self.named.astype(np.int64) @ b.named_faction

    @cached_property
    def present(self) -> np.ndarray:
        """(rows,) delegates in the hall."""
        return self.by_faction.sum(axis=1)

    @cached_property
    def registered(self) -> np.ndarray:
        """(rows,) delegates who have arrived by now."""
        b = self.block
        named = (b.arrive[:, b.roster.named_slots][self.take] <= self.t[:, None]).sum(axis=1)
        return self.k.sum(axis=1) + named


@dataclass(frozen=True)
class Roster:
    """The slots of a scenario's delegates (the same for every replay of a plan)."""

    origin: np.ndarray  # (D,) the faction each slot belongs to at the opening
    slices: tuple[tuple[int, int], ...]  # per faction: its slots
    groups: tuple[tuple[int, int, int, int], ...]  # (faction, first slot, end, arrival or -1) per group
    named: dict[str, int]  # person -> slot
    named_slots: np.ndarray  # (N,) the named persons' slots, in `persons` order

    @property
    def size(self) -> int:
        return len(self.origin)


def roster(plan: Plan, params: Params) -> Roster:
    s = plan.scenario
    origin: list[int] = []
    slices, groups = [], []
    named: dict[str, int] = {}
    by_faction = {f: [p for p, person in s.persons.items() if person.faction == f] for f in plan.factions}
    for fi, f in enumerate(plan.factions):
        start = len(origin)
        width = int(params.opening[:, fi].max()) if params.n else 0
        groups.append((fi, start, start + width, -1))
        origin += [fi] * width
        for ai, a in enumerate(plan.arrivals):
            if a.arrival.faction == f:
                width = int(params.arrivals[:, ai].max())
                groups.append((fi, len(origin), len(origin) + width, ai))
                origin += [fi] * width
        slices.append((start, len(origin)))
        for j, person in enumerate(by_faction[f]):
            named[person] = start + j  # the faction's first slots, present at the opening if any are
    slots = np.array([named[p] for p in s.persons if p in named], dtype=np.int64)
    return Roster(np.array(origin, dtype=np.int64), tuple(slices), tuple(groups), named, slots)


class Block:
    """The state of ``params.n`` replays of one plan."""

    def __init__(self, plan: Plan, params: Params, rng: np.random.Generator | None = None):
        self.plan, self.p, self.rng, self.n = plan, params, rng, params.n
        self.roster = r = roster(plan, params)
        n, D, K = params.n, r.size, len(plan.issues)
        self.z = np.zeros((n, D))
        self.arrive = np.full((n, D), np.inf)
        self.depart = np.full((n, D), np.inf)
        self.leaving = np.zeros((n, D), dtype=bool)
        self.member = np.broadcast_to(r.origin, (n, D)).copy()
        self.defected = False
        self.opens = plan.opens
        self.moves: list[tuple[float, float]] = []  # the spans of time in which anyone comes or goes, in any replay
        self._place(plan.opens)
        # the named persons' own positions (their faction's centre on any issue they do not give), and
        # how much each issue weighs with them: their own salience, else their faction's, else 1 on an
        # issue the person takes a position on and the faction does not
        s = plan.scenario
        persons = [p for p in s.persons if p in r.named]
        self.own = np.zeros((n, len(persons), K))
        self.own_w = np.zeros((n, len(persons), K))
        for i, pid in enumerate(persons):
            fi = int(r.origin[r.named[pid]])
            self.own[:, i, :] = params.centre[:, fi, :]
            self.own_w[:, i, :] = params.salience[:, fi, :]
            for k, v in s.persons[pid].positions.items():
                j = plan.issues.index(k)
                self.own[:, i, j] = v
                self.own_w[:, i, j] = np.where(params.salience[:, fi, j] > 0, params.salience[:, fi, j], 1.0)
            for k, weight in s.persons[pid].salience.items():
                self.own_w[:, i, plan.issues.index(k)] = weight
        # the parts of a stake that do not change while the block runs (the same products, in the same order)
        self._twice_centre = 2 * params.centre
        self._twice_weighted_spread = 2 * params.salience * params.spread
        self._twice_own = 2 * self.own
        self.caucus = np.array([s.factions[f].caucus for f in plan.factions], dtype=bool)
        self.chair_slot = r.named.get(s.rules.chair.person) if s.rules.chair is not None else None
        self.sq0 = params.status_quo.copy()
        self.sq = params.status_quo.copy()
        self.outcome: dict[str, np.ndarray] = {}
        self.margin: dict[str, np.ndarray] = {}
        self.ayes: dict[str, np.ndarray] = {}  # vote -> (n,) its votes for, where counted (margin gives the rest)
        self.winners: dict[str, np.ndarray] = {}  # election among candidates -> (n, seats) candidate indices, -1 none
        self.took: dict[str, np.ndarray] = {}  # walkout -> (n,) how many delegates it took
        self.started: dict[str, np.ndarray] = {}
        self.ended: dict[str, np.ndarray] = {}
        self.content: dict[str, np.ndarray] = {}  # a vote's content as amended (nan: not touched)
        self.declined: dict[str, np.ndarray] = {}  # body -> (n, F)
        self.sustained: dict[str, np.ndarray] = {}  # ruling -> (n,) the point stands
        self.ruled_from: dict[str, np.ndarray] = {}  # ruling -> (n, K) where things stood before it
        self.cut: dict[str, np.ndarray] = {}  # vote -> (n,) debate on it closed (previous question, cloture)
        self.tabled: dict[str, np.ndarray] = {}  # vote -> (n,) laid on the table
        self.out_of_order: dict[str, np.ndarray] = {}  # vote -> (n,) ruled out of order on a point of order
        self.dissolved: dict[str, np.ndarray] = {}  # announcement -> (n,) it dissolved the assembly
        self.floor = np.full(n, -np.inf)  # the floor is held (a recess called by a reaction) until then
        self.closed = np.zeros(n, dtype=bool)  # the sitting in progress was closed early
        self.version = 0  # counts the changes to who is where (walkouts, defections)
        self._hall: Hall | None = None
        self._census: Hall | None = None  # the last census's (session None: everyone at the assembly)
        self._filled = np.array([i for i, (a, b) in enumerate(r.slices) if b > a], dtype=np.int64)
        self._widths = np.array([b - a for a, b in r.slices], dtype=np.int64)
        self._starts = np.array([r.slices[i][0] for i in self._filled], dtype=np.int64)
        self._columns_of: dict[tuple[int, int], tuple[int, int, np.ndarray, np.ndarray]] = {}
        offset = (np.arange(n) * ROW)[:, None]
        flat = [(self.z[:, a:e] + offset).ravel() for _, a, e in self.segments]
        # each row's first and last offset in each segment (n, segments), as laid end to end: a point
        # outside them needs no search
        self._first = np.array([f[:: e - a] for f, (_, a, e) in zip(flat, self.segments, strict=True)]).T.copy()
        self._last = np.array([f[e - a - 1:: e - a] for f, (_, a, e) in zip(flat, self.segments, strict=True)]).T.copy()
        # the segments laid end to end in turn, each followed by as many infinities as its longest, so
        # that a search running past a row's end reads only what stands above it (see beyond)
        most = max((e - a for _, a, e in self.segments), default=0)
        pad = np.full(most, np.inf)
        self._flat = np.concatenate([x for f in flat for x in (f, pad)]) if flat else np.zeros(0)
        self._flat_start = np.cumsum([0, *(len(f) + most for f in flat[:-1])], dtype=np.int64)
        self._steps = [1 << i for i in reversed(range(int(most).bit_length()))]  # halving: at least the longest in all
        # what a hall needs of the segments: how many come to each, the arrivals' times (the first
        # slots of a segment arrive first), which faction each belongs to
        S = len(self.segments)
        self.coming = np.stack([np.isfinite(self.arrive[:, a:e]).sum(axis=1) for _, a, e in self.segments], axis=1) \
            if S else np.zeros((n, 0), dtype=np.int64)
        arrivals = [i for i, ai in enumerate(self._segment_arrival) if ai >= 0]
        self.arrival_segments = np.array(arrivals, dtype=np.int64)
        widths = [self.segments[i][2] - self.segments[i][1] for i in arrivals]
        self.arrival_starts = np.array([0, *np.cumsum(widths)[:-1]], dtype=np.int64) if arrivals else np.zeros(0, np.int64)
        self.arrival_times = np.concatenate([self.arrive[:, self.segments[i][1]:self.segments[i][2]] for i in arrivals],
                                            axis=1) if arrivals else np.zeros((n, 0))
        self.segment_faction = np.zeros((S, len(plan.factions)), dtype=np.int64)
        for i, (fi, _, _) in enumerate(self.segments):
            self.segment_faction[i, fi] = 1
        self.segment_faction_index = np.array([fi for fi, _, _ in self.segments], dtype=np.int64)
        self.segment_length = np.array([e - a for _, a, e in self.segments], dtype=np.int64)
        self._segments_of: dict[bytes, np.ndarray] = {}
        N = len(r.named_slots)
        self.named_faction = np.zeros((N, len(plan.factions)), dtype=np.int64)
        self.named_faction[np.arange(N), r.origin[r.named_slots]] = 1
        self.named_index = {slot: j for j, slot in enumerate(r.named_slots.tolist())}
        self.person_index = {p: self.named_index[slot] for p, slot in r.named.items()}  # person -> column of hall.named
        self._absent: dict[str | None, list[int]] = {}
        # per segment, those who leave (worked out on first use, again after a walkout takes some of it)
        self._departed: dict[int, tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, float] | None] = {}
        # what a hall of all the rows finds of those, once all have gone who go (see Hall.left): (version,
        # the latest departure, what it found)
        self._left: tuple[int, float, Any] | None = None

    def _place(self, opens: float) -> None:
        """Each slot's offset and arrival time, for the replays' own sizes.

        Within each group of slots (a faction's delegates at the opening, less its named persons;
        each arrival) the offsets are sorted, and a slot that stays empty in a replay gets an offset
        of :data:`AWAY` (after everyone who comes), so that a count of those standing beyond a point
        is one search (:meth:`beyond`). Drawn offsets are exchangeable, so sorting them within a
        group changes nothing but the order they are kept in.
        """
        p, r, rng = self.p, self.roster, self.rng
        cols = np.arange(r.size)
        named = np.zeros(r.size, dtype=bool)
        named[r.named_slots] = True
        self.segments: list[tuple[int, int, int]] = []
        self._segment_arrival: list[int] = []  # per segment: its arrival, or -1 (present at the opening)
        self.moves.append((opens, opens))  # those present at the opening come then
        for fi, first, stop, ai in r.groups:
            if stop == first:
                continue
            size = p.opening[:, fi] if ai < 0 else p.arrivals[:, ai]  # (n,)
            j = cols[first:stop] - first
            coming = j[None, :] < size[:, None]
            u = first + int(named[first:stop].sum())  # the named persons hold a group's first slots
            free = coming[:, u - first:]
            if rng is None:
                z = np.full((self.n, stop - u), AWAY)
                for row in range(self.n):
                    m = int(free[row].sum())
                    z[row, :m] = quantiles(m)
            else:
                z = np.sort(np.where(free, rng.standard_normal((self.n, stop - u)), AWAY), axis=1)
            self.z[:, u:stop] = z
            if stop > u:
                self.segments.append((fi, u, stop))
                self._segment_arrival.append(ai)
            if ai < 0:
                self.arrive[:, first:stop] = np.where(coming, opens, np.inf)
            else:
                a = self.plan.arrivals[ai]
                times = self._spread(size, a.start, a.end - a.start, stop - first)
                self.arrive[:, first:stop] = np.where(coming, times, np.inf)
                self._moved(times, coming)

    def _spread(self, counts: np.ndarray, start: float, width: float, k: int) -> np.ndarray:
        """Times of ``counts`` moves in [start, start + width]: even, or uniform when seeded."""
        if width <= 0:
            return np.full((self.n, k), start)
        if self.rng is None:
            c = np.maximum(counts, 1)[:, None]
            return start + width * (np.arange(k)[None, :] + 0.5) / c
        return np.sort(start + width * self.rng.random((self.n, k)), axis=1)

    def spread(self, rows: np.ndarray, chosen: np.ndarray, start: np.ndarray, width: float, first: int = 0) -> np.ndarray:
        """Times for the ``chosen`` slots (rows, slots from ``first``) of ``rows`` to move, spread over
        ``width`` minutes from ``start``: even in slot order, or uniform when seeded (a number is drawn
        for every slot of the roster, those of the span read, so that the stream goes as it always has)."""
        if width <= 0:
            return np.where(chosen, start[:, None], np.inf)
        if self.rng is None:
            rank = np.cumsum(chosen, axis=1) - 1
            count = np.maximum(chosen.sum(axis=1, keepdims=True), 1)
            return np.where(chosen, start[:, None] + width * (rank + 0.5) / count, np.inf)
        times = self.rng.random((len(rows), self.roster.size))[:, first:first + chosen.shape[1]]  # start + width * u, in place
        times *= width
        times += start[:, None]
        np.copyto(times, np.inf, where=~chosen)
        return times

    # --- who is where ---------------------------------------------------------------------

    def present(self, rows: np.ndarray, t: np.ndarray) -> np.ndarray:
        """(rows, D): the delegates who have come and not yet gone at ``t`` (moves come first)."""
        tt, take = t[:, None], self.take(rows)
        out = self.arrive[take] <= tt
        out &= tt < self.depart[take]
        return out

    def in_hall(self, rows: np.ndarray, t: np.ndarray, session: str | None) -> np.ndarray:
        """(rows, D): present, less the named persons who do not attend this session."""
        return self.hall(rows, t, session).here

    def hall(self, rows: np.ndarray, t: np.ndarray, session: str | None) -> Hall:
        """Who is in the hall at ``t``; kept and handed out again while no one comes or goes."""
        key = (session, self.version)
        h = self._hall
        if h is not None and h.valid(rows, t, key):
            return h
        h = self._hall = Hall(self, rows.copy(), t.copy(), session, key)
        return h

    def census(self, rows: np.ndarray, t: np.ndarray) -> np.ndarray:
        """(rows, F) who is at the assembly at ``t`` (come and not gone, in the hall or not), by faction."""
        key = (None, self.version)
        h = self._census
        if h is not None and h.valid(rows, t, key):  # no one came or went since the last census
            return h.by_faction.copy()  # (each census is kept apart)
        h = self._census = Hall(self, rows.copy(), t.copy(), None, key)
        last = self._hall
        if last is not None and last.key[1] == self.version and "in_segments" in last.__dict__ \
                and last.valid(rows, t, last.key):
            # taken just after a vote, at its moment: who of the segments is there does not hang on the
            # session (only the named persons who miss it do), so the vote's count of them holds
            h.__dict__["in_segments"] = last.in_segments
        return h.by_faction

    def absent_slots(self, session: str | None) -> list[int]:
        """The slots of the named persons who do not attend ``session``."""
        got = self._absent.get(session)
        if got is None:
            got = self._absent[session] = [self.roster.named[p] for p in self.plan.absent.get(session or "", ())
                                           if p in self.roster.named]
        return got

    def slots_of(self, faction: int) -> tuple[int, int]:
        """The slots [a, e) where the members of a faction are: its own, until someone goes over to
        another (then any slot)."""
        return self.roster.slices[faction] if not self.defected else (0, self.roster.size)

    def span(self, factions: np.ndarray) -> tuple[int, int]:
        """The slots [a, e) from the first faction masked in ``factions`` (F,) to the last: a reaction
        limited to those factions need look no further (at any slot, once someone has gone over to another)."""
        chosen = np.flatnonzero(factions)
        if self.defected or not len(chosen):
            return 0, self.roster.size
        return self.roster.slices[chosen[0]][0], self.roster.slices[chosen[-1]][1]

    def _columns(self, first: int, stop: int) -> tuple[int, int, np.ndarray, np.ndarray]:
        """What the slots [first, stop) of a span cover: the factions [fa, fe) whose slots they are, the
        non-empty ones among them, and where those start within the span."""
        got = self._columns_of.get((first, stop))
        if got is None:
            slices = self.roster.slices
            inside = [i for i, (a, e) in enumerate(slices) if first <= a and e <= stop]
            fa, fe = (inside[0], inside[-1] + 1) if inside else (0, 0)
            filled = np.array([i for i in inside if slices[i][1] > slices[i][0]], dtype=np.int64)
            starts = np.array([slices[i][0] - first for i in filled], dtype=np.int64)
            got = self._columns_of[(first, stop)] = (fa, fe, filled, starts)
        return got

    def leave(self, rows: np.ndarray, going: np.ndarray, times: np.ndarray, first: int = 0) -> None:
        """The ``going`` slots (rows, slots from ``first``) of ``rows`` leave at ``times``."""
        take = self.take(rows)
        stop = first + going.shape[1]
        self.leaving[take, first:stop] |= going
        if isinstance(take, slice):  # a view: changed in place
            np.copyto(self.depart[:, first:stop], times, where=going)
        else:
            self.depart[take, first:stop] = np.where(going, times, self.depart[take, first:stop])
        self._moved(times, going)
        touched = np.any(going, axis=0)
        for seg, (_, a, e) in enumerate(self.segments):
            if a < stop and e > first and touched[max(a - first, 0):e - first].any():
                self._departed.pop(seg, None)
        self.version += 1

    def _moved(self, times: np.ndarray, moving: np.ndarray) -> None:
        """Keep the span of the ``times`` at which the ``moving`` slots come or go (see Hall.valid)."""
        first = float(np.min(times, where=moving, initial=np.inf))
        if first < np.inf:
            self.moves.append((first, float(np.max(times, where=moving, initial=-np.inf))))

    def departures(self, seg: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, float] | None:
        """Those of a segment who leave or have left, in any replay: (row, slot within the segment,
        time, the sorted keys ``row * L + slot``, the latest time), by row; None if no one."""
        got = self._departed
        if seg not in got:
            _, a, e = self.segments[seg]
            r, c = np.nonzero(np.isfinite(self.depart[:, a:e]))
            when = self.depart[r, a + c]
            got[seg] = (r, c, when, r * (e - a) + c, float(when.max())) if len(r) else None
        return got[seg]

    def beyond(self, rows: np.ndarray, segs: np.ndarray, x: np.ndarray, above: np.ndarray) -> np.ndarray:
        """(rows, len(segs)) how many slots of each segment stand at an offset above ``x`` (where
        ``above``) or below it (elsewhere), ``x`` given per row and segment: where ``x`` falls among
        the segment's sorted offsets, as a number of slots.

        The offsets of a block's rows are laid end to end (row r's shifted by ``r * ROW``), so that a
        row's offsets and points compare as they always have (the same sums); above ``x`` is the
        search's right side, that is the left side of the next float up.
        """
        needle = np.clip(x, -2 * AWAY, 2 * AWAY) + (rows * ROW)[:, None]
        np.nextafter(needle, np.inf, out=needle, where=above)
        lengths = self.segment_length[segs]
        # at or before a row's first offset: none of it is below; past its last: all of it (what the
        # search would give, as rows lie ROW apart); only the points in between are searched
        over = needle > self._last[rows][:, segs]
        out = np.where(over, lengths[None, :], 0)
        inside = ~over & (needle > self._first[rows][:, segs])
        longest = np.argsort(-lengths, kind="stable")
        j, p = np.nonzero(inside[:, longest].T)  # the points of the longest segments first
        if len(p):
            j = longest[j]
            # all at once, within each row's own offsets, in steps that halve: ``at`` is where the last
            # offset below the point stands (or the row's start - 1); a step is taken where what it
            # lands on is still below the point (past the row's end lies what is above any point of
            # it, so that a step longer than a segment is never taken there: only the points of
            # segments at least as long as the step take part)
            L = lengths[j]
            start = self._flat_start[segs[j]] + rows[p] * L - 1
            at = start.copy()
            point = needle[p, j]
            within = np.searchsorted(-L, -np.array(self._steps), side="right")
            for step, m in zip(self._steps, within.tolist(), strict=True):
                if m:
                    a = at[:m]
                    np.add(a, step, out=a, where=np.take(self._flat, a + step) < point[:m])
            out[p, j] = at - start
        return out

    def segments_of(self, factions: np.ndarray) -> np.ndarray:
        """The segments of the factions masked in ``factions`` (F,)."""
        key = factions.tobytes()
        got = self._segments_of.get(key)
        if got is None:
            got = self._segments_of[key] = np.flatnonzero(factions[self.segment_faction_index])
        return got

    def by_member(self, rows: np.ndarray, x: np.ndarray, first: int = 0, stop: int | None = None) -> np.ndarray:
        """(rows, slots [first, stop)): each slot's value of ``x`` (rows, F), by the faction it belongs to now."""
        if not self.defected:
            return self.by_origin(x, first, stop)
        return np.take_along_axis(x, self.member[self.take(rows), first:stop], axis=1)

    def by_origin(self, x: np.ndarray, first: int = 0, stop: int | None = None) -> np.ndarray:
        """(rows, slots [first, stop) of a span, all by default): each slot's value of ``x`` (rows, F), by
        the faction it came with (a faction's slots are contiguous and in the factions' order, so this
        is a repeat, cheaper than a gather)."""
        if first == 0 and stop is None:
            return np.repeat(x, self._widths, axis=1)
        fa, fe, _, _ = self._columns(first, self.roster.size if stop is None else stop)
        return np.repeat(x[:, fa:fe], self._widths[fa:fe], axis=1)

    def take(self, rows: np.ndarray) -> np.ndarray | slice:
        """An index for ``rows`` of the block's arrays: a slice (a view, not a copy) for all of them."""
        return slice(None) if len(rows) == self.n else rows

    def per_faction(self, rows: np.ndarray, mask: np.ndarray, first: int = 0) -> np.ndarray:
        """(rows, F): how many of the ``mask``ed slots (rows, slots from ``first``: all, or a span) each
        faction has."""
        F = len(self.plan.factions)
        if not self.defected:
            out = np.zeros((len(rows), F), dtype=np.int64)
            filled, starts = self._filled, self._starts
            if first or mask.shape[1] != self.roster.size:
                _, _, filled, starts = self._columns(first, first + mask.shape[1])
            if starts.size:
                out[:, filled] = np.add.reduceat(mask, starts, axis=1, dtype=np.int32)
            return out
        member = self.member[rows, first:first + mask.shape[1]]
        flat = (np.arange(len(rows))[:, None] * F + member)[mask]
        return np.bincount(flat, minlength=len(rows) * F).reshape(len(rows), F)

    # --- where they stand -----------------------------------------------------------------

    def stake(self, rows: np.ndarray, old: np.ndarray, new: np.ndarray) -> Stake:
        """What each delegate gains if things move from ``old`` to ``new`` (each (rows, K)).

        Utility is minus the salience-weighted squared distance from a delegate's position, so the
        gain is sum_k w_k (new_k - old_k)(2 p_k - old_k - new_k): linear in the position, and so in
        the offset ``z`` within a faction (``alpha + beta * z``).
        """
        take = self.take(rows)
        d = new - old
        s = new + old
        parts = [self.p.salience[take], self._twice_centre[take], self._twice_weighted_spread[take],
                 self.own_w[take], self._twice_own[take]]  # the named persons' are (rows, 0, K) where there are none
        if len(rows) > 64:  # most changes move an issue or two: over many replays, leave out the others' exact zeros
            moved = np.flatnonzero(d.any(axis=0))
            if len(moved) < d.shape[1]:
                d, s, parts = d[:, moved], s[:, moved], [x[..., moved] for x in parts]
        salience, centre, spread, own_w, own = parts
        dd = d[:, None, :]
        ss = s[:, None, :]
        alpha = (salience * dd * (centre - ss)).sum(axis=2)
        beta = (spread * dd).sum(axis=2)  # (2 w spread) d, as written
        named = (own_w * dd * (own - ss)).sum(axis=2)
        return Stake(alpha, beta, named)

    def gains(self, rows: np.ndarray, stake: Stake, first: int = 0, stop: int | None = None) -> np.ndarray:
        """(rows, stop - first): the gain of each slot in [first, stop)."""
        stop = self.roster.size if stop is None else stop
        z = self.z[self.take(rows), first:stop]
        if first == 0 and stop == self.roster.size:
            out = self.by_origin(stake.beta)  # alpha + beta * z, worked out in place
            out *= z
            out += self.by_origin(stake.alpha)
        else:
            origin = self.roster.origin[first:stop]
            out = stake.alpha[:, origin] + stake.beta[:, origin] * z
        slots = self.roster.named_slots
        inside = (slots >= first) & (slots < stop)
        if inside.any():
            out[:, slots[inside] - first] = stake.named[:, inside]
        return out

    def position(self, rows: np.ndarray, issue: int) -> np.ndarray:
        """(rows, D): every delegate's position on one issue (as :meth:`positions` gives it)."""
        p, take = self.p, self.take(rows)
        pos = self.by_origin(p.centre[take, :, issue]) + self.by_origin(p.spread[take, :, issue]) * self.z[take]
        slots = self.roster.named_slots
        if len(slots):
            pos[:, slots] = self.own[take, :, issue]
        return pos

    def positions(self, rows: np.ndarray) -> np.ndarray:
        """(rows, D, K): every delegate's position on every issue."""
        p = self.p.rows(rows) if len(rows) != self.n else self.p
        origin = self.roster.origin
        pos = p.centre[:, origin, :] + p.spread[:, origin, :] * self.z[rows][:, :, None]
        slots = self.roster.named_slots
        if len(slots):
            pos[:, slots, :] = self.own[rows]
        return pos

    def weights(self, rows: np.ndarray) -> np.ndarray:
        """(rows, D, K): how much each issue weighs with each delegate (its faction's salience; a named
        person's own weights)."""
        p = self.p.rows(rows) if len(rows) != self.n else self.p
        w = p.salience[:, self.roster.origin, :]
        slots = self.roster.named_slots
        if len(slots):
            w[:, slots, :] = self.own_w[rows]
        return w

    # --- outcomes -------------------------------------------------------------------------

    def keep(self, table: dict[str, np.ndarray], item: str, rows: np.ndarray, value: Any, fill: float,
             dtype: Any = np.float64) -> None:
        """Keep ``value`` for ``item`` in ``rows`` of one of the block's tables by item: an array over
        the whole block, made at the item's first use and ``fill`` where nothing was kept."""
        out = table.get(item)
        if out is None:
            if len(rows) == self.n:  # every replay keeps a value (one replay's always): nothing to fill
                out = table[item] = np.empty(self.n, dtype=dtype)
                out[:] = value
                return
            out = table[item] = np.full(self.n, fill, dtype=dtype)
        out[rows] = value

    def mark(self, item: str, rows: np.ndarray, code: np.ndarray | int) -> None:
        self.keep(self.outcome, item, rows, code, NOT_YET, np.int8)

    def result_is(self, item: str, rows: np.ndarray, wanted: str) -> np.ndarray:
        code = self.outcome.get(item)
        if code is None:
            return np.zeros(len(rows), dtype=bool)
        got = code[rows]
        if wanted == "happened":
            return (got != NOT_YET) & (got != SKIPPED)
        return got == OUTCOMES[wanted]

    def walked_out(self, item: str, rows: np.ndarray) -> np.ndarray:
        """(rows,) how many delegates the walkout ``item`` took (0 where it never happened)."""
        took = self.took.get(item)
        return np.zeros(len(rows), dtype=np.int64) if took is None else took[rows]

    def elected(self, item: str, person: str, rows: np.ndarray) -> np.ndarray:
        """(rows,) whether the election ``item`` elected ``person`` (false where it was not held)."""
        won = self.winners.get(item)
        if won is None:
            return np.zeros(len(rows), dtype=bool)
        return (won[rows] == self.plan.items[item].candidates.index(person)).any(axis=1)
