"""Elections: seats shared among factions by list, or candidates elected over one or more ballots.

By list, the factions in the hall that take part share the body's seats by its method (largest
remainder or highest averages, or the seats each was offered), less any faction that declined; a
faction that names its nominees fills its seats with the first of them, in order.

Among candidates, each delegate prefers the candidate whose positions are nearest its own (the
utility of a motion, with the candidate as the point); it casts a blank ballot when its two best
candidates are within its indifference band. A caucus backs the candidate most of its members
prefer, and members follow with its discipline, as they vote on motions. A majority election takes
ballots until a candidate has the majority, the candidate with fewest votes dropping out after each
(its voters move to their next preference); plurality takes one ballot; a runoff takes the top two
to a second. Ranked ballots (instant runoff, single transferable vote) rank every candidate by
utility and are counted by pyrankvote.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np

from congress_sim.language.scenario import NAMED, Body, Election, Scenario

from . import rules
from .apportion import allocate_rows, split_rows
from .block import Block


def groups_of(block: Block, item: Election) -> list[str]:
    """The groups an election by list gives seats to: the factions, then the reserved groups."""
    body = block.plan.scenario.bodies[item.body]
    return [*block.plan.factions, *body.reserved]


def by_list(block: Block, item: Election, rows: np.ndarray, here: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(seats (rows, groups), chair seated (rows,))."""
    s = block.plan.scenario
    body = s.bodies[item.body]
    factions = block.plan.factions
    present = block.per_faction(rows, here)
    taking = present > 0
    if item.body in block.declined:
        taking &= ~block.declined[item.body][rows]
    if body.among is not None:
        taking &= np.isin(np.array(factions), body.among)[None, :]
    seats = np.zeros((len(rows), len(factions) + len(body.reserved)), dtype=np.int64)
    if body.method == "offered":
        offered = np.array([(body.offered or {}).get(f, 0) for f in factions])
        seats[:, : len(factions)] = np.where(taking, offered[None, :], 0)
    else:
        assert body.seats is not None
        free = body.seats - sum(body.reserved.values())
        seats[:, : len(factions)] = allocate_rows(np.where(taking, present, 0), free, body.method)
    for j, n in enumerate(body.reserved.values()):
        seats[:, len(factions) + j] = n
    chair = np.zeros(len(rows), dtype=bool)
    if body.chair is not None:
        cf = s.persons[body.chair].faction
        if cf in factions:
            chair = seats[:, factions.index(cf)] > 0
    return seats, chair


def nominated(body: Body, seats: dict[str, int]) -> tuple[str, ...]:
    """The persons who sit in a body elected by list: each faction that takes seats puts in its first
    nominees, one entry a seat (an entry of several persons, a committee, holds one seat together)."""
    out: list[str] = []
    for faction, entries in body.nominees.items():
        for entry in entries[: seats.get(faction, 0)]:
            out += entry if isinstance(entry, list) else [entry]
    return tuple(out)


@dataclass
class Ballot:
    votes: np.ndarray  # (rows, C) votes for each candidate
    blank: np.ndarray  # (rows,)
    standing: np.ndarray  # (rows, C) who was on this ballot
    by_faction: np.ndarray  # (rows, F, C + 1) votes by faction, the last column blank
    choice: np.ndarray | None = None  # (rows, D) each slot's choice (-1 absent, C blank), one replay


@dataclass(frozen=True)
class Round:
    """One round of a ranked count (IRV, STV): the votes of each candidate still in the count (by
    index, fractions after an STV surplus transfer), who dropped out before it (several at once where
    together they have fewer votes than the next), whom it elects."""

    votes: tuple[tuple[int, float], ...]
    eliminated: tuple[int, ...]
    elected: tuple[int, ...]


@dataclass
class Outcome:
    ballots: list[Ballot] = field(default_factory=list)
    winners: np.ndarray | None = None  # (rows, seats) candidate indices, -1 where none elected
    ranked: list[Round] | None = None  # the rounds of a ranked count (one replay), the first preferences first


def utilities(block: Block, item: Election, rows: np.ndarray) -> np.ndarray:
    """(rows, D, C) each delegate's utility of each candidate."""
    s = block.plan.scenario
    pos, w = block.positions(rows), block.weights(rows)
    out = np.zeros((len(rows), pos.shape[1], len(item.candidates or [])))
    for c, pid in enumerate(item.candidates or []):
        person = s.persons[pid]
        if pid in block.roster.named:
            x = block.own[rows, _own_index(block, pid), :]
        else:
            x = block.sq[rows].copy()
            if person.faction in block.plan.factions:
                x = block.p.centre[rows, block.plan.factions.index(person.faction), :].copy()
            for k, v in person.positions.items():
                x[:, block.plan.issues.index(k)] = v
        out[:, :, c] = -(w * (pos - x[:, None, :]) ** 2).sum(axis=2)
    return out


def _own_index(block: Block, pid: str) -> int:
    persons = [p for p in block.plan.scenario.persons if p in block.roster.named]
    return persons.index(pid)


def _choices(block: Block, util: np.ndarray, standing: np.ndarray, band: np.ndarray) -> np.ndarray:
    """(rows, D) each delegate's candidate (C: blank), among those standing."""
    C = util.shape[2]
    u = np.where(standing[:, None, :], util, -np.inf)
    best = np.argmax(u, axis=2)
    if C > 1 and standing.sum(axis=1).min() > 1:
        top2 = -np.sort(-u, axis=2)[:, :, :2]
        blank = (top2[:, :, 0] - top2[:, :, 1]) <= band[:, None]
        best = np.where(blank, C, best)
    return best


def ballot(block: Block, item: Election, rows: np.ndarray, here: np.ndarray, util: np.ndarray,
           standing: np.ndarray, detail: bool) -> Ballot:
    s, factions = block.plan.scenario, block.plan.factions
    C = util.shape[2]
    caucus = np.array([s.factions[f].caucus for f in factions], dtype=bool)
    band = block.p.band[rows]
    choice = _choices(block, util, standing, band)
    m = np.stack([block.per_faction(rows, here & (choice == c)) for c in range(C + 1)], axis=-1)
    if caucus.any():
        moved = choice
        if block.rng is not None:
            shock = block.rng.logistic(0.0, 1.0, (len(rows), len(factions), C)) * block.p.noise[rows][:, None, None]
            member = block.member[rows]
            moved = _choices(block, util + np.take_along_axis(shock, member[:, :, None].repeat(C, 2), axis=1),
                             standing, band)
        mm = np.stack([block.per_faction(rows, here & (moved == c)) for c in range(C)], axis=-1)
        line = np.where(mm.sum(axis=-1) > 0, np.argmax(mm, axis=-1), -1)  # the candidate most members prefer
        d = block.p.discipline[rows]
        total = m.sum(axis=-1)
        if block.rng is None:
            breakers = split_rows(total - np.floor(d * total + 0.5).astype(np.int64), m)
        else:
            k = block.rng.binomial(total, 1 - d)
            breakers = np.zeros_like(m)
            left, pool = k, total
            for c in range(C + 1):
                pool = pool - m[..., c]
                breakers[..., c] = block.rng.hypergeometric(m[..., c], pool, left)
                left = left - breakers[..., c]
        onehot = (line[..., None] == np.arange(C + 1)) & (line[..., None] >= 0)
        followed = breakers + onehot * (total - breakers.sum(axis=-1))[..., None]
        m = np.where(caucus[None, :, None], followed, m)
    out = Ballot(m[..., :C].sum(axis=1), m[..., C].sum(axis=1), standing.copy(), m)
    if detail:
        out.choice = np.where(here, choice, -1)[0:1]
    return out


def by_candidates(block: Block, item: Election, rows: np.ndarray, here: np.ndarray, detail: bool) -> Outcome:
    s = block.plan.scenario
    body = s.bodies[item.body]
    C = len(item.candidates or [])
    util = utilities(block, item, rows)
    standing = np.ones((len(rows), C), dtype=bool)
    out = Outcome()
    winners = np.full((len(rows), body.seats or 1), -1, dtype=np.int64)
    if item.method in ("irv", "stv"):
        return ranked(block, item, rows, here, util, body.seats or 1)
    threshold = item.majority or s.rules.majority
    threshold = NAMED.get(threshold, threshold) if isinstance(threshold, str) else threshold
    open_rows = np.ones(len(rows), dtype=bool)
    for n in range(item.ballots if item.method == "majority" else 2):
        b = ballot(block, item, rows, here, util, standing, detail)
        out.ballots.append(b)
        best = np.argmax(np.where(standing, b.votes, -1), axis=1)
        top = b.votes[np.arange(len(rows)), best]
        cast = b.votes.sum(axis=1)
        if item.method == "plurality" or (item.method == "runoff" and n == 1):
            winners[open_rows, 0] = np.where(top[open_rows] > 0, best[open_rows], -1)
            break
        won = rules.carries(threshold, top, cast - top, b.blank, here.sum(axis=1), rules.members(s)) & open_rows
        winners[won, 0] = best[won]
        open_rows &= ~won
        if not open_rows.any():
            break
        if item.method == "runoff":
            order = np.argsort(-np.where(standing, b.votes, -1), axis=1, kind="stable")
            standing = np.zeros_like(standing)
            np.put_along_axis(standing, order[:, :2], True, axis=1)
        else:
            # the candidate with fewest votes drops out (the later listed, on a tie)
            low = C - 1 - np.argmin(np.where(standing, b.votes, np.iinfo(np.int64).max)[:, ::-1], axis=1)
            still = standing.sum(axis=1) > 1
            standing[np.flatnonzero(open_rows & still), low[open_rows & still]] = False
    out.winners = winners
    return out


def seated(scenario: Scenario, item: Election, winners: np.ndarray, groups: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """An election among candidates as seats (rows, groups), as the log counts them: each winner's
    seat goes to the winner's faction, or to a winner of none by name; and whether the body's chair
    is elected (rows,). ``winners``: (rows, seats) candidate indices, -1 for a seat no one won."""
    names = item.candidates or []
    column = np.array([groups.index(scenario.persons[c].faction or c) for c in names], dtype=np.int64)
    seats = np.zeros((len(winners), len(groups)), dtype=np.int64)
    r, k = np.nonzero(winners >= 0)
    np.add.at(seats, (r, column[winners[r, k]]), 1)
    chair = scenario.bodies[item.body].chair
    return seats, (winners == names.index(chair)).any(axis=1) if chair in names else np.zeros(len(winners), dtype=bool)


def ranked(block: Block, item: Election, rows: np.ndarray, here: np.ndarray, util: np.ndarray, seats: int) -> Outcome:
    """Instant runoff or single transferable vote over each delegate's ranking of every candidate."""
    C = util.shape[2]
    order = np.argsort(-util, axis=2, kind="stable")  # each delegate's ranking, best first
    out = Outcome()
    winners = np.full((len(rows), seats), -1, dtype=np.int64)
    first = np.where(here, order[:, :, 0], -1)
    out.ballots.append(Ballot(np.stack([(first == c).sum(axis=1) for c in range(C)], axis=1),
                              np.zeros(len(rows), dtype=np.int64), np.ones((len(rows), C), dtype=bool),
                              np.stack([block.per_faction(rows, first == c) for c in range(C + 1)], axis=-1)))
    for r in range(len(rows)):
        keys, counts = np.unique(order[r][here[r]], axis=0, return_counts=True)
        profile = tuple((tuple(int(x) for x in k), int(n)) for k, n in zip(keys, counts, strict=True))
        won, rounds = _count(profile, C, seats, item.method)
        winners[r, : len(won)] = won
        if len(rows) == 1:
            out.ranked = list(rounds)
    out.winners = winners
    return out


@lru_cache(maxsize=1024)
def _count(profile: tuple[tuple[tuple[int, ...], int], ...], C: int, seats: int,
           method: str) -> tuple[list[int], tuple[Round, ...]]:
    """Count a profile of rankings with pyrankvote: the winners, and the count round by round."""
    import pyrankvote
    from pyrankvote import Ballot as RankedBallot
    from pyrankvote import Candidate

    people = [Candidate(str(c)) for c in range(C)]
    ballots = [RankedBallot(ranked_candidates=[people[c] for c in ranking])
               for ranking, n in profile for _ in range(n)]
    if method == "irv":
        result = pyrankvote.instant_runoff_voting(people, ballots)
    else:
        result = pyrankvote.single_transferable_vote(people, ballots, number_of_seats=seats)
    won = [int(c.name) for c in result.get_winners()]
    return won, _rounds(result.rounds)


def _rounds(listed: Any) -> tuple[Round, ...]:
    """The rounds of a count as pyrankvote lists them (each round's votes with the status each
    candidate ends it with, then the final result): each round's votes of the candidates still in
    the count, who dropped out before it and whom it elects. The final listing is a round of its
    own only where it changes something."""
    out: list[Round] = []
    gone: set[int] = set()
    elected: set[int] = set()
    dropped: tuple[int, ...] = ()
    for listing in listed:
        results = [(int(cr.candidate.name), float(cr.number_of_votes), str(cr.status))
                   for cr in listing.candidate_results]
        new = tuple(sorted(c for c, _, status in results if status == "Elected" and c not in elected))
        votes = tuple(sorted((c, round(v, 2)) for c, v, _ in results if c not in gone))
        if not out or votes != out[-1].votes or new:
            out.append(Round(votes, dropped, new))
        elected.update(new)
        rejected = [c for c, _, status in results if status == "Rejected" and c not in gone]
        gone.update(rejected)
        # pyrankvote drops at once every candidate who, with all below, has fewer votes than the next
        dropped = tuple(sorted(rejected))
    return tuple(out)
