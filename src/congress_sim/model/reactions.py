"""Reactions that follow from positions: walkouts, defections, and factions declining seats.

A delegate's **loss** is how much worse things stand for it now than at the opening (the fall of
its utility since then). A delegate wants to leave when its loss exceeds its faction's tolerance.
A faction with a caucus leaves as a body when its median member wants to (in a seeded replay
after a logistic shock to the caucus's mood), and its members follow with its discipline, exactly
as they vote (:mod:`congress_sim.model.ballots`). A faction declines seats in a body when its
median member's distance from the body's line costs it more than its seat tolerance.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from congress_sim.language.scenario import Decision, Defection, Walkout

from .apportion import split_rows
from .block import Block, Hall


def pick(block: Block, rows: np.ndarray, among: np.ndarray, counts: np.ndarray, key: np.ndarray,
         first: int = 0) -> np.ndarray:
    """(rows, slots from ``first``, as ``among``): in each replay, ``counts[:, f]`` members of faction
    ``f`` from ``among``: those with the smallest ``key`` (deterministic), or drawn at random (seeded);
    ties go to the earlier slot."""
    chosen = np.zeros_like(among)
    stop = first + among.shape[1]
    member = block.member[block.take(rows), first:stop] if block.defected else None  # else each faction's slots are its own
    partial: list[tuple[int, int, np.ndarray, np.ndarray, np.ndarray]] = []  # (a, e, mine, rows, counts)
    for fi in np.flatnonzero(counts.any(axis=0)).tolist():  # the factions any replay takes members of
        c = counts[:, fi]
        a, e = block.slots_of(fi)
        a, e = a - first, e - first
        mine = among[:, a:e] if member is None else among[:, a:e] & (member[:, a:e] == fi)
        have = mine.sum(axis=1)
        everyone = c >= have
        chosen[:, a:e] |= mine & everyone[:, None]
        some = np.flatnonzero((c > 0) & ~everyone)
        if len(some):
            partial.append((a, e, mine[some], some, c[some]))
    if block.rng is not None:  # a key for every slot of the roster is drawn, though only the rows picked among read it
        needed = np.unique(np.concatenate([p[3] for p in partial])) if partial else np.zeros(0, dtype=np.int64)
        key = _uniform(block.rng, (len(rows), block.roster.size), needed if len(rows) > 1 else None)[:, first:stop]
    for a, e, mine, some, c in partial:
        k = np.where(mine, key[some, a:e], np.inf)
        order = np.argsort(k, axis=1, kind="stable")
        leading = np.arange(e - a)[None, :] < c[:, None]  # the first c in that order
        picked = np.zeros((len(some), e - a), dtype=bool)
        np.put_along_axis(picked, order, leading, axis=1)
        chosen[some, a:e] |= mine & picked
    return chosen


def _uniform(rng: np.random.Generator, shape: tuple[int, int], needed: np.ndarray | None) -> np.ndarray:
    """``rng.random(shape)``, leaving the generator where that leaves it; only the rows ``needed`` are
    drawn when they are few (the others are 0): a PCG64 stream (the ensembles') skips the rest in
    one step, a double being one step of it."""
    n, D = shape
    bits = rng.bit_generator
    if needed is None or len(needed) * 8 > n or type(bits) is not np.random.PCG64 or bits.state["has_uint32"]:
        return rng.random(shape)
    out = np.zeros(shape)
    at = 0  # rows of the stream passed so far
    for r in needed.tolist():
        bits.advance((r - at) * D)
        out[r] = rng.random(D)
        at = r + 1
    bits.advance((n - at) * D)
    return out


def _caucus_choice(block: Block, rows: np.ndarray, here: np.ndarray, wants: np.ndarray, score: np.ndarray,
                   threshold: np.ndarray, first: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """((rows, slots from ``first``, as ``here``) who acts, (rows, F) each caucus's line): members who
    want to act, or, in a caucus faction, the line as its members follow it.

    ``score > threshold`` is each member's own wish (``wants``); the caucus acts if its median
    member wishes to (after the caucus's shock, when seeded).
    """
    factions = block.plan.factions
    caucus = block.caucus
    stop = first + here.shape[1]
    yes = block.per_faction(rows, here & wants, first)
    total = block.per_faction(rows, here, first)
    if block.rng is not None and caucus.any():
        shock = block.rng.logistic(0.0, 1.0, (len(rows), len(factions))) * block.p.noise[rows][:, None]
        moved = score + block.by_member(rows, shock, first, stop) > threshold
        line = 2 * block.per_faction(rows, here & moved, first) > total
    else:
        line = 2 * yes > total
    d = block.p.discipline[rows]
    if block.rng is None:
        breakers = total - np.floor(d * total + 0.5).astype(np.int64)
        split = split_rows(breakers, np.stack([yes, total - yes], axis=-1))
        act, stay = split[..., 0], split[..., 1]
    else:
        breakers = block.rng.binomial(total, 1 - d)
        act = block.rng.hypergeometric(yes, total - yes, breakers)
        stay = breakers - act
    # the line acts: all but the breakers who would not; the line stays: only the breakers who would
    held_back = pick(block, rows, here & ~wants, np.where(line, stay, 0), score, first)
    gone_anyway = pick(block, rows, here & wants, np.where(line, 0, act), -score, first)
    in_caucus = caucus[block.member[block.take(rows), first:stop]] if block.defected else caucus[block.roster.origin[first:stop]]
    acting = np.where(in_caucus, np.where(block.by_member(rows, line, first, stop), here & ~held_back, gone_anyway),
                      here & wants)
    return acting & here, line & caucus[None, :] & (total > 0)


@dataclass
class Departure:
    leaving: np.ndarray  # (rows, slots from `first`) who leaves
    times: np.ndarray  # (rows, slots from `first`) when each goes (inf: stays)
    lines: np.ndarray  # (rows, F) whether each faction's caucus decided to go
    first: int = 0  # the first slot of the span the walkout took from (its factions' slots; 0: all)


def walkout(block: Block, item: Walkout, rows: np.ndarray, t: np.ndarray, hall: Hall) -> Departure:
    """Who walks out of those in the ``hall`` (not already on their way out). A walkout of some factions
    looks only at the slots from the first of them to the last."""
    factions = block.plan.factions
    take = block.take(rows)
    considered = np.array([not item.factions or f in item.factions for f in factions])
    first, stop = block.span(considered)
    here = hall.here_in(first, stop)
    if item.factions:
        here = here & block.by_member(rows, considered[None, :], first, stop)
    here = here & ~block.leaving[take, first:stop]
    loss = -block.gains(rows, block.stake(rows, block.sq0[take], block.sq[take]), first, stop)
    if item.share is not None:  # its share may differ between replays (an uncertain assumption)
        share = block.p.share[rows, block.plan.walkouts.index(item.id)][:, None]
        counts = np.floor(block.per_faction(rows, here, first) * share + 0.5).astype(np.int64)
        going = pick(block, rows, here, counts, -loss, first)
        lines = np.zeros_like(counts, dtype=bool)
    else:
        tol = block.by_member(rows, block.p.tolerance[take], first, stop)
        going, lines = _caucus_choice(block, rows, here, loss > tol, loss, tol, first)
    times = block.spread(rows, going, t, item.over, first)
    block.leave(rows, going, times, first)
    return Departure(going, times, lines, first)


def dissolve(block: Block, rows: np.ndarray, t: np.ndarray) -> np.ndarray:
    """The assembly is dissolved at ``t``: everyone at it (in the hall or not) is sent away then, and
    anyone still due comes and goes at once, never there; (rows, D) who was sent away."""
    take = block.take(rows)
    arrive, tt = block.arrive[take], t[:, None]
    going = np.isfinite(arrive) & (block.depart[take] > tt)  # not already gone (a walkout's last may be on the way)
    sent = going & (arrive <= tt)
    block.leave(rows, going, np.maximum(arrive, tt))
    return sent


def defect(block: Block, item: Defection, rows: np.ndarray, here: np.ndarray) -> np.ndarray:
    """Delegates of ``from`` who go over to ``to``: a count or share, or those nearer its centre; (rows, D)."""
    fi, ti = block.plan.factions.index(item.source_faction), block.plan.factions.index(item.target_faction)
    member = block.member[rows]
    candidates = here & (member == fi) & ~block.leaving[rows]
    pos, w = block.positions(rows), block.weights(rows)
    p = block.p.rows(rows) if len(rows) != block.n else block.p
    near_to = (w * (pos - p.centre[:, None, ti, :]) ** 2).sum(axis=2)
    near_from = (w * (pos - p.centre[:, None, fi, :]) ** 2).sum(axis=2)
    closer = near_to - near_from  # negative: nearer the other faction
    have = candidates.sum(axis=1)
    if item.count is not None:
        n = np.minimum(have, item.count)
    elif item.share is not None:
        n = np.floor(have * item.share + 0.5).astype(np.int64)
    else:
        n = (candidates & (closer < 0)).sum(axis=1)
    moving = _nearest(candidates, n, closer)
    block.member[rows] = np.where(moving, ti, member)
    block.defected = True
    block.version += 1
    return moving


def _nearest(candidates: np.ndarray, n: np.ndarray, closer: np.ndarray) -> np.ndarray:
    """The ``n`` candidates nearest the other faction (who goes over follows from positions, seeded or not)."""
    k = np.where(candidates, closer, np.inf)
    rank = np.argsort(np.argsort(k, axis=1, kind="stable"), axis=1)
    return candidates & (rank < n[:, None])


def _distance(block: Block, rows: np.ndarray, fi: int, line: dict[str, float], a: int, e: int) -> np.ndarray:
    """(rows, e - a) how far each delegate of the slots [a, e) stands from a body's line: the
    salience-weighted squared distance on the issues the line gives, by the faction each came with."""
    plan, p, take = block.plan, block.p, block.take(rows)
    named = block.roster.named_slots
    origin = block.roster.origin[a:e]
    inside = (named >= a) & (named < e)
    z = block.z[take, a:e]
    issues = [(plan.issues.index(k), x) for k, x in line.items()]
    if len(rows) == 1 and bool((origin == fi).all()):  # one replay: the same sums, in numbers
        r = int(rows[0])
        c1 = l1 = s1 = 0.0
        for j, x in issues:
            c0, s0, w0 = float(p.centre[r, fi, j]), float(p.spread[r, fi, j]), float(p.salience[r, fi, j])
            g0 = c0 - x
            c1 += w0 * (g0 * g0)
            l1 += 2 * w0 * g0 * s0
            s1 += w0 * (s0 * s0)
        out = c1 + z * (l1 + s1 * z)
    elif bool((origin == fi).all()):  # the faction's own slots: a quadratic in the offset, one per replay
        const, linear, square = (np.zeros((len(rows), 1)) for _ in range(3))
        for j, x in issues:
            centre, spread, weight = (v[take, fi, j][:, None] for v in (p.centre, p.spread, p.salience))
            gap = centre - x
            const += weight * gap ** 2
            linear += 2 * weight * gap * spread
            square += weight * spread ** 2
        out = square * z  # const + z * (linear + square * z), worked out in place
        out += linear
        out *= z
        out += const
    else:
        out = np.zeros((len(rows), e - a))
        for j, x in issues:
            centre, spread, weight = (v[take, :, j][:, origin] for v in (p.centre, p.spread, p.salience))
            out += weight * (centre + spread * z - x) ** 2
    if inside.any():  # the named persons stand where they say, whatever their faction's spread
        cols = named[inside] - a
        out[:, cols] = 0.0
        for j, x in issues:
            weight = p.salience[take, :, j][:, origin[cols]]
            out[:, cols] += weight * (block.own[take][:, inside, j] - x) ** 2
    return out


def decide(block: Block, item: Decision, rows: np.ndarray, hall: Hall) -> np.ndarray:
    """(rows,) whether the faction accepts its seats in the body."""
    if item.accepts is not None:
        if isinstance(item.accepts, bool):
            accepts = np.full(len(rows), item.accepts)
        elif block.rng is None:
            accepts = np.full(len(rows), item.accepts >= 0.5)
        else:
            accepts = block.rng.random(len(rows)) < item.accepts
    else:
        fi = block.plan.factions.index(item.faction)
        a, e = block.slots_of(fi)
        loss = _distance(block, rows, fi, block.plan.scenario.bodies[item.body].line, a, e)
        mine = hall.here_in(a, e)
        if block.defected:
            mine = mine & (block.member[block.take(rows), a:e] == fi)
        tol = block.p.seat_tolerance[rows, fi][:, None]
        if block.rng is not None:
            loss = loss + block.rng.logistic(0.0, 1.0, (len(rows), 1)) * block.p.noise[rows][:, None]
        accepts = ~(2 * (mine & (loss > tol)).sum(axis=1) > mine.sum(axis=1))
    if not accepts.all():
        declined = block.declined.setdefault(item.body, np.zeros((block.n, len(block.plan.factions)), dtype=bool))
        declined[rows[~accepts], block.plan.factions.index(item.faction)] = True
    return accepts
