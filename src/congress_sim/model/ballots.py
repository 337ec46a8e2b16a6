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

from dataclasses import dataclass

import numpy as np

from .apportion import split_rows
from .block import ABSTAIN, AGAINST, FOR, NOT_VOTING, Block, Hall, Stake

SCALE = 10**6  # propensities become whole-number weights for exact apportionment


@dataclass
class Tally:
    counts: np.ndarray  # (n, F, 4): for, against, abstain, not voting
    present: np.ndarray  # (n,) in the hall, the chair included if a member
    lines: np.ndarray  # (n, F) each caucus's line (-1: none)
    casting: np.ndarray  # (n,) a casting vote by the chair: -1 none, FOR or AGAINST
    ballots: np.ndarray | None = None  # (n, D) each slot's ballot (-1: not in the hall), when asked for

    def totals(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        c = self.counts.sum(axis=1)
        f = c[:, FOR] + (self.casting == FOR)
        a = c[:, AGAINST] + (self.casting == AGAINST)
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
    with np.errstate(over="ignore"):  # a near-flat gain crosses the band far away
        return (b - al) / safe, (-b - al) / safe, be > 0, flat


def preferences_of(block: Block, rows: np.ndarray, stake: Stake) -> np.ndarray:
    """(n, D) each delegate's own preference, decided by the same comparisons the count makes."""
    band = block.p.band[rows][:, None]
    up, down, rising, flat = (x[:, block.roster.origin] for x in thresholds(stake, block.p.band[rows]))
    al = stake.alpha[:, block.roster.origin]
    z = block.z[rows]
    above = np.where(flat, al > band, np.where(rising, z > up, z < up))
    below = np.where(flat, al < -band, np.where(rising, z < down, z > down))
    out = np.where(above, FOR, np.where(below, AGAINST, ABSTAIN)).astype(np.int8)
    slots = block.roster.named_slots
    if len(slots):
        out[:, slots] = preferences(stake.named, block.p.band[rows])
    return out


def count(block: Block, rows: np.ndarray, hall: Hall, stake: Stake, allowed: np.ndarray,
          skip: int | None = None) -> np.ndarray:
    """(n, F, 3): the delegates of each faction in the hall preferring for, against, abstain.

    A delegate's gain is linear in its offset within its faction, so those above the band are those
    beyond one offset: over a block of replays, each group of a faction's delegates (kept sorted by
    offset) is counted with one search per bound rather than delegate by delegate. One replay, or a
    faction some of whose delegates went over to another, is counted delegate by delegate, by the
    same comparisons. ``skip``: a named person's slot not to count (the chair, who votes by the
    chair's rule).
    """
    n, F = len(rows), len(block.plan.factions)
    band = block.p.band[rows]
    if block.defected or n * block.roster.size <= 4096:
        here = hall.here & allowed[block.member[rows]]
        if skip is not None:
            here = here.copy()
            here[:, skip] = False
        pref = preferences_of(block, rows, stake)
        return np.stack([block.per_faction(rows, here & (pref == c)) for c in (FOR, AGAINST, ABSTAIN)], axis=-1)
    m = np.zeros((n, F, 3), dtype=np.int64)
    named = block.roster.named_slots
    ups, downs, risings, flats = thresholds(stake, band)
    for seg, (fi, _, _) in enumerate(block.segments):
        if not allowed[fi]:
            continue
        up, down, rising, flat = ups[:, fi], downs[:, fi], risings[:, fi], flats[:, fi]
        al = stake.alpha[:, fi]
        n_here = hall.cum[seg][:, -1]
        f = np.where(rising, block.beyond(rows, hall, seg, up, True), block.beyond(rows, hall, seg, up, False))
        g = np.where(rising, block.beyond(rows, hall, seg, down, False), block.beyond(rows, hall, seg, down, True))
        f = np.where(flat, np.where(al > band, n_here, 0), f)
        g = np.where(flat, np.where(al < -band, n_here, 0), g)
        m[:, fi, FOR] += f
        m[:, fi, AGAINST] += g
        m[:, fi, ABSTAIN] += n_here - f - g
    if len(named):
        pref = preferences(stake.named, band)
        idx = np.arange(n)
        for j, slot in enumerate(named):
            if slot == skip:
                continue
            np.add.at(m, (idx, int(block.roster.origin[slot]), pref[:, j]), hall.named[:, j])  # type: ignore[arg-type]
    m[:, ~allowed] = 0
    return m


def median_line(m: np.ndarray) -> np.ndarray:
    """The median member's preference from the counts (n, F, 3); -1 for an empty faction."""
    total = m.sum(axis=-1)
    line = np.where(2 * m[..., FOR] > total, FOR, np.where(2 * m[..., AGAINST] > total, AGAINST, ABSTAIN))
    return np.where(total > 0, line, -1).astype(np.int8)


def follow(block: Block, rows: np.ndarray, m: np.ndarray, line: np.ndarray, caucus: np.ndarray) -> np.ndarray:
    """(n, F, 3) votes: followers vote the line, the rest their own preference (see the module)."""
    d = block.p.discipline[rows]
    total = m.sum(axis=-1)
    if block.rng is None:
        followers = np.floor(d * total + 0.5).astype(np.int64)
        breakers = split_rows(total - followers, m, line)  # a breaker the remainders tie over goes with the line
    else:
        k = block.rng.binomial(total, 1 - d)
        first = block.rng.hypergeometric(m[..., FOR], m[..., AGAINST] + m[..., ABSTAIN], k)
        second = block.rng.hypergeometric(m[..., AGAINST], m[..., ABSTAIN], k - first)
        breakers = np.stack([first, second, k - first - second], axis=-1)
        followers = total - k
    onehot = (line[..., None] == np.arange(3)) & (line[..., None] >= 0)
    votes = breakers + onehot * followers[..., None]
    return np.where(caucus[None, :, None], votes, m)


def shocked(block: Block, rows: np.ndarray, hall: Hall, stake: Stake, allowed: np.ndarray,
            caucus: np.ndarray, skip: int | None) -> np.ndarray:
    """Counts after each caucus's logistic shock to its members' gains (seeded replays)."""
    shock = block.rng.logistic(0.0, 1.0, (len(rows), len(block.plan.factions))) * block.p.noise[rows][:, None]  # type: ignore[union-attr]
    shock[:, ~caucus] = 0.0
    return count(block, rows, hall, stake.shifted(shock, block.roster.origin[block.roster.named_slots]), allowed, skip)


def tally(block: Block, rows: np.ndarray, hall: Hall, allowed: np.ndarray, stake: Stake,
          overrides: dict[int, tuple[float, float, float]], chair_gain: np.ndarray | None,
          record_abstentions: bool, detail: bool = False) -> Tally:
    """The ballots of the delegates in the ``hall`` (of the ``allowed`` factions) on a motion that
    gains each of them what ``stake`` says.

    ``overrides``: faction index -> propensities written for this motion. ``chair_gain``: the
    presiding officer's own gain, when the rules give the chair a vote of its own (see :func:`chair`).
    """
    s = block.plan.scenario
    factions = block.plan.factions
    caucus = np.array([s.factions[f].caucus for f in factions], dtype=bool)
    chair_slot = _chair_slot(block)
    m = count(block, rows, hall, stake, allowed, chair_slot)
    drawn: dict[int, np.ndarray] = {}
    for fi, shares in overrides.items():
        total = m[:, fi].sum(axis=-1)
        if block.rng is None:
            m[:, fi] = split_rows(total, np.round(np.array(shares) * SCALE).astype(np.int64)[None, :].repeat(len(rows), 0))
        else:
            m[:, fi] = block.rng.multinomial(total, shares)
        drawn[fi] = m[:, fi].copy()
    line = median_line(m)
    free = caucus & ~np.isin(np.arange(len(factions)), list(overrides))
    if block.rng is not None and free.any():
        moved = median_line(shocked(block, rows, hall, stake, allowed, free, chair_slot))
        line = np.where(free[None, :], moved, line)
    line = np.where(caucus[None, :], line, -1).astype(np.int8)
    votes = follow(block, rows, m, line, caucus)
    counts = np.zeros((len(rows), len(factions), 4), dtype=np.int64)
    counts[..., :3] = votes
    if not record_abstentions:
        counts[..., NOT_VOTING] += counts[..., ABSTAIN]
        counts[..., ABSTAIN] = 0
    here = hall.here & allowed[block.member[rows]]
    casting = np.full(len(rows), -1, dtype=np.int8)
    option = casting
    if s.rules.chair is not None:
        casting, option = chair(block, rows, here, counts, chair_slot, chair_gain, record_abstentions)
    out = Tally(counts, here.sum(axis=1), line, casting)
    if detail:
        voters = here.copy()
        if chair_slot is not None:
            voters[:, chair_slot] = False
        out.ballots = _assign(block, rows, voters, preferences_of(block, rows, stake), votes, line, caucus, drawn,
                              block.gains(rows, stake), record_abstentions)
        if chair_slot is not None and option[0] >= 0:
            out.ballots[0, chair_slot] = option[0]
    return out


def _chair_slot(block: Block) -> int | None:
    chair = block.plan.scenario.rules.chair
    return None if chair is None else block.roster.named.get(chair.person)


def _own(gain: np.ndarray | None, band: np.ndarray) -> np.ndarray:
    g = np.zeros_like(band) if gain is None else gain
    return np.where(g > band, FOR, np.where(g < -band, AGAINST, ABSTAIN)).astype(np.int8)


def chair(block: Block, rows: np.ndarray, here: np.ndarray, counts: np.ndarray, slot: int | None,
          gain: np.ndarray | None, record: bool) -> tuple[np.ndarray, np.ndarray]:
    """The presiding officer's vote: always (as a member), never, or only to break a tie.

    A chair who holds a delegate's slot is one of those present; its ballot goes to its faction's
    counts (or to not voting). A chair who is not a delegate (a presiding officer from outside the
    assembly) is not counted as present and can only cast a vote that breaks a tie, unless the rules
    say it never votes. Returns the casting votes of a chair from outside, and the ballot of a chair
    who is a delegate (-1: none).
    """
    rule = block.plan.scenario.rules.chair
    assert rule is not None
    own = _own(gain, block.p.band[rows])
    casting = np.full(len(rows), -1, dtype=np.int8)
    f = counts[..., FOR].sum(axis=1)
    a = counts[..., AGAINST].sum(axis=1)
    tied = (f == a) & (own != ABSTAIN)
    if slot is None:  # a presiding officer from outside: a casting vote on a tie, unless the rules say never
        return np.where(tied & (rule.votes != "never"), own, -1).astype(np.int8), casting
    inside = here[:, slot]
    cf = block.member[rows, slot]
    r = np.arange(len(rows))
    votes = inside & ((rule.votes == "always") | ((rule.votes == "tie") & tied))
    option = np.where(votes, np.where((own == ABSTAIN) & ~record, NOT_VOTING, own), NOT_VOTING).astype(np.int8)
    counts[r[inside], cf[inside], option[inside]] += 1
    return casting, np.where(inside, option, -1).astype(np.int8)


def _assign(block: Block, rows: np.ndarray, voters: np.ndarray, pref: np.ndarray, votes: np.ndarray,
            line: np.ndarray, caucus: np.ndarray, drawn: dict[int, np.ndarray], gain: np.ndarray,
            record: bool) -> np.ndarray:
    """Each delegate's ballot, consistent with the counts (one replay: a roll call).

    In a caucus faction, of the members who prefer another option than the line, as many as the
    counts say break ranks: the most opposed to the line first, or (seeded) drawn at random.
    """
    assert len(rows) == 1
    out = np.full(voters.shape[1], -1, dtype=np.int8)
    member = block.member[rows[0]]
    rank = {AGAINST: 0, ABSTAIN: 1, FOR: 2}  # the options in the order of the gain
    for fi in range(len(block.plan.factions)):
        slots = np.flatnonzero(voters[0] & (member == fi))
        if not len(slots):
            continue
        own = pref[0, slots].copy()
        if fi in drawn:  # an override: the drawn counts, given out in slot order
            own = np.repeat(np.arange(3), drawn[fi][0]).astype(np.int8)[: len(slots)]
        ballot = own.copy()
        lf = int(line[0, fi])
        if caucus[fi] and lf >= 0:
            ballot[:] = lf
            for c in (FOR, AGAINST, ABSTAIN):
                idx = np.flatnonzero(own == c)
                if c == lf or not len(idx):
                    continue
                if block.rng is None:
                    key = gain[0, slots[idx]] * (-1 if rank[c] > rank[lf] else 1)
                    idx = idx[np.argsort(key, kind="stable")]
                else:
                    idx = block.rng.permutation(idx)
                ballot[idx[: int(votes[0, fi, c])]] = c
        out[slots] = ballot
    if not record:
        out[out == ABSTAIN] = NOT_VOTING
    return out[None, :]
