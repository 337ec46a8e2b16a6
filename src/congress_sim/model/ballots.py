"""How delegates vote: each prefers what its position says, a caucus sets its faction's line, and
members follow the line with the faction's discipline.

A delegate's own preference on a motion is **for** when adopting it gains the delegate more than
the indifference band, **against** when it loses more than the band, and **abstain** otherwise.
A faction with a caucus takes as its line the preference of its median member (for if more than
half of its members in the hall prefer for, against likewise, else abstain); in a seeded replay
the caucus's mood shifts every member's gain by one logistic shock (scale ``behaviour.noise``)
before the median is taken, so that whole factions swing together. Each member follows the line
with probability ``discipline`` and otherwise votes its own preference: in a seeded replay the
number who break ranks is binomial and who they are is drawn among the members; in a deterministic
replay the breakers are apportioned to the members' preferences by largest remainder, and a breaker
the remainders tie over goes with the line (so that a motion and its reverse split a faction alike,
for and against exchanged).
Propensities written for one motion (an override) take the place of the preferences.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .apportion import split_row, split_rows
from .block import ABSTAIN, AGAINST, FOR, NOT_VOTING, Block, Hall, Stake

SCALE = 10**6  # propensities become whole-number weights for exact apportionment


@dataclass
class Tally:
    counts: np.ndarray  # (n, F, 4): for, against, abstain, not voting
    present: np.ndarray  # (n,) in the hall, the chair included if a member with a vote of its own
    lines: np.ndarray  # (n, F) each caucus's line (-1: none)
    casting: np.ndarray  # (n,) a casting vote by the chair: -1 none, FOR or AGAINST
    ballots: np.ndarray | None = None  # (n, D) each slot's ballot (-1: not in the hall), when asked for

    def totals(self, casting: bool = True) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        c = self.counts.sum(axis=1)
        f = c[:, FOR] + (casting & (self.casting == FOR))
        a = c[:, AGAINST] + (casting & (self.casting == AGAINST))
        return f, a, c[:, ABSTAIN], c[:, NOT_VOTING]


def preferences(gain: np.ndarray, band: np.ndarray) -> np.ndarray:
    """(n, D) each delegate's own preference: FOR, AGAINST or ABSTAIN."""
    b = band[:, None]
    return np.where(gain > b, FOR, np.where(gain < -b, AGAINST, ABSTAIN)).astype(np.int8)


def thresholds(stake: Stake, band: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(up, down, rising, flat), each (n, F): a delegate's gain alpha + beta * z is above the band
    beyond the offset ``up``, below it beyond ``down`` (above them when ``rising``, below when not);
    a ``flat`` gain is the same for every delegate of the faction."""
    al, be = stake.alpha, stake.beta
    flat = be == 0
    safe = np.where(flat, 1.0, be)
    b = band[:, None]
    if np.abs(safe).min(initial=np.inf) >= _TINY:  # no quotient can overflow
        return (b - al) / safe, (-b - al) / safe, be > 0, flat
    with np.errstate(over="ignore"):  # a near-flat gain crosses the band far away
        return (b - al) / safe, (-b - al) / safe, be > 0, flat


_TINY = 1e-300  # a divisor at least this large cannot overflow a quotient of gains and bands (at most 1e8)


def preferences_of(block: Block, rows: np.ndarray, stake: Stake) -> np.ndarray:
    """(n, D) each delegate's own preference, decided by the same comparisons the count makes.

    Where the gain rises with the offset, for is ``z > up`` and against ``z < down``; where it falls,
    ``z < up`` and ``z > down``: both are ``s * z`` against ``s * up`` and ``s * down`` with ``s`` the
    sign (negation is exact). A flat gain is for (or against) whatever the offset: a cut at infinity.
    """
    if len(rows) == 1:
        return _preferences_of_one(block, rows, stake)
    band = block.p.band[block.take(rows)]
    up, down, rising, flat = thresholds(stake, band)
    b = band[:, None]
    sign = np.where(rising, 1.0, -1.0)
    cut_for = np.where(flat, np.where(stake.alpha > b, -np.inf, np.inf), sign * up)
    cut_against = np.where(flat, np.where(stake.alpha < -b, np.inf, -np.inf), sign * down)
    origin = block.roster.origin
    sz = sign[:, origin] * block.z[block.take(rows)]
    out = np.where(sz > cut_for[:, origin], FOR, np.where(sz < cut_against[:, origin], AGAINST, ABSTAIN)).astype(np.int8)
    slots = block.roster.named_slots
    if len(slots):
        out[:, slots] = preferences(stake.named, band)
    return out


def _preferences_of_one(block: Block, rows: np.ndarray, stake: Stake) -> np.ndarray:
    """:func:`preferences_of` for one replay: each faction's sign and cuts in numbers (the same
    quotients and comparisons as :func:`thresholds`), then one comparison per delegate."""
    b = float(block.p.band[rows[0]])
    cuts = []  # per faction: sign, cut for, cut against
    for al, be in zip(stake.alpha[0].tolist(), stake.beta[0].tolist(), strict=True):
        if be == 0:  # flat: a cut at infinity (and the sign of a gain that does not rise)
            cuts.append((-1.0, -math.inf if al > b else math.inf, math.inf if al < -b else -math.inf))
        else:
            sign = 1.0 if be > 0 else -1.0
            cuts.append((sign, sign * ((b - al) / be), sign * ((-b - al) / be)))
    sign, cut_for, cut_against = block.by_origin(np.array(cuts).T)  # a faction's slots are contiguous
    sz = sign * block.z[rows[0]]
    out = np.full(len(sz), ABSTAIN, dtype=np.int8)
    out[sz < cut_against] = AGAINST
    out[sz > cut_for] = FOR  # for first, as in the nested comparison
    slots = block.roster.named_slots
    if len(slots):
        out[slots] = [FOR if g > b else AGAINST if g < -b else ABSTAIN for g in stake.named[0].tolist()]
    return out[None, :]


def by_option(block: Block, rows: np.ndarray, mask: np.ndarray, option: np.ndarray, options: int = 3) -> np.ndarray:
    """(n, F, options): how many of the ``mask``ed slots chose each option, by faction (one count)."""
    n, F = len(rows), len(block.plan.factions)
    member = block.member[block.take(rows)]
    if n == 1:
        flat = (member[0] * options + option[0])[mask[0]]
    else:
        flat = ((np.arange(n) * (F * options))[:, None] + member * options + option)[mask]
    return np.bincount(flat, minlength=n * F * options).reshape(n, F, options)


def count(block: Block, rows: np.ndarray, hall: Hall, stake: Stake, allowed: np.ndarray,
          skip: int | None = None, prefs: list[np.ndarray] | None = None) -> np.ndarray:
    """(n, F, 3): the delegates of each faction in the hall preferring for, against, abstain.

    A delegate's gain is linear in its offset within its faction, so those above the band are those
    beyond one offset: over a block of replays, each segment of a faction's delegates (kept sorted by
    offset) is counted with one search for both bounds rather than delegate by delegate. One replay,
    or a faction some of whose delegates went over to another, is counted delegate by delegate, by
    the same comparisons. ``skip``: a named person's slot not to count (the chair, who votes by the
    chair's rule). ``prefs``: a list to put each delegate's preference in (counted delegate by delegate).
    """
    n, F = len(rows), len(block.plan.factions)
    band = block.p.band[block.take(rows)]
    if block.defected or n * block.roster.size <= 4096 or prefs is not None:
        here = hall.here
        if not allowed.all():
            here = here & allowed[block.member[block.take(rows)]]
        if skip is not None:
            here = here.copy()
            here[:, skip] = False
        pref = preferences_of(block, rows, stake)
        if prefs is not None:
            prefs.append(pref)
        return by_option(block, rows, here, pref)
    m = np.zeros((n, F, 3), dtype=np.int64)
    segs = block.segments_of(allowed)
    if len(segs):
        sf = block.segment_faction_index[segs]  # each segment's faction
        ups, downs, risings, flats = thresholds(stake, band)
        rising, flat, al, b = risings[:, sf], flats[:, sf], stake.alpha[:, sf], band[:, None]
        # for: above `up` where the gain rises, below it where it falls; against: the reverse, at `down`
        at = block.beyond(np.concatenate([rows, rows]), segs, np.concatenate([ups[:, sf], downs[:, sf]]),
                          np.concatenate([rising, ~rising]))
        n_here = hall.in_segments[:, segs]
        below = hall.below(segs, at)
        below_up, below_down = below[:n], below[n:]
        f = np.where(rising, n_here - below_up, below_up)
        g = np.where(rising, below_down, n_here - below_down)
        f = np.where(flat, np.where(al > b, n_here, 0), f)
        g = np.where(flat, np.where(al < -b, n_here, 0), g)
        to_faction = block.segment_faction[segs]
        m[:, :, FOR] = f @ to_faction
        m[:, :, AGAINST] = g @ to_faction
        m[:, :, ABSTAIN] = (n_here - f - g) @ to_faction
    named = block.roster.named_slots
    if len(named):
        pref = preferences(stake.named, band)
        inside = hall.named
        if skip is not None:
            inside = inside.copy()
            inside[:, block.named_index[skip]] = False
        flat_index = (np.arange(n) * (F * 3))[:, None] + block.roster.origin[named] * 3 + pref
        m += np.bincount(flat_index[inside], minlength=n * F * 3).reshape(n, F, 3)
    m[:, ~allowed] = 0
    return m


def median_line(m: np.ndarray) -> np.ndarray:
    """The median member's preference from the counts (n, F, 3); -1 for an empty faction."""
    if len(m) == 1:  # one replay: the same comparisons, faction by faction
        return np.array([[(FOR if 2 * f > t else AGAINST if 2 * a > t else ABSTAIN) if (t := f + a + b) > 0 else -1
                          for f, a, b in m[0].tolist()]], dtype=np.int8)
    total = m[..., FOR] + m[..., AGAINST] + m[..., ABSTAIN]  # (a sum over a last axis of three is slower)
    line = np.where(2 * m[..., FOR] > total, FOR, np.where(2 * m[..., AGAINST] > total, AGAINST, ABSTAIN))
    return np.where(total > 0, line, -1).astype(np.int8)


def follow(block: Block, rows: np.ndarray, m: np.ndarray, line: np.ndarray, caucus: np.ndarray) -> np.ndarray:
    """(n, F, 3) votes: followers vote the line, the rest their own preference (see the module)."""
    d = block.p.discipline[block.take(rows)]
    if block.rng is None and len(rows) == 1:  # one replay: the same steps, faction by faction
        out = []
        for counts, share, lf, c in zip(m[0].tolist(), d[0].tolist(), line[0].tolist(), caucus.tolist(), strict=True):
            if c:
                total = sum(counts)
                followers = math.floor(share * total + 0.5)
                counts = split_row(total - followers, counts, lf)  # a tied breaker goes with the line
                if lf >= 0:
                    counts[lf] += followers
            out.append(counts)
        return np.array([out], dtype=np.int64)
    total = m[..., FOR] + m[..., AGAINST] + m[..., ABSTAIN]
    if block.rng is None:
        followers = np.floor(d * total + 0.5).astype(np.int64)
        breakers = split_rows(total - followers, m, line)  # a breaker the remainders tie over goes with the line
    else:
        k = block.rng.binomial(total, 1 - d)
        first = block.rng.hypergeometric(m[..., FOR], m[..., AGAINST] + m[..., ABSTAIN], k)
        second = block.rng.hypergeometric(m[..., AGAINST], m[..., ABSTAIN], k - first)
        breakers = np.stack([first, second, k - first - second], axis=-1)
        followers = total - k
    onehot = line[..., None] == _OPTIONS  # no line (-1): nobody follows
    votes = breakers + onehot * followers[..., None]
    return np.where(caucus[None, :, None], votes, m)


_OPTIONS = np.arange(3)


def shocked(block: Block, rows: np.ndarray, hall: Hall, stake: Stake, allowed: np.ndarray,
            caucus: np.ndarray, skip: int | None) -> np.ndarray:
    """Counts after each caucus's logistic shock to its members' gains (seeded replays); only the
    ``caucus`` factions' are counted (the others' are 0)."""
    shock = block.rng.logistic(0.0, 1.0, (len(rows), len(block.plan.factions))) * block.p.noise[rows][:, None]  # type: ignore[union-attr]
    shock[:, ~caucus] = 0.0
    return count(block, rows, hall, stake.shifted(shock, block.roster.origin[block.roster.named_slots]),
                 allowed & caucus, skip)


def tally(block: Block, rows: np.ndarray, hall: Hall, allowed: np.ndarray, stake: Stake,
          overrides: dict[int, tuple[float, float, float]], chair_gain: np.ndarray | None,
          record_abstentions: bool, detail: bool = False) -> Tally:
    """The ballots of the delegates in the ``hall`` (of the ``allowed`` factions) on a motion that
    gains each of them what ``stake`` says.

    ``overrides``: faction index -> propensities written for this motion. ``chair_gain``: the
    presiding officer's own gain, when the rules give the chair a vote of its own (see :func:`chair`).
    """
    s = block.plan.scenario
    n, F = len(rows), len(block.plan.factions)
    caucus = block.caucus
    chair_slot = block.chair_slot
    prefs: list[np.ndarray] | None = [] if detail else None
    m = count(block, rows, hall, stake, allowed, chair_slot, prefs)
    drawn: dict[int, np.ndarray] = {}
    for fi, shares in overrides.items():
        total = m[:, fi].sum(axis=-1)
        if block.rng is None:
            m[:, fi] = split_rows(total, np.round(np.array(shares) * SCALE).astype(np.int64)[None, :].repeat(n, 0))
        else:
            m[:, fi] = block.rng.multinomial(total, shares)
        drawn[fi] = m[:, fi].copy()
    line = median_line(m)
    free = caucus
    if overrides:
        free = caucus.copy()
        free[list(overrides)] = False
    if block.rng is not None and free.any():
        moved = median_line(shocked(block, rows, hall, stake, allowed, free, chair_slot))
        line = np.where(free[None, :], moved, line)
    line = np.where(caucus[None, :], line, -1).astype(np.int8)
    votes = follow(block, rows, m, line, caucus)
    counts = np.zeros((n, F, 4), dtype=np.int64)
    counts[..., :3] = votes
    if not record_abstentions:
        counts[..., NOT_VOTING] += counts[..., ABSTAIN]
        counts[..., ABSTAIN] = 0
    everyone = bool(allowed.all())
    casting = np.full(n, -1, dtype=np.int8)
    option = casting
    if s.rules.chair is not None:
        casting, option = chair(block, rows, hall, allowed, counts, chair_slot, chair_gain, record_abstentions)
    present = hall.present if everyone else (hall.by_faction * allowed).sum(axis=1)
    if chair_slot is not None and s.rules.chair is not None and s.rules.chair.votes == "tie":  # see chair()
        present = present - (_in_hall(block, rows, hall, chair_slot) & allowed[block.member[block.take(rows), chair_slot]])
    out = Tally(counts, present, line, casting)
    if detail:
        assert prefs is not None
        voters = hall.here.copy() if everyone else hall.here & allowed[block.member[block.take(rows)]]
        if chair_slot is not None:
            voters[:, chair_slot] = False
        out.ballots = _assign(block, rows, voters, prefs[0], votes, line, caucus, drawn, stake, record_abstentions)
        if chair_slot is not None and option[0] >= 0:
            out.ballots[0, chair_slot] = option[0]
    return out


def _own(gain: np.ndarray | None, band: np.ndarray) -> np.ndarray:
    g = np.zeros_like(band) if gain is None else gain
    return np.where(g > band, FOR, np.where(g < -band, AGAINST, ABSTAIN)).astype(np.int8)


def chair(block: Block, rows: np.ndarray, hall: Hall, allowed: np.ndarray, counts: np.ndarray, slot: int | None,
          gain: np.ndarray | None, record: bool) -> tuple[np.ndarray, np.ndarray]:
    """The presiding officer's vote: always (as a member), never, or only to break a tie.

    A chair who holds a delegate's slot and votes always or never is one of those present; its
    ballot goes to its faction's counts (or to not voting). A chair who votes only to break a tie,
    and a chair who is not a delegate (a presiding officer from outside the assembly, who can vote
    on nothing else unless the rules say never), is not counted among those present: in the hall,
    it casts a vote on a tie, kept apart from the counts (:func:`congress_sim.model.acts.vote` keeps
    it only where it decides). Returns the casting votes, and the chair's ballot on the roll call
    (-1: none).
    """
    rule = block.plan.scenario.rules.chair
    assert rule is not None
    none = np.full(len(rows), -1, dtype=np.int8)
    if slot is None or rule.votes == "tie":
        own = _own(gain, block.p.band[block.take(rows)])
        tied = (counts[..., FOR].sum(axis=1) == counts[..., AGAINST].sum(axis=1)) & (own != ABSTAIN)
        if slot is None:
            return np.where(tied & (rule.votes != "never"), own, -1).astype(np.int8), none
        here = _in_hall(block, rows, hall, slot)  # presiding: on the roll as not voting, a casting vote apart
        return np.where(tied & here, own, -1).astype(np.int8), np.where(here, NOT_VOTING, -1).astype(np.int8)
    if len(rows) == 1:  # one replay: the same comparisons, in numbers
        return none, _chair_of_one(block, rows, hall, allowed, counts, gain, slot, record, rule.votes == "always")
    own = _own(gain, block.p.band[block.take(rows)])
    cf = block.member[block.take(rows), slot]
    inside = _in_hall(block, rows, hall, slot) & allowed[cf]
    votes = inside if rule.votes == "always" else np.zeros_like(inside)
    option = np.where(votes, np.where((own == ABSTAIN) & (not record), NOT_VOTING, own), NOT_VOTING).astype(np.int8)
    if inside.all():
        counts[np.arange(len(rows)), cf, option] += 1
    else:
        counts[np.flatnonzero(inside), cf[inside], option[inside]] += 1
    return none, np.where(inside, option, -1).astype(np.int8)


def _in_hall(block: Block, rows: np.ndarray, hall: Hall, slot: int) -> np.ndarray:
    """(n,) whether the named person in ``slot`` is in the hall."""
    return hall.named[:, block.named_index[slot]]


def _chair_of_one(block: Block, rows: np.ndarray, hall: Hall, allowed: np.ndarray, counts: np.ndarray,
                  gain: np.ndarray | None, slot: int, record: bool, always: bool) -> np.ndarray:
    """The ballot of :func:`chair` for one replay and a chair counted among the delegates: the same
    comparisons, in numbers."""
    g, b = (0.0 if gain is None else float(gain[0])), float(block.p.band[rows[0]])
    mine = FOR if g > b else AGAINST if g < -b else ABSTAIN
    cf = int(block.member[rows[0], slot])
    inside = bool(hall.named[0, block.named_index[slot]] and allowed[cf])
    option = (NOT_VOTING if mine == ABSTAIN and not record else mine) if always else NOT_VOTING
    if inside:
        counts[0, cf, option] += 1
    return np.full(1, option if inside else -1, dtype=np.int8)


_RANK = np.array([2, 0, 1])  # each option's place in the order of the gain: against, abstain, for


def _assign(block: Block, rows: np.ndarray, voters: np.ndarray, pref: np.ndarray, votes: np.ndarray,
            line: np.ndarray, caucus: np.ndarray, drawn: dict[int, np.ndarray], stake: Stake,
            record: bool) -> np.ndarray:
    """Each delegate's ballot, consistent with the counts (one replay: a roll call).

    In a caucus faction, of the members who prefer another option than the line, as many as the
    counts say break ranks: the most opposed to the line first, or (seeded) drawn at random.
    """
    assert len(rows) == 1
    member = block.member[rows[0]]
    here = voters[0]
    own = pref[0].copy()
    for fi, got in drawn.items():  # an override: the drawn counts, given out in slot order
        slots = np.flatnonzero(here & (member == fi))
        own[slots] = np.repeat(np.arange(3), got[0]).astype(np.int8)[: len(slots)]
    lines = line[0][member]  # each slot's faction's line
    follows = here & (caucus & (line[0] >= 0))[member]  # a caucus with a line, faction by faction
    ballot = np.where(follows, lines, own)
    idx = np.flatnonzero(follows & (own != lines))  # who might break ranks, in slot order
    if len(idx):
        group = member[idx] * 3 + own[idx]  # by faction, then by the option preferred
        allowed = votes[0].reshape(-1)
        if block.rng is None:  # the most opposed to the line first (by gain; ties in slot order)
            gain = _gains_of(block, rows[0], stake, idx)
            key = np.where(_RANK[own[idx]] > _RANK[lines[idx]], -gain, gain)
            order = np.lexsort((key, group))
            sorted_group = group[order]
            rank = np.arange(len(idx)) - np.searchsorted(sorted_group, sorted_group, side="left")
            chosen = idx[order][rank < allowed[sorted_group]]
            ballot[chosen] = own[chosen]
        else:
            for g in np.unique(group).tolist():
                mine = block.rng.permutation(idx[group == g])
                ballot[mine[: int(allowed[g])]] = g % 3
    out = np.where(here, ballot, -1).astype(np.int8)
    if not record:
        out[out == ABSTAIN] = NOT_VOTING
    return out[None, :]


def _gains_of(block: Block, row: int, stake: Stake, idx: np.ndarray) -> np.ndarray:
    """The gains :meth:`Block.gains` gives the slots ``idx`` (sorted) of one replay, worked out for those
    slots only: ``alpha + beta * z`` by the faction each came with, a named person's own."""
    origin = block.roster.origin[idx]
    gain = stake.alpha[0, origin] + stake.beta[0, origin] * block.z[row, idx]
    named = block.roster.named_slots
    if len(named):
        at = np.minimum(np.searchsorted(idx, named), len(idx) - 1)
        hit = idx[at] == named
        gain[at[hit]] = stake.named[0, hit]
    return gain
