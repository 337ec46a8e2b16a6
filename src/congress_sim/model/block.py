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

from dataclasses import dataclass
from functools import lru_cache
from statistics import NormalDist

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


@dataclass
class Hall:
    """Who is in the hall at a moment, with what counting ballots needs by faction (kept while no
    one comes or goes)."""

    key: tuple[object, ...]
    rows: np.ndarray
    t: np.ndarray
    until: np.ndarray  # (n,) the next time anyone comes or goes
    here: np.ndarray  # (n, D)
    unnamed: np.ndarray  # (n, F) delegates in the hall who are not named persons, by faction
    low: np.ndarray  # (n, F) their lowest offset z
    high: np.ndarray  # (n, F) their highest
    named: np.ndarray  # (n, N) whether each named person is in the hall
    cum: list[np.ndarray]  # per segment: (n, L + 1) how many of its first j slots are in the hall
    registered: np.ndarray  # (n,) delegates who have arrived by t


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
        self.sq0 = params.status_quo.copy()
        self.sq = params.status_quo.copy()
        self.outcome: dict[str, np.ndarray] = {}
        self.margin: dict[str, np.ndarray] = {}
        self.started: dict[str, np.ndarray] = {}
        self.ended: dict[str, np.ndarray] = {}
        self.content: dict[str, np.ndarray] = {}  # a vote's content as amended (nan: not touched)
        self.declined: dict[str, np.ndarray] = {}  # body -> (n, F)
        self.sustained: dict[str, np.ndarray] = {}  # ruling -> (n,) the point stands
        self.ruled_from: dict[str, np.ndarray] = {}  # ruling -> (n, K) where things stood before it
        self.cut: dict[str, np.ndarray] = {}  # vote -> (n,) debate on it closed (previous question, cloture)
        self.tabled: dict[str, np.ndarray] = {}  # vote -> (n,) laid on the table
        self.out_of_order: dict[str, np.ndarray] = {}  # vote -> (n,) ruled out of order on a point of order
        self.floor = np.full(n, -np.inf)  # the floor is held (a recess called by a reaction) until then
        self.closed = np.zeros(n, dtype=bool)  # the sitting in progress was closed early
        self.version = 0  # counts the changes to who is where (walkouts, defections)
        self._hall: Hall | None = None
        self._filled = np.array([i for i, (a, b) in enumerate(r.slices) if b > a], dtype=np.int64)
        self._starts = np.array([r.slices[i][0] for i in self._filled], dtype=np.int64)
        self._named_mask = np.zeros(D, dtype=bool)
        self._named_mask[self.roster.named_slots] = True
        offset = (np.arange(n) * ROW)[:, None]
        self._flat = [(self.z[:, a:e] + offset).ravel() for _, a, e in self.segments]

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
            if ai < 0:
                times = np.full((self.n, stop - first), opens)
            else:
                a = self.plan.arrivals[ai]
                times = self._spread(size, a.start, a.end - a.start, stop - first)
            self.arrive[:, first:stop] = np.where(coming, times, np.inf)

    def _spread(self, counts: np.ndarray, start: float, width: float, k: int) -> np.ndarray:
        """Times of ``counts`` moves in [start, start + width]: even, or uniform when seeded."""
        if width <= 0:
            return np.full((self.n, k), start)
        if self.rng is None:
            c = np.maximum(counts, 1)[:, None]
            return start + width * (np.arange(k)[None, :] + 0.5) / c
        return np.sort(start + width * self.rng.random((self.n, k)), axis=1)

    def spread(self, rows: np.ndarray, chosen: np.ndarray, start: np.ndarray, width: float) -> np.ndarray:
        """Times for the ``chosen`` slots (n, D) of ``rows`` to move, spread over ``width`` minutes
        from ``start``: even in slot order, or uniform when seeded."""
        out = np.full(chosen.shape, np.inf)
        if width <= 0:
            return np.where(chosen, start[:, None], np.inf)
        if self.rng is None:
            rank = np.cumsum(chosen, axis=1) - 1
            count = np.maximum(chosen.sum(axis=1, keepdims=True), 1)
            return np.where(chosen, start[:, None] + width * (rank + 0.5) / count, np.inf)
        draws = start[:, None] + width * self.rng.random(chosen.shape)
        out[chosen] = draws[chosen]
        return out

    # --- who is where ---------------------------------------------------------------------

    def present(self, rows: np.ndarray, t: np.ndarray) -> np.ndarray:
        """(rows, D): the delegates who have come and not yet gone at ``t`` (moves come first)."""
        tt = t[:, None]
        return (self.arrive[rows] <= tt) & (tt < self.depart[rows])

    def in_hall(self, rows: np.ndarray, t: np.ndarray, session: str | None) -> np.ndarray:
        """(rows, D): present, less the named persons who do not attend this session."""
        return self.hall(rows, t, session).here

    def hall(self, rows: np.ndarray, t: np.ndarray, session: str | None) -> Hall:
        """Who is in the hall at ``t``; kept and handed out again while no one comes or goes."""
        key = (session, self.version)
        h = self._hall
        if h is not None and h.key == key and len(h.rows) == len(rows) and np.array_equal(h.rows, rows) \
                and (t >= h.t).all() and (t < h.until).all():
            return h
        here = self.present(rows, t)
        for pid in self.plan.absent.get(session or "", ()):
            slot = self.roster.named.get(pid)
            if slot is not None:
                here[:, slot] = False
        tt = t[:, None]
        coming = np.where(self.arrive[rows] > tt, self.arrive[rows], np.inf).min(axis=1, initial=np.inf)
        going = np.where(self.depart[rows] > tt, self.depart[rows], np.inf).min(axis=1, initial=np.inf)
        F = len(self.plan.factions)
        unnamed = np.zeros((len(rows), F), dtype=np.int64)
        low = np.full((len(rows), F), np.inf)
        high = np.full((len(rows), F), -np.inf)
        for fi, (a, b) in enumerate(self.roster.slices):
            if b > a:
                u = here[:, a:b] & ~self._named_mask[a:b]
                z = self.z[rows, a:b]
                unnamed[:, fi] = u.sum(axis=1)
                low[:, fi] = np.where(u, z, np.inf).min(axis=1)
                high[:, fi] = np.where(u, z, -np.inf).max(axis=1)
        cum = [np.concatenate([np.zeros((len(rows), 1), dtype=np.int64), np.cumsum(here[:, a:e], axis=1)], axis=1)
               for _, a, e in self.segments]
        h = Hall(key, rows.copy(), t.copy(), np.minimum(coming, going), here, unnamed, low, high,
                 here[:, self.roster.named_slots], cum, (self.arrive[rows] <= tt).sum(axis=1))
        here.flags.writeable = False  # handed out again while it holds: a caller must not change it
        self._hall = h
        return h

    def beyond(self, rows: np.ndarray, hall: Hall, segment: int, x: np.ndarray, above: bool) -> np.ndarray:
        """(rows,): how many in the hall of a segment stand at an offset above ``x`` (or below it)."""
        _, a, e = self.segments[segment]
        length = e - a
        x = np.clip(x, -2 * AWAY, 2 * AWAY)
        at = np.searchsorted(self._flat[segment], x + rows * ROW, side="right" if above else "left") - rows * length
        at = np.clip(at, 0, length)
        cum = hall.cum[segment]
        r = np.arange(len(rows))
        return cum[r, length] - cum[r, at] if above else cum[r, at]

    def per_faction(self, rows: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """(rows, F): how many of the ``mask``ed slots each faction has."""
        F = len(self.plan.factions)
        if not self.defected:
            out = np.zeros((len(rows), F), dtype=np.int64)
            if self._starts.size:
                out[:, self._filled] = np.add.reduceat(mask, self._starts, axis=1)
            return out
        member = self.member[rows]
        flat = (np.arange(len(rows))[:, None] * F + member)[mask]
        return np.bincount(flat, minlength=len(rows) * F).reshape(len(rows), F)

    # --- where they stand -----------------------------------------------------------------

    def stake(self, rows: np.ndarray, old: np.ndarray, new: np.ndarray) -> Stake:
        """What each delegate gains if things move from ``old`` to ``new`` (each (rows, K)).

        Utility is minus the salience-weighted squared distance from a delegate's position, so the
        gain is sum_k w_k (new_k - old_k)(2 p_k - old_k - new_k): linear in the position, and so in
        the offset ``z`` within a faction (``alpha + beta * z``).
        """
        p = self.p.rows(rows) if len(rows) != self.n else self.p
        d = new - old
        s = new + old
        w = p.salience
        alpha = (w * d[:, None, :] * (2 * p.centre - s[:, None, :])).sum(axis=2)
        beta = (2 * w * p.spread * d[:, None, :]).sum(axis=2)
        slots = self.roster.named_slots
        named = np.zeros((len(rows), len(slots)))
        if len(slots):
            named = (self.own_w[rows] * d[:, None, :] * (2 * self.own[rows] - s[:, None, :])).sum(axis=2)
        return Stake(alpha, beta, named)

    def gains(self, rows: np.ndarray, stake: Stake, first: int = 0, stop: int | None = None) -> np.ndarray:
        """(rows, stop - first): the gain of each slot in [first, stop)."""
        stop = self.roster.size if stop is None else stop
        origin = self.roster.origin[first:stop]
        out = stake.alpha[:, origin] + stake.beta[:, origin] * self.z[rows, first:stop]
        slots = self.roster.named_slots
        inside = (slots >= first) & (slots < stop)
        if inside.any():
            out[:, slots[inside] - first] = stake.named[:, inside]
        return out

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

    def mark(self, item: str, rows: np.ndarray, code: np.ndarray | int) -> None:
        out = self.outcome.setdefault(item, np.full(self.n, NOT_YET, dtype=np.int8))
        out[rows] = code

    def result_is(self, item: str, rows: np.ndarray, wanted: str) -> np.ndarray:
        code = self.outcome.get(item)
        if code is None:
            return np.zeros(len(rows), dtype=bool)
        got = code[rows]
        if wanted == "happened":
            return (got != NOT_YET) & (got != SKIPPED)
        return got == OUTCOMES[wanted]
